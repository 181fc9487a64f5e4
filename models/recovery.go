package models

import "math"

// --- recovery: mitigation first, then repair -------------------------------------
//
// A detected fault is mitigated by redeploying the previous artefact when
// that can undo it: the fault belongs to the live release and none of its
// faulty changes is irreversible. Service is restored when the rollback
// lands; the team then diagnoses which of the release's changes caused the
// fault (a search that grows with the number of changes), sends the
// culprits to rework and re-releases the rest as the release policy says.
// Otherwise the team fixes forward: diagnoses during the incident, writes a
// fix and ships it through the hotfix lane, in rounds until nothing is
// left broken.

// respond: triage has tied the fault to a deployment. The team first pulls
// the levers it has (a flag, a drain, a shutdown), then rolls back or
// repairs what is left.
func (r *run) respond(seq int) {
	if !r.inc.open || seq != r.incSeq {
		return // the incident was over before anyone responded
	}
	r.inc.respondSet = true
	if r.mitigate() {
		return // repair follows the levers
	}
	r.repairNow()
}

// repairNow rolls back or fixes forward whatever is still broken.
func (r *run) repairNow() {
	if !r.inc.open || r.inc.mitigating || r.inc.fixing {
		return
	}
	if r.a.Recovery.Method != FixForward && r.canRollBack() {
		r.log(RecTriaged, len(r.faults), r.inc.exposure, "roll back")
		r.rollback()
		return
	}
	r.log(RecTriaged, len(r.faults), r.inc.exposure, "fix forward")
	r.fixForward()
}

// Mitigation levers.
const (
	leverFlag = iota
	leverDrain
	leverShutdown
	leverAutoDrain // health checks drain a server without a person
)

// flagged reports whether fault f can be switched off by its flag.
func (r *run) flaggedFault(f fault) bool {
	return f.change >= 0 && r.changes[f.change].flagged
}

// drainable reports whether fault f lives on servers that can be taken
// out of the load balancer: misconfigured servers, not all of them.
func drainable(f fault) bool {
	return f.change < 0 && f.cause == DeploymentError && f.impact < 1
}

// mitigate starts every lever that applies to a live fault and reports
// whether any did; each acts after its own time (the team works them at
// once).
func (r *run) mitigate() bool {
	mi := &r.a.Mitigation
	in := &r.inc
	var flag, drain bool
	for _, f := range r.faults {
		flag = flag || r.flaggedFault(f)
		drain = drain || mi.Drain && drainable(f)
	}
	start := func(kind int, d Dist) {
		in.levers++
		r.eng.ScheduleArg(sample(r.incR, d), r.hLever, kind|r.incSeq<<2)
	}
	if flag {
		start(leverFlag, mi.FlagHours)
	}
	if drain {
		start(leverDrain, mi.DrainHours)
	}
	if mi.Shutdown && in.exposure >= mi.ShutdownAbove {
		start(leverShutdown, mi.ShutdownHours)
	}
	return in.levers > 0
}

// lever: a mitigation lever has acted on the faults it applies to. Once
// the last one has, the team repairs what is left.
func (r *run) lever(arg int) {
	in := &r.inc
	kind := arg & 3
	if !in.open || arg>>2 != r.incSeq {
		return // the incident it was pulled for is over
	}
	auto := kind == leverAutoDrain
	if auto {
		kind = leverDrain
	} else {
		in.levers--
	}
	now := r.eng.Now()
	kept := r.faults[:0]
	for _, f := range r.faults {
		switch {
		case kind == leverFlag && r.flaggedFault(f):
			// The flag is off: the change's new behaviour is gone from
			// production, and it is fixed as ordinary work.
			r.clear(f)
			r.followUp(now)
			continue
		case kind == leverDrain && drainable(f):
			if r.live != nil && f.relSeq == r.live.seq {
				r.live.misconfigured = 0 // rebuilt before they take traffic again
			}
			continue
		case kind == leverShutdown:
			f.cut = max(f.cut, 1-r.a.Mitigation.ShutdownLeft)
			if f.cut >= 1 {
				r.clear(f)
				continue
			}
		}
		kept = append(kept, f)
	}
	r.faults = kept
	r.exposureChanged()
	r.log(RecLever, len(r.faults), in.exposure, [...]string{"feature flag switched off", "faulty servers drained", "system shut down"}[kind])
	r.traceLever()
	if len(r.faults) == 0 {
		if in.mitigating || in.fixing {
			return // the rollback or fix under way closes the incident when it lands
		}
		r.resumeHalted()
		r.restore()
		return
	}
	if !auto && in.levers == 0 {
		r.repairNow()
	}
}

