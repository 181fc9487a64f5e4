package main

import (
	"os"
	"strings"
	"testing"
)

// TestOutputThroughMissingDir: -o ./sub/../x.txt where sub does not exist
// is refused before the run (the system resolves sub before ..), not
// after it; once sub exists it is written.
func TestOutputThroughMissingDir(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	run := []string{"run", "-n", "2", "--horizon", "30d", "-q", "-o", "./sub/../x.txt"}
	r := cli(t, run...)
	if r.code != exitUsage || !strings.Contains(r.stderr, "-o ./sub/../x.txt: directory ./sub does not exist") {
		t.Errorf("got status %d, stderr %q; want 2 and the missing directory", r.code, r.stderr)
	}
	assertOnly(t, dir)
	if err := os.Mkdir("sub", 0o755); err != nil {
		t.Fatal(err)
	}
	if r := cli(t, run...); r.code != exitOK {
		t.Fatalf("with sub: status %d, %s", r.code, r.stderr)
	}
	assertOnly(t, dir, "sub", "x.txt")
}
