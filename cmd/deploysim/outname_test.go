package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputWithoutExtension: -o FILE chooses the format by its extension;
// a name without one is refused (status 2) as the README says, -o json
// (kubectl's -o) asks whether --format json was meant, and nothing is
// written. With --format, or to a device, any name does.
func TestOutputWithoutExtension(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{args(small, "-o", "json"), "deploysim run: -o json: did you mean --format json? (-o names the file to write, e.g. -o report.json)"},
		{args(small, "-o", "CSV"), "did you mean --format csv?"},
		{args(small, "-o", "md"), "did you mean --format markdown?"},
		{args(small, "-o", "results"), "deploysim run: -o results: no extension to choose the format by: want a file ending in .txt, .md, .html, .csv, .json or .pdf, or give --format"},
		{args(smallSweep, "-o", "csv"), "deploysim sweep: -o csv: did you mean --format csv?"},
		{args(smallSens, "-o", "out"), "deploysim sensitivity: -o out: no extension"},
		{append([]string{"case", "cd-business-case", "-o", "md"}, smallCase...), "deploysim case: -o md: did you mean --format markdown?"},
	} {
		r := cli(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: status %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	assertOnly(t, dir)
	if r := cli(t, args(small, "--format", "csv", "-o", "results")...); r.code != exitOK {
		t.Errorf("--format csv -o results: status %d, stderr %q", r.code, r.stderr)
	}
	if got := string(must(os.ReadFile(filepath.Join(dir, "results")))); !strings.HasPrefix(got, "scenario,arm,metric,") {
		t.Errorf("results: %.40q, want the CSV", got)
	}
	if r := cli(t, args(small, "-o", "/dev/null")...); r.code != exitOK {
		t.Errorf("-o /dev/null: status %d, stderr %q", r.code, r.stderr)
	}
}
