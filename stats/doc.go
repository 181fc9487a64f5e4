// Package stats is deploysim's one home for statistics: confidence
// intervals of a mean (Interval, Level, MeanCI, Mean, Paired), the
// percentile summary every report gives (Describe: p5, p50, p95, p99),
// a mergeable quantile sketch (Sketch), one-pass running summaries (Tally)
// and time-weighted averages (TimeWeighted).
//
// It knows nothing of simulation or deployments; distributions and
// quantiles come from gonum.
//
// # One meaning of an empty mean
//
// A Tally, a Sketch and Mean of no values all give NaN for the mean of
// nothing, never 0: an empty sample has no mean, and NaN is what every
// renderer already writes as "n/a" and every summary leaves out of an
// interval. A 0 would read as a measured zero (batches of no changes,
// instant recoveries) and would be averaged in.
package stats
