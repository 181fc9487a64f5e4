package reports

import (
	"fmt"
	"math"
	"strings"
)

// This file turns a Summary into words and lines shared by the text and
// Markdown renderers. It formats; it computes nothing.

// plusMinus writes a value and an interval half-width, with one unit when
// both share it: "250 ± 5.0/yr", "3.2 ± 0.2 h", "3.2 h ± 12 min",
// "14% ± 1.2%".
func plusMinus(v, hw amount) string {
	if hw.num == na {
		return v.String()
	}
	v, hw = shareZeroUnit(v, hw)
	if v.unit == hw.unit && v.unit != "%" && v.num != na {
		return amount{v.num + " ± " + hw.num, v.unit}.String()
	}
	return v.String() + " ± " + hw.String()
}

// metricLines returns the lines of arm a's cell for metric index m: mean ±
// half-width, p5–p95 (left out when every replication agrees), p99 for
// money, and the ratio to the baseline. The median is in the JSON and CSV;
// a terminal cell keeps to what a room reads.
func metricLines(s *Summary, a, m int) []string {
	def, st := metrics[m], s.Arms[a].Stats[m]
	am := func(x float64) amount { return amountOf(def, x, s.Currency) }
	if st.N == 0 {
		return []string{na}
	}
	lines := []string{am(st.Mean).String()} // every replication agreed: no interval to show
	if hw := st.HalfWidth(); hw != 0 {
		lines[0] = plusMinus(am(st.Mean), am(hw))
	}
	if st.P5 != st.P95 {
		lines = append(lines, "p5–p95 "+span(am(st.P5), am(st.P95)))
		if def.Money {
			lines = append(lines, "p99 "+am(st.P99).String())
		}
	}
	switch {
	case a == s.Baseline:
		lines = append(lines, "baseline")
	case def.Pooled:
		lines = append(lines, ratioPhrase(def, st.Ratio)+" (median)")
	default:
		lines = append(lines, ratioPhrase(def, st.Ratio))
	}
	return lines
}

// doraLabels and doraLines give the DORA rows: a heading, then one line per
// key metric and overall.
func doraLabels(s *Summary) []string {
	return []string{
		"DORA " + s.Edition.String() + " cluster",
		"  deployment frequency",
		"  lead time",
		"  recovery time",
		"  change failure rate",
		"  overall (weakest)",
	}
}

func doraLines(r Rating) []string {
	c := r.clusters()
	return []string{"", c[0].String(), c[1].String(), c[2].String(), c[3].String(), r.Overall.String()}
}

// legend explains what a metric cell holds.
func legend(s *Summary) string {
	reps := fmt.Sprintf("%d replications", s.Replications)
	if s.Replications == 1 {
		reps = "1 replication (no interval)"
	}
	return fmt.Sprintf("Each cell: mean ± 95%% CI half-width over %s; p5–p95 over replications "+
		"(lead and recovery time: over every change and every failed deployment); p99 for money; "+
		"ratio to the baseline, above 1 better (lead and recovery time: ratio of medians). "+
		"Deploys count planned releases and hotfixes; rework rate is the hotfix share. "+
		"DORA overall is the weakest of the four.", reps)
}

// readings returns one sentence per non-baseline arm on its loss against
// the baseline, from the paired interval.
func readings(s *Summary) []string {
	var out []string
	base := s.Arms[s.Baseline].Title
	for _, a := range s.Arms {
		if a.Saved == nil {
			continue
		}
		out = append(out, reading(a.Title, base, *a.Saved, s.Currency))
	}
	return out
}

func reading(arm, base string, d Interval, currency string) string {
	money := func(x float64) string { return FormatMoney(x, currency) }
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
func heading(s *Summary) (title, run string) {
	title = s.Title
	switch {
	case title == "":
		title = s.Scenario
	case s.Scenario != "" && s.Scenario != title:
		title += " (" + s.Scenario + ")"
	}
	run = fmt.Sprintf("%d replications of %s days, seed %d; money in %s; DORA %s bands",
		s.Replications, num(s.HorizonDays), s.Seed, s.Currency, s.Edition)
	if s.Replications == 1 {
		run = strings.Replace(run, "replications", "replication", 1)
	}
	return title, run
}
