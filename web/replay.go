package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"deploysim/models"
	"deploysim/replay"
	"deploysim/report"
	"deploysim/reports"
	"deploysim/scenarios"
	"deploysim/units"
)

// replayRequest asks for one replication of one arm as a story.
type replayRequest struct {
	Scenario string   `json:"scenario"`
	Set      []string `json:"set"`
	Arm      string   `json:"arm"`
	// Replication picks it; FirstFailure picks the first replication
	// with an incident instead (and its first incident, unless Incident
	// says otherwise).
	Replication  int  `json:"replication"`
	FirstFailure bool `json:"first_failure"`
	// Incident is 0 for the whole measured period, k for the k-th
	// incident.
	Incident int `json:"incident"`
}

type replayAnswer struct {
	Heading     string        `json:"heading"`
	Title       string        `json:"title"`
	Arm         string        `json:"arm"`
	Replication int           `json:"replication"`
	Incident    int           `json:"incident"`
	Incidents   int           `json:"incidents"`
	Loss        string        `json:"loss"`
	Events      []replayEvent `json:"events"`
	SVG         string        `json:"svg"`
	Command     string        `json:"command"`
}

type replayEvent struct {
	Day       int    `json:"day"`
	Clock     string `json:"clock"`
	Text      string `json:"text"`
	Affected  string `json:"affected"`
	LossSoFar string `json:"loss_so_far"`
	// X is the event's position in the SVG's user units.
	X float64 `json:"x"`
}

// maxSearch is how many replications FirstFailure looks through.
const maxSearch = 2000

// maxReplayEvents bounds the events of a replay: a whole year of
// continuous deployment logs thousands; pick an incident instead.
const maxReplayEvents = 5000

// FindFailure returns the first replication, from 0, in which arm a has an
// incident or an aborted canary in its measured period, looking through at
// most limit of them.
// ok is false if none has one. ctx and budget (events per replication, 0
// for models.DefaultBudget) reach into every replication: a cancelled
// search stops within a few thousand events.
func FindFailure(ctx context.Context, a *models.Arm, exp *models.Experiment, limit int, budget uint64) (rep int, ok bool, err error) {
	for rep := range limit {
		o, err := models.SimulateContext(ctx, a, models.RunOptions{Seed: exp.Seed, Replication: rep, HorizonHours: exp.HorizonHours, WarmupHours: exp.WarmupHours, Budget: budget})
		if err != nil {
			return 0, false, err
		}
		if len(o.IncidentLog) > 0 { // an incident or an aborted canary
			return rep, true, nil
		}
	}
	return 0, false, nil
}

// SimulationError is a replay whose replication did not end: ctx ended
// or it needed more than its event budget. Err is ctx's error or the
// *models.BudgetError.
type SimulationError struct{ Err error }

func (e *SimulationError) Error() string { return e.Err.Error() }
func (e *SimulationError) Unwrap() error { return e.Err }

// Replay runs replication rep of the named arm of sc with its event log
// and tells it (see replay.New). ctx and budget bound the
// replication as in FindFailure; a replication they stop is a
// *SimulationError.
func Replay(ctx context.Context, sc *scenarios.Scenario, arm string, rep, incident int, budget uint64) (*replay.Replay, error) {
	a, ok := sc.Arm(arm)
	if !ok {
		return nil, fmt.Errorf("arm %q: not in %s (arms: %s)", arm, sc.Name, armNames(sc))
	}
	exp := sc.Experiment()
	o, err := models.SimulateContext(ctx, &a, models.RunOptions{Seed: exp.Seed, Replication: rep, HorizonHours: exp.HorizonHours, WarmupHours: exp.WarmupHours, Record: true, Budget: budget})
	if err != nil {
		return nil, &SimulationError{err}
	}
	if len(o.Log) == 0 { // recorded from its first event: the arm did nothing
		return nil, errors.New("nothing happened in this replication: no change was deployed and no incident began; pick another arm, or a longer --horizon")
	}
	return replay.New(&o, replay.Options{
		Scenario: sc.Name, Arm: a.Name, Title: a.Title, Currency: sc.Currency,
		Seed: sc.Seed, Replication: rep, WarmupHours: exp.WarmupHours, Incident: incident,
	})
}

