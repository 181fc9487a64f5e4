package metrics

import (
	"math"
	"testing"
)

// TestMarkBestArms: the best arm is marked with every arm statistically
// indistinguishable from it (within 2%, or a paired interval of the
// per-replication difference that includes 0); a metric on which every
// arm ties marks none.
func TestMarkBestArms(t *testing.T) {
	m := Index(LossPerYear) // lower is better
	// Per-replication values on common random numbers: b is a's noise
	// shifted by a clear 10 (distinguishable, though the marginal
	// intervals overlap); c is a's noise plus independent noise of
	// mean 0 (indistinguishable); d differs by 1% (a tie by tolerance).
	base := []float64{100, 140, 80, 120, 95, 130, 70, 110, 105, 90}
	noise := []float64{9, -12, 4, 11, -7, -3, 8, -10, 5, -4}
	var a, b, c, d []float64
	for i, x := range base {
		a = append(a, x)
		b = append(b, x+10)
		c = append(c, x+noise[i])
		d = append(d, x*1.01)
	}
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	build := func(arms ...[]float64) (*Summary, [][][]float64) {
		s := &Summary{}
		var values [][][]float64
		for _, xs := range arms {
			stats := make([]Stat, len(table))
			perMetric := make([][]float64, len(table))
			for k := range table {
				stats[k].Headline = math.NaN()
			}
			stats[m].Headline = mean(xs)
			perMetric[m] = xs
			s.Arms = append(s.Arms, ArmSummary{Stats: stats})
			values = append(values, perMetric)
		}
		return s, values
	}
	marks := func(s *Summary) []bool {
		var out []bool
		for _, a := range s.Arms {
			out = append(out, a.Stats[m].Best)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		arms [][]float64
		want []bool
	}{
		{"a clear paired difference", [][]float64{a, b}, []bool{true, false}},
		{"a tie on noise: one marks the other", [][]float64{a, c, b}, []bool{true, true, false}},
		{"every arm ties: none marked", [][]float64{a, c}, []bool{false, false}},
		{"within 2%: none marked", [][]float64{a, d}, []bool{false, false}},
	} {
		s, values := build(tc.arms...)
		markBestArms(s, values)
		got := marks(s)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: marks %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}
