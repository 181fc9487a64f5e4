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
		band Choice
		want float64
	}{{Choice1, 0}, {Choice6, 10}, {Choice2, 2}, {Choice4, 6}} {
		if got := ChoiceScore(c.band); got != c.want {
			t.Errorf("ChoiceScore(%d) = %g, want %g", c.band, got, c.want)
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
		{"best on every question (dora.dev: average 10)", Answers{Choice6, Choice6, Choice6, 0, 0},
			Scores{10, 10, 10, 10, 10, 10, 0, 10}},
		{"worst on every question", Answers{Choice1, Choice1, Choice1, 100, 100},
			Scores{0, 0, 0, 0, 0, 0, 10, 0}},
		{"a typical 2025 respondent", Answers{Choice4, Choice3, Choice5, 20, 20},
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
		{0, Choice3, Choice3, 10, 10},
		{Choice3, 7, Choice3, 10, 10},
		{Choice3, Choice3, Choice3, -1, 10},
		{Choice3, Choice3, Choice3, 10, 101},
		{Choice3, Choice3, Choice3, math.NaN(), 10},
	} {
		if _, err := Score(a); err == nil {
			t.Errorf("Score(%+v): no error", a)
		}
	}
}

func TestBands(t *testing.T) {
	for _, c := range []struct {
		hours float64
		want  Choice
	}{{0.5, Choice6}, {1, Choice5}, {23, Choice5}, {24, Choice4}, {167, Choice4}, {168, Choice3}, {729, Choice3}, {730, Choice2}, {4379, Choice2}, {4380, Choice1}, {math.NaN(), Choice1}} {
		if got := DurationChoice(c.hours); got != c.want {
			t.Errorf("DurationChoice(%g) = %d, want %d", c.hours, got, c.want)
		}
	}
	for _, c := range []struct {
		perYear float64
		want    Choice
	}{{1460, Choice6}, {400, Choice5}, {250, Choice4}, {52, Choice4}, {51, Choice3}, {12, Choice3}, {4, Choice2}, {1, Choice1}} {
		if got := DeploymentFrequencyChoice(c.perYear); got != c.want {
			t.Errorf("DeploymentFrequencyChoice(%g) = %d, want %d", c.perYear, got, c.want)
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
