package scenarios

import (
	"fmt"
	"math"

	"deploysim/models"
)

// Limits on the work of one replication, checked when a scenario is read
// so that validate predicts what would otherwise run for hours (or for
// ever) and a run refuses it before starting. A scenario within them runs
// each replication of each arm in a few seconds at most.
const (
	// maxEventsPerReplication bounds the events one replication of one
	// arm is expected to need: about ten seconds at the model's speed.
	maxEventsPerReplication = 1e8
	// maxRepairRounds bounds the expected hotfix rounds an incident needs
	// to close. An arm whose every hotfix brings a fault of its own
	// (hotfix.defect_prob 1, or a manual deploy to so many servers that
	// one is always left misconfigured) would never close its first
	// incident.
	maxRepairRounds = 1000
	// minChangesPerDay is one change in 100 years: below it the time to
	// the first change is beyond any horizon.
	minChangesPerDay = 1.0 / (100 * 365)
)

// explosion predicts, from the rates, whether one replication of arm a
// over hours (warm-up and horizon) would need more work than the limits
// allow, and returns the problems as field errors of the arm: the field
// that most drives the work, and a message that names the parameters.
func explosion(a *models.Arm, hours float64) []models.FieldError {
	var out []models.FieldError
	add := func(path, format string, args ...any) {
		out = append(out, models.FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
	}
	w := a.Work
	if w.ChangesPerDay > 0 && w.ChangesPerDay < minChangesPerDay {
		add("work.changes_per_day", "must be at least one change in 100 years (%.3g/day), got %g", minChangesPerDay, w.ChangesPerDay)
		return out
	}

	est := estimateWork(a, hours)
	changes, perChange, ticks, tickPath, cab := est.changes, est.perChange, est.ticks, est.tickPath, est.cab
	events := est.events()
	if events > maxEventsPerReplication {
		// Name what drives it. The messages leave out the count of events
		// where arms sharing the parameter would differ, so that a value
		// in defaults is reported once.
		span := spanText(hours)
		switch {
		case ticks >= events/3:
			add(tickPath, "a release every %s over %s of warm-up and horizon is %.2g release events a replication, more than the %.0g the simulator allows: release less often or shorten the horizon",
				formatDuration(a.Release.EveryHours), span, ticks, maxEventsPerReplication)
		case cab >= events/3:
			add("cab.every", "a CAB meeting every %s over %s of warm-up and horizon is %.2g meetings a replication, more than the %.0g events the simulator allows: meet less often or shorten the horizon",
				formatDuration(a.CAB.MeetsEveryHours), span, cab, maxEventsPerReplication)
		case changes*perChange >= events/3:
			add("work.changes_per_day", "%g changes a day over %s of warm-up and horizon need more than the %.0g events a replication may have: fewer changes a day or a shorter horizon",
				w.ChangesPerDay, span, maxEventsPerReplication)
		default:
			add("deploy.servers", "releases to %d servers over %s of warm-up and horizon need more than the %.0g events a replication may have: fewer releases, fewer servers or a shorter horizon",
				a.Deploy.Servers, span, maxEventsPerReplication)
		}
	}

	// Hotfix rounds: an incident closes only when a hotfix goes out with
	// no fault of its own and no server left misconfigured.
	d := a.Deploy
	var leftBad float64 // chance that the hotfix deploy leaves a server misconfigured
	catch := d.Verify.ConfigCatchProb
	if d.Mode == models.Manual {
		perServer := 1 - math.Pow(1-d.StepErrorProb, float64(d.StepsPerServer))
		leftBad = 1 - math.Pow(1-perServer*(1-catch), float64(d.Servers))
	} else {
		leftBad = d.AutomatedErrorProb * (1 - catch)
	}
	clean := (1 - a.Hotfix.DefectProb) * (1 - leftBad)
	if clean*maxRepairRounds < 1 {
		path, why := "hotfix.defect_prob", fmt.Sprintf("hotfix.defect_prob %g: a hotfix brings a fault of its own", a.Hotfix.DefectProb)
		if leftBad > 0.5 {
			share := fmt.Sprintf("%.3g%% of the time", 100*leftBad)
			switch {
			case leftBad == 1:
				share = "every time"
			case leftBad > 0.999:
				share = "nearly always"
			}
			if d.Mode == models.Manual {
				path, why = "deploy.servers", fmt.Sprintf("a manual deploy to %d servers at step_error_prob %g leaves one misconfigured %s", d.Servers, d.StepErrorProb, share)
			} else {
				path, why = "deploy.automated_error_prob", fmt.Sprintf("deploy.automated_error_prob %g: a hotfix deploy fails %s", d.AutomatedErrorProb, share)
			}
		}
		if clean == 0 {
			if path == "hotfix.defect_prob" {
				why = fmt.Sprintf("hotfix.defect_prob %g: every hotfix brings a fault of its own", a.Hotfix.DefectProb)
			}
			add(path, "an incident could never close (%s)", why)
		} else {
			add(path, "an incident would need about %.2g hotfix rounds to close, more than the %d allowed (%s)", 1/clean, maxRepairRounds, why)
		}
	}
	return out
}

// spanText writes a span of hours for a message: in years if it is long.
func spanText(hours float64) string {
	if hours >= 2*8760 {
		return fmt.Sprintf("%.4gy", hours/8760)
	}
	return formatDuration(hours)
}

// workEstimate is the expected work of one replication of one arm, as the
// model spends events: each change arrives and passes its per-change
// stages (start and end of each, and a rework loop for each catch); each
// release tick (train or cadence) is an event even with nothing to
// release; each release deploys server by server (manual), wave by wave
// or step by step; a CAB meets on its own clock.
type workEstimate struct {
	changes, perChange   float64
	ticks                float64
	tickPath             string
	releases, perRelease float64
	cab                  float64
}

func (w workEstimate) events() float64 {
	return w.changes*w.perChange + w.ticks + w.releases*w.perRelease + w.cab
}

func estimateWork(a *models.Arm, hours float64) workEstimate {
	var est workEstimate
	workFrac := 5.0 / 7
	if a.Calendar.WorkWeekends {
		workFrac = 1
	}
	est.changes = a.Work.ChangesPerDay * hours / 24 * workFrac
	est.perChange = 2
	for _, s := range a.Pipeline {
		if s.Scope != models.BatchScope {
			est.perChange += 2 * (1 + s.CatchProb)
		}
	}
	switch r := a.Release; r.Policy {
	case models.Scheduled, models.OnDemand:
		if r.EveryHours > 0 {
			est.ticks, est.tickPath = hours/r.EveryHours, "release.every"
		}
	}
	est.releases = est.changes // at most one release per change
	if est.ticks > 0 {
		est.releases = math.Min(est.releases, est.ticks)
	}
	est.perRelease = 10 + float64(len(a.Strategy.Steps)) + float64(a.Strategy.RollingWaves)
	for _, s := range a.Pipeline {
		if s.Scope == models.BatchScope {
			est.perRelease += 2
		}
	}
	if a.Deploy.Mode == models.Manual {
		est.perRelease += float64(a.Deploy.Servers)
	}
	if a.CAB.Enabled && a.CAB.MeetsEveryHours > 0 {
		est.cab = hours / a.CAB.MeetsEveryHours
	}
	return est
}
