package reports

import (
	"fmt"
	"math"
	"strings"

	"deploysim/bizcase"
	"deploysim/scenarios"
	"deploysim/units"
)

// CaseReport is a business case as the case renderers write it: the
// result, computed once by bizcase.Run, and where it came from.
type CaseReport struct {
	*bizcase.Result
	// Command is the command line that reproduces it; Version deploysim's
	// version; Sources the scenario's sources.
	Command, Version string
	Sources          []string
	Story            string
}

// driversShown is how many tornado bars the reports show.
const driversShown = 5

// caseNumber is one of the headline numbers with its interval.
type caseNumber struct {
	Label, Value, Interval, Note string
}

// formatMonths writes a payback in months; +Inf is "not within N years".
func formatMonths(m float64, years int) string {
	switch {
	case math.IsNaN(m):
		return units.NA
	case math.IsInf(m, 1):
		return fmt.Sprintf("beyond %d years", years)
	case m < 10:
		return fmt.Sprintf("%.1f months", m)
	}
	return fmt.Sprintf("%.0f months", m)
}

func formatROI(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return units.NA
	}
	return fmt.Sprintf("%.0f%%", x*100)
}

// formatProb writes a probability estimated from n samples: "94%", and
// "< 1%" or "> 99%" rather than a 0% or 100% that n samples cannot show.
func formatProb(p float64, n int) string {
	switch {
	case p == 0 && n > 1:
		return fmt.Sprintf("< %s", trimZero(fmt.Sprintf("%.1f%%", 100/float64(n))))
	case p == 1 && n > 1:
		return fmt.Sprintf("> %s", trimZero(fmt.Sprintf("%.1f%%", 100-100/float64(n))))
	case p > 0.995 || p > 0 && p < 0.005:
		// Not a 100% or 0% that one sample in 400 the other way belies.
		return trimZero(fmt.Sprintf("%.1f%%", p*100))
	}
	return fmt.Sprintf("%.0f%%", p*100)
}

// money is FormatMoney in the case's currency.
func (r *CaseReport) money(x float64) string { return units.FormatMoney(x, r.Currency) }

// interval writes p5–p95 with a unit writer.
func interval(st bizcase.Stat, f func(float64) string) string {
	return "90%: " + f(st.P5) + " to " + f(st.P95)
}

// headline returns the four numbers with their intervals.
func (r *CaseReport) headline() []caseNumber {
	months := func(x float64) string { return formatMonths(x, r.Case.HorizonYears) }
	return []caseNumber{
		{fmt.Sprintf("NPV over %d years", r.Case.HorizonYears), r.money(r.NPV.P50), interval(r.NPV, r.money),
			fmt.Sprintf("at %s a year", units.FormatPercent(r.Case.DiscountRate))},
		{"ROI", formatROI(r.ROI.P50), interval(r.ROI, formatROI), "NPV over the present value of all costs"},
		{"Payback", months(r.Payback.P50), interval(r.Payback, months), "cumulative cash flow turns positive"},
		{"Annual saving", r.money(r.Total.P50) + "/yr", interval(r.Total, func(x float64) string { return r.money(x) + "/yr" }),
			"at full effect, after the transition"},
	}
}

// Decision is the decision in one sentence, with its probability.
func (r *CaseReport) Decision() string {
	pPos := 1 - r.ProbLoss
	n := r.Samples
	from, to := r.From.Name, r.To.Name
	if len(r.Ranges) == 0 {
		verb := "pays"
		if r.NPV.P50 < 0 {
			verb = "does not pay"
		}
		return fmt.Sprintf("On these point estimates, moving from %s to %s %s over %d years (NPV %s, payback %s); no input has a range, so there is no probability: give the doubtful ones uncertain: ranges.",
			from, to, verb, r.Case.HorizonYears, r.money(r.NPV.P50), formatMonths(r.Payback.P50, r.Case.HorizonYears))
	}
	switch {
	case pPos >= 0.8:
		return fmt.Sprintf("Invest: moving from %s to %s pays over %d years with probability %s (NPV %s, payback %s, medians).",
			from, to, r.Case.HorizonYears, formatProb(pPos, n), r.money(r.NPV.P50), formatMonths(r.Payback.P50, r.Case.HorizonYears))
	case pPos >= 0.5:
		return fmt.Sprintf("Invest with care: moving from %s to %s pays over %d years with probability %s only; the drivers below decide it.",
			from, to, r.Case.HorizonYears, formatProb(pPos, n))
	}
	return fmt.Sprintf("Do not invest on these assumptions: moving from %s to %s loses money over %d years with probability %s.",
		from, to, r.Case.HorizonYears, formatProb(r.ProbLoss, n))
}

