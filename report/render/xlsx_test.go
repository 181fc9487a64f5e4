package render

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"deploysim/report"
)

// TestXLSXTypedAsCSV reads a workbook back with excelize: every cell of a
// numeric column is a number cell holding the CSV's value exactly (not
// text a German spreadsheet would misread), text stays text, an empty
// cell stays empty, and each value is shown by its row's unit.
func TestXLSXTypedAsCSV(t *testing.T) {
	d := &report.Doc{Title: "t", Provenance: report.Provenance{Command: "deploysim run x", Version: "v1"}, Records: [][]string{
		{"scenario", "arm", "metric", "statistic", "value", "unit"},
		{"s", "a", "change_failure_rate", "mean", "0.125", "fraction"},
		{"s", "a", "loss_per_year", "mean", "1234567.891", "USD/yr"},
		{"s", "a", "incidents_per_year", "p95", "", "count"},
		{"s", "a", "lead_time_hours", "mean", "0.1000000000000000055511151231257827", "h"},
	}}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, d, Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for r, row := range d.Records[1:] {
		cell, _ := excelize.CoordinatesToCellName(5, r+2)
		typ, err := f.GetCellType(xlData, cell)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := f.GetCellValue(xlData, cell, excelize.Options{RawCellValue: true})
		if row[4] == "" {
			if raw != "" {
				t.Errorf("%s: %q, want an empty cell", cell, raw)
			}
			continue
		}
		if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s: cell type %v, want a number", cell, typ)
		}
		want, _ := strconv.ParseFloat(row[4], 64)
		if got, err := strconv.ParseFloat(raw, 64); err != nil || got != want {
			t.Errorf("%s: holds %q, want %v exactly", cell, raw, want)
		}
	}
	if typ, _ := f.GetCellType(xlData, "B2"); typ == excelize.CellTypeNumber {
		t.Error("the arm's name is a number cell")
	}
	for cell, want := range map[string]string{"E2": "12.50%", "E3": "1,234,568"} {
		if got, _ := f.GetCellValue(xlData, cell); got != want {
			t.Errorf("%s shows %q, want %q", cell, got, want)
		}
	}
	if got, _ := f.GetCellValue(xlAbout, "B3"); got != "deploysim run x" {
		t.Errorf("About: reproduce line %q", got)
	}
	if err := WriteXLSX(&buf, &report.Doc{Title: "empty"}, Options{}); err == nil {
		t.Error("a document without records: no error")
	}
}
