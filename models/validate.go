package models

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// FieldError is one invalid configuration value. Path names the field the
// way scenario files spell it ("deploy.step_error_prob", "pipeline[2].catch_prob"),
// so that a loader can point at the line that set it.
type FieldError struct {
	Path string
	Msg  string // what is wrong and the allowed range
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Msg }

// Errors is every problem Validate found, in field order.
type Errors []*FieldError

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

type errorList struct{ list Errors }

func (l *errorList) add(path, msg string) {
	l.list = append(l.list, &FieldError{Path: path, Msg: msg})
}

func (l *errorList) addf(path, format string, args ...any) {
	l.add(path, fmt.Sprintf(format, args...))
}

// wrap prefixes every field error in err with prefix.
func (l *errorList) wrap(prefix string, err error) {
	var es Errors
	if errors.As(err, &es) {
		for _, e := range es {
			l.add(prefix+"."+e.Path, e.Msg)
		}
		return
	}
	l.add(prefix, err.Error())
}

func (l *errorList) err() error {
	if len(l.list) == 0 {
		return nil
	}
	return l.list
}

func (l *errorList) prob(path string, p float64) {
	if !(p >= 0 && p <= 1) {
		l.addf(path, "must be in [0,1], got %g", p)
	}
}

// Upper bounds on every duration and amount of money, chosen so that no
// total can overflow or lose meaning: a replication spans at most 200
// years (warm-up and horizon of 100 years each), about 1.1e8 minutes, so
// a loss of MaxMoneyRate a minute at MaxOffHoursMultiplier totals at most
// about 1e19 a replication and 1e24 over 100,000 replications, and its
// square (for a variance) 1e48: far from float64's 1.8e308. They are also
// far beyond any real system: Knight Capital lost about $10M a minute.
const (
	// MaxHours bounds every duration: 100 years (876,000 hours), as the
	// horizon and the warm-up.
	MaxHours = 100 * 8760
	// MaxMoneyRate bounds every amount per unit (per minute of downtime,
	// per hour of work, per change-day of delay): a billion.
	MaxMoneyRate = 1e9
	// MaxRevenue bounds money.revenue_per_year: ten trillion, above the
	// revenue of any company.
	MaxRevenue = 1e13
	// MaxOffHoursMultiplier bounds money.off_hours_multiplier.
	MaxOffHoursMultiplier = 100
)

// upper returns the upper bound of a field checked by nonNeg or positive,
// written for a message: money for money.*, hours for the rest
// (durations), or +Inf for a field with its own bound.
func upper(path string) (float64, string) {
	switch {
	case path == "money.revenue_per_year":
		return MaxRevenue, "1e13"
	case strings.HasPrefix(path, "money."):
		return MaxMoneyRate, "1e9"
	case path == "work.changes_per_day":
		return math.Inf(1), "" // its own bound, below
	}
	return MaxHours, "876000 h" // a loader writes it as 100y
}

func (l *errorList) nonNeg(path string, x float64) {
	if hi, text := upper(path); !(x >= 0 && x <= hi) {
		if math.IsInf(hi, 1) {
			l.addf(path, "must be ≥ 0 and finite, got %g", x)
		} else {
			l.addf(path, "must be in [0,%s], got %g%s", text, x, unitOf(text))
		}
	}
}

func (l *errorList) positive(path string, x float64) {
	if hi, text := upper(path); !(x > 0 && x <= hi) {
		if math.IsInf(hi, 1) {
			l.addf(path, "must be > 0 and finite, got %g", x)
		} else {
			l.addf(path, "must be in (0,%s], got %g%s", text, x, unitOf(text))
		}
	}
}

// unitOf returns " h" if the bound is in hours, so that the value is too.
func unitOf(bound string) string {
	if strings.HasSuffix(bound, " h") {
		return " h"
	}
	return ""
}

func (l *errorList) minInt(path string, n, lo int) {
	if n < lo {
		l.addf(path, "must be ≥ %d, got %d", lo, n)
	}
}

// intRange checks a count with an upper bound: the bounds keep one
// replication's work finite whatever a file says.
func (l *errorList) intRange(path string, n, lo, hi int) {
	if n < lo || n > hi {
		l.addf(path, "must be in [%d,%d], got %d", lo, hi, n)
	}
}

