package render

import (
	"bytes"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"deploysim/report"
)

// every is a document with a block of every kind, and text that would
// break a page if it were not escaped.
func every() *report.Doc {
	fig := &report.Figure{Name: "f", Heading: "A figure", Caption: "How to read <it>.", Width: 2 * vg.Inch, Height: vg.Inch,
		Draw: func(c draw.Canvas) { c.Fill(c.Rectangle.Path()) }}
	t := &report.Table{Class: "t", Headed: true, Legend: report.BestMarks + " the best.", ShortLegend: "short", HeadLegend: "head",
		Head: []report.Cell{report.Text(""), {Lines: []string{"arm-a"}, Mark: 0}, {Lines: []string{"arm-b"}, Mark: 1}},
		Rows: []report.Row{
			{Label: report.Text("Loss"), Head: 1, Cells: []report.Cell{report.Text(report.Best+"$1", "p5 $0"), report.Text("  $2", "p5 $1")},
				Short: []string{report.Best + "$1", "  $2"}, ShortLabel: "Loss", Column: "Loss"},
			{Label: report.Text("Group"), Group: true, Short: []string{"", ""}, ShortLabel: "Group"},
			{Label: report.Text("  part"), Part: true, Head: 1, Cells: []report.Cell{report.Text("x"), report.Text("y")},
				Short: []string{"x", "y"}, ShortLabel: "  part", Column: "part"},
		}}
	return &report.Doc{Kind: "deploysim test", Subject: "s", Title: "A <script>alert(1)</script> title", Subtitle: "run line",
		Lead: []string{"Lead | pipe."}, Story: []string{"A story with `code` and *stars*."},
		Palette: []string{"#D55E00", "#0072B2"}, Symbols: []string{"●", "■"},
		Sections: []report.Section{
			{ID: "a", Heading: "Arms", Brief: true, Blocks: []report.Block{
				{Kind: report.Items, Class: "arms", Items: []report.Item{{Mark: 0, Name: "arm-a", Tag: "baseline", Text: "First", Badge: "b", BadgeKind: "k"}, {Mark: 1, Name: "arm-b", Text: "Second"}}},
				{Kind: report.TableBlock, Table: t},
				{Kind: report.Items, Items: []report.Item{{Mark: -1, Text: "a finding"}}},
				{Kind: report.Warnings, Heading: "Warnings", Text: []string{"a warning"}},
				{Kind: report.Timeline, Heading: "Mon, day 1", Items: []report.Item{{Mark: -1, Name: "09:30", Text: "it breaks", Badge: "$1 lost so far"}}},
				{Kind: report.Note, Text: []string{"small print"}},
			}},
			{ID: "p", Heading: "Pictures", Blocks: []report.Block{{Kind: report.FigureBlock, Figure: fig}, {Kind: report.Prose, Full: true, Text: []string{"full only"}}}},
		},
		Provenance: report.Provenance{Command: "deploysim run s --seed 1", Version: "v1"},
		Data:       map[string]any{"a": 1, "b": "<x>"}, Records: [][]string{{"a", "b"}, {"1", "x,y"}},
	}
}

func TestEveryFormatWritesEveryBlock(t *testing.T) {
	d := every()
	for _, f := range Formats() {
		t.Run(f.Name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := f.Write(&a, d, Options{Width: 60}); err != nil {
				t.Fatal(err)
			}
			if err := f.Write(&b, d, Options{Width: 60}); err != nil {
				t.Fatal(err)
			}
			if a.Len() == 0 || !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatalf("empty, or two writings of the same document differ (%d and %d bytes)", a.Len(), b.Len())
			}
			out := a.String()
			switch f.Name {
			case "html":
				for _, want := range []string{"&lt;script&gt;", "<strong>$1</strong>", "Bold marks the best.", `class="marker arm-1"`, "09:30", "<figure id=\"figure-f\">", "full only", "deploysim run s --seed 1"} {
					if !strings.Contains(out, want) {
						t.Errorf("no %q in the page", want)
					}
				}
				if strings.Contains(out, "<script>") {
					t.Error("the title's <script> is not escaped")
				}
			case "markdown":
				for _, want := range []string{"&lt;script&gt;", "**\\$1**", "\\*stars\\*", "Lead \\| pipe.", "- **09:30** it breaks · \\$1 lost so far", "The pictures are not on this page", "| **Loss** |", "| ↳ part |"} {
					if !strings.Contains(out, want) {
						t.Errorf("no %q in the page:\n%s", want, out)
					}
				}
			case "table":
				for _, want := range []string{"* $1", "  09:30  it breaks  · $1 lost so far", "warning: a warning", "$ deploysim run s --seed 1", "* marks the best."} {
					if !strings.Contains(out, want) {
						t.Errorf("no %q in the table:\n%s", want, out)
					}
				}
				for _, not := range []string{"full only", "A story", "A figure"} {
					if strings.Contains(out, not) {
						t.Errorf("the terminal shows %q, which is for the pages", not)
					}
				}
				for _, l := range strings.Split(out, "\n") {
					if len([]rune(l)) > 60 {
						t.Errorf("a line wider than 60 columns: %q", l)
					}
				}
			case "csv":
				if out != "a,b\n1,\"x,y\"\n" {
					t.Errorf("csv: %q", out)
				}
			case "json":
				if !strings.Contains(out, `"b": "<x>"`) {
					t.Errorf("json: %s", out)
				}
			case "pdf":
				if !strings.HasPrefix(out, "%PDF-") {
					t.Errorf("not a PDF: %.20q", out)
				}
			}
		})
	}
}

func TestNamedAndForPath(t *testing.T) {
	for path, want := range map[string]string{"x.txt": "table", "X.MD": "markdown", "a/b.htm": "html", "r.pdf": "pdf", "r.csv": "csv", "r.json": "json", "noext": "table"} {
		f, err := ForPath(path)
		if err != nil || f.Name != want {
			t.Errorf("ForPath(%q) = %q, %v; want %q", path, f.Name, err, want)
		}
	}
	if _, err := ForPath("r.docx"); err == nil || !strings.Contains(err.Error(), ".md") {
		t.Errorf("ForPath(r.docx): %v, want an error listing the extensions", err)
	}
	if _, err := Named("yaml"); err == nil || !strings.Contains(err.Error(), "table, markdown, html, csv, json, pdf or xlsx") {
		t.Errorf("Named(yaml): %v", err)
	}
	f, _ := Named("markdown")
	if c := f.Companions(every(), Options{Path: "out/team.md"}); len(c) != 1 || c[0].Name != "out/team-f.png" {
		t.Errorf("a Markdown page written to out/team.md has beside it %v, want out/team-f.png", c)
	}
	var b bytes.Buffer
	if err := f.Write(&b, every(), Options{Path: "out/team.md"}); err != nil || !strings.Contains(b.String(), "![A figure](team-f.png)") {
		t.Errorf("the page written to out/team.md does not link team-f.png (%v):\n%s", err, b.String())
	}
}
