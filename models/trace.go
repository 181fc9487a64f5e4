package models

import (
	"cmp"
	"math"
	"slices"
)

// --- the structured trace: every deployment, change and incident, with causality ---
//
// The trace is kept only when RunOptions.Trace is set: every hook below
// returns at once otherwise, so the hot path pays one predictable branch
// per hook and allocates nothing. The hooks sit beside the r.log calls of
// deploy.go, incident.go and recovery.go, one line each; everything else
// about the trace lives here.
//
// Times are in hours since the measured period began (negative in the
// warm-up), as IncidentRecord's are; NaN means "did not happen" (a
// deployment still under way at the end, an incident never detected).

// Trace is the story of one replication with identities and causality:
// which changes went out in which deployment, which deployment caused
// which incident. Exports (DevLake, CDEvents, Four Keys, CSV) are built
// from it.
type Trace struct {
	// WarmupHours and HorizonHours are the replication's warm-up and
	// measured period.
	WarmupHours  float64
	HorizonHours float64
	// Deployments in the order they started: planned releases and
	// hotfixes. A release whose every change was pulled before traffic is
	// kept with Exposed false.
	Deployments []TraceDeployment
	// Incidents in the order they opened, canary aborts included (ByCanary).
	Incidents []TraceIncident
	// Pending are the changes committed but not in production at the end
	// of the horizon (Outcome.ChangesInProgress of them), in arrival
	// order: queued, in the pipeline, in a release not yet out, or sent
	// back by a rollback. A change that went out earlier and was rolled
	// back is also in the deployment that carried it.
	Pending []TraceChange

	bySeq   map[int32]int // planned release sequence number → index in Deployments
	hot     int           // index of the hotfix under way, or -1
	open    int           // index of the open incident, or -1
	fixFrom float64       // when the current fix's work began (its first commit)
}

// TraceDeployment is one deployment of a trace.
type TraceDeployment struct {
	// Index is the deployment's number in the replication, from 1: stable
	// for a seed, the basis of its exported ID.
	Index  int
	Hotfix bool // the hotfix lane: DORA's rework
	// StartHours: execution began. ExposedHours: users first met the new
	// version (NaN if never). FinishHours: fully out, or stopped by a
	// rollback before it was (NaN if still under way at the end).
	StartHours, ExposedHours, FinishHours float64
	// Exposed: it reached production traffic (a deployment in Outcome's
	// sense). Measured: it did so inside the measured period (counted in
	// Outcome.Deployments).
	Exposed, Measured bool
	// Aborted: stopped before it was fully out (canary analysis, or a
	// detected fault halted its rollout) and rolled back.
	Aborted bool
	// Failed: it caused a production fault (DORA's change failure).
	Failed bool
	// RolledBack: a rollback of it succeeded.
	RolledBack bool
	// Changes it carried when it reached traffic.
	Changes []TraceChange
}

// TraceChange is one change (a commit merged to trunk) of a deployment.
type TraceChange struct {
	// Seq is the change's arrival number (stable for a seed); a hotfix's
	// fix has Fix set and Seq the hotfix deployment's Index.
	Seq         uint64
	Fix         bool
	CommitHours float64 // first commit
}

// TraceIncident is one incident of a trace.
type TraceIncident struct {
	Index int // from 1, stable for a seed
	// StartHours: first user exposure. DetectedHours, MitigatedHours
	// (a rollback removed the fault's release) and ResolvedHours (service
	// restored) are NaN when they did not happen.
	StartHours, DetectedHours, MitigatedHours, ResolvedHours float64
	// DetectedBy is "alert", "customer report" or "canary analysis".
	DetectedBy string
	Severity   string // the severity class of the first fault
	Cause      Cause  // what opened it
	// Deployment is the Index of the deployment whose fault opened it
	// (true causality), or 0 when no deployment is known. Culprit is the
	// Seq of the defective change when a code defect opened it, else −1.
	Deployment int
	Culprit    int64
	// ByCanary: canary analysis caught it and the pipeline rolled back
	// with nobody paged (Outcome.CanaryAborts, not Outcome.Incidents).
	ByCanary bool
	// Unnoticed: health checks drained it before anyone noticed, so
	// nobody was paged and no ticket exists (not in Outcome.Incidents);
	// like a canary abort it is a failed deployment with a recovery time.
	Unnoticed bool
	// Measured: it started inside the measured period.
	Measured bool
	// PeakExposure is the largest share of users affected, 0–1.
	PeakExposure float64
}

// The hooks: one per r.log call they sit beside. Each is small enough to
// inline, so with tracing off a hook costs a load and a branch, no call.

func (r *run) traceDeployStart(rel *release) {
	if r.opt.Trace {
		r.traceDeployStartOn(rel)
	}
}

func (r *run) traceVerified(rel *release) {
	if r.opt.Trace {
		r.traceVerifiedOn(rel)
	}
}

func (r *run) traceDeployDone(rel *release) {
	if r.opt.Trace {
		r.traceDeployDoneOn(rel)
	}
}

func (r *run) traceRollbackStart(rel *release) {
	if r.opt.Trace {
		r.traceRollbackStartOn(rel)
	}
}

