package reports

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"deploysim/metrics"
	"deploysim/units"
	"deploysim/whatif"
)

// SweepFigures returns a sweep's figures: for one axis the curve of every
// arm with its 95% band and the optimum marked ("sweep") and, when the
// metric is the loss per year, the cost components of each arm the sweep
// changes ("sweep-components"); for two axes a heatmap per arm the sweep
// changes ("sweep-heatmap-ARM").
func SweepFigures(r *whatif.Result) ([]Figure, error) {
	if len(r.Arms) == 0 || len(r.Arms[0].Points) == 0 {
		return nil, errors.New("reports: empty sweep")
	}
	if len(r.Axes) == 2 {
		var figs []Figure
		for a, c := range r.Arms {
			if c.Varies {
				figs = append(figs, heatmapFigure(r, a))
			}
		}
		return figs, nil
	}
	figs := []Figure{curveFigure(r, math.NaN(), false)}
	if len(r.Components) > 0 {
		var panels [][]*plot.Plot
		for a, c := range r.Arms {
			if c.Varies {
				panels = append(panels, []*plot.Plot{componentsPlot(r, a)})
			}
		}
		figs = append(figs, Figure{
			Name: "sweep-components", Heading: "What the loss is made of",
			Caption: "The loss per year split into its parts at every value: the cost of releasing (labour and planned downtime), incident losses by cause, and the cost of delay. Their sum is the total curve.",
			Panels:  panels, Width: FigureWidth, Height: vg.Length(len(panels)) * 4 * vg.Inch,
		})
	}
	return figs, nil
}

// SweepCurveAt returns the curve figure of a one-axis sweep (the first of
// SweepFigures) of the arms the sweep changes only, with the value the
// parameter now has, now, marked by a vertical line labelled as the sweep
// labels its values ("now 4w", as "best 2w"): the explore page's sweep of
// the lever being moved, whose other arms are in the table beside it.
func SweepCurveAt(r *whatif.Result, now float64) (Figure, error) {
	if len(r.Axes) != 1 || len(r.Arms) == 0 || len(r.Arms[0].Points) == 0 {
		return Figure{}, errors.New("reports: the sweep curve needs a sweep of one axis")
	}
	return curveFigure(r, now, true), nil
}

// xAxis sets up the plot's x axis for the sweep's first axis and returns
// the map from a value to the axis.
func xAxis(p *plot.Plot, ax whatif.Axis) func(float64) float64 {
	p.X.Label.Text = ax.Path
	lo, hi := ax.Values[0], ax.Values[len(ax.Values)-1]
	label := func(x float64) string { return ax.Param.Format(x) }
	switch ax.Param.Kind {
	case "duration":
		label = func(h float64) string { return trimZero(units.FormatHours(h)) }
	case "probability":
		label = func(x float64) string { return trimZero(units.FormatPercent(x)) }
	}
	if ax.Log {
		lo, hi = logRange(1.08, ax.Values...)
		p.X.Label.Text += " (log scale)"
		if ax.Param.Kind == "duration" {
			return logAxis(&p.X, lo, hi, hourTicks(vg.Points(420)))
		}
		return logAxis(&p.X, lo, hi, logTicks(label, vg.Points(420), false))
	}
	pad := (hi - lo) * 0.03
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.X.Tick.Marker = relabel(plot.DefaultTicks{}, label)
	return func(x float64) float64 { return x }
}

// yLabel returns a tick labeller for values of the measure.
func yLabel(m metrics.Metric, currency string) func(float64) string {
	return func(y float64) string { return trimZero(measureAmount(m, y, currency).String()) }
}