// resumeHalted: nothing of the release whose rollout detection halted is
// broken any more; it goes out in full.
func (r *run) resumeHalted() {
	if rel := r.rel; rel != nil && rel == r.live && rel.state == relHalted {
		r.setState(rel, relOut)
		rel.weight = 1
		r.deliver(rel)
	}
}

// followUp books the developer work to fix a change whose fault was
// switched off or reverted, and sends the fix down the pipeline as a new
// change.
func (r *run) followUp(now float64) {
	if r.measuring(now) {
		r.bookLabour(now, r.a.Work.ReworkHours.Mean, 1)
	}
	if !r.closing && now < r.end {
		r.fixSeq++
		r.newChange(r.fixSeq, false)
	}
}

// canRollBack reports whether redeploying the artefact before the live
// release would remove a live fault: one of the faults is the live
// release's and none of its faulty changes is irreversible.
func (r *run) canRollBack() bool {
	if r.live == nil || r.inc.mitigating {
		return false
	}
	found := false
	for _, f := range r.faults {
		if f.relSeq != r.live.seq {
			continue
		}
		found = true
		if f.change >= 0 && r.changes[f.change].irreversible {
			return false
		}
	}
	return found
}

func (r *run) rollback() {
	rc := &r.a.Recovery
	in := &r.inc
	in.mitigating = true
	if rel := r.live; rel == r.rel && rel.state == relRollout {
		// A fault of the release joined an incident already being worked:
		// its rollout stops here.
		r.eng.Cancel(rel.next)
		r.setState(rel, relHalted)
	}
	r.out.Rollbacks += b2i(r.measuring(in.start))
	r.log(RecRollbackStart, len(r.live.changes), in.exposure, "")
	r.traceRollbackStart(r.live)
	var d float64
	fail := r.incR.Float64() < rc.RollbackFailProb
	switch {
	case r.a.Strategy.Kind == BlueGreen:
		// Switching back to the idle environment, which still runs the
		// old version; the switch can fail like any rollback.
		d = r.a.Strategy.SwitchHours
	case r.a.Deploy.Mode == Manual:
		// Redeploying the previous artefact by hand: undoing each change's
		// migrations and configuration, then every server's steps again,
		// each with its chance of going wrong.
		d = rc.RollbackPerChangeHours * float64(len(r.live.changes))
		for range r.a.Deploy.Servers {
			h, bad := r.manualServer()
			d += h
			fail = fail || bad
		}
	default:
		d = sample(r.incR, rc.RollbackHours)
		if r.a.Strategy.Kind == Rolling {
			d *= min(r.live.weight, 1) // only the waves done are undone
		}
		d += rc.RollbackPerChangeHours * float64(len(r.live.changes))
	}
	r.eng.ScheduleArg(d, r.hRollbackDone, b2i(fail))
}

