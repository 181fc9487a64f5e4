// Package thirdparty finds the third-party reference files that tests read
// in place — DevLake's dashboard and tables, CDEvents' schemas — from the
// shared/ directory that sits beside the repository (../shared), never
// copied into it.
//
// The directory is DEPLOYSIM_SHARED when set; otherwise the first
// directory named shared found beside the repository root or beside one of
// its parents (a git worktree may live deeper than the main checkout).
// When DEPLOYSIM_REQUIRE_SHARED is set (.ci/run sets it when the files are
// there), a test that cannot find them fails instead of skipping.
package thirdparty

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute path of shared/<name> (for example
// "devlake" or "cdevents-0.5.1"), or skips t — fails it when
// DEPLOYSIM_REQUIRE_SHARED is set — when it cannot be found.
func Dir(t testing.TB, name string) string {
	t.Helper()
	if dir, ok := find(name); ok {
		return dir
	}
	msg := "third-party reference files shared/" + name + " not found beside the repository (set DEPLOYSIM_SHARED to their directory)"
	if os.Getenv("DEPLOYSIM_REQUIRE_SHARED") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func find(name string) (string, bool) {
	if root := os.Getenv("DEPLOYSIM_SHARED"); root != "" {
		dir := filepath.Join(root, name)
		_, err := os.Stat(dir)
		return dir, err == nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for dir := wd; ; {
		candidate := filepath.Join(dir, "shared", name)
		if st, err := os.Stat(candidate); err == nil && st.IsDir() {
			return candidate, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
