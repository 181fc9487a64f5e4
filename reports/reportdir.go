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
