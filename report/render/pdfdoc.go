package render

import (
	"fmt"
	"io"
	"strings"

	"deploysim/report"
)

// WritePDF writes d as a PDF on o.Paper (A4 when zero) for a reader it is
// forwarded to: the kicker, title and run line, the key reading, the
// story's first paragraph, every section (items behind a square of their
// mark's colour; tables by their headline lines, with their headline
// legend; a long table by the rows where its columns differ; the
// warnings; the figures as images, each with its caption; notes), and on
// every page the command that makes it again. The same Doc gives the same
// bytes.
func WritePDF(w io.Writer, d *report.Doc, o Options) error {
	paper := o.Paper
	if paper.Width == 0 {
		paper = A4
	}
	creator := "deploysim " + d.Provenance.Version
	if d.Provenance.Version == "" {
		creator = "deploysim"
	}
	command := d.Provenance.Command
	if command == "" {
		command = "(the command line was not recorded with this report)"
	}
	p := NewPDF(paper, d.Title, creator, command, true)
	const black, dim = PDFBlack, PDFDim

	kicker := d.Kind
	if d.Subject != "" {
		kicker += ": " + d.Subject
	}
	p.Para(p.Left, p.Span(), kicker, 8, false, dim, 2)
	p.Para(p.Left, p.Span(), d.Title, 15, true, black, 2)
	if d.Subtitle != "" {
		p.Para(p.Left, p.Span(), d.Subtitle+".", 7.5, false, dim, 9)
	}
	if len(d.Lead) > 0 {
		p.Band(strings.Join(d.Lead, " "), 10.5)
	}
	if len(d.Story) > 0 {
		p.heading("The story", 20)
		for i, para := range d.Story {
			after := 3.0
			if i == len(d.Story)-1 {
				after = 6
			}
			p.Para(p.Left, p.Span(), para, 8.5, false, black, after)
		}
	}
	for _, s := range d.Sections {
		heading := s.Heading
		for _, b := range s.Blocks {
			if b.Full {
				continue
			}
			if heading != "" && b.Kind != report.FigureBlock {
				// A section of figures goes straight to them, each under
				// its own heading.
				p.heading(heading, 20)
				heading = ""
			}
			if err := pdfBlock(p, d, b); err != nil {
				return err
			}
		}
	}
	return p.Output(w, "report")
}

func pdfBlock(p *PDFPage, d *report.Doc, b report.Block) error {
	const black, dim = PDFBlack, PDFDim
	switch b.Kind {
	case report.Items:
		if b.Heading != "" {
			p.heading(b.Heading, 10)
		}
		if b.Class == "sources" {
			var list []string
			for _, it := range b.Items {
				list = append(list, it.Text)
			}
			p.Sources(list, "")
			return nil
		}
		marked := false
		for _, it := range b.Items {
			text := it.Text
			if it.Name != "" {
				name := it.Name
				if it.Tag != "" {
					name += " (" + it.Tag + ")"
				}
				text = name + ": " + text + "."
				if it.Badge != "" {
					text += " " + it.Badge + "."
				}
			} else {
				text = "- " + text
			}
			if it.Mark < 0 || it.Mark >= len(d.Palette) {
				p.Para(p.Left, p.Span(), text, 8, false, black, 2)
				continue
			}
			marked = true
			top := p.Y
			if !p.Para(p.Left+10, p.Span()-10, text, 8, false, black, 2) {
				break
			}
			if p.Y < top { // the paragraph started a page
				top = pdfMargin
			}
			var r, g, bl int
			fmt.Sscanf(d.Palette[it.Mark], "#%02X%02X%02X", &r, &g, &bl)
			p.font(8, false)
			p.F.SetTextColor(r, g, bl)
			if it.Mark < len(d.Symbols) {
				p.F.Text(p.Left, top+8*0.8, PDFReplacer.Replace(d.Symbols[it.Mark]))
			}
		}
		if marked {
			p.Y += 6
		}
	case report.Timeline:
		if b.Heading != "" {
			p.heading(b.Heading, 20)
		}
		for _, it := range b.Items {
			text := it.Name + "  " + it.Text
			if it.Badge != "" {
				text += " . " + it.Badge
			}
			p.Para(p.Left, p.Span(), text, 8, false, black, 2)
		}
	case report.Warnings:
		p.Y += 4
		p.heading(b.Heading, 12)
		for _, s := range b.Text {
			p.Para(p.Left, p.Span(), "- "+s, 8, false, black, 2)
		}
	case report.Prose:
		if b.Heading != "" {
			p.heading(b.Heading, 20)
		}
		for _, t := range b.Text {
			p.Para(p.Left, p.Span(), strings.ReplaceAll(t, "`", ""), 8, false, black, 4)
		}
	case report.Note:
		for _, t := range b.Text {
			p.Para(p.Left, p.Span(), pageBest(t), 7, false, dim, 8)
		}
	case report.FigureBlock:
		return pdfFigure(p, b.Figure)
	case report.TableBlock:
		pdfTable(p, b)
	}
	return nil
}

