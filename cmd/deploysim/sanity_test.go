package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"deploysim/scenarios"
)

// template writes the run template (case: the business-case template)
// to a temporary directory and returns its path.
func template(t *testing.T, isCase bool) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.yaml")
	a := []string{"init", path}
	if isCase {
		a = []string{"init", "--case", path}
	}
	if r := cli(t, a...); r.code != exitOK {
		t.Fatalf("init: status %d: %s", r.code, r.stderr)
	}
	return path
}

// runWarnings runs a short run of path with the overrides, as JSON, and
// returns the report's warnings and what standard error said.
func runWarnings(t *testing.T, path string, sets ...string) ([]string, string) {
	t.Helper()
	a := []string{"run", path, "--replications", "4", "--seed", "3", "--format", "json", "--quiet"}
	for _, s := range sets {
		a = append(a, "--set", s)
	}
	r := cli(t, a...)
	if r.code != exitOK {
		t.Fatalf("run %v: status %d: %s", sets, r.code, r.stderr)
	}
	var doc struct {
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Warnings, r.stderr
}

// sanity keeps the model's sanity warnings (models.Sanity), not the
// caveats of the statistics.
func sanity(ws []string) []string {
	return slices.DeleteFunc(slices.Clone(ws), func(w string) bool {
		for _, mark := range []string{"× its capacity", "scheduled to release every", "of revenue the scenario states", "the revenue per minute", "values a year's new work"} {
			if strings.Contains(w, mark) {
				return false
			}
		}
		return true
	})
}

func wantWarning(t *testing.T, ws []string, parts ...string) {
	t.Helper()
	for _, w := range ws {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(w, p)
		}
		if ok {
			return
		}
	}
	t.Errorf("no warning says %q; got %q", parts, ws)
}

// TestTemplatesSaneAsWritten: the organisations the templates describe
// saturate nothing and lose less than their revenue.
func TestTemplatesSaneAsWritten(t *testing.T) {
	for _, isCase := range []bool{false, true} {
		if ws, _ := runWarnings(t, template(t, isCase)); len(sanity(ws)) > 0 {
			t.Errorf("case template %v as written: got warnings %q, want none", isCase, ws)
		}
	}
}

// TestSanityWarnings runs the cases the sanity warnings are for, each as
// a user would make it, and checks that the warning names the parameter
// to change, in the report (JSON here) and on standard error.
func TestSanityWarnings(t *testing.T) {
	run, caseT := template(t, false), template(t, true)
	tests := []struct {
		name string
		path string
		sets []string
		want [][]string // each: parts of one warning
	}{
		{"run template at 300 changes a week", run, []string{"defaults.work.changes_per_day=300/week"},
			[][]string{
				{"continuous-delivery: stage review is loaded to 1.9× its capacity", "raise pipeline.review.capacity to 10 or more"},
				{"money.delay_per_change_day (3.5) over 15,643 changes a year", "67% of the 30M revenue"},
			}},
		{"case template at 500 changes a week", caseT, []string{"defaults.work.changes_per_day=500/week"},
			[][]string{
				{"continuous-delivery: stage code-review is loaded to 3.1× its capacity", "pipeline.code-review.capacity to 16 or more"},
				{"money.delay_per_change_day (20) over 26,071 changes a year", "gives 1.89"},
			}},
		{"a quarterly train set to weekly with a 2-day freeze", caseT,
			[]string{"arms.quarterly-manual.release.every=1w", "arms.quarterly-manual.release.freeze=2d"},
			[][]string{{"quarterly-manual: scheduled to release every 1w (52.1 releases a year) but released 2", "release.freeze", "cab.lead", "set release.every"}}},
		{"loss above revenue", run, []string{"defaults.money.revenue_per_year=500_000"},
			[][]string{
				{"today: loses", "more than the 500k of revenue the scenario states"},
				{"money.loss_per_minute (150) is 158× the revenue per minute"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws, stderr := runWarnings(t, tt.path, tt.sets...)
			for _, parts := range tt.want {
				wantWarning(t, ws, parts...)
				if !strings.Contains(stderr, "deploysim run: warning: "+strings.SplitN(parts[0], ":", 2)[0]) {
					t.Errorf("standard error does not carry the warning %q:\n%s", parts[0], stderr)
				}
			}
		})
	}
}

// TestSetKeepsOtherArms: a --set that lengthens one arm's release
// interval moves that arm only (the warm-up is the file's), so run --set
// gives the numbers sweep gives for the same what-if.
func TestSetKeepsOtherArms(t *testing.T) {
	arm := func(sets ...string) map[string]json.RawMessage {
		a := []string{"run", "epic-vs-continuous", "--replications", "3", "--seed", "5", "--horizon", "120d", "--format", "json"}
		for _, s := range sets {
			a = append(a, "--set", s)
		}
		r := cli(t, a...)
		if r.code != exitOK {
			t.Fatalf("status %d: %s", r.code, r.stderr)
		}
		var doc struct {
			Arms []struct {
				Name    string          `json:"name"`
				Metrics json.RawMessage `json:"metrics"`
			} `json:"arms"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatal(err)
		}
		m := map[string]json.RawMessage{}
		for _, a := range doc.Arms {
			m[a.Name] = a.Metrics
		}
		return m
	}
	before := arm()
	after := arm("arms.continuous-delivery.release.every=26w")
	for _, name := range []string{"quarterly-manual", "continuous-deployment"} {
		if string(before[name]) != string(after[name]) {
			t.Errorf("%s moved when only continuous-delivery's release interval changed", name)
		}
	}
	if string(before["continuous-delivery"]) == string(after["continuous-delivery"]) {
		t.Error("continuous-delivery did not move when its release interval changed from 1d to 26w")
	}
}

// TestCaseSanityWarnings: the business case carries the model's sanity
// warnings (from its point estimate's arms) on its page and on standard
// error.
func TestCaseSanityWarnings(t *testing.T) {
	r := cli(t, "case", template(t, true), "--samples", "2", "--replications", "1", "--quiet",
		"--set", "defaults.work.changes_per_day=500/week", "--set", "horizon=91d", "--format", "json")
	if r.code != exitOK {
		t.Fatalf("status %d: %s", r.code, r.stderr)
	}
	var doc struct {
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	wantWarning(t, doc.Warnings, "continuous-delivery: stage code-review is loaded to 3.1× its capacity", "pipeline.code-review.capacity")
	if !strings.Contains(r.stderr, "deploysim case: warning: continuous-delivery: stage code-review") {
		t.Errorf("standard error does not carry the saturation warning:\n%s", r.stderr)
	}
}

// TestBuiltinsSane: no built-in drives the model where its own story's
// organisation would not be.
func TestBuiltinsSane(t *testing.T) {
	for _, name := range scenarios.List() {
		if ws, stderr := runWarnings(t, name); len(sanity(ws)) > 0 || stderr != "" {
			t.Errorf("%s: got warnings %q, stderr %q; want none", name, sanity(ws), stderr)
		}
	}
}
