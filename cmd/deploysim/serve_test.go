package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"deploysim/web"
)

func TestReplayCommand(t *testing.T) {
	r := cli(t, "replay", "knight-capital-2012", "--arm", "as-it-was", "--first-failure")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	golden(t, "replay.knight.golden", []byte(r.stdout))
	// The replication --first-failure found, asked for by number, tells
	// the same incident.
	m := regexp.MustCompile(`replication (\d+)`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no replication in %q", r.stdout)
	}
	again := cli(t, "replay", "knight-capital-2012", "--arm", "as-it-was", "--replication", m[1], "--incident", "1")
	if again.stdout != r.stdout {
		t.Errorf("--replication %s --incident 1 tells another story than --first-failure", m[1])
	}
}

func TestReplayBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"replay", "knight-capital-2012"}, "--arm: name the arm"},
		{[]string{"replay", "--arm", "x"}, "name one scenario"},
		{[]string{"replay", "knight-capital-2012", "--arm", "as-it-wa"}, "did you mean as-it-was?"},
		{[]string{"replay", "knight-capital-2012", "--arm", "as-it-was", "--first-failure", "--replication", "2"}, "give one of them"},
		{[]string{"replay", "knight-capital-2012", "--arm", "as-it-was", "--replication", "-1"}, "want 0 or more"},
		{[]string{"replay", "knight-capital-2012", "--arm", "as-it-was", "--replication", "0", "--incident", "99"}, "incident 99"},
		{[]string{"replay", "knight-capital-2012", "--arm", "as-it-was", "--set", "arms.as-it-was.deploy.servers=0"}, "deploy.servers"},
		{[]string{"replay", "knightcap", "--arm", "as-it-was"}, "no such built-in"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := cli(t, tc.args...)
			if r.code != exitUsage {
				t.Errorf("exit %d, want %d", r.code, exitUsage)
			}
			if !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("stderr %q, want a line with %q", r.stderr, tc.want)
			}
		})
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "::1": true, "localhost": true, "127.1.2.3": true,
		"": false, "0.0.0.0": false, "::": false, "192.168.1.5": false, "example.org": false,
	} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}

// syncBuffer is a bytes.Buffer that the server goroutine and the test
// may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeStartsAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- runContext(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, &stdout, &stderr) }()
	var url string
	for deadline := time.Now().Add(30 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		url = regexp.MustCompile(`http://\S+/`).FindString(stdout.String())
	}
	if url == "" {
		cancel()
		t.Fatalf("no address printed: %q %q", stdout.String(), stderr.String())
	}
	resp, err := http.Get(url + "api/scenarios")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "epic-vs-continuous") {
		t.Errorf("GET /api/scenarios: %d %s", resp.StatusCode, body)
	}
	cancel() // Ctrl-C
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d after Ctrl-C, want 0: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on Ctrl-C")
	}
	if !strings.Contains(stdout.String(), "stopped") {
		t.Errorf("stdout %q: want it to say it stopped", stdout.String())
	}
	if strings.Contains(stderr.String(), "warning") {
		t.Errorf("loopback: warned %q", stderr.String())
	}
}

func TestServeBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--addr", "8080"}, "want HOST:PORT"},
		{[]string{"serve", "--addr", "127.0.0.1:99999"}, "[0, 65535]"},
		{[]string{"serve", "--addr", "127.0.0.1:http"}, "[0, 65535]"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "missing.yaml"}, "missing.yaml"},
	} {
		r := cli(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, exitUsage, tc.want)
		}
	}
}

// TestServeHosts: a server on loopback answers to loopback's names, one on
// a named address also to that name, one on every interface also to the
// machine's name and addresses.
func TestServeHosts(t *testing.T) {
	for _, h := range serveHosts("127.0.0.1") {
		if !slices.Contains(web.LoopbackHosts(), h) {
			t.Errorf("on loopback the server answers to %q", h)
		}
	}
	if got := serveHosts("10.1.2.3"); !slices.Contains(got, "10.1.2.3") || !slices.Contains(got, "localhost") {
		t.Errorf("10.1.2.3: %v", got)
	}
	name, _ := os.Hostname()
	for _, wild := range []string{"", "0.0.0.0", "::"} {
		got := serveHosts(wild)
		if !slices.Contains(got, "127.0.0.1") || name != "" && !slices.Contains(got, name) {
			t.Errorf("%q: %v, want loopback and the machine's name %q", wild, got, name)
		}
		if slices.Contains(got, "0.0.0.0") || slices.Contains(got, "") {
			t.Errorf("%q: %v answers to the wildcard itself", wild, got)
		}
	}
}
