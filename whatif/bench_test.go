package whatif_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// TestBenchRatiosVerdict runs make bench's summary (.ci/bench-ratios.awk)
// over benchmark lines with known figures: each ratio is printed with
// its target and pass or FAIL, and the exit status says whether every
// target was met.
func TestBenchRatiosVerdict(t *testing.T) {
	awk, err := exec.LookPath("awk")
	if err != nil {
		t.Skip("no awk")
	}
	run := func(lines string) (string, error) {
		f := filepath.Join(t.TempDir(), "bench.out")
		if err := os.WriteFile(f, []byte(lines), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(awk, "-f", "../.ci/bench-ratios.awk", f).CombinedOutput()
		return string(out), err
	}
	const hold = "BenchmarkHold-2 10 1 ns/op 9000000 events/s\nBenchmarkBaseline-2 10 1 ns/op 10000000 events/s\n"
	out, err := run(hold + "BenchmarkSweep/independent-2 1 1 ns/op 10 rep-years/s\nBenchmarkSweep/cached-2 1 1 ns/op 50 rep-years/s\n")
	if err != nil || !strings.Contains(out, "0.90  [≥ 0.60]  pass") || !strings.Contains(out, "5.00  [≥ 3.00]  pass") || !strings.Contains(out, "all 2 targets met") {
		t.Errorf("targets met: %v\n%s", err, out)
	}
	out, err = run(hold + "BenchmarkExperiment/workers=1-2 1 1 ns/op 100 reps/s\nBenchmarkExperiment/workers=2-2 1 1 ns/op 150 reps/s\n")
	if err == nil || !strings.Contains(out, "1.50  [≥ 1.80]  FAIL") || !strings.Contains(out, "1 of 2 targets missed") {
		t.Errorf("a target missed: %v\n%s", err, out)
	}
	if out, err = run("PASS\n"); err == nil {
		t.Errorf("no benchmark: want a failure\n%s", out)
	}
}
