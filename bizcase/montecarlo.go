package bizcase

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"gonum.org/v1/gonum/stat"

	"deploysim/metrics"
	"deploysim/models"
	"deploysim/scenarios"
	"deploysim/sim"
	"deploysim/stats"
)

// Options configure Run.
type Options struct {
	// Workers is how many simulations run at once (0: GOMAXPROCS). The
	// result does not depend on it.
	Workers int
	// Progress, if not nil, is called after each simulated year pair.
	Progress func(done, total int)
	// Pins are inputs the user set (a flag, an override) at the value the
	// scenario now holds: an uncertain range on the same path is not
	// sampled but fixed there, and the result says so (Result.Pinned).
	Pins []Pin
	// Years, if not nil, stands in for the runner of the simulated year
	// pairs: it is given how many there are and the function that
	// simulates pair j, and returns every pair's Year in order, or an
	// error that Run returns. deploysim's shards use it to simulate only
	// their slice of the samples, and its merge to read back what the
	// shards wrote.
	Years func(ctx context.Context, n int, simulate func(j int) (Year, error), progress func(done, total int)) ([]Year, error)
}

// RecommendedSamples is the least number of samples whose percentages
// (P(NPV < 0), the input/noise split) move by no more than a few points
// from one seed to another on the built-in case; fewer get a warning.
// TestSampleStability measures it (slow tier).
const RecommendedSamples = scenarios.DefaultCaseSamples

// MaxCurveYears is the horizon the curve of NPV against the horizon
// reaches at least (Result.Horizons).
const MaxCurveYears = 5

// Random stream ids of the business case, apart from the model's.
const (
	streamInputs = 101 // one uniform per input per outer sample
	streamSeeds  = 102 // the seed of each outer sample's simulations
)

// Savings is what the move saves a year, by source, in the case's
// currency: the from-arm's cost less the to-arm's. Negative is a cost.
//
// A CFO reads cash apart from opportunity. Cash is money the organisation
// stops paying or losing: incident loss, planned downtime, and labour out
// of office hours (deployment nights, call-outs), which is paid on top of
// salaries at money.off_hours_multiplier. Opportunity is value that shows
// only if it is put to use: labour in office hours (salaried people's time,
// freed for other work, not a smaller payroll) and cost of delay.
type Savings struct {
	CodeDefect      float64 `json:"code_defect"`
	DeploymentError float64 `json:"deployment_error"`
	FailedRollback  float64 `json:"failed_rollback"`
	Downtime        float64 `json:"planned_downtime"`
	LabourPaid      float64 `json:"labor_out_of_hours"`
	LabourFreed     float64 `json:"labor_office_hours"`
	Delay           float64 `json:"cost_of_delay"`
}

// Total is the sum of every source.
func (s Savings) Total() float64 { return s.Cash() + s.Opportunity() }

// Cash is the saving in cash: incident loss, planned downtime and labour
// out of office hours.
func (s Savings) Cash() float64 { return s.IncidentLoss() + s.Downtime + s.LabourPaid }

// Opportunity is the saving that is value only if put to use: labour in
// office hours and cost of delay.
func (s Savings) Opportunity() float64 { return s.LabourFreed + s.Delay }

// IncidentLoss is the saving on incident loss, all causes.
func (s Savings) IncidentLoss() float64 {
	return s.CodeDefect + s.DeploymentError + s.FailedRollback
}

// Labour is the saving on labour, in and out of office hours.
func (s Savings) Labour() float64 { return s.LabourPaid + s.LabourFreed }

// Sources lists the savings' sources in display order, cash first, with
// their values.
func (s Savings) Sources() []Source {
	return []Source{
		{"code_defect", "Incident loss: code defects", s.CodeDefect, false},
		{"deployment_error", "Incident loss: deployment errors", s.DeploymentError, false},
		{"failed_rollback", "Incident loss: failed rollbacks", s.FailedRollback, false},
		{"planned_downtime", "Planned downtime", s.Downtime, false},
		{"labor_out_of_hours", "Labour out of hours (paid: deploy nights, call-outs)", s.LabourPaid, false},
		{"labor_office_hours", "Labour in office hours (time freed)", s.LabourFreed, true},
		{"cost_of_delay", "Cost of delay", s.Delay, true},
	}
}

// Source is one source of savings. Opportunity marks the sources that are
// not cash.
type Source struct {
	Key, Label  string
	Value       float64
	Opportunity bool
}

