package reports

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plot builders turn a Report into gonum plots. They choose marks,
// scales and words; every number they draw was computed by NewReport.

// LossPlot returns the distribution of the loss per year of every arm, on
// a log money axis: one dot per replication, a line from p5 to p95, the
// mean (a diamond) and the p95 (a bar) marked and labelled. It is the
// picture of tail risk: the dots far to the right are the rare, very bad
// years.
func LossPlot(r *Report) (*plot.Plot, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	s := &r.Summary
	n := len(s.Arms)
	m := metricIndex(LossPerYear)
	money := func(x float64) string { return FormatMoney(x, s.Currency) }

	var all []float64
	for a := range s.Arms {
		st := s.Arms[a].Stats[m]
		all = append(all, r.Curves[a].LossPerYear...)
		all = append(all, st.Mean, st.P95)
	}
	lo, hi := logRange(1.8, all...)

	worst, best := extremes(s, m, func(st Stat) float64 { return st.P95 }, false)
	title := fmt.Sprintf("Loss per year: in a bad year (p95) %s loses %s", s.Arms[worst].Name, money(s.Arms[worst].Stats[m].P95))
	if worst != best {
		title = fmt.Sprintf("In a bad year (p95) %s loses %s, %s %s",
			s.Arms[worst].Name, money(s.Arms[worst].Stats[m].P95), s.Arms[best].Name, money(s.Arms[best].Stats[m].P95))
	}
	p := newPlot(title)
	X := logAxis(&p.X, lo, hi, logTicks(func(x float64) string { return tickMoney(x, s.Currency) }, vg.Points(400)))
	p.X.Label.Text = "loss per year, " + s.Currency + " (log scale: each step is ×10)"
	p.Y.Min, p.Y.Max = -0.62, float64(n)-0.45
	var ticks plot.ConstantTicks
	for a, arm := range s.Arms {
		ticks = append(ticks, plot.Tick{Value: row(a, n), Label: arm.Name})
	}
	p.Y.Tick.Marker = ticks
	p.Y.Tick.Length = 0
	p.Add(grid(true, false))

	var mk marks
	black := color.Black
	meanLabel := textStyle(noteSize, true, draw.XCenter, draw.YTop)
	p95Label := textStyle(noteSize, false, draw.XLeft, draw.YCenter)
	for a := range s.Arms {
		y := row(a, n)
		sty := styleOf(a)
		dots := r.Curves[a].LossPerYear
		radius := vg.Points(2.2)
		fill := color.NRGBA{sty.Color.R, sty.Color.G, sty.Color.B, 190}
		if len(dots) > 100 {
			radius, fill.A = vg.Points(1.8), 130
		}
		for j, v := range dots {
			mk.glyph(X(v), y+0.1+0.32*jitter(j), draw.GlyphStyle{Color: fill, Radius: radius, Shape: draw.CircleGlyph{}})
		}
		st := s.Arms[a].Stats[m]
		if st.N == 0 {
			continue
		}
		ly := y - 0.06
		p5, p95 := X(st.P5), X(st.P95)
		thin := draw.LineStyle{Color: gray(60), Width: vg.Points(1.2)}
		mk.line(thin, plotter.XY{X: p5, Y: ly}, plotter.XY{X: p95, Y: ly})
		mk.line(thin, plotter.XY{X: p5, Y: ly - 0.06}, plotter.XY{X: p5, Y: ly + 0.06})
		mk.line(draw.LineStyle{Color: black, Width: vg.Points(2.5)}, plotter.XY{X: p95, Y: ly - 0.12}, plotter.XY{X: p95, Y: ly + 0.12})
		mean := X(st.Mean)
		mk.glyph(mean, ly, draw.GlyphStyle{Color: black, Radius: vg.Points(4), Shape: diamondGlyph{}})
		mk.text(mean, ly, "mean "+money(st.Mean), meanLabel, 0, vg.Points(-7))
		mk.text(p95, ly, "p95 "+money(st.P95), p95Label, vg.Points(5), 0)
	}
	p.Add(&mk)
	return p, nil
}

// row returns the y of arm a of n in a plot with one row per arm, the
// first arm on top.
func row(a, n int) float64 { return float64(n - 1 - a) }

// jitter returns a fixed, well-spread number in [0, 1) for index j (the
// fractional part of j × the golden ratio), to spread dots without
// randomness.
func jitter(j int) float64 {
	_, f := math.Modf(float64(j+1) * 0.6180339887498949)
	return f
}

