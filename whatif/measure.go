package whatif

import (
	"deploysim/metrics"
	"deploysim/models"
)

// values evaluates m over outcomes: each replication over its own measured
// period (horizonHours for an outcome that does not record one).
func values(m metrics.Metric, outs []models.Outcome, horizonHours float64) []float64 {
	v := make([]float64, len(outs))
	for r := range outs {
		h := outs[r].HorizonHours
		if h <= 0 {
			h = horizonHours
		}
		v[r] = m.Value(&outs[r], h/models.HoursPerYear)
	}
	return v
}
