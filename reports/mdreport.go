package reports

import (
	"bufio"
	"io"
	"strings"
	texttemplate "text/template"

	"deploysim/metrics"
)

// WriteMarkdownReport writes r as a Markdown page for a wiki, the same
// report as WriteHTML: title, key reading, story, arms, summary table,
// readings and warnings, figures, assumptions and the command that
// reproduces the run. Figures are images NAME.png beside the page (see
// Figures and WriteReportDir), each with its caption.
func WriteMarkdownReport(w io.Writer, r *Report) error { return writeMarkdownReport(w, r, "") }

// mdFigure is a figure as the Markdown report links it.
type mdFigure struct {
	Heading, Caption, File string
}

// WriteMarkdown writes s as the Markdown report of WriteMarkdownReport
// without its pictures, which need a report's curves and files beside the
// page (a line says where to get them): for standard output, or for
// pasting into a document. It is the same page model through the same
// template.
func WriteMarkdown(w io.Writer, s *metrics.Summary) error {
	if err := s.Check(); err != nil {
		return err
	}
	return renderMarkdown(w, newPage(s), nil)
}

// writeMarkdownReport writes the Markdown report with its images named
// prefix+NAME.png.
func writeMarkdownReport(w io.Writer, r *Report, prefix string) error {
	if err := r.check(); err != nil {
		return err
	}
	figs, err := r.figures()
	if err != nil {
		return err
	}
	links := []mdFigure{}
	for _, f := range figs {
		links = append(links, mdFigure{Heading: f.Heading, Caption: f.Caption, File: prefix + f.Name + ".png"})
	}
	return renderMarkdown(w, newPage(&r.Summary), links)
}

// renderMarkdown writes a page model and its figures (nil: none drawn)
// through the embedded template assets/report.md.tmpl, the Markdown twin
// of the HTML report's.
func renderMarkdown(w io.Writer, pg *page, figs []mdFigure) error {
	tmpl, err := texttemplate.New("report.md.tmpl").Funcs(texttemplate.FuncMap{
		"md":    mdEscape,
		"code":  mdCode,
		"alt":   mdAlt,
		"lines": mdCellLines,
		"join":  strings.Join,
		"fence": func(s string) string { return strings.ReplaceAll(s, "```", "'''") },
	}).ParseFS(assets, "assets/report.md.tmpl")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	err = tmpl.Execute(bw, struct {
		Page    *page
		Figures []mdFigure
	}{pg, figs})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// mdEscape escapes the characters that would break a table cell or start
// emphasis or maths: | * _ ` \ $ < >.
func mdEscape(s string) string {
	return mdReplacer.Replace(s)
}

var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "$", `\$`, "<", "&lt;", ">", "&gt;",
)

// mdCellLines writes the lines of a summary cell joined by <br>, the best
// arm's headline (marked by bestMark) in bold.
func mdCellLines(lines []string) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, bestMark); ok {
			out[i] = "**" + mdEscape(rest) + "**"
			continue
		}
		out[i] = mdEscape(strings.TrimSpace(l))
	}
	return strings.Join(out, "<br>")
}

// mdCode writes s as inline code that survives a table cell: backticks
// become quotes, a pipe is escaped.
func mdCode(s string) string {
	return "`" + strings.ReplaceAll(strings.ReplaceAll(s, "`", "'"), "|", `\|`) + "`"
}

// mdAlt writes s as an image's alternative text: no brackets or line
// breaks, which would end it.
func mdAlt(s string) string {
	return strings.NewReplacer("[", "(", "]", ")", "\n", " ").Replace(s)
}