// probabilities returns the probability lines.
func (r *CaseReport) probabilities() []string {
	n := r.Samples
	eq := func(p float64) string {
		s := formatProb(p, n)
		if strings.HasPrefix(s, "<") || strings.HasPrefix(s, ">") {
			return " " + s
		}
		return " = " + s
	}
	return []string{
		"P(NPV < 0)" + eq(r.ProbLoss),
		"P(payback within 12 months)" + eq(r.ProbPayback12),
		"P(payback within 24 months)" + eq(r.ProbPayback24),
	}
}

// breakEven explains the break-even.
func (r *CaseReport) breakEven() string {
	s := fmt.Sprintf("Break-even: the case pays if the move saves at least %s a year at full effect (median; 90%%: %s to %s)",
		r.money(r.BreakEven.P50), r.money(r.BreakEven.P5), r.money(r.BreakEven.P95))
	if r.Total.P50 > 0 {
		// A share of a saving that is a loss would read as nonsense.
		s += ", " + units.FormatPercent(r.BreakEvenShare.P50) + " of the simulated saving"
	}
	return s + "."
}

// sourceRows returns the savings by source: label, median, interval,
// and the kind ("cash", "opportunity", or "" for a sum), cash first with
// its sum, then opportunity with its sum, then the total.
func (r *CaseReport) sourceRows() [][4]string {
	var rows [][4]string
	row := func(label, kind string, st bizcase.Stat) {
		rows = append(rows, [4]string{label, r.money(st.P50) + "/yr", r.money(st.P5) + " to " + r.money(st.P95), kind})
	}
	for _, opp := range []bool{false, true} {
		for _, s := range (bizcase.Savings{}).Sources() {
			if s.Opportunity == opp {
				kind := "cash"
				if opp {
					kind = "opportunity"
				}
				row(s.Label, kind, r.Savings[s.Key])
			}
		}
		if opp {
			row("Opportunity, in all", "", r.OpportunitySaving)
		} else {
			row("Cash, in all", "", r.CashSaving)
		}
	}
	row("Total", "", r.Total)
	return rows
}

// cashLine sets the case on cash alone beside the case with the
// opportunity: what a CFO asks first.
func (r *CaseReport) cashLine() string {
	n := r.Samples
	return fmt.Sprintf("Cash apart from opportunity: %s a year of the saving is cash (incident loss, planned downtime, labour paid out of hours) and %s opportunity (cost of delay, office-hours labour freed: value only if put to use). On cash alone NPV over %d years is %s (90%%: %s to %s), P(NPV < 0) %s; with the opportunity %s, P(NPV < 0) %s.",
		r.money(r.CashSaving.P50), r.money(r.OpportunitySaving.P50), r.Case.HorizonYears,
		r.money(r.CashOnly.NPV.P50), r.money(r.CashOnly.NPV.P5), r.money(r.CashOnly.NPV.P95), probIs(r.CashOnly.ProbLoss, n),
		r.money(r.NPV.P50), probIs(r.ProbLoss, n))
}

// probIs writes "= 18%" or "< 0.25%" after a probability's name.
func probIs(p float64, n int) string {
	s := formatProb(p, n)
	if strings.HasPrefix(s, "<") || strings.HasPrefix(s, ">") {
		return s
	}
	return "= " + s
}

