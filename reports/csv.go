package reports

import (
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat"

	"deploysim/metrics"
	"deploysim/models"
	"deploysim/report"
	"deploysim/stats"
)

// csvFloat writes x in the shortest form that reads back exactly, or an
// empty cell when it is NaN or infinite.
func csvFloat(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// runRecords is s as a tidy table: a header, then one row per arm ×
// metric × statistic with the columns
//
//	scenario, arm, metric, statistic, value, unit
//
// Statistics are mean, ci95_low, ci95_high, p5, p50, p95, p99 (in the
// metric's unit), n and samples (counts, unit "count") and
// ratio_to_baseline (unit "x", above 1 better; see Stat.Ratio). Non-baseline
// arms add the metric loss_saved_per_year with mean, ci95_low and
// ci95_high. Undefined values are empty cells. DORA clusters are not in the
// CSV (they are words, not numbers): see WriteJSON.
func runRecords(s *metrics.Summary) [][]string {
	out := [][]string{{"scenario", "arm", "metric", "statistic", "value", "unit"}}
	row := func(arm, metric, statistic, value, unit string) {
		out = append(out, []string{s.Scenario, arm, metric, statistic, value, unit})
	}
	for _, a := range s.Arms {
		for _, st := range a.Stats {
			for _, kv := range []struct {
				name string
				v    float64
			}{
				{"mean", st.Mean}, {"ci95_low", st.Low}, {"ci95_high", st.High},
				{"p5", st.P5}, {"p50", st.P50}, {"p95", st.P95}, {"p99", st.P99},
			} {
				row(a.Name, st.Key, kv.name, csvFloat(kv.v), st.Unit)
			}
			row(a.Name, st.Key, "n", strconv.Itoa(st.N), "count")
			row(a.Name, st.Key, "samples", strconv.Itoa(st.Samples), "count")
			row(a.Name, st.Key, "ratio_to_baseline", csvFloat(st.Ratio), "x")
		}
		if a.Saved != nil {
			unit := s.Currency + "/yr"
			row(a.Name, "loss_saved_per_year", "mean", csvFloat(a.Saved.Mean), unit)
			row(a.Name, "loss_saved_per_year", "ci95_low", csvFloat(a.Saved.Low), unit)
			row(a.Name, "loss_saved_per_year", "ci95_high", csvFloat(a.Saved.High), unit)
			for _, part := range []struct {
				key string
				d   *stats.Interval
			}{{"incident_loss_saved_per_year", a.SavedRisk}, {"delay_cost_saved_per_year", a.SavedFlow}} {
				if part.d != nil {
					row(a.Name, part.key, "mean", csvFloat(part.d.Mean), unit)
					row(a.Name, part.key, "ci95_low", csvFloat(part.d.Low), unit)
					row(a.Name, part.key, "ci95_high", csvFloat(part.d.High), unit)
				}
			}
		}
	}
	return out
}

// PerReplication is a run as one record per replication and arm, for
// people who want to do their own analysis (its Records, which
// render.WriteCSV writes): replication (numbered from 0,
// as models.RunOptions.Replication, so a row can be replayed alone), arm,
// every metric's per-replication value under its key (lead and recovery
// time are that replication's means, and their columns say so:
// lead_time_mean_hours, recovery_time_mean_hours), the medians of that
// replication's lead and recovery times, and the raw counts and amounts
// of models.Outcome, each column named for what it holds (the cost of
// planned downtime is planned_downtime_cost; incident loss is split by
// cause). No column appears twice. Money is in meta.Currency; undefined
// values are empty cells.
func PerReplication(res *models.Results, meta metrics.Meta) *report.Doc {
	metrics.CheckResults(res)
	d := &report.Doc{Kind: "deploysim run, per replication", Subject: meta.Scenario, Title: meta.Title}
	header := []string{"scenario", "replication", "arm"}
	for _, m := range metrics.All() {
		switch m.Key {
		case metrics.LeadTimeHours:
			header = append(header, "lead_time_mean_hours")
		case metrics.RecoveryTimeHours:
			header = append(header, "recovery_time_mean_hours")
		default:
			header = append(header, m.Key)
		}
	}
	header = append(header,
		"lead_time_median_hours", "recovery_time_median_hours",
		"horizon_hours", "deployments", "hotfix_deployments", "failed_deployments",
		"failed_hotfix_deployments", "planned_releases", "failed_releases", "rollbacks", "failed_rollbacks",
		"caught_before_traffic", "changes_delivered", "incidents", "canary_aborts", "unplanned_downtime_minutes",
		"impact_minutes", "planned_downtime_minutes", "incident_loss", "code_defect_loss",
		"deployment_error_loss", "failed_rollback_loss", "labor_cost", "planned_downtime_cost", "delay_cost")
	d.Records = [][]string{header}
	exp := &res.Experiment
	for r := range res.Outcomes[0] {
		for a := range exp.Arms {
			o := &res.Outcomes[a][r]
			h := metrics.HorizonHours(o, exp.HorizonHours)
			rec := []string{meta.Scenario, strconv.Itoa(r), exp.Arms[a].Name}
			for _, v := range metrics.Values(o, h) {
				rec = append(rec, csvFloat(v))
			}
			itoa := strconv.Itoa
			rec = append(rec,
				csvFloat(o.LeadTimeHours.Quantile(0.5)),
				csvFloat(median(slices.Clone(o.RecoveryHours))),
				csvFloat(h), itoa(o.Deployments), itoa(o.HotfixDeployments), itoa(o.FailedDeployments),
				itoa(o.FailedHotfixDeployments), itoa(o.PlannedReleases), itoa(o.FailedReleases), itoa(o.Rollbacks),
				itoa(o.FailedRollbacks), itoa(o.CaughtBeforeTraffic), itoa(o.ChangesDelivered), itoa(o.Incidents), itoa(o.CanaryAborts),
				csvFloat(o.UnplannedDowntimeMinutes), csvFloat(o.ImpactMinutes), csvFloat(o.PlannedDowntimeMinutes),
				csvFloat(o.IncidentLoss), csvFloat(o.IncidentLossByCause[models.CodeDefect]),
				csvFloat(o.IncidentLossByCause[models.DeploymentError]), csvFloat(o.IncidentLossByCause[models.FailedRollback]),
				csvFloat(o.LaborCost), csvFloat(o.DowntimeCost), csvFloat(o.DelayCost))
			d.Records = append(d.Records, rec)
		}
	}
	return d
}

// median returns the empirical median of xs (as Stat.P50), or NaN if xs is
// empty. It sorts xs.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	return stat.Quantile(0.5, stat.Empirical, xs, nil)
}
