package report

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Again is the command line that makes a product again, built the same
// way by the command line and the workshop page:
//
//	deploysim run epic-vs-continuous --set 'x=1' --replications 100 --seed 1 --horizon 365d --dora 2019  # deploysim v1.2.0
//
// The run settings are spelled out even where they are the scenario's, so
// that the line still gives the same numbers if the scenario's defaults
// change; a --set of one of them is left out, its value being in the
// flag.
type Again struct {
	// Command is deploysim's subcommand ("run"), Source the scenario's
	// name or file.
	Command, Source string
	// Own are the subcommand's own flags and values, already quoted
	// where they need it, after the source.
	Own []string
	// Sets are the --set overrides as the user typed them.
	Sets []string
	// Settings are the run settings to spell out; nil for none (a replay
	// names its replication instead).
	Settings *Settings
	// Tail comes after the settings ("--dora", "2019").
	Tail []string
	// Version is deploysim's version, written as a shell comment; empty
	// for none.
	Version string
}

// Settings are the run settings a line spells out.
type Settings struct {
	Replications int
	Seed         uint64
	HorizonHours float64
}

// settingPaths are the overrides a Settings flag replaces.
var settingPaths = map[string]bool{"replications": true, "seed": true, "horizon": true}

// Line writes the command line.
func (a Again) Line() string {
	parts := []string{"deploysim", a.Command, ShellQuote(a.Source)}
	parts = append(parts, a.Own...)
	for _, s := range a.Sets {
		path, _, ok := strings.Cut(s, "=")
		if a.Settings != nil && ok && settingPaths[strings.TrimSpace(path)] {
			continue
		}
		parts = append(parts, "--set", ShellQuote(s))
	}
	if st := a.Settings; st != nil {
		parts = append(parts,
			"--replications", strconv.Itoa(st.Replications),
			"--seed", strconv.FormatUint(st.Seed, 10),
			"--horizon", FormatHours(st.HorizonHours))
	}
	parts = append(parts, a.Tail...)
	line := strings.Join(parts, " ")
	if a.Version != "" {
		line += "  # deploysim " + a.Version
	}
	return line
}

// FormatHours writes a duration in hours in a scenario file's syntax, in
// the largest unit that gives a whole number (13w, 365d, 8h, 90m), else in
// hours with decimals; it parses back to the same number.
func FormatHours(h float64) string {
	if h == 0 {
		return "0"
	}
	for _, u := range []struct {
		name  string
		hours float64
	}{{"w", 168}, {"d", 24}, {"h", 1}, {"m", 1.0 / 60}, {"s", 1.0 / 3600}} {
		// The check repeats the parser's arithmetic (number × unit).
		n := math.Round(h / u.hours)
		if n != 0 && math.Abs(n) < 1e15 && n*u.hours == h {
			return strconv.FormatInt(int64(n), 10) + u.name
		}
	}
	// Plain decimals, as the parser reads them: never an exponent.
	return strconv.FormatFloat(h, 'f', -1, 64) + "h"
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// ShellQuote quotes s for a POSIX shell if it needs it. A name with a
// control character (a newline) is written $'…' with escapes: inside
// plain quotes the newline would be shown as a space, and pasting the
// line would run another file.
func ShellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	if strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		var b strings.Builder
		b.WriteString("$'")
		for _, c := range []byte(s) {
			switch {
			case c == '\\' || c == '\'':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20 || c == 0x7f:
				fmt.Fprintf(&b, `\x%02x`, c)
			default:
				b.WriteByte(c)
			}
		}
		return b.String() + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
