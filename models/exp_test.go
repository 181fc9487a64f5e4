package models

import (
	"math"
	"math/big"
	"testing"

	"deploysim/sim"
)

// TestExp checks exp against e^x in 200-bit arithmetic (not against
// math.Exp, which has its own error) at ten thousand points across the
// range the model uses, and at the edges where it hands over to
// math.Exp: within 1.5 units in the last place everywhere.
func TestExp(t *testing.T) {
	rng := sim.Stream(3, 0, 0)
	worst := 0.0
	check := func(x float64) {
		got := exp(x)
		want := bigExp(x)
		ulp := math.Abs(math.Nextafter(want, math.Inf(1)) - want)
		if e := math.Abs(got-want) / ulp; e > worst {
			worst = e
			if e > 1.5 {
				t.Fatalf("exp(%v) = %v, want %v: %.2f ulp off", x, got, want, e)
			}
		}
	}
	for range 5_000 {
		check(rng.NormFloat64() * 3) // log-normal draws: σz − σ²/2
		check((rng.Float64() - 0.5) * 1400)
	}
	for _, x := range []float64{0, 1, -1, 1e-300, -1e-300, 707.9, -707.9, 708.99, -707.99, math.Ln2, 64 * math.Ln2} {
		check(x)
	}
	t.Logf("worst error: %.3f ulp", worst)
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 710, -746, -720, 1e10} {
		if got, want := exp(x), math.Exp(x); got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("exp(%v) = %v, want math.Exp's %v", x, got, want)
		}
	}
	if got := exp(0); got != 1 {
		t.Errorf("exp(0) = %v, want exactly 1", got)
	}
}

// bigExp is e^x rounded to float64, by the Taylor series in 200-bit
// arithmetic after halving x until it is small.
func bigExp(x float64) float64 {
	const prec = 200
	halvings := 0
	for math.Abs(x) > 1e-3 {
		x /= 2 // exact
		halvings++
	}
	bx := new(big.Float).SetPrec(prec).SetFloat64(x)
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for k := 1; k < 40; k++ {
		term.Mul(term, bx)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(k)))
		sum.Add(sum, term)
	}
	for range halvings {
		sum.Mul(sum, sum)
	}
	f, _ := sum.Float64()
	return f
}

func BenchmarkExp(b *testing.B) {
	xs := make([]float64, 1024)
	rng := sim.Stream(3, 0, 0)
	for i := range xs {
		xs[i] = rng.NormFloat64()
	}
	for _, f := range []struct {
		name string
		fn   func(float64) float64
	}{{"exp", exp}, {"math.Exp", math.Exp}} {
		b.Run(f.name, func(b *testing.B) {
			s := 0.0
			for i := 0; b.Loop(); i++ {
				s += f.fn(xs[i&1023])
			}
			sink = s
		})
	}
}

var sink float64
