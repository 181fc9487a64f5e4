package models

import "math"

// --- deployment execution ---------------------------------------------------

// Deployment events carry which release they are about.
const (
	planned = 0
	hotfix  = 1
)

func (r *run) relOf(which int) *release {
	if which == hotfix {
		return &r.hot
	}
	return r.rel
}

func (r *run) deployStart(int) {
	if r.inc.open {
		// No planned deployment starts while production is broken.
		r.deployWaiting = true
		return
	}
	rel := r.rel
	rel.started = r.eng.Now()
	r.setState(rel, relDeploying)
	r.log(RecDeployStart, len(rel.changes), 0, "")
	r.traceDeployStart(rel)
	r.execute(planned)
}

// execute runs the deployment steps: manual server by server, or scripted.
func (r *run) execute(which int) {
	d := &r.a.Deploy
	rel := r.relOf(which)
	rel.misconfigured = 0
	r.errMult = r.practice(r.eng.Now())
	r.lastDeploy = r.eng.Now()
	if d.Mode == Automated {
		if r.dep.Float64() < d.AutomatedErrorProb*r.errMult {
			rel.misconfigured = 1
		}
		r.eng.ScheduleArg(r.autoD.draw(r.dep), r.hExecDone, which)
		return
	}
	rel.server = 0
	// Work that grows with the release (migrations, configuration) comes
	// first, then every server in turn.
	r.eng.ScheduleArg(d.PerChangeHours*float64(len(rel.changes)), r.hServerDone, which|2)
}

// practice returns how many times likelier a deployment step goes wrong
// at time t than for a team in practice: the gap since the last deployment
// over Deploy.PracticeHours, up to Deploy.UnpractisedFactor.
func (r *run) practice(t float64) float64 {
	d := &r.a.Deploy
	if d.UnpractisedFactor <= 1 {
		return 1
	}
	return 1 + (d.UnpractisedFactor-1)*min((t-r.lastDeploy)/d.PracticeHours, 1)
}

// manualServer returns how long one server's manual steps take and
// whether any of them went wrong.
func (r *run) manualServer() (hours float64, bad bool) {
	d := &r.a.Deploy
	for range d.StepsPerServer {
		hours += sample(r.dep, d.StepHours)
		if r.dep.Float64() < d.StepErrorProb*r.errMult {
			bad = true
		}
	}
	return hours, bad
}

// serverDone: a server's manual steps are done (arg|2: the work before
// the first server).
func (r *run) serverDone(arg int) {
	which := arg & 1
	rel := r.relOf(which)
	if arg&2 == 0 {
		rel.server++
	}
	if rel.server < r.a.Deploy.Servers {
		h, bad := r.manualServer()
		if bad {
			rel.misconfigured++
		}
		r.eng.ScheduleArg(h, r.hServerDone, which)
		return
	}
	r.execDone(which)
}

func (r *run) execDone(which int) {
	if which == hotfix {
		r.hotfixLive()
		return
	}
	r.setState(r.rel, relChecking)
	v := &r.a.Deploy.Verify
	if v.Hours.Mean > 0 || v.ConfigCatchProb > 0 || v.DefectCatchProb > 0 {
		r.eng.ScheduleArg(r.verifyD.draw(r.dep), r.hVerifyDone, 0)
		return
	}
	r.verifyDone(0)
}

// verifyDone: the post-deployment check looks at every server and runs the
// smoke tests before users are exposed.
func (r *run) verifyDone(int) {
	rel := r.rel
	v := &r.a.Deploy.Verify
	now := r.eng.Now()
	if v.DefectCatchProb > 0 {
		// Smoke tests: each defect present is caught with some probability;
		// caught changes are pulled out for rework and the rest redeployed
		// at once (a new execution, with its own chances of error).
		kept := rel.changes[:0]
		for _, id := range rel.changes {
			c := &r.changes[id]
			if c.defect && r.key.uniform(c.seq, keySmokeCatch, uint64(c.attempt)) < v.DefectCatchProb {
				r.rework(int(id))
				continue
			}
			kept = append(kept, id)
		}
		if pulled := len(rel.changes) - len(kept); pulled > 0 {
			rel.changes = kept
			r.log(RecCaughtByVerify, pulled, 0, "smoke tests caught a defect")
			r.traceVerified(rel)
			r.out.CaughtBeforeTraffic += b2i(r.measuring(now))
			if len(kept) == 0 {
				r.deployLabour(rel, now)
				r.setState(rel, relDropped)
				r.releaseDone()
				return
			}
			r.setState(rel, relDeploying)
			r.execute(planned)
			return
		}
	}
	fixed := 0
	for range rel.misconfigured {
		if r.dep.Float64() < v.ConfigCatchProb {
			fixed++
		}
	}
	if v.ConfigCatchProb > 0 {
		// The same check sees a change's configuration break (a keyed
		// draw: a better check catches a superset) and it is put right
		// before traffic.
		for _, id := range rel.changes {
			c := &r.changes[id]
			if c.cfg && r.key.uniform(c.seq, keyConfigCatch, uint64(c.attempt)) < v.ConfigCatchProb {
				c.cfg = false
				fixed++
			}
		}
	}
	if fixed > 0 {
		// The caught servers are put right before traffic.
		r.log(RecCaughtByVerify, len(rel.changes), 0, "consistency check caught a misconfigured server")
		r.traceVerified(rel)
		r.out.CaughtBeforeTraffic += b2i(r.measuring(now))
		rel.misconfigured -= min(fixed, rel.misconfigured)
	}
	r.deployLabour(rel, now)
	if r.inc.open {
		// Users meet no new version while production is broken: the
		// release waits, deployed but dark, until the incident closes.
		r.trafficWaiting = true
		return
	}
	r.startTraffic()
}