func (s Savings) add(o Savings, k float64) Savings {
	s.CodeDefect += k * o.CodeDefect
	s.DeploymentError += k * o.DeploymentError
	s.FailedRollback += k * o.FailedRollback
	s.Downtime += k * o.Downtime
	s.LabourPaid += k * o.LabourPaid
	s.LabourFreed += k * o.LabourFreed
	s.Delay += k * o.Delay
	return s
}

// armCosts is what the business case reads from one simulated year of an
// arm: its costs a year as the metrics table defines them (package
// metrics), the labour among them booked out of office hours, and what
// the sanity checks look at.
type armCosts struct {
	codeDefect, deployError, rollback float64 // incident loss by cause
	downtime, delay                   float64
	labour, labourOffHours            float64
	offPlain                          float64 // out-of-hours labour at the plain rate (twin runs only)
	mult                              float64 // the arm's money.off_hours_multiplier
	unresolved                        float64 // incidents stopped by hand
	wipEnd                            int
	wipMean                           float64
}

// armCostsOf reads an arm's year. The model books labour out of office
// hours at money.off_hours_multiplier (m) × the hourly rate and does not
// report it apart; since money changes nothing the simulation does, the
// same replication run with the multiplier at m + 1 (oX, the twin) books
// exactly the out-of-hours labour at the plain rate more, so that part is
// m × (oX's labour − o's). Without a twin (oX nil) offPlain is NaN and
// labourOffHours is left for offHoursShare to fill.
func armCostsOf(o, oX *models.Outcome, m, horizonHours float64) armCosts {
	years := horizonHours / models.HoursPerYear
	v := func(key string, o *models.Outcome) float64 { return savingMetrics[key].Value(o, years) }
	c := armCosts{
		codeDefect:  v(metrics.CodeDefectLossPerYear, o),
		deployError: v(metrics.DeployErrorLossPerYear, o),
		rollback:    v(metrics.RollbackLossPerYear, o),
		downtime:    v(metrics.DowntimeCostPerYear, o),
		delay:       v(metrics.DelayCostPerYear, o),
		labour:      v(metrics.LaborCostPerYear, o),
		offPlain:    math.NaN(),
		mult:        m,
		unresolved:  float64(o.UnresolvedIncidents) / years,
		wipEnd:      o.ChangesInProgress,
		wipMean:     o.MeanWorkInProgress,
	}
	if oX != nil {
		c.offPlain = max(v(metrics.LaborCostPerYear, oX)-c.labour, 0)
		c.labourOffHours = min(m*c.offPlain, c.labour) // rounding aside
	}
	return c
}

// premium returns the arm with the out-of-hours multiplier one higher: the
// twin run that tells labour out of hours apart (see armCostsOf).
func premium(a models.Arm) models.Arm {
	a.Money.OffHoursMultiplier++
	return a
}

// offHours is an arm's out-of-hours labour measured by the twin runs of
// the point estimate: the ratio of hours worked out of office hours to
// hours in them (people × hours, both at the plain rate).
type offHours struct{ ratio float64 }

// measureOffHours sums the twin-measured years of one arm at multiplier m.
func measureOffHours(cs []armCosts, m float64) offHours {
	var off, in float64
	for _, c := range cs {
		off += c.offPlain
		in += c.labour - m*c.offPlain
	}
	switch {
	case off <= 0:
		return offHours{0}
	case in <= 0:
		return offHours{math.Inf(1)}
	}
	return offHours{off / in}
}

// share is the part of labour cost booked out of hours at multiplier m.
func (h offHours) share(m float64) float64 {
	if math.IsInf(h.ratio, 1) {
		return 1
	}
	return m * h.ratio / (1 + m*h.ratio)
}

// saving returns one simulated year pair's saving, per year: for each
// source, the from-arm's value of its metric (package metrics) less the
// to-arm's, labour split out of and in office hours.
func saving(from, to armCosts) Savings {
	return Savings{
		CodeDefect:      from.codeDefect - to.codeDefect,
		DeploymentError: from.deployError - to.deployError,
		FailedRollback:  from.rollback - to.rollback,
		Downtime:        from.downtime - to.downtime,
		LabourPaid:      from.labourOffHours - to.labourOffHours,
		LabourFreed:     from.labour - from.labourOffHours - (to.labour - to.labourOffHours),
		Delay:           from.delay - to.delay,
	}
}

