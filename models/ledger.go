package models

// --- the outcome ledger: everything measured is booked here ----------------------
//
// The measured period runs from the end of the warm-up to the end of the
// horizon. Counts are made when their event falls inside it; an incident
// belongs to the period in which it started and is followed to its end.
// Money other than incident loss is booked by day, so that a year's
// cumulative cost can be drawn exactly.

// measuring reports whether time t is inside the measured period.
func (r *run) measuring(t float64) bool { return t >= r.warmEnd && t < r.end }

// measureStart opens the books at the end of the warm-up.
func (r *run) measureStart(int) {
	now := r.eng.Now()
	r.wip.Reset(now, float64(r.wipN))
	r.dayArea = 0
	if len(r.out.CostByDay) > 1 {
		r.eng.ScheduleAt(now+hoursPerDay, r.hDay, 1)
	}
}

// setWIP changes the number of changes in progress (committed, not yet in
// production) by d: each accrues cost of delay whether or not it ships.
func (r *run) setWIP(d int) {
	r.wipN += d
	if now := r.eng.Now(); now >= r.warmEnd {
		r.wip.Set(now, float64(r.wipN))
	}
}

// day books the cost of delay of the day that just ended (day k of the
// measured period ends now).
func (r *run) day(k int) {
	r.bookDelay(k-1, r.wip.Area(r.eng.Now()))
	if k+1 < len(r.out.CostByDay) {
		r.eng.ScheduleArg(hoursPerDay, r.hDay, k+1)
	}
}

func (r *run) bookDelay(day int, area float64) {
	cost := (area - r.dayArea) / hoursPerDay * r.a.Money.DelayPerChangeDay
	r.dayArea = area
	r.out.DelayCost += cost
	if day >= 0 && day < len(r.out.CostByDay) {
		r.out.CostByDay[day] += float32(cost)
	}
}

// closeBooks books the last day's delay at the end of the horizon and
// counts the work still in progress.
func (r *run) closeBooks() {
	if n := len(r.out.CostByDay); n > 0 {
		r.bookDelay(n-1, r.wip.Area(r.end))
	}
	r.out.ChangesInProgress = r.wipN
	r.out.MeanWorkInProgress = r.wip.Mean(r.end)
}

// bookLabour books people × hours of work started at t.
func (r *run) bookLabour(t, hours float64, people int) {
	if people == 0 || !(hours > 0) {
		return
	}
	m := &r.a.Money
	rate := m.HourlyRate
	if !r.cal.IsWorking(t) {
		rate *= m.OffHoursMultiplier
	}
	cost := float64(people) * hours * rate
	r.out.LaborCost += cost
	r.book(t, cost)
}

// plannedDowntime books a planned outage of the given length from t: its
// minutes, and its cost by the traffic it turns away.
func (r *run) plannedDowntime(t, hours float64) {
	min := hours * 60
	r.out.PlannedDowntimeMinutes += min
	cost := r.tr.between(t, t+hours) * 60 * r.a.Money.PlannedDowntimePerMinute
	r.out.DowntimeCost += cost
	r.book(t, cost)
}

// book adds a cost other than incident loss to the day of the measured
// period in which it fell (t must be inside it).
func (r *run) book(t, cost float64) {
	if d := int((t - r.warmEnd) / hoursPerDay); d >= 0 && d < len(r.out.CostByDay) {
		r.out.CostByDay[d] += float32(cost)
	}
}
