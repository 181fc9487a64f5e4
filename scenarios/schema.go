package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"deploysim/models"
)

// The schema below is the one description of an arm's parameters: the
// loader decodes with it, Params and ArmYAML print with it, and Reference
// generates docs/scenario-reference.md from it. Each entry names its YAML
// key, the models.Arm field it sets (checked by reflection when the
// package loads, and by a test that every field is covered), its unit and
// what it means to a trainer.

// kind is how one kind of value is written: its parse and format
// functions, and the words for the reference.
type kind struct {
	name   string // "duration"
	syntax string // examples for the reference
	goType reflect.Type
	parse  func(s string) (any, string)
	format func(v reflect.Value) string
	words  []string // an enumeration's words (enumKind)
}

// hours marks kinds whose values the model holds in hours, so that a range
// message from the model can quote the value back in the user's units.
func (k *kind) hours() bool { return k == durationKind || k == distKind }

var (
	float64Type = reflect.TypeFor[float64]()
	intType     = reflect.TypeFor[int]()

	durationKind = &kind{
		name: "duration", syntax: "`45m`, `8h`, `1h30m`, `3d`, `13w`, `1mo`, `1y`, `0`",
		goType: float64Type,
		parse:  wrap(parseDuration),
		format: func(v reflect.Value) string { return formatDuration(v.Float()) },
	}
	distKind = &kind{
		name:   "random duration",
		syntax: "a duration (`2h`: always 2 h) or `{mean: 2h, cv: 0.5}` (log-normal with that mean and coefficient of variation)",
		goType: reflect.TypeFor[models.Dist](),
		format: func(v reflect.Value) string { return formatDist(v.Interface().(models.Dist)) },
	}
	timeKind = &kind{
		name: "time of day", syntax: "`09:00`, `17:30`, `9h`, `9.5`",
		goType: float64Type,
		parse:  wrap(parseTimeOfDay),
		format: func(v reflect.Value) string { return formatTimeOfDay(v.Float()) },
	}
	probKind = &kind{
		name: "probability", syntax: "`0.02` or `2%`",
		goType: float64Type,
		parse:  wrap(parseProb),
		format: func(v reflect.Value) string { return formatNumber(v.Float()) },
	}
	rateKind = &kind{
		name: "rate", syntax: "`10/day`, `50/week` (5 working days), `10`",
		goType: float64Type,
		parse:  wrap(parseRate),
		format: func(v reflect.Value) string { return formatRate(v.Float()) },
	}
	moneyKind = &kind{
		name: "money", syntax: "a plain number in the scenario's `currency`: `5600`, `10_000_000`, `1e7`",
		goType: float64Type,
		parse:  wrap(parseNumber),
		format: func(v reflect.Value) string { return strconv.FormatFloat(v.Float(), 'f', -1, 64) },
	}
	numberKind = &kind{
		name: "number", syntax: "`1.5`",
		goType: float64Type,
		parse:  wrap(parseNumber),
		format: func(v reflect.Value) string { return formatNumber(v.Float()) },
	}
	intKind = &kind{
		name: "whole number", syntax: "`8`",
		goType: intType,
		parse:  wrap(parseInt),
		format: func(v reflect.Value) string { return fmt.Sprint(v.Int()) },
	}
	boolKind = &kind{
		name: "true/false", syntax: "`true`, `false`",
		goType: reflect.TypeFor[bool](),
		parse:  wrap(parseBool),
		format: func(v reflect.Value) string { return fmt.Sprint(v.Bool()) },
	}
	weekdayKind = &kind{
		name: "weekday", syntax: "`saturday`, `sat`, or 0 = Monday … 6 = Sunday",
		goType: intType,
		parse:  wrap(parseWeekday),
		format: func(v reflect.Value) string { return formatWeekday(int(v.Int())) },
	}
	dayKind = &kind{
		name: "day of the year", syntax: "`Dec 20`, or 0 = Jan 1 … 364 = Dec 31",
		goType: intType,
		parse:  wrap(parseDayOfYear),
		format: func(v reflect.Value) string { return formatDayOfYear(int(v.Int())) },
	}
	textKind = &kind{
		name: "text", syntax: "`unit-tests`",
		goType: reflect.TypeFor[string](),
		parse:  func(s string) (any, string) { return s, "" },
		format: func(v reflect.Value) string { return v.String() },
	}
)

