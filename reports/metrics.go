package reports

import (
	"math"
	"slices"

	"deploysim/models"
	"deploysim/sim"
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

// hoursPerYear is the simulated year: 365 days (see package models).
const hoursPerYear = 365 * 24

// kind says how a metric's numbers are written for people.
type kind int

const (
	perYear        kind = iota // a count per year: "250/yr"
	hours                      // a duration in hours: "41 min", "3.2 h", "4.5 d"
	fraction                   // a share, 0–1: "14%"
	minutesPerYear             // minutes per year, written as a duration: "16 h/yr"
	moneyPerYear               // money per year: "$1.2M/yr"
	money                      // money: "$1.2M"
)

// Metric describes one row of the summary: what it measures, in which unit,
// and which way is better.
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

	kind     kind
	unit     string // JSON unit; "" for money (the currency code is used)
	better   string // ratio wording when the arm is better: "more deploys"
	worse    string // and when it is worse: "fewer deploys"
	undefWhy string // why a replication can lack a value, for warnings
}

// Unit returns the metric's unit as written in JSON and CSV, given the
// scenario's currency: "deploys/yr", "h", "fraction" (0–1), "incidents/yr",
// "min/yr", "USD/yr", "USD".
func (m Metric) Unit(currency string) string {
	switch m.kind {
	case moneyPerYear:
		return currency + "/yr"
	case money:
		return currency
	}
	return m.unit
}

// metrics is the summary's rows, in display order. It is never modified.
var metrics = []Metric{
	{Key: DeploysPerYear, Label: "Deploys per year", Short: "Deploys/yr", HigherIsBetter: true, kind: perYear, unit: "deploys/yr",
		better: "more", worse: "fewer"},
	{Key: LeadTimeHours, Label: "Lead time per change", Short: "Lead time", Pooled: true, kind: hours, unit: "h",
		better: "faster", worse: "slower", undefWhy: "no change delivered"},
	{Key: ChangeFailureRate, Label: "Change failure rate", Short: "Change failure rate", kind: fraction, unit: "fraction",
		better: "lower", worse: "higher", undefWhy: "no deployment"},
	{Key: ReleaseFailureRate, Label: "Release failure rate (planned)", Short: "Release failure rate", kind: fraction, unit: "fraction",
		better: "lower", worse: "higher", undefWhy: "no planned release"},
	{Key: RecoveryTimeHours, Label: "Recovery time per failed deploy", Short: "Recovery time", Pooled: true, kind: hours, unit: "h",
		better: "faster", worse: "slower", undefWhy: "no failed deployment"},
	{Key: ReworkRate, Label: "Rework rate (hotfix deploys)", Short: "Rework rate", kind: fraction, unit: "fraction",
		better: "lower", worse: "higher", undefWhy: "no deployment"},
	{Key: IncidentsPerYear, Label: "Incidents per year", Short: "Incidents/yr", kind: perYear, unit: "incidents/yr",
		better: "fewer", worse: "more"},
	{Key: ImpactMinutesPerYear, Label: "Downtime (full-outage equivalent)", Short: "Downtime/yr", kind: minutesPerYear, unit: "min/yr",
		better: "less", worse: "more"},
	{Key: AffectedMinutesPerYear, Label: "Time with any users affected", Short: "Users affected/yr", kind: minutesPerYear, unit: "min/yr",
		better: "less", worse: "more"},
	{Key: LossPerYear, Label: "Loss per year", Short: "Loss/yr", Money: true, kind: moneyPerYear,
		better: "lower", worse: "higher"},
	{Key: IncidentLossPerYear, Label: "  incident loss (risk)", Short: "  incidents (risk)", Money: true, kind: moneyPerYear,
		better: "lower", worse: "higher"},
	{Key: CodeDefectLossPerYear, Label: "    from code defects", Short: "    code defects", Money: true, kind: moneyPerYear,
		better: "lower", worse: "higher"},
	{Key: DeployErrorLossPerYear, Label: "    from deployment errors", Short: "    deploy errors", Money: true, kind: moneyPerYear,
		better: "lower", worse: "higher"},
	{Key: RollbackLossPerYear, Label: "    from failed rollbacks", Short: "    failed rollbacks", Money: true, kind: moneyPerYear,
		better: "lower", worse: "higher"},
	{Key: LaborCostPerYear, Label: "  labour cost", Short: "  labour", Money: true, kind: moneyPerYear,
		better: "lower", worse: "higher"},
	{Key: DowntimeCostPerYear, Label: "  planned downtime cost", Short: "  planned downtime", Money: true, kind: moneyPerYear,
		better: "lower", worse: "higher"},
	{Key: DelayCostPerYear, Label: "  cost of delay (flow)", Short: "  cost of delay (flow)", Money: true, kind: moneyPerYear,
		better: "lower", worse: "higher"},
	{Key: MaxIncidentLoss, Label: "Largest incident loss", Short: "Largest incident", Money: true, kind: money,
		better: "lower", worse: "higher"},
}

