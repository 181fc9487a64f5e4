package models

import "math"

// Calendar arithmetic on the hour clock. Time zero is a Monday at 00:00.

const (
	hoursPerDay  = 24.0
	hoursPerWeek = 168.0
	// HoursPerYear is the length of a simulated year (365 days).
	HoursPerYear = 365 * hoursPerDay
)

// workday reports whether day number d (0 = the first Monday) is a working
// day.
func (c *Calendar) workday(d float64) bool {
	if c.WorkWeekends {
		return true
	}
	return weekday(d) < 5
}

// IsWorking reports whether time t (hours) falls in office hours.
func (c *Calendar) IsWorking(t float64) bool {
	d := math.Floor(t / hoursPerDay)
	h := t - d*hoursPerDay
	return c.workday(d) && h >= c.DayStartHour && h < c.DayEndHour
}

// NextWorking returns the first time at or after t that falls in office
// hours.
func (c *Calendar) NextWorking(t float64) float64 {
	d := math.Floor(t / hoursPerDay)
	h := t - d*hoursPerDay
	if c.workday(d) {
		if h < c.DayStartHour {
			return d*hoursPerDay + c.DayStartHour
		}
		if h < c.DayEndHour {
			return t
		}
	}
	for d++; !c.workday(d); d++ {
	}
	return d*hoursPerDay + c.DayStartHour
}

// AddWorking returns the time at which work of the given length in working
// hours, started at t, finishes: nights and weekends do not count.
func (c *Calendar) AddWorking(t, hours float64) float64 {
	t = c.NextWorking(t)
	perWeek := c.workingHoursPerDay() * 5
	if c.WorkWeekends {
		perWeek = c.workingHoursPerDay() * 7
	}
	skipped := false
	for {
		d := math.Floor(t / hoursPerDay)
		left := d*hoursPerDay + c.DayEndHour - t // working hours left today
		if hours <= left {
			return t + hours
		}
		hours -= left
		t = c.NextWorking(d*hoursPerDay + c.DayEndHour)
		if !skipped && hours > perWeek {
			// t is the start of a working day, and so is t + one week:
			// skip whole weeks at once so that long work costs no loop.
			weeks := math.Floor(hours / perWeek)
			t += weeks * hoursPerWeek
			hours -= weeks * perWeek
			skipped = true
		}
	}
}

// workingHoursPerDay is the length of one working day.
func (c *Calendar) workingHoursPerDay() float64 { return c.DayEndHour - c.DayStartHour }

// dayOfYear returns the day of the simulated year (0–364) at time t.
func dayOfYear(t float64) int {
	return int(math.Mod(math.Floor(t/hoursPerDay), 365))
}

// inFreeze reports whether day of year d falls in freeze f.
func (f Freeze) contains(d int) bool {
	if f.StartDay <= f.EndDay {
		return d >= f.StartDay && d <= f.EndDay
	}
	return d >= f.StartDay || d <= f.EndDay
}
