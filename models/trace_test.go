package models_test

import (
	"math"
	"reflect"
	"testing"

	"deploysim/models"
	"deploysim/scenarios"
)

// TestTraceAgreesWithOutcome: the trace of every arm of every built-in
// tells the same story as the outcome's counts, and tracing changes
// nothing else the replication computes.
func TestTraceAgreesWithOutcome(t *testing.T) {
	for _, name := range scenarios.List() {
		sc, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for i := range sc.Arms {
			a := &sc.Arms[i]
			for rep := range 2 {
				opt := models.RunOptions{Seed: 7, Replication: rep, HorizonHours: sc.HorizonHours, WarmupHours: sc.WarmupHours}
				plain := models.Simulate(a, opt)
				opt.Trace = true
				o := models.Simulate(a, opt)
				tr := o.Trace
				if tr == nil {
					t.Fatalf("%s/%s: no trace", name, a.Name)
				}
				o.Trace = nil
				if !reflect.DeepEqual(plain, o) {
					t.Errorf("%s/%s rep %d: tracing changed the outcome", name, a.Name, rep)
				}
				checkTrace(t, name+"/"+a.Name, &o, tr)
			}
		}
	}
}

func checkTrace(t *testing.T, what string, o *models.Outcome, tr *models.Trace) {
	t.Helper()
	var deps, hot, failed, inc, canary int
	for i, d := range tr.Deployments {
		if d.Index != i+1 {
			t.Fatalf("%s: deployment %d has index %d", what, i, d.Index)
		}
		if d.Measured {
			deps++
			hot += traceB2i(d.Hotfix)
			failed += traceB2i(d.Failed)
		}
		if d.Exposed && !math.IsNaN(d.FinishHours) && d.FinishHours < d.StartHours {
			t.Errorf("%s: deployment %d finishes at %g h before it starts at %g h", what, d.Index, d.FinishHours, d.StartHours)
		}
		for _, c := range d.Changes {
			if c.CommitHours > d.StartHours+1e-9 {
				t.Errorf("%s: deployment %d carries change %d committed at %g h after it started at %g h", what, d.Index, c.Seq, c.CommitHours, d.StartHours)
			}
		}
	}
	for _, in := range tr.Incidents {
		if !in.Measured {
			continue
		}
		switch {
		case in.ByCanary:
			canary++
		case !in.Unnoticed:
			inc++
		}
		if in.Deployment > 0 && tr.Deployments[in.Deployment-1].ExposedHours > in.StartHours+1e-9 {
			t.Errorf("%s: incident %d starts at %g h before its deployment %d met users", what, in.Index, in.StartHours, in.Deployment)
		}
		if !(in.ResolvedHours >= in.StartHours) {
			t.Errorf("%s: incident %d resolved at %g h, started %g h", what, in.Index, in.ResolvedHours, in.StartHours)
		}
	}
	// A deployment still rolling out when the horizon ends counts in the
	// outcome but has no finish in the trace: at most one.
	if d := o.Deployments - deps; d < 0 || d > 1 {
		t.Errorf("%s: trace has %d measured deployments, outcome %d", what, deps, o.Deployments)
	}
	if hot != o.HotfixDeployments {
		t.Errorf("%s: trace has %d hotfixes, outcome %d", what, hot, o.HotfixDeployments)
	}
	if d := o.FailedDeployments - failed; d < 0 || d > 1 {
		t.Errorf("%s: trace has %d failed deployments, outcome %d", what, failed, o.FailedDeployments)
	}
	if inc != o.Incidents || canary != o.CanaryAborts {
		t.Errorf("%s: trace has %d incidents and %d canary aborts, outcome %d and %d", what, inc, canary, o.Incidents, o.CanaryAborts)
	}
	// The changes in progress when the horizon ends: as many as the
	// outcome counts, each committed before the end, each once.
	if len(tr.Pending) != o.ChangesInProgress {
		t.Errorf("%s: trace has %d changes in progress at the end, outcome %d", what, len(tr.Pending), o.ChangesInProgress)
	}
	seen := map[uint64]bool{}
	for _, c := range tr.Pending {
		if c.CommitHours > tr.HorizonHours+1e-9 || seen[c.Seq] {
			t.Errorf("%s: change %d in progress at the end: committed at %g h of a %g h horizon, listed before: %v", what, c.Seq, c.CommitHours, tr.HorizonHours, seen[c.Seq])
		}
		seen[c.Seq] = true
	}
}

func traceB2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
