package replay_test

import (
	"math"
	"strings"
	"testing"

	"deploysim/models"
	"deploysim/replay"
	"deploysim/scenarios"
)

// knightMorning runs Knight Capital's as-it-was arm until the first
// replication with an incident and tells that incident.
func knightMorning(t *testing.T) (*replay.Replay, *models.Outcome) {
	t.Helper()
	sc, err := scenarios.Load("knight-capital-2012")
	if err != nil {
		t.Fatal(err)
	}
	arm, _ := sc.Arm("as-it-was")
	for rep := range 200 {
		o := models.Simulate(&arm, models.RunOptions{Seed: sc.Seed, Replication: rep, HorizonHours: sc.HorizonHours, WarmupHours: sc.WarmupHours, Record: true})
		if len(o.IncidentLog) == 0 {
			continue
		}
		r, err := replay.New(&o, replay.Options{
			Scenario: sc.Name, Arm: arm.Name, Title: arm.Title, Currency: sc.Currency,
			Seed: sc.Seed, Replication: rep, WarmupHours: sc.WarmupHours, Incident: 1,
		})
		if err != nil {
			t.Fatal(err)
		}
		return r, &o
	}
	t.Fatal("no incident in 200 replications of as-it-was")
	return nil, nil
}

func TestReplayLaws(t *testing.T) {
	r, o := knightMorning(t)
	if len(r.Events) < 3 {
		t.Fatalf("%d events: want at least a deployment, a fault and a restore", len(r.Events))
	}
	if k := r.Events[0].Kind; k != models.RecDeployStart && k != models.RecHotfixDeploy {
		t.Errorf("the story starts with %s, want the deployment that caused it", k)
	}
	if k := r.Events[len(r.Events)-1].Kind; k != models.RecRestored {
		t.Errorf("the story ends with %s, want service restored", k)
	}
	failed, rolledBack := false, false
	for i, ev := range r.Events {
		rolledBack = rolledBack || ev.Kind == models.RecRollbackStart
		if i > 0 {
			prev := r.Events[i-1]
			if ev.Hours < prev.Hours {
				t.Errorf("event %d at %g h comes before event %d at %g h", i, ev.Hours, i-1, prev.Hours)
			}
			if ev.LossSoFar < prev.LossSoFar-1e-6 {
				t.Errorf("loss so far falls from %g to %g at event %d", prev.LossSoFar, ev.LossSoFar, i)
			}
			if ev.Kind == models.RecRollbackFailed && ev.Exposure < prev.Exposure {
				t.Errorf("exposure falls when the rollback fails at event %d: %g → %g", i, prev.Exposure, ev.Exposure)
			}
		}
		if ev.Exposure < 0 || ev.Exposure > 1 {
			t.Errorf("event %d: exposure %g outside [0,1]", i, ev.Exposure)
		}
		if ev.Kind == models.RecRollbackFailed {
			failed = true
			// As it was, a failed rollback spreads the fault to every
			// server (failed_rollback_exposure 1).
			if ev.Exposure < 1 {
				t.Errorf("after the failed rollback %g of users affected, want all", ev.Exposure)
			}
		}
		if ev.Text == "" || !strings.Contains(ev.Clock, ":") {
			t.Errorf("event %d: text %q, clock %q", i, ev.Text, ev.Clock)
		}
	}
	// As it was, every rollback fails (rollback_fail_prob 1).
	if rolledBack && !failed {
		t.Error("a rollback as it was did not fail")
	}
	// The loss told adds up to the incident's loss in the outcome.
	want := o.IncidentLog[0].Loss
	if got := r.Events[len(r.Events)-1].LossSoFar; math.Abs(got-want) > 1e-6*want {
		t.Errorf("loss at the end %g, want the incident's %g", got, want)
	}
	if math.Abs(r.Loss-want) > 1e-6*want {
		t.Errorf("Replay.Loss %g, want %g", r.Loss, want)
	}
}

func TestReplayErrors(t *testing.T) {
	if _, err := replay.New(&models.Outcome{HorizonHours: 1}, replay.Options{}); err == nil || !strings.Contains(err.Error(), "RunOptions.Record") {
		t.Errorf("no log: %v, want an error naming RunOptions.Record", err)
	}
	o := &models.Outcome{HorizonHours: 1, Log: []models.Record{{Hours: 0.5, Kind: models.RecDeployStart}}}
	if _, err := replay.New(o, replay.Options{Incident: 1}); err == nil || !strings.Contains(err.Error(), "has 0") {
		t.Errorf("incident 1 of none: %v", err)
	}
}
