package scenarios

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"deploysim/models"
)

var update = flag.Bool("update", false, "rewrite golden files (docs/scenario-reference.md)")

// TestSchemaCoversArm checks that every field of models.Arm, at any depth,
// has exactly one key in the schema: a field added to the model without a
// key fails here.
func TestSchemaCoversArm(t *testing.T) {
	var walk func(typ reflect.Type, fs []*field, prefix string)
	walk = func(typ reflect.Type, fs []*field, prefix string) {
		covered := map[string]*field{}
		for _, f := range fs {
			if covered[f.goName] != nil {
				t.Errorf("%s%s has two keys", prefix, f.goName)
			}
			covered[f.goName] = f
		}
		for i := range typ.NumField() {
			sf := typ.Field(i)
			if !sf.IsExported() || prefix == "" && (sf.Name == "Name" || sf.Name == "Title") {
				continue
			}
			f := covered[sf.Name]
			if f == nil {
				t.Errorf("models.Arm field %s%s has no key in the schema", prefix, sf.Name)
				continue
			}
			switch {
			case f.list:
				walk(sf.Type.Elem(), f.fields, prefix+sf.Name+"[].")
			case f.fields != nil:
				walk(sf.Type, f.fields, prefix+sf.Name+".")
			}
		}
	}
	walk(reflect.TypeFor[models.Arm](), armSchema, "")
}

// TestSchemaPathsMatchModel checks the schema's keys against the paths
// that models.(*Arm).Validate reports, on an arm where every check fails.
func TestSchemaPathsMatchModel(t *testing.T) {
	known := map[string]bool{}
	walkLeaves(armSchema, "", func(p string, f *field) {
		known[p] = true
		if f.kind == distKind {
			known[p+".mean"], known[p+".cv"] = true, true
		}
	})
	for p := range known {
		if i := strings.LastIndex(p, "."); i > 0 {
			known[p[:i]] = true
			known[strings.TrimSuffix(p[:i], "[]")] = true
		}
	}
	bad := models.Arm{
		Calendar:   models.Calendar{DayStartHour: 20, DayEndHour: 8},
		Work:       models.Work{DefectProb: 2, SizeCV: -1, IrreversibleProb: 2, ReworkHours: models.Dist{Mean: -1, CV: -1}},
		Release:    models.Release{Policy: models.Scheduled, FreezeHours: -1},
		Pipeline:   []models.Stage{{Scope: "x", Manual: true, Hours: models.Dist{Mean: -1, CV: 11}, CatchProb: 2}},
		Deploy:     models.Deploy{Mode: models.Manual, StepErrorProb: 2, Window: models.MaintenanceWindow, WindowWeekday: 9, WindowStartHour: 30, People: -1, Verify: models.Verify{ConfigCatchProb: 2, DefectCatchProb: 2, Hours: models.Dist{Mean: -1}}},
		Strategy:   models.Strategy{Kind: models.Canary, Steps: []models.CanaryStep{{Weight: 2, BakeHours: -1}}, AnalysisCatchProb: 2},
		Monitoring: models.Monitoring{AlertProb: 2},
		Recovery:   models.Recovery{Method: "x", RollbackFailProb: 2, FailedRollbackExposure: 2},
		Hotfix:     models.Hotfix{DefectProb: 2, NeedsCAB: true},
		CAB:        models.CAB{Enabled: true, MeetsEveryHours: -1, MeetingOffsetHours: -1, LeadHours: -1, EmergencyHours: -1},
		Freezes:    []models.Freeze{{StartDay: -1, EndDay: 400}},
		Money:      models.Money{LossPerMinute: -1, PlannedDowntimePerMinute: -1, HourlyRate: -1, OffHoursMultiplier: 0, IncidentPeople: -1, DelayPerChangeDay: -1},
	}
	var es models.Errors
	if !errors.As(bad.Validate(), &es) {
		t.Fatal("Validate of an invalid arm: got no models.Errors")
	}
	for _, e := range es {
		p := e.Path
		for _, list := range []string{"pipeline", "strategy.steps", "freezes", "work.severities"} {
			if strings.HasPrefix(p, list+"[") {
				p = list + "[]" + p[strings.Index(p, "]")+1:]
			}
		}
		if !known[p] {
			t.Errorf("models reports path %q, which the schema does not have", e.Path)
		}
	}
}

