package whatif

import (
	"math"

	"gonum.org/v1/gonum/stat"

	"deploysim/models"
	"deploysim/sim"
)

// Measure is a quantity of one replication's outcome: a metric of package
// reports (reports.Measure makes one from a metric key), or any function.
type Measure struct {
	// Key names it in JSON and CSV ("loss_per_year"); Label for people.
	Key, Label string
	// Unit is its unit as reports write it ("USD/yr", "deploys/yr").
	Unit string
	// HigherIsBetter says which way the optimum lies.
	HigherIsBetter bool
	// Money says the measure is an amount of money.
	Money bool
	// Value returns the replication's value, NaN where undefined (no
	// deployment, say). horizonHours is the measured period.
	Value func(o *models.Outcome, horizonHours float64) float64
}

// Level is the confidence level of every interval.
const Level = 0.95

// Interval is a mean with its Student-t interval at Level over the
// replications where the value is defined (N of them). Low and High are
// NaN with fewer than two.
type Interval struct {
	Mean, Low, High float64
	N               int
}

// HalfWidth is half the interval's width (NaN without one).
func (iv Interval) HalfWidth() float64 { return (iv.High - iv.Low) / 2 }

// Contains reports whether x lies in the interval.
func (iv Interval) Contains(x float64) bool { return iv.Low <= x && x <= iv.High }

func interval(xs []float64) Interval {
	d := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			d = append(d, x)
		}
	}
	var iv Interval
	iv.Mean, iv.Low, iv.High = sim.MeanCI(d, Level)
	iv.N = len(d)
	return iv
}

// values evaluates m over outcomes.
func values(m Measure, outs []models.Outcome, horizonHours float64) []float64 {
	v := make([]float64, len(outs))
	for r := range outs {
		h := outs[r].HorizonHours
		if h <= 0 {
			h = horizonHours
		}
		v[r] = m.Value(&outs[r], h)
	}
	return v
}

// paired returns the interval of a[r] − b[r] and the half-width that two
// independent runs of the same size would give, √(s²a/n + s²b/n)·t:
// what the pairing saves.
func paired(a, b []float64) (diff Interval, independentHalfWidth float64) {
	d := make([]float64, 0, len(a))
	var xa, xb []float64
	for r := range a {
		if math.IsNaN(a[r]) || math.IsNaN(b[r]) {
			continue
		}
		d = append(d, a[r]-b[r])
		xa, xb = append(xa, a[r]), append(xb, b[r])
	}
	diff.Mean, diff.Low, diff.High = sim.MeanCI(d, Level)
	diff.N = len(d)
	if n := len(d); n >= 2 {
		va, vb := stat.Variance(xa, nil), stat.Variance(xb, nil)
		// The same t quantile as the paired interval, so the ratio of the
		// two half-widths is the ratio of the standard errors.
		sd := math.Sqrt(va + vb)
		independentHalfWidth = sim.HalfWidth(sd, n, Level)
	} else {
		independentHalfWidth = math.NaN()
	}
	return diff, independentHalfWidth
}