// pinnedLines say which uncertain inputs a flag fixed: "investment fixed
// at $1.2M by --investment".
func (r *CaseReport) pinnedLines() []string {
	var out []string
	for _, p := range r.Pinned {
		v, ok := paramAmount(p.Kind, p.Unit, p.Value, r.Currency)
		if !ok {
			v = trimZero(units.Num(p.Value))
			if p.Kind == "duration" {
				v = trimZero(units.FormatHours(p.Value))
			} else if p.Unit != "" {
				v += " " + p.Unit
			}
		}
		out = append(out, fmt.Sprintf("%s fixed at %s by %s (its uncertain: range %s is not sampled)", p.Name, v, p.By, p.Path))
	}
	return out
}

// horizonRows returns the curve of NPV and P(NPV ≥ 0) against the
// horizon: years, median NPV with its interval, P(pays), and the same on
// cash alone; the header first.
func (r *CaseReport) horizonRows() [][5]string {
	n := r.Samples
	rows := [][5]string{{"horizon", "NPV (median, 90%)", "P(NPV ≥ 0)", "cash only: NPV", "cash only: P(NPV ≥ 0)"}}
	for _, h := range r.Horizons {
		years := fmt.Sprintf("%d years", h.Years)
		if h.Years == 1 {
			years = "1 year"
		}
		if h.Years == r.Case.HorizonYears {
			years += " (the case's)"
		}
		rows = append(rows, [5]string{years, fmt.Sprintf("%s (%s to %s)", r.money(h.NPV.P50), r.money(h.NPV.P5), r.money(h.NPV.P95)),
			formatProb(h.ProbPays, n), r.money(h.NPVCash.P50), formatProb(h.ProbPaysCash, n)})
	}
	return rows
}

// turns says from which horizon the case pays, with and without the
// opportunity part.
func (r *CaseReport) turns() string {
	at := func(y int) string {
		switch y {
		case 0:
			return fmt.Sprintf("not within %d years", len(r.Horizons))
		case 1:
			return "from 1 year"
		}
		return fmt.Sprintf("from %d years", y)
	}
	return fmt.Sprintf("When it turns: the median NPV is positive %s; on cash alone %s.", at(r.PaysFrom(false)), at(r.PaysFrom(true)))
}

// driverRows returns the top drivers: the input in words, its path, its
// range, NPV at low and high, swing.
func (r *CaseReport) driverRows() [][5]string {
	var rows [][5]string
	for i, d := range r.Drivers {
		if i == driversShown {
			break
		}
		rows = append(rows, [5]string{bizcase.InputName(d.Path), d.Path, r.rangeSpan(r.rangeOf(d)), r.money(d.NPVAtLow) + " to " + r.money(d.NPVAtHigh), r.money(d.Swing())})
	}
	return rows
}

// caseDoraHeading labels DORA's formula as what it is beside the answer.
const caseDoraHeading = "For comparison only: DORA's ROI formula on the same simulated arms (the answer is deploysim's, above)"

// dominance says which of input uncertainty and simulation noise
// dominates the spread of NPV.
func (r *CaseReport) dominance() string {
	v := r.Variance
	share := v.InputShare()
	switch {
	case len(r.Ranges) == 0:
		return fmt.Sprintf("No input is uncertain: the spread is simulation noise alone (%d simulated years of each arm).", r.Replications)
	case math.IsNaN(share):
		return "With one simulated year per sample, input uncertainty and simulation noise cannot be told apart; raise case.replications."
	case share >= 0.5:
		return fmt.Sprintf("Input uncertainty dominates: %s of the variance of NPV comes from the uncertain inputs, %s from simulation noise (%d years per sample); narrowing the top drivers narrows the answer, more simulation would not.",
			units.FormatPercent(share), units.FormatPercent(1-share), r.Replications)
	}
	return fmt.Sprintf("Simulation noise dominates: %s of the variance of NPV is noise of %d simulated years per sample, %s the inputs; raise case.replications before reading the tails.",
		units.FormatPercent(1-share), r.Replications, units.FormatPercent(share))
}

