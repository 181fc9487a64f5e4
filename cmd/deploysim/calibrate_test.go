package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fitTestdata = "../../fit/testdata/"

func TestCalibrateQuickCheckFlags(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "my-org.yaml")
	rep := filepath.Join(dir, "fit.md")
	r := cli(t, "calibrate", "--lead-time", "3", "--deployment-frequency", "2", "--recovery-time", "4",
		"--change-failure-rate", "12%", "--rework-rate", "5%", "--team-size", "40", "-n", "2", "-o", out, "--report", rep)
	if r.code != exitOK {
		t.Fatalf("status %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"Measured vs simulated", "change failure rate", "DORA Quick Check, 2025 edition", "wrote " + out} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout does not mention %q:\n%s", want, r.stdout)
		}
	}
	if v := cli(t, "validate", out); v.code != exitOK {
		t.Errorf("validate: status %d: %s", v.code, v.stderr)
	}
	md, err := os.ReadFile(rep)
	if err != nil || !strings.HasPrefix(string(md), "# deploysim calibrate") {
		t.Errorf("report: %v %.40q", err, md)
	}
	// An existing file is left alone.
	before, _ := os.ReadFile(out)
	r = cli(t, "calibrate", "--quick-check", fitTestdata+"quick-check.yaml", "-n", "2", "-o", out)
	if r.code != exitUsage || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("existing -o: status %d, stderr %q", r.code, r.stderr)
	}
	if after, _ := os.ReadFile(out); string(after) != string(before) {
		t.Error("existing -o was changed")
	}
}

func TestCalibrateRecords(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "shop.yaml")
	r := cli(t, "calibrate", fitTestdata+"records", "--severity", "critical", "--severity", "major", "--exclude", "2026-03-01..2026-03-07", "-n", "4", "-o", out)
	if r.code != exitOK {
		t.Fatalf("status %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "ignored column(s) service") || !strings.Contains(r.stdout, "fitted: ") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"uncertain:", "defaults.work.defect_prob: {low:", "# fitted to the change failure rate", "case:\n  from: today"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("scenario does not contain %q", want)
		}
	}
}

// TestCalibrateNothingToFit: deployments without incidents still give a
// scenario, with the defaults named and a warning.
func TestCalibrateNothingToFit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.yaml")
	r := cli(t, "calibrate", fitTestdata+"github-deployments.json", "-n", "3", "-o", out)
	if r.code != exitOK {
		t.Fatalf("status %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"no incidents in the inputs", "default: the high template's (no incident durations in the inputs)", "changes per day: no change records"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout does not mention %q:\n%s", want, r.stdout)
		}
	}
}

func TestCalibrateBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "incidents.csv")
	os.WriteFile(bad, []byte("incident_id,started_at,resolved_at\ni-1,2026-01-05T09:00:00Z,2026-01-05T08:00:00Z\n"), 0o644)
	out := filepath.Join(dir, "o.yaml")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"calibrate", bad, "-o", out}, bad + ":2:26: resolved_at: resolved 2026-01-05T08:00:00Z, before it started"},
		{[]string{"calibrate", "-o", out}, "give records"},
		{[]string{"calibrate", fitTestdata + "records"}, "-o FILE"},
		{[]string{"calibrate", filepath.Join(dir, "missing.csv"), "-o", out}, "missing.csv: cannot read"},
		{[]string{"calibrate", "--lead-time", "9", "-o", out}, "--lead-time: \"9\": want a band 1–6"},
		{[]string{"calibrate", "--lead-time", "3", "-o", out}, "the Quick Check needs --deployment-frequency"},
		{[]string{"calibrate", fitTestdata + "records", "--exclude", "March", "-o", out}, "--exclude: window \"March\""},
		{[]string{"calibrate", fitTestdata + "quick-check.yaml", "-o", out}, "give Quick Check answers with --quick-check"},
	} {
		r := cli(t, c.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s: status %d, stderr %q; want 2 and %q", strings.Join(c.args, " "), r.code, r.stderr, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed calibrate left a file")
	}
}

// TestREADMECalibrate runs the deploysim commands of the README's
// "deploysim calibrate" section as written: the example inputs are the
// repository's fixtures (the section's gh and curl pipeline writes
// github-deployments.json and pagerduty.json; the fixtures stand in for
// them), the outputs go to a temporary directory, and deploysim case runs
// with fewer samples. Slow tier: each fit simulates for a few seconds.
func TestREADMECalibrate(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs every calibrate command of the README")
	}
	data, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "### `deploysim calibrate`")
	end := strings.Index(text[start:], "\n### ")
	section := text[start : start+end]
	abs, err := filepath.Abs(fitTestdata)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var cmds [][]string
	lines := strings.Split(section, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(line, "deploysim ") {
			continue
		}
		for strings.HasSuffix(line, `\`) && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, `\`) + " " + strings.TrimSpace(lines[i])
		}
		var args []string
		for _, f := range strings.Fields(strings.TrimPrefix(line, "deploysim ")) {
			switch {
			case strings.HasPrefix(f, "fit/testdata/"):
				f = filepath.Join(abs, strings.TrimPrefix(f, "fit/testdata/"))
			case f == "github-deployments.json":
				f = filepath.Join(abs, "github-deployments.json")
			case f == "pagerduty.json":
				f = filepath.Join(abs, "pagerduty-incidents.json")
			case strings.HasSuffix(f, ".yaml") || strings.HasSuffix(f, ".html"):
				f = filepath.Join(dir, f)
			}
			args = append(args, f)
		}
		if args[0] == "case" {
			args = append(args, "--samples", "2", "--replications", "1")
		}
		cmds = append(cmds, args)
	}
	if len(cmds) < 8 {
		t.Fatalf("found %d deploysim commands in the section, want at least 8", len(cmds))
	}
	for _, args := range cmds {
		if r := cli(t, args...); r.code != exitOK {
			t.Errorf("deploysim %s: status %d: %s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
}