// curveFigure draws the curve of every arm (of the arms the sweep
// changes, if changedOnly); a now that is not NaN is marked with a
// vertical line.
func curveFigure(r *whatif.Result, now float64, changedOnly bool) Figure {
	ax := r.Axes[0]
	best := ""
	for _, c := range r.Arms {
		if c.Varies {
			best = fmt.Sprintf("; %s is best at %s", c.Name, c.Points[c.Best].Labels[0])
			break
		}
	}
	p := newPlot(fmt.Sprintf("%s against %s%s", r.Metric.Title(), lastPart(ax.Path), best))
	X := xAxis(p, ax)
	p.Y.Label.Text = r.Metric.Title()
	p.Y.Tick.Marker = relabel(plot.DefaultTicks{}, yLabel(r.Metric, r.Currency))
	p.Add(grid(true, true))
	lo, hi := math.Inf(1), math.Inf(-1)
	var key []KeyEntry
	var rings plotter.XYs
	var bests plotter.XYLabels
	for a, c := range r.Arms {
		if changedOnly && !c.Varies {
			continue
		}
		sty := styleOf(a) // the arm's colour in every figure
		var band, line plotter.XYs
		for _, pt := range c.Points {
			x := X(pt.Values[0])
			line = append(line, plotter.XY{X: x, Y: pt.Metric.Mean})
			l, h := pt.Metric.Low, pt.Metric.High
			if math.IsNaN(l) {
				l, h = pt.Metric.Mean, pt.Metric.Mean
			}
			band = append(band, plotter.XY{X: x, Y: h})
			lo, hi = math.Min(lo, l), math.Max(hi, h)
		}
		for i := len(c.Points) - 1; i >= 0; i-- {
			pt := c.Points[i]
			l := pt.Metric.Low
			if math.IsNaN(l) {
				l = pt.Metric.Mean
			}
			band = append(band, plotter.XY{X: X(pt.Values[0]), Y: l})
		}
		// Only the arms the sweep changes get a band: the flat lines of the
		// others are references, and their bands would bury the curve.
		if poly, err := plotter.NewPolygon(band); err == nil && c.Varies {
			poly.Color = color.NRGBA{sty.Color.R, sty.Color.G, sty.Color.B, 50}
			poly.LineStyle.Width = 0
			p.Add(poly)
		}
		if l, err := plotter.NewLine(line); err == nil {
			l.LineStyle = sty.line(lineWidth)
			if !c.Varies {
				l.LineStyle.Width = vg.Points(1.2)
			}
			p.Add(l)
		}
		label := c.Mark
		if c.Varies {
			if s, err := plotter.NewScatter(line); err == nil {
				s.GlyphStyle = sty.glyph(vg.Points(3))
				p.Add(s)
			}
			b := c.Points[c.Best]
			rings = append(rings, plotter.XY{X: X(b.Values[0]), Y: b.Metric.Mean})
			bests.XYs = append(bests.XYs, plotter.XY{X: X(b.Values[0]), Y: b.Metric.Mean})
			bests.Labels = append(bests.Labels, "best "+b.Labels[0])
		} else {
			label += " (not changed)"
		}
		key = append(key, KeyEntry{Arm: a, Label: label, Line: true})
	}
	p.Add(scatter(rings, draw.GlyphStyle{Color: color.Black, Radius: vg.Points(7), Shape: draw.RingGlyph{}}),
		labels(bests, textStyle(noteSize, true, draw.XCenter, draw.YTop), vg.Point{Y: vg.Points(-10)}))
	if lo > 0 && r.Metric.Money {
		lo = 0
	}
	pad := (hi - lo) * 0.08
	p.Y.Min, p.Y.Max = lo, hi+pad
	if !math.IsNaN(now) {
		x := X(now)
		// The label on the line's side away from the nearer edge.
		align, dx := draw.XLeft, vg.Points(4)
		if now > ax.Values[len(ax.Values)/2] {
			align, dx = draw.XRight, vg.Points(-4)
		}
		p.Add(line(draw.LineStyle{Color: color.Gray{Y: 0x55}, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}},
			plotter.XY{X: x, Y: lo}, plotter.XY{X: x, Y: hi + pad}),
			labels(plotter.XYLabels{XYs: plotter.XYs{{X: x, Y: hi + pad}}, Labels: []string{"now " + ax.Param.Format(now)}},
				textStyle(noteSize, true, align, draw.YTop), vg.Point{X: dx, Y: vg.Points(-2)}))
	}
	whose := "every arm"
	if changedOnly {
		whose = "each arm the sweep changes"
	}
	return Figure{
		Name: "sweep", Heading: r.Metric.Title() + " against " + ax.Path,
		Caption: fmt.Sprintf("%s of %s at each value of %s, with its 95%% band; a ring marks each changed arm's optimum. Every point ran on the same random numbers, so the curves' shapes are measured more precisely than the bands suggest. The bands cover simulation noise only, not the assumptions.", r.Metric.Title(), whose, ax.Path),
		Panels:  [][]*plot.Plot{{p}}, Key: key, Width: FigureWidth, Height: 5 * vg.Inch,
	}
}

