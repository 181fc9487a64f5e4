//go:build !windows

package main

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// openInPlace opens an existing device, FIFO or terminal for writing. A
// FIFO is opened without blocking (with no reader that fails with ENXIO),
// again every 50 ms until a reader comes or interrupted says stop: a
// blocking open would wait for ever and ignore the first Ctrl-C.
func openInPlace(path string, flags int, interrupted func() bool) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		return os.OpenFile(path, flags, 0)
	}
	for {
		f, err := os.OpenFile(path, flags|syscall.O_NONBLOCK, 0)
		if err == nil {
			return f, nil // writes wait for the reader in the runtime's poller
		}
		if !errors.Is(err, syscall.ENXIO) {
			return nil, err
		}
		if interrupted() {
			return nil, errInterrupted
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// processAlive reports whether process pid exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
