package fit

import (
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Hours in a year and working days in a week, as the model counts them.
const (
	hoursPerYear    = 8760
	workingDaysWeek = 5
)

// Target is a measured (or answered) metric the fitted arm should
// reproduce: its estimate with interval and where it came from.
type Target struct {
	Interval
	// From says where the value came from ("412 deployments,
	// 2026-01-05..2026-06-28"), or is "" when the inputs do not identify
	// it.
	From string
}

// Targets are what the fit aims the today arm at. A Target whose value is
// NaN is not identified by the inputs: the fit leaves its parameters at
// the template's defaults and says so.
type Targets struct {
	// DeploysPerYear counts every production deployment (planned and
	// hotfix) per year of observation.
	DeploysPerYear Target
	// PlannedPerYear counts the planned deployments (releases, hotfixes
	// left out) per year, where every deployment says which it is: the
	// release cadence, a practice, apart from the hotfixes its failures
	// bring.
	PlannedPerYear Target
	// BatchSize is the mean number of changes per planned deployment.
	BatchSize Target
	// ChangesPerDay is changes per working day.
	ChangesPerDay Target
	// ChangeFailureRate and ReworkRate are shares 0–1 of deployments.
	ChangeFailureRate, ReworkRate Target
	// LeadTimeHours and RecoveryHours are medians.
	LeadTimeHours, RecoveryHours Target
	// Recovery and Detection are the log-normal fits of incident
	// durations (start → restored, start → detected), when there are
	// enough incidents.
	Recovery, Detection *LogNormal
	// Incidents counts the incidents measured, OpenIncidents those still
	// open (censored).
	Incidents, OpenIncidents int
	// Period is the observation period; Hours its length without the
	// excluded windows.
	Period Window
	Hours  float64
	// Notes say how each target was measured, for the report.
	Notes []string
	// Answered says the targets are Quick Check answers, not records.
	Answered bool
	// RollbackShare is the share of failed deployments that were rolled
	// back, where the records say (a practice: whether the team can roll
	// back).
	RollbackShare Target
}

// Measure computes the targets from records filtered by f.
func Measure(all *Records, f Filter) (Targets, error) {
	r, period, hours := f.Apply(all)
	t := Targets{Period: period, Hours: hours}
	for _, p := range []*Target{&t.DeploysPerYear, &t.PlannedPerYear, &t.BatchSize, &t.ChangesPerDay, &t.ChangeFailureRate, &t.ReworkRate, &t.LeadTimeHours, &t.RecoveryHours} {
		p.Interval = unknown()
	}
	if len(r.Deployments)+len(r.Changes)+len(r.Incidents) == 0 {
		return t, nil
	}
	if !(hours >= 24) {
		return t, fmt.Errorf("the records span %s, less than a day once excluded windows are taken out: nothing to measure a rate over (give the observation period with --period FROM..TO)", period)
	}
	span := func(what string, n int) string {
		return fmt.Sprintf("%d %s, %s", n, what, period)
	}
	years := hours / hoursPerYear
	workingDays := hours / 24 * workingDaysWeek / 7

	// Deployments: frequency, batch size, rework.
	var deployed []*Deployment
	hotfixes, kinds := 0, 0
	for i := range r.Deployments {
		d := &r.Deployments[i]
		deployed = append(deployed, d)
		if d.Hotfix {
			hotfixes++
		}
		if d.KindKnown {
			kinds++
		}
	}
	if n := len(deployed); n > 0 {
		iv := PoissonRate(n, years)
		t.DeploysPerYear = Target{iv, span("deployments", n)}
		if kinds == n {
			t.ReworkRate = Target{BetaShare(hotfixes, n), fmt.Sprintf("%d hotfixes of %d deployments", hotfixes, n)}
			t.PlannedPerYear = Target{PoissonRate(n-hotfixes, years), span(fmt.Sprintf("planned deployments (%d hotfixes left out)", hotfixes), n-hotfixes)}
		}
		var sizes []float64
		for _, d := range deployed {
			if !d.Hotfix && !d.Aborted && d.Changes >= 0 {
				sizes = append(sizes, float64(d.Changes))
			}
		}
		if len(sizes) > 0 {
			t.BatchSize = Target{meanInterval(sizes), fmt.Sprintf("changes of %d planned deployments", len(sizes))}
		}
	}

	// Changes: rate and lead time.
	if n := len(r.Changes); n > 0 {
		t.ChangesPerDay = Target{PoissonRate(n, workingDays), span("changes", n)}
		var leads []float64
		for _, c := range r.Changes {
			if !c.Deployed.IsZero() {
				leads = append(leads, c.Deployed.Sub(c.Committed).Hours())
			}
		}
		if len(leads) > 0 {
			t.LeadTimeHours = Target{Median(leads), fmt.Sprintf("%d deployed changes", len(leads))}
		}
	} else if t.BatchSize.Known() {
		t.ChangesPerDay = changesFromDeployments(deployed, period)
	}

	// Change failure rate: the records' failed column, or incidents
	// attributed to deployments.
	if n := len(deployed); n > 0 {
		known := 0
		failed := 0
		for _, d := range deployed {
			if d.FailedKnown {
				known++
				if d.Failed {
					failed++
				}
			}
		}
		t.RollbackShare = Target{Interval: unknown()}
		switch {
		case known == n:
			t.ChangeFailureRate = Target{BetaShare(failed, n), fmt.Sprintf("%d failed of %d deployments (the failed column)", failed, n)}
			rb, rbKnown := 0, 0
			for _, d := range deployed {
				if d.Failed && d.RolledBackKnown {
					rbKnown++
					if d.RolledBack {
						rb++
					}
				}
			}
			if rbKnown > 0 && rbKnown == failed {
				t.RollbackShare = Target{BetaShare(rb, rbKnown), fmt.Sprintf("%d of %d failed deployments rolled back", rb, rbKnown)}
			}
		case len(r.Incidents) > 0:
			failed = attribute(deployed, r.Incidents)
			t.ChangeFailureRate = Target{BetaShare(failed, n), fmt.Sprintf("%d of %d deployments with an incident attributed (the deployment an incident names, else the latest before it, as DevLake attributes them)", failed, n)}
			t.Notes = append(t.Notes, "change failure rate: no failed column, so each incident was attributed to the deployment it names or the latest deployment before it")
		}
	}

	// Incidents: recovery and detection times.
	var rec, cens, det []float64
	for _, in := range r.Incidents {
		t.Incidents++
		if in.Resolved.IsZero() {
			t.OpenIncidents++
			end := period.To
			if end.After(in.Started) {
				cens = append(cens, hoursAtLeast(end.Sub(in.Started)))
			}
			continue
		}
		rec = append(rec, hoursAtLeast(in.Resolved.Sub(in.Started)))
		if !in.Detected.IsZero() {
			det = append(det, hoursAtLeast(in.Detected.Sub(in.Started)))
		}
	}
	if len(rec) > 0 {
		t.RecoveryHours = Target{Median(rec), fmt.Sprintf("%d incidents (%d open, censored), %s", t.Incidents, t.OpenIncidents, period)}
		if ln, ok := FitLogNormal(rec, cens); ok {
			t.Recovery = &ln
			t.RecoveryHours.Interval = Interval{Value: t.RecoveryHours.Value, Low: math.Min(t.RecoveryHours.Low, ln.MedianInterval.Low), High: math.Max(t.RecoveryHours.High, ln.MedianInterval.High), N: len(rec) + len(cens)}
		}
	}
	if len(det) >= 2 {
		if ln, ok := FitLogNormal(det, nil); ok {
			t.Detection = &ln
		}
	}
	return t, nil
}

// hoursAtLeast returns d in hours, at least a minute: a record to the
// second that says an incident took no time is still an incident.
func hoursAtLeast(d time.Duration) float64 { return math.Max(d.Hours(), 1.0/60) }

// meanInterval is the mean with its Student-t Level interval.
func meanInterval(xs []float64) Interval {
	m, sd := stat.MeanStdDev(xs, nil)
	n := len(xs)
	if n < 2 {
		return Interval{m, m, m, n}
	}
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(1 - (1-Level)/2)
	h := tq * sd / math.Sqrt(float64(n))
	return Interval{m, math.Max(0, m-h), m + h, n}
}

// attribute counts the deployments with at least one incident attributed:
// the deployment the incident names, if it is among them, else the latest
// successful one that finished at or before the incident started (the rule
// of DevLake's dora plugin).
func attribute(deployed []*Deployment, incidents []Incident) int {
	byID := map[string]int{}
	for i, d := range deployed {
		byID[d.ID] = i
	}
	hit := make([]bool, len(deployed))
	for _, in := range incidents {
		if i, ok := byID[in.DeploymentID]; ok && in.DeploymentID != "" {
			hit[i] = true
			continue
		}
		best := -1
		for i, d := range deployed {
			if d.Aborted || d.At().After(in.Started) {
				continue
			}
			if best < 0 || d.At().After(deployed[best].At()) {
				best = i
			}
		}
		if best >= 0 {
			hit[best] = true
		}
	}
	n := 0
	for _, h := range hit {
		if h {
			n++
		}
	}
	return n
}

// changesFromDeployments estimates changes per working day from the
// changes the planned deployments carried: those of every deployment
// after the first (the first carries work from before the records began)
// over the working days from the first to the last. Deployments rolled
// back are left out: their changes go out again in a later one.
func changesFromDeployments(deployed []*Deployment, period Window) Target {
	var ds []*Deployment
	for _, d := range deployed {
		if !d.Hotfix && !d.Aborted && !d.RolledBack && d.Changes >= 0 {
			ds = append(ds, d)
		}
	}
	slices.SortFunc(ds, func(a, b *Deployment) int { return a.At().Compare(b.At()) })
	if len(ds) < 3 {
		return Target{Interval: unknown()}
	}
	n := 0
	for _, d := range ds[1:] {
		n += d.Changes
	}
	days := ds[len(ds)-1].At().Sub(ds[0].At()).Hours() / 24 * workingDaysWeek / 7
	if !(days > 0) {
		return Target{Interval: unknown()}
	}
	return Target{PoissonRate(n, days), fmt.Sprintf("%d changes in %d planned deployments not rolled back, %s", n, len(ds)-1, period)}
}
