package reports

import (
	"encoding/csv"
	"io"
)

// WriteCaseCashFlowCSV writes the point estimate's monthly cash flow (every
// uncertain input at its median; bizcase.Result.Monthly), one row a month
// from month 0 (the investment) to the horizon, with cash apart from
// opportunity, the discount factor and the running sums, for a finance
// analyst's own model. Every header names its unit; money is in the
// case's currency, each month's flow booked at its end.
func WriteCaseCashFlowCSV(w io.Writer, r *CaseReport) error {
	cur := "(" + r.Currency + ")"
	cw := csv.NewWriter(w)
	cw.Write([]string{"month", "ramp (share of full saving)", "investment " + cur, "cash saving " + cur, "opportunity saving " + cur,
		"running cost " + cur, "dip " + cur, "net " + cur, "net cash only " + cur, "discount factor",
		"cumulative " + cur, "cumulative present value " + cur, "cumulative cash only " + cur, "cumulative present value cash only " + cur})
	for _, m := range r.Monthly {
		cw.Write([]string{csvFloat(float64(m.Month)), csvFloat(m.Ramp), csvFloat(m.Investment), csvFloat(m.Cash), csvFloat(m.Opportunity),
			csvFloat(m.Running), csvFloat(m.Dip), csvFloat(m.Net), csvFloat(m.NetCash), csvFloat(m.Discount),
			csvFloat(m.Cumulative), csvFloat(m.CumulativePV), csvFloat(m.CumulativeCash), csvFloat(m.CumulativePVCash)})
	}
	cw.Flush()
	return cw.Error()
}
