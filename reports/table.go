package reports

import (
	"fmt"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/units"
)

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

// tableView is the part of a summary a table shows: the arms and metrics
// chosen, in the summary's order.
type tableView struct {
	s       *metrics.Summary
	arms    []int
	metrics []int
	dora    bool
}

func newTableView(s *metrics.Summary, o Select) *tableView {
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

// compactLegend says what a cell of the compact and transposed layouts
// shows.
func compactLegend(s *metrics.Summary) string {
	reps := replicationsPhrase(s)
	return fmt.Sprintf("Each cell: the mean ± its 95%% CI half-width over %s, per year where the label "+
		"says /yr; lead and recovery time: the median over every change and every failed deployment, "+
		"the number DORA rates. %smarks the best arm. Downtime is full-outage equivalent: minutes weighted by the "+
		"share of users affected. DORA clusters are shown beside the number rated; overall is %s. "+
		"--layout wide adds percentiles and the ratio to the baseline (%s).",
		reps, bestMark, dora.OverallRule(s.Edition), s.Arms[s.Baseline].Name)
}

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
