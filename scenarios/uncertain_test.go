package scenarios

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"deploysim/models"
)

const uncertainBase = `arms:
  - name: manual
    deploy: {mode: manual, servers: 8, steps_per_server: 5, step_error_prob: 0.01}
    recovery: {triage: {mean: 1h, cv: 0.5}}
  - name: auto
    deploy: {mode: automated}
uncertain:
`

func TestUncertain(t *testing.T) {
	sc, err := Parse("u.yaml", []byte(uncertainBase+`  defaults.money.loss_per_minute: {low: 500, high: 5000}
  arms.manual.deploy.step_error_prob: {low: 0.1%, high: 2%}
  arms.manual.recovery.triage: {low: 30m, high: 4h}
  arms.manual.deploy.servers: {low: 4, high: 16, dist: uniform}
  case.investment: {low: 200_000, high: 1_000_000}
  case.dip: {low: 5%, high: 20%}
  case.transition_months: {low: 6, high: 15}
  case.running_cost: {low: 50_000, high: 200_000}
  arms.manual.work.changes_per_day: {low: 5/day, high: 20/day}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Range{
		{Path: "defaults.money.loss_per_minute", Low: 500, High: 5000, LowText: "500", HighText: "5000", Dist: "lognormal", Kind: "money", Unit: "per minute", Line: 8},
		{Path: "arms.manual.deploy.step_error_prob", Low: 0.001, High: 0.02, LowText: "0.1%", HighText: "2%", Dist: "beta", Kind: "probability", Line: 9},
		{Path: "arms.manual.recovery.triage", Low: 0.5, High: 4, LowText: "30m", HighText: "4h", Dist: "lognormal", Kind: "duration", Line: 10},
		{Path: "arms.manual.deploy.servers", Low: 4, High: 16, LowText: "4", HighText: "16", Dist: "uniform", Kind: "whole number", Line: 11},
		{Path: "case.investment", Low: 200_000, High: 1_000_000, LowText: "200_000", HighText: "1_000_000", Kind: "money", Line: 12},
		{Path: "case.dip", Low: 0.05, High: 0.2, LowText: "5%", HighText: "20%", Kind: "share", Line: 13},
		{Path: "case.transition_months", Low: 6, High: 15, LowText: "6", HighText: "15", Kind: "number", Unit: "months", Line: 14},
		{Path: "case.running_cost", Low: 50_000, High: 200_000, LowText: "50_000", HighText: "200_000", Kind: "money", Unit: "per year", Line: 15},
		{Path: "arms.manual.work.changes_per_day", Low: 5, High: 20, LowText: "5/day", HighText: "20/day", Dist: "lognormal", Kind: "rate", Line: 16},
	}
	// case.* ranges are stored with the others; case.go checks them
	// against the case's own fields (see TestCaseRanges).
	if len(sc.Uncertain) != len(want) {
		t.Fatalf("got %d ranges, want %d: %+v", len(sc.Uncertain), len(want), sc.Uncertain)
	}
	for i, r := range sc.Uncertain {
		w := want[i]
		if r.Path != w.Path || r.LowText != w.LowText || r.HighText != w.HighText || r.Dist != w.Dist || r.Line != w.Line || r.Kind != w.Kind || r.Unit != w.Unit ||
			!near(r.Low, w.Low) || !near(r.High, w.High) {
			t.Errorf("range %d: got %+v, want %+v", i, r, w)
		}
	}
	if !sc.Uncertain[4].IsCase() || sc.Uncertain[0].IsCase() {
		t.Errorf("IsCase: got %v, %v; want true, false", sc.Uncertain[4].IsCase(), sc.Uncertain[0].IsCase())
	}
	// The ranges survive an override.
	sc2, err := sc.With("seed=3")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc2.Uncertain) != len(want) {
		t.Errorf("after With: got %d ranges, want %d", len(sc2.Uncertain), len(want))
	}
}

func near(a, b float64) bool { return a == b || a-b < 1e-12 && b-a < 1e-12 }

func TestUncertainErrors(t *testing.T) {
	for _, tc := range []struct {
		name, entry, want string
	}{
		{"low above high", `arms.manual.deploy.step_error_prob: {low: 2%, high: 1%}`,
			"u.yaml:8: uncertain.arms.manual.deploy.step_error_prob: low must be ≤ high, got low 2% > high 1%"},
		{"probability out of range", `arms.manual.deploy.step_error_prob: {low: 0.1, high: 1.5}`,
			"u.yaml:8: uncertain.arms.manual.deploy.step_error_prob.high: must be in [0,1], got 1.5"},
		{"outside the model's range", `arms.manual.deploy.servers: {low: 0, high: 4, dist: uniform}`,
			"u.yaml:8: uncertain.arms.manual.deploy.servers.low: 0 does not fit the model: must be ≥ 1, got 0"},
		{"unknown arm", `arms.manul.deploy.servers: {low: 1, high: 4}`,
			`u.yaml:8: uncertain.arms.manul.deploy.servers: no arm named "manul"; did you mean manual? (arms: manual, auto)`},
		{"unknown field", `defaults.deploy.step_eror_prob: {low: 0.1, high: 0.2}`,
			`u.yaml:8: uncertain.defaults.deploy.step_eror_prob: unknown field "deploy.step_eror_prob"; did you mean deploy.step_error_prob?`},
		{"not numeric", `arms.auto.deploy.mode: {low: 1, high: 2}`,
			"u.yaml:8: uncertain.arms.auto.deploy.mode: deploy.mode is one of manual, automated, not a number on a scale"},
		{"section", `defaults.deploy: {low: 1, high: 2}`,
			"u.yaml:8: uncertain.defaults.deploy: deploy is a section: name one of its fields"},
		{"not a path", `deploy.servers: {low: 1, high: 2}`,
			"u.yaml:8: uncertain.deploy.servers: name a parameter as arms.<arm>.<field> or defaults.<field>"},
		{"bad distribution", `defaults.money.hourly_rate: {low: 50, high: 200, dist: normal}`,
			`u.yaml:8: uncertain.defaults.money.hourly_rate.dist: must be one of lognormal, beta, triangular, uniform, got "normal"`},
		{"lognormal from zero", `defaults.money.hourly_rate: {low: 0, high: 200}`,
			"u.yaml:8: uncertain.defaults.money.hourly_rate.low: a lognormal range needs low > 0, got 0"},
		{"beta reaching one", `defaults.monitoring.alert_prob: {low: 0.5, high: 1}`,
			"u.yaml:8: uncertain.defaults.monitoring.alert_prob: a beta range needs 0 < low ≤ high < 1"},
		{"missing high", `defaults.money.hourly_rate: {low: 50}`,
			"u.yaml:8: uncertain.defaults.money.hourly_rate.high: missing"},
		{"unknown key", `defaults.money.hourly_rate: {low: 50, hihg: 60}`,
			"u.yaml:8: uncertain.defaults.money.hourly_rate.hihg: unknown field; a range has low, high and dist; did you mean high?"},
		{"bad duration", `arms.manual.recovery.triage: {low: 30x, high: 4h}`,
			`u.yaml:8: uncertain.arms.manual.recovery.triage.low: invalid duration "30x"`},
		{"not a range", `defaults.money.hourly_rate: 50`,
			"u.yaml:8: uncertain.defaults.money.hourly_rate: must be a range {low: …, high: …}"},
		{"case without a field", `case.: {low: 1, high: 2}`,
			"u.yaml:8: uncertain.case.: name a field of the business case"},
		{"list index beyond the list", `arms.manual.pipeline[9].catch_prob: {low: 0.5, high: 0.9}`,
			"u.yaml:8: uncertain.arms.manual.pipeline[9].catch_prob.low: 0.5 does not fit the model: arms[0].pipeline has"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("u.yaml", []byte(uncertainBase+"  "+tc.entry+"\n"))
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("got %v, want Errors", err)
			}
			if !strings.HasPrefix(es[0].Error(), tc.want) {
				t.Errorf("got  %s\nwant %s…", es[0].Error(), tc.want)
			}
		})
	}
}

func TestWithValues(t *testing.T) {
	sc, err := Parse("u.yaml", []byte(uncertainBase))
	if err != nil {
		t.Fatal(err)
	}
	got, err := sc.WithValues(map[string]float64{
		"arms.manual.recovery.triage":     3,
		"defaults.work.changes_per_day":   7.5,
		"arms.manual.deploy.servers":      4,
		"arms.auto.release.every":         2 * 168,
		"defaults.deploy.step_error_prob": 0.5, // every... no: only arms that do not set it
	})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := got.Arm("manual")
	a, _ := got.Arm("auto")
	if m.Recovery.TriageHours.Mean != 3 || m.Recovery.TriageHours.CV != 0.5 {
		t.Errorf("triage: got %+v, want mean 3 and the cv kept (0.5)", m.Recovery.TriageHours)
	}
	if m.Deploy.Servers != 4 || m.Work.ChangesPerDay != 7.5 || a.Work.ChangesPerDay != 7.5 || a.Release.EveryHours != 336 {
		t.Errorf("got servers %d, changes/day %g and %g, auto every %g; want 4, 7.5, 7.5, 336",
			m.Deploy.Servers, m.Work.ChangesPerDay, a.Work.ChangesPerDay, a.Release.EveryHours)
	}
	if m.Deploy.StepErrorProb != 0.01 || a.Deploy.StepErrorProb != 0.5 {
		t.Errorf("step_error_prob: got manual %g, auto %g; want 0.01 (its own), 0.5", m.Deploy.StepErrorProb, a.Deploy.StepErrorProb)
	}
	wantOverrides := []string{"arms.auto.release.every=2w", "arms.manual.deploy.servers=4", "arms.manual.recovery.triage.mean=3h",
		"defaults.deploy.step_error_prob=0.5", "defaults.work.changes_per_day=7.5/day"}
	if strings.Join(got.Overrides, " ") != strings.Join(wantOverrides, " ") {
		t.Errorf("overrides: got %q, want %q", got.Overrides, wantOverrides)
	}

	for _, tc := range []struct {
		path string
		x    float64
		want string
	}{
		{"arms.manual.deploy.servers", 2.5, "arms.manual.deploy.servers: must be a whole number, got 2.5"},
		{"case.investment", 1, "case.investment: a business-case field, not a model parameter"},
		{"arms.manual.deploy.step_error_prob", 2, "--set arms.manual.deploy.step_error_prob=2: must be in [0,1], got 2"},
		{"arms.manual.release.policy", 1, "arms.manual.release.policy: release.policy is one of"},
	} {
		_, err := sc.WithValues(map[string]float64{tc.path: tc.x})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("WithValues(%s=%g): got %v, want %s…", tc.path, tc.x, err, tc.want)
		}
	}
}

// TestWithValuesShares moves severity shares: the classes left out keep
// their proportions and the arm's shares add up to 100%.
func TestWithValuesShares(t *testing.T) {
	sc, err := Load("epic-vs-continuous")
	if err != nil {
		t.Fatal(err)
	}
	const arm = "continuous-delivery"
	base, _ := sc.Arm(arm)
	shares := func(a models.Arm) []float64 {
		var s []float64
		for _, c := range a.Work.Severities {
			s = append(s, c.Share)
		}
		return s
	}
	before := shares(base) // 45%, 38%, 13%, 4%
	for _, tc := range []struct {
		name   string
		values map[string]float64
		want   []float64
	}{
		{"critical doubled", map[string]float64{"arms." + arm + ".work.severities[3].share": 0.08},
			[]float64{0.45 * 0.92 / 0.96, 0.38 * 0.92 / 0.96, 0.13 * 0.92 / 0.96, 0.08}},
		{"two set, two scaled", map[string]float64{"arms." + arm + ".work.severities[0].share": 0.25, "arms." + arm + ".work.severities[1].share": 0.25},
			[]float64{0.25, 0.25, 0.13 * 0.5 / 0.17, 0.04 * 0.5 / 0.17}},
		{"all set", map[string]float64{"arms." + arm + ".work.severities[0].share": 0.1, "arms." + arm + ".work.severities[1].share": 0.2,
			"arms." + arm + ".work.severities[2].share": 0.3, "arms." + arm + ".work.severities[3].share": 0.4},
			[]float64{0.1, 0.2, 0.3, 0.4}},
	} {
		got, err := sc.WithValues(tc.values)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		a, _ := got.Arm(arm)
		s := shares(a)
		for i := range s {
			if math.Abs(s[i]-tc.want[i]) > 1e-12 {
				t.Errorf("%s: shares %v, want %v", tc.name, s, tc.want)
				break
			}
		}
		// The other arms keep theirs.
		if q, _ := got.Arm("quarterly-manual"); !slices.Equal(shares(q), before) {
			t.Errorf("%s: quarterly-manual's shares moved to %v", tc.name, shares(q))
		}
	}
	// Shares that exceed 100% between them are the model's error to report.
	_, err = sc.WithValues(map[string]float64{"arms." + arm + ".work.severities[0].share": 0.7, "arms." + arm + ".work.severities[1].share": 0.6})
	if err == nil || !strings.Contains(err.Error(), "shares must add up to 100%") {
		t.Errorf("shares of 130%%: got %v, want the model's message that shares must add up to 100%%", err)
	}
}

// TestResolvePathNamedItems: a list item named by its name, as --set
// accepts it, resolves to the same parameter as its index, in an arm and
// in the defaults; an unknown name lists the items.
func TestResolvePathNamedItems(t *testing.T) {
	sc, err := Load("epic-vs-continuous")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ named, indexed string }{
		{"arms.quarterly-manual.pipeline.build-and-unit-tests.catch_prob", "arms.quarterly-manual.pipeline[0].catch_prob"},
		{"arms.quarterly-manual.pipeline.manual-regression.duration", "arms.quarterly-manual.pipeline[1].duration"},
		{"arms.continuous-delivery.pipeline.integration-tests.catch_prob", "arms.continuous-delivery.pipeline[2].catch_prob"},
		{"arms.quarterly-manual.work.severities.critical.share", "arms.quarterly-manual.work.severities[3].share"},
		{"defaults.pipeline.build-and-unit-tests.catch_prob", "defaults.pipeline[0].catch_prob"},
	} {
		got, err := sc.ResolvePath(tc.named)
		if err != nil {
			t.Errorf("ResolvePath(%s): %v", tc.named, err)
			continue
		}
		want, err := sc.ResolvePath(tc.indexed)
		if err != nil {
			t.Fatalf("ResolvePath(%s): %v", tc.indexed, err)
		}
		if got.Set() != want.Set() || got.Kind != want.Kind {
			t.Errorf("ResolvePath(%s) = %s (%s), want %s (%s)", tc.named, got.Set(), got.Kind, want.Set(), want.Kind)
		}
	}
	_, err = sc.ResolvePath("arms.quarterly-manual.pipeline.manual-regresion.catch_prob")
	if err == nil || !strings.Contains(err.Error(), `no item named "manual-regresion"`) || !strings.Contains(err.Error(), "manual-regression") {
		t.Errorf("a mistyped stage name: %v, want the items listed", err)
	}
}
