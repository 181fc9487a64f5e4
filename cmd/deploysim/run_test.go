package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// small is a run that is quick under the race detector: five
// replications of 120 days of the default scenario.
var small = []string{"run", "--replications", "5", "--seed", "7", "--horizon", "120d"}

func args(base []string, more ...string) []string {
	return append(append([]string(nil), base...), more...)
}

func TestRunGolden(t *testing.T) {
	for _, format := range []string{"table", "markdown", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			r := cli(t, args(small, "--format", format)...)
			if r.code != exitOK || r.stderr != "" {
				t.Fatalf("got status %d, stderr %q; want 0 and nothing", r.code, r.stderr)
			}
			golden(t, "run."+format+".golden", []byte(r.stdout))
		})
	}
}

// TestRunTableByDefault checks that the table is the default, although
// standard output is not a terminal here.
func TestRunTableByDefault(t *testing.T) {
	def := cli(t, small...)
	if def.code != exitOK || def.stderr != "" {
		t.Fatalf("got status %d, stderr %q; want 0 and nothing", def.code, def.stderr)
	}
	// The same bytes as the table's golden file, which TestRunGolden
	// checks is what --format table prints.
	golden(t, "run.table.golden", []byte(def.stdout))
	if !strings.Contains(def.stdout, "Deploys") || !strings.Contains(def.stdout, "DORA 2019") {
		t.Errorf("default output is not the table:\n%s", def.stdout)
	}
}

func TestRunWorkersDoNotChangeResults(t *testing.T) {
	one := cli(t, args(small, "--format", "json", "--workers", "1")...)
	four := cli(t, args(small, "--format", "json", "--workers", "4")...)
	if one.code != exitOK || four.code != exitOK {
		t.Fatalf("got status %d and %d, want 0: %s%s", one.code, four.code, one.stderr, four.stderr)
	}
	if one.stdout != four.stdout {
		t.Errorf("--workers 1 and --workers 4 differ:\n%s\n%s", one.stdout, four.stdout)
	}
}

