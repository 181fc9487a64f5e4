package reports_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	goldenpkg "deploysim/internal/golden"
	"deploysim/metrics"
	"deploysim/report/render"
	"deploysim/reports"
	"deploysim/scenarios"
)

// updating reports whether the test runs with -update (the flag is the
// internal tests' own).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// builtinSummaries runs every built-in scenario with four replications
// (the layout, not the numbers, is under test: a second of CPU in all, so
// the test stays in the fast tier) and summarizes it.
func builtinSummaries(t *testing.T) map[string]*metrics.Summary {
	t.Helper()
	out := map[string]*metrics.Summary{}
	for _, name := range scenarios.List() {
		sc, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		sc, err = sc.With("replications=4")
		if err != nil {
			t.Fatal(err)
		}
		exp := sc.Experiment()
		res, err := exp.Run(context.Background(), 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		s := metrics.Summarize(res, metrics.Meta{Scenario: sc.Name, Title: sc.Title, Currency: sc.Currency,
			Command: "deploysim run " + name + " --replications 4 --seed 1 --horizon 365d --dora 2019  # deploysim test"}, 0)
		out[name] = &s
	}
	return out
}

// TestTableFitsBuiltins renders every built-in at 80, 100 and 140 columns
// into golden files, and checks that no line is wider than asked, in the
// automatic layout and in the transposed one (which fits any number of
// arms; wide and compact, when asked for by name, are drawn as asked).
func TestTableFitsBuiltins(t *testing.T) {
	sums := builtinSummaries(t)
	for _, name := range scenarios.List() {
		s := sums[name]
		for _, width := range []int{80, 100, 140} {
			t.Run(fmt.Sprintf("%s/%d", name, width), func(t *testing.T) {
				for _, layout := range []render.Layout{render.LayoutAuto, render.LayoutTransposed} {
					var buf bytes.Buffer
					if err := writeRunTable(&buf, s, render.Options{Width: width, Layout: layout}); err != nil {
						t.Fatal(err)
					}
					for i, line := range strings.Split(buf.String(), "\n") {
						if w := twwidth.Width(line); w > width {
							t.Errorf("%s layout, line %d is %d columns wide, more than %d:\n%s", layout, i+1, w, width, line)
						}
					}
					if layout == render.LayoutAuto {
						goldenpkg.Check(t, fmt.Sprintf("builtin-%s-%d.golden", name, width), buf.Bytes(), updating(), "./reports")
					}
				}
			})
		}
	}
}

// writeRunTable writes s as deploysim run's table.
func writeRunTable(w io.Writer, s *metrics.Summary, o render.Options) error {
	d, err := reports.FromRun(reports.SummaryOnly(*s), reports.Select{})
	if err != nil {
		return err
	}
	return render.WriteText(w, d, o)
}
