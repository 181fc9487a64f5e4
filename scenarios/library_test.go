package scenarios

import (
	"io/fs"
	"slices"
	"testing"
)

// The built-in library: every scenario loads and tells its story. The
// claims each story makes are checked at five seeds in package
// calibration.

func TestLibrary(t *testing.T) {
	files, err := fs.Glob(library, "library/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"batch-size", "canary-vs-big-bang", "cd-business-case", "dora-2019", "epic-vs-continuous", "knight-capital-2012"}
	if got := List(); !slices.Equal(got, want) {
		t.Errorf("List() = %q, want %q", got, want)
	}
	if len(files) != len(want) {
		t.Errorf("got %d library files, want %d", len(files), len(want))
	}
	if !slices.Contains(List(), Default) {
		t.Errorf("the default scenario %q is not built in", Default)
	}
	for _, name := range List() {
		t.Run(name, func(t *testing.T) {
			sc, err := Load(name)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Name != name {
				t.Errorf("name: got %q, want the file name %q", sc.Name, name)
			}
			if sc.Title == name || len(sc.Story) < 200 || len(sc.Sources) < 2 {
				t.Errorf("want a title, a story and sources; got title %q, story of %d bytes, %d sources", sc.Title, len(sc.Story), len(sc.Sources))
			}
			if sc.Baseline == "" || sc.Currency != "USD" {
				t.Errorf("got baseline %q, currency %q", sc.Baseline, sc.Currency)
			}
			for _, a := range sc.Arms {
				if a.Title == a.Name {
					t.Errorf("arm %s has no title", a.Name)
				}
			}
			e := sc.Experiment()
			if err := e.Validate(); err != nil {
				t.Error(err)
			}
		})
	}
}
