package models

// Every duration in a configuration is in hours (the engine's clock unit in
// deploysim, see package sim), even where minutes would read better: one
// unit everywhere rules out a class of conversion bugs, and scenario files
// take human units ("45m") anyway. Probabilities are in [0, 1]; money is in
// the scenario's currency. A zero field means "none" or "off" unless its comment
// says otherwise; Validate reports values outside their range.

// Arm is one way of delivering software: how work is batched, verified,
// deployed, watched and recovered. A scenario compares several arms on the
// same work.
type Arm struct {
	// Name is a short identifier ("quarterly-manual"); Title is for people.
	Name  string
	Title string

	Calendar   Calendar
	Work       Work
	Release    Release
	Pipeline   []Stage
	Deploy     Deploy
	Strategy   Strategy
	Monitoring Monitoring
	Mitigation Mitigation
	Recovery   Recovery
	Hotfix     Hotfix
	CAB        CAB
	// Freezes are change-freeze windows (e.g. year-end) during which no
	// planned deployment starts; hotfixes still go out.
	Freezes []Freeze
	Traffic Traffic
	Money   Money
}

// Calendar is when people work. Time zero is a Monday at 00:00; a simulated
// year is 365 days. Automated steps and incidents ignore the calendar;
// people's work (manual stages, manual deployments, diagnosis) happens in
// office hours unless it is on-call work.
type Calendar struct {
	// DayStartHour and DayEndHour bound office hours on weekdays, in hours
	// since midnight (9 and 17 for 09:00–17:00). 0 ≤ start < end ≤ 24.
	DayStartHour float64
	DayEndHour   float64
	// WorkWeekends makes Saturday and Sunday working days.
	WorkWeekends bool
}

// Dist is a positive random duration or amount: log-normal with the given
// mean and coefficient of variation (standard deviation / mean). CV = 0
// means the value is always Mean. Log-normal is the usual assumption for
// task durations: positive, right-skewed, with a long tail.
type Dist struct {
	Mean float64 // in the unit of the field that holds it (hours unless named otherwise)
	CV   float64 // 0 ≤ CV ≤ 10
}

// Work is the stream of changes a team produces.
type Work struct {
	// ChangesPerDay is the mean number of changes committed per working
	// day (a Poisson process in office hours). > 0.
	ChangesPerDay float64
	// DefectProb is the probability that a change of average size carries a
	// latent production-impacting defect, in [0, 1].
	DefectProb float64
	// SizeCV spreads change sizes (log-normal, mean 1). A change of relative
	// size s carries a defect with probability 1 − (1 − DefectProb)^s, so
	// big changes are riskier. 0 makes every change the same size.
	SizeCV float64
	// Severities are the classes of an escaped defect, with the share of
	// defects in each; the shares sum to 1. Each change draws its class
	// whether or not it is defective, so arms compare on the same defects.
	Severities []Severity
	// ActivationHours is how much traffic, in hours at peak load, passes
	// before a defect's code path is hit and its fault shows: a release
	// deployed on a Saturday night with an ActivationHours of 30 minutes
	// fails on Monday morning if nobody uses it at the weekend. Log-normal;
	// a misconfigured server shows the same way.
	ActivationHours Dist
	// IrreversibleProb is the probability that a change cannot be rolled
	// back (a database migration): a release containing one can only be
	// fixed forward. In [0, 1].
	IrreversibleProb float64
	// ReworkHours is the developer time, in working hours, to fix a defect
	// caught before production; the fixed change then goes round the
	// pipeline again.
	ReworkHours Dist
	// ConfigShare is the share of changes that touch configuration,
	// infrastructure or a dependency, in [0, 1]; ConfigBreakProb is the
	// probability that such a change breaks something outside the code
	// once deployed, in [0, 1]. Tests of the code do not see it; a
	// post-deployment check (Verify.ConfigCatchProb) or a canary can. Both
	// are keyed draws of the change, so this risk grows with the work
	// shipped, not with the number of deployments.
	ConfigShare     float64
	ConfigBreakProb float64
	// Components is how many parts the code base has; each change touches
	// one, a keyed draw. Two changes released together that touch the
	// same component interact badly with probability InteractionProb (in
	// [0, 1]): a release of n changes in one component holds n(n−1)/2
	// pairs, so batch risk grows with the pairs. An interaction is a defect
	// of the later change, caught by batch stages like any other. 0
	// components turns interactions off.
	Components      int
	InteractionProb float64
}

