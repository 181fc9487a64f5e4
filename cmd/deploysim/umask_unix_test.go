//go:build unix

package main

import (
	"io/fs"
	"syscall"
)

// newFileMode is the mode a new file gets: 0666 less the umask.
func newFileMode() fs.FileMode {
	mask := syscall.Umask(0)
	syscall.Umask(mask)
	return fs.FileMode(0o666 &^ mask)
}

// newDirMode is the mode a new directory gets: 0777 less the umask.
func newDirMode() fs.FileMode {
	mask := syscall.Umask(0)
	syscall.Umask(mask)
	return fs.FileMode(0o777 &^ mask)
}
