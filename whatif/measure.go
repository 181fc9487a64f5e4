package whatif

import "deploysim/models"

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