func (r *run) traceMitigated(rel *release) {
	if r.opt.Trace {
		r.traceMitigatedOn(rel)
	}
}

// traceLever: a mitigation lever (a flag off, a drain, a shutdown) cut
// the open incident's exposure: it is mitigated from now, before any
// rollback or repair.
func (r *run) traceLever() {
	if t := r.tracer(); t != nil && t.open >= 0 && math.IsNaN(t.Incidents[t.open].MitigatedHours) {
		t.Incidents[t.open].MitigatedHours = r.traceHours(r.eng.Now())
	}
}

func (r *run) traceFault(f fault) {
	if r.opt.Trace {
		r.traceFaultOn(f)
	}
}

func (r *run) traceDetected(why string) {
	if r.opt.Trace {
		r.traceDetectedOn(why)
	}
}

func (r *run) traceFixFrom() {
	if r.opt.Trace {
		r.traceFixFromOn()
	}
}

func (r *run) traceHotfixStart() {
	if r.opt.Trace {
		r.traceHotfixStartOn()
	}
}

func (r *run) traceHotfixLive(failed bool) {
	if r.opt.Trace {
		r.traceHotfixLiveOn(failed)
	}
}

func (r *run) traceRestored() {
	if r.opt.Trace {
		r.traceRestoredOn()
	}
}

// tracer returns the trace, creating it on first use; nil when tracing is off.
func (r *run) tracer() *Trace {
	if !r.opt.Trace {
		return nil
	}
	if r.out.Trace == nil {
		r.out.Trace = &Trace{WarmupHours: r.opt.WarmupHours, HorizonHours: r.opt.HorizonHours,
			bySeq: map[int32]int{}, hot: -1, open: -1}
	}
	return r.out.Trace
}

// tracePending lists the changes still in progress at the end of the
// horizon (called once, when the books close).
func (r *run) tracePending() {
	t := r.tracer()
	if t == nil {
		return
	}
	t.Pending = t.Pending[:0]
	for i := range r.changes {
		c := &r.changes[i]
		if c.waiting && !c.freed {
			t.Pending = append(t.Pending, TraceChange{Seq: c.seq, CommitHours: r.traceHours(c.commit)})
		}
	}
	slices.SortFunc(t.Pending, func(a, b TraceChange) int { return cmp.Compare(a.Seq, b.Seq) })
}

// rel converts an absolute simulated time to hours since the measured
// period began.
func (r *run) traceHours(t float64) float64 { return t - r.warmEnd }

func (r *run) traceSnapshot(d *TraceDeployment, rel *release) {
	d.Changes = d.Changes[:0]
	for _, id := range rel.changes {
		c := &r.changes[id]
		d.Changes = append(d.Changes, TraceChange{Seq: c.seq, CommitHours: r.traceHours(c.commit)})
	}
}

func (t *Trace) planned(seq int32) *TraceDeployment {
	if i, ok := t.bySeq[seq]; ok {
		return &t.Deployments[i]
	}
	return nil
}

func (t *Trace) newDeployment(hotfix bool, start float64) int {
	nan := math.NaN()
	t.Deployments = append(t.Deployments, TraceDeployment{
		Index: len(t.Deployments) + 1, Hotfix: hotfix,
		StartHours: start, ExposedHours: nan, FinishHours: nan,
	})
	return len(t.Deployments) - 1
}

// traceDeployStartOn: a planned release's deployment began.
func (r *run) traceDeployStartOn(rel *release) {
	t := r.tracer()
	if t == nil {
		return
	}
	i := t.newDeployment(false, r.traceHours(r.eng.Now()))
	t.bySeq[rel.seq] = i
	r.traceSnapshot(&t.Deployments[i], rel)
}

// traceVerifiedOn: post-deployment verification pulled changes or fixed
// servers; the release goes on with what is left.
func (r *run) traceVerifiedOn(rel *release) {
	if t := r.tracer(); t != nil {
		if d := t.planned(rel.seq); d != nil {
			r.traceSnapshot(d, rel)
		}
	}
}

// traceExposed books what startTraffic decided, read back from the
// release: when users met it and whether it counts in the measured period.
func (r *run) traceExposed(d *TraceDeployment, rel *release) {
	if d.Exposed {
		return
	}
	d.Exposed = true
	d.ExposedHours = r.traceHours(rel.exposedAt)
	d.Measured = r.relFlags[rel.seq]&relMeasured != 0
	r.traceSnapshot(d, rel)
}

// traceDeployDoneOn: a planned release is fully out.
func (r *run) traceDeployDoneOn(rel *release) {
	t := r.tracer()
	if t == nil {
		return
	}
	if d := t.planned(rel.seq); d != nil {
		r.traceExposed(d, rel)
		d.FinishHours = r.traceHours(r.eng.Now())
	}
}

// traceRollbackStartOn: a rollback of the live release began; a release not
// yet fully out stops here.
func (r *run) traceRollbackStartOn(rel *release) {
	t := r.tracer()
	if t == nil || rel == nil {
		return
	}
	if d := t.planned(rel.seq); d != nil {
		r.traceExposed(d, rel)
		if math.IsNaN(d.FinishHours) {
			d.Aborted = true
			d.FinishHours = r.traceHours(r.eng.Now())
		}
	}
}

