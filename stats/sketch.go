package stats

import (
	"fmt"
	"iter"
	"math"
	"slices"
)

// Sketch summarises a stream of samples for quantiles in memory that grows
// with the range of the values, not their number. It is DDSketch (Masson,
// Rim and Lee, VLDB 2019): a positive value x is counted in bucket
// i = ⌈log_γ x⌉, which holds the values in (γ^(i−1), γ^i] with
// γ = (1+α)/(1−α), and a bucket reads back as 2γ^i/(γ+1), within a
// relative error α of every value in it. Values at or below zero are
// counted apart and read back as 0. The count, sum, minimum and maximum are
// exact.
//
// Sketches of the same accuracy merge by adding counts, which is exact and
// independent of order: a sketch per replication, merged, answers the
// quantiles of every sample pooled as if they had been added to one sketch.
// Memory is 4 bytes per bucket between the smallest and the largest value:
// about 700 buckets (2.8 KB) for a range of a thousand to one at α = 0.5%.
//
// The zero value is an empty sketch that takes its accuracy from the first
// sketch merged into it; NewSketch gives one that can Add.
type Sketch struct {
	accuracy float64 // α
	lnGamma  float64 // ln γ
	offset   int     // bucket index of the first count
	// counts[j] counts bucket offset+j while every count fits 32 bits;
	// wide holds them instead once one does not (counts is then nil).
	counts   []uint32
	wide     []uint64
	zeros    uint64 // values ≤ 0
	n        uint64
	sum      float64
	min, max float64
}

// NewSketch returns an empty sketch whose quantiles are within relative
// accuracy α of the exact ones (0 < α < 1).
func NewSketch(accuracy float64) Sketch {
	if !(accuracy > 0 && accuracy < 1) {
		panic(fmt.Sprintf("sim: sketch accuracy %g not in (0,1)", accuracy))
	}
	return Sketch{
		accuracy: accuracy,
		lnGamma:  math.Log((1 + accuracy) / (1 - accuracy)),
		min:      math.Inf(1),
		max:      math.Inf(-1),
	}
}

// Accuracy returns the relative accuracy α of the sketch's quantiles, or 0
// for a zero Sketch that has not been merged into.
func (s *Sketch) Accuracy() float64 { return s.accuracy }

// Add counts x; NaN is ignored.
func (s *Sketch) Add(x float64) {
	if s.lnGamma == 0 {
		panic("sim: Add on a zero Sketch; use NewSketch")
	}
	if math.IsNaN(x) {
		return
	}
	s.n++
	s.sum += x
	s.min, s.max = min(s.min, x), max(s.max, x)
	if x <= 0 {
		s.zeros++
		return
	}
	j := s.grow(int(math.Ceil(math.Log(x) / s.lnGamma)))
	if s.wide != nil {
		s.wide[j]++
		return
	}
	if s.counts[j]++; s.counts[j] == 0 {
		s.widen()
		s.wide[j] = 1 << 32
	}
}

// grow makes room for bucket i and returns its position in the counts.
func (s *Sketch) grow(i int) int {
	n := s.buckets()
	switch {
	case n == 0:
		s.offset = i
		s.resize(0, 1)
	case i < s.offset:
		s.resize(s.offset-i, n+s.offset-i)
		s.offset = i
	case i >= s.offset+n:
		s.resize(0, i-s.offset+1)
	}
	return i - s.offset
}

// resize makes the counts n long with the old ones starting at shift.
func (s *Sketch) resize(shift, n int) {
	if s.wide != nil {
		s.wide = resized(s.wide, shift, n)
	} else {
		s.counts = resized(s.counts, shift, n)
	}
}

// resized returns c made n long with its counts starting at shift: in
// place when they stay where they are and fit, else a copy with a quarter
// more room, so that a range growing one bucket at a time does not copy
// on every new bucket.
func resized[T uint32 | uint64](c []T, shift, n int) []T {
	if shift == 0 && n <= cap(c) {
		return c[:n]
	}
	r := make([]T, n, n+n/4)
	copy(r[shift:], c)
	return r
}

// Trim drops empty buckets at either end and gives back the room kept for
// growing, for a sketch that is finished but kept (one per replication).
func (s *Sketch) Trim() {
	sp := s.span()
	if s.wide != nil {
		s.wide = slices.Clip(slices.Clone(s.wide[sp[0]:sp[1]]))
	} else {
		s.counts = slices.Clip(slices.Clone(s.counts[sp[0]:sp[1]]))
	}
	s.offset += sp[0]
}

// widen switches the counts to 64 bits.
func (s *Sketch) widen() {
	s.wide = make([]uint64, len(s.counts))
	for j, c := range s.counts {
		s.wide[j] = uint64(c)
	}
	s.counts = nil
}

