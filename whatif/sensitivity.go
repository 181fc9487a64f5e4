package whatif

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"deploysim/metrics"
	"deploysim/models"
	"deploysim/scenarios"
	"deploysim/stats"
)

// SensitivityOptions set up a sensitivity analysis.
type SensitivityOptions struct {
	// Arm is the arm analysed (default: the first arm that is not the
	// baseline, or the only arm). Vs, if set, makes the quantity the
	// savings of Arm against Vs: Vs's metric minus Arm's, per replication.
	Arm, Vs string
	// Metric is the quantity, in money (the caller's default: loss per
	// year).
	Metric metrics.Metric
	// By is the relative change for parameters without an uncertain:
	// range (0.5 for ±50%).
	By float64
	// Replications (0: the scenario's), Cache, Workers and Progress as
	// for Sweep.
	Replications int
	Cache        *Cache
	Workers      int
	Progress     func(done, total int)
}

// Sensitivity is a one-at-a-time analysis: each parameter moved to its
// low and then its high value, the others kept, ranked by how much the
// quantity swings.
type Sensitivity struct {
	Scenario, Title, Currency string
	// Arm and Vs as asked; ArmMark and VsMark the names as reports show
	// them (with any overrides).
	Arm, Vs         string
	ArmMark, VsMark string
	Metric          metrics.Metric
	// Quantity names what is measured: "loss per year of A", "savings per
	// year of A against B".
	Quantity string
	By       float64
	// Base is the quantity with every parameter as the scenario has it.
	Base         stats.Interval
	Replications int
	Seed         uint64
	HorizonHours float64
	// Rows are the parameters, largest swing first.
	Rows []Row
	// Unused counts the numeric parameters left out because the arm(s) do
	// not use them (see scenarios.Unused) or because moving them changed
	// no replication at all; AtZero lists those at 0 without an
	// uncertain: range (±By of 0 is 0).
	Unused int
	AtZero []string
	Notes  []string
}

// Row is one parameter's low and high.
type Row struct {
	// Param is the field ("deploy.step_error_prob"); Arms the arms whose
	// value moves: one, or both with Vs when they share the value.
	Param string
	// Name is Param with a list item named by its name where it has one
	// ("pipeline.manual-regression.catch_prob" for "pipeline[1].catch_prob"),
	// as --set also accepts it: what tables and plots show.
	Name string
	Arms []string
	// Base, Low and High are the parameter's values in the model's unit,
	// with their labels in the file's units ("2w"). A side that the model
	// does not accept (a probability above 1 is clamped first) is NaN.
	Base, Low, High                float64
	BaseLabel, LowLabel, HighLabel string
	// Kind is how the parameter's values are written ("money",
	// "probability", "duration"; see scenarios.ParamPath), Per what money
	// is per ("per minute"): a report writes the values with their units.
	Kind, Per string
	// Source is "±50%" or the uncertain: range's line ("uncertain: line 12").
	Source string
	// AtLow and AtHigh are the quantity at the low and the high value; their
	// Diff the paired change from the base.
	AtLow, AtHigh     stats.Interval
	DiffLow, DiffHigh stats.Interval
	Swing             float64 // |AtHigh − AtLow| of the means
	lowArms, highArms []models.Arm
	lowErr, highErr   error
}

// Label names a row for tables and plots as --set and sweep --vary
// spell it, so that it can be pasted: "arms.A.deploy.step_error_prob";
// a value two arms share and move together (with Vs) is
// "arms.{A,B}.deploy.step_error_prob", one path per arm in shell brace
// notation.
func (r *Row) Label(vs bool) string {
	name := r.Name
	if name == "" {
		name = r.Param
	}
	switch len(r.Arms) {
	case 0:
		return name
	case 1:
		return "arms." + r.Arms[0] + "." + name
	}
	return "arms.{" + strings.Join(r.Arms, ",") + "}." + name
}

