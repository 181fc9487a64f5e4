package scenarios

import (
	"reflect"
	"strings"
	"testing"
)

const caseScenario = `name: c
arms:
  - name: today
    release: {policy: scheduled, every: 13w, freeze: 2w}
  - name: cd
case:
  from: today
  to: cd
  investment: 500_000
  running_cost: 100000
  engineers: 40
  cost_per_engineer_year: 150000
  transition_months: 6
  dip: 10%
  dip_months: 3
  discount_rate: 8%
`

func TestCaseDecodes(t *testing.T) {
	sc, err := Parse("c.yaml", []byte(caseScenario))
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Case
	if c == nil {
		t.Fatal("no case")
	}
	want := Case{From: "today", To: "cd", Investment: 500000, RunningCostPerYear: 100000, Engineers: 40,
		CostPerEngineerYear: 150000, TransitionMonths: 6, DipShare: 0.1, DipMonths: 3, HorizonYears: 3,
		DiscountRate: 0.08, Samples: 800, Replications: 20}
	got := *c
	got.Line, got.Lines = 0, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if c.Line != 7 || c.Lines["investment"] != 9 {
		t.Errorf("got case line %d, investment line %d, want 7 and 9", c.Line, c.Lines["investment"])
	}
	noCase, err := Parse("n.yaml", []byte(caseScenario[:strings.Index(caseScenario, "case:")]))
	if err != nil || noCase.Case != nil {
		t.Errorf("a scenario without case: got case %v, error %v; want none", noCase.Case, err)
	}
}

func TestCaseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"negative investment", "investment: 500_000", "investment: -1", "c.yaml:9: case.investment: must be in [0,1e+15], got -1"},
		{"discount 100%", "discount_rate: 8%", "discount_rate: 100%", "c.yaml:16: case.discount_rate: must be in [0%,100%), got 100%"},
		{"dip over 100%", "dip: 10%", "dip: 1.5", "c.yaml:14: case.dip: must be in [0%,100%], got 150%"},
		{"from = to", "to: cd", "to: today", "c.yaml:8: case.to: must differ from case.from (\"today\"): a case compares two arms"},
		{"unknown arm", "to: cd", "to: cdd", "c.yaml:8: case.to: no arm named \"cdd\"; did you mean cd? (arms: today, cd)"},
		{"unknown key", "dip_months: 3", "dip_month: 3", "c.yaml:15: case.dip_month: unknown field; did you mean dip_months?"},
		{"horizon 0", "discount_rate: 8%", "horizon_years: 0", "c.yaml:16: case.horizon_years: must be in [1,30], got 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(caseScenario, tc.old, tc.new, 1)
			_, err := Parse("c.yaml", []byte(src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestCaseOverride(t *testing.T) {
	sc, err := Parse("c.yaml", []byte(caseScenario))
	if err != nil {
		t.Fatal(err)
	}
	got, err := sc.With("case.investment=1e6", "case.to=today")
	if err == nil || !strings.Contains(err.Error(), "--set case.to=today: must differ from case.from") {
		t.Fatalf("got %v, want the override named in a from = to error", err)
	}
	got, err = sc.With("case.investment=1e6")
	if err != nil {
		t.Fatal(err)
	}
	if got.Case.Investment != 1e6 || sc.Case.Investment != 500000 {
		t.Errorf("got investment %g (original %g), want 1e6 (500000)", got.Case.Investment, sc.Case.Investment)
	}
}

func TestCheckCaseValue(t *testing.T) {
	for _, tc := range []struct {
		field string
		x     float64
		want  string
	}{
		{"investment", 1e6, ""},
		{"investment", -5, "must be in [0,1e+15], got -5"},
		{"discount_rate", 1, "must be in [0%,100%), got 100%"},
		{"engineers", 39.6, ""},
		{"samples", 10, "case.samples is a setting of the study"},
		{"invesment", 1, "unknown case field \"invesment\"; did you mean investment?"},
	} {
		if got := CheckCaseValue(tc.field, tc.x); !strings.Contains(got, tc.want) || (tc.want == "") != (got == "") {
			t.Errorf("CheckCaseValue(%s, %g) = %q, want %q", tc.field, tc.x, got, tc.want)
		}
	}
}

// TestClaimsCDBusinessCase: the built-in business case moves from a
// quarterly manual arm to a daily one, with its inputs uncertain. Its
// numbers are checked by bizcase's golden file and tests.
func TestClaimsCDBusinessCase(t *testing.T) {
	sc, err := Load("cd-business-case")
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Case
	if c == nil || c.From == c.To || c.Investment <= 0 || c.Engineers <= 0 {
		t.Fatalf("got case %+v, want two arms, an investment and an organisation", c)
	}
	from, _ := sc.Arm(c.From)
	to, _ := sc.Arm(c.To)
	if from.Release.EveryHours < 12*168 || to.Release.EveryHours > 24 {
		t.Errorf("from releases every %g h, to every %g h; want quarterly to daily", from.Release.EveryHours, to.Release.EveryHours)
	}
	if len(sc.Uncertain) < 3 {
		t.Errorf("got %d uncertain inputs, want the outage cost, the investment and more", len(sc.Uncertain))
	}
	if tmpl, err := Parse("case.yaml", CaseTemplate()); err != nil || tmpl.Case == nil {
		t.Errorf("the case template: %v", err)
	}
}

func TestCaseRanges(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"case.investment: {low: 9e5, high: 1e5}", "c.yaml:18: uncertain.case.investment: low (9e5) must not exceed high (1e5)"},
		{"case.dip: {low: 5%, high: 150%}", "c.yaml:18: uncertain.case.dip.high: must be in [0%,100%], got 150%"},
		{"case.discount_rate: {low: 5%, high: 100%}", "c.yaml:18: uncertain.case.discount_rate.high: must be in [0%,100%), got 100%"},
		{"case.samples: {low: 5, high: 10}", "c.yaml:18: uncertain.case.samples: case.samples is a setting of the study"},
		{"case.invest: {low: 5, high: 10}", "unknown case field \"invest\"; did you mean investment?"},
	} {
		_, err := Parse("c.yaml", []byte(caseScenario+"uncertain:\n  "+tc.line+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.line, err, tc.want)
		}
	}
}

// TestCaseYAML: a case written out reads back the same.
func TestCaseYAML(t *testing.T) {
	sc, err := Parse("c.yaml", []byte(caseScenario))
	if err != nil {
		t.Fatal(err)
	}
	head := caseScenario[:strings.Index(caseScenario, "case:")]
	body := strings.ReplaceAll("  "+strings.TrimSpace(string(sc.Case.YAML())), "\n", "\n  ")
	again, err := Parse("c2.yaml", []byte(head+"case:\n"+body+"\n"))
	if err != nil {
		t.Fatalf("%v\n%s", err, sc.Case.YAML())
	}
	a, b := *sc.Case, *again.Case
	a.Line, a.Lines, b.Line, b.Lines = 0, nil, 0, nil
	if !reflect.DeepEqual(a, b) {
		t.Errorf("got %+v, want %+v", b, a)
	}
}
