package models

import (
	"math"

	"deploysim/sim"
)

// relState is where a planned release is. Every change of state goes
// through setState, which knows the allowed moves: the release's life can
// be read in one place.
type relState int

const (
	relNone       relState = iota
	relVerifying           // in the batch stages of the pipeline
	relGated               // verified; waiting for its train date, the CAB, a freeze or its window
	relDeploying           // deployment steps running
	relChecking            // post-deployment verification
	relRollout             // exposed to users, traffic moving to it step by step
	relOut                 // fully out (possibly with a latent or active fault)
	relHalted              // rollout stopped by a detected fault
	relRolledBack          // undone
	relDropped             // every change was pulled before traffic
)

var relNext = [relDropped + 1][]relState{
	relNone:      {relVerifying},
	relVerifying: {relVerifying, relGated, relDropped},
	relGated:     {relDeploying},
	relDeploying: {relChecking},
	relChecking:  {relDeploying, relRollout, relDropped},
	relRollout:   {relRollout, relOut, relHalted},
	relHalted:    {relRolledBack, relOut},
	relOut:       {relRolledBack},
}

func (r *run) setState(rel *release, s relState) {
	for _, ok := range relNext[rel.state] {
		if ok == s {
			rel.state = s
			return
		}
	}
	panic("models: release moves from state " + rel.state.String() + " to " + s.String())
}

func (s relState) String() string {
	return [...]string{"none", "verifying", "gated", "deploying", "checking", "rollout", "out", "halted", "rolled-back", "dropped"}[s]
}

// release is one deployment: a planned release or a hotfix.
type release struct {
	seq           int32
	state         relState
	changes       []int32 // indices into run.changes
	hotfix        bool
	patch         bool // a re-release after a rollback: no freeze wait
	cutAt         float64
	stage         int     // next batch stage
	misconfigured int     // servers left misconfigured
	server        int     // next server to deploy (manual)
	started       float64 // when execution began
	execHours     float64 // manual work per server so far
	weight        float64 // share of traffic on the new version
	step          int     // canary steps or rolling waves done
	next          sim.Handle
	exposedAt     float64
}

// Flags of a release, by sequence number (run.relFlags).
const (
	relMeasured uint8 = 1 << iota // went out in the measured period
	relFailed                     // a fault of it has shown
)

// --- release policy ---------------------------------------------------------

func (r *run) onReady() {
	switch r.a.Release.Policy {
	case PerChange:
		r.cut()
	case OnDemand:
		if n := r.a.Release.BatchSize; n > 0 && len(r.ready) >= n {
			r.cut()
		}
	}
}

func (r *run) train(int) {
	if r.closing {
		return
	}
	r.cut()
	r.eng.ScheduleArg(r.a.Release.EveryHours, r.hTrain, 0)
}

func (r *run) cadence(int) {
	if r.closing {
		return
	}
	r.cut()
	r.eng.ScheduleArg(r.a.Release.EveryHours, r.hCadence, 0)
}

// busy reports whether a planned release cannot be cut now: one is under
// way, or a rolled-back one is still being diagnosed.
func (r *run) busy() bool { return r.rel != nil || r.repairing }

// cut makes a release candidate of every ready change, unless a release is
// already under way (its changes then wait for the next one).
func (r *run) cut() { r.cutRelease(false) }

func (r *run) cutRelease(patch bool) {
	if r.closing || len(r.ready) == 0 {
		return
	}
	if r.busy() {
		// One release at a time: the train or button press is taken up as
		// soon as the slot frees.
		r.pendingCut = true
		return
	}
	r.pendingCut = false
	rel := r.spareRelease()
	r.relSeq++
	r.relFlags = append(r.relFlags, 0)
	*rel = release{seq: r.relSeq, changes: append(rel.changes[:0], r.ready...), cutAt: r.eng.Now(), patch: patch}
	r.ready = r.ready[:0]
	r.rel = rel
	r.interactions(rel)
	r.setState(rel, relVerifying)
	r.nextBatchStage()
}

