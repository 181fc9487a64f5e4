package main

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"deploysim/scenarios"
)

func TestList(t *testing.T) {
	r := cli(t, "list")
	if r.code != exitOK || r.stderr != "" {
		t.Fatalf("got status %d, stderr %q", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if want := len(scenarios.List()) + 1; len(lines) != want {
		t.Fatalf("got %d lines, want a header and one per built-in (%d):\n%s", len(lines), want, r.stdout)
	}
	if !strings.HasPrefix(lines[0], "NAME ") || !strings.Contains(lines[0], "TITLE") {
		t.Errorf("header: got %q", lines[0])
	}
	for i, name := range scenarios.List() {
		sc, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		fields := strings.Fields(lines[i+1])
		title := strings.TrimSpace(strings.TrimPrefix(lines[i+1], name))
		if name == scenarios.Default {
			title = strings.TrimSuffix(title, " (default)")
		}
		if fields[0] != name || title != sc.Title {
			t.Errorf("line %d: got %q, want %s and %q", i+1, lines[i+1], name, sc.Title)
		}
	}
}

// TestShowRoundTrip checks, for every built-in, that what show prints
// loads back to the same scenario and passes validate.
func TestShowRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, name := range scenarios.List() {
		t.Run(name, func(t *testing.T) {
			r := cli(t, "show", name)
			if r.code != exitOK || r.stderr != "" {
				t.Fatalf("got status %d, stderr %q", r.code, r.stderr)
			}
			want, err := scenarios.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			got, err := scenarios.Parse(name, []byte(r.stdout))
			if err != nil {
				t.Fatalf("the output does not load: %v\n%s", err, r.stdout)
			}
			sameScenario(t, got, want)

			path := filepath.Join(dir, name+".yaml")
			write(t, path, r.stdout)
			if v := cli(t, "validate", path); v.code != exitOK || v.stdout != path+": ok\n" {
				t.Errorf("validate: got status %d, stdout %q, stderr %q", v.code, v.stdout, v.stderr)
			}
		})
	}
}

func sameScenario(t *testing.T, got, want *scenarios.Scenario) {
	t.Helper()
	if got.Title != want.Title || got.Story != want.Story || !slices.Equal(got.Sources, want.Sources) ||
		got.Currency != want.Currency || got.Baseline != want.Baseline {
		t.Errorf("title, story, sources, currency or baseline differ:\ngot  %q %q %q %q %q\nwant %q %q %q %q %q",
			got.Title, got.Story, got.Sources, got.Currency, got.Baseline,
			want.Title, want.Story, want.Sources, want.Currency, want.Baseline)
	}
	if got.Seed != want.Seed || got.Replications != want.Replications ||
		got.HorizonHours != want.HorizonHours || got.WarmupHours != want.WarmupHours {
		t.Errorf("run settings: got %d %d %g %g, want %d %d %g %g",
			got.Seed, got.Replications, got.HorizonHours, got.WarmupHours,
			want.Seed, want.Replications, want.HorizonHours, want.WarmupHours)
	}
	if !reflect.DeepEqual(got.Arms, want.Arms) {
		t.Errorf("arms differ:\ngot  %+v\nwant %+v", got.Arms, want.Arms)
	}
}

// TestShowChanged checks that show --changed keeps only what differs from
// the built-in defaults, and that it loads back to the same scenario.
func TestShowChanged(t *testing.T) {
	for _, name := range scenarios.List() {
		t.Run(name, func(t *testing.T) {
			full := cli(t, "show", name)
			r := cli(t, "show", name, "--changed")
			if r.code != exitOK || r.stderr != "" {
				t.Fatalf("got status %d, stderr %q", r.code, r.stderr)
			}
			got, err := scenarios.Parse(name, []byte(r.stdout))
			if err != nil {
				t.Fatalf("the output does not load: %v\n%s", err, r.stdout)
			}
			sameScenario(t, got, must(scenarios.Load(name)))
			if len(r.stdout) >= len(full.stdout) {
				t.Errorf("--changed is %d bytes, the full scenario %d: want less", len(r.stdout), len(full.stdout))
			}
		})
	}
}

// TestShowKeepsReasons checks that show writes the comments of the source
// scenario and of the built-in defaults beside the values they explain.
func TestShowKeepsReasons(t *testing.T) {
	for _, changed := range []bool{false, true} {
		a := []string{"show", "knight-capital-2012"}
		if changed {
			a = append(a, "--changed")
		}
		r := cli(t, a...)
		for _, want := range []string{
			"alert_prob: 0 # the 97 emails were not alerts (SEC order)", // the scenario's own comment
			"step_error_prob: 0.0005 # assumption, see sources: one such failure in about six years of monthly deployments",
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("show %v: no line %q", a[1:], want)
			}
		}
	}
}

