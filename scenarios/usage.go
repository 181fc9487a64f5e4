package scenarios

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"deploysim/models"
)

// Which parameters an arm uses. An arm carries a value for every field,
// inherited from the defaults where it sets none, but many only matter in
// some configurations: canary steps on a canary, manual steps on a manual
// deployment. The rules below follow the field documentation in
// schema.go. They decide whether an override that changes only such
// values "has no effect" (NoEffects) and which parameters deploysim
// sensitivity leaves out; a field not listed is always used.
type usageRule struct {
	fields []string // arm-relative paths, list indexes as [], a random duration without .mean/.cv
	unused func(a *models.Arm) string
}

var usageRules = []usageRule{
	{[]string{"deploy.steps_per_server", "deploy.step_error_prob", "deploy.step_time"}, func(a *models.Arm) string {
		return unless(a.Deploy.Mode == models.Manual, "deploy.mode is "+string(a.Deploy.Mode))
	}},
	{[]string{"deploy.automated_time", "deploy.automated_error_prob"}, func(a *models.Arm) string {
		return unless(a.Deploy.Mode == models.Automated, "deploy.mode is "+string(a.Deploy.Mode))
	}},
	{[]string{"deploy.window_weekday", "deploy.window_start", "deploy.window_length"}, func(a *models.Arm) string {
		return unless(a.Deploy.Window == models.MaintenanceWindow, "deploy.window is "+string(a.Deploy.Window))
	}},
	{[]string{"strategy.downtime"}, func(a *models.Arm) string {
		return unless(a.Strategy.Kind == models.BigBang, "strategy.kind is "+string(a.Strategy.Kind))
	}},
	{[]string{"strategy.rolling_waves", "strategy.rolling_wave"}, func(a *models.Arm) string {
		return unless(a.Strategy.Kind == models.Rolling, "strategy.kind is "+string(a.Strategy.Kind))
	}},
	{[]string{"strategy.steps[].weight", "strategy.steps[].bake", "strategy.analysis_catch_prob"}, func(a *models.Arm) string {
		return unless(a.Strategy.Kind == models.Canary, "strategy.kind is "+string(a.Strategy.Kind))
	}},
	{[]string{"strategy.switch_time"}, func(a *models.Arm) string {
		return unless(a.Strategy.Kind == models.BlueGreen, "strategy.kind is "+string(a.Strategy.Kind))
	}},
	{[]string{"release.freeze"}, func(a *models.Arm) string {
		return unless(a.Release.Policy == models.Scheduled, "release.policy is "+string(a.Release.Policy))
	}},
	{[]string{"release.batch_size"}, func(a *models.Arm) string {
		return unless(a.Release.Policy == models.OnDemand, "release.policy is "+string(a.Release.Policy))
	}},
	{[]string{"release.every"}, func(a *models.Arm) string {
		return unless(a.Release.Policy != models.PerChange, "release.policy is per-change")
	}},
	{[]string{"cab.every", "cab.offset", "cab.lead", "cab.emergency", "hotfix.needs_cab"}, func(a *models.Arm) string {
		return unless(a.CAB.Enabled, "cab.enabled is false")
	}},
	{[]string{"monitoring.alert_time"}, func(a *models.Arm) string {
		return unless(a.Monitoring.AlertProb > 0, "monitoring.alert_prob is 0")
	}},
	{[]string{"monitoring.report_time"}, func(a *models.Arm) string {
		return unless(a.Monitoring.AlertProb < 1, "monitoring.alert_prob is 1")
	}},
	{[]string{"pipeline[].capacity"}, nil}, // per stage: see stageUnused
	{[]string{"recovery.rollback_time", "recovery.rollback_fail_prob"}, func(a *models.Arm) string {
		return unless(a.Recovery.Method != models.FixForward, "recovery.method is fix-forward")
	}},
	{[]string{"recovery.failed_rollback_exposure"}, func(a *models.Arm) string {
		if a.Recovery.Method == models.FixForward {
			return "recovery.method is fix-forward"
		}
		if a.Deploy.Mode == models.Automated && a.Deploy.AutomatedErrorProb == 0 {
			return "no deployment leaves a server misconfigured (deploy.automated_error_prob is 0)"
		}
		return unless(a.Recovery.RollbackFailProb > 0, "recovery.rollback_fail_prob is 0")
	}},
	// The hotfix lane: fix-forward arms, and any arm whose rollback can
	// fail or whose changes can be irreversible.
	{[]string{"recovery.diagnosis", "hotfix.fix", "hotfix.pipeline", "hotfix.defect_prob"}, func(a *models.Arm) string {
		return unless(a.Recovery.Method == models.FixForward || a.Recovery.RollbackFailProb > 0 || a.Work.IrreversibleProb > 0,
			"it never fixes forward (recovery.method is "+string(a.Recovery.Method)+", rollbacks never fail and no change is irreversible)")
	}},
	{[]string{"deploy.practice"}, func(a *models.Arm) string {
		return unless(a.Deploy.UnpractisedFactor > 1, "deploy.unpractised_factor is at most 1")
	}},
	{[]string{"work.config_break_prob"}, func(a *models.Arm) string {
		return unless(a.Work.ConfigShare > 0, "work.config_share is 0")
	}},
	{[]string{"work.interaction_prob"}, func(a *models.Arm) string {
		return unless(a.Work.Components > 0, "work.components is 0")
	}},
	{[]string{"mitigation.flag_time"}, func(a *models.Arm) string {
		return unless(a.Mitigation.FlagShare > 0, "mitigation.flag_share is 0")
	}},
	{[]string{"mitigation.drain_time", "mitigation.auto_drain"}, func(a *models.Arm) string {
		return unless(a.Mitigation.Drain, "mitigation.drain is false")
	}},
	{[]string{"mitigation.revert_time"}, func(a *models.Arm) string {
		return unless(a.Mitigation.Revert, "mitigation.revert is false")
	}},
	{[]string{"mitigation.shutdown_above", "mitigation.shutdown_time", "mitigation.shutdown_left"}, func(a *models.Arm) string {
		return unless(a.Mitigation.Shutdown, "mitigation.shutdown is false")
	}},
	{[]string{"money.planned_downtime_per_minute"}, func(a *models.Arm) string {
		return unless(a.Strategy.Kind == models.BigBang && a.Strategy.DowntimeHours > 0, "no deployment has planned downtime")
	}},
}