// traceMitigatedOn: the rollback of rel landed; its faults left production.
func (r *run) traceMitigatedOn(rel *release) {
	t := r.tracer()
	if t == nil {
		return
	}
	if d := t.planned(rel.seq); d != nil {
		d.RolledBack = true
	}
	if t.open >= 0 && math.IsNaN(t.Incidents[t.open].MitigatedHours) {
		t.Incidents[t.open].MitigatedHours = r.traceHours(r.eng.Now())
	}
}

// traceFaultOn: fault f showed; it opens an incident or joins the open one.
func (r *run) traceFaultOn(f fault) {
	t := r.tracer()
	if t == nil {
		return
	}
	now := r.traceHours(r.eng.Now())
	cause := 0
	if d := t.planned(f.relSeq); d != nil {
		d.Failed = true
		cause = d.Index
	}
	if t.open >= 0 {
		in := &t.Incidents[t.open]
		in.PeakExposure = max(in.PeakExposure, r.inc.exposure)
		return
	}
	nan := math.NaN()
	t.Incidents = append(t.Incidents, TraceIncident{
		Index: len(t.Incidents) + 1, StartHours: now,
		DetectedHours: nan, MitigatedHours: nan, ResolvedHours: nan,
		Severity: r.faultSeverity(f), Cause: f.cause, Deployment: cause,
		Measured: r.measuring(r.inc.start), PeakExposure: r.inc.exposure, Culprit: -1,
	})
	if f.change >= 0 {
		t.Incidents[len(t.Incidents)-1].Culprit = int64(r.changes[f.change].seq)
	}
	t.open = len(t.Incidents) - 1
}

// faultSeverity names the severity class of fault f: its change's class,
// or for a misconfigured server the incident class whose impact is
// nearest the share of servers affected.
func (r *run) faultSeverity(f fault) string {
	sevs := r.a.Work.Severities
	if f.change >= 0 {
		return sevs[r.changes[f.change].sev].Name
	}
	best, gap := "", math.Inf(1)
	for _, s := range sevs {
		if g := math.Abs(s.Impact - f.impact); s.Incident && g < gap {
			best, gap = s.Name, g
		}
	}
	return best
}

// traceDetectedOn: the open incident was noticed.
func (r *run) traceDetectedOn(why string) {
	t := r.tracer()
	if t == nil || t.open < 0 {
		return
	}
	in := &t.Incidents[t.open]
	in.DetectedHours = r.traceHours(r.eng.Now())
	in.DetectedBy = why
	in.ByCanary = why == "canary analysis"
	t.fixFrom = r.eng.Now()
}

// traceFixFromOn: work on a (new) fix begins now: a rollback failed, or a
// hotfix went out and something is still broken.
func (r *run) traceFixFromOn() {
	if t := r.tracer(); t != nil {
		t.fixFrom = r.eng.Now()
	}
}

// traceHotfixStartOn: a hotfix deployment began. It carries one change, the
// fix, whose first commit is taken as the moment work on it could begin
// (detection, or the previous fix failing): an assumption, since the model
// does not follow the fix's commits.
func (r *run) traceHotfixStartOn() {
	t := r.tracer()
	if t == nil {
		return
	}
	now := r.eng.Now()
	i := t.newDeployment(true, r.traceHours(now))
	d := &t.Deployments[i]
	from := t.fixFrom
	if from == 0 || from > now {
		from = now
	}
	d.Changes = append(d.Changes, TraceChange{Seq: uint64(d.Index), Fix: true, CommitHours: r.traceHours(from)})
	t.hot = i
}

// traceHotfixLiveOn: the hotfix reached every server; it failed when it
// left something broken.
func (r *run) traceHotfixLiveOn(failed bool) {
	t := r.tracer()
	if t == nil || t.hot < 0 {
		return
	}
	now := r.eng.Now()
	d := &t.Deployments[t.hot]
	d.Exposed, d.Measured = true, r.measuring(now)
	d.ExposedHours, d.FinishHours = r.traceHours(now), r.traceHours(now)
	// A hotfix failed when it brought a fault of its own (which shows
	// later, with traffic); faults still live need the next fix.
	d.Failed = failed
	if len(r.faults) > 0 {
		t.fixFrom = now
		if t.open >= 0 {
			in := &t.Incidents[t.open]
			in.PeakExposure = max(in.PeakExposure, r.inc.exposure)
		}
	}
	t.hot = -1
}

// traceRestoredOn: service is back; the open incident closes.
func (r *run) traceRestoredOn() {
	t := r.tracer()
	if t == nil || t.open < 0 {
		return
	}
	in := &t.Incidents[t.open]
	in.ResolvedHours = r.traceHours(r.eng.Now())
	in.ByCanary = r.inc.byCanary && r.inc.rounds == 0
	in.Unnoticed = !in.ByCanary && !r.inc.detected
	in.PeakExposure = max(in.PeakExposure, r.inc.impact.Max())
	t.open = -1
}