// Severity is a class of escaped defect.
type Severity struct {
	Name string
	// Share is the share of escaped defects in this class, in [0, 1].
	Share float64
	// Impact is the share of users the fault affects once its release is
	// fully out, in (0, 1]: 1 is an outage for everyone.
	Impact float64
	// Incident says whether the fault degrades service enough to need
	// remediation (a rollback or a hotfix): DORA's definition of a failed
	// deployment. Defects of other classes are found by users and fixed
	// as ordinary rework, a labour cost and a later change.
	Incident bool
}

// ReleasePolicy says when changes that passed the pipeline are released.
type ReleasePolicy string

// Release policies.
const (
	// Scheduled is a release train every Release.EveryHours, with a code
	// freeze before it: the epic quarterly release.
	Scheduled ReleasePolicy = "scheduled"
	// OnDemand is continuous delivery: a person presses the button at a
	// cadence (Release.EveryHours) or when Release.BatchSize changes are
	// ready, whichever comes first.
	OnDemand ReleasePolicy = "on-demand"
	// PerChange is continuous deployment: every change that passes the
	// pipeline goes out automatically (with whatever else is waiting).
	PerChange ReleasePolicy = "per-change"
)

// Release is the batching policy. The batch size that results is an
// outcome, not an input.
type Release struct {
	Policy ReleasePolicy
	// EveryHours is the train interval (Scheduled) or the button cadence
	// (OnDemand; 0 means only the batch-size trigger). Hours of calendar time.
	EveryHours float64
	// FreezeHours is the code freeze before a scheduled release: changes
	// not ready when the freeze starts wait for the next train, and batch
	// stages of the pipeline run during the freeze. Scheduled only.
	FreezeHours float64
	// BatchSize triggers an on-demand release once this many changes are
	// ready. 0 means cadence only. OnDemand only.
	BatchSize int
	// AfterRollback says when the changes of a rolled-back release go out
	// again once diagnosis has pulled the culprit: PatchRelease at once,
	// NextRelease with the next train or cadence. Empty means PatchRelease.
	AfterRollback ReRelease
}

// ReRelease is when a rolled-back release's good changes go out again.
type ReRelease string

// Re-release policies.
const (
	// PatchRelease cuts a release of them as soon as the culprit is known
	// (through the batch stages again, but with no code freeze).
	PatchRelease ReRelease = "patch"
	// NextRelease leaves them for the next scheduled train or cadence.
	NextRelease ReRelease = "next-release"
)

// StageScope says what a pipeline stage verifies.
type StageScope string

// Stage scopes.
const (
	// PerChangeScope stages run on every change as it is committed (unit
	// tests, code review, integration).
	PerChangeScope StageScope = "change"
	// BatchScope stages run once on each release candidate (manual
	// regression QA, staging soak).
	BatchScope StageScope = "batch"
)

// Stage is one verification step of the pipeline.
type Stage struct {
	Name  string
	Scope StageScope
	// Manual stages need a person (office hours) and a unit of Capacity;
	// automated stages run any time without limit.
	Manual bool
	// Capacity is how many changes or batches a manual stage works on at
	// once (testers, a QA lab); ≥ 1 for manual stages.
	Capacity int
	// Hours is how long the stage takes: working hours for manual stages,
	// calendar hours for automated ones.
	Hours Dist
	// CatchProb is the probability that the stage catches each defect
	// present, in [0, 1].
	CatchProb float64
	// PerChangeHours is the extra working time a batch stage takes for
	// each change in the release candidate (more to regression-test);
	// batch stages only.
	PerChangeHours float64
	// People is how many people a manual batch stage occupies, booked as
	// labour: the transaction cost of a release. Per-change stages are the
	// same work in every arm and are not booked.
	People int
}

