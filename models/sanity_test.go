package models

import (
	"math"
	"strings"
	"testing"
)

// reviewArm is baseArm with a manual code review of the given capacity,
// one working hour per change on average.
func reviewArm(capacity int) Arm {
	a := baseArm()
	a.Pipeline = append(a.Pipeline, Stage{Name: "code-review", Scope: PerChangeScope, Manual: true,
		Capacity: capacity, Hours: Dist{Mean: 1, CV: 1}, CatchProb: 0.3})
	return a
}

func TestStageLoads(t *testing.T) {
	// baseArm: 10 changes a working day of 8 hours, λ = 1.25 an hour.
	weekly := func() Arm {
		a := reviewArm(2)
		a.Release = Release{Policy: Scheduled, EveryHours: 168, FreezeHours: 48}
		a.Pipeline = append(a.Pipeline, Stage{Name: "regression", Scope: BatchScope, Manual: true,
			Capacity: 1, Hours: Dist{Mean: 20}, PerChangeHours: 0.1})
		return a
	}()
	perChange := weekly
	perChange.Release = Release{Policy: PerChange}
	tests := []struct {
		name string
		arm  Arm
		want map[string]float64
		min  map[string]int
	}{
		// 1.25 changes an hour × 1 h ÷ 2 reviewers.
		{"review", reviewArm(2), map[string]float64{"code-review": 0.625}, map[string]int{"code-review": 2}},
		// 1.25 × 1 ÷ 1: exactly saturated.
		{"review saturated", reviewArm(1), map[string]float64{"code-review": 1.25}, map[string]int{"code-review": 2}},
		// A weekly candidate: T = 40 working hours hold 50 changes;
		// (20 h + 50 × 0.1 h) ÷ 40 h.
		{"weekly regression", weekly, map[string]float64{"code-review": 0.625, "regression": 0.625}, map[string]int{"regression": 1}},
		// Candidates grow with the queue: only the per-change part,
		// 1.25 × 0.1, can saturate.
		{"per-change regression", perChange, map[string]float64{"code-review": 0.625, "regression": 0.125}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loads := StageLoads(&tt.arm)
			if len(loads) != len(tt.want) {
				t.Fatalf("got %d manual stages, want %d: %+v", len(loads), len(tt.want), loads)
			}
			for _, l := range loads {
				if want := tt.want[l.Stage]; math.Abs(l.Utilisation-want) > 1e-12 {
					t.Errorf("%s: utilisation %g, want %g", l.Stage, l.Utilisation, want)
				}
				if want, ok := tt.min[l.Stage]; ok && l.MinCapacity != want {
					t.Errorf("%s: min capacity %d, want %d", l.Stage, l.MinCapacity, want)
				}
				if float64(l.MinCapacity) <= l.Utilisation*float64(tt.arm.Pipeline[l.Index].Capacity) {
					t.Errorf("%s: min capacity %d would still saturate", l.Stage, l.MinCapacity)
				}
			}
		})
	}
}

// TestStageLoadsAgreeWithSimulation checks the closed form where it
// matters: below 1 the review queue stays short, above 1 it grows all
// year, and the warning says so.
func TestStageLoadsAgreeWithSimulation(t *testing.T) {
	run := func(capacity int) (float64, []Warning) {
		a := reviewArm(capacity)
		var medians []float64
		var outs []Outcome
		for rep := range 3 {
			o := Simulate(&a, RunOptions{Seed: 7, Replication: rep, HorizonHours: 365 * 24, WarmupHours: 4 * 168})
			medians = append(medians, o.LeadTimeHours.Quantile(0.5))
			outs = append(outs, o)
		}
		exp := Experiment{Arms: []Arm{a}}
		return (medians[0] + medians[1] + medians[2]) / 3, Sanity(&exp, [][]Outcome{outs})
	}
	// ρ = 1.25 / 2 = 0.63: a change waits minutes for a reviewer.
	stable, w := run(2)
	if len(w) != 0 {
		t.Errorf("ρ = 0.63: got warnings %v, want none", w)
	}
	// ρ = 1.25: the queue gains a quarter of a change every working hour,
	// about 500 changes by the end of the year, so the median change waits
	// weeks.
	saturated, w := run(1)
	if stable > 48 {
		t.Errorf("ρ = 0.63: median lead time %.1f h, want under two days", stable)
	}
	if saturated < 10*stable || saturated < 7*24 {
		t.Errorf("ρ = 1.25: median lead time %.1f h against %.1f h at ρ = 0.63, want weeks", saturated, stable)
	}
	if len(w) != 1 || w[0].Param != "pipeline.code-review.capacity" || !strings.Contains(w[0].Text, "raise pipeline.code-review.capacity to 2 or more") {
		t.Errorf("ρ = 1.25: got warnings %v, want one naming pipeline.code-review.capacity", w)
	}
}

