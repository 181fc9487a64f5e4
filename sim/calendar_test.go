package sim

import (
	"slices"
	"testing"
)

// TestCalendarLayouts drives the calendar through random pushes, pops and
// sweeps while its size wanders from empty to well past maxSorted and
// back, so that it changes layout many times each way, and checks every
// pop against a reference: the least (time, key) of what is pending.
func TestCalendarLayouts(t *testing.T) {
	rng := Stream(7, 0, 0)
	var c calendar
	var ref []entry // pending, in no order
	var seq uint64
	var conversions, pops, sweeps int
	least := func() int {
		m := 0
		for i := range ref {
			if ref[i].less(ref[m]) {
				m = i
			}
		}
		return m
	}
	wasHeap := false
	now := 0.0
	for step := range 60_000 {
		// The size drifts up for a while, then down: phases of 2,000
		// steps push with probability 0.7 or 0.3.
		pPush := 0.3
		if step/2000%2 == 0 {
			pPush = 0.7
		}
		switch u := rng.Float64(); {
		case u < pPush || len(ref) == 0:
			// Whole-number delays and a random priority, so that ties in
			// time, and in time and priority, are common.
			p := uint64(rng.IntN(3))
			x := entry{t: now + float64(rng.IntN(5)), key: p<<seqBits | seq, rec: int32(seq)}
			seq++
			c.push(x)
			ref = append(ref, x)
		case u < 0.995:
			m := least()
			if got := *c.top(); got != ref[m] {
				t.Fatalf("step %d: top %+v, want %+v", step, got, ref[m])
			}
			got := c.pop()
			if got != ref[m] {
				t.Fatalf("step %d: pop %+v, want %+v", step, got, ref[m])
			}
			now = got.t
			ref = slices.Delete(ref, m, m+1)
			pops++
		default:
			// A sweep drops every third entry.
			c.keep(func(en entry) bool { return en.rec%3 != 0 })
			ref = slices.DeleteFunc(ref, func(en entry) bool { return en.rec%3 == 0 })
			sweeps++
		}
		if c.len() != len(ref) {
			t.Fatalf("step %d: len %d, want %d", step, c.len(), len(ref))
		}
		if c.heap != wasHeap {
			conversions++
			wasHeap = c.heap
		}
	}
	if conversions < 10 || pops < 10_000 || sweeps < 50 {
		t.Fatalf("%d layout changes, %d pops, %d sweeps: the test lost its point", conversions, pops, sweeps)
	}
}
