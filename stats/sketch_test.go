package stats

import (
	"fmt"
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
	for _, acc := range []float64{0.001, 0.005, 0.02} {
		for _, n := range []int{1, 2, 7, 1000, 100_000} {
			g := rand.New(rand.NewPCG(1, uint64(n)))
			s := NewSketch(acc)
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = math.Exp(g.NormFloat64() * 3)
				s.Add(xs[i])
			}
			slices.Sort(xs)
			for _, p := range []float64{0, 0.05, 0.5, 0.95, 0.99, 1} {
				want := stat.Quantile(p, stat.Empirical, xs, nil)
				got := s.Quantile(p)
				if math.Abs(got-want) > acc*want*(1+1e-9) {
					t.Errorf("α=%g n=%d p=%g: got %g, want %g within %g%%", acc, n, p, got, want, 100*acc)
				}
			}
			if got, want := s.Quantile(0), xs[0]; got != want {
				t.Errorf("α=%g n=%d: minimum %g, want exactly %g", acc, n, got, want)
			}
			if got, want := s.Quantile(1), xs[n-1]; got != want {
				t.Errorf("α=%g n=%d: maximum %g, want exactly %g", acc, n, got, want)
			}
		}
	}
}

func TestSketchZerosAndEmpty(t *testing.T) {
	s := NewSketch(0.01)
	if !math.IsNaN(s.Quantile(0.5)) || !math.IsNaN(s.Mean()) || s.N() != 0 {
		t.Error("empty sketch: want NaN quantile and mean, N 0")
	}
	for _, x := range []float64{0, 0, 0, 5, math.NaN()} {
		s.Add(x)
	}
	if got := s.Quantile(0.5); got != 0 {
		t.Errorf("median of 0,0,0,5: got %g, want 0", got)
	}
	if got := s.Quantile(0.99); got != 5 {
		t.Errorf("p99 of 0,0,0,5: got %g, want 5", got)
	}
	if s.N() != 4 || s.Mean() != 1.25 {
		t.Errorf("N, mean = %d, %g; want 4, 1.25", s.N(), s.Mean())
	}
}

// TestSketchMerge: sketches of parts, merged in any order, are the sketch
// of the whole, so pooled quantiles do not depend on how replications were
// split over workers.
func TestSketchMerge(t *testing.T) {
	g := rand.New(rand.NewPCG(7, 7))
	xs := make([]float64, 5000)
	for i := range xs {
		xs[i] = math.Exp(g.NormFloat64()*2) * float64(1+i/1000) // later parts reach further
	}
	whole := NewSketch(0.005)
	for _, x := range xs {
		whole.Add(x)
	}
	for _, cuts := range [][]int{{2500}, {1, 2, 3}, {1000, 2000, 3000, 4000}, {4999}} {
		var parts []Sketch
		lo := 0
		for _, c := range append(cuts, len(xs)) {
			p := NewSketch(0.005)
			for _, x := range xs[lo:c] {
				p.Add(x)
			}
			parts = append(parts, p)
			lo = c
		}
		for _, order := range [][]int{identity(len(parts)), reversed(len(parts))} {
			var m Sketch // zero value: takes its accuracy from the first merge
			for _, k := range order {
				m.Merge(&parts[k])
			}
			name := fmt.Sprint(cuts, order)
			for _, p := range []float64{0, 0.01, 0.5, 0.9, 1} {
				if got, want := m.Quantile(p), whole.Quantile(p); got != want {
					t.Errorf("%s p=%g: merged %g, whole %g", name, p, got, want)
				}
			}
			if m.N() != whole.N() || math.Abs(m.Sum()-whole.Sum()) > 1e-9*whole.Sum() {
				t.Errorf("%s: N, sum = %d, %g; want %d, %g", name, m.N(), m.Sum(), whole.N(), whole.Sum())
			}
		}
	}
}

func identity(n int) []int {
	o := make([]int, n)
	for i := range o {
		o[i] = i
	}
	return o
}

func reversed(n int) []int {
	o := identity(n)
	slices.Reverse(o)
	return o
}

// TestSketchWiden: a bucket past 2³² samples switches to 64-bit counts
// without losing any.
func TestSketchWiden(t *testing.T) {
	a := NewSketch(0.01)
	a.Add(3)
	a.Add(100)
	a.counts[0] = math.MaxUint32 // as if 2³²−1 samples of 3 had been added
	a.n = math.MaxUint32 + 1
	a.Add(3)
	if a.wide == nil || a.count(0) != 1<<32 {
		t.Fatalf("after overflow: wide=%v count=%d, want 64-bit %d", a.wide != nil, a.count(0), uint64(1)<<32)
	}
	b := NewSketch(0.01)
	b.Add(3)
	b.counts[0] = math.MaxUint32
	b.n = math.MaxUint32
	b.Merge(&a)
	if b.wide == nil || b.count(0) != 1<<32+math.MaxUint32 {
		t.Errorf("merge past 2³²: count %d, want %d", b.count(0), uint64(1<<32+math.MaxUint32))
	}
	if got := b.Quantile(1); got != 100 {
		t.Errorf("max after widening: %g, want 100", got)
	}
}

func TestSketchEqual(t *testing.T) {
	a, b := NewSketch(0.01), NewSketch(0.01)
	for _, x := range []float64{1, 2, 3} {
		a.Add(x)
		b.Add(x)
	}
	if !a.Equal(&b) {
		t.Error("same samples: want equal")
	}
	var m Sketch
	wide := NewSketch(0.01)
	wide.Add(1000)
	m.Merge(&wide)
	m.counts[len(m.counts)-1] = 0 // an empty bucket at the top, as a merge leaves
	m.n, m.sum, m.min, m.max = 0, 0, math.Inf(1), math.Inf(-1)
	m.Merge(&a)
	if !m.Equal(&a) || !a.Equal(&m) {
		t.Error("same samples, different span of empty buckets: want equal")
	}
	b.Add(4)
	if a.Equal(&b) {
		t.Error("different samples: want unequal")
	}
}

func ExampleSketch() {
	// One sketch per replication, merged: the pooled median of every
	// sample without keeping the samples.
	var pooled Sketch
	for r := range 3 {
		s := NewSketch(0.005)
		for i := 1; i <= 100; i++ {
			s.Add(float64(i * (r + 1))) // replication r: r+1, 2(r+1), …, 100(r+1)
		}
		pooled.Merge(&s)
	}
	fmt.Printf("n=%d median≈%.3g (exact 82) max=%g mean=%g\n", pooled.N(), pooled.Quantile(0.5), pooled.Quantile(1), pooled.Mean())
	// Output: n=300 median≈81.9 (exact 82) max=300 mean=101
}

func TestSketchTrim(t *testing.T) {
	s := NewSketch(0.01)
	for i := range 1000 {
		s.Add(1 + float64(i%97))
	}
	before := s
	before.counts = slices.Clone(s.counts)
	s.Trim()
	if cap(s.counts) != len(s.counts) || !s.Equal(&before) {
		t.Errorf("Trim: cap %d len %d, equal %v; want no spare room and the same samples", cap(s.counts), len(s.counts), s.Equal(&before))
	}
	for _, p := range []float64{0.1, 0.5, 0.9} {
		if s.Quantile(p) != before.Quantile(p) {
			t.Errorf("p=%g: %g after Trim, %g before", p, s.Quantile(p), before.Quantile(p))
		}
	}
	s.Add(5000) // still grows after trimming
	if s.Quantile(1) != 5000 {
		t.Errorf("max after Trim and Add: %g", s.Quantile(1))
	}
	var z Sketch
	z.Trim() // a zero sketch trims to nothing
}
