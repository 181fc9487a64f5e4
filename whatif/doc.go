// Package whatif answers "what if?" questions about a scenario: how a
// metric changes along one or two parameters (Sweep) and which inputs
// move the money most (Sensitivity).
//
// Every variant of an arm runs on the same per-replication random streams
// as every other (common random numbers, see package models): replication
// r of every point sees the same changes with the same latent defects, so
// the difference between two points is measured replication by
// replication, and its interval is far narrower than that of two
// independent runs. Each result says by how much.
//
// Outcomes are kept in a Cache keyed by the arm's parameters, the seed and
// the horizon: an arm that a varied parameter does not change is
// simulated once for the whole sweep, and asking for more replications
// extends what is cached instead of starting again. A long-running
// caller (deploysim serve) bounds it with Cache.MaxOutcomes, the arm used
// least recently dropped first. Sweep can stop early
// once every paired difference is as narrow as asked (Options.Precision).
//
// The package computes; package reports renders its results. Metrics come
// from package metrics (metrics.Lookup, metrics.CostComponents), the one
// table every product reads; a metrics.Metric made by hand (a key, a label
// and a function of one replication's outcome) works too.
package whatif
