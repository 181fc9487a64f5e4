package reports

import (
	"fmt"
	"io"
	"strings"
)

// WriteReportPDF writes r as a PDF on paper (A4 or Letter) for a reader
// it is forwarded to: the title and the run, the key reading, the story
// in brief, the arms, the summary table's headline numbers (each mean
// with its 95% interval and unit, lead and recovery time by their
// median) with the DORA clusters of the edition named, the readings and
// warnings, the figures (as images, each with its caption), the DORA band
// table with its source, what differs between the arms, the scenario's
// sources, and on every page the command that reproduces the run. It is
// laid out from the same page model and figures as WriteHTML, through the
// PDF layout of WriteCasePDF. The same report gives the same bytes.
func WriteReportPDF(w io.Writer, r *Report, paper Paper) error {
	if err := r.check(); err != nil {
		return err
	}
	figs, err := r.figures()
	if err != nil {
		return err
	}
	pg := newPage(&r.Summary)
	creator := "deploysim " + pg.Version
	if pg.Version == "" {
		creator = "deploysim"
	}
	command := pg.Command
	if command == "" {
		command = "(the command line was not recorded with this report)"
	}
	d := newPDF(paper, pg.Title, creator, command, true)
	const black, dim = pdfBlack, pdfDim

	d.para(d.left, d.width(), "deploysim report"+map[bool]string{true: ": " + pg.Scenario}[pg.Scenario != ""], 8, false, dim, 2)
	d.para(d.left, d.width(), pg.Title, 15, true, black, 2)
	d.para(d.left, d.width(), pg.Run+".", 7.5, false, dim, 9)
	if len(pg.Key) > 0 {
		d.band(strings.Join(pg.Key, " "), 10.5)
	}
	if len(pg.Story) > 0 {
		d.heading("The story", 20)
		for i, p := range pg.Story {
			after := 3.0
			if i == len(pg.Story)-1 {
				after = 6
			}
			d.para(d.left, d.width(), p, 8.5, false, black, after)
		}
	}

	// The arms, each behind its marker in the plots, in its colour.
	d.heading("The arms", 20)
	for _, a := range pg.Arms {
		c := styleOf(a.Index).Color
		text := a.Name + map[bool]string{true: " (baseline)"}[a.Baseline] + ": " + a.Title + ". DORA " + pg.Edition + ": " + a.DoraLabel + "."
		top := d.y
		if !d.para(d.left+10, d.width()-10, text, 8, false, black, 2) {
			break
		}
		if d.y < top { // the paragraph started a page
			top = pdfMargin
		}
		d.font(8, false)
		d.f.SetTextColor(int(c.R), int(c.G), int(c.B))
		d.f.Text(d.left, top+8*0.8, pdfReplacer.Replace(a.Marker))
	}
	d.y += 6

	// The summary table: the headline lines of every cell.
	d.heading("Summary", 60)
	label := 0.26
	if len(pg.Arms) > 4 {
		label = 0.22
	}
	cols := []float64{0}
	for a := range pg.Arms {
		cols = append(cols, label+(1-label)*float64(a)/float64(len(pg.Arms)))
	}
	head := []pdfCell{{}}
	for _, a := range pg.Arms {
		head = append(head, pdfCell{Lines: []string{a.Label}})
	}
	rows := [][]pdfCell{head}
	for _, row := range pg.Table {
		name := row.Label
		if row.Part {
			name = "   " + name
		}
		cells := []pdfCell{{Lines: []string{name}, Bold: row.Heading}}
		for _, cell := range row.Cells {
			var pc pdfCell
			for _, l := range cell[:min(row.Head, len(cell))] {
				if rest, ok := strings.CutPrefix(l, bestMark); ok {
					pc.Bold, l = true, rest
				}
				if l = strings.TrimSpace(l); l != "" {
					pc.Lines = append(pc.Lines, l)
				}
			}
			cells = append(cells, pc)
		}
		rows = append(rows, cells)
	}
	size := 7.5
	if len(pg.Arms) > 4 {
		size = 6.5
	}
	d.table(cols, rows, size, true)
	d.para(d.left, d.width(), pg.HeadLegend, 6.5, false, dim, 6)
	for _, s := range pg.Readings {
		d.para(d.left, d.width(), "- "+s, 8, false, black, 2)
	}
	if len(pg.Warnings) > 0 {
		d.y += 4
		d.heading("Warnings", 12)
		for _, s := range pg.Warnings {
			d.para(d.left, d.width(), "- "+s, 8, false, black, 2)
		}
	}

	// The figures, each whole on a page with its heading and caption:
	// shrunk to at most a quarter smaller where that keeps it on the page
	// it starts on, else on a page of its own.
	for i := range figs {
		f := &figs[i]
		w := d.width()
		h := w * float64(f.Height/f.Width)
		words := 6 + 9.5*1.22 + 3 + 4 + float64(len(d.lines(f.Caption, 7, false, w)))*7*1.22
		if fit := (d.bottom - d.y - words) / h; fit < 1 && fit >= 0.75 {
			w, h = w*fit, h*fit
		}
		d.room(words + h)
		d.y += 6
		d.para(d.left, d.width(), f.Heading, 9.5, true, black, 3)
		left := d.left
		d.left += (d.width() - w) / 2
		// At the figures' own resolution: 1,200 pixels over the page's
		// width is sharp on paper, and the file stays small.
		_, err := d.image(w, h, float64(f.Width.Points())/w, DPI, f.draw, 4)
		d.left = left
		if err != nil {
			return fmt.Errorf("reports: figure %s: %w", f.Name, err)
		}
		d.para(d.left, d.width(), f.Caption, 7, false, dim, 6)
	}

	// The DORA clusters, what differs between the arms, the sources.
	d.y += 6
	d.heading(pg.DoraHeading, 40)
	bands := [][]pdfCell{{{Lines: []string{"Key metric"}}, {Lines: []string{"Cluster"}}, {Lines: []string{"As published"}}}}
	for _, b := range pg.Bands {
		bands = append(bands, []pdfCell{{Lines: []string{b.Metric}}, {Lines: []string{b.Cluster}}, {Lines: []string{b.Published}}})
	}
	d.table([]float64{0, 0.32, 0.46}, bands, 7, false)
	rule := pg.Rule
	for _, s := range pg.BandSources {
		rule += " Source: " + s + "."
	}
	d.para(d.left, d.width(), rule, 7, false, dim, 8)

	var differ [][]pdfCell
	for _, row := range pg.Params.Rows {
		if !row.Differs {
			continue
		}
		cells := []pdfCell{{Lines: []string{row.Path}}}
		for _, v := range row.Values {
			cells = append(cells, pdfCell{Lines: []string{v}})
		}
		differ = append(differ, cells)
	}
	if len(differ) > 0 {
		d.heading("What differs between the arms", 40)
		d.table(cols, append([][]pdfCell{head}, differ...), size, true)
		d.para(d.left, d.width(), "Values in scenario syntax. Every parameter of every arm, with its meaning and the reason given for it, is in the HTML and Markdown reports.", 6.5, false, dim, 8)
	}
	if len(pg.Sources) > 0 {
		d.heading("Sources", 10)
		d.sources(pg.Sources, "")
	}
	return d.output(w, "report")
}
