package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// smallCase keeps a case quick under the race detector.
var smallCase = []string{"--samples", "2", "--replications", "1"}

func TestCaseBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	template := string(mustRead(t, "../../scenarios/case-template.yaml"))
	if err := os.WriteFile(bad, []byte(strings.Replace(template, "case.investment: {low: 400_000, high: 1_000_000}", "case.investment: {low: 900_000, high: 100_000}", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"negative investment", []string{"case", "cd-business-case", "--investment", "-5"}, "--investment -5: must be in [0,1e+15], got -5"},
		{"discount 100%", []string{"case", "cd-business-case", "--discount-rate", "100%"}, "--discount-rate 100%: must be in [0%,100%), got 100%"},
		{"from = to", []string{"case", "cd-business-case", "--from", "quarterly-manual", "--to", "quarterly-manual"}, "--to quarterly-manual: must differ from case.from (\"quarterly-manual\")"},
		{"unknown arm", []string{"case", "cd-business-case", "--to", "contnuous-delivery"}, "no arm named \"contnuous-delivery\"; did you mean continuous-delivery?"},
		{"interval low > high", []string{"case", bad}, "bad.yaml:"},
		{"no case section", []string{"case", "epic-vs-continuous"}, "has no case: section"},
		{"bad extension", []string{"case", "cd-business-case", "-o", "x.docx"}, "-o x.docx: want a file ending in .pdf, .html, .md, .csv, .json, .xlsx or .txt"},
		{"bad paper", []string{"case", "cd-business-case", "--paper", "a3"}, "--paper \"a3\": want a4 or letter"},
		{"no scenario", []string{"case"}, "name one scenario"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cli(t, append(tc.args, smallCase...)...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("got status %d, stderr %q; want 2 and %q", r.code, r.stderr, tc.want)
			}
			if strings.Contains(r.stderr, "goroutine") || strings.Count(strings.TrimSpace(r.stderr), "\n") > 3 {
				t.Errorf("want a short message, got %q", r.stderr)
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestInitCase: the template is written, validates and runs as written;
// an existing file is left alone.
func TestInitCase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "my-case.yaml")
	if r := cli(t, "init", "--case", path); r.code != exitOK || !strings.Contains(r.stdout, "deploysim case") {
		t.Fatalf("init --case: status %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if r := cli(t, "init", "--case", path); r.code != exitUsage || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("init --case over a file: status %d, %q; want 2 and already exists", r.code, r.stderr)
	}
	if r := cli(t, "validate", path); r.code != exitOK {
		t.Fatalf("validate: status %d: %s", r.code, r.stderr)
	}
	pdf := filepath.Join(dir, "case.pdf")
	r := cli(t, append([]string{"case", path, "-o", pdf, "-q"}, smallCase...)...)
	if r.code != exitOK {
		t.Fatalf("case: status %d: %s", r.code, r.stderr)
	}
	if b := mustRead(t, pdf); !strings.HasPrefix(string(b), "%PDF-") {
		t.Errorf("%s is not a PDF", pdf)
	}
}

// TestCaseOutputs: every format, from the flag or from -o's extension,
// and --report DIR.
func TestCaseOutputs(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "table"}, "NPV over 3 years"},
		{[]string{"--format", "markdown"}, "## Annual savings by source"},
		{[]string{"--format", "csv"}, "quantity,unit,mean,p5,p50,p95"},
		{[]string{"--format", "json"}, `"command": "deploysim case testdata/case.yaml --seed 3  # deploysim`},
		{[]string{"-o", filepath.Join(dir, "c.html")}, ""},
		{[]string{"-o", filepath.Join(dir, "c.xlsx"), "--cash-flow", filepath.Join(dir, "cf.csv")}, ""},
		{[]string{"--report", filepath.Join(dir, "rep"), "-q"}, "DORA's ROI formula"},
	} {
		r := cli(t, append([]string{"case", "testdata/case.yaml"}, tc.args...)...)
		if r.code != exitOK || !strings.Contains(r.stdout, tc.want) {
			t.Errorf("%v: status %d, stderr %q, stdout %.300q", tc.args, r.code, r.stderr, r.stdout)
		}
	}
	if b := mustRead(t, filepath.Join(dir, "c.html")); !strings.Contains(string(b), "<svg ") {
		t.Error("c.html has no plot")
	}
	if b := mustRead(t, filepath.Join(dir, "c.xlsx")); !strings.HasPrefix(string(b), "PK") {
		t.Error("c.xlsx is not a workbook (a zip)")
	}
	if b := mustRead(t, filepath.Join(dir, "cf.csv")); !strings.HasPrefix(string(b), "month,ramp (share of full saving),investment (") {
		t.Errorf("cf.csv: %.200q, want the monthly cash flow with units in its header", b)
	}
	for _, f := range []string{"case.html", "case.pdf", "case.md", "case.xlsx", "cashflow.csv", "cashflow.png", "npv.svg", "horizon.svg"} {
		if _, err := os.Stat(filepath.Join(dir, "rep", f)); err != nil {
			t.Error(err)
		}
	}
}
