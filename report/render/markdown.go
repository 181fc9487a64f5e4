package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"deploysim/report"
)

// WriteMarkdown writes d as a Markdown page for a wiki, the same page as
// WriteHTML, its figures images NAME.png beside the page (see Files).
func WriteMarkdown(w io.Writer, d *report.Doc, _ Options) error {
	return writeMarkdown(w, d, "", true)
}

// writeMarkdown writes d with its images named prefix+NAME.png, or, when
// withFigures is false, with a line in place of the figures saying where
// they are.
func writeMarkdown(w io.Writer, d *report.Doc, prefix string, withFigures bool) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("# %s\n\n", mdEscape(d.Title))
	if d.Subtitle != "" {
		p("%s.\n\n", mdEscape(d.Subtitle))
	}
	if len(d.Lead) > 0 {
		p("**%s**\n\n", mdEscape(strings.Join(d.Lead, " ")))
	}
	if len(d.Story) > 0 {
		p("## The story\n\n")
		for _, s := range d.Story {
			p("%s\n\n", mdEscape(s))
		}
	}
	for _, s := range d.Sections {
		p("## %s\n\n", mdEscape(s.Heading))
		figures := 0
		for _, bl := range s.Blocks {
			if bl.Kind == report.FigureBlock {
				figures++
			}
		}
		for _, bl := range s.Blocks {
			if bl.Kind == report.FigureBlock && !withFigures {
				continue
			}
			mdBlock(bw, d, bl, prefix)
		}
		if figures > 0 && !withFigures {
			p("The pictures are not on this page: they are PNG files beside a report written to a file (`-o report.md`) or a directory (`--report DIR`).\n\n")
		}
	}
	p("## Reproduce\n\n")
	if c := d.Provenance.Command; c != "" {
		p("```sh\n%s\n```\n", strings.ReplaceAll(c, "```", "'''"))
	} else {
		p("The command line was not recorded with this report.\n")
	}
	version := d.Provenance.Version
	if version == "" {
		version = "(version unknown)"
	}
	p("\nMade by deploysim %s. The same command, seed and version give the same numbers.\n", mdEscape(version))
	return bw.Flush()
}

func mdBlock(bw *bufio.Writer, d *report.Doc, bl report.Block, prefix string) {
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	switch bl.Kind {
	case report.Warnings:
		p("**%s**\n\n", mdEscape(bl.Heading))
	case report.FigureBlock:
	default:
		if bl.Heading != "" {
			p("### %s\n\n", mdEscape(bl.Heading))
		}
	}
	switch bl.Kind {
	case report.Prose:
		for _, t := range bl.Text {
			p("%s\n\n", mdProse(t))
		}
	case report.Note:
		for _, t := range bl.Text {
			p("%s\n\n", mdEscape(pageBest(t)))
		}
	case report.Items:
		for _, it := range bl.Items {
			p("- ")
			if it.Mark >= 0 && it.Mark < len(d.Symbols) {
				p("%s ", d.Symbols[it.Mark])
			}
			if it.Name != "" {
				p("**%s**", mdEscape(it.Name))
				if it.Tag != "" {
					p(" (%s)", mdEscape(it.Tag))
				}
				p(": ")
			}
			text := mdEscape(it.Text)
			if it.Badge != "" {
				text += ". " + mdEscape(it.Badge) + "."
			}
			p("%s\n", text)
		}
		p("\n")
	case report.Warnings:
		for _, t := range bl.Text {
			p("- %s\n", mdEscape(t))
		}
		p("\n")
	case report.Timeline:
		for _, it := range bl.Items {
			p("- **%s** %s", mdEscape(it.Name), mdEscape(it.Text))
			if it.Badge != "" {
				p(" · %s", mdEscape(it.Badge))
			}
			p("\n")
		}
		p("\n")
	case report.FigureBlock:
		f := bl.Figure
		p("### %s\n\n![%s](%s%s.png)\n\n*%s*\n\n", mdEscape(f.Heading), mdAlt(f.Heading), prefix, f.Name, mdEscape(f.Caption))
	case report.TableBlock:
		mdTable(bw, bl.Table)
	}
}

func mdTable(bw *bufio.Writer, t *report.Table) {
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("|")
	for i, h := range t.Head {
		cell := mdEscape(strings.Join(h.Lines, " "))
		switch {
		case i > 0:
			p(" | %s", cell)
		case cell != "":
			p(" %s", cell)
		}
	}
	p(" |\n")
	p("| ---%s |\n", strings.Repeat(" | ---", len(t.Head)-1))
	for _, r := range t.Rows {
		label := strings.TrimSpace(strings.Join(r.Label.Lines, " "))
		switch {
		case r.Group:
			p("| **%s**%s |\n", mdEscape(label), strings.Repeat(" | ", len(t.Head)-1))
			continue
		case r.Part:
			label = "↳ " + mdEscape(label)
		case r.Label.Code:
			label = mdCode(label)
			if r.Differs {
				label += " ◆"
			}
			if r.Label.Note != "" {
				label += "<br>" + mdEscape(r.Label.Note)
			}
		case t.Headed:
			label = "**" + mdEscape(label) + "**"
		default:
			label = mdEscape(label)
		}
		cells := []string{label}
		for _, c := range r.Cells {
			cells = append(cells, mdCell(c))
		}
		p("| %s |\n", strings.Join(cells, " | "))
	}
	p("\n")
	if t.Legend != "" {
		p("*%s*\n\n", mdEscape(pageBest(t.Legend)))
	}
}

// mdCell writes a cell's lines joined by <br>, the best line in bold,
// code as code, its note under them.
func mdCell(c report.Cell) string {
	out := make([]string, len(c.Lines))
	for i, l := range c.Lines {
		switch rest, best := strings.CutPrefix(l, report.Best); {
		case c.Code:
			out[i] = mdCode(l)
		case best:
			out[i] = "**" + mdEscape(rest) + "**"
		default:
			out[i] = mdEscape(strings.TrimSpace(l))
		}
	}
	s := strings.Join(out, "<br>")
	if c.Note != "" {
		s += "<br>" + mdEscape(c.Note)
	}
	return s
}

// mdProse escapes a paragraph but keeps its code spans.
func mdProse(s string) string {
	parts := strings.Split(s, "`")
	for i := range parts {
		if i%2 == 0 {
			parts[i] = mdEscape(parts[i])
		}
	}
	return strings.Join(parts, "`")
}

// mdEscape escapes the characters that would break a table cell or start
// emphasis or maths: | * _ ` \ $ < >.
func mdEscape(s string) string {
	return mdReplacer.Replace(s)
}

var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "$", `\$`, "<", "&lt;", ">", "&gt;",
)

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