func (r *run) rollbackDone(failed int) {
	in := &r.inc
	now := r.eng.Now()
	in.mitigating = false
	if failed == 1 {
		r.out.FailedRollbacks += b2i(r.measuring(in.start))
		r.accrue(now)
		if in.failedAt < 0 {
			in.failedAt = in.lossArea
		}
		if x := r.a.Recovery.FailedRollbackExposure; x > in.exposure && r.serverFault() {
			// The rollback spread a deployment error (Knight Capital:
			// uninstalling the new code from the good servers woke the
			// dead path of the missed one on every server). A code
			// defect's failed rollback leaves the blast radius as it was.
			r.faults = append(r.faults, fault{change: -1, relSeq: -1, impact: x, cause: FailedRollback})
		}
		r.exposureChanged()
		r.log(RecRollbackFailed, len(r.faults), in.exposure, "")
		r.traceFixFrom()
		r.fixForward()
		return
	}
	// The live release is undone: its changes leave production and wait
	// again; its faults go with it.
	rel := r.live
	r.repair = append(r.repair[:0], rel.changes...)
	r.repairFaults = r.repairFaults[:0]
	kept := r.faults[:0]
	code := false
	for _, f := range r.faults {
		if f.relSeq == rel.seq {
			if f.change >= 0 {
				r.repairFaults = append(r.repairFaults, f.change)
				code = true
			}
			continue
		}
		kept = append(kept, f)
	}
	r.faults = kept
	for _, id := range rel.changes {
		c := &r.changes[id]
		c.live = false
		r.eng.Cancel(c.activation)
		if !c.waiting {
			c.waiting = true
			r.setWIP(+1)
		}
	}
	if r.rel == rel {
		r.rel = nil // its rollout ends here
	}
	r.setState(rel, relRolledBack)
	r.live = nil
	r.exposureChanged()
	r.log(RecMitigated, len(rel.changes), in.exposure, "rolled back to the previous release")
	r.traceMitigated(rel)
	// Repair: find the culprits among the release's changes (a search by
	// bisection: log2 n rounds of the diagnosis time, in working hours) and
	// hold new releases until it is done. A misconfiguration needs no
	// search: the redeployed servers are right again.
	r.repairing = true
	h := 0.0
	if code && len(rel.changes) > 1 {
		h = sample(r.incR, r.a.Recovery.DiagnosisHours) * math.Log2(float64(len(rel.changes)))
	}
	t := now
	if h > 0 {
		t = r.cal.AddWorking(now, h)
		if r.measuring(now) {
			r.bookLabour(now, h, 1)
		}
	}
	r.eng.ScheduleAt(t, r.hDiagnosed, 0)
	if len(r.faults) == 0 {
		r.restore()
	} else if !in.fixing {
		r.fixForward() // faults of older releases remain: fix them forward
	}
}

// serverFault reports whether a live fault is a misconfigured server.
func (r *run) serverFault() bool {
	for _, f := range r.faults {
		if f.change < 0 && f.cause == DeploymentError {
			return true
		}
	}
	return false
}

// diagnosed: the culprits of a rolled-back release are known. They go to
// rework; the other changes go out again as the release policy says.
func (r *run) diagnosed(int) {
	r.repairing = false
	for _, id := range r.repair {
		culprit := false
		for _, f := range r.repairFaults {
			if f == id {
				culprit = true
				break
			}
		}
		if culprit {
			r.rework(int(id))
			continue
		}
		r.ready = append(r.ready, id)
	}
	r.log(RecDiagnosed, len(r.repair), 0, "culprits found and pulled; the rest wait to go out again")
	r.repair = r.repair[:0]
	if r.closing {
		return
	}
	if r.a.Release.AfterRollback != NextRelease {
		r.cutRelease(true)
		return
	}
	if r.pendingCut {
		r.cut()
		return
	}
	r.onReady()
}