// dist checks a duration distribution; positive says whether its mean must
// be above zero (a step that takes no time at all is usually a typo).
func (l *errorList) dist(path string, d Dist, positive bool) {
	if positive {
		l.positive(path+".mean", d.Mean)
	} else {
		l.nonNeg(path+".mean", d.Mean)
	}
	if !(d.CV >= 0 && d.CV <= 10) {
		l.addf(path+".cv", "must be in [0,10], got %g", d.CV)
	}
}

func (l *errorList) oneOf(path, got string, allowed ...string) bool {
	for _, a := range allowed {
		if got == a {
			return true
		}
	}
	l.addf(path, "must be one of %s, got %q", strings.Join(allowed, ", "), got)
	return false
}

// Validate reports every invalid field of the arm, with its allowed range.
// The returned error, if not nil, is an Errors.
func (a *Arm) Validate() error {
	var l errorList
	c := a.Calendar
	// Each bound is named for itself: a day_end of 25:00 is day_end's fault.
	switch {
	case !(c.DayStartHour >= 0 && c.DayStartHour < 24):
		l.addf("calendar.day_start", "must be in [0,24) (00:00 to 23:59), got %g", c.DayStartHour)
	case !(c.DayEndHour > 0 && c.DayEndHour <= 24):
		l.addf("calendar.day_end", "must be in (0,24] (00:01 to 24:00), got %g", c.DayEndHour)
	case !(c.DayStartHour < c.DayEndHour):
		l.addf("calendar.day_end", "must be later than day_start, got %g", c.DayEndHour)
	}

	w := a.Work
	l.positive("work.changes_per_day", w.ChangesPerDay)
	if w.ChangesPerDay > 10000 {
		l.addf("work.changes_per_day", "must be ≤ 10000, got %g", w.ChangesPerDay)
	}
	l.prob("work.defect_prob", w.DefectProb)
	if !(w.SizeCV >= 0 && w.SizeCV <= 10) {
		l.addf("work.size_cv", "must be in [0,10], got %g", w.SizeCV)
	}
	if len(w.Severities) == 0 || len(w.Severities) > 16 {
		l.addf("work.severities", "must list 1 to 16 severity classes, got %d", len(w.Severities))
	}
	shares := 0.0
	for i, sv := range w.Severities {
		p := fmt.Sprintf("work.severities[%d]", i)
		l.prob(p+".share", sv.Share)
		if !(sv.Impact > 0 && sv.Impact <= 1) {
			l.addf(p+".impact", "must be in (0,1], got %g", sv.Impact)
		}
		shares += sv.Share
	}
	if len(w.Severities) > 0 && math.Abs(shares-1) > 1e-6 {
		l.addf("work.severities", "shares must add up to 100%%, got %.4g%%: set the other classes' shares to make up the rest", shares*100)
	}
	l.dist("work.activation", w.ActivationHours, false)
	l.prob("work.irreversible_prob", w.IrreversibleProb)
	l.dist("work.rework", w.ReworkHours, false)
	l.prob("work.config_share", w.ConfigShare)
	l.prob("work.config_break_prob", w.ConfigBreakProb)
	l.intRange("work.components", w.Components, 0, 100000)
	l.prob("work.interaction_prob", w.InteractionProb)

	r := a.Release
	if l.oneOf("release.policy", string(r.Policy), string(Scheduled), string(OnDemand), string(PerChange)) {
		switch r.Policy {
		case Scheduled:
			l.positive("release.every", r.EveryHours)
			l.nonNeg("release.freeze", r.FreezeHours)
			if r.FreezeHours >= r.EveryHours && r.EveryHours > 0 {
				l.addf("release.freeze", "must be shorter than release.every (%g h), got %g h", r.EveryHours, r.FreezeHours)
			}
		case OnDemand:
			l.nonNeg("release.every", r.EveryHours)
			l.minInt("release.batch_size", r.BatchSize, 0)
			if r.EveryHours == 0 && r.BatchSize == 0 {
				l.add("release.every", "an on-demand release needs a cadence (every > 0) or a batch_size trigger")
			}
		case PerChange:
			if len(a.Pipeline) == 0 {
				l.add("pipeline", "per-change (continuous deployment) needs at least one pipeline stage: nothing would check a change before it goes out")
			}
		}
	}

	if len(a.Pipeline) > 100 {
		l.addf("pipeline", "must have at most 100 stages, got %d", len(a.Pipeline))
	}
	if r.Policy != PerChange {
		if r.AfterRollback != "" && r.AfterRollback != PatchRelease && r.AfterRollback != NextRelease {
			l.addf("release.after_rollback", "must be one of %s, %s, got %q", PatchRelease, NextRelease, r.AfterRollback)
		}
	}
	for i, s := range a.Pipeline {
		p := fmt.Sprintf("pipeline[%d]", i)
		l.nonNeg(p+".per_change", s.PerChangeHours)
		l.intRange(p+".people", s.People, 0, 10000)
		l.oneOf(p+".scope", string(s.Scope), string(PerChangeScope), string(BatchScope))
		if s.Manual {
			l.intRange(p+".capacity", s.Capacity, 1, 100000)
		}
		l.dist(p+".duration", s.Hours, false)
		l.prob(p+".catch_prob", s.CatchProb)
		if r.Policy == PerChange && s.Scope == BatchScope {
			l.add(p+".scope", "a per-change release has no release candidate: use scope \"change\"")
		}
	}

	d := a.Deploy
	if l.oneOf("deploy.mode", string(d.Mode), string(Manual), string(Automated)) {
		if d.Mode == Manual {
			l.intRange("deploy.steps_per_server", d.StepsPerServer, 1, 1000)
			l.prob("deploy.step_error_prob", d.StepErrorProb)
			l.dist("deploy.step_time", d.StepHours, true)
		} else {
			l.dist("deploy.automated_time", d.AutomatedHours, true)
			l.prob("deploy.automated_error_prob", d.AutomatedErrorProb)
		}
	}
	l.minInt("deploy.servers", d.Servers, 1)
	if d.Servers > 100000 {
		l.addf("deploy.servers", "must be ≤ 100000, got %d", d.Servers)
	}
	if l.oneOf("deploy.window", string(d.Window), string(AnyTime), string(OfficeHours), string(MaintenanceWindow)) && d.Window == MaintenanceWindow {
		if d.WindowWeekday < 0 || d.WindowWeekday > 6 {
			l.addf("deploy.window_weekday", "must be in [0,6] (0 = Monday), got %d", d.WindowWeekday)
		}
		if !(d.WindowStartHour >= 0 && d.WindowStartHour < 24) {
			l.addf("deploy.window_start", "must be in [0,24) hours, got %g", d.WindowStartHour)
		}
		if !(d.WindowHours > 0 && d.WindowHours <= 168) {
			l.addf("deploy.window_length", "must be in (0,168] hours, got %g", d.WindowHours)
		}
	}
	if !(d.UnpractisedFactor == 0 || d.UnpractisedFactor >= 1 && d.UnpractisedFactor <= 100) {
		l.addf("deploy.unpractised_factor", "must be 0 (off) or in [1,100], got %g", d.UnpractisedFactor)
	}
	if d.UnpractisedFactor > 1 && !(d.PracticeHours > 0) {
		l.addf("deploy.practice", "must be > 0 when unpractised_factor > 1, got %g h", d.PracticeHours)
	}
	if !(d.PracticeHours >= 0 && d.PracticeHours <= 10*HoursPerYear) {
		l.addf("deploy.practice", "must be in [0,10y], got %g h", d.PracticeHours)
	}
	l.minInt("deploy.people", d.People, 0)
	l.nonNeg("deploy.per_change", d.PerChangeHours)
	l.prob("deploy.verify.config_catch_prob", d.Verify.ConfigCatchProb)
	l.prob("deploy.verify.defect_catch_prob", d.Verify.DefectCatchProb)
	l.dist("deploy.verify.duration", d.Verify.Hours, false)

	st := a.Strategy
	if l.oneOf("strategy.kind", string(st.Kind), string(BigBang), string(Rolling), string(BlueGreen), string(Canary)) {
		switch st.Kind {
		case BigBang:
			l.nonNeg("strategy.downtime", st.DowntimeHours)
		case Rolling:
			l.intRange("strategy.rolling_waves", st.RollingWaves, 1, 1000)
			l.nonNeg("strategy.rolling_wave", st.RollingWaveHours)
		case BlueGreen:
			l.nonNeg("strategy.switch_time", st.SwitchHours)
		case Canary:
			if len(st.Steps) == 0 || len(st.Steps) > 100 {
				l.addf("strategy.steps", "a canary needs 1 to 100 traffic steps, got %d", len(st.Steps))
			}
			prev := 0.0
			for i, s := range st.Steps {
				p := fmt.Sprintf("strategy.steps[%d]", i)
				if !(s.Weight > prev && s.Weight <= 1) {
					l.addf(p+".weight", "must be in (%g,1] (weights rise step by step), got %g", prev, s.Weight)
				}
				l.nonNeg(p+".bake", s.BakeHours)
				prev = s.Weight
			}
			l.prob("strategy.analysis_catch_prob", st.AnalysisCatchProb)
		}
	}

	m := a.Monitoring
	l.prob("monitoring.alert_prob", m.AlertProb)
	l.dist("monitoring.alert_time", m.AlertHours, m.AlertProb > 0)
	l.dist("monitoring.report_time", m.ReportHours, true)
	l.prob("monitoring.alert_min_exposure", m.AlertMinExposure)

	mi := a.Mitigation
	l.prob("mitigation.flag_share", mi.FlagShare)
	l.dist("mitigation.flag_time", mi.FlagHours, false)
	l.dist("mitigation.drain_time", mi.DrainHours, false)
	if mi.AutoDrain && !mi.Drain {
		l.add("mitigation.auto_drain", "needs mitigation.drain: true")
	}
	l.dist("mitigation.revert_time", mi.RevertHours, false)
	l.dist("mitigation.shutdown_time", mi.ShutdownHours, false)
	if mi.Shutdown && !(mi.ShutdownAbove > 0 && mi.ShutdownAbove <= 1) {
		l.addf("mitigation.shutdown_above", "must be in (0,1] when shutdown is on, got %g", mi.ShutdownAbove)
	}
	l.prob("mitigation.shutdown_left", mi.ShutdownLeft)

	rc := a.Recovery
	l.oneOf("recovery.method", string(rc.Method), string(AutoRollback), string(ManualRollback), string(FixForward))
	l.dist("recovery.on_call_response", rc.OnCallHours, false)
	l.dist("recovery.triage", rc.TriageHours, false)
	l.dist("recovery.diagnosis", rc.DiagnosisHours, false)
	l.dist("recovery.rollback_time", rc.RollbackHours, false)
	l.nonNeg("recovery.rollback_per_change", rc.RollbackPerChangeHours)
	l.prob("recovery.rollback_fail_prob", rc.RollbackFailProb)
	l.prob("recovery.failed_rollback_exposure", rc.FailedRollbackExposure)

	h := a.Hotfix
	l.dist("hotfix.fix", h.FixHours, false)
	l.dist("hotfix.pipeline", h.PipelineHours, false)
	l.prob("hotfix.defect_prob", h.DefectProb)
	if h.NeedsCAB && !a.CAB.Enabled {
		l.add("hotfix.needs_cab", "needs cab.enabled: true")
	}

	if a.CAB.Enabled {
		l.positive("cab.every", a.CAB.MeetsEveryHours)
		l.nonNeg("cab.offset", a.CAB.MeetingOffsetHours)
		l.nonNeg("cab.lead", a.CAB.LeadHours)
		l.nonNeg("cab.emergency", a.CAB.EmergencyHours)
	}

	for i, f := range a.Freezes {
		p := fmt.Sprintf("freezes[%d]", i)
		if f.StartDay < 0 || f.StartDay > 364 {
			l.addf(p+".start_day", "must be in [0,364], got %d", f.StartDay)
		}
		if f.EndDay < 0 || f.EndDay > 364 {
			l.addf(p+".end_day", "must be in [0,364], got %d", f.EndDay)
		}
	}

	t := a.Traffic
	if !(t.PeakStartHour >= 0 && t.PeakStartHour < t.PeakEndHour && t.PeakEndHour <= 24) {
		l.addf("traffic.peak_start", "peak hours must satisfy 0 ≤ peak_start < peak_end ≤ 24, got %g–%g", t.PeakStartHour, t.PeakEndHour)
	}
	l.prob("traffic.off_peak", t.OffPeak)
	l.prob("traffic.weekend", t.Weekend)

	mo := a.Money
	l.nonNeg("money.revenue_per_year", mo.RevenuePerYear)
	l.nonNeg("money.loss_per_minute", mo.LossPerMinute)
	l.nonNeg("money.planned_downtime_per_minute", mo.PlannedDowntimePerMinute)
	l.nonNeg("money.hourly_rate", mo.HourlyRate)
	if !(mo.OffHoursMultiplier >= 1 && mo.OffHoursMultiplier <= MaxOffHoursMultiplier) {
		l.addf("money.off_hours_multiplier", "must be in [1,%d], got %g", MaxOffHoursMultiplier, mo.OffHoursMultiplier)
	}
	l.minInt("money.incident_people", mo.IncidentPeople, 0)
	l.nonNeg("money.delay_per_change_day", mo.DelayPerChangeDay)
	return l.err()
}
