package whatif

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"deploysim/metrics"
	"deploysim/models"
	"deploysim/scenarios"
	"deploysim/stats"
)

// Options set up a sweep.
type Options struct {
	// Metric is what each point reports (the caller's default: loss per
	// year). Components, if any, are reported beside it at every point
	// (the cost parts that add up to the loss, say).
	Metric     metrics.Metric
	Components []metrics.Metric
	// Ref is the index of the point differences are taken against (0:
	// the first).
	Ref int
	// Replications is how many replications to run (0: the scenario's);
	// with Precision it is the most to run.
	Replications int
	// Precision, if > 0, stops early, after at least MinReplications,
	// once every paired difference to the reference is known to within
	// ±Precision × |the reference's metric| (0.05 for ±5%).
	Precision float64
	// Cache holds the outcomes; nil makes a new one over Workers.
	Cache   *Cache
	Workers int
	// Progress, if not nil, is called as replications finish.
	Progress func(done, total int)
}

// MinReplications is where a sweep with a precision target starts.
const MinReplications = 30

// Result is a sweep: for every arm, the metric at every point.
type Result struct {
	Scenario, Title, Currency string
	Axes                      []Axis
	Metric                    metrics.Metric
	Components                []metrics.Metric
	// Ref is the index of the reference point in every arm's Points.
	Ref int
	// Replications is how many replications every point ran; Seed,
	// HorizonHours and WarmupHours are the scenario's.
	Replications int
	Seed         uint64
	HorizonHours float64
	WarmupHours  float64
	Arms         []Curve
	// Pairing is how many times narrower the paired difference intervals
	// are than those of independent runs would be, over every point but
	// the reference of every arm the sweep changes: the median, lowest
	// and highest ratio. NaN if there is no difference to compare.
	Pairing Gain
	// Stopped says why the sweep stopped before Options.Replications, or
	// is empty.
	Stopped string
	// Notes are caveats to print with the result.
	Notes []string
}

// Gain summarises ratios of interval widths.
type Gain struct{ Median, Min, Max float64 }

// Curve is one arm's metric along the sweep.
type Curve struct {
	Name, Title string
	// Mark is the name with the overrides that changed it besides the
	// sweep ("quarterly-manual (modified: release.every=4w)").
	Mark string
	// Varies is false for an arm the varied parameters do not change: it
	// was simulated once and its points are all the same.
	Varies bool
	Points []Point
	// Best is the index of the point with the best mean metric.
	Best int
}

// Point is one combination of the axes' values.
type Point struct {
	// Index is the position on each axis; Values and Labels the values.
	Index  []int
	Values []float64
	Labels []string
	// Metric is the metric's mean and interval.
	Metric stats.Interval
	// Diff is the paired difference point − reference; IndependentHalfWidth
	// the half-width independent runs would give it.
	Diff                 stats.Interval
	IndependentHalfWidth float64
	// Components are the components' means and intervals, in order.
	Components []stats.Interval
	// Tied is true when the paired difference to the best point has an
	// interval containing 0: the point is statistically indistinguishable
	// from the optimum. The best point is Tied.
	Tied bool
}

