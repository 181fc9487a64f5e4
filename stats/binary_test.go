package stats

import (
	"bytes"
	"encoding/gob"
	"math"
	"testing"
)

func TestBinaryRoundTrip(t *testing.T) {
	wide := NewSketch(0.01)
	for range 5 {
		wide.Add(3)
	}
	// Force the 64-bit counts by merging a sketch with a count past 2³².
	big := NewSketch(0.01)
	big.Add(3)
	big.counts[0] = math.MaxUint32
	wide.Merge(&big)
	narrow := NewSketch(0.005)
	for _, x := range []float64{-1, 0, 0.5, 2, 1e6, math.NaN()} {
		narrow.Add(x)
	}
	for name, s := range map[string]Sketch{"zero": {}, "empty": NewSketch(0.02), "narrow": narrow, "wide": wide} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(&s); err != nil {
				t.Fatal(err)
			}
			var got Sketch
			if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
				t.Fatal(err)
			}
			if !got.Equal(&s) || got.N() != s.N() || math.Float64bits(got.Sum()) != math.Float64bits(s.Sum()) ||
				got.Accuracy() != s.Accuracy() || s.N() > 0 && got.Quantile(0.5) != s.Quantile(0.5) {
				t.Errorf("got %+v, want %+v", got, s)
			}
			b, _ := s.MarshalBinary()
			for cut := range len(b) {
				if err := got.UnmarshalBinary(b[:cut]); err == nil {
					t.Fatalf("cut at %d of %d bytes: no error", cut, len(b))
				}
			}
		})
	}
	var ty Tally
	for _, x := range []float64{1, 2.5, -7} {
		ty.Add(x)
	}
	b, _ := ty.MarshalBinary()
	var got Tally
	if err := got.UnmarshalBinary(b); err != nil || got != ty {
		t.Errorf("tally: got %+v, %v, want %+v", got, err, ty)
	}
	if err := got.UnmarshalBinary(b[:len(b)-1]); err == nil {
		t.Error("tally cut short: no error")
	}
}
