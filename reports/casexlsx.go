package reports

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"deploysim/bizcase"
	"deploysim/scenarios"
)

// The workbook's sheets.
const (
	xlInputs   = "Inputs"
	xlCashFlow = "CashFlow"
	xlSavings  = "Savings"
	xlHorizons = "Horizons"
	xlSamples  = "Samples"
	xlAbout    = "About"
)

// xlInput is one row of the inputs sheet: what the cash flow's formulas
// read.
type xlInput struct {
	label, unit, note string
	value             float64
	formula           string // instead of value, for the savings the sources add up to
}

// Cells of the inputs sheet, by row (column B holds the value).
const (
	xlInvestment = iota + 2
	xlRunning
	xlEngineers
	xlCostPerEngineer
	xlTransition
	xlDip
	xlDipMonths
	xlHorizon
	xlRate
	xlCashSaving
	xlOppSaving
)

func xlIn(row int) string { return fmt.Sprintf("%s!$B$%d", xlInputs, row) }

// Columns of the cash-flow sheet.
var xlFlowHeads = []string{
	"Month", "In horizon (1 = yes)", "Ramp (share of full saving)", "Investment (%s)", "Cash saving (%s)",
	"Opportunity saving (%s)", "Running cost (%s)", "Dip (%s)", "Net (%s)", "Net, cash only (%s)",
	"Discount factor", "Present value (%s)", "Present value, cash only (%s)", "Cumulative (%s)",
	"Cumulative, cash only (%s)", "Month with cumulative < 0 (else -1)", "Month with cumulative cash only < 0 (else -1)",
}