// Sweep runs the scenario at every combination of the axes' values (one
// or two axes) and summarises the metric per arm and point. Every point
// uses the same random numbers.
func Sweep(ctx context.Context, sc *scenarios.Scenario, axes []Axis, opt Options) (*Result, error) {
	if len(axes) == 0 || len(axes) > 2 {
		return nil, fmt.Errorf("whatif: a sweep varies one or two parameters, got %d", len(axes))
	}
	if len(axes) == 2 && axes[0].Param.Set() == axes[1].Param.Set() {
		return nil, fmt.Errorf("--vary %s twice: vary two different parameters", axes[0].Path)
	}
	if opt.Metric.Value == nil {
		return nil, errors.New("whatif: no metric")
	}
	grid := combinations(axes)
	if opt.Ref < 0 || opt.Ref >= len(grid) {
		return nil, fmt.Errorf("whatif: reference point %d of %d", opt.Ref, len(grid))
	}
	cache := opt.Cache
	if cache == nil {
		cache = NewCache(opt.Workers)
	}
	n := opt.Replications
	if n == 0 {
		n = sc.Replications
	}

	// The arms at every point.
	arms := make([][]models.Arm, len(grid)) // [point][arm]
	for p, idx := range grid {
		values := map[string]float64{}
		for a, i := range idx {
			values[axes[a].Param.Set()] = axes[a].Values[i]
		}
		v, err := sc.WithValues(values)
		if err != nil {
			return nil, err
		}
		arms[p] = v.Experiment().Arms
	}
	res := &Result{
		Scenario: sc.Name, Title: sc.Title, Currency: sc.Currency, Axes: axes,
		Metric: opt.Metric, Components: opt.Components, Ref: opt.Ref,
		Seed: sc.Seed, HorizonHours: sc.HorizonHours, WarmupHours: sc.WarmupHours,
	}
	for a, arm := range sc.Arms {
		c := Curve{Name: arm.Name, Title: arm.Title, Mark: sc.Mark(arm.Name)}
		for p := range grid {
			if !scenarios.SameBehaviour(arms[p][a], arms[0][a]) {
				c.Varies = true
			}
		}
		if !c.Varies {
			// Every point behaves alike: simulate the arm once.
			for p := range grid {
				arms[p][a] = arms[0][a]
			}
		}
		res.Arms = append(res.Arms, c)
	}
	if !slices.ContainsFunc(res.Arms, func(c Curve) bool { return c.Varies }) {
		return nil, fmt.Errorf("--vary %s changes no arm: %s", axes[0].Path, noArmWhy(sc, axes))
	}

	step := n
	if opt.Precision > 0 {
		step = min(n, MinReplications)
	}
	var outs [][]models.Outcome
	for {
		var reqs []Request
		for p := range grid {
			for a := range sc.Arms {
				reqs = append(reqs, Request{Arm: arms[p][a], Seed: sc.Seed, HorizonHours: sc.HorizonHours, WarmupHours: sc.WarmupHours, N: step})
			}
		}
		var err error
		outs, err = cache.Fetch(ctx, reqs, opt.Progress)
		if err != nil {
			return nil, err
		}
		res.Replications = step
		worst := res.summarise(grid, outs, len(sc.Arms))
		if opt.Precision <= 0 {
			break
		}
		if worst <= opt.Precision {
			if step < n {
				res.Stopped = fmt.Sprintf("stopped at %d of %d replications: every paired difference is within ±%s of the reference's %s",
					step, n, percent(opt.Precision), strings.ToLower(opt.Metric.Title()))
			}
			break
		}
		if step == n {
			res.Notes = append(res.Notes, fmt.Sprintf("precision ±%s not reached in %d replications (widest paired difference ±%s of the reference): run more with -n",
				percent(opt.Precision), n, percent(worst)))
			break
		}
		step = min(n, step*2)
	}
	res.Notes = append(res.Notes, sanityNotes(axes, grid, arms, outs)...)
	for _, ax := range axes {
		if note := ax.RefusedNote(); note != "" {
			res.Notes = append(res.Notes, note)
		}
	}
	return res, nil
}

// sanityNotes gives the model's sanity warnings (models.Sanity) of the
// sweep's points, each once, with the points where it applies: a sweep
// of the work or a money rate crosses into territory no organisation is
// in, and the reader must see where.
func sanityNotes(axes []Axis, grid [][]int, arms [][]models.Arm, outs [][]models.Outcome) []string {
	type note struct {
		text string   // the warning at the first point it applies at
		at   []string // the points, as "path=value"
	}
	var order []*note
	byKey := map[string]*note{}
	for p, idx := range grid {
		n := len(arms[p])
		exp := models.Experiment{Arms: arms[p]}
		var labels []string
		for a, i := range idx {
			labels = append(labels, axes[a].Path+"="+axes[a].Labels[i])
		}
		for _, w := range models.Sanity(&exp, outs[p*n:(p+1)*n]) {
			key := w.Param + "|" + strings.Join(w.Arms, ",")
			nt := byKey[key]
			if nt == nil {
				nt = &note{text: w.String()}
				byKey[key] = nt
				order = append(order, nt)
			}
			nt.at = append(nt.at, strings.Join(labels, " "))
		}
	}
	var out []string
	for _, nt := range order {
		switch {
		case len(nt.at) == len(grid):
			out = append(out, "at every point: "+nt.text)
		case len(nt.at) <= 4:
			out = append(out, fmt.Sprintf("at %s (warning of the first): %s", strings.Join(nt.at, ", "), nt.text))
		default:
			out = append(out, fmt.Sprintf("at %d of %d points, %s to %s (warning of the first): %s", len(nt.at), len(grid), nt.at[0], nt.at[len(nt.at)-1], nt.text))
		}
	}
	return out
}