// savingMetrics are the metrics a saving is the difference of, by key.
var savingMetrics = func() map[string]metrics.Metric {
	out := map[string]metrics.Metric{}
	for _, m := range metrics.CostComponents() {
		out[m.Key] = m
	}
	return out
}()

// Stat summarises a quantity over the outer samples.
type Stat struct {
	Mean float64 `json:"mean"`
	P5   float64 `json:"p5"`
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
}

// describe returns the mean and percentiles of xs (sorted in place). The
// mean of a quantity that is +Inf in some sample (payback never reached)
// is +Inf.
func describe(xs []float64) Stat {
	sort.Float64s(xs)
	p := stats.Describe(xs)
	m := 0.0
	for _, x := range xs {
		m += x
	}
	return Stat{Mean: m / float64(len(xs)), P5: p.P5, P50: p.P50, P95: p.P95}
}

// Point is the case evaluated at one parameter set: every uncertain input
// at its median.
type Point struct {
	Savings Savings `json:"savings"`
	Metrics
}

// Driver is one bar of the tornado: NPV with one input at the low and the
// high end of its 90% interval, every other input at its median.
type Driver struct {
	Path      string  `json:"path"`
	Low       float64 `json:"low"`
	High      float64 `json:"high"`
	LowText   string  `json:"low_text"`
	HighText  string  `json:"high_text"`
	NPVAtLow  float64 `json:"npv_at_low"`
	NPVAtHigh float64 `json:"npv_at_high"`
}

// Swing is how far NPV moves between the interval's ends.
func (d Driver) Swing() float64 { return math.Abs(d.NPVAtHigh - d.NPVAtLow) }

// Variance splits the variance of NPV over the samples (law of total
// variance, one-way random effects): Total = Input + Noise, where Noise is
// the simulation's noise on each sample's mean (the mean within-sample
// variance of one year's NPV divided by the years per sample) and Input
// what the spread of the inputs adds. Input is NaN with one sample and
// Noise with one replication per sample, where they cannot be told apart.
type Variance struct {
	Total float64 `json:"total"`
	Input float64 `json:"input"`
	Noise float64 `json:"noise"`
}

// InputShare is Input / (Input + Noise), or NaN.
func (v Variance) InputShare() float64 {
	if math.IsNaN(v.Input) || math.IsNaN(v.Noise) || v.Input+v.Noise == 0 {
		return math.NaN()
	}
	return v.Input / (v.Input + v.Noise)
}

// Outlook is the verdict on one measure of the saving.
type Outlook struct {
	Saving  Stat `json:"saving"`
	NPV     Stat `json:"npv"`
	Payback Stat `json:"payback_months"`
	// ProbLoss is the share of samples with NPV < 0.
	ProbLoss float64 `json:"prob_loss"`
}

// Horizon is the case counted over Years years.
type Horizon struct {
	Years int `json:"years"`
	// NPV and ProbPays (the share of samples with NPV ≥ 0) count every
	// saving; NPVCash and ProbPaysCash the cash saving alone.
	NPV          Stat    `json:"npv"`
	ProbPays     float64 `json:"prob_pays"`
	NPVCash      Stat    `json:"npv_cash"`
	ProbPaysCash float64 `json:"prob_pays_cash"`
}

// Pin fixes an input a user set: Path as the uncertain: section or --set
// spells it ("case.investment", "defaults.money.loss_per_minute"), By what
// set it ("--investment").
type Pin struct {
	Path, By string
}

// Pinned is an uncertain input a flag fixed: its range is not sampled.
type Pinned struct {
	// Path is the range's path and Name its words (InputName); Value the
	// value it is fixed at, in the unit Kind and Unit describe (as the
	// range's); By what fixed it.
	Path, Name string
	Value      float64
	Kind, Unit string
	By         string
}

// PinError is a flag that sets part of what an uncertain range moves (one
// arm's value of a field whose range is on defaults:, or the reverse):
// pinning it would leave the range moving the rest, ignoring it would
// ignore the flag.
type PinError struct {
	Pin   Pin
	Range scenarios.Range
	File  string
}

func (e *PinError) Error() string {
	return fmt.Sprintf("%s sets %s, but %s:%d gives uncertain: %s a range that also moves it: set %s itself to fix the input, or take the range out of uncertain:",
		e.Pin.By, e.Pin.Path, e.File, e.Range.Line, e.Range.Path, e.Range.Path)
}

