package web

import (
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

// settle waits for the goroutines to fall back to baseline (the servers'
// connections closed), failing the test if they do not within a few
// seconds: a simulation left running after its request would keep them up.
func settle(t *testing.T, baseline int) {
	t.Helper()
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines, %d before the requests:\n%s", runtime.NumGoroutine(), baseline, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestNoRequestWedgesTheServer: the office hours that once hung the
// calendar arithmetic, an input that runs past the request's deadline and
// one over the event budget, through /api/results, /api/replay and the
// page's URL: each is answered by its deadline with 400 or 503 (with
// Retry-After), the cache's fetch token and the simulation slot come back
// (the next request is answered at once), and no goroutine is left
// simulating for a client that has gone.
func TestNoRequestWedgesTheServer(t *testing.T) {
	const timeout = 1500 * time.Millisecond
	slow, slowTS := newTestServer(t, Options{RequestTimeout: timeout, MaxConcurrent: 1, QueueWait: 50 * time.Millisecond})
	_, tightTS := newTestServer(t, Options{EventBudget: 100_000})
	ok := `{"scenario":"epic-vs-continuous"}`
	if resp := post(t, slowTS.URL+"/api/results", ok); resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	} else {
		frames(t, resp)
	}
	http.DefaultClient.CloseIdleConnections()
	time.Sleep(50 * time.Millisecond)
	baseline := runtime.NumGoroutine()

	// Five thousand changes a day for two years: some 10^8 events a
	// replication, seconds each, within what the scenario check allows.
	heavy := `"set":["arms.continuous-deployment.work.changes_per_day=5000/day","horizon=730d"]`
	for _, tc := range []struct {
		name, url, body string
		status          int
		want            string
	}{
		{"calendar, results", slowTS.URL + "/api/results", `{"scenario":"epic-vs-continuous","set":["defaults.calendar.day_end=17:20"]}`, 400, "not a lever"},
		{"calendar, replay", slowTS.URL + "/api/replay", `{"scenario":"epic-vs-continuous","arm":"quarterly-manual","set":["defaults.calendar.day_end=17:20"]}`, 400, "not a lever"},
		{"deadline, results", slowTS.URL + "/api/results", `{"scenario":"epic-vs-continuous",` + heavy + `}`, 503, "took longer"},
		{"deadline, replay", slowTS.URL + "/api/replay", `{"scenario":"epic-vs-continuous","arm":"continuous-deployment","first_failure":true,` + heavy + `}`, 503, "took longer"},
		{"budget, results", tightTS.URL + "/api/results", `{"scenario":"epic-vs-continuous",` + heavy + `}`, 400, "events"},
		{"budget, replay", tightTS.URL + "/api/replay", `{"scenario":"epic-vs-continuous","arm":"continuous-deployment",` + heavy + `}`, 400, "events"},
	} {
		start := time.Now()
		resp := post(t, tc.url, tc.body)
		body, _ := io.ReadAll(resp.Body)
		took := time.Since(start)
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.want) {
			t.Errorf("%s: status %d %s, want %d with %q", tc.name, resp.StatusCode, body, tc.status, tc.want)
		}
		if tc.status == 503 && resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s: 503 without Retry-After", tc.name)
		}
		if took > timeout+2*time.Second {
			t.Errorf("%s: answered after %v, the deadline is %v", tc.name, took, timeout)
		}
		// The token and the slot are back: a small request is answered.
		if resp := post(t, slowTS.URL+"/api/results", ok); resp.StatusCode != 200 {
			t.Errorf("after %s: the next request got status %d", tc.name, resp.StatusCode)
		} else {
			frames(t, resp)
		}
	}
	if len(slow.slots) != 0 {
		t.Errorf("%d simulation slots still held", len(slow.slots))
	}
	// The page itself, opened with the hanging input in its URL, is served;
	// its request for results is the one refused above.
	resp, err := http.Get(slowTS.URL + "/?scenario=epic-vs-continuous&set=defaults.calendar.day_end=17:20")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("the page: status %d", resp.StatusCode)
	}
	settle(t, baseline)
}

// TestCrossOrigin: what another web site can make a browser send is
// refused with 403 — a simple text/plain or form POST, a foreign or null
// Origin, a cross-site fetch, a Host the server does not answer to (DNS
// rebinding, also for reading) — while the page's own requests are
// answered.
func TestCrossOrigin(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	host := strings.TrimPrefix(ts.URL, "http://")
	const body = `{"scenario":"epic-vs-continuous","replications":2}`
	for _, tc := range []struct {
		name, method, path, host, ctype string
		header                          map[string]string
		status                          int
	}{
		{"text/plain", "POST", "/api/results", "", "text/plain", nil, 403},
		{"form", "POST", "/api/results", "", "application/x-www-form-urlencoded", nil, 403},
		{"no type", "POST", "/api/results", "", "", nil, 403},
		{"foreign origin", "POST", "/api/results", "", "application/json", map[string]string{"Origin": "http://evil.example.com"}, 403},
		{"null origin", "POST", "/api/results", "", "application/json", map[string]string{"Origin": "null"}, 403},
		{"cross-site fetch", "POST", "/api/replay", "", "application/json", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"rebound host, post", "POST", "/api/results", "attacker.example", "application/json", nil, 403},
		{"rebound host, read", "GET", "/api/scenario?name=epic-vs-continuous", "attacker.example:" + strings.Split(host, ":")[1], "", nil, 403},
		{"rebound host, page", "GET", "/", "attacker.example", "", nil, 403},
		{"the page's own", "POST", "/api/results", "", "application/json; charset=utf-8",
			map[string]string{"Origin": ts.URL, "Sec-Fetch-Site": "same-origin"}, 200},
		{"a tool", "POST", "/api/results", "", "application/json", nil, 200},
		{"localhost", "GET", "/api/scenarios", "localhost:1", "", nil, 200},
		{"page", "GET", "/", "", "", nil, 200},
	} {
		var rd io.Reader
		if tc.method == "POST" {
			rd = strings.NewReader(body)
		}
		req, err := http.NewRequest(tc.method, ts.URL+tc.path, rd)
		if err != nil {
			t.Fatal(err)
		}
		if tc.host != "" {
			req.Host = tc.host
		}
		if tc.ctype != "" {
			req.Header.Set("Content-Type", tc.ctype)
		}
		for k, v := range tc.header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d %s, want %d", tc.name, resp.StatusCode, b, tc.status)
		}
	}
}

// TestHostsFromAddr: the names a server answers to.
func TestHostsFromAddr(t *testing.T) {
	s, err := New(Options{Hosts: []string{"Workshop.Example.", "10.0.0.7", "[fe80::1]"}})
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]bool{
		"workshop.example:8080": true, "WORKSHOP.example": true, "10.0.0.7:80": true, "[fe80::1]:8080": true,
		"localhost": false, "evil.example": false, "10.0.0.70": false, "": false,
	} {
		if got := s.hosts[hostName(host)]; got != want {
			t.Errorf("Host %q answered: %v, want %v", host, got, want)
		}
	}
}
