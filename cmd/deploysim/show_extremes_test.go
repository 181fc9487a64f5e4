package main

import (
	"path/filepath"
	"strings"
	"testing"

	"deploysim/scenarios"
)

// TestShowRoundTripExtremes checks that show writes values at the edges
// of what a scenario may hold, the tiniest and the largest, so that they
// load back exactly and pass validate: a duration of a microsecond is
// 2.7777777777777777e-10 hours, which must be written in a form the
// parser reads.
func TestShowRoundTripExtremes(t *testing.T) {
	dir := t.TempDir()
	for i, sets := range [][]string{
		{"arms.quarterly-manual.deploy.step_time=0.000001s", "defaults.deploy.verify.duration=1s"},
		{"defaults.work.rework=100y", "arms.quarterly-manual.release.every=100y", "warmup=100y", "horizon=1s"},
		{"horizon=100y", "warmup=0", "replications=1", "seed=18446744073709551615"},
		{"horizon=1.5s", "warmup=0.1h", "defaults.hotfix.fix={mean: 7.77s, cv: 10}"},
		{"defaults.money.loss_per_minute=1e9", "defaults.money.hourly_rate=0.000001", "defaults.money.off_hours_multiplier=100"},
		{"defaults.work.defect_prob=5e-324", "defaults.recovery.rollback_fail_prob=0.9999999999999999"},
		{"arms.continuous-delivery.work.changes_per_day=0.001/week", "arms.continuous-deployment.deploy.servers=100000"},
		{"arms.quarterly-manual.release.every=1h0.5s", "arms.quarterly-manual.release.freeze=0", "defaults.monitoring.alert_time=0.000033333333333333335h"},
	} {
		t.Run(strings.Join(sets, " "), func(t *testing.T) {
			want, err := must(scenarios.Load("epic-vs-continuous")).With(sets...)
			if err != nil {
				t.Fatalf("the extremes themselves: %v", err)
			}
			r := cli(t, append([]string{"show", "epic-vs-continuous"}, quoteSetsArgs(sets)...)...)
			if r.code != exitOK || r.stderr != "" {
				t.Fatalf("show: status %d, stderr %q", r.code, r.stderr)
			}
			got, err := scenarios.Parse("shown", []byte(r.stdout))
			if err != nil {
				t.Fatalf("show's output does not load: %v", err)
			}
			sameScenario(t, got, want)
			path := filepath.Join(dir, "extreme"+string(rune('a'+i))+".yaml")
			write(t, path, r.stdout)
			if v := cli(t, "validate", path); v.code != exitOK {
				t.Errorf("validate: status %d, stderr %q", v.code, v.stderr)
			}
		})
	}
}

func quoteSetsArgs(sets []string) []string {
	var out []string
	for _, s := range sets {
		out = append(out, "--set", s)
	}
	return out
}
