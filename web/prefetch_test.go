package web

import (
	"context"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// cachedFor reports whether the cache holds every replication of the
// results request for scenario with sets.
func cachedFor(t *testing.T, s *Server, sets []string) bool {
	t.Helper()
	rv, err := s.resolve(&resultsRequest{Scenario: "epic-vs-continuous", Set: sets})
	if err != nil {
		t.Fatal(err)
	}
	_, ok := s.runner.cache.Cached(requests(&rv.exp, rv.n))
	return ok
}

// TestPrefetchNeighbours: after the sweep curve of a lever, the notches
// either side of its value are run to the full count, and a notch two away
// is not (the sweep ran it to 40 replications of the 48).
func TestPrefetchNeighbours(t *testing.T) {
	s, ts := newTestServer(t, Options{Replications: 48})
	const lever = "arms.quarterly-manual.monitoring.alert_prob"
	set := func(v string) []string { return []string{"horizon=30d", lever + "=" + v} }
	for _, v := range []string{"60%", "70%", "80%", "90%"} {
		if cachedFor(t, s, set(v)) {
			t.Fatalf("%s kept before any request", v)
		}
	}
	resp := post(t, ts.URL+"/api/results", `{"scenario":"epic-vs-continuous","set":["horizon=30d","`+lever+`=70%"],"sweep":"`+lever+`"}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	io.Copy(io.Discard, resp.Body)
	s.prefetch.wait()
	for v, want := range map[string]bool{"60%": true, "80%": true, "90%": false} {
		if got := cachedFor(t, s, set(v)); got != want {
			t.Errorf("notch %s kept: %v, want %v", v, got, want)
		}
	}
}

// TestPrefetchGivesWay: a prefetch under way is stopped by stop, which
// waits for it; a new results request stops it before it runs.
func TestPrefetchGivesWay(t *testing.T) {
	var p prefetcher
	stopped := make(chan struct{})
	p.start(context.Background(), func(ctx context.Context) {
		<-ctx.Done()
		close(stopped)
	})
	done := make(chan struct{})
	go func() { p.stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("stop did not return")
	}
	select {
	case <-stopped:
	default:
		t.Fatal("stop returned before the prefetch ended")
	}
	p.stop() // nothing under way: returns at once

	s, ts := newTestServer(t, Options{Replications: 4})
	running := make(chan struct{})
	var gaveWay bool
	s.prefetch.start(context.Background(), func(ctx context.Context) {
		close(running)
		<-ctx.Done()
		gaveWay = true
	})
	<-running
	resp := post(t, ts.URL+"/api/results", `{"scenario":"epic-vs-continuous"}`)
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK || !gaveWay {
		t.Errorf("status %d, prefetch gave way %v; want 200 and true", resp.StatusCode, gaveWay)
	}
}

func TestNeighboursAndOverride(t *testing.T) {
	ladder := []string{"0%", "5%", "10%"}
	for _, c := range []struct {
		now  string
		want []string
	}{{"0%", []string{"5%"}}, {"5%", []string{"0%", "10%"}}, {"10%", []string{"5%"}}, {"7%", nil}} {
		if got := neighbours(ladder, c.now); !slices.Equal(got, c.want) {
			t.Errorf("neighbours of %s: %v, want %v", c.now, got, c.want)
		}
	}
	got := withOverride([]string{"a.b=1", "a.bc=2", "x=3"}, "a.b", "9")
	if want := []string{"a.bc=2", "x=3", "a.b=9"}; !slices.Equal(got, want) {
		t.Errorf("withOverride: %v, want %v", got, want)
	}
}

// TestPrefetchStartsReplace: prefetches started at once from many
// requests leave exactly one running; every other is stopped.
func TestPrefetchStartsReplace(t *testing.T) {
	var p prefetcher
	var running atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.start(context.Background(), func(ctx context.Context) {
				running.Add(1)
				<-ctx.Done()
				running.Add(-1)
			})
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for running.Load() > 1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := running.Load(); n > 1 {
		t.Errorf("%d prefetches running after 16 starts, want at most 1", n)
	}
	p.stop()
	if n := running.Load(); n != 0 {
		t.Errorf("%d prefetches running after stop, want 0", n)
	}
}
