package reports_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"deploysim/metrics"
	"deploysim/report"
	"deploysim/report/render"
	"deploysim/reports"
	"deploysim/scenarios"
	"deploysim/stats"
	"deploysim/whatif"
)

// TestWhatifPlotsEveryBuiltin sweeps a parameter of every built-in's
// first arm and checks that the curve and its components render; for the
// default scenario also a grid (the heatmap) and a sensitivity analysis
// of its first arm (the tornado), and every figure as
// a PNG of the size it says.
func TestWhatifPlotsEveryBuiltin(t *testing.T) {
	for _, name := range scenarios.List() {
		t.Run(name, func(t *testing.T) {
			sc, err := scenarios.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			sc, err = sc.With("horizon=7d", "warmup=0")
			if err != nil {
				t.Fatal(err)
			}
			loss, err := metrics.Lookup(metrics.LossPerYear)
			if err != nil {
				t.Fatal(err)
			}
			cache := whatif.NewCache(0)
			arm := sc.Arms[0].Name
			a, _ := sc.Arm(arm)
			path := fmt.Sprintf("arms.%s.money.loss_per_minute", arm)
			x := a.Money.LossPerMinute
			var figs []reports.Figure
			specs := []string{fmt.Sprintf("%s=%g,%g,%g", path, x/2, x, 2*x)}
			if name == scenarios.Default {
				specs = append(specs, fmt.Sprintf("arms.%s.monitoring.alert_prob=0.2..0.8", arm))
			}
			for _, spec := range specs {
				ax, err := whatif.ParseAxis(sc, spec, 3, whatif.Auto)
				if err != nil {
					t.Fatal(err)
				}
				axes := []whatif.Axis{ax}
				if len(figs) > 0 {
					prev, _ := whatif.ParseAxis(sc, fmt.Sprintf("%s=%g,%g", path, x/2, x), 0, whatif.Auto)
					axes = append(axes, prev)
				}
				r, err := whatif.Sweep(context.Background(), sc, axes, whatif.Options{Metric: loss, Components: metrics.CostComponents(), Replications: 2, Cache: cache})
				if err != nil {
					t.Fatal(err)
				}
				f, err := reports.SweepFigures(r)
				if err != nil {
					t.Fatal(err)
				}
				figs = append(figs, f...)
			}
			// The tornado of one scenario: a sensitivity
			// analysis runs some hundred variants, too slow to repeat for
			// every built-in under the race detector.
			if name == scenarios.Default {
				opt := whatif.SensitivityOptions{Arm: arm, Metric: loss, By: 0.5, Replications: 1, Cache: cache}
				s, err := whatif.Analyse(context.Background(), sc, opt)
				if err != nil {
					t.Fatal(err)
				}
				figs = append(figs, reports.TornadoFigure(s, 10))
			}
			for i := range figs {
				f := &figs[i]
				var buf bytes.Buffer
				if err := render.WriteFigure(&buf, docFig(f), render.SVG); err != nil || buf.Len() == 0 {
					t.Errorf("%s: SVG: %v", f.Name, err)
				}
				// Rasterising is the slow part under the race detector:
				// PNGs of one scenario only.
				if name != scenarios.Default {
					continue
				}
				buf.Reset()
				if err := render.WriteFigure(&buf, docFig(f), render.PNG); err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				img, err := png.Decode(&buf)
				if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				w, h := f.PixelSize()
				if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
					t.Errorf("%s: %d×%d px, want %d×%d", f.Name, b.Dx(), b.Dy(), w, h)
				}
			}
		})
	}
}

