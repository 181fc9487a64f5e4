package reports

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"

	"deploysim/bizcase"
)

// WriteCaseTable writes the business case for a terminal: the decision,
// the four numbers with their intervals, the savings by source, the
// probabilities and break-even, the top drivers, what dominates the
// spread, DORA's formula beside the simulation, and the command.
func WriteCaseTable(w io.Writer, r *CaseReport) error {
	bw := bufio.NewWriter(w)
	title, run := r.caseHeading()
	fmt.Fprintf(bw, "%s\n%s\n%s\n\n", title, r.Title, run)
	fmt.Fprintf(bw, "%s\n\n", wrap(r.Decision(), 100))
	tw := tabwriter.NewWriter(bw, 0, 8, 2, ' ', 0)
	for _, n := range r.headline() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", n.Label, n.Value, n.Interval, n.Note)
	}
	tw.Flush()
	fmt.Fprintf(bw, "\n  %s\n  %s\n", strings.Join(r.probabilities(), "   "), wrap(r.breakEven(), 98))
	for _, l := range r.pinnedLines() {
		fmt.Fprintf(bw, "  %s\n", wrap(capitalize(l)+".", 98))
	}
	fmt.Fprintf(bw, "\n%s\n", wrap(r.cashLine(), 100))

	fmt.Fprintf(bw, "\nAnnual savings by source, at full effect (median, 90%% interval)\n")
	tw = tabwriter.NewWriter(bw, 0, 8, 2, ' ', tabwriter.AlignRight)
	for _, row := range r.sourceRows() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t\n", row[0], row[1], row[2], row[3])
	}
	tw.Flush()

	fmt.Fprintf(bw, "\nNPV and the probability that the case pays, against the horizon\n")
	tw = tabwriter.NewWriter(bw, 0, 8, 2, ' ', 0)
	for _, row := range r.horizonRows() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", row[0], row[1], row[2], row[3], row[4])
	}
	tw.Flush()
	fmt.Fprintf(bw, "%s\n", wrap(r.turns(), 100))

	if rows := r.driverRows(); len(rows) > 0 {
		fmt.Fprintf(bw, "\nWhat swings NPV most (one input at a time at the ends of its 90%% interval)\n")
		tw = tabwriter.NewWriter(bw, 0, 8, 2, ' ', 0)
		fmt.Fprintf(tw, "  input\tpath\t90%% interval\tNPV at low to high\tswing\n")
		for _, row := range rows {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", row[0], row[1], row[2], row[3], row[4])
		}
		tw.Flush()
	}
	fmt.Fprintf(bw, "\n%s\n", wrap(r.dominance(), 100))

	fmt.Fprintf(bw, "\n%s\n", wrap(caseDoraHeading, 100))
	tw = tabwriter.NewWriter(bw, 0, 8, 2, ' ', 0)
	for _, row := range r.doraRows() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", row[0], row[1], row[2])
	}
	tw.Flush()
	bw.WriteString("\n")
	tw = tabwriter.NewWriter(bw, 0, 8, 2, ' ', 0)
	for _, row := range r.doraVersus() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", row[0], row[1], row[2])
	}
	tw.Flush()
	fmt.Fprintf(bw, "%s\n", wrap(r.doraWhy(), 100))

	for _, warn := range r.Warnings {
		fmt.Fprintf(bw, "\nwarning: %s", warn)
	}
	if len(r.Warnings) > 0 {
		bw.WriteString("\n")
	}
	fmt.Fprintf(bw, "\n$ %s\n", r.Command)
	return bw.Flush()
}

