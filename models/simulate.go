package models

import (
	"fmt"
	"math"
	"math/rand/v2"

	"deploysim/sim"
)

// RunOptions fix one replication of one arm.
type RunOptions struct {
	Seed         uint64
	Replication  int
	HorizonHours float64 // measured period, > 0
	WarmupHours  float64 // simulated before the measured period, ≥ 0
	Record       bool    // keep the event log in Outcome.Log
}

// Random stream ids. Each source of randomness has its own stream so that
// the arms of an experiment see the same work (common random numbers): the
// same changes arrive at the same times with the same latent defects,
// whatever the arms do with them.
const (
	streamWork     = 1 // arrivals, change size, defects, irreversibility
	streamPipeline = 2 // stage durations, catches, rework
	streamDeploy   = 3 // deployment steps, errors, verification, canary
	streamIncident = 4 // detection, recovery, hotfixes
)

// Simulate runs one replication of arm a and returns its outcome. The arm
// must be valid (see Validate); Simulate panics on an invalid arm. The same
// arm and options always give the same outcome.
func Simulate(a *Arm, opt RunOptions) Outcome {
	if err := a.Validate(); err != nil {
		panic(fmt.Sprintf("models: Simulate on an invalid arm: %v", err))
	}
	return simulate(a, opt)
}

// simulate is Simulate for an arm already validated: Experiment.Run checks
// every arm once, not once per replication.
func simulate(a *Arm, opt RunOptions) Outcome {
	r := newRun(a, opt)
	r.start()
	r.eng.RunUntil(r.end)
	// An incident open at the end of the horizon is followed to its end so
	// that its recovery time and loss are known; nothing new starts.
	r.closing = true
	for r.inc.open && r.eng.Step() {
	}
	r.out.Events = r.eng.Fired()
	return r.out
}

// change is one unit of work flowing through the model.
type change struct {
	commit       float64 // hours: when it was committed
	size         float64 // relative size, mean 1
	stage        int     // next pipeline stage (index into run.perChange)
	defect       bool    // carries a latent production-impacting defect
	irreversible bool    // cannot be rolled back
}

// release is the deployment under way (at most one at a time).
type release struct {
	changes       []int32 // indices into run.changes
	hotfix        bool
	cutAt         float64
	stage         int        // next batch stage
	misconfigured int        // servers left misconfigured
	server        int        // next server to deploy (manual)
	started       float64    // when execution began
	weight        float64    // share of traffic on the new version
	step          int        // canary steps or rolling waves done
	next          sim.Handle // the next traffic step, cancelled on detection
	faultShare    float64    // share of the new version's traffic hit by a fault
	exposedAt     float64    // first user exposure
}

// incident is the open production incident (at most one at a time: no
// planned deployment starts while one is open).
type incident struct {
	open      bool
	start     float64 // first user exposure
	detected  float64
	exposure  float64 // current share of users affected
	impact    sim.TimeWeighted
	batch     []int32    // the failed release's changes
	defects   int        // code defects still live in production
	suspects  int        // changes to search for the next culprit
	config    float64    // share of traffic on misconfigured servers
	byMachine bool       // detected by an alert or canary analysis
	detectAt  float64    // when the pending detection event fires
	handle    sim.Handle // the pending detection event
	cause     Cause      // what opened it: a code defect or a deployment error
	failedAt  float64    // impact area (hours) when a rollback failed, or -1
}

type run struct {
	a   *Arm
	opt RunOptions
	eng *sim.Engine
	cal *Calendar

	work, pipe, dep, incR *rand.Rand

	warmEnd, end float64
	closing      bool

	changes   []change
	free      []int32
	perChange []int // indices of per-change stages, in order
	batch     []int // indices of batch stages, in order
	stageRes  []*sim.Resource

	ready      []int32 // passed the per-change stages, waiting for a release
	rel        *release
	relBusy    bool // a release is between cut and done, or its incident is open
	pendingCut bool // a train or cadence came while the slot was busy
	inc        incident
	spare      release // storage reused by rel

	arrivalRate float64 // per working hour

	// Event handlers bound once, so that scheduling allocates nothing.
	hArrive, hStageGranted, hStageDone, hReworkDone   func(int)
	hTrain, hCadence, hBatchGranted, hBatchDone       func(int)
	hDeployStart, hServerDone, hExecDone, hVerifyDone func(int)
	hTraffic, hDetect, hRespond, hRollbackDone        func(int)
	hFixReady, hHotfixDone                            func(int)

	out Outcome
}