func TestSanityReleasesLessOften(t *testing.T) {
	a := baseArm()
	a.Release = Release{Policy: Scheduled, EveryHours: 168, FreezeHours: 48}
	a.CAB = CAB{Enabled: true, MeetsEveryHours: 168, MeetingOffsetHours: 86, LeadHours: 48}
	a.Deploy.Window = MaintenanceWindow
	year := func(releases int) Outcome { return Outcome{HorizonHours: 365 * 24, PlannedReleases: releases} }
	tests := []struct {
		name     string
		releases []int
		warn     bool
	}{
		{"every train", []int{52, 53}, false},
		{"a few trains missed", []int{45, 41}, false}, // 43 of 52.1: 83%
		{"every other train", []int{26, 27}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var outs []Outcome
			for _, n := range tt.releases {
				outs = append(outs, year(n))
			}
			w := Sanity(&Experiment{Arms: []Arm{a}}, [][]Outcome{outs})
			if !tt.warn {
				if len(w) != 0 {
					t.Errorf("got %v, want no warning", w)
				}
				return
			}
			if len(w) != 1 || w[0].Param != "release.every" {
				t.Fatalf("got %v, want one warning naming release.every", w)
			}
			for _, want := range []string{"every 1w (52.1 releases a year) but released 26.5 a year", "release.freeze", "cab.lead", "deploy.window_weekday"} {
				if !strings.Contains(w[0].Text, want) {
					t.Errorf("warning %q does not say %q", w[0].Text, want)
				}
			}
		})
	}
	// A cadence shorter than a week skips nights and weekends by design.
	daily := baseArm()
	daily.Release = Release{Policy: OnDemand, EveryHours: 24}
	if w := Sanity(&Experiment{Arms: []Arm{daily}}, [][]Outcome{{year(250)}}); len(w) != 0 {
		t.Errorf("daily on-demand releasing on working days: got %v, want no warning", w)
	}
}

func TestSanityLossAboveRevenue(t *testing.T) {
	a := baseArm()
	a.Money.RevenuePerYear = 30e6
	a.Money.LossPerMinute = 100   // 1.75× the revenue per minute: not questioned
	a.Money.DelayPerChangeDay = 3 // a year's new work worth 2.9M, 9.5%
	tests := []struct {
		name  string
		o     Outcome
		param string // "" for no warning
	}{
		{"within revenue", Outcome{IncidentLoss: 5e6, DelayCost: 20e6}, ""},
		{"incidents", Outcome{IncidentLoss: 31e6, DelayCost: 1e6}, "money.loss_per_minute"},
		{"delay", Outcome{IncidentLoss: 3e6, DelayCost: 28e6}, "money.delay_per_change_day"},
		{"labour", Outcome{LaborCost: 20e6, DowntimeCost: 11e6}, "money.hourly_rate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.HorizonHours = 365 * 24
			w := Sanity(&Experiment{Arms: []Arm{a}}, [][]Outcome{{tt.o, tt.o}})
			if tt.param == "" {
				if len(w) != 0 {
					t.Errorf("got %v, want none", w)
				}
				return
			}
			if len(w) != 1 || w[0].Param != tt.param || !strings.Contains(w[0].Text, "more than the 30M of revenue") {
				t.Errorf("got %v, want one warning naming %s", w, tt.param)
			}
		})
	}
	// Half a year's horizon: the loss is read per year.
	half := Outcome{HorizonHours: 365 * 12, IncidentLoss: 16e6}
	if w := Sanity(&Experiment{Arms: []Arm{a}}, [][]Outcome{{half}}); len(w) != 1 {
		t.Errorf("16M in half a year against 30M a year: got %v, want a warning", w)
	}
}

