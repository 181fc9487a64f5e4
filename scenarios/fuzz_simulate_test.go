package scenarios

import (
	"fmt"
	"io/fs"
	"math"
	"testing"
	"time"

	"deploysim/models"
)

// fuzzEvents is the work the simulating fuzzer allows one replication of
// one arm, as estimated from the rates: a scenario expected to need more
// is run over a shorter horizon, so that every input runs in milliseconds
// and a slow one stands out.
const fuzzEvents = 2e5

// fuzzDeadline is how long one simulated input may take: the estimate
// allows about 20 ms of work; ten seconds means a hang.
const fuzzDeadline = 10 * time.Second

// FuzzSimulate runs what Parse accepts: one replication of every arm,
// the horizon scaled down to fuzzEvents of expected work. It fails if a
// replication takes more than fuzzDeadline (a hang that the limits did
// not predict), fires far more events than the estimate that the load-
// time check relies on, or produces a number that is not finite (an
// overflow the bounds did not prevent). The seed corpus runs in every go
// test; fuzz it for minutes with
//
//	go test ./scenarios -run '^$' -fuzz FuzzSimulate -fuzztime 5m
func FuzzSimulate(f *testing.F) {
	files, _ := fs.Glob(library, "library/*.yaml")
	for _, file := range files {
		data, _ := fs.ReadFile(library, file)
		f.Add(data)
	}
	for _, s := range []string{
		"arms: [{name: a}]",
		"horizon: 30d\narms: [{name: a, hotfix: {defect_prob: 0.99}}]",
		"horizon: 30d\narms: [{name: a, deploy: {mode: manual, servers: 50, step_error_prob: 0.01}}]",
		"arms: [{name: a, release: {policy: scheduled, every: 1m, freeze: 0}}]",
		"arms: [{name: a, cab: {enabled: true, every: 1m}}]",
		"arms: [{name: a, work: {changes_per_day: 10000/day}}]",
		"arms: [{name: a, work: {changes_per_day: 0.0001/day}}]",
		"arms: [{name: a, work: {rework: 100y}, pipeline: [{name: t, scope: change, catch_prob: 1, duration: 1s}]}]",
		"arms: [{name: a, pipeline: [{name: q, scope: change, manual: true, capacity: 1, catch_prob: 1, duration: 100y}]}]",
		"arms: [{name: a, recovery: {rollback_fail_prob: 1, failed_rollback_exposure: 1}, money: {loss_per_minute: 1e9, off_hours_multiplier: 100}}]",
		"warmup: 100y\nhorizon: 100y\narms: [{name: a, release: {every: 100y, freeze: 0}}]",
		"arms: [{name: a, strategy: {kind: canary, steps: [{weight: 1e-300, bake: 100y}, {weight: 1, bake: 0}]}}]",
		"arms: [{name: a, calendar: {day_start: 23:59, day_end: 24:00}}]",
		// Times of day that are not binary fractions: office hours ending
		// at 17:20 once hung the calendar arithmetic for ever.
		"arms: [{name: a, calendar: {day_end: \"17:20\"}}]",
		"arms: [{name: a, calendar: {day_start: \"08:50\", day_end: \"16:10\", work_weekends: true}}]",
		"arms: [{name: a, calendar: {day_start: \"00:01\", day_end: \"00:02\"}, deploy: {mode: manual, window: office-hours}}]",
		"arms: [{name: a, deploy: {mode: manual, window: maintenance-window, window_weekday: sunday, window_start: \"23:10\", window_length: 1m}}]",
		"arms: [{name: a, traffic: {peak_start: \"11:10\", peak_end: \"13:50\", weekend: 0}}]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("fuzz.yaml", data)
		if err != nil {
			return // FuzzLoad checks the errors
		}
		total := sc.HorizonHours + sc.WarmupHours
		for i := range sc.Arms {
			a := &sc.Arms[i]
			est := estimateWork(a, total).events()
			scale := 1.0
			if est > fuzzEvents {
				scale = fuzzEvents / est
			}
			opt := models.RunOptions{Seed: sc.Seed, HorizonHours: sc.HorizonHours * scale, WarmupHours: sc.WarmupHours * scale}
			if !(opt.HorizonHours > 0) {
				continue // scaled below what a float can hold
			}
			done := make(chan models.Outcome, 1)
			go func() { done <- models.Simulate(a, opt) }()
			var o models.Outcome
			select {
			case o = <-done:
			case <-time.After(fuzzDeadline):
				t.Fatalf("arm %s: one replication of %g h (estimated %.3g events) did not end within %v", a.Name, opt.HorizonHours+opt.WarmupHours, est*scale, fuzzDeadline)
			}
			// The estimate need not be close, but the load-time check
			// trusts it within a factor that keeps a replication short.
			if limit := 100*est*scale + 1e4; float64(o.Events) > limit {
				t.Errorf("arm %s: %d events, estimated %.3g: the explosion check underestimates this arm", a.Name, o.Events, est*scale)
			}
			if err := finite(o); err != nil {
				t.Errorf("arm %s: %v", a.Name, err)
			}
		}
	})
}

// finite checks that every total of an outcome is a finite number.
func finite(o models.Outcome) error {
	for name, x := range map[string]float64{
		"impact minutes": o.ImpactMinutes, "unplanned downtime": o.UnplannedDowntimeMinutes,
		"planned downtime": o.PlannedDowntimeMinutes, "incident loss": o.IncidentLoss,
		"labour cost": o.LaborCost, "downtime cost": o.DowntimeCost, "delay cost": o.DelayCost,
		"largest incident loss": o.MaxIncidentLoss, "total cost": o.TotalCost(),
	} {
		if math.IsInf(x, 0) || math.IsNaN(x) || x < 0 {
			return fmt.Errorf("%s is %g, want a finite number ≥ 0", name, x)
		}
	}
	return nil
}
