package models

import "math"

// Calendar arithmetic on the hour clock. Time zero is a Monday at 00:00.
//
// Every function here is bounded by construction: a walk over days takes at
// most a week's steps, longer spans jump in closed form. Day and hour are
// carried separately rather than recovered from a time, because a time
// like d·24 + 17:20 need not round back to the same day and hour (17:20 is
// not a binary fraction), and a loop that recovered them could stand still.

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
	t, _ = c.nextWorking(t)
	return t
}

// nextWorking returns the first time at or after t in office hours and the
// number of its day.
func (c *Calendar) nextWorking(t float64) (float64, float64) {
	d := math.Floor(t / hoursPerDay)
	h := t - d*hoursPerDay
	if c.workday(d) {
		if h < c.DayStartHour {
			return d*hoursPerDay + c.DayStartHour, d
		}
		if h < c.DayEndHour {
			return t, d
		}
	}
	d = c.addWorkdays(d, 1)
	return d*hoursPerDay + c.DayStartHour, d
}

// addWorkdays returns the number of the n-th working day after day d
// (n ≥ 1): whole weeks in one step, then at most a week's days one by one.
func (c *Calendar) addWorkdays(d, n float64) float64 {
	if c.WorkWeekends {
		return d + n
	}
	weeks := math.Floor((n - 1) / 5)
	d += weeks * 7
	n -= weeks * 5 // 1 … 5 working days left, found within 7 days
	for i := 0; i < 7 && n > 0; i++ {
		d++
		if c.workday(d) {
			n--
		}
	}
	return d
}

// AddWorking returns the time at which work of the given length in working
// hours, started at t, finishes: nights and weekends do not count. Work
// that ends exactly at the end of office hours finishes that day.
func (c *Calendar) AddWorking(t, hours float64) float64 {
	t, d := c.nextWorking(t)
	left := d*hoursPerDay + c.DayEndHour - t // working hours left today
	if !(hours > left) {                     // also a NaN length: no walk
		return t + hours
	}
	if math.IsInf(hours, 1) {
		return hours
	}
	hours -= left
	// The work finishes on the n-th working day after today, after the
	// hours the n−1 full days between did not cover.
	perDay := c.workingHoursPerDay()
	n := math.Max(math.Ceil(hours/perDay), 1)
	into := min(max(hours-(n-1)*perDay, 0), perDay)
	return c.addWorkdays(d, n)*hoursPerDay + c.DayStartHour + into
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
