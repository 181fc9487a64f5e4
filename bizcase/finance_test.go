package bizcase

import (
	"math"
	"testing"

	"deploysim/scenarios"
)

// cents rounds money to the cent, as a spreadsheet shows it.
func cents(x float64) float64 { return math.Round(x * 100) }

// TestEvaluateClosedForm: with no transition, no dip and a constant
// saving, the case is the spreadsheet annuity of its monthly net flow.
func TestEvaluateClosedForm(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		invest, running, saving float64
		years                   int
		rate                    float64
	}{
		{"typical", 750_000, 120_000, 1_500_000, 3, 0.08},
		{"no discount", 500_000, 0, 240_000, 3, 0},
		{"never pays", 2_000_000, 100_000, 400_000, 3, 0.1},
		{"five years, 12%", 1_234_567.89, 50_000, 700_000, 5, 0.12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &scenarios.Case{Investment: tc.invest, RunningCostPerYear: tc.running, HorizonYears: tc.years, DiscountRate: tc.rate}
			got := Evaluate(c, tc.saving)
			monthly := (tc.saving - tc.running) / 12
			n := float64(12 * tc.years)
			v := math.Pow(1+tc.rate, -1.0/12)
			annuity := n // Σ vᵐ for m = 1…N
			if tc.rate > 0 {
				annuity = v * (1 - math.Pow(v, n)) / (1 - v)
			}
			npv := -tc.invest + monthly*annuity
			roi := npv / (tc.invest + tc.running/12*annuity)
			payback := tc.invest / monthly
			if payback > n {
				payback = math.Inf(1)
			}
			if cents(got.NPV) != cents(npv) {
				t.Errorf("NPV: got %.2f, want %.2f", got.NPV, npv)
			}
			if math.Abs(got.ROI-roi) > 1e-12 {
				t.Errorf("ROI: got %.15f, want %.15f", got.ROI, roi)
			}
			if !(math.IsInf(payback, 1) && math.IsInf(got.PaybackMonths, 1)) && math.Abs(got.PaybackMonths-payback) > 1e-9 {
				t.Errorf("payback: got %.12f months, want %.12f", got.PaybackMonths, payback)
			}
			// At the break-even saving the NPV is zero.
			if be := Evaluate(c, got.BreakEvenSaving); math.Abs(be.NPV) > 1e-6 {
				t.Errorf("NPV at the break-even saving %.2f: got %.6f, want 0", got.BreakEvenSaving, be.NPV)
			}
		})
	}
}

// TestTransitionAndDip: a linear ramp over T months earns half the saving
// over them; the dip costs share × engineers × cost × months / 12.
func TestTransitionAndDip(t *testing.T) {
	c := &scenarios.Case{HorizonYears: 1, TransitionMonths: 4.5, DipShare: 0.1, DipMonths: 2.5, Engineers: 40, CostPerEngineerYear: 120_000}
	f := CashFlows(c, 1_200_000)
	var benefit, dip float64
	for m := range f.Net {
		benefit += f.Benefit[m]
		dip += f.Dip[m]
	}
	// 12 months of 100k, less half of the 4.5 ramp months.
	if want := 100_000 * (12 - 4.5/2); cents(benefit) != cents(want) {
		t.Errorf("benefit over the year: got %.2f, want %.2f", benefit, want)
	}
	if want := 0.1 * 40 * 120_000 * 2.5 / 12; cents(dip) != cents(want) {
		t.Errorf("dip: got %.2f, want %.2f", dip, want)
	}
	for m := 1; m < len(f.Benefit); m++ {
		if f.Benefit[m] < f.Benefit[m-1] {
			t.Errorf("benefit falls in month %d: %.2f after %.2f", m, f.Benefit[m], f.Benefit[m-1])
		}
	}
}

// TestPaybackJCurve: a dip that drives the cumulative flow negative after
// it was positive delays payback to the last crossing.
func TestPaybackJCurve(t *testing.T) {
	net := []float64{0, 10, -30, 10, 10, 10}
	// cumulative 0, 10, -20, -10, 0, 10: last negative at month 3, zero at 4.
	if got := payback(net); got != 4 {
		t.Errorf("got %g months, want 4", got)
	}
	if got := payback([]float64{-100, 40, 40}); !math.IsInf(got, 1) {
		t.Errorf("never paid: got %g, want +Inf", got)
	}
	if got := payback([]float64{-100, 40, 80}); got != 1.75 {
		t.Errorf("got %g months, want 1.75 (60 of 80 into month 2)", got)
	}
}

func TestRamp(t *testing.T) {
	for _, tc := range []struct {
		m      int
		months float64
		want   float64
	}{
		{1, 0, 1}, {1, 4, 0.125}, {4, 4, 0.875}, {5, 4, 1},
		// Month 3 of a 2.5-month transition: half ramp (mean 0.9), half flat.
		{3, 2.5, (2.5*2.5-4)/5 + 0.5},
	} {
		if got := ramp(tc.m, tc.months); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("ramp(%d, %g) = %g, want %g", tc.m, tc.months, got, tc.want)
		}
	}
}