// TestRunCommandReproduces runs the command line a report carries and
// checks that it gives the same report.
func TestRunCommandReproduces(t *testing.T) {
	first := cli(t, "run", "-n", "3", "--horizon", "10w", "--seed", "11", "--dora", "2023", "--format", "json",
		"--set", "arms.quarterly-manual.release.every=4w",
		"--set", "seed=99", // overruled by --seed
		"--set", "title=What's changed")
	if first.code != exitOK {
		t.Fatalf("got status %d: %s", first.code, first.stderr)
	}
	var doc struct{ Command string }
	if err := json.Unmarshal([]byte(first.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	want := `deploysim run epic-vs-continuous --set arms.quarterly-manual.release.every=4w --set 'title=What'\''s changed' --replications 3 --seed 11 --horizon 10w --dora 2023  # deploysim ` + versionString()
	if doc.Command != want {
		t.Fatalf("command:\ngot  %s\nwant %s", doc.Command, want)
	}
	words := shellWords(t, strings.TrimSuffix(doc.Command, "  # deploysim "+versionString()))
	again := cli(t, append(words[1:], "--format", "json")...)
	if again.stdout != first.stdout {
		t.Errorf("the reported command gives a different report:\n%s\n%s", again.stdout, first.stdout)
	}
}

// shellWords splits a command line as a POSIX shell would, for the
// quoting shellQuote produces: words separated by spaces, '…' quotes.
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	inWord, quoted, escaped := false, false, false
	for _, r := range s {
		switch {
		case escaped:
			w.WriteRune(r)
			escaped = false
		case quoted && r == '\'':
			quoted = false
		case quoted:
			w.WriteRune(r)
		case r == '\'':
			quoted, inWord = true, true
		case r == '\\':
			escaped, inWord = true, true
		case r == ' ':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unterminated quote in %s", s)
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

func TestShellQuote(t *testing.T) {
	for _, s := range []string{"plain", "a b", "it's", "x=[{weight: 10%, bake: 1h}]", "$HOME", ""} {
		line := "deploysim " + shellQuote(s)
		got := shellWords(t, line)
		if len(got) != 2 || got[1] != s {
			t.Errorf("shellQuote(%q) = %s, which splits into %q", s, shellQuote(s), got)
		}
	}
}

func TestFormatHours(t *testing.T) {
	for _, tt := range []struct {
		hours float64
		want  string
	}{
		{0, "0"},
		{8760, "365d"},
		{17520, "730d"},
		{2184, "13w"},
		{672, "4w"},
		{8, "8h"},
		{1.5, "90m"},
		{0.75, "45m"},
		{1.0 / 7, "0.14285714285714285h"},
	} {
		if got := formatHours(tt.hours); got != tt.want {
			t.Errorf("formatHours(%g) = %q, want %q", tt.hours, got, tt.want)
		}
	}
}

// TestBadInput tries every kind of bad input: each must exit 2 with one
// line on stderr that says what to do, and print nothing on stdout.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	malformed := filepath.Join(dir, "malformed.yaml")
	write(t, malformed, "title: broken\narms: [\n")
	invalid := filepath.Join(dir, "invalid.yaml")
	write(t, invalid, "arms:\n  - name: a\n    deploy: {servers: 0}\n")
	existing := filepath.Join(dir, "existing.yaml")
	write(t, existing, "keep me\n")

	for _, tt := range []struct {
		name string
		args []string
		want string // the whole message, without the newline
	}{
		{"unknown scenario", []string{"run", "epic"},
			`deploysim run: scenario "epic": no such built-in scenario or file; did you mean epic-vs-continuous? (built-ins: batch-size, canary-vs-big-bang, cd-business-case, dora-2019, epic-vs-continuous, knight-capital-2012); deploysim list shows them`},
		{"missing file", []string{"run", filepath.Join(dir, "nope.yaml")},
			"deploysim run: scenario: open " + filepath.Join(dir, "nope.yaml") + ": no such file or directory"},
		{"unknown flag", []string{"run", "--replicatons", "3"},
			"deploysim run: unknown flag --replicatons; did you mean --replications? (see deploysim run --help)"},
		{"unknown shorthand", []string{"run", "-x"},
			"deploysim run: unknown shorthand flag: 'x' in -x (see deploysim run --help)"},
		{"flag without value", []string{"run", "--seed"},
			"deploysim run: flag needs an argument: --seed (see deploysim run --help)"},
		{"set without =", []string{"run", "--set", "horizon"},
			`--set horizon: missing "=" (use path=value, e.g. arms.quarterly-manual.release.every=30d)`},
		{"set unknown field", []string{"run", "--set", "horizn=2y"},
			`--set horizn=2y: unknown field "horizn"; did you mean horizon?`},
		{"set unknown arm", []string{"run", "--set", "arms.quartely-manual.release.every=4w"},
			`--set arms.quartely-manual.release.every=4w: no arm named "quartely-manual"; did you mean quarterly-manual? (arms: quarterly-manual, continuous-delivery, continuous-deployment)`},
		{"set bad value", []string{"run", "--set", "arms.quarterly-manual.release.every=soon"},
			`--set arms.quarterly-manual.release.every=soon: invalid duration "soon" (use e.g. 45m, 8h, 3d, 13w)`},
		{"replications 0", []string{"run", "--replications", "0"},
			"--replications 0: must be in [1,100000], got 0"},
		{"replications -n 0", []string{"run", "-n", "0"},
			"--replications 0: must be in [1,100000], got 0"},
		{"replications not a number", []string{"run", "-n", "many"},
			`--replications many: invalid whole number "many"`},
		{"negative seed", []string{"run", "--seed", "-1"},
			`--seed -1: must be a whole number in [0, 2^64), got "-1"`},
		{"bad horizon", []string{"run", "--horizon", "1 year"},
			`--horizon 1 year: invalid duration "1 year" (use e.g. 45m, 8h, 3d, 13w)`},
		{"bad format", []string{"run", "--format", "xml"},
			`deploysim run: --format "xml": want table, markdown, html, csv, json, pdf or xlsx`},
		{"unknown output extension", []string{"run", "-o", "report.docx"},
			`deploysim run: -o report.docx: unknown extension ".docx": want .txt, .md, .markdown, .html, .htm, .csv, .json, .pdf, .xlsx`},
		{"bad paper", []string{"run", "-o", "report.pdf", "--paper", "a5"},
			`deploysim run: --paper "a5": want a4 or letter`},
		{"bad layout", []string{"run", "--layout", "tall"},
			`deploysim run: --layout "tall": want auto, wide, compact or transposed`},
		{"narrow width", []string{"run", "--width", "20"},
			`deploysim run: --width 20: want 40 or more`},
		{"unknown arm", []string{"run", "--arms", "quarterly"},
			`deploysim run: --arms "quarterly": want one of quarterly-manual, continuous-delivery, continuous-deployment`},
		{"bad dora", []string{"run", "--dora", "2020"},
			`deploysim run: --dora "2020": want 2019, 2021, 2022, 2023, 2024 or 2025`},
		{"negative workers", []string{"run", "--workers", "-1"},
			"deploysim run: --workers -1: want 0 (one per CPU) or more"},
		{"workers not a number", []string{"run", "--workers", "all"},
			`deploysim run: --workers "all": want a whole number (see deploysim run --help)`},
		{"two scenarios", []string{"run", "dora-2019", "batch-size"},
			"deploysim run: one scenario at a time, got 2: dora-2019 batch-size (see deploysim run --help)"},
		{"malformed YAML", []string{"run", malformed},
			malformed + ":3: invalid YAML: did not find expected node content"},
		{"invalid scenario", []string{"run", invalid},
			invalid + ":3: arms[0].deploy.servers: must be ≥ 1, got 0"},
		{"show nothing", []string{"show"},
			"deploysim show: name one scenario (deploysim list shows the built-ins), got 0 arguments (see deploysim show --help)"},
		{"show unknown", []string{"show", "knight"},
			`deploysim show: scenario "knight": no such built-in scenario or file; did you mean knight-capital-2012? (built-ins: batch-size, canary-vs-big-bang, cd-business-case, dora-2019, epic-vs-continuous, knight-capital-2012); deploysim list shows them`},
		{"validate nothing", []string{"validate"},
			"deploysim validate: name at least one scenario file (see deploysim validate --help)"},
		{"list with argument", []string{"list", "all"},
			"deploysim list: takes no arguments, got all (see deploysim list --help)"},
		{"init over a file", []string{"init", existing},
			"deploysim init: " + existing + " already exists: use --force to overwrite it, or name another file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, tt.args...)
			if r.code != exitUsage {
				t.Errorf("got status %d, want 2", r.code)
			}
			if r.stderr != tt.want+"\n" {
				t.Errorf("stderr:\ngot  %q\nwant %q", r.stderr, tt.want+"\n")
			}
			if r.stdout != "" {
				t.Errorf("stdout: got %q, want nothing", r.stdout)
			}
		})
	}
	if got, _ := os.ReadFile(existing); string(got) != "keep me\n" {
		t.Errorf("init changed an existing file: %q", got)
	}
	assertOnly(t, dir, "existing.yaml", "invalid.yaml", "malformed.yaml")
}

// TestBadInputManyProblems checks that several problems give one line
// each.
func TestBadInputManyProblems(t *testing.T) {
	r := cli(t, "run", "--format", "xml", "--dora", "2020")
	want := "deploysim run: --format \"xml\": want table, markdown, html, csv, json, pdf or xlsx\n" +
		"deploysim run: --dora \"2020\": want 2019, 2021, 2022, 2023, 2024 or 2025\n"
	if r.code != exitUsage || r.stderr != want {
		t.Errorf("got status %d, stderr:\n%s\nwant 2 and:\n%s", r.code, r.stderr, want)
	}
	r = cli(t, "run", "-n", "0", "--horizon", "soon", "--set", "arms.continuous-delivery.deploy.servers=0")
	want = "--set arms.continuous-delivery.deploy.servers=0: must be ≥ 1, got 0\n" +
		"--replications 0: must be in [1,100000], got 0\n" +
		"--horizon soon: invalid duration \"soon\" (use e.g. 45m, 8h, 3d, 13w)\n"
	if r.code != exitUsage || r.stderr != want {
		t.Errorf("got status %d, stderr:\n%s\nwant 2 and:\n%s", r.code, r.stderr, want)
	}
}

func TestRunOutputFiles(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "report.json")
	perRep := filepath.Join(dir, "replications.csv")
	r := cli(t, args(small, "-o", report, "--per-replication", perRep)...)
	if r.code != exitOK || r.stdout != "" || r.stderr != "" {
		t.Fatalf("got status %d, stdout %q, stderr %q; want 0 and nothing", r.code, r.stdout, r.stderr)
	}
	// The format follows the extension, and the file holds what stdout
	// would have.
	got, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if want := cli(t, args(small, "--format", "json")...).stdout; string(got) != want {
		t.Errorf("%s differs from --format json on stdout", report)
	}
	rows, err := csv.NewReader(bytes.NewReader(must(os.ReadFile(perRep)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+5*3 { // a header, then 5 replications × 3 arms
		t.Errorf("%s: got %d rows, want 16", perRep, len(rows))
	}
	if fi, err := os.Stat(report); err != nil || fi.Mode().Perm() != newFileMode() {
		t.Errorf("%s: mode %v (%v), want %v (0666 less the umask)", report, fi.Mode(), err, newFileMode())
	}
	assertOnly(t, dir, "replications.csv", "report.json")

	// --format wins over the extension.
	r = cli(t, args(small, "-o", report, "--format", "csv")...)
	if r.code != exitOK || !strings.HasPrefix(string(must(os.ReadFile(report))), "scenario,arm,metric,") {
		t.Errorf("-o report.json --format csv: status %d, file does not hold CSV", r.code)
	}
}

func TestRunOutputUnwritable(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no-such-dir", "report.txt")
	r := cli(t, args(small, "-o", missing)...)
	want := "deploysim run: -o " + missing + ": directory " + filepath.Dir(missing) + " does not exist\n"
	if r.code != exitUsage || r.stderr != want {
		t.Errorf("got status %d, stderr %q; want 2, %q", r.code, r.stderr, want)
	}
}

// assertOnly checks that dir holds exactly the named files.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestRunReport(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	reportDir := filepath.Join(dir, "rep")
	r := cli(t, args(small, "-o", page, "--report", reportDir, "--quiet")...)
	if r.code != exitOK || r.stdout != "" || r.stderr != "" {
		t.Fatalf("got status %d, stdout %q, stderr %q; want 0 and nothing", r.code, r.stdout, r.stderr)
	}
	html := string(must(os.ReadFile(page)))
	if !strings.HasPrefix(strings.ToLower(html), "<!doctype html>") || !strings.Contains(html, "<svg") {
		t.Errorf("%s: want a self-contained HTML page with inline SVG, got %.80q…", page, html)
	}
	for _, arm := range []string{"quarterly-manual", "continuous-delivery", "continuous-deployment"} {
		if !strings.Contains(html, arm) {
			t.Errorf("%s: arm %s missing", page, arm)
		}
	}
	for _, name := range []string{"report.html", "report.md", "loss.png", "dora.svg"} {
		if _, err := os.Stat(filepath.Join(reportDir, name)); err != nil {
			t.Errorf("--report: %v", err)
		}
	}
	// Without --quiet the report directory is announced on stderr.
	r = cli(t, args(small, "--report", reportDir)...)
	if r.code != exitOK || !strings.Contains(r.stderr, filepath.Join(reportDir, "report.html")) {
		t.Errorf("--report: status %d, stderr %q; want it to name report.html", r.code, r.stderr)
	}
}

// TestRunPDF: -o x.pdf writes the report as a PDF on the paper asked
// for, and nothing beside it.
func TestRunPDF(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.pdf")
	r := cli(t, args(small, "-o", path, "--paper", "letter")...)
	if r.code != exitOK || r.stdout != "" || r.stderr != "" {
		t.Fatalf("got status %d, stdout %q, stderr %q; want 0 and nothing", r.code, r.stdout, r.stderr)
	}
	got := must(os.ReadFile(path))
	if !bytes.HasPrefix(got, []byte("%PDF-")) || !bytes.Contains(got, []byte("/MediaBox [0 0 612.00 792.00]")) {
		t.Errorf("%s: want a Letter PDF, got %.40q…", path, got)
	}
	assertOnly(t, dir, "report.pdf")
}