// WriteCaseMarkdown writes the business case as Markdown, for a wiki.
func WriteCaseMarkdown(w io.Writer, r *CaseReport) error {
	bw := bufio.NewWriter(w)
	title, run := r.caseHeading()
	fmt.Fprintf(bw, "# %s\n\n%s\n\n*%s*\n\n**%s**\n\n", mdEscape(title), mdEscape(r.Title), mdEscape(run), mdEscape(r.Decision()))
	bw.WriteString("| | median | interval | |\n|---|---|---|---|\n")
	for _, n := range r.headline() {
		mdRow(bw, n.Label, n.Value, n.Interval, n.Note)
	}
	fmt.Fprintf(bw, "\n%s. %s\n\n", mdEscape(strings.Join(r.probabilities(), "; ")), mdEscape(r.breakEven()))
	for _, l := range r.pinnedLines() {
		fmt.Fprintf(bw, "- %s.\n", mdEscape(capitalize(l)))
	}
	if len(r.Pinned) > 0 {
		bw.WriteString("\n")
	}
	fmt.Fprintf(bw, "%s\n\n", mdEscape(r.cashLine()))
	bw.WriteString("## Annual savings by source\n\nAt full effect, after the transition.\n\n| source | median | 90% interval | kind |\n|---|--:|--:|---|\n")
	for _, row := range r.sourceRows() {
		mdRow(bw, row[0], row[1], row[2], row[3])
	}
	bw.WriteString("\n## NPV against the horizon\n\n")
	for i, row := range r.horizonRows() {
		mdRow(bw, row[0], row[1], row[2], row[3], row[4])
		if i == 0 {
			bw.WriteString("|---|--:|--:|--:|--:|\n")
		}
	}
	fmt.Fprintf(bw, "\n%s\n", mdEscape(r.turns()))
	if rows := r.driverRows(); len(rows) > 0 {
		bw.WriteString("\n## What swings NPV most\n\nOne input at a time at the ends of its 90% interval, the others at their medians.\n\n| input | 90% interval | NPV at low to high | swing |\n|---|---|---|--:|\n")
		for _, row := range rows {
			fmt.Fprintf(bw, "| %s <sub>%s</sub> | %s | %s | %s |\n", mdEscape(row[0]), mdCode(row[1]), mdEscape(row[2]), mdEscape(row[3]), mdEscape(row[4]))
		}
	}
	fmt.Fprintf(bw, "\n%s\n\n## %s\n\n", mdEscape(r.dominance()), mdEscape(caseDoraHeading))
	for _, rows := range [][][3]string{r.doraRows(), r.doraVersus()} {
		for i, row := range rows {
			mdRow(bw, row[0], row[1], row[2])
			if i == 0 {
				bw.WriteString("|---|--:|--:|\n")
			}
		}
		bw.WriteString("\n")
	}
	fmt.Fprintf(bw, "%s\n\n## Assumptions\n\n", mdEscape(r.doraWhy()))
	for _, a := range r.assumptions() {
		fmt.Fprintf(bw, "- %s: %s\n", a[0], mdEscape(a[1]))
	}
	if rows := r.rangeRows(); len(rows) > 0 {
		bw.WriteString("\n| uncertain input | 90% interval | distribution |\n|---|---|---|\n")
		for _, row := range rows {
			fmt.Fprintf(bw, "| %s <sub>%s</sub> | %s | %s |\n", mdEscape(row[0]), mdCode(row[1]), mdEscape(row[2]), mdEscape(row[3]))
		}
	}
	if len(r.Sources) > 0 {
		bw.WriteString("\nSources:\n\n")
		for _, s := range r.Sources {
			fmt.Fprintf(bw, "- %s\n", mdEscape(s))
		}
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(bw, "\n> warning: %s\n", mdEscape(warn))
	}
	fmt.Fprintf(bw, "\n```\n%s\n```\n", r.Command)
	return bw.Flush()
}

// WriteCaseCSV writes the business case's statistics — the headline
// numbers, the savings by source, cash and opportunity, the case on cash
// alone and the horizon curve — one row each:
// quantity, mean, p5, p50, p95 (money in the case's currency, payback in
// months, empty where undefined or never reached).
func WriteCaseCSV(w io.Writer, r *CaseReport) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"quantity", "unit", "mean", "p5", "p50", "p95"})
	row := func(key, unit string, st bizcase.Stat) {
		cw.Write([]string{key, unit, csvFloat(st.Mean), csvFloat(st.P5), csvFloat(st.P50), csvFloat(st.P95)})
	}
	row("npv", r.Currency, r.NPV)
	row("roi", "fraction", r.ROI)
	row("payback_months", "months", r.Payback)
	row("annual_saving", r.Currency+"/yr", r.Total)
	for _, s := range (bizcase.Savings{}).Sources() {
		row("saving_"+s.Key, r.Currency+"/yr", r.Savings[s.Key])
	}
	row("cash_saving", r.Currency+"/yr", r.CashSaving)
	row("opportunity_saving", r.Currency+"/yr", r.OpportunitySaving)
	row("npv_cash_only", r.Currency, r.CashOnly.NPV)
	row("break_even_saving", r.Currency+"/yr", r.BreakEven)
	for _, h := range r.Horizons {
		row(fmt.Sprintf("npv_%d_years", h.Years), r.Currency, h.NPV)
		row(fmt.Sprintf("npv_cash_only_%d_years", h.Years), r.Currency, h.NPVCash)
	}
	probs := []struct {
		key string
		x   float64
	}{{"p_npv_negative", r.ProbLoss}, {"p_npv_negative_cash_only", r.CashOnly.ProbLoss}, {"p_payback_12_months", r.ProbPayback12}, {"p_payback_24_months", r.ProbPayback24}}
	for _, h := range r.Horizons {
		probs = append(probs, struct {
			key string
			x   float64
		}{fmt.Sprintf("p_npv_not_negative_%d_years", h.Years), h.ProbPays}, struct {
			key string
			x   float64
		}{fmt.Sprintf("p_npv_not_negative_cash_only_%d_years", h.Years), h.ProbPaysCash})
	}
	for _, p := range probs {
		cw.Write([]string{p.key, "probability", csvFloat(p.x), "", "", ""})
	}
	cw.Flush()
	return cw.Error()
}

