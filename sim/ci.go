package sim

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
