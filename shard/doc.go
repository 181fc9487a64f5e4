// Package shard cuts a deploysim computation into slices that separate
// processes run — the tasks of an array job: a Kubernetes Indexed Job, an
// AWS Batch array job, a Slurm job array, an HTCondor cluster — and keeps
// what each slice computed as a partial result that a merge reads back.
//
// A computation is a list of jobs (replications, or sweep points ×
// replications, or business-case samples × simulated years), numbered
// 0 … n−1, each of whose random numbers depend on the seed and its own
// number only. Slice i of N holds the contiguous jobs i·n/N ≤ j <
// (i+1)·n/N: a business case's jobs are numbered sample by sample, so a
// slice builds the parameter sets of its own samples only; a sweep's are
// numbered replication by replication, every point in each, so that
// slices take about as long as each other however the points differ in
// cost. How the list is cut never changes a number: a job's record is
// the same in any slice.
//
// A partial result is one gzip stream: a header line, the Manifest as one
// line of JSON (what was run, on which scenario, with which seed and
// overrides, by which deploysim, which slice), then the slice's Records
// as a gob stream. gob carries floats as their bits (NaN and ±Inf too),
// which JSON cannot, so a summary built from records read back is the
// one built in one process, byte for byte; gzip's trailer (a CRC-32 and
// the length) makes a truncated file an error, never a silently shorter
// result. Check compares the manifests of a set of parts before any
// record is read.
package shard