// doraRows compares DORA's formula with the simulation.
func (r *CaseReport) doraRows() [][3]string {
	d := r.DORA
	hours := func(x float64) string { return units.FormatHours(x) + "/yr" }
	return [][3]string{
		{"", r.From.Name, r.To.Name},
		{"Deploys a year", units.FormatPerYear(d.From.DeploysPerYear), units.FormatPerYear(d.To.DeploysPerYear)},
		{"Change failure rate", units.FormatPercent(d.From.ChangeFailureRate), units.FormatPercent(d.To.ChangeFailureRate)},
		{"Time to restore (mean)", units.FormatHours(d.From.RestoreHours), units.FormatHours(d.To.RestoreHours)},
		{"Outage cost per hour", r.money(d.From.OutageCostPerHour), r.money(d.To.OutageCostPerHour)},
		{"DORA: outage implied", hours(d.From.OutageHours), hours(d.To.OutageHours)},
		{"deploysim: full-outage equivalent", hours(d.From.ImpactHours), hours(d.To.ImpactHours)},
		{"DORA: downtime cost", r.money(d.From.DowntimeCost) + "/yr", r.money(d.To.DowntimeCost) + "/yr"},
		{"deploysim: incident loss", r.money(d.From.IncidentLoss) + "/yr", r.money(d.To.IncidentLoss) + "/yr"},
	}
}

// doraVersus sets DORA's answer beside deploysim's for the move.
func (r *CaseReport) doraVersus() [][3]string {
	d := r.DORA
	months := func(x float64) string { return formatMonths(x, r.Case.HorizonYears) }
	return [][3]string{
		{"", "DORA's formula", "deploysim"},
		{"Saving a year", r.money(d.Saving) + "/yr (downtime)", r.money(d.TotalSaving) + "/yr (all sources; " + r.money(d.IncidentSaving) + " incidents)"},
		{"Payback", months(d.PaybackMonths) + " (investment ÷ saving)", months(d.SimPaybackMonths) + " (with transition, dip, running cost)"},
	}
}

// doraWhy is the sentence on why DORA's formula and deploysim differ.
func (r *CaseReport) doraWhy() string {
	d := r.DORA
	s := r.Base.Savings
	var parts []string
	if d.From.OutageHours > 0 {
		parts = append(parts, fmt.Sprintf("DORA's formula counts every failed deploy of %s as a full outage for the mean restore time (%s a year); the simulation weights each minute by the share of users affected (%s full-outage equivalent) and prices it by the traffic it turns away: a fault that reaches some users, or strikes at night, costs that share",
			r.From.Name, units.FormatHours(d.From.OutageHours), units.FormatHours(d.From.ImpactHours)))
	}
	parts = append(parts, fmt.Sprintf("it prices the tail as it falls (a failed rollback, a long hunt for the culprit among a big batch) rather than the mean; and it adds what the formula leaves out: cost of delay (%s a year), labour (%s) and planned downtime (%s)",
		r.money(s.Delay), r.money(s.Labour()), r.money(s.Downtime)))
	parts = append(parts, fmt.Sprintf("DORA's payback also ignores the transition, the dip and the running cost (%s a year)", r.money(r.Case.RunningCostPerYear)))
	return "Why they differ: " + strings.Join(parts, "; ") + "."
}

// caseHeading returns the title line and the run line.
func (r *CaseReport) caseHeading() (string, string) {
	title := fmt.Sprintf("Business case: %s to %s (%s)", r.From.Name, r.To.Name, r.Scenario)
	inputs := "no uncertain inputs"
	if n := len(r.Ranges); n > 0 {
		inputs = fmt.Sprintf("%d uncertain inputs", n)
	}
	run := fmt.Sprintf("%d samples × %d simulated years of each arm, %s, seed %d; %d years at %s discount; money in %s",
		r.Samples, r.Replications, inputs, r.Seed, r.Case.HorizonYears, units.FormatPercent(r.Case.DiscountRate), r.Currency)
	return title, run
}

