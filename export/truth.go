package export

import (
	"sort"
	"time"

	"gonum.org/v1/gonum/stat"
)

// Truth is what happened in the window, by the simulation's own
// definitions (those of models.Outcome): every deployment that reached
// traffic counts, hotfixes included; a deployment failed when a fault of
// it showed; recovery runs from first user exposure to service restored,
// canary aborts included; lead time is commit → first delivery of every
// change, fixes excluded.
type Truth struct {
	Weeks        int
	Deployments  int // reached traffic: releases and hotfixes, aborted included
	Hotfixes     int
	Aborted      int
	Failed       int
	Incidents    int
	CanaryAborts int
	// DeploymentsPerWeek is Deployments / Weeks.
	DeploymentsPerWeek float64
	// DeploymentDaysPerWeek is the mean number of days a week with a
	// successful deployment (what DevLake counts, averaged instead of
	// the lower median).
	DeploymentDaysPerWeek float64
	// LeadTimeHours is the median lead time (interpolated), LeadTimes how
	// many changes it is over.
	LeadTimeHours float64
	LeadTimes     int
	// ChangeFailureRate is Failed / Deployments; ReworkRate Hotfixes /
	// Deployments (DORA's deployment rework rate).
	ChangeFailureRate, ReworkRate float64
	// RecoveryHours is the median of first exposure → restored over the
	// incidents and canary aborts resolved in the window; Recoveries how
	// many.
	RecoveryHours float64
	Recoveries    int
	// DetectionHours is the median of first exposure → detection.
	DetectionHours float64
}

func median(x []float64) float64 {
	if len(x) == 0 {
		return -1
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return stat.Mean(s[len(s)/2-1:len(s)/2+1], nil)
}

func hoursBetween(a, b time.Time) float64 { return b.Sub(a).Hours() }

// Truth computes the window's true metrics.
func (d *Data) Truth() Truth {
	t := Truth{Weeks: d.Weeks, Incidents: len(d.Incidents), CanaryAborts: len(d.CanaryAborts)}
	days := map[string]bool{}
	for _, dep := range d.Deployments {
		t.Deployments++
		if dep.Kind == "hotfix" {
			t.Hotfixes++
		}
		if dep.Result == "aborted" {
			t.Aborted++
		} else {
			days[dep.Finished.UTC().Format(time.DateOnly)] = true
		}
		if dep.Failed {
			t.Failed++
		}
	}
	if t.Deployments > 0 {
		t.ChangeFailureRate = float64(t.Failed) / float64(t.Deployments)
		t.ReworkRate = float64(t.Hotfixes) / float64(t.Deployments)
	}
	t.DeploymentsPerWeek = float64(t.Deployments) / float64(d.Weeks)
	t.DeploymentDaysPerWeek = float64(len(days)) / float64(d.Weeks)
	var lead []float64
	for _, c := range d.Changes {
		if !c.Fix && c.Deployment != "" {
			lead = append(lead, hoursBetween(c.Committed, c.Deployed))
		}
	}
	t.LeadTimeHours, t.LeadTimes = median(lead), len(lead)
	var rec, det []float64
	for _, list := range [][]Incident{d.Incidents, d.CanaryAborts} {
		for _, in := range list {
			if !in.Resolved.IsZero() {
				rec = append(rec, hoursBetween(in.Started, in.Resolved))
			}
			if !in.Detected.IsZero() {
				det = append(det, hoursBetween(in.Started, in.Detected))
			}
		}
	}
	t.RecoveryHours, t.Recoveries = median(rec), len(rec)
	t.DetectionHours = median(det)
	return t
}
