package scenarios

import (
	"errors"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
)

// zeros is an endless reader, like /dev/zero.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

func TestReadBounded(t *testing.T) {
	// An endless input is refused once it passes the limit, having read
	// one byte more than the limit and no more.
	z := &zeros{}
	begin := time.Now()
	_, err := Read("endless", z)
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || !strings.Contains(es[0].Msg, "too large: more than 1048576 bytes (1 MiB)") {
		t.Fatalf("got %v, want one error naming the 1 MiB limit", err)
	}
	if z.n > 2*maxFileBytes {
		t.Errorf("read %d bytes of an endless input, want about %d", z.n, maxFileBytes)
	}
	if took := time.Since(begin); took > 2*time.Second {
		t.Errorf("took %v to refuse an endless input", took)
	}
	// A file just at the limit is read (and then fails as YAML, or not).
	if _, err := Read("exact", io.LimitReader(&zeros{}, maxFileBytes)); err != nil && strings.Contains(err.Error(), "too large") {
		t.Errorf("a file of exactly the limit: %v", err)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, err := Load("/dev/zero")
		if err == nil || !strings.Contains(err.Error(), "/dev/zero: too large") {
			t.Errorf("Load(/dev/zero): got %v, want too large", err)
		}
	}
}

// loadErrors parses data and returns its error lines.
func loadErrors(t *testing.T, data string, sets ...string) []string {
	t.Helper()
	sc, err := Parse("t.yaml", []byte(data))
	if err == nil && len(sets) > 0 {
		_, err = sc.With(sets...)
	}
	if err == nil {
		return nil
	}
	return strings.Split(err.Error(), "\n")
}

