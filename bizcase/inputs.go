package bizcase

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"deploysim/scenarios"
)

// dists are the distributions a range may take.
var dists = []string{"lognormal", "beta", "triangular", "uniform"}

// z95 is the standard normal's 95th percentile: a 90% interval spans
// ±z95 standard deviations.
const z95 = 1.6448536269514722

// quantiler is a distribution fitted to an input's 90% interval.
type quantiler interface {
	Quantile(p float64) float64
}

// fit returns the distribution of a range, fitted to its 90% interval (Low
// is its 5th percentile, High its 95th), or a message saying why the
// interval does not fit it.
func fit(in scenarios.Range) (quantiler, string) {
	lo, hi := in.Low, in.High
	switch {
	case math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0):
		return nil, "the interval must be finite"
	case lo > hi:
		return nil, fmt.Sprintf("low (%g) must not exceed high (%g)", lo, hi)
	}
	if lo == hi {
		return constant(lo), ""
	}
	switch distOf(in) {
	case "lognormal":
		if lo <= 0 {
			return nil, fmt.Sprintf("a lognormal needs low > 0, got %g (use triangular or uniform for a range that includes 0)", lo)
		}
		mu := (math.Log(lo) + math.Log(hi)) / 2
		sigma := (math.Log(hi) - math.Log(lo)) / (2 * z95)
		return distuv.LogNormal{Mu: mu, Sigma: sigma}, ""
	case "beta":
		if lo <= 0 || hi >= 1 {
			return nil, fmt.Sprintf("a beta needs 0 < low < high < 1, got [%g, %g]", lo, hi)
		}
		b, ok := fitBeta(lo, hi)
		if !ok {
			return nil, fmt.Sprintf("no beta distribution has the 90%% interval [%g, %g]", lo, hi)
		}
		return b, ""
	case "triangular":
		// A symmetric triangle whose 5th and 95th percentiles are lo and
		// hi: P(X < a + u(b − a)) = 2u² = 5% gives u = √0.025.
		u := math.Sqrt(0.025)
		w := (hi - lo) / (1 - 2*u)
		a, b := lo-u*w, hi+u*w
		return distuv.NewTriangle(a, b, (a+b)/2, nil), ""
	case "uniform":
		w := (hi - lo) / 0.9
		return distuv.Uniform{Min: lo - 0.05*w, Max: hi + 0.05*w}, ""
	}
	return nil, fmt.Sprintf("unknown distribution %q (want %s)", in.Dist, strings.Join(dists, ", "))
}

type constant float64

func (c constant) Quantile(float64) float64 { return float64(c) }

// fitBeta finds the beta distribution whose 5th and 95th percentiles are
// lo and hi. With the mean μ and concentration κ (α = μκ, β = (1 − μ)κ):
// for a given κ the 5th percentile grows with μ, so bisection on μ pins it
// at lo; the 95th percentile then falls as κ grows (towards lo as the
// distribution concentrates, towards 1 as it splits into two spikes), so
// an outer bisection on log κ pins it at hi.
func fitBeta(lo, hi float64) (distuv.Beta, bool) {
	at := func(mu, k float64) distuv.Beta { return distuv.Beta{Alpha: mu * k, Beta: (1 - mu) * k} }
	meanFor := func(k float64) float64 {
		a, b := 1e-12, 1-1e-12
		for range 64 {
			mu := (a + b) / 2
			if at(mu, k).Quantile(0.05) < lo {
				a = mu
			} else {
				b = mu
			}
		}
		return (a + b) / 2
	}
	la, lb := math.Log(1e-3), math.Log(1e9)
	for range 64 {
		lk := (la + lb) / 2
		k := math.Exp(lk)
		if at(meanFor(k), k).Quantile(0.95) > hi {
			la = lk
		} else {
			lb = lk
		}
	}
	k := math.Exp((la + lb) / 2)
	b := at(meanFor(k), k)
	// Within 0.1% of the interval's width at both ends, or no fit.
	w := hi - lo
	if math.Abs(b.Quantile(0.05)-lo) > 1e-3*w || math.Abs(b.Quantile(0.95)-hi) > 1e-3*w {
		return distuv.Beta{}, false
	}
	return b, true
}

