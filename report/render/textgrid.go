package render

import (
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

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

// pack joins consecutive parts into lines no wider than width.
func pack(parts []string, width int) []string {
	var out []string
	for _, p := range parts {
		if n := len(out); n > 0 && twwidth.Width(out[n-1]+p) <= width && strings.HasSuffix(out[n-1], "-") {
			out[n-1] += p
			continue
		}
		out = append(out, p)
	}
	return out
}

// fits reports whether no line is wider than width.
func fits(lines []string, width int) bool {
	return cellsWidth(lines) <= width
}

// cellsWidth is the width of the widest line.
func cellsWidth(lines []string) int {
	n := 0
	for _, l := range lines {
		n = max(n, twwidth.Width(l))
	}
	return n
}

func longestWord(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		n = max(n, twwidth.Width(w))
	}
	return n
}

// pad pads s with spaces to width columns.
func pad(s string, width int) string {
	if n := twwidth.Width(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// wrap breaks text into lines of at most width columns at spaces (a word
// longer than width gets a line of its own).
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(text) {
		ww := twwidth.Width(word)
		if i > 0 {
			if n+1+ww > width {
				b.WriteByte('\n')
				n = 0
			} else {
				b.WriteByte(' ')
				n++
			}
		}
		b.WriteString(word)
		n += ww
	}
	return b.String()
}

// indentLines puts prefix before every line of text.
func indentLines(text, prefix string) string {
	return prefix + strings.ReplaceAll(text, "\n", "\n"+prefix)
}

// indentRest puts prefix before every line of text but the first.
func indentRest(text, prefix string) string {
	return strings.ReplaceAll(text, "\n", "\n"+prefix)
}

// shellWrap breaks a command line into lines of at most width columns,
// continued with a backslash, so that it still pastes into a shell. A
// flag stays on the line of its value; a trailing "# comment" moves to a
// line of its own if it must.
func shellWrap(cmd string, width int) string {
	command, comment, _ := strings.Cut(cmd, "  # ")
	var units []string // words, a flag joined with its value
	for _, w := range strings.Fields(command) {
		if n := len(units); n > 0 && strings.HasPrefix(units[n-1], "-") && !strings.Contains(units[n-1], " ") && !strings.HasPrefix(w, "-") {
			units[n-1] += " " + w
			continue
		}
		units = append(units, w)
	}
	var lines []string
	cur := ""
	for _, u := range units {
		switch {
		case cur == "":
			cur = u
		case twwidth.Width(cur)+1+twwidth.Width(u)+2 > width: // room for " \"
			lines = append(lines, cur+" \\")
			cur = "    " + u
		default:
			cur += " " + u
		}
	}
	if comment != "" {
		if twwidth.Width(cur)+4+twwidth.Width(comment) <= width {
			cur += "  # " + comment
		} else {
			lines = append(lines, cur)
			cur = "# " + comment
		}
	}
	return strings.Join(append(lines, cur), "\n")
}
