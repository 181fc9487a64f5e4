package reports

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/units"
)

// Layout is how WriteTableWith arranges the summary table.
type Layout int

// The layouts. LayoutAuto picks the first of wide, compact and transposed
// that fits the width.
const (
	// LayoutAuto chooses the widest layout that fits.
	LayoutAuto Layout = iota
	// LayoutWide has the arms as columns and every metric as a row of
	// several lines: headline, percentiles, ratio to the baseline.
	LayoutWide
	// LayoutCompact has the arms as columns and one line per cell: the
	// headline number and its interval.
	LayoutCompact
	// LayoutTransposed has the arms as rows and the metrics as columns, in
	// as many blocks of columns as the width needs: it fits any number of
	// arms.
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

// DefaultWidth is the width a table is laid out for when none is given:
// a terminal window a little wider than 80 columns, or a projector.
const DefaultWidth = 100

// MinWidth is the narrowest width a table can be laid out for.
const MinWidth = 40

// termWidth is the width a terminal report is laid out for, given the
// terminal's (0 when not known): DefaultWidth, else at least MinWidth.
func termWidth(width int) int {
	if width <= 0 {
		return DefaultWidth
	}
	return max(width, MinWidth)
}

// DoraKey names the DORA rows in TableOptions.Metrics.
const DoraKey = "dora"

// TableOptions says how WriteTableWith lays out a summary.
type TableOptions struct {
	// Width is the most columns a line may take (0 means DefaultWidth,
	// less than MinWidth counts as MinWidth). The command line passes the
	// terminal's width.
	Width int
	// Layout is the table's layout; LayoutAuto picks the first of wide,
	// compact and transposed that fits Width.
	Layout Layout
	// Metrics are the keys of the metrics to show, in the table's order
	// whatever their order here, DoraKey for the DORA rows; empty means
	// all.
	Metrics []string
	// Arms are the names of the arms to show, in the summary's order;
	// empty means all. Ratios stay against the run's baseline.
	Arms []string
	// Slide lays the table out for one projector screen (about 30
	// lines): SlideMetrics unless Metrics says otherwise, and of the
	// prose only the title, the run and a one-line legend (see
	// writeSlide); the warnings are left to the caller.
	Slide bool
}

// SlideMetrics are the rows of a slide: DORA's delivery metrics, downtime
// and the money lost with its two big parts.
var SlideMetrics = []string{
	metrics.DeploysPerYear, metrics.LeadTimeHours, metrics.ChangeFailureRate, metrics.RecoveryTimeHours,
	metrics.ImpactMinutesPerYear, metrics.LossPerYear, metrics.IncidentLossPerYear, metrics.DelayCostPerYear,
}

// Check returns an error naming every metric key or arm name of o that s
// does not have, with the allowed ones.
func (o TableOptions) Check(s *metrics.Summary) error {
	var msgs []string
	keys := append(metricKeys(), DoraKey)
	for _, k := range o.Metrics {
		if !slices.Contains(keys, k) {
			msgs = append(msgs, fmt.Sprintf("metric %q: want one of %s", k, strings.Join(keys, ", ")))
		}
	}
	var names []string
	for _, a := range s.Arms {
		names = append(names, a.Name)
	}
	for _, n := range o.Arms {
		if !slices.Contains(names, n) {
			msgs = append(msgs, fmt.Sprintf("arm %q: want one of %s", n, strings.Join(names, ", ")))
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("%s", strings.Join(msgs, "; "))
	}
	return nil
}

func metricKeys() []string {
	var keys []string
	for _, m := range metrics.All() {
		keys = append(keys, m.Key)
	}
	return keys
}

// WriteTable writes s for a terminal DefaultWidth columns wide, in the
// widest layout that fits: see WriteTableWith.
func WriteTable(w io.Writer, s *metrics.Summary) error { return WriteTableWith(w, s, TableOptions{}) }

// WriteTableWith writes s for a terminal: a title, the arms' names and
// titles, the table in o's layout, a legend saying what each cell shows,
// one line per arm reading its loss against the baseline, the warnings,
// and the command that reproduces the run. No line is wider than
// o.Width; the table picks its layout to fit (see Layout).
func WriteTableWith(w io.Writer, s *metrics.Summary, o TableOptions) error {
	if err := s.Check(); err != nil {
		return err
	}
	if err := o.Check(s); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	width := termWidth(o.Width)
	if o.Slide && len(o.Metrics) == 0 {
		o.Metrics = SlideMetrics
	}
	v := newTableView(s, o)

	var table []string
	layout := o.Layout
	switch layout {
	case LayoutWide:
		table = v.wide()
	case LayoutCompact:
		table = v.compact(width)
	case LayoutTransposed:
		table = v.transposed(width)
	default:
		layout = LayoutWide
		if table = v.wide(); !fits(table, width) {
			layout = LayoutCompact
			if table = v.compact(width); !fits(table, width) {
				layout, table = LayoutTransposed, v.transposed(width)
			}
		}
	}

	if o.Slide {
		return writeSlide(w, s, table, width)
	}
	bw := bufio.NewWriter(w)
	title, run := heading(s)
	fmt.Fprintf(bw, "%s\n%s\n\n", wrap(title, width), wrap(run, width))
	// The table is headed by the arms' short names, so that several arms
	// fit a terminal or a projector; their titles are listed first.
	nw := nameWidth(s)
	for _, a := range v.arms {
		a := s.Arms[a]
		indent := 2 + nw + 2
		if indent+20 > width { // names too long to hang the titles beside
			fmt.Fprintf(bw, "  %s\n%s\n", a.Name, indentLines(wrap(a.Title, width-6), "      "))
			continue
		}
		lines := strings.Split(wrap(a.Title, width-indent), "\n")
		fmt.Fprintf(bw, "  %-*s  %s\n", nw, a.Name, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(bw, "%s%s\n", strings.Repeat(" ", indent), l)
		}
	}
	fmt.Fprintln(bw)
	for _, line := range table {
		fmt.Fprintln(bw, line)
	}

	legendText := legend(s)
	if layout != LayoutWide {
		legendText = compactLegend(s)
	}
	fmt.Fprintf(bw, "\n%s\n", wrap(legendText, width))
	if r := readingsOf(s, v.arms); len(r) > 0 {
		fmt.Fprintln(bw)
		for _, line := range r {
			fmt.Fprintln(bw, wrap(line, width))
		}
	}
	if len(s.Warnings) > 0 {
		fmt.Fprintln(bw)
		for _, warn := range s.Warnings {
			fmt.Fprintln(bw, indentRest(wrap("warning: "+warn, width), "  "))
		}
	}
	if s.Command != "" {
		fmt.Fprintf(bw, "\n%s\n", shellWrap("$ "+s.Command, width))
	}
	return bw.Flush()
}

// tableView is the part of a summary a table shows: the arms and metrics
// chosen, in the summary's order.
type tableView struct {
	s       *metrics.Summary
	arms    []int
	metrics []int
	dora    bool
}

func newTableView(s *metrics.Summary, o TableOptions) *tableView {
	v := &tableView{s: s, dora: len(o.Metrics) == 0 || slices.Contains(o.Metrics, DoraKey)}
	for a, arm := range s.Arms {
		if len(o.Arms) == 0 || slices.Contains(o.Arms, arm.Name) {
			v.arms = append(v.arms, a)
		}
	}
	for m, def := range metrics.All() {
		if len(o.Metrics) == 0 || slices.Contains(o.Metrics, def.Key) {
			v.metrics = append(v.metrics, m)
		}
	}
	return v
}

// pick returns the cells of the shown arms.
func (v *tableView) pick(cells [][]string) [][]string {
	out := make([][]string, 0, len(v.arms))
	for _, a := range v.arms {
		out = append(out, cells[a])
	}
	return out
}

// wide lays out the table with the arms as columns and each metric a
// boxed row of several lines (see metricCells).
func (v *tableView) wide() []string {
	g := boxGrid{head: [][]string{{""}}}
	for _, a := range v.arms {
		g.head = append(g.head, []string{v.s.Arms[a].Label()})
	}
	for _, m := range v.metrics {
		g.add([][]string{{metrics.All()[m].Label}}, v.pick(metricCells(v.s, m))...)
	}
	if v.dora {
		var cells [][]string
		for _, a := range v.arms {
			cells = append(cells, doraLines(v.s, &v.s.Arms[a]))
		}
		g.add([][]string{doraLabels(v.s)}, cells...)
	}
	return g.boxed()
}

// compactCell is a metric's headline for a one-line cell: the mean and its
// half-width, or the median for lead and recovery time, without "/yr"
// (the row's label says per year), marked if best.
func compactCell(s *metrics.Summary, a, m int) string {
	def, st := metrics.All()[m], s.Arms[a].Stats[m]
	am := func(x float64) units.Amount {
		v := amountOf(def, x, s.Currency)
		v.Unit = strings.TrimSuffix(v.Unit, "/yr")
		return v
	}
	if def.Pooled {
		if st.Samples == 0 {
			return markBest(false, units.NA)
		}
		return markBest(st.Best, am(st.P50).String())
	}
	return markBest(st.Best, meanLine(st, am, ""))
}

// compactLabel is a metric's label in the compact and transposed layouts.
func compactLabel(m int) string {
	if metrics.All()[m].Pooled {
		return metrics.All()[m].Short + ", median"
	}
	return metrics.All()[m].Short
}

// doraShortLabels label the DORA rows of the narrow layouts.
func doraShortLabels(s *metrics.Summary) []string {
	if !dora.Rates(s.Edition) {
		return []string{"DORA " + s.Edition.String() + " Quick Check", "  deploys", "  lead time", "  recovery", "  failure rate", "  rework · overall"}
	}
	return []string{"DORA " + s.Edition.String(), "  deploys", "  lead time", "  recovery", "  failure rate", "  overall"}
}

// compact lays out the table with the arms as columns and one line per
// cell; arm names break at hyphens to fit.
func (v *tableView) compact(width int) []string {
	var p plain
	p.head = [][]string{{""}}
	for _, a := range v.arms {
		p.head = append(p.head, headParts(&v.s.Arms[a]))
	}
	for _, m := range v.metrics {
		row := []string{compactLabel(m)}
		for _, a := range v.arms {
			row = append(row, compactCell(v.s, a, m))
		}
		p.rows = append(p.rows, row)
	}
	if v.dora {
		labels := doraShortLabels(v.s)
		for i, label := range labels {
			row := []string{label}
			for _, a := range v.arms {
				cell := doraLines(v.s, &v.s.Arms[a])[i]
				if i > 0 {
					cell = "  " + cell
				}
				row = append(row, cell)
			}
			p.rows = append(p.rows, row)
		}
	}
	return p.render(width)
}

// transposed lays out the table with the arms as rows and the metrics as
// columns, in blocks of columns that fit width.
func (v *tableView) transposed(width int) []string {
	type column struct {
		head  string
		cells []string
	}
	var cols []column
	for _, m := range v.metrics {
		c := column{head: strings.TrimSpace(compactLabel(m))}
		if strings.HasPrefix(metrics.All()[m].Short, " ") {
			c.head = "of which " + c.head
		}
		for _, a := range v.arms {
			c.cells = append(c.cells, compactCell(v.s, a, m))
		}
		cols = append(cols, c)
	}
	if v.dora {
		labels := doraShortLabels(v.s)
		for i := 1; i < len(labels); i++ {
			c := column{head: "DORA " + strings.TrimSpace(labels[i])}
			for _, a := range v.arms {
				c.cells = append(c.cells, doraLines(v.s, &v.s.Arms[a])[i])
			}
			cols = append(cols, c)
		}
	}
	nameCol := column{head: ""}
	for _, a := range v.arms {
		nameCol.cells = append(nameCol.cells, v.s.Arms[a].Label())
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
		for i := range v.arms {
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

// compactLegend says what a cell of the compact and transposed layouts
// shows.
func compactLegend(s *metrics.Summary) string {
	reps := replicationsPhrase(s)
	return fmt.Sprintf("Each cell: the mean ± its 95%% CI half-width over %s, per year where the label "+
		"says /yr; lead and recovery time: the median over every change and every failed deployment, "+
		"the number DORA rates. %smarks the best arm and any statistically indistinguishable from it. "+
		"Downtime is full-outage equivalent: minutes weighted by the "+
		"share of users affected. %s "+
		"--layout wide adds percentiles and the ratio to the baseline (%s).",
		reps, bestMark, doraLegend(s, false), s.Arms[s.Baseline].Name)
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

// nameParts breaks an arm name after each hyphen: "continuous-",
// "deployment".
// headParts returns the parts an arm's column head breaks into: its name
// at hyphens, then the modified note on its own line.
func headParts(a *metrics.ArmSummary) []string {
	parts := nameParts(a.Name)
	if len(a.Modified) > 0 {
		parts = append(parts, strings.TrimSpace(metrics.ModifiedNote))
	}
	return parts
}

func nameParts(name string) []string {
	var out []string
	for {
		i := strings.IndexByte(name, '-')
		if i < 0 || i == len(name)-1 {
			return append(out, name)
		}
		out = append(out, name[:i+1])
		name = name[i+1:]
	}
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

// nameWidth is the width of the longest arm name.
func nameWidth(s *metrics.Summary) int {
	n := 0
	for _, a := range s.Arms {
		n = max(n, twwidth.Width(a.Name))
	}
	return n
}

// writeSlide writes the table for a projector: the title and the run,
// the table, and one line of legend; the arms' titles, the notes, the
// readings and the reproducing command are left to the full table.
func writeSlide(w io.Writer, s *metrics.Summary, table []string, width int) error {
	bw := bufio.NewWriter(w)
	title, run := heading(s)
	fmt.Fprintf(bw, "%s\n%s\n\n", wrap(title, width), wrap(run, width))
	for _, line := range table {
		fmt.Fprintln(bw, line)
	}
	legend := fmt.Sprintf("mean ± 95%% CI over %s; %smarks the best arm and any indistinguishable from it", replicationsPhrase(s), bestMark)
	fmt.Fprintf(bw, "\n%s\n", wrap(legend, width))
	return bw.Flush()
}