func wrap[T any](f func(string) (T, string)) func(string) (any, string) {
	return func(s string) (any, string) {
		v, msg := f(s)
		return v, msg
	}
}

// enumKind is one of a fixed set of words; the model validates the choice,
// the loader suggests the nearest word for a typo.
func enumKind[T ~string](values ...T) *kind {
	words := make([]string, len(values))
	for i, v := range values {
		words[i] = string(v)
	}
	var zero T
	return &kind{
		name:   "one of " + strings.Join(words, ", "),
		syntax: "`" + strings.Join(words, "`, `") + "`",
		goType: reflect.TypeOf(zero),
		parse: func(s string) (any, string) {
			if slices.Contains(words, s) {
				return s, ""
			}
			return nil, fmt.Sprintf("must be one of %s, got %q%s", strings.Join(words, ", "), s, didYouMean(s, words))
		},
		format: func(v reflect.Value) string { return v.String() },
		words:  words,
	}
}

func formatDist(d models.Dist) string {
	if d.CV == 0 {
		return formatDuration(d.Mean)
	}
	return fmt.Sprintf("{mean: %s, cv: %s}", formatDuration(d.Mean), formatNumber(d.CV))
}

// field is one key of the schema: a leaf value (kind set), a section
// (fields set) or a list of sections (list set).
type field struct {
	key    string
	goName string
	kind   *kind
	fields []*field
	list   bool
	unit   string // for money: what the amount is per ("per minute")
	doc    string

	index []int // of goName in the parent struct, set by bind

	// A whole number's own range, for the message when a value is past
	// what an int32 holds (hasRange false: the int32 range).
	lo, hi   int
	hasRange bool
}

// whole is a whole-number leaf whose values lie in [lo, hi] (the model's
// own check; math.MaxInt32 for no upper bound).
func whole(key, goName string, lo, hi int, doc string) *field {
	f := leaf(key, goName, intKind, doc)
	f.lo, f.hi, f.hasRange = lo, hi, true
	return f
}

func leaf(key, goName string, k *kind, doc string) *field {
	return &field{key: key, goName: goName, kind: k, doc: doc}
}

func money(key, goName, per, doc string) *field {
	return &field{key: key, goName: goName, kind: moneyKind, unit: per, doc: doc}
}

func section(key, goName, doc string, fields ...*field) *field {
	return &field{key: key, goName: goName, fields: fields, doc: doc}
}

func list(key, goName, doc string, fields ...*field) *field {
	return &field{key: key, goName: goName, fields: fields, list: true, doc: doc}
}

// lookup returns the field named key among fs, or nil.
func lookup(fs []*field, key string) *field {
	for _, f := range fs {
		if f.key == key {
			return f
		}
	}
	return nil
}

func keysOf(fs []*field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.key
	}
	return out
}

// Arm metadata keys, next to the parameters in an arm's mapping.
var armMetaKeys = []string{"name", "title", "extends"}

