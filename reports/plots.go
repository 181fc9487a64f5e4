package reports

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/units"
)

// The plot builders turn a Report's pictures (see pictures.go, where
// every number, label and choice is made once) into gonum plots made of
// stock plotters. They choose marks and scales; they decide nothing.

// LossPlot returns the distribution of the loss per year of every arm, on
// a log money axis: one dot per replication, a whisker from p5 to p95, the
// mean (a diamond) and the p95 (a bar) marked and labelled. It is the
// picture of tail risk: the dots far to the right are the rare, very bad
// years.
func LossPlot(r *Report) (*plot.Plot, error) {
	pics, err := r.pictures()
	if err != nil {
		return nil, err
	}
	return lossPlot(pics), nil
}

func lossPlot(pics *pictures) *plot.Plot {
	lp := &pics.Loss
	n := len(lp.Rows)
	p := newPlot(lp.Title)
	X := logAxis(&p.X, lp.Lo, lp.Hi, logTicks(func(x float64) string { return tickMoney(x, pics.Currency) }, vg.Points(400), false))
	p.X.Label.Text = lp.XLabel
	p.Y.Min, p.Y.Max = -0.62, float64(n)-0.45
	var ticks plot.ConstantTicks
	for a, row := range lp.Rows {
		ticks = append(ticks, plot.Tick{Value: rowY(a, n), Label: row.Label})
	}
	p.Y.Tick.Marker = ticks
	p.Y.Tick.Length = 0
	p.Add(grid(true, false))

	meanLabel := textStyle(noteSize, true, draw.XCenter, draw.YTop)
	p95Label := textStyle(noteSize, false, draw.XLeft, draw.YCenter)
	thin := draw.LineStyle{Color: gray(60), Width: vg.Points(1.2)}
	var means, p95s plotter.XYLabels
	var diamonds plotter.XYs
	for a, row := range lp.Rows {
		y := rowY(a, n)
		sty := styleOf(a)
		radius := vg.Points(2.2)
		fill := color.NRGBA{sty.Color.R, sty.Color.G, sty.Color.B, 190}
		if len(row.Dots) > 100 {
			radius, fill.A = vg.Points(1.8), 130
		}
		if len(row.Dots) > 0 {
			dots := make(plotter.XYs, len(row.Dots))
			for j, v := range row.Dots {
				dots[j] = plotter.XY{X: X(v), Y: y + 0.1 + 0.32*jitter(j)}
			}
			p.Add(scatter(dots, draw.GlyphStyle{Color: fill, Radius: radius, Shape: draw.CircleGlyph{}}))
		}
		if !row.Defined {
			continue
		}
		ly := y - 0.06
		p5, p95 := X(row.P5), X(row.P95)
		p.Add(&plotter.XErrorBars{
			XYs: plotter.XYs{{X: p5, Y: ly}}, XErrors: plotter.XErrors{{Low: 0, High: p95 - p5}},
			LineStyle: thin, CapWidth: vg.Points(9),
		})
		p.Add(line(draw.LineStyle{Color: color.Black, Width: vg.Points(2.5)}, plotter.XY{X: p95, Y: ly - 0.12}, plotter.XY{X: p95, Y: ly + 0.12}))
		diamonds = append(diamonds, plotter.XY{X: X(row.Mean), Y: ly})
		means.XYs = append(means.XYs, plotter.XY{X: X(row.Mean), Y: ly})
		means.Labels = append(means.Labels, row.MeanLabel)
		p95s.XYs = append(p95s.XYs, plotter.XY{X: p95, Y: ly})
		p95s.Labels = append(p95s.Labels, row.P95Label)
	}
	p.Add(scatter(diamonds, draw.GlyphStyle{Color: color.Black, Radius: vg.Points(4), Shape: diamondGlyph{}}))
	p.Add(labels(means, meanLabel, vg.Point{Y: vg.Points(-7)}), labels(p95s, p95Label, vg.Point{X: vg.Points(5)}))
	return p
}

// rowY returns the y of arm a of n in a plot with one row per arm, the
// first arm on top.
func rowY(a, n int) float64 { return float64(n - 1 - a) }

// jitter returns a fixed, well-spread number in [0, 1) for index j (the
// fractional part of j × the golden ratio), to spread dots without
// randomness.
func jitter(j int) float64 {
	_, f := math.Modf(float64(j+1) * 0.6180339887498949)
	return f
}

