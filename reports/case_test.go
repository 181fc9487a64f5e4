package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"deploysim/bizcase"
	"deploysim/report/render"
	"deploysim/scenarios"
)

// builtinCase is the built-in business case with small sample counts,
// run once for every test that reads it.
var builtinCase struct {
	once sync.Once
	r    *CaseReport
	err  error
}

func caseReport(t *testing.T) *CaseReport {
	t.Helper()
	builtinCase.once.Do(func() {
		sc, err := scenarios.Load("cd-business-case")
		if err == nil {
			sc, err = sc.With("case.samples=6", "case.replications=2")
		}
		if err != nil {
			builtinCase.err = err
			return
		}
		res, err := bizcase.Run(context.Background(), sc, bizcase.Options{})
		if err != nil {
			builtinCase.err = err
			return
		}
		builtinCase.r = &CaseReport{Result: res, Command: "deploysim case cd-business-case --samples 6 --replications 2 --seed 1  # deploysim test",
			Version: "test", Sources: sc.Sources, Story: sc.Story}
	})
	if builtinCase.err != nil {
		t.Fatal(builtinCase.err)
	}
	return builtinCase.r
}

// TestCaseGolden keeps the built-in case's renderings. The numbers move
// whenever the model does: regenerate with go test ./reports -update and
// read the diff.
func TestCaseGolden(t *testing.T) {
	r := caseReport(t)
	for _, tc := range []struct {
		file  string
		write func(io.Writer) error
	}{
		{"case.json.golden", func(w io.Writer) error { return WriteCaseJSON(w, r) }},
		{"case.table.golden", func(w io.Writer) error { return WriteCaseTable(w, r) }},
		{"case.md.golden", func(w io.Writer) error { return WriteCaseMarkdown(w, r) }},
		{"case.csv.golden", func(w io.Writer) error { return WriteCaseCSV(w, r) }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.file, buf.Bytes())
		})
	}
}

