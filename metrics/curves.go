package metrics

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"

	"deploysim/models"
	"deploysim/stats"
)

// Curves is what the plots of one arm draw beyond its summary statistics.
type Curves struct {
	// LossPerYear is the loss per year of each replication, sorted
	// ascending; with more than MaxDots replications, MaxDots of them
	// evenly spaced in rank, the smallest and the largest included.
	LossPerYear []float64
	// Recovery is the empirical CDF of the recovery time of every failed
	// deployment of every replication pooled, in hours; LeadTime that of
	// the lead time of every change delivered.
	Recovery, LeadTime ECDF
	// Year is the cumulative loss over the measured period.
	Year Path
	// RecoverySameAs and LeadTimeSameAs are the index of the first earlier
	// arm whose recovery (lead time) curve is the same to the eye — the
	// largest gap between the two ECDFs under 0.02 — so that a key can say
	// why one line hides another; -1 if there is none.
	RecoverySameAs, LeadTimeSameAs int
}

// ECDF is an empirical cumulative distribution function: P[i] is the
// share of the N samples that are ≤ X[i]. X is ascending. With more than
// MaxSteps samples it keeps MaxSteps of them evenly spaced in rank, the
// smallest and the largest included, which draws the same staircase to
// the eye. Empty X means no samples.
type ECDF struct {
	X, P []float64
	N    int
}

// Path is the cumulative loss over the measured period across
// replications: at Days[k] (days since the period began), the mean over
// replications of the loss so far, and the 5th and 95th percentiles
// (Low, High: a 90% band of replications).
//
// Incident losses accrue evenly from an incident's start to its recovery
// (cut at the end of the period), from models.Outcome.IncidentLog. The
// other costs (labour, planned downtime, cost of delay) come from
// models.Outcome.CostByDay and accrue evenly over the day they were booked
// (over the whole period for an outcome without a daily book). Each
// replication's path ends at its total cost, so the mean path ends at the
// mean loss of the period.
type Path struct {
	Days, Mean, Low, High []float64
}

// Limits on what a Report keeps for the plots.
const (
	// MaxDots is the most per-replication losses kept per arm.
	MaxDots = 400
	// MaxSteps is the most points an ECDF keeps.
	MaxSteps = 400
	// PathIntervals is the number of equal steps of a Path's time grid.
	PathIntervals = 250
)

// NewCurves computes, per arm of res, what the plots draw beyond the
// summary: per-replication losses, the distributions of recovery and lead
// time, the loss over the year, and which curves hide another. It panics
// as Summarize does.
func NewCurves(res *models.Results) []Curves {
	CheckResults(res)
	exp := &res.Experiment
	loss := Index(LossPerYear)
	// The arms' curves are computed in parallel (the year path is most of
	// a report's time once the summary is done): each goroutine writes
	// only its own arm's entry, so the result does not depend on the
	// number of CPUs.
	curves := make([]Curves, len(exp.Arms))
	parallel(len(exp.Arms), func(a int) {
		outs := res.Outcomes[a]
		c := &curves[a]
		var perRep, rec []float64
		for i := range outs {
			o := &outs[i]
			perRep = append(perRep, Values(o, HorizonHours(o, exp.HorizonHours))[loss])
			rec = append(rec, o.RecoveryHours...)
		}
		perRep = slices.DeleteFunc(perRep, math.IsNaN)
		slices.Sort(perRep)
		c.LossPerYear = thin(perRep, MaxDots)
		c.Recovery = NewECDF(rec)
		lead := Pooled(LeadTimeHours, outs)
		c.LeadTime = SketchECDF(&lead)
		c.Year = yearPath(outs, exp.HorizonHours)
	})
	for a := range curves {
		c := &curves[a]
		c.RecoverySameAs = sameAs(curves[:a], c.Recovery, func(c *Curves) ECDF { return c.Recovery })
		c.LeadTimeSameAs = sameAs(curves[:a], c.LeadTime, func(c *Curves) ECDF { return c.LeadTime })
	}
	return curves
}

// sameAs returns the index of the first of earlier whose curve (picked by
// pick) is the same as e to the eye, or -1.
func sameAs(earlier []Curves, e ECDF, pick func(*Curves) ECDF) int {
	if e.N == 0 {
		return -1
	}
	for b := range earlier {
		if f := pick(&earlier[b]); f.N > 0 && e.distance(f) < 0.02 {
			return b
		}
	}
	return -1
}

// thin returns at most max values of sorted, evenly spaced in rank, the
// first and last included.
func thin(sorted []float64, max int) []float64 {
	n := len(sorted)
	if n <= max {
		return sorted
	}
	out := make([]float64, max)
	for k := range out {
		out[k] = sorted[rank(k, n, max)]
	}
	return out
}

// rank returns the index in 0..n-1 of the k-th of max evenly spaced
// ranks.
func rank(k, n, max int) int {
	return int(math.Round(float64(k) * float64(n-1) / float64(max-1)))
}