func TestBuiltinDefaults(t *testing.T) {
	a, err := builtinArm()
	if err != nil {
		t.Fatalf("defaults.yaml: %v", err)
	}
	a.Name = "defaults"
	if err := a.Validate(); err != nil {
		t.Errorf("defaults.yaml does not validate:\n%v", err)
	}
	// Every key is written out, so that the reference shows real defaults
	// and each number carries its source comment.
	var errs errorSink
	tree := parseYAML(defaultsYAML, &source{name: "defaults.yaml"}, "", &errs)
	var walk func(fs []*field, n *node, prefix string)
	walk = func(fs []*field, n *node, prefix string) {
		for _, f := range fs {
			v := n.get(f.key)
			p := joinPath(prefix, f.key)
			switch {
			case v == nil:
				t.Errorf("defaults.yaml does not set %s", p)
			case f.list:
				for _, item := range v.items {
					walk(f.fields, item, p+"[]")
				}
			case f.fields != nil:
				walk(f.fields, v, p)
			}
		}
	}
	walk(armSchema, tree, "")
	for _, line := range strings.Split(string(defaultsYAML), "\n") {
		code, comment, _ := strings.Cut(line, "#")
		key, val, ok := strings.Cut(strings.TrimSpace(code), ":")
		val = strings.TrimSpace(val)
		if !ok || val == "" || strings.HasPrefix(key, "-") || comment != "" {
			continue
		}
		if strings.ContainsAny(val, "0123456789") && val != "0" && !strings.HasPrefix(val, "[") {
			t.Errorf("defaults.yaml: %q has no source or assumption comment", strings.TrimSpace(line))
		}
	}
}