func lastPart(path string) string {
	if i := strings.Index(path, "."); strings.HasPrefix(path, "arms.") && i >= 0 {
		rest := path[i+1:]
		if j := strings.Index(rest, "."); j >= 0 {
			return rest[j+1:]
		}
	}
	return strings.TrimPrefix(path, "defaults.")
}

// componentPart is one line of the components plot: a sum of components.
type componentPart struct {
	label string
	keys  []string
	color color.Color
}

var componentParts = []componentPart{
	{"cost of releasing (labour, planned downtime)", []string{metrics.LaborCostPerYear, metrics.DowntimeCostPerYear}, color.RGBA{0x00, 0x72, 0xB2, 0xFF}},
	{"incidents: code defects", []string{metrics.CodeDefectLossPerYear}, color.RGBA{0xD5, 0x5E, 0x00, 0xFF}},
	{"incidents: deployment errors", []string{metrics.DeployErrorLossPerYear}, color.RGBA{0xCC, 0x79, 0xA7, 0xFF}},
	{"incidents: failed rollbacks", []string{metrics.RollbackLossPerYear}, color.RGBA{0xE6, 0x9F, 0x00, 0xFF}},
	{"cost of delay", []string{metrics.DelayCostPerYear}, color.RGBA{0x00, 0x9E, 0x73, 0xFF}},
}

func componentsPlot(r *whatif.Result, a int) *plot.Plot {
	c := r.Arms[a]
	ax := r.Axes[0]
	p := newPlot(fmt.Sprintf("%s: where the money goes as %s changes", c.Mark, lastPart(ax.Path)))
	X := xAxis(p, ax)
	p.Y.Label.Text = "per year, " + r.Currency
	p.Y.Tick.Marker = relabel(plot.DefaultTicks{}, func(y float64) string { return tickMoney(y, r.Currency) })
	p.Add(grid(true, true))
	p.Legend.Top = true
	p.Legend.Left = false
	hi := 0.0
	add := func(label string, ys []float64, sty draw.LineStyle) {
		var pts plotter.XYs
		for i, pt := range c.Points {
			pts = append(pts, plotter.XY{X: X(pt.Values[0]), Y: ys[i]})
			hi = math.Max(hi, ys[i])
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return
		}
		l.LineStyle = sty
		p.Add(l)
		p.Legend.Add(label, l)
	}
	total := make([]float64, len(c.Points))
	for i, pt := range c.Points {
		total[i] = pt.Metric.Mean
	}
	add("total loss", total, draw.LineStyle{Color: color.Black, Width: vg.Points(3)})
	for _, part := range componentParts {
		ys := make([]float64, len(c.Points))
		any := false
		for i, pt := range c.Points {
			for j, m := range r.Components {
				for _, k := range part.keys {
					if m.Key == k {
						ys[i] += pt.Components[j].Mean
					}
				}
			}
			any = any || ys[i] > 0
		}
		if any {
			add(part.label, ys, draw.LineStyle{Color: part.color, Width: vg.Points(lineWidth)})
		}
	}
	b := c.Points[c.Best]
	at := plotter.XYs{{X: X(b.Values[0]), Y: b.Metric.Mean}}
	p.Add(scatter(at, draw.GlyphStyle{Color: color.Black, Radius: vg.Points(7), Shape: draw.RingGlyph{}}),
		labels(plotter.XYLabels{XYs: at, Labels: []string{"best " + b.Labels[0]}}, textStyle(noteSize, true, draw.XCenter, draw.YBottom), vg.Point{Y: vg.Points(10)}))
	// Head room for the legend in the top right corner.
	p.Y.Min, p.Y.Max = 0, hi*1.6
	return p
}

// grid2 is the heatmap's data: point (i, j) of the sweep at column j
// (second axis) and row i (first axis).
type grid2 struct {
	r *whatif.Result
	c whatif.Curve
}

func (g grid2) Dims() (c, r int)   { return len(g.r.Axes[1].Values), len(g.r.Axes[0].Values) }
func (g grid2) X(c int) float64    { return float64(c) }
func (g grid2) Y(r int) float64    { return float64(r) }
func (g grid2) Z(c, r int) float64 { return g.c.Points[r*len(g.r.Axes[1].Values)+c].Metric.Mean }

