package stats_test

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"

	"deploysim/sim"
	"deploysim/stats"
)

// relTol is the relative tolerance for comparing one-pass (Welford, Chan)
// results with gonum's two-pass ones: a few hundred ulps of float64, far
// below any statistical error and far above rounding noise for a few
// thousand well-scaled values.
const relTol = 1e-12

func nearlyEqual(got, want float64) bool {
	return scalar.EqualWithinRel(got, want, relTol)
}

// sample returns n draws of a positive, skewed quantity (100 plus a
// lognormal, variance ≈ 4.7), from replication rep of a fixed stream. The
// mean sits far from zero, as simulated times do, yet close enough that the
// rounding error of one-pass updates (which grows with mean²/variance, here
// ≈ 2,000) stays well inside relTol.
func sample(n int, rep int) []float64 {
	rng := sim.Stream(7, rep, 0)
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = 100 + math.Exp(rng.NormFloat64())
	}
	return xs
}

func tallyOf(xs []float64) stats.Tally {
	var t stats.Tally
	for _, x := range xs {
		t.Add(x)
	}
	return t
}

func TestTallyAgainstGonum(t *testing.T) {
	for _, n := range []int{2, 3, 10, 1000} {
		t.Run(fmt.Sprint("n=", n), func(t *testing.T) {
			xs := sample(n, n)
			tl := tallyOf(xs)
			if got, want := tl.Count(), n; got != want {
				t.Errorf("Count: got %d, want %d", got, want)
			}
			if got, want := tl.Mean(), stat.Mean(xs, nil); !nearlyEqual(got, want) {
				t.Errorf("Mean: got %v, want %v", got, want)
			}
			// gonum's Variance is the unbiased sample variance, as is
			// Tally's.
			if got, want := tl.Variance(), stat.Variance(xs, nil); !nearlyEqual(got, want) {
				t.Errorf("Variance: got %v, want %v", got, want)
			}
			if got, want := tl.StdDev(), stat.StdDev(xs, nil); !nearlyEqual(got, want) {
				t.Errorf("StdDev: got %v, want %v", got, want)
			}
			if got, want := tl.Sum(), floats.Sum(xs); !nearlyEqual(got, want) {
				t.Errorf("Sum: got %v, want %v", got, want)
			}
			if got, want := tl.Min(), floats.Min(xs); got != want {
				t.Errorf("Min: got %v, want %v", got, want)
			}
			if got, want := tl.Max(), floats.Max(xs); got != want {
				t.Errorf("Max: got %v, want %v", got, want)
			}
		})
	}
}

func TestTallySmall(t *testing.T) {
	var empty stats.Tally
	for name, got := range map[string]float64{
		"Mean": empty.Mean(), "Variance": empty.Variance(), "Min": empty.Min(), "Max": empty.Max(),
	} {
		if !math.IsNaN(got) {
			t.Errorf("empty tally %s: got %v, want NaN", name, got)
		}
	}
	if got := empty.Sum(); got != 0 {
		t.Errorf("empty tally Sum: got %v, want 0", got)
	}

	one := tallyOf([]float64{-2.5})
	if got, want := one.Mean(), -2.5; got != want {
		t.Errorf("one value Mean: got %v, want %v", got, want)
	}
	if got := one.Variance(); !math.IsNaN(got) {
		t.Errorf("one value Variance: got %v, want NaN", got)
	}
	if got, want := one.Min(), -2.5; got != want {
		t.Errorf("one value Min: got %v, want %v", got, want)
	}
	if got, want := one.Max(), -2.5; got != want {
		t.Errorf("one value Max: got %v, want %v", got, want)
	}

	// 2, 4, 4, 4, 5, 5, 7, 9: the textbook example with mean 5 and sum of
	// squared deviations 32, so unbiased variance 32/7.
	tl := tallyOf([]float64{2, 4, 4, 4, 5, 5, 7, 9})
	if got, want := tl.Mean(), 5.0; got != want {
		t.Errorf("Mean: got %v, want %v", got, want)
	}
	if got, want := tl.Variance(), 32.0/7; !nearlyEqual(got, want) {
		t.Errorf("Variance: got %v, want %v", got, want)
	}
}

func TestTallyMerge(t *testing.T) {
	xs := sample(1000, 0)
	all := tallyOf(xs)
	// Split points include empty parts on either side and a single value.
	for _, split := range []int{0, 1, 2, 500, 999, 1000} {
		t.Run(fmt.Sprint("split=", split), func(t *testing.T) {
			m := tallyOf(xs[:split])
			m.Merge(tallyOf(xs[split:]))
			if got, want := m.Count(), all.Count(); got != want {
				t.Errorf("Count: got %d, want %d", got, want)
			}
			if got, want := m.Mean(), all.Mean(); !nearlyEqual(got, want) {
				t.Errorf("Mean: got %v, want %v", got, want)
			}
			if got, want := m.Variance(), all.Variance(); !nearlyEqual(got, want) {
				t.Errorf("Variance: got %v, want %v", got, want)
			}
			if got, want := m.Min(), all.Min(); got != want {
				t.Errorf("Min: got %v, want %v", got, want)
			}
			if got, want := m.Max(), all.Max(); got != want {
				t.Errorf("Max: got %v, want %v", got, want)
			}
		})
	}

	t.Run("many parts", func(t *testing.T) {
		// Merging ten uneven parts equals adding every value to one tally.
		var m stats.Tally
		for lo, step := 0, 1; lo < len(xs); step *= 2 {
			hi := min(lo+step, len(xs))
			m.Merge(tallyOf(xs[lo:hi]))
			lo = hi
		}
		if got, want := m.Variance(), all.Variance(); !nearlyEqual(got, want) {
			t.Errorf("Variance: got %v, want %v", got, want)
		}
		if got, want := m.Mean(), all.Mean(); !nearlyEqual(got, want) {
			t.Errorf("Mean: got %v, want %v", got, want)
		}
	})
}