func (r *run) deployLabour(rel *release, now float64) {
	if r.measuring(rel.started) {
		r.bookLabour(rel.started, now-rel.started, r.a.Deploy.People)
	}
}

// --- strategy: traffic and blast radius ---------------------------------------

// startTraffic exposes users to the new version: it becomes the live
// release, its defects are armed to show when traffic hits them, and the
// strategy moves traffic to it.
func (r *run) startTraffic() {
	rel := r.rel
	now := r.eng.Now()
	st := &r.a.Strategy
	old := r.live
	r.live = rel
	if old != nil && old != rel {
		r.supersede(old)
	}
	rel.exposedAt = now
	closed := 0.0
	switch st.Kind {
	case BigBang:
		if st.DowntimeHours > 0 {
			// The service closed when the deployment started and opens
			// once the release is in and the planned outage has passed: a
			// deployment that overruns its window keeps it closed, and the
			// overrun is planned downtime at the traffic it turns away.
			closed = max(st.DowntimeHours, now-rel.started)
			rel.exposedAt = rel.started + closed
		}
	case BlueGreen:
		rel.exposedAt = now + st.SwitchHours
	}
	if r.measuring(now) {
		r.relFlags[rel.seq] |= relMeasured
		r.out.Deployments++
		r.out.PlannedReleases++
		r.out.BatchSize.Add(float64(len(rel.changes)))
		if closed > 0 {
			r.plannedDowntime(rel.started, closed)
		}
	}
	for _, id := range rel.changes {
		c := &r.changes[id]
		c.live, c.relSeq, c.relSize = true, rel.seq, int32(len(rel.changes))
		if c.defect || c.cfg {
			r.arm(id, rel.exposedAt)
		}
	}
	if rel.misconfigured > 0 {
		r.armConfig(rel, rel.exposedAt)
	}
	r.setState(rel, relRollout)
	rel.step = 0
	switch st.Kind {
	case BigBang, BlueGreen:
		rel.next = r.eng.ScheduleAt(rel.exposedAt, r.hTraffic, 0)
	case Rolling, Canary:
		r.traffic(0)
	}
}

// arm schedules when change id's defect shows: after a drawn amount of
// traffic from t. Defects too small to need remediation are reported by
// users later instead.
func (r *run) arm(id int32, t float64) {
	c := &r.changes[id]
	w := &r.a.Work
	amount := r.activateD.at(r.key.normal(c.seq, keyActivation, uint64(c.attempt)))
	at := r.tr.advance(t, amount)
	sev := w.Severities[c.sev]
	if c.cfg {
		sev.Incident = true // a configuration break needs remediation whatever its code's class
	}
	if !sev.Incident {
		// Users meet it and report it in proportion to their share.
		z := r.key.normal(c.seq, keyMinorReport, uint64(c.attempt))
		need := r.reportD.at(z) / max(sev.Impact, 1e-6)
		at = r.tr.advance(at, need)
	}
	if math.IsInf(at, 1) || at > r.end+maxFollowHours {
		return
	}
	if !sev.Incident {
		c.activation = r.eng.ScheduleAt(at, r.hMinorFound, int(id))
		return
	}
	c.activation = r.eng.ScheduleAt(at, r.hActivate, int(id))
}