func newRun(a *Arm, opt RunOptions) *run {
	r := &run{
		a:       a,
		opt:     opt,
		eng:     sim.New(),
		cal:     &a.Calendar,
		work:    sim.Stream(opt.Seed, opt.Replication, streamWork),
		pipe:    sim.Stream(opt.Seed, opt.Replication, streamPipeline),
		dep:     sim.Stream(opt.Seed, opt.Replication, streamDeploy),
		incR:    sim.Stream(opt.Seed, opt.Replication, streamIncident),
		warmEnd: opt.WarmupHours,
		end:     opt.WarmupHours + opt.HorizonHours,
	}
	r.out.HorizonHours = opt.HorizonHours
	// Size the lead-time samples for the expected number of changes (plus
	// slack) so that a replication allocates them once.
	days := opt.HorizonHours / hoursPerDay
	if !a.Calendar.WorkWeekends {
		days *= 5.0 / 7
	}
	r.out.LeadTimeHours = make([]float32, 0, int(a.Work.ChangesPerDay*days*1.1)+16)
	r.out.CostByDay = make([]float32, int(math.Ceil(opt.HorizonHours/hoursPerDay)))
	for i, s := range a.Pipeline {
		if s.Scope == BatchScope {
			r.batch = append(r.batch, i)
		} else {
			r.perChange = append(r.perChange, i)
		}
		var res *sim.Resource
		if s.Manual {
			res = sim.NewResource(r.eng, s.Capacity)
		}
		r.stageRes = append(r.stageRes, res)
	}
	r.arrivalRate = a.Work.ChangesPerDay / r.cal.workingHoursPerDay()
	r.hArrive = r.arrive
	r.hStageGranted = r.stageGranted
	r.hStageDone = r.stageDone
	r.hReworkDone = r.reworkDone
	r.hTrain = r.train
	r.hCadence = r.cadence
	r.hBatchGranted = r.batchGranted
	r.hBatchDone = r.batchDone
	r.hDeployStart = r.deployStart
	r.hServerDone = r.serverDone
	r.hExecDone = r.execDone
	r.hVerifyDone = r.verifyDone
	r.hTraffic = r.traffic
	r.hDetect = r.detect
	r.hRespond = r.respond
	r.hRollbackDone = r.rollbackDone
	r.hFixReady = r.fixReady
	r.hHotfixDone = r.hotfixDone
	return r
}

// measuring reports whether time t is inside the measured period.
func (r *run) measuring(t float64) bool { return t >= r.warmEnd && t < r.end }

func (r *run) log(kind RecordKind, changes int, exposure float64, detail string) {
	if r.opt.Record {
		r.out.Log = append(r.out.Log, Record{Hours: r.eng.Now(), Kind: kind, Changes: changes, Exposure: exposure, Detail: detail})
	}
}

// sample draws from a log-normal with the given mean and coefficient of
// variation (see Dist).
func sample(g *rand.Rand, d Dist) float64 {
	if d.CV == 0 || d.Mean == 0 {
		return d.Mean
	}
	s2 := math.Log1p(d.CV * d.CV)
	return d.Mean * math.Exp(math.Sqrt(s2)*g.NormFloat64()-s2/2)
}

func (r *run) start() {
	r.scheduleArrival()
	switch rel := r.a.Release; rel.Policy {
	case Scheduled:
		// The first train leaves one interval in; its cut is a freeze earlier.
		r.eng.ScheduleAt(rel.EveryHours-rel.FreezeHours, r.hTrain, 0)
	case OnDemand:
		if rel.EveryHours > 0 {
			r.eng.ScheduleAt(rel.EveryHours, r.hCadence, 0)
		}
	}
}

// --- work arriving ---------------------------------------------------------

func (r *run) scheduleArrival() {
	gap := r.work.ExpFloat64() / r.arrivalRate // working hours
	t := r.cal.AddWorking(r.eng.Now(), gap)
	if t < r.end && !r.closing {
		r.eng.ScheduleAt(t, r.hArrive, 0)
	}
}