func (s *Sketch) buckets() int {
	if s.wide != nil {
		return len(s.wide)
	}
	return len(s.counts)
}

func (s *Sketch) count(j int) uint64 {
	if s.wide != nil {
		return s.wide[j]
	}
	return uint64(s.counts[j])
}

// Merge adds every sample of o to s. Both must have the same accuracy,
// unless s is a zero Sketch, which takes o's.
func (s *Sketch) Merge(o *Sketch) {
	if o.lnGamma == 0 {
		return // a zero sketch holds nothing
	}
	if s.lnGamma == 0 {
		*s = NewSketch(o.accuracy)
	}
	if s.accuracy != o.accuracy {
		panic(fmt.Sprintf("sim: merging sketches of accuracy %g and %g", s.accuracy, o.accuracy))
	}
	if o.n == 0 {
		return
	}
	s.n += o.n
	s.zeros += o.zeros
	s.sum += o.sum
	s.min, s.max = min(s.min, o.min), max(s.max, o.max)
	n := o.buckets()
	if n == 0 {
		return
	}
	s.grow(o.offset)
	s.grow(o.offset + n - 1)
	first := o.offset - s.offset
	for j := range n {
		c := o.count(j)
		if s.wide == nil && uint64(s.counts[first+j])+c > math.MaxUint32 {
			s.widen()
		}
		if s.wide != nil {
			s.wide[first+j] += c
		} else {
			s.counts[first+j] += uint32(c)
		}
	}
}

// N returns the number of samples added.
func (s *Sketch) N() int { return int(s.n) }

// Sum returns the sum of the samples, exactly as added.
func (s *Sketch) Sum() float64 { return s.sum }

// Mean returns the mean of the samples, or NaN if there are none.
func (s *Sketch) Mean() float64 {
	if s.n == 0 {
		return math.NaN()
	}
	return s.sum / float64(s.n)
}

// Min and Max return the smallest and largest sample, or NaN if there are
// none.
func (s *Sketch) Min() float64 {
	if s.n == 0 {
		return math.NaN()
	}
	return s.min
}

func (s *Sketch) Max() float64 {
	if s.n == 0 {
		return math.NaN()
	}
	return s.max
}

// Quantile returns the p-quantile in the sense of stat.Empirical (the
// smallest sample with at least a share p of the samples at or below it)
// within the sketch's relative accuracy, or NaN if the sketch is empty.
// The smallest and largest samples read back exactly.
func (s *Sketch) Quantile(p float64) float64 {
	if s.n == 0 {
		return math.NaN()
	}
	rank := max(uint64(math.Ceil(p*float64(s.n))), 1)
	switch {
	case rank <= s.zeros:
		return 0
	case rank == s.n:
		return s.max
	case rank == 1:
		return s.min
	}
	for v, seen := range s.Bins() {
		if seen >= rank {
			return v
		}
	}
	return s.max
}

// Bins yields, in ascending order of value, each non-empty bucket's value
// (as Quantile reads it back) and the number of samples at or below it.
func (s *Sketch) Bins() iter.Seq2[float64, uint64] {
	return func(yield func(float64, uint64) bool) {
		seen := s.zeros
		if seen > 0 && !yield(0, seen) {
			return
		}
		gamma := math.Exp(s.lnGamma)
		for j := range s.buckets() {
			c := s.count(j)
			if c == 0 {
				continue
			}
			seen += c
			v := 2 * math.Exp(float64(s.offset+j)*s.lnGamma) / (gamma + 1)
			// Clamped to the samples' range, which lies in the first and
			// last buckets, so that no value reads back outside it.
			if !yield(min(max(v, s.min), s.max), seen) {
				return
			}
		}
	}
}

// Equal reports whether s and o hold the same counts, sum and range: the
// same samples as far as the sketch can tell.
func (s *Sketch) Equal(o *Sketch) bool {
	if s.accuracy != o.accuracy || s.n != o.n || s.zeros != o.zeros || s.sum != o.sum {
		return false
	}
	if s.n == 0 {
		return true
	}
	if s.min != o.min || s.max != o.max {
		return false
	}
	// Trim empty buckets at the ends: growing may leave none, but a merge
	// into a wider sketch can.
	a, b := s.span(), o.span()
	if a[1]-a[0] != b[1]-b[0] || a[0]+s.offset != b[0]+o.offset {
		return false
	}
	for j := range a[1] - a[0] {
		if s.count(a[0]+j) != o.count(b[0]+j) {
			return false
		}
	}
	return true
}

// span returns the first and one past the last non-empty bucket position.
func (s *Sketch) span() [2]int {
	lo, hi := 0, s.buckets()
	for lo < hi && s.count(lo) == 0 {
		lo++
	}
	for hi > lo && s.count(hi-1) == 0 {
		hi--
	}
	return [2]int{lo, hi}
}