// fixForward: find the cause, write a fix and ship it through the hotfix
// lane.
func (r *run) fixForward() {
	in := &r.inc
	if in.fixing {
		return
	}
	in.rounds++
	if in.rounds > maxRepairRounds {
		r.giveUp()
		return
	}
	in.fixing = true
	rc := &r.a.Recovery
	// A misconfigured server is found by checking servers, not changes; a
	// code defect is searched for among the changes of its release.
	n := 1.0
	for _, f := range r.faults {
		if f.change >= 0 {
			n = max(n, float64(r.changes[f.change].relSize))
		}
	}
	diag := sample(r.incR, rc.DiagnosisHours) * (1 + math.Log2(n))
	h := &r.a.Hotfix
	// The fix is for the faults known now; faults that show meanwhile wait
	// for another round. Reverting the culprits, where every fault has
	// one, is quicker than writing a fix.
	in.fixN = len(r.faults)
	in.reverting = r.a.Mitigation.Revert && n > 0
	for _, f := range r.faults {
		in.reverting = in.reverting && f.change >= 0
	}
	var t float64
	if in.reverting {
		t = diag + sample(r.incR, r.a.Mitigation.RevertHours)
	} else {
		t = diag + sample(r.incR, h.FixHours) + sample(r.incR, h.PipelineHours)
	}
	r.eng.ScheduleArg(t, r.hFixReady, 0)
}

func (r *run) fixReady(int) {
	t := r.eng.Now()
	if r.a.Hotfix.NeedsCAB {
		t += r.a.CAB.EmergencyHours
	}
	// The hotfix lane ignores freeze and deployment windows: it is an
	// emergency.
	r.eng.ScheduleAt(t, r.hHotfixGo, 0)
}

// hotfixGo starts the hotfix deployment. It bypasses the strategy (no
// canary) and goes straight to full traffic.
func (r *run) hotfixGo(int) {
	r.hot = release{hotfix: true, started: r.eng.Now(), changes: r.hot.changes[:0]}
	r.log(RecHotfixDeploy, 1, r.inc.exposure, "")
	r.traceHotfixStart()
	r.execute(hotfix)
}

// hotfixLive: the hotfix reached every server. It fixes the faults it was
// written for (the culprits diagnosis found and, having redeployed every
// server, a misconfiguration or a spread); faults that showed meanwhile
// need another round. A hotfix may bring a fault of its own, which shows
// with traffic and is detected like any other.
func (r *run) hotfixLive() {
	in := &r.inc
	now := r.eng.Now()
	in.fixing = false
	measuring := r.measuring(now)
	if measuring {
		r.out.Deployments++
		r.out.HotfixDeployments++
		r.bookLabour(r.hot.started, now-r.hot.started, r.a.Deploy.People)
	}
	fixed := min(in.fixN, len(r.faults))
	for _, f := range r.faults[:fixed] {
		r.clear(f)
		if in.reverting {
			r.followUp(now) // the reverted change is fixed as ordinary work
		}
	}
	r.faults = append(r.faults[:0], r.faults[fixed:]...)
	if r.live != nil {
		r.live.misconfigured = 0
		r.resumeHalted() // the fix went out with the halted release in it
	}
	failed := false
	if u := r.incR.Float64(); u < r.a.Hotfix.DefectProb && !in.reverting {
		sev := r.severity(r.incR.Float64(), true)
		r.hotfixFaultLater(now, sev)
		failed = true
	}
	// The post-deployment consistency check runs after a hotfix too.
	for range r.hot.misconfigured {
		if r.dep.Float64() < r.a.Deploy.Verify.ConfigCatchProb {
			r.hot.misconfigured--
		}
	}
	if n := r.hot.misconfigured; n > 0 {
		r.hotfixFaultLater(now, -n)
		failed = true
	}
	if failed {
		r.out.FailedDeployments += b2i(measuring)
		r.out.FailedHotfixDeployments += b2i(measuring)
	}
	r.exposureChanged()
	if len(r.faults) > 0 {
		r.log(RecHotfixLive, 1, in.exposure, "the fix is live but something else is still broken")
		r.traceHotfixLive(failed)
		r.fixForward()
		return
	}
	r.log(RecHotfixLive, 1, 0, "the fix is live")
	r.traceHotfixLive(failed)
	r.restore()
}

