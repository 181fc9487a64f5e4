package main

import (
	"os"
	"strings"
	"testing"
)

const readmePath = "../../README.md"

// TestREADME keeps the README true: every ```console block in it that
// starts with "$ deploysim …" must show exactly what that command prints
// today. go test ./cmd/deploysim -run TestREADME -update rewrites the
// blocks from the real output.
func TestREADME(t *testing.T) {
	data, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	var out strings.Builder
	checked := 0
	for {
		start := strings.Index(readme, "```console\n$ deploysim ")
		if start < 0 {
			out.WriteString(readme)
			break
		}
		body := start + len("```console\n")
		end := strings.Index(readme[body:], "\n```\n")
		if end < 0 {
			t.Fatalf("README: unterminated ```console block at byte %d", start)
		}
		block := readme[body : body+end+1]
		cmdLine, want, _ := strings.Cut(block, "\n")
		args := strings.Fields(strings.TrimPrefix(cmdLine, "$ deploysim "))
		r := cli(t, args...)
		if r.code != exitOK {
			t.Errorf("README: %s: status %d: %s", cmdLine, r.code, r.stderr)
		}
		if r.stdout != want && !*update {
			t.Errorf("README: the output shown for %q is not what it prints today (run go test ./cmd/deploysim -run TestREADME -update)\ngot:\n%s\nREADME:\n%s", cmdLine, r.stdout, want)
		}
		out.WriteString(readme[:body] + cmdLine + "\n" + r.stdout)
		readme = readme[body+end+1:]
		checked++
	}
	if checked == 0 {
		t.Error("README: no ```console block with a deploysim command")
	}
	if *update {
		if err := os.WriteFile(readmePath, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