// Draw is one outer sample: a value of every uncertain input (in the
// order of Result.Ranges) and the case it gave.
type Draw struct {
	Inputs        []float64 `json:"inputs"`
	Saving, Cash  float64
	Opportunity   float64
	NPV, NPVCash  float64
	PaybackMonths float64
}

// Band is the cumulative undiscounted cash flow by month over the samples.
type Band struct {
	// Months are 0 … 12 × years.
	Months []int     `json:"months"`
	P5     []float64 `json:"p5"`
	P50    []float64 `json:"p50"`
	P95    []float64 `json:"p95"`
}

// Result is a business case, computed once; the reports render it.
type Result struct {
	Scenario, Title, Currency string
	From, To                  models.Arm `json:"-"`
	Case                      scenarios.Case
	Ranges                    []scenarios.Range
	Seed                      uint64
	// Samples and Replications are the outer samples and the simulated
	// years per sample; TornadoReplications the years of each tornado run.
	Samples, Replications int

	// Savings are the annual savings at full effect by source; Total
	// their sum.
	Savings map[string]Stat
	Total   Stat
	NPV     Stat
	ROI     Stat
	Payback Stat
	// BreakEven is the annual saving the case needs to pay (NPV = 0), and
	// BreakEvenShare that saving as a share of the simulated one.
	BreakEven      Stat
	BreakEvenShare Stat
	// ProbLoss is the share of samples with NPV < 0; ProbPayback12 and
	// ProbPayback24 of those paying back within 12 and 24 months.
	ProbLoss, ProbPayback12, ProbPayback24 float64

	// CashSaving and OpportunitySaving split Total (see Savings), and
	// CashOnly is the case on the cash saving alone: what it is worth if
	// none of the opportunity is put to use.
	CashSaving, OpportunitySaving Stat
	CashOnly                      Outlook
	// Horizons are NPV and the probability that the case pays, with and
	// without the opportunity part, for horizons of 1 year to
	// max(MaxCurveYears, the case's), everything else as the case says:
	// when the case turns.
	Horizons []Horizon
	// Monthly is the point estimate's monthly cash flow (every input at
	// its median): the schedule a spreadsheet recomputes.
	Monthly []Month
	// Pinned are the uncertain inputs a flag fixed (Options.Pins).
	Pinned []Pinned

	// Base is the point estimate: every input at its median; BaseCase the
	// case it evaluates (the case's uncertain fields at their medians).
	Base     Point
	BaseCase scenarios.Case
	// Drivers are the inputs by swing in NPV, largest first (all of them;
	// the reports show five).
	Drivers  []Driver
	Variance Variance
	CashFlow Band
	// Draws are the samples in the order drawn: the inputs' values and
	// what they gave.
	Draws []Draw
	// NPVSamples are the samples' NPVs, sorted.
	NPVSamples []float64
	DORA       DORA
	Warnings   []string
}

// year is what one simulated year of both arms gives.
type year struct {
	saving     Savings
	from, to   armYear
	fromC, toC armCosts
}

// job is one simulated year of both arms under one parameter set.
type job struct {
	set int // index into sets
	rep int
}

// paramSet is one parameter set: the arms and the case to run, and each
// arm's twin with out-of-hours labour dearer (see armCostsOf).
type paramSet struct {
	from, to   models.Arm
	fromX, toX models.Arm
	c          scenarios.Case
	values     []float64 // the uncertain inputs' values
	seed       uint64
	horizon    float64
	warmup     float64
}

