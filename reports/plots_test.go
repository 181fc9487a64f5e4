package reports

import (
	"deploysim/report"
	"deploysim/report/render"

	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/plot/vg"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/models"
	"deploysim/scenarios"
)

var figuresDir = flag.String("figures", "", "also write every built-in scenario's figures as PNG to this directory, for looking at")

// builtinReps is the number of replications the tests run of each
// built-in scenario: enough for every plot to have something to draw,
// few enough to keep the race-detector run short.
const builtinReps = 20

// builtinReports runs every built-in scenario once per test binary.
var builtinReports = sync.OnceValues(func() (map[string]*Report, error) {
	out := map[string]*Report{}
	for _, name := range scenarios.List() {
		if testing.Short() && !slices.Contains(pngScenarios, name) {
			continue // see skipInShort
		}
		sc, err := scenarios.Load(name)
		if err != nil {
			return nil, err
		}
		exp := sc.Experiment()
		exp.Replications = builtinReps
		res, err := exp.Run(context.Background(), 0, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = NewReport(res, metaOf(sc, exp), dora.DefaultEdition)
	}
	return out, nil
})

// metaOf fills a Meta from a scenario, as the command line does.
func metaOf(sc *scenarios.Scenario, exp models.Experiment) metrics.Meta {
	m := metrics.Meta{
		Scenario: sc.Name, Title: sc.Title, Story: sc.Story, Currency: sc.Currency, Sources: sc.Sources,
		Command: fmt.Sprintf("deploysim run %s --seed %d --replications %d", sc.Name, exp.Seed, exp.Replications),
		Version: "test",
	}
	for i := range sc.Arms {
		aa := metrics.ArmAssumptions{Arm: sc.Arms[i].Name}
		for _, p := range scenarios.Params(&sc.Arms[i], sc.Currency) {
			aa.Params = append(aa.Params, metrics.Assumption{Path: p.Path, Value: p.Value, Unit: p.Unit, Doc: p.Doc})
		}
		m.Assumptions = append(m.Assumptions, aa)
	}
	return m
}

func builtins(t *testing.T) map[string]*Report {
	t.Helper()
	reps, err := builtinReports()
	if err != nil {
		t.Fatal(err)
	}
	return reps
}

// skipInShort skips the test of a built-in other than pngScenarios under
// go test -short: the fast tier checks two built-ins, the slow tier
// (make test-slow) every one.
func skipInShort(t *testing.T, name string) {
	if testing.Short() && !slices.Contains(pngScenarios, name) {
		t.Skip("slow tier: only " + strings.Join(pngScenarios, " and ") + " under -short")
	}
}

// pngScenarios are the built-ins whose figures the race-detector run
// rasterizes; without -race, every built-in's are.
var pngScenarios = []string{"epic-vs-continuous", "knight-capital-2012"}

// TestFiguresBuiltins builds every figure of every built-in scenario,
// writes it as SVG and PNG, and checks that the PNG decodes at the
// expected size and is not blank.
func TestFiguresBuiltins(t *testing.T) {
	for name, r := range builtins(t) {
		t.Run(name, func(t *testing.T) {
			skipInShort(t, name)
			t.Parallel()
			figs, err := Figures(r)
			if err != nil {
				t.Fatal(err)
			}
			rasterize := !raceDetector || slices.Contains(pngScenarios, name)
			var names []string
			for _, f := range figs {
				names = append(names, f.Name)
			}
			if got, want := strings.Join(names, " "), "loss dora recovery lead-time year"; got != want {
				t.Errorf("figures: got %s, want %s", got, want)
			}
			for i := range figs {
				f := &figs[i]
				var buf bytes.Buffer
				if err := render.WriteFigure(&buf, ptrDoc(f), render.SVG); err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				if !bytes.Contains(buf.Bytes(), []byte("<svg")) || !bytes.HasSuffix(bytes.TrimSpace(buf.Bytes()), []byte("</svg>")) {
					t.Errorf("%s: SVG is not an <svg> document", f.Name)
				}
				if bytes.Contains(buf.Bytes(), []byte("NaN")) || bytes.Contains(buf.Bytes(), []byte("Inf")) {
					t.Errorf("%s: SVG has a NaN or infinite coordinate", f.Name)
				}
				if !rasterize {
					continue
				}
				buf.Reset()
				if err := render.WriteFigure(&buf, ptrDoc(f), render.PNG); err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				if *figuresDir != "" {
					if err := os.WriteFile(filepath.Join(*figuresDir, name+"-"+f.Name+".png"), buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				img, err := png.Decode(&buf)
				if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				w, h := f.PixelSize()
				if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
					t.Errorf("%s: got %d×%d pixels, want %d×%d", f.Name, b.Dx(), b.Dy(), w, h)
				}
				if w != 1200 {
					t.Errorf("%s: got width %d, want 1200", f.Name, w)
				}
				if share := inkShare(img); share < 0.02 {
					t.Errorf("%s: got %.3f of pixels drawn, want at least 0.02 (blank picture?)", f.Name, share)
				}
			}
		})
	}
}

// inkShare returns the share of pixels that are not white.
func inkShare(img image.Image) float64 {
	b := img.Bounds()
	ink := 0
	if rgba, ok := img.(*image.RGBA); ok { // what vgimg's PNGs decode to; fast
		for i := 0; i < len(rgba.Pix); i += 4 {
			if rgba.Pix[i] < 0xF0 || rgba.Pix[i+1] < 0xF0 || rgba.Pix[i+2] < 0xF0 {
				ink++
			}
		}
		return float64(ink) / float64(b.Dx()*b.Dy())
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xF000 || g < 0xF000 || bl < 0xF000 {
				ink++
			}
		}
	}
	return float64(ink) / float64(b.Dx()*b.Dy())
}

func TestTickLabels(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{tickMoney(1e6, "USD"), "$1M"},
		{tickMoney(2.5e6, "USD"), "$2.5M"},
		{tickMoney(10e3, "EUR"), "€10k"},
		{tickMoney(0, "USD"), "$0"},
		{trimZero("1.0 h"), "1 h"},
		{trimZero("1.05"), "1.05"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	// On a short axis, labels that would overlap are dropped, and their
	// ticks stay as minor ones.
	ticks := hourTicks(vg.Points(100)).Ticks(1, 8760)
	var labels []string
	for _, tk := range ticks {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	// 1 h, 6 h, 1 day, 1 week, 1 month, 6 months.
	if len(ticks) != 6 || len(labels) >= len(ticks) || labels[0] != "1 h" {
		t.Errorf("got %d ticks labelled %q; want 6 from 1 h, some unlabelled", len(ticks), labels)
	}
}

// ptrDoc is f as a document's figure.
func ptrDoc(f *Figure) *report.Figure {
	d := f.Doc()
	return &d
}
