package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// clock is a fake time source that tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestProgress(t *testing.T) {
	var out bytes.Buffer
	c := &clock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := newProgress(&out, c.now)

	// Nothing for a short run.
	c.t = c.t.Add(100 * time.Millisecond)
	p.update(4, 1000)
	if out.Len() != 0 {
		t.Fatalf("drew %q before %v", out.String(), progressDelay)
	}

	c.t = c.t.Add(900 * time.Millisecond) // 1s in
	p.update(5, 1000)
	want := "\rreplications 5/1000 · 5.0/s · 3m19s left"
	if out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}

	// Throttled: a tenth of a second between redraws.
	c.t = c.t.Add(50 * time.Millisecond)
	p.update(6, 1000)
	if out.String() != want {
		t.Fatalf("redrew within %v: %q", progressEvery, out.String())
	}

	// A shorter line pads over the longer one.
	out.Reset()
	c.t = c.t.Add(199*time.Second - 50*time.Millisecond) // 200s in
	p.update(999, 1000)
	want = "\rreplications 999/1000 · 5.0/s · 1s left"
	if got := out.String(); got != want+" " {
		t.Fatalf("got %q, want %q and one space", got, want)
	}

	// The last replication draws nothing; clear erases the line.
	out.Reset()
	c.t = c.t.Add(time.Second)
	p.update(1000, 1000)
	p.clear()
	width := len([]rune("replications 999/1000 · 5.0/s · 1s left"))
	if got, want := out.String(), "\r"+strings.Repeat(" ", width)+"\r"; got != want {
		t.Fatalf("clear: got %q, want %q", got, want)
	}
	out.Reset()
	p.clear()
	if out.Len() != 0 {
		t.Errorf("a second clear wrote %q", out.String())
	}
}

func TestProgressLine(t *testing.T) {
	for _, tt := range []struct {
		done, total int
		elapsed     time.Duration
		want        string
	}{
		{0, 100, time.Second, "replications 0/100"},
		{120, 1000, 2 * time.Second, "replications 120/1000 · 60/s · 15s left"},
		{3, 1000, 2 * time.Second, "replications 3/1000 · 1.5/s · 11m05s left"},
		{1, 10000, 2 * time.Second, "replications 1/10000 · 0.5/s · 5h33m left"},
	} {
		if got := progressLine(tt.done, tt.total, tt.elapsed); got != tt.want {
			t.Errorf("progressLine(%d, %d, %v) = %q, want %q", tt.done, tt.total, tt.elapsed, got, tt.want)
		}
	}
}

// TestNoProgressWhenPiped checks that a run whose stderr is not a
// terminal writes nothing there.
func TestNoProgressWhenPiped(t *testing.T) {
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is a terminal")
	}
	r := cli(t, small...)
	if r.stderr != "" {
		t.Errorf("stderr: got %q, want nothing", r.stderr)
	}
}
