package models

import "math"

// profile is a Traffic setting turned into arithmetic: the traffic weight
// at a time, the traffic that passes between two times, and the time at
// which a given amount of traffic will have passed. Traffic is in hours at
// peak load: a full hour at peak is 1.
type profile struct {
	start, end, off float64
	weekend         float64
	dayArea         [7]float64 // traffic in each day of the week
	prefix          [8]float64 // traffic before day d of the week
	week            float64
}

func newProfile(t Traffic) *profile {
	p := &profile{start: t.PeakStartHour, end: t.PeakEndHour, off: t.OffPeak, weekend: t.Weekend}
	day := p.off*p.start + (p.end - p.start) + p.off*(hoursPerDay-p.end)
	for d := range 7 {
		p.dayArea[d] = day * p.dayFactor(d)
		p.prefix[d+1] = p.prefix[d] + p.dayArea[d]
	}
	p.week = p.prefix[7]
	return p
}

func (p *profile) dayFactor(d int) float64 {
	if d >= 5 {
		return p.weekend
	}
	return 1
}

// weight returns the traffic at time t relative to the peak.
func (p *profile) weight(t float64) float64 {
	day := math.Floor(t / hoursPerDay)
	h := t - day*hoursPerDay
	f := p.dayFactor(weekday(day))
	if h >= p.start && h < p.end {
		return f
	}
	return f * p.off
}

// mean returns the average weight over a week.
func (p *profile) mean() float64 { return p.week / hoursPerWeek }

// withinDay returns the traffic from midnight to hour h of a day with
// factor f.
func (p *profile) withinDay(h, f float64) float64 {
	switch {
	case h <= p.start:
		return f * p.off * h
	case h <= p.end:
		return f * (p.off*p.start + h - p.start)
	}
	return f * (p.off*p.start + p.end - p.start + p.off*(h-p.end))
}

// cum returns the traffic from time zero to t.
func (p *profile) cum(t float64) float64 {
	if !(t > 0) {
		return 0
	}
	weeks := math.Floor(t / hoursPerWeek)
	rest := t - weeks*hoursPerWeek
	d := min(int(rest/hoursPerDay), 6)
	h := rest - float64(d)*hoursPerDay
	return weeks*p.week + p.prefix[d] + p.withinDay(h, p.dayFactor(d))
}

// between returns the traffic that passes from t1 to t2.
func (p *profile) between(t1, t2 float64) float64 {
	if t2 <= t1 {
		return 0
	}
	return p.cum(t2) - p.cum(t1)
}

// advance returns the first time at or after t by which the given amount
// of traffic has passed since t. It returns +Inf when the amount is
// infinite or beyond any representable time.
func (p *profile) advance(t, amount float64) float64 {
	if !(amount > 0) {
		return t
	}
	if math.IsInf(amount, 1) || amount/p.week > maxWeeks {
		return math.Inf(1)
	}
	target := p.cum(t) + amount
	weeks := math.Floor(target / p.week)
	if target-weeks*p.week <= 0 {
		weeks-- // land inside a week, not on its boundary
	}
	rem := target - weeks*p.week
	d := 0
	for d < 6 && rem > p.prefix[d+1] {
		d++
	}
	rem -= p.prefix[d]
	f := p.dayFactor(d)
	base := weeks*hoursPerWeek + float64(d)*hoursPerDay
	// Invert withinDay: rem is in (0, dayArea[d]].
	var h float64
	offStart := f * p.off * p.start
	peak := f * (p.end - p.start)
	switch {
	case rem <= offStart && f*p.off > 0:
		h = rem / (f * p.off)
	case rem <= offStart+peak:
		h = p.start + (rem-offStart)/f
	case f*p.off > 0:
		h = p.end + (rem-offStart-peak)/(f*p.off)
	default:
		h = p.end // rounding left a sliver past the peak of a day with no off-peak traffic
	}
	return max(t, base+h)
}

// maxWeeks bounds advance: beyond about 2×10^11 years float64 hours can no
// longer tell one minute from the next.
const maxWeeks = 1e13

// weekday returns 0 (Monday) … 6 (Sunday) for day number d ≥ 0.
func weekday(d float64) int {
	if d < 0 || d > 1e15 {
		return int(math.Mod(math.Abs(d), 7))
	}
	return int(uint64(d) % 7)
}
