package reports

import (
	"fmt"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"deploysim/metrics"
	"deploysim/units"
)

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
		"the number DORA rates. %smarks the best arm and any statistically indistinguishable from it. "+
		"Downtime is full-outage equivalent: minutes weighted by the "+
		"share of users affected. %s "+
		"--layout wide adds percentiles and the ratio to the baseline (%s).",
		reps, bestMark, doraLegend(s, false), s.Arms[s.Baseline].Name)
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