// TestSweepCurveAt: the explore page's sweep curve marks the value the
// parameter now has, on a linear and on a log axis, and a sweep of two
// axes has no such curve.
func TestSweepCurveAt(t *testing.T) {
	sc, err := scenarios.Load(scenarios.Default)
	if err != nil {
		t.Fatal(err)
	}
	if sc, err = sc.With("horizon=7d", "warmup=0"); err != nil {
		t.Fatal(err)
	}
	loss, err := metrics.Lookup(metrics.LossPerYear)
	if err != nil {
		t.Fatal(err)
	}
	arm := sc.Arms[0].Name
	cache := whatif.NewCache(0)
	for _, c := range []struct {
		spec string
		now  float64
		want string
	}{
		{"arms." + arm + ".monitoring.alert_prob=0.2,0.4,0.8", 0.4, "now 0.4"},
		{"arms." + arm + ".release.every=4w,13w,26w", 13 * 168, "now 13w"},
	} {
		ax, err := whatif.ParseAxis(sc, c.spec, 0, whatif.Auto)
		if err != nil {
			t.Fatal(err)
		}
		r, err := whatif.Sweep(context.Background(), sc, []whatif.Axis{ax}, whatif.Options{Metric: loss, Replications: 2, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		f, err := reports.SweepCurveAt(r, c.now)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := render.WriteFigure(&buf, docFig(&f), render.SVG); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(buf.Bytes(), []byte(c.want)) {
			t.Errorf("%s: the curve does not say %q", c.spec, c.want)
		}
		if bytes.Contains(buf.Bytes(), []byte("(not changed)")) {
			t.Errorf("%s: the curve draws arms the sweep does not change", c.spec)
		}
		plain, _ := reports.SweepFigures(r)
		buf.Reset()
		if err := render.WriteFigure(&buf, docFig(&plain[0]), render.SVG); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(buf.Bytes(), []byte("now ")) || !bytes.Contains(buf.Bytes(), []byte("(not changed)")) {
			t.Errorf("%s: the sweep report's curve marks a value now, or lacks the arms it does not change", c.spec)
		}
	}
	a2, _ := whatif.ParseAxis(sc, "arms."+arm+".monitoring.alert_prob=0.2,0.8", 0, whatif.Auto)
	b2, _ := whatif.ParseAxis(sc, "arms."+arm+".release.every=4w,13w", 0, whatif.Auto)
	r, err := whatif.Sweep(context.Background(), sc, []whatif.Axis{a2, b2}, whatif.Options{Metric: loss, Replications: 2, Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reports.SweepCurveAt(r, 0.2); err == nil {
		t.Error("a sweep of two axes: no error")
	}
}

// TestSensitivityTableWidth lays the same analysis out for a wide and a
// narrow terminal: one aligned line a parameter when it fits, else the
// parameter's name on its own line with its values under the heads, and
// never a line wider than the terminal.
func TestSensitivityTableWidth(t *testing.T) {
	row := func(name string, base, low, high, atLow, atHigh float64) whatif.Row {
		return whatif.Row{Param: name, Name: name, Arms: []string{"a"}, Kind: "money", Per: "per minute",
			Base: base, Low: low, High: high, BaseLabel: "x", LowLabel: "x", HighLabel: "x", Source: "±50%",
			AtLow: stats.Interval{Mean: atLow}, AtHigh: stats.Interval{Mean: atHigh}, Swing: math.Abs(atHigh - atLow)}
	}
	s := &whatif.Sensitivity{Scenario: "s", Title: "A title", Currency: "USD", Arm: "a", Quantity: "loss per year of a", By: 0.5,
		Base: stats.Interval{Mean: 1e5, Low: 9e4, High: 1.1e5}, Replications: 10, Seed: 1, HorizonHours: 8760,
		Rows: []whatif.Row{
			row("pipeline.build-and-unit-tests.catch_prob_of_a_long_stage", 200, 100, 300, 75e3, 151e3),
			row("money.loss_per_minute", 200, 100, 300, 80e3, 120e3),
		}}
	for _, tc := range []struct {
		width   int
		stacked bool
	}{{200, false}, {80, true}} {
		var b strings.Builder
		d, err := reports.FromSensitivity(s, reports.SensitivityMeta{})
		if err != nil {
			t.Fatal(err)
		}
		if err := render.WriteText(&b, d, render.Options{Width: tc.width}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, l := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(l); n > tc.width {
				t.Errorf("width %d: a line of %d columns: %q", tc.width, n, l)
			}
		}
		// The first row's values: on the name's line, or on the next.
		name := "1  arms.a.pipeline.build-and-unit-tests.catch_prob_of_a_long_stage"
		i := strings.Index(out, name)
		if i < 0 {
			t.Fatalf("width %d: no line starts with %q in\n%s", tc.width, name, out)
		}
		line, rest, _ := strings.Cut(out[i+len(name):], "\n")
		next, _, _ := strings.Cut(rest, "\n")
		onOwnLine := strings.TrimSpace(line) == ""
		if onOwnLine != tc.stacked || (tc.stacked && !strings.Contains(next, "$200/min")) || (!tc.stacked && !strings.Contains(line, "$151k/yr")) {
			t.Errorf("width %d: want the values %s, got\n%s", tc.width, map[bool]string{true: "on the line below the name", false: "on the name's line"}[tc.stacked], out)
		}
	}
}

// docFig is f as a document's figure.
func docFig(f *reports.Figure) *report.Figure {
	d := f.Doc()
	return &d
}
