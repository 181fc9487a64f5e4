package reports

import (
	"math"

	"deploysim/metrics"
	"deploysim/units"
)

// amountOf writes value x of metric m in its unit (metrics.Metric.Amount).
func amountOf(m metrics.Metric, x float64, currency string) units.Amount {
	return m.Amount(x, currency)
}

// ratioPhrase writes a ratio to the baseline (above 1: better) in the
// metric's words, saying which way is better: "208× more — better", "3.0×
// slower — worse". Ratios within 5% of 1 read "about the same"; a zero
// against a non-zero reads "none at all — better" (the arm has none of a
// bad thing) or "baseline has none — worse", and the other way round for
// deploys.
func ratioPhrase(m metrics.Metric, r float64) string {
	switch {
	case math.IsNaN(r):
		return units.NA
	case math.IsInf(r, 1) && m.HigherIsBetter:
		return "baseline has none — better"
	case math.IsInf(r, 1):
		return "none at all — better"
	case r == 0 && m.HigherIsBetter:
		return "none at all — worse"
	case r == 0:
		return "baseline has none — worse"
	case math.Abs(r-1) < 0.05:
		return "about the same"
	case r >= 1:
		return units.FormatRatio(r) + " " + m.Better + " — better"
	}
	return units.FormatRatio(1/r) + " " + m.Worse + " — worse"
}
