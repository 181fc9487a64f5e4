package reports

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"
)

//go:embed assets/report.html.tmpl assets/report.md.tmpl assets/report.css
var assets embed.FS

// htmlFigure is a figure as the HTML report inlines it.
type htmlFigure struct {
	Name, Heading, Caption string
	SVG                    template.HTML
}

// WriteHTML writes r as one self-contained HTML page: the title, the key
// reading, the story, the arms, the summary table with its readings and
// warnings, every figure as inline SVG, the assumptions (sources, every
// parameter of every arm with its unit, the DORA band table) and the
// command that reproduces the run. CSS is embedded; the page makes no
// network request and runs no script. Scenario text is escaped: a
// <script> in a story is shown, not run. The page prints on A4 or Letter
// and reads on a phone (wide tables and figures scroll sideways).
func WriteHTML(w io.Writer, r *Report) error {
	if err := r.check(); err != nil {
		return err
	}
	figs, err := r.figures()
	if err != nil {
		return err
	}
	inline, err := inlineFigures(figs)
	if err != nil {
		return err
	}
	css, err := assets.ReadFile("assets/report.css")
	if err != nil {
		return err
	}
	tmpl, err := template.New("report.html.tmpl").
		Funcs(template.FuncMap{"inc": func(n int) int { return n + 1 }, "code": codeSpans, "line": cellLine}).
		ParseFS(assets, "assets/report.html.tmpl")
	if err != nil {
		return err
	}
	var armCSS strings.Builder
	for a := range r.Summary.Arms {
		fmt.Fprintf(&armCSS, ".arm-%d { color: %s; }\n", a, hexColor(styleOf(a).Color))
	}
	bw := bufio.NewWriter(w)
	err = tmpl.Execute(bw, struct {
		Page    *page
		Figures []htmlFigure
		CSS     template.CSS
		ArmCSS  template.CSS
	}{newPage(&r.Summary), inline, template.CSS(css), template.CSS(armCSS.String())})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// cellLine writes one line of a summary cell, the best arm's headline
// (marked by bestMark) in bold.
func cellLine(line string) template.HTML {
	if rest, ok := strings.CutPrefix(line, bestMark); ok {
		return template.HTML("<strong>" + template.HTMLEscapeString(rest) + "</strong>")
	}
	return template.HTML(template.HTMLEscapeString(strings.TrimSpace(line)))
}

// codeRE matches a Markdown code span.
var codeRE = regexp.MustCompile("`([^`]+)`")

// codeSpans escapes text for HTML and shows its Markdown code spans
// (`day_start`) as code.
func codeSpans(text string) template.HTML {
	return template.HTML(codeRE.ReplaceAllString(template.HTMLEscapeString(text), "<code>$1</code>"))
}

// svgRoot matches the opening tag of an SVG document's root element.
var svgRoot = regexp.MustCompile(`(?s)<svg\b[^>]*>`)

// svgViewBox matches an SVG viewBox attribute.
var svgViewBox = regexp.MustCompile(`viewBox="[^"]*"`)

// inlineSVG turns an SVG document written by WriteFigure into an element
// for an HTML page: no XML declaration or comment, no fixed size (CSS
// scales it to the page; the viewBox keeps its shape), no namespace
// declarations (HTML does not need them), and the caption as its
// accessible name. Text in the SVG was escaped by gonum/plot's SVG
// canvas.
func inlineSVG(doc []byte, caption string) template.HTML {
	s := string(doc)
	loc := svgRoot.FindStringIndex(s)
	if loc == nil {
		return ""
	}
	root := s[loc[0]:loc[1]]
	viewBox := svgViewBox.FindString(root)
	open := fmt.Sprintf(`<svg %s role="img" aria-label="%s">`, viewBox, template.HTMLEscapeString(caption))
	return template.HTML(open + s[loc[1]:])
}

// inlineFigures draws figs as SVG for a self-contained page.
func inlineFigures(figs []Figure) ([]htmlFigure, error) {
	var inline []htmlFigure
	for i := range figs {
		f := &figs[i]
		var buf bytes.Buffer
		if err := WriteFigure(&buf, f, SVG); err != nil {
			return nil, fmt.Errorf("reports: figure %s: %w", f.Name, err)
		}
		inline = append(inline, htmlFigure{Name: f.Name, Heading: f.Heading, Caption: f.Caption, SVG: inlineSVG(buf.Bytes(), f.Caption)})
	}
	return inline, nil
}
