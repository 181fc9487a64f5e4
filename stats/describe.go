package stats

import (
	"math"

	"gonum.org/v1/gonum/stat"
)

// Percentiles is the percentile summary every report gives of a
// distribution: the 5th, 50th, 95th and 99th percentiles.
type Percentiles struct {
	P5, P50, P95, P99 float64
}

// Describe returns the empirical percentiles (stat.Empirical: no
// interpolation, each one a value of the sample) of sorted, which must be
// in increasing order; all NaN for an empty sample.
func Describe(sorted []float64) Percentiles {
	if len(sorted) == 0 {
		return Percentiles{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	}
	return DescribeBy(func(p float64) float64 { return stat.Quantile(p, stat.Empirical, sorted, nil) })
}

// DescribeBy returns the percentiles a quantile function gives (a
// Sketch's Quantile, say).
func DescribeBy(q func(p float64) float64) Percentiles {
	return Percentiles{P5: q(0.05), P50: q(0.50), P95: q(0.95), P99: q(0.99)}
}