// armSchema describes every parameter of models.Arm but its Name and Title.
var armSchema = bind(reflect.TypeFor[models.Arm](), []*field{
	section("calendar", "Calendar", "When people work. Time zero is a Monday at 00:00; a simulated year is 365 days. Automated steps and incidents ignore the calendar; people's work (manual pipeline stages, manual deployments) happens in office hours.",
		leaf("day_start", "DayStartHour", timeKind, "Start of office hours on working days."),
		leaf("day_end", "DayEndHour", timeKind, "End of office hours; after `day_start`, at most `24:00`."),
		leaf("work_weekends", "WorkWeekends", boolKind, "Saturday and Sunday are working days too."),
	),
	section("work", "Work", "The stream of changes the team produces. With common random numbers every arm of a scenario sees the same changes with the same latent defects.",
		leaf("changes_per_day", "ChangesPerDay", rateKind, "Mean changes committed per working day (a Poisson process in office hours); `50/week` is 10 a working day. At most 10000/day."),
		leaf("defect_prob", "DefectProb", probKind, "Probability that a change of average size carries a latent production-impacting defect."),
		leaf("size_cv", "SizeCV", numberKind, "Spread of change sizes (log-normal, mean 1); a change of relative size s is defective with probability 1 − (1 − defect_prob)^s, so big changes are riskier. 0 makes all changes the same size. In [0, 10]."),
		list("severities", "Severities", "Classes of an escaped defect, with the share of defects in each (the shares add up to 100%; a sweep, sensitivity or uncertain range that moves one share scales the others in proportion). Only classes with `incident: true` make a failed deployment; the others are found by users and fixed as ordinary work. A list replaces the inherited list.",
			leaf("name", "Name", textKind, "A name for reports (`cosmetic`, `critical`)."),
			leaf("share", "Share", probKind, "Share of escaped defects in this class."),
			leaf("impact", "Impact", probKind, "Share of users the fault affects once its release is fully out, in (0, 1]; faults of several live defects add up, capped at everyone."),
			leaf("incident", "Incident", boolKind, "The fault degrades service enough to need remediation (a rollback or a hotfix): DORA's definition of a failed deployment."),
		),
		leaf("activation", "ActivationHours", distKind, "Traffic, in hours at peak load, until a defect's code path is hit and its fault shows (a misconfigured server shows the same way): a release deployed into a quiet weekend fails when Monday's users arrive."),
		leaf("irreversible_prob", "IrreversibleProb", probKind, "Probability that a change cannot be rolled back (a schema migration): a release that holds one can only be fixed forward."),
		leaf("rework", "ReworkHours", distKind, "Developer working time to fix a defect caught before production; the fixed change then goes round the pipeline again."),
		leaf("config_share", "ConfigShare", probKind, "Share of changes that touch configuration, infrastructure or a dependency (a draw of each change, the same in every arm)."),
		leaf("config_break_prob", "ConfigBreakProb", probKind, "Probability that such a change breaks something outside the code once deployed: tests of the code do not see it; `deploy.verify.config_catch_prob` and a canary can. Risk that grows with the work shipped, not with the number of deployments."),
		leaf("components", "Components", intKind, "Parts of the code base; each change touches one (a draw of each change). 0 turns interactions off. In [0, 100000]."),
		leaf("interaction_prob", "InteractionProb", probKind, "Probability that two changes released together that touch the same component break each other: a release with n changes in one component holds n(n−1)/2 pairs, so batch risk grows with the pairs. An interaction is a defect of the later change, which batch stages can catch."),
	),
	section("release", "Release", "When changes that passed the pipeline are released. The batch size that results is an outcome, not an input.",
		leaf("policy", "Policy", enumKind(models.Scheduled, models.OnDemand, models.PerChange), "`scheduled`: a release train every `every` with a code `freeze` before it (the epic release). `on-demand`: continuous delivery, a person releases every `every` or once `batch_size` changes are ready, whichever comes first. `per-change`: continuous deployment, every change that passes the pipeline goes out automatically."),
		leaf("every", "EveryHours", durationKind, "Train interval (`scheduled`, > 0) or release cadence (`on-demand`; 0 means only the `batch_size` trigger). Calendar time."),
		leaf("freeze", "FreezeHours", durationKind, "Code freeze before a scheduled release: changes not ready when it starts wait for the next train, and batch stages of the pipeline run during it. Shorter than `every`. `scheduled` only."),
		whole("batch_size", "BatchSize", 0, math.MaxInt32, "Release once this many changes are ready; 0 means cadence only. `on-demand` only."),
		leaf("after_rollback", "AfterRollback", enumKind(models.PatchRelease, models.NextRelease), "When the good changes of a rolled-back release go out again, once diagnosis has pulled the culprit: `patch` at once (through the batch stages again, with no code freeze), `next-release` with the next train or cadence."),
	),
	list("pipeline", "Pipeline", "The verification stages in order. A list replaces the inherited list as a whole.",
		leaf("name", "Name", textKind, "A name for reports (`unit-tests`, `manual-qa`)."),
		leaf("scope", "Scope", enumKind(models.PerChangeScope, models.BatchScope), "`change`: runs on every change as it is committed (unit tests, review). `batch`: runs once on each release candidate (manual regression QA, staging soak); not with `per-change` releases."),
		leaf("manual", "Manual", boolKind, "A person does it, in office hours, one unit of `capacity` per change or batch; automated stages run any time without limit."),
		leaf("capacity", "Capacity", intKind, "How many changes or batches a manual stage works on at once (testers, a QA lab); ≥ 1 for manual stages."),
		leaf("duration", "Hours", distKind, "How long the stage takes: working time for manual stages, calendar time for automated ones."),
		leaf("catch_prob", "CatchProb", probKind, "Probability that the stage catches each defect present."),
		leaf("per_change", "PerChangeHours", durationKind, "Extra working time a `batch` stage takes for each change in the release candidate: a bigger release has more to regression-test."),
		whole("people", "People", 0, math.MaxInt32, "People a manual `batch` stage occupies, booked as labour: part of a release's transaction cost. Per-change stages cost the same in every arm and are not booked."),
	),
	section("deploy", "Deploy", "How a release reaches the servers.",
		leaf("mode", "Mode", enumKind(models.Manual, models.Automated), "`manual`: a person runs `steps_per_server` steps on every server, each of which can go wrong. `automated`: a script."),
		whole("servers", "Servers", 1, 100000, "How many servers receive the release; ≥ 1."),
		leaf("steps_per_server", "StepsPerServer", intKind, "Manual steps per server (copy, configure, restart, check); ≥ 1 for manual deployments."),
		leaf("step_error_prob", "StepErrorProb", probKind, "Human-error probability of one manual step. An error leaves that server misconfigured: the Knight Capital failure, where the code was fine but one of eight servers was not updated."),
		leaf("step_time", "StepHours", distKind, "How long one manual step takes."),
		leaf("automated_time", "AutomatedHours", distKind, "How long a scripted deployment takes."),
		leaf("automated_error_prob", "AutomatedErrorProb", probKind, "Probability that a scripted deployment leaves a server misconfigured (near zero): a host or a fleet step that fails, not the changes' own configuration (`work.config_share`)."),
		leaf("unpractised_factor", "UnpractisedFactor", numberKind, "How many times likelier a deployment step (`step_error_prob`, `automated_error_prob`) goes wrong for a team that last deployed `practice` or more ago, in proportion in between: rehearsal makes deployments safer. 0 or 1 turns it off; at most 100."),
		leaf("practice", "PracticeHours", durationKind, "Gap since the last deployment (a hotfix too) after which a team is fully out of practice; > 0 when `unpractised_factor` > 1."),
		leaf("window", "Window", enumKind(models.AnyTime, models.OfficeHours, models.MaintenanceWindow), "When a planned deployment may start: `any-time`, `office-hours`, or the weekly `maintenance-window`."),
		leaf("window_weekday", "WindowWeekday", weekdayKind, "Day of the weekly maintenance window."),
		leaf("window_start", "WindowStartHour", timeKind, "Start of the maintenance window, in [00:00, 24:00)."),
		leaf("window_length", "WindowHours", durationKind, "Length of the maintenance window, in (0, 1w]."),
		whole("people", "People", 0, math.MaxInt32, "People a deployment occupies (labour cost); ≥ 0."),
		leaf("per_change", "PerChangeHours", durationKind, "Extra time a manual deployment takes for each change in the release (migration scripts, configuration, release notes)."),
		section("verify", "Verify", "An optional check after deployment and before users are exposed: smoke tests, a version-consistency check across servers.",
			leaf("config_catch_prob", "ConfigCatchProb", probKind, "Probability of catching a misconfigured server, which is then fixed before traffic."),
			leaf("defect_catch_prob", "DefectCatchProb", probKind, "Probability that smoke tests catch each code defect in the release; caught changes are pulled out for rework and the rest redeployed before traffic."),
			leaf("duration", "Hours", distKind, "How long the check takes."),
		),
	),
	section("strategy", "Strategy", "How traffic moves to the new version: the blast radius (share of users exposed when a fault shows) and what a rollback costs.",
		leaf("kind", "Kind", enumKind(models.BigBang, models.Rolling, models.BlueGreen, models.Canary), "`big-bang`: stop, replace, start. `rolling`: server waves. `blue-green`: switch all traffic to a second environment. `canary`: traffic steps with analysis."),
		leaf("downtime", "DowntimeHours", durationKind, "Planned outage of a big-bang deployment."),
		leaf("rolling_waves", "RollingWaves", intKind, "Waves of a rolling deployment; ≥ 1."),
		leaf("rolling_wave", "RollingWaveHours", durationKind, "Duration of one rolling wave."),
		list("steps", "Steps", "Canary traffic steps in the spirit of Argo Rollouts: set a weight, then bake while analysis runs. Weights rise; the last should be 100%. A list replaces the inherited list.",
			leaf("weight", "Weight", probKind, "Share of traffic on the new version, in (previous weight, 1]."),
			leaf("bake", "BakeHours", durationKind, "Pause at this weight while analysis runs."),
		),
		leaf("analysis_catch_prob", "AnalysisCatchProb", probKind, "Probability that canary analysis notices an active fault by the end of one bake; a caught fault is rolled back automatically with the blast radius of that step."),
		leaf("switch_time", "SwitchHours", durationKind, "How long a blue-green traffic switch (or switch-back) takes."),
	),
	section("monitoring", "Monitoring", "How a fault in production is noticed.",
		leaf("alert_prob", "AlertProb", probKind, "Chance that alerting catches a fault that barely crosses `alert_min_exposure`; it rises with the share x of users affected (burn-rate alerting: missed with probability (1 − alert_prob)(1 − x)), so a total outage is always alerted unless alert_prob is 0 (no monitoring). Missed faults are found by customer reports."),
		leaf("alert_time", "AlertHours", distKind, "Time from fault to alert; > 0 when alert_prob > 0."),
		leaf("report_time", "ReportHours", distKind, "Time from fault to a customer report reaching the team when every user is affected at peak traffic; > 0. A fault that one user in twenty meets, or one at night, takes proportionally longer."),
		leaf("alert_min_exposure", "AlertMinExposure", probKind, "Smallest share of users affected that alerting notices (an error-rate threshold); below it only customer reports find a fault."),
	),
	section("mitigation", "Mitigation", "What the team does to cut the harm once it has responded, before it rolls back or repairs: the levers it has, each with its time to act and the exposure it leaves. Rollback, diagnosis and the fix then run under the reduced exposure. Manual teams have levers too, at manual speed.",
		leaf("flag_share", "FlagShare", probKind, "Share of changes whose new behaviour sits behind a feature flag or kill switch (a draw of each change). Switching it off removes that change's fault; the change is then fixed as ordinary work."),
		leaf("flag_time", "FlagHours", distKind, "Time from response to the flag switched off."),
		leaf("drain", "Drain", boolKind, "Misconfigured servers (not all of them) can be taken out of the load balancer; the others carry the load."),
		leaf("drain_time", "DrainHours", distKind, "Time from response to the faulty servers drained (or, with `auto_drain`, from the fault showing)."),
		leaf("auto_drain", "AutoDrain", boolKind, "Health checks (a load balancer's, an orchestrator's readiness checks) drain a misconfigured server on their own, `drain_time` after its fault shows, without waiting for a person; needs `drain`. A fault drained before anyone noticed is a failed deployment but no incident."),
		leaf("revert", "Revert", boolKind, "Fixing forward reverts the one culprit change once diagnosis has found it, instead of writing a fix (and a revert brings no new defect); it ships through the hotfix lane."),
		leaf("revert_time", "RevertHours", distKind, "Time to prepare a revert of the culprit, after diagnosis."),
		leaf("shutdown", "Shutdown", boolKind, "The team stops the system or its faulty path when the exposure reaches `shutdown_above`."),
		leaf("shutdown_above", "ShutdownAbove", probKind, "Share of users affected at which the team shuts down; in (0, 1] when `shutdown` is on."),
		leaf("shutdown_time", "ShutdownHours", distKind, "Time from response to the system stopped."),
		leaf("shutdown_left", "ShutdownLeft", probKind, "Share of the harm left once shut down: 0 ends it (a trading system whose faulty path does the damage), 1 is of no use (a shop whose outage is the harm)."),
	),
	section("recovery", "Recovery", "How the team restores service after a failed deployment.",
		leaf("method", "Method", enumKind(models.AutoRollback, models.ManualRollback, models.FixForward), "`auto-rollback`: an alert rolls back without a person. `manual-rollback`: a person triages, then rolls back. `fix-forward`: a person diagnoses, fixes and ships a hotfix."),
		leaf("on_call_response", "OnCallHours", distKind, "Time for the on-call engineer to respond outside office hours (paging, waking, logging in)."),
		leaf("triage", "TriageHours", distKind, "Time for a person to decide that the latest deployment caused the fault (before a manual rollback or a fix)."),
		leaf("diagnosis", "DiagnosisHours", distKind, "Time to find the culprit when the release holds one change; with n changes it is multiplied by 1 + log2(n), the bisection steps (an assumption). Fix-forward."),
		leaf("rollback_time", "RollbackHours", distKind, "How long an automated rollback takes. A manual deployment is rolled back by redeploying the previous artefact by hand: every server's steps again, at `step_time`, each with `step_error_prob` of going wrong."),
		leaf("rollback_per_change", "RollbackPerChangeHours", durationKind, "Extra time a rollback takes for each change it undoes (reverse migrations, restoring data, configuration): undoing a quarter's worth of changes is a project. Blue-green switch-backs need none."),
		leaf("rollback_fail_prob", "RollbackFailProb", probKind, "Probability that a rollback fails; the team then fixes forward."),
		leaf("failed_rollback_exposure", "FailedRollbackExposure", probKind, "Blast radius once a rollback of a misconfigured server has failed; 0 leaves it unchanged. At Knight Capital, uninstalling the new code from seven servers woke the dormant path of the missed one on all eight (1.0). A failed rollback of a code defect leaves the blast radius as it was."),
	),
	section("hotfix", "Hotfix", "The expedite lane used to fix forward; hotfix deployments are what DORA's deployment rework rate counts.",
		leaf("fix", "FixHours", distKind, "Developer time to write the fix once the culprit is known (on-call work, not bound to office hours)."),
		leaf("pipeline", "PipelineHours", distKind, "The shortened verification of the hotfix lane."),
		leaf("defect_prob", "DefectProb", probKind, "Probability that the hotfix itself carries a production-impacting defect."),
		leaf("needs_cab", "NeedsCAB", boolKind, "A hotfix waits for an emergency change approval (`cab.emergency`); needs `cab.enabled`."),
	),
	section("cab", "CAB", "A change-approval board that must approve each planned release.",
		leaf("enabled", "Enabled", boolKind, "Turns the board on."),
		leaf("every", "MeetsEveryHours", durationKind, "Interval between meetings (`1w` for weekly); > 0 when enabled."),
		leaf("offset", "MeetingOffsetHours", durationKind, "Time of the first meeting after time zero (Monday 00:00): `3d14h` is Thursday 14:00."),
		leaf("lead", "LeadHours", durationKind, "How long before a meeting a request must be filed."),
		leaf("emergency", "EmergencyHours", durationKind, "Delay of an emergency approval for a hotfix."),
	),
	list("freezes", "Freezes", "Yearly change-freeze windows (year end, peak season): no planned deployment starts; hotfixes still go out. A list replaces the inherited list; `[]` removes them.",
		leaf("start_day", "StartDay", dayKind, "First day of the freeze."),
		leaf("end_day", "EndDay", dayKind, "Last day of the freeze; may be before `start_day` for a window over the new year."),
	),
	section("traffic", "Traffic", "The weekly shape of load, relative to the peak: faults show when traffic hits their code path, customers report in proportion to the users who meet a fault, and an outage costs in proportion to the traffic it turns away.",
		leaf("peak_start", "PeakStartHour", timeKind, "Start of the daily peak."),
		leaf("peak_end", "PeakEndHour", timeKind, "End of the daily peak; after `peak_start`, at most `24:00`."),
		leaf("off_peak", "OffPeak", probKind, "Traffic outside peak hours as a share of the peak: 0 for a market that closes."),
		leaf("weekend", "Weekend", probKind, "Scales Saturday's and Sunday's traffic: 0 for a market closed at weekends."),
	),
	section("money", "Money", "What failures, work, downtime and waiting cost, in the scenario's `currency`.",
		money("revenue_per_year", "RevenuePerYear", "per year", "Revenue of the business the scenario describes: the scale to read the losses against (0: not stated). Derive `loss_per_minute` from it in the scenario's `sources`."),
		money("loss_per_minute", "LossPerMinute", "per minute", "Loss while all users are affected by a fault at peak traffic; a partial blast radius and lower traffic scale it."),
		money("planned_downtime_per_minute", "PlannedDowntimePerMinute", "per minute", "Cost of a minute of planned outage at peak traffic; a maintenance window at a quiet hour costs less."),
		money("hourly_rate", "HourlyRate", "per person-hour", "Loaded labour cost of one person-hour in office hours."),
		leaf("off_hours_multiplier", "OffHoursMultiplier", numberKind, "Scales the hourly rate for nights and weekends; ≥ 1."),
		whole("incident_people", "IncidentPeople", 0, math.MaxInt32, "People who work an incident until service is restored."),
		money("delay_per_change_day", "DelayPerChangeDay", "per change-day", "Cost of delay of one change for one day between commit and production, booked for every day a change is in progress, whether or not it ships within the horizon."),
	),
})

