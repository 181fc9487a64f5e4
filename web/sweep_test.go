package web

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"deploysim/scenarios"
)

// TestSweepAxisOfEveryLever: every slider lever of every built-in arm
// (of the default scenario in the fast tier) has a sweep axis of 2 to
// sweepPoints values, in order, with the value now set among them.
func TestSweepAxisOfEveryLever(t *testing.T) {
	names := scenarios.List()
	if testing.Short() {
		names = []string{scenarios.Default}
	}
	for _, name := range names {
		sc, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for i := range sc.Arms {
			for _, l := range leversOf(&sc.Arms[i], sc.Currency) {
				if l.Kind != "slider" {
					continue
				}
				ax, now, err := sweepAxis(sc, l)
				if err != nil {
					t.Errorf("%s %s: %v", name, l.Path, err)
					continue
				}
				if n := len(ax.Values); n < 2 || n > sweepPoints {
					t.Errorf("%s %s: %d values, want 2 to %d", name, l.Path, n, sweepPoints)
				}
				found := false
				for j, x := range ax.Values {
					if j > 0 && !(x > ax.Values[j-1]) {
						t.Errorf("%s %s: values not ascending: %v", name, l.Path, ax.Labels)
					}
					found = found || x == now
				}
				if !found {
					t.Errorf("%s %s: the value now set, %s, is not among %v", name, l.Path, l.Value, ax.Labels)
				}
			}
		}
	}
}

