package models

import (
	"fmt"
	"math"
	"strings"
)

// Sanity checks: where a scenario's numbers drive the model somewhere no
// business would be, say so, naming the parameter to change. They are
// computed after the fact, from the arms' configuration in closed form and
// from the outcomes; nothing here runs inside the event loop.

// SaturatedUtilisation is the utilisation of a stage at and above which its
// queue grows without bound (a queue is stable only below 1).
const SaturatedUtilisation = 1.0

// LossPerMinuteRevenueRatio is how many times the average revenue per
// minute (money.revenue_per_year ÷ 525,600) money.loss_per_minute may be
// before Sanity questions it. The built-in derivation gives about 2: sales
// per peak minute are about 1.5 times the average (traffic at night and at
// weekends is lower), times about 1.4 for recovery, support and customers
// lost; 5 leaves room for a business with a sharper peak or dearer outages.
const LossPerMinuteRevenueRatio = 5.0

// MaxDelayRevenueShare is the share of money.revenue_per_year above which
// the value the cost of delay implies for a year's new work
// (money.delay_per_change_day × changes a year × 365 days) is questioned:
// the built-ins derive it from about 9% of revenue (90% interval 3–27%),
// and a business whose every year of new work doubled its revenue would
// not need the simulation.
const MaxDelayRevenueShare = 0.5

// MinReleaseShare is the share of its scheduled releases below which an arm
// "releases far less often than it is scheduled to".
const MinReleaseShare = 0.75

// minutesPerYear is 365 days of minutes, the unit revenue per minute is
// read in.
const minutesPerYear = 365 * 24 * 60

// Warning is one sanity warning: the arms it concerns (all of them when it
// is about a parameter they share), the parameter to change, as a scenario
// file spells it ("pipeline.code-review.capacity"), and the text.
type Warning struct {
	Arms  []string
	Param string
	Text  string
}

// String is the warning as a report prints it: "arm, arm: text"; a
// warning about every arm of an experiment has no arm names.
func (w Warning) String() string {
	if len(w.Arms) == 0 {
		return w.Text
	}
	return strings.Join(w.Arms, ", ") + ": " + w.Text
}

// StageLoad is the closed-form load of one pipeline stage of an arm.
type StageLoad struct {
	Stage string // the stage's name
	Index int    // its index in Arm.Pipeline
	// Utilisation is the arrival rate × mean service time ÷ capacity, in
	// the stage's own time (working hours for manual stages). At or above
	// 1 the queue grows all year. Rework (caught changes coming round
	// again) adds a few per cent that this leaves out, so it is a lower
	// bound.
	Utilisation float64
	// MinCapacity is the smallest capacity that keeps the utilisation
	// below 1: what the warning suggests.
	MinCapacity int
}

// StageLoads returns the load of every manual stage of the arm: automated
// stages run without limit and never queue. A per-change stage receives
// the arm's changes, a Poisson stream in office hours at
// Work.ChangesPerDay per working day, so its utilisation is
// λ · E[S] / c with λ = ChangesPerDay ÷ (working hours a day). A batch
// stage receives one release candidate per release interval T (in working
// hours) holding about λT changes, so its utilisation is
// (E[S] + PerChangeHours · λT) ÷ (c · T); without a cadence (per-change or
// batch-size releases) candidates grow with the queue, and the stage
// saturates only when its per-change part does: λ · PerChangeHours ÷ c.
func StageLoads(a *Arm) []StageLoad {
	day := a.Calendar.DayEndHour - a.Calendar.DayStartHour
	if !(day > 0) || !(a.Work.ChangesPerDay > 0) {
		return nil
	}
	lambda := a.Work.ChangesPerDay / day // changes per working hour
	workdays := 5.0
	if a.Calendar.WorkWeekends {
		workdays = 7
	}
	var loads []StageLoad
	for i, s := range a.Pipeline {
		if !s.Manual || s.Capacity < 1 {
			continue
		}
		c := float64(s.Capacity)
		var work float64 // working hours of demand per working hour
		switch {
		case s.Scope == PerChangeScope:
			work = lambda * s.Hours.Mean
		case a.Release.EveryHours > 0 && a.Release.Policy != PerChange:
			// T in working hours: the interval's calendar weeks of
			// working days.
			t := a.Release.EveryHours / hoursPerWeek * workdays * day
			work = (s.Hours.Mean + s.PerChangeHours*lambda*t) / t
		default:
			work = lambda * s.PerChangeHours
		}
		loads = append(loads, StageLoad{
			Stage:       s.Name,
			Index:       i,
			Utilisation: work / c,
			MinCapacity: int(math.Floor(work/0.8)) + 1,
		})
	}
	return loads
}