// Run runs the business case of sc (its Case, which must be set, and its
// Uncertain ranges). The same scenario gives the same Result for any
// Options.Workers. A range whose draw the model rejects is an error naming
// the range.
func Run(ctx context.Context, sc *scenarios.Scenario, opt Options) (*Result, error) {
	if sc.Case == nil {
		return nil, errors.New("bizcase: the scenario has no case: section")
	}
	c := *sc.Case
	if err := Check(sc.Uncertain, sc.Source); err != nil {
		return nil, err
	}
	ranges, streams, pinned, err := pin(sc, c, opt.Pins)
	if err != nil {
		return nil, err
	}
	qs := make([]quantiler, len(ranges))
	for i, r := range ranges {
		qs[i], _ = fit(r)
	}
	// Without uncertain inputs the samples still run on seeds of their
	// own, so that the intervals show the simulation's noise on the mean.
	samples := c.Samples
	R := c.Replications

	// The parameter sets: the samples, then the point estimate (every
	// input at its median), then the tornado's low and high of each input.
	// Draws are made here, one stream per input, so that the sets do not
	// depend on the order the simulations run in.
	var sets []paramSet
	// With opt.Years (a shard, a merge) a set's arms are built when a
	// job first needs them: building one takes a scenario resolve, which
	// a shard should pay only for its own slice of the samples and a
	// merge not at all. A draw the model rejects is then reported after
	// the runner, as the error of the lowest-numbered set, which is the
	// one the eager build reports first.
	lazy := opt.Years != nil
	var pending [][]float64
	make1 := func(values []float64, seed uint64) error {
		if lazy {
			sets = append(sets, paramSet{c: caseWith(ranges, c, values), seed: seed, horizon: sc.HorizonHours, warmup: sc.WarmupHours})
			pending = append(pending, values)
			return nil
		}
		ps, err := apply(sc, ranges, c, values, seed)
		if err != nil {
			return err
		}
		sets = append(sets, ps)
		return nil
	}
	draws := make([][]float64, len(qs))
	for i := range qs {
		// An input draws from the stream of its place in the file, so
		// that pinning one input leaves the others' draws as they were.
		// Latin hypercube sampling: an input's samples fall one in each
		// of samples equal slices of its probability, in an order its own
		// stream shuffles, so that every part of every range is drawn and
		// the percentages settle with fewer samples than independent draws
		// need (McKay, Beckman & Conover, 1979).
		g := sim.Stream(sc.Seed, streams[i], streamInputs)
		draws[i] = make([]float64, samples)
		order := g.Perm(samples)
		for k := range samples {
			draws[i][k] = qs[i].Quantile((float64(order[k]) + g.Float64()) / float64(samples))
		}
	}
	seeds := sim.Stream(sc.Seed, 0, streamSeeds)
	for k := range samples {
		values := make([]float64, len(qs))
		for i := range qs {
			values[i] = draws[i][k]
		}
		if err := make1(values, seeds.Uint64()); err != nil {
			return nil, err
		}
	}
	medians := make([]float64, len(qs))
	for i, q := range qs {
		medians[i] = median(q)
	}
	// The point estimate and the tornado share the scenario's seed: common
	// random numbers, so that a bar's length is the input's effect and not
	// noise.
	base := len(sets)
	if err := make1(medians, sc.Seed); err != nil {
		return nil, err
	}
	for i, r := range ranges {
		for _, x := range []float64{r.Low, r.High} {
			values := slices.Clone(medians)
			values[i] = x
			if err := make1(values, sc.Seed); err != nil {
				return nil, err
			}
		}
	}

	// Simulate every (set, year) pair in one pool.
	jobs := make([]job, 0, len(sets)*R)
	for s := range sets {
		for r := range R {
			jobs = append(jobs, job{s, r})
		}
	}
	// ctx and the event budget reach into every replication, as in
	// Experiment.Run: Ctrl-C stops a case within a few thousand events.
	// The point estimate's outcomes, for the model's sanity warnings.
	baseOut := [][]models.Outcome{make([]models.Outcome, R), make([]models.Outcome, R)}
	onces := make([]sync.Once, len(sets))
	buildErrs := make([]error, len(sets))
	build := func(s int) error {
		if !lazy {
			return nil
		}
		onces[s].Do(func() {
			ps, err := apply(sc, ranges, c, pending[s], sets[s].seed)
			if err == nil {
				sets[s] = ps
			}
			buildErrs[s] = err
		})
		return buildErrs[s]
	}
	// ctx and the event budget reach into every replication, as in
	// Experiment.Run: Ctrl-C stops a case within a few thousand events.
	simulate := func(j int) (year, error) {
		if err := build(jobs[j].set); err != nil {
			return year{}, err
		}
		ps := &sets[jobs[j].set]
		run := models.RunOptions{Seed: ps.seed, Replication: jobs[j].rep, HorizonHours: ps.horizon, WarmupHours: ps.warmup}
		from, err := models.SimulateContext(ctx, &ps.from, run)
		if err != nil {
			return year{}, err
		}
		to, err := models.SimulateContext(ctx, &ps.to, run)
		if err != nil {
			return year{}, err
		}
		if jobs[j].set == base && !lazy {
			baseOut[0][jobs[j].rep], baseOut[1][jobs[j].rep] = from, to
		}
		var fromX, toX *models.Outcome
		if jobs[j].set == base {
			// The twins, for the point estimate only: they double the
			// simulation for a share of labour that moves little with
			// the inputs.
			fx, err := models.SimulateContext(ctx, &ps.fromX, run)
			if err != nil {
				return year{}, err
			}
			tx, err := models.SimulateContext(ctx, &ps.toX, run)
			if err != nil {
				return year{}, err
			}
			fromX, toX = &fx, &tx
		}
		fc := armCostsOf(&from, fromX, ps.from.Money.OffHoursMultiplier, ps.horizon)
		tc := armCostsOf(&to, toX, ps.to.Money.OffHoursMultiplier, ps.horizon)
		return year{from: armYearOf(&from, ps.horizon), to: armYearOf(&to, ps.horizon), fromC: fc, toC: tc}, nil
	}
	years, err := runYears(ctx, opt, len(jobs), simulate)
	if err != nil {
		return nil, err
	}
	if lazy {
		// The result names the arms and prices DORA's formula with the
		// point estimate's: those two sets are built whatever ran.
		build(0)
		build(base)
		for _, err := range buildErrs {
			if err != nil {
				return nil, err
			}
		}
		// A merge has no outcomes, only years: the point estimate's R
		// years of both arms are simulated again for the sanity
		// warnings (2R simulations, the same numbers by seed).
		ps := &sets[base]
		pairs, err := sim.ReplicateErr(ctx, sim.Options{Replications: R, Workers: opt.Workers}, func(r int) ([2]models.Outcome, error) {
			run := models.RunOptions{Seed: ps.seed, Replication: r, HorizonHours: ps.horizon, WarmupHours: ps.warmup}
			from, err := models.SimulateContext(ctx, &ps.from, run)
			if err != nil {
				return [2]models.Outcome{}, err
			}
			to, err := models.SimulateContext(ctx, &ps.to, run)
			return [2]models.Outcome{from, to}, err
		})
		if err != nil {
			return nil, err
		}
		for r, p := range pairs {
			baseOut[0][r], baseOut[1][r] = p[0], p[1]
		}
	}
	// Labour out of hours: measured by the twins at the point estimate,
	// and for every other set the same ratio of out-of-hours to
	// office hours priced at the set's own multiplier (which the year
	// carries: a merge builds no sets).
	{
		baseYears := years[base*R : (base+1)*R]
		var fromCs, toCs []armCosts
		for _, y := range baseYears {
			fromCs, toCs = append(fromCs, y.fromC), append(toCs, y.toC)
		}
		fromOff := measureOffHours(fromCs, baseYears[0].fromC.mult)
		toOff := measureOffHours(toCs, baseYears[0].toC.mult)
		for j := range years {
			y := &years[j]
			if jobs[j].set != base {
				y.fromC.labourOffHours = y.fromC.labour * fromOff.share(y.fromC.mult)
				y.toC.labourOffHours = y.toC.labour * toOff.share(y.toC.mult)
			}
			y.saving = saving(y.fromC, y.toC)
		}
	}
	perSet := func(s int) []year { return years[s*R : (s+1)*R] }
	meanOf := func(ys []year) Savings {
		var m Savings
		for _, y := range ys {
			m = m.add(y.saving, 1/float64(len(ys)))
		}
		return m
	}

	res := &Result{
		Scenario: sc.Name, Title: sc.Title, Currency: sc.Currency,
		From: sets[0].from, To: sets[0].to,
		Case: c, Seed: sc.Seed,
		Samples: samples, Replications: R,
		Savings: map[string]Stat{},
	}
	res.Case.Lines = nil
	res.Ranges = slices.Clone(ranges)
	res.Pinned = pinned
	for i := range res.Ranges {
		res.Ranges[i].Dist = distOf(res.Ranges[i])
	}

	// The samples.
	n := 12 * c.HorizonYears
	var (
		npv, roi, pay, total, be, beShare []float64
		cash, opp, npvCash, payCash       []float64
		within                            []float64 // per sample: variance of one year's NPV
		bySource                          = map[string][]float64{}
		cum                               = make([][]float64, n+1)
		curveYears                        = max(MaxCurveYears, c.HorizonYears)
		curve                             = make([][]float64, curveYears) // NPV by horizon, then sample
		curveCash                         = make([][]float64, curveYears)
	)
	for k := range samples {
		ps := &sets[k]
		m := meanOf(perSet(k))
		met := Evaluate(&ps.c, m.Total())
		npv = append(npv, met.NPV)
		roi = append(roi, met.ROI)
		pay = append(pay, met.PaybackMonths)
		total = append(total, m.Total())
		be = append(be, met.BreakEvenSaving)
		beShare = append(beShare, met.BreakEvenSaving/m.Total())
		for _, src := range m.Sources() {
			bySource[src.Key] = append(bySource[src.Key], src.Value)
		}
		res.Draws = append(res.Draws, Draw{Inputs: ps.values, Saving: m.Total(), Cash: m.Cash(), Opportunity: m.Opportunity(),
			NPV: met.NPV, NPVCash: Evaluate(&ps.c, m.Cash()).NPV, PaybackMonths: met.PaybackMonths})
		cash = append(cash, m.Cash())
		opp = append(opp, m.Opportunity())
		metCash := Evaluate(&ps.c, m.Cash())
		npvCash = append(npvCash, metCash.NPV)
		payCash = append(payCash, metCash.PaybackMonths)
		for h := range curveYears {
			ch := ps.c
			ch.HorizonYears = h + 1
			curve[h] = append(curve[h], Evaluate(&ch, m.Total()).NPV)
			curveCash[h] = append(curveCash[h], Evaluate(&ch, m.Cash()).NPV)
		}
		for month, x := range Cumulative(CashFlows(&ps.c, m.Total()).Net) {
			cum[month] = append(cum[month], x)
		}
		if R > 1 {
			// NPV is affine in the saving, so one year's NPV varies as the
			// saving does, times the present value of a unit saving.
			unit := Evaluate(&ps.c, 1).NPV - Evaluate(&ps.c, 0).NPV
			ys := make([]float64, R)
			for r, y := range perSet(k) {
				ys[r] = y.saving.Total() * unit
			}
			within = append(within, stat.Variance(ys, nil))
		}
	}
	count := func(xs []float64, ok func(float64) bool) float64 {
		c := 0
		for _, x := range xs {
			if ok(x) {
				c++
			}
		}
		return float64(c) / float64(len(xs))
	}
	negative := func(x float64) bool { return x < 0 }
	res.ProbLoss = count(npv, negative)
	res.CashOnly = Outlook{ProbLoss: count(npvCash, negative), Saving: describe(cash), NPV: describe(npvCash), Payback: describe(payCash)}
	res.CashSaving = res.CashOnly.Saving
	res.OpportunitySaving = describe(opp)
	for h := range curveYears {
		res.Horizons = append(res.Horizons, Horizon{Years: h + 1,
			ProbPays: 1 - count(curve[h], negative), ProbPaysCash: 1 - count(curveCash[h], negative),
			NPV: describe(curve[h]), NPVCash: describe(curveCash[h])})
	}
	res.ProbPayback12 = count(pay, func(x float64) bool { return x <= 12 })
	res.ProbPayback24 = count(pay, func(x float64) bool { return x <= 24 })
	res.Variance = decompose(npv, within, R)
	if len(qs) == 0 {
		// Nothing is uncertain: all of the spread is noise, whatever the
		// estimate of the within-sample variance says.
		res.Variance.Input, res.Variance.Noise = 0, res.Variance.Total
	}
	res.NPV = describe(npv)
	res.NPVSamples = npv
	res.ROI = describe(roi)
	res.Payback = describe(pay)
	res.Total = describe(total)
	res.BreakEven = describe(be)
	res.BreakEvenShare = describe(beShare)
	for key, xs := range bySource {
		res.Savings[key] = describe(xs)
	}
	res.CashFlow = Band{Months: make([]int, n+1), P5: make([]float64, n+1), P50: make([]float64, n+1), P95: make([]float64, n+1)}
	for month := range cum {
		st := describe(cum[month])
		res.CashFlow.Months[month] = month
		res.CashFlow.P5[month], res.CashFlow.P50[month], res.CashFlow.P95[month] = st.P5, st.P50, st.P95
	}

	// The point estimate and the tornado.
	point := func(s int) Point {
		m := meanOf(perSet(s))
		return Point{Savings: m, Metrics: Evaluate(&sets[s].c, m.Total())}
	}
	res.Base = point(base)
	res.BaseCase = sets[base].c
	res.BaseCase.Lines = nil
	res.Monthly = Schedule(&res.BaseCase, res.Base.Savings)
	res.DORA = doraOf(&sets[base], perSet(base), res.Base)
	for i, r := range ranges {
		lo, hi := point(base+1+2*i), point(base+2+2*i)
		res.Drivers = append(res.Drivers, Driver{Path: r.Path, Low: r.Low, High: r.High,
			LowText: r.LowText, HighText: r.HighText, NPVAtLow: lo.NPV, NPVAtHigh: hi.NPV})
	}
	slices.SortStableFunc(res.Drivers, func(a, b Driver) int {
		switch {
		case a.Swing() > b.Swing():
			return -1
		case a.Swing() < b.Swing():
			return 1
		}
		return 0
	})
	res.Warnings = warnings(res)
	exp := models.Experiment{Arms: []models.Arm{sets[base].from, sets[base].to}}
	for _, w := range models.Sanity(&exp, baseOut) {
		res.Warnings = append(res.Warnings, w.String())
	}
	res.Warnings = append(res.Warnings, sanity(sc, res, years[:samples*R])...)
	return res, nil
}

