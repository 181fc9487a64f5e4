package web

import (
	"deploysim/metrics"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzParseGuess: a guess typed by the room is a finite, non-negative
// number or an error that says how to write one; never a panic.
func FuzzParseGuess(f *testing.F) {
	for _, s := range []string{"5M", "$250k", "1,000,000", "20%", "€1.5bn", "", "-", "1e308M", "NaN", "Inf", "0x10", "$%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, err := parseGuess(s)
		if err != nil {
			if !strings.Contains(err.Error(), "write a number") {
				t.Errorf("parseGuess(%q): %v does not say what to write", s, err)
			}
			return
		}
		if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
			t.Errorf("parseGuess(%q) = %g", s, x)
		}
		// As read for each kind of question: a finite value or an error.
		for _, k := range []metrics.Kind{metrics.PerYear, metrics.Duration, metrics.Fraction, metrics.MinutesPerYear, metrics.MoneyPerYear, metrics.MoneyTotal} {
			if y, _, err := readGuess(s, k); err == nil && (math.IsNaN(y) || math.IsInf(y, 0) || y < 0) {
				t.Errorf("readGuess(%q, %v) = %g", s, k, y)
			}
		}
	})
}

// FuzzResultsRequest: whatever body the results endpoint gets, checking
// it answers 4xx with problems or accepts it; never a panic or a 500.
// The fuzzed requests are checked, not simulated.
func FuzzResultsRequest(f *testing.F) {
	s, err := New(Options{Replications: 2, FirstFrame: 1})
	if err != nil {
		f.Fatal(err)
	}
	for _, b := range []string{
		`{"scenario":"epic-vs-continuous"}`,
		`{"scenario":"knight-capital-2012","set":["arms.as-it-was.deploy.servers=0"],"seed":3}`,
		`{"scenario":"epic-vs-continuous","set":["horizon=200y"]}`,
		`{"scenario":"epic-vs-continuous","set":["arms.quarterly-manual.strategy.steps=[{weight: 2}]"]}`,
		`{"scenario":"x","replications":-3,"edition":"1999"}`,
		`{"scenario":"epic-vs-continuous","set":["defaults.calendar.day_end=17:20"]}`,
		`{"scenario":"epic-vs-continuous","set":["defaults.calendar.day_start=08:50","arms.quarterly-manual.deploy.window_start=22:10"]}`,
		`{"scenario":"epic-vs-continuous","set":["defaults.traffic.peak_start=11:10","defaults.calendar.work_weekends=true"]}`,
		`{"set":null}`, `[]`, `{`, ``, `{"scenario":"epic-vs-continuous"} {}`,
	} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/api/results", strings.NewReader(body))
		w := httptest.NewRecorder()
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		var req resultsRequest
		err := readJSON(r, &req)
		if err == nil {
			_, err = s.resolve(&req)
		}
		if err == nil {
			return
		}
		writeError(w, err)
		var ae *apiError
		if w.Code >= 500 && !errors.As(err, &ae) {
			t.Errorf("body %q: status %d: %v", body, w.Code, err)
		}
		if w.Code < 400 || w.Code >= 500 {
			t.Errorf("body %q: status %d, want 4xx", body, w.Code)
		}
	})
}
