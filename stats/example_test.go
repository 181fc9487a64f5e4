package stats_test

import (
	"fmt"

	"deploysim/stats"
)

func ExampleMeanCI() {
	mean, lo, hi := stats.MeanCI([]float64{1, 2, 3, 4, 5}, 0.95)
	fmt.Printf("%.2f [%.2f, %.2f]\n", mean, lo, hi)
	// Output:
	// 3.00 [1.04, 4.96]
}

func ExampleTally() {
	var t stats.Tally
	for _, x := range []float64{2, 4, 4, 4, 5, 5, 7, 9} {
		t.Add(x)
	}
	fmt.Printf("n=%d mean=%g sd=%.3f min=%g max=%g\n", t.Count(), t.Mean(), t.StdDev(), t.Min(), t.Max())
	// Output:
	// n=8 mean=5 sd=2.138 min=2 max=9
}

func ExampleTimeWeighted() {
	// Servers down: 0 until hour 2, 3 until hour 3, then 1 until hour 6.
	var down stats.TimeWeighted
	down.Reset(0, 0)
	down.Set(2, 3)
	down.Set(3, 1)
	fmt.Printf("mean %.2f, max %g\n", down.Mean(6), down.Max())
	// Output:
	// mean 1.00, max 3
}