// DeployMode is how a deployment is executed.
type DeployMode string

// Deployment modes.
const (
	Manual    DeployMode = "manual"
	Automated DeployMode = "automated"
)

// DeployWindow is when a planned deployment may start.
type DeployWindow string

// Deployment windows.
const (
	AnyTime           DeployWindow = "any-time"
	OfficeHours       DeployWindow = "office-hours"
	MaintenanceWindow DeployWindow = "maintenance-window"
)

// Deploy is how a release reaches the servers.
type Deploy struct {
	Mode DeployMode
	// Servers is how many servers receive the release, ≥ 1.
	Servers int
	// StepsPerServer is the number of manual steps per server (copy,
	// configure, restart, check), ≥ 1 for manual deployments.
	StepsPerServer int
	// StepErrorProb is the human-error probability of one manual step, in
	// [0, 1]. An error leaves that server misconfigured: the Knight Capital
	// failure mode, where the code was fine but one of eight servers was
	// not updated.
	StepErrorProb float64
	// StepHours is how long one manual step takes.
	StepHours Dist
	// AutomatedHours is how long a scripted deployment takes.
	AutomatedHours Dist
	// AutomatedErrorProb is the probability that a scripted deployment
	// leaves a server misconfigured, in [0, 1] (near zero): a host or a
	// fleet step that fails, not the changes' own configuration (see
	// Work.ConfigShare).
	AutomatedErrorProb float64
	// UnpractisedFactor (≥ 1) multiplies StepErrorProb and
	// AutomatedErrorProb for a team that last deployed PracticeHours or
	// more ago, in proportion in between: the error probability is
	// p · (1 + (UnpractisedFactor − 1) · min(gap / PracticeHours, 1)), the
	// gap counted from the last deployment (a hotfix too). 0 or 1 turns it
	// off.
	UnpractisedFactor float64
	PracticeHours     float64
	// Window is when a planned deployment may start.
	Window DeployWindow
	// WindowWeekday (0 = Monday … 6 = Sunday) and WindowStartHour place the
	// weekly maintenance window; WindowHours is its length.
	WindowWeekday   int
	WindowStartHour float64
	WindowHours     float64
	// People is how many people a deployment occupies (labour cost).
	People int
	// PerChangeHours is the extra time a manual deployment takes for each
	// change in the release (migration scripts, configuration, release
	// notes). Manual deployments only.
	PerChangeHours float64
	// Verify is the optional post-deployment check before traffic.
	Verify Verify
}

// Verify is a post-deployment check (smoke tests, a version-consistency
// check across servers) that runs before users are exposed.
type Verify struct {
	// ConfigCatchProb is the probability of catching a misconfigured
	// server, which is then fixed before traffic, in [0, 1].
	ConfigCatchProb float64
	// DefectCatchProb is the probability that smoke tests catch each code
	// defect in the release; caught changes are pulled out for rework and
	// the rest redeployed before traffic.
	DefectCatchProb float64
	// Hours is how long the check takes.
	Hours Dist
}

// StrategyKind is how traffic moves to the new version.
type StrategyKind string

// Deployment strategies.
const (
	BigBang   StrategyKind = "big-bang"
	Rolling   StrategyKind = "rolling"
	BlueGreen StrategyKind = "blue-green"
	Canary    StrategyKind = "canary"
)

// Strategy sets the blast radius — the share of users exposed when a fault
// shows — and what rollback costs.
type Strategy struct {
	Kind StrategyKind
	// DowntimeHours is the planned outage of a big-bang deployment (stop,
	// replace, start); rolling, blue-green and canary need none.
	DowntimeHours float64
	// RollingWaves is how many waves a rolling deployment uses (≥ 1), each
	// taking RollingWaveHours.
	RollingWaves     int
	RollingWaveHours float64
	// Steps are the canary's traffic steps in the spirit of Argo Rollouts:
	// set a weight, then pause (bake) while analysis runs. The last step
	// should reach 100%.
	Steps []CanaryStep
	// AnalysisCatchProb is the probability that automated canary analysis
	// notices an active fault by the end of one bake, in [0, 1]; a caught
	// fault rolls back automatically with the blast radius of that step.
	AnalysisCatchProb float64
	// SwitchHours is how long a blue-green traffic switch (or switch-back)
	// takes.
	SwitchHours float64
}

