package models

import (
	"math"
	"math/big"
)

// exp returns e^x within about one unit in the last place, as math.Exp
// does, several times faster: every log-normal draw of the model (three
// for each change in the pipeline alone) takes one, and math.Exp was a
// seventh of a continuous-deployment replication's time.
//
// It is Tang's table method: x = (64k + j)·ln2/64 + r with |r| ≤ ln2/128,
// so e^x = 2^k · 2^(j/64) · e^r, with 2^(j/64) from a table correctly
// rounded to float64 and e^r − 1 from a degree-5 polynomial (its error,
// r⁶/720, is below 4·10⁻¹⁷). Arguments whose result is not a normal
// float64, and NaN, go to math.Exp.
func exp(x float64) float64 {
	if !(x > -708 && x < 709) { // also NaN
		return math.Exp(x)
	}
	// n = round(x·64/ln2) by adding 1.5·2^52, which leaves n in the low
	// bits of the sum's mantissa: two additions, where rounding and
	// converting to an integer and back would be three slower steps on
	// the draw's chain of dependent operations.
	kd := x*(64/math.Ln2) + roundShift
	n := int64(math.Float64bits(kd) - math.Float64bits(roundShift))
	fn := kd - roundShift
	// r = x − n·ln2/64 in two parts (Cody and Waite): ln2Hi64 has 21 zero
	// low bits, so fn·ln2Hi64 is exact for every n admitted (|n| < 2^16).
	r := (x - fn*ln2Hi64) - fn*ln2Lo64
	p := r + r*r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120))))
	t := exp2Table[n&63]
	v := t + t*p
	// Multiply by 2^(n>>6) by adding to the exponent; v is in [0.98, 2.03),
	// so the result stays normal for the x admitted above.
	return math.Float64frombits(math.Float64bits(v) + uint64(n>>6)<<52)
}

// roundShift is 1.5·2^52: adding it to a number below 2^51 in magnitude
// rounds the number to an integer, held in the sum's low mantissa bits.
const roundShift = 0x1.8p52

// ln2/64 in two parts, fdlibm's (and math.Exp's) split of ln2 divided by
// 64, which is exact.
const (
	ln2Hi64 = 6.93147180369123816490e-01 / 64 // 0x3fe62e42_fee00000 / 64
	ln2Lo64 = 1.90821492927058770002e-10 / 64
)

// exp2Table[j] is 2^(j/64) correctly rounded, computed once in 200-bit
// arithmetic so that it is the same on every machine (math.Exp2 may
// differ in the last place between architectures).
var exp2Table = func() (t [64]float64) {
	const prec = 200
	root := new(big.Float).SetPrec(prec).SetInt64(2)
	for range 6 { // 2^(1/64) is six square roots of 2
		root.Sqrt(root)
	}
	v := new(big.Float).SetPrec(prec).SetInt64(1)
	for j := range t {
		t[j], _ = v.Float64()
		v.Mul(v, root)
	}
	return t
}()
