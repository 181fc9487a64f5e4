package render

import (
	"bufio"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"

	"deploysim/report"
)

//go:embed assets/report.css
var css string

// esc escapes text for HTML.
func esc(s string) string { return template.HTMLEscapeString(s) }

// codeRE matches a Markdown code span.
var codeRE = regexp.MustCompile("`([^`]+)`")

// codeSpans escapes text for HTML and shows its Markdown code spans
// (`day_start`) as code.
func codeSpans(text string) string {
	return codeRE.ReplaceAllString(esc(text), "<code>$1</code>")
}

// pageBest writes a legend's mark of the best line as a page shows it.
func pageBest(s string) string { return strings.ReplaceAll(s, report.BestMarks, "Bold marks") }

// WriteHTML writes d as one self-contained HTML page: the kicker, title
// and run line, the key reading, the story, every section with its
// blocks (lists, tables with their legends, warnings, figures as inline
// SVG, notes) and the command that makes it again. CSS is embedded; the
// page makes no network request and runs no script. Every text is
// escaped: a <script> in a story is shown, not run. The page prints on A4
// or Letter and reads on a phone (wide tables and figures scroll
// sideways).
func WriteHTML(w io.Writer, d *report.Doc, _ Options) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
	p("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
	p("<meta name=\"generator\" content=\"deploysim %s\" />\n", esc(d.Provenance.Version))
	p("<title>%s — %s</title>\n<style>\n%s\n", esc(d.Title), esc(d.Kind), css)
	for i, c := range d.Palette {
		p(".arm-%d { color: %s; }\n", i, esc(c))
	}
	p("\n</style>\n</head>\n<body>\n<header>\n<p class=\"kicker\">%s", esc(d.Kind))
	if d.Subject != "" {
		p(" · <code>%s</code>", esc(d.Subject))
	}
	p("</p>\n<h1>%s</h1>\n", esc(d.Title))
	if d.Subtitle != "" {
		p("<p class=\"run\">%s.</p>\n", esc(d.Subtitle))
	}
	p("</header>\n\n<main>\n")
	if len(d.Lead) > 0 {
		p("<section class=\"key\" aria-label=\"Key reading\">\n<p>%s</p>\n</section>\n\n", esc(strings.Join(d.Lead, " ")))
	}
	if len(d.Story) > 0 {
		p("<section id=\"story\">\n<h2>The story</h2>\n")
		for _, s := range d.Story {
			p("<p>%s</p>\n", esc(s))
		}
		p("</section>\n\n")
	}
	for _, s := range d.Sections {
		p("<section id=\"%s\">\n<h2>%s</h2>\n", esc(s.ID), esc(s.Heading))
		for _, bl := range s.Blocks {
			if err := htmlBlock(&b, d, bl); err != nil {
				return err
			}
		}
		p("</section>\n\n")
	}
	p("<section id=\"reproduce\">\n<h2>Reproduce</h2>\n")
	if d.Provenance.Command != "" {
		p("<pre><code>%s</code></pre>\n", esc(d.Provenance.Command))
	} else {
		p("<p>The command line was not recorded with this report.</p>\n")
	}
	version := d.Provenance.Version
	if version == "" {
		version = "(version unknown)"
	}
	p("<p>Made by deploysim %s. The same command, seed and version give the same numbers.</p>\n</section>\n</main>\n</body>\n</html>\n", esc(version))
	bw := bufio.NewWriter(w)
	bw.WriteString(b.String())
	return bw.Flush()
}

// htmlMark is the span of mark i, or nothing.
func htmlMark(d *report.Doc, i int) string {
	if i < 0 || i >= len(d.Symbols) {
		return ""
	}
	return fmt.Sprintf(`<span class="marker arm-%d" aria-hidden="true">%s</span> `, i, esc(d.Symbols[i]))
}