// extremes returns the arms with the largest and the smallest value of
// metric m by v, skipping NaN, or (0, 0) if none has a value; with
// higherIsBetter false the largest is the worst, and worst is returned
// first either way.
func extremes(s *Summary, m int, v func(Stat) float64, higherIsBetter bool) (worst, best int) {
	hiA, loA := -1, -1
	for a := range s.Arms {
		x := v(s.Arms[a].Stats[m])
		if math.IsNaN(x) {
			continue
		}
		if hiA < 0 || x > v(s.Arms[hiA].Stats[m]) {
			hiA = a
		}
		if loA < 0 || x < v(s.Arms[loA].Stats[m]) {
			loA = a
		}
	}
	if hiA < 0 {
		return 0, 0
	}
	if higherIsBetter {
		return loA, hiA
	}
	return hiA, loA
}

// doraPanel describes one DORA key metric's panel.
type doraPanel struct {
	metric DoraMetric
	key    string
	title  string
	xlabel string
	log    bool
}

func doraPanels(e Edition) []doraPanel {
	restore := "Time to restore service (median)"
	if e >= DORA2023 {
		restore = "Failed deployment recovery time (median)"
	}
	return []doraPanel{
		{DoraDeploymentFrequency, DeploysPerYear, "Deployment frequency (mean)", "deploys per year (log scale)\nwhiskers: p5–p95 of simulated years", true},
		{DoraLeadTime, LeadTimeHours, "Lead time for changes (median)", "per change (log scale)\nwhiskers: p5–p95 of every change", true},
		{DoraRecoveryTime, RecoveryTimeHours, restore, "per failed deployment (log scale)\nwhiskers: p5–p95 of every failure", true},
		{DoraChangeFailureRate, ChangeFailureRate, "Change failure rate (mean)", "share of deployments that fail\nwhiskers: p5–p95 of simulated years", false},
	}
}

// clusterFill is the shade behind a cluster's values: the worse the
// cluster, the darker, so that it reads in grayscale too.
func clusterFill(c Cluster) color.Color {
	switch c {
	case Elite:
		return color.RGBA{0xEE, 0xF6, 0xEC, 0xFF}
	case High:
		return color.RGBA{0xE2, 0xEC, 0xE0, 0xFF}
	case Medium:
		return color.RGBA{0xEE, 0xE4, 0xD2, 0xFF}
	}
	return color.RGBA{0xE6, 0xD0, 0xC8, 0xFF}
}

// clusterShade returns the shaded cluster bands of metric dm, their
// edges mapped to the axis by edge.
func clusterShade(e Edition, dm DoraMetric, edge func(float64) float64) *shade {
	var s shade
	for _, reg := range Regions(e, dm) {
		label := reg.Cluster.String()
		s.bands = append(s.bands, shadeBand{lo: edge(reg.Lo), hi: edge(reg.Hi), fill: clusterFill(reg.Cluster), label: label, abbr: label[:min(3, len(label))]})
	}
	return &s
}

