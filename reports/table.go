package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// WriteTable writes s for a terminal: a title, a table with the arms as
// columns and the metrics as rows (numbers with units, ratios to the
// baseline, DORA clusters), a legend, one line per arm reading its loss
// against the baseline, and the warnings.
func WriteTable(w io.Writer, s *Summary) error {
	if err := s.check(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	title, run := heading(s)
	fmt.Fprintf(bw, "%s\n%s\n\n", title, run)
	// Columns are headed by the arms' short names, so that three or four
	// arms fit a terminal or a projector; the titles are listed first.
	for _, a := range s.Arms {
		fmt.Fprintf(bw, "  %-*s  %s\n", nameWidth(s), a.Name, a.Title)
	}
	fmt.Fprintln(bw)

	t := tablewriter.NewTable(bw,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Settings: tw.Settings{Separators: tw.Separators{BetweenRows: tw.On}},
		})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	)
	header := []string{""}
	for _, a := range s.Arms {
		header = append(header, a.Name)
	}
	t.Header(header)
	for m, def := range metrics {
		row := []string{def.Label}
		for a := range s.Arms {
			row = append(row, strings.Join(metricLines(s, a, m), "\n"))
		}
		if err := t.Append(row); err != nil {
			return err
		}
	}
	row := []string{strings.Join(doraLabels(s), "\n")}
	for _, a := range s.Arms {
		row = append(row, strings.Join(doraLines(a.Dora), "\n"))
	}
	if err := t.Append(row); err != nil {
		return err
	}
	if err := t.Render(); err != nil {
		return err
	}

	fmt.Fprintf(bw, "\n%s\n", wrap(legend(s), 100))
	if r := readings(s); len(r) > 0 {
		fmt.Fprintln(bw)
		for _, line := range r {
			fmt.Fprintln(bw, wrap(line, 100))
		}
	}
	if len(s.Warnings) > 0 {
		fmt.Fprintln(bw)
		for _, warn := range s.Warnings {
			fmt.Fprintln(bw, "warning: "+warn)
		}
	}
	if s.Command != "" {
		fmt.Fprintf(bw, "\n$ %s\n", s.Command)
	}
	return bw.Flush()
}

// wrap breaks text into lines of at most width bytes at spaces.
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(text) {
		if i > 0 {
			if n+1+len(word) > width {
				b.WriteByte('\n')
				n = 0
			} else {
				b.WriteByte(' ')
				n++
			}
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}

// nameWidth is the width of the longest arm name.
func nameWidth(s *Summary) int {
	n := 0
	for _, a := range s.Arms {
		n = max(n, len(a.Name))
	}
	return n
}
