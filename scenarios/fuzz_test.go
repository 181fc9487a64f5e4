package scenarios

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

// FuzzLoad checks that Parse never panics, that it returns a scenario or
// Errors naming the source, and that a scenario it accepts is a valid
// experiment (so that models.Simulate, which panics on an invalid arm,
// can run it). Its seed corpus runs in every go test.
func FuzzLoad(f *testing.F) {
	f.Add(Template())
	f.Add(CaseTemplate())
	f.Add(Defaults())
	files, _ := fs.Glob(library, "library/*.yaml")
	for _, file := range files {
		data, _ := fs.ReadFile(library, file)
		f.Add(data)
	}
	for _, s := range []string{
		"", "~", "[]", "arms:", "arms: [a]", "arms: [{}]", "arms:\n- name: a\n  extends: a\n",
		"arms: [{name: a, deploy: {servers: 99999999999}}]",
		"arms: [{name: a, pipeline: {x: 1}}]",
		"arms: [{name: a, strategy: {steps: [1, 2]}}]",
		"arms: [{name: a, recovery: {triage: {mean: {x: 1}}}}]",
		"arms: [{name: a, release: {every: 1e308w}}]",
		"a: &a [*a]",
		"arms: [{name: a}]\nuncertain: {arms.a.deploy.servers: {low: 0, high: 3}}",
		"arms: [{name: a}]\nuncertain: {defaults.recovery.triage.cv: {low: 1, high: 2, dist: uniform}, case.x: {low: 5%, high: 2h}}",
		"arms: [{name: a, <<: {}}]",
		"arms: [{name: a}, {name: b}]\ncase: {from: a, to: b, investment: -1, dip: 2, discount_rate: 100%, horizon_years: 0.5}",
		"arms: [{name: a}, {name: b}]\ncase: {from: a, to: a, engineers: 1e9, samples: [1]}\nuncertain: {case.dip: {low: 90%, high: 10%}, case.samples: {low: 1, high: 2}}",
		"arms: [{name: a}]\ncase: [a]",
		"arms: [{name: a, recovery: {triage: {cv: 2}}}, {name: b, extends: a}]\nuncertain: {defaults.recovery.triage: {low: 1h, high: 2h}, arms.a.recovery.triage.cv: {low: 1, high: 3}, defaults.pipeline[1].catch_prob: {low: 1%, high: 9%}}",
		"{? [a]: b}",
		"arms: [{name: a}]\n---\n",
		"horizon: -1d\nwarmup: 1e9y\nreplications: 1e9\narms: [{name: a}]",
		"arms: [{name: a, work: {changes_per_day: 1e400/day}}]",
		"arms: [{name: a, freezes: [{start_day: dec 40}]}]",
		"arms: [{name: a, calendar: {day_start: \"09:10\", day_end: \"17:20\"}}]",
		"arms: [{name: a, calendar: {day_end: \"25:00\"}}]",
		"arms: [{name: a, calendar: {day_start: 24:00}, deploy: {window_weekday: 8, window_start: 24:00}}]",
		"arms: [{name: a, traffic: {peak_start: \"18:10\", peak_end: \"17:50\"}}]",
		"\t\x00\xff",
		strings.Repeat("[", 100),
		strings.Repeat("a:\n ", 40) + "b",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("fuzz.yaml", data)
		if (sc == nil) == (err == nil) {
			t.Fatalf("got scenario %v and error %v, want exactly one", sc != nil, err)
		}
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("got %T %v, want Errors", err, err)
			}
			for _, e := range es {
				if e.Source != "fuzz.yaml" || e.Msg == "" {
					t.Fatalf("error %q does not name the file or says nothing", e.Error())
				}
			}
			return
		}
		e := sc.Experiment()
		if err := e.Validate(); err != nil {
			t.Fatalf("Parse accepted an invalid experiment:\n%v", err)
		}
		for i := range sc.Arms {
			Params(&sc.Arms[i], sc.Currency)
			ArmYAML(&sc.Arms[i])
		}
		sc.Show(true)
	})
}

// FuzzOverride checks that applying any override to the default scenario
// never panics and yields either a valid scenario or errors that name the
// override.
func FuzzOverride(f *testing.F) {
	for _, s := range []string{
		"arms.quarterly-manual.release.every=30d",
		"defaults.work.changes_per_day=25",
		"arms.continuous-delivery.pipeline[1].catch_prob=0.9",
		"arms.continuous-delivery.pipeline[9].catch_prob=0.9",
		"arms.continuous-delivery.recovery.triage.cv=1",
		"arms.continuous-delivery.recovery.triage.mean.x=1",
		"arms.continuous-deployment.strategy.steps=[{weight: 10%, bake: 1h}, {weight: 1, bake: 0}]",
		"arms.quarterly-manual.release.every=30x",
		"arms.nope.x=1", "seed=7", "horizon=2y", "replications=0", "defaults={}", "defaults=[1]",
		"arms=[]", "arms.quarterly-manual.freezes[0].start_day=Dec 1", "=", "a", "a=", ".=1", "arms[0].x=1",
		"baseline=continuous-delivery", "arms.quarterly-manual.name=continuous-delivery",
		"defaults.pipeline[0].catch_prob=1", "arms.quarterly-manual.deploy=&a [*a]",
		"defaults.calendar.day_end=17:20", "defaults.calendar.day_start=08:50", "defaults.calendar.day_end=25:00",
		"arms.quarterly-manual.deploy.window_start=22:10", "arms.quarterly-manual.deploy.window_weekday=7",
		"defaults.traffic.peak_end=13:50", "defaults.calendar.work_weekends=true",
	} {
		f.Add(s)
	}
	base, err := Load(Default)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := ParseOverride(s); err != nil && !strings.HasPrefix(err.Error(), "--set ") {
			t.Fatalf("ParseOverride error %q does not name the override", err)
		}
		sc, err := base.With(s)
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("got %T %v, want Errors", err, err)
			}
			return
		}
		e := sc.Experiment()
		if err := e.Validate(); err != nil {
			t.Fatalf("With(%q) accepted an invalid experiment:\n%v", s, err)
		}
	})
}
