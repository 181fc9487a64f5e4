package models

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"deploysim/sim"
	"deploysim/stats"
)

// RunOptions fix one replication of one arm.
type RunOptions struct {
	Seed         uint64
	Replication  int
	HorizonHours float64 // measured period, > 0
	WarmupHours  float64 // simulated before the measured period, ≥ 0
	Record       bool    // keep the event log in Outcome.Log
	Trace        bool    // keep the structured trace in Outcome.Trace (see trace.go)
	// Budget is the most engine events the replication may fire; 0 means
	// DefaultBudget. A replication that would need more ends with a
	// *BudgetError.
	Budget uint64
}

// DefaultBudget is the event budget of a replication: twice the most that
// the scenario loader lets a file ask for, and about a minute of one core.
const DefaultBudget = 200_000_000

// BudgetError is a replication that ran out of its event budget. It wraps
// the engine's *sim.BudgetError (errors.As finds either) and names the arm
// and the parameters that drive its number of events.
type BudgetError struct {
	Arm    string
	Driver string // the parameters that drove it, in scenario terms
	Err    *sim.BudgetError
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("arm %s: one replication needs more than %d events (stopped %.3g days into it): %s", e.Arm, e.Err.Budget, e.Err.Now/hoursPerDay, e.Driver)
}

func (e *BudgetError) Unwrap() error { return e.Err }

// Random streams. Everything about a change is a keyed draw (see rand.go),
// the same in every arm; the streams below are for what belongs to one
// arm's process: arrival gaps (the same in arms with the same calendar and
// rate, because nothing else reads the stream), batch-stage durations,
// deployment steps, and incident response.
const (
	streamWork     = 1 // arrival gaps only
	streamPipeline = 2 // batch-stage durations
	streamDeploy   = 3 // deployment steps, errors, verification, canary analysis
	streamIncident = 4 // detection, response, diagnosis, hotfixes
	streamPhase    = 5 // the phase of trains and meetings: one draw each, shared by every arm
)

// maxRepairRounds bounds the hotfixes of one incident: a fix that keeps
// breaking production is stopped by hand (the incident is counted in
// Outcome.UnresolvedIncidents) rather than simulated forever.
const maxRepairRounds = 12

// Simulate runs one replication of arm a and returns its outcome. The arm
// must be valid (see Validate); Simulate panics on an invalid arm, and on a
// replication that exceeds its event budget (SimulateContext returns that
// as an error). The same arm and options always give the same outcome.
func Simulate(a *Arm, opt RunOptions) Outcome {
	o, err := SimulateContext(context.Background(), a, opt)
	if err != nil {
		panic(fmt.Sprintf("models: Simulate: %v", err))
	}
	return o
}

// SimulateContext is Simulate that stops within a few thousand events of
// ctx being cancelled, returning ctx's error, and returns a *BudgetError
// for a replication that would exceed its event budget. It panics on an
// invalid arm.
func SimulateContext(ctx context.Context, a *Arm, opt RunOptions) (Outcome, error) {
	if err := a.Validate(); err != nil {
		panic(fmt.Sprintf("models: Simulate on an invalid arm: %v", err))
	}
	return simulate(ctx, a, opt)
}

// simulate is SimulateContext for an arm already validated:
// Experiment.Run checks every arm once, not once per replication.
func simulate(ctx context.Context, a *Arm, opt RunOptions) (Outcome, error) {
	r := newRun(a, opt)
	defer r.recycle()
	budget := opt.Budget
	if budget == 0 {
		budget = DefaultBudget
	}
	r.eng.SetBudget(budget)
	r.eng.SetStop(sim.ContextStop(ctx))
	r.start()
	if err := r.eng.RunUntil(r.end); err != nil {
		return Outcome{}, r.halted(ctx, err)
	}
	r.closeBooks()
	r.tracePending()
	// An incident open at the end of the horizon is followed to its end so
	// that its recovery time and loss are known; nothing new starts.
	r.closing = true
	for r.inc.open && r.eng.Step() {
	}
	if err := r.eng.Err(); err != nil {
		return Outcome{}, r.halted(ctx, err)
	}
	r.out.Events = r.eng.Fired()
	// Results keep every outcome: give back what the sketch reserved to
	// grow (a fifth of its size).
	r.out.LeadTimeHours.Trim()
	return r.out, nil
}

