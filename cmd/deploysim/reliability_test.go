package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"deploysim/sim"
)

// long is a run of the default scenario that takes a minute or more: it is
// only ever interrupted. Its replications are short (a week, no warm-up),
// so that even under the race detector the replications under way end
// well within the 200 ms that an interrupt allows. (Interrupting inside a
// replication is the model's part: see sim.Engine.SetStop.)
var long = []string{"run", "-n", "100000", "--horizon", "7d", "--set", "warmup=0", "--workers", "2", "--quiet"}

// interruptWithin is how soon after Ctrl-C a run must have stopped (more
// under the race detector, which slows everything down).
const interruptWithin = 200 * time.Millisecond * raceSlowdown

// TestRunInterrupted cancels a long run in progress, as Ctrl-C does: it
// stops within 200 ms with status 1 and leaves no file of any kind, the
// outputs' temporary files included.
func TestRunInterrupted(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan result)
	go func() {
		done <- cliContext(t, ctx, args(long, "-o", filepath.Join(dir, "report.json"),
			"--per-replication", filepath.Join(dir, "reps.csv"), "--report", filepath.Join(dir, "rep"))...)
	}()
	time.Sleep(300 * time.Millisecond) // well into the simulation
	cancel()
	at := time.Now()
	select {
	case r := <-done:
		if took := time.Since(at); took > interruptWithin {
			t.Errorf("stopped %v after the interrupt, want within %v", took, interruptWithin)
		}
		if r.code != exitFailure || r.stderr != "deploysim run: interrupted\n" || r.stdout != "" {
			t.Errorf("got status %d, stdout %q, stderr %q; want 1, deploysim run: interrupted", r.code, r.stdout, r.stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the run did not stop within 20s of the interrupt")
	}
	assertOnly(t, dir)
}

// TestRunInterruptedReading interrupts a run whose scenario is a FIFO
// that no one writes to: reading it would otherwise block for ever.
func TestRunInterruptedReading(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs on Windows")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "scenario.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result)
	go func() { done <- cliContext(t, ctx, "run", fifo, "-o", filepath.Join(dir, "out.txt")) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	at := time.Now()
	select {
	case r := <-done:
		if took := time.Since(at); took > interruptWithin {
			t.Errorf("stopped %v after the interrupt, want within %v", took, interruptWithin)
		}
		if r.code != exitFailure || r.stderr != "deploysim run: interrupted\n" {
			t.Errorf("got status %d, stderr %q; want 1, deploysim run: interrupted", r.code, r.stderr)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO was not interrupted")
	}
	assertOnly(t, dir, "scenario.yaml")
}

// TestRunSignals sends a real SIGINT or SIGTERM to deploysim (this test
// binary, run as the command) in the middle of a run.
func TestRunSignals(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on Windows")
	}
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], args(long, "-o", filepath.Join(dir, "report.txt"), "--report", filepath.Join(dir, "rep"))...)
			cmd.Env = append(os.Environ(), "DEPLOYSIM_TEST_MAIN=1")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			go func() { cmd.Wait(); close(exited) }()
			// However the test ends, the child does not outlive it.
			t.Cleanup(func() {
				select {
				case <-exited:
				default:
					cmd.Process.Kill()
					<-exited
				}
			})
			time.Sleep(500 * time.Millisecond) // started and simulating
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			at := time.Now()
			select {
			case <-exited:
			case <-time.After(20 * time.Second):
				t.Fatalf("deploysim did not stop within 20s of %v", sig)
			}
			if took := time.Since(at); took > interruptWithin {
				t.Errorf("exited %v after %v, want within %v", took, sig, interruptWithin)
			}
			if code := cmd.ProcessState.ExitCode(); code != exitFailure || stderr.String() != "deploysim run: interrupted\n" {
				t.Errorf("got status %d, stderr %q; want 1, deploysim run: interrupted", code, stderr.String())
			}
			assertOnly(t, dir)
		})
	}
}

