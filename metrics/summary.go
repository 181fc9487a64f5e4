package metrics

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"deploysim/dora"
	"deploysim/models"
	"deploysim/stats"
	"deploysim/units"
)

// Meta is what a report says about a run that models.Results does not
// carry. The command line fills it from the scenario.
type Meta struct {
	// Scenario is the scenario's name ("epic-vs-continuous"); Title and
	// Story are for people.
	Scenario string
	Title    string
	Story    string
	// Currency is the ISO 4217 code of every amount ("USD"); empty means
	// USD.
	Currency string
	// Command is the command line that produced the results, so that a
	// reader can run it again.
	Command string
	// Sources say where the scenario's numbers come from, one per entry,
	// for the report's list of assumptions.
	Sources []string
	// Assumptions lists every arm's resolved parameters (one entry per
	// arm, in the order of the arms) for the report's table of
	// assumptions; the command line fills it from scenarios.Params.
	Assumptions []ArmAssumptions
	// Version is the version of deploysim that produced the results
	// ("v0.3.1", or "devel"), written beside Command.
	Version string
	// Modified lists, per arm name, the overrides that changed the arm
	// (scenarios.Scenario.Modified): its title then says so wherever it
	// appears, "Quarterly releases (modified: release.every=4w)".
	Modified map[string][]string
}

// ArmAssumptions is one arm's parameters, as a report lists them.
type ArmAssumptions struct {
	// Arm is the arm's name, as in models.Arm.Name.
	Arm    string
	Params []Assumption
}

// Assumption is one parameter of an arm: the field as a scenario file
// spells it ("deploy.step_time"), its value in scenario syntax with its
// unit ("45m"), what the value measures ("duration"), the reference's
// one-line meaning of the field (see scenarios.Param), and the reason the
// scenario gives for the value, if any ("assumption: copy the code, set
// the configuration, restart"; see scenarios.Scenario.Reasons), since a
// forwarded report has no scenario file beside it.
type Assumption struct {
	Path, Value, Unit, Doc, Reason string
}

// minReplications is the fewest replications whose intervals are not
// flagged as wide.
const minReplications = 30

// Summary is everything a run's table and pages show: computed once by
// Summarize, laid out by reports.FromRun and written by report/render,
// which compute nothing.
type Summary struct {
	Meta
	// Seed and Replications are the experiment's; HorizonDays is the
	// measured period in days.
	Seed         uint64
	Replications int
	HorizonDays  float64
	// Edition is the DORA edition the arms are rated against.
	Edition dora.Edition
	// Baseline is the index in Arms of the arm the others are compared
	// with.
	Baseline int
	Arms     []ArmSummary
	// Warnings are the caveats a reader must see ("only 20 replications:
	// intervals are wide"), in a fixed order.
	Warnings []string
}

// ArmSummary is one arm's statistics across replications.
type ArmSummary struct {
	Name, Title string
	// Modified lists the overrides that changed the arm (Meta.Modified),
	// empty if none: Label and Title then say so.
	Modified []string
	// Stats holds one entry per metric, in the order of Metrics().
	Stats []Stat
	// Dora is the arm's rating in the summary's edition, from the headline
	// values: mean deploys per year, median lead time, median recovery
	// time, mean change failure rate.
	Dora dora.Rating
	// QuickCheck is the arm's DORA Quick Check from the same headline
	// values and its rework rate: the answers dora.dev's Quick Check would
	// record and their 0–10 scores (what the 2025 edition shows instead of
	// clusters).
	QuickCheck dora.QuickCheck
	// Saved is the loss per year the arm saves against the baseline:
	// the mean of the paired per-replication differences (baseline loss
	// minus arm loss; arms share random numbers in each replication) and
	// its Student-t interval. Positive means the arm loses less. It is nil
	// for the baseline.
	Saved *stats.Interval
	// SavedRisk and SavedFlow split Saved into the two arguments a room
	// weighs apart, paired the same way: the incident loss the arm saves
	// (risk) and the cost of delay (flow). The rest of Saved is labour and
	// planned downtime. Nil for the baseline.
	SavedRisk, SavedFlow *stats.Interval
}

// Stat returns the arm's statistics of the metric with the given key.
func (a *ArmSummary) Stat(key string) (Stat, bool) {
	i := slices.IndexFunc(a.Stats, func(s Stat) bool { return s.Key == key })
	if i < 0 {
		return Stat{}, false
	}
	return a.Stats[i], true
}

