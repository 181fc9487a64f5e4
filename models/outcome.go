package models

import "deploysim/stats"

// LeadTimeAccuracy is the relative accuracy of the lead-time quantiles an
// Outcome keeps (Outcome.LeadTimeHours): a median of 23.4 h is within
// ±0.12 h of the exact median of the samples. The difference between
// replications is larger at any replication count deploysim allows.
const LeadTimeAccuracy = 0.005

// Outcome is what one replication of one arm produced over the measured
// horizon (after warm-up). Counts are plain numbers; durations are in the
// unit their name says; money is in the scenario's currency.
type Outcome struct {
	// HorizonHours is the length of the measured period.
	HorizonHours float64

	// Deployments counts every deployment that reached production traffic
	// or was stopped by canary analysis: planned releases and hotfixes.
	// Rollbacks are not deployments.
	Deployments int
	// HotfixDeployments counts deployments from the hotfix lane (unplanned
	// work to fix production): DORA's deployment rework rate is
	// HotfixDeployments / Deployments.
	HotfixDeployments int
	// FailedDeployments counts deployments that caused a production fault
	// (an escaped defect or a misconfigured server): DORA's change failure
	// rate is FailedDeployments / Deployments.
	FailedDeployments int
	// FailedHotfixDeployments counts the failed deployments that were
	// hotfixes (a fix that itself broke production).
	FailedHotfixDeployments int
	// Rollbacks counts rollbacks attempted; FailedRollbacks those that failed.
	Rollbacks       int
	FailedRollbacks int
	// CaughtBeforeTraffic counts deployment faults caught by post-deploy
	// verification before users were exposed.
	CaughtBeforeTraffic int
	// PlannedReleases counts planned (non-hotfix) deployments that reached
	// traffic; FailedReleases those of them that caused a production
	// fault. FailedReleases / PlannedReleases is the release failure rate,
	// the share of planned releases that break production, which DORA's
	// change failure rate (hotfixes in both numerator and denominator)
	// blurs for arms that fix forward. Patch releases count too: the
	// changes of a rolled-back release going out again once the culprit
	// is pulled (release.after_rollback: patch) are a planned deployment
	// that can fail like any other, so a scheduled arm whose releases fail
	// deploys more often than its train runs.
	PlannedReleases int
	FailedReleases  int

	// ChangesDelivered counts changes that reached production.
	ChangesDelivered int
	// ChangesInProgress is how many changes were committed but not in
	// production when the horizon ended; MeanWorkInProgress is the
	// time-average of that number over the measured period. Both accrue
	// cost of delay (DelayCost), delivered or not.
	ChangesInProgress  int
	MeanWorkInProgress float64
	// MinorDefects counts escaped defects too small to need remediation
	// (see Severity): found by users and fixed as ordinary work.
	MinorDefects int
	// BatchSize tallies changes per planned deployment.
	BatchSize stats.Tally
	// LeadTimeHours sketches the lead time of every change delivered
	// (commit → running in production), in hours: its count, sum, minimum
	// and maximum exactly, its quantiles within LeadTimeAccuracy. A year
	// of ten changes a day takes about 3 KB instead of 14 KB of samples,
	// and sketches of replications merge into the pooled distribution
	// exactly and in any order.
	LeadTimeHours stats.Sketch

	// Incidents counts production incidents: faults that users met and a
	// person had to respond to. Faults that show while one is open join
	// it; a release's faults can also show days apart, as separate
	// incidents.
	Incidents int
	// CanaryAborts counts faults that canary analysis caught and the
	// pipeline rolled back with nobody acting. They are failed deployments
	// (FailedDeployments, RecoveryHours, IncidentLog and the incident loss
	// count them) but not incidents: an SRE does not page anyone for a
	// canary doing its job.
	CanaryAborts int
	// UnresolvedIncidents counts incidents that repair rounds could not
	// close (each hotfix broke production again) and that were stopped by
	// hand: a sign that a scenario's hotfix lane is unrealistic.
	UnresolvedIncidents int
	// RecoveryHours holds, per incident or canary abort, the time from its first fault
	// showing to service restored (by a rollback or a hotfix), in hours:
	// DORA's failed deployment recovery time (time to restore service).
	RecoveryHours []float64
	// IncidentLog has one row per incident, in order: enough to draw a
	// year's loss over time without keeping the full event log.
	IncidentLog []IncidentRecord
	// UnplannedDowntimeMinutes is the total time users were affected by
	// incidents, whatever the blast radius; ImpactMinutes weights it by the
	// share of users affected (full-outage-equivalent minutes).
	UnplannedDowntimeMinutes float64
	ImpactMinutes            float64
	// PlannedDowntimeMinutes is the planned outage of deployments
	// (maintenance windows).
	PlannedDowntimeMinutes float64

	// Money, broken down.
	IncidentLoss float64 // LossPerMinute × ImpactMinutes
	// IncidentLossByCause splits IncidentLoss by what caused the loss:
	// index it with CodeDefect, DeploymentError and FailedRollback.
	IncidentLossByCause [NumCauses]float64
	LaborCost           float64 // deployment and incident person-hours
	DowntimeCost        float64 // planned downtime minutes × cost per minute
	DelayCost           float64 // change-days waiting × cost of delay
	MaxIncidentLoss     float64 // the largest loss of one incident (tail risk)
	// CostByDay holds, for each day of the measured period, the labour,
	// planned-downtime and delay costs booked that day (incident losses
	// are in IncidentLog): with it a year's cumulative cost can be drawn
	// exactly. 365 float32s a year.
	CostByDay []float32

	// Events is how many engine events the replication fired, warm-up
	// included (for benchmarks).
	Events uint64

	// Log is the event record, kept only when RunOptions.Record is set.
	Log []Record
	// Trace is the structured trace (deployments, changes, incidents with
	// IDs and causality), kept only when RunOptions.Trace is set.
	Trace *Trace
}

