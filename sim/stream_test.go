package sim_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"deploysim/sim"
)

// draws returns the first n outputs of a generator.
func draws(r *rand.Rand, n int) []uint64 {
	xs := make([]uint64, n)
	for i := range xs {
		xs[i] = r.Uint64()
	}
	return xs
}

func TestStreamDeterministic(t *testing.T) {
	// The same triple gives the same sequence, from Stream or from
	// NewSource, however many generators are made in between.
	tests := []struct {
		seed   uint64
		rep    int
		stream uint64
	}{
		{0, 0, 0},
		{1, 0, 0},
		{42, 17, 3},
		{^uint64(0), -1, ^uint64(0)}, // extremes wrap, never panic
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.seed, "/", tt.rep, "/", tt.stream), func(t *testing.T) {
			// 1,000 draws: long enough that a generator sharing only a
			// prefix would show.
			a := draws(sim.Stream(tt.seed, tt.rep, tt.stream), 1000)
			sim.Stream(tt.seed+1, tt.rep, tt.stream).Uint64()
			b := draws(sim.Stream(tt.seed, tt.rep, tt.stream), 1000)
			c := draws(rand.New(sim.NewSource(tt.seed, tt.rep, tt.stream)), 1000)
			for i := range a {
				if a[i] != b[i] || a[i] != c[i] {
					t.Fatalf("draw %d: got %#x, %#x and %#x, want all equal", i, a[i], b[i], c[i])
				}
			}
		})
	}
}

func TestStreamGolden(t *testing.T) {
	// The first draw of two fixed triples, recorded when Stream was
	// written. Every published deploysim result depends on this
	// derivation: if this test fails, results are no longer reproducible
	// from their seeds, so change the golden values only on purpose.
	tests := []struct {
		seed   uint64
		rep    int
		stream uint64
		want   uint64
	}{
		{1, 0, 0, 0x3fee4e40d794887f},
		{2026, 3, 1, 0x6fed3c68015695e6},
	}
	for _, tt := range tests {
		if got := sim.Stream(tt.seed, tt.rep, tt.stream).Uint64(); got != tt.want {
			t.Errorf("Stream(%d, %d, %d).Uint64(): got %#x, want %#x", tt.seed, tt.rep, tt.stream, got, tt.want)
		}
	}
}

func TestStreamsDiffer(t *testing.T) {
	// Every triple on a small grid, including neighbours in each
	// coordinate and swapped coordinates, starts a different sequence: no
	// two share their first two draws (a chance collision of 128 bits is
	// out of the question).
	type triple struct {
		seed   uint64
		rep    int
		stream uint64
	}
	seen := map[[2]uint64]triple{}
	for seed := range uint64(4) {
		for rep := -1; rep < 4; rep++ {
			for stream := range uint64(4) {
				tr := triple{seed, rep, stream}
				r := sim.Stream(seed, rep, stream)
				key := [2]uint64{r.Uint64(), r.Uint64()}
				if prev, ok := seen[key]; ok {
					t.Errorf("Stream%v and Stream%v: got the same first draws, want different", prev, tr)
				}
				seen[key] = tr
			}
		}
	}
}
