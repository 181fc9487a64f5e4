package scenarios

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"deploysim/models"
)

// The built-in library: every scenario loads and tells its story, and the
// headline claims its story makes hold at its own seed and replications.
// The numbers are logged (go test -v -run Claims) for the calibration
// record.

func TestLibrary(t *testing.T) {
	files, err := fs.Glob(library, "library/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"batch-size", "canary-vs-big-bang", "dora-2019", "epic-vs-continuous", "knight-capital-2012"}
	if got := List(); !slices.Equal(got, want) {
		t.Errorf("List() = %q, want %q", got, want)
	}
	if len(files) != len(want) {
		t.Errorf("got %d library files, want %d", len(files), len(want))
	}
	if !slices.Contains(List(), Default) {
		t.Errorf("the default scenario %q is not built in", Default)
	}
	for _, name := range List() {
		t.Run(name, func(t *testing.T) {
			sc, err := Load(name)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Name != name {
				t.Errorf("name: got %q, want the file name %q", sc.Name, name)
			}
			if sc.Title == name || len(sc.Story) < 200 || len(sc.Sources) < 2 {
				t.Errorf("want a title, a story and sources; got title %q, story of %d bytes, %d sources", sc.Title, len(sc.Story), len(sc.Sources))
			}
			if sc.Baseline == "" || sc.Currency != "USD" {
				t.Errorf("got baseline %q, currency %q", sc.Baseline, sc.Currency)
			}
			for _, a := range sc.Arms {
				if a.Title == a.Name {
					t.Errorf("arm %s has no title", a.Name)
				}
			}
			e := sc.Experiment()
			if err := e.Validate(); err != nil {
				t.Error(err)
			}
		})
	}
}

// metrics are one arm's results, pooled over replications the way the
// DORA report reads them: medians of lead time and time to restore, the
// change failure rate over all deployments, and means per year.
type metrics struct {
	deploysPerYear   float64
	leadHours        float64 // median
	restoreHours     float64 // median
	cfr              float64 // failed deployments / deployments
	lossPerYear      float64 // incident loss
	downtimePerYear  float64 // planned downtime cost
	delayPerYear     float64 // cost of delay
	totalPerYear     float64
	incidentsPerYear float64
}

func (m metrics) String() string {
	return fmt.Sprintf("deploys/yr %7.1f  lead %7.1f h  restore %6.2f h  CFR %5.1f%%  loss/yr $%.3gM  total/yr $%.3gM",
		m.deploysPerYear, m.leadHours, m.restoreHours, 100*m.cfr, m.lossPerYear/1e6, m.totalPerYear/1e6)
}

func measure(outs []models.Outcome) metrics {
	var m metrics
	var leads, restores []float64
	var deps, fails int
	years := 0.0
	for _, o := range outs {
		years += o.HorizonHours / models.HoursPerYear
		deps += o.Deployments
		fails += o.FailedDeployments
		for _, l := range o.LeadTimeHours {
			leads = append(leads, float64(l))
		}
		restores = append(restores, o.RecoveryHours...)
		m.lossPerYear += o.IncidentLoss
		m.downtimePerYear += o.DowntimeCost
		m.delayPerYear += o.DelayCost
		m.totalPerYear += o.TotalCost()
		m.incidentsPerYear += float64(o.Incidents)
	}
	m.deploysPerYear = float64(deps) / years
	m.lossPerYear /= years
	m.downtimePerYear /= years
	m.delayPerYear /= years
	m.totalPerYear /= years
	m.incidentsPerYear /= years
	m.leadHours = median(leads)
	m.restoreHours = median(restores)
	if deps > 0 {
		m.cfr = float64(fails) / float64(deps)
	}
	return m
}

// median returns the middle value (the mean of the two middle ones for an
// even count), or 0 for none.
func median(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	slices.Sort(x)
	n := len(x)
	if n%2 == 1 {
		return x[n/2]
	}
	return (x[n/2-1] + x[n/2]) / 2
}

// runBuiltin runs a built-in scenario at its own seed and replications and
// returns each arm's metrics by name.
func runBuiltin(t *testing.T, name string) (*Scenario, *models.Results, map[string]metrics) {
	t.Helper()
	if testing.Short() {
		t.Skip("slow tier: the claims run every replication of the built-in (make test-slow runs them)")
	}
	sc, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	e := sc.Experiment()
	res, err := e.Run(context.Background(), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	ms := map[string]metrics{}
	for i, a := range e.Arms {
		ms[a.Name] = measure(res.Outcomes[i])
		t.Logf("%-28s %v", a.Name, ms[a.Name])
	}
	return sc, res, ms
}

// claim is one headline direction: got must be less than than.
type claim struct {
	what      string
	got, than float64
}

func check(t *testing.T, claims []claim) {
	t.Helper()
	for _, c := range claims {
		if !(c.got < c.than) {
			t.Errorf("%s: got %.4g, want less than %.4g", c.what, c.got, c.than)
		}
	}
}

func TestClaimsEpicVsContinuous(t *testing.T) {
	t.Parallel()
	_, _, m := runBuiltin(t, "epic-vs-continuous")
	epic, cd, cdep := m["quarterly-manual"], m["continuous-delivery"], m["continuous-deployment"]
	check(t, []claim{
		{"continuous delivery change failure rate vs epic", cd.cfr, epic.cfr},
		{"continuous delivery median time to restore (h) vs epic", cd.restoreHours, epic.restoreHours},
		{"continuous delivery median lead time (h) vs epic", cd.leadHours, epic.leadHours},
		{"continuous delivery annual incident loss vs epic", cd.lossPerYear, epic.lossPerYear},
		{"continuous delivery annual total cost vs epic", cd.totalPerYear, epic.totalPerYear},
		{"epic deployments a year vs continuous delivery", epic.deploysPerYear, cd.deploysPerYear},
		{"continuous deployment change failure rate vs continuous delivery", cdep.cfr, cd.cfr},
		{"continuous deployment median lead time (h) vs continuous delivery", cdep.leadHours, cd.leadHours},
		{"continuous deployment median time to restore (h) vs continuous delivery", cdep.restoreHours, cd.restoreHours},
		{"continuous deployment annual incident loss vs continuous delivery", cdep.lossPerYear, cd.lossPerYear},
	})
}

// TestClaimsDora2019 checks that every arm lands in its 2019 performance
// band for all four key metrics (FACTS.md, "numeric reading of the bands").
func TestClaimsDora2019(t *testing.T) {
	t.Parallel()
	_, _, m := runBuiltin(t, "dora-2019")
	inf := 1e18
	type band struct{ lo, hi float64 } // lo < x ≤ hi, or lo ≤ x ≤ hi where the report says "between"
	tests := []struct {
		arm                         string
		deploys, lead, restore, cfr band
	}{
		// DORA 2019, "How do we compare?": elite deploy on demand (more than
		// daily), lead time < 1 day, restore < 1 hour, CFR 0–15%.
		{"elite", band{365, inf}, band{0, 24}, band{0, 1}, band{0, 0.15}},
		// High: daily to weekly, 1 day to 1 week, < 1 day, 0–15%.
		{"high", band{52, 365}, band{24, 168}, band{0, 24}, band{0, 0.15}},
		// Medium: weekly to monthly, 1 week to 1 month, < 1 day, 0–15%.
		{"medium", band{12, 52}, band{168, 730}, band{0, 24}, band{0, 0.15}},
		// Low: monthly to every six months, 1 to 6 months, 1 week to 1 month, 46–60%.
		{"low", band{2, 12}, band{730, 4380}, band{168, 730}, band{0.46, 0.60}},
	}
	for _, tt := range tests {
		got := m[tt.arm]
		for _, c := range []struct {
			metric string
			x      float64
			b      band
		}{
			{"deployments a year", got.deploysPerYear, tt.deploys},
			{"median lead time (h)", got.leadHours, tt.lead},
			{"median time to restore (h)", got.restoreHours, tt.restore},
			{"change failure rate", got.cfr, tt.cfr},
		} {
			if !(c.x >= c.b.lo && c.x <= c.b.hi) {
				t.Errorf("%s %s: got %.4g, want in [%g, %g]", tt.arm, c.metric, c.x, c.b.lo, c.b.hi)
			}
		}
	}
	e, l := m["elite"], m["low"]
	t.Logf("elite vs low: %.0f× deployments (report 208×), %.0f× lead time (106×), %.0f× time to restore (2,604×), %.1f× change failure rate (7×)",
		e.deploysPerYear/l.deploysPerYear, l.leadHours/e.leadHours, l.restoreHours/e.restoreHours, l.cfr/e.cfr)
}

// TestClaimsKnight checks the order of magnitude of the 2012 loss in a
// failing replication of the as-it-was arm, and that automation cuts the
// annual loss by orders of magnitude.
func TestClaimsKnight(t *testing.T) {
	t.Parallel()
	sc, res, m := runBuiltin(t, "knight-capital-2012")
	i := slices.IndexFunc(sc.Arms, func(a models.Arm) bool { return a.Name == "as-it-was" })
	var perIncident, restore []float64
	for _, o := range res.Outcomes[i] {
		if o.Incidents > 0 {
			perIncident = append(perIncident, o.IncidentLoss/float64(o.Incidents))
			restore = append(restore, o.RecoveryHours...)
		}
	}
	loss, minutes := median(perIncident), 60*median(restore)
	t.Logf("as it was: %d of %d replications fail; typical failure: $%.0fM in %.0f minutes (SEC: about $460M in about 45 minutes)",
		len(perIncident), len(res.Outcomes[i]), loss/1e6, minutes)
	// "Of the order of": within a factor of three of $460M, and of 45 minutes.
	if !(loss > 460e6/3 && loss < 460e6*3) {
		t.Errorf("typical loss of a failing as-it-was replication: got $%.0fM, want of the order of $460M", loss/1e6)
	}
	if !(minutes > 15 && minutes < 135) {
		t.Errorf("typical time to restore of a failing as-it-was replication: got %.0f minutes, want about 45", minutes)
	}
	for _, arm := range []string{"automated-consistency-check", "canary-kill-switch"} {
		if got, base := m[arm].lossPerYear, m["as-it-was"].lossPerYear; !(got <= base/100) {
			t.Errorf("%s annual loss: got $%.3gM, want at most a hundredth of as-it-was's $%.3gM", arm, got/1e6, base/1e6)
		}
	}
}

// TestClaimsBatchSize checks Reinertsen's U-curve: the total cost is lowest
// at an interior release interval, transaction cost falls and holding cost
// rises with the interval.
func TestClaimsBatchSize(t *testing.T) {
	t.Parallel()
	sc, _, m := runBuiltin(t, "batch-size")
	var names []string
	for _, a := range sc.Arms {
		names = append(names, a.Name)
	}
	best := names[0]
	for _, n := range names {
		if m[n].totalPerYear < m[best].totalPerYear {
			best = n
		}
	}
	first, last := names[0], names[len(names)-1]
	t.Logf("lowest total cost: %s ($%.3gM a year)", best, m[best].totalPerYear/1e6)
	if best == first || best == last {
		t.Errorf("lowest total cost at %s, want an interval between %s and %s", best, first, last)
	}
	for _, end := range []string{first, last} {
		if !(m[end].totalPerYear > 1.5*m[best].totalPerYear) {
			t.Errorf("%s total cost: got $%.3gM, want well above the optimum's $%.3gM", end, m[end].totalPerYear/1e6, m[best].totalPerYear/1e6)
		}
	}
	for i := 1; i < len(names); i++ {
		a, b := m[names[i-1]], m[names[i]]
		if !(b.downtimePerYear < a.downtimePerYear) {
			t.Errorf("transaction cost (planned downtime) %s → %s: got $%.0f → $%.0f, want falling", names[i-1], names[i], a.downtimePerYear, b.downtimePerYear)
		}
		if !(b.delayPerYear > a.delayPerYear) {
			t.Errorf("holding cost (delay) %s → %s: got $%.0f → $%.0f, want rising", names[i-1], names[i], a.delayPerYear, b.delayPerYear)
		}
	}
	check(t, []claim{
		{"incident loss of every-change vs weekly", m["every-change"].lossPerYear, m["weekly"].lossPerYear},
		{"incident loss of weekly vs quarterly", m["weekly"].lossPerYear, m["quarterly"].lossPerYear},
	})
}

func TestClaimsCanaryVsBigBang(t *testing.T) {
	t.Parallel()
	_, _, m := runBuiltin(t, "canary-vs-big-bang")
	bb, roll, bg, can := m["big-bang"], m["rolling"], m["blue-green"], m["canary"]
	check(t, []claim{
		{"canary incident loss vs big bang / 5", can.lossPerYear, bb.lossPerYear / 5},
		{"canary incident loss vs rolling", can.lossPerYear, roll.lossPerYear},
		{"canary incident loss vs blue-green", can.lossPerYear, bg.lossPerYear},
		{"rolling incident loss vs big bang", roll.lossPerYear, bb.lossPerYear},
		{"blue-green median time to restore (h) vs big bang", bg.restoreHours, bb.restoreHours},
		{"blue-green median time to restore (h) vs rolling", bg.restoreHours, roll.restoreHours},
	})
	if !(bb.downtimePerYear > 0) {
		t.Errorf("big bang planned downtime cost: got %g, want > 0", bb.downtimePerYear)
	}
	for _, n := range []string{"rolling", "blue-green", "canary"} {
		if m[n].downtimePerYear != 0 {
			t.Errorf("%s planned downtime cost: got %g, want 0", n, m[n].downtimePerYear)
		}
	}
}

// TestClaimsCoverLibrary makes sure a new built-in comes with its claims.
func TestClaimsCoverLibrary(t *testing.T) {
	tested := "batch-size canary-vs-big-bang dora-2019 epic-vs-continuous knight-capital-2012"
	for _, name := range List() {
		if !strings.Contains(tested, name) {
			t.Errorf("built-in %s has no claims test", name)
		}
	}
}
