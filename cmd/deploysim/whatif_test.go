package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Small what-ifs that are quick under the race detector.
var (
	smallSweep = []string{"sweep", "--vary", "arms.quarterly-manual.release.every=3w,6w,13w", "-n", "4", "--seed", "7", "--horizon", "90d"}
	smallSens  = []string{"sensitivity", "--arm", "quarterly-manual", "-n", "3", "--seed", "7", "--horizon", "60d", "--top", "6"}
)

func TestSweepGolden(t *testing.T) {
	for _, format := range []string{"table", "json", "csv", "markdown"} {
		t.Run(format, func(t *testing.T) {
			r := cli(t, args(smallSweep, "--format", format)...)
			if r.code != exitOK || r.stderr != "" {
				t.Fatalf("got status %d, stderr %q; want 0 and nothing", r.code, r.stderr)
			}
			golden(t, "sweep."+format+".golden", []byte(r.stdout))
		})
	}
}

// TestSensitivity checks the table and JSON against golden files, and
// that the manual arm's automated-deployment fields and the canary steps
// it does not have are never listed, while its manual steps are. (One
// analysis runs some hundred variants: the JSON run serves both checks.)
func TestSensitivity(t *testing.T) {
	var jsonOut string
	for _, format := range []string{"table", "json"} {
		r := cli(t, args(smallSens, "--format", format)...)
		if r.code != exitOK || r.stderr != "" {
			t.Fatalf("%s: got status %d, stderr %q; want 0 and nothing", format, r.code, r.stderr)
		}
		golden(t, "sensitivity."+format+".golden", []byte(r.stdout))
		jsonOut = r.stdout
	}
	var doc struct {
		Unused     int
		Parameters []struct{ Parameter string }
	}
	if err := json.Unmarshal([]byte(jsonOut), &doc); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, p := range doc.Parameters {
		listed[p.Parameter] = true
	}
	for _, p := range []string{"deploy.automated_time.mean", "deploy.automated_error_prob", "strategy.analysis_catch_prob", "strategy.rolling_waves", "release.batch_size"} {
		if listed[p] {
			t.Errorf("%s is listed, but quarterly-manual does not use it", p)
		}
	}
	if !listed["deploy.step_error_prob"] || !listed["money.loss_per_minute"] {
		t.Errorf("deploy.step_error_prob and money.loss_per_minute should be listed, got %v", listed)
	}
	if doc.Unused == 0 {
		t.Error("unused: got 0, want the count of parameters left out")
	}
}

func TestNoEffectWarning(t *testing.T) {
	for _, tc := range []struct {
		cmd  []string
		set  string
		warn string // "" for none
	}{
		{[]string{"run", "-n", "2", "--horizon", "30d"}, "defaults.deploy.step_error_prob=0.5",
			"deploysim run: warning: --set defaults.deploy.step_error_prob=0.5 has no effect: the arm that uses deploy.step_error_prob (quarterly-manual) sets its own; use arms.quarterly-manual.deploy.step_error_prob\n"},
		{[]string{"run", "-n", "2", "--horizon", "30d"}, "arms.quarterly-manual.deploy.step_error_prob=0.5", ""},
		{[]string{"run", "-n", "2", "--horizon", "30d"}, "defaults.work.changes_per_day=12", ""},
		{args(smallSweep, "-n", "2"), "arms.continuous-deployment.strategy.rolling_waves=9",
			"deploysim sweep: warning: --set arms.continuous-deployment.strategy.rolling_waves=9 has no effect: arm continuous-deployment does not use strategy.rolling_waves (strategy.kind is canary)\n"},
	} {
		t.Run(tc.set, func(t *testing.T) {
			r := cli(t, args(tc.cmd, "--set", tc.set, "--format", "json")...)
			if r.code != exitOK {
				t.Fatalf("got status %d: %s", r.code, r.stderr)
			}
			if r.stderr != tc.warn {
				t.Errorf("stderr:\ngot  %q\nwant %q", r.stderr, tc.warn)
			}
		})
	}
}

