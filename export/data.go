package export

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"time"

	"deploysim/models"
)

// DefaultStart is day 0 of the measured period when no start date is
// given: a Monday, so that the window is whole weeks from its first day.
var DefaultStart = time.Date(2026, time.January, 5, 0, 0, 0, 0, time.UTC)

// MaxWindowDays is the longest window exported: DevLake's deployment
// frequency query enumerates at most 400 days back from the end of the
// window Grafana shows, so a longer window would lose its first weeks.
const MaxWindowDays = 399

// Options say what is exported.
type Options struct {
	Scenario    string
	Arm         string
	Seed        uint64
	Replication int
	// Start is day 0 of the measured period; its offset is the one every
	// timestamp is written with.
	Start time.Time
	// Project is DevLake's project name and Four Keys' / CDEvents' source;
	// default "deploysim-SCENARIO-ARM".
	Project string
}

// Data is one replication's window on a calendar: the records every
// target is rendered from.
type Data struct {
	Options
	// From and To bound the window: whole weeks from Start, [From, To).
	From, To time.Time
	// Weeks in the window.
	Weeks       int
	Deployments []Deployment
	// Changes are every change committed before the end of the window
	// that a deployment of the window carried, and the ones still in
	// progress at its end (no Deployment, no Via).
	Changes   []Change
	Incidents []Incident
	// CanaryAborts are faults canary analysis caught and rolled back, or
	// health checks drained, with nobody paged: no incident record
	// anywhere, but the truth counts their recovery times (as
	// Outcome.RecoveryHours does).
	CanaryAborts []Incident
}

// Deployment is one production deployment of the window.
type Deployment struct {
	ID       string // d-000123
	Kind     string // release or hotfix
	Started  time.Time
	Finished time.Time
	// Result is "success" (fully out) or "aborted" (stopped and rolled
	// back before it was).
	Result     string
	Failed     bool
	RolledBack bool
	// Changes are indices into Data.Changes.
	Changes []int
}

// Change is one change (commit) carried by a deployment of the window.
type Change struct {
	ID        string // c-000123, or h-000045 for a hotfix's fix
	SHA       string // 40 lowercase hex digits
	Committed time.Time
	Fix       bool // a hotfix's fix: not counted in the true lead time, as the model does not count it
	// Deployment is the ID of the first successful deployment that took it
	// to production ("" if none in the window); Deployed when it finished.
	Deployment string
	Deployed   time.Time
	// Via lists every deployment of the window that carried it (an aborted
	// one, then the re-release).
	Via []string
}

// Incident is one production incident of the window.
type Incident struct {
	ID       string // i-000042
	Started  time.Time
	Detected time.Time // zero if never detected
	// Mitigated: a rollback removed the fault's release (zero if not).
	Mitigated time.Time
	// Resolved: service restored; zero if still open at the end of the
	// window.
	Resolved   time.Time
	DetectedBy string
	Severity   string
	Cause      string // code_defect or deployment_error
	// Deployment is the ID of the deployment that caused it, when that
	// deployment is in the window; "" otherwise.
	Deployment string
	// Culprit is the ID of the defective change that opened it, when
	// that change is in the window; "" otherwise (a misconfigured server).
	Culprit        string
	CustomerFacing bool
	PeakExposure   float64
}

// Created is when the incident was opened as a ticket: its detection, or
// its start when it was never detected.
func (in *Incident) Created() time.Time {
	if in.Detected.IsZero() {
		return in.Started
	}
	return in.Detected
}

// DeploymentID, ChangeID and IncidentID name a record: stable for a seed,
// the same in every target.
func DeploymentID(index int) string { return fmt.Sprintf("d-%06d", index) }

// ChangeID names change seq (a hotfix's fix by its deployment's index).
func ChangeID(c models.TraceChange) string {
	if c.Fix {
		return fmt.Sprintf("h-%06d", c.Seq)
	}
	return fmt.Sprintf("c-%06d", c.Seq)
}

// IncidentID names incident index.
func IncidentID(index int) string { return fmt.Sprintf("i-%06d", index) }

