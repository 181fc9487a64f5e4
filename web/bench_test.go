package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// BenchmarkLeverMove measures the handler path after a lever moves, on
// the default scenario at 200 replications: a request whose moved arm
// (alert_prob of one arm, a new value each time) must be simulated again
// while the other arms come from the cache, and which asks for the sweep
// curve of the moved lever. It reports, in ms, the time to the first
// frame (8 replications), to the refined frame before the full count
// (128), to the full count's table, to its figures, and to the sweep
// curve from 10 replications a value and from 40. Dragging one slider,
// the sweep's other values are kept from the move before; "cold-sweep"
// also moves a second lever of the arm each time, so that every value of
// the sweep is simulated anew (the first move of a lever). The second
// lever, recovery.rollback_fail_prob, is one that continuous-deployment
// inherits from continuous-delivery (it extends that arm), so
// continuous-delivery's cold-sweep reruns both arms: twice the work of a
// lever of one arm. cpu-ms/op is
// the CPU time of a move over all cores: on a shared machine, it divided
// by the cores is what a quiet one's wall time would be.
func BenchmarkLeverMove(b *testing.B) {
	for _, arm := range []string{"quarterly-manual", "continuous-delivery", "continuous-deployment"} {
		for _, cold := range []bool{false, true} {
			name := arm
			if cold {
				name += "/cold-sweep"
			}
			b.Run(name, func(b *testing.B) {
				_, ts := newTestServer(b, Options{Replications: 200, FirstFrame: 8})
				lever := "arms." + arm + ".monitoring.alert_prob"
				// Warm the cache with the scenario as loaded.
				leverMove(b, ts.URL, lever, nil)
				var sum times
				b.ResetTimer()
				cpu0, cpuOK := cpuTime()
				for i := range b.N {
					// A fresh value each time, never one of the ladder's that
					// the sweep runs, so the moved arm is never kept.
					f := (float64(i%997) + 0.5) / 997
					set := []string{fmt.Sprintf("%s=%.6f", lever, 0.3+0.6*f)}
					if cold {
						set = append(set, fmt.Sprintf("arms.%s.recovery.rollback_fail_prob=%.6f", arm, 0.01+0.1*f))
					}
					t := leverMove(b, ts.URL, lever, set)
					for k := range sum {
						sum[k] += t[k]
					}
				}
				for k, unit := range []string{"ms/first-frame", "ms/refined-frame", "ms/full-table", "ms/with-figures", "ms/first-sweep", "ms/sweep"} {
					b.ReportMetric(float64(sum[k].Microseconds())/1000/float64(b.N), unit)
				}
				if cpu1, ok := cpuTime(); ok && cpuOK {
					b.ReportMetric(float64((cpu1-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
				}
			})
		}
	}
}

// BenchmarkKeptResult measures a request whose every replication and
// frame is kept: a room opening the same link.
func BenchmarkKeptResult(b *testing.B) {
	_, ts := newTestServer(b, Options{Replications: 200, FirstFrame: 8})
	leverMove(b, ts.URL, "", nil)
	b.ResetTimer()
	for range b.N {
		leverMove(b, ts.URL, "", nil)
	}
}

// times are a results request's times to its first frame, to the frame
// before the full count's table, to that table, to the figures, to the
// first sweep curve and to the last.
type times [6]time.Duration

// leverMove posts a results request with the overrides set and the sweep
// of lever (if not empty), and returns its times.
func leverMove(b *testing.B, base, lever string, set []string) times {
	// 200 replications, the target, asked for: the page's own
	// default is the scenario's count, 100 for this one.
	req := map[string]any{"scenario": "epic-vs-continuous", "figures": true, "set": set, "replications": 200}
	if lever != "" {
		req["sweep"] = lever
	}
	body, _ := json.Marshal(req)
	start := time.Now()
	resp, err := http.Post(base+"/api/results", "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("status %d", resp.StatusCode)
	}
	var t times
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 16<<20)
	for n := 0; sc.Scan(); n++ {
		at := time.Since(start)
		var line struct {
			Replications, Of int
			Figures          []json.RawMessage
			Sweep            *sweepCurve
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			b.Fatal(err)
		}
		switch {
		case line.Sweep != nil:
			if line.Sweep.Error != "" {
				b.Fatalf("no sweep: %s", line.Sweep.Error)
			}
			if t[4] == 0 {
				t[4] = at
			}
			t[5] = at
		case n == 0:
			t[0] = at
		case line.Replications < line.Of:
			t[1] = at
		case line.Figures == nil:
			t[2] = at
		default:
			t[3] = at
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return t
}

// BenchmarkDrawFrame measures the summary and the five figures of 200
// kept replications: the part of a full frame that is not simulation.
func BenchmarkDrawFrame(b *testing.B) {
	s, err := New(Options{Replications: 200})
	if err != nil {
		b.Fatal(err)
	}
	rv, err := s.resolve(&resultsRequest{Scenario: "epic-vs-continuous", Replications: 200})
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

// BenchmarkNotchMove measures a slider moved one notch along its ladder
// once the page has settled (the prefetch of the notches either side of
// the last value has finished): the common move of a room exploring a
// lever. It walks the alert probability up and down between 30% and 90%.
func BenchmarkNotchMove(b *testing.B) {
	walk := []string{"30%", "40%", "50%", "60%", "70%", "80%", "90%", "80%", "70%", "60%", "50%", "40%"}
	for _, arm := range []string{"quarterly-manual", "continuous-delivery", "continuous-deployment"} {
		b.Run(arm, func(b *testing.B) {
			s, ts := newTestServer(b, Options{Replications: 200, FirstFrame: 8})
			lever := "arms." + arm + ".monitoring.alert_prob"
			leverMove(b, ts.URL, lever, []string{lever + "=" + walk[0]})
			s.prefetch.wait()
			var sum times
			var settle time.Duration
			b.ResetTimer()
			for i := range b.N {
				t := leverMove(b, ts.URL, lever, []string{lever + "=" + walk[(i+1)%len(walk)]})
				for k := range sum {
					sum[k] += t[k]
				}
				b.StopTimer()
				w := time.Now()
				s.prefetch.wait() // the room reads the answer before the next move
				settle += time.Since(w)
				b.StartTimer()
			}
			for k, unit := range []string{"ms/first-frame", "ms/refined-frame", "ms/full-table", "ms/with-figures", "ms/first-sweep", "ms/sweep"} {
				b.ReportMetric(float64(sum[k].Microseconds())/1000/float64(b.N), unit)
			}
			// How long after the answer the next notches are ready.
			b.ReportMetric(float64(settle.Microseconds())/1000/float64(b.N), "ms/settle")
		})
	}
}