// itemName returns field with its pipeline stage or severity class named
// ("pipeline.manual-regression.catch_prob"), when every arm in on names
// that item the same; otherwise field as it is.
func itemName(field string, on []string, involved []string, arms []models.Arm) string {
	list, rest, ok := strings.Cut(field, "[")
	if !ok {
		return field
	}
	idx, rest, ok := strings.Cut(rest, "]")
	i, err := strconv.Atoi(idx)
	if !ok || err != nil || i < 0 {
		return field
	}
	name := ""
	for _, a := range on {
		arm := &arms[slices.Index(involved, a)]
		var n string
		switch {
		case list == "pipeline" && i < len(arm.Pipeline):
			n = arm.Pipeline[i].Name
		case list == "work.severities" && i < len(arm.Work.Severities):
			n = arm.Work.Severities[i].Name
		}
		if n == "" || name != "" && n != name {
			return field
		}
		name = n
	}
	if name == "" {
		return field
	}
	return list + "." + name + rest
}

// Analyse runs the sensitivity analysis.
func Analyse(ctx context.Context, sc *scenarios.Scenario, opt SensitivityOptions) (*Sensitivity, error) {
	if opt.Metric.Value == nil {
		return nil, fmt.Errorf("whatif: no metric")
	}
	if !(opt.By > 0 && opt.By < 1) {
		return nil, fmt.Errorf("--by must be in (0%%, 100%%), got %s", percent(opt.By))
	}
	names := make([]string, len(sc.Arms))
	for i, a := range sc.Arms {
		names[i] = a.Name
	}
	if opt.Arm == "" {
		opt.Arm = names[0]
		for _, n := range names {
			if n != sc.Baseline {
				opt.Arm = n
				break
			}
		}
	}
	for _, n := range []string{opt.Arm, opt.Vs} {
		if n != "" && !slices.Contains(names, n) {
			return nil, fmt.Errorf("no arm named %q%s (arms: %s)", n, suggest(n, names), strings.Join(names, ", "))
		}
	}
	if opt.Vs == opt.Arm {
		return nil, fmt.Errorf("--vs %s is the arm analysed: name another arm (arms: %s)", opt.Vs, strings.Join(names, ", "))
	}
	cache := opt.Cache
	if cache == nil {
		cache = NewCache(opt.Workers)
	}
	n := opt.Replications
	if n == 0 {
		n = sc.Replications
	}
	s := &Sensitivity{
		Scenario: sc.Name, Title: sc.Title, Currency: sc.Currency,
		Arm: opt.Arm, Vs: opt.Vs, ArmMark: sc.Mark(opt.Arm), Metric: opt.Metric, By: opt.By,
		Replications: n, Seed: sc.Seed, HorizonHours: sc.HorizonHours,
		Quantity: strings.ToLower(opt.Metric.Title()) + " of " + opt.Arm,
	}
	if opt.Vs != "" {
		s.VsMark = sc.Mark(opt.Vs)
		s.Quantity = "savings of " + opt.Arm + " against " + opt.Vs + " (" + strings.ToLower(opt.Metric.Title()) + " of " + opt.Vs + " minus that of " + opt.Arm + ")"
	}
	involved := []string{opt.Arm}
	if opt.Vs != "" {
		involved = append(involved, opt.Vs)
	}

	rows, unused, atZero := candidates(sc, involved, opt.By)
	s.Unused, s.AtZero = unused, atZero
	if slices.ContainsFunc(rows, func(r Row) bool { return scenarios.IsSeverityShare(r.Param) }) {
		s.Notes = append(s.Notes, "A severity class's share moves with the other classes' shares scaled in proportion, so that they still add up to 100%.")
	}
	for i := range rows {
		r := &rows[i]
		r.lowArms, r.lowErr = variant(sc, r, r.Low, involved)
		r.highArms, r.highErr = variant(sc, r, r.High, involved)
		if r.lowErr != nil && r.highErr != nil {
			s.Notes = append(s.Notes, fmt.Sprintf("%s left out: the model accepts neither %s nor %s (%v)", r.Label(opt.Vs != ""), r.LowLabel, r.HighLabel, firstLine(r.lowErr)))
		}
		if r.lowErr != nil {
			r.Low, r.LowLabel = math.NaN(), "—"
		}
		if r.highErr != nil {
			r.High, r.HighLabel = math.NaN(), "—"
		}
	}

	// One batch: the base and every variant of the arms involved.
	base := make([]models.Arm, len(involved))
	for i, name := range involved {
		base[i], _ = sc.Arm(name)
	}
	req := func(a models.Arm) Request {
		return Request{Arm: a, Seed: sc.Seed, HorizonHours: sc.HorizonHours, WarmupHours: sc.WarmupHours, N: n}
	}
	var reqs []Request
	for _, a := range base {
		reqs = append(reqs, req(a))
	}
	for i := range rows {
		for _, arms := range [][]models.Arm{rows[i].lowArms, rows[i].highArms} {
			for _, a := range arms {
				reqs = append(reqs, req(a))
			}
		}
	}
	outs, err := cache.Fetch(ctx, reqs, opt.Progress)
	if err != nil {
		return nil, err
	}
	next := 0
	take := func(k int) [][]models.Outcome { o := outs[next : next+k]; next += k; return o }
	quantity := func(o [][]models.Outcome) []float64 {
		a := values(opt.Metric, o[0], sc.HorizonHours)
		if opt.Vs == "" {
			return a
		}
		b := values(opt.Metric, o[1], sc.HorizonHours)
		d := make([]float64, len(a))
		for r := range a {
			d[r] = b[r] - a[r]
		}
		return d
	}
	baseOuts := take(len(base))
	baseQ := quantity(baseOuts)
	s.Base = stats.Mean(baseQ)
	for i := range rows {
		r := &rows[i]
		var lowQ, highQ []float64
		same := true
		if r.lowArms != nil {
			o := take(len(r.lowArms))
			same = same && identical(o, baseOuts)
			lowQ = quantity(o)
			r.AtLow = stats.Mean(lowQ)
			r.DiffLow, _ = stats.Paired(lowQ, baseQ)
		}
		if r.highArms != nil {
			o := take(len(r.highArms))
			same = same && identical(o, baseOuts)
			highQ = quantity(o)
			r.AtHigh = stats.Mean(highQ)
			r.DiffHigh, _ = stats.Paired(highQ, baseQ)
		}
		if r.lowArms == nil && r.highArms == nil {
			continue
		}
		if same {
			// Moving it changed no replication: the arm does not use it in
			// any way the random numbers reach.
			s.Unused++
			continue
		}
		lo, hi := r.AtLow.Mean, r.AtHigh.Mean
		if r.lowArms == nil {
			lo = s.Base.Mean
		}
		if r.highArms == nil {
			hi = s.Base.Mean
		}
		r.Swing = math.Abs(hi - lo)
		s.Rows = append(s.Rows, *r)
	}
	slices.SortStableFunc(s.Rows, func(a, b Row) int {
		switch {
		case a.Swing > b.Swing:
			return -1
		case a.Swing < b.Swing:
			return 1
		}
		return 0
	})
	for i := range s.Rows {
		s.Rows[i].lowArms, s.Rows[i].highArms = nil, nil
	}
	return s, nil
}

