package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationmonoregular"
	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"
)

// TestPDFFontsHaveTheGlyphs checks that the PDF's fonts can draw every
// character this package writes: every non-ASCII character in its source
// (render's own words: legends, markers, symbols such as ± ≤ → σ; the
// documents' words are checked where they are made, in reports), as the
// PDF draws it (after PDFReplacer), has a glyph in Liberation Sans,
// regular and bold, so that nothing comes out as an empty box. The command line in the
// footer is the user's; Liberation Mono is checked for the symbols a
// command can hold.
func TestPDFFontsHaveTheGlyphs(t *testing.T) {
	fonts := map[string][]byte{"Liberation Sans": liberationsansregular.TTF, "Liberation Sans Bold": liberationsansbold.TTF}
	parsed := map[string]*sfnt.Font{}
	for name, data := range fonts {
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		parsed[name] = f
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var b sfnt.Buffer
	checked := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[rune]bool{}
		for _, r := range PDFReplacer.Replace(string(data)) {
			if r < 0x80 || seen[r] {
				continue
			}
			seen[r] = true
			checked++
			for name, f := range parsed {
				if g, err := f.GlyphIndex(&b, r); err != nil || g == 0 {
					t.Errorf("%s: %s has no glyph for %q (U+%04X): spell it in PDFReplacer", path, name, r, r)
				}
			}
		}
	}
	if checked < 10 {
		t.Errorf("checked %d characters; the sources hold more (±, ≤, →, the markers)", checked)
	}
	mono, err := sfnt.Parse(liberationmonoregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "±≤≥→×–—’“”" {
		if g, err := mono.GlyphIndex(&b, r); err != nil || g == 0 {
			t.Errorf("Liberation Mono has no glyph for %q", r)
		}
	}
}