// interactions: changes released together that touch the same component
// can break each other, each pair with probability InteractionProb. A
// change that shares its component with n − 1 others of the release is
// caught up in an interaction with probability 1 − (1 − InteractionProb)^((n−1)/2),
// half of its n − 1 pairs being counted on its side: a component with n
// changes then holds n(n−1)/2 · InteractionProb interactions to first
// order, so batch risk grows with the pairs. Whether it is is one keyed
// draw of the change (and its attempt: reworked changes are new code), so
// the same change in a release holding more of its component's changes
// interacts in a superset of cases, whatever the order the changes came
// ready in. An interaction is a defect of the change, which the batch
// stages can catch and diagnosis pulls. It costs one draw a change and no
// sorting.
func (r *run) interactions(rel *release) {
	w := &r.a.Work
	if w.Components == 0 || w.InteractionProb == 0 || len(rel.changes) < 2 {
		return
	}
	if len(r.compN) != w.Components {
		r.compN = make([]int32, w.Components)
	}
	for _, id := range rel.changes {
		r.compN[r.changes[id].component]++
	}
	halfLogMiss := 0.5 * math.Log1p(-w.InteractionProb)
	for _, id := range rel.changes {
		c := &r.changes[id]
		others := r.compN[c.component] - 1
		if others == 0 || c.defect {
			continue
		}
		if r.key.uniform(c.seq, keyInteract, uint64(c.attempt)) < -math.Expm1(float64(others)*halfLogMiss) {
			c.defect = true
			r.log(RecInteraction, 2, 0, "two changes to one component interact")
		}
	}
	for _, id := range rel.changes {
		r.compN[r.changes[id].component] = 0
	}
}

// spareRelease returns release storage that is neither under way nor live.
func (r *run) spareRelease() *release {
	for i := range r.pool {
		if p := &r.pool[i]; p != r.rel && p != r.live {
			return p
		}
	}
	panic("models: no spare release storage")
}

func (r *run) nextBatchStage() {
	rel := r.rel
	if rel.stage >= len(r.batch) {
		r.setState(rel, relGated)
		r.released()
		return
	}
	si := r.batch[rel.stage]
	if res := r.stageRes[si]; res != nil {
		res.Request(r.hBatchGranted, 0)
		return
	}
	r.eng.ScheduleArg(r.batchHours(si), r.hBatchDone, 0)
}

// batchHours is how long batch stage si takes on the candidate: a fixed
// part and a part for each change in it.
func (r *run) batchHours(si int) float64 {
	s := &r.a.Pipeline[si]
	return r.stageDist[si].at(r.pipe.NormFloat64()) + s.PerChangeHours*float64(len(r.rel.changes))
}

func (r *run) batchGranted(int) {
	si := r.batch[r.rel.stage]
	now := r.eng.Now()
	h := r.batchHours(si)
	done := r.cal.AddWorking(now, h)
	if p := r.a.Pipeline[si].People; p > 0 && r.measuring(now) {
		r.bookLabour(now, h, p)
	}
	r.eng.ScheduleAt(done, r.hBatchDone, 0)
}

// batchDone: the stage checked every change in the candidate; caught
// defects leave the release for rework and wait for the next one.
func (r *run) batchDone(int) {
	rel := r.rel
	si := r.batch[rel.stage]
	if res := r.stageRes[si]; res != nil {
		res.Release()
	}
	catch := r.a.Pipeline[si].CatchProb
	kept := rel.changes[:0]
	for _, id := range rel.changes {
		c := &r.changes[id]
		if c.defect && r.key.uniform(c.seq, keyBatchCatch, attempt(c.attempt, si)) < catch {
			r.log(RecDefectCaught, 1, 0, r.a.Pipeline[si].Name)
			r.rework(int(id))
			continue
		}
		if c.cfg && r.key.uniform(c.seq, keyConfigCatch, attempt(c.attempt, si)|1<<15) < catch {
			// A release candidate runs with its configuration (a staging
			// environment): a batch stage sees a configuration break too,
			// and it is put right before the release goes on.
			r.log(RecDefectCaught, 1, 0, r.a.Pipeline[si].Name+": configuration")
			c.cfg = false
		}
		kept = append(kept, id)
	}
	rel.changes = kept
	rel.stage++
	if len(rel.changes) == 0 {
		r.setState(rel, relDropped)
		r.releaseDone()
		return
	}
	r.setState(rel, relVerifying)
	r.nextBatchStage()
}

