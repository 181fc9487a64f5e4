package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "epic-vs-continuous", "--to", "csv", "-o", dir}, "--arm: name the arm"},
		{[]string{"export", "epic-vs-continuous", "--arm", "quarterly-manual"}, "--to: name what to write"},
		{[]string{"export", "epic-vs-continuous", "--arm", "quarterly-manual", "--to", "devlake"}, "--to devlake: not a target"},
		{[]string{"export", "epic-vs-continuous", "--arm", "quarterly-manual", "--to", "csv"}, "name a directory with -o"},
		{[]string{"export", "epic-vs-continuous", "--arm", "nope", "--to", "cdevents"}, `--arm "nope": not an arm`},
		{[]string{"export", "epic-vs-continuous", "--arm", "quarterly-manual", "--to", "cdevents", "--start", "5 Jan"}, "--start 5 Jan: want a date"},
		{[]string{"export", "epic-vs-continuous", "--arm", "quarterly-manual", "--to", "cdevents", "--replication", "-1"}, "--replication -1"},
		{[]string{"export", "epic-vs-continuous", "--arm", "quarterly-manual", "--to", "csv", "-o", filepath.Join(dir, "no", "such")}, "does not exist"},
	} {
		r := cli(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused export left %d files", len(entries))
	}
}

func TestExportWritesFilesAndTheComparison(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "records")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(out, "notes.txt")
	os.WriteFile(mine, []byte("mine"), 0o644)
	report := filepath.Join(dir, "compare.md")
	r := cli(t, "export", "epic-vs-continuous", "--arm", "continuous-delivery", "--set", "horizon=4w", "--to", "csv", "-o", out, "--report", report)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, f := range []string{"deployments.csv", "changes.csv", "incidents.csv", "notes.txt"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	if b, _ := os.ReadFile(mine); string(b) != "mine" {
		t.Error("the export touched a file of the directory it does not write")
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("left a temporary file %s", e.Name())
		}
	}
	page, err := os.ReadFile(report)
	if err != nil || !strings.Contains(string(page), "# What the dashboard will show vs what happened") {
		t.Errorf("--report: %v %q", err, page)
	}
	if !strings.Contains(r.stderr, "In Grafana select project deploysim-epic-vs-continuous-continuous-delivery and the absolute range") || !strings.Contains(r.stderr, "Why they differ") {
		t.Errorf("stderr lacks the comparison:\n%s", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("a directory export wrote to standard output: %q", r.stdout)
	}

	// A single-file target goes to standard output; --quiet drops the note.
	r = cli(t, "export", "epic-vs-continuous", "--arm", "continuous-delivery", "--set", "horizon=1w", "--to", "fourkeys", "--quiet")
	if r.code != exitOK || r.stderr != "" || !strings.Contains(r.stdout, `"event_type":"deployment_status"`) {
		t.Errorf("fourkeys to stdout: exit %d, stderr %q, stdout %.200q", r.code, r.stderr, r.stdout)
	}
}

// TestREADMEExportCommands runs every deploysim export line of the
// README's "See it in your dashboard" section, as written, in an empty
// directory, with a shorter horizon so that it stays quick.
func TestREADMEExportCommands(t *testing.T) {
	data, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(data), "### See it in your dashboard")
	if !ok {
		t.Fatal("README: no section \"See it in your dashboard\"")
	}
	sec, _, _ = strings.Cut(sec, "\n### ")
	t.Chdir(t.TempDir())
	n := 0
	for _, line := range strings.Split(sec, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "deploysim export ") {
			continue
		}
		args := append(strings.Fields(strings.TrimPrefix(line, "deploysim ")), "--set", "horizon=2w", "--quiet")
		if r := cli(t, args...); r.code != exitOK {
			t.Errorf("README: %s: status %d: %s", line, r.code, r.stderr)
		}
		n++
	}
	if n < 5 {
		t.Errorf("README shows %d export commands, want one per target", n)
	}
}
