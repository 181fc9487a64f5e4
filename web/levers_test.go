package web

import (
	"slices"
	"strings"
	"testing"

	"deploysim/scenarios"
)

// TestLeversPairedSharedDistinct: every built-in's levers offer no two notches of
// the same size (0.05 and 5%), a scheduled arm's freeze and interval are
// paired, an on-demand arm with a cadence has its interval lever, and the
// changes per day are one lever for every arm where every arm has the
// same work.
func TestLeversPairedSharedDistinct(t *testing.T) {
	for _, name := range scenarios.List() {
		sc, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		all := scenarioLevers(sc)
		shared := 0
		for i, levers := range all {
			a := &sc.Arms[i]
			has := map[string]Lever{}
			for _, l := range levers {
				has[strings.TrimPrefix(l.Path, "arms."+a.Name+".")] = l
				if l.Shared {
					shared++
					if len(l.Paths) != len(sc.Arms) {
						t.Errorf("%s: the shared lever sets %d arms of %d", name, len(l.Paths), len(sc.Arms))
					}
				}
				if !slices.Contains(l.Values, l.Value) {
					t.Errorf("%s: %s offers %v without the value set, %s", name, l.Path, l.Values, l.Value)
				}
				if l.Kind != "slider" {
					continue
				}
				for j := 1; j < len(l.Values); j++ {
					x, _ := magnitude(l.Values[j-1])
					y, _ := magnitude(l.Values[j])
					if !(x < y) {
						t.Errorf("%s: %s notches %s and %s are not in rising order, or the same", name, l.Path, l.Values[j-1], l.Values[j])
					}
				}
			}
			switch a.Release.Policy {
			case "scheduled":
				every, freeze := has["release.every"], has["release.freeze"]
				if every.Pair != freeze.Path || freeze.Pair != every.Path || !freeze.Below || len(every.Hours) != len(every.Values) {
					t.Errorf("%s/%s: release.every and release.freeze are not paired: %+v %+v", name, a.Name, every, freeze)
				}
				for k, h := range freeze.Hours {
					if h >= a.Release.EveryHours {
						t.Errorf("%s/%s: the freeze offers %s, not shorter than the interval", name, a.Name, freeze.Values[k])
					}
				}
			case "on-demand":
				if _, ok := has["release.every"]; !ok && a.Release.BatchSize != 1 {
					t.Errorf("%s/%s: an on-demand arm with a cadence has no release interval lever", name, a.Name)
				}
			}
		}
		if shared != 1 {
			t.Errorf("%s: %d shared changes-per-day levers, want 1 (every built-in gives its arms the same work)", name, shared)
		}
	}
}

// TestLeversPerArmWhenWorkDiffers: arms with different work keep a lever
// each, labelled as the arm's own.
func TestLeversPerArmWhenWorkDiffers(t *testing.T) {
	sc, err := scenarios.Load("epic-vs-continuous")
	if err != nil {
		t.Fatal(err)
	}
	sc, err = sc.With("arms.quarterly-manual.work.changes_per_day=5/day")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, levers := range scenarioLevers(sc) {
		for _, l := range levers {
			if strings.HasSuffix(l.Path, ".work.changes_per_day") {
				n++
				if l.Shared || !strings.Contains(l.Label, "this arm only") {
					t.Errorf("%s: %q shared %v, want the arm's own", l.Path, l.Label, l.Shared)
				}
			}
		}
	}
	if n != len(sc.Arms) {
		t.Errorf("%d changes-per-day levers, want one an arm", n)
	}
}

func TestInsertOrderedSameSize(t *testing.T) {
	got := insertOrdered([]string{"1%", "2%", "5%", "10%"}, "0.05", "slider")
	if !slices.Equal(got, []string{"1%", "2%", "0.05", "10%"}) {
		t.Errorf("got %v, want 0.05 in place of 5%%", got)
	}
}
