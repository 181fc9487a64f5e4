//go:build !windows

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDevStdoutAppends: -o /dev/stdout onto a log opened with >> adds the
// report after what the log holds; reopening /dev/stdout with truncation
// once erased it.
func TestDevStdoutAppends(t *testing.T) {
	log := filepath.Join(t.TempDir(), "runs.log")
	write(t, log, "an earlier run\n")
	f, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND, 0) // >> runs.log
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, out := range []string{"/dev/stdout", "/dev/fd/1"} {
		cmd := exec.Command(os.Args[0], args(small, "--format", "csv", "-o", out)...)
		cmd.Env = append(os.Environ(), "DEPLOYSIM_TEST_MAIN=1")
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = f, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("-o %s: %v: %s", out, err, stderr.String())
		}
	}
	got := string(must(os.ReadFile(log)))
	if !strings.HasPrefix(got, "an earlier run\nscenario,arm,metric,") || strings.Count(got, "scenario,arm,metric,") != 2 {
		t.Errorf("runs.log after two runs: %.120q…, want the earlier line, then both reports", got)
	}
}

// TestReportDirKeepsTheScenario: sweep, sensitivity and case refuse a
// --report directory holding the scenario under one of their report
// names, and an -o inside it under one of those names, before any
// simulation; the scenario and the file are unchanged.
func TestReportDirKeepsTheScenario(t *testing.T) {
	scenario := string(must(os.ReadFile("../../scenarios/case-template.yaml")))
	for _, tc := range []struct {
		stem string
		args []string
	}{
		{"sweep", smallSweep},
		{"sensitivity", smallSens},
		{"case", append([]string{"case"}, smallCase...)},
		{"report", small},
	} {
		t.Run(tc.stem, func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range []string{tc.stem + ".md", tc.stem + ".html"} {
				file := filepath.Join(dir, name)
				write(t, file, scenario)
				a := append(append([]string{tc.args[0], file}, tc.args[1:]...), "--report", dir)
				if r := cli(t, a...); r.code != exitUsage || !strings.Contains(r.stderr, "would overwrite the scenario file") {
					t.Errorf("%s in the report directory: status %d, stderr %q", name, r.code, r.stderr)
				}
				if got := string(must(os.ReadFile(file))); got != scenario {
					t.Errorf("%s changed", name)
				}
				os.Remove(file)
			}
			kept := filepath.Join(dir, tc.stem+".md")
			write(t, kept, "mine")
			a := append(append([]string{}, tc.args...), "-o", kept, "--report", dir)
			if tc.stem == "case" {
				a = append([]string{"case", "cd-business-case"}, a[1:]...)
			}
			if r := cli(t, a...); r.code != exitUsage || !strings.Contains(r.stderr, "is a file of the --report directory") {
				t.Errorf("-o %s.md inside --report: status %d, stderr %q", tc.stem, r.code, r.stderr)
			}
			if got := string(must(os.ReadFile(kept))); got != "mine" {
				t.Errorf("-o file inside the report directory was replaced")
			}
		})
	}
}

// TestStdinScenarioIsNotAnOutput: run - -o team.txt < team.txt is refused
// (standard input is compared by device and inode) and team.txt kept.
func TestStdinScenarioIsNotAnOutput(t *testing.T) {
	dir := t.TempDir()
	team := filepath.Join(dir, "team.txt")
	const scenario = "replications: 3\nhorizon: 30d\narms:\n  - name: a\n"
	write(t, team, scenario)
	os.Symlink("team.txt", filepath.Join(dir, "link.txt"))
	for _, out := range []string{team, filepath.Join(dir, "link.txt")} {
		in, err := os.Open(team)
		if err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		code := runIO(context.Background(), []string{"run", "-", "-o", out}, in, &stdout, &stderr, &stager{})
		in.Close()
		if code != exitUsage || !strings.Contains(stderr.String(), "is the scenario being read from standard input") {
			t.Errorf("-o %s: status %d, stderr %q", out, code, stderr.String())
		}
		if got := string(must(os.ReadFile(team))); got != scenario {
			t.Fatalf("team.txt was overwritten: %.60q", got)
		}
	}
}

// TestNoPicturesBesideADevice: the Markdown report to a FIFO (or any
// device) is written as to standard output, and no PNG appears beside it.
func TestNoPicturesBesideADevice(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	got := make(chan []byte, 1)
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
	r := cli(t, args(small, "--format", "markdown", "-o", fifo)...)
	if r.code != exitOK {
		t.Fatalf("status %d, stderr %q", r.code, r.stderr)
	}
	if data := <-got; !bytes.Contains(data, []byte("|")) {
		t.Errorf("the reader got %.60q, want the Markdown report", data)
	}
	assertOnly(t, dir, "pipe")
}

// TestFIFOWithoutReaderIsInterruptible: -o FIFO with nobody reading waits,
// and the first Ctrl-C stops it, leaving no file.
func TestFIFOWithoutReaderIsInterruptible(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		code := runContext(ctx, args(small, "--format", "csv", "-o", fifo, "--per-replication", filepath.Join(dir, "reps.csv")), &stdout, &stderr)
		done <- result{code, stdout.String(), stderr.String()}
	}()
	time.Sleep(time.Second) // the run is over, the open waits for a reader
	cancel()                // Ctrl-C
	select {
	case r := <-done:
		if r.code != exitFailure || !strings.Contains(r.stderr, "interrupted") {
			t.Errorf("status %d, stderr %q; want 1, interrupted", r.code, r.stderr)
		}
	case <-time.After(5 * time.Second):
		// Unblock the open so that the goroutine can end.
		if f, err := os.Open(fifo); err == nil {
			f.Close()
		}
		t.Fatal("Ctrl-C did not stop a run waiting for a FIFO's reader")
	}
	assertOnly(t, dir, "pipe")
}

// TestLeftoverTempFilesRemoved: a temporary file that a run killed in the
// commit window left beside its output is removed by the next run, which
// says so; one of a process still running is left alone.
func TestLeftoverTempFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.json")
	dead := filepath.Join(dir, ".report.json.deploysim-2147483000-12345.tmp")
	alive := filepath.Join(dir, ".report.json.deploysim-"+strconv.Itoa(os.Getppid())+"-6789.tmp")
	write(t, dead, "half")
	write(t, alive, "busy")
	r := cli(t, args(small, "-o", out)...)
	if r.code != exitOK || !strings.Contains(r.stderr, "removed "+dead) {
		t.Errorf("status %d, stderr %q; want it to name the leftover it removed", r.code, r.stderr)
	}
	assertOnly(t, dir, filepath.Base(alive), "report.json")
}
