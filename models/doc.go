// Package models is deploysim's delivery-process model: how one team turns
// code changes into production, as interacting events over simulated time on
// the sim engine.
//
// An Arm is one way of delivering (quarterly manual releases, continuous
// delivery, continuous deployment): work arriving, a release policy, a
// verification pipeline, deployment execution and strategy, monitoring,
// recovery, frictions (a change-approval board, freeze windows, a hotfix
// lane), the weekly shape of traffic and money. Simulate runs one arm for
// one replication and returns an Outcome: deployments, lead times, failed
// deployments, recovery times, downtime and money. An Experiment runs
// several arms over many replications with common random numbers.
//
// The clock is in hours; time zero is a Monday at 00:00 and a year is 365
// days. The package reads no files and prints nothing.
//
// # The flow of events
//
// One file per stage of the delivery process; ledger.go does all the
// measuring.
//
//	work.go      arrive ─► per-change stages ─► ready        (caught: rework ─► again)
//	release.go   train / cadence / per-change trigger ─► cut (pairs of changes
//	             in one component may interact) ─► batch stages
//	             ─► gates (train date, CAB, freeze, window) ─► deployStart
//	deploy.go    execute (manual server by server, or scripted) ─► verify
//	             ─► startTraffic: the release goes live, its defects are armed
//	             ─► traffic steps (big bang, rolling waves, blue-green, canary bakes)
//	             ─► out: its changes are delivered
//	incident.go  a defect's code path is hit (after a drawn amount of traffic),
//	             a change's configuration breaks, or a misconfigured server
//	             takes traffic ─► fault ─► incident
//	             exposure = Σ faults' user shares × their release's traffic, ≤ 1
//	             detection: alert (likelier the more users are affected),
//	             customer report (after enough affected traffic), canary
//	             analysis (at a bake's end); health checks drain a bad server
//	recovery.go  respond ─► levers (flag off, drain, shut down) ─► rollback
//	             ─► restored; then diagnosis
//	             (log₂ n of the release's changes) ─► culprits to rework, the rest
//	             re-released (patch or next release)
//	             or fix forward ─► diagnosis ─► fix (or revert the culprit)
//	             ─► hotfix lane ─► hotfix live: fixes the faults it was
//	             written for (rounds until nothing is broken, at most
//	             maxRepairRounds); a hotfix's own fault shows with traffic
//	traffic.go   the weekly traffic profile: weight, traffic between two times,
//	             and the time a given amount of traffic has passed
//	ledger.go    the measured period, work in progress (cost of delay), labour,
//	             planned downtime, costs by day
//
// A planned release moves through the states of relState (release.go), and
// only through setState, which knows the allowed moves.
//
// # Random numbers
//
// Common random numbers by construction. Everything about a change — its
// size, whether it is defective, its severity, whether it is irreversible,
// whether it breaks outside the code, its component, whether a flag guards
// it, whether it interacts with another change of the same release,
// each stage's time on it and whether each stage catches it, the smoke
// tests' verdict, its rework time, how much traffic passes before its fault
// shows — is a keyed draw: a pure function of the seed, the replication,
// the change's arrival number, the draw's purpose and the attempt (rework
// round). It is drawn whether or not the arm uses it, so arms and what-if
// points that differ in any knob see the same work and the same defects;
// and a higher catch probability catches a superset of the defects a
// lower one does. Arrival gaps come from their own stream, read by nothing
// else. (One exception: how long users take to report a minor defect
// comes from the incident stream.)
// What belongs to one arm's process (batch-stage durations, deployment
// steps, incident response) comes from per-arm streams; the phase of trains
// and meetings is one draw per replication, shared by every arm.
package models