// identical reports whether two sets of outcomes agree in every
// replication on what the metrics are made of.
func identical(a, b [][]models.Outcome) bool {
	for i := range a {
		for r := range a[i] {
			x, y := &a[i][r], &b[i][r]
			if x.Events != y.Events || x.TotalCost() != y.TotalCost() || x.Deployments != y.Deployments ||
				x.Incidents != y.Incidents || x.ChangesDelivered != y.ChangesDelivered || x.ImpactMinutes != y.ImpactMinutes ||
				x.UnplannedDowntimeMinutes != y.UnplannedDowntimeMinutes || !slices.Equal(x.RecoveryHours, y.RecoveryHours) ||
				!x.LeadTimeHours.Equal(&y.LeadTimeHours) {
				return false
			}
		}
	}
	return true
}

// variant returns the arms involved with the row's parameter at x.
func variant(sc *scenarios.Scenario, r *Row, x float64, involved []string) ([]models.Arm, error) {
	if math.IsNaN(x) {
		return nil, fmt.Errorf("no value")
	}
	values := map[string]float64{}
	for _, a := range r.Arms {
		values["arms."+a+"."+r.Param] = x
	}
	v, err := sc.WithValues(values)
	if err != nil {
		return nil, err
	}
	out := make([]models.Arm, len(involved))
	for i, name := range involved {
		out[i], _ = v.Arm(name)
	}
	return out, nil
}