// released: the candidate is verified; it waits for its gates (train date,
// change approval, freeze windows, deployment window) and then deploys.
func (r *run) released() {
	t := r.eng.Now()
	if r.a.Release.Policy == Scheduled && !r.rel.patch {
		// A scheduled release goes on its train date, a freeze after the cut.
		t = max(t, r.rel.cutAt+r.a.Release.FreezeHours)
	}
	if at := r.gate(t); at > r.eng.Now() {
		r.eng.ScheduleAt(at, r.hDeployStart, 0)
		return
	}
	// Nothing holds it back (a push-button or per-change release): it
	// starts now, without an event. deployStart only schedules what
	// follows, so the callers' code after this call sees what it would
	// have seen had deployStart come as the next event of this instant.
	r.deployStart(0)
}

// gate returns the first time at or after t when a deployment may start:
// after the next change-approval meeting, outside freeze windows and inside
// the deployment window. Hotfixes skip it: they are emergencies.
func (r *run) gate(t float64) float64 {
	if r.a.CAB.Enabled {
		// Approval is given once, at the next meeting; after that the
		// release only waits for a day outside freezes and its window.
		t = r.nextCAB(t)
	}
	for range 64 { // each rule only moves t forward; a few rounds settle it
		t0 := t
		t = r.window(r.afterFreeze(t))
		if t == t0 {
			break
		}
	}
	return t
}

// nextCAB returns the first meeting at least LeadHours after t. Meetings
// keep their weekday; a board that meets every few weeks starts in a week
// drawn once per replication.
func (r *run) nextCAB(t float64) float64 {
	c := r.a.CAB
	offset := c.MeetingOffsetHours + math.Floor(r.cabPhase*c.MeetsEveryHours/hoursPerWeek)*hoursPerWeek
	k := math.Ceil((t + c.LeadHours - offset) / c.MeetsEveryHours)
	return offset + max(k, 0)*c.MeetsEveryHours
}

func (r *run) afterFreeze(t float64) float64 {
	if len(r.a.Freezes) == 0 {
		return t
	}
	for range 366 {
		d := dayOfYear(t)
		frozen := false
		for _, f := range r.a.Freezes {
			if f.contains(d) {
				frozen = true
				break
			}
		}
		if !frozen {
			return t
		}
		t = (math.Floor(t/hoursPerDay) + 1) * hoursPerDay // next midnight
	}
	return t // every day is frozen: Validate cannot see this; deploy anyway
}

func (r *run) window(t float64) float64 {
	d := &r.a.Deploy
	switch d.Window {
	case OfficeHours:
		return r.cal.NextWorking(t)
	case MaintenanceWindow:
		start := float64(d.WindowWeekday)*hoursPerDay + d.WindowStartHour
		k := math.Floor((t - start) / hoursPerWeek)
		w := start + k*hoursPerWeek
		if t < w+d.WindowHours && t >= w {
			return t
		}
		return w + hoursPerWeek
	}
	return t
}

// releaseDone frees the release slot: whatever became ready meanwhile goes
// now (a missed train or cadence, or the per-change and batch-size
// triggers).
func (r *run) releaseDone() {
	r.rel = nil
	if r.closing || r.repairing {
		return
	}
	if r.pendingCut {
		r.cut()
		return
	}
	r.onReady()
}
