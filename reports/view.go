package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/models"
	"deploysim/stats"
	"deploysim/units"
)

// This file turns a Summary into words and lines shared by the text and
// Markdown renderers. It formats; it computes nothing.

// plusMinus writes a value and an interval half-width, with one unit when
// both share it: "250 ± 5.0/yr", "3.2 ± 0.2 h", "3.2 h ± 12 min",
// "14% ± 1.2%".
func plusMinus(v, hw units.Amount) string {
	if hw.Num == units.NA {
		return v.String()
	}
	v, hw = units.ShareZeroUnit(v, hw)
	if v.Unit == hw.Unit && v.Unit != "%" && v.Num != units.NA {
		return units.Amount{Num: v.Num + " ± " + hw.Num, Unit: v.Unit}.String()
	}
	return v.String() + " ± " + hw.String()
}

// metricCells returns the lines of every arm's cell for metric index m,
// aligned: every cell of the row has the same sub-lines in the same order,
// blank where one does not apply to that arm.
//
//   - the headline: mean ± 95% CI half-width, or for lead and recovery
//     time (pooled) "median X", the value rated against DORA; the best
//     arm's headline is marked with bestMark;
//   - for pooled metrics, "mean X ± h";
//   - "p5–p95 A–B", where some arm's replications disagree;
//   - "p99 X" for money, likewise;
//   - the ratio to the baseline in words ("4.2× lower — better"), or
//     "baseline".
func metricCells(s *metrics.Summary, m int) [][]string {
	def := metrics.All()[m]
	am := func(x float64) units.Amount { return amountOf(def, x, s.Currency) }
	spread := false
	for _, a := range s.Arms {
		if st := a.Stats[m]; st.N > 0 && st.P5 != st.P95 {
			spread = true
		}
	}
	cells := make([][]string, len(s.Arms))
	for a := range s.Arms {
		st := s.Arms[a].Stats[m]
		var lines []string
		if def.Pooled {
			lines = append(lines, markBest(st.Best, "median "+am(st.P50).String()), meanLine(st, am, "mean "))
		} else {
			lines = append(lines, markBest(st.Best, meanLine(st, am, "")))
		}
		if spread {
			p := ""
			if st.N > 0 && st.P5 != st.P95 {
				p = "p5–p95 " + units.Span(am(st.P5), am(st.P95))
			}
			lines = append(lines, p)
			if def.Money {
				if p != "" {
					p = "p99 " + am(st.P99).String()
				}
				lines = append(lines, p)
			}
		}
		lines = append(lines, ratioLine(s, a, m))
		for i := 1; i < len(lines); i++ {
			if lines[i] != "" { // under the headline, clear of the best mark
				lines[i] = markBest(false, lines[i])
			}
		}
		cells[a] = lines
	}
	return cells
}

// bestMark marks the headline of the best arm of a row.
const bestMark = "* "

// markBest prefixes the best arm's headline with bestMark, and the others'
// with as many spaces, so that the numbers stay aligned.
func markBest(best bool, line string) string {
	if best {
		return bestMark + line
	}
	return strings.Repeat(" ", len(bestMark)) + line
}

// meanLine writes the mean and its 95% half-width: "prefix 3.2 h ± 12
// min", just the mean where every replication agreed, "n/a" with none.
func meanLine(st metrics.Stat, am func(float64) units.Amount, prefix string) string {
	if st.N == 0 {
		return units.NA
	}
	if hw := st.HalfWidth(); hw != 0 {
		return prefix + plusMinus(am(st.Mean), am(hw))
	}
	return prefix + am(st.Mean).String()
}

// ratioLine says how arm a compares with the baseline on metric m.
func ratioLine(s *metrics.Summary, a, m int) string {
	if a == s.Baseline {
		return "baseline"
	}
	return ratioPhrase(metrics.All()[m], s.Arms[a].Stats[m].Ratio)
}