func armNames(sc *scenarios.Scenario) string {
	var n []string
	for _, a := range sc.Arms {
		n = append(n, a.Name)
	}
	return strings.Join(n, ", ")
}

func (s *Server) handleReplay(w http.ResponseWriter, r *http.Request) {
	var req replayRequest
	if err := readJSON(r, &req); err != nil {
		writeError(w, err)
		return
	}
	sc, err := s.scenario(req.Scenario, req.Set)
	if err != nil {
		writeError(w, err)
		return
	}
	a, ok := sc.Arm(req.Arm)
	if !ok {
		writeError(w, badRequest("arm", "arm %q: not in %s (arms: %s)", req.Arm, sc.Name, armNames(sc)))
		return
	}
	if req.Replication < 0 || req.Replication >= s.opt.MaxReplications {
		writeError(w, badRequest("replication", "replication %d: want 0 to %d", req.Replication, s.opt.MaxReplications-1))
		return
	}
	if req.Incident < 0 {
		writeError(w, badRequest("incident", "incident %d: want 0 (the whole period) or 1 and more", req.Incident))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RequestTimeout)
	defer cancel()
	release, err := s.acquire(ctx)
	if err != nil {
		writeError(w, err)
		return
	}
	defer release()
	rep, incident := req.Replication, req.Incident
	if req.FirstFailure {
		exp := sc.Experiment()
		found, ok, err := FindFailure(ctx, &a, &exp, maxSearch, s.opt.EventBudget)
		if err != nil {
			writeError(w, err)
			return
		}
		if !ok {
			writeError(w, badRequest("arm", "%s has no incident in its first %d replications", a.Name, maxSearch))
			return
		}
		rep = found
		if incident == 0 {
			incident = 1
		}
	}
	rp, err := Replay(ctx, sc, a.Name, rep, incident, s.opt.EventBudget)
	var se *SimulationError
	if errors.As(err, &se) {
		writeError(w, se.Err)
		return
	}
	if err != nil {
		writeError(w, badRequest("incident", "%v", strings.TrimPrefix(err.Error(), "reports: ")))
		return
	}
	if len(rp.Events) > maxReplayEvents {
		writeError(w, badRequest("incident", "the whole period has %d events, more than this page shows (%d): pick one of its %d incidents",
			len(rp.Events), maxReplayEvents, rp.IncidentCount))
		return
	}
	var svg bytes.Buffer
	if err := reports.WriteReplaySVG(&svg, rp); err != nil {
		writeError(w, err)
		return
	}
	ans := replayAnswer{
		Heading: reports.ReplayHeading(rp), Title: a.Title, Arm: a.Name, Replication: rep, Incident: incident,
		Incidents: rp.IncidentCount, Loss: units.FormatMoney(rp.Loss, sc.Currency), SVG: svg.String(),
	}
	for _, ev := range rp.Events {
		e := replayEvent{Day: ev.Day, Clock: ev.Clock, Text: ev.Text, X: reports.ReplayX(rp, ev.Hours),
			LossSoFar: units.FormatMoney(ev.LossSoFar, sc.Currency)}
		if ev.Exposure > 0 {
			e.Affected = units.FormatPercent(ev.Exposure)
		}
		ans.Events = append(ans.Events, e)
	}
	tail := []string{"--arm", report.ShellQuote(a.Name), "--replication", strconv.Itoa(rep)}
	if incident > 0 {
		tail = append(tail, "--incident", strconv.Itoa(incident))
	}
	ans.Command = report.Again{Command: "replay", Source: s.sourceOf(sc.Name), Sets: req.Set, Tail: tail, Version: s.opt.Version}.Line()
	writeJSON(w, http.StatusOK, ans)
}
