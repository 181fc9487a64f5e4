package reports

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"deploysim/metrics"
)

// Output is what an output format writes from: the report (its summary,
// and the curves the pages draw) and how a text table is laid out.
type Output struct {
	Report *Report
	// Table lays out the text table.
	Table TableOptions
	// Path is the file being written, "" for standard output. The
	// Markdown report written to a file names its images after it.
	Path string
	// Paper is the PDF's page size; zero means A4.
	Paper Paper
}

// OutputFormat is one way to write a report: its name for --format, the
// file extensions that choose it for -o, and its writer.
type OutputFormat struct {
	// Name is the format's name ("table").
	Name string
	// Extensions choose the format for an output file, lower case with the
	// dot (".txt"); the first is the one to suggest.
	Extensions []string
	// Curves is true if the writer draws plots: the report must then be
	// built with NewReport, not from a Summary alone.
	Curves bool
	// Write writes out to w.
	Write func(w io.Writer, out *Output) error
	// Companions lists the files written beside an output file: the
	// Markdown report's images. Nil for most formats.
	Companions func(out *Output) []Companion
}

// Companion is a file written beside an output file.
type Companion struct {
	Path  string
	Write func(io.Writer) error
}

// outputFormats is the table of output formats. It is never modified.
var outputFormats = []OutputFormat{
	{Name: "table", Extensions: []string{".txt"}, Write: func(w io.Writer, o *Output) error {
		return WriteTableWith(w, &o.Report.Summary, o.Table)
	}},
	{Name: "markdown", Extensions: []string{".md", ".markdown"}, Curves: true,
		// The full report: to a file with its images beside it, on
		// standard output without them (no file to link).
		Write: func(w io.Writer, o *Output) error {
			if o.Path == "" {
				return WriteMarkdown(w, &o.Report.Summary)
			}
			return writeMarkdownReport(w, o.Report, imagePrefix(o.Path))
		},
		Companions: func(o *Output) []Companion {
			if o.Path == "" {
				return nil
			}
			figs, err := o.Report.figures()
			if err != nil {
				return nil
			}
			var out []Companion
			dir := filepath.Dir(o.Path)
			for i := range figs {
				f := &figs[i]
				out = append(out, Companion{
					Path:  filepath.Join(dir, imagePrefix(o.Path)+f.Name+".png"),
					Write: func(w io.Writer) error { return WriteFigure(w, f, PNG) },
				})
			}
			return out
		}},
	{Name: "html", Extensions: []string{".html", ".htm"}, Curves: true, Write: func(w io.Writer, o *Output) error {
		return WriteHTML(w, o.Report)
	}},
	{Name: "csv", Extensions: []string{".csv"}, Write: func(w io.Writer, o *Output) error {
		return WriteCSV(w, &o.Report.Summary)
	}},
	{Name: "json", Extensions: []string{".json"}, Write: func(w io.Writer, o *Output) error {
		return WriteJSON(w, &o.Report.Summary)
	}},
	{Name: "pdf", Extensions: []string{".pdf"}, Curves: true, Write: func(w io.Writer, o *Output) error {
		paper := o.Paper
		if paper.Width == 0 {
			paper = A4
		}
		return WriteReportPDF(w, o.Report, paper)
	}},
}

// imagePrefix names the images of a Markdown report written to path:
// "team.md" → "team-".
func imagePrefix(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base)) + "-"
}

// OutputFormats returns the output formats, in the order help lists them.
func OutputFormats() []OutputFormat { return slices.Clone(outputFormats) }

// FormatNamed returns the output format called name, or an error listing
// the names.
func FormatNamed(name string) (OutputFormat, error) {
	var names []string
	for _, f := range outputFormats {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	return OutputFormat{}, fmt.Errorf("format %q: want %s or %s", name, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}

// FormatForPath returns the output format an output file's extension
// chooses, or an error listing the extensions allowed. A file without an
// extension gets the table.
func FormatForPath(path string) (OutputFormat, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext == "" {
		return outputFormats[0], nil
	}
	var exts []string
	for _, f := range outputFormats {
		if slices.Contains(f.Extensions, ext) {
			return f, nil
		}
		exts = append(exts, f.Extensions...)
	}
	return OutputFormat{}, fmt.Errorf("%s: unknown extension %q: want %s", path, ext, strings.Join(exts, ", "))
}

// SummaryOnly returns a report holding only a summary, for the formats that
// draw no plots (OutputFormat.Curves false).
func SummaryOnly(s metrics.Summary) *Report { return &Report{Summary: s} }
