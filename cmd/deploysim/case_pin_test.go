package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestCaseFlagsPinUncertain: a flag for a value that uncertain: gives a
// range is never silently ignored. For every case flag with a matching
// uncertain path, without the flag the input is sampled (it is among the
// uncertain inputs and the case holds the file's value); with it the input
// is fixed at the flag's value (it leaves the uncertain inputs, the case
// holds the flag's value, and the output says what fixed it). A --set
// that fixes one arm's value of a range given on defaults: is refused
// with status 2, naming the uncertain: entry.
func TestCaseFlagsPinUncertain(t *testing.T) {
	const file = "testdata/case-uncertain.yaml"
	type doc struct {
		Case      map[string]float64 `json:"case"`
		Uncertain []struct {
			Path string `json:"path"`
		} `json:"uncertain"`
		Pinned []struct {
			Path, By string
		} `json:"pinned"`
	}
	read := func(t *testing.T, args ...string) doc {
		t.Helper()
		r := cli(t, append([]string{"case", file, "--format", "json", "-q"}, args...)...)
		if r.code != exitOK {
			t.Fatalf("status %d: %s", r.code, r.stderr)
		}
		var d doc
		if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	uncertain := func(d doc, path string) bool {
		for _, u := range d.Uncertain {
			if u.Path == path {
				return true
			}
		}
		return false
	}
	free := read(t)
	for _, tc := range []struct {
		flag, value, jsonKey string
		want                 float64
	}{
		{"investment", "1.2e6", "investment", 1.2e6},
		{"running-cost", "75000", "running_cost_per_year", 75000},
		{"engineers", "15", "engineers", 15},
		{"cost-per-engineer-year", "150000", "cost_per_engineer_year", 150000},
		{"transition-months", "9", "transition_months", 9},
		{"dip", "15%", "dip", 0.15},
		{"dip-months", "4", "dip_months", 4},
		{"discount-rate", "10%", "discount_rate", 0.1},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			var key string
			for _, f := range caseFlags {
				if f.flag == tc.flag {
					key = f.key
				}
			}
			if !uncertain(free, key) {
				t.Fatalf("without --%s: %s is not among the uncertain inputs", tc.flag, key)
			}
			d := read(t, "--"+tc.flag, tc.value)
			if uncertain(d, key) {
				t.Errorf("--%s %s: %s is still sampled", tc.flag, tc.value, key)
			}
			if got := d.Case[tc.jsonKey]; got != tc.want {
				t.Errorf("--%s %s: the case holds %g, want %g", tc.flag, tc.value, got, tc.want)
			}
			if len(d.Pinned) != 1 || d.Pinned[0].Path != key || d.Pinned[0].By != "--"+tc.flag {
				t.Errorf("--%s %s: pinned %+v, want %s by --%s", tc.flag, tc.value, d.Pinned, key, tc.flag)
			}
		})
	}
	// Every case flag that names a numeric case field is covered above.
	for _, f := range caseFlags {
		switch f.flag {
		case "from", "to", "seed", "samples", "replications", "horizon-years":
			continue // not inputs an uncertain range can name
		}
		if !strings.Contains("investment running-cost engineers cost-per-engineer-year transition-months dip dip-months discount-rate", f.flag) {
			t.Errorf("--%s: a case flag the test does not cover", f.flag)
		}
	}
	t.Run("refused", func(t *testing.T) {
		r := cli(t, "case", file, "-q", "--set", "arms.quarterly.money.loss_per_minute=500")
		if r.code != exitUsage || !strings.Contains(r.stderr, "uncertain: defaults.money.loss_per_minute") || !strings.Contains(r.stderr, "case-uncertain.yaml:") {
			t.Errorf("got status %d, stderr %q; want 2 naming the uncertain: entry and its line", r.code, r.stderr)
		}
	})
	t.Run("set", func(t *testing.T) {
		d := read(t, "--set", "defaults.money.loss_per_minute=500")
		if uncertain(d, "defaults.money.loss_per_minute") || len(d.Pinned) != 1 || d.Pinned[0].By != "--set defaults.money.loss_per_minute=500" {
			t.Errorf("--set defaults.money.loss_per_minute=500: uncertain %v, pinned %+v; want it fixed by the --set", d.Uncertain, d.Pinned)
		}
	})
}