// pdfFigure places a figure whole on a page with its heading and
// caption: shrunk to at most a quarter smaller where that keeps it on the
// page it starts on, else on a page of its own.
func pdfFigure(p *PDFPage, f *report.Figure) error {
	const black, dim = PDFBlack, PDFDim
	if f.Draw == nil {
		return fmt.Errorf("render: figure %q has nothing to draw", f.Name)
	}
	w := p.Span()
	h := w * float64(f.Height/f.Width)
	words := 6 + 9.5*1.22 + 3 + 4 + float64(len(p.Lines(f.Caption, 7, false, w)))*7*1.22
	if fit := (p.bottom - p.Y - words) / h; fit < 1 && fit >= 0.75 {
		w, h = w*fit, h*fit
	}
	p.room(words + h)
	p.Y += 6
	p.Para(p.Left, p.Span(), f.Heading, 9.5, true, black, 3)
	left := p.Left
	p.Left += (p.Span() - w) / 2
	// At the figures' own resolution: 1,200 pixels over the page's width
	// is sharp on paper, and the file stays small.
	_, err := p.Image(w, h, float64(f.Width.Points())/w, DPI, f.Draw, 4)
	p.Left = left
	if err != nil {
		return fmt.Errorf("render: figure %s: %w", f.Name, err)
	}
	p.Para(p.Left, p.Span(), f.Caption, 7, false, dim, 6)
	return nil
}

// pdfTable lays a table out by its headline lines, or, for a long table
// (Differs), by the rows where its columns differ.
func pdfTable(p *PDFPage, b report.Block) {
	t := b.Table
	const dim = PDFDim
	arms := len(t.Head) - 1
	label := 0.26
	if arms > 4 {
		label = 0.22
	}
	size := 7.5
	if arms > 4 {
		size = 6.5
	}
	head := make([]PDFCell, len(t.Head))
	for i, h := range t.Head {
		head[i] = PDFCell{Lines: nonEmpty(h.Lines)}
	}
	switch {
	case t.Differs != "":
		// Every column but the label's and the unit's is a value.
		cols := []float64{0}
		for a := range arms - 1 {
			cols = append(cols, label+(1-label)*float64(a)/float64(arms-1))
		}
		rows := [][]PDFCell{append([]PDFCell{{}}, head[2:]...)}
		for _, r := range t.Rows {
			if !r.Differs {
				continue
			}
			cells := []PDFCell{{Lines: r.Label.Lines}}
			for _, c := range r.Cells[1:] {
				cells = append(cells, PDFCell{Lines: c.Lines})
			}
			rows = append(rows, cells)
		}
		if len(rows) == 1 {
			return
		}
		if arms-1 > 4 {
			size = 6.5
		} else {
			size = 7.5
		}
		p.heading(t.Differs, 40)
		p.Table(cols, rows, size, true)
		p.Para(p.Left, p.Span(), t.DiffersNote, 6.5, false, dim, 8)
	case t.Class == "summary" || t.HeadLegend != "":
		cols := []float64{0}
		for a := range arms {
			cols = append(cols, label+(1-label)*float64(a)/float64(arms))
		}
		rows := [][]PDFCell{head}
		for _, r := range t.Rows {
			name := strings.TrimSpace(strings.Join(r.Label.Lines, " "))
			if r.Part {
				name = "   " + name
			}
			cells := []PDFCell{{Lines: []string{name}, Bold: r.Group}}
			for _, cell := range r.Cells {
				var pc PDFCell
				for _, l := range cell.Lines[:min(r.Head, len(cell.Lines))] {
					if rest, ok := strings.CutPrefix(l, report.Best); ok {
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
		p.heading2(b.Heading)
		p.Table(cols, rows, size, true)
		legend := t.HeadLegend
		if legend == "" {
			legend = t.Legend
		}
		p.Para(p.Left, p.Span(), pageBest(legend), 6.5, false, dim, 6)
	default:
		p.Y += 6
		if b.Heading != "" {
			p.heading(b.Heading, 40)
		}
		cols := []float64{0}
		switch len(t.Head) {
		case 3:
			cols = []float64{0, 0.32, 0.46}
		default:
			for c := 1; c < len(t.Head); c++ {
				cols = append(cols, float64(c)/float64(len(t.Head)))
			}
		}
		rows := [][]PDFCell{head}
		for _, r := range t.Rows {
			cells := []PDFCell{{Lines: r.Label.Lines}}
			for _, c := range r.Cells {
				cells = append(cells, PDFCell{Lines: c.Lines})
			}
			rows = append(rows, cells)
		}
		p.Table(cols, rows, 7, false)
		if t.Legend != "" {
			p.Para(p.Left, p.Span(), pageBest(t.Legend), 7, false, dim, 8)
		}
	}
}

// heading2 heads a block inside a section, if it has a heading.
func (d *PDFPage) heading2(s string) {
	if s != "" {
		d.heading(s, 40)
	}
}

func nonEmpty(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}