// decompose splits the variance of the samples' NPVs into the input part
// and the simulation noise on each sample's mean of R years.
func decompose(npv, within []float64, R int) Variance {
	v := Variance{Total: math.NaN(), Input: math.NaN(), Noise: math.NaN()}
	if len(within) > 0 {
		v.Noise = stat.Mean(within, nil) / float64(R)
	}
	if len(npv) > 1 {
		v.Total = stat.Variance(npv, nil)
		if !math.IsNaN(v.Noise) {
			// The between-sample variance less the noise it contains, an
			// unbiased estimate that can come out negative by chance:
			// then the inputs add nothing measurable.
			v.Input = max(0, v.Total-v.Noise)
		}
	} else if !math.IsNaN(v.Noise) {
		v.Total, v.Input = v.Noise, 0
	}
	return v
}

// apply makes one parameter set: the model values through WithValues, the
// case values into the case.
func apply(sc *scenarios.Scenario, ranges []scenarios.Range, c scenarios.Case, values []float64, seed uint64) (paramSet, error) {
	c = caseWith(ranges, c, values)
	model := map[string]float64{}
	for i, r := range ranges {
		if !r.IsCase() {
			model[r.Path] = values[i]
		}
	}
	s := sc
	if len(model) > 0 {
		var err error
		if s, err = sc.WithValues(model); err != nil {
			return paramSet{}, fmt.Errorf("a draw of the uncertain inputs does not fit the model (narrow the range or pick a distribution bounded like the parameter, beta for a probability): %w", err)
		}
	}
	from, ok1 := s.Arm(c.From)
	to, ok2 := s.Arm(c.To)
	if !ok1 || !ok2 {
		return paramSet{}, fmt.Errorf("bizcase: case arms %q and %q not both in the scenario", c.From, c.To)
	}
	for _, a := range []*models.Arm{&from, &to} {
		if err := a.Validate(); err != nil {
			return paramSet{}, fmt.Errorf("arm %s: %w", a.Name, err)
		}
	}
	return paramSet{values: values, from: from, to: to, fromX: premium(from), toX: premium(to), c: c, seed: seed, horizon: s.HorizonHours, warmup: s.WarmupHours}, nil
}

// PaysFrom returns the shortest horizon of the curve (Horizons), in years,
// from which on the median NPV stays ≥ 0 — counting every saving, or the
// cash saving alone — and 0 if it does not within the curve: when the
// case turns.
func (r *Result) PaysFrom(cashOnly bool) int {
	from := 0
	for _, h := range r.Horizons {
		npv := h.NPV.P50
		if cashOnly {
			npv = h.NPVCash.P50
		}
		switch {
		case npv < 0:
			from = 0
		case from == 0:
			from = h.Years
		}
	}
	return from
}

// caseWith returns c with the values of the case's own uncertain inputs
// (ranges in the order of values).
func caseWith(ranges []scenarios.Range, c scenarios.Case, values []float64) scenarios.Case {
	for i, r := range ranges {
		if r.IsCase() {
			c = c.WithValue(r.Path[len("case."):], values[i])
		}
	}
	return c
}
