package scenarios

import (
	"strings"
	"testing"
)

func TestNoEffectsAndMarks(t *testing.T) {
	sc, err := Load("epic-vs-continuous")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		set      []string
		noEffect string              // "" if every override changes an arm
		marks    map[string][]string // arm → modifications
	}{
		{[]string{"defaults.deploy.step_error_prob=0.5"},
			"--set defaults.deploy.step_error_prob=0.5 has no effect: the arm that uses deploy.step_error_prob (quarterly-manual) sets its own; use arms.quarterly-manual.deploy.step_error_prob", nil},
		{[]string{"arms.quarterly-manual.release.every=4w"}, "",
			map[string][]string{"quarterly-manual": {"release.every=4w"}}},
		{[]string{"arms.quarterly-manual.release.every=13w"},
			"--set arms.quarterly-manual.release.every=13w has no effect: arm quarterly-manual already has release.every = 13w", nil},
		{[]string{"arms.continuous-deployment.strategy.rolling_waves=7"},
			"--set arms.continuous-deployment.strategy.rolling_waves=7 has no effect: arm continuous-deployment does not use strategy.rolling_waves (strategy.kind is canary)", nil},
		{[]string{"defaults.work.changes_per_day=12", "seed=4"}, "", map[string][]string{
			"quarterly-manual": {"work.changes_per_day=12"}, "continuous-delivery": {"work.changes_per_day=12"}, "continuous-deployment": {"work.changes_per_day=12"}}},
	} {
		t.Run(strings.Join(tc.set, " "), func(t *testing.T) {
			got, err := sc.With(tc.set...)
			if err != nil {
				t.Fatal(err)
			}
			var ne []string
			for _, n := range got.NoEffects() {
				ne = append(ne, n.String())
			}
			if tc.noEffect == "" && len(ne) > 0 || tc.noEffect != "" && (len(ne) != 1 || !strings.HasPrefix(ne[0], tc.noEffect)) {
				t.Errorf("no-effect warnings: got %q, want %q", ne, tc.noEffect)
			}
			for _, a := range got.Arms {
				want := a.Name
				if m := tc.marks[a.Name]; m != nil {
					want += " (modified: " + strings.Join(m, ", ") + ")"
				}
				if g := got.Mark(a.Name); g != want {
					t.Errorf("Mark(%s): got %q, want %q", a.Name, g, want)
				}
			}
		})
	}
}

func TestNumericParamsAndUnused(t *testing.T) {
	sc, err := Load("epic-vs-continuous")
	if err != nil {
		t.Fatal(err)
	}
	ps := sc.NumericParams("continuous-deployment")
	seen := map[string]float64{}
	for _, p := range ps {
		seen[p.Field] = p.Value
		if _, err := sc.ResolvePath(p.Set()); err != nil {
			t.Errorf("NumericParams lists %s, which does not resolve: %v", p.Set(), err)
		}
	}
	for _, f := range []string{"release.every", "recovery.triage.mean", "recovery.triage.cv", "strategy.steps[0].weight", "money.loss_per_minute"} {
		if _, ok := seen[f]; !ok {
			t.Errorf("NumericParams: %s missing", f)
		}
	}
	a, _ := sc.Arm("continuous-deployment")
	for _, tc := range []struct{ field, want string }{
		{"strategy.steps[1].bake", ""},
		{"strategy.rolling_wave", "strategy.kind is canary"},
		{"deploy.step_time.mean", "deploy.mode is automated"},
		{"release.every", "release.policy is per-change"},
		{"money.loss_per_minute", ""},
	} {
		if got := Unused(&a, tc.field); got != tc.want {
			t.Errorf("Unused(%s): got %q, want %q", tc.field, got, tc.want)
		}
	}
}
