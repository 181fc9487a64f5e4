//go:build unix

package main

import "syscall"

// writableDir reports why files cannot be created in dir, or nil.
func writableDir(dir string) error {
	const wx = 0x2 | 0x1 // W_OK | X_OK: create entries in it
	return syscall.Access(dir, wx)
}