func unless(used bool, why string) string {
	if used {
		return ""
	}
	return why
}

var listIndex = regexp.MustCompile(`\[[0-9]+\]`)

// Unused returns why arm a does not use the parameter at field (an
// arm-relative path such as "strategy.steps[1].bake" or
// "recovery.triage.mean"), or "" if it uses it or no rule says otherwise.
func Unused(a *models.Arm, field string) string {
	generic := listIndex.ReplaceAllString(field, "[]")
	generic = strings.TrimSuffix(strings.TrimSuffix(generic, ".mean"), ".cv")
	if generic == "pipeline[].capacity" {
		if m := listIndex.FindString(field); m != "" {
			i, _ := strconv.Atoi(m[1 : len(m)-1])
			if i < len(a.Pipeline) && !a.Pipeline[i].Manual {
				return "the stage is automated"
			}
		}
		return ""
	}
	for _, r := range usageRules {
		for _, f := range r.fields {
			if f == generic && r.unused != nil {
				return r.unused(a)
			}
		}
	}
	return ""
}

// effective returns a copy of a with every parameter it does not use set
// to its zero value, so that two arms that behave alike compare equal. The
// verdicts are taken on the original values: zeroing one field must not
// change the verdict on another (alert_prob decides on alert_time).
func effective(a models.Arm) models.Arm {
	orig := cloneArm(a)
	a = cloneArm(a)
	a.Name, a.Title = "", ""
	eachLeaf(reflect.ValueOf(&a).Elem(), func(f *field, p string, fv reflect.Value) {
		if Unused(&orig, p) != "" {
			fv.Set(reflect.Zero(fv.Type()))
		}
	}, nil)
	return a
}

// SameBehaviour reports whether two arms differ only in parameters
// neither uses (and in name and title): they then behave alike, and a
// simulation of one stands for the other.
func SameBehaviour(a, b models.Arm) bool {
	return reflect.DeepEqual(effective(a), effective(b))
}
