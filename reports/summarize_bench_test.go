package reports_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"deploysim/metrics"
	"deploysim/scenarios"
)

// BenchmarkSummarize summarises 200 replications of the default scenario
// with GOMAXPROCS 1 and 2: Summarize spreads arms and metrics over the
// CPUs, so the second should take about half the time of the first.
func BenchmarkSummarize(b *testing.B) {
	sc, err := scenarios.Load(scenarios.Default)
	if err == nil {
		sc, err = sc.With("replications=200")
	}
	if err != nil {
		b.Fatal(err)
	}
	e := sc.Experiment()
	res, err := e.Run(context.Background(), 0, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, procs := range []int{1, 2} {
		b.Run(fmt.Sprintf("procs=%d", procs), func(b *testing.B) {
			if procs > runtime.NumCPU() {
				b.Skipf("needs %d CPUs", procs)
			}
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			for b.Loop() {
				_ = metrics.Summarize(res, metrics.Meta{Scenario: sc.Name}, 0)
			}
		})
	}
}