// DoraPlots returns four panels, one per DORA key metric in DoraMetric
// order, each on its natural scale (log for deployment frequency, lead
// time and recovery time; linear for the change failure rate), with the
// clusters of the summary's edition shaded behind the arms' values. Each
// arm is a row, its marker at the value rated (mean deploys and change
// failure rate, median lead and recovery time) with a line from p5 to p95.
// The arm names label the rows of the first and third panels.
func DoraPlots(r *Report) ([]*plot.Plot, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	s := &r.Summary
	n := len(s.Arms)
	var out []*plot.Plot
	for i, panel := range doraPanels(s.Edition) {
		m := metricIndex(panel.key)
		def := metrics[m]
		// Each panel's data area is about 165 points wide (plot.Align
		// gives the columns equal widths).
		width := vg.Points(165)
		p := newPlot(panel.title)
		p.Title.TextStyle.Font.Size = labelSize
		p.Title.Padding = vg.Points(4)
		p.X.Label.Text = panel.xlabel
		p.X.Label.TextStyle.Font.Size = tickSize

		var edges, values []float64
		for _, reg := range Regions(s.Edition, panel.metric) {
			edges = append(edges, reg.Lo, reg.Hi)
		}
		for _, a := range s.Arms {
			st := a.Stats[m]
			values = append(values, st.Headline, st.P5, st.P95)
		}
		// X maps a value to the axis, clamped to its range; edge maps a
		// band's edge.
		var X, edge func(float64) float64
		if panel.log {
			lo, hi := logRange(1, edges...)
			dlo, dhi := logRange(1, values...)
			lo, hi = math.Min(lo, dlo)/2, math.Max(hi, dhi)*2
			ticker := hourTicks(width)
			if panel.metric == DoraDeploymentFrequency {
				ticker = perYearTicks(width)
			}
			X, edge = logAxis(&p.X, lo, hi, ticker), log10Edge
		} else {
			hi := 0.0
			for _, x := range append(edges, values...) {
				if !math.IsInf(x, 0) && !math.IsNaN(x) {
					hi = math.Max(hi, x)
				}
			}
			hi = math.Min(1, hi*1.15)
			// A little room left of zero keeps a marker at 0% whole.
			p.X.Min, p.X.Max = -hi/15, hi
			p.X.Tick.Marker = percentTicks()
			X = func(x float64) float64 { return math.Max(p.X.Min, math.Min(x, p.X.Max)) }
			edge = func(x float64) float64 { return x }
		}
		p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4+0.5
		var ticks plot.ConstantTicks
		for a, arm := range s.Arms {
			label := arm.Name
			if i%2 == 1 {
				label = ""
			}
			ticks = append(ticks, plot.Tick{Value: row(a, n), Label: label})
		}
		p.Y.Tick.Marker = ticks
		p.Y.Tick.Length = 0
		p.Add(clusterShade(s.Edition, panel.metric, edge), grid(true, false))

		var mk marks
		valueLabel := textStyle(noteSize, false, draw.XCenter, draw.YBottom)
		naLabel := textStyle(noteSize, false, draw.XLeft, draw.YCenter)
		for a := range s.Arms {
			st := s.Arms[a].Stats[m]
			y := row(a, n)
			sty := styleOf(a)
			if math.IsNaN(st.Headline) {
				mk.text(p.X.Min, y, "  n/a ("+def.undefWhy+")", naLabel, 0, 0)
				continue
			}
			if !math.IsNaN(st.P5) {
				mk.line(draw.LineStyle{Color: sty.Color, Width: vg.Points(1.5)},
					plotter.XY{X: X(st.P5), Y: y}, plotter.XY{X: X(st.P95), Y: y})
			}
			x := X(st.Headline)
			mk.glyph(x, y, draw.GlyphStyle{Color: color.White, Radius: vg.Points(6.5), Shape: sty.Glyph})
			mk.glyph(x, y, sty.glyph(vg.Points(5)))
			mk.text(x, y, ratedAmount(s.Edition, panel.metric, def, st.Headline), valueLabel, 0, vg.Points(7))
		}
		p.Add(&mk)
		out = append(out, p)
	}
	return out, nil
}

// doraTitle says in words where each arm falls overall.
func doraTitle(s *Summary) string {
	var parts []string
	for _, a := range s.Arms {
		parts = append(parts, a.Name+": "+a.Dora.Overall.String())
	}
	title := titleLines("Overall DORA " + s.Edition.String() + " cluster (" + OverallRule(s.Edition) + ") — " + strings.Join(parts, ", "))
	if strings.Count(title, "\n") < 2 {
		return title
	}
	worst, best := 0, 0
	for a := range s.Arms {
		if s.Arms[a].Dora.Overall < s.Arms[worst].Dora.Overall {
			worst = a
		}
		if s.Arms[a].Dora.Overall > s.Arms[best].Dora.Overall {
			best = a
		}
	}
	return titleLines(fmt.Sprintf("Overall DORA %s cluster (%s) — from %s (%s) to %s (%s)", s.Edition, OverallRule(s.Edition),
		s.Arms[worst].Dora.Overall, s.Arms[worst].Name, s.Arms[best].Dora.Overall, s.Arms[best].Name))
}

// perYearTicks labels a log axis of deployments per year about width long
// at once a year, a quarter, a month, a week, a day, and ten and a
// hundred a day.
func perYearTicks(width vg.Length) plot.Ticker {
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		var ticks []plot.Tick
		for _, x := range []float64{0.1, 1, 4, 12, 52, 365, 3650, 36500} {
			if x >= lo && x <= hi {
				ticks = append(ticks, plot.Tick{Value: x, Label: trimZero(num(x))})
			}
		}
		return declutter(ticks, lo, hi, true, width)
	})
}

