package reports

import (
	"bytes"
	"math"
	"strings"
	"testing"

	goldenpkg "deploysim/internal/golden"
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

func TestReplayGolden(t *testing.T) {
	r, _ := knightMorning(t)
	var text, svg bytes.Buffer
	if err := writeReplayText(&text, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteReplaySVG(&svg, r); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(svg.String(), "<svg") || strings.Count(svg.String(), `class="ev"`) != len(r.Events) {
		t.Error("the SVG does not mark every event")
	}
	goldenpkg.Check(t, "replay-knight.txt.golden", text.Bytes(), *update, "./reports")
	goldenpkg.Check(t, "replay-knight.svg.golden", svg.Bytes(), *update, "./reports")
}

// A record kind the narrative does not know yet is told by its name and
// detail, so that new kinds of the model render before this file knows
// them.
func TestReplayUnknownKind(t *testing.T) {
	o := &models.Outcome{HorizonHours: 48, Log: []models.Record{
		{Hours: 9.5, Kind: models.RecDeployStart, Changes: 2},
		{Hours: 9.6, Kind: models.RecFault, Changes: 1, Exposure: 0.5},
		{Hours: 9.7, Kind: models.RecDetected, Exposure: 0.5, Loss: 1000 * 0.05 / 0.17},
		{Hours: 9.8, Kind: "mitigation-applied", Exposure: 0.1, Loss: 1000 * 0.10 / 0.17, Detail: "traffic shifted away"},
		{Hours: 10.5, Kind: models.RecRestored, Loss: 1000},
	}, IncidentLog: []models.IncidentRecord{{StartHours: 9.6, RecoveryHours: 0.9, Loss: 1000, PeakExposure: 0.5}}}
	r, err := replay.New(o, replay.Options{Scenario: "s", Arm: "a", Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writeReplayText(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"Mon, day 1", "09:48  mitigation applied (traffic shifted away)", "09:30  a deployment of 2 changes begins", "€1.0k"} {
		if !strings.Contains(out, want) {
			t.Errorf("narrative lacks %q:\n%s", want, out)
		}
	}
	// The loss so far is the one the records carry (the model books it by
	// exposure and traffic): half the users from 9.6 to 9.8 h, then a tenth
	// (the unknown kind's share) to 10.5: 0.05 + 0.05 + 0.07 exposure-hours.
	if got, want := r.Events[4].LossSoFar, 1000.0; math.Abs(got-want) > 1e-9 {
		t.Errorf("loss at restore %g, want %g", got, want)
	}
	if got, want := r.Events[3].LossSoFar, 1000*0.10/0.17; math.Abs(got-want) > 1e-9 {
		t.Errorf("loss at mitigation %g, want %g", got, want)
	}
}

// An incident long after its deployment (deployed on Saturday, failing at
// Monday's open) is drawn at a scale that shows it; the deployment sits
// at the left edge.
func TestReplayViewFocusesOnTheIncident(t *testing.T) {
	sat, mon := 5*24+10.0, 7*24+9.5
	o := &models.Outcome{HorizonHours: 14 * 24, Log: []models.Record{
		{Hours: sat, Kind: models.RecDeployStart, Changes: 1},
		{Hours: sat + 0.5, Kind: models.RecDeployDone, Changes: 1},
		{Hours: mon, Kind: models.RecFault, Changes: 1},
		{Hours: mon + 0.1, Kind: models.RecDetected, Exposure: 1},
		{Hours: mon + 0.75, Kind: models.RecRestored},
	}, IncidentLog: []models.IncidentRecord{{StartHours: mon, RecoveryHours: 0.75, Loss: 1}}}
	r, err := replay.New(o, replay.Options{Incident: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := ReplayX(r, sat); got != ReplayX(r, r.ViewFrom) {
		t.Errorf("the deployment is drawn at %g, want the left edge %g", got, ReplayX(r, r.ViewFrom))
	}
	// The incident takes most of the width, not a sliver of two days.
	if w := ReplayX(r, mon+0.75) - ReplayX(r, mon); w < 500 {
		t.Errorf("the incident is %g wide, want most of the drawing", w)
	}
	var svg bytes.Buffer
	if err := WriteReplaySVG(&svg, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(svg.String(), "← began Sat 10:00, day 6") {
		t.Error("the timeline does not say when the deployment began")
	}
}
