package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// deploysimOnPath puts a deploysim on PATH that is this test binary
// running main (see TestMain), for the shells' scripts to call.
func deploysimOnPath(t *testing.T) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	script := "#!/bin/sh\nDEPLOYSIM_TEST_MAIN=1 exec " + shellQuote(exe) + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(dir, "deploysim"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// TestCompletionBash sources the bash script in a real bash, sets
// COMP_LINE, COMP_POINT, COMP_WORDS and COMP_CWORD as bash does on Tab,
// calls the completion function and reads COMPREPLY.
func TestCompletionBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	deploysimOnPath(t)
	script := filepath.Join(t.TempDir(), "deploysim.bash")
	r := cli(t, "completion", "bash")
	if r.code != exitOK {
		t.Fatalf("completion bash: status %d, %s", r.code, r.stderr)
	}
	if err := os.WriteFile(script, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		line      string
		want, not []string
		exactly   bool
	}{
		{line: "deploysim ru", want: []string{"run"}, exactly: true},
		{line: "deploysim s", want: []string{"sweep", "sensitivity", "show", "schema", "serve"}, not: []string{"__complete"}},
		{line: "deploysim run kni", want: []string{"knight-capital-2012"}},
		{line: "deploysim run --repl", want: []string{"--replications"}, exactly: true},
		{line: "deploysim run --format ", want: []string{"table", "markdown", "html", "csv", "json", "pdf", "xlsx"}, exactly: true},
		{line: "deploysim run --format=j", want: []string{"json"}, exactly: true},
		{line: "deploysim run knight-capital-2012 --arms ", want: []string{"as-it-was", "automated-consistency-check", "canary-kill-switch"}, exactly: true},
		{line: "deploysim sensitivity --arm con", want: []string{"continuous-delivery", "continuous-deployment"}, exactly: true},
		{line: "deploysim sweep --vary arms.quarterly-manual.pipeline.manual-r",
			want: []string{"arms.quarterly-manual.pipeline.manual-regression.catch_prob="}, not: []string{"arms.quarterly-manual.release.every="}},
		{line: "deploysim run --set arms.quarterly-manual.release.ev", want: []string{"arms.quarterly-manual.release.every="}, exactly: true},
		{line: "deploysim completion ", want: []string{"bash", "zsh", "fish", "powershell"}, exactly: true},
		{line: "deploysim help sw", want: []string{"sweep"}, exactly: true},
	} {
		words := strings.Fields(tc.line)
		if strings.HasSuffix(tc.line, " ") {
			words = append(words, "")
		}
		prog := "source " + shellQuote(script) + "\n" +
			"COMP_LINE=" + shellQuote(tc.line) + "\nCOMP_POINT=${#COMP_LINE}\n" +
			"COMP_WORDS=(" + quoteAll(words) + ")\nCOMP_CWORD=" + itoa(len(words)-1) + "\n" +
			"_deploysim\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
		out, err := exec.Command(bash, "--norc", "--noprofile", "-c", prog).CombinedOutput()
		if err != nil {
			t.Errorf("%q: bash: %v\n%s", tc.line, err, out)
			continue
		}
		got := strings.Fields(string(out))
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: COMPREPLY %q lacks %q", tc.line, got, w)
			}
		}
		for _, w := range tc.not {
			if slices.Contains(got, w) {
				t.Errorf("%q: COMPREPLY %q has %q", tc.line, got, w)
			}
		}
		if tc.exactly && len(got) != len(tc.want) {
			t.Errorf("%q: COMPREPLY %q, want exactly %q", tc.line, got, tc.want)
		}
	}
}

// TestCompletionScripts: every shell's script is printed, bash's parses
// (bash -n), and zsh's and fish's where those shells are installed; an
// unknown shell is a usage error.
func TestCompletionScripts(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := cli(t, "completion", shell)
		if r.code != exitOK || !strings.Contains(r.stdout, "__complete") {
			t.Errorf("completion %s: status %d, %q", shell, r.code, r.stderr)
			continue
		}
		check := map[string][]string{"bash": {"bash", "-n"}, "zsh": {"zsh", "-n"}, "fish": {"fish", "--no-execute"}}[shell]
		if check == nil {
			continue
		}
		if _, err := exec.LookPath(check[0]); err != nil {
			continue
		}
		f := filepath.Join(t.TempDir(), shell)
		if err := os.WriteFile(f, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(check[0], append(check[1:], f)...).CombinedOutput(); err != nil {
			t.Errorf("%s does not parse its script: %v\n%s", shell, err, out)
		}
	}
	if r := cli(t, "completion", "tcsh"); r.code != exitUsage || !strings.Contains(r.stderr, "bash, zsh, fish or powershell") {
		t.Errorf("completion tcsh: status %d, %q; want 2 and the shells", r.code, r.stderr)
	}
}