// RecoveryPlot returns the empirical CDF of the time to restore of every
// failed deployment, per arm, on a log time axis, with the DORA clusters
// of the summary's edition shaded behind and each arm's median marked.
func RecoveryPlot(r *Report) (*plot.Plot, error) {
	restore := "Time to restore"
	if r != nil && r.Summary.Edition >= DORA2023 {
		restore = "Recovery time"
	}
	return ecdfPlot(r, RecoveryTimeHours, DoraRecoveryTime, restore,
		"time from a failed deployment to service restored (log scale)",
		"share of failed deployments restored",
		func(c *Curves) ECDF { return c.Recovery })
}

// LeadTimePlot returns the empirical CDF of the lead time of every change
// delivered, per arm, on a log time axis, with the DORA clusters shaded
// behind and each arm's median marked.
func LeadTimePlot(r *Report) (*plot.Plot, error) {
	return ecdfPlot(r, LeadTimeHours, DoraLeadTime, "Lead time for changes",
		"time from commit to running in production (log scale)",
		"share of changes delivered",
		func(c *Curves) ECDF { return c.LeadTime })
}

func ecdfPlot(r *Report, key string, dm DoraMetric, what, xlabel, ylabel string, pick func(*Curves) ECDF) (*plot.Plot, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	s := &r.Summary
	m := metricIndex(key)
	var all []float64
	for a := range s.Arms {
		all = append(all, pick(&r.Curves[a]).X...)
	}
	lo, hi := logRange(1.5, all...)

	title := what + ": no samples"
	if worst, best := extremes(s, m, func(st Stat) float64 { return st.P50 }, false); !math.IsNaN(s.Arms[worst].Stats[m].P50) {
		title = fmt.Sprintf("%s: half within %s for %s", what, FormatHours(s.Arms[worst].Stats[m].P50), s.Arms[worst].Name)
		if w, b := FormatHours(s.Arms[worst].Stats[m].P50), FormatHours(s.Arms[best].Stats[m].P50); w == b {
			title = fmt.Sprintf("%s: half within %s for every arm", what, w)
		} else {
			title += fmt.Sprintf(", %s for %s", b, s.Arms[best].Name)
		}
	}
	p := newPlot(title)
	X := logAxis(&p.X, lo, hi, hourTicks(vg.Points(470)))
	p.X.Label.Text = xlabel
	p.Y.Min, p.Y.Max = 0, 1.1
	p.Y.Label.Text = ylabel
	p.Y.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 0.25, Label: "25%"},
		{Value: 0.5, Label: "50%"}, {Value: 0.75, Label: "75%"}, {Value: 1, Label: "100%"}}
	p.Add(clusterShade(s.Edition, dm, log10Edge), grid(true, true))

	var mk marks
	for a := range s.Arms {
		e := pick(&r.Curves[a])
		if len(e.X) == 0 {
			continue
		}
		sty := styleOf(a)
		pts := plotter.XYs{{X: X(lo), Y: 0}}
		prev := 0.0
		for i, x := range e.X {
			pts = append(pts, plotter.XY{X: X(x), Y: prev}, plotter.XY{X: X(x), Y: e.P[i]})
			prev = e.P[i]
		}
		pts = append(pts, plotter.XY{X: X(hi), Y: prev})
		mk.line(sty.line(vg.Points(lineWidth)), pts...)
	}
	for a := range s.Arms {
		if med := s.Arms[a].Stats[m].P50; !math.IsNaN(med) {
			x := X(med)
			mk.glyph(x, 0.5, draw.GlyphStyle{Color: color.White, Radius: vg.Points(6), Shape: styleOf(a).Glyph})
			mk.glyph(x, 0.5, styleOf(a).glyph(vg.Points(4.5)))
		}
	}
	p.Add(&mk)
	return p, nil
}

// yearTitle names the arms that end the period with the largest and the
// smallest mean loss.
func yearTitle(r *Report) string {
	s := &r.Summary
	worst, best := -1, -1
	end := func(a int) float64 { m := r.Curves[a].Year.Mean; return m[len(m)-1] }
	for a := range s.Arms {
		if len(r.Curves[a].Year.Mean) == 0 {
			continue
		}
		if worst < 0 || end(a) > end(worst) {
			worst = a
		}
		if best < 0 || end(a) < end(best) {
			best = a
		}
	}
	period := "the year"
	if s.HorizonDays != 365 {
		period = num(s.HorizonDays) + " days"
	}
	if worst < 0 {
		return "Loss over " + period
	}
	money := func(x float64) string { return FormatMoney(x, s.Currency) }
	title := fmt.Sprintf("Loss over %s: %s ends at %s on average", period, s.Arms[worst].Name, money(end(worst)))
	if worst != best {
		title += fmt.Sprintf(", %s at %s", s.Arms[best].Name, money(end(best)))
	}
	return titleLines(title)
}

