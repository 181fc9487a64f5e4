package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// formatWords are the format names someone used to kubectl -o might
// give -o, with the --format each means.
var formatWords = map[string]string{
	"table": "table", "txt": "table", "text": "table",
	"markdown": "markdown", "md": "markdown",
	"html": "html", "htm": "html",
	"csv": "csv", "json": "json", "pdf": "pdf",
}

// noExtension returns the problem with an -o FILE whose name has no
// extension to choose the format by, when no --format was given: -o json
// is kubectl's habit (did you mean --format json?), any other name is
// refused with the extensions allowed (exts, ".txt, .md, …"). A device or
// FIFO (/dev/stdout) gets the table, as standard output does, and nil.
func noExtension(path, exts string) error {
	if path == "" || filepath.Ext(path) != "" || path == "-" || isDevice(path) {
		return nil
	}
	if f, ok := formatWords[strings.ToLower(path)]; ok {
		if _, err := os.Stat(path); err != nil { // not a file someone named json on purpose
			return fmt.Errorf("%s: did you mean --format %s? (-o names the file to write, e.g. -o report.%s)", path, f, strings.ToLower(path))
		}
	}
	return fmt.Errorf("%s: no extension to choose the format by: want a file ending in %s, or give --format", path, exts)
}

// isDevice reports whether path is an existing device, FIFO or terminal,
// or a descriptor under /dev or /proc.
func isDevice(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && (!fi.Mode().IsRegular() || underDevOrProc(path))
}
