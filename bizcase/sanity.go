package bizcase

import (
	"fmt"
	"slices"

	"deploysim/scenarios"
)

// dominantShare is the share of the saving above which a source whose
// price nobody gave a range gets a warning: the answer rests on one
// number that the intervals and the tornado do not count.
const dominantShare = 0.25

// warnings are the caveats of the study itself: too few samples, nothing
// uncertain, one year per sample.
func warnings(r *Result) []string {
	var w []string
	if len(r.Ranges) == 0 {
		w = append(w, "no uncertain: ranges: the intervals show simulation noise only, not what is unknown about the inputs")
	} else if r.Samples < RecommendedSamples {
		w = append(w, fmt.Sprintf("only %d samples: the percentages move by more than a few points from one seed to another; run %d or more (case.samples, --samples)", r.Samples, RecommendedSamples))
	}
	if r.Replications < 2 {
		w = append(w, "one simulated year per sample: input uncertainty and simulation noise cannot be told apart")
	}
	return w
}

// sanity are the warnings about what the inputs drive the model to: a
// large source of saving resting on a price with no range, losses out of
// scale with the revenue, incidents the model had to stop by hand, work
// piling up, a case that pays only on opportunity.
func sanity(sc *scenarios.Scenario, r *Result, years []year) []string {
	var w []string
	total := r.Base.Savings.Total()
	uncertain := func(field string) bool {
		has := func(path string) bool {
			p, err := sc.ResolvePath(path)
			return err == nil && p.Field == field
		}
		return slices.ContainsFunc(r.Ranges, func(x scenarios.Range) bool { return has(x.Path) }) ||
			slices.ContainsFunc(r.Pinned, func(x Pinned) bool { return has(x.Path) })
	}
	if total > 0 {
		s := r.Base.Savings
		for _, src := range []struct {
			name  string
			value float64
			field string
		}{
			{"incident loss", s.IncidentLoss(), "money.loss_per_minute"},
			{"planned downtime", s.Downtime, "money.planned_downtime_per_minute"},
			{"labour", s.Labour(), "money.hourly_rate"},
			{"cost of delay", s.Delay, "money.delay_per_change_day"},
		} {
			if share := src.value / total; share > dominantShare && !uncertain(src.field) {
				w = append(w, fmt.Sprintf("%s is %.0f%% of the saving and rests on one value of %s (%s), which uncertain: gives no range: the intervals, P(NPV < 0) and what swings NPV leave its doubt out; give it a 90%% range",
					src.name, 100*share, InputName("defaults."+src.field), src.field))
			}
		}
	}
	if r.ProbLoss < 0.5 && r.CashOnly.ProbLoss >= 0.5 {
		w = append(w, fmt.Sprintf("on the cash saving alone the move loses money with probability %.0f%%: the case pays only if the time freed and the faster delivery are put to use", 100*r.CashOnly.ProbLoss))
	}
	if c := r.Case; c.Engineers > 0 && c.CostPerEngineerYear > 0 {
		if share := r.Base.Savings.Labour() / (float64(c.Engineers) * c.CostPerEngineerYear); share > 0.25 {
			w = append(w, fmt.Sprintf("the labour saved is %.0f%% of what the %d engineers cost a year: check money.hourly_rate and the people the arms book (deploy.people, money.incident_people, the manual stages' people) against case.engineers", 100*share, c.Engineers))
		}
	}
	n := float64(len(years))
	if n == 0 {
		return w
	}
	for _, arm := range []struct {
		name  string
		rev   float64
		costs func(y year) armCosts
	}{
		{r.From.Name, r.From.Money.RevenuePerYear, func(y year) armCosts { return y.fromC }},
		{r.To.Name, r.To.Money.RevenuePerYear, func(y year) armCosts { return y.toC }},
	} {
		var loss, unresolved, wipEnd, wipMean float64
		for _, y := range years {
			c := arm.costs(y)
			loss += c.codeDefect + c.deployError + c.rollback + c.downtime
			unresolved += c.unresolved
			wipEnd += float64(c.wipEnd)
			wipMean += c.wipMean
		}
		loss, unresolved, wipEnd, wipMean = loss/n, unresolved/n, wipEnd/n, wipMean/n
		if arm.rev > 0 && loss > 0.1*arm.rev {
			w = append(w, fmt.Sprintf("%s loses %.0f%% of money.revenue_per_year to incidents and planned downtime a year: check money.loss_per_minute and money.planned_downtime_per_minute against the revenue", arm.name, 100*loss/arm.rev))
		}
		if unresolved > 0 {
			w = append(w, fmt.Sprintf("%s: %.2g incidents a year could not be closed (each hotfix broke production again) and were stopped by hand: check its hotfix.defect_prob and recovery", arm.name, unresolved))
		}
		if wipEnd > 3*wipMean && wipEnd > 100 {
			w = append(w, fmt.Sprintf("%s: work piles up (%.0f changes waiting at the end of a year, %.0f on average): it cannot keep up with work.changes_per_day, so its cost of delay grows with the horizon", arm.name, wipEnd, wipMean))
		}
	}
	return w
}
