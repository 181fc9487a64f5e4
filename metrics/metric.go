package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"deploysim/models"
	"deploysim/stats"
	"deploysim/units"
)

// Metric keys, as they appear in JSON, CSV and Summary.Arms[i].Stats.
const (
	DeploysPerYear         = "deploys_per_year"
	LeadTimeHours          = "lead_time_hours"
	ChangeFailureRate      = "change_failure_rate"
	ReleaseFailureRate     = "release_failure_rate"
	RecoveryTimeHours      = "recovery_time_hours"
	ReworkRate             = "rework_rate"
	IncidentsPerYear       = "incidents_per_year"
	ImpactMinutesPerYear   = "impact_minutes_per_year"
	AffectedMinutesPerYear = "affected_minutes_per_year"
	LossPerYear            = "loss_per_year"
	IncidentLossPerYear    = "incident_loss_per_year"
	CodeDefectLossPerYear  = "code_defect_loss_per_year"
	DeployErrorLossPerYear = "deployment_error_loss_per_year"
	RollbackLossPerYear    = "failed_rollback_loss_per_year"
	LaborCostPerYear       = "labor_cost_per_year"
	DowntimeCostPerYear    = "downtime_cost_per_year"
	DelayCostPerYear       = "delay_cost_per_year"
	MaxIncidentLoss        = "max_incident_loss"
)

// Kind says what a metric's numbers are, and so how they are written for
// people.
type Kind int

// Kinds of metric.
const (
	PerYear        Kind = iota // a count per year: "250/yr"
	Duration                   // a duration in hours: "41 min", "3.2 h", "4.5 d"
	Fraction                   // a share, 0–1: "14%"
	MinutesPerYear             // minutes per year, written as a duration: "16 h/yr"
	MoneyPerYear               // money per year: "$1.2M/yr"
	MoneyTotal                 // money: "$1.2M"
)

// Metric is one quantity of a replication's outcome: what it measures, in
// which unit, which way is better, and how to read it from an outcome.
// The table (All) is the one definition every product reads: the run's
// summary, a sweep, a sensitivity analysis, the business case and the
// workshop page. A Metric made by hand (a key and a Value) works in a
// sweep or a sensitivity analysis too.
type Metric struct {
	// Key names the metric in JSON and CSV ("lead_time_hours").
	Key string
	// Label names it for people ("Lead time per change"); Short is the
	// label of narrow tables and column heads ("Lead time").
	Label, Short string
	// HigherIsBetter is true for deployment frequency only: for every
	// other metric less is better. Ratios to the baseline are oriented so
	// that a ratio above 1 always means better than the baseline.
	HigherIsBetter bool
	// Pooled is true for lead_time_hours and recovery_time_hours: their
	// percentiles are over every change (every failed deployment) of every
	// replication pooled, and their headline value — the one rated against
	// DORA and compared with the baseline — is the pooled median. For other
	// metrics percentiles are over the per-replication values and the
	// headline is the mean.
	Pooled bool
	// Money is true for the losses: they carry a p99 in the text table and
	// their unit is the scenario's currency.
	Money bool

	// Kind says what the numbers are (a rate, a duration, money).
	Kind Kind
	// Unit is the unit JSON and CSV write for a metric that is not money
	// ("deploys/yr", "h"); UnitIn gives every metric's.
	Unit string
	// Better and Worse word a ratio to the baseline: "more" and "fewer"
	// deploys, "faster" and "slower" lead time.
	Better, Worse string
	// UndefinedWhy says why a replication can lack a value ("no failed
	// deployment"), for a summary's warnings; empty if it never does.
	UndefinedWhy string
	// Value returns the metric in one replication whose measured period
	// is years long (NaN where undefined: a rate with no deployment).
	Value func(o *models.Outcome, years float64) float64
}

// UnitIn returns the metric's unit as written in JSON and CSV, given the
// scenario's currency ("" means USD): "deploys/yr", "h", "fraction" (0–1),
// "incidents/yr", "min/yr", "USD/yr", "USD".
func (m Metric) UnitIn(currency string) string {
	if currency == "" {
		currency = "USD"
	}
	switch m.Kind {
	case MoneyPerYear:
		return currency + "/yr"
	case MoneyTotal:
		return currency
	}
	return m.Unit
}