// scatter returns a stock scatter plotter of pts in one glyph style.
func scatter(pts plotter.XYs, sty draw.GlyphStyle) *plotter.Scatter {
	return &plotter.Scatter{XYs: pts, GlyphStyle: sty}
}

// line returns a stock line plotter through pts.
func line(sty draw.LineStyle, pts ...plotter.XY) *plotter.Line {
	return &plotter.Line{XYs: pts, LineStyle: sty}
}

// labels returns a stock labels plotter, every label in sty moved by
// offset from its point.
func labels(l plotter.XYLabels, sty text.Style, offset vg.Point) *plotter.Labels {
	styles := make([]text.Style, len(l.Labels))
	for i := range styles {
		styles[i] = sty
	}
	return &plotter.Labels{XYs: l.XYs, Labels: l.Labels, TextStyle: styles, Offset: offset}
}

// haloGlyphs draws the arm's marker at pts over a white one a little
// larger, so that it stands out from a line or a band under it.
func haloGlyphs(p *plot.Plot, arm int, pts plotter.XYs, radius vg.Length) {
	sty := styleOf(arm)
	p.Add(scatter(pts, draw.GlyphStyle{Color: color.White, Radius: radius * 1.4, Shape: sty.Glyph}), scatter(pts, sty.glyph(radius)))
}

// clusterFill is the shade behind a cluster's values: the worse the
// cluster, the darker, so that it reads in grayscale too.
func clusterFill(c dora.Cluster) color.Color {
	switch c {
	case dora.Elite:
		return color.RGBA{0xEE, 0xF6, 0xEC, 0xFF}
	case dora.High:
		return color.RGBA{0xE2, 0xEC, 0xE0, 0xFF}
	case dora.Medium:
		return color.RGBA{0xEE, 0xE4, 0xD2, 0xFF}
	}
	return color.RGBA{0xE6, 0xD0, 0xC8, 0xFF}
}

// clusterShade adds to p the shaded cluster bands, their edges mapped to
// the axis by edge, with the grid lines of grid between the fills and the
// bands' names.
func clusterShade(p *plot.Plot, bands []bandPic, edge func(float64) float64, grid *plotter.Grid) {
	var s shade
	for _, b := range bands {
		label := b.Cluster.String()
		fill := clusterFill(b.Cluster)
		if b.Gap {
			// Unshaded, and named for what it is: the report defines no
			// cluster here (a value here is rated the worse neighbour).
			label, fill = "gap", color.White
		}
		s.bands = append(s.bands, shadeBand{lo: edge(b.Lo), hi: edge(b.Hi), fill: fill, label: label, abbr: label[:min(3, len(label))]})
	}
	names := s
	names.names = true
	p.Add(&s, grid, &names)
}

// DoraPlots returns four panels, one per DORA key metric in dora.Metric
// order, each on its natural scale (log for deployment frequency, lead
// time and recovery time; linear for the change failure rate), with the
// clusters of the summary's edition shaded behind the arms' values. Each
// arm is a row, its marker at the value rated (mean deploys and change
// failure rate, median lead and recovery time) with whiskers from p5 to
// p95. The arm names label the rows of the first and third panels.
func DoraPlots(r *Report) ([]*plot.Plot, error) {
	pics, err := r.pictures()
	if err != nil {
		return nil, err
	}
	return doraPlots(pics), nil
}