func (r *run) arrive(int) {
	w := &r.a.Work
	c := change{commit: r.eng.Now(), size: 1}
	if w.SizeCV > 0 {
		c.size = sample(r.work, Dist{Mean: 1, CV: w.SizeCV})
	}
	// A change of relative size s is like s average changes: it escapes
	// defect-free with probability (1 − p)^s.
	pDefect := w.DefectProb
	if c.size != 1 {
		pDefect = 1 - math.Pow(1-w.DefectProb, c.size)
	}
	c.defect = r.work.Float64() < pDefect
	c.irreversible = r.work.Float64() < w.IrreversibleProb
	var id int32
	if n := len(r.free); n > 0 {
		id = r.free[n-1]
		r.free = r.free[:n-1]
		r.changes[id] = c
	} else {
		id = int32(len(r.changes))
		r.changes = append(r.changes, c)
	}
	r.enterPipeline(int(id))
	r.scheduleArrival()
}

// --- per-change pipeline ----------------------------------------------------

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
		res.Request(r.hStageGranted, id)
		return
	}
	r.eng.ScheduleArg(sample(r.pipe, r.a.Pipeline[si].Hours), r.hStageDone, id)
}

func (r *run) stageGranted(id int) {
	si := r.perChange[r.changes[id].stage]
	done := r.cal.AddWorking(r.eng.Now(), sample(r.pipe, r.a.Pipeline[si].Hours))
	r.eng.ScheduleAt(done, r.hStageDone, id)
}

func (r *run) stageDone(id int) {
	c := &r.changes[id]
	si := r.perChange[c.stage]
	if res := r.stageRes[si]; res != nil {
		res.Release()
	}
	if c.defect && r.pipe.Float64() < r.a.Pipeline[si].CatchProb {
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
	t := r.cal.AddWorking(r.eng.Now(), sample(r.pipe, r.a.Work.ReworkHours))
	r.eng.ScheduleAt(t, r.hReworkDone, id)
}

func (r *run) reworkDone(id int) {
	r.changes[id].defect = false
	r.enterPipeline(id)
}

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

// cut makes a release candidate of every ready change, unless a release is
// already under way (its changes then wait for the next one).
func (r *run) cut() {
	if r.closing || len(r.ready) == 0 {
		return
	}
	if r.relBusy {
		// One release at a time, and none while an incident is open: the
		// train or button press is taken up as soon as the slot frees.
		r.pendingCut = true
		return
	}
	r.pendingCut = false
	rel := &r.spare
	*rel = release{changes: append(rel.changes[:0], r.ready...), cutAt: r.eng.Now()}
	r.ready = r.ready[:0]
	r.rel, r.relBusy = rel, true
	r.nextBatchStage()
}

func (r *run) nextBatchStage() {
	rel := r.rel
	if rel.stage >= len(r.batch) {
		r.released()
		return
	}
	si := r.batch[rel.stage]
	if res := r.stageRes[si]; res != nil {
		res.Request(r.hBatchGranted, 0)
		return
	}
	r.eng.ScheduleArg(sample(r.pipe, r.a.Pipeline[si].Hours), r.hBatchDone, 0)
}

func (r *run) batchGranted(int) {
	si := r.batch[r.rel.stage]
	done := r.cal.AddWorking(r.eng.Now(), sample(r.pipe, r.a.Pipeline[si].Hours))
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
		if r.changes[id].defect && r.pipe.Float64() < catch {
			r.log(RecDefectCaught, 1, 0, r.a.Pipeline[si].Name)
			r.rework(int(id))
			continue
		}
		kept = append(kept, id)
	}
	rel.changes = kept
	rel.stage++
	if len(rel.changes) == 0 {
		r.relBusy = false
		return
	}
	r.nextBatchStage()
}