// WriteCaseXLSX writes the business case as a workbook a finance analyst
// can edit: an Inputs sheet (the case's terms and the point estimate's
// annual savings, cash apart from opportunity), a CashFlow sheet whose
// every cell is a live formula over the inputs (the ramp-up, the dip,
// discounting, cumulative cash, NPV and payback, with and without the
// opportunity part, for up to max(5, horizon) years), the savings by
// source with their intervals (the inputs' savings add them up), the
// horizon curve, every Monte Carlo sample, and where it all came from.
// The formulas give the point estimate's figures (every uncertain input
// at its median); the simulation's distribution is in the other sheets.
func WriteCaseXLSX(w io.Writer, r *CaseReport) error {
	f := excelize.NewFile()
	defer f.Close()
	cur := r.Currency
	if err := f.SetSheetName("Sheet1", xlInputs); err != nil {
		return err
	}
	for _, s := range []string{xlCashFlow, xlSavings, xlHorizons, xlSamples, xlAbout} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	moneyFmt, pctFmt, numFmt := "#,##0.00", "0.0%", "0.000000"
	style := func(s excelize.Style) int {
		id, _ := f.NewStyle(&s)
		return id
	}
	bold := style(excelize.Style{Font: &excelize.Font{Bold: true}})
	money := style(excelize.Style{CustomNumFmt: &moneyFmt})
	pct := style(excelize.Style{CustomNumFmt: &pctFmt})
	num := style(excelize.Style{CustomNumFmt: &numFmt})
	edit := style(excelize.Style{Fill: excelize.Fill{Type: "pattern", Color: []string{"FFF2CC"}, Pattern: 1}})

	var err error
	set := func(sheet, cell string, v any) {
		if err == nil {
			err = f.SetCellValue(sheet, cell, v)
		}
	}
	formula := func(sheet, cell, fx string) {
		if err == nil {
			err = f.SetCellFormula(sheet, cell, fx)
		}
	}
	styleRange := func(sheet, from, to string, id int) {
		if err == nil {
			err = f.SetCellStyle(sheet, from, to, id)
		}
	}
	row := func(sheet string, n int, cells ...any) {
		for i, c := range cells {
			name, _ := excelize.CoordinatesToCellName(i+1, n)
			set(sheet, name, c)
		}
	}

	// Inputs.
	c := r.BaseCase
	sources := r.Base.Savings.Sources()
	cashRows, oppRows := []int{}, []int{}
	for i, s := range sources {
		if s.Opportunity {
			oppRows = append(oppRows, i+2)
		} else {
			cashRows = append(cashRows, i+2)
		}
	}
	sumOf := func(rows []int) string {
		if len(rows) == 0 {
			return "0"
		}
		return fmt.Sprintf("SUM(%s!$E$%d:$E$%d)", xlSavings, rows[0], rows[len(rows)-1])
	}
	inputs := []xlInput{
		{label: "Investment (one-off, month 0)", unit: cur, value: c.Investment, note: "case.investment"},
		{label: "Running cost a year", unit: cur + "/yr", value: c.RunningCostPerYear, note: "case.running_cost"},
		{label: "Engineers", unit: "people", value: float64(c.Engineers), note: "case.engineers"},
		{label: "Cost of an engineer-year", unit: cur + "/yr", value: c.CostPerEngineerYear, note: "case.cost_per_engineer_year"},
		{label: "Transition (savings ramp up linearly)", unit: "months", value: c.TransitionMonths, note: "case.transition_months"},
		{label: "Productivity dip", unit: "share of capacity", value: c.DipShare, note: "case.dip"},
		{label: "Length of the dip", unit: "months", value: c.DipMonths, note: "case.dip_months"},
		{label: "Horizon (1 to 5 here; add rows to CashFlow for more)", unit: "years", value: float64(c.HorizonYears), note: "case.horizon_years"},
		{label: "Discount rate", unit: "a year", value: c.DiscountRate, note: "case.discount_rate"},
		{label: "Cash saving a year at full effect", unit: cur + "/yr", formula: sumOf(cashRows), note: "point estimate (inputs at their medians), the cash rows of Savings"},
		{label: "Opportunity saving a year at full effect", unit: cur + "/yr", formula: sumOf(oppRows), note: "point estimate, the opportunity rows of Savings"},
	}
	row(xlInputs, 1, "Input", "Value", "Unit", "Where it comes from")
	styleRange(xlInputs, "A1", "D1", bold)
	for i, in := range inputs {
		n := i + 2
		row(xlInputs, n, in.label)
		if in.formula != "" {
			formula(xlInputs, fmt.Sprintf("B%d", n), in.formula)
		} else {
			set(xlInputs, fmt.Sprintf("B%d", n), in.value)
			styleRange(xlInputs, fmt.Sprintf("B%d", n), fmt.Sprintf("B%d", n), edit)
		}
		set(xlInputs, fmt.Sprintf("C%d", n), in.unit)
		set(xlInputs, fmt.Sprintf("D%d", n), in.note)
	}
	set(xlInputs, fmt.Sprintf("A%d", len(inputs)+3), "Yellow cells are inputs: change them and the CashFlow sheet recalculates. The savings come from deploysim's simulation (the Savings sheet); edit a source there to try another value.")

	// The cash flow: one row per month, every cell a formula.
	months := 12 * max(bizcase.MaxCurveYears, c.HorizonYears)
	heads := make([]any, len(xlFlowHeads))
	for i, h := range xlFlowHeads {
		heads[i] = h
		if strings.Contains(h, "%s") {
			heads[i] = fmt.Sprintf(h, cur)
		}
	}
	row(xlCashFlow, 1, heads...)
	styleRange(xlCashFlow, "A1", "Q1", bold)
	first, last := 2, months+2
	T := xlIn(xlTransition)
	for m := 0; m <= months; m++ {
		n := m + 2
		at := func(col string) string { return fmt.Sprintf("%s%d", col, n) }
		set(xlCashFlow, at("A"), m)
		formula(xlCashFlow, at("B"), fmt.Sprintf("IF(A%d<=12*%s,1,0)", n, xlIn(xlHorizon)))
		if m == 0 {
			set(xlCashFlow, at("C"), 0)
			formula(xlCashFlow, at("D"), xlIn(xlInvestment))
			for _, col := range []string{"E", "F", "G", "H"} {
				set(xlCashFlow, at(col), 0)
			}
		} else {
			// The mean of min(t/T, 1) over the month (bizcase's ramp).
			formula(xlCashFlow, at("C"), fmt.Sprintf("IF(OR(%[2]s<=0,A%[1]d-1>=%[2]s),1,IF(A%[1]d<=%[2]s,(2*A%[1]d-1)/(2*%[2]s),(%[2]s^2-(A%[1]d-1)^2)/(2*%[2]s)+(A%[1]d-%[2]s)))", n, T))
			set(xlCashFlow, at("D"), 0)
			formula(xlCashFlow, at("E"), fmt.Sprintf("B%[1]d*%[2]s/12*C%[1]d", n, xlIn(xlCashSaving)))
			formula(xlCashFlow, at("F"), fmt.Sprintf("B%[1]d*%[2]s/12*C%[1]d", n, xlIn(xlOppSaving)))
			formula(xlCashFlow, at("G"), fmt.Sprintf("B%d*%s/12", n, xlIn(xlRunning)))
			formula(xlCashFlow, at("H"), fmt.Sprintf("B%[1]d*%[2]s*%[3]s*%[4]s/12*MAX(0,MIN(A%[1]d,%[5]s)-MAX(A%[1]d-1,0))",
				n, xlIn(xlDip), xlIn(xlEngineers), xlIn(xlCostPerEngineer), xlIn(xlDipMonths)))
		}
		formula(xlCashFlow, at("I"), fmt.Sprintf("E%[1]d+F%[1]d-D%[1]d-G%[1]d-H%[1]d", n))
		formula(xlCashFlow, at("J"), fmt.Sprintf("E%[1]d-D%[1]d-G%[1]d-H%[1]d", n))
		formula(xlCashFlow, at("K"), fmt.Sprintf("(1+%s)^(-A%d/12)", xlIn(xlRate), n))
		formula(xlCashFlow, at("L"), fmt.Sprintf("I%[1]d*K%[1]d", n))
		formula(xlCashFlow, at("M"), fmt.Sprintf("J%[1]d*K%[1]d", n))
		if m == 0 {
			formula(xlCashFlow, at("N"), "I2")
			formula(xlCashFlow, at("O"), "J2")
		} else {
			formula(xlCashFlow, at("N"), fmt.Sprintf("N%d+I%d", n-1, n))
			formula(xlCashFlow, at("O"), fmt.Sprintf("O%d+J%d", n-1, n))
		}
		formula(xlCashFlow, at("P"), fmt.Sprintf("IF(AND(B%[1]d=1,N%[1]d<0),A%[1]d,-1)", n))
		formula(xlCashFlow, at("Q"), fmt.Sprintf("IF(AND(B%[1]d=1,O%[1]d<0),A%[1]d,-1)", n))
	}
	styleRange(xlCashFlow, fmt.Sprintf("C%d", first), fmt.Sprintf("C%d", last), num)
	styleRange(xlCashFlow, fmt.Sprintf("D%d", first), fmt.Sprintf("J%d", last), money)
	styleRange(xlCashFlow, fmt.Sprintf("K%d", first), fmt.Sprintf("K%d", last), num)
	styleRange(xlCashFlow, fmt.Sprintf("L%d", first), fmt.Sprintf("O%d", last), money)

	// The results, to the right of the flows.
	// Payback is within the month after the last one whose cumulative
	// flow is negative (bizcase's payback): 0 if there is none, beyond the
	// horizon if it is the horizon's last month. The steps have cells of
	// their own, rows 7 to 12.
	payback := func(steps int) string {
		return fmt.Sprintf(`IF(T%[1]d<0,0,IF(T%[1]d>=$T$6,"beyond the horizon",T%[1]d-T%[2]d/T%[3]d))`, steps, steps+1, steps+2)
	}
	lastNeg := func(col string) string { return fmt.Sprintf("MAX(%[1]s%[2]d:%[1]s%[3]d)", col, first, last) }
	cumAt := func(steps int, cumCol string) string {
		return fmt.Sprintf("IF(T%[1]d<0,0,INDEX(%[2]s%[3]d:%[2]s%[4]d,T%[1]d+1))", steps, cumCol, first, last)
	}
	netAfter := func(steps int, netCol string) string {
		return fmt.Sprintf("IF(OR(T%[1]d<0,T%[1]d>=$T$6),1,INDEX(%[2]s%[3]d:%[2]s%[4]d,T%[1]d+2))", steps, netCol, first, last)
	}
	results := []struct{ label, fx, unit string }{
		{"NPV", fmt.Sprintf("SUM(L%d:L%d)", first, last), cur},
		{"NPV, cash only", fmt.Sprintf("SUM(M%d:M%d)", first, last), cur},
		{"Payback", payback(7), "months"},
		{"Payback, cash only", payback(10), "months"},
		{"Months in the horizon", "12*" + xlIn(xlHorizon), "months"},
		{"Last month with cumulative < 0 (-1: none)", lastNeg("P"), "month"},
		{"Cumulative at that month", cumAt(7, "N"), cur},
		{"Net flow of the month after", netAfter(7, "I"), cur},
		{"Last month with cumulative cash only < 0", lastNeg("Q"), "month"},
		{"Cumulative cash only at that month", cumAt(10, "O"), cur},
		{"Net cash-only flow of the month after", netAfter(10, "J"), cur},
	}
	set(xlCashFlow, "S1", "Result (point estimate)")
	set(xlCashFlow, "T1", "Value")
	set(xlCashFlow, "U1", "Unit")
	styleRange(xlCashFlow, "S1", "U1", bold)
	for i, res := range results {
		n := i + 2
		set(xlCashFlow, fmt.Sprintf("S%d", n), res.label)
		formula(xlCashFlow, fmt.Sprintf("T%d", n), res.fx)
		set(xlCashFlow, fmt.Sprintf("U%d", n), res.unit)
	}
	styleRange(xlCashFlow, "T2", "T3", money)
	styleRange(xlCashFlow, "T4", "T5", num)

	// Savings by source: the point estimate feeds the inputs; the
	// interval is over the samples.
	row(xlSavings, 1, "Source", "Kind", fmt.Sprintf("Median (%s/yr)", cur), fmt.Sprintf("90%% interval: 5th percentile (%s/yr)", cur),
		fmt.Sprintf("Point estimate (%s/yr)", cur), fmt.Sprintf("95th percentile (%s/yr)", cur))
	styleRange(xlSavings, "A1", "F1", bold)
	for i, s := range sources {
		st := r.Savings[s.Key]
		kind := "cash"
		if s.Opportunity {
			kind = "opportunity"
		}
		row(xlSavings, i+2, s.Label, kind, st.P50, st.P5, s.Value, st.P95)
	}
	n := len(sources) + 2
	row(xlSavings, n, "Total", "", r.Total.P50, r.Total.P5, nil, r.Total.P95)
	formula(xlSavings, fmt.Sprintf("E%d", n), fmt.Sprintf("SUM(E2:E%d)", n-1))
	styleRange(xlSavings, "C2", fmt.Sprintf("F%d", n), money)
	set(xlSavings, fmt.Sprintf("A%d", n+2), "Cash: money the organisation stops paying or losing. Opportunity: value only if the time freed and the faster delivery are put to use.")

	// The horizon curve.
	row(xlHorizons, 1, "Horizon (years)", fmt.Sprintf("NPV median (%s)", cur), fmt.Sprintf("NPV 5th percentile (%s)", cur), fmt.Sprintf("NPV 95th percentile (%s)", cur),
		"P(NPV ≥ 0)", fmt.Sprintf("NPV cash only, median (%s)", cur), "P(NPV ≥ 0), cash only")
	styleRange(xlHorizons, "A1", "G1", bold)
	for i, h := range r.Horizons {
		row(xlHorizons, i+2, h.Years, h.NPV.P50, h.NPV.P5, h.NPV.P95, h.ProbPays, h.NPVCash.P50, h.ProbPaysCash)
	}
	styleRange(xlHorizons, "B2", fmt.Sprintf("D%d", len(r.Horizons)+1), money)
	styleRange(xlHorizons, "E2", fmt.Sprintf("E%d", len(r.Horizons)+1), pct)
	styleRange(xlHorizons, "F2", fmt.Sprintf("F%d", len(r.Horizons)+1), money)
	styleRange(xlHorizons, "G2", fmt.Sprintf("G%d", len(r.Horizons)+1), pct)

	// Every sample.
	sh := []any{"Sample"}
	for _, rg := range r.Ranges {
		sh = append(sh, fmt.Sprintf("%s (%s)", bizcase.InputName(rg.Path), rangeUnit(rg, cur)))
	}
	sh = append(sh, fmt.Sprintf("Saving (%s/yr)", cur), fmt.Sprintf("Cash saving (%s/yr)", cur), fmt.Sprintf("Opportunity saving (%s/yr)", cur),
		fmt.Sprintf("NPV (%s)", cur), fmt.Sprintf("NPV, cash only (%s)", cur), "Payback (months; empty: beyond the horizon)")
	row(xlSamples, 1, sh...)
	endCol, _ := excelize.ColumnNumberToName(len(sh))
	styleRange(xlSamples, "A1", endCol+"1", bold)
	for k, d := range r.Draws {
		cells := []any{k + 1}
		for _, x := range d.Inputs {
			cells = append(cells, x)
		}
		var pay any
		if !math.IsInf(d.PaybackMonths, 0) {
			pay = d.PaybackMonths
		}
		cells = append(cells, d.Saving, d.Cash, d.Opportunity, d.NPV, d.NPVCash, pay)
		row(xlSamples, k+2, cells...)
	}

	// Where it came from.
	about := [][2]string{
		{"Scenario", r.Scenario},
		{"Title", r.Title},
		{"From", r.From.Name},
		{"To", r.To.Name},
		{"Seed", fmt.Sprint(r.Seed)},
		{"Samples × simulated years", fmt.Sprintf("%d × %d", r.Samples, r.Replications)},
		{"Currency", cur},
		{"Reproduce", r.Command},
		{"deploysim", r.Version},
		{"Point estimate", "The CashFlow sheet computes the case with every uncertain input at its median (the Inputs sheet); deploysim's NPV and payback with intervals are over the samples (Samples, Horizons)."},
	}
	for _, p := range r.Pinned {
		about = append(about, [2]string{"Fixed by a flag", fmt.Sprintf("%s (%s) by %s", p.Name, p.Path, p.By)})
	}
	for _, w := range r.Warnings {
		about = append(about, [2]string{"Warning", w})
	}
	for i, a := range about {
		row(xlAbout, i+1, a[0], a[1])
	}
	styleRange(xlAbout, "A1", fmt.Sprintf("A%d", len(about)), bold)
	for _, s := range []struct {
		sheet, cols string
		width       float64
	}{{xlInputs, "A", 48}, {xlInputs, "D", 60}, {xlCashFlow, "B", 10}, {xlCashFlow, "C", 12}, {xlCashFlow, "D", 18}, {xlCashFlow, "E", 18},
		{xlCashFlow, "F", 18}, {xlCashFlow, "G", 16}, {xlCashFlow, "H", 14}, {xlCashFlow, "I", 16}, {xlCashFlow, "J", 16}, {xlCashFlow, "L", 16},
		{xlCashFlow, "M", 16}, {xlCashFlow, "N", 16}, {xlCashFlow, "O", 16}, {xlCashFlow, "S", 24}, {xlCashFlow, "T", 18},
		{xlSavings, "A", 52}, {xlSavings, "C", 16}, {xlSavings, "D", 16}, {xlSavings, "E", 18}, {xlSavings, "F", 16}, {xlAbout, "A", 24}, {xlAbout, "B", 100}} {
		if err == nil {
			err = f.SetColWidth(s.sheet, s.cols, s.cols, s.width)
		}
	}
	if err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	// Spreadsheet programs recompute every formula when they open it.
	yes := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &yes}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// rangeUnit names the unit a sample of the range is written in (the
// model's: hours, fractions, per working day, the currency).
func rangeUnit(rg scenarios.Range, currency string) string {
	switch rg.Kind {
	case "money":
		return strings.TrimSpace(currency + " " + rg.Unit)
	case "duration":
		return "hours"
	case "probability", "share":
		return "fraction"
	case "rate":
		return "per working day"
	}
	if rg.Unit != "" {
		return rg.Unit
	}
	return "number"
}
