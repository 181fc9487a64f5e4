//go:build !unix

package main

import "io/fs"

// newFileMode is the mode a new file gets.
func newFileMode() fs.FileMode { return 0o666 }

// newDirMode is the mode a new directory gets.
func newDirMode() fs.FileMode { return 0o777 }