// TestCompleteCommands: the candidates come from the command table, so a
// command added to it completes, and its flags too; hidden ones do not.
func TestCompleteCommands(t *testing.T) {
	cands, _ := complete([]string{""})
	for _, c := range commands() {
		if slices.Contains(cands, c.name) == c.hidden {
			t.Errorf("command %s (hidden %v): in the candidates %v", c.name, c.hidden, cands)
		}
		if c.hidden || c.rawArgs {
			continue
		}
		flags, _ := complete([]string{c.name, "--"})
		fs, _ := newFlagSet(c)
		if n := strings.Count(fs.FlagUsages(), "--"); len(flags) == 0 || n < len(flags) {
			t.Errorf("%s: flags %v", c.name, flags)
		}
		if !slices.Contains(flags, "--help") {
			t.Errorf("%s: --help is not a candidate: %v", c.name, flags)
		}
	}
}

// TestUsageChoices reads the choices of a flag from its help.
func TestUsageChoices(t *testing.T) {
	for usage, want := range map[string]string{
		"output `FORMAT`: table, markdown, csv, json or html (a page; default table)":                                         "table markdown csv json html",
		"table `LAYOUT`: wide (every statistic), compact (one line per cell), transposed (arms as rows), or auto: the widest": "wide compact transposed auto",
		"run `N` replications": "",
	} {
		if got := strings.Join(usageChoices(usage), " "); got != want {
			t.Errorf("usageChoices(%q) = %q, want %q", usage, got, want)
		}
	}
}

// TestMan renders the manual page with groff (man's formatter), with
// every warning on: no warning, and every command and flag is in it.
// Without groff it checks the page's structure only, unless
// DEPLOYSIM_REQUIRE_GROFF=1 (CI), where it fails.
func TestMan(t *testing.T) {
	r := cli(t, "man")
	if r.code != exitOK || r.stderr != "" {
		t.Fatalf("man: status %d, %q", r.code, r.stderr)
	}
	page := r.stdout
	for _, want := range []string{".TH DEPLOYSIM 1", ".SH NAME", ".SH SYNOPSIS", ".SH COMMANDS", ".SH EXIT STATUS"} {
		if !strings.Contains(page, want+" ") && !strings.Contains(page, want+"\n") {
			t.Errorf("the page lacks %s", want)
		}
	}
	groff, err := exec.LookPath("groff")
	if err != nil {
		if os.Getenv("DEPLOYSIM_REQUIRE_GROFF") == "1" {
			t.Fatal("groff is not installed (apt-get install groff-base)")
		}
		t.Skip("no groff: the page's structure is checked, not its rendering")
	}
	cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-rLL=100n")
	cmd.Stdin = strings.NewReader(page)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("groff: %v\n%s", err, stderr.String())
	}
	// groff's utf8 output overstrikes bold with backspaces: drop them.
	text := string(out)
	for strings.Contains(text, "\b") {
		i := strings.Index(text, "\b")
		text = text[:i-1] + text[i+1:]
	}
	text = strings.ReplaceAll(text, "‐", "-") // groff's hyphen
	for _, c := range commands() {
		if c.hidden {
			if strings.Contains(text, "deploysim "+c.name) {
				t.Errorf("the page shows the hidden command %s", c.name)
			}
			continue
		}
		if !strings.Contains(text, "deploysim "+c.name) {
			t.Errorf("the page lacks the command %s", c.name)
		}
	}
	for _, flag := range []string{"--replications", "--vary", "--set", "--width", "--investment"} {
		if !strings.Contains(text, flag) {
			t.Errorf("the page lacks the flag %s", flag)
		}
	}
}

func quoteAll(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = shellQuote(w)
	}
	return strings.Join(q, " ")
}

func itoa(n int) string { return strconv.Itoa(n) }