func heatmapFigure(r *whatif.Result, a int) Figure {
	c := r.Arms[a]
	b := c.Points[c.Best]
	p := newPlot(fmt.Sprintf("%s: %s, best at %s", c.Mark, r.Metric.Title(), strings.Join(b.Labels, " × ")))
	g := grid2{r, c}
	pal := moreland.SmoothBlueRed()
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, pt := range c.Points {
		lo, hi = math.Min(lo, pt.Metric.Mean), math.Max(hi, pt.Metric.Mean)
	}
	if hi == lo {
		hi = lo + 1
	}
	pal.SetMin(lo)
	pal.SetMax(hi)
	colors := pal.Palette(64)
	if r.Metric.HigherIsBetter {
		colors = reversed(colors)
	}
	h := plotter.NewHeatMap(g, colors)
	h.Min, h.Max = lo, hi
	p.Add(h)
	ticks := func(labels []string) plot.ConstantTicks {
		var t plot.ConstantTicks
		for i, l := range labels {
			t = append(t, plot.Tick{Value: float64(i), Label: l})
		}
		return t
	}
	p.X.Tick.Marker = ticks(r.Axes[1].Labels)
	p.Y.Tick.Marker = ticks(r.Axes[0].Labels)
	p.X.Label.Text, p.Y.Label.Text = r.Axes[1].Path, r.Axes[0].Path
	p.X.Min, p.X.Max = -0.5, float64(len(r.Axes[1].Values))-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(len(r.Axes[0].Values))-0.5
	cs := colors.Colors()
	var cells plotter.XYLabels
	var styles []text.Style
	for _, pt := range c.Points {
		x, y := float64(pt.Index[1]), float64(pt.Index[0])
		s := trimZero(measureAmount(r.Metric, pt.Metric.Mean, r.Currency).String())
		bold := pt.Index[0] == b.Index[0] && pt.Index[1] == b.Index[1]
		if pt.Tied && !bold {
			s += " ≈"
		}
		sty := textStyle(noteSize, bold, draw.XCenter, draw.YCenter)
		// White on the dark ends of the palette, black in between.
		k := int(math.Round((pt.Metric.Mean - lo) / (hi - lo) * float64(len(cs)-1)))
		if cr, cg, cb, _ := cs[max(0, min(k, len(cs)-1))].RGBA(); 0.299*float64(cr)+0.587*float64(cg)+0.114*float64(cb) < 0.5*0xFFFF {
			sty.Color = color.White
		}
		cells.XYs = append(cells.XYs, plotter.XY{X: x, Y: y})
		cells.Labels = append(cells.Labels, s)
		styles = append(styles, sty)
	}
	p.Add(&plotter.Labels{XYs: cells.XYs, Labels: cells.Labels, TextStyle: styles})
	// A frame round the optimum's cell.
	bx, by := float64(b.Index[1]), float64(b.Index[0])
	frame := draw.LineStyle{Color: color.Black, Width: vg.Points(3)}
	p.Add(line(frame, plotter.XY{X: bx - 0.47, Y: by - 0.47}, plotter.XY{X: bx + 0.47, Y: by - 0.47}, plotter.XY{X: bx + 0.47, Y: by + 0.47},
		plotter.XY{X: bx - 0.47, Y: by + 0.47}, plotter.XY{X: bx - 0.47, Y: by - 0.47}))
	return Figure{
		Name: "sweep-heatmap-" + c.Name, Heading: c.Name + ": " + r.Metric.Title(),
		Caption: fmt.Sprintf("%s of %s at every combination of %s (rows) and %s (columns); blue is better, red worse. The frame marks the optimum; ≈ marks the combinations statistically indistinguishable from it.",
			r.Metric.Title(), c.Mark, r.Axes[0].Path, r.Axes[1].Path),
		Panels: [][]*plot.Plot{{p}}, Width: FigureWidth, Height: 5.5 * vg.Inch,
	}
}

type reversedPalette []color.Color

func (p reversedPalette) Colors() []color.Color { return p }

func reversed(p interface{ Colors() []color.Color }) reversedPalette {
	cs := p.Colors()
	out := make(reversedPalette, len(cs))
	for i, c := range cs {
		out[len(cs)-1-i] = c
	}
	return out
}
