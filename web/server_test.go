package web

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/reports"
	"deploysim/scenarios"
	"deploysim/whatif"
)

// newTestServer returns a server with small counts, so that the tests run
// quickly under the race detector.
func newTestServer(t testing.TB, opt Options) (*Server, *httptest.Server) {
	t.Helper()
	if opt.Replications == 0 {
		opt.Replications = 6
	}
	if opt.FirstFrame == 0 {
		opt.FirstFrame = 2
	}
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

func post(t testing.TB, url, body string) *http.Response {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// frames reads a results stream.
func frames(t testing.TB, resp *http.Response) []frame {
	t.Helper()
	var out []frame
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var f frame
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatalf("frame %d: %v", len(out), err)
		}
		out = append(out, f)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// problems reads an error answer.
func problems(t testing.TB, resp *http.Response) []problem {
	t.Helper()
	var body struct{ Errors []problem }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body.Errors
}

func TestPages(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	for _, tc := range []struct {
		path, want, ctype string
	}{
		{"/", `<script src="/static/explore.js"`, "text/html"},
		{"/workshop", `<script src="/static/workshop.js"`, "text/html"},
		{"/replay", `<script src="/static/replay.js"`, "text/html"},
		{"/static/style.css", ".workshop", "text/css"},
		{"/static/explore.js", "postStream", "javascript"},
		{"/api/scenarios", `"knight-capital-2012"`, "application/json"},
		{"/api/scenario?name=knight-capital-2012", `"arms.as-it-was.deploy.mode"`, "application/json"},
		// An inherited lever names the arm that inherits it.
		// The same work for every arm: one lever sets every arm's.
		{"/api/scenario?name=epic-vs-continuous", `"path":"arms.quarterly-manual.work.changes_per_day","label":"changes per day (every arm: the same work)"`, "application/json"},
		{"/api/scenario?name=epic-vs-continuous", `"shared":true,"paths":["arms.quarterly-manual.work.changes_per_day","arms.continuous-delivery.work.changes_per_day","arms.continuous-deployment.work.changes_per_day"]`, "application/json"},
		// The page says when it runs fewer replications than the scenario asks.
		{"/api/scenario?name=knight-capital-2012", `"scenario_replications":1000`, "application/json"},
		{"/api/scenario?name=epic-vs-continuous", `"also":["continuous-deployment"]`, "application/json"},
		{"/api/steps?scenario=knight-capital-2012", `"pick-arm"`, "application/json"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, err := http.Get(ts.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", resp.StatusCode, body)
			}
			if got := resp.Header.Get("Content-Type"); !strings.Contains(got, tc.ctype) {
				t.Errorf("Content-Type %q, want %s", got, tc.ctype)
			}
			if !strings.Contains(string(body), tc.want) {
				t.Errorf("body lacks %s", tc.want)
			}
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
				t.Errorf("Content-Security-Policy %q: want default-src 'self'", csp)
			}
		})
	}
	// Nothing on the pages is loaded from elsewhere.
	for _, p := range []string{"explore.html", "workshop.html", "replay.html", "static/common.js", "static/explore.js", "static/workshop.js", "static/replay.js", "static/style.css"} {
		b, err := assets.ReadFile("assets/" + p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "http://") || strings.Contains(string(b), "https://") || strings.Contains(string(b), "//cdn") {
			t.Errorf("%s names another origin", p)
		}
	}
}