func percent(f float64) string {
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", 100*f), "0"), ".") + "%"
}

// summarise fills the arms' points from the outcomes (outs[p*arms+a]) and
// returns the widest paired half-width relative to the reference's
// metric, for the precision target.
func (res *Result) summarise(grid [][]int, outs [][]models.Outcome, nArms int) float64 {
	worst := 0.0
	var gains []float64
	for a := range res.Arms {
		c := &res.Arms[a]
		c.Points = c.Points[:0]
		vals := make([][]float64, len(grid))
		for p := range grid {
			vals[p] = values(res.Metric, outs[p*nArms+a], res.HorizonHours)
		}
		for p, idx := range grid {
			pt := Point{Index: idx, Metric: stats.Mean(vals[p])}
			for ax, i := range idx {
				pt.Values = append(pt.Values, res.Axes[ax].Values[i])
				pt.Labels = append(pt.Labels, res.Axes[ax].Labels[i])
			}
			pt.Diff, pt.IndependentHalfWidth = stats.Paired(vals[p], vals[res.Ref])
			for _, m := range res.Components {
				pt.Components = append(pt.Components, stats.Mean(values(m, outs[p*nArms+a], res.HorizonHours)))
			}
			if c.Varies && p != res.Ref {
				if hw := pt.Diff.HalfWidth(); hw > 0 {
					gains = append(gains, pt.IndependentHalfWidth/hw)
				}
				if ref := math.Abs(stats.Mean(vals[res.Ref]).Mean); ref > 0 {
					worst = max(worst, pt.Diff.HalfWidth()/ref)
				}
			}
			c.Points = append(c.Points, pt)
		}
		c.Best = 0
		for p := range c.Points {
			m, b := c.Points[p].Metric.Mean, c.Points[c.Best].Metric.Mean
			if res.Metric.HigherIsBetter && m > b || !res.Metric.HigherIsBetter && m < b {
				c.Best = p
			}
		}
		for p := range c.Points {
			d, _ := stats.Paired(vals[p], vals[c.Best])
			c.Points[p].Tied = p == c.Best || d.Contains(0) || !c.Varies
		}
	}
	res.Pairing = Gain{math.NaN(), math.NaN(), math.NaN()}
	if len(gains) > 0 {
		sort.Float64s(gains)
		res.Pairing = Gain{Median: gains[len(gains)/2], Min: gains[0], Max: gains[len(gains)-1]}
	}
	return worst
}

// combinations lists the points of the grid, the last axis fastest.
func combinations(axes []Axis) [][]int {
	out := [][]int{nil}
	for _, ax := range axes {
		var next [][]int
		for _, prefix := range out {
			for i := range ax.Values {
				next = append(next, append(slices.Clone(prefix), i))
			}
		}
		out = next
	}
	return out
}

// noArmWhy explains a sweep that changes no arm, in the words of the
// no-effect warning of --set.
func noArmWhy(sc *scenarios.Scenario, axes []Axis) string {
	p := axes[0].Param
	x := axes[0].Values[len(axes[0].Values)-1]
	v, err := sc.With(p.Set() + "=" + p.Format(x))
	if err == nil {
		if ne := v.NoEffects(); len(ne) > 0 {
			return ne[len(ne)-1].Why
		}
	}
	return "no arm uses it"
}
