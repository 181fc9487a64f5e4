package fit

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"deploysim/models"
)

// This file is a test-only stand-in for deploysim export --to csv: it
// turns a simulated replication's event log into the plain records a real
// organisation would have, so that the round trip (simulate → records →
// calibrate → simulate) can be tested. Deployments come from the event
// log (deploy-start/deploy-done for planned releases, hotfix-deploy/
// hotfix-live for hotfixes), incidents from the incident log. The failed
// column marks the latest deployment that finished before each incident
// started (DevLake's attribution; the event log does not say which
// deployment a fault came from), and rolled_back the releases a rollback
// undid.
// Changes are not written: the event log has no per-change times.

// epoch is time zero of the measured period: a Monday, as the model's
// time zero is.
var epoch = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

// simRecords simulates arm a for one replication of hours after warmup
// and returns its records.
func simRecords(a *models.Arm, seed uint64, rep int, hours float64) (*Records, models.Outcome) {
	w := warmup(a)
	o := models.Simulate(a, models.RunOptions{Seed: seed, Replication: rep, HorizonHours: hours, WarmupHours: w, Record: true})
	at := func(h float64) time.Time {
		return epoch.Add(time.Duration((h - w) * float64(time.Hour))).Truncate(time.Second)
	}
	r := &Records{}
	n := 0
	var pending *Deployment
	closeAs := func(h float64, aborted bool) {
		if pending == nil {
			return
		}
		pending.Finished = at(h)
		pending.Aborted = aborted
		r.Deployments = append(r.Deployments, *pending)
		pending = nil
	}
	var detections []float64
	for _, rec := range o.Log {
		if rec.Hours < w {
			continue
		}
		switch rec.Kind {
		case models.RecDeployStart:
			closeAs(rec.Hours, true)
			n++
			pending = &Deployment{ID: fmt.Sprintf("d-%06d", n), Started: at(rec.Hours), Changes: rec.Changes}
		case models.RecDeployDone:
			closeAs(rec.Hours, false)
		case models.RecMitigated:
			if pending != nil {
				closeAs(rec.Hours, true)
			} else if i := len(r.Deployments) - 1; i >= 0 && !r.Deployments[i].Hotfix {
				r.Deployments[i].RolledBack = true
			}
		case models.RecHotfixDeploy:
			n++
			r.Deployments = append(r.Deployments, Deployment{ID: fmt.Sprintf("d-%06d", n), Started: at(rec.Hours), Finished: at(rec.Hours), Hotfix: true, Changes: 1})
		case models.RecHotfixLive:
			if len(r.Deployments) > 0 && r.Deployments[len(r.Deployments)-1].Hotfix {
				r.Deployments[len(r.Deployments)-1].Finished = at(rec.Hours)
			}
		case models.RecDetected:
			detections = append(detections, rec.Hours)
		}
	}
	for i, in := range o.IncidentLog {
		start := in.StartHours + w
		inc := Incident{ID: fmt.Sprintf("i-%06d", i+1), Started: at(start), Resolved: at(start + in.RecoveryHours), CustomerFacing: "true"}
		for _, d := range detections {
			if d >= start && d <= start+in.RecoveryHours {
				inc.Detected = at(d)
				break
			}
		}
		if start+in.RecoveryHours > w+hours {
			inc.Resolved = time.Time{}
		}
		r.Incidents = append(r.Incidents, inc)
	}
	for i := range r.Deployments {
		r.Deployments[i].FailedKnown, r.Deployments[i].RolledBackKnown = true, true
	}
	for _, in := range r.Incidents {
		best := -1
		for i, d := range r.Deployments {
			if !d.Aborted && !d.At().After(in.Started) {
				best = i
			}
		}
		if best >= 0 {
			r.Deployments[best].Failed = true
		}
	}
	return r, o
}

// writeRecordsCSV writes r's deployments and incidents in the plain
// records format.
func writeRecordsCSV(dep, inc io.Writer, r *Records) error {
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	w := csv.NewWriter(dep)
	w.Write(deploymentColumns)
	for _, d := range r.Deployments {
		kind, result := "release", "success"
		if d.Hotfix {
			kind = "hotfix"
		}
		if d.Aborted {
			result = "aborted"
		}
		w.Write([]string{d.ID, ts(d.Started), ts(d.Finished), "production", kind, result, strconv.Itoa(d.Changes), strconv.FormatBool(d.Failed), strconv.FormatBool(d.RolledBack)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	w = csv.NewWriter(inc)
	w.Write(incidentColumns)
	for _, in := range r.Incidents {
		w.Write([]string{in.ID, ts(in.Started), ts(in.Detected), ts(in.Resolved), in.Severity, in.CustomerFacing, in.DeploymentID, ""})
	}
	w.Flush()
	return w.Error()
}
