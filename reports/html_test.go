package reports

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"deploysim/metrics"
)

// htmlText checks that doc is well-formed (the report is written as
// polyglot HTML: every element closed, so an XML parser reads it) and
// returns its text, unescaped, with the names of the elements it holds.
func htmlText(t *testing.T, doc []byte) (text string, elements map[string]int) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(doc, []byte("<!DOCTYPE html>"))))
	d.Strict = true
	var b strings.Builder
	elements = map[string]int{}
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("HTML is not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			elements[tok.Name.Local]++
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			b.Write(tok)
			b.WriteByte(' ')
		}
	}
	if depth != 0 {
		t.Fatalf("HTML ends %d elements deep", depth)
	}
	return b.String(), elements
}

// externalRE matches anything that would make a browser fetch from the
// network or run code: a src or href with a scheme or to another host,
// a CSS url() or @import, a script, a link or an iframe.
var externalRE = regexp.MustCompile(`(?i)(\b(src|href|xlink:href)\s*=\s*["']?\s*([a-z][a-z0-9+.-]*:|//))|url\s*\(|@import|<script|<link|<iframe|<object|<embed`)

func checkHTML(t *testing.T, r *Report, doc []byte) string {
	t.Helper()
	text, elements := htmlText(t, doc)
	if m := externalRE.Find(doc); m != nil {
		t.Errorf("HTML has %q: it must make no external request and run no script", m)
	}
	for _, el := range []string{"html", "head", "title", "style", "body", "table"} {
		if elements[el] == 0 {
			t.Errorf("HTML has no <%s>", el)
		}
	}
	if got, want := elements["svg"], 5; got != want {
		t.Errorf("got %d inline SVG figures, want %d", got, want)
	}
	for _, a := range r.Summary.Arms {
		if !strings.Contains(text, a.Name) || !strings.Contains(text, a.Title) {
			t.Errorf("HTML lacks arm %q (%q)", a.Name, a.Title)
		}
	}
	for _, m := range metrics.All() {
		if !strings.Contains(text, strings.TrimSpace(m.Label)) {
			t.Errorf("HTML lacks metric %q", m.Label)
		}
	}
	for _, w := range r.Summary.Warnings {
		if !strings.Contains(text, w) {
			t.Errorf("HTML lacks warning %q", w)
		}
	}
	if !strings.Contains(text, r.Summary.Command) {
		t.Errorf("HTML lacks the command %q", r.Summary.Command)
	}
	return text
}

func TestHTMLBuiltins(t *testing.T) {
	for name, r := range builtins(t) {
		t.Run(name, func(t *testing.T) {
			skipInShort(t, name)
			var buf bytes.Buffer
			if err := writeHTML(&buf, r); err != nil {
				t.Fatal(err)
			}
			text := checkHTML(t, r, buf.Bytes())
			for _, aa := range r.Summary.Assumptions {
				for _, p := range aa.Params {
					if !strings.Contains(text, p.Path) {
						t.Errorf("HTML lacks parameter %s of %s", p.Path, aa.Arm)
						break
					}
				}
			}
			for _, src := range r.Summary.Sources {
				if !strings.Contains(text, src) {
					t.Errorf("HTML lacks source %q", src)
				}
			}
		})
	}
}

// TestHTMLEscapes puts markup in every piece of scenario text: the page
// must show it, not run it.
func TestHTMLEscapes(t *testing.T) {
	res := synthetic(4)
	res.Experiment.Arms[1].Title = `CD <img src=x onerror=alert(1)>`
	res.Experiment.Arms[2].Name = `cd"><script>alert(2)</script>`
	meta := syntheticMeta
	meta.Title = `Epic </title><script>alert(3)</script>`
	meta.Story = "A story.\n\n<script>alert(4)</script> & more"
	meta.Sources = []string{`<a href="https://example.com/">a source</a>`}
	meta.Command = `deploysim run x --set 'story=<script>alert(5)</script>'`
	meta.Assumptions = []metrics.ArmAssumptions{{Arm: "quarterly-manual", Params: []metrics.Assumption{{Path: "release.every", Value: `<b>13w</b>`, Unit: "duration", Doc: `<i>how often</i>`, Reason: `<u>why</u>`}}}}
	r := NewReport(res, meta, 0)
	var buf bytes.Buffer
	if err := writeHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	doc := buf.Bytes()
	for _, bad := range []string{"<script", "<img", "<a ", "<b>", "<i>", "<u>", "</title><"} {
		if bytes.Contains(doc, []byte(bad)) {
			t.Errorf("HTML has unescaped %q", bad)
		}
	}
	text := checkHTML(t, r, doc)
	for _, shown := range []string{"<script>alert(4)</script> & more", "alert(3)", "<img src=x onerror=alert(1)>", `<a href="https://example.com/">a source</a>`, "<b>13w</b>", "<u>why</u>"} {
		if !strings.Contains(text, shown) {
			t.Errorf("HTML text lacks %q, which it must show as text", shown)
		}
	}
}

// svgElementRE matches an inline SVG figure, to leave it out of the
// golden skeleton: its coordinates are gonum/plot's to get right.
var svgElementRE = regexp.MustCompile(`(?s)<svg\b.*?</svg>`)

// TestHTMLGolden compares the page, figures left out, with a golden
// file.
func TestHTMLGolden(t *testing.T) {
	meta := syntheticMeta
	meta.Version = "v0.0.0-test"
	meta.Sources = []string{"a synthetic year"}
	meta.Assumptions = []metrics.ArmAssumptions{
		{Arm: "quarterly-manual", Params: []metrics.Assumption{{Path: "release.policy", Value: "scheduled", Unit: "choice", Doc: "When changes are released.", Reason: ""}, {Path: "release.every", Value: "13w", Unit: "duration", Doc: "Train interval.", Reason: "a quarterly release train"}, {Path: "pipeline[0].name", Value: "build", Unit: "text", Doc: "Stage name.", Reason: ""}}},
		{Arm: "continuous-delivery", Params: []metrics.Assumption{{Path: "release.policy", Value: "on-demand", Unit: "choice", Doc: "When changes are released.", Reason: ""}, {Path: "release.every", Value: "1d", Unit: "duration", Doc: "Train interval.", Reason: "assumption: `daily`"}, {Path: "pipeline[0].name", Value: "build", Unit: "text", Doc: "Stage name.", Reason: ""}, {Path: "pipeline[1].name", Value: "acceptance", Unit: "text", Doc: "Stage name.", Reason: ""}}},
	}
	r := NewReport(synthetic(8), meta, 0)
	var buf bytes.Buffer
	if err := writeHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	checkHTML(t, r, buf.Bytes())
	golden(t, "report.html.golden", svgElementRE.ReplaceAll(buf.Bytes(), []byte("<svg>…</svg>")))
}
