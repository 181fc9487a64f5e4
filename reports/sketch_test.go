package reports

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// TestSketchAccuracy checks the sketch's quantiles against the exact
// empirical ones on log-normal samples spanning six orders of magnitude:
// every one within the documented relative accuracy.
func TestSketchAccuracy(t *testing.T) {
	for _, n := range []int{1, 2, 7, 1000, 100_000} {
		g := rand.New(rand.NewPCG(1, uint64(n)))
		s := newSketch()
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = math.Exp(g.NormFloat64() * 3)
			s.add(xs[i])
		}
		slices.Sort(xs)
		for _, p := range []float64{0, 0.05, 0.5, 0.95, 0.99, 1} {
			want := stat.Quantile(p, stat.Empirical, xs, nil)
			got := s.quantile(p)
			if math.Abs(got-want) > sketchAccuracy*want*(1+1e-9) {
				t.Errorf("n=%d p=%g: got %g, want %g within %g%%", n, p, got, want, 100*sketchAccuracy)
			}
		}
	}
}

func TestSketchZerosAndEmpty(t *testing.T) {
	s := newSketch()
	if !math.IsNaN(s.quantile(0.5)) {
		t.Error("empty sketch: want NaN")
	}
	for _, x := range []float64{0, 0, 0, 5, math.NaN()} {
		s.add(x)
	}
	if got := s.quantile(0.5); got != 0 {
		t.Errorf("median of 0,0,0,5: got %g, want 0", got)
	}
	if got := s.quantile(0.99); math.Abs(got-5) > 5*sketchAccuracy {
		t.Errorf("p99 of 0,0,0,5: got %g, want 5", got)
	}
}
