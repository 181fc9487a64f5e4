package reports

import (
	"math"
	"slices"
	"testing"

	"deploysim/metrics"
)

func TestNewReport(t *testing.T) {
	res := synthetic(8)
	r := NewReport(res, syntheticMeta, 0)
	if len(r.Curves) != len(res.Experiment.Arms) {
		t.Fatalf("got curves for %d arms, want %d", len(r.Curves), len(res.Experiment.Arms))
	}
	for a, c := range r.Curves {
		if len(c.LossPerYear) != 8 || !slices.IsSorted(c.LossPerYear) {
			t.Errorf("arm %d: got losses %v, want 8 sorted values", a, c.LossPerYear)
		}
		st, _ := r.Summary.Arms[a].Stat(metrics.RecoveryTimeHours)
		if c.Recovery.N != st.Samples {
			t.Errorf("arm %d: got %d recovery samples, want the summary's %d", a, c.Recovery.N, st.Samples)
		}
		// The synthetic results have no incident log: every cost accrues
		// evenly, and the mean path ends at the mean loss of the year.
		loss, _ := r.Summary.Arms[a].Stat(metrics.LossPerYear)
		if end := c.Year.Mean[len(c.Year.Mean)-1]; math.Abs(end-loss.Mean) > 1e-6*loss.Mean {
			t.Errorf("arm %d: path ends at %v, want the mean loss %v", a, end, loss.Mean)
		}
	}
	if err := (&Report{Summary: r.Summary}).check(); err == nil {
		t.Error("a report without curves: got no error, want one")
	}
}
