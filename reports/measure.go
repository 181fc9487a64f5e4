package reports

import (
	"fmt"
	"slices"
	"strings"

	"deploysim/models"
	"deploysim/whatif"
)

// Measure returns the metric with the given key as a whatif.Measure, so
// that sweeps and sensitivity analyses use the summary's own definitions
// (see replicationValues): the per-replication value, whose mean is the
// metric's mean. For lead and recovery time that is each replication's
// mean, not the pooled median the run table rates. An unknown key is an
// error that lists the keys.
func Measure(key, currency string) (whatif.Measure, error) {
	i := metricIndex(key)
	if i < 0 {
		keys := make([]string, len(metrics))
		for j, m := range metrics {
			keys[j] = m.Key
		}
		hint := ""
		if c := suggestKey(key, keys); c != "" {
			hint = "; did you mean " + c + "?"
		}
		return whatif.Measure{}, fmt.Errorf("unknown metric %q%s (metrics: %s)", key, hint, strings.Join(keys, ", "))
	}
	if currency == "" {
		currency = "USD"
	}
	m := metrics[i]
	label := strings.TrimSpace(m.Label)
	if strings.HasPrefix(m.Label, " ") {
		label = strings.ToUpper(label[:1]) + label[1:] + " per year"
	}
	return whatif.Measure{
		Key: m.Key, Label: label, Unit: m.Unit(currency), HigherIsBetter: m.HigherIsBetter, Money: m.Money,
		Value: func(o *models.Outcome, horizonHours float64) float64 {
			return replicationValues(o, horizonHours)[i]
		},
	}, nil
}

// CostComponents are the parts that add up to loss_per_year, in the order
// a stacked plot draws them: the transaction cost of releasing (labour and
// planned downtime), the risk by cause, and the cost of delay.
func CostComponents(currency string) []whatif.Measure {
	var out []whatif.Measure
	for _, k := range []string{LaborCostPerYear, DowntimeCostPerYear, CodeDefectLossPerYear, DeployErrorLossPerYear, RollbackLossPerYear, DelayCostPerYear} {
		m, _ := Measure(k, currency)
		out = append(out, m)
	}
	return out
}

// suggestKey is a small "did you mean" for metric keys: the key that
// contains the word typed, if only one does.
func suggestKey(s string, keys []string) string {
	var hits []string
	for _, k := range keys {
		if strings.Contains(k, s) || strings.Contains(s, k) {
			hits = append(hits, k)
		}
	}
	if len(hits) == 1 {
		return hits[0]
	}
	i := slices.IndexFunc(keys, func(k string) bool { return strings.EqualFold(k, s) })
	if i >= 0 {
		return keys[i]
	}
	return ""
}
