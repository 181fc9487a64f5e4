package render

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"deploysim/report"
)

// Options says how a format lays a Doc out.
type Options struct {
	// Width is the most columns a terminal line may take (0 means
	// DefaultWidth, less than MinWidth counts as MinWidth).
	Width int
	// Layout is the terminal table's layout; LayoutAuto picks the first
	// of wide, compact and transposed that fits Width.
	Layout Layout
	// Path is the file being written, "" for standard output: a Markdown
	// page written to a file names its images after it.
	Path string
	// Paper is the PDF's page size; zero means A4.
	Paper Paper
	// Slide lays a terminal page out for one projector screen (about 30
	// lines): the title and the run, the first table and its one-line
	// SlideLegend; the items, notes, warnings and the command are left to
	// the full page (the caller shows the warnings elsewhere).
	Slide bool
}

// Format is one way to write a Doc: its name for --format, the file
// extensions that choose it for -o, and its writer.
type Format struct {
	// Name is the format's name ("table").
	Name string
	// Extensions choose the format for an output file, lower case with
	// the dot (".txt"); the first is the one to suggest.
	Extensions []string
	// Figures is true if the format draws a Doc's figures: a product
	// should then lay them out (for a run, reports.NewReport).
	Figures bool
	// Binary is true for a format no terminal can show (a PDF, a
	// workbook): a command refuses to write it to one.
	Binary bool
	// Write writes d to w.
	Write func(w io.Writer, d *report.Doc, o Options) error
	// Companions lists the files written beside an output file: a
	// Markdown page's images. Nil for most formats.
	Companions func(d *report.Doc, o Options) []File
}

// File is one file of a report directory, or written beside an output
// file: its name (or path) and the function that writes it.
type File struct {
	Name  string
	Write func(io.Writer) error
}

// formats is the table of formats. It is never modified.
var formats = []Format{
	{Name: "table", Extensions: []string{".txt"}, Write: WriteText},
	{Name: "markdown", Extensions: []string{".md", ".markdown"}, Figures: true,
		// A page written to a file links its images beside it; on standard
		// output there is no file to link, and the page says where to get
		// them.
		Write: func(w io.Writer, d *report.Doc, o Options) error {
			if o.Path == "" {
				return writeMarkdown(w, d, "", false)
			}
			return writeMarkdown(w, d, imagePrefix(o.Path), true)
		},
		Companions: func(d *report.Doc, o Options) []File {
			if o.Path == "" {
				return nil
			}
			var out []File
			dir := filepath.Dir(o.Path)
			for _, f := range Figures(d) {
				out = append(out, File{
					Name:  filepath.Join(dir, imagePrefix(o.Path)+f.Name+".png"),
					Write: func(w io.Writer) error { return WriteFigure(w, f, PNG) },
				})
			}
			return out
		}},
	{Name: "html", Extensions: []string{".html", ".htm"}, Figures: true, Write: WriteHTML},
	{Name: "csv", Extensions: []string{".csv"}, Write: WriteCSV},
	{Name: "json", Extensions: []string{".json"}, Write: WriteJSON},
	{Name: "pdf", Extensions: []string{".pdf"}, Figures: true, Binary: true, Write: WritePDF},
	{Name: "xlsx", Extensions: []string{".xlsx"}, Binary: true, Write: WriteXLSX},
}

// imagePrefix names the images of a Markdown page written to path:
// "team.md" → "team-".
func imagePrefix(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base)) + "-"
}

// Formats returns the formats, in the order help lists them.
func Formats() []Format { return slices.Clone(formats) }

// Named returns the format called name, or an error listing the names.
func Named(name string) (Format, error) {
	var names []string
	for _, f := range formats {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	return Format{}, fmt.Errorf("format %q: want %s or %s", name, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}

// ForPath returns the format an output file's extension chooses, or an
// error listing the extensions allowed. A file without an extension gets
// the table.
func ForPath(path string) (Format, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext == "" {
		return formats[0], nil
	}
	var exts []string
	for _, f := range formats {
		if slices.Contains(f.Extensions, ext) {
			return f, nil
		}
		exts = append(exts, f.Extensions...)
	}
	return Format{}, fmt.Errorf("%s: unknown extension %q: want %s", path, ext, strings.Join(exts, ", "))
}

// Figures returns the figures of d, in order.
func Figures(d *report.Doc) []*report.Figure {
	var out []*report.Figure
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if b.Kind == report.FigureBlock && b.Figure != nil {
				out = append(out, b.Figure)
			}
		}
	}
	return out
}

// Files lists the files of d's report directory, in order: stem.html,
// stem.md and, for every figure, NAME.png and NAME.svg. A caller that
// must write several outputs all or nothing (the command line) writes
// them itself; WriteDir writes them into a directory.
func Files(d *report.Doc, stem string) []File {
	files := []File{
		{stem + ".html", func(w io.Writer) error { return WriteHTML(w, d, Options{}) }},
		{stem + ".md", func(w io.Writer) error { return writeMarkdown(w, d, "", true) }},
	}
	for _, f := range Figures(d) {
		for _, format := range []ImageFormat{PNG, SVG} {
			files = append(files, File{f.Name + "." + string(format), func(w io.Writer) error { return WriteFigure(w, f, format) }})
		}
	}
	return files
}