// Amount writes value x of the metric for people, in its unit, as every
// table and page does: "250/yr", "3.2 h", "14%", "16 h/yr", "$1.2M/yr".
func (m Metric) Amount(x float64, currency string) units.Amount {
	switch m.Kind {
	case PerYear:
		if math.IsNaN(x) {
			return units.Amount{Num: units.NA, Unit: ""}
		}
		return units.Amount{Num: units.Num(x), Unit: "/yr"}
	case Duration:
		return units.HoursAmount(x)
	case Fraction:
		return units.PercentAmount(x)
	case MinutesPerYear:
		a := units.HoursAmount(x / 60)
		if a.Num != units.NA {
			a.Unit += "/yr"
		}
		return a
	case MoneyPerYear:
		a := units.MoneyAmount(x, currency)
		if a.Num != units.NA {
			a.Unit = "/yr"
		}
		return a
	case MoneyTotal:
		return units.MoneyAmount(x, currency)
	}
	panic("metrics: unknown metric kind")
}

// Title is the metric's name standing alone, for a heading or a
// sentence: the Label, or for a part of the loss (indented under it in a
// table, "  incident loss") the part named in full ("Incident loss per
// year").
func (m Metric) Title() string {
	label := strings.TrimSpace(m.Label)
	if strings.HasPrefix(m.Label, " ") {
		// "incident loss (risk)" → "Incident loss per year (risk)": the
		// period belongs to the quantity, the tag after it.
		name, tag, _ := strings.Cut(label, " (")
		label = strings.ToUpper(name[:1]) + name[1:] + " per year"
		if tag != "" {
			label += " (" + tag
		}
	}
	return label
}

