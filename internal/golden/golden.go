// Package golden compares test output with golden files in testdata, for
// the packages whose tables, JSON, CSV and pages are checked byte for byte.
package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// Check compares got with testdata/name, or, when update is set (the
// package's -update flag), rewrites the file. pkg names the package in the
// message that says how to regenerate ("./reports").
func Check(t testing.TB, name string, got []byte, update bool, pkg string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test %s -update to create it)", err, pkg)
	}
	if !bytes.Equal(got, want) && !bytes.Equal(RoundFloats(got), RoundFloats(want)) {
		t.Errorf("%s differs from the golden file (run go test %s -update if the change is intended)\ngot:\n%s\nwant:\n%s", name, pkg, got, want)
	}
}

// floatRE matches the numbers with a fraction or an exponent that JSON and
// CSV output carry at full precision.
var floatRE = regexp.MustCompile(`-?[0-9]+\.[0-9]+(e[-+]?[0-9]+)?`)

// RoundFloats rounds every such number to 10 significant digits: golden
// comparisons tolerate last-digit differences, such as fused multiply-adds
// give on arm64, but not real changes.
func RoundFloats(b []byte) []byte {
	return floatRE.ReplaceAllFunc(b, func(m []byte) []byte {
		f, err := strconv.ParseFloat(string(m), 64)
		if err != nil {
			return m
		}
		return []byte(strconv.FormatFloat(f, 'g', 10, 64))
	})
}
