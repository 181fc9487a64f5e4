package render

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"deploysim/report"
)

// The workbook's sheets.
const (
	xlData  = "Data"
	xlAbout = "About"
)

// WriteXLSX writes d's records (the rows its CSV has) as a workbook for a
// spreadsheet, with an About sheet saying where they came from. A column
// whose every cell is a number is written as typed number cells, so a
// spreadsheet in any language reads 0.125 as 0.125, where a German
// LibreOffice reads the CSV's "0.125" as 125. The cells hold the CSV's
// values to full precision; only their display is formatted, by the
// row's unit when the records have a unit column (fractions as
// percentages, money with thousands separators, counts whole). An empty
// cell is undefined, as in the CSV.
func WriteXLSX(w io.Writer, d *report.Doc, _ Options) error {
	if len(d.Records) == 0 {
		return fmt.Errorf("render: %s has no records for a workbook", d.Title)
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", xlData); err != nil {
		return err
	}
	xs, err := newXLStyles(f)
	if err != nil {
		return err
	}
	if err := writeTypedSheet(f, xlData, d.Records, xs); err != nil {
		return err
	}
	if err := writeAbout(f, d, xs.bold); err != nil {
		return err
	}
	return f.Write(w)
}

// xlStyles are the workbook's cell styles.
type xlStyles struct {
	bold, pct, money, count, ratio, num int
}

func newXLStyles(f *excelize.File) (*xlStyles, error) {
	xs := &xlStyles{}
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&xs.bold, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&xs.pct, excelize.Style{CustomNumFmt: ptr("0.00%")}},
		{&xs.money, excelize.Style{CustomNumFmt: ptr("#,##0")}},
		{&xs.count, excelize.Style{CustomNumFmt: ptr("0")}},
		{&xs.ratio, excelize.Style{CustomNumFmt: ptr("0.00")}},
		{&xs.num, excelize.Style{CustomNumFmt: ptr("#,##0.00")}},
	} {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return nil, err
		}
		*s.id = id
	}
	return xs, nil
}

func ptr(s string) *string { return &s }

// moneyUnit matches the units of money: a currency code, per year or not.
var moneyUnit = regexp.MustCompile(`^[A-Z]{3}(/yr)?$`)

// forUnit returns the display style of a value in unit: a fraction as a
// percentage (0.125 shows 12.50%), money whole with thousands separators,
// counts whole, the rest with two decimals. The number is not rounded.
func (xs *xlStyles) forUnit(unit string) int {
	switch {
	case unit == "fraction":
		return xs.pct
	case moneyUnit.MatchString(unit):
		return xs.money
	case unit == "count":
		return xs.count
	case unit == "x":
		return xs.ratio
	}
	return xs.num
}

// numericColumns reports, for each column of rows (a header, then
// records), whether every non-empty cell under the header is a number.
func numericColumns(rows [][]string) []bool {
	numeric := make([]bool, len(rows[0]))
	for c := range numeric {
		numeric[c] = true
		seen := false
		for _, row := range rows[1:] {
			if c >= len(row) || row[c] == "" {
				continue
			}
			seen = true
			if _, err := strconv.ParseFloat(row[c], 64); err != nil {
				numeric[c] = false
				break
			}
		}
		numeric[c] = numeric[c] && seen
	}
	return numeric
}

// writeTypedSheet writes rows to sheet: the header bold and frozen, the
// cells of numeric columns as numbers styled by their row's unit (empty
// for the CSV's empty cells), the rest as text.
func writeTypedSheet(f *excelize.File, sheet string, rows [][]string, xs *xlStyles) error {
	numeric := numericColumns(rows)
	unitCol := -1
	for c, h := range rows[0] {
		if h == "unit" {
			unitCol = c
		}
	}
	widths := make([]int, len(rows[0]))
	for r, row := range rows {
		for c, v := range row {
			if c >= len(widths) {
				return fmt.Errorf("%s row %d: %d cells, the header has %d", sheet, r+1, len(row), len(widths))
			}
			widths[c] = max(widths[c], len(v))
			name, _ := excelize.CoordinatesToCellName(c+1, r+1)
			switch {
			case r == 0 || !numeric[c]:
				if err := f.SetCellStr(sheet, name, v); err != nil {
					return err
				}
				continue
			case v == "":
				continue
			}
			x, _ := strconv.ParseFloat(v, 64) // numericColumns parsed it
			if err := f.SetCellFloat(sheet, name, x, decimals(x), 64); err != nil {
				return err
			}
			style := xs.num
			if unitCol >= 0 && unitCol < len(row) {
				style = xs.forUnit(row[unitCol])
			}
			if err := f.SetCellStyle(sheet, name, name, style); err != nil {
				return err
			}
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(rows[0]), 1)
	if err := f.SetCellStyle(sheet, "A1", last, xs.bold); err != nil {
		return err
	}
	for c, wd := range widths {
		col, _ := excelize.ColumnNumberToName(c + 1)
		if err := f.SetColWidth(sheet, col, col, float64(min(max(wd, 8), 40)+2)); err != nil {
			return err
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// decimals returns the decimal places of the shortest fixed-point form of
// x that reads back exactly. SetCellFloat is given it rather than -1, with
// which excelize cuts a number to 15 significant digits (Excel's display
// limit, not its storage: a cell holds a whole float64).
func decimals(x float64) int {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// writeAbout writes the About sheet: where the numbers came from.
func writeAbout(f *excelize.File, d *report.Doc, bold int) error {
	if _, err := f.NewSheet(xlAbout); err != nil {
		return err
	}
	rows := [][2]string{
		{"Title", d.Title},
		{"Subtitle", d.Subtitle},
		{"Reproduce it", d.Provenance.Command},
		{"deploysim version", d.Provenance.Version},
		{"Data sheet", "the rows deploysim writes as CSV for the same command; numbers are typed cells, the unit in its own column; empty = undefined"},
	}
	for i, r := range rows {
		for j, v := range r {
			name, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr(xlAbout, name, v); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(xlAbout, "A", "A", 20); err != nil {
		return err
	}
	if err := f.SetColWidth(xlAbout, "B", "B", 100); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(1, len(rows))
	return f.SetCellStyle(xlAbout, "A1", last, bold)
}
