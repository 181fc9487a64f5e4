package render

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"deploysim/report"
)

// Layout is how WriteText arranges a table.
type Layout int

// The layouts. LayoutAuto picks the first of wide, compact and transposed
// that fits the width.
const (
	// LayoutAuto chooses the widest layout that fits.
	LayoutAuto Layout = iota
	// LayoutWide has the columns as columns and every row as a box of
	// several lines (for a run: headline, percentiles, ratio to the
	// baseline).
	LayoutWide
	// LayoutCompact has the columns as columns and one line per cell (the
	// rows' short forms).
	LayoutCompact
	// LayoutTransposed has the columns as rows and the rows as columns,
	// in as many blocks of columns as the width needs: it fits any number
	// of arms.
	LayoutTransposed
)

var layoutNames = []string{"auto", "wide", "compact", "transposed"}

// String returns the layout's name as --layout takes it ("compact").
func (l Layout) String() string {
	if l < 0 || int(l) >= len(layoutNames) {
		return fmt.Sprintf("Layout(%d)", int(l))
	}
	return layoutNames[l]
}

// ParseLayout parses a layout's name: auto, wide, compact or transposed.
func ParseLayout(s string) (Layout, error) {
	if i := slices.Index(layoutNames, s); i >= 0 {
		return Layout(i), nil
	}
	return 0, fmt.Errorf("layout %q: want auto, wide, compact or transposed", s)
}

// DefaultWidth is the width a terminal page is laid out for when none is
// given: a terminal window a little wider than 80 columns, or a
// projector.
const DefaultWidth = 100

// MinWidth is the narrowest width a table can be laid out for.
const MinWidth = 40

// termWidth is the width a terminal page is laid out for, given the
// terminal's (0 when not known): DefaultWidth, else at least MinWidth.
func termWidth(width int) int {
	if width <= 0 {
		return DefaultWidth
	}
	return max(width, MinWidth)
}

// WriteText writes the brief sections of d for a terminal: the title and
// the run line, each section's items (a name and its sentence), tables in
// o.Layout (the first of wide, compact and transposed that fits o.Width
// unless one is asked for) with the legend of the layout chosen, the
// findings, the warnings and the command that makes d again. No line is
// wider than o.Width in the automatic and transposed layouts. The story,
// the figures and the assumptions are for the pages.
func WriteText(w io.Writer, d *report.Doc, o Options) error {
	width := termWidth(o.Width)
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, wrap(d.Title, width))
	if d.Subtitle != "" {
		fmt.Fprintln(bw, wrap(d.Subtitle, width))
	}
	if o.Slide {
		return writeSlide(bw, d, o, width)
	}
	for _, s := range d.Sections {
		if !s.Brief {
			continue
		}
		for _, b := range s.Blocks {
			if b.Full {
				continue
			}
			fmt.Fprintln(bw)
			switch b.Kind {
			case report.Items:
				if b.Class == "arms" || hasNames(b.Items) {
					writeNamedItems(bw, b.Items, width)
					break
				}
				for _, it := range b.Items {
					fmt.Fprintln(bw, wrap(it.Text, width))
				}
			case report.TableBlock:
				if b.Heading != "" {
					fmt.Fprintln(bw, wrap(b.Heading, width))
				}
				lines, layout := tableLines(b.Table, o.Layout, width)
				for _, line := range lines {
					fmt.Fprintln(bw, line)
				}
				legend := b.Table.Legend
				if layout != LayoutWide && b.Table.ShortLegend != "" {
					legend = b.Table.ShortLegend
				}
				if legend != "" {
					fmt.Fprintf(bw, "\n%s\n", wrap(textBest(legend), width))
				}
			case report.Timeline:
				// One line a moment, as the log has it: not wrapped, so
				// that the times stay in a column and a line reads whole.
				if b.Heading != "" {
					fmt.Fprintln(bw, b.Heading)
				}
				for _, it := range b.Items {
					line := "  " + it.Name + "  " + it.Text
					if it.Badge != "" {
						line += "  · " + it.Badge
					}
					fmt.Fprintln(bw, line)
				}
			case report.Warnings:
				for _, warn := range b.Text {
					fmt.Fprintln(bw, indentRest(wrap("warning: "+warn, width), "  "))
				}
			default:
				for _, t := range b.Text {
					fmt.Fprintln(bw, wrap(t, width))
				}
			}
		}
	}
	if c := d.Provenance.Command; c != "" {
		fmt.Fprintf(bw, "\n%s\n", shellWrap("$ "+c, width))
	}
	return bw.Flush()
}

// textBest writes a legend's mark of the best line as the terminal shows
// it.
func textBest(s string) string { return strings.ReplaceAll(s, report.BestMarks, report.Best+"marks") }