func doraPlots(pics *pictures) []*plot.Plot {
	var out []*plot.Plot
	for _, pp := range pics.Dora.Panels {
		n := len(pp.Rows)
		// Each panel's data area is about 165 points wide (plot.Align
		// gives the columns equal widths).
		width := vg.Points(165)
		p := newPlot(pp.Title)
		p.Title.TextStyle.Font.Size = labelSize
		p.Title.Padding = vg.Points(4)
		p.X.Label.Text = pp.XLabel
		p.X.Label.TextStyle.Font.Size = tickSize

		// X maps a value to the axis, clamped to its range; edge maps a
		// band's edge.
		var X, edge func(float64) float64
		switch pp.Axis {
		case shareAxis:
			p.X.Min, p.X.Max = pp.Lo, pp.Hi
			p.X.Tick.Marker = percentTicks()
			X = func(x float64) float64 { return math.Max(pp.Lo, math.Min(x, pp.Hi)) }
			edge = func(x float64) float64 { return x }
		case perYearAxis:
			X, edge = logAxis(&p.X, pp.Lo, pp.Hi, perYearTicks(width)), log10Edge
		default:
			X, edge = logAxis(&p.X, pp.Lo, pp.Hi, hourTicks(width)), log10Edge
		}
		p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4+0.5
		var ticks plot.ConstantTicks
		for a, row := range pp.Rows {
			ticks = append(ticks, plot.Tick{Value: rowY(a, n), Label: row.Label})
		}
		p.Y.Tick.Marker = ticks
		p.Y.Tick.Length = 0
		clusterShade(p, pp.Bands, edge, grid(true, false))

		var naLabels plotter.XYLabels
		values := map[draw.XAlignment]*plotter.XYLabels{}
		for a, row := range pp.Rows {
			y := rowY(a, n)
			if !row.Defined {
				naLabels.XYs = append(naLabels.XYs, plotter.XY{X: X(pp.Lo), Y: y})
				naLabels.Labels = append(naLabels.Labels, row.NA)
				continue
			}
			x := X(row.Value)
			if !math.IsNaN(row.P5) {
				lo, hi := X(row.P5), X(row.P95)
				p.Add(&plotter.XErrorBars{
					XYs: plotter.XYs{{X: lo, Y: y}}, XErrors: plotter.XErrors{{Low: 0, High: hi - lo}},
					LineStyle: draw.LineStyle{Color: styleOf(a).Color, Width: vg.Points(1.5)}, CapWidth: vg.Points(6),
				})
			}
			haloGlyphs(p, a, plotter.XYs{{X: x, Y: y}}, vg.Points(5))
			l := values[row.Align]
			if l == nil {
				l = &plotter.XYLabels{}
				values[row.Align] = l
			}
			l.XYs = append(l.XYs, plotter.XY{X: x, Y: y})
			l.Labels = append(l.Labels, row.Text)
		}
		// A value label sits above its marker, or beside it near an end
		// of the axis.
		for _, align := range []draw.XAlignment{draw.XLeft, draw.XCenter, draw.XRight} {
			if l := values[align]; l != nil {
				dx := map[draw.XAlignment]vg.Length{draw.XLeft: -4, draw.XCenter: 0, draw.XRight: 4}[align]
				p.Add(labels(*l, textStyle(noteSize, false, align, draw.YBottom), vg.Point{X: dx, Y: vg.Points(7)}))
			}
		}
		if len(naLabels.Labels) > 0 {
			p.Add(labels(naLabels, textStyle(noteSize, false, draw.XLeft, draw.YCenter), vg.Point{X: vg.Points(6)}))
		}
		out = append(out, p)
	}
	return out
}

// perYearTickValues are where perYearTicks labels a log axis of
// deployments per year: once in ten years, once a year, a quarter, a
// month, a week, a day, and ten and a hundred a day.
var perYearTickValues = []float64{0.1, 1, 4, 12, 52, 365, 3650, 36500}

// perYearTicks labels a log axis of deployments per year about width long
// at perYearTickValues.
func perYearTicks(width vg.Length) plot.Ticker {
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		var ticks []plot.Tick
		for _, x := range perYearTickValues {
			if x >= lo && x <= hi {
				ticks = append(ticks, plot.Tick{Value: x, Label: trimZero(units.Num(x))})
			}
		}
		return declutter(ticks, lo, hi, true, width, false)
	})
}

// RecoveryPlot returns the empirical CDF of the time to restore of every
// failed deployment, per arm, on a log time axis, with the DORA clusters
// of the summary's edition shaded behind and each arm's median marked.
func RecoveryPlot(r *Report) (*plot.Plot, error) {
	pics, err := r.pictures()
	if err != nil {
		return nil, err
	}
	return ecdfPlot(&pics.Recovery), nil
}

// LeadTimePlot returns the empirical CDF of the lead time of every change
// delivered, per arm, on a log time axis, with the DORA clusters shaded
// behind and each arm's median marked.
func LeadTimePlot(r *Report) (*plot.Plot, error) {
	pics, err := r.pictures()
	if err != nil {
		return nil, err
	}
	return ecdfPlot(&pics.LeadTime), nil
}