// TotalCost returns the sum of the cost parts.
func (o *Outcome) TotalCost() float64 {
	return o.IncidentLoss + o.LaborCost + o.DowntimeCost + o.DelayCost
}

// Cause is what made an incident lose money.
type Cause int

// Causes of incident loss.
const (
	// CodeDefect: a defect in the released code that testing missed.
	CodeDefect Cause = iota
	// DeploymentError: the code was sound but a server was left
	// misconfigured or not updated (Knight Capital's eighth server).
	DeploymentError
	// FailedRollback: the loss after a rollback failed or made things
	// worse, whatever the first fault was.
	FailedRollback
	// NumCauses is the number of causes.
	NumCauses
)

// String returns the cause's key as JSON and CSV spell it ("code_defect").
func (c Cause) String() string {
	switch c {
	case CodeDefect:
		return "code_defect"
	case DeploymentError:
		return "deployment_error"
	case FailedRollback:
		return "failed_rollback"
	}
	return "unknown"
}

// RecordKind names what happened in a Record.
type RecordKind string

// Record kinds, in the order a year's story is told.
const (
	RecDeployStart    RecordKind = "deploy-start"
	RecDeployDone     RecordKind = "deploy-done"
	RecCaughtByVerify RecordKind = "caught-before-traffic"
	RecFault          RecordKind = "fault"
	RecDetected       RecordKind = "detected"
	RecResponding     RecordKind = "responding" // a person takes the incident: in office hours at once, else the on-call engineer; Detail says which
	RecTriaged        RecordKind = "triaged"    // triage has tied the fault to a deployment; Detail: "roll back" or "fix forward"
	RecCanaryStep     RecordKind = "canary-step"
	RecRollbackStart  RecordKind = "rollback-start"
	RecRollbackFailed RecordKind = "rollback-failed"
	RecHotfixDeploy   RecordKind = "hotfix-deploy"
	RecRestored       RecordKind = "restored"
	RecDefectCaught   RecordKind = "defect-caught"
	RecMinorDefect    RecordKind = "minor-defect"
	RecMitigated      RecordKind = "mitigated"
	RecDiagnosed      RecordKind = "diagnosed"
	RecGaveUp         RecordKind = "gave-up"
	RecHotfixLive     RecordKind = "hotfix-live"
	RecInteraction    RecordKind = "interaction"
	RecLever          RecordKind = "lever"
)

// Record is one entry of the optional event log, for the timeline replay.
type Record struct {
	Hours   float64    // simulated time, in hours since time zero
	Kind    RecordKind // what happened
	Changes int        // changes in the deployment concerned, if any
	// Exposure is, for a record of an incident (a fault, its detection,
	// mitigation, repair and restoring), the share of users affected
	// just after it, 0–1; for a canary step the share of traffic on the
	// new version; for a minor defect the share of users it affects.
	Exposure float64
	// Loss is the open incident's loss so far, in the scenario's currency
	// (weighted by traffic, as IncidentLoss is); 0 outside an incident.
	Loss   float64
	Detail string // a short human-readable note
}

// IncidentRecord is one incident of a replication.
type IncidentRecord struct {
	StartHours    float64 // first user exposure, in hours since the measured period began
	RecoveryHours float64 // exposure to service restored, in hours
	Loss          float64 // incident loss, in the scenario's currency
	PeakExposure  float64 // the largest share of users affected, 0–1
	Cause         Cause   // what opened it: a code defect or a deployment error
	// Paged says whether a person was called to it: false for a canary
	// that rolled itself back and for a server health checks drained
	// before anyone noticed. Paged incidents are the customer-facing ones
	// that status pages and incident reviews count.
	Paged bool
}
