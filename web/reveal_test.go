package web

import (
	"math"
	"strings"
	"testing"

	"deploysim/metrics"
	"deploysim/stats"
)

func TestReadGuess(t *testing.T) {
	for _, tc := range []struct {
		in     string
		kind   metrics.Kind
		want   float64
		misfit bool
	}{
		{"$250k", metrics.MoneyPerYear, 250e3, false},
		{"20%", metrics.MoneyPerYear, 0.2, true}, // a share for money: not drawn at $0
		{"20%", metrics.Fraction, 0.2, false},
		{"12", metrics.Fraction, 0.12, false}, // "twelve" for 12%
		{"0.3", metrics.Fraction, 0.3, false},
		{"$5", metrics.Fraction, 5, true},
		{"150%", metrics.Fraction, 1.5, true},
		{"30m", metrics.Duration, 0.5, false}, // minutes, not millions
		{"2d", metrics.Duration, 48, false},
		{"4", metrics.Duration, 4, false},
		{"16h/yr", metrics.MinutesPerYear, 960, false},
		{"5%", metrics.PerYear, 0.05, true},
		{"1.5k", metrics.PerYear, 1500, false},
	} {
		x, misfit, err := readGuess(tc.in, tc.kind)
		if err != nil || (misfit != "") != tc.misfit || math.Abs(x-tc.want) > 1e-9 {
			t.Errorf("readGuess(%q, %v) = %g, %q, %v; want %g (misfit %v)", tc.in, tc.kind, x, misfit, err, tc.want, tc.misfit)
		}
	}
	if x, _, err := readGuess("1e308w", metrics.MinutesPerYear); err == nil && math.IsInf(x, 0) {
		t.Errorf("readGuess(1e308w) = %g", x)
	}
	if _, _, err := readGuess("lots", metrics.Duration); err == nil || !strings.Contains(err.Error(), "write a number") {
		t.Errorf("readGuess(lots): %v, want a message saying what to write", err)
	}
}

func stat(mean, half float64) metrics.Stat {
	return metrics.Stat{Interval: stats.Interval{Mean: mean, Low: mean - half, High: mean + half, N: 100}, Headline: mean}
}

// TestRevealTie: two arms the runs cannot tell apart are named together,
// not one as the winner; a clear winner is named alone.
func TestRevealTie(t *testing.T) {
	sum := &metrics.Summary{Replications: 100}
	for _, name := range []string{"big-bang", "canary", "rolling"} {
		sum.Arms = append(sum.Arms, metrics.ArmSummary{Name: name})
	}
	set := func(vals ...metrics.Stat) {
		i := metrics.Index(metrics.ChangeFailureRate)
		for a := range sum.Arms {
			sum.Arms[a].Stats = make([]metrics.Stat, len(metrics.All()))
			sum.Arms[a].Stats[i] = vals[a]
			sum.Arms[a].Stats[i].Key = metrics.ChangeFailureRate
		}
	}
	st := Step{Kind: "pick-arm", Metric: metrics.ChangeFailureRate}
	// canary-vs-big-bang's CFR: 5.4% ± 0.28% against 5.5% ± 0.28%.
	set(stat(0.054, 0.0028), stat(0.055, 0.0028), stat(0.02, 0.001))
	ans := reveal(sum, st, map[string]int{"canary": 3}, nil)
	if !strings.HasPrefix(ans.Answer, "A tie") || !strings.Contains(ans.Answer, "big-bang and canary") || strings.Contains(ans.Answer, "rolling") {
		t.Errorf("tied arms: %q, want a tie of big-bang and canary", ans.Answer)
	}
	if strings.Count(ans.SVG, `fill="#0072B2"`) != 2 {
		t.Error("the chart does not mark both tied arms")
	}
	set(stat(0.08, 0.0028), stat(0.055, 0.0028), stat(0.02, 0.001))
	ans = reveal(sum, st, nil, nil)
	if !strings.HasPrefix(ans.Answer, "The simulation says big-bang") {
		t.Errorf("a clear winner: %q", ans.Answer)
	}
}

func TestFillFigures(t *testing.T) {
	sum := &metrics.Summary{}
	i := metrics.Index(metrics.DeploysPerYear)
	for _, a := range []struct {
		name string
		v    float64
	}{{"q", 17.3}, {"cd", 3760}} {
		arm := metrics.ArmSummary{Name: a.name, Stats: make([]metrics.Stat, len(metrics.All()))}
		arm.Stats[i] = metrics.Stat{Key: metrics.DeploysPerYear, Headline: a.v}
		sum.Arms = append(sum.Arms, arm)
	}
	got := fillFigures("ships {times deploys_per_year cd q} times as often", sum)
	if got != "ships 220 times as often" {
		t.Errorf("got %q", got)
	}
}
