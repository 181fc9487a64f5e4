package models

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestKeyedNormal checks the keyed ziggurat against the standard normal:
// its moments, and the share of draws below each of a ladder of points
// (the tail beyond the ziggurat's base layer included), each within four
// standard errors of the normal CDF.
func TestKeyedNormal(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 200_000
	}
	k := newKeyed(1, 0)
	points := []float64{-4, -3.5, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 3.5, 4}
	below := make([]int, len(points))
	var s1, s2, s4 float64
	for i := range uint64(n) {
		z := k.normal(i, keySize, 0)
		s1 += z
		s2 += z * z
		s4 += z * z * z * z
		for j, p := range points {
			if z < p {
				below[j]++
			}
		}
	}
	N := float64(n)
	if m, v, k4 := s1/N, s2/N, s4/N; math.Abs(m) > 5/math.Sqrt(N) || math.Abs(v-1) > 5*math.Sqrt(2/N) || math.Abs(k4-3) > 5*math.Sqrt(96/N) {
		t.Errorf("mean %.5f, variance %.5f, fourth moment %.4f; want 0, 1, 3", m, v, k4)
	}
	for j, p := range points {
		want := distuv.UnitNormal.CDF(p)
		got := float64(below[j]) / N
		if se := math.Sqrt(want * (1 - want) / N); math.Abs(got-want) > 4*se+1e-9 {
			t.Errorf("P(z < %g) = %.6f, want %.6f ± %.6f", p, got, want, 4*se)
		}
	}
}

// TestKeyedNormalIsKeyed: a draw depends on its keys only, and different
// keys give different draws.
func TestKeyedNormalIsKeyed(t *testing.T) {
	k := newKeyed(3, 2)
	a, b := k.normal(7, keyStageTime, 1), k.normal(7, keyStageTime, 1)
	if a != b {
		t.Errorf("same keys: %g then %g", a, b)
	}
	if c := k.normal(7, keyStageTime, 2); c == a {
		t.Errorf("different attempt, same draw %g", c)
	}
	if d := newKeyed(3, 3).normal(7, keyStageTime, 1); d == a {
		t.Errorf("different replication, same draw %g", d)
	}
}