// TestRunRefusesClashingOutputs checks the outputs before any simulation:
// an output that is the scenario file, another output, a file of the
// report directory or a directory is refused with status 2, and nothing
// is created or changed.
func TestRunRefusesClashingOutputs(t *testing.T) {
	dir := t.TempDir()
	scenario := filepath.Join(dir, "team.yaml")
	team := "arms:\n  - name: a\n  - name: b\n"
	write(t, scenario, team)
	for _, d := range []string{"adir", "rep"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("team.yaml", filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	in := func(name string) string { return filepath.Join(dir, name) }
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"output is the scenario", []string{"run", scenario, "-o", scenario},
			"-o " + scenario + ": is the scenario file being run; name another file"},
		{"output links to the scenario", []string{"run", scenario, "-o", in("link.yaml")},
			"-o " + in("link.yaml") + ": is the scenario file being run; name another file"},
		{"per-replication is the scenario", []string{"run", in("./team.yaml"), "--per-replication", scenario},
			"--per-replication " + scenario + ": is the scenario file being run; name another file"},
		{"two outputs, one file", []string{"run", "-o", in("x.csv"), "--per-replication", in("x.csv")},
			"--per-replication " + in("x.csv") + ": is also -o; name two different files"},
		{"output inside the report", []string{"run", "-o", in("rep/report.html"), "--report", in("rep")},
			"-o " + in("rep/report.html") + ": is a file of the --report directory " + in("rep") + "; name a file outside it"},
		{"output is a directory", []string{"run", "-o", in("adir"), "--report", in("rep")},
			"-o " + in("adir") + ": is a directory; name a file in it"},
		{"report is a file", []string{"run", "--report", scenario},
			"--report " + scenario + ": is a file; name a directory"},
		{"no such directory", []string{"run", "--report", in("no/rep")},
			"--report " + in("no/rep") + ": directory " + in("no") + " does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cli(t, tc.args...)
			if want := "deploysim run: " + tc.want + "\n"; r.code != exitUsage || r.stderr != want {
				t.Errorf("got status %d, stderr %q; want 2, %q", r.code, r.stderr, want)
			}
			if got := string(must(os.ReadFile(scenario))); got != team {
				t.Errorf("the scenario file changed: %q", got)
			}
			assertOnly(t, dir, "adir", "link.yaml", "rep", "team.yaml")
			assertOnly(t, in("rep"))
		})
	}
}

// TestRunOutputThroughSymlink writes through a symlink, to the file it
// names, and leaves the link a link; a dangling link creates its target.
func TestRunOutputThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "real.json"), "old")
	if err := os.Symlink("real.json", filepath.Join(dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("new.json", filepath.Join(dir, "dangling.json")); err != nil {
		t.Fatal(err)
	}
	for _, link := range []string{"link.json", "dangling.json"} {
		r := cli(t, args(small, "-o", filepath.Join(dir, link))...)
		if r.code != exitOK {
			t.Fatalf("-o %s: status %d, stderr %q", link, r.code, r.stderr)
		}
		if fi, err := os.Lstat(filepath.Join(dir, link)); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s: no longer a symlink (%v)", link, err)
		}
	}
	for _, name := range []string{"real.json", "new.json"} {
		if got := string(must(os.ReadFile(filepath.Join(dir, name)))); !strings.HasPrefix(got, "{") {
			t.Errorf("%s: got %.20q, want the JSON report written through the link", name, got)
		}
	}
	assertOnly(t, dir, "dangling.json", "link.json", "new.json", "real.json")
}

