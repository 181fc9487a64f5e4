package reports

import (
	"bytes"
	"errors"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"deploysim/dora"
	"deploysim/metrics"
)

func TestMarkdownReportGolden(t *testing.T) {
	meta := syntheticMeta
	meta.Version = "v0.0.0-test"
	meta.Sources = []string{"a synthetic year"}
	meta.Assumptions = []metrics.ArmAssumptions{
		{Arm: "quarterly-manual", Params: []metrics.Assumption{{Path: "release.every", Value: "13w", Unit: "duration", Doc: "Train interval.", Reason: "assumption: a quarterly train"}}},
		{Arm: "continuous-delivery", Params: []metrics.Assumption{{Path: "release.every", Value: "1d", Unit: "duration", Doc: "Train interval.", Reason: ""}}},
		{Arm: "continuous-deployment", Params: []metrics.Assumption{{Path: "release.every", Value: "1d", Unit: "duration", Doc: "Train | interval.", Reason: "a | pipe"}}},
	}
	r := NewReport(synthetic(8), meta, 0)
	var buf bytes.Buffer
	if err := writeMarkdownReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, a := range r.Summary.Arms {
		if !strings.Contains(md, a.Name) || !strings.Contains(md, a.Title) {
			t.Errorf("Markdown lacks arm %q (%q)", a.Name, a.Title)
		}
	}
	for _, m := range metrics.All() {
		if !strings.Contains(md, mdEscape(strings.TrimSpace(m.Label))) {
			t.Errorf("Markdown lacks metric %q", m.Label)
		}
	}
	golden(t, "report.md.golden", buf.Bytes())
}

func TestMarkdownReportEscapes(t *testing.T) {
	meta := syntheticMeta
	meta.Story = "<script>alert(1)</script> | *not bold*"
	meta.Title = "A [link](javascript:alert(2))"
	r := NewReport(synthetic(2), meta, 0)
	var buf bytes.Buffer
	if err := writeMarkdownReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	if strings.Contains(md, "<script") || strings.Contains(md, "*not bold*") {
		t.Errorf("Markdown has the story unescaped:\n%s", md)
	}
	if !strings.Contains(md, `&lt;script&gt;alert(1)&lt;/script&gt; \| \*not bold\*`) {
		t.Errorf("Markdown lacks the escaped story")
	}
}

// imageRE matches a Markdown image and captures its file.
var imageRE = regexp.MustCompile(`!\[[^\]]*\]\(([^)]+)\)`)

func TestWriteReportDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "report")
	r := builtins(t)["knight-capital-2012"]
	written, err := writeReportDir(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range written {
		names = append(names, filepath.Base(p))
	}
	want := []string{"report.html", "report.md",
		"loss.png", "loss.svg", "dora.png", "dora.svg", "recovery.png", "recovery.svg",
		"lead-time.png", "lead-time.svg", "year.png", "year.svg"}
	if !slices.Equal(names, want) {
		t.Errorf("wrote %v, want %v", names, want)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(want) {
		var got []string
		for _, e := range entries {
			got = append(got, e.Name())
		}
		t.Errorf("directory holds %v, want only %v (no temporary files)", got, want)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	images := imageRE.FindAllSubmatch(md, -1)
	if len(images) != 5 {
		t.Errorf("report.md shows %d images, want 5", len(images))
	}
	for _, m := range images {
		f, err := os.Open(filepath.Join(dir, string(m[1])))
		if err != nil {
			t.Errorf("report.md shows %s: %v", m[1], err)
			continue
		}
		if _, err := png.DecodeConfig(f); err != nil {
			t.Errorf("%s: %v", m[1], err)
		}
		f.Close()
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	checkHTML(t, r, html)
}

func TestWriteFileAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.md")
	for _, text := range []string{"first", "second"} {
		if err := writeFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, text); return err }); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != text {
			t.Errorf("got %q, %v; want %q", got, err, text)
		}
	}
	// A failed write leaves the previous file whole and no temporary file.
	fail := errors.New("disk on fire")
	if err := writeFileAtomic(path, func(w io.Writer) error { io.WriteString(w, "half"); return fail }); !errors.Is(err, fail) {
		t.Errorf("got %v, want %v", err, fail)
	}
	if got, _ := os.ReadFile(path); string(got) != "second" {
		t.Errorf("after a failed write: got %q, want %q", got, "second")
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("got %d files, want 1 (no temporary file left)", len(entries))
	}
}

// TestMarkdownWithoutPictures: the Markdown of standard output is the
// Markdown report, line for line, but for its pictures: one template, one
// page model.
func TestMarkdownWithoutPictures(t *testing.T) {
	r := NewReport(synthetic(8), syntheticMeta, dora.DORA2019)
	var full, bare bytes.Buffer
	if err := writeMarkdownReport(&full, r); err != nil {
		t.Fatal(err)
	}
	if err := writeMarkdown(&bare, &r.Summary); err != nil {
		t.Fatal(err)
	}
	cut := func(s string) (before, after string) {
		i, j := strings.Index(s, "## Pictures"), strings.Index(s, "## Assumptions")
		if i < 0 || j < i {
			t.Fatalf("no pictures section in:\n%s", s)
		}
		return s[:i], s[j:]
	}
	fb, fa := cut(full.String())
	bb, ba := cut(bare.String())
	if fb != bb || fa != ba {
		t.Error("WriteMarkdown and WriteMarkdownReport differ outside the pictures")
	}
	if strings.Contains(bare.String(), ".png") || !strings.Contains(full.String(), "loss.png") {
		t.Error("want the images linked in the report only")
	}
}
