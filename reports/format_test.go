package reports

import (
	"math"
	"testing"

	"deploysim/metrics"
	"deploysim/units"
)

func TestSpanAndPlusMinus(t *testing.T) {
	h := func(x float64) units.Amount { return units.HoursAmount(x) }
	m := func(x float64) units.Amount { return units.MoneyAmount(x, "USD") }
	for _, tc := range []struct {
		got, want string
	}{
		{units.Span(h(3.0), h(3.4)), "3.0–3.4 h"},
		{units.Span(h(41.0/60), h(1.1)), "41 min–1.1 h"},
		{units.Span(h(0), h(7.4*24)), "0–7.4 d"},
		{units.Span(m(1.1e6), m(1.3e6)), "$1.1M–$1.3M"},
		{units.Span(units.PercentAmount(0.04), units.PercentAmount(0.056)), "4.0–5.6%"},
		{units.Span(h(math.NaN()), h(math.NaN())), "n/a"},
		{plusMinus(h(3.2), h(0.2)), "3.2 h ± 12 min"},
		{plusMinus(h(3.2), h(1.5)), "3.2 ± 1.5 h"},
		{plusMinus(units.PercentAmount(0.14), units.PercentAmount(0.012)), "14% ± 1.2%"},
		{plusMinus(units.Amount{Num: "250", Unit: "/yr"}, units.Amount{Num: "5.0", Unit: "/yr"}), "250 ± 5.0/yr"},
		{plusMinus(h(3.2), h(math.NaN())), "3.2 h"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestAmountOfUnits(t *testing.T) {
	def := func(key string) metrics.Metric { return metrics.All()[metrics.Index(key)] }
	for _, tc := range []struct {
		key  string
		x    float64
		want string
	}{
		{metrics.DeploysPerYear, 250, "250/yr"},
		{metrics.LeadTimeHours, 3.2, "3.2 h"},
		{metrics.ChangeFailureRate, 0.14, "14%"},
		{metrics.ImpactMinutesPerYear, 41, "41 min/yr"},
		{metrics.ImpactMinutesPerYear, 960, "16 h/yr"},
		{metrics.LossPerYear, 2.1e6, "$2.1M/yr"},
		{metrics.MaxIncidentLoss, 460e6, "$460M"},
		{metrics.LossPerYear, math.NaN(), "n/a"},
	} {
		if got := amountOf(def(tc.key), tc.x, "USD").String(); got != tc.want {
			t.Errorf("%s %v: got %q, want %q", tc.key, tc.x, got, tc.want)
		}
	}
}

func TestRatioPhrase(t *testing.T) {
	def := func(key string) metrics.Metric { return metrics.All()[metrics.Index(key)] }
	for _, tc := range []struct {
		key  string
		r    float64
		want string
	}{
		{metrics.DeploysPerYear, 208, "208× more — better"},
		{metrics.DeploysPerYear, 0.5, "2.0× fewer — worse"},
		{metrics.DeploysPerYear, math.Inf(1), "baseline has none — better"},
		{metrics.DeploysPerYear, 0, "none at all — worse"},
		{metrics.LeadTimeHours, 106, "106× faster — better"},
		{metrics.LeadTimeHours, 1.0 / 3, "3.0× slower — worse"},
		{metrics.ChangeFailureRate, 7, "7.0× lower — better"},
		{metrics.LossPerYear, 1.04, "about the same"},
		{metrics.IncidentsPerYear, math.Inf(1), "none at all — better"},
		{metrics.IncidentsPerYear, 0, "baseline has none — worse"},
		{metrics.LossPerYear, math.NaN(), "n/a"},
	} {
		if got := ratioPhrase(def(tc.key), tc.r); got != tc.want {
			t.Errorf("%s %v: got %q, want %q", tc.key, tc.r, got, tc.want)
		}
	}
}
