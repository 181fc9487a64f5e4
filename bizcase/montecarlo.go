package bizcase

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

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
}

// Random stream ids of the business case, apart from the model's.
const (
	streamInputs = 101 // one uniform per input per outer sample
	streamSeeds  = 102 // the seed of each outer sample's simulations
)

// Savings is what the move saves a year, by source, in the case's
// currency: the from-arm's cost less the to-arm's. Negative is a cost.
type Savings struct {
	CodeDefect      float64 `json:"code_defect"`
	DeploymentError float64 `json:"deployment_error"`
	FailedRollback  float64 `json:"failed_rollback"`
	Downtime        float64 `json:"planned_downtime"`
	Labour          float64 `json:"labor"`
	Delay           float64 `json:"cost_of_delay"`
}

// Total is the sum of every source.
func (s Savings) Total() float64 {
	return s.IncidentLoss() + s.Downtime + s.Labour + s.Delay
}

// IncidentLoss is the saving on incident loss, all causes.
func (s Savings) IncidentLoss() float64 {
	return s.CodeDefect + s.DeploymentError + s.FailedRollback
}

// Sources lists the savings' sources in display order, with their values.
func (s Savings) Sources() []Source {
	return []Source{
		{"code_defect", "Incident loss: code defects", s.CodeDefect},
		{"deployment_error", "Incident loss: deployment errors", s.DeploymentError},
		{"failed_rollback", "Incident loss: failed rollbacks", s.FailedRollback},
		{"planned_downtime", "Planned downtime", s.Downtime},
		{"labor", "Labour (deploying, incidents)", s.Labour},
		{"cost_of_delay", "Cost of delay", s.Delay},
	}
}

// Source is one source of savings.
type Source struct {
	Key, Label string
	Value      float64
}

func (s Savings) add(o Savings, k float64) Savings {
	s.CodeDefect += k * o.CodeDefect
	s.DeploymentError += k * o.DeploymentError
	s.FailedRollback += k * o.FailedRollback
	s.Downtime += k * o.Downtime
	s.Labour += k * o.Labour
	s.Delay += k * o.Delay
	return s
}

// saving returns one simulated year pair's saving, per year: for each
// source, the from-arm's value of its metric (package metrics) less the
// to-arm's.
func saving(from, to *models.Outcome, horizonHours float64) Savings {
	years := horizonHours / models.HoursPerYear
	d := func(key string) float64 {
		m := savingMetrics[key]
		return m.Value(from, years) - m.Value(to, years)
	}
	return Savings{
		CodeDefect:      d(metrics.CodeDefectLossPerYear),
		DeploymentError: d(metrics.DeployErrorLossPerYear),
		FailedRollback:  d(metrics.RollbackLossPerYear),
		Downtime:        d(metrics.DowntimeCostPerYear),
		Labour:          d(metrics.LaborCostPerYear),
		Delay:           d(metrics.DelayCostPerYear),
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

	// Base is the point estimate: every input at its median.
	Base Point
	// Drivers are the inputs by swing in NPV, largest first (all of them;
	// the reports show five).
	Drivers  []Driver
	Variance Variance
	CashFlow Band
	// NPVSamples are the samples' NPVs, sorted.
	NPVSamples []float64
	DORA       DORA
	Warnings   []string
}

// year is what one simulated year of both arms gives.
type year struct {
	saving   Savings
	from, to armYear
}

// job is one simulated year of both arms under one parameter set.
type job struct {
	set int // index into sets
	rep int
}

// paramSet is one parameter set: the arms and the case to run.
type paramSet struct {
	from, to models.Arm
	c        scenarios.Case
	seed     uint64
	horizon  float64
	warmup   float64
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
	qs := make([]quantiler, len(sc.Uncertain))
	for i, r := range sc.Uncertain {
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
	make1 := func(values []float64, seed uint64) error {
		ps, err := apply(sc, c, values, seed)
		if err != nil {
			return err
		}
		sets = append(sets, ps)
		return nil
	}
	draws := make([][]float64, len(qs))
	for i := range qs {
		g := sim.Stream(sc.Seed, i, streamInputs)
		draws[i] = make([]float64, samples)
		for k := range samples {
			draws[i][k] = qs[i].Quantile(g.Float64())
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
	for i, r := range sc.Uncertain {
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
	// The point estimate's outcomes, for the model's sanity warnings.
	baseOut := [][]models.Outcome{make([]models.Outcome, R), make([]models.Outcome, R)}
	years, err := sim.Replicate(ctx, sim.Options{Replications: len(jobs), Workers: opt.Workers, Progress: opt.Progress},
		func(j int) year {
			ps := &sets[jobs[j].set]
			run := models.RunOptions{Seed: ps.seed, Replication: jobs[j].rep, HorizonHours: ps.horizon, WarmupHours: ps.warmup}
			from := models.Simulate(&ps.from, run)
			to := models.Simulate(&ps.to, run)
			if jobs[j].set == base {
				baseOut[0][jobs[j].rep], baseOut[1][jobs[j].rep] = from, to
			}
			return year{saving(&from, &to, ps.horizon), armYearOf(&from, ps.horizon), armYearOf(&to, ps.horizon)}
		})
	if err != nil {
		return nil, err
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
	res.Ranges = slices.Clone(sc.Uncertain)
	for i := range res.Ranges {
		res.Ranges[i].Dist = distOf(res.Ranges[i])
	}

	// The samples.
	n := 12 * c.HorizonYears
	var (
		npv, roi, pay, total, be, beShare []float64
		within                            []float64 // per sample: variance of one year's NPV
		bySource                          = map[string][]float64{}
		cum                               = make([][]float64, n+1)
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
	res.ProbLoss = count(npv, func(x float64) bool { return x < 0 })
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
	res.DORA = doraOf(&sets[base], perSet(base), res.Base)
	for i, r := range sc.Uncertain {
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
func apply(sc *scenarios.Scenario, c scenarios.Case, values []float64, seed uint64) (paramSet, error) {
	model := map[string]float64{}
	for i, r := range sc.Uncertain {
		if field, ok := r.Path, r.IsCase(); ok {
			c = c.WithValue(field[len("case."):], values[i])
			continue
		}
		model[r.Path] = values[i]
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
	return paramSet{from: from, to: to, c: c, seed: seed, horizon: s.HorizonHours, warmup: s.WarmupHours}, nil
}

// warnings are the caveats a reader must see.
func warnings(r *Result) []string {
	var w []string
	if len(r.Ranges) == 0 {
		w = append(w, "no uncertain: ranges: the intervals show simulation noise only, not what is unknown about the inputs")
	} else if r.Samples < 50 {
		w = append(w, fmt.Sprintf("only %d samples: the percentiles and probabilities are rough", r.Samples))
	}
	if r.Replications < 2 {
		w = append(w, "one simulated year per sample: input uncertainty and simulation noise cannot be told apart")
	}
	return w
}
