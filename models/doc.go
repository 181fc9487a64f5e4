// Package models is deploysim's delivery-process model: how one team turns
// code changes into production, as interacting events over simulated time on
// the sim engine.
//
// An Arm is one way of delivering (quarterly manual releases, continuous
// delivery, continuous deployment): work arriving, a release policy, a
// verification pipeline, deployment execution and strategy, monitoring,
// recovery, frictions (a change-approval board, freeze windows, a hotfix
// lane) and money. Simulate runs one arm for one replication and returns an
// Outcome: deployments, lead times, failed deployments, recovery times,
// downtime and money. An Experiment runs several arms over many
// replications with common random numbers.
//
// The clock is in hours; time zero is a Monday at 00:00 and a year is 365
// days. The package reads no files and prints nothing.
package models
