package bizcase_test

import (
	"fmt"

	"deploysim/bizcase"
	"deploysim/scenarios"
)

// A move that costs $600k, then $150k a year, and saves $1.2M a year at
// full effect after a nine-month ramp, with a 10% dip of 40 engineers'
// capacity for four months, over three years at 8%.
func ExampleEvaluate() {
	c := &scenarios.Case{
		Investment: 600_000, RunningCostPerYear: 150_000,
		Engineers: 40, CostPerEngineerYear: 150_000,
		TransitionMonths: 9, DipShare: 0.1, DipMonths: 4,
		HorizonYears: 3, DiscountRate: 0.08,
	}
	m := bizcase.Evaluate(c, 1_200_000)
	fmt.Printf("NPV $%.0f, ROI %.0f%%, payback %.1f months, break-even saving $%.0f a year\n",
		m.NPV, m.ROI*100, m.PaybackMonths, m.BreakEvenSaving)
	// Output:
	// NPV $1566968, ROI 131%, payback 14.3 months, break-even saving $519778 a year
}