// table is every metric, in the order of a summary's rows. It is never
// modified.
var table = []Metric{
	{Key: DeploysPerYear, Label: "Deploys per year", Short: "Deploys/yr", HigherIsBetter: true, Kind: PerYear, Unit: "deploys/yr",
		Better: "more", Worse: "fewer",
		Value: func(o *models.Outcome, years float64) float64 { return float64(o.Deployments) / years }},
	{Key: LeadTimeHours, Label: "Lead time per change", Short: "Lead time", Pooled: true, Kind: Duration, Unit: "h",
		Better: "faster", Worse: "slower", UndefinedWhy: "no change delivered",
		Value: func(o *models.Outcome, _ float64) float64 { return o.LeadTimeHours.Mean() }},
	{Key: ChangeFailureRate, Label: "Change failure rate", Short: "Change failure rate", Kind: Fraction, Unit: "fraction",
		Better: "lower", Worse: "higher", UndefinedWhy: "no deployment",
		Value: func(o *models.Outcome, _ float64) float64 { return ratio(o.FailedDeployments, o.Deployments) }},
	{Key: ReleaseFailureRate, Label: "Release failure rate (planned)", Short: "Release failure rate", Kind: Fraction, Unit: "fraction",
		Better: "lower", Worse: "higher", UndefinedWhy: "no planned release",
		Value: func(o *models.Outcome, _ float64) float64 { return ratio(o.FailedReleases, o.PlannedReleases) }},
	{Key: RecoveryTimeHours, Label: "Recovery time per failed deploy", Short: "Recovery time", Pooled: true, Kind: Duration, Unit: "h",
		Better: "faster", Worse: "slower", UndefinedWhy: "no failed deployment",
		Value: func(o *models.Outcome, _ float64) float64 { return mean64(o.RecoveryHours) }},
	{Key: ReworkRate, Label: "Rework rate (hotfix deploys)", Short: "Rework rate", Kind: Fraction, Unit: "fraction",
		Better: "lower", Worse: "higher", UndefinedWhy: "no deployment",
		Value: func(o *models.Outcome, _ float64) float64 { return ratio(o.HotfixDeployments, o.Deployments) }},
	{Key: IncidentsPerYear, Label: "Incidents per year", Short: "Incidents/yr", Kind: PerYear, Unit: "incidents/yr",
		Better: "fewer", Worse: "more",
		Value: func(o *models.Outcome, years float64) float64 { return float64(o.Incidents) / years }},
	{Key: ImpactMinutesPerYear, Label: "Downtime (full-outage equivalent)", Short: "Downtime/yr", Kind: MinutesPerYear, Unit: "min/yr",
		Better: "less", Worse: "more",
		Value: func(o *models.Outcome, years float64) float64 {
			return (o.ImpactMinutes + o.PlannedDowntimeMinutes) / years
		}},
	{Key: AffectedMinutesPerYear, Label: "Time with any users affected", Short: "Users affected/yr", Kind: MinutesPerYear, Unit: "min/yr",
		Better: "less", Worse: "more",
		Value: func(o *models.Outcome, years float64) float64 {
			return (o.UnplannedDowntimeMinutes + o.PlannedDowntimeMinutes) / years
		}},
	{Key: LossPerYear, Label: "Loss per year", Short: "Loss/yr", Money: true, Kind: MoneyPerYear,
		Better: "lower", Worse: "higher",
		Value: func(o *models.Outcome, years float64) float64 { return o.TotalCost() / years }},
	{Key: IncidentLossPerYear, Label: "  incident loss (risk)", Short: "  incidents (risk)", Money: true, Kind: MoneyPerYear,
		Better: "lower", Worse: "higher",
		Value: func(o *models.Outcome, years float64) float64 { return o.IncidentLoss / years }},
	{Key: CodeDefectLossPerYear, Label: "    from code defects", Short: "    code defects", Money: true, Kind: MoneyPerYear,
		Better: "lower", Worse: "higher",
		Value: func(o *models.Outcome, years float64) float64 {
			return o.IncidentLossByCause[models.CodeDefect] / years
		}},
	{Key: DeployErrorLossPerYear, Label: "    from deployment errors", Short: "    deploy errors", Money: true, Kind: MoneyPerYear,
		Better: "lower", Worse: "higher",
		Value: func(o *models.Outcome, years float64) float64 {
			return o.IncidentLossByCause[models.DeploymentError] / years
		}},
	{Key: RollbackLossPerYear, Label: "    from failed rollbacks", Short: "    failed rollbacks", Money: true, Kind: MoneyPerYear,
		Better: "lower", Worse: "higher",
		Value: func(o *models.Outcome, years float64) float64 {
			return o.IncidentLossByCause[models.FailedRollback] / years
		}},
	{Key: LaborCostPerYear, Label: "  labour cost", Short: "  labour", Money: true, Kind: MoneyPerYear,
		Better: "lower", Worse: "higher",
		Value: func(o *models.Outcome, years float64) float64 { return o.LaborCost / years }},
	{Key: DowntimeCostPerYear, Label: "  planned downtime cost", Short: "  planned downtime", Money: true, Kind: MoneyPerYear,
		Better: "lower", Worse: "higher",
		Value: func(o *models.Outcome, years float64) float64 { return o.DowntimeCost / years }},
	{Key: DelayCostPerYear, Label: "  cost of delay (flow)", Short: "  cost of delay (flow)", Money: true, Kind: MoneyPerYear,
		Better: "lower", Worse: "higher",
		Value: func(o *models.Outcome, years float64) float64 { return o.DelayCost / years }},
	{Key: MaxIncidentLoss, Label: "Largest incident loss", Short: "Largest incident", Money: true, Kind: MoneyTotal,
		Better: "lower", Worse: "higher",
		Value: func(o *models.Outcome, _ float64) float64 { return o.MaxIncidentLoss }},
}

// All returns every metric, in the order of a summary's rows.
func All() []Metric { return slices.Clone(table) }

// Index returns the index of key in All, or -1.
func Index(key string) int {
	return slices.IndexFunc(table, func(m Metric) bool { return m.Key == key })
}