func TestResultsStream(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	resp := post(t, ts.URL+"/api/results", `{"scenario":"epic-vs-continuous","figures":true}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %v", resp.StatusCode, problems(t, resp))
	}
	fs := frames(t, resp)
	if len(fs) != 3 {
		t.Fatalf("got %d frames, want 3 (a first frame, the full count, its figures)", len(fs))
	}
	first, table, full := fs[0], fs[1], fs[2]
	if first.Final || table.Final || !full.Final {
		t.Errorf("final flags %v, %v, %v: want false, false, true", first.Final, table.Final, full.Final)
	}
	if first.Replications != 2 || table.Replications != 6 || full.Replications != 6 || full.Of != 6 {
		t.Errorf("replications %d, %d, %d of %d; want 2, 6, 6 of 6", first.Replications, table.Replications, full.Replications, full.Of)
	}
	if len(first.Figures) != 0 || len(table.Figures) != 0 {
		t.Errorf("the first frames have %d and %d figures, want none (they must come quickly)", len(first.Figures), len(table.Figures))
	}
	if !reflect.DeepEqual(table.Layout, full.Layout) {
		t.Error("the full count's table differs from the table that comes with the figures")
	}
	if len(full.Figures) == 0 || !strings.HasPrefix(full.Figures[0].SVG, "<svg") {
		t.Errorf("full frame: %d figures, want the report's, as inline SVG", len(full.Figures))
	}
	if want := "deploysim run epic-vs-continuous --replications 6 --seed 1 --horizon 365d --dora 2019"; full.Command != want {
		t.Errorf("command %q, want %q", full.Command, want)
	}
	// The page shows what deploysim run computes: the same experiment
	// run by models gives the same table.
	sc, err := scenarios.Load("epic-vs-continuous")
	if err != nil {
		t.Fatal(err)
	}
	exp := sc.Experiment()
	exp.Replications = 6
	res, err := exp.Run(context.Background(), 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	meta := metrics.Meta{Scenario: sc.Name, Title: sc.Title, Story: sc.Story, Currency: sc.Currency, Sources: sc.Sources}
	sum := metrics.Summarize(res, meta, dora.DORA2019)
	want := reports.PageViewOf(&sum)
	roundTrip(t, &want)
	if !reflect.DeepEqual(full.Layout, want) {
		t.Errorf("the page's table differs from Experiment.Run's:\ngot  %+v\nwant %+v", full.Layout.Table[0], want.Table[0])
	}
}

// roundTrip passes v through JSON, as the page receives it.
func roundTrip(t *testing.T, v *reports.PageView) {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	*v = reports.PageView{}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func TestResultsFollowOverrides(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	body := `{"scenario":"epic-vs-continuous","set":["arms.quarterly-manual.release.every=4w"],"seed":7,"edition":"2023"}`
	resp := post(t, ts.URL+"/api/results", body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %v", resp.StatusCode, problems(t, resp))
	}
	fs := frames(t, resp)
	f := fs[len(fs)-1]
	if f.Seed != 7 || f.Edition != "2023" {
		t.Errorf("seed %d, edition %s: want 7, 2023", f.Seed, f.Edition)
	}
	if got := f.Values["arms.quarterly-manual.release.every"]; got != "4w" {
		t.Errorf("lever value %q, want 4w", got)
	}
	if want := "--set arms.quarterly-manual.release.every=4w --replications 6 --seed 7 --horizon 365d --dora 2023"; !strings.Contains(f.Command, want) {
		t.Errorf("command %q lacks %q", f.Command, want)
	}
}

func TestBadRequests(t *testing.T) {
	_, ts := newTestServer(t, Options{MaxReplications: 50, MaxHorizonHours: 2 * 365 * 24})
	for _, tc := range []struct {
		name, body  string
		status      int
		set, field  string
		wantMessage string
	}{
		{"bad value", `{"scenario":"epic-vs-continuous","set":["arms.quarterly-manual.release.every=4x"]}`,
			400, "arms.quarterly-manual.release.every=4x", "", "invalid duration"},
		{"out of range", `{"scenario":"epic-vs-continuous","set":["arms.quarterly-manual.monitoring.alert_prob=1.5"]}`,
			400, "arms.quarterly-manual.monitoring.alert_prob=1.5", "", "[0,1]"},
		{"unknown arm", `{"scenario":"epic-vs-continuous","set":["arms.nope.release.every=4w"]}`,
			400, "arms.nope.release.every=4w", "", "nope"},
		{"unknown scenario", `{"scenario":"knight"}`, 400, "", "scenario", "knight-capital-2012"},
		{"replication cap", `{"scenario":"epic-vs-continuous","replications":51}`, 400, "", "replications", "want 1 to 50"},
		{"negative replications", `{"scenario":"epic-vs-continuous","replications":-1}`, 400, "", "replications", "want 1 to 50"},
		{"horizon cap", `{"scenario":"epic-vs-continuous","set":["horizon=3y"]}`, 400, "", "horizon", "at most 730d"},
		{"warm-up cap", `{"scenario":"epic-vs-continuous","set":["warmup=3y"]}`, 400, "", "warmup", "at most 730d"},
		{"edition", `{"scenario":"epic-vs-continuous","edition":"2020"}`, 400, "", "edition", dora.EditionList()},
		{"unknown field", `{"scenario":"epic-vs-continuous","replicatoins":5}`, 400, "", "", "unknown field"},
		{"not JSON", `scenario=epic`, 400, "", "", "request body"},
		{"too large", `{"scenario":"epic-vs-continuous","set":["` + strings.Repeat("x", maxBody) + `"]}`, 413, "", "", "larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := post(t, ts.URL+"/api/results", tc.body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			ps := problems(t, resp)
			if len(ps) == 0 {
				t.Fatal("no problem in the answer")
			}
			p := ps[0]
			if p.Set != tc.set || p.Field != tc.field || !strings.Contains(p.Message, tc.wantMessage) {
				t.Errorf("got %+v, want set %q, field %q, a message with %q", p, tc.set, tc.field, tc.wantMessage)
			}
		})
	}
	resp, err := http.Get(ts.URL + "/api/results")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/results: status %d, want 405", resp.StatusCode)
	}
}

func TestBusy(t *testing.T) {
	s, ts := newTestServer(t, Options{MaxConcurrent: 1, QueueWait: 20 * time.Millisecond})
	s.slots <- struct{}{} // another simulation holds the only slot
	defer func() { <-s.slots }()
	for _, path := range []string{"/api/results", "/api/replay", "/api/reveal"} {
		body := map[string]string{
			"/api/results": `{"scenario":"epic-vs-continuous"}`,
			"/api/replay":  `{"scenario":"knight-capital-2012","arm":"as-it-was"}`,
			"/api/reveal":  `{"scenario":"knight-capital-2012","step":1}`,
		}[path]
		resp := post(t, ts.URL+path, body)
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("%s: status %d, want 503", path, resp.StatusCode)
		}
		if resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s: no Retry-After", path)
		}
	}
}

func TestCancelStopsSimulation(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := scenarios.Load("epic-vs-continuous")
	exp := sc.Experiment()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.runner.run(ctx, &exp, 50); !errors.Is(err, context.Canceled) {
		t.Errorf("run with a cancelled context: %v, want context.Canceled", err)
	}
	if held := s.runner.cache.Held(); held != 0 {
		t.Errorf("a cancelled run kept %d outcomes, want none", held)
	}
}

func TestCacheRerunsOnlyTheMovedArm(t *testing.T) {
	rn := &runner{cache: &whatif.Cache{Workers: 2, MaxOutcomes: 1000}}
	sc, _ := scenarios.Load("epic-vs-continuous")
	exp := sc.Experiment()
	before, err := rn.run(context.Background(), &exp, 4)
	if err != nil {
		t.Fatal(err)
	}
	// Extending by more replications keeps the first ones.
	more, err := rn.run(context.Background(), &exp, 6)
	if err != nil {
		t.Fatal(err)
	}
	for a := range exp.Arms {
		if !reflect.DeepEqual(more.Outcomes[a][:4], before.Outcomes[a]) {
			t.Errorf("arm %d: the first 4 replications changed when extended to 6", a)
		}
	}
	// A lever that leaves the warm-up alone (the warm-up follows the
	// longest release interval, and with it every arm's numbers).
	moved, err := sc.With("arms.quarterly-manual.monitoring.alert_prob=0")
	if err != nil {
		t.Fatal(err)
	}
	exp2 := moved.Experiment()
	after, err := rn.run(context.Background(), &exp2, 6)
	if err != nil {
		t.Fatal(err)
	}
	if &after.Outcomes[1][0] != &more.Outcomes[1][0] || &after.Outcomes[2][0] != &more.Outcomes[2][0] {
		t.Error("the arms whose levers did not move were run again")
	}
	if reflect.DeepEqual(after.Outcomes[0][0], more.Outcomes[0][0]) {
		t.Error("the moved arm was not run again")
	}
}

func TestLeversOfBuiltins(t *testing.T) {
	for _, name := range scenarios.List() {
		sc, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		var sets []string
		for i := range sc.Arms {
			levers := leversOf(&sc.Arms[i], sc.Currency)
			if len(levers) < 6 {
				t.Errorf("%s/%s: %d levers, want the key ones (≥ 6)", name, sc.Arms[i].Name, len(levers))
			}
			for _, l := range levers {
				if !slices.Contains(l.Values, l.Value) {
					t.Errorf("%s: value %q not among %v", l.Path, l.Value, l.Values)
				}
				if l.Kind == "slider" {
					for j := 1; j < len(l.Values); j++ {
						a, _ := magnitude(l.Values[j-1])
						b, _ := magnitude(l.Values[j])
						if a > b {
							t.Errorf("%s: ladder out of order at %s, %s", l.Path, l.Values[j-1], l.Values[j])
						}
					}
				}
				sets = append(sets, l.Path+"="+l.Value)
			}
		}
		// Every lever is a path With accepts, at its own value (With
		// reports every override that fails, each by name).
		if _, err := sc.With(sets...); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestMagnitude(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"13w", 13 * 168, true}, {"2d", 48, true}, {"30m", 0.5, true}, {"0.25", 0.25, true},
		{"10/day", 10, true}, {"1/week", 1.0 / 7, true}, {"5%", 0.05, true}, {"soon", 0, false}, {"3/fortnight", 0, false},
	} {
		got, ok := magnitude(tc.in)
		if ok != tc.ok || ok && abs(got-tc.want) > 1e-12 {
			t.Errorf("magnitude(%q) = %g, %v; want %g, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for in, want := range map[string]string{"0.07": "7%", "0.125": "12.5%", "1": "100%", "0": "0%", "x": "x"} {
		if got := percent(in); got != want {
			t.Errorf("percent(%q) = %q, want %q", in, got, want)
		}
	}
	if got := insertOrdered([]string{"1d", "1w", "4w"}, "3d", "slider"); !slices.Equal(got, []string{"1d", "3d", "1w", "4w"}) {
		t.Errorf("insertOrdered: got %v", got)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestParseGuess(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		bad  bool
	}{
		{"5M", 5e6, false}, {"$250k", 250e3, false}, {"1,000,000", 1e6, false}, {"20%", 0.2, false},
		{"€1.5bn", 1.5e9, false}, {"12", 12, false}, {"$3M/yr", 3e6, false}, {"lots", 0, true}, {"-5", 0, true}, {"NaN", 0, true},
	} {
		got, err := parseGuess(tc.in)
		if tc.bad != (err != nil) || !tc.bad && abs(got-tc.want) > 1e-6 {
			t.Errorf("parseGuess(%q) = %g, %v; want %g (bad %v)", tc.in, got, err, tc.want, tc.bad)
		}
	}
}

func TestStepsForEveryBuiltin(t *testing.T) {
	steps, err := loadSteps()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range scenarios.List() {
		st := steps[name]
		questions := 0
		for _, s := range st {
			if s.Kind != "say" {
				questions++
			}
		}
		if questions < 2 {
			t.Errorf("%s: %d questions for the room, want at least 2", name, questions)
		}
	}
}

func TestReveal(t *testing.T) {
	s, ts := newTestServer(t, Options{})
	steps := s.steps["epic-vs-continuous"]
	pick := slices.IndexFunc(steps, func(st Step) bool { return st.Kind == "pick-arm" })
	guess := slices.IndexFunc(steps, func(st Step) bool { return st.Kind == "guess" })
	resp := post(t, ts.URL+"/api/reveal", fmt.Sprintf(`{"scenario":"epic-vs-continuous","step":%d,"votes":{"continuous-deployment":3,"quarterly-manual":1}}`, pick))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %v", resp.StatusCode, problems(t, resp))
	}
	var ans revealAnswer
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ans.Answer, "The simulation says") || !strings.Contains(ans.Answer, "Most of the room (3) said") {
		t.Errorf("answer %q: want the simulated arm and the room's vote", ans.Answer)
	}
	if !strings.Contains(ans.SVG, "· 3 votes") {
		t.Error("the chart does not mark the votes")
	}
	resp = post(t, ts.URL+"/api/reveal", fmt.Sprintf(`{"scenario":"epic-vs-continuous","step":%d,"guesses":["5M","$80M"]}`, guess))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %v", resp.StatusCode, problems(t, resp))
	}
	ans = revealAnswer{}
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(ans.SVG, `class="guess"`); n != 2 {
		t.Errorf("%d guesses marked, want 2", n)
	}
	for _, tc := range []struct{ body, want string }{
		{fmt.Sprintf(`{"scenario":"epic-vs-continuous","step":%d,"guesses":["lots"]}`, guess), "write a number"},
		{`{"scenario":"epic-vs-continuous","step":0}`, "not a question"},
		{`{"scenario":"epic-vs-continuous","step":99}`, "not a question"},
		{fmt.Sprintf(`{"scenario":"epic-vs-continuous","step":%d,"votes":{"nope":1}}`, pick), "want an arm"},
	} {
		resp := post(t, ts.URL+"/api/reveal", tc.body)
		if resp.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400", tc.body, resp.StatusCode)
			continue
		}
		if ps := problems(t, resp); len(ps) == 0 || !strings.Contains(ps[0].Message, tc.want) {
			t.Errorf("%s: %v, want a message with %q", tc.body, ps, tc.want)
		}
	}
}

func TestReplayEndpoint(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	resp := post(t, ts.URL+"/api/replay", `{"scenario":"knight-capital-2012","arm":"as-it-was","first_failure":true}`)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %v", resp.StatusCode, problems(t, resp))
	}
	var ans replayAnswer
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
		t.Fatal(err)
	}
	if ans.Incident != 1 || ans.Incidents < 1 || len(ans.Events) < 3 {
		t.Fatalf("incident %d of %d with %d events: want the first incident told", ans.Incident, ans.Incidents, len(ans.Events))
	}
	for i := 1; i < len(ans.Events); i++ {
		if ans.Events[i].X < ans.Events[i-1].X {
			t.Errorf("event %d is drawn left of event %d", i, i-1)
		}
	}
	if !strings.HasPrefix(ans.SVG, "<svg") || !strings.Contains(ans.SVG, `id="replay-cursor"`) {
		t.Error("no timeline with a cursor")
	}
	if want := fmt.Sprintf("deploysim replay knight-capital-2012 --arm as-it-was --replication %d --incident 1", ans.Replication); ans.Command != want {
		t.Errorf("command %q, want %q", ans.Command, want)
	}
	for _, tc := range []struct{ body, field string }{
		{`{"scenario":"knight-capital-2012","arm":"nope"}`, "arm"},
		{`{"scenario":"knight-capital-2012","arm":"as-it-was","replication":-1}`, "replication"},
		{`{"scenario":"knight-capital-2012","arm":"as-it-was","replication":0,"incident":500}`, "incident"},
	} {
		resp := post(t, ts.URL+"/api/replay", tc.body)
		if resp.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400", tc.body, resp.StatusCode)
			continue
		}
		if ps := problems(t, resp); len(ps) == 0 || ps[0].Field != tc.field {
			t.Errorf("%s: %v, want a problem with field %s", tc.body, ps, tc.field)
		}
	}
}

func TestScenarioFiles(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/mine.yaml"
	if err := writeFile(path, scenarios.Template()); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Files: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(s.library, "my-team") {
		t.Errorf("served %v, want the file's scenario too", s.library)
	}
	if _, err := New(Options{Files: []string{dir + "/missing.yaml"}}); err == nil {
		t.Error("a missing file: no error")
	}
}

func writeFile(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }

// TestResultsCarrySanityWarnings: a what-if that drives the model
// somewhere no organisation would be (three times the review capacity's
// worth of changes) says so on the page, naming the parameter.
func TestResultsCarrySanityWarnings(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	body := `{"scenario":"epic-vs-continuous","set":["arms.continuous-delivery.work.changes_per_day=300/week"],"seed":7}`
	resp := post(t, ts.URL+"/api/results", body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %v", resp.StatusCode, problems(t, resp))
	}
	fs := frames(t, resp)
	ws := fs[len(fs)-1].Layout.Warnings
	for _, w := range ws {
		if strings.Contains(w, "continuous-delivery, continuous-deployment: stage code-review is loaded to 1.9× its capacity") &&
			strings.Contains(w, "pipeline.code-review.capacity") {
			return
		}
	}
	t.Errorf("no warning names pipeline.code-review.capacity: %q", ws)
}
