package main

import "os"

// openInPlace opens an existing device for writing.
func openInPlace(path string, flags int, interrupted func() bool) (*os.File, error) {
	return os.OpenFile(path, flags, 0)
}

// processAlive cannot tell here: a leftover temporary file is kept.
func processAlive(pid int) bool { return true }
