package models

import (
	"math"

	"deploysim/sim"
	"deploysim/stats"
)

// --- incidents: faults showing, exposure, detection -----------------------------

// fault is one cause of harm live in production.
type fault struct {
	change int32   // the defective change, or -1 (a misconfigured server, a spread, a hotfix's own defect)
	relSeq int32   // the release it came with, or -1 (full traffic whatever the rollout)
	impact float64 // share of users affected at full traffic on its release
	cut    float64 // share of its harm a lever has cut off (a shutdown), in [0, 1]
	cause  Cause
}

// incident is the open production incident (at most one at a time: faults
// that show while one is open join it).
type incident struct {
	open        bool
	detected    bool
	start       float64 // first fault shows
	detectedAt  float64
	exposure    float64            // share of users affected now
	impact      stats.TimeWeighted // exposure over time
	lossArea    float64            // ∫ exposure × traffic dt, in peak-traffic hours
	lastT       float64
	reportNeed  float64 // affected peak-traffic hours until a customer report
	alertU      float64 // alerting misses the fault while alertU < (1 − AlertProb)(1 − exposure)
	levers      int     // mitigation levers under way
	fixN        int     // faults the hotfix under way was written for (the first fixN)
	reverting   bool    // the hotfix under way reverts the culprit
	alertSet    bool
	report      sim.Handle
	alertH      sim.Handle
	cause       Cause
	failedAt    float64 // lossArea when a rollback failed, or -1
	rounds      int     // hotfix rounds
	fixing      bool    // a hotfix is being prepared or deployed
	mitigating  bool    // a rollback is under way
	respondSet  bool    // a person has responded (levers pulled, repair under way)
	hotfixFails bool
	byCanary    bool // canary analysis caught it and the pipeline rolled it back: no person acted
}

// Who noticed.
const (
	byAlert = iota
	byReport
	byCanary
)

// activate: traffic reached change id's defect.
func (r *run) activate(id int) {
	c := &r.changes[id]
	if !(c.defect || c.cfg) || !c.live {
		return
	}
	c.activation = sim.Handle{}
	w := &r.a.Work
	if c.cfg {
		// A configuration break is as harmful as an incident-class defect
		// of the change's own draw would be.
		sev := w.Severities[r.severity(r.key.uniform(c.seq, keySeverity, 0), true)]
		r.addFault(fault{change: int32(id), relSeq: c.relSeq, impact: sev.Impact, cause: DeploymentError}, "a configuration change breaks outside the code")
	}
	if !c.defect {
		return
	}
	sev := w.Severities[c.sev]
	if !sev.Incident {
		// A minor defect of a change whose configuration broke: users
		// report it later, as any minor defect.
		need := r.reportD.at(r.key.normal(c.seq, keyMinorReport, uint64(c.attempt))) / max(sev.Impact, 1e-6)
		if at := r.tr.advance(r.eng.Now(), need); !math.IsInf(at, 1) && at <= r.end+maxFollowHours {
			c.activation = r.eng.ScheduleAt(at, r.hMinorFound, id)
		}
		return
	}
	r.addFault(fault{change: int32(id), relSeq: c.relSeq, impact: sev.Impact, cause: CodeDefect}, sev.Name+" defect shows")
}

// clear marks the cause of fault f as gone: its change's defect or
// configuration break is fixed.
func (r *run) clear(f fault) {
	if f.change < 0 {
		return
	}
	c := &r.changes[f.change]
	if f.cause == DeploymentError {
		c.cfg = false
	} else {
		c.defect = false
	}
	if !c.defect && !c.cfg {
		r.eng.Cancel(c.activation)
		r.settle(f.change)
	}
}

// configShows: traffic reached a misconfigured server of release seq.
func (r *run) configShows(seq int) {
	rel := r.live
	if rel == nil || rel.seq != int32(seq) || rel.misconfigured == 0 {
		return // rolled back or redeployed meanwhile
	}
	x := float64(rel.misconfigured) / float64(r.a.Deploy.Servers)
	r.addFault(fault{change: -1, relSeq: rel.seq, impact: x, cause: DeploymentError}, "a misconfigured server takes traffic")
}

func (r *run) addFault(f fault, why string) {
	now := r.eng.Now()
	r.markFailed(f.relSeq)
	if !r.inc.open {
		r.openIncident(now, f.cause)
	}
	r.faults = append(r.faults, f)
	r.exposureChanged()
	r.log(RecFault, 1, r.inc.exposure, why)
	r.traceFault(f)
	if mi := &r.a.Mitigation; mi.AutoDrain && drainable(f) {
		r.eng.ScheduleArg(sample(r.incR, mi.DrainHours), r.hLever, leverAutoDrain|r.incSeq<<2)
	}
	if r.inc.respondSet && r.inc.levers == 0 {
		// The team is already on the incident: it pulls the levers that
		// the new fault allows; repair goes on as it was.
		r.mitigate()
	}
}

