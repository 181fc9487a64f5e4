// Package reports lays each product of deploysim out as a document
// (report.Doc) for the one format table in report/render to write: it
// decides what a page, a table and a figure show, in words and numbers
// already computed by the packages below it, and computes no statistic of
// its own. FromRun lays out a run (a Report: the Summary of
// metrics.Summarize and, from NewReport, what its figures draw; Select
// chooses the table's rows and columns), FromSweep a sweep and
// FromSensitivity a sensitivity analysis (package whatif). Each Doc
// carries its JSON document and CSV records as data; render decides how
// they are written. PerReplication holds a run's raw per-replication
// values for the CSV. FromReplay lays out one replication's story
// (package replay); ReplayHeading, WriteReplaySVG and ReplayX draw its
// timeline for the workshop page. The
// business case (package bizcase) still has its own writers here
// (WriteCaseTable … WriteCaseDir), until it moves to report.Doc.
//
// # The table
//
// A run's summary table is a report.Table whose rows carry both a full
// form (several lines a cell: headline, percentiles, ratio to the
// baseline) and a short one (one line a cell), and a column head for the
// transposed layout; render lays it out for a width in one of three
// layouts, the first that fits unless one is asked for: wide (arms as
// columns, every statistic on its own line), compact (one line per cell)
// and transposed (arms as rows, the metrics in blocks of columns, which
// fits any number of arms). Every cell of a row has the same sub-lines in
// the same order, blank where one does not apply; "*" marks the best arm
// of a row (Stat.Best); ratios say "better" or "worse"; lead and recovery
// time lead with their median, the number DORA rates, and each DORA
// cluster is printed beside the number it was rated from, with as many
// digits as it takes not to read as a band edge it missed.
//
// # Pictures and the report
//
// NewReport adds to the summary what the plots draw (per-replication
// losses, the distributions of recovery and lead time, the loss over the
// year, which curves hide another; see metrics.Curves) and lays out the
// figures once for every page that shows them. What each figure shows
// (which arm is worst and best, axis ranges, every label and where it
// sits, the cluster bands) is decided there too; the plot builders
// (LossPlot, DoraPlots, RecoveryPlot, LeadTimePlot, YearPlots) only draw
// it, with gonum/plot's stock plotters; Figures returns the figures with
// titles, captions and a key, and Figure.Doc hands one to a document
// (render.WriteFigure writes it as PNG or SVG). An arm that --set changed
// is marked "*" in legends, axis labels and titles, and every caption
// says what changed it. Every arm keeps one colour (Okabe and Ito's
// colour-blind-safe palette), one dash pattern and one marker in every
// figure, so the pictures read in grayscale and on a projector.
//
// # Metrics and what each statistic is over
//
// Every replication gives each arm one value per metric (package metrics
// defines them, metrics.All lists them with their units):
//
//   - deploys_per_year, incidents_per_year: counts ÷ the measured horizon
//     in years (365 days); an incident is a fault a person had to respond
//     to: a canary that analysis aborted and the pipeline rolled back on
//     its own is a failed deployment, not an incident (the per-replication
//     CSV counts those in canary_aborts);
//   - lead_time_hours: the mean lead time (commit → running in production)
//     of the changes delivered in that replication;
//   - change_failure_rate: failed deployments ÷ deployments; rework_rate:
//     hotfix deployments ÷ deployments (both 0–1);
//   - recovery_time_hours: the mean failed deployment recovery time (DORA
//     2023's name for time to restore) of that replication's failed
//     deployments;
//   - release_failure_rate: failed planned releases ÷ planned releases
//     (hotfixes left out, unlike change_failure_rate);
//   - impact_minutes_per_year: downtime as full-outage-equivalent minutes
//     per year: incident minutes weighted by the share of users affected,
//     plus planned (maintenance window) downtime;
//   - affected_minutes_per_year: minutes per year during which any user
//     was affected, by an incident of any blast radius or a planned outage;
//   - loss_per_year and its parts incident_loss_per_year (itself split
//     into code_defect_loss_per_year, deployment_error_loss_per_year and
//     failed_rollback_loss_per_year),
//     labor_cost_per_year, downtime_cost_per_year (planned downtime) and
//     delay_cost_per_year, per year, in the scenario's currency;
//   - max_incident_loss: the largest loss of a single incident in the
//     measured horizon (not per year).
//
// A metric is undefined in a replication where its denominator is empty: a
// rate with no deployment, lead time with no change delivered, recovery
// time with no failed deployment. Such replications are left out of that
// metric's statistics (N counts the others), and the summary warns.
//
// The mean and its 95% interval (Student's t, stats.MeanCI) are always
// across the per-replication values: replications are independent, so the
// interval is valid; values within one replication are not. Percentiles
// (p5, p50, p95, p99; gonum's stat.Empirical quantile, no interpolation)
// are across the per-replication values too, except for lead_time_hours
// and recovery_time_hours, whose percentiles are over every change (every
// failed deployment) of every replication pooled: "median lead time" then
// means what a person means by it. Pooled percentiles are read from
// quantile sketches (stats.Sketch), so memory stays flat in the number of
// changes: lead time within ±0.5% (models.LeadTimeAccuracy), recovery time
// within ±0.1%; the smallest and largest sample exactly. The headline value of a metric, rated
// against DORA and compared with the baseline, is the pooled median for
// those two and the mean for the others.
//
// Ratios to the baseline are oriented so that above 1 is better: arm ÷
// baseline for deploys_per_year, baseline ÷ arm for every other metric
// ("208× more deploys", "106× faster"). Equal values give 1, a zero
// denominator otherwise +Inf (null in JSON), an undefined value NaN (null).
//
// The loss difference from the baseline is computed from paired
// per-replication differences (baseline − arm): the arms of a replication
// share random numbers, so pairing removes the noise they share and gives a
// much tighter interval than comparing two independent means.
//
// # DORA clusters
//
// Each arm is rated by package dora (dora.Rate) in the summary's edition
// from its headline deploys per year, median lead time, median recovery
// time and mean change failure rate; the table prints each cluster beside
// the number it was rated from. The 2025 edition has no clusters and
// rates nothing: its DORA rows show each arm's Quick Check instead
// (dora.QuickCheckOf: the answers dora.dev's Quick Check would record from
// the same headline values and the rework rate, and their 0–10 scores),
// with the 2025 All-industries mean ± sd in the legend.
//
// # JSON schema (schema_version 1)
//
// A run's JSON document (FromRun's Doc.Data, written by render's json
// format) is one object. Numbers are JSON numbers; a value that is
// undefined (NaN) or infinite is null. Object keys are sorted within
// "metrics" and "ratios"; other objects have the fixed order below.
//
//	{
//	  "schema_version": 1,
//	  "scenario":     string,   scenario name ("epic-vs-continuous")
//	  "title":        string,   scenario title
//	  "currency":     string,   ISO 4217 code of every amount ("USD")
//	  "command":      string,   command line that produced the run ("" if unknown)
//	  "version":      string,   deploysim's version ("dev" for a build without one)
//	  "seed":         integer,
//	  "replications": integer,
//	  "horizon_days": number,   measured period per replication
//	  "baseline":     string,   name of the baseline arm
//	  "arms": [ {
//	    "name":  string,
//	    "title": string,
//	    "metrics": { KEY: {
//	      "mean":      number|null,  mean across replications
//	      "ci95_low":  number|null,  95% Student-t interval of the mean
//	      "ci95_high": number|null,  (null with fewer than 2 replications)
//	      "p5", "p50", "p95", "p99": number|null,
//	                   percentiles across replications, or across every
//	                   change / failed deployment pooled for
//	                   lead_time_hours and recovery_time_hours
//	      "n":         integer,  replications where the metric is defined
//	      "samples":   integer,  values the percentiles are over
//	      "unit":      string    "deploys/yr", "h", "fraction" (0–1),
//	                             "incidents/yr", "min/yr", "USD/yr", "USD"
//	    } },
//	    "dora": {
//	      "edition": "2019" | "2021" | "2022" | "2023" | "2024" | "2025",
//	      "deployment_frequency", "lead_time", "recovery_time",
//	      "change_failure_rate", "overall":
//	                 "elite" | "high" | "medium" | "low" | null (not rated;
//	                 always in 2025, which has no clusters)
//	      "rule":    "weakest" (overall is the weakest key) |
//	                 "nearest_profile" (overall is the nearest cluster profile, 2024) |
//	                 "none" (2025)
//	      "values": { "deployment_frequency", "lead_time", "recovery_time",
//	                 "change_failure_rate": number|null }
//	                 the numbers rated: deploys/yr, median lead and recovery
//	                 time in hours, change failure rate (0–1)
//	    },
//	    "quick_check": {   the DORA Quick Check, in every edition
//	      "answers": { "lead_time", "deployment_frequency", "recovery_time":
//	                 integer, the band from 1 (worst) to 6 (best);
//	                 "change_failure_rate", "rework_rate": number, percent 0–100 },
//	      "scores": { "lead_time", "deployment_frequency", "recovery_time",
//	                 "change_failure_rate", "rework_rate", "throughput",
//	                 "overall": number, 0–10, higher better;
//	                 "instability": number, 0–10, lower better }
//	    },
//	    "ratios": { KEY: number|null },  headline ratio to the baseline, above 1 better
//	    "versus_baseline": null for the baseline, otherwise {
//	      "loss_saved_per_year": {
//	        "mean", "ci95_low", "ci95_high": number|null,
//	                 paired baseline − arm loss per year; positive: the arm loses less
//	        "unit": "USD/yr"
//	      }
//	    }
//	  } ],
//	  "warnings": [ string ]   caveats, e.g. "only 20 replications: intervals are wide; run 30 or more"
//	}
//
// KEY is one of deploys_per_year, lead_time_hours, change_failure_rate,
// release_failure_rate, recovery_time_hours, rework_rate,
// incidents_per_year, impact_minutes_per_year, affected_minutes_per_year,
// loss_per_year, incident_loss_per_year, code_defect_loss_per_year,
// deployment_error_loss_per_year, failed_rollback_loss_per_year,
// labor_cost_per_year, downtime_cost_per_year, delay_cost_per_year,
// max_incident_loss; every arm has every key. New fields may be added
// without changing schema_version; it changes when a field is removed or
// changes meaning.
//
// # Business case
//
// A CaseReport wraps a bizcase.Result (computed once by bizcase.Run) with
// the command that reproduces it. WriteCaseTable, WriteCaseMarkdown,
// WriteCaseCSV and WriteCaseJSON render it for a terminal, a wiki, a
// spreadsheet and programs. The JSON, versioned by CaseSchemaVersion,
// has npv, roi, payback_months, annual_saving, break_even_saving,
// cash_saving and opportunity_saving as {mean, p5, p50, p95}, and
// savings_by_source (labor split into labor_out_of_hours and
// labor_office_hours from version 3), probabilities, cash_only, horizons,
// pinned, point_estimate, drivers, npv_variance, dora,
// cumulative_cash_flow and monthly_cash_flow_point_estimate; undefined
// values are null. An uncertain range and a driver give low and
// high as numbers in the model's units (hours for durations, fractions
// for probabilities and shares) and as the file wrote them (low_text,
// high_text). The run's JSON and the case's spell shared names the same:
// version, labor, recovery_time_hours. docs/schema/ has a JSON Schema of
// each document. WriteCaseCashFlowCSV writes the monthly cash flow and
// WriteCaseXLSX a workbook whose cash flow is live formulas.
// WriteCaseHTML writes one self-contained page, WriteCasePDF the one-page
// executive summary on A4 or Letter, and WriteCaseDir all of them with
// the plots (CaseCashFlowPlot, CaseNPVPlot, CaseHorizonPlot) as PNG and
// SVG.
//
// # Terminal width
//
// render measures characters with tablewriter's twwidth, which
// reads the locale once: in a CJK locale, ambiguous-width characters (±,
// –, ×, the box-drawing lines) count as two columns. Set
// RUNEWIDTH_EASTASIAN=0 to force narrow widths.
package reports