// Lookup returns the metric with the given key. An unknown key is an
// error that lists the keys (and suggests one when the key typed is part
// of exactly one).
func Lookup(key string) (Metric, error) {
	i := Index(key)
	if i < 0 {
		keys := make([]string, len(table))
		for j, m := range table {
			keys[j] = m.Key
		}
		hint := ""
		if c := suggestKey(key, keys); c != "" {
			hint = "; did you mean " + c + "?"
		}
		return Metric{}, fmt.Errorf("unknown metric %q%s (metrics: %s)", key, hint, strings.Join(keys, ", "))
	}
	return table[i], nil
}

// CostComponents are the parts that add up to loss_per_year, in the order
// a stacked plot draws them: the transaction cost of releasing (labour and
// planned downtime), the risk by cause, and the cost of delay.
func CostComponents() []Metric {
	var out []Metric
	for _, k := range []string{LaborCostPerYear, DowntimeCostPerYear, CodeDefectLossPerYear, DeployErrorLossPerYear, RollbackLossPerYear, DelayCostPerYear} {
		out = append(out, table[Index(k)])
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

// HorizonHours returns the measured period of o, falling back to the
// experiment's when the outcome does not record it.
func HorizonHours(o *models.Outcome, experiment float64) float64 {
	if o.HorizonHours > 0 {
		return o.HorizonHours
	}
	return experiment
}

// Values returns one replication's value of every metric, in the order
// of All, over a measured period of horizon hours; NaN where the metric is undefined in that replication:
//
//   - deploys_per_year, incidents_per_year: counts ÷ horizon in years;
//   - lead_time_hours: the mean lead time of the changes delivered (NaN if
//     none was);
//   - change_failure_rate: FailedDeployments ÷ Deployments, and
//     rework_rate: HotfixDeployments ÷ Deployments (NaN with no
//     deployment);
//   - recovery_time_hours: the mean of RecoveryHours (NaN with no failed
//     deployment);
//   - release_failure_rate: FailedReleases ÷ PlannedReleases (NaN with no
//     planned release);
//   - impact_minutes_per_year: full-outage-equivalent minutes (incident
//     minutes weighted by the share of users affected, plus planned
//     downtime, when everyone is affected) ÷ horizon in years;
//   - affected_minutes_per_year: minutes during which any user was
//     affected by an incident or a planned outage ÷ horizon in years;
//   - the losses ÷ horizon in years; max_incident_loss as recorded (the
//     largest single incident in the measured horizon).
func Values(o *models.Outcome, horizon float64) []float64 {
	years := horizon / models.HoursPerYear
	v := make([]float64, len(table))
	for i, m := range table {
		v[i] = m.Value(o, years)
	}
	return v
}

// ratio is num ÷ den, NaN when den is zero.
func ratio(num, den int) float64 {
	if den == 0 {
		return math.NaN()
	}
	return float64(num) / float64(den)
}

// recoveryAccuracy is the relative accuracy of the pooled recovery-time
// quantiles: the summary sketches them (memory flat in the number of
// incidents) to ±0.1% of the exact empirical quantile. Lead-time
// quantiles come from the outcomes' own sketches, to
// models.LeadTimeAccuracy.
const recoveryAccuracy = 0.001

// Pooled returns the sketch of a pooled metric's samples — every change's
// lead time, every failed deployment's recovery time — over outcomes.
// Merging is exact and independent of order, so the pooled quantiles are
// those of one sketch of every sample.
func Pooled(key string, outcomes []models.Outcome) stats.Sketch {
	switch key {
	case LeadTimeHours:
		var s stats.Sketch
		for r := range outcomes {
			s.Merge(&outcomes[r].LeadTimeHours)
		}
		if s.Accuracy() == 0 { // no outcome had a sketch: an empty one
			s = stats.NewSketch(models.LeadTimeAccuracy)
		}
		return s
	case RecoveryTimeHours:
		s := stats.NewSketch(recoveryAccuracy)
		for r := range outcomes {
			for _, x := range outcomes[r].RecoveryHours {
				s.Add(x)
			}
		}
		return s
	}
	panic("metrics: metric " + key + " has no pooled samples")
}

func mean64(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