// Check returns an error if s cannot be rendered: renderers take summaries
// made by Summarize, so this catches a zero or hand-edited Summary.
func (s *Summary) Check() error {
	if s == nil || len(s.Arms) == 0 {
		return errors.New("metrics: empty summary")
	}
	if s.Baseline < 0 || s.Baseline >= len(s.Arms) {
		return fmt.Errorf("metrics: baseline %d is not one of %d arms", s.Baseline, len(s.Arms))
	}
	for _, a := range s.Arms {
		if len(a.Stats) != len(table) {
			return fmt.Errorf("metrics: arm %q has %d metrics, want %d", a.Name, len(a.Stats), len(table))
		}
	}
	return nil
}

// Stat is one metric of one arm. Undefined values are NaN.
type Stat struct {
	// Key is the metric's key; Unit its unit (see Metric.Unit).
	Key, Unit string
	// Samples counts the values the percentiles are over: per change (lead
	// time) or per failed deployment (recovery time) pooled over every
	// replication for pooled metrics, otherwise the N per-replication
	// values.
	Samples int
	// Mean and its Student-t interval at stats.Level, across
	// replications; its N counts the replications in which the metric is
	// defined: Mean and the interval are over those N per-replication
	// values.
	stats.Interval
	// Empirical quantiles (stat.Empirical: no interpolation): exact for
	// per-replication values; for pooled metrics from sketches, within
	// ±0.5% of the exact value for lead time (models.LeadTimeAccuracy) and
	// ±0.1% for recovery time, so that neither the outcomes nor the
	// summary grow with the number of changes.
	stats.Percentiles
	// Headline is the value rated against DORA and compared with the
	// baseline: P50 for pooled metrics, Mean otherwise.
	Headline float64
	// Best is true for the arm with the best Headline of the metric and
	// any statistically indistinguishable from it (within 1%, or a paired
	// 95% interval of the difference that includes 0), unless every arm
	// is: a table makes it stand out (see markBestArms).
	Best bool
	// Ratio compares Headline with the baseline's, oriented so that above
	// 1 is better: arm ÷ baseline where more is better, baseline ÷ arm
	// where less is better. Equal values (both zero included) give 1; a
	// zero denominator otherwise gives +Inf; NaN if either is undefined.
	Ratio float64
}

// Summarize computes the summary of res: per arm, per metric, the mean and
// its 95% interval across replications, percentiles, ratios to the
// baseline, the DORA rating in edition (0 means DefaultEdition), the paired
// loss difference from the baseline, and warnings.
//
// It panics if res has no arms, if Outcomes does not hold the same number
// (≥ 1) of replications for every arm of res.Experiment, if the baseline is
// not one of the arms, or if edition is unknown.
func Summarize(res *models.Results, meta Meta, edition dora.Edition) Summary {
	if edition == 0 {
		edition = dora.DefaultEdition
	}
	if !slices.Contains(dora.Editions(), edition) {
		panic("metrics: unknown DORA edition " + edition.String())
	}
	CheckResults(res)
	if meta.Currency == "" {
		meta.Currency = "USD"
	}
	exp := &res.Experiment
	reps := len(res.Outcomes[0])
	s := Summary{
		Meta:         meta,
		Seed:         exp.Seed,
		Replications: reps,
		HorizonDays:  exp.HorizonHours / 24,
		Edition:      edition,
		Baseline:     exp.Baseline,
	}

	// values[a][m][r]: arm a's value of metric m in replication r. Arms,
	// and then every arm's metrics, are summarised in parallel: each
	// goroutine writes only its own entries, so the result does not depend
	// on the number of CPUs.
	values := make([][][]float64, len(exp.Arms))
	for a := range exp.Arms {
		values[a] = make([][]float64, len(table))
		for m := range table {
			values[a][m] = make([]float64, reps)
		}
	}
	// In chunks of replications, so that a few arms still keep every CPU
	// busy.
	const chunk = 16
	chunks := (reps + chunk - 1) / chunk
	parallel(len(exp.Arms)*chunks, func(j int) {
		a, c := j/chunks, j%chunks
		for r := c * chunk; r < min(reps, (c+1)*chunk); r++ {
			o := &res.Outcomes[a][r]
			for m, v := range Values(o, HorizonHours(o, exp.HorizonHours)) {
				values[a][m][r] = v
			}
		}
	})

	s.Arms = make([]ArmSummary, len(exp.Arms))
	for a, arm := range exp.Arms {
		as := ArmSummary{Name: arm.Name, Title: arm.Title, Stats: make([]Stat, len(table))}
		if as.Title == "" {
			as.Title = arm.Name
		}
		if m := meta.Modified[arm.Name]; len(m) > 0 {
			as.Modified = m
			as.Title += " (modified: " + strings.Join(m, ", ") + ")"
		}
		s.Arms[a] = as
	}
	parallel(len(exp.Arms)*len(table), func(j int) {
		a, m := j/len(table), j%len(table)
		def := table[m]
		st := describe(values[a][m], def, res.Outcomes[a])
		st.Key, st.Unit = def.Key, def.UnitIn(meta.Currency)
		s.Arms[a].Stats[m] = st
	})
	for a := range s.Arms {
		as := &s.Arms[a]
		head := func(key string) float64 { return as.Stats[Index(key)].Headline }
		as.Dora = dora.Rate(edition, head(DeploysPerYear), head(LeadTimeHours), head(RecoveryTimeHours), head(ChangeFailureRate))
		as.QuickCheck = dora.QuickCheckOf(head(DeploysPerYear), head(LeadTimeHours), head(RecoveryTimeHours), head(ChangeFailureRate), head(ReworkRate))
	}

	loss := Index(LossPerYear)
	base := &s.Arms[s.Baseline]
	for a := range s.Arms {
		as := &s.Arms[a]
		for m, def := range table {
			as.Stats[m].Ratio = versus(def, as.Stats[m].Headline, base.Stats[m].Headline)
		}
		if a != s.Baseline {
			as.Saved = pairedSaving(values[s.Baseline][loss], values[a][loss])
			risk, flow := Index(IncidentLossPerYear), Index(DelayCostPerYear)
			as.SavedRisk = pairedSaving(values[s.Baseline][risk], values[a][risk])
			as.SavedFlow = pairedSaving(values[s.Baseline][flow], values[a][flow])
		}
	}
	markBestArms(&s, values)
	s.Warnings = warnings(&s)
	for _, w := range models.Sanity(exp, res.Outcomes) {
		s.Warnings = append(s.Warnings, w.String())
	}
	return s
}