// TestResultsSweep: a results request that names a slider lever ends
// with that lever's sweep curve, the value now set marked; a lever that
// is a choice, or no lever, is a 400 naming the field.
func TestResultsSweep(t *testing.T) {
	_, ts := newTestServer(t, Options{Replications: 4})
	const lever = "arms.continuous-deployment.monitoring.alert_prob"
	resp := post(t, ts.URL+"/api/results", `{"scenario":"epic-vs-continuous","set":["`+lever+`=0.7"],"sweep":"`+lever+`"}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
	var lines []map[string]json.RawMessage
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, m)
	}
	if len(lines) < 2 {
		t.Fatalf("%d lines, want frames and the sweep", len(lines))
	}
	for i, m := range lines {
		if final := string(m["final"]) == "true"; final != (i == len(lines)-1) {
			t.Errorf("line %d of %d: final %v", i+1, len(lines), final)
		}
	}
	var last sweepLine
	b, _ := json.Marshal(lines[len(lines)-1])
	if err := json.Unmarshal(b, &last); err != nil {
		t.Fatal(err)
	}
	sw := last.Sweep
	if sw.Error != "" || sw.Figure == nil {
		t.Fatalf("no sweep curve: %q", sw.Error)
	}
	if sw.Lever != lever || sw.Replications != 4 {
		t.Errorf("sweep of %s with %d replications, want %s with 4", sw.Lever, sw.Replications, lever)
	}
	if !strings.HasPrefix(sw.Figure.SVG, "<svg") || !strings.Contains(sw.Figure.SVG, "now 0.7") || !strings.Contains(sw.Figure.SVG, "alert_prob") {
		t.Errorf("the sweep curve does not mark now 0.7 on an alert_prob axis")
	}

	for _, c := range []struct{ sweep, want string }{
		{"arms.continuous-deployment.strategy.kind", "a choice has no curve"},
		{"arms.continuous-deployment.no.such", "not a lever of epic-vs-continuous"},
	} {
		resp := post(t, ts.URL+"/api/results", `{"scenario":"epic-vs-continuous","sweep":"`+c.sweep+`"}`)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("sweep %s: status %d, want 400", c.sweep, resp.StatusCode)
			continue
		}
		var body struct{ Errors []problem }
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || len(body.Errors) != 1 {
			t.Fatalf("sweep %s: %v %v", c.sweep, err, body.Errors)
		}
		if p := body.Errors[0]; p.Field != "sweep" || !strings.Contains(p.Message, c.want) {
			t.Errorf("sweep %s: got %+v, want field sweep and %q", c.sweep, p, c.want)
		}
	}
}

func TestPick(t *testing.T) {
	ladder := strings.Split("a b c d e f g h i j k l m n", " ") // 14 values
	for _, c := range []struct {
		values []string
		now    string
		want   string
	}{
		{ladder[:5], "c", "a b c d e"},
		{ladder, "a", "a c e g i k n"},
		{ladder, "n", "a c e g i k n"},
		{ladder, "d", "a d e g i k n"}, // d is as near c as e: the first nearest goes
		{ladder, "l", "a c e g i l n"},
		{ladder, "m", "a c e g i m n"},
		{ladder, "zz", "a c e g i k n"}, // not in the ladder: evenly spread
	} {
		if got := strings.Join(pick(c.values, c.now), " "); got != c.want {
			t.Errorf("pick(%d values, %q) = %s, want %s", len(c.values), c.now, got, c.want)
		}
	}
}

// TestSweepBusy: with every simulation slot taken, the kept frames still
// come and the sweep line says the server is busy, not a 503 after the
// table is shown.
func TestSweepBusy(t *testing.T) {
	s, ts := newTestServer(t, Options{Replications: 4, MaxConcurrent: 1, QueueWait: 20 * time.Millisecond})
	const body = `{"scenario":"epic-vs-continuous","sweep":"arms.quarterly-manual.monitoring.alert_prob"}`
	if resp := post(t, ts.URL+"/api/results", `{"scenario":"epic-vs-continuous"}`); resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	} else {
		frames(t, resp) // the frames are kept
	}
	s.slots <- struct{}{} // another simulation holds the only slot
	defer func() { <-s.slots }()
	resp := post(t, ts.URL+"/api/results", body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200 (the frames are kept)", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 16<<20)
	var last []byte
	for sc.Scan() {
		last = append(last[:0], sc.Bytes()...)
	}
	var line sweepLine
	if err := json.Unmarshal(last, &line); err != nil {
		t.Fatal(err)
	}
	if line.Sweep.Figure != nil || !strings.Contains(line.Sweep.Error, "busy") || !line.Final {
		t.Errorf("last line %s: want the final sweep line saying the server is busy", last)
	}
}

// TestSweepRefined: a result of more than sweepFirst replications gets
// its sweep curve twice, from sweepFirst replications a value and then
// from the full sweep count, only the last line final.
func TestSweepRefined(t *testing.T) {
	_, ts := newTestServer(t, Options{Replications: 12})
	resp := post(t, ts.URL+"/api/results", `{"scenario":"epic-vs-continuous","sweep":"arms.quarterly-manual.monitoring.alert_prob"}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 16<<20)
	var got []string
	for sc.Scan() {
		var line struct {
			Final bool
			Sweep *sweepCurve
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		if line.Sweep != nil {
			if line.Sweep.Figure == nil {
				t.Fatalf("no curve: %s", line.Sweep.Error)
			}
			got = append(got, fmt.Sprintf("%d %v", line.Sweep.Replications, line.Final))
		}
	}
	if want := []string{fmt.Sprintf("%d false", sweepFirst), "12 true"}; !slices.Equal(got, want) {
		t.Errorf("sweep lines (replications, final): got %v, want %v", got, want)
	}
}

// TestSweepEdgeNotBest: with a 2w freeze the release interval's curve
// starts at 4w, where quarterly releases lose least; the curve must not
// call the shortest interval it could try "best", and it says why it
// stops there.
func TestSweepEdgeNotBest(t *testing.T) {
	s, _ := newTestServer(t, Options{Replications: 6})
	sc := s.loaded["epic-vs-continuous"]
	l, err := sweepLever(sc, "arms.quarterly-manual.release.every")
	if err != nil {
		t.Fatal(err)
	}
	ax, now, err := sweepAxis(sc, l)
	if err != nil {
		t.Fatal(err)
	}
	rv, err := s.resolve(&resultsRequest{Scenario: sc.Name, Sweep: l.Path})
	if err != nil {
		t.Fatal(err)
	}
	fig, err := s.drawSweep(t.Context(), rv, ax, now, 4)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(fig.SVG, "is best at 4w") {
		t.Error("the curve calls 4w, the shortest interval the freeze allows, best")
	}
	if !strings.Contains(fig.Caption, "end of the values tried") || !strings.Contains(fig.Caption, "shorten the freeze first") {
		t.Errorf("caption %q: want where the curve stops and why", fig.Caption)
	}
}