func TestShowSet(t *testing.T) {
	r := cli(t, "show", "epic-vs-continuous", "--set", "arms.quarterly-manual.release.every=4w", "--set", "horizon=2y")
	if r.code != exitOK {
		t.Fatalf("got status %d: %s", r.code, r.stderr)
	}
	got, err := scenarios.Parse("x", []byte(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	base := must(scenarios.Load("epic-vs-continuous"))
	want := must(base.With("arms.quarterly-manual.release.every=4w", "horizon=2y"))
	sameScenario(t, got, want)
	if !strings.Contains(r.stdout, "deploysim show epic-vs-continuous --set arms.quarterly-manual.release.every=4w --set horizon=2y") {
		t.Errorf("the header does not name the command:\n%s", r.stdout[:300])
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)

	r := cli(t, "init")
	want := "wrote scenario.yaml: edit it, check it with deploysim validate scenario.yaml, run it with deploysim run scenario.yaml\n"
	if r.code != exitOK || r.stdout != want || r.stderr != "" {
		t.Fatalf("got status %d, stdout %q, stderr %q; want 0, %q", r.code, r.stdout, r.stderr, want)
	}
	if got := must(os.ReadFile("scenario.yaml")); string(got) != string(scenarios.Template()) {
		t.Error("scenario.yaml is not the template")
	}
	if v := cli(t, "validate", "scenario.yaml"); v.code != exitOK || v.stdout != "scenario.yaml: ok\n" {
		t.Errorf("validate: got status %d, stdout %q, stderr %q", v.code, v.stdout, v.stderr)
	}

	// Refuses to overwrite, unless --force.
	write(t, "scenario.yaml", "mine\n")
	if r := cli(t, "init"); r.code != exitUsage || !strings.Contains(r.stderr, "already exists: use --force") {
		t.Errorf("init over a file: got status %d, stderr %q", r.code, r.stderr)
	}
	if got := must(os.ReadFile("scenario.yaml")); string(got) != "mine\n" {
		t.Errorf("init without --force changed the file")
	}
	if r := cli(t, "init", "--force"); r.code != exitOK {
		t.Errorf("init --force: got status %d, stderr %q", r.code, r.stderr)
	}
	if got := must(os.ReadFile("scenario.yaml")); string(got) != string(scenarios.Template()) {
		t.Error("init --force did not write the template")
	}

	// A named file; - for standard output.
	if r := cli(t, "init", "team.yaml"); r.code != exitOK {
		t.Errorf("init team.yaml: got status %d, stderr %q", r.code, r.stderr)
	}
	if r := cli(t, "init", "-"); r.code != exitOK || r.stdout != string(scenarios.Template()) {
		t.Errorf("init -: got status %d, not the template on stdout", r.code)
	}
	assertOnly(t, dir, "scenario.yaml", "team.yaml")
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	write(t, good, string(scenarios.Template()))
	bad := filepath.Join(dir, "bad.yaml")
	write(t, bad, "arms:\n  - name: a\n    deploy: {servers: 0, step_error_prob: 2}\n    relase: {}\n")
	missing := filepath.Join(dir, "missing.yaml")

	r := cli(t, "validate", good, bad, missing, "dora-2019")
	if r.code != exitUsage {
		t.Errorf("got status %d, want 2", r.code)
	}
	if want := good + ": ok\ndora-2019: ok\n"; r.stdout != want {
		t.Errorf("stdout:\ngot  %q\nwant %q", r.stdout, want)
	}
	want := bad + ":3: arms[0].deploy.step_error_prob: must be in [0,1], got 2\n" +
		bad + ":3: arms[0].deploy.servers: must be ≥ 1, got 0\n" +
		bad + ":4: arms[0].relase: unknown field; did you mean release?\n" +
		"deploysim validate: scenario: open " + missing + ": no such file or directory\n"
	if r.stderr != want {
		t.Errorf("stderr:\ngot\n%s\nwant\n%s", r.stderr, want)
	}

	if r := cli(t, "validate", good); r.code != exitOK || r.stderr != "" {
		t.Errorf("a good file: got status %d, stderr %q", r.code, r.stderr)
	}
}