// TestRunOutputNotRegular writes devices and FIFOs in place: /dev/null
// stays a device, a FIFO a FIFO, and its reader gets the report.
func TestRunOutputNotRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/null or FIFOs on Windows")
	}
	r := cli(t, args(small, "-o", "/dev/null", "--per-replication", "/dev/null")...)
	if r.code != exitOK || r.stderr != "" {
		t.Errorf("-o /dev/null: status %d, stderr %q", r.code, r.stderr)
	}
	if fi, err := os.Lstat("/dev/null"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Errorf("/dev/null is no longer a device: %v %v", fi.Mode(), err)
	}

	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		var buf bytes.Buffer
		buf.ReadFrom(f)
		got <- buf.Bytes()
	}()
	r = cli(t, args(small, "-o", fifo, "--format", "csv")...)
	if r.code != exitOK {
		t.Fatalf("-o FIFO: status %d, stderr %q", r.code, r.stderr)
	}
	if data := <-got; !bytes.HasPrefix(data, []byte("scenario,arm,metric,")) {
		t.Errorf("the FIFO's reader got %.40q, want the CSV report", data)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO is no longer a FIFO: %v %v", fi.Mode(), err)
	}
	assertOnly(t, dir, "pipe")
}

// TestRunOutputAllOrNothing fails the last step of writing (the disk of
// /dev/full is always full) and checks that no other output appeared, and
// that the message names the file the user gave, not a temporary one.
func TestRunOutputAllOrNothing(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	dir := t.TempDir()
	r := cli(t, args(small, "-o", "/dev/full", "--per-replication", filepath.Join(dir, "reps.csv"), "--report", filepath.Join(dir, "rep"))...)
	if want := "deploysim run: cannot write /dev/full: no space left on device\n"; r.code != exitFailure || r.stderr != want {
		t.Errorf("got status %d, stderr %q; want 1, %q", r.code, r.stderr, want)
	}
	assertOnly(t, dir)
}

// TestRunOutputModes checks that a new file honours the umask and a
// replaced one keeps its mode.
func TestRunOutputModes(t *testing.T) {
	dir := t.TempDir()
	kept := filepath.Join(dir, "private.json")
	write(t, kept, "old")
	if err := os.Chmod(kept, 0o600); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "new.csv")
	if r := cli(t, args(small, "-o", kept, "--per-replication", fresh, "--report", filepath.Join(dir, "rep"))...); r.code != exitOK {
		t.Fatalf("status %d, stderr %q", r.code, r.stderr)
	}
	for path, want := range map[string]os.FileMode{
		kept:                                     0o600,
		fresh:                                    newFileMode(),
		filepath.Join(dir, "rep", "report.html"): newFileMode(),
		filepath.Join(dir, "rep"):                newFileMode() | 0o111&newDirMode(),
	} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Error(err)
		} else if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(path), fi.Mode().Perm(), want)
		}
	}
}

// TestRunStdin reads the scenario from standard input with run -.
func TestRunStdin(t *testing.T) {
	var stdout, stderr bytes.Buffer
	scenario := "title: From a pipe\nreplications: 3\nhorizon: 30d\narms:\n  - name: a\n  - name: b\n    release: {every: 1w}\n"
	code := runIO(context.Background(), []string{"run", "-", "--format", "csv"}, strings.NewReader(scenario), &stdout, &stderr, &stager{})
	if code != exitOK || !strings.Contains(stdout.String(), "stdin,a,") {
		t.Errorf("got status %d, stderr %q, stdout %.80q; want 0 and the CSV of scenario stdin", code, stderr.String(), stdout.String())
	}
	code = runIO(context.Background(), []string{"run", "-"}, strings.NewReader("arms: 7\n"), &stdout, &stderr, &stager{})
	if code != exitUsage || !strings.HasPrefix(stderr.String(), "stdin:1: arms: ") {
		t.Errorf("bad stdin: status %d, stderr %q; want 2, stdin:1: arms: …", code, stderr.String())
	}
}

func TestReportBudgetError(t *testing.T) {
	// An arm whose replication explodes is an input problem: status 2,
	// one line naming what the model said.
	var stderr bytes.Buffer
	err := fmt.Errorf("arm x: hotfix.defect_prob 1: the incident never closes: %w", &sim.BudgetError{Budget: 10, Now: 5})
	code := report(&env{stderr: &stderr}, "run", fmt.Errorf("replication 3: %w", err))
	if want := "deploysim run: replication 3: arm x: hotfix.defect_prob 1: the incident never closes: sim: event budget of 10 events exhausted at simulated time 5\n"; code != exitUsage || stderr.String() != want {
		t.Errorf("got %d, %q; want 2, %q", code, stderr.String(), want)
	}
	if !errors.As(err, new(*sim.BudgetError)) {
		t.Error("the budget error was lost")
	}
}

