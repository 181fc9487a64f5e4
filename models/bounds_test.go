package models

import (
	"math"
	"testing"
)

// TestUpperBounds checks the caps that keep every total finite: values
// just at a bound pass, values beyond it (1e308 money, a million-year
// duration) are errors that state the range.
func TestUpperBounds(t *testing.T) {
	for _, tc := range []struct {
		path string
		mod  func(*Arm, float64)
		max  float64
		msg  string // for the value 10 × max
	}{
		{"money.loss_per_minute", func(a *Arm, x float64) { a.Money.LossPerMinute = x }, MaxMoneyRate, "must be in [0,1e9], got 1e+10"},
		{"money.hourly_rate", func(a *Arm, x float64) { a.Money.HourlyRate = x }, MaxMoneyRate, "must be in [0,1e9], got 1e+10"},
		{"money.off_hours_multiplier", func(a *Arm, x float64) { a.Money.OffHoursMultiplier = x }, MaxOffHoursMultiplier, "must be in [1,100], got 1000"},
		{"work.rework.mean", func(a *Arm, x float64) { a.Work.ReworkHours.Mean = x }, MaxHours, "must be in [0,876000 h], got 8.76e+06 h"},
		{"recovery.triage.mean", func(a *Arm, x float64) { a.Recovery.TriageHours.Mean = x }, MaxHours, "must be in [0,876000 h], got 8.76e+06 h"},
		{"deploy.automated_time.mean", func(a *Arm, x float64) { a.Deploy.AutomatedHours.Mean = x }, MaxHours, "must be in (0,876000 h], got 8.76e+06 h"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			a := baseArm()
			tc.mod(&a, tc.max)
			if err := a.Validate(); err != nil {
				t.Errorf("at the bound %g: %v", tc.max, err)
			}
			for _, x := range []float64{10 * tc.max, math.Inf(1), math.NaN()} {
				a := baseArm()
				tc.mod(&a, x)
				es, _ := a.Validate().(Errors)
				var got *FieldError
				for _, e := range es {
					if e.Path == tc.path {
						got = e
					}
				}
				if got == nil {
					t.Errorf("%g: no error at %s (got %v)", x, tc.path, es)
				} else if x == 10*tc.max && got.Msg != tc.msg {
					t.Errorf("%g: got %q, want %q", x, got.Msg, tc.msg)
				}
			}
		})
	}
}