func TestModifiedArmMarked(t *testing.T) {
	r := cli(t, "run", "-n", "2", "--horizon", "30d", "--set", "arms.quarterly-manual.release.every=4w")
	if !strings.Contains(r.stdout, "(modified: release.every=4w)") {
		t.Errorf("the table does not mark the modified arm:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "than quarterly-manual (modified)") && !strings.Contains(r.stdout, "and quarterly-manual (modified)") {
		t.Errorf("the summary sentences do not mark the modified arm:\n%s", r.stdout)
	}
	for _, arm := range []string{"continuous-delivery", "continuous-deployment"} {
		for _, line := range strings.Split(r.stdout, "\n") {
			if strings.Contains(line, arm+" (modified") ||
				strings.HasPrefix(strings.TrimSpace(line), arm) && strings.Contains(line, "(modified: ") {
				t.Errorf("only quarterly-manual was modified, got %q", line)
			}
		}
	}
}

func TestWhatifBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep"}, "deploysim sweep: give one or two --vary PATH=VALUES, got 0"},
		{[]string{"sweep", "--vary", "arms.quartely-manual.release.every=1w,2w"}, `deploysim sweep: --vary arms.quartely-manual.release.every: no arm named "quartely-manual"; did you mean quarterly-manual?`},
		{[]string{"sweep", "--vary", "arms.quarterly-manual.release.evry=1w,2w"}, `deploysim sweep: --vary arms.quarterly-manual.release.evry: unknown field "release.evry"; did you mean release.every?`},
		{[]string{"sweep", "--vary", "arms.quarterly-manual.release.every=1w..2x"}, `deploysim sweep: --vary arms.quarterly-manual.release.every=1w..2x: invalid duration "2x"`},
		{[]string{"sweep", "--vary", "arms.quarterly-manual.release.every=1d,2w"}, "deploysim sweep: --vary arms.quarterly-manual.release.every=1d,2w: the model refuses every value: 1d:"},
		{[]string{"sweep", "--vary", "arms.quarterly-manual.release.every=3w,6w", "--metric", "loss"}, `deploysim sweep: --metric: unknown metric "loss"`},
		{[]string{"sweep", "--vary", "arms.quarterly-manual.release.every=3w,6w", "--ref", "4w"}, "deploysim sweep: --ref 4w: not one of the values of arms.quarterly-manual.release.every (3w, 6w)"},
		{[]string{"sweep", "--vary", "arms.continuous-deployment.release.every=1w,2w"}, "deploysim sweep: --vary arms.continuous-deployment.release.every changes no arm"},
		{[]string{"sweep", "--vary", "arms.quarterly-manual.release.every=3w,6w", "--precision", "200%"}, `deploysim sweep: --precision "200%"`},
		{[]string{"sensitivity", "--arm", "quartely-manual"}, `deploysim sensitivity: no arm named "quartely-manual"; did you mean quarterly-manual?`},
		{[]string{"sensitivity", "--by", "0"}, `deploysim sensitivity: --by "0": want a share in (0%, 100%)`},
		{[]string{"sensitivity", "--vs", "continuous-delivery", "--arm", "continuous-delivery"}, "deploysim sensitivity: --vs continuous-delivery is the arm analysed"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := cli(t, tc.args...)
			if r.code != exitUsage {
				t.Errorf("got status %d, want %d (stderr %q)", r.code, exitUsage, r.stderr)
			}
			if !strings.HasPrefix(r.stderr, tc.want) {
				t.Errorf("stderr:\ngot  %s\nwant %s…", r.stderr, tc.want)
			}
		})
	}
}

