package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes s as a Markdown section for pasting into a
// document: a heading, the story as a quote, the table of WriteTable (cells
// broken into lines with <br>, as GitHub-flavoured Markdown tables allow),
// the legend, the readings, the warnings and the command line.
func WriteMarkdown(w io.Writer, s *Summary) error {
	if err := s.check(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	title, run := heading(s)
	fmt.Fprintf(bw, "## %s\n\n%s.\n\n", mdEscape(title), mdEscape(run))
	if story := strings.TrimSpace(s.Story); story != "" {
		for _, line := range strings.Split(story, "\n") {
			fmt.Fprintln(bw, strings.TrimRight("> "+mdEscape(line), " "))
		}
		fmt.Fprintln(bw)
	}

	writeMarkdownTable(bw, s)
	fmt.Fprintf(bw, "\n*%s*\n", mdEscape(legend(s)))
	if r := readings(s); len(r) > 0 {
		fmt.Fprintln(bw)
		for _, line := range r {
			fmt.Fprintf(bw, "**%s**\n\n", mdEscape(line))
		}
	} else {
		fmt.Fprintln(bw)
	}
	if len(s.Warnings) > 0 {
		fmt.Fprint(bw, "Warnings:\n\n")
		for _, warn := range s.Warnings {
			fmt.Fprintf(bw, "- %s\n", mdEscape(warn))
		}
		fmt.Fprintln(bw)
	}
	if s.Command != "" {
		fmt.Fprintf(bw, "Reproduce with `%s`.\n", strings.ReplaceAll(s.Command, "`", "'"))
	}
	return bw.Flush()
}

// mdLines joins cell lines with <br>.
func mdLines(lines []string) string {
	for i := range lines {
		lines[i] = mdEscape(lines[i])
	}
	return strings.Join(lines, "<br>")
}

// mdEscape escapes the characters that would break a table cell or start
// emphasis or maths: | * _ ` \ $ < >.
func mdEscape(s string) string {
	return mdReplacer.Replace(s)
}

var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "$", `\$`, "<", "&lt;", ">", "&gt;",
)

// writeMarkdownTable writes the summary table of WriteMarkdown: arms as
// columns, metrics and DORA clusters as rows.
func writeMarkdownTable(bw *bufio.Writer, s *Summary) {
	row := func(cells ...string) {
		fmt.Fprintf(bw, "| %s |\n", strings.Join(cells, " | "))
	}
	head := []string{""}
	rule := []string{"---"}
	for _, a := range s.Arms {
		head = append(head, mdEscape(a.Title))
		rule = append(rule, "---")
	}
	row(head...)
	row(rule...)
	for m, def := range metrics {
		label := "**" + mdEscape(def.Label) + "**"
		if trimmed := strings.TrimLeft(def.Label, " "); trimmed != def.Label {
			label = "↳ " + mdEscape(trimmed)
		}
		cells := []string{label}
		for _, lines := range metricCells(s, m) {
			cells = append(cells, mdLines(lines))
		}
		row(cells...)
	}
	labels := doraLabels(s)
	cells := []string{"**" + mdEscape(labels[0]) + "**"}
	for range s.Arms {
		cells = append(cells, "")
	}
	row(cells...)
	for i, label := range labels[1:] {
		cells := []string{mdEscape(strings.TrimSpace(label))}
		for _, a := range s.Arms {
			cells = append(cells, doraLines(s, a.Dora)[i+1])
		}
		row(cells...)
	}
}
