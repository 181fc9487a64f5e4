package thirdparty

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirFindsSharedBesideARoot(t *testing.T) {
	root := t.TempDir()
	want := filepath.Join(root, "shared", "devlake")
	if err := os.MkdirAll(want, 0o755); err != nil {
		t.Fatal(err)
	}
	deep := filepath.Join(root, "wt", "branch", "pkg")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(deep)
	t.Setenv("DEPLOYSIM_SHARED", "")
	os.Unsetenv("DEPLOYSIM_SHARED")
	got, ok := find("devlake")
	if !ok || got != want {
		t.Fatalf("find(devlake) = %q, %v; want %q", got, ok, want)
	}
	if _, ok := find("cdevents-0.5.1"); ok {
		t.Fatal("found a directory that does not exist")
	}
	t.Setenv("DEPLOYSIM_SHARED", filepath.Join(root, "shared"))
	if got, ok := find("devlake"); !ok || got != want {
		t.Fatalf("with DEPLOYSIM_SHARED: find(devlake) = %q, %v", got, ok)
	}
}
