package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal. Only an *os.File can be.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

const (
	// progressDelay keeps short runs silent: no line flashes by.
	progressDelay = 300 * time.Millisecond
	// progressEvery throttles redrawing to about ten times a second.
	progressEvery = 100 * time.Millisecond
)

// progress draws one status line on a terminal and redraws it in place:
//
//	replications 120/1000 · 45/s · 20s left
type progress struct {
	w     io.Writer
	now   func() time.Time
	start time.Time
	last  time.Time // when the line was last drawn
	width int       // characters on the line now, to clear them
}

func newProgress(w io.Writer, now func() time.Time) *progress {
	return &progress{w: w, now: now, start: now()}
}

// update is a progress callback for models.Experiment.Run: done of total
// replications have finished.
func (p *progress) update(done, total int) {
	t := p.now()
	elapsed := t.Sub(p.start)
	if done >= total || elapsed < progressDelay || t.Sub(p.last) < progressEvery {
		return
	}
	p.last = t
	line := progressLine(done, total, elapsed)
	n := utf8.RuneCountInString(line)
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", max(0, p.width-n)))
	p.width = n
}

// clear erases the line, leaving the cursor at its start.
func (p *progress) clear() {
	if p.width > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
		p.width = 0
	}
}

// progressLine formats the status after done of total replications in
// elapsed time.
func progressLine(done, total int, elapsed time.Duration) string {
	s := fmt.Sprintf("replications %d/%d", done, total)
	if done == 0 || elapsed <= 0 {
		return s
	}
	rate := float64(done) / elapsed.Seconds()
	if rate >= 10 {
		s += fmt.Sprintf(" · %.0f/s", rate)
	} else {
		s += fmt.Sprintf(" · %.1f/s", rate)
	}
	left := time.Duration(float64(total-done) / rate * float64(time.Second))
	return s + " · " + formatLeft(left) + " left"
}

// formatLeft writes a remaining time to the second: 20s, 3m05s, 1h02m.
func formatLeft(d time.Duration) string {
	s := int64((d + time.Second - 1) / time.Second) // round up: never "0s left" too early
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	default:
		return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	}
}