func hasNames(items []report.Item) bool {
	for _, it := range items {
		if it.Name != "" {
			return true
		}
	}
	return false
}

// writeNamedItems lists items by name with their sentences hung beside
// the names, or under them when the names are too long.
func writeNamedItems(bw *bufio.Writer, items []report.Item, width int) {
	nw := 0
	for _, it := range items {
		nw = max(nw, twwidth.Width(it.Name))
	}
	for _, it := range items {
		indent := 2 + nw + 2
		if indent+20 > width { // names too long to hang the sentences beside
			fmt.Fprintf(bw, "  %s\n%s\n", it.Name, indentLines(wrap(it.Text, width-6), "      "))
			continue
		}
		lines := strings.Split(wrap(it.Text, width-indent), "\n")
		fmt.Fprintf(bw, "  %-*s  %s\n", nw, it.Name, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(bw, "%s%s\n", strings.Repeat(" ", indent), l)
		}
	}
}

// tableLines lays t out in layout (LayoutAuto: the first that fits
// width) and returns its lines and the layout used. A table without
// short forms is always wide.
func tableLines(t *report.Table, layout Layout, width int) ([]string, Layout) {
	if t.Lines {
		return stacked(t, width), LayoutCompact
	}
	short := len(t.Rows) > 0 && t.Rows[0].Short != nil
	if !short {
		return narrowed(t, width), LayoutWide
	}
	switch layout {
	case LayoutWide:
		return wide(t), layout
	case LayoutCompact:
		return compact(t, width), layout
	case LayoutTransposed:
		return transposed(t, width), layout
	}
	if lines := wide(t); fits(lines, width) {
		return lines, LayoutWide
	}
	if lines := compact(t, width); fits(lines, width) {
		return lines, LayoutCompact
	}
	return transposed(t, width), LayoutTransposed
}

// narrowed lays out a table without one-line forms: whole if it fits
// width, else with its NarrowHead, else one table per Split group.
func narrowed(t *report.Table, width int) []string {
	lines := wide(t)
	if fits(lines, width) || t.NarrowHead == "" && len(t.Split) < 2 {
		return lines
	}
	n := *t
	if t.NarrowHead != "" {
		n.Head = append([]report.Cell{report.Text(t.NarrowHead)}, t.Head[1:]...)
	}
	if lines = wide(&n); fits(lines, width) || len(t.Split) < 2 || (len(t.Head)-1)%len(t.Split) != 0 {
		return lines
	}
	span := (len(t.Head) - 1) / len(t.Split)
	lines = nil
	for k, name := range t.Split {
		if k > 0 {
			lines = append(lines, "")
		}
		g := n
		cols := func(cs []report.Cell) []report.Cell {
			if len(cs) < 1+(k+1)*span {
				return nil
			}
			return cs[1+k*span : 1+(k+1)*span]
		}
		g.Head = append([]report.Cell{n.Head[0]}, cols(n.Head)...)
		g.Rows = nil
		for _, r := range n.Rows {
			r.Cells = append([]report.Cell(nil), r.Cells[k*span:min((k+1)*span, len(r.Cells))]...)
			g.Rows = append(g.Rows, r)
		}
		lines = append(lines, name+":")
		lines = append(lines, wide(&g)...)
	}
	return lines
}

// wide lays t out with every row a box of several lines; a group's rows
// share its box, their labels under the group's.
func wide(t *report.Table) []string {
	g := boxGrid{}
	for _, h := range t.Head {
		g.head = append(g.head, h.Lines)
	}
	if len(g.head) > 0 && len(g.head[0]) == 0 {
		g.head[0] = []string{""}
	}
	for i := 0; i < len(t.Rows); i++ {
		r := t.Rows[i]
		if !r.Group {
			g.add([][]string{r.Label.Lines}, cellLines(r.Cells)...)
			continue
		}
		label := slices.Clone(r.Label.Lines)
		cells := make([][]string, len(t.Head)-1)
		for c := range cells {
			cells[c] = []string{""}
		}
		for i+1 < len(t.Rows) && t.Rows[i+1].Part {
			i++
			label = append(label, t.Rows[i].Label.Lines...)
			for c, cell := range t.Rows[i].Cells {
				cells[c] = append(cells[c], cell.Lines...)
			}
		}
		g.add([][]string{label}, cells...)
	}
	return g.boxed()
}

func cellLines(cells []report.Cell) [][]string {
	out := make([][]string, len(cells))
	for i, c := range cells {
		out[i] = c.Lines
	}
	return out
}

// headParts is where a column head may break: its parts, or its lines.
func headParts(c report.Cell) []string {
	if len(c.Parts) > 0 {
		return c.Parts
	}
	return c.Lines
}