func TestTimeWeighted(t *testing.T) {
	// The value is 2 from the start at time 1, then 5 at 3, 0 at 4, and
	// 1 at 4 again (an instant at 0 adds nothing). Up to time 6:
	//
	//	area = 2·(3−1) + 5·(4−3) + 0·0 + 1·(6−4) = 4 + 5 + 0 + 2 = 11
	//	mean = 11 / (6 − 1) = 2.2
	var w stats.TimeWeighted
	w.Reset(1, 2)
	w.Set(3, 5)
	w.Set(4, 0)
	w.Set(4, 1)
	if got, want := w.Area(6), 11.0; got != want {
		t.Errorf("Area(6): got %v, want %v", got, want)
	}
	if got, want := w.Mean(6), 2.2; !nearlyEqual(got, want) {
		t.Errorf("Mean(6): got %v, want %v", got, want)
	}
	// Up to time 4 exactly: area 4 + 5 = 9 over 3.
	if got, want := w.Mean(4), 3.0; got != want {
		t.Errorf("Mean(4): got %v, want %v", got, want)
	}
	if got, want := w.Value(), 1.0; got != want {
		t.Errorf("Value: got %v, want %v", got, want)
	}
	if got, want := w.Max(), 5.0; got != want {
		t.Errorf("Max: got %v, want %v", got, want)
	}

	// No time elapsed: the mean is the current value.
	var z stats.TimeWeighted
	z.Reset(10, 3)
	if got, want := z.Mean(10), 3.0; got != want {
		t.Errorf("Mean with no elapsed time: got %v, want %v", got, want)
	}

	// Reset forgets the past.
	w.Reset(6, 4)
	if got, want := w.Mean(8), 4.0; got != want {
		t.Errorf("Mean after Reset: got %v, want %v", got, want)
	}
	if got, want := w.Max(), 4.0; got != want {
		t.Errorf("Max after Reset: got %v, want %v", got, want)
	}

	defer func() {
		if got, want := recover(), "sim: TimeWeighted.Set time went backwards"; got != want {
			t.Errorf("Set backwards: got panic %v, want %q", got, want)
		}
	}()
	w.Set(5, 1)
}

func TestMeanCI(t *testing.T) {
	// 1, 2, 3, 4, 5: mean 3, sample sd √2.5. The 97.5% quantile of
	// Student's t with 4 degrees of freedom is 2.7764451051977987 (tables
	// give 2.776), so the 95% half-width is 2.7764…·√2.5/√5 = 2.7764…/√2.
	xs := []float64{1, 2, 3, 4, 5}
	hw := 2.7764451051977987 / math.Sqrt2
	mean, lo, hi := stats.MeanCI(xs, 0.95)
	if mean != 3 {
		t.Errorf("mean: got %v, want 3", mean)
	}
	if want := 3 - hw; !scalar.EqualWithinRel(lo, want, 1e-9) {
		t.Errorf("lo: got %v, want %v", lo, want)
	}
	if want := 3 + hw; !scalar.EqualWithinRel(hi, want, 1e-9) {
		t.Errorf("hi: got %v, want %v", hi, want)
	}

	// With very many values Student's t tends to the normal: the 99.5%
	// normal quantile is 2.5758293035489004, so n = 10^8 and sd = 1 give a
	// 99% half-width within 1e-7 of 2.5758…/10^4.
	if got, want := stats.HalfWidth(1, 100_000_000, 0.99), 2.5758293035489004e-4; !scalar.EqualWithinRel(got, want, 1e-7) {
		t.Errorf("HalfWidth(1, 1e8, 0.99): got %v, want %v", got, want)
	}

	// Too few values.
	if m, lo, hi := stats.MeanCI(nil, 0.95); !math.IsNaN(m) || !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("MeanCI(nil): got (%v, %v, %v), want NaNs", m, lo, hi)
	}
	if m, lo, hi := stats.MeanCI([]float64{4}, 0.95); m != 4 || !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("MeanCI of one value: got (%v, %v, %v), want (4, NaN, NaN)", m, lo, hi)
	}
	if got := stats.HalfWidth(1, 1, 0.95); !math.IsNaN(got) {
		t.Errorf("HalfWidth with n = 1: got %v, want NaN", got)
	}
}