// Metrics returns the summary's metrics in display order.
func Metrics() []Metric { return slices.Clone(metrics) }

// metricIndex returns the index of key in metrics, or -1.
func metricIndex(key string) int {
	return slices.IndexFunc(metrics, func(m Metric) bool { return m.Key == key })
}

// horizonHours returns the measured period of o, falling back to the
// experiment's when the outcome does not record it.
func horizonHours(o *models.Outcome, experiment float64) float64 {
	if o.HorizonHours > 0 {
		return o.HorizonHours
	}
	return experiment
}

// replicationValues returns one replication's value of every metric, in the
// order of metrics; NaN where the metric is undefined in that replication:
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
func replicationValues(o *models.Outcome, horizon float64) []float64 {
	years := horizon / hoursPerYear
	ratio := func(num, den int) float64 {
		if den == 0 {
			return math.NaN()
		}
		return float64(num) / float64(den)
	}
	v := make([]float64, len(metrics))
	for i, m := range metrics {
		switch m.Key {
		case DeploysPerYear:
			v[i] = float64(o.Deployments) / years
		case LeadTimeHours:
			v[i] = o.LeadTimeHours.Mean()
		case ChangeFailureRate:
			v[i] = ratio(o.FailedDeployments, o.Deployments)
		case RecoveryTimeHours:
			v[i] = mean64(o.RecoveryHours)
		case ReworkRate:
			v[i] = ratio(o.HotfixDeployments, o.Deployments)
		case IncidentsPerYear:
			v[i] = float64(o.Incidents) / years
		case ReleaseFailureRate:
			v[i] = ratio(o.FailedReleases, o.PlannedReleases)
		case ImpactMinutesPerYear:
			v[i] = (o.ImpactMinutes + o.PlannedDowntimeMinutes) / years
		case AffectedMinutesPerYear:
			v[i] = (o.UnplannedDowntimeMinutes + o.PlannedDowntimeMinutes) / years
		case CodeDefectLossPerYear:
			v[i] = o.IncidentLossByCause[models.CodeDefect] / years
		case DeployErrorLossPerYear:
			v[i] = o.IncidentLossByCause[models.DeploymentError] / years
		case RollbackLossPerYear:
			v[i] = o.IncidentLossByCause[models.FailedRollback] / years
		case LossPerYear:
			v[i] = o.TotalCost() / years
		case IncidentLossPerYear:
			v[i] = o.IncidentLoss / years
		case LaborCostPerYear:
			v[i] = o.LaborCost / years
		case DowntimeCostPerYear:
			v[i] = o.DowntimeCost / years
		case DelayCostPerYear:
			v[i] = o.DelayCost / years
		case MaxIncidentLoss:
			v[i] = o.MaxIncidentLoss
		default:
			panic("reports: no per-replication value for metric " + m.Key)
		}
	}
	return v
}

// recoveryAccuracy is the relative accuracy of the pooled recovery-time
// quantiles: the summary sketches them (memory flat in the number of
// incidents) to ±0.1% of the exact empirical quantile. Lead-time
// quantiles come from the outcomes' own sketches, to
// models.LeadTimeAccuracy.
const recoveryAccuracy = 0.001

// pooled returns the sketch of a pooled metric's samples — every change's
// lead time, every failed deployment's recovery time — over outcomes.
// Merging is exact and independent of order, so the pooled quantiles are
// those of one sketch of every sample.
func pooled(key string, outcomes []models.Outcome) sim.Sketch {
	switch key {
	case LeadTimeHours:
		var s sim.Sketch
		for r := range outcomes {
			s.Merge(&outcomes[r].LeadTimeHours)
		}
		if s.Accuracy() == 0 { // no outcome had a sketch: an empty one
			s = sim.NewSketch(models.LeadTimeAccuracy)
		}
		return s
	case RecoveryTimeHours:
		s := sim.NewSketch(recoveryAccuracy)
		for r := range outcomes {
			for _, x := range outcomes[r].RecoveryHours {
				s.Add(x)
			}
		}
		return s
	}
	panic("reports: metric " + key + " has no pooled samples")
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
