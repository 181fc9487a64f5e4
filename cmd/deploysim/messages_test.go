package main

import (
	"os/exec"
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

// TestShellQuoteControls: a file name with a newline, a tab or another
// control character is quoted so that a shell gives back the same bytes
// (bash reads $'…'); shown in plain quotes the newline became a space.
func TestShellQuoteControls(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	for _, s := range []string{"team\nb.yaml", "tab\there", "it's\x01\x7f", `back\slash` + "\n"} {
		q := shellQuote(s)
		if strings.ContainsAny(q, "\n\t\x01\x7f") {
			t.Errorf("shellQuote(%q) = %q holds a control character", s, q)
		}
		out, err := exec.Command(bash, "-c", "printf %s "+q).Output()
		if err != nil || string(out) != s {
			t.Errorf("shellQuote(%q) = %s: bash reads it as %q (%v)", s, q, out, err)
		}
	}
}