// TestCaseJSON: the JSON is valid, and its numbers are the result's.
func TestCaseJSON(t *testing.T) {
	r := caseReport(t)
	var buf bytes.Buffer
	if err := WriteCaseJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		NPV           struct{ P50 float64 } `json:"npv"`
		Probabilities map[string]float64
		Drivers       []struct{ Path string }
		CashFlow      struct{ Months []int } `json:"cumulative_cash_flow"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	if doc.NPV.P50 != r.NPV.P50 || doc.Probabilities["npv_negative"] != r.ProbLoss || len(doc.Drivers) != len(r.Drivers) {
		t.Errorf("got NPV p50 %g, P(loss) %g, %d drivers; want %g, %g, %d", doc.NPV.P50, doc.Probabilities["npv_negative"], len(doc.Drivers), r.NPV.P50, r.ProbLoss, len(r.Drivers))
	}
	if got, want := len(doc.CashFlow.Months), 12*r.Case.HorizonYears+1; got != want {
		t.Errorf("got %d months of cash flow, want %d", got, want)
	}
}

// headlineNumbers are what the summary must show: the decision's words,
// the four medians and the probability of a loss.
func headlineNumbers(r *CaseReport) []string {
	var want []string
	for _, n := range r.headline() {
		want = append(want, n.Value)
	}
	return append(want, "P(NPV < 0)", r.From.Name, r.To.Name, "Reproduce it")
}

var pdfPageObject = regexp.MustCompile(`/Type /Page\b[^s]`)

// TestCasePDF: one page on A4 and on Letter, of the right size, with the
// headline numbers in its text. Reading the text back needs pdftotext
// (poppler-utils); CI installs it and sets DEPLOYSIM_REQUIRE_PDFTOTEXT so
// that a missing tool fails there instead of skipping.
func TestCasePDF(t *testing.T) {
	r := caseReport(t)
	// A title outside Windows-1252: its letters come back as written.
	res := *r.Result
	res.Title = unicodeTitle
	r = &CaseReport{Result: &res, Command: r.Command, Version: r.Version, Sources: r.Sources, Story: r.Story}
	papers := []Paper{A4, Letter}
	if raceDetector {
		papers = papers[:1] // rasterizing the plots is twenty times slower
	}
	for _, paper := range papers {
		t.Run(paper.Name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCasePDF(&buf, r, paper); err != nil {
				t.Fatal(err)
			}
			b := buf.Bytes()
			if !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Fatalf("not a PDF: %q", b[:min(16, len(b))])
			}
			if n := len(pdfPageObject.FindAll(b, -1)); n != 1 {
				t.Errorf("got %d pages, want 1", n)
			}
			if !raceDetector {
				var again bytes.Buffer
				if err := WriteCasePDF(&again, r, paper); err != nil || !bytes.Equal(b, again.Bytes()) {
					t.Errorf("the same report gave different PDFs (%v)", err)
				}
			}
			text := pdfText(t, b)
			checkPDFFonts(t, b)
			if flat := strings.Join(strings.Fields(text), " "); !strings.Contains(flat, unicodeTitle) {
				t.Errorf("the PDF's text lacks the title %q", unicodeTitle)
			}
			if pages := strings.Count(strings.TrimRight(text, "\f"), "\f") + 1; pages != 1 {
				t.Errorf("pdftotext read %d pages, want 1", pages)
			}
			for _, want := range headlineNumbers(r) {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF's text lacks %q:\n%s", want, text)
				}
			}
			// The savings by source, cash apart from opportunity, the
			// horizon curve's values, DORA as the comparison and every
			// warning are on the page, whole (read with the lines joined).
			flat := strings.Join(strings.Fields(text), " ")
			var wants []string
			for _, row := range r.sourceRows() {
				wants = append(wants, row[0]+" "+row[1]+" "+row[2])
			}
			wants = append(wants, "On cash alone NPV over", "For comparison only: DORA's ROI formula", "When it turns:", "Uncertain inputs, distributions:")
			for _, row := range r.rangeRows() {
				wants = append(wants, row[0]) // every uncertain input by name
			}
			for _, h := range r.Horizons {
				wants = append(wants, fmt.Sprintf("%d %s %s %s %s", h.Years, r.money(h.NPV.P50), formatProb(h.ProbPays, r.Samples), r.money(h.NPVCash.P50), formatProb(h.ProbPaysCash, r.Samples)))
			}
			if len(r.Warnings) == 0 {
				t.Fatal("the test case has no warnings to look for")
			}
			for _, w := range r.Warnings {
				wants = append(wants, "Warning: "+w)
			}
			for _, want := range wants {
				if want = strings.Join(strings.Fields(render.PDFReplacer.Replace(want)), " "); !strings.Contains(flat, want) {
					t.Errorf("the PDF's text lacks %q:\n%s", want, text)
				}
			}
			// A flag that fixes an uncertain input says so on the page.
			pinned := *r.Result
			pinned.Pinned = []bizcase.Pinned{{Path: "case.investment", Name: "investment", Value: 1.2e6, Kind: "money", By: "--investment"}}
			rp := *r
			rp.Result = &pinned
			var pb bytes.Buffer
			if err := WriteCasePDF(&pb, &rp, paper); err != nil {
				t.Fatal(err)
			}
			if pt := strings.Join(strings.Fields(pdfText(t, pb.Bytes())), " "); !strings.Contains(pt, "Investment fixed at $1.2M by --investment") {
				t.Errorf("the PDF of a pinned case lacks %q:\n%s", "Investment fixed at $1.2M by --investment", pt)
			}
			info := exec.Command("pdfinfo", "-")
			info.Stdin = bytes.NewReader(b)
			if out, err := info.Output(); err == nil {
				size := map[string]string{"A4": "595.28 x 841.89", "Letter": "612 x 792"}[paper.Name]
				if !strings.Contains(string(out), size) {
					t.Errorf("page size: want %s pts, pdfinfo says:\n%s", size, out)
				}
			}
		})
	}
}

// TestCaseHTML: one page that needs nothing else — no script, no style
// sheet, image or font fetched — with the headline numbers and the plots
// inline.
func TestCaseHTML(t *testing.T) {
	r := caseReport(t)
	var buf bytes.Buffer
	if err := WriteCaseHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"<script", "<link", "src=", "url(", "@import", "http://", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page is not self-contained: it has %q", bad)
		}
	}
	if n := strings.Count(page, "<svg "); n != 3 {
		t.Errorf("got %d inline plots, want 3 (cash flow, NPV, horizon)", n)
	}
	for _, want := range append(headlineNumbers(r)[:6], r.Decision()) {
		if !strings.Contains(page, htmlEscape(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&#39;", `"`, "&#34;").Replace(s)
}

