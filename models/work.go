package models

import "math"

// --- work arriving and the per-change pipeline --------------------------------

func (r *run) scheduleArrival() {
	gap := r.work.ExpFloat64() / r.arrivalRate // working hours
	t := r.cal.AddWorking(r.eng.Now(), gap)
	if t < r.end && !r.closing {
		r.eng.ScheduleAt(t, r.hArrive, 0)
	}
}

func (r *run) arrive(int) {
	seq := r.nextSeq
	r.nextSeq++
	r.newChange(seq, true)
	r.scheduleArrival()
}

// newChange makes change seq and sends it down the pipeline. Every
// attribute is a keyed draw made whether or not it is used (see rand.go),
// so that arms differing in any setting see the same change.
func (r *run) newChange(seq uint64, mayBeDefective bool) {
	w := &r.a.Work
	c := change{seq: seq, commit: r.eng.Now(), size: 1, waiting: true}
	if w.SizeCV > 0 {
		c.size = r.sizeDist.at(r.key.normal(seq, keySize, 0))
	}
	// A change of relative size s is like s average changes: it is clean
	// with probability (1 − p)^s.
	pDefect := -math.Expm1(c.size * r.logNoDef)
	c.defect = mayBeDefective && r.key.uniform(seq, keyDefect, 0) < pDefect
	c.sev = r.severity(r.key.uniform(seq, keySeverity, 0), false)
	c.irreversible = r.key.uniform(seq, keyIrreversible, 0) < w.IrreversibleProb
	// Risk outside the code rides on the change too: whether it touches
	// configuration, infrastructure or a dependency and breaks there, which
	// component it touches, whether a flag guards it.
	touch := r.key.uniform(seq, keyConfigTouch, 0) < w.ConfigShare
	breaks := r.key.uniform(seq, keyConfigBreak, 0) < w.ConfigBreakProb
	c.cfg = mayBeDefective && touch && breaks
	if w.Components > 0 {
		c.component = int32(r.key.uniform(seq, keyComponent, 0) * float64(w.Components))
	}
	c.flagged = r.key.uniform(seq, keyFlag, 0) < r.a.Mitigation.FlagShare
	var id int32
	if n := len(r.free); n > 0 {
		id = r.free[n-1]
		r.free = r.free[:n-1]
		r.changes[id] = c
	} else {
		id = int32(len(r.changes))
		r.changes = append(r.changes, c)
	}
	r.setWIP(+1)
	r.enterPipeline(int(id))
}

// severity picks the class for uniform u; incidentOnly restricts the
// choice to the classes that need remediation (a hotfix's own defect,
// which is seen only when it breaks production).
func (r *run) severity(u float64, incidentOnly bool) int {
	sev := r.a.Work.Severities
	total := 1.0
	if incidentOnly {
		total = r.incShare
	}
	u *= total
	last := 0
	for i, s := range sev {
		if incidentOnly && !s.Incident {
			continue
		}
		last = i
		if u < s.Share {
			return i
		}
		u -= s.Share
	}
	return last
}

func (r *run) enterPipeline(id int) {
	r.changes[id].stage = 0
	r.nextStage(id)
}

func (r *run) nextStage(id int) {
	c := &r.changes[id]
	if c.stage >= len(r.perChange) {
		r.ready = append(r.ready, int32(id))
		r.onReady()
		return
	}
	si := r.perChange[c.stage]
	if res := r.stageRes[si]; res != nil {
		if res.Acquire() {
			r.stageGranted(id) // a free reviewer starts now: no event needed
			return
		}
		res.Request(r.hStageGranted, id)
		return
	}
	r.eng.ScheduleArg(r.stageHours(c, si), r.hStageDone, id)
}

func (r *run) stageHours(c *change, si int) float64 {
	return r.stageDist[si].at(r.key.normal(c.seq, keyStageTime, attempt(c.attempt, si)))
}

func (r *run) stageGranted(id int) {
	c := &r.changes[id]
	si := r.perChange[c.stage]
	done := r.cal.AddWorking(r.eng.Now(), r.stageHours(c, si))
	r.eng.ScheduleAt(done, r.hStageDone, id)
}

func (r *run) stageDone(id int) {
	c := &r.changes[id]
	si := r.perChange[c.stage]
	if res := r.stageRes[si]; res != nil {
		res.Release()
	}
	if c.defect && r.key.uniform(c.seq, keyStageCatch, attempt(c.attempt, si)) < r.a.Pipeline[si].CatchProb {
		r.log(RecDefectCaught, 1, 0, r.a.Pipeline[si].Name)
		r.rework(id)
		return
	}
	c.stage++
	r.nextStage(id)
}

// rework fixes a caught defect (developer working hours); the fixed change
// goes round the pipeline again.
func (r *run) rework(id int) {
	c := &r.changes[id]
	h := r.reworkD.at(r.key.normal(c.seq, keyRework, uint64(c.attempt)))
	r.eng.ScheduleAt(r.cal.AddWorking(r.eng.Now(), h), r.hReworkDone, id)
}

func (r *run) reworkDone(id int) {
	c := &r.changes[id]
	c.defect, c.cfg = false, false
	c.attempt++
	r.enterPipeline(id)
}

// minorFound: users met a defect too small to need remediation; a
// developer fixes it as ordinary work (booked as labour) and the fix is a
// new change through the pipeline.
func (r *run) minorFound(id int) {
	c := &r.changes[id]
	if !c.defect || !c.live {
		return // rolled back or fixed meanwhile
	}
	c.defect = false
	now := r.eng.Now()
	if r.measuring(now) {
		r.out.MinorDefects++
		r.bookLabour(now, r.a.Work.ReworkHours.Mean, 1)
	}
	r.log(RecMinorDefect, 1, r.a.Work.Severities[c.sev].Impact, r.a.Work.Severities[c.sev].Name+" defect reported by users, fixed as ordinary work")
	r.settle(int32(id))
	if !r.closing && now < r.end {
		r.fixSeq++
		r.newChange(r.fixSeq, false)
	}
}