// Build lays trace tr on the calendar of opt. The window is the whole
// weeks of the measured period (at most MaxWindowDays): the dashboards'
// weekly medians then see no partial or empty week that the simulation
// did not produce. Records are as known at the end of the window: a
// deployment still under way is left out, an incident still open has no
// resolution.
func Build(tr *models.Trace, opt Options) (*Data, error) {
	if tr == nil {
		return nil, fmt.Errorf("export: no trace (run the replication with RunOptions.Trace)")
	}
	if opt.Start.IsZero() {
		opt.Start = DefaultStart
	}
	if opt.Project == "" {
		opt.Project = "deploysim-" + opt.Scenario + "-" + opt.Arm
	}
	days := int(math.Floor(tr.HorizonHours/24+1e-9)) / 7 * 7
	days = min(days, MaxWindowDays/7*7)
	if days < 7 {
		return nil, fmt.Errorf("export: the measured period is %.3g days; the dashboards need at least a whole week (set horizon to 7 days or more)", tr.HorizonHours/24)
	}
	d := &Data{Options: opt, From: opt.Start, Weeks: days / 7}
	d.To = d.From.AddDate(0, 0, days)
	endH := float64(days) * 24
	at := func(h float64) time.Time {
		// Whole seconds: DevLake's TIMESTAMPDIFF and the webhook's dates
		// then agree with the CSV to the second.
		return opt.Start.Add(time.Duration(math.Round(h*3600)) * time.Second)
	}
	in := func(h float64) bool { return h >= 0 && h < endH }

	exported := map[int]string{}
	changeAt := map[string]int{}
	// pending adds a change committed before the end of the window that
	// no exported deployment carried: a row with no deployment, as
	// docs/records-csv.md says (committed, not yet in production). Without
	// them a window's changes a day would read low by the work still in
	// progress at its end (a quarter's for a quarterly release train).
	var pending []models.TraceChange
	addPending := func() {
		for _, tc := range pending {
			id := ChangeID(tc)
			if _, ok := changeAt[id]; ok || !(tc.CommitHours < endH) {
				continue
			}
			changeAt[id] = len(d.Changes)
			d.Changes = append(d.Changes, Change{ID: id, SHA: sha(opt, id), Committed: at(tc.CommitHours), Fix: tc.Fix})
		}
	}
	for _, td := range tr.Deployments {
		if !td.Measured || math.IsNaN(td.FinishHours) || !in(td.FinishHours) {
			if math.IsNaN(td.FinishHours) || td.FinishHours >= endH {
				// Still under way at the end of the window (or of the
				// horizon): its changes are committed, not yet out.
				pending = append(pending, td.Changes...)
			}
			continue
		}
		dep := Deployment{
			ID: DeploymentID(td.Index), Kind: "release",
			Started: at(td.StartHours), Finished: at(td.FinishHours),
			Result: "success", Failed: td.Failed, RolledBack: td.RolledBack,
		}
		if td.Hotfix {
			dep.Kind = "hotfix"
		}
		if td.Aborted {
			dep.Result = "aborted"
		}
		for _, tc := range td.Changes {
			id := ChangeID(tc)
			ci, ok := changeAt[id]
			if !ok {
				ci = len(d.Changes)
				changeAt[id] = ci
				d.Changes = append(d.Changes, Change{ID: id, SHA: sha(opt, id), Committed: at(tc.CommitHours), Fix: tc.Fix})
			}
			c := &d.Changes[ci]
			c.Via = append(c.Via, dep.ID)
			if dep.Result == "success" && c.Deployment == "" {
				c.Deployment, c.Deployed = dep.ID, dep.Finished
			}
			dep.Changes = append(dep.Changes, ci)
		}
		exported[td.Index] = dep.ID
		d.Deployments = append(d.Deployments, dep)
	}
	pending = append(pending, tr.Pending...)
	addPending()
	for _, ti := range tr.Incidents {
		if !ti.Measured || !in(ti.StartHours) {
			continue
		}
		inc := Incident{
			ID: IncidentID(ti.Index), Started: at(ti.StartHours),
			DetectedBy: ti.DetectedBy, Severity: ti.Severity, Cause: ti.Cause.String(),
			Deployment: exported[ti.Deployment], CustomerFacing: true, PeakExposure: ti.PeakExposure,
		}
		if ti.Culprit >= 0 {
			id := ChangeID(models.TraceChange{Seq: uint64(ti.Culprit)})
			if _, ok := changeAt[id]; ok {
				inc.Culprit = id
			}
		}
		if in(ti.DetectedHours) {
			inc.Detected = at(ti.DetectedHours)
		}
		if in(ti.MitigatedHours) {
			inc.Mitigated = at(ti.MitigatedHours)
		}
		if in(ti.ResolvedHours) {
			inc.Resolved = at(ti.ResolvedHours)
		}
		if ti.ByCanary || ti.Unnoticed {
			d.CanaryAborts = append(d.CanaryAborts, inc)
			continue
		}
		d.Incidents = append(d.Incidents, inc)
	}
	sort.SliceStable(d.Deployments, func(i, j int) bool { return d.Deployments[i].Finished.Before(d.Deployments[j].Finished) })
	return d, nil
}

// sha is a change's commit SHA: 40 hex digits derived from what names it,
// so that the same seed gives the same SHA and two arms never share one.
func sha(opt Options, id string) string {
	h := sha1.Sum(fmt.Appendf(nil, "deploysim\x00%s\x00%s\x00%d\x00%d\x00%s", opt.Scenario, opt.Arm, opt.Seed, opt.Replication, id))
	return hex.EncodeToString(h[:])
}

// Timestamp writes t as RFC 3339 with the offset of the window's start.
func (d *Data) Timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(d.Start.Location()).Format(time.RFC3339)
}