// bind resolves every field's Go name by reflection. A mismatch is a bug
// in this file, found the first time the package loads.
func bind(t reflect.Type, fs []*field) []*field {
	for _, f := range fs {
		sf, ok := t.FieldByName(f.goName)
		if !ok {
			panic(fmt.Sprintf("scenarios: %s has no field %s (key %q)", t, f.goName, f.key))
		}
		f.index = sf.Index
		ft := sf.Type
		switch {
		case f.list:
			if ft.Kind() != reflect.Slice || ft.Elem().Kind() != reflect.Struct {
				panic(fmt.Sprintf("scenarios: %s.%s is not a list of structs", t, f.goName))
			}
			bind(ft.Elem(), f.fields)
		case f.fields != nil:
			if ft.Kind() != reflect.Struct {
				panic(fmt.Sprintf("scenarios: %s.%s is not a struct", t, f.goName))
			}
			bind(ft, f.fields)
		default:
			if ft != f.kind.goType {
				panic(fmt.Sprintf("scenarios: %s.%s is %s, not %s", t, f.goName, ft, f.kind.goType))
			}
		}
	}
	return fs
}

// walkLeaves calls fn for every leaf of the schema under fs with its path
// relative to the arm ("deploy.verify.duration"); list fields are visited
// once, as "pipeline[].name".
func walkLeaves(fs []*field, prefix string, fn func(path string, f *field)) {
	for _, f := range fs {
		p := joinPath(prefix, f.key)
		switch {
		case f.list:
			walkLeaves(f.fields, p+"[]", fn)
		case f.fields != nil:
			walkLeaves(f.fields, p, fn)
		default:
			fn(p, f)
		}
	}
}