func TestMessages(t *testing.T) {
	const arms = "arms:\n  - name: a\n"
	for _, tc := range []struct {
		name string
		file string
		sets []string
		want []string
	}{
		{"one error for defaults of the wrong type", arms, []string{"defaults=7"},
			[]string{"--set defaults=7: must be a mapping of fields (calendar, work, release, pipeline, …), got a single value"}},
		{"one error for a section of the wrong type", arms, []string{"defaults.deploy=7"},
			[]string{"--set defaults.deploy=7: must be a mapping of fields (mode, servers, steps_per_server, step_error_prob, …), got a single value"}},
		{"one error for a section of the wrong type in a built-in", builtin("epic-vs-continuous"), []string{"defaults.deploy=7"},
			[]string{"--set defaults.deploy=7: must be a mapping of fields (mode, servers, steps_per_server, step_error_prob, …), got a single value"}},
		{"one error for an arm's section of the wrong type", builtin("epic-vs-continuous"), []string{"arms.quarterly-manual.recovery=[1]"},
			[]string{"--set arms.quarterly-manual.recovery=[1]: must be a mapping of fields (method, on_call_response, triage, diagnosis, …), got a list"}},
		{"a whole number too large for any field gets the field's own range", arms, []string{"defaults.deploy.servers=1e12"},
			[]string{"--set defaults.deploy.servers=1e12: must be a whole number in [1,100000], got 1e12"}},
		{"a whole number in exponent form is read", arms, []string{"defaults.deploy.servers=1e6"},
			[]string{"--set defaults.deploy.servers=1e6: arms[0].deploy.servers: must be ≤ 100000, got 1e6"}},
		{"the horizon in the user's unit", arms, []string{"horizon=10000y"},
			[]string{"--set horizon=10000y: must be in (0,100y], got 10000y"}},
		{"money that would overflow", arms, []string{"defaults.money.loss_per_minute=1e308"},
			[]string{"--set defaults.money.loss_per_minute=1e308: arms[0].money.loss_per_minute: must be in [0,1e9], got 1e308"}},
		{"a multiplier that would overflow", arms, []string{"defaults.money.off_hours_multiplier=1e308"},
			[]string{"--set defaults.money.off_hours_multiplier=1e308: arms[0].money.off_hours_multiplier: must be in [1,100], got 1e308"}},
		{"a duration beyond 100 years, as written", "arms:\n  - name: a\n    work: {rework: 1000000000000y}\n", nil,
			[]string{"t.yaml:3: arms[0].work.rework: must be in [0,100y], got 1000000000000y"}},
		{"a mean beyond 100 years", "arms:\n  - name: a\n    recovery: {triage: {mean: 5000000w}}\n", nil,
			[]string{"t.yaml:3: arms[0].recovery.triage.mean: must be in [0,100y], got 5000000w"}},
		{"not UTF-8", "title: caf\xe9\n" + arms, nil,
			[]string{"t.yaml:1: not UTF-8 text at line 1, byte 11 (0xe9): save the file as UTF-8"}},
		{"a binary file", "\x7fELF\x02\x01\x01\x00", nil,
			[]string{"t.yaml:1: control character U+007F at line 1, byte 1: a scenario is a text file"}},
		{"a control character on a later line", "title: x\nstory: a\x1bb\n", nil,
			[]string{"t.yaml:2: control character U+001B at line 2, byte 9: a scenario is a text file"}},
		{"a terminal escape in a title", "title: \"\\e]0;pwned\\a\"\n" + arms, nil,
			[]string{"t.yaml:1: title: must be plain text: control character U+001B at byte 1"}},
		{"an escape in a source", "sources: [\"ok\", \"\\e[31m\"]\n" + arms, nil,
			[]string{"t.yaml:1: sources[1]: must be plain text: control character U+001B at byte 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := loadErrors(t, tc.file, tc.sets...)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// TestExplosionsRefused loads the inputs that used to run for ever or for
// hours, and checks that each is refused at once, naming the parameter.
func TestExplosionsRefused(t *testing.T) {
	for _, tc := range []struct {
		sets []string
		want string // in the one error
	}{
		{[]string{"defaults.hotfix.defect_prob=1"}, "hotfix.defect_prob=1: an incident could never close (hotfix.defect_prob 1: every hotfix brings a fault of its own)"},
		{[]string{"arms.quarterly-manual.deploy.servers=3000"}, "deploy.servers=3000: an incident would need about 1.5e+08 hotfix rounds to close, more than the 1000 allowed (a manual deploy to 3000 servers at step_error_prob 0.0025 leaves one misconfigured nearly always)"},
		{[]string{"arms.quarterly-manual.release.every=0.000001s", "arms.quarterly-manual.release.freeze=0"}, "release events a replication, more than the 1e+08 the simulator allows"},
		{[]string{"arms.quarterly-manual.release.every=1000000y"}, "must be in (0,100y], got 1000000y"},
		{[]string{"arms.quarterly-manual.cab.every=1000000y"}, "must be in (0,100y], got 1000000y"},
		{[]string{"arms.quarterly-manual.cab.offset=1000000y"}, "must be in [0,100y], got 1000000y"},
		{[]string{"defaults.work.changes_per_day=1e-15"}, "must be at least one change in 100 years (2.74e-05/day), got 1e-15"},
		{[]string{"defaults.work.rework=1000000000000y"}, "must be in [0,100y], got 1000000000000y"},
		{[]string{"defaults.work.changes_per_day=10000", "horizon=100y"}, "10000 changes a day over 100.2y of warm-up and horizon need more than the 1e+08 events a replication may have"},
		{[]string{"defaults.cab.enabled=true", "defaults.cab.every=0.01s"}, "meetings a replication, more than the 1e+08 events the simulator allows"},
	} {
		t.Run(strings.Join(tc.sets, " "), func(t *testing.T) {
			begin := time.Now()
			_, err := must(Load("epic-vs-continuous")).With(tc.sets...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
			if took := time.Since(begin); took > time.Second {
				t.Errorf("took %v to refuse", took)
			}
		})
	}
}

func TestDefaultWarmupCapped(t *testing.T) {
	// The default warm-up is the file's (a what-if keeps it), so the
	// board that meets once a century is written in the file.
	text := strings.Replace(builtin("epic-vs-continuous"), "    cab:\n      enabled: true", "    cab:\n      enabled: true\n      every: 100y\n      offset: 100y", 1)
	sc, err := Parse("t.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if sc.WarmupHours != maxHorizonHours {
		t.Errorf("default warm-up %g h, want it capped at %d h (100y) like an explicit one", sc.WarmupHours, maxHorizonHours)
	}
}

// TestWhatIfKeepsWarmup: a what-if that lengthens a release interval
// keeps the file's default warm-up, so that run --set measures the same
// period as sweep and sensitivity, and the arms it leaves alone do not
// move; a what-if that sets the warm-up sets it.
func TestWhatIfKeepsWarmup(t *testing.T) {
	base := must(Load("epic-vs-continuous"))
	if base.WarmupHours != 13*168 {
		t.Fatalf("epic-vs-continuous's default warm-up: got %g h, want 13w (its quarterly train)", base.WarmupHours)
	}
	longer := must(base.With("arms.continuous-delivery.release.every=26w"))
	if longer.WarmupHours != base.WarmupHours {
		t.Errorf("after release.every=26w: warm-up %g h, want the file's %g h", longer.WarmupHours, base.WarmupHours)
	}
	set := must(base.With("warmup=30w"))
	if set.WarmupHours != 30*168 {
		t.Errorf("after warmup=30w: warm-up %g h, want %d h", set.WarmupHours, 30*168)
	}
	// And again from a scenario that already carries what-ifs.
	if again := must(set.With("arms.continuous-delivery.release.every=2d")); again.WarmupHours != 30*168 {
		t.Errorf("a what-if on top of warmup=30w: warm-up %g h, want %d h", again.WarmupHours, 30*168)
	}
}

// TestDurationsRoundTrip checks parse(format(h)) == h over many orders of
// magnitude, the tiniest durations included: the form show writes must
// always be one the parser reads.
func TestDurationsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 14)) // any fixed seed
	values := []float64{2.7777777777777777e-10, 1.0 / 3600, 1.0 / 7, 5e-324, math.SmallestNonzeroFloat64 * 3, 876000, 1e-300}
	for range 2000 {
		values = append(values, math.Pow(10, rng.Float64()*20-12)*rng.Float64())
	}
	for _, h := range values {
		s := formatDuration(h)
		got, msg := parseDuration(s)
		if msg != "" || got != h {
			t.Errorf("formatDuration(%v) = %q, which parses to %v (%s)", h, s, got, msg)
		}
	}
}

func builtin(name string) string {
	return string(must(fs.ReadFile(library, "library/"+name+".yaml")))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
