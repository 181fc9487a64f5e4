package reports

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"deploysim/whatif"
)

// The pages of deploysim sweep and sensitivity: a title, a table, the
// findings, the figures and the command, as Markdown or as one
// self-contained HTML page in the run report's style.

func writeMarkdownPage(bw *bufio.Writer, title, sub string, header []string, rows [][]string, findings []string, figs []Figure, command string) {
	fmt.Fprintf(bw, "# %s\n\n%s\n\n", mdEscape(title), mdEscape(sub))
	// mdRow escapes every cell.
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---"
	}
	mdRow(bw, slices.Clone(header)...)
	fmt.Fprintf(bw, "| %s |\n", strings.Join(sep, " | "))
	for _, row := range rows {
		mdRow(bw, slices.Clone(row)...)
	}
	fmt.Fprintln(bw)
	for _, f := range findings {
		fmt.Fprintf(bw, "- %s\n", mdEscape(f))
	}
	for _, f := range figs {
		fmt.Fprintf(bw, "\n## %s\n\n![%s](%s.png)\n\n%s\n", mdEscape(f.Heading), mdAlt(f.Heading), f.Name, mdEscape(f.Caption))
	}
	if command != "" {
		fmt.Fprintf(bw, "\n```\n%s\n```\n", command)
	}
}

var whatifTmpl = template.Must(template.New("whatif").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p>{{.Sub}}</p>
<div class="scroll"><table>
<thead><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table></div>
<ul>{{range .Findings}}<li>{{.}}</li>{{end}}</ul>
{{range .Figures}}<section id="{{.Name}}"><h2>{{.Heading}}</h2><figure>{{.SVG}}<figcaption>{{.Caption}}</figcaption></figure></section>
{{end}}{{if .Command}}<h2>Run it again</h2>
<pre><code>{{.Command}}</code></pre>{{end}}
</main>
</body>
</html>
`))

func writeHTMLPage(w io.Writer, title, sub string, header []string, rows [][]string, findings []string, figs []Figure, command string) error {
	css, err := assets.ReadFile("assets/report.css")
	if err != nil {
		return err
	}
	inline, err := inlineFigures(figs)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	err = whatifTmpl.Execute(bw, struct {
		Title, Sub, Command string
		Header              []string
		Rows                [][]string
		Findings            []string
		Figures             []htmlFigure
		CSS                 template.CSS
	}{title, sub, command, header, rows, findings, inline, template.CSS(css)})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// pageFiles lists a what-if report directory: stem.html, stem.md and every
// figure as PNG and SVG.
func pageFiles(stem string, html, md func(io.Writer) error, figs []Figure) []ReportFile {
	files := []ReportFile{{stem + ".html", html}, {stem + ".md", md}}
	for i := range figs {
		f := &figs[i]
		for _, format := range []Format{PNG, SVG} {
			files = append(files, ReportFile{f.Name + "." + string(format), func(w io.Writer) error { return WriteFigure(w, f, format) }})
		}
	}
	return files
}

// WriteSweepHTML writes a sweep as one self-contained HTML page: the
// table, the findings and the figures as inline SVG.
func WriteSweepHTML(w io.Writer, r *whatif.Result, meta SweepMeta) error {
	figs, err := SweepFigures(r)
	if err != nil {
		return err
	}
	title, sub := sweepTitle(r)
	header, rows := sweepGrid(r)
	return writeHTMLPage(w, title, sub, header, rows, sweepFindings(r), figs, meta.Command)
}

// SweepFiles lists the files of a sweep's report directory: sweep.html,
// sweep.md and its figures (see SweepFigures) as PNG and SVG.
func SweepFiles(r *whatif.Result, meta SweepMeta) ([]ReportFile, error) {
	figs, err := SweepFigures(r)
	if err != nil {
		return nil, err
	}
	return pageFiles("sweep",
		func(w io.Writer) error { return WriteSweepHTML(w, r, meta) },
		func(w io.Writer) error { return writeSweepMarkdown(w, r, meta, figs) }, figs), nil
}
