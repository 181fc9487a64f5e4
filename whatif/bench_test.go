package whatif_test

import (
	"context"
	"testing"

	"deploysim/metrics"
	"deploysim/scenarios"
	"deploysim/whatif"
)

// BenchmarkSweep runs the sweep of the default scenario — 20
// values of the quarterly arm's release interval × 3 arms × 200
// replications of a year — two ways, and reports replication-years
// delivered per second (every arm at every point counts, simulated or
// not):
//
//   - independent: what main did before this package, one run per point
//     (scenarios.With, models.Experiment.Run of all three arms,
//     metrics.Summarize), as a shell loop over deploysim run would;
//   - cached: whatif.Sweep with a fresh cache, which simulates the two
//     arms the interval does not change once and summarises only the
//     metric asked for.
//
// Their ratio, printed by make bench, is the speed-up.
func BenchmarkSweep(b *testing.B) {
	sc, err := scenarios.Load("epic-vs-continuous")
	if err != nil {
		b.Fatal(err)
	}
	sc, err = sc.With("replications=200")
	if err != nil {
		b.Fatal(err)
	}
	ax, err := whatif.ParseAxis(sc, "arms.quarterly-manual.release.every=3w..26w", 20, whatif.Auto)
	if err != nil {
		b.Fatal(err)
	}
	if len(ax.Values) != 20 {
		b.Fatalf("got %d points, want 20", len(ax.Values))
	}
	loss, err := metrics.Lookup(metrics.LossPerYear)
	if err != nil {
		b.Fatal(err)
	}
	repYears := float64(len(ax.Values)*len(sc.Arms)*sc.Replications) * sc.HorizonHours / 8760
	ctx := context.Background()
	b.Run("independent", func(b *testing.B) {
		for b.Loop() {
			for _, x := range ax.Values {
				v, err := sc.WithValues(map[string]float64{ax.Path: x})
				if err != nil {
					b.Fatal(err)
				}
				e := v.Experiment()
				res, err := e.Run(ctx, 0, nil)
				if err != nil {
					b.Fatal(err)
				}
				_ = metrics.Summarize(res, metrics.Meta{Scenario: v.Name}, 0)
			}
		}
		b.ReportMetric(repYears*float64(b.N)/b.Elapsed().Seconds(), "rep-years/s")
	})
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if _, err := whatif.Sweep(ctx, sc, []whatif.Axis{ax}, whatif.Options{Metric: loss, Cache: whatif.NewCache(0)}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(repYears*float64(b.N)/b.Elapsed().Seconds(), "rep-years/s")
	})
}