// CaseSchemaVersion is the version of the JSON document WriteCaseJSON
// writes; it changes only when a field is removed or changes meaning.
//
// Version 2: uncertain ranges' and drivers' low and high are numbers (the
// value as the model holds it) beside low_text and high_text (as the file
// wrote them), no longer strings; dora's restore_hours is
// recovery_time_hours, as the run's JSON names it; savings_by_source's
// labour is labor, as the run's labor_cost_per_year; version is new.
//
// Version 3: savings_by_source's labor is split into labor_out_of_hours
// (cash) and labor_office_hours (opportunity); cash_saving,
// opportunity_saving, cash_only, horizons, pinned and
// monthly_cash_flow_point_estimate are new.
const CaseSchemaVersion = 3

type jsonStat struct {
	Mean number `json:"mean"`
	P5   number `json:"p5"`
	P50  number `json:"p50"`
	P95  number `json:"p95"`
}

func toJSONStat(s bizcase.Stat) jsonStat {
	return jsonStat{number(s.Mean), number(s.P5), number(s.P50), number(s.P95)}
}

// WriteCaseJSON writes the business case as JSON for programs. Undefined
// or never-reached values (ROI with no cost, a payback beyond the
// horizon) are null.
func WriteCaseJSON(w io.Writer, r *CaseReport) error {
	type driver struct {
		Path      string `json:"path"`
		Low       number `json:"low"`
		High      number `json:"high"`
		LowText   string `json:"low_text"`
		HighText  string `json:"high_text"`
		NPVAtLow  number `json:"npv_at_low"`
		NPVAtHigh number `json:"npv_at_high"`
	}
	type rng struct {
		Path     string `json:"path"`
		Low      number `json:"low"`
		High     number `json:"high"`
		LowText  string `json:"low_text"`
		HighText string `json:"high_text"`
		Dist     string `json:"dist"`
	}
	type doraArm struct {
		DeploysPerYear    number `json:"deploys_per_year"`
		ChangeFailureRate number `json:"change_failure_rate"`
		RecoveryTimeHours number `json:"recovery_time_hours"`
		OutageCostPerHour number `json:"outage_cost_per_hour"`
		DowntimeCost      number `json:"downtime_cost_per_year"`
		OutageHours       number `json:"outage_hours_per_year"`
		ImpactHours       number `json:"impact_hours_per_year"`
		IncidentLoss      number `json:"incident_loss_per_year"`
	}
	da := func(a bizcase.DORAArm) doraArm {
		return doraArm{number(a.DeploysPerYear), number(a.ChangeFailureRate), number(a.RestoreHours), number(a.OutageCostPerHour),
			number(a.DowntimeCost), number(a.OutageHours), number(a.ImpactHours), number(a.IncidentLoss)}
	}
	c := r.Case
	doc := struct {
		SchemaVersion int    `json:"schema_version"`
		Scenario      string `json:"scenario"`
		Title         string `json:"title"`
		Currency      string `json:"currency"`
		Command       string `json:"command"`
		Version       string `json:"version"`
		From          string `json:"from"`
		To            string `json:"to"`
		Seed          uint64 `json:"seed"`
		Samples       int    `json:"samples"`
		Replications  int    `json:"replications"`
		Decision      string `json:"decision"`
		Case          struct {
			Investment          number `json:"investment"`
			RunningCostPerYear  number `json:"running_cost_per_year"`
			Engineers           int    `json:"engineers"`
			CostPerEngineerYear number `json:"cost_per_engineer_year"`
			TransitionMonths    number `json:"transition_months"`
			Dip                 number `json:"dip"`
			DipMonths           number `json:"dip_months"`
			HorizonYears        int    `json:"horizon_years"`
			DiscountRate        number `json:"discount_rate"`
		} `json:"case"`
		Uncertain      []rng               `json:"uncertain"`
		NPV            jsonStat            `json:"npv"`
		ROI            jsonStat            `json:"roi"`
		PaybackMonths  jsonStat            `json:"payback_months"`
		AnnualSaving   jsonStat            `json:"annual_saving"`
		Savings        map[string]jsonStat `json:"savings_by_source"`
		BreakEven      jsonStat            `json:"break_even_saving"`
		BreakEvenShare jsonStat            `json:"break_even_share"`
		Probabilities  map[string]number   `json:"probabilities"`
		PointEstimate  struct {
			NPV           number            `json:"npv"`
			ROI           number            `json:"roi"`
			PaybackMonths number            `json:"payback_months"`
			Savings       map[string]number `json:"savings_by_source"`
		} `json:"point_estimate"`
		Drivers  []driver `json:"drivers"`
		Variance struct {
			Total      number `json:"total"`
			Input      number `json:"input"`
			Noise      number `json:"noise"`
			InputShare number `json:"input_share"`
		} `json:"npv_variance"`
		DORA struct {
			From               doraArm `json:"from"`
			To                 doraArm `json:"to"`
			Saving             number  `json:"saving_per_year"`
			PaybackMonths      number  `json:"payback_months"`
			DeploysimSaving    number  `json:"deploysim_saving_per_year"`
			DeploysimIncidents number  `json:"deploysim_incident_saving_per_year"`
			DeploysimPayback   number  `json:"deploysim_payback_months"`
			WhyTheyDiffer      string  `json:"why_they_differ"`
		} `json:"dora"`
		CashFlow struct {
			Months []int    `json:"months"`
			P5     []number `json:"p5"`
			P50    []number `json:"p50"`
			P95    []number `json:"p95"`
		} `json:"cumulative_cash_flow"`
		// Cash apart from opportunity, and the case on cash alone.
		CashSaving        jsonStat `json:"cash_saving"`
		OpportunitySaving jsonStat `json:"opportunity_saving"`
		CashOnly          struct {
			NPV           jsonStat `json:"npv"`
			PaybackMonths jsonStat `json:"payback_months"`
			ProbLoss      number   `json:"p_npv_negative"`
		} `json:"cash_only"`
		Horizons []jsonHorizon   `json:"horizons"`
		Pinned   []jsonPinned    `json:"pinned"`
		Monthly  []bizcase.Month `json:"monthly_cash_flow_point_estimate"`
		Warnings []string        `json:"warnings"`
	}{
		SchemaVersion: CaseSchemaVersion, Scenario: r.Scenario, Title: r.Title, Currency: r.Currency, Command: r.Command, Version: r.Version,
		From: r.From.Name, To: r.To.Name, Seed: r.Seed, Samples: r.Samples, Replications: r.Replications, Decision: r.Decision(),
		NPV: toJSONStat(r.NPV), ROI: toJSONStat(r.ROI), PaybackMonths: toJSONStat(r.Payback), AnnualSaving: toJSONStat(r.Total),
		Savings: map[string]jsonStat{}, BreakEven: toJSONStat(r.BreakEven), BreakEvenShare: toJSONStat(r.BreakEvenShare),
		Probabilities: map[string]number{"npv_negative": number(r.ProbLoss), "payback_within_12_months": number(r.ProbPayback12), "payback_within_24_months": number(r.ProbPayback24)},
		Uncertain:     []rng{}, Drivers: []driver{}, Warnings: r.Warnings,
	}
	if doc.Warnings == nil {
		doc.Warnings = []string{}
	}
	doc.CashSaving, doc.OpportunitySaving = toJSONStat(r.CashSaving), toJSONStat(r.OpportunitySaving)
	doc.CashOnly.NPV, doc.CashOnly.PaybackMonths, doc.CashOnly.ProbLoss = toJSONStat(r.CashOnly.NPV), toJSONStat(r.CashOnly.Payback), number(r.CashOnly.ProbLoss)
	doc.Horizons, doc.Pinned, doc.Monthly = []jsonHorizon{}, []jsonPinned{}, r.Monthly
	for _, h := range r.Horizons {
		doc.Horizons = append(doc.Horizons, jsonHorizon{h.Years, toJSONStat(h.NPV), number(h.ProbPays), toJSONStat(h.NPVCash), number(h.ProbPaysCash)})
	}
	for _, p := range r.Pinned {
		doc.Pinned = append(doc.Pinned, jsonPinned{p.Path, p.Name, number(p.Value), p.By})
	}
	doc.Case.Investment, doc.Case.RunningCostPerYear, doc.Case.Engineers = number(c.Investment), number(c.RunningCostPerYear), c.Engineers
	doc.Case.CostPerEngineerYear, doc.Case.TransitionMonths, doc.Case.Dip = number(c.CostPerEngineerYear), number(c.TransitionMonths), number(c.DipShare)
	doc.Case.DipMonths, doc.Case.HorizonYears, doc.Case.DiscountRate = number(c.DipMonths), c.HorizonYears, number(c.DiscountRate)
	for _, rg := range r.Ranges {
		lo, hi := rg.LowText, rg.HighText
		if lo == "" {
			lo, hi = strconv.FormatFloat(rg.Low, 'g', -1, 64), strconv.FormatFloat(rg.High, 'g', -1, 64)
		}
		doc.Uncertain = append(doc.Uncertain, rng{rg.Path, number(rg.Low), number(rg.High), lo, hi, rg.Dist})
	}
	for k, st := range r.Savings {
		doc.Savings[k] = toJSONStat(st)
	}
	doc.PointEstimate.NPV, doc.PointEstimate.ROI, doc.PointEstimate.PaybackMonths = number(r.Base.NPV), number(r.Base.ROI), number(r.Base.PaybackMonths)
	doc.PointEstimate.Savings = map[string]number{}
	for _, s := range r.Base.Savings.Sources() {
		doc.PointEstimate.Savings[s.Key] = number(s.Value)
	}
	for _, d := range r.Drivers {
		lo, hi := d.LowText, d.HighText
		if lo == "" {
			lo, hi = strconv.FormatFloat(d.Low, 'g', -1, 64), strconv.FormatFloat(d.High, 'g', -1, 64)
		}
		doc.Drivers = append(doc.Drivers, driver{d.Path, number(d.Low), number(d.High), lo, hi, number(d.NPVAtLow), number(d.NPVAtHigh)})
	}
	v := r.Variance
	doc.Variance.Total, doc.Variance.Input, doc.Variance.Noise, doc.Variance.InputShare = number(v.Total), number(v.Input), number(v.Noise), number(v.InputShare())
	d := r.DORA
	doc.DORA.From, doc.DORA.To, doc.DORA.Saving, doc.DORA.PaybackMonths = da(d.From), da(d.To), number(d.Saving), number(d.PaybackMonths)
	doc.DORA.DeploysimSaving, doc.DORA.DeploysimIncidents, doc.DORA.DeploysimPayback = number(d.TotalSaving), number(d.IncidentSaving), number(d.SimPaybackMonths)
	doc.DORA.WhyTheyDiffer = r.doraWhy()
	cf := r.CashFlow
	doc.CashFlow.Months = cf.Months
	for i := range cf.Months {
		doc.CashFlow.P5 = append(doc.CashFlow.P5, number(cf.P5[i]))
		doc.CashFlow.P50 = append(doc.CashFlow.P50, number(cf.P50[i]))
		doc.CashFlow.P95 = append(doc.CashFlow.P95, number(cf.P95[i]))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// jsonHorizon is one point of the horizon curve in the case's JSON.
type jsonHorizon struct {
	Years        int      `json:"years"`
	NPV          jsonStat `json:"npv"`
	ProbPays     number   `json:"p_npv_not_negative"`
	NPVCash      jsonStat `json:"npv_cash_only"`
	ProbPaysCash number   `json:"p_npv_not_negative_cash_only"`
}

// jsonPinned is an uncertain input a flag fixed, in the case's JSON.
type jsonPinned struct {
	Path  string `json:"path"`
	Name  string `json:"name"`
	Value number `json:"value"`
	By    string `json:"by"`
}

// capitalize makes a sentence of a clause: its first letter upper case.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// mdRow writes one row of a Markdown table, escaping every cell but
// inline code (mdCode): a pipe would split it, two $ start maths.
func mdRow(bw *bufio.Writer, cells ...string) {
	for i, c := range cells {
		if !strings.HasPrefix(c, "`") {
			cells[i] = mdEscape(c)
		}
	}
	fmt.Fprintf(bw, "| %s |\n", strings.Join(cells, " | "))
}