// TestParseErrors checks the messages a trainer sees: file, line, field
// path, what is wrong and the allowed range; every problem at once.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{
			name: "range and unknown key",
			yaml: `arms:
  - name: epic
    deploy:
      mode: manual
      step_error_prob: 1.5
  - name: cd
    deploy:
      step_eror_prob: 0.1
`,
			want: []string{
				"epic.yaml:5: arms[0].deploy.step_error_prob: must be in [0,1], got 1.5",
				"epic.yaml:8: arms[1].deploy.step_eror_prob: unknown field; did you mean step_error_prob?",
			},
		},
		{
			name: "model range",
			yaml: `arms:
  - name: a
    deploy: {servers: 0}
    release: {policy: scheduled, every: 2w, freeze: 3w}
`,
			want: []string{
				"epic.yaml:3: arms[0].deploy.servers: must be ≥ 1, got 0",
				"epic.yaml:4: arms[0].release.freeze: must be shorter than release.every (2w), got 3w (arm a: --set arms.a.release.freeze=4d fixes it)",
			},
		},
		{
			name: "shared value reported once where written",
			yaml: `defaults:
  deploy:
    servers: 0
arms:
  - name: a
  - name: b
`,
			want: []string{"epic.yaml:3: defaults.deploy.servers: must be ≥ 1, got 0"},
		},
		{
			name: "inherited value wrong for one arm",
			yaml: `defaults:
  release:
    freeze: 2w
arms:
  - name: a
    release: {policy: scheduled, every: 13w}
  - name: b
    release: {policy: scheduled, every: 1w}
`,
			want: []string{"epic.yaml:3: arms[1].release.freeze: must be shorter than release.every (1w), got 2w (arm b: --set arms.b.release.freeze=42h fixes it)"},
		},
		{
			name: "built-in default that does not fit points at the arm",
			yaml: `arms:
  - name: night
    calendar: {day_end: "08:00"}
`,
			want: []string{"epic.yaml:3: arms[0].calendar.day_end: must be later than day_start, got 08:00"},
		},
		{
			name: "a weekday out of range in defaults every arm overrides",
			yaml: "defaults:\n  deploy: {window_weekday: 9}\narms:\n  - name: a\n    deploy: {window_weekday: 2}\n",
			want: []string{"epic.yaml:2: defaults.deploy.window_weekday: must be in [0,6] (0 = Monday … 6 = Sunday), got 9"},
		},
		{
			name: "a tab as indentation says so",
			yaml: "arms:\n\t- name: a\n",
			want: []string{"epic.yaml:2: invalid YAML: found character that cannot start any token (a tab in the indentation: YAML indents with spaces)"},
		},
		{
			name: "a tab further in is on its own line",
			yaml: "arms:\n  - name: a\n\tdeploy: {}\n",
			want: []string{"epic.yaml:3: invalid YAML: found a tab character that violates indentation"},
		},
		{
			name: "an unsupported YAML version names its line",
			yaml: "%YAML 9.9\n---\narms: [{name: a}]\n",
			want: []string{"epic.yaml:1: invalid YAML: %YAML 9.9: this YAML version is not supported; a scenario file needs no %YAML line"},
		},
		{
			name: "a whole number past int32 gets the field's own range",
			yaml: "arms:\n  - name: a\n    deploy: {servers: 99999999999, people: 1e10}\n",
			want: []string{
				"epic.yaml:3: arms[0].deploy.servers: must be a whole number in [1,100000], got 99999999999",
				"epic.yaml:3: arms[0].deploy.people: must be a whole number in [0,2147483647], got 1e10",
			},
		},
		{
			name: "a day_end past midnight is day_end's fault alone",
			yaml: `arms:
  - name: night
    calendar: {day_end: "25:00"}
`,
			want: []string{"epic.yaml:3: arms[0].calendar.day_end: invalid time of day \"25:00\" (use e.g. 09:00, 17:30 or 9h)"},
		},
		{
			name: "syntax",
			yaml: "arms:\n  - name: a\n    deploy: {servers: 8\n",
			want: []string{"epic.yaml:3: invalid YAML: did not find expected ',' or '}'"},
		},
		{
			name: "values of every kind",
			yaml: `horizon: 1 year
replications: 0
currency: dollars
seed: -1
arms:
  - name: a
    calendar: {day_start: "25:00"}
    work: {changes_per_day: 10/mon, defect_prob: lots}
    deploy: {window_weekday: someday, servers: many}
    freezes: [{start_day: Feb 30, end_day: 3}]
    recovery: {triage: {mean: 1h, sd: 2}, diagnosis: [1h]}
    strategy: {kind: canery}
`,
			want: []string{
				`epic.yaml:1: horizon: invalid duration "1 year" (use e.g. 45m, 8h, 3d, 13w)`,
				"epic.yaml:2: replications: must be in [1,100000], got 0",
				`epic.yaml:3: currency: must be an ISO 4217 code of three capital letters (USD, EUR), got "dollars"`,
				`epic.yaml:4: seed: must be a whole number in [0, 2^64), got "-1"`,
				`epic.yaml:7: arms[0].calendar.day_start: invalid time of day "25:00" (use e.g. 09:00, 17:30 or 9h)`,
				`epic.yaml:8: arms[0].work.changes_per_day: invalid rate "10/mon" (use e.g. 10/day or 50/week)`,
				`epic.yaml:8: arms[0].work.defect_prob: invalid probability "lots" (use e.g. 0.02 or 2%)`,
				`epic.yaml:9: arms[0].deploy.window_weekday: invalid weekday "someday" (use monday … sunday, or 0 = Monday … 6 = Sunday)`,
				`epic.yaml:9: arms[0].deploy.servers: invalid whole number "many"`,
				`epic.yaml:10: arms[0].freezes[0].start_day: invalid day of the year "Feb 30": february has 28 days`,
				"epic.yaml:11: arms[0].recovery.triage.sd: unknown field; a random duration has mean and cv",
				"epic.yaml:11: arms[0].recovery.diagnosis: must be a duration or {mean: 2h, cv: 0.5}, got a list",
				`epic.yaml:12: arms[0].strategy.kind: must be one of big-bang, rolling, blue-green, canary, got "canery"; did you mean canary?`,
			},
		},
		{
			name: "arms and extends",
			yaml: `baseline: quartely
arms:
  - name: quarterly
    extends: monthly
  - name: monthly
    extends: quarterly
  - name: quarterly
  - title: no name
  - name: x
    extends: quaterly
`,
			want: []string{
				`epic.yaml:1: baseline: no arm named "quartely"; did you mean quarterly?`,
				"epic.yaml:6: arms[1].extends: extends makes a cycle: quarterly → monthly → quarterly",
				`epic.yaml:7: arms[2].name: duplicate arm name "quarterly" (also arms[0])`,
				"epic.yaml:8: arms[3]: missing name",
				`epic.yaml:10: arms[4].extends: no arm named "quaterly"; did you mean quarterly? (arms: quarterly, monthly, quarterly, , x)`,
			},
		},
		{
			name: "top level",
			yaml: "titel: x\nservers: 3\narms: []\n",
			want: []string{
				"epic.yaml:1: titel: unknown field; did you mean title?",
				"epic.yaml:2: servers: unknown field; arm parameters go under defaults: or an arm (deploy.servers)",
				"epic.yaml:3: arms: must have at least one arm",
			},
		},
		{
			name: "wrong level and defaults",
			yaml: `defaults:
  name: x
  step_error_prob: 0.1
arms:
  - name: a
    servers: 3
`,
			want: []string{
				"epic.yaml:2: defaults.name: unknown field; name belongs in an arm, not in defaults",
				"epic.yaml:3: defaults.step_error_prob: unknown field here; did you mean deploy.step_error_prob?",
				"epic.yaml:6: arms[0].servers: unknown field here; did you mean deploy.servers?",
			},
		},
		{
			name: "yaml features",
			yaml: "a: &x 1\nb: *x\narms:\n  - name: a\n    deploy: {servers: 2, servers: 3}\n",
			want: []string{
				"epic.yaml:1: a: unknown field",
				"epic.yaml:2: b: aliases (*name) are not supported: share values with defaults or extends",
				"epic.yaml:2: b: unknown field",
				"epic.yaml:5: arms[0].deploy.servers: duplicate key (first set on line 5)",
			},
		},
		{
			name: "empty",
			yaml: "# nothing\n",
			want: []string{"epic.yaml:1: empty scenario: write at least an arms list (deploysim init writes a template)"},
		},
		{
			name: "not a mapping",
			yaml: "- a\n- b\n",
			want: []string{"epic.yaml:1: a scenario must be a mapping of keys (name, title, arms, …), got a list"},
		},
		{
			name: "two documents",
			yaml: "arms: [{name: a}]\n---\narms: [{name: b}]\n",
			want: []string{`epic.yaml:2: invalid YAML: a scenario is one YAML document; remove the second "---"`},
		},
		{
			name: "partial distribution without a mean",
			yaml: "arms:\n  - name: a\n    pipeline:\n      - {name: t, scope: change, duration: {cv: 1}, catch_prob: 0.5}\n",
			want: []string{"epic.yaml:4: arms[0].pipeline[0].duration: missing mean (write {mean: 2h, cv: 0.5}, or just 2h)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse("epic.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatalf("got scenario %q, want errors", sc.Name)
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("got %T %v, want Errors", err, err)
			}
			got := strings.Split(err.Error(), "\n")
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

// TestMerge checks how defaults, extends and arms combine.
func TestMerge(t *testing.T) {
	sc, err := Parse("merge.yaml", []byte(`
defaults:
  work: {changes_per_day: 20/day}
  recovery:
    triage: {mean: 1h, cv: 0.5}
    diagnosis: 3h
arms:
  - name: base
    title: Base
    deploy: {servers: 4}
    freezes: [{start_day: Dec 20, end_day: Jan 3}]
  - name: child
    extends: base
    deploy: {people: 2}
    recovery:
      triage: {cv: 1}         # keeps the inherited mean
      diagnosis: {cv: 0.2}    # over a single value: keeps its mean
    freezes: []
  - name: grandchild
    extends: child
    work: {changes_per_day: 50/week}
    recovery:
      triage: 2h              # a single value: CV 0
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		arm  string
		get  func(a models.Arm) any
		want any
	}{
		{"base", func(a models.Arm) any { return a.Title }, "Base"},
		{"child", func(a models.Arm) any { return a.Title }, "child"}, // titles are not inherited
		{"base", func(a models.Arm) any { return a.Work.ChangesPerDay }, 20.0},
		{"grandchild", func(a models.Arm) any { return a.Work.ChangesPerDay }, 10.0},
		{"child", func(a models.Arm) any { return a.Deploy.Servers }, 4},
		{"grandchild", func(a models.Arm) any { return a.Deploy.People }, 2},
		{"base", func(a models.Arm) any { return a.Deploy.People }, 1}, // built-in default
		{"child", func(a models.Arm) any { return a.Recovery.TriageHours }, models.Dist{Mean: 1, CV: 1}},
		{"child", func(a models.Arm) any { return a.Recovery.DiagnosisHours }, models.Dist{Mean: 3, CV: 0.2}},
		{"grandchild", func(a models.Arm) any { return a.Recovery.TriageHours }, models.Dist{Mean: 2}},
		{"base", func(a models.Arm) any { return len(a.Freezes) }, 1},
		{"grandchild", func(a models.Arm) any { return len(a.Freezes) }, 0},
	}
	for _, tt := range tests {
		a, ok := sc.Arm(tt.arm)
		if !ok {
			t.Fatalf("no arm %q", tt.arm)
		}
		if got := tt.get(a); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("arm %s: got %v, want %v", tt.arm, got, tt.want)
		}
	}
}

func TestWith(t *testing.T) {
	base, err := Load(Default)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		set  []string
		arm  string
		path string // a Params path; "" checks a run setting
		want string
	}{
		{[]string{"arms.quarterly-manual.release.every=30d"}, "quarterly-manual", "release.every", "30d"},
		{[]string{"defaults.work.changes_per_day=25"}, "continuous-delivery", "work.changes_per_day", "25/day"},
		{[]string{"arms.continuous-delivery.pipeline[1].catch_prob=0.9"}, "continuous-delivery", "pipeline[1].catch_prob", "0.9"},
		{[]string{"arms.continuous-delivery.pipeline[1].catch_prob=0.9"}, "continuous-delivery", "pipeline[2].catch_prob", "0.5"},
		// A stage by its name, in the arm's own list and in one it inherits.
		{[]string{"arms.quarterly-manual.pipeline.manual-regression.catch_prob=0.99"}, "quarterly-manual", "pipeline[1].catch_prob", "0.99"},
		{[]string{"arms.continuous-delivery.pipeline.code-review.catch_prob=0.9"}, "continuous-delivery", "pipeline[1].catch_prob", "0.9"},
		{[]string{"arms.continuous-delivery.recovery.triage.cv=2"}, "continuous-delivery", "recovery.triage", "{mean: 30m, cv: 2}"},
		{[]string{"arms.continuous-deployment.strategy.steps=[{weight: 10%, bake: 1h}, {weight: 1, bake: 0}]"}, "continuous-deployment", "strategy.steps[0].bake", "1h"},
		{[]string{"arms.quarterly-manual.freezes=[]"}, "quarterly-manual", "freezes", "[]"},
		{[]string{"defaults.deploy.servers=3", "arms.continuous-delivery.deploy.servers=5"}, "continuous-delivery", "deploy.servers", "5"},
		{[]string{"horizon=2y"}, "", "horizon", "730d"},
		{[]string{"seed=7", "replications=3"}, "", "seed", "7"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.set, " "), func(t *testing.T) {
			sc, err := base.With(tt.set...)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sc.Overrides, tt.set) {
				t.Errorf("Overrides = %q, want %q", sc.Overrides, tt.set)
			}
			var got string
			switch {
			case tt.path == "horizon":
				got = formatDuration(sc.HorizonHours)
			case tt.path == "seed":
				got = formatNumber(float64(sc.Seed))
			default:
				a, _ := sc.Arm(tt.arm)
				for _, p := range Params(&a, sc.Currency) {
					if p.Path == tt.path {
						got = p.Value
					}
				}
			}
			if got != tt.want {
				t.Errorf("%s: got %q, want %q", tt.path, got, tt.want)
			}
		})
	}
	// The receiver is unchanged.
	if a, _ := base.Arm("quarterly-manual"); a.Release.EveryHours != 13*168 {
		t.Errorf("With changed its receiver: release.every = %g h", a.Release.EveryHours)
	}
}

func TestWithErrors(t *testing.T) {
	base, err := Load(Default)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		set  []string
		want []string
	}{
		{[]string{"arms.quarterly-manual.release.every=30x"},
			[]string{`--set arms.quarterly-manual.release.every=30x: invalid duration "30x" (use e.g. 45m, 8h, 3d, 13w)`}},
		{[]string{"arms.quartely-manual.release.every=30d"},
			[]string{`--set arms.quartely-manual.release.every=30d: no arm named "quartely-manual"; did you mean quarterly-manual? (arms: quarterly-manual, continuous-delivery, continuous-deployment)`}},
		{[]string{"arms.quarterly-manual.release.evry=30d"},
			[]string{"--set arms.quarterly-manual.release.evry=30d: unknown field; did you mean every?"}},
		{[]string{"arms.quarterly-manual.pipeline.manual-regresion.catch_prob=0.9"},
			[]string{`--set arms.quarterly-manual.pipeline.manual-regresion.catch_prob=0.9: arms[0].pipeline has no item named "manual-regresion"; did you mean manual-regression? (items: build-and-unit-tests, manual-regression)`}},
		{[]string{"release.every=4w"},
			[]string{"--set release.every=4w: release is a parameter of an arm: write defaults.release.every=4w for every arm, or arms.quarterly-manual.release.every=4w for one"}},
		{[]string{"arms.quarterly-manual.relase.every=30d"},
			[]string{"--set arms.quarterly-manual.relase.every=30d: arms[0].relase: unknown field; did you mean release?"}},
		{[]string{"defaults.deploy.step_error_prob=150%"},
			[]string{"--set defaults.deploy.step_error_prob=150%: must be in [0,1], got 150%"}},
		{[]string{"arms.quarterly-manual.release.freeze=20w"},
			[]string{"--set arms.quarterly-manual.release.freeze=20w: must be shorter than release.every (13w), got 20w (arm quarterly-manual: --set arms.quarterly-manual.release.freeze=23d fixes it)"}},
		{[]string{"arms.continuous-delivery.pipeline[7].catch_prob=1"},
			[]string{"--set arms.continuous-delivery.pipeline[7].catch_prob=1: arms[1].pipeline has 3 items: the index must be in [0,2]"}},
		{[]string{"arms.continuous-delivery.pipeline=[{name: x, scope: change, duration: 1h, catch_prob: 2}]"},
			[]string{"--set arms.continuous-delivery.pipeline=[{name: x, scope: change, duration: 1h, catch_prob: 2}]: arms[1].pipeline[0].catch_prob: must be in [0,1], got 2"}},
		{[]string{"horizon=soon", "replications=0", "seed"},
			[]string{
				`--set horizon=soon: invalid duration "soon" (use e.g. 45m, 8h, 3d, 13w)`,
				"--set replications=0: must be in [1,100000], got 0",
				`--set seed: missing "=" (use path=value, e.g. arms.quarterly-manual.release.every=30d)`,
			}},
		{[]string{"horizn=2y"}, []string{`--set horizn=2y: unknown field "horizn"; did you mean horizon?`}},
		{[]string{"horizon.x=2y"}, []string{"--set horizon.x=2y: horizon is a single setting, not a section"}},
		{[]string{"arms.quarterly-manual=3"}, []string{"--set arms.quarterly-manual=3: name a field of the arm: arms.quarterly-manual.<field>=value, e.g. arms.quarterly-manual.release.every=30d"}},
		{[]string{"arms..x=3"}, []string{`--set arms..x=3: invalid field path "arms..x": write keys separated by dots, list items as [index] (use path=value, e.g. arms.quarterly-manual.release.every=30d)`}},
		{[]string{"arms.quarterly-manual.release.every.mean=3d"}, []string{"--set arms.quarterly-manual.release.every.mean=3d: arms[0].release.every: must be a duration (45m, 8h, 1h30m, 3d, 13w, 1mo, 1y, 0), got a mapping"}},
		{[]string{"arms.quarterly-manual.release=[1"}, []string{"--set arms.quarterly-manual.release=[1: invalid YAML: did not find expected ',' or ']'"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.set, " "), func(t *testing.T) {
			_, err := base.With(tt.set...)
			if err == nil {
				t.Fatal("got no error")
			}
			if got := strings.Split(err.Error(), "\n"); !slices.Equal(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestTemplate(t *testing.T) {
	sc, err := Parse("scenario.yaml", Template())
	if err != nil {
		t.Fatalf("the template does not validate:\n%v", err)
	}
	if len(sc.Arms) < 2 || sc.Story == "" || len(sc.Sources) == 0 {
		t.Errorf("the template should have two arms, a story and sources; got %d arms", len(sc.Arms))
	}
	// It teaches every section and every top-level key.
	var errs errorSink
	tree := parseYAML(Template(), &source{name: "template"}, "", &errs)
	seen := map[string]bool{}
	for _, k := range tree.keys {
		seen[k.value] = true
	}
	for _, a := range tree.get("arms").items {
		for _, k := range a.keys {
			seen[k.value] = true
		}
	}
	for _, k := range tree.get("defaults").keys {
		seen[k.value] = true
	}
	for _, f := range armSchema {
		if !seen[f.key] {
			t.Errorf("the template does not show the %s section", f.key)
		}
	}
	for _, f := range topSchema {
		if !seen[f.key] && !strings.Contains(string(Template()), "# "+f.key+":") {
			t.Errorf("the template does not show the top-level key %s", f.key)
		}
	}
}

// TestReference keeps docs/scenario-reference.md in step with the schema
// and the built-in defaults. Run go test -run TestReference -update to
// regenerate it.
func TestReference(t *testing.T) {
	path := filepath.Join("..", "docs", "scenario-reference.md")
	got := Reference()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./scenarios -run TestReference -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go test ./scenarios -run TestReference -update", path)
	}
}

// TestArmYAMLRoundTrip checks that ArmYAML writes every parameter in a form
// the loader reads back to the same arm, for every arm of every built-in.
func TestArmYAMLRoundTrip(t *testing.T) {
	for _, name := range List() {
		sc, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range sc.Arms {
			text := ArmYAML(&a)
			doc := "arms:\n  - " + strings.ReplaceAll(strings.TrimSpace(string(text)), "\n", "\n    ") + "\n"
			back, err := Parse("roundtrip.yaml", []byte(doc))
			if err != nil {
				t.Fatalf("%s/%s: %v\n%s", name, a.Name, err, doc)
			}
			if !reflect.DeepEqual(back.Arms[0], a) {
				t.Errorf("%s/%s: round trip changed the arm:\ngot  %+v\nwant %+v", name, a.Name, back.Arms[0], a)
			}
			if got := len(Params(&a, "USD")); got < 60 {
				t.Errorf("%s/%s: Params has %d rows, want every parameter", name, a.Name, got)
			}
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "team.yaml")
	if err := os.WriteFile(file, []byte("arms:\n  - name: a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		arg, wantName, wantErr string
	}{
		{arg: "knight-capital-2012", wantName: "knight-capital-2012"},
		{arg: file, wantName: "team"},
		{arg: "knight-capital", wantErr: `scenario "knight-capital": no such built-in scenario or file; did you mean knight-capital-2012? (built-ins: ` + strings.Join(List(), ", ") + ")"},
		{arg: filepath.Join(dir, "missing.yaml"), wantErr: "scenario: open " + filepath.Join(dir, "missing.yaml") + ": no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			sc, err := Load(tt.arg)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("got error %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sc.Name != tt.wantName {
				t.Errorf("got name %q, want %q", sc.Name, tt.wantName)
			}
		})
	}
}

func TestExperiment(t *testing.T) {
	sc, err := Parse("x.yaml", []byte(`
seed: 42
replications: 7
horizon: 2y
baseline: slow
arms:
  - name: fast
  - name: slow
    release: {policy: scheduled, every: 45d, freeze: 1w}
`))
	if err != nil {
		t.Fatal(err)
	}
	e := sc.Experiment()
	if e.Seed != 42 || e.Replications != 7 || e.HorizonHours != 2*8760 || e.Baseline != 1 {
		t.Errorf("got seed %d, replications %d, horizon %g h, baseline %d; want 42, 7, 17520, 1", e.Seed, e.Replications, e.HorizonHours, e.Baseline)
	}
	if want := 7.0 * 168; e.WarmupHours != want { // 45 days rounded up to whole weeks
		t.Errorf("got warm-up %g h, want %g", e.WarmupHours, want)
	}
	if e.Arms[0].Name != "fast" || e.Arms[1].Title != "slow" {
		t.Errorf("got arms %q/%q, want fast and a title defaulting to the name", e.Arms[0].Name, e.Arms[1].Title)
	}
	if err := e.Validate(); err != nil {
		t.Error(err)
	}
	// The experiment's arms are copies.
	e.Arms[1].Freezes = append(e.Arms[1].Freezes, models.Freeze{})
	e.Arms[0].Pipeline[0].CatchProb = 0
	if sc.Arms[0].Pipeline[0].CatchProb == 0 {
		t.Error("changing the experiment changed the scenario")
	}
}