// compact lays t out with one line per cell; the rows of a group are
// indented under it, and heads break at their parts to fit.
func compact(t *report.Table, width int) []string {
	var p plain
	p.head = [][]string{{""}}
	for _, h := range t.Head[1:] {
		p.head = append(p.head, headParts(h))
	}
	inGroup := false
	for _, r := range t.Rows {
		if r.Group {
			inGroup = true
		} else if !r.Part {
			inGroup = false
		}
		row := []string{r.ShortLabel}
		for _, c := range r.Short {
			if inGroup && !r.Group {
				c = "  " + c
			}
			row = append(row, c)
		}
		p.rows = append(p.rows, row)
	}
	return p.render(width)
}

// transposed lays t out with its columns as rows and its rows (those
// with a Column head) as columns, in blocks of columns that fit width.
func transposed(t *report.Table, width int) []string {
	type column struct {
		head  string
		cells []string
	}
	var cols []column
	for _, r := range t.Rows {
		if r.Column == "" {
			continue
		}
		cols = append(cols, column{head: r.Column, cells: r.Short})
	}
	nameCol := column{head: ""}
	for _, h := range t.Head[1:] {
		nameCol.cells = append(nameCol.cells, strings.Join(h.Lines, " "))
	}
	var out []string
	for len(cols) > 0 {
		// Take columns while the block fits; always at least one.
		n, used := 0, cellsWidth(append([]string{nameCol.head}, nameCol.cells...))
		for n < len(cols) {
			w := max(cellsWidth(cols[n].cells), longestWord(cols[n].head))
			if n > 0 && used+2+w > width {
				break
			}
			used += 2 + w
			n++
		}
		var p plain
		p.head = [][]string{{""}}
		for _, c := range cols[:n] {
			w := max(cellsWidth(c.cells), longestWord(c.head))
			p.head = append(p.head, strings.Split(wrap(c.head, w), "\n"))
		}
		for i := range nameCol.cells {
			row := []string{nameCol.cells[i]}
			for _, c := range cols[:n] {
				row = append(row, c.cells[i])
			}
			p.rows = append(p.rows, row)
		}
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, p.render(width)...)
		cols = cols[n:]
	}
	return out
}

// stacked lays t out as one aligned line a row, or, when that is wider
// than width, as each row's label and first cell on one line and its
// other cells, aligned under their heads, on the next.
func stacked(t *report.Table, width int) []string {
	var p plain
	for _, h := range t.Head {
		p.head = append(p.head, []string{strings.Join(h.Lines, " ")})
	}
	for _, r := range t.Rows {
		row := []string{strings.Join(r.Label.Lines, " ")}
		for _, c := range r.Cells {
			row = append(row, strings.Join(c.Lines, " "))
		}
		p.rows = append(p.rows, row)
	}
	header, rows := p.head, p.rows
	lines := p.render(math.MaxInt32) // the rule spans the table
	if !slices.ContainsFunc(lines, func(l string) bool { return twwidth.Width(l) > width }) || len(header) < 3 {
		return lines
	}
	// The label column as wide as in one line a row, so that the cells
	// (after the column gap) start under the first cell's head.
	firstCol := twwidth.Width(header[0][0])
	for _, r := range rows {
		firstCol = max(firstCol, twwidth.Width(r[0]))
	}
	indent := strings.Repeat(" ", firstCol)
	v := plain{head: [][]string{{indent}}}
	for _, h := range header[2:] {
		v.head = append(v.head, h)
	}
	for _, r := range rows {
		v.rows = append(v.rows, append([]string{indent}, r[2:]...))
	}
	vl := v.render(math.MaxInt32)
	nHead := len(vl) - len(rows) - 1 // heads, the rule, a line a row
	out := []string{pad(header[0][0], firstCol) + "  " + header[1][0]}
	out = append(out, vl[:nHead+1]...)
	for i, r := range rows {
		out = append(out, pad(r[0], firstCol)+"  "+r[1], vl[nHead+1+i])
	}
	return out
}

// writeSlide writes the first table of d for a projector, under the
// title and the run already written: the table and one line of legend.
func writeSlide(bw *bufio.Writer, d *report.Doc, o Options, width int) error {
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if b.Kind != report.TableBlock || b.Table == nil {
				continue
			}
			fmt.Fprintln(bw)
			lines, _ := tableLines(b.Table, o.Layout, width)
			for _, line := range lines {
				fmt.Fprintln(bw, line)
			}
			if b.Table.SlideLegend != "" {
				fmt.Fprintf(bw, "\n%s\n", wrap(textBest(b.Table.SlideLegend), width))
			}
			return bw.Flush()
		}
	}
	return bw.Flush()
}
