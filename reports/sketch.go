package reports

import (
	"math"
)

// sketchAccuracy is the relative accuracy of the quantiles of pooled
// metrics (lead time, recovery time): a quantile the summary reports is
// within ±0.1% of the exact empirical quantile (stat.Empirical) of every
// sample pooled, and exact when the samples near it are all equal. Monte
// Carlo noise in those quantiles is far larger at any replication count
// deploysim allows.
const sketchAccuracy = 0.001

// sketch is a quantile sketch with relative accuracy, after Masson, Rim
// and Lee, "DDSketch" (VLDB 2019): positive values are counted in buckets
// (γ^(i−1), γ^i] whose bounds grow by the factor γ = 1 + sketchAccuracy,
// and a quantile is read as the mean of the values in its bucket. The mean
// lies in the bucket, as does the exact quantile, so the two differ by less
// than a factor γ; and when every value in the bucket is the same, the
// mean is that value exactly. Its memory is two numbers per bucket between
// the smallest and the largest value — about 9,200 buckets for a range of
// ten thousand to one, whatever the number of samples — instead of a
// sorted copy of every sample. Values at or below zero are counted apart
// and read back as 0.
type sketch struct {
	lnGamma  float64
	offset   int       // bucket index of counts[0]
	counts   []uint64  // counts[i]: values in bucket offset+i
	sums     []float64 // sums[i]: their sum
	zeros    uint64    // values ≤ 0
	n        uint64
	min, max float64
}

func newSketch() *sketch {
	return &sketch{lnGamma: math.Log1p(sketchAccuracy), min: math.Inf(1), max: math.Inf(-1)}
}

// add counts x; NaN is ignored.
func (s *sketch) add(x float64) {
	if math.IsNaN(x) {
		return
	}
	s.n++
	s.min, s.max = math.Min(s.min, x), math.Max(s.max, x)
	if x <= 0 {
		s.zeros++
		return
	}
	i := int(math.Ceil(math.Log(x) / s.lnGamma))
	switch {
	case len(s.counts) == 0:
		s.offset = i
		s.counts, s.sums = append(s.counts, 0), append(s.sums, 0)
	case i < s.offset:
		counts := make([]uint64, len(s.counts)+s.offset-i)
		sums := make([]float64, len(counts))
		copy(counts[s.offset-i:], s.counts)
		copy(sums[s.offset-i:], s.sums)
		s.counts, s.sums, s.offset = counts, sums, i
	case i >= s.offset+len(s.counts):
		more := i - s.offset - len(s.counts) + 1
		s.counts = append(s.counts, make([]uint64, more)...)
		s.sums = append(s.sums, make([]float64, more)...)
	}
	s.counts[i-s.offset]++
	s.sums[i-s.offset] += x
}

// quantile returns the p-quantile in the sense of stat.Empirical (the
// smallest sample with at least a share p of the samples at or below it),
// within relative sketchAccuracy, or NaN if the sketch is empty.
func (s *sketch) quantile(p float64) float64 {
	if s.n == 0 {
		return math.NaN()
	}
	rank := uint64(math.Ceil(p * float64(s.n)))
	rank = max(rank, 1)
	if rank <= s.zeros {
		return 0 // every value ≤ 0 reads as 0
	}
	seen := s.zeros
	for j, c := range s.counts {
		seen += c
		if seen >= rank {
			// The mean of the bucket's values; rounding could take it just
			// outside the values seen.
			return math.Min(math.Max(s.sums[j]/float64(c), s.min), s.max)
		}
	}
	return s.max
}