// ScheduledReleasesPerYear returns how many planned releases a year the
// arm is scheduled to make — a scheduled train, or an on-demand cadence of
// a week or longer (a shorter cadence skips nights and weekends by
// design) — and false when it has no such schedule.
func ScheduledReleasesPerYear(a *Arm) (float64, bool) {
	r := a.Release
	switch {
	case r.EveryHours <= 0:
		return 0, false
	case r.Policy == Scheduled, r.Policy == OnDemand && r.EveryHours >= hoursPerWeek:
		return 365 * 24 / r.EveryHours, true
	}
	return 0, false
}

// Sanity returns the warnings the experiment's arms and, if not nil, their
// outcomes (outcomes[a] are arm a's replications) call for, in a fixed
// order: stages whose utilisation is at least 1, arms that release far
// less often than scheduled, losses above the revenue the scenario states,
// a cost of delay that values a year's new work at half that revenue or
// more, and an outage cost per minute many times that revenue. A warning that
// every arm shares is given once, without arm names.
func Sanity(exp *Experiment, outcomes [][]Outcome) []Warning {
	var per [][]Warning // per arm, in the arms' order
	for a := range exp.Arms {
		arm := &exp.Arms[a]
		var os []Outcome
		if a < len(outcomes) {
			os = outcomes[a]
		}
		per = append(per, armSanity(arm, os))
	}
	return merge(exp.Arms, per)
}

func armSanity(a *Arm, os []Outcome) []Warning {
	var w []Warning
	for _, l := range StageLoads(a) {
		if l.Utilisation < SaturatedUtilisation {
			continue
		}
		s := &a.Pipeline[l.Index]
		param := "pipeline." + s.Name + ".capacity"
		w = append(w, Warning{Param: param, Text: fmt.Sprintf(
			"stage %s is loaded to %.2g× its capacity (%g changes a working day, %s each, %d at once), so its queue grows all year and lead times with it: raise %s to %d or more, or lower work.changes_per_day",
			s.Name, l.Utilisation, a.Work.ChangesPerDay, hoursText(s.Hours.Mean), s.Capacity, param, l.MinCapacity)})
	}
	if want, ok := ScheduledReleasesPerYear(a); ok && len(os) > 0 {
		var got, years float64
		for i := range os {
			got += float64(os[i].PlannedReleases)
			years += os[i].HorizonHours / (365 * 24)
		}
		got /= years
		if want*years/float64(len(os)) >= 2 && got < MinReleaseShare*want {
			w = append(w, Warning{Param: "release.every", Text: fmt.Sprintf(
				"scheduled to release every %s (%.3g releases a year) but released %.3g a year: %s",
				hoursText(a.Release.EveryHours), want, got, releaseGates(a))})
		}
	}
	m := a.Money
	if m.RevenuePerYear > 0 && len(os) > 0 {
		var parts [4]float64 // incidents, labour, planned downtime, delay
		var years float64
		for i := range os {
			o := &os[i]
			parts[0] += o.IncidentLoss
			parts[1] += o.LaborCost
			parts[2] += o.DowntimeCost
			parts[3] += o.DelayCost
			years += o.HorizonHours / (365 * 24)
		}
		total := (parts[0] + parts[1] + parts[2] + parts[3]) / years
		if total > m.RevenuePerYear {
			params := [4]string{"money.loss_per_minute", "money.hourly_rate", "money.planned_downtime_per_minute", "money.delay_per_change_day"}
			big := 0
			for i := range parts {
				if parts[i] > parts[big] {
					big = i
				}
			}
			w = append(w, Warning{Param: params[big], Text: fmt.Sprintf(
				"loses %s a year, more than the %s of revenue the scenario states (money.revenue_per_year); most of it comes from %s (%s): check it against the revenue, or the work and failure rates that drive it",
				moneyText(total), moneyText(m.RevenuePerYear), params[big], moneyText(parts[big]/years))})
		}
	}
	if m.RevenuePerYear > 0 {
		workdays := 5.0
		if a.Calendar.WorkWeekends {
			workdays = 7
		}
		changes := a.Work.ChangesPerDay * workdays / 7 * 365
		if value := m.DelayPerChangeDay * changes * 365; value > MaxDelayRevenueShare*m.RevenuePerYear {
			w = append(w, Warning{Param: "money.delay_per_change_day", Text: fmt.Sprintf(
				"money.delay_per_change_day (%s) over %s changes a year values a year's new work at %s, %.0f%% of the %s revenue: derive it from the revenue — revenue × the share new work drives (about 9%%) ÷ changes a year ÷ 365 gives %s",
				moneyText(m.DelayPerChangeDay), countText(changes), moneyText(value), 100*value/m.RevenuePerYear, moneyText(m.RevenuePerYear), moneyText(m.RevenuePerYear*0.09/changes/365))})
		}
		perMinute := m.RevenuePerYear / minutesPerYear
		if ratio := m.LossPerMinute / perMinute; ratio > LossPerMinuteRevenueRatio {
			w = append(w, Warning{Param: "money.loss_per_minute", Text: fmt.Sprintf(
				"money.loss_per_minute (%s) is %.0f× the revenue per minute (%s a year is %s a minute on average): derive it from the revenue — revenue per minute ÷ the mean share of peak traffic × a markup for recovery and lost customers gives about 2× — or state the revenue of the business at stake",
				moneyText(m.LossPerMinute), ratio, moneyText(m.RevenuePerYear), moneyText(perMinute))})
		}
	}
	return w
}

