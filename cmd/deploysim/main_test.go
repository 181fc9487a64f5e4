package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	goldenpkg "deploysim/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata and the README samples")

func TestMain(m *testing.M) {
	// The signal test runs this test binary as the command itself.
	if os.Getenv("DEPLOYSIM_TEST_MAIN") == "1" {
		main()
	}
	// tablewriter reads character widths from the locale when it loads; in
	// a CJK locale ± – × would be two columns wide and the golden tables
	// would not match. Tests always render narrow.
	twwidth.SetEastAsian(false)
	// The table fits $COLUMNS when not on a terminal: the golden tables
	// are laid out for the default width, whatever the shell says.
	os.Unsetenv("COLUMNS")
	os.Exit(m.Run())
}

// result is what one command line did.
type result struct {
	code           int
	stdout, stderr string
}

// cli runs deploysim in-process with args.
func cli(t *testing.T, args ...string) result {
	t.Helper()
	return cliContext(t, context.Background(), args...)
}

func cliContext(t *testing.T, ctx context.Context, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := runContext(ctx, args, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

// golden compares got with testdata/name, or rewrites the file with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenpkg.Check(t, name, got, *update, "./cmd/deploysim")
}

func TestHelp(t *testing.T) {
	for _, c := range commands() {
		if c.hidden {
			continue // __complete takes every argument as a word to complete
		}
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				r := cli(t, args...)
				if r.code != exitOK || r.stderr != "" {
					t.Fatalf("got status %d, stderr %q; want 0 and nothing", r.code, r.stderr)
				}
				for _, want := range []string{"Usage: deploysim " + c.name, "Flags:", "--help", "Examples:\n  deploysim "} {
					if !strings.Contains(r.stdout, want) {
						t.Errorf("help lacks %q:\n%s", want, r.stdout)
					}
				}
			})
		}
	}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"help", "--help"}, {"help", "-h"}} {
		r := cli(t, args...)
		if r.code != exitOK || !strings.Contains(r.stdout, "Commands:") || r.stderr != "" {
			t.Errorf("%v: got status %d, stdout %q, stderr %q; want 0 and the command list", args, r.code, r.stdout, r.stderr)
		}
	}
	// No command: the same help, but on stderr with status 2.
	r := cli(t)
	if r.code != exitUsage || r.stdout != "" || !strings.Contains(r.stderr, "Commands:") {
		t.Errorf("no arguments: got status %d, stdout %q, stderr %q; want 2 and the help on stderr", r.code, r.stdout, r.stderr)
	}
}

// TestExamplesRun checks that every example in every command's help is
// a command line deploysim accepts.
func TestExamplesRun(t *testing.T) {
	cmds := commands()
	for _, c := range cmds {
		// A line ending in a backslash goes on on the next, as in a shell.
		for line := range strings.Lines(strings.ReplaceAll(c.examples, "\\\n", " ")) {
			words := strings.Fields(line)
			if len(words) < 2 || words[0] != "deploysim" || find(cmds, words[1]) == nil {
				t.Errorf("%s: example %q is not a deploysim command", c.name, line)
				continue
			}
			// Parse the flags only: running them all would be slow.
			fs, _ := newFlagSet(find(cmds, words[1]))
			if err := fs.Parse(cutShell(words[2:])); err != nil {
				t.Errorf("%s: example %q: %v", c.name, line, err)
			}
		}
	}
}

// cutShell drops what follows a shell operator (|, &&, >).
func cutShell(words []string) []string {
	for i, w := range words {
		switch w {
		case "|", "&&", ">", "#":
			return words[:i]
		}
	}
	return words
}

func TestUnknownCommand(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"rnu"}, `deploysim: unknown command "rnu"; did you mean run? (see deploysim --help)` + "\n"},
		{[]string{"valdate", "x.yaml"}, `deploysim: unknown command "valdate"; did you mean validate? (see deploysim --help)` + "\n"},
		{[]string{"simulate"}, `deploysim: unknown command "simulate" (see deploysim --help)` + "\n"},
		{[]string{"-n", "5"}, "deploysim: -n: name a command first, then its flags, as in deploysim run -n (see deploysim --help)\n"},
	} {
		r := cli(t, tt.args...)
		if r.code != exitUsage || r.stderr != tt.want || r.stdout != "" {
			t.Errorf("%v: got status %d, stderr %q; want 2, %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := cli(t, args...)
		if r.code != exitOK || !strings.HasPrefix(r.stdout, "deploysim "+versionString()+" (go") {
			t.Errorf("%v: got status %d, %q; want 0, deploysim %s (go…)", args, r.code, r.stdout, versionString())
		}
	}
}

func TestNearest(t *testing.T) {
	names := []string{"replications", "seed", "horizon", "set", "workers", "format", "output", "dora", "per-replication", "quiet"}
	for _, tt := range []struct{ in, want string }{
		{"replicatons", "replications"},
		{"sed", "seed"},
		{"horizn", "horizon"},
		{"fromat", "format"},
		{"per-rep", "per-replication"},
		{"verbose", ""},
		{"x", ""},
	} {
		if got := nearest(tt.in, names); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestHelpWidth: every line of every help fits 100 columns (examples
// go on on the next line after a backslash, as in a shell).
func TestHelpWidth(t *testing.T) {
	pages := [][]string{{"--help"}}
	for _, c := range commands() {
		pages = append(pages, []string{c.name, "--help"})
	}
	for _, args := range pages {
		r := cli(t, args...)
		for _, l := range strings.Split(r.stdout, "\n") {
			if n := utf8.RuneCountInString(l); n > 100 {
				t.Errorf("%v: a line of %d columns: %q", args, n, l)
			}
		}
	}
}