// TestCaseDir writes every file of a case report.
func TestCaseDir(t *testing.T) {
	if raceDetector {
		// Rasterizing is twenty times slower under -race; TestCasePDF
		// rasterizes, and cmd/deploysim's --report test writes the
		// directory.
		t.Skip("slow under -race")
	}
	dir := t.TempDir()
	paths, err := WriteCaseDir(dir, caseReport(t), A4)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"case.html", "case.pdf", "case.md", "case.xlsx", "cashflow.csv", "cashflow.png", "cashflow.svg", "npv.png", "npv.svg", "horizon.png", "horizon.svg"}
	if len(paths) != len(want) {
		t.Fatalf("got %d files, want %d: %v", len(paths), len(want), paths)
	}
	for i, p := range paths {
		if !strings.HasSuffix(p, want[i]) {
			t.Errorf("file %d: got %s, want %s", i, p, want[i])
		}
		if st, err := os.Stat(p); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", p, err)
		}
	}
}

func TestFormatProb(t *testing.T) {
	for _, tc := range []struct {
		p    float64
		n    int
		want string
	}{{0, 40, "< 2.5%"}, {1, 40, "> 97.5%"}, {0.5, 40, "50%"}, {0, 1, "0%"}, {0.123, 1000, "12%"}} {
		if got := formatProb(tc.p, tc.n); got != tc.want {
			t.Errorf("formatProb(%g, %d) = %q, want %q", tc.p, tc.n, got, tc.want)
		}
	}
}

// TestRangeSpan: an uncertain input's interval is written in its unit,
// money in the scenario's currency, whatever the file wrote.
func TestRangeSpan(t *testing.T) {
	sc, err := scenarios.Parse("r.yaml", []byte(`currency: EUR
arms:
  - name: a
  - name: b
case: {from: a, to: b}
uncertain:
  defaults.money.loss_per_minute: {low: 300, high: 2500}
  defaults.money.hourly_rate: {low: 80, high: 150}
  case.investment: {low: 400_000, high: 1_000_000}
  case.running_cost: {low: 50_000, high: 200_000}
  case.transition_months: {low: 6, high: 15}
  case.dip: {low: 5%, high: 0.2}
  case.engineers: {low: 10, high: 1_200}
  defaults.work.defect_prob: {low: 0.02, high: 8%}
  defaults.recovery.triage: {low: 15m, high: 2h}
  defaults.release.every: {low: 1d, high: 13w}
  defaults.work.changes_per_day: {low: 5/day, high: 50/week}
`))
	if err != nil {
		t.Fatal(err)
	}
	r := &CaseReport{Result: &bizcase.Result{Currency: sc.Currency, Ranges: sc.Uncertain}}
	want := []string{
		"€300/min to €2.5k/min",
		"€80/person-hour to €150/person-hour",
		"€400k to €1M",
		"€50k/yr to €200k/yr",
		"6 to 15 months",
		"5% to 20%",
		"10 to 1,200",
		"2% to 8%",
		"15 min to 2 h",
		"1 d to 91 d",
		"5/day to 10/day",
	}
	rows := r.rangeRows()
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(rows), len(want))
	}
	for i, row := range rows {
		if row[2] != want[i] {
			t.Errorf("%s: got %q, want %q", row[1], row[2], want[i])
		}
	}
}
