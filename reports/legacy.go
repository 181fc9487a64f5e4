package reports

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"regexp"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// This file holds what the writers not yet on report.Doc (the business
// case, sweeps and sensitivity analyses) share with each other; each goes
// when the last writer using it moves to report/render.

//go:embed assets/report.css
var assets embed.FS

// htmlFigure is a figure as an HTML page inlines it.
type htmlFigure struct {
	Name, Heading, Caption string
	SVG                    template.HTML
}

// mdEscape escapes the characters that would break a table cell or start
// emphasis or maths: | * _ ` \ $ < >.
func mdEscape(s string) string {
	return mdReplacer.Replace(s)
}

var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "$", `\$`, "<", "&lt;", ">", "&gt;",
)

// mdCellLines writes the lines of a summary cell joined by <br>, the best
// arm's headline (marked by bestMark) in bold.
func mdCellLines(lines []string) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, bestMark); ok {
			out[i] = "**" + mdEscape(rest) + "**"
			continue
		}
		out[i] = mdEscape(strings.TrimSpace(l))
	}
	return strings.Join(out, "<br>")
}

// mdCode writes s as inline code that survives a table cell: backticks
// become quotes, a pipe is escaped.
func mdCode(s string) string {
	return "`" + strings.ReplaceAll(strings.ReplaceAll(s, "`", "'"), "|", `\|`) + "`"
}

// mdAlt writes s as an image's alternative text: no brackets or line
// breaks, which would end it.
func mdAlt(s string) string {
	return strings.NewReplacer("[", "(", "]", ")", "\n", " ").Replace(s)
}

// svgRoot matches the opening tag of an SVG document's root element.
var svgRoot = regexp.MustCompile(`(?s)<svg\b[^>]*>`)

// svgViewBox matches an SVG viewBox attribute.
var svgViewBox = regexp.MustCompile(`viewBox="[^"]*"`)

// inlineSVG turns an SVG document written by WriteFigure into an element
// for an HTML page: no XML declaration or comment, no fixed size (CSS
// scales it to the page; the viewBox keeps its shape), no namespace
// declarations (HTML does not need them), and the caption as its
// accessible name. Text in the SVG was escaped by gonum/plot's SVG
// canvas.
func inlineSVG(doc []byte, caption string) template.HTML {
	s := string(doc)
	loc := svgRoot.FindStringIndex(s)
	if loc == nil {
		return ""
	}
	root := s[loc[0]:loc[1]]
	viewBox := svgViewBox.FindString(root)
	open := fmt.Sprintf(`<svg %s role="img" aria-label="%s">`, viewBox, template.HTMLEscapeString(caption))
	return template.HTML(open + s[loc[1]:])
}

// inlineFigures draws figs as SVG for a self-contained page.
func inlineFigures(figs []Figure) ([]htmlFigure, error) {
	var inline []htmlFigure
	for i := range figs {
		f := &figs[i]
		var buf bytes.Buffer
		if err := WriteFigure(&buf, f, SVG); err != nil {
			return nil, fmt.Errorf("reports: figure %s: %w", f.Name, err)
		}
		inline = append(inline, htmlFigure{Name: f.Name, Heading: f.Heading, Caption: f.Caption, SVG: inlineSVG(buf.Bytes(), f.Caption)})
	}
	return inline, nil
}

// boxGrid is a table of multi-line cells drawn in a box, a rule between rows.
type boxGrid struct {
	head [][]string   // one cell per column
	rows [][][]string // rows of cells of lines
}

func (g *boxGrid) add(label [][]string, cells ...[]string) {
	g.rows = append(g.rows, append(label, cells...))
}

// boxed draws g with box-drawing characters.
func (g *boxGrid) boxed() []string {
	widths := make([]int, len(g.head))
	for _, row := range append([][][]string{g.head}, g.rows...) {
		for c, cell := range row {
			widths[c] = max(widths[c], cellsWidth(cell))
		}
	}
	rule := func(l, m, r string) string {
		var b strings.Builder
		b.WriteString(l)
		for c, w := range widths {
			if c > 0 {
				b.WriteString(m)
			}
			b.WriteString(strings.Repeat("─", w+2))
		}
		b.WriteString(r)
		return b.String()
	}
	lines := func(row [][]string) []string {
		n := 0
		for _, cell := range row {
			n = max(n, len(cell))
		}
		var out []string
		for i := range n {
			var b strings.Builder
			b.WriteString("│")
			for c, cell := range row {
				text := ""
				if i < len(cell) {
					text = cell[i]
				}
				b.WriteString(" " + pad(text, widths[c]) + " │")
			}
			out = append(out, strings.TrimRight(b.String(), " "))
		}
		return out
	}
	out := []string{rule("┌", "┬", "┐")}
	out = append(out, lines(g.head)...)
	for _, row := range g.rows {
		out = append(out, rule("├", "┼", "┤"))
		out = append(out, lines(row)...)
	}
	return append(out, rule("└", "┴", "┘"))
}

// plain is a table of one-line cells (heads may have several lines),
// columns two spaces apart, a rule under the head.
type plain struct {
	head [][]string
	rows [][]string
}

func (p *plain) render(width int) []string {
	widths := make([]int, len(p.head))
	for c, h := range p.head {
		widths[c] = cellsWidth(h)
	}
	for _, row := range p.rows {
		for c, cell := range row {
			widths[c] = max(widths[c], twwidth.Width(cell))
		}
	}
	// Arm names broken at hyphens are packed into as few lines as the
	// column allows.
	for c := range p.head {
		p.head[c] = pack(p.head[c], widths[c])
	}
	line := func(cells []string) string {
		var b strings.Builder
		for c, cell := range cells {
			if c > 0 {
				b.WriteString("  ")
			}
			b.WriteString(pad(cell, widths[c]))
		}
		return strings.TrimRight(b.String(), " ")
	}
	n := 0
	for _, h := range p.head {
		n = max(n, len(h))
	}
	var out []string
	for i := range n {
		cells := make([]string, len(p.head))
		for c, h := range p.head {
			// Heads sit on the rule: short ones on the last line.
			if k := i - (n - len(h)); k >= 0 {
				cells[c] = h[k]
			}
		}
		out = append(out, line(cells))
	}
	total := 0
	for _, w := range widths {
		total += w
	}
	out = append(out, strings.Repeat("─", min(width, total+2*(len(widths)-1))))
	for _, row := range p.rows {
		out = append(out, line(row))
	}
	return out
}
