package fit

import (
	"context"
	"math"
	"slices"
	"testing"

	"deploysim/export"
	"deploysim/scenarios"
)

// TestRecoveryFactor: the fit's one recovery factor moves every step of
// recovery, the mitigation levers' included, so that the recovery time of
// the incidents records hold follows it. A lever's time left out holds the
// incidents it ends at the template's speed: the median then stops
// following the factor and the fit, chasing the measured median, drives
// the other steps somewhere absurd (it once made continuous delivery's
// incidents last days and its deployments, which wait while production is
// broken, collapse).
func TestRecoveryFactor(t *testing.T) {
	reps := 40
	if testing.Short() {
		reps = 12
	}
	for _, x := range [][2]string{{"epic-vs-continuous", "continuous-delivery"}, {"dora-2019", "elite"}, {"dora-2019", "medium"}} {
		s, err := scenarios.Load(x[0])
		if err != nil {
			t.Fatal(err)
		}
		a, _ := s.Arm(x[1])
		base, err := simulateArm(context.Background(), &a, 7, reps, hoursPerYear)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []float64{0.5, 3} {
			b := a
			scaleRecovery(&b, f)
			m, err := simulateArm(context.Background(), &b, 7, reps, hoursPerYear)
			if err != nil {
				t.Fatal(err)
			}
			got := m.pagedMedian / base.pagedMedian
			t.Logf("%s/%s: recovery steps ×%g: median recovery of paged incidents %s → %s (×%.2f)", x[0], x[1], f, formatHours(base.pagedMedian), formatHours(m.pagedMedian), got)
			if !(got > f/1.5 && got < f*1.5) {
				t.Errorf("%s/%s: recovery steps ×%g moved the median recovery time of paged incidents ×%.2f (%s → %s), not within 1.5× of the factor", x[0], x[1], f, got, formatHours(base.pagedMedian), formatHours(m.pagedMedian))
			}
		}
	}
}

// TestPagedIsWhatRecordsHold: the recovery times the fit steers by are
// those of the incidents deploysim export writes to incidents.csv, one
// for one; the model's recovery times (DORA's metric in the reports) also
// hold canary aborts and faults health checks drained before anyone
// noticed, which no record holds.
func TestPagedIsWhatRecordsHold(t *testing.T) {
	for i := range 9 {
		x := [][2]string{{"epic-vs-continuous", "continuous-delivery"}, {"epic-vs-continuous", "continuous-deployment"}, {"dora-2019", "medium"}}[i%3]
		s, err := scenarios.Load(x[0])
		if err != nil {
			t.Fatal(err)
		}
		a, _ := s.Arm(x[1])
		exp := s.Experiment()
		exp.Seed, exp.HorizonHours = 500+uint64(i), 364*24
		d, o, err := export.Simulate(context.Background(), &a, &exp, export.Options{Scenario: x[0], Arm: x[1]})
		if err != nil {
			t.Fatal(err)
		}
		var records []float64
		for _, in := range d.Incidents {
			if !in.Resolved.IsZero() {
				records = append(records, in.Resolved.Sub(in.Started).Hours())
			}
		}
		paged := appendPaged(nil, o)
		slices.Sort(records)
		slices.Sort(paged)
		t.Logf("%s/%s: %d incidents in the records, %d paged in the outcome, %d recovery times in all", x[0], x[1], len(records), len(paged), len(o.RecoveryHours))
		if len(records) != len(paged) {
			t.Errorf("%s/%s: %d incidents in incidents.csv, %d paged incidents in the outcome", x[0], x[1], len(records), len(paged))
			continue
		}
		for j := range records {
			// Timestamps are whole seconds: each end rounds by up to half a second.
			if math.Abs(records[j]-paged[j]) > 1.0/3600 {
				t.Errorf("%s/%s: the %d-th shortest incident lasts %.6f h in the records, %.6f h in the outcome", x[0], x[1], j+1, records[j], paged[j])
				break
			}
		}
	}
}