// doraLabels and doraCells give the DORA rows: a heading, then one line per
// key metric and overall. Each cell names the number it is rated from.
func doraLabels(s *metrics.Summary) []string {
	if !dora.Rates(s.Edition) {
		return []string{
			"DORA " + s.Edition.String() + " Quick Check (answer → score)",
			"  deployment frequency",
			"  lead time (median)",
			"  recovery time (median)",
			"  change failure rate",
			"  rework rate · overall",
		}
	}
	return []string{
		"DORA " + s.Edition.String() + " cluster",
		"  deployment frequency",
		"  lead time (median)",
		"  recovery time (median)",
		"  change failure rate",
		"  overall",
	}
}

func doraLines(s *metrics.Summary, a *metrics.ArmSummary) []string {
	if !dora.Rates(s.Edition) {
		return quickCheckLines(a.QuickCheck)
	}
	r := a.Dora
	c := r.Clusters()
	out := []string{""}
	for i, key := range []string{metrics.DeploysPerYear, metrics.LeadTimeHours, metrics.RecoveryTimeHours, metrics.ChangeFailureRate} {
		out = append(out, doraCell(c[i], ratedAmount(s.Edition, dora.Metric(i), metrics.All()[metrics.Index(key)], r.Values[i])))
	}
	return append(out, r.Overall.String())
}

// quickCheckLines are an arm's Quick Check cells, in the rows of
// doraLabels: each answer (a band from 1, worst, to 6, best, or a
// percentage) and its 0–10 score, then the overall score.
func quickCheckLines(q dora.QuickCheck) []string {
	a, sc := q.Answers, q.Scores
	band := func(b dora.Choice, score float64) string { return fmt.Sprintf("band %d → %.1f", b, score) }
	pct := func(p, score float64) string { return fmt.Sprintf("%.0f%% → %.1f", p, score) }
	return []string{"",
		band(a.DeploymentFrequency, sc.DeploymentFrequency),
		band(a.LeadTime, sc.LeadTime),
		band(a.RecoveryTime, sc.RecoveryTime),
		pct(a.ChangeFailureRate, sc.ChangeFailureRate),
		pct(a.ReworkRate, sc.ReworkRate) + " · " + fmt.Sprintf("%.1f", sc.Overall),
	}
}

// doraHeading names what the DORA rows show: an edition's clusters, or
// for 2025, which has none, the Quick Check.
func doraHeading(e dora.Edition) string {
	if !dora.Rates(e) {
		return "DORA " + e.String() + " Quick Check (no clusters)"
	}
	return "DORA " + e.String() + " clusters"
}

// doraArmLabel is what an arm's DORA rating reads as in a list of arms:
// its overall cluster, or in 2025 its Quick Check overall score.
func doraArmLabel(e dora.Edition, a *metrics.ArmSummary) string {
	if !dora.Rates(e) {
		return fmt.Sprintf("Quick Check %.1f of 10", a.QuickCheck.Scores.Overall)
	}
	return a.Dora.Overall.String()
}

// doraLegend is the legend's sentence on the DORA rows; named names the
// edition in the sentence on clusters.
func doraLegend(s *metrics.Summary, named bool) string {
	if !dora.Rates(s.Edition) {
		b := dora.AllIndustries2025
		return fmt.Sprintf("DORA %s rates nothing (its report has team profiles, not clusters): each arm's DORA Quick Check "+
			"answer, a band from 1 (worst) to 6 (best) or a percentage, → its 0–10 score as dora.dev computes it, "+
			"overall the mean of the five; All industries 2025 (mean ± sd): lead time %.1f ± %.1f, deployment "+
			"frequency %.1f ± %.1f, recovery %.1f ± %.1f, change failure rate %.0f%% ± %.0f%%, rework rate %.0f%% ± %.0f%%.",
			s.Edition, b.LeadTime.Mean, b.LeadTime.SD, b.DeploymentFrequency.Mean, b.DeploymentFrequency.SD,
			b.RecoveryTime.Mean, b.RecoveryTime.SD, 10*b.ChangeFailureRate.Mean, 10*b.ChangeFailureRate.SD,
			10*b.ReworkRate.Mean, 10*b.ReworkRate.SD)
	}
	if named {
		return fmt.Sprintf("DORA %s clusters are shown beside the number rated; overall is %s.", s.Edition, dora.OverallRule(s.Edition))
	}
	return fmt.Sprintf("DORA clusters are shown beside the number rated; overall is %s.", dora.OverallRule(s.Edition))
}

