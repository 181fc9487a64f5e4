package main

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestSlide: --slide fits epic's and batch-size's tables on one projector
// screen (30 lines) at 100 and 80 columns, with the key rows and a
// legend, and the warnings on standard error; it is for the table only.
func TestSlide(t *testing.T) {
	for _, sc := range []string{"epic-vs-continuous", "batch-size"} {
		for _, width := range []int{100, 80} {
			r := cli(t, "run", sc, "-n", "5", "--horizon", "90d", "--width", strconv.Itoa(width), "--slide")
			if r.code != exitOK {
				t.Fatalf("%s: status %d, %s", sc, r.code, r.stderr)
			}
			lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
			if len(lines) > 30 {
				t.Errorf("%s at %d columns: %d lines, want at most 30:\n%s", sc, width, len(lines), r.stdout)
			}
			for _, l := range lines {
				if n := utf8.RuneCountInString(l); n > width {
					t.Errorf("%s: a line of %d columns at --width %d: %q", sc, n, width, l)
				}
			}
			for _, want := range []string{"Deploys/yr", "Change failure", "Loss/yr", "mean ± 95% CI over 5 replications"} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("%s at %d columns: lacks %q:\n%s", sc, width, want, r.stdout)
				}
			}
			if strings.Contains(r.stdout, "$ deploysim") || strings.Contains(r.stdout, "warning:") {
				t.Errorf("%s: the slide has the command line or warnings:\n%s", sc, r.stdout)
			}
			if !strings.Contains(r.stderr, "warning: only 5 replications") {
				t.Errorf("%s: the warnings are not on stderr: %q", sc, r.stderr)
			}
		}
	}
	if r := cli(t, "run", "-n", "2", "--slide", "--format", "json"); r.code != exitUsage || !strings.Contains(r.stderr, "--slide lays out the terminal table") {
		t.Errorf("--slide --format json: status %d, %q; want 2", r.code, r.stderr)
	}
}