// candidates lists the parameters to move: every numeric parameter of the
// arms involved that they use, once per arm, or once for both when they
// share the value. It returns how many it left out as unused and those
// at zero.
func candidates(sc *scenarios.Scenario, involved []string, by float64) (rows []Row, unused int, atZero []string) {
	params := make([][]scenarios.ParamValue, len(involved))
	arms := make([]models.Arm, len(involved))
	for i, name := range involved {
		params[i] = sc.NumericParams(name)
		arms[i], _ = sc.Arm(name)
	}
	valueOf := func(i int, field string) (scenarios.ParamValue, bool) {
		j := slices.IndexFunc(params[i], func(p scenarios.ParamValue) bool { return p.Field == field })
		if j < 0 {
			return scenarios.ParamValue{}, false
		}
		return params[i][j], true
	}
	done := map[string]bool{}
	for i := range involved {
		for _, p := range params[i] {
			if done[involved[i]+"\x00"+p.Field] {
				continue
			}
			var on []string
			if scenarios.Unused(&arms[i], p.Field) == "" {
				on = append(on, involved[i])
			}
			// The other arm with the same value moves with it.
			for j := range involved {
				if j == i {
					continue
				}
				if q, ok := valueOf(j, p.Field); ok && q.Value == p.Value {
					done[involved[j]+"\x00"+p.Field] = true
					if scenarios.Unused(&arms[j], p.Field) == "" {
						on = append(on, involved[j])
					}
				}
			}
			if len(on) == 0 {
				unused++
				continue
			}
			slices.SortFunc(on, func(a, b string) int { return slices.Index(involved, a) - slices.Index(involved, b) })
			r := Row{Param: p.Field, Name: itemName(p.Field, on, involved, arms), Arms: on, Base: p.Value, BaseLabel: p.Format(p.Value), Kind: p.Kind, Per: p.Per}
			if rg, ok := rangeFor(sc, on, p); ok {
				r.Low, r.High = rg.Low, rg.High
				r.Source = fmt.Sprintf("uncertain: line %d", rg.Line)
			} else {
				if p.Kind == "time of day" {
					// A time of day is a place on the clock, not an amount:
					// ±50% of 09:00 means nothing. Only a range moves it.
					continue
				}
				if p.Value == 0 {
					atZero = append(atZero, r.Label(len(involved) > 1))
					continue
				}
				r.Low, r.High = readable(p.Value*(1-by), p.ParamPath), readable(p.Value*(1+by), p.ParamPath)
				if p.Probability() {
					r.High = min(r.High, 1)
				}
				if p.Whole() {
					r.Low, r.High = math.Round(r.Low), math.Round(r.High)
					if r.Low == p.Value {
						r.Low--
					}
					if r.High == p.Value {
						r.High++
					}
				}
				r.Source = "±" + percent(by)
			}
			r.LowLabel, r.HighLabel = p.Format(r.Low), p.Format(r.High)
			if r.Low == r.Base && r.High == r.Base {
				atZero = append(atZero, r.Label(len(involved) > 1))
				continue
			}
			rows = append(rows, r)
		}
	}
	return rows, unused, atZero
}

// rangeFor finds the uncertain: range that covers a parameter of the
// arms: stated for one of them, or for defaults.
func rangeFor(sc *scenarios.Scenario, arms []string, p scenarios.ParamValue) (scenarios.Range, bool) {
	for _, rg := range sc.Uncertain {
		if rg.IsCase() {
			continue
		}
		q, err := sc.ResolvePath(rg.Path)
		if err != nil || q.Field != p.Field {
			continue
		}
		if q.Arm == "" || slices.Contains(arms, q.Arm) {
			return rg, true
		}
	}
	return scenarios.Range{}, false
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

func suggest(s string, names []string) string {
	if c := scenarios.Suggest(s, names); c != "" {
		return "; did you mean " + c + "?"
	}
	return ""
}