// CanaryStep is one canary traffic step.
type CanaryStep struct {
	Weight    float64 // share of traffic on the new version, in (0, 1]
	BakeHours float64 // pause at this weight while analysis runs
}

// Monitoring is how a fault in production is noticed.
type Monitoring struct {
	// AlertProb is the chance that automated alerting catches a fault
	// that barely crosses its threshold, in [0, 1]; the chance rises with
	// the share x of users affected (burn-rate alerting): a fault is missed
	// with probability (1 − AlertProb)(1 − x), so a total outage is always
	// alerted unless AlertProb is 0 (no monitoring). Missed faults are
	// found by customer reports.
	AlertProb float64
	// AlertHours is the time from fault to alert.
	AlertHours Dist
	// ReportHours is the time from fault to a customer report reaching the
	// team when every user is affected at peak traffic. Fewer users
	// affected, or less traffic, stretch it in proportion: a fault that
	// one user in twenty meets takes twenty times as long to be reported.
	ReportHours Dist
	// AlertMinExposure is the smallest share of users affected that
	// alerting notices (an error-rate threshold): below it only customer
	// reports find a fault. In [0, 1].
	AlertMinExposure float64
}

// Mitigation is what a team does to cut the harm once it has responded,
// before (and while) it rolls back or repairs: the levers it has, each with
// its time to act and the exposure it leaves. Every lever is optional; a
// zero Mitigation has none.
type Mitigation struct {
	// FlagShare is the share of changes whose new behaviour sits behind a
	// feature flag or kill switch (a keyed draw of the change), in [0, 1].
	// Turning the flag off takes FlagHours and removes that change's
	// fault; the change is then fixed as ordinary work.
	FlagShare float64
	FlagHours Dist
	// Drain takes misconfigured servers out of the load balancer after
	// DrainHours: their fault stops, the other servers carry the load.
	Drain      bool
	DrainHours Dist
	// AutoDrain lets health checks drain a misconfigured server on their
	// own, DrainHours after its fault shows, without waiting for a person
	// (a load balancer's or an orchestrator's readiness checks). Needs
	// Drain.
	AutoDrain bool
	// Revert reverts the one culprit change once diagnosis has found it,
	// taking RevertHours, instead of writing a fix (and cannot itself
	// carry a new defect); it ships through the hotfix lane.
	Revert      bool
	RevertHours Dist
	// Shutdown stops the system (or its faulty path) after ShutdownHours
	// when the exposure is at least ShutdownAbove (in (0, 1]); the exposure
	// left is ShutdownLeft, in [0, 1]: 0 ends the harm (a trading system
	// whose faulty path does the damage), 1 is of no use (a shop whose
	// outage is the harm). The incident is restored when nothing is left.
	Shutdown      bool
	ShutdownAbove float64
	ShutdownHours Dist
	ShutdownLeft  float64
}

// RecoveryMethod is how service is restored after a failed deployment.
type RecoveryMethod string

// Recovery methods.
const (
	AutoRollback   RecoveryMethod = "auto-rollback"
	ManualRollback RecoveryMethod = "manual-rollback"
	FixForward     RecoveryMethod = "fix-forward"
)

