package web

import (
	"bufio"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// BenchmarkLeverMove measures the handler path after a lever moves, on
// the default scenario at the page's default 200 replications: a request
// whose moved arm (alert_prob of one arm, a new value each time) must be
// simulated again while the other arms come from the store. It reports
// the time to the first frame, to the full count's table and to its
// figures, in ms.
func BenchmarkLeverMove(b *testing.B) {
	for _, arm := range []string{"quarterly-manual", "continuous-delivery", "continuous-deployment"} {
		b.Run(arm, func(b *testing.B) {
			_, ts := newTestServer(b, Options{Replications: 200, FirstFrame: 8})
			// Warm the store with the scenario as loaded.
			leverMove(b, ts.URL, "")
			var first, table, full time.Duration
			b.ResetTimer()
			for i := range b.N {
				// A fresh value each time, so the moved arm is never kept.
				set := fmt.Sprintf("arms.%s.monitoring.alert_prob=%.6f", arm, 0.3+0.6*float64(i%997)/997)
				f, tb, l := leverMove(b, ts.URL, set)
				first += f
				table += tb
				full += l
			}
			b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "ms/first-frame")
			b.ReportMetric(float64(table.Milliseconds())/float64(b.N), "ms/full-table")
			b.ReportMetric(float64(full.Milliseconds())/float64(b.N), "ms/with-figures")
		})
	}
}

// BenchmarkKeptResult measures a request whose every replication and
// frame is kept: a room opening the same link.
func BenchmarkKeptResult(b *testing.B) {
	_, ts := newTestServer(b, Options{Replications: 200, FirstFrame: 8})
	leverMove(b, ts.URL, "")
	b.ResetTimer()
	for range b.N {
		leverMove(b, ts.URL, "")
	}
}

// leverMove posts a results request with one override (or none) and
// returns the time to its first frame, to the table of the full count and
// to the last frame (with the figures).
func leverMove(b *testing.B, base, set string) (first, table, full time.Duration) {
	body := `{"scenario":"epic-vs-continuous","figures":true}`
	if set != "" {
		body = fmt.Sprintf(`{"scenario":"epic-vs-continuous","figures":true,"set":[%q]}`, set)
	}
	start := time.Now()
	resp, err := http.Post(base+"/api/results", "application/json", strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("status %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 16<<20)
	for n := 0; sc.Scan(); n++ {
		switch n {
		case 0:
			first = time.Since(start)
		case 1:
			table = time.Since(start)
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return first, table, time.Since(start)
}

// BenchmarkDrawFrame measures the summary and the five figures of 200
// kept replications: the part of a full frame that is not simulation.
func BenchmarkDrawFrame(b *testing.B) {
	s, err := New(Options{Replications: 200})
	if err != nil {
		b.Fatal(err)
	}
	rv, err := s.resolve(&resultsRequest{Scenario: "epic-vs-continuous"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.runner.run(b.Context(), &rv.exp, rv.n); err != nil {
		b.Fatal(err)
	}
	for _, figs := range []bool{false, true} {
		b.Run(map[bool]string{false: "table", true: "table+figures"}[figs], func(b *testing.B) {
			for range b.N {
				if _, err := s.drawFrame(b.Context(), rv, rv.n, figs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