// markBestArms sets Stat.Best of the arm with the best headline of each
// metric and of every arm statistically indistinguishable from it: within
// 1% of it, or with a paired 95% interval of the per-replication
// difference (values[arm][metric], on common random numbers) that
// includes 0. A metric on which every arm ties marks none: a table marks
// a winner only where the run can tell one.
func markBestArms(s *Summary, values [][][]float64) {
	const tolerance = 0.02
	for m, def := range table {
		best, bi := math.NaN(), -1
		for a := range s.Arms {
			h := s.Arms[a].Stats[m].Headline
			if !math.IsNaN(h) && (math.IsNaN(best) || def.HigherIsBetter && h > best || !def.HigherIsBetter && h < best) {
				best, bi = h, a
			}
		}
		if bi < 0 {
			continue
		}
		ties := func(a int) bool {
			h := s.Arms[a].Stats[m].Headline
			if math.IsNaN(h) {
				return false
			}
			if a == bi || math.Abs(h-best) <= tolerance*math.Abs(best) {
				return true
			}
			if values == nil {
				return false
			}
			d, _ := stats.Paired(values[a][m], values[bi][m])
			return d.N >= 2 && d.Low <= 0 && d.High >= 0
		}
		tied := make([]bool, len(s.Arms))
		all := true
		for a := range s.Arms {
			tied[a] = ties(a)
			if !tied[a] && !math.IsNaN(s.Arms[a].Stats[m].Headline) {
				all = false
			}
		}
		if all {
			continue
		}
		for a := range s.Arms {
			s.Arms[a].Stats[m].Best = tied[a]
		}
	}
}

// CheckResults panics if res is not a well-formed set of results.
func CheckResults(res *models.Results) {
	if res == nil || len(res.Experiment.Arms) == 0 {
		panic("metrics: results with no arms")
	}
	if len(res.Outcomes) != len(res.Experiment.Arms) {
		panic(fmt.Sprintf("metrics: %d arms but outcomes for %d", len(res.Experiment.Arms), len(res.Outcomes)))
	}
	for a := range res.Outcomes {
		if len(res.Outcomes[a]) == 0 || len(res.Outcomes[a]) != len(res.Outcomes[0]) {
			panic(fmt.Sprintf("metrics: arm %d has %d replications, arm 0 has %d", a, len(res.Outcomes[a]), len(res.Outcomes[0])))
		}
	}
	if b := res.Experiment.Baseline; b < 0 || b >= len(res.Experiment.Arms) {
		panic(fmt.Sprintf("metrics: baseline %d is not one of %d arms", b, len(res.Experiment.Arms)))
	}
}