// armConfig schedules when a misconfigured server shows: the first
// traffic that reaches it.
func (r *run) armConfig(rel *release, t float64) {
	amount := sample(r.dep, r.a.Work.ActivationHours)
	at := r.tr.advance(t, amount)
	if math.IsInf(at, 1) {
		return
	}
	r.eng.ScheduleAt(at, r.hConfigShows, int(rel.seq))
}

// maxFollowHours is how far past the horizon a latent fault is followed.
const maxFollowHours = 30 * hoursPerDay

// traffic moves the new version to its next traffic weight.
func (r *run) traffic(int) {
	rel := r.rel
	st := &r.a.Strategy
	var bake float64
	switch st.Kind {
	case BigBang, BlueGreen:
		rel.weight = 1
	case Rolling:
		rel.step++
		rel.weight = float64(rel.step) / float64(st.RollingWaves)
		bake = st.RollingWaveHours
	case Canary:
		if rel.step < len(st.Steps) {
			s := st.Steps[rel.step]
			rel.step++
			rel.weight, bake = s.Weight, s.BakeHours
		} else {
			rel.weight = 1 // the steps ended below 100%: promote
		}
		r.log(RecCanaryStep, len(rel.changes), rel.weight, "")
	}
	r.exposureChanged()
	if rel.weight >= 1 {
		r.setState(rel, relOut)
		r.deliver(rel)
		return
	}
	r.setState(rel, relRollout)
	rel.next = r.eng.ScheduleArg(bake, r.hBake, 0)
}

// bakeDone: the pause at a traffic step is over. Canary analysis compares
// the new version with the old: a fault of the new version that has shown
// is caught with AnalysisCatchProb and the rollout aborted.
func (r *run) bakeDone(int) {
	rel := r.rel
	st := &r.a.Strategy
	if st.Kind == Canary && r.inc.open && !r.inc.detected && r.faultOf(rel.seq) && r.dep.Float64() < st.AnalysisCatchProb {
		r.detect(byCanary)
		return
	}
	if st.Kind == Canary && !r.inc.open {
		// Analysis compares error rates, so it also sees a minor defect
		// whose code path traffic has reached: the rollout is aborted and
		// rolled back, a failed deployment users barely noticed (a
		// low-performing team would never count it).
		if id := r.minorShowing(rel); id >= 0 && r.dep.Float64() < st.AnalysisCatchProb {
			c := &r.changes[id]
			r.addFault(fault{change: id, relSeq: rel.seq, impact: r.a.Work.Severities[c.sev].Impact, cause: CodeDefect}, "canary analysis sees a minor defect")
			r.detect(byCanary)
			return
		}
	}
	r.traffic(0)
}

// minorShowing returns a change of rel whose minor defect traffic has
// reached by now, or −1.
func (r *run) minorShowing(rel *release) int32 {
	now := r.eng.Now()
	for _, id := range rel.changes {
		c := &r.changes[id]
		if !c.defect || r.a.Work.Severities[c.sev].Incident {
			continue
		}
		amount := r.activateD.at(r.key.normal(c.seq, keyActivation, uint64(c.attempt)))
		if r.tr.advance(rel.exposedAt, amount) <= now {
			return id
		}
	}
	return -1
}

// deliver: the release is fully out. Its changes are in production: their
// lead time ends here, even if a fault of theirs shows later.
func (r *run) deliver(rel *release) {
	now := r.eng.Now()
	r.log(RecDeployDone, len(rel.changes), 0, "")
	r.traceDeployDone(rel)
	for _, id := range rel.changes {
		r.delivered(id, now)
	}
	r.releaseDone()
}

func (r *run) delivered(id int32, now float64) {
	c := &r.changes[id]
	if c.waiting {
		c.waiting = false
		r.setWIP(-1)
	}
	if !c.delivered {
		c.delivered = true
		if r.measuring(now) {
			r.out.ChangesDelivered++
			r.out.LeadTimeHours.Add(now - c.commit)
		}
	}
}

// supersede: a newer release went out; rel can no longer be rolled back
// by redeploying the artefact before it (a fault of its changes that shows
// later is fixed forward). Its clean changes are done with.
func (r *run) supersede(rel *release) {
	for _, id := range rel.changes {
		r.settle(id)
	}
	rel.changes = rel.changes[:0]
}

// settle frees change id's storage once nothing more can happen to it.
func (r *run) settle(id int32) {
	c := &r.changes[id]
	if c.freed || c.waiting || c.defect || c.cfg || r.live != nil && c.live && c.relSeq == r.live.seq {
		return
	}
	c.live, c.freed = false, true
	r.free = append(r.free, id)
}
