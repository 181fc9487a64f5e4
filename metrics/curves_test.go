package metrics

import (
	"math"
	"slices"
	"testing"

	"deploysim/models"
)

// yearResults returns one arm over two replications of 100 hours with
// hand-placed incidents, for closed-form loss paths.
func yearResults() *models.Results {
	const h = 100
	return &models.Results{
		Experiment: models.Experiment{Arms: []models.Arm{{Name: "a"}}, Replications: 2, HorizonHours: h},
		Outcomes: [][]models.Outcome{{
			// Replication 0: an incident of 50 from hour 10 to 20, and 100 of
			// labour booked by day: 24 on each full day and 4 on the last,
			// four-hour day, so that it accrues at 1 an hour.
			{HorizonHours: h, IncidentLoss: 50, LaborCost: 100, CostByDay: []float32{24, 24, 24, 24, 4},
				IncidentLog: []models.IncidentRecord{{StartHours: 10, RecoveryHours: 10, Loss: 50}}},
			// Replication 1: an incident of 10 at hour 60 that ended at once
			// (on a grid point: wholly accrued from it), and one of 200 at
			// hour 90 lasting 40 hours, cut at the end of the period;
			// nothing else.
			{HorizonHours: h, IncidentLoss: 210,
				IncidentLog: []models.IncidentRecord{{StartHours: 60, RecoveryHours: 0, Loss: 10}, {StartHours: 90, RecoveryHours: 40, Loss: 200}}},
		}},
	}
}

func TestYearPath(t *testing.T) {
	p := yearPath(yearResults().Outcomes[0], 100)
	if len(p.Days) != PathIntervals+1 || len(p.Mean) != len(p.Days) || len(p.Low) != len(p.Days) || len(p.High) != len(p.Days) {
		t.Fatalf("got %d days, %d means, %d lows, %d highs; want %d of each", len(p.Days), len(p.Mean), len(p.Low), len(p.High), PathIntervals+1)
	}
	at := func(hours float64) int { return int(math.Round(hours / 100 * PathIntervals)) }
	for _, tc := range []struct {
		hours      float64
		rep0, rep1 float64 // each replication's loss so far
	}{
		// Hour 0: nothing yet. (Hours are on the grid: multiples of
		// 100/PathIntervals = 0.4.)
		{hours: 0, rep0: 0, rep1: 0},
		// Hour 14: labour 14, two fifths of the first incident, 20;
		// nothing in replication 1.
		{hours: 14, rep0: 34, rep1: 0},
		// Hour 50: labour 50 + 50.
		{hours: 50, rep0: 100, rep1: 0},
		// Hour 59.6, just before replication 1's first incident, and 60.
		{hours: 59.6, rep0: 109.6, rep1: 0},
		{hours: 60, rep0: 110, rep1: 10},
		// Hour 94: labour 94 + 50; 10 and two fifths of replication 1's
		// second incident, which runs from 90 to the end of the period at
		// 100.
		{hours: 94, rep0: 144, rep1: 90},
		// Hour 100: each replication's total cost.
		{hours: 100, rep0: 150, rep1: 210},
	} {
		k := at(tc.hours)
		const tol = 1e-9
		mean := (tc.rep0 + tc.rep1) / 2
		// With two values, stat.Empirical's 5th and 95th percentiles are
		// the smaller and the larger.
		lo, hi := math.Min(tc.rep0, tc.rep1), math.Max(tc.rep0, tc.rep1)
		if math.Abs(p.Mean[k]-mean) > tol || math.Abs(p.Low[k]-lo) > tol || math.Abs(p.High[k]-hi) > tol {
			t.Errorf("hour %v: got mean %v, band %v–%v; want %v, %v–%v", tc.hours, p.Mean[k], p.Low[k], p.High[k], mean, lo, hi)
		}
	}
	if got, want := p.Days[len(p.Days)-1], 100.0/24; math.Abs(got-want) > 1e-12 {
		t.Errorf("last day: got %v, want %v", got, want)
	}
}

func TestNewECDF(t *testing.T) {
	e := NewECDF([]float64{3, 1, 2, 2})
	if want := []float64{1, 2, 2, 3}; !slices.Equal(e.X, want) {
		t.Errorf("X: got %v, want %v", e.X, want)
	}
	if want := []float64{0.25, 0.5, 0.75, 1}; !slices.Equal(e.P, want) {
		t.Errorf("P: got %v, want %v", e.P, want)
	}

	var many []float64
	for i := range 10 * MaxSteps {
		many = append(many, float64(10*MaxSteps-i))
	}
	e = NewECDF(many)
	if e.N != 10*MaxSteps || len(e.X) != MaxSteps || len(e.P) != MaxSteps {
		t.Fatalf("got N %d, %d points; want %d, %d", e.N, len(e.X), 10*MaxSteps, MaxSteps)
	}
	if e.X[0] != 1 || e.X[MaxSteps-1] != 10*MaxSteps || e.P[MaxSteps-1] != 1 {
		t.Errorf("ends: got (%v, %v) … (%v, %v), want the smallest and the largest sample, P 1 at the end",
			e.X[0], e.P[0], e.X[MaxSteps-1], e.P[MaxSteps-1])
	}
	if !slices.IsSorted(e.X) || !slices.IsSorted(e.P) {
		t.Error("X and P must be ascending")
	}
	if e := NewECDF(nil); e.N != 0 || len(e.X) != 0 {
		t.Errorf("no samples: got %+v, want an empty ECDF", e)
	}
}

func TestThin(t *testing.T) {
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = float64(i)
	}
	// rank rounds k × 999/4 (0, 249.75, 499.5, 749.25, 999) half away
	// from zero.
	if got, want := thin(xs, 5), []float64{0, 250, 500, 749, 999}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := thin(xs[:3], 5); len(got) != 3 {
		t.Errorf("fewer than max: got %d values, want all 3", len(got))
	}
}

func TestECDFAt(t *testing.T) {
	e := NewECDF([]float64{1, 2, 2, 3})
	for _, tc := range []struct{ x, want float64 }{
		{0.5, 0}, {1, 0.25}, {1.5, 0.25}, {2, 0.75}, {2.5, 0.75}, {3, 1}, {9, 1},
	} {
		if got := e.At(tc.x); got != tc.want {
			t.Errorf("At(%v): got %v, want %v", tc.x, got, tc.want)
		}
	}
	// Shifting one sample of four moves the CDF by a quarter at most.
	f := NewECDF([]float64{1, 2, 2, 3.5})
	if got := e.distance(f); got != 0.25 {
		t.Errorf("distance: got %v, want 0.25", got)
	}
	if got := e.distance(e); got != 0 {
		t.Errorf("distance to itself: got %v, want 0", got)
	}
}
