package models

import "math"

// A standard normal number from keyed bits by Marsaglia and Tsang's
// ziggurat ("The Ziggurat Method for Generating Random Variables", J.
// Stat. Softw. 5(8), 2000), with the 128 layers math/rand uses: in about
// 98.8% of draws one table lookup and one multiply, instead of Box–Muller's
// logarithm, square root and cosine. The rare draws that fall outside a
// layer's rectangle take more keyed bits, numbered by the attempt, so a
// draw still depends only on its keys.

const zigR = 3.442619855899 // where the tail begins

var (
	zigK [128]uint32
	zigW [128]float32
	zigF [128]float32
)

func init() {
	const m1 = 1 << 31
	const v = 9.91256303526217e-3 // each layer's area
	dn, tn := zigR, zigR
	q := v / math.Exp(-0.5*dn*dn)
	zigK[0] = uint32(dn / q * m1)
	zigK[1] = 0
	zigW[0] = float32(q / m1)
	zigW[127] = float32(dn / m1)
	zigF[0] = 1
	zigF[127] = float32(math.Exp(-0.5 * dn * dn))
	for i := 126; i >= 1; i-- {
		dn = math.Sqrt(-2 * math.Log(v/dn+math.Exp(-0.5*dn*dn)))
		zigK[i+1] = uint32(dn / tn * m1)
		tn = dn
		zigF[i] = float32(math.Exp(-0.5 * dn * dn))
		zigW[i] = float32(dn / m1)
	}
}

// zigTries bounds the attempts of one draw; each attempt is rejected with
// probability under 1.3%, so the bound is never reached in practice, and
// reaching it falls back to Box–Muller on the last bits.
const zigTries = 64

func (k keyed) normal(seq, purpose, n uint64) float64 {
	for t := uint64(0); t < zigTries; t++ {
		b := k.bits(seq, purpose|t<<8, n)
		j := int32(uint32(b))
		i := j & 0x7f
		x := float64(j) * float64(zigW[i])
		if absInt32(j) < zigK[i] {
			return x
		}
		u := float64(b>>40) / (1 << 24) // 24 bits the layer did not use
		if i == 0 {
			// The tail beyond zigR, by Marsaglia's method.
			for {
				t++
				x = -math.Log(k.open(seq, purpose|t<<8, n)) / zigR
				y := -math.Log(k.open(seq, purpose|t<<8|1<<14, n))
				if y+y >= x*x || t >= zigTries {
					break
				}
			}
			if j > 0 {
				return zigR + x
			}
			return -(zigR + x)
		}
		if zigF[i]+float32(u)*(zigF[i-1]-zigF[i]) < float32(math.Exp(-0.5*x*x)) {
			return x
		}
	}
	u1 := k.open(seq, purpose|1<<15, n)
	u2 := k.uniform(seq, purpose|1<<15|1<<14, n)
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}

// open returns a keyed number in (0, 1): its logarithm is finite.
func (k keyed) open(seq, purpose, n uint64) float64 {
	return (float64(k.bits(seq, purpose, n)>>11) + 0.5) / (1 << 53)
}

func absInt32(i int32) uint32 {
	if i < 0 {
		return uint32(-i)
	}
	return uint32(i)
}
