package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestMessagesSayWhatHappened: messages that once misled — Go API advice
// for an arm that never deploys, "already has extends" for an arm that
// extends nothing.
func TestMessagesSayWhatHappened(t *testing.T) {
	dir := t.TempDir()
	idle := filepath.Join(dir, "idle.yaml")
	write(t, idle, "horizon: 30d\narms:\n  - name: a\n    work: {changes_per_day: 0.0001/day}\n")
	two := filepath.Join(dir, "two.yaml")
	write(t, two, "replications: 2\nhorizon: 30d\narms:\n  - name: a\n  - name: b\n")
	for _, tc := range []struct {
		args    []string
		code    int
		want    string
		mustNot string
	}{
		{[]string{"replay", idle, "--arm", "a"}, exitUsage, "nothing happened in this replication", "RunOptions"},
		{[]string{"run", two, "-q", "--set", "arms.b.extends=a"}, exitOK, "--set cannot change which arm an arm starts from", "already has extends"},
	} {
		r := cli(t, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stderr, tc.mustNot) {
			t.Errorf("%v: status %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}