// Recovery is how a team restores service.
type Recovery struct {
	Method RecoveryMethod
	// OnCallHours is how long the on-call engineer takes to respond
	// outside office hours (paging, waking, logging in).
	OnCallHours Dist
	// TriageHours is the time for a person to decide that the latest
	// deployment caused the fault (needed before a manual rollback or a
	// fix, not before an automated rollback triggered by an alert).
	TriageHours Dist
	// DiagnosisHours is the time to find the culprit when the release holds
	// one change. With n changes it is multiplied by 1 + log2(n), the
	// bisection steps among them (an assumption). Fix-forward only.
	DiagnosisHours Dist
	// RollbackHours is how long executing a rollback takes when it is
	// automated; a manual deployment is rolled back by redeploying the
	// previous artefact by hand, with the manual steps' time and errors.
	RollbackHours Dist
	// RollbackPerChangeHours is the extra work a rollback takes for each
	// change it undoes (reverse migrations, restoring data, configuration):
	// undoing a quarter's worth of changes is a project, undoing one is not.
	// Blue-green switch-backs need none.
	RollbackPerChangeHours float64
	// RollbackFailProb is the probability that a rollback fails; the team
	// then fixes forward. In [0, 1].
	RollbackFailProb float64
	// FailedRollbackExposure is the blast radius once a rollback of a
	// deployment error has failed, in [0, 1]; 0 leaves it unchanged. At
	// Knight Capital, uninstalling the new code from seven servers woke the
	// dormant path of the one missed server on all eight (1.0). A failed
	// rollback of a code defect leaves the blast radius as it was.
	FailedRollbackExposure float64
}

// Hotfix is the expedite lane used to fix forward. Hotfix deployments are
// what DORA's deployment rework rate counts.
type Hotfix struct {
	// FixHours is the developer time to write the fix once the culprit is
	// known, in hours (on-call work: not bound to office hours).
	FixHours Dist
	// PipelineHours is the shortened verification of the hotfix lane.
	PipelineHours Dist
	// DefectProb is the probability that the hotfix itself carries a
	// production-impacting defect, in [0, 1].
	DefectProb float64
	// NeedsCAB makes a hotfix wait for an emergency change approval
	// (CAB.EmergencyHours).
	NeedsCAB bool
}

// CAB is a change-approval board that must approve each planned release.
type CAB struct {
	// Enabled turns the board on.
	Enabled bool
	// MeetsEveryHours is the interval between meetings (168 for weekly);
	// the first meeting is at MeetingOffsetHours after time zero.
	MeetsEveryHours    float64
	MeetingOffsetHours float64
	// LeadHours is how long before a meeting a request must be filed.
	LeadHours float64
	// EmergencyHours is the delay of an emergency approval for a hotfix.
	EmergencyHours float64
}

// Freeze is a yearly change-freeze window, in days of the year (0–364);
// EndDay may be less than StartDay for a window over the new year.
type Freeze struct {
	StartDay int
	EndDay   int
}

// Traffic is the weekly shape of load, relative to the peak (1): faults
// show when traffic hits their code path, customers report in proportion
// to the users who meet a fault, and an outage costs in proportion to the
// traffic it turns away.
type Traffic struct {
	// PeakStartHour and PeakEndHour bound the daily peak, in hours since
	// midnight (09:30 and 16:00 for a stock market); 0 ≤ start < end ≤ 24.
	PeakStartHour float64
	PeakEndHour   float64
	// OffPeak is the traffic outside peak hours as a share of the peak, in
	// [0, 1]: 0 for a market that closes.
	OffPeak float64
	// Weekend scales Saturday's and Sunday's traffic, in [0, 1].
	Weekend float64
}

// Money is what failures, work, downtime and waiting cost.
type Money struct {
	// RevenuePerYear is the revenue of the business the scenario
	// describes, in the currency: the scale a reader checks the losses
	// against. 0 means not stated.
	RevenuePerYear float64
	// LossPerMinute is the loss while all users are affected by a fault at
	// peak traffic; a partial blast radius and lower traffic scale it.
	LossPerMinute float64
	// PlannedDowntimePerMinute is the cost of a planned outage minute at
	// peak traffic (maintenance windows are placed where it is lower).
	PlannedDowntimePerMinute float64
	// HourlyRate is the loaded labour cost of one person-hour in office
	// hours; OffHoursMultiplier (≥ 1) scales it for nights and weekends.
	HourlyRate         float64
	OffHoursMultiplier float64
	// IncidentPeople is how many people work an incident until restored.
	IncidentPeople int
	// DelayPerChangeDay is the cost of delay of one change for one day
	// between commit and production, booked for every day a change waits
	// whether or not it ships within the horizon.
	DelayPerChangeDay float64
}