func TestSanityLossPerMinute(t *testing.T) {
	tests := []struct {
		revenue, loss float64
		warn          bool
	}{
		{30e6, 2000, true},  // the old run template: 35×
		{30e6, 150, false},  // derived from revenue: 2.6×
		{50e6, 200, false},  // the built-in defaults: 2.1×
		{200e6, 833, false}, // cd-business-case: 2.2×
		{0, 20e6, false},    // revenue not stated (Knight Capital)
		{50e6, 20e6, true},  // a trading loss against a shop's revenue
		{30e6, 285, false},  // 4.99×: just below the limit
		{30e6, 290, true},   // just above
	}
	for _, tt := range tests {
		a := baseArm()
		a.Money.RevenuePerYear, a.Money.LossPerMinute, a.Money.DelayPerChangeDay = tt.revenue, tt.loss, 0
		w := Sanity(&Experiment{Arms: []Arm{a}}, nil)
		if got := len(w) == 1 && w[0].Param == "money.loss_per_minute"; got != tt.warn || len(w) > 1 {
			t.Errorf("revenue %g, loss per minute %g: got %v, want warning %v", tt.revenue, tt.loss, w, tt.warn)
		}
	}
}

func TestSanityMerge(t *testing.T) {
	// Arms that share the money section share its warning, said once;
	// a stage only one arm has is named with its arm.
	a, b := reviewArm(1), reviewArm(4)
	a.Name, b.Name = "today", "tomorrow"
	for _, x := range []*Arm{&a, &b} {
		x.Money.RevenuePerYear, x.Money.LossPerMinute, x.Money.DelayPerChangeDay = 30e6, 2000, 3
	}
	w := Sanity(&Experiment{Arms: []Arm{a, b}}, nil)
	if len(w) != 2 {
		t.Fatalf("got %d warnings %v, want 2", len(w), w)
	}
	if got := w[0].String(); !strings.HasPrefix(got, "today: stage code-review is loaded to 1.2× its capacity") {
		t.Errorf("got %q, want today's review first", got)
	}
	if w[1].Arms != nil || !strings.HasPrefix(w[1].String(), "money.loss_per_minute (2000) is 35×") {
		t.Errorf("got %q (arms %v), want the shared money warning without arm names", w[1].String(), w[1].Arms)
	}
}

func TestSanityDelayAboveRevenue(t *testing.T) {
	tests := []struct {
		name          string
		changesPerDay float64
		delay         float64
		revenue       float64
		warn          bool
	}{
		// The built-ins: 10 changes a working day, 2,607 a year, $5 a
		// change-day on $50M: a year's new work worth $4.8M, 9.5%.
		{"built-in", 10, 5, 50e6, false},
		// cd-business-case: $20 on $200M, 9.5%.
		{"cd-business-case", 10, 20, 200e6, false},
		// Its template at 500 changes a week, $20 kept: 95%.
		{"case template at 500 a week", 100, 20, 200e6, true},
		{"revenue not stated", 100, 20, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := baseArm()
			a.Work.ChangesPerDay = tt.changesPerDay
			a.Money.DelayPerChangeDay, a.Money.RevenuePerYear, a.Money.LossPerMinute = tt.delay, tt.revenue, 0
			w := Sanity(&Experiment{Arms: []Arm{a}}, nil)
			if !tt.warn {
				if len(w) != 0 {
					t.Errorf("got %v, want none", w)
				}
				return
			}
			want := "money.delay_per_change_day (20) over 26,071 changes a year values a year's new work at 190M, 95% of the 200M revenue"
			if len(w) != 1 || w[0].Param != "money.delay_per_change_day" || !strings.Contains(w[0].Text, want) || !strings.HasSuffix(w[0].Text, "gives 1.89") {
				t.Errorf("got %v, want one saying %q and the derived 1.89", w, want)
			}
		})
	}
}