// assumptions lists the case's own inputs.
func (r *CaseReport) assumptions() [][2]string {
	c := r.Case
	return [][2]string{
		{"Investment (one-off)", r.money(c.Investment)},
		{"Running cost", r.money(c.RunningCostPerYear) + "/yr"},
		{"Organisation", fmt.Sprintf("%d engineers at %s a year", c.Engineers, r.money(c.CostPerEngineerYear))},
		{"Transition", fmt.Sprintf("%s months, savings ramping up linearly", trimZero(fmt.Sprintf("%.1f", c.TransitionMonths)))},
		{"Productivity dip", fmt.Sprintf("%s of capacity for %s months", units.FormatPercent(c.DipShare), trimZero(fmt.Sprintf("%.1f", c.DipMonths)))},
		{"Horizon and discount", fmt.Sprintf("%d years at %s a year", c.HorizonYears, units.FormatPercent(c.DiscountRate))},
	}
}

// rangeEnd writes an end of an uncertain range the way the rest of the
// report writes such a value, without a ".0" that a round end written in
// the file does not have: money in the scenario's currency ("$400k",
// "$1M", "$300/min", "$150k/yr"), durations in a person's unit ("15 min",
// "2 h"), probabilities and shares as percentages, rates per working day.
// Other numbers, whose unit the file does not say, are written as the file
// wrote them, digit groups shown with commas (1_000 as 1,000).
func (r *CaseReport) rangeEnd(rg scenarios.Range, x float64, text string) string {
	if v, ok := paramAmount(rg.Kind, rg.Unit, x, r.Currency); ok {
		return v
	}
	switch rg.Kind {
	case "duration":
		return trimZero(units.FormatHours(x))
	case "rate":
		return trimZero(units.Num(x)) + "/day"
	}
	if text == "" {
		return units.Num(x)
	}
	return strings.ReplaceAll(text, "_", ",")
}

// paramAmount writes a value of a parameter of the given kind as reports write
// amounts: money in the currency and per what it is ("$300/min"),
// probabilities and shares as percentages ("2%"). It reports false for
// other kinds, which each caller writes its own way.
func paramAmount(kind, per string, x float64, currency string) (string, bool) {
	switch kind {
	case "money":
		return trimZero(units.FormatMoney(x, currency)) + perSuffix(per), true
	case "probability", "share":
		return trimZero(units.FormatPercent(x)), true
	}
	return "", false
}

// perSuffix writes what money is per as a suffix: "per minute" as "/min",
// "per year" as "/yr", "per change-day" as "/change-day".
func perSuffix(per string) string {
	switch per {
	case "":
		return ""
	case "per minute":
		return "/min"
	case "per year":
		return "/yr"
	}
	return "/" + strings.TrimPrefix(per, "per ")
}

// rangeSpan writes a range's 90% interval: "$400k to $1M", "6 to 15
// months".
func (r *CaseReport) rangeSpan(rg scenarios.Range) string {
	s := r.rangeEnd(rg, rg.Low, rg.LowText) + " to " + r.rangeEnd(rg, rg.High, rg.HighText)
	if rg.Unit != "" && rg.Kind != "money" {
		s += " " + rg.Unit
	}
	return s
}

// rangeOf returns the uncertain range of a tornado bar's input.
func (r *CaseReport) rangeOf(d bizcase.Driver) scenarios.Range {
	for _, rg := range r.Ranges {
		if rg.Path == d.Path {
			return rg
		}
	}
	return scenarios.Range{Path: d.Path, Low: d.Low, High: d.High, LowText: d.LowText, HighText: d.HighText}
}

// rangeRows lists the uncertain inputs: name in words, path, 90%
// interval, distribution.
func (r *CaseReport) rangeRows() [][4]string {
	var rows [][4]string
	for _, rg := range r.Ranges {
		dist := rg.Dist
		if dist == "" {
			dist = "default"
		}
		rows = append(rows, [4]string{bizcase.InputName(rg.Path), rg.Path, r.rangeSpan(rg), dist})
	}
	return rows
}