// YearPlots returns one panel per arm of the cumulative loss over the
// measured period, all on one log money axis so that a cheap arm is not
// flattened onto zero beside a costly one: in each, the arm's mean over
// replications (its line and markers) and the band of its middle 90% of
// replications, with the other arms' means as thin grey lines to compare
// against. Values below the axis floor (a hundredth of the smallest mean
// final loss, to a power of ten) sit on the floor.
func YearPlots(r *Report) ([]*plot.Plot, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	s := &r.Summary
	var finals, tops []float64
	for a := range s.Arms {
		path := r.Curves[a].Year
		if n := len(path.Mean); n > 0 {
			finals = append(finals, path.Mean[n-1])
			tops = append(tops, path.High[n-1], path.Mean[n-1])
		}
	}
	lo, hi := logRange(1, finals...)
	lo = math.Pow(10, math.Floor(math.Log10(lo/100)))
	_, hi = logRange(1.4, tops...)
	money := func(x float64) string { return FormatMoney(x, s.Currency) }
	var out []*plot.Plot
	for a := range s.Arms {
		path := r.Curves[a].Year
		title := s.Arms[a].Name + "\nnothing to draw"
		if n := len(path.Mean); n > 0 {
			title = fmt.Sprintf("%s\n%s on average", s.Arms[a].Name, money(path.Mean[n-1]))
		}
		p := newPlot("")
		p.Title.Text = title // two lines, name then amount: titleLines would join them
		p.Title.TextStyle.Font.Size = labelSize
		p.Title.Padding = vg.Points(4)
		p.X.Min, p.X.Max = 0, s.HorizonDays
		p.X.Label.Text = "days"
		p.X.Label.TextStyle.Font.Size = tickSize
		Y := logAxis(&p.Y, lo, hi, logTicks(func(x float64) string { return tickMoney(x, s.Currency) }, vg.Points(120)))
		p.Add(grid(false, true))
		var mk marks
		for b := range s.Arms {
			other := r.Curves[b].Year
			if b == a || len(other.Days) == 0 {
				continue
			}
			var pts plotter.XYs
			for k := range other.Days {
				pts = append(pts, plotter.XY{X: other.Days[k], Y: Y(other.Mean[k])})
			}
			mk.line(draw.LineStyle{Color: gray(175), Width: vg.Points(0.8)}, pts...)
		}
		if len(path.Days) > 0 {
			var ring plotter.XYs
			for k := range path.Days {
				ring = append(ring, plotter.XY{X: path.Days[k], Y: Y(path.High[k])})
			}
			for k := len(path.Days) - 1; k >= 0; k-- {
				ring = append(ring, plotter.XY{X: path.Days[k], Y: Y(path.Low[k])})
			}
			band, err := plotter.NewPolygon(ring)
			if err != nil {
				return nil, err
			}
			c := styleOf(a).Color
			band.Color = color.NRGBA{c.R, c.G, c.B, 60}
			band.LineStyle = draw.LineStyle{Color: color.NRGBA{c.R, c.G, c.B, 140}, Width: vg.Points(0.6)}
			p.Add(band)
			sty := styleOf(a)
			var pts plotter.XYs
			for k := range path.Days {
				pts = append(pts, plotter.XY{X: path.Days[k], Y: Y(path.Mean[k])})
			}
			mk.line(sty.line(vg.Points(lineWidth)), pts...)
			last := len(path.Days) - 1
			for _, k := range []int{last / 4, last / 2, 3 * last / 4, last} {
				mk.glyph(path.Days[k], Y(path.Mean[k]), draw.GlyphStyle{Color: color.White, Radius: vg.Points(4.5), Shape: sty.Glyph})
				mk.glyph(path.Days[k], Y(path.Mean[k]), sty.glyph(vg.Points(3.2)))
			}
		}
		p.Add(&mk)
		out = append(out, p)
	}
	return out, nil
}
