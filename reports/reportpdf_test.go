package reports

import (
	"deploysim/report/render"

	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"deploysim/dora"
	"deploysim/metrics"
)

// pdfText returns the text of a PDF as pdftotext -layout reads it, or
// skips the test without the tool (fails with
// DEPLOYSIM_REQUIRE_PDFTOTEXT set, as CI does).
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("DEPLOYSIM_REQUIRE_PDFTOTEXT") != "" {
			t.Fatal("pdftotext not found, and DEPLOYSIM_REQUIRE_PDFTOTEXT is set: install poppler-utils")
		}
		t.Skip("pdftotext not found (install poppler-utils to read the PDF back)")
	}
	cmd := exec.Command(tool, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

var pageOfRE = regexp.MustCompile(`page (\d+) of (\d+)`)

// unicodeTitle is a title in letters outside Windows-1252 (Polish,
// Greek, Cyrillic) and symbols the reports use, which the PDF's standard
// fonts printed as "." ("Wdro.enia w .odzi").
const unicodeTitle = "Wdrożenia w Łodzi: Ελληνικά, Кириллица, ≤ 5% ≥ σ → ∞"

// checkPDFFonts checks with pdffonts (poppler-utils, as pdftotext) that
// the PDF embeds every font it uses, each with a Unicode map.
func checkPDFFonts(t *testing.T, b []byte) {
	t.Helper()
	tool, err := exec.LookPath("pdffonts")
	if err != nil {
		if os.Getenv("DEPLOYSIM_REQUIRE_PDFTOTEXT") != "" {
			t.Fatal("pdffonts not found, and DEPLOYSIM_REQUIRE_PDFTOTEXT is set: install poppler-utils")
		}
		t.Skip("pdffonts not found (install poppler-utils)")
	}
	cmd := exec.Command(tool, "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", out)
	}
	// name, type..., encoding, emb, sub, uni, object, ID: the three
	// yes/no columns come fifth to third from the end.
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		if len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-3] != "yes" {
			t.Errorf("a font is not embedded with a Unicode map:\n%s", out)
		}
	}
}

// TestReportPDF: the run report as a PDF holds the headline numbers of
// every arm as the table shows them, their DORA clusters with the
// edition, the noise note and the command, on a sensible number of
// numbered pages, and the same report gives the same bytes.
func TestReportPDF(t *testing.T) {
	rep := *builtins(t)["epic-vs-continuous"]
	rep.Summary.Title = unicodeTitle
	r := &rep
	var buf bytes.Buffer
	if err := writeReportPDF(&buf, r, render.A4); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:min(16, len(b))])
	}
	pages := len(pdfPageObject.FindAll(b, -1))
	// A page of numbers, the five figures on two to four pages, the
	// clusters and assumptions on one or two.
	if pages < 3 || pages > 8 {
		t.Errorf("got %d pages, want 3 to 8", pages)
	}
	if !raceDetector {
		var again bytes.Buffer
		if err := writeReportPDF(&again, r, render.A4); err != nil || !bytes.Equal(b, again.Bytes()) {
			t.Errorf("the same report gave different PDFs (%v)", err)
		}
	}
	text := pdfText(t, b)
	checkPDFFonts(t, b)
	if n := strings.Count(strings.TrimRight(text, "\f"), "\f") + 1; n != pages {
		t.Errorf("pdftotext read %d pages, the file has %d", n, pages)
	}
	for i, m := range pageOfRE.FindAllStringSubmatch(text, -1) {
		if m[1] != strconv.Itoa(i+1) || m[2] != strconv.Itoa(pages) {
			t.Errorf("footer %d reads %q, want page %d of %d", i+1, m[0], i+1, pages)
		}
	}
	s := &r.Summary
	// The title as written; the story whole, every paragraph; each arm
	// behind its marker in the plots.
	want := []string{unicodeTitle, "DORA " + s.Edition.String() + " cluster", "Reproduce it:", s.Command, NoiseNote[:40]}
	pg := newPage(s)
	if len(pg.Story) < 2 {
		t.Fatalf("the story has %d paragraphs; the test wants a story of several", len(pg.Story))
	}
	want = append(want, pg.Story...)
	for _, a := range pg.Arms {
		want = append(want, render.PDFReplacer.Replace(a.Marker)+" "+a.Name)
	}
	for _, key := range []string{metrics.LossPerYear, metrics.DeploysPerYear, metrics.ChangeFailureRate, metrics.ImpactMinutesPerYear} {
		m := metrics.Index(key)
		for _, cell := range metricCells(s, m) {
			want = append(want, strings.TrimSpace(strings.TrimPrefix(cell[0], bestMark)))
		}
	}
	for _, a := range s.Arms {
		want = append(want, a.Name, doraCell(a.Dora.Clusters()[0], ratedAmount(s.Edition, dora.DeploymentFrequency, metrics.All()[metrics.Index(metrics.DeploysPerYear)], a.Dora.Values[0])))
	}
	flat := strings.Join(strings.Fields(text), " ")
	for _, w := range want {
		if !strings.Contains(flat, strings.Join(strings.Fields(w), " ")) {
			t.Errorf("the PDF's text lacks %q", w)
		}
	}
	figs, err := r.figures()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		if !strings.Contains(flat, f.Heading) {
			t.Errorf("the PDF lacks figure %q", f.Heading)
		}
	}

	// Letter gives Letter pages (slow tier: another rendering of every
	// figure).
	if testing.Short() {
		return
	}
	buf.Reset()
	if err := writeReportPDF(&buf, r, render.Letter); err != nil {
		t.Fatal(err)
	}
	info := exec.Command("pdfinfo", "-")
	info.Stdin = bytes.NewReader(buf.Bytes())
	if out, err := info.Output(); err == nil && !strings.Contains(string(out), "612 x 792") {
		t.Errorf("Letter: pdfinfo says:\n%s", out)
	}
}