// markFailed counts release seq as a failed deployment, once: when its
// first fault shows, which may be days after it went out.
func (r *run) markFailed(seq int32) {
	if seq < 0 || int(seq) >= len(r.relFlags) {
		return
	}
	f := &r.relFlags[seq]
	if *f&relFailed != 0 {
		return
	}
	*f |= relFailed
	if *f&relMeasured != 0 {
		r.out.FailedDeployments++
		r.out.FailedReleases++
	}
}

func (r *run) openIncident(now float64, cause Cause) {
	in := &r.inc
	r.incSeq++
	*in = incident{open: true, start: now, lastT: now, cause: cause, failedAt: -1}
	in.impact.Reset(now, 0)
	m := &r.a.Monitoring
	in.alertU = r.incR.Float64()
	in.reportNeed = sample(r.incR, m.ReportHours)
}

// exposure returns the share of users affected now: the faults' shares,
// each scaled by the traffic on its release, added up and capped at
// everyone.
func (r *run) exposure() float64 {
	x := 0.0
	for _, f := range r.faults {
		w := 1.0
		if r.live != nil && f.relSeq == r.live.seq {
			w = r.live.weight
		}
		x += f.impact * w * (1 - f.cut)
	}
	return min(x, 1)
}

// accrue books the harm since the last change of exposure.
func (r *run) accrue(now float64) {
	in := &r.inc
	dt := r.tr.between(in.lastT, now)
	in.lossArea += in.exposure * dt
	if !in.detected {
		in.reportNeed -= in.exposure * dt
	}
	in.lastT = now
}

// exposureChanged: faults, or the traffic on them, changed.
func (r *run) exposureChanged() {
	in := &r.inc
	if !in.open {
		return
	}
	now := r.eng.Now()
	r.accrue(now)
	in.exposure = r.exposure()
	in.impact.Set(now, in.exposure)
	if in.detected || in.exposure == 0 {
		return
	}
	m := &r.a.Monitoring
	// Burn-rate alerting: the more users affected, the likelier (and, at
	// a total outage, certain) an alert, unless there is no alerting.
	if m.AlertProb > 0 && !in.alertSet && in.exposure >= m.AlertMinExposure && in.alertU >= (1-m.AlertProb)*(1-in.exposure) {
		in.alertSet = true
		in.alertH = r.eng.ScheduleArg(sample(r.incR, m.AlertHours), r.hAlert, 0)
	}
	// A customer report comes once enough users have met the fault.
	r.eng.Cancel(in.report)
	at := r.tr.advance(now, max(in.reportNeed, 0)/in.exposure)
	if !math.IsInf(at, 1) {
		in.report = r.eng.ScheduleAt(at, r.hReport, 0)
	}
}

func (r *run) alert(int) {
	if r.inc.open && !r.inc.detected {
		r.detect(byAlert)
	}
}

func (r *run) report(int) {
	if r.inc.open && !r.inc.detected {
		r.detect(byReport)
	}
}

// faultOf reports whether a fault of release seq is live.
func (r *run) faultOf(seq int32) bool {
	for _, f := range r.faults {
		if f.relSeq == seq {
			return true
		}
	}
	return false
}

// detect: someone (or something) notices the fault.
func (r *run) detect(by int) {
	in := &r.inc
	now := r.eng.Now()
	r.accrue(now)
	in.detected, in.detectedAt = true, now
	in.byCanary = by == byCanary
	r.eng.Cancel(in.report)
	r.eng.Cancel(in.alertH)
	why := [...]string{"alert", "customer report", "canary analysis"}[by]
	r.log(RecDetected, len(r.faults), in.exposure, why)
	r.traceDetected(why)
	// Detection halts a rollout whose release is at fault.
	if rel := r.rel; rel != nil && rel.state == relRollout && r.faultOf(rel.seq) {
		r.eng.Cancel(rel.next)
		r.setState(rel, relHalted)
	}
	rc := &r.a.Recovery
	if by == byCanary || rc.Method == AutoRollback && by == byAlert {
		// Canary analysis aborts and rolls back on its own, whatever the
		// team's usual method; so does an automated rollback on an alert.
		if r.canRollBack() {
			r.rollback()
			return
		}
	}
	// A person must act: now in office hours, after the on-call response
	// otherwise; triage ties the fault to a deployment.
	delay := 0.0
	if !r.cal.IsWorking(now) {
		delay = sample(r.incR, rc.OnCallHours)
		if r.opt.Record {
			// Only the story needs the moment the on-call engineer
			// responds: the event draws nothing and changes nothing, so a
			// recorded replication's outcome is the unrecorded one's.
			r.eng.ScheduleArg(delay, r.hOnCall, 0)
		}
	} else {
		r.log(RecResponding, len(r.faults), in.exposure, "office hours")
	}
	r.eng.ScheduleArg(delay+sample(r.incR, rc.TriageHours), r.hRespond, r.incSeq)
}

// onCallResponds: out of office hours, the on-call engineer has
// responded to the page and starts triage (a record for the story).
func (r *run) onCallResponds(int) {
	if r.inc.open && !r.inc.mitigating {
		r.log(RecResponding, len(r.faults), r.inc.exposure, "on call")
	}
}
