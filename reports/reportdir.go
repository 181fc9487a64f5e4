package reports

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ReportFile is one file of a report directory: its name and the function
// that writes its content.
type ReportFile struct {
	Name  string
	Write func(io.Writer) error
}

// ReportFiles lists the files of r's report directory, in order:
// report.html (WriteHTML), report.md (WriteMarkdownReport) and, for every
// figure, NAME.png and NAME.svg. A caller that must write several outputs
// all or nothing (the command line) renders them itself; WriteReportDir
// writes them into a directory.
func ReportFiles(r *Report) ([]ReportFile, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	figs, err := r.figures()
	if err != nil {
		return nil, err
	}
	files := []ReportFile{
		{"report.html", func(w io.Writer) error { return WriteHTML(w, r) }},
		{"report.md", func(w io.Writer) error { return WriteMarkdownReport(w, r) }},
	}
	for i := range figs {
		f := &figs[i]
		for _, format := range []Format{PNG, SVG} {
			files = append(files, ReportFile{f.Name + "." + string(format), func(w io.Writer) error { return WriteFigure(w, f, format) }})
		}
	}
	return files, nil
}

// WriteReportDir writes r into directory dir, creating it if needed: the
// files of ReportFiles. Each file is written to a temporary file in dir
// and renamed into place, so that a reader never sees half a file and a
// failed run leaves the previous report whole. It returns the paths
// written, in order.
func WriteReportDir(dir string, r *Report) ([]string, error) {
	files, err := ReportFiles(r)
	if err != nil {
		return nil, err
	}
	return writeFiles(dir, files)
}

// writeFiles writes files into dir, creating it, each whole or not at
// all, and returns the paths written, in order.
func writeFiles(dir string, files []ReportFile) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		if err := writeFileAtomic(path, f.Write); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

// writeFileAtomic writes a file through a temporary file in the same
// directory, renamed into place once complete.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("reports: %s: %w", filepath.Base(path), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
