package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"

	"deploysim/reports"
)

// outputsFor renders each output a command was asked for, in memory: -o
// gets main, --report the files that files returns (called only when a
// report directory is asked for: its plots take a while), any other flag
// what other renders for its target.
func outputsFor(ctx context.Context, targets []*target, main []byte, files func() ([]reports.ReportFile, error), other func(*target) ([]byte, error)) ([]*output, error) {
	var outs []*output
	for _, t := range targets {
		out := &output{target: t}
		switch t.flag {
		case "-o":
			out.data = main
		case "--report":
			fs, err := files()
			if err != nil {
				return nil, err
			}
			if err := out.addFiles(ctx, fs); err != nil {
				return nil, err
			}
		default:
			data, err := other(t)
			if err != nil {
				return nil, err
			}
			out.data = data
		}
		outs = append(outs, out)
	}
	return outs, nil
}

// publish commits outs all or nothing, then writes main to standard output
// unless -o named a file, and says on standard error (unless quiet) where
// each report directory went: "wrote DIR/FIRST (and N more files: what)",
// without the colon and what when what is "".
func publish(ctx context.Context, e *env, outs []*output, main []byte, quiet bool, what string) error {
	if err := e.stage.commitAll(ctx, outs); err != nil {
		return err
	}
	if !slices.ContainsFunc(outs, func(out *output) bool { return out.flag == "-o" }) {
		if _, err := e.stdout.Write(main); err != nil {
			return err
		}
	}
	if what != "" {
		what = ": " + what
	}
	for _, out := range outs {
		if out.isDir && !quiet {
			fmt.Fprintf(e.stderr, "wrote %s (and %d more files%s)\n", filepath.Join(out.path, out.names[0]), len(out.names)-1, what)
		}
	}
	return nil
}
