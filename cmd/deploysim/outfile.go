package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// outFile is an output file that appears whole or not at all: it is
// written to a temporary file in the target's directory (so that the
// rename stays on one file system) and renamed into place by Commit.
// Abort, after a failure or an interrupt, removes the temporary file.
type outFile struct {
	*os.File         // the temporary file
	path      string // the target
	noClobber bool
	done      bool
}

// createOut starts writing path. With noClobber it refuses a path that
// exists, now and again at Commit.
func createOut(path string, noClobber bool) (*outFile, error) {
	if noClobber {
		if err := checkAbsent(path); err != nil {
			return nil, err
		}
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, cause(err))
	}
	return &outFile{File: f, path: path, noClobber: noClobber}, nil
}

// Commit closes the file and renames it into place.
func (f *outFile) Commit() error {
	if f.done {
		return errors.New("output " + f.path + " already closed")
	}
	f.done = true
	err := f.File.Close()
	if err == nil {
		// CreateTemp makes the file private; an output file is a normal one.
		err = os.Chmod(f.File.Name(), 0o644)
	}
	if err == nil && f.noClobber {
		err = checkAbsent(f.path)
	}
	if err == nil {
		err = os.Rename(f.File.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.File.Name())
		var ue *usageError
		if errors.As(err, &ue) {
			return err
		}
		return fmt.Errorf("cannot write %s: %w", f.path, cause(err))
	}
	return nil
}

// Abort removes the temporary file unless Commit has run; it is safe to
// defer.
func (f *outFile) Abort() {
	if f == nil || f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.File.Name())
}

// checkAbsent returns a usage error if path exists.
func checkAbsent(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return usagef("%s already exists: use --force to overwrite it, or name another file", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot write %s: %w", path, cause(err))
	}
	return nil
}

// cause strips the operation and the (temporary) file name from a path
// error, for a message that names the target instead.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
