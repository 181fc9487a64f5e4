package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteMarkdownReport writes r as a Markdown page for a wiki, the same
// report as WriteHTML: title, key reading, story, arms, summary table,
// readings and warnings, figures, assumptions and the command that
// reproduces the run. Figures are images NAME.png beside the page (see
// Figures and WriteReportDir), each with its caption.
func WriteMarkdownReport(w io.Writer, r *Report) error { return writeMarkdownReport(w, r, "") }

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
	s := &r.Summary
	p := newPage(s)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s\n\n%s.\n\n", mdEscape(p.Title), mdEscape(p.Run))
	if len(p.Key) > 0 {
		fmt.Fprintf(bw, "**%s**\n\n", mdEscape(strings.Join(p.Key, " ")))
	}
	if len(p.Story) > 0 {
		fmt.Fprint(bw, "## The story\n\n")
		for _, para := range p.Story {
			fmt.Fprintf(bw, "%s\n\n", mdEscape(para))
		}
	}

	fmt.Fprint(bw, "## The arms\n\n")
	for _, a := range p.Arms {
		base := ""
		if a.Baseline {
			base = " (baseline)"
		}
		fmt.Fprintf(bw, "- %s **%s**%s: %s. DORA %s: %s.\n", a.Marker, mdEscape(a.Name), base, mdEscape(a.Title), p.Edition, a.Dora)
	}

	fmt.Fprint(bw, "\n## Summary\n\n")
	writeMarkdownTable(bw, s)
	fmt.Fprintf(bw, "\n*%s*\n\n", mdEscape(p.Legend))
	for _, line := range p.Readings {
		fmt.Fprintf(bw, "- %s\n", mdEscape(line))
	}
	if len(p.Readings) > 0 {
		fmt.Fprintln(bw)
	}
	if len(p.Warnings) > 0 {
		fmt.Fprint(bw, "**Warnings**\n\n")
		for _, warn := range p.Warnings {
			fmt.Fprintf(bw, "- %s\n", mdEscape(warn))
		}
		fmt.Fprintln(bw)
	}

	fmt.Fprint(bw, "## Pictures\n\n")
	for _, f := range figs {
		fmt.Fprintf(bw, "### %s\n\n![%s](%s.png)\n\n*%s*\n\n", mdEscape(f.Heading), mdAlt(f.Heading), prefix+f.Name, mdEscape(f.Caption))
	}

	fmt.Fprint(bw, "## Assumptions\n\n")
	if len(p.Sources) > 0 {
		fmt.Fprint(bw, "### Sources\n\n")
		for _, src := range p.Sources {
			fmt.Fprintf(bw, "- %s\n", mdEscape(src))
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprint(bw, "### Every parameter, per arm\n\n")
	if len(p.Params.Rows) == 0 {
		fmt.Fprint(bw, "The parameters were not recorded with this report.\n\n")
	} else {
		fmt.Fprint(bw, "Values in scenario syntax, with their units, and under a value the reason the scenario gives for it; rows where the arms differ are marked ◆.\n\n")
		head := []string{"Parameter", "Unit"}
		rule := []string{"---", "---"}
		for _, a := range p.Arms {
			head = append(head, mdEscape(a.Name))
			rule = append(rule, "---")
		}
		mdRow(bw, append(head, "Meaning")...)
		mdRow(bw, append(rule, "---")...)
		for _, row := range p.Params.Rows {
			name := mdCode(row.Path)
			if row.Differs {
				name += " ◆"
			}
			cells := []string{name, mdEscape(row.Unit)}
			for i, v := range row.Values {
				cell := mdCode(v)
				if r := row.Reasons[i]; r != "" {
					cell += "<br>" + mdEscape(r)
				}
				cells = append(cells, cell)
			}
			mdRow(bw, append(cells, mdEscape(row.Doc))...)
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintf(bw, "### DORA %s clusters\n\n", p.Edition)
	mdRow(bw, "Key metric", "Cluster", "As published")
	mdRow(bw, "---", "---", "---")
	for _, b := range p.Bands {
		mdRow(bw, mdEscape(b.Metric), b.Cluster, mdEscape(b.Published))
	}
	fmt.Fprint(bw, "\n"+mdEscape(p.Rule))
	for _, src := range p.BandSources {
		fmt.Fprintf(bw, " Source: %s.", mdEscape(src))
	}
	fmt.Fprint(bw, "\n\n## Reproduce\n\n")
	if p.Command != "" {
		fmt.Fprintf(bw, "```sh\n%s\n```\n\n", strings.ReplaceAll(p.Command, "```", "'''"))
	} else {
		fmt.Fprint(bw, "The command line was not recorded with this report.\n\n")
	}
	version := p.Version
	if version == "" {
		version = "(version unknown)"
	}
	fmt.Fprintf(bw, "Made by deploysim %s. The same command, seed and version give the same numbers.\n", mdEscape(version))
	return bw.Flush()
}

// mdRow writes one row of a Markdown table.
func mdRow(bw *bufio.Writer, cells ...string) {
	fmt.Fprintf(bw, "| %s |\n", strings.Join(cells, " | "))
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
