package bizcase

import (
	"math"

	"deploysim/scenarios"
)

// Metrics are what one annual saving is worth under a case.
type Metrics struct {
	// NPV is the net present value over the horizon, investment included.
	NPV float64 `json:"npv"`
	// ROI is NPV over the present value of every cost (investment, running
	// cost, dip): 0.5 means the case returns its costs and half again. NaN
	// when the move costs nothing.
	ROI float64 `json:"roi"`
	// PaybackMonths is when the cumulative undiscounted cash flow turns
	// non-negative for good; +Inf if it does not within the horizon.
	PaybackMonths float64 `json:"payback_months"`
	// BreakEvenSaving is the annual saving, at full effect, at which NPV
	// is zero: the least the move must save for the case to pay.
	BreakEvenSaving float64 `json:"break_even_saving"`
}

// Flows are a case's monthly cash flows for one annual saving.
type Flows struct {
	// Net[m] is the net cash flow of month m (m = 0 is the investment,
	// paid at the start; month m ≥ 1 is booked at its end).
	Net []float64
	// Benefit, Running and Dip split months 1… (index 0 is zero).
	Benefit, Running, Dip []float64
}

// ramp is the share of the full saving earned over month m (1-based): the
// mean of min(t/T, 1) over [m−1, m], the linear ramp-up of a transition of
// T months.
func ramp(m int, months float64) float64 {
	a, b := float64(m-1), float64(m)
	switch {
	case months <= 0 || a >= months:
		return 1
	case b <= months:
		return (a + b) / 2 / months
	}
	// The month in which the transition ends: ramp, then flat.
	return ((months*months-a*a)/(2*months) + (b - months)) / (b - a)
}

// overlap is the length of [a, b] ∩ [0, d].
func overlap(a, b, d float64) float64 {
	return max(0, min(b, d)-max(a, 0))
}

// CashFlows returns the monthly cash flows of the case for an annual
// saving (at full effect, in the case's currency a year).
func CashFlows(c *scenarios.Case, annualSaving float64) Flows {
	n := 12 * c.HorizonYears
	f := Flows{
		Net:     make([]float64, n+1),
		Benefit: make([]float64, n+1),
		Running: make([]float64, n+1),
		Dip:     make([]float64, n+1),
	}
	f.Net[0] = -c.Investment
	dipPerMonth := c.DipShare * float64(c.Engineers) * c.CostPerEngineerYear / 12
	for m := 1; m <= n; m++ {
		f.Benefit[m] = annualSaving / 12 * ramp(m, c.TransitionMonths)
		f.Running[m] = c.RunningCostPerYear / 12
		f.Dip[m] = dipPerMonth * overlap(float64(m-1), float64(m), c.DipMonths)
		f.Net[m] = f.Benefit[m] - f.Running[m] - f.Dip[m]
	}
	return f
}

// discount returns the discount factor of month m at a yearly rate.
func discount(rate float64, m int) float64 {
	return math.Pow(1+rate, -float64(m)/12)
}

// Evaluate returns the NPV, ROI, payback and break-even of the case for
// one annual saving at full effect.
func Evaluate(c *scenarios.Case, annualSaving float64) Metrics {
	f := CashFlows(c, annualSaving)
	var npv, pvCost, pvUnit float64
	npv = f.Net[0]
	pvCost = c.Investment
	for m := 1; m < len(f.Net); m++ {
		v := discount(c.DiscountRate, m)
		npv += f.Net[m] * v
		pvCost += (f.Running[m] + f.Dip[m]) * v
		pvUnit += ramp(m, c.TransitionMonths) / 12 * v
	}
	out := Metrics{NPV: npv, ROI: math.NaN(), PaybackMonths: payback(f.Net)}
	if pvCost > 0 {
		out.ROI = npv / pvCost
	}
	out.BreakEvenSaving = pvCost / pvUnit
	return out
}

// payback returns when the cumulative cash flow turns non-negative and
// stays so, interpolating within the month: 0 if it never goes negative,
// +Inf if it ends negative.
func payback(net []float64) float64 {
	cum := make([]float64, len(net))
	last := -1 // the last month whose cumulative flow is negative
	for m, x := range net {
		cum[m] = x
		if m > 0 {
			cum[m] += cum[m-1]
		}
		if cum[m] < 0 {
			last = m
		}
	}
	switch {
	case last < 0:
		return 0
	case last == len(net)-1:
		return math.Inf(1)
	}
	// Within month last+1 the flow goes from cum[last] < 0 to ≥ 0.
	return float64(last) + -cum[last]/net[last+1]
}

// Cumulative returns the running sum of monthly flows.
func Cumulative(net []float64) []float64 {
	out := make([]float64, len(net))
	var s float64
	for i, x := range net {
		s += x
		out[i] = s
	}
	return out
}

// Month is one month of a case's cash flow, in the case's currency, as a
// spreadsheet lays it out: month 0 is the investment, paid at the start;
// month m ≥ 1 is booked at its end.
type Month struct {
	Month int `json:"month"`
	// Ramp is the share of the full saving earned this month (the
	// transition's linear ramp-up); Cash and Opportunity the month's
	// savings of each kind (the annual saving ÷ 12 × Ramp).
	Ramp        float64 `json:"ramp"`
	Investment  float64 `json:"investment"`
	Cash        float64 `json:"cash_saving"`
	Opportunity float64 `json:"opportunity_saving"`
	Running     float64 `json:"running_cost"`
	Dip         float64 `json:"dip"`
	// Net is Cash + Opportunity − Investment − Running − Dip, and NetCash
	// the same without Opportunity.
	Net     float64 `json:"net"`
	NetCash float64 `json:"net_cash"`
	// Discount is the month's discount factor, (1 + rate)^(−m/12).
	Discount float64 `json:"discount_factor"`
	// Cumulative is the running sum of Net (payback is where it turns
	// non-negative for good) and CumulativePV that of Net × Discount (NPV
	// at the last month); CumulativeCash and CumulativePVCash the same of
	// NetCash.
	Cumulative       float64 `json:"cumulative"`
	CumulativePV     float64 `json:"cumulative_pv"`
	CumulativeCash   float64 `json:"cumulative_cash"`
	CumulativePVCash float64 `json:"cumulative_pv_cash"`
}

// Schedule returns the case's monthly cash flow for annual savings s at
// full effect: Evaluate's arithmetic month by month, with cash apart from
// opportunity. The last month's CumulativePV is Evaluate(c, s.Total()).NPV
// and its CumulativePVCash Evaluate(c, s.Cash()).NPV.
func Schedule(c *scenarios.Case, s Savings) []Month {
	all := CashFlows(c, s.Total())
	cash := CashFlows(c, s.Cash())
	out := make([]Month, len(all.Net))
	var cum, cumPV, cumC, cumPVC float64
	for m := range out {
		v := discount(c.DiscountRate, m)
		mo := Month{Month: m, Discount: v, Running: all.Running[m], Dip: all.Dip[m], Net: all.Net[m], NetCash: cash.Net[m]}
		if m == 0 {
			mo.Investment = c.Investment
		} else {
			mo.Ramp = ramp(m, c.TransitionMonths)
			mo.Cash = cash.Benefit[m]
			mo.Opportunity = all.Benefit[m] - cash.Benefit[m]
		}
		cum += mo.Net
		cumPV += mo.Net * v
		cumC += mo.NetCash
		cumPVC += mo.NetCash * v
		mo.Cumulative, mo.CumulativePV, mo.CumulativeCash, mo.CumulativePVCash = cum, cumPV, cumC, cumPVC
		out[m] = mo
	}
	return out
}
