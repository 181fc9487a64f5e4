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
	// The case and the uncertain ranges, but for the lines they are on.
	if (got.Case == nil) != (want.Case == nil) {
		t.Errorf("case: got %v, want %v", got.Case, want.Case)
	} else if got.Case != nil {
		g, w := *got.Case, *want.Case
		g.Line, g.Lines, w.Line, w.Lines = 0, nil, 0, nil
		if !reflect.DeepEqual(g, w) {
			t.Errorf("case differs:\ngot  %+v\nwant %+v", g, w)
		}
	}
	unlined := func(rs []scenarios.Range) []scenarios.Range {
		out := slices.Clone(rs)
		for i := range out {
			out[i].Line = 0
		}
		return out
	}
	if g, w := unlined(got.Uncertain), unlined(want.Uncertain); !reflect.DeepEqual(g, w) {
		t.Errorf("uncertain ranges differ:\ngot  %+v\nwant %+v", g, w)
	}
}

// TestShowCaseAndUncertain checks that show keeps a scenario's business
// case and its uncertain ranges of every kind, with their reasons, in full
// and with --changed, and that the output loads back the same.
func TestShowCaseAndUncertain(t *testing.T) {
	dir := t.TempDir()
	template := filepath.Join(dir, "template.yaml")
	write(t, template, string(scenarios.CaseTemplate()))
	kinds := filepath.Join(dir, "kinds.yaml")
	write(t, kinds, `currency: EUR
arms:
  - name: manual
    deploy: {mode: manual}
  - name: auto
case:                                 # the move we are asked to price
  from: manual
  to: auto
  investment: 250_000                 # the vendor's quote
  discount_rate: 10%
uncertain:                            # what nobody knows exactly
  defaults.money.loss_per_minute: {low: 300, high: 2500}   # from the outage review
  arms.manual.deploy.step_error_prob: {low: 0.1%, high: 0.02, dist: beta}
  arms.manual.recovery.triage: {low: 15m, high: 2h}
  arms.manual.recovery.triage.cv: {low: 0.2, high: 1, dist: uniform}
  defaults.work.changes_per_day: {low: 5/day, high: 50/week}
  arms.auto.deploy.servers: {low: 2, high: 12}
  case.investment: {low: 200_000, high: 1_000_000}
  case.dip: {low: 5%, high: 20%, dist: triangular}
`)
	// Ranges that reach arms through inheritance: a default that one arm
	// overrides, a random duration's mean and its spread (one arm has its
	// own mean), an inherited list, and an arm that another extends.
	inherit := filepath.Join(dir, "inherit.yaml")
	write(t, inherit, `arms:
  - name: manual
    deploy: {mode: manual}
    money: {loss_per_minute: 500}   # its own: the range on the default does not reach it
  - name: auto
    work: {defect_prob: 0.03}
    recovery: {triage: {mean: 45m}}  # its own mean, the default's spread
  - name: canary
    extends: auto
    strategy: {kind: canary}
case: {from: manual, to: canary}
uncertain:
  defaults.money.loss_per_minute: {low: 100, high: 400}
  defaults.recovery.triage: {low: 15m, high: 2h}
  defaults.recovery.triage.cv: {low: 0.5, high: 2}
  defaults.pipeline[0].catch_prob: {low: 20%, high: 60%}
  arms.auto.work.defect_prob: {low: 1%, high: 5%}
`)
	for _, tc := range []struct {
		scenario string
		reasons  []string
	}{
		{inherit, nil},
		{"cd-business-case", []string{
			"investment: 600000 # tooling, consultancy, training (one-off)",
			"uncertain: # 90% intervals of what nobody knows exactly",
		}},
		{template, nil},
		{kinds, []string{
			"case: # the move we are asked to price",
			"investment: 250000 # the vendor's quote",
			"uncertain: # what nobody knows exactly",
			"defaults.money.loss_per_minute: {low: 300, high: 2500, dist: lognormal} # from the outage review",
			"arms.manual.deploy.step_error_prob: {low: 0.1%, high: 0.02, dist: beta}",
		}},
	} {
		want := must(scenarios.Load(tc.scenario))
		if want.Case == nil || len(want.Uncertain) == 0 {
			t.Fatalf("%s: want a case and uncertain ranges to test with", tc.scenario)
		}
		for _, changed := range []bool{false, true} {
			args := []string{"show", tc.scenario}
			if changed {
				args = append(args, "--changed")
			}
			t.Run(strings.Join(append([]string{filepath.Base(tc.scenario)}, args[2:]...), " "), func(t *testing.T) {
				r := cli(t, args...)
				if r.code != exitOK || r.stderr != "" {
					t.Fatalf("got status %d, stderr %q", r.code, r.stderr)
				}
				got, err := scenarios.Parse("shown.yaml", []byte(r.stdout))
				if err != nil {
					t.Fatalf("the output does not load: %v\n%s", err, r.stdout)
				}
				sameScenario(t, got, want)
				// Each range moves the same arms the same way in both.
				for _, r := range want.Uncertain {
					if r.IsCase() {
						continue
					}
					for _, x := range []float64{r.Low, r.High} {
						w, err1 := want.WithValues(map[string]float64{r.Path: x})
						g, err2 := got.WithValues(map[string]float64{r.Path: x})
						if err1 != nil || err2 != nil {
							t.Fatalf("%s = %g: %v, %v", r.Path, x, err1, err2)
						}
						for i := range w.Arms {
							if !reflect.DeepEqual(g.Arms[i], w.Arms[i]) {
								t.Errorf("%s = %g moves arm %s otherwise in show's output:\ngot  %+v\nwant %+v", r.Path, x, w.Arms[i].Name, g.Arms[i], w.Arms[i])
							}
						}
					}
				}
				for _, line := range tc.reasons {
					if !strings.Contains(r.stdout, line) {
						t.Errorf("no line %q in\n%s", line, r.stdout[strings.Index(r.stdout, "case:"):])
					}
				}
				// --changed leaves out what a case has by default.
				if has := strings.Contains(r.stdout, "  horizon_years: 3\n"); has == changed && want.Case.HorizonYears == 3 {
					t.Errorf("--changed %v: horizon_years at its default shown %v", changed, has)
				}
			})
		}
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
			"step_error_prob: 0.00025 # assumption, see sources: one such failure in about six years of monthly deployments (twice this per step a month after the last deployment: deploy.unpractised_factor)",
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
	// The template is named after its file, and says how to run it.
	team := string(must(os.ReadFile("team.yaml")))
	if !strings.Contains(team, "\nname: team\n") || strings.Contains(team, "my-team") || !strings.Contains(team, "`deploysim run team.yaml`") {
		t.Errorf("team.yaml is not named team, or does not say deploysim run team.yaml:\n%s", team[:min(len(team), 1200)])
	}
	if r := cli(t, "run", "team.yaml", "-n", "2", "--horizon", "30d", "--format", "csv"); r.code != exitOK || !strings.Contains(r.stdout, "\nteam,") {
		t.Errorf("run team.yaml: status %d, %s", r.code, r.stderr)
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
