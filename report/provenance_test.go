package report

import "testing"

func TestAgainLine(t *testing.T) {
	st := &Settings{Replications: 100, Seed: 7, HorizonHours: 2 * 8760}
	for _, tc := range []struct {
		name string
		a    Again
		want string
	}{
		{"run settings spelled out, a --set of one folded into its flag, the version a comment",
			Again{Command: "run", Source: "epic-vs-continuous", Sets: []string{"seed=3", "arms.a.release.every=4w", " horizon = 2y"},
				Settings: st, Tail: []string{"--dora", "2023"}, Version: "v1.2.0"},
			"deploysim run epic-vs-continuous --set arms.a.release.every=4w --replications 100 --seed 7 --horizon 730d --dora 2023  # deploysim v1.2.0"},
		{"a file name and a value that need quoting",
			Again{Command: "sweep", Source: "my team.yaml", Own: []string{"--vary", ShellQuote("a b")}, Sets: []string{"title=it's"}, Settings: st},
			`deploysim sweep 'my team.yaml' --vary 'a b' --set 'title=it'\''s' --replications 100 --seed 7 --horizon 730d`},
		{"no settings: every --set kept",
			Again{Command: "replay", Source: "x", Sets: []string{"seed=3"}, Tail: []string{"--arm", "a"}},
			"deploysim replay x --set seed=3 --arm a"},
	} {
		if got := tc.a.Line(); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestFormatHours(t *testing.T) {
	for h, want := range map[float64]string{0: "0", 8760: "365d", 168 * 13: "13w", 8: "8h", 1.5: "90m", 1.0 / 3600: "1s", 0.1: "6m", 1e-9: "0.000000001h"} {
		if got := FormatHours(h); got != want {
			t.Errorf("FormatHours(%v) = %q, want %q", h, got, want)
		}
	}
}