// ratedAmount writes value v of DORA metric dm as the table does, unless
// rounding makes it read as one of the edition's band edges that it is
// not ("24 h" for 23.6 h, rated under a day; "15%" for 15.02%, over the
// 15% edge): then with as many more digits as it takes ("23.6 h",
// "15.02%"), so that the number never contradicts its cluster.
func ratedAmount(e dora.Edition, dm dora.Metric, def metrics.Metric, v float64) string {
	a := amountOf(def, v, "")
	scale, ok := unitScale(def, a.Unit)
	if !ok {
		return a.String()
	}
	for _, b := range dora.Bands(e) {
		if b.Metric != dm || math.IsNaN(b.Limit) || math.IsInf(b.Limit, 0) || b.Limit == v {
			continue
		}
		if shown, err := strconv.ParseFloat(strings.ReplaceAll(a.Num, ",", ""), 64); err != nil || !nearly(shown*scale, b.Limit) {
			continue
		}
		for d := 1; d <= 6; d++ {
			text := strconv.FormatFloat(v/scale, 'f', d, 64)
			if x, _ := strconv.ParseFloat(text, 64); !nearly(x*scale, b.Limit) {
				return units.Amount{Num: text, Unit: a.Unit}.String()
			}
		}
	}
	return a.String()
}

// unitScale is what one unit of a written amount of def is worth in the
// metric's own unit (hours, fraction, per year).
func unitScale(def metrics.Metric, unit string) (float64, bool) {
	switch def.Kind {
	case metrics.Duration:
		x, ok := map[string]float64{"s": 1.0 / 3600, "min": 1.0 / 60, "h": 1, "d": 24, "yr": models.HoursPerYear}[unit]
		return x, ok
	case metrics.Fraction:
		return 0.01, unit == "%"
	case metrics.PerYear:
		return 1, unit == "/yr"
	}
	return 0, false
}

// nearly reports whether x and y agree to a part in a billion.
func nearly(x, y float64) bool { return math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y)) }

// doraCell writes a cluster beside the number it was rated from: "elite
// (8.6 h)".
func doraCell(c dora.Cluster, value string) string {
	if c == dora.Unrated {
		return c.String()
	}
	return c.String() + " (" + value + ")"
}

// legend explains what a metric cell holds, for the text table.
func legend(s *metrics.Summary) string { return legendMarked(s, bestMark+"marks the") }

// legendMarked is legend with its own words for how the best arm stands
// out ("Bold marks the").
func legendMarked(s *metrics.Summary, marks string) string {
	reps := replicationsPhrase(s)
	return fmt.Sprintf("Each cell: the mean ± its 95%% CI half-width over %s, except lead and "+
		"recovery time, which lead with the median over every change and every failed deployment "+
		"(the number DORA rates) and then give the mean; p5–p95 over replications (lead and recovery "+
		"time: over every change and failed deployment); p99 for money; how the arm compares with the "+
		"baseline (%s; lead and recovery time: medians). %s best arm of the row and any arm "+
		"statistically indistinguishable from it (paired 95%% interval). Downtime is "+
		"full-outage equivalent: minutes weighted by the share of users affected. Deploys count "+
		"planned releases and hotfixes; rework rate is the hotfix share. %s", reps, s.Arms[s.Baseline].Name, marks, doraLegend(s, false)) + " " + NoiseNote
}

// replicationsPhrase says over how many replications a legend's
// intervals are.
func replicationsPhrase(s *metrics.Summary) string {
	if s.Replications == 1 {
		return "1 replication (no interval)"
	}
	return fmt.Sprintf("%d replications", s.Replications)
}