// hotfixFaultLater arms a fault the hotfix brought: a defect of severity
// class arg (arg ≥ 0) or −arg misconfigured servers. It shows once
// traffic reaches it.
func (r *run) hotfixFaultLater(t float64, arg int) {
	at := r.tr.advance(t, sample(r.incR, r.a.Work.ActivationHours))
	if math.IsInf(at, 1) || at > r.end+maxFollowHours {
		return
	}
	r.eng.ScheduleAt(at, r.hHotfixFault, arg)
}

// hotfixFault: traffic reached a fault a hotfix brought.
func (r *run) hotfixFault(arg int) {
	if arg >= 0 {
		sev := r.a.Work.Severities[arg]
		r.addFault(fault{change: -1, relSeq: -1, impact: sev.Impact, cause: CodeDefect}, "the hotfix's own "+sev.Name+" defect shows")
		return
	}
	r.addFault(fault{change: -1, relSeq: -1, impact: float64(-arg) / float64(r.a.Deploy.Servers), cause: DeploymentError}, "a server the hotfix misconfigured takes traffic")
}

// giveUp ends an incident that repair rounds could not close: someone
// stops the service's faulty path by hand (an assumption that keeps a
// replication finite); it is counted so that a reader sees it.
func (r *run) giveUp() {
	r.out.UnresolvedIncidents += b2i(r.measuring(r.inc.start))
	for _, f := range r.faults {
		r.clear(f)
	}
	r.faults = r.faults[:0]
	r.exposureChanged()
	r.log(RecGaveUp, 0, 0, "repair rounds exhausted: stopped by hand")
	r.restore()
}

// restore closes the incident: service is back.
func (r *run) restore() {
	in := &r.inc
	now := r.eng.Now()
	r.log(RecRestored, 0, 0, "")
	r.traceRestored()
	r.eng.Cancel(in.report)
	r.eng.Cancel(in.alertH)
	r.accrue(now)
	in.impact.Set(now, 0)
	in.exposure = 0
	if r.measuring(in.start) {
		o := &r.out
		dur := now - in.start
		// An aborted canary is a failed deployment the pipeline undid on
		// its own: counted in the recovery times and the loss, but nobody
		// was paged, so it is no incident and books no labour. A fault
		// that later needed a person (a rollback that failed, an
		// irreversible change) is one.
		// A fault that health checks drained before anyone noticed is
		// no incident either.
		canaryOnly := in.byCanary && in.rounds == 0
		if canaryOnly {
			o.CanaryAborts++
		} else if in.detected {
			o.Incidents++
		}
		o.RecoveryHours = append(o.RecoveryHours, dur)
		o.UnplannedDowntimeMinutes += dur * 60
		o.ImpactMinutes += in.impact.Area(now) * 60
		perArea := 60 * r.a.Money.LossPerMinute
		loss := in.lossArea * perArea
		o.IncidentLoss += loss
		if in.failedAt >= 0 {
			before := in.failedAt * perArea
			o.IncidentLossByCause[in.cause] += before
			o.IncidentLossByCause[FailedRollback] += loss - before
		} else {
			o.IncidentLossByCause[in.cause] += loss
		}
		o.MaxIncidentLoss = max(o.MaxIncidentLoss, loss)
		o.IncidentLog = append(o.IncidentLog, IncidentRecord{
			StartHours: in.start - r.warmEnd, RecoveryHours: dur, Loss: loss, PeakExposure: in.impact.Max(), Cause: in.cause,
			Paged: in.detected && !canaryOnly,
		})
		if in.detected && !canaryOnly {
			r.bookLabour(in.detectedAt, now-in.detectedAt, r.a.Money.IncidentPeople)
		}
	}
	in.open = false
	if r.trafficWaiting && r.rel != nil {
		r.trafficWaiting = false
		r.startTraffic()
		return
	}
	if r.deployWaiting && !r.closing && r.rel != nil {
		r.deployWaiting = false
		r.eng.ScheduleAt(r.gate(now), r.hDeployStart, 0)
	}
}