func TestWhatifReportDir(t *testing.T) {
	dir := t.TempDir()
	r := cli(t, args(smallSweep, "-q", "--report", filepath.Join(dir, "sweep"))...)
	if r.code != exitOK {
		t.Fatalf("sweep: status %d: %s", r.code, r.stderr)
	}
	r = cli(t, "sensitivity", "--arm", "quarterly-manual", "-n", "2", "--horizon", "14d", "--set", "warmup=0", "-q", "--report", filepath.Join(dir, "sens"))
	if r.code != exitOK {
		t.Fatalf("sensitivity: status %d: %s", r.code, r.stderr)
	}
	for _, f := range []string{"sweep/sweep.html", "sweep/sweep.md", "sweep/sweep.png", "sweep/sweep-components.svg", "sens/sensitivity.html", "sens/tornado.png"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestSensitivityNamesPaste: every name sensitivity prints is a path
// sweep --vary and --set accept, pasted as it is: the top-ranked one
// sweeps from its low to its high value.
func TestSensitivityNamesPaste(t *testing.T) {
	r := cli(t, args(smallSens, "--format", "json")...)
	if r.code != exitOK {
		t.Fatalf("sensitivity: status %d, %s", r.code, r.stderr)
	}
	var doc struct {
		Parameters []struct {
			Name   string
			Labels []string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Parameters) == 0 {
		t.Fatal("no parameters")
	}
	for _, p := range doc.Parameters {
		if !strings.HasPrefix(p.Name, "arms.quarterly-manual.") {
			t.Errorf("%s: want the arms.quarterly-manual. prefix", p.Name)
		}
	}
	top := doc.Parameters[0]
	vary := top.Name + "=" + top.Labels[0] + "," + top.Labels[2]
	s := cli(t, "sweep", "--vary", vary, "-n", "3", "--seed", "7", "--horizon", "60d", "--format", "csv")
	if s.code != exitOK {
		t.Fatalf("sweep --vary %s: status %d, %s", vary, s.code, s.stderr)
	}
	s = cli(t, "run", "--set", top.Name+"="+top.Labels[1], "-n", "2", "--horizon", "30d", "--format", "csv")
	if s.code != exitOK {
		t.Fatalf("run --set %s: status %d, %s", top.Name, s.code, s.stderr)
	}
}

// TestSweepWidth: a sweep that changes two arms keeps its table within
// --width: the path heads the first column where it fits, "value" where
// it does not, and each arm gets its own table where even that is too
// wide. Only the reproducing command line may be longer.
func TestSweepWidth(t *testing.T) {
	vary := []string{"sweep", "--vary", "defaults.pipeline.build-and-unit-tests.catch_prob=0.5,0.9", "-n", "3", "--seed", "7", "--horizon", "60d"}
	for _, tc := range []struct {
		width      int
		path, arms bool // the path heads the table; one table per arm
	}{{160, true, false}, {100, false, false}, {70, false, true}} {
		r := cli(t, args(vary, "--width", strconv.Itoa(tc.width))...)
		if r.code != exitOK {
			t.Fatalf("--width %d: status %d, %s", tc.width, r.code, r.stderr)
		}
		for _, l := range strings.Split(r.stdout, "\n") {
			if n := utf8.RuneCountInString(l); n > tc.width && !strings.HasPrefix(l, "$ ") {
				t.Errorf("--width %d: a line of %d columns: %q", tc.width, n, l)
			}
		}
		if got := strings.Contains(r.stdout, "│ defaults.pipeline.build-and-unit-tests.catch_prob │"); got != tc.path {
			t.Errorf("--width %d: the path heads the table: %v, want %v\n%s", tc.width, got, tc.path, r.stdout)
		}
		if got := strings.Contains(r.stdout, "\ncontinuous-delivery:\n┌"); got != tc.arms {
			t.Errorf("--width %d: one table per arm: %v, want %v\n%s", tc.width, got, tc.arms, r.stdout)
		}
	}
	if r := cli(t, args(vary, "--width", "10")...); r.code != exitUsage || !strings.Contains(r.stderr, "--width 10: want 40 or more") {
		t.Errorf("--width 10: status %d, %q; want 2 and the least width", r.code, r.stderr)
	}
}

// TestSweepRefusedValue: a value the model refuses (a release interval
// shorter than the arm's two-week freeze) is left out and reported with
// the --set that fixes it, and the sweep goes on with the others; a sweep
// whose every value is refused is a usage error.
func TestSweepRefusedValue(t *testing.T) {
	r := cli(t, "sweep", "--vary", "arms.quarterly-manual.release.every=1w,4w,13w", "-n", "3", "--seed", "7", "--horizon", "60d", "--format", "json")
	if r.code != exitOK {
		t.Fatalf("status %d, %s", r.code, r.stderr)
	}
	var doc struct {
		Axes []struct {
			Labels []string `json:"labels"`
		} `json:"axes"`
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Axes) != 1 || strings.Join(doc.Axes[0].Labels, ",") != "4w,13w" {
		t.Errorf("axes %+v, want the values 4w,13w", doc.Axes)
	}
	notes := strings.Join(doc.Notes, "\n")
	for _, want := range []string{"left out 1 refused value(s): 1w", "arms.quarterly-manual.release.freeze: must be shorter than release.every (1w)", "--set arms.quarterly-manual.release.freeze=42h fixes it"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q: want %q", notes, want)
		}
	}
	if strings.Contains(notes, "arms[0]") {
		t.Errorf("notes %q: the arm is named by its place, not its name", notes)
	}
	r = cli(t, "sweep", "--vary", "arms.quarterly-manual.release.every=1d,1w", "-n", "3")
	if r.code != exitUsage || !strings.Contains(r.stderr, "the model refuses every value") {
		t.Errorf("every value refused: status %d, %q; want 2", r.code, r.stderr)
	}
}