// distOf returns the range's distribution: as written, or for a case
// field that names none, lognormal for money, beta for shares and
// triangular for counts and months.
func distOf(r scenarios.Range) string {
	if r.Dist != "" {
		return r.Dist
	}
	field, _ := strings.CutPrefix(r.Path, "case.")
	switch field {
	case "investment", "running_cost", "cost_per_engineer_year":
		return "lognormal"
	case "dip", "discount_rate":
		return "beta"
	}
	return "triangular"
}

// median returns the median of a range's distribution: the value the
// point estimate and the tornado hold an input at.
func median(q quantiler) float64 { return q.Quantile(0.5) }

// Check checks that every range fits its distribution (a lognormal needs
// low > 0, a beta 0 < low < high < 1). Each problem is a scenarios.Error
// at the range's line in file. The scenario has checked the ends against
// the parameters' ranges.
func Check(ranges []scenarios.Range, file string) error {
	var errs scenarios.Errors
	for _, r := range ranges {
		if _, msg := fit(r); msg != "" {
			errs = append(errs, &scenarios.Error{Source: file, Line: r.Line, Path: "uncertain." + r.Path, Msg: msg})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// inputNames are the words a reader sees for the inputs a business case
// is most often uncertain about, by the field's path inside an arm (or
// the case's key).
var inputNames = map[string]string{
	"money.loss_per_minute":             "outage cost per minute at peak",
	"money.planned_downtime_per_minute": "planned-downtime cost per minute",
	"money.hourly_rate":                 "labour cost per person-hour",
	"money.off_hours_multiplier":        "out-of-hours pay multiplier",
	"money.incident_people":             "people working an incident",
	"money.delay_per_change_day":        "cost of delay per change-day",
	"money.revenue_per_year":            "revenue a year",
	"work.defect_prob":                  "share of changes with a defect",
	"work.changes_per_day":              "changes a working day",
	"deploy.step_error_prob":            "error rate of a manual deployment step",
	"recovery.rollback_fail_prob":       "share of rollbacks that fail",
	"monitoring.alert_prob":             "share of faults alerting catches",
	"case.investment":                   "investment",
	"case.running_cost":                 "running cost a year",
	"case.engineers":                    "engineers",
	"case.cost_per_engineer_year":       "cost of an engineer-year",
	"case.transition_months":            "transition",
	"case.dip":                          "productivity dip",
	"case.dip_months":                   "length of the dip",
	"case.discount_rate":                "discount rate",
	"case.horizon_years":                "horizon",
	"case.samples":                      "samples",
	"case.replications":                 "simulated years per sample",
}

// InputName returns an input's name in words for a reader who does not
// know the scenario format ("outage cost per minute at peak" for
// defaults.money.loss_per_minute), naming the arm when the path is one
// arm's ("error rate of a manual deployment step, quarterly-manual").
// Reports print the path beside it, in small type, for the reader who
// wants to change it.
func InputName(path string) string {
	field, arm := path, ""
	switch {
	case strings.HasPrefix(path, "defaults."):
		field = path[len("defaults."):]
	case strings.HasPrefix(path, "arms."):
		rest := path[len("arms."):]
		// Arm names hold no dots (scenarios checks them), so the first
		// dot ends the name.
		if i := strings.IndexByte(rest, '.'); i > 0 {
			arm, field = rest[:i], rest[i+1:]
		}
	}
	field = strings.TrimSuffix(field, ".mean")
	name, ok := inputNames[field]
	if !ok {
		// The field's own words: "recovery.triage" is "recovery triage",
		// "pipeline[1].catch_prob" "pipeline 1 catch prob", a random
		// duration's ".cv" its spread.
		if f, ok := strings.CutSuffix(field, ".cv"); ok {
			field = f + " spread"
		}
		name = strings.NewReplacer(".", " ", "_", " ", "[", " ", "]", "").Replace(field)
	}
	if arm != "" {
		name += ", " + arm
	}
	return name
}
