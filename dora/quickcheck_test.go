package dora

import (
	"math"
	"testing"
)

// TestScorePublishedExamples checks Score against the examples dora.dev's
// own Quick Check tests state (svelte/quick-check-2025/src/lib/
// data-service.test.ts): band 1 → 0, band 6 → 10, band 3.5 → 5 (a
// half-band, reachable only through the formula), 0% → 10, 100% → 0,
// 50% → 5, and every best answer averaging 10 over the five metrics.
func TestScorePublishedExamples(t *testing.T) {
	for _, c := range []struct {
		band Band
		want float64
	}{{Band1, 0}, {Band6, 10}, {Band2, 2}, {Band4, 6}} {
		if got := BandScore(c.band); got != c.want {
			t.Errorf("BandScore(%d) = %g, want %g", c.band, got, c.want)
		}
	}
	// dora.dev: calculateRecodedMetric(3.5, 'categorical') is 5.
	if got := (3.5 - 1) / 5 * 10; got != 5 {
		t.Errorf("half band: got %g, want 5", got)
	}
	for _, c := range []struct{ pct, want float64 }{{0, 10}, {100, 0}, {50, 5}, {19, 8.1}} {
		if got := PercentScore(c.pct); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("PercentScore(%g) = %g, want %g", c.pct, got, c.want)
		}
	}
	cases := []struct {
		name string
		a    Answers
		want Scores
	}{
		{"best on every question (dora.dev: average 10)", Answers{Band6, Band6, Band6, 0, 0},
			Scores{10, 10, 10, 10, 10, 10, 0, 10}},
		{"worst on every question", Answers{Band1, Band1, Band1, 100, 100},
			Scores{0, 0, 0, 0, 0, 0, 10, 0}},
		{"a typical 2025 respondent", Answers{Band4, Band3, Band5, 20, 20},
			Scores{6, 4, 8, 8, 8, 6, 2, 6.8}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Score(c.a)
			if err != nil {
				t.Fatal(err)
			}
			g := []float64{got.LeadTime, got.DeploymentFrequency, got.RecoveryTime, got.ChangeFailureRate, got.ReworkRate, got.Throughput, got.Instability, got.Overall}
			w := []float64{c.want.LeadTime, c.want.DeploymentFrequency, c.want.RecoveryTime, c.want.ChangeFailureRate, c.want.ReworkRate, c.want.Throughput, c.want.Instability, c.want.Overall}
			for i := range g {
				if math.Abs(g[i]-w[i]) > 1e-9 {
					t.Errorf("score %d: got %g, want %g", i, g[i], w[i])
				}
			}
		})
	}
}

func TestScoreRejectsOutOfRange(t *testing.T) {
	for _, a := range []Answers{
		{0, Band3, Band3, 10, 10},
		{Band3, 7, Band3, 10, 10},
		{Band3, Band3, Band3, -1, 10},
		{Band3, Band3, Band3, 10, 101},
		{Band3, Band3, Band3, math.NaN(), 10},
	} {
		if _, err := Score(a); err == nil {
			t.Errorf("Score(%+v): no error", a)
		}
	}
}

func TestBands(t *testing.T) {
	for _, c := range []struct {
		hours float64
		want  Band
	}{{0.5, Band6}, {1, Band5}, {23, Band5}, {24, Band4}, {167, Band4}, {168, Band3}, {729, Band3}, {730, Band2}, {4379, Band2}, {4380, Band1}, {math.NaN(), Band1}} {
		if got := DurationBand(c.hours); got != c.want {
			t.Errorf("DurationBand(%g) = %d, want %d", c.hours, got, c.want)
		}
	}
	for _, c := range []struct {
		perYear float64
		want    Band
	}{{1460, Band6}, {400, Band5}, {250, Band4}, {52, Band4}, {51, Band3}, {12, Band3}, {4, Band2}, {1, Band1}} {
		if got := DeploymentFrequencyBand(c.perYear); got != c.want {
			t.Errorf("DeploymentFrequencyBand(%g) = %d, want %d", c.perYear, got, c.want)
		}
	}
}

// TestAllIndustries2025 checks the benchmark against FACTS.md: a mean CFR
// of about 19% and throughput 6.0 ± 2.1.
func TestAllIndustries2025(t *testing.T) {
	b := AllIndustries2025
	if b.ChangeFailureRate.Mean != 1.9 || b.Throughput != (Benchmark{6.0, 2.1}) {
		t.Errorf("got %+v", b)
	}
	if z := b.LeadTime.ZScore(7.9); math.Abs(z-1) > 1e-9 {
		t.Errorf("z of 7.9 in lead time: got %g, want 1", z)
	}
}