func ecdfPlot(ep *ecdfPicture) *plot.Plot {
	p := newPlot(ep.Title)
	X := logAxis(&p.X, ep.Lo, ep.Hi, hourTicks(vg.Points(470)))
	p.X.Label.Text = ep.XLabel
	p.Y.Min, p.Y.Max = 0, 1.1
	p.Y.Label.Text = ep.YLabel
	p.Y.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 0.25, Label: "25%"},
		{Value: 0.5, Label: "50%"}, {Value: 0.75, Label: "75%"}, {Value: 1, Label: "100%"}}
	clusterShade(p, ep.Bands, log10Edge, grid(true, true))

	for a, c := range ep.Curves {
		if len(c.X) == 0 {
			continue
		}
		// A staircase: from each point across to the next, then up.
		pts := plotter.XYs{{X: X(ep.Lo), Y: 0}}
		for i, x := range c.X {
			pts = append(pts, plotter.XY{X: X(x), Y: c.P[i]})
		}
		pts = append(pts, plotter.XY{X: X(ep.Hi), Y: c.P[len(c.P)-1]})
		l := line(styleOf(a).line(vg.Points(lineWidth)), pts...)
		l.StepStyle = plotter.PostStep
		p.Add(l)
	}
	for a, c := range ep.Curves {
		if !math.IsNaN(c.Median) {
			haloGlyphs(p, a, plotter.XYs{{X: X(c.Median), Y: 0.5}}, vg.Points(4.5))
		}
	}
	return p
}

// YearPlots returns one panel per arm of the cumulative loss over the
// measured period, all on one log money axis so that a cheap arm is not
// flattened onto zero beside a costly one: in each, the arm's mean over
// replications (its line and markers) and the band of its middle 90% of
// replications, with the other arms' means as thin grey lines to compare
// against. Values below the axis floor (a hundredth of the smallest mean
// final loss, to a power of ten) sit on the floor.
func YearPlots(r *Report) ([]*plot.Plot, error) {
	pics, err := r.pictures()
	if err != nil {
		return nil, err
	}
	return yearPlots(pics)
}

func yearPlots(pics *pictures) ([]*plot.Plot, error) {
	yp := &pics.Year
	var out []*plot.Plot
	for a, panel := range yp.Panels {
		p := newPlot("")
		p.Title.Text = panel.Title // two lines, name then amount: titleLines would join them
		p.Title.TextStyle.Font.Size = labelSize
		p.Title.Padding = vg.Points(4)
		p.X.Min, p.X.Max = 0, yp.Days
		p.X.Label.Text = "days"
		p.X.Label.TextStyle.Font.Size = tickSize
		Y := logAxis(&p.Y, yp.Lo, yp.Hi, logTicks(func(x float64) string { return tickMoney(x, pics.Currency) }, vg.Points(120), true))
		if a%yp.Cols == 0 {
			p.Y.Label.Text = "loss so far, " + pics.Currency + " (log)"
			p.Y.Label.TextStyle.Font.Size = tickSize
		}
		p.Add(grid(false, true))
		path := func(pt metrics.Path, sty draw.LineStyle) *plotter.Line {
			pts := make(plotter.XYs, len(pt.Days))
			for k := range pt.Days {
				pts[k] = plotter.XY{X: pt.Days[k], Y: Y(pt.Mean[k])}
			}
			return line(sty, pts...)
		}
		for _, other := range panel.Others {
			p.Add(path(other, draw.LineStyle{Color: gray(175), Width: vg.Points(0.8)}))
		}
		if pt := panel.Path; len(pt.Days) > 0 {
			var ring plotter.XYs
			for k := range pt.Days {
				ring = append(ring, plotter.XY{X: pt.Days[k], Y: Y(pt.High[k])})
			}
			for k := len(pt.Days) - 1; k >= 0; k-- {
				ring = append(ring, plotter.XY{X: pt.Days[k], Y: Y(pt.Low[k])})
			}
			band, err := plotter.NewPolygon(ring)
			if err != nil {
				return nil, err
			}
			c := styleOf(a).Color
			band.Color = color.NRGBA{c.R, c.G, c.B, 60}
			band.LineStyle = draw.LineStyle{Color: color.NRGBA{c.R, c.G, c.B, 140}, Width: vg.Points(0.6)}
			p.Add(band, path(pt, styleOf(a).line(vg.Points(lineWidth))))
			last := len(pt.Days) - 1
			var marks plotter.XYs
			for _, k := range []int{last / 4, last / 2, 3 * last / 4, last} {
				marks = append(marks, plotter.XY{X: pt.Days[k], Y: Y(pt.Mean[k])})
			}
			haloGlyphs(p, a, marks, vg.Points(3.2))
		}
		out = append(out, p)
	}
	return out, nil
}