// halted turns the engine's reason for halting into the model's error.
func (r *run) halted(ctx context.Context, err error) error {
	var be *sim.BudgetError
	if errors.As(err, &be) {
		w := &r.a.Work
		return &BudgetError{Arm: r.a.Name, Err: be, Driver: fmt.Sprintf(
			"work.changes_per_day %g over a horizon of %g days with a warm-up of %g days, release.policy %s every %g h; lower the rate, shorten the horizon or check the arm's release and hotfix settings",
			w.ChangesPerDay, r.opt.HorizonHours/hoursPerDay, r.opt.WarmupHours/hoursPerDay, r.a.Release.Policy, r.a.Release.EveryHours)}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// change is one unit of work flowing through the model.
type change struct {
	seq          uint64  // arrival number: the key of its random draws
	commit       float64 // hours: when it was committed
	size         float64 // relative size, mean 1
	stage        int     // next per-change pipeline stage
	attempt      int     // rework rounds so far: keys fresh draws for the next pass
	sev          int     // severity class, drawn for every change
	defect       bool    // carries a latent defect
	irreversible bool    // cannot be rolled back
	cfg          bool    // its configuration, infrastructure or dependency change breaks outside the code once deployed
	flagged      bool    // its new behaviour sits behind a feature flag
	component    int32   // the component it touches (interactions)
	waiting      bool    // counts as work in progress (cost of delay)
	delivered    bool    // has reached production once (its lead time is recorded)
	live         bool    // in production now
	freed        bool    // its storage is on the free list
	relSeq       int32   // the release it went out in
	relSize      int32   // how many changes that release held
	activation   sim.Handle
}

type run struct {
	a       *Arm
	opt     RunOptions
	scratch *scratch
	eng     *sim.Engine
	cal     *Calendar
	tr      *profile
	key     keyed

	work, pipe, dep, incR *rand.Rand

	warmEnd, end float64
	closing      bool

	changes   []change
	free      []int32
	nextSeq   uint64
	fixSeq    uint64 // keys of follow-up changes for minor defects
	perChange []int  // indices of per-change stages, in order
	batch     []int  // indices of batch stages, in order
	stageRes  []*sim.Resource
	stageDist []lognormal // per pipeline stage
	sizeDist  lognormal   // change sizes
	reworkD   lognormal   // rework of a caught defect
	activateD lognormal   // traffic until a defect shows
	reportD   lognormal   // traffic until users report a minor defect, at full impact
	autoD     lognormal   // an automated deployment (once a deployment: worked out once)
	verifyD   lognormal   // checking a deployment
	logNoDef  float64     // log(1 − DefectProb): a change of size s is clean with probability exp(s·logNoDef)
	incShare  float64     // share of escaped defects that are incidents

	ready    []int32 // passed the per-change stages, waiting for a release
	pool     [3]release
	relSeq   int32
	relFlags []uint8  // by release sequence number; index 0 unused
	rel      *release // the planned release under way, cut to fully out
	live     *release // the newest release exposed to users, until superseded or rolled back
	hot      release  // the hotfix deployment under way

	pendingCut     bool    // a train or cadence came while the slot was busy
	deployWaiting  bool    // a planned deployment waits for the open incident to close
	trafficWaiting bool    // a deployed release waits for it before taking traffic
	repairing      bool    // a rolled-back release is being diagnosed
	repair         []int32 // its changes
	repairFaults   []int32 // the changes whose faults were seen
	phase          float64 // in [0, 1): where trains fall in their interval
	cabPhase       float64

	inc    incident
	faults []fault

	wip     stats.TimeWeighted // changes in progress, over the measured period
	wipN    int
	dayArea float64 // wip area booked so far

	arrivalRate float64 // per working hour

	// Event handlers bound once, so that scheduling allocates nothing.
	hArrive, hStageGranted, hStageDone, hReworkDone   func(int)
	hTrain, hCadence, hBatchGranted, hBatchDone       func(int)
	hDeployStart, hServerDone, hExecDone, hVerifyDone func(int)
	hTraffic, hBake, hActivate, hConfigShows          func(int)
	hMinorFound, hAlert, hReport, hRespond            func(int)
	hOnCall                                           func(int)
	hRollbackDone, hDiagnosed, hFixReady, hHotfixGo   func(int)
	hDay, hMeasure, hLever, hHotfixFault              func(int)

	incSeq     int     // incidents opened so far: stale lever events see they are not theirs
	lastDeploy float64 // when the last deployment started (practice)
	errMult    float64 // the practice multiplier of the deployment under way
	compN      []int32 // scratch: a release's changes, by component

	out Outcome
}

// lognormal is a Dist with its parameters worked out once: the value for
// a standard normal z is mean · exp(σz − σ²/2), σ² = ln(1 + CV²).
type lognormal struct{ mean, sigma, half float64 }

func newLognormal(d Dist) lognormal {
	if d.CV == 0 || d.Mean == 0 {
		return lognormal{mean: d.Mean}
	}
	s2 := math.Log1p(d.CV * d.CV)
	return lognormal{mean: d.Mean, sigma: math.Sqrt(s2), half: s2 / 2}
}

// at returns the value for the standard normal number z.
func (l lognormal) at(z float64) float64 {
	if l.sigma == 0 {
		return l.mean
	}
	return l.mean * exp(l.sigma*z-l.half)
}

// sample draws from a log-normal with the given mean and coefficient of
// variation (see Dist), from stream g. A Dist with CV 0 draws nothing.
func sample(g *rand.Rand, d Dist) float64 {
	return newLognormal(d).draw(g)
}

// draw is sample for a Dist worked out once.
func (l lognormal) draw(g *rand.Rand) float64 {
	if l.sigma == 0 {
		return l.mean
	}
	return l.at(g.NormFloat64())
}

// scratch is the storage a replication grows and drops at its end: the
// engine's calendar and records and the changes. Kept for the next
// replication, it spares each one growing them again: a quarterly arm's
// changes alone grew by doubling to about 1,900 (360 KB of allocation a
// replication).
type scratch struct {
	eng     *sim.Engine
	changes []change
}

var scratchPool = sync.Pool{New: func() any { return &scratch{eng: sim.New()} }}

// recycle gives the run's scratch storage back; the run must not be used
// after it. The outcome keeps nothing of it.
func (r *run) recycle() {
	r.scratch.changes = r.changes[:0]
	scratchPool.Put(r.scratch)
	r.scratch, r.eng, r.changes = nil, nil, nil
}

func newRun(a *Arm, opt RunOptions) *run {
	sc := scratchPool.Get().(*scratch)
	sc.eng.Reset()
	r := &run{
		a:       a,
		opt:     opt,
		scratch: sc,
		eng:     sc.eng,
		changes: sc.changes[:0],
		cal:     &a.Calendar,
		tr:      newProfile(a.Traffic),
		key:     newKeyed(opt.Seed, opt.Replication),
		work:    sim.Stream(opt.Seed, opt.Replication, streamWork),
		pipe:    sim.Stream(opt.Seed, opt.Replication, streamPipeline),
		dep:     sim.Stream(opt.Seed, opt.Replication, streamDeploy),
		incR:    sim.Stream(opt.Seed, opt.Replication, streamIncident),
		warmEnd: opt.WarmupHours,
		end:     opt.WarmupHours + opt.HorizonHours,
		fixSeq:  1 << 40,
	}
	r.relFlags = append(r.relFlags, 0)
	ph := sim.Stream(opt.Seed, opt.Replication, streamPhase)
	r.phase, r.cabPhase = ph.Float64(), ph.Float64()
	r.out.HorizonHours = opt.HorizonHours
	r.out.LeadTimeHours = stats.NewSketch(LeadTimeAccuracy)
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
		r.stageDist = append(r.stageDist, newLognormal(s.Hours))
	}
	r.logNoDef = math.Log1p(-a.Work.DefectProb)
	r.sizeDist = newLognormal(Dist{Mean: 1, CV: a.Work.SizeCV})
	r.reworkD = newLognormal(a.Work.ReworkHours)
	r.activateD = newLognormal(a.Work.ActivationHours)
	r.reportD = newLognormal(a.Monitoring.ReportHours)
	r.autoD = newLognormal(a.Deploy.AutomatedHours)
	r.verifyD = newLognormal(a.Deploy.Verify.Hours)
	for _, s := range a.Work.Severities {
		if s.Incident {
			r.incShare += s.Share
		}
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
	r.hBake = r.bakeDone
	r.hActivate = r.activate
	r.hConfigShows = r.configShows
	r.hMinorFound = r.minorFound
	r.hAlert = r.alert
	r.hReport = r.report
	r.hRespond = r.respond
	r.hOnCall = r.onCallResponds
	r.hRollbackDone = r.rollbackDone
	r.hDiagnosed = r.diagnosed
	r.hFixReady = r.fixReady
	r.hHotfixGo = r.hotfixGo
	r.hDay = r.day
	r.hMeasure = r.measureStart
	r.hLever = r.lever
	r.hHotfixFault = r.hotfixFault
	r.errMult = 1
	return r
}

func (r *run) start() {
	r.scheduleArrival()
	r.eng.ScheduleAt(r.warmEnd, r.hMeasure, 0)
	switch rel := r.a.Release; rel.Policy {
	case Scheduled:
		// Trains leave every interval at a phase drawn once per
		// replication, so that a horizon holds horizon ÷ interval trains
		// on average; each cut is a freeze before its train.
		first := r.phase * rel.EveryHours
		for first-rel.FreezeHours < 0 {
			first += rel.EveryHours
		}
		r.eng.ScheduleAt(first-rel.FreezeHours, r.hTrain, 0)
	case OnDemand:
		if rel.EveryHours > 0 {
			r.eng.ScheduleAt(r.phase*rel.EveryHours, r.hCadence, 0)
		}
	}
}

func (r *run) log(kind RecordKind, changes int, exposure float64, detail string) {
	if !r.opt.Record {
		return
	}
	rec := Record{Hours: r.eng.Now(), Kind: kind, Changes: changes, Exposure: exposure, Detail: detail}
	if r.inc.open {
		r.accrue(rec.Hours)
		rec.Loss = r.inc.lossArea * 60 * r.a.Money.LossPerMinute
	}
	r.out.Log = append(r.out.Log, rec)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
