package export

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestChangesInProgressAreRows: changes.csv holds every change committed
// in the window, those not yet in production at its end with an empty
// deployment_id (docs/records-csv.md), so that changes a day read from it
// is the work the arm was given. A quarterly release train ends its
// window with up to a quarter's changes waiting; leaving them out read
// 8.4–9.3 changes a working day for epic-vs-continuous's quarterly arm
// (10 configured).
func TestChangesInProgressAreRows(t *testing.T) {
	const weeks = 52
	var committed, expected float64
	for rep := range 4 {
		for _, arm := range []string{"quarterly-manual", "continuous-delivery"} {
			d, o := exportArm(t, "epic-vs-continuous", arm, weeks, rep)
			have := map[string]*Change{}
			inWindow, waiting := 0, 0
			for i := range d.Changes {
				c := &d.Changes[i]
				have[c.ID] = c
				if c.Committed.After(d.To) || c.Committed.Equal(d.To) {
					t.Errorf("%s rep %d: change %s committed at %s, after the window's end %s", arm, rep, c.ID, c.Committed, d.To)
				}
				if c.Deployment == "" {
					waiting++
					if !c.Deployed.IsZero() {
						t.Errorf("%s rep %d: change %s has no deployment but was deployed at %s", arm, rep, c.ID, c.Deployed)
					}
				}
				// New work only: not a hotfix's fix, not the follow-up
				// change that fixes a switched-off or minor defect (keys
				// from 2⁴⁰ on).
				n, err := strconv.ParseUint(strings.TrimPrefix(c.ID, "c-"), 10, 64)
				if !c.Fix && err == nil && n < 1<<40 && !c.Committed.Before(d.From) {
					inWindow++
				}
			}
			// Every change the model still had in progress at the end is
			// a row.
			for _, tc := range o.Trace.Pending {
				if _, ok := have[ChangeID(tc)]; !ok {
					t.Errorf("%s rep %d: change %s, in progress at the end, is not in changes.csv", arm, rep, ChangeID(tc))
				}
			}
			if arm == "quarterly-manual" && waiting == 0 {
				t.Errorf("%s rep %d: no change waits for the next release at the end of the window", arm, rep)
			}
			committed += float64(inWindow)
			expected += 10 * weeks * 5 // ten changes a working day
		}
	}
	// Poisson: four standard deviations over the 8 windows' ~20,800.
	if z := (committed - expected) / math.Sqrt(expected); math.Abs(z) > 4 {
		t.Errorf("changes committed in the windows: %.0f, %.0f expected at ten a working day (%.1f standard deviations)", committed, expected, z)
	}
}
