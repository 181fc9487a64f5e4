package stats

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// MeanCI returns the sample mean of xs and the two-sided confidence interval
// for the true mean at the given level (0.95 for 95%), using Student's t with
// len(xs)−1 degrees of freedom. Replication means are close to normal by the
// central limit theorem, which is what makes this interval valid across
// independent replications. With fewer than two values the interval is
// (NaN, NaN).
func MeanCI(xs []float64, level float64) (mean, lo, hi float64) {
	n := len(xs)
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	mean, sd := stat.MeanStdDev(xs, nil)
	if n < 2 {
		return mean, math.NaN(), math.NaN()
	}
	hw := HalfWidth(sd, n, level)
	return mean, mean - hw, mean + hw
}

// HalfWidth returns the half-width of a Student-t confidence interval for a
// mean estimated from n values with sample standard deviation sd.
func HalfWidth(sd float64, n int, level float64) float64 {
	if n < 2 {
		return math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.5 + level/2)
	return t * sd / math.Sqrt(float64(n))
}

// Level is the confidence level of every interval deploysim reports.
const Level = 0.95

// Interval is a mean with its Student-t interval at Level over the values
// where it is defined (N of them). Low and High are NaN with fewer than
// two values.
type Interval struct {
	Mean, Low, High float64
	N               int
}

// HalfWidth is half the interval's width (it is symmetric about the
// mean), or NaN without an interval.
func (iv Interval) HalfWidth() float64 { return (iv.High - iv.Low) / 2 }

// Contains reports whether x lies in the interval.
func (iv Interval) Contains(x float64) bool { return iv.Low <= x && x <= iv.High }

// Mean returns the mean of xs and its interval at Level, leaving out the
// NaN values (a metric undefined in some replications: no deployment,
// say); N counts the values kept.
func Mean(xs []float64) Interval {
	d := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			d = append(d, x)
		}
	}
	var iv Interval
	iv.Mean, iv.Low, iv.High = MeanCI(d, Level)
	iv.N = len(d)
	return iv
}

// Paired returns the interval of a[r] − b[r] over the r where both are
// defined, and the half-width that two independent samples of the same
// size would give, √(s²a/n + s²b/n)·t: what pairing (common random
// numbers) saves. The independent half-width is NaN with fewer than two
// pairs.
func Paired(a, b []float64) (diff Interval, independentHalfWidth float64) {
	d := make([]float64, 0, len(a))
	var xa, xb []float64
	for r := range a {
		if math.IsNaN(a[r]) || math.IsNaN(b[r]) {
			continue
		}
		d = append(d, a[r]-b[r])
		xa, xb = append(xa, a[r]), append(xb, b[r])
	}
	diff.Mean, diff.Low, diff.High = MeanCI(d, Level)
	diff.N = len(d)
	if n := len(d); n >= 2 {
		va, vb := stat.Variance(xa, nil), stat.Variance(xb, nil)
		// The same t quantile as the paired interval, so the ratio of the
		// two half-widths is the ratio of the standard errors.
		independentHalfWidth = HalfWidth(math.Sqrt(va+vb), n, Level)
	} else {
		independentHalfWidth = math.NaN()
	}
	return diff, independentHalfWidth
}