// released: the candidate is verified; it waits for its gates (train date,
// change approval, freeze windows, deployment window) and then deploys.
func (r *run) released() {
	t := r.eng.Now()
	if r.a.Release.Policy == Scheduled {
		// A scheduled release goes on its train date, a freeze after the cut.
		t = math.Max(t, r.rel.cutAt+r.a.Release.FreezeHours)
	}
	r.eng.ScheduleAt(r.gate(t), r.hDeployStart, 0)
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

// nextCAB returns the first meeting at least LeadHours after t.
func (r *run) nextCAB(t float64) float64 {
	c := r.a.CAB
	k := math.Ceil((t + c.LeadHours - c.MeetingOffsetHours) / c.MeetsEveryHours)
	return c.MeetingOffsetHours + math.Max(k, 0)*c.MeetsEveryHours
}

func (r *run) afterFreeze(t float64) float64 {
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

// --- deployment execution ---------------------------------------------------

func (r *run) deployStart(int) {
	rel := r.rel
	rel.started = r.eng.Now()
	r.log(RecDeployStart, len(rel.changes), 0, "")
	r.execute()
}

// execute runs the deployment steps: manual server by server, or scripted.
func (r *run) execute() {
	d := &r.a.Deploy
	rel := r.rel
	if d.Mode == Automated {
		if r.dep.Float64() < d.AutomatedErrorProb {
			rel.misconfigured = 1
		}
		r.eng.ScheduleArg(sample(r.dep, d.AutomatedHours), r.hExecDone, 0)
		return
	}
	rel.server = 0
	r.deployServer()
}

// deployServer runs one server's manual steps; each step may go wrong.
func (r *run) deployServer() {
	d := &r.a.Deploy
	var h float64
	bad := false
	for range d.StepsPerServer {
		h += sample(r.dep, d.StepHours)
		if r.dep.Float64() < d.StepErrorProb {
			bad = true
		}
	}
	if bad {
		r.rel.misconfigured++
	}
	r.eng.ScheduleArg(h, r.hServerDone, 0)
}

func (r *run) serverDone(int) {
	r.rel.server++
	if r.rel.server < r.a.Deploy.Servers {
		r.deployServer()
		return
	}
	r.execDone(0)
}

func (r *run) execDone(int) {
	v := &r.a.Deploy.Verify
	if v.Hours.Mean > 0 || v.ConfigCatchProb > 0 || v.DefectCatchProb > 0 {
		r.eng.ScheduleArg(sample(r.dep, v.Hours), r.hVerifyDone, 0)
		return
	}
	r.verifyDone(0)
}

// verifyDone: the post-deployment check looks at every server and runs the
// smoke tests before users are exposed.
func (r *run) verifyDone(int) {
	rel := r.rel
	v := &r.a.Deploy.Verify
	if !rel.hotfix && v.DefectCatchProb > 0 {
		// Smoke tests: each defect present is caught with some probability;
		// caught changes are pulled out for rework and the rest redeployed
		// at once (a new execution, with its own chances of error).
		kept := rel.changes[:0]
		for _, id := range rel.changes {
			if r.changes[id].defect && r.dep.Float64() < v.DefectCatchProb {
				r.rework(int(id))
				continue
			}
			kept = append(kept, id)
		}
		if pulled := len(rel.changes) - len(kept); pulled > 0 {
			rel.changes = kept
			r.log(RecCaughtByVerify, pulled, 0, "smoke tests caught a defect")
			r.out.CaughtBeforeTraffic += b2i(r.measuring(r.eng.Now()))
			if len(kept) == 0 {
				r.labour(rel.started, r.eng.Now(), r.a.Deploy.People)
				r.releaseDone()
				return
			}
			rel.misconfigured = 0
			r.execute()
			return
		}
	}
	fixed := 0
	for range rel.misconfigured {
		if r.dep.Float64() < v.ConfigCatchProb {
			fixed++
		}
	}
	if fixed > 0 {
		// The caught servers are put right before traffic.
		r.log(RecCaughtByVerify, len(rel.changes), 0, "consistency check caught a misconfigured server")
		r.out.CaughtBeforeTraffic += b2i(r.measuring(r.eng.Now()))
		rel.misconfigured -= fixed
	}
	r.labour(rel.started, r.eng.Now(), r.a.Deploy.People)
	r.startTraffic()
}

// labour books people × hours of work between from and to.
func (r *run) labour(from, to float64, people int) {
	if !r.measuring(from) || people == 0 {
		return
	}
	m := &r.a.Money
	rate := m.HourlyRate
	if !r.cal.IsWorking(from) {
		rate *= m.OffHoursMultiplier
	}
	cost := float64(people) * (to - from) * rate
	r.out.LaborCost += cost
	r.book(from, cost)
}

// book adds a cost other than incident loss to the day of the measured
// period in which it fell (t must be inside it).
func (r *run) book(t, cost float64) {
	if d := int((t - r.warmEnd) / hoursPerDay); d >= 0 && d < len(r.out.CostByDay) {
		r.out.CostByDay[d] += float32(cost)
	}
}

// --- strategy: traffic and blast radius ---------------------------------------

func (r *run) startTraffic() {
	rel := r.rel
	now := r.eng.Now()
	rel.exposedAt = now
	// A code defect hits its share of the users on the new version; a
	// misconfigured server hits the share of traffic it serves.
	rel.faultShare = float64(rel.misconfigured) / float64(r.a.Deploy.Servers)
	for _, id := range rel.changes {
		if r.changes[id].defect {
			rel.faultShare = math.Max(rel.faultShare, r.a.Work.DefectImpact)
			break
		}
	}
	if rel.hotfix {
		r.hotfixLive()
		return
	}
	if r.measuring(now) {
		r.out.Deployments++
		r.out.PlannedReleases++
		if rel.faultShare > 0 {
			r.out.FailedDeployments++
			r.out.FailedReleases++
		}
		if r.a.Strategy.Kind == BigBang && r.a.Strategy.DowntimeHours > 0 {
			min := r.a.Strategy.DowntimeHours * 60
			r.out.PlannedDowntimeMinutes += min
			cost := min * r.a.Money.PlannedDowntimePerMinute
			r.out.DowntimeCost += cost
			r.book(now, cost)
		}
	}
	if r.measuring(now) {
		r.out.BatchSize.add(float64(len(rel.changes)))
	}
	st := &r.a.Strategy
	rel.step = 0
	switch st.Kind {
	case BigBang, BlueGreen:
		delay := 0.0
		if st.Kind == BigBang {
			delay = st.DowntimeHours
		} else {
			delay = st.SwitchHours
		}
		rel.exposedAt = now + delay
		r.eng.ScheduleArg(delay, r.hTraffic, 1)
	case Rolling, Canary:
		r.traffic(1)
	}
}

// traffic moves the new version to its next traffic weight.
func (r *run) traffic(int) {
	rel := r.rel
	st := &r.a.Strategy
	now := r.eng.Now()
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
	if rel.faultShare > 0 {
		if !r.inc.open {
			r.openIncident(now)
		}
		r.setExposure(rel.weight * rel.faultShare)
	}
	if rel.weight >= 1 {
		if rel.faultShare == 0 {
			r.deliver(now)
		}
		// A faulty release stays with its incident until it is rolled back
		// or fixed forward.
		return
	}
	if st.Kind == Canary && rel.faultShare > 0 && r.dep.Float64() < st.AnalysisCatchProb {
		// The analysis notices the fault by the end of this bake, unless
		// monitoring gets there first; then it aborts the rollout.
		if at := now + bake; at < r.inc.detectAt {
			r.eng.Cancel(r.inc.handle)
			r.inc.detectAt = at
			r.inc.handle = r.eng.ScheduleArg(bake, r.hDetect, 1)
		}
		return
	}
	rel.next = r.eng.ScheduleArg(bake, r.hTraffic, 0)
}

// deliver: the release is fully out and healthy.
func (r *run) deliver(now float64) {
	rel := r.rel
	r.log(RecDeployDone, len(rel.changes), 0, "")
	for _, id := range rel.changes {
		r.delivered(id, now)
	}
	r.releaseDone()
}

func (r *run) delivered(id int32, now float64) {
	c := &r.changes[id]
	if r.measuring(now) {
		lead := now - c.commit
		r.out.ChangesDelivered++
		r.out.LeadTimeHours = append(r.out.LeadTimeHours, float32(lead))
		cost := lead / hoursPerDay * r.a.Money.DelayPerChangeDay
		r.out.DelayCost += cost
		r.book(now, cost)
	}
	r.free = append(r.free, id)
}

func (r *run) releaseDone() {
	r.rel = nil
	r.relBusy = false
	if r.closing {
		return
	}
	// Whatever became ready meanwhile goes now: a missed train or cadence,
	// or the per-change and batch-size triggers.
	if r.pendingCut {
		r.cut()
		return
	}
	r.onReady()
}

// --- incidents: detection, recovery ------------------------------------------

func (r *run) openIncident(now float64) {
	in := &r.inc
	*in = incident{open: true, start: now, batch: in.batch[:0], failedAt: -1}
	in.batch = append(in.batch, r.rel.changes...)
	in.impact.Reset(now, 0)
	rel := r.rel
	for _, id := range rel.changes {
		if r.changes[id].defect {
			in.defects++
		}
	}
	in.suspects = len(rel.changes)
	in.config = float64(rel.misconfigured) / float64(r.a.Deploy.Servers)
	in.cause = DeploymentError
	if in.defects > 0 {
		in.cause = CodeDefect
	}
	r.log(RecFault, len(in.batch), 0, "")
	r.scheduleDetection()
}

// scheduleDetection draws when monitoring (an alert, or else a customer
// report) notices the open incident.
func (r *run) scheduleDetection() {
	in := &r.inc
	m := &r.a.Monitoring
	var delay float64
	if r.incR.Float64() < m.AlertProb {
		delay, in.byMachine = sample(r.incR, m.AlertHours), true
	} else {
		delay, in.byMachine = sample(r.incR, m.ReportHours), false
	}
	in.detectAt = r.eng.Now() + delay
	in.handle = r.eng.ScheduleArg(delay, r.hDetect, 0)
}

func (r *run) setExposure(x float64) {
	in := &r.inc
	in.exposure = x
	in.impact.Set(r.eng.Now(), x)
}

// detect: someone (or something) notices the fault. byCanary is 1 when
// canary analysis caught it.
func (r *run) detect(byCanary int) {
	in := &r.inc
	now := r.eng.Now()
	in.detected = now
	in.handle = sim.Handle{}
	r.log(RecDetected, len(in.batch), in.exposure, "")
	// Detection halts a rollout in progress: no further traffic steps.
	r.eng.Cancel(r.rel.next)
	rc := &r.a.Recovery
	if byCanary == 1 || rc.Method == AutoRollback && in.byMachine {
		// Canary analysis aborts and rolls back on its own, whatever the
		// team's usual method; so does an automated rollback on an alert.
		// Neither can undo an irreversible change: then people take over.
		if !r.irreversible() {
			r.rollback()
			return
		}
	}
	// A person must act: now in office hours, after the on-call response
	// otherwise.
	delay := 0.0
	if !r.cal.IsWorking(now) {
		delay = sample(r.incR, rc.OnCallHours)
	}
	r.eng.ScheduleArg(delay+sample(r.incR, rc.TriageHours), r.hRespond, 0)
}

func (r *run) irreversible() bool {
	for _, id := range r.inc.batch {
		if r.changes[id].irreversible {
			return true
		}
	}
	return false
}

// respond: triage has tied the fault to the deployment; roll back or fix
// forward.
func (r *run) respond(int) {
	if r.a.Recovery.Method == FixForward || r.irreversible() {
		r.fixForward()
		return
	}
	r.rollback()
}

func (r *run) rollback() {
	rc := &r.a.Recovery
	r.out.Rollbacks += b2i(r.measuring(r.inc.start))
	r.log(RecRollbackStart, len(r.inc.batch), r.inc.exposure, "")
	d := sample(r.incR, rc.RollbackHours)
	failP := rc.RollbackFailProb
	if r.a.Strategy.Kind == BlueGreen {
		// Switching back to the idle environment, which still runs the old
		// version.
		d, failP = r.a.Strategy.SwitchHours, 0
	}
	if r.a.Strategy.Kind == Rolling && r.rel != nil {
		d *= math.Min(r.rel.weight, 1) // only the waves done are undone
	}
	fail := 0
	if r.incR.Float64() < failP {
		fail = 1
	}
	r.eng.ScheduleArg(d, r.hRollbackDone, fail)
}

func (r *run) rollbackDone(failed int) {
	in := &r.inc
	if failed == 1 {
		r.out.FailedRollbacks += b2i(r.measuring(in.start))
		r.log(RecRollbackFailed, len(in.batch), in.exposure, "")
		if in.failedAt < 0 {
			in.failedAt = in.impact.Area(r.eng.Now())
		}
		if x := r.a.Recovery.FailedRollbackExposure; x > in.exposure {
			r.setExposure(x)
		}
		r.fixForward()
		return
	}
	// The release is undone: defective changes go to rework, the others
	// wait for the next release.
	for _, id := range in.batch {
		if r.changes[id].defect {
			r.rework(int(id))
		} else {
			r.ready = append(r.ready, id)
		}
	}
	r.restore()
}

// fixForward: find the culprit among the release's changes, write a fix and
// ship it through the hotfix lane.
func (r *run) fixForward() {
	rc := &r.a.Recovery
	in := &r.inc
	n := 1.0 // a misconfigured server is found by checking servers, not changes
	if in.defects > 0 {
		n = float64(max(in.suspects, 1))
	}
	diag := sample(r.incR, rc.DiagnosisHours) * (1 + math.Log2(n))
	h := &r.a.Hotfix
	t := diag + sample(r.incR, h.FixHours) + sample(r.incR, h.PipelineHours)
	r.eng.ScheduleArg(t, r.hFixReady, 0)
}

func (r *run) fixReady(int) {
	t := r.eng.Now()
	if r.a.Hotfix.NeedsCAB {
		t += r.a.CAB.EmergencyHours
	}
	// The hotfix lane ignores freeze and deployment windows: it is an
	// emergency.
	r.eng.ScheduleAt(t, r.hHotfixDone, 0)
}

// hotfixDone starts the hotfix deployment. It bypasses the strategy (no
// canary) and goes straight to full traffic.
func (r *run) hotfixDone(int) {
	hf := &release{hotfix: true, started: r.eng.Now()}
	if r.rel != nil {
		// The faulty release is superseded by the hotfix.
		r.releaseFixedForward()
	}
	r.rel = hf
	r.relBusy = true
	r.log(RecHotfixDeploy, 1, r.inc.exposure, "")
	r.execute()
}

// releaseFixedForward: the failed release's changes stay in production (they
// have been running since it went out) and count as delivered then.
func (r *run) releaseFixedForward() {
	rel := r.rel
	for _, id := range rel.changes {
		c := &r.changes[id]
		c.defect = false
		r.delivered(id, rel.exposedAt)
	}
	rel.changes = rel.changes[:0]
	r.inc.batch = r.inc.batch[:0] // the slots are free for reuse now
}

// hotfixLive: the hotfix deployment reached traffic. It fixes the code
// defects that diagnosis found and, having redeployed every server, any
// misconfiguration; it may bring a fault of its own. One round fixes every
// live defect of the release (an assumption, generous to big batches: a
// release with several bugs would often need several hotfixes; the
// diagnosis time already grows with the number of changes searched).
func (r *run) hotfixLive() {
	rel := r.rel
	in := &r.inc
	now := r.eng.Now()
	measuring := r.measuring(now)
	if measuring {
		r.out.Deployments++
		r.out.HotfixDeployments++
	}
	in.defects, in.suspects = 0, 1
	in.config = float64(rel.misconfigured) / float64(r.a.Deploy.Servers)
	own := r.incR.Float64() < r.a.Hotfix.DefectProb
	if own {
		in.defects++
	}
	if own || rel.misconfigured > 0 {
		r.out.FailedDeployments += b2i(measuring)
		r.out.FailedHotfixDeployments += b2i(measuring)
	}
	if in.defects == 0 && in.config == 0 {
		r.restore()
		return
	}
	x := in.config
	if in.defects > 0 {
		x = math.Max(x, r.a.Work.DefectImpact)
	}
	r.setExposure(x)
	r.fixForward()
}

// restore closes the incident: service is back.
func (r *run) restore() {
	in := &r.inc
	now := r.eng.Now()
	in.impact.Set(now, 0)
	in.exposure = 0
	r.log(RecRestored, len(in.batch), 0, "")
	if r.measuring(in.start) {
		o := &r.out
		dur := now - in.start
		o.Incidents++
		o.RecoveryHours = append(o.RecoveryHours, dur)
		o.UnplannedDowntimeMinutes += dur * 60
		impact := in.impact.Area(now) * 60
		o.ImpactMinutes += impact
		loss := impact * r.a.Money.LossPerMinute
		o.IncidentLoss += loss
		if in.failedAt >= 0 {
			before := in.failedAt * 60 * r.a.Money.LossPerMinute
			o.IncidentLossByCause[in.cause] += before
			o.IncidentLossByCause[FailedRollback] += loss - before
		} else {
			o.IncidentLossByCause[in.cause] += loss
		}
		o.MaxIncidentLoss = math.Max(o.MaxIncidentLoss, loss)
		o.IncidentLog = append(o.IncidentLog, IncidentRecord{
			StartHours: in.start - r.warmEnd, RecoveryHours: dur, Loss: loss, PeakExposure: in.impact.Max(),
		})
		r.labour(in.detected, now, r.a.Money.IncidentPeople)
	}
	in.open = false
	r.releaseDone()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