func htmlBlock(b *strings.Builder, d *report.Doc, bl report.Block) error {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	if bl.Heading != "" && bl.Kind != report.Warnings {
		p("<h3>%s</h3>\n", esc(bl.Heading))
	}
	switch bl.Kind {
	case report.Prose:
		for _, t := range bl.Text {
			p("<p>%s</p>\n", codeSpans(t))
		}
	case report.Note:
		for _, t := range bl.Text {
			p("<p class=\"legend\">%s</p>\n", esc(pageBest(t)))
		}
	case report.Items:
		if bl.Class != "" {
			p("<ul class=\"%s\">\n", esc(bl.Class))
		} else {
			p("<ul>\n")
		}
		for _, it := range bl.Items {
			p("<li>%s", htmlMark(d, it.Mark))
			if it.Name != "" {
				p("<strong>%s</strong>", esc(it.Name))
				if it.Tag != "" {
					p(" <span class=\"tag\">%s</span>", esc(it.Tag))
				}
				p(" — ")
			}
			p("%s", esc(it.Text))
			if it.Badge != "" {
				p(" <span class=\"%s\">%s</span>", esc(it.BadgeKind), esc(it.Badge))
			}
			p("</li>\n")
		}
		p("</ul>\n")
	case report.Timeline:
		p("<ul class=\"timeline\">\n")
		for _, it := range bl.Items {
			p("<li><strong>%s</strong> %s", esc(it.Name), esc(it.Text))
			if it.Badge != "" {
				p(" <span class=\"legend\">· %s</span>", esc(it.Badge))
			}
			p("</li>\n")
		}
		p("</ul>\n")
	case report.Warnings:
		p("<div class=\"warnings\" role=\"note\">\n<h3>%s</h3>\n<ul>\n", esc(bl.Heading))
		for _, t := range bl.Text {
			p("<li>%s</li>\n", esc(t))
		}
		p("</ul>\n</div>\n")
	case report.FigureBlock:
		f := bl.Figure
		svg, err := inlineFigure(f)
		if err != nil {
			return err
		}
		p("<figure id=\"figure-%s\">\n<h3>%s</h3>\n<div class=\"plot\">%s</div>\n<figcaption>%s</figcaption>\n</figure>\n",
			esc(f.Name), esc(f.Heading), svg, esc(f.Caption))
	case report.TableBlock:
		htmlTable(b, d, bl.Table)
	}
	return nil
}

func htmlTable(b *strings.Builder, d *report.Doc, t *report.Table) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("<div class=\"scroll\">\n<table class=\"%s\">\n<thead><tr>", esc(t.Class))
	for _, h := range t.Head {
		p("<th scope=\"col\">%s%s</th>", htmlMark(d, h.Mark), esc(strings.Join(h.Lines, " ")))
	}
	p("</tr></thead>\n<tbody>\n")
	for _, r := range t.Rows {
		if r.Group {
			p("<tr class=\"heading\"><th scope=\"rowgroup\" colspan=\"%d\">%s</th></tr>\n", len(t.Head), esc(strings.TrimSpace(strings.Join(r.Label.Lines, " "))))
			continue
		}
		switch {
		case r.Part:
			p("<tr class=\"part\">")
		case r.Differs:
			p("<tr class=\"differs\">")
		default:
			p("<tr>")
		}
		label := htmlCell(r.Label, "doc")
		if r.Differs {
			label = strings.Replace(label, "</code>", "</code> ◆", 1)
		}
		p("<th scope=\"row\">%s</th>", label)
		for _, c := range r.Cells {
			p("<td>%s</td>", htmlCell(c, "why"))
		}
		p("</tr>\n")
	}
	p("</tbody>\n</table>\n</div>\n")
	if t.Legend != "" {
		p("<p class=\"legend\">%s</p>\n", esc(pageBest(t.Legend)))
	}
}

// htmlCell writes a cell's lines, the best line in bold, code as code,
// and its note under them in a span of class noteClass.
func htmlCell(c report.Cell, noteClass string) string {
	var parts []string
	for _, l := range c.Lines {
		switch rest, best := strings.CutPrefix(l, report.Best); {
		case c.Code:
			parts = append(parts, "<code>"+esc(l)+"</code>")
		case best:
			parts = append(parts, "<strong>"+esc(rest)+"</strong>")
		default:
			parts = append(parts, esc(strings.TrimSpace(l)))
		}
	}
	out := strings.Join(parts, "<br />")
	if c.Note != "" {
		out += "<br /><span class=\"" + noteClass + "\">" + codeSpans(c.Note) + "</span>"
	}
	return out
}
