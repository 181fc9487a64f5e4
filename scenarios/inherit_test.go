package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
)

func TestInheritors(t *testing.T) {
	sc, err := Load("epic-vs-continuous")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want []string
	}{
		// continuous-deployment extends continuous-delivery and sets its
		// own monitoring.alert_prob, deploy.verify and release.policy.
		{"arms.continuous-delivery.work.changes_per_day", []string{"continuous-deployment"}},
		{"arms.continuous-delivery.recovery.rollback_fail_prob", []string{"continuous-deployment"}},
		{"arms.continuous-delivery.pipeline[0].catch_prob", []string{"continuous-deployment"}},
		{"arms.continuous-delivery.monitoring.alert_prob", nil},
		{"arms.continuous-delivery.deploy.verify.config_catch_prob", nil},
		{"arms.continuous-delivery.release.policy", nil},
		{"arms.continuous-deployment.work.changes_per_day", nil},
		{"arms.quarterly-manual.work.changes_per_day", nil},
		{"defaults.work.changes_per_day", nil},
		{"arms.nobody.work.changes_per_day", nil},
	} {
		if got := sc.Inheritors(tc.path); !slices.Equal(got, tc.want) {
			t.Errorf("Inheritors(%s) = %v, want %v", tc.path, got, tc.want)
		}
	}
	// An arm that sets the field itself, by an override, stops inheriting it.
	own, err := sc.With("arms.continuous-deployment.work.changes_per_day=5/day")
	if err != nil {
		t.Fatal(err)
	}
	if got := own.Inheritors("arms.continuous-delivery.work.changes_per_day"); len(got) != 0 {
		t.Errorf("after continuous-deployment sets its own changes per day: Inheritors = %v, want none", got)
	}
}

// TestInheritorsMatchWith checks Inheritors against what an override
// really changes, for every probability of every arm of every built-in:
// the arms whose parameters With changes are the arm and its inheritors.
func TestInheritorsMatchWith(t *testing.T) {
	checked := 0
	names := List()
	if testing.Short() {
		names = []string{"epic-vs-continuous", "knight-capital-2012"} // the built-ins whose arms extend others
	}
	for _, name := range names {
		sc, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range sc.Arms {
			for _, p := range sc.NumericParams(a.Name) {
				if !p.Probability() {
					continue
				}
				path := "arms." + a.Name + "." + p.Field
				// A value no built-in uses, so that the override changes
				// the arm.
				v, err := sc.with(false, fmt.Sprintf("%s=%g", path, 0.123456))
				if err != nil {
					continue // the model refuses it (shares that no longer add up)
				}
				got := append([]string{a.Name}, sc.Inheritors(path)...)
				var want []string
				for i := range sc.Arms {
					if !reflect.DeepEqual(sc.Arms[i], v.Arms[i]) {
						want = append(want, sc.Arms[i].Name)
					}
				}
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s: %s: Inheritors gives %v, With modified %v", name, path, got, want)
				}
				checked++
			}
		}
	}
	if checked < 50 {
		t.Fatalf("checked %d parameters: the test lost its point", checked)
	}
	t.Logf("%d parameters checked", checked)
}