// SketchECDF returns the empirical CDF of the samples s sketches, at the
// sketch's accuracy in X: the MaxSteps points evenly spaced in rank, as
// NewECDF keeps, each read from the bucket holding that rank.
func SketchECDF(s *stats.Sketch) ECDF {
	n := s.N()
	e := ECDF{N: n}
	if n == 0 {
		return e
	}
	steps := min(n, MaxSteps)
	k := 0
	for v, seen := range s.Bins() {
		for k < steps {
			j := k
			if n > MaxSteps {
				j = rank(k, n, MaxSteps)
			}
			if uint64(j) >= seen {
				break // rank j lies in a later bucket
			}
			if len(e.X) == 0 || e.X[len(e.X)-1] != v {
				e.X = append(e.X, v)
				e.P = append(e.P, float64(seen)/float64(n))
			}
			k++
		}
	}
	// The largest sample, exactly.
	e.X[len(e.X)-1] = s.Max()
	return e
}

// NewECDF returns the empirical CDF of samples, which it sorts.
func NewECDF(samples []float64) ECDF {
	slices.Sort(samples)
	n := len(samples)
	e := ECDF{N: n}
	steps := min(n, MaxSteps)
	for k := range steps {
		j := k
		if n > MaxSteps {
			j = rank(k, n, MaxSteps)
		}
		e.X = append(e.X, samples[j])
		e.P = append(e.P, float64(j+1)/float64(n))
	}
	return e
}

// At returns the share of samples ≤ x: the value of the CDF at x (0
// without samples).
func (e ECDF) At(x float64) float64 {
	i, found := slices.BinarySearch(e.X, x)
	for found && i+1 < len(e.X) && e.X[i+1] == x {
		i++
	}
	if !found {
		i--
	}
	if i < 0 {
		return 0
	}
	return e.P[i]
}

// distance returns the largest vertical distance between e and f (the
// Kolmogorov–Smirnov statistic), over the points they keep: below 0.02
// one staircase hides the other in a plot.
func (e ECDF) distance(f ECDF) float64 {
	d := 0.0
	for _, x := range append(slices.Clone(e.X), f.X...) {
		d = math.Max(d, math.Abs(e.At(x)-f.At(x)))
	}
	return d
}

// yearPath returns the cumulative loss path of an arm's replications (see
// Path).
func yearPath(outs []models.Outcome, experimentHours float64) Path {
	horizon := experimentHours
	for i := range outs {
		horizon = math.Max(horizon, HorizonHours(&outs[i], experimentHours))
	}
	var p Path
	grid := make([]float64, PathIntervals+1) // hours
	for k := range grid {
		grid[k] = horizon * float64(k) / PathIntervals
		p.Days = append(p.Days, grid[k]/24)
	}
	// paths[k][r]: replication r's loss so far at grid[k].
	paths := make([][]float64, len(grid))
	for k := range paths {
		paths[k] = make([]float64, len(outs))
	}
	// full[k]: the incident losses wholly accrued by grid[k]. An incident
	// is in part accrued at the few grid points during it, and wholly from
	// its end: one pass over the grid a replication, not one for each of
	// its incidents.
	full := make([]float64, len(grid))
	for r := range outs {
		o := &outs[r]
		h := HorizonHours(o, experimentHours)
		// Labour, planned downtime and delay are booked by day, and each
		// day's cost accrues evenly over its hours in the period. Outcomes
		// without a daily book (made by hand) spread it over the period.
		rest := o.TotalCost()
		for _, in := range o.IncidentLog {
			rest -= in.Loss
		}
		booked := make([]float64, len(o.CostByDay)+1) // booked[d]: cost of days before d
		for d, c := range o.CostByDay {
			booked[d+1] = booked[d] + float64(c)
		}
		clear(full)
		for k, t := range grid {
			v := rest * min(t/h, 1)
			if n := len(o.CostByDay); n > 0 {
				d := min(int(t/24), n-1)
				v = booked[d] + float64(o.CostByDay[d])*accrued(t, float64(d)*24, min(float64(d+1)*24, h))
			}
			paths[k][r] = v
		}
		for _, in := range o.IncidentLog {
			from, to := in.StartHours, min(in.StartHours+in.RecoveryHours, h)
			// accrued is 0 before from, 1 from max(from, to) on.
			k, end := searchGrid(grid, from), searchGrid(grid, max(from, to))
			for ; k < end; k++ {
				paths[k][r] += in.Loss * accrued(grid[k], from, to)
			}
			if end < len(full) {
				full[end] += in.Loss
			}
		}
		sum := 0.0
		for k := range grid {
			sum += full[k]
			paths[k][r] += sum
		}
	}
	for _, col := range paths {
		slices.Sort(col)
		p.Mean = append(p.Mean, stat.Mean(col, nil))
		p.Low = append(p.Low, stat.Quantile(0.05, stat.Empirical, col, nil))
		p.High = append(p.High, stat.Quantile(0.95, stat.Empirical, col, nil))
	}
	return p
}

// searchGrid returns the first k with grid[k] ≥ x, or len(grid).
func searchGrid(grid []float64, x float64) int {
	k, _ := slices.BinarySearch(grid, x)
	return k
}

// accrued returns the share, 0–1, of a loss spread evenly over [from, to]
// that has accrued by time t; all of it from t ≥ from when to ≤ from.
func accrued(t, from, to float64) float64 {
	switch {
	case t < from:
		return 0
	case t >= to:
		return 1
	}
	return (t - from) / (to - from)
}