func TestEscapeControls(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text, ünïcode ×", "plain text, ünïcode ×"},
		{"\x1b]0;pwned\x07title", `\x1b]0;pwned\x07title`},
		{"red \x1b[31m", `red \x1b[31m`},
		{"nel \u0085 del \x7f", `nel \u0085 del \x7f`},
		{"latin-1 caf\xe9", `latin-1 caf\xe9`},
	} {
		if got := oneLine(tc.in); got != tc.want {
			t.Errorf("oneLine(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestStagerAbort is what a second Ctrl-C does while outputs are being
// written: every temporary file and directory goes, and nothing more can
// be staged.
func TestStagerAbort(t *testing.T) {
	dir := t.TempDir()
	var outs []*output
	for _, tc := range []struct {
		name  string
		isDir bool
	}{{"a.json", false}, {"b.csv", false}, {"rep", true}} {
		tg, err := resolveTarget("-o", filepath.Join(dir, tc.name), tc.isDir)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, &output{target: tg, data: []byte("x"), names: []string{"report.html"}, files: [][]byte{[]byte("<html>")}})
	}
	s := &stager{}
	if err := s.stage(outs); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Fatalf("staged %d entries, want 3 temporary ones", len(entries))
	}
	s.abort()
	assertOnly(t, dir)
	if _, err := s.create(dir, "late"); err == nil {
		t.Error("create after abort: got nil, want an error")
	}
	assertOnly(t, dir)
}

// TestRunRefusesWhatWouldHang gives run the inputs that used to run for
// ever (or for hours, or out of memory): each ends at once with status 2
// and one line naming the parameter, before any simulation.
func TestRunRefusesWhatWouldHang(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--set", "defaults.hotfix.defect_prob=1"}, "an incident could never close"},
		{[]string{"--set", "arms.quarterly-manual.deploy.servers=3000"}, "hotfix rounds to close, more than the 1000 allowed"},
		{[]string{"--set", "arms.continuous-delivery.release.every=0.000001s"}, "release events a replication, more than the 1e+08 the simulator allows"},
		{[]string{"--set", "arms.quarterly-manual.cab.offset=1000000y"}, "must be in [0,100y], got 1000000y"},
		{[]string{"--set", "defaults.work.changes_per_day=1e-15"}, "must be at least one change in 100 years"},
		{[]string{"--set", "defaults.work.rework=1000000000000y"}, "must be in [0,100y], got 1000000000000y"},
		{[]string{"--set", "defaults.work.changes_per_day=10000", "--horizon", "100y"}, "need more than the 1e+08 events a replication may have"},
		{[]string{"--set", "defaults.money.loss_per_minute=1e308"}, "must be in [0,1e9], got 1e308"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			dir := t.TempDir()
			begin := time.Now()
			r := cli(t, append([]string{"run", "-o", filepath.Join(dir, "out.json")}, tc.args...)...)
			if took := time.Since(begin); took > 5*time.Second {
				t.Errorf("took %v, want a prompt refusal", took)
			}
			if r.code != exitUsage || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("got status %d, stderr %q; want 2 and one line containing %q", r.code, r.stderr, tc.want)
			}
			assertOnly(t, dir)
		})
	}
	// An endless file is refused in milliseconds, not read until memory
	// runs out.
	if _, err := os.Stat("/dev/zero"); err == nil {
		r := cli(t, "validate", "/dev/zero")
		if want := "/dev/zero: too large: more than 1048576 bytes (1 MiB), the limit for a scenario file\n"; r.code != exitUsage || r.stderr != want {
			t.Errorf("validate /dev/zero: got status %d, stderr %q; want 2, %q", r.code, r.stderr, want)
		}
	}
}
