// Package metrics is the one table of what deploysim measures in a
// replication (Metric: key, label, unit, which way is better, and its value
// read from a models.Outcome) and what is computed from it for every
// product: a run's summary across replications (Summarize: means with
// intervals, percentiles, ratios, DORA ratings, warnings), the curves its
// plots draw (NewCurves) and the parts of the loss (CostComponents).
//
// whatif, bizcase, web and reports all read these definitions; none
// defines a metric again. It computes and never draws: package reports
// renders a Summary and its Curves.
//
// # Adding a metric
//
// A new metric is one entry in the table (metric.go): its key constant,
// labels, Kind and Unit, the words of a ratio, why it can be undefined, and
// its Value. Summaries, their JSON, CSV and tables, sweeps, sensitivity
// analyses and the workshop page pick it up from there.
//
// # What each statistic is over
//
// The mean and its 95% interval (Student's t, package stats) are across
// the per-replication values; replications are independent, so the
// interval is valid. Percentiles are across the per-replication values too,
// except for lead_time_hours and recovery_time_hours, whose percentiles are
// over every change (every failed deployment) of every replication pooled,
// read from quantile sketches; their headline value is the pooled median,
// the others' the mean. The loss difference from the baseline is the mean
// of paired per-replication differences (common random numbers). See
// package reports for the full list of metrics and the JSON schema.
package metrics