// headLegend explains the headline lines of the cells, for a table that
// shows only those.
func headLegend(s *metrics.Summary) string {
	reps := replicationsPhrase(s)
	return fmt.Sprintf("Each cell: the mean ± its 95%% CI half-width over %s; lead and recovery time lead with "+
		"the median over every change and every failed deployment (the number DORA rates), then the mean. "+
		"Bold marks the best arm of the row. Downtime is full-outage equivalent: minutes weighted by the share "+
		"of users affected. %s The full table, "+
		"with percentiles and ratios, is in the HTML and Markdown reports.", reps, doraLegend(s, true)) + " " + NoiseNote
}

// readings returns one sentence per non-baseline arm on its loss against
// the baseline, from the paired interval.
func readings(s *metrics.Summary) []string {
	all := make([]int, len(s.Arms))
	for a := range all {
		all[a] = a
	}
	return readingsOf(s, all)
}

// readingsOf returns the readings of the arms with the given indices.
func readingsOf(s *metrics.Summary, arms []int) []string {
	var out []string
	base := s.Arms[s.Baseline].Label()
	for _, i := range arms {
		a := &s.Arms[i]
		if a.Saved == nil {
			continue
		}
		r := reading(a.Label(), base, *a.Saved, s.Currency)
		if a.SavedRisk != nil && a.SavedFlow != nil {
			r += " " + split(*a.SavedRisk, *a.SavedFlow, s.Currency)
		}
		out = append(out, r)
	}
	return out
}

// split says how much of a saving is the risk argument (incident loss)
// and how much the flow argument (cost of delay), each with its paired
// interval, so that a room weighs them apart.
func split(risk, flow stats.Interval, currency string) string {
	money := func(x float64) string { return units.FormatMoney(x, currency) }
	part := func(d stats.Interval) string {
		less := "less"
		if d.Mean < 0 {
			less, d = "more", stats.Interval{Mean: -d.Mean, Low: -d.High, High: -d.Low}
		}
		if math.IsNaN(d.Low) {
			return fmt.Sprintf("%s/yr %s", money(d.Mean), less)
		}
		return fmt.Sprintf("%s/yr %s (%s to %s)", money(d.Mean), less, money(d.Low), money(d.High))
	}
	return "Risk (incident loss): " + part(risk) + "; flow (cost of delay): " + part(flow) + "; labour and planned downtime, the rest."
}

func reading(arm, base string, d stats.Interval, currency string) string {
	money := func(x float64) string { return units.FormatMoney(x, currency) }
	switch {
	case math.IsNaN(d.Mean):
		return fmt.Sprintf("%s: loss not comparable with %s.", arm, base)
	case math.IsNaN(d.Low):
		if d.Mean >= 0 {
			return fmt.Sprintf("%s loses %s/yr less than %s (one replication: no interval).", arm, money(d.Mean), base)
		}
		return fmt.Sprintf("%s loses %s/yr more than %s (one replication: no interval).", arm, money(-d.Mean), base)
	case d.Low > 0:
		return fmt.Sprintf("%s loses %s/yr less than %s (95%% CI %s–%s).", arm, money(d.Mean), base, money(d.Low), money(d.High))
	case d.High < 0:
		return fmt.Sprintf("%s loses %s/yr more than %s (95%% CI %s–%s).", arm, money(-d.Mean), base, money(-d.High), money(-d.Low))
	}
	return fmt.Sprintf("%s and %s lose about the same: the difference, %s/yr, has a 95%% CI (%s to %s) that includes zero.",
		arm, base, money(d.Mean), money(d.Low), money(d.High))
}

// heading returns the title line and the run line.
func heading(s *metrics.Summary) (title, run string) {
	title = s.Title
	switch {
	case title == "":
		title = s.Scenario
	case s.Scenario != "" && s.Scenario != title:
		title += " (" + s.Scenario + ")"
	}
	run = fmt.Sprintf("%d replications of %s days, seed %d; money in %s; %s",
		s.Replications, units.Num(s.HorizonDays), s.Seed, s.Currency, doraHeading(s.Edition))
	if s.Replications == 1 {
		run = strings.Replace(run, "replications", "replication", 1)
	}
	return title, run
}