// describe computes a metric's statistics from its per-replication values
// (NaN where undefined) and, for pooled metrics, the arm's outcomes.
func describe(perRep []float64, def Metric, outcomes []models.Outcome) Stat {
	defined := make([]float64, 0, len(perRep))
	for _, v := range perRep {
		if !math.IsNaN(v) {
			defined = append(defined, v)
		}
	}
	st := Stat{Interval: stats.Mean(defined)}

	// Percentiles: of the per-replication values, exactly; of pooled
	// samples (every change's lead time) by a sketch (see pooled), so that
	// memory stays flat in the number of changes.
	if def.Pooled {
		sk := Pooled(def.Key, outcomes)
		st.Samples = sk.N()
		st.Percentiles = stats.DescribeBy(sk.Quantile)
	} else {
		sample := slices.Clone(defined)
		slices.Sort(sample)
		st.Samples = len(sample)
		st.Percentiles = stats.Describe(sample)
	}

	st.Headline = st.Mean
	if def.Pooled {
		st.Headline = st.P50
	}
	return st
}

// parallel calls fn(0) … fn(n−1) over GOMAXPROCS goroutines and waits.
func parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// versus orients arm against baseline so that above 1 is better.
func versus(def Metric, arm, baseline float64) float64 {
	top, den := baseline, arm
	if def.HigherIsBetter {
		top, den = arm, baseline
	}
	switch {
	case math.IsNaN(top) || math.IsNaN(den):
		return math.NaN()
	case top == den:
		return 1
	case den == 0:
		return math.Inf(1)
	}
	return top / den
}

// pairedSaving returns the mean and interval of baseline[r] − arm[r] over
// the replications where both are defined.
func pairedSaving(baseline, arm []float64) *stats.Interval {
	iv, _ := stats.Paired(baseline, arm)
	return &iv
}

// warnings lists the caveats of s: few replications, a short horizon, and
// metrics undefined in some or all replications of an arm.
func warnings(s *Summary) []string {
	var w []string
	switch {
	case s.Replications == 1:
		w = append(w, "only 1 replication: no confidence intervals; run 30 or more")
	case s.Replications < minReplications:
		w = append(w, fmt.Sprintf("only %d replications: intervals are wide; run %d or more", s.Replications, minReplications))
	}
	if s.HorizonDays < 90 {
		w = append(w, fmt.Sprintf("horizon of %s: per-year figures are scaled up from less than a quarter", units.FormatHours(s.HorizonDays*24)))
	}
	for _, as := range s.Arms {
		// Group the metrics undefined for the same reason (they are
		// undefined in the same replications).
		var whys []string
		keys := map[string][]string{}
		missing := map[string]int{}
		for m, def := range table {
			if n := s.Replications - as.Stats[m].N; n > 0 {
				if keys[def.UndefinedWhy] == nil {
					whys = append(whys, def.UndefinedWhy)
				}
				keys[def.UndefinedWhy] = append(keys[def.UndefinedWhy], def.Key)
				missing[def.UndefinedWhy] = n
			}
		}
		for _, why := range whys {
			list := strings.Join(keys[why], " and ")
			if missing[why] == s.Replications {
				w = append(w, fmt.Sprintf("%s: %s undefined in every replication (%s)", as.Name, list, why))
				continue
			}
			w = append(w, fmt.Sprintf("%s: %s undefined in %d of %d replications (%s): left out of the mean and interval",
				as.Name, list, missing[why], s.Replications, why))
		}
		r := as.Dora
		if r.Overall == dora.Unrated {
			continue
		}
		for i, c := range r.Clusters() {
			if c == dora.Unrated {
				w = append(w, fmt.Sprintf("%s: DORA %s not rated; overall cluster is over the other metrics", as.Name, dora.Metric(i)))
			}
		}
	}
	return w
}

// ModifiedNote follows the name of an arm an override changed wherever
// the name stands alone (a column head, a sentence); its title spells out
// how.
const ModifiedNote = " (modified)"

// Label returns the arm's name, marked " (modified)" when an override
// changed it, for column heads and sentences.
func (a *ArmSummary) Label() string {
	if len(a.Modified) > 0 {
		return a.Name + ModifiedNote
	}
	return a.Name
}