// releaseGates says what holds an arm's releases back, naming the
// parameters that set it.
func releaseGates(a *Arm) string {
	var gates []string
	if a.Release.Policy == Scheduled && a.Release.FreezeHours > 0 {
		gates = append(gates, fmt.Sprintf("a %s code freeze after each cut (release.freeze)", hoursText(a.Release.FreezeHours)))
	}
	for _, s := range a.Pipeline {
		if s.Scope == BatchScope && s.Manual {
			gates = append(gates, fmt.Sprintf("the %s stage in office hours (pipeline.%s.duration, per_change)", s.Name, s.Name))
		}
	}
	if a.CAB.Enabled {
		gates = append(gates, fmt.Sprintf("a change board every %s with %s notice (cab.every, cab.lead)", hoursText(a.CAB.MeetsEveryHours), hoursText(a.CAB.LeadHours)))
	}
	if a.Deploy.Window == MaintenanceWindow {
		gates = append(gates, "the weekly maintenance window (deploy.window_weekday)")
	}
	msg := "a release that is not out before the next one is due takes that train's place"
	if len(gates) > 0 {
		msg = "each release waits for " + strings.Join(gates, ", ") + ", and one not out before the next is due takes that train's place"
	}
	return msg + "; shorten those, or set release.every to how often it can really release"
}

// merge gives a warning that every arm has once, without arm names, and
// one that several arms share once, with their names.
func merge(arms []Arm, per [][]Warning) []Warning {
	var out []Warning
	seen := map[string]int{} // text → index in out
	for a, ws := range per {
		for _, w := range ws {
			if i, ok := seen[w.Text]; ok {
				out[i].Arms = append(out[i].Arms, arms[a].Name)
				continue
			}
			seen[w.Text] = len(out)
			w.Arms = []string{arms[a].Name}
			out = append(out, w)
		}
	}
	if len(arms) > 1 {
		for i := range out {
			if len(out[i].Arms) == len(arms) {
				out[i].Arms = nil
			}
		}
	}
	return out
}

// hoursText writes a duration in hours the way a scenario file would
// ("45m", "8h", "3d", "13w").
func hoursText(h float64) string {
	switch {
	case h >= hoursPerWeek && math.Mod(h, hoursPerWeek) == 0:
		return fmt.Sprintf("%gw", h/hoursPerWeek)
	case h >= 24 && math.Mod(h, 24) == 0:
		return fmt.Sprintf("%gd", h/24)
	case h >= 1:
		return fmt.Sprintf("%.3gh", h)
	}
	return fmt.Sprintf("%.3gm", h*60)
}

// countText writes a count for a warning: "2,600", "26,000".
func countText(x float64) string {
	n := int64(math.Round(x))
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// moneyText writes an amount for a warning in the scenario's currency,
// which models does not know, so without a symbol: "1.2M", "57.1".
func moneyText(x float64) string {
	switch a := math.Abs(x); {
	case a >= 1e9:
		return fmt.Sprintf("%.3gB", x/1e9)
	case a >= 1e6:
		return fmt.Sprintf("%.3gM", x/1e6)
	case a >= 1e4:
		return fmt.Sprintf("%.3gk", x/1e3)
	case a >= 100:
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.3g", x)
}
