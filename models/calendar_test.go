package models

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"
)

// minute is one minute in hours, computed as a user's "17:20" is: a
// time of day that is not a binary fraction.
const minute = 1.0 / 60

// TestCalendarArithmeticEveryMinute: for every office-hours start and end
// on a 1-minute grid, with and without weekends, AddWorking ends in office
// hours, never before NextWorking, grows with the work and adds up (work
// a then work b finishes when work a+b does). The old loop recovered the
// day from a time like d·24 + 17:20, which need not round back to that
// day's end, and stood still for ever.
func TestCalendarArithmeticEveryMinute(t *testing.T) {
	done := make(chan int, 1)
	go func() { done <- walkEveryMinute(t) }()
	select {
	case bad := <-done:
		if bad > 0 {
			t.Errorf("%d calendars broke the arithmetic", bad)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the calendar arithmetic did not end for some office hours")
	}
}

// walkEveryMinute checks the arithmetic of every calendar on the grid and
// returns how many broke it.
func walkEveryMinute(t *testing.T) int {
	starts := []float64{0, 3 * 24, 4*24 + 16.5, 5*24 + 12, 6*24 + 23.99, 1000 * 24, 1e7 + 0.3}
	bad := 0
	for s := 0; s < 24*60; s++ {
		for e := s + 1; e <= 24*60; e++ {
			for _, weekends := range []bool{false, true} {
				c := Calendar{DayStartHour: float64(s) * minute, DayEndHour: float64(e) * minute, WorkWeekends: weekends}
				if e == 24*60 {
					c.DayEndHour = 24
				}
				per := c.workingHoursPerDay()
				t0 := starts[(s+e)%len(starts)]
				a, b := per*1.5, per*(3+float64(e%13))
				ra := c.AddWorking(t0, a)
				rab := c.AddWorking(t0, a+b)
				if msg := checkFinish(&c, t0, ra); msg != "" || ra < c.NextWorking(t0) || !(rab > ra) ||
					math.Abs(c.AddWorking(ra, b)-rab) > 1e-6 {
					if bad++; bad <= 5 {
						t.Errorf("calendar %v, from %g: AddWorking(%g) = %g, AddWorking(%g) = %g, then %g more = %g %s",
							c, t0, a, ra, a+b, rab, b, c.AddWorking(ra, b), msg)
					}
				}
			}
		}
	}
	return bad
}

// checkFinish says what is wrong with r as the end of work started at t0:
// it must be on a working day, within (day start, day end].
func checkFinish(c *Calendar, t0, r float64) string {
	if !(r >= t0) {
		return "ends before it starts"
	}
	d := math.Floor(r / hoursPerDay)
	h := r - d*hoursPerDay
	if h < 1e-9 { // a day that ends at 24:00
		d--
		h += hoursPerDay
	}
	if !c.workday(d) || h < c.DayStartHour-1e-9 || h > c.DayEndHour+1e-9 {
		return "ends outside office hours"
	}
	return ""
}

// TestAddWorkingLongAndOdd: work of any length, including none, not a
// number and for ever, returns at once.
func TestAddWorkingLongAndOdd(t *testing.T) {
	done := make(chan struct{})
	go func() { defer close(done); addWorkingLongAndOdd(t) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("AddWorking did not return for office hours ending at 17:20")
	}
}

func addWorkingLongAndOdd(t *testing.T) {
	c := Calendar{DayStartHour: 9, DayEndHour: 17 + 20*minute}
	for _, h := range []float64{0, -1, 1e-300, 1e9, 1e300, math.Inf(1)} {
		r := c.AddWorking(1e6, h)
		if h > 0 && !(r >= 1e6) {
			t.Errorf("AddWorking(1e6, %g) = %g", h, r)
		}
	}
	if r := c.AddWorking(1e6, math.Inf(1)); !math.IsInf(r, 1) {
		t.Errorf("work for ever finishes at %g", r)
	}
	// A Friday afternoon's 10 hours finish on Monday.
	if r := c.AddWorking(4*24+12, 10); math.Abs(r-(7*24+9+10-(17+20*minute-12))) > 1e-9 {
		t.Errorf("Friday 12:00 + 10 h = %g, want Monday", r)
	}
}

// calendarArms are arms whose people keep office hours everywhere they
// can: manual stages, a manual deployment, the office-hours window and a
// hand rollback, with a change board and a freeze.
func calendarArms() []Arm {
	q := quarterlyManual()
	q.Release.EveryHours = 7 * 24
	q.Release.FreezeHours = 2 * 24
	d := continuousDelivery()
	d.Deploy.Mode = Manual
	d.Deploy.StepsPerServer = 2
	d.Deploy.StepHours = Dist{Mean: 0.25, CV: 0.5}
	d.Recovery.Method = ManualRollback
	d.CAB = CAB{Enabled: true, MeetsEveryHours: hoursPerWeek, MeetingOffsetHours: 24 + 14, LeadHours: 24}
	d.Freezes = []Freeze{{StartDay: 350, EndDay: 5}}
	return []Arm{q, d}
}

// TestEveryCalendarEnds walks every office-hours start and end, the
// maintenance window's start, the traffic peak's start and end on a
// 1-minute grid (and every weekday, and values past the ends) through full
// replications with a small budget: each one ends, within its budget or
// with a *BudgetError, or Validate refuses it naming the field.
func TestEveryCalendarEnds(t *testing.T) {
	step := 1
	if testing.Short() {
		step = 7 // every residue of the quarter hour, in a seventh of the time
	}
	type variant struct {
		field string
		set   func(a *Arm, v float64)
	}
	variants := []variant{
		{"calendar.day_start", func(a *Arm, v float64) { a.Calendar.DayStartHour = v; a.Calendar.DayEndHour = 24 }},
		{"calendar.day_end", func(a *Arm, v float64) { a.Calendar.DayStartHour = 0; a.Calendar.DayEndHour = v }},
		{"calendar.day_start", func(a *Arm, v float64) { a.Calendar.DayStartHour = v; a.Calendar.DayEndHour = math.Min(v+8, 24) }},
		{"calendar.day_end", func(a *Arm, v float64) { a.Calendar.DayStartHour = math.Max(v-8, 0); a.Calendar.DayEndHour = v }},
		{"deploy.window_start", func(a *Arm, v float64) { a.Deploy.WindowStartHour = v }},
		{"traffic.peak_start", func(a *Arm, v float64) { a.Traffic.PeakStartHour = v; a.Traffic.PeakEndHour = 24 }},
		{"traffic.peak_end", func(a *Arm, v float64) { a.Traffic.PeakStartHour = 0; a.Traffic.PeakEndHour = v }},
	}
	var values []float64
	for m := 0; m <= 24*60; m += step {
		values = append(values, float64(m)*minute)
	}
	values = append(values, 24, -minute, 24+minute, 25, math.NaN(), math.Inf(1))
	const deadline = 10 * time.Second
	runs := 0
	for _, base := range calendarArms() {
		for _, v := range variants {
			for _, x := range values {
				a := base
				v.set(&a, x)
				if err := a.Validate(); err != nil {
					continue
				}
				runs++
				replicateWithin(t, &a, deadline, "%s = %g (%s)", v.field, x, hhmm(x))
			}
		}
		for wd := 0; wd < 7; wd++ {
			a := base
			a.Deploy.WindowWeekday = wd
			a.Calendar.WorkWeekends = wd%2 == 0
			replicateWithin(t, &a, deadline, "deploy.window_weekday = %d", wd)
		}
	}
	if runs < 1000/step {
		t.Errorf("only %d calendars validated and ran", runs)
	}
}

// replicateWithin runs one replication of a with a small event budget and
// fails the test if it does not end within the deadline.
func replicateWithin(t *testing.T, a *Arm, deadline time.Duration, format string, args ...any) {
	t.Helper()
	what := fmt.Sprintf(format, args...)
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := SimulateContext(ctx, a, RunOptions{Seed: 7, HorizonHours: 60 * 24, Budget: 20_000})
		done <- err
	}()
	select {
	case err := <-done:
		var be *BudgetError
		if err != nil && !errors.As(err, &be) {
			t.Errorf("arm %s, %s: %v", a.Name, what, err)
		}
	case <-time.After(deadline + time.Second):
		t.Fatalf("arm %s, %s: one replication did not end in %v", a.Name, what, deadline)
	}
}

func hhmm(h float64) string {
	if math.IsNaN(h) || math.IsInf(h, 0) || h < 0 {
		return "-"
	}
	m := int(math.Round(h * 60))
	return time.Duration(m * int(time.Minute)).String()
}
