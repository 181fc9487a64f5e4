package reports

import (
	"image/color"
	"math"
	"slices"
	"strings"

	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"deploysim/models"
	"deploysim/units"
)

// This file holds the look shared by every plot: arm styles, fonts and
// tick marks in people's units.

// armStyle is how one arm is drawn in every plot: its colour, its dash
// pattern and its marker, so that arms can be told apart in colour, in
// grayscale and by readers who do not see colour.
type armStyle struct {
	Color  color.RGBA
	Dashes []vg.Length
	Glyph  draw.GlyphDrawer
}

// styleOf returns the style of the arm at index i. Colours are Okabe and
// Ito's colour-blind-safe palette (yellow left out: it does not show on
// white or on a projector), ordered so that the first arms, usually the
// baseline and its first challenger, contrast most; every arm also gets
// its own dash pattern and marker. Arms beyond the seventh reuse the
// styles.
func styleOf(i int) armStyle {
	colors := [...]color.RGBA{
		{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
		{0x00, 0x72, 0xB2, 0xFF}, // blue
		{0x00, 0x9E, 0x73, 0xFF}, // bluish green
		{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
		{0xE6, 0x9F, 0x00, 0xFF}, // orange
		{0x33, 0x33, 0x33, 0xFF}, // near black
		{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	}
	dashes := [...][]vg.Length{
		nil,
		{vg.Points(7), vg.Points(3)},
		{vg.Points(2), vg.Points(2.5)},
		{vg.Points(9), vg.Points(3), vg.Points(2), vg.Points(3)},
		{vg.Points(4), vg.Points(2)},
		{vg.Points(12), vg.Points(3), vg.Points(2), vg.Points(3), vg.Points(2), vg.Points(3)},
		{vg.Points(1), vg.Points(3)},
	}
	glyphs := [...]draw.GlyphDrawer{
		draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, diamondGlyph{},
		invertedTriangleGlyph{}, draw.RingGlyph{}, draw.SquareGlyph{},
	}
	i %= len(colors)
	return armStyle{Color: colors[i], Dashes: dashes[i], Glyph: glyphs[i]}
}

// line returns the arm's line style at the given width.
func (s armStyle) line(width vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: s.Color, Width: width, Dashes: s.Dashes}
}

// glyph returns the arm's marker at the given radius.
func (s armStyle) glyph(radius vg.Length) draw.GlyphStyle {
	return draw.GlyphStyle{Color: s.Color, Radius: radius, Shape: s.Glyph}
}

// diamondGlyph draws a filled diamond (a square on its corner).
type diamondGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius * 1.25
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	p.Close()
	c.Fill(p)
}

// invertedTriangleGlyph draws a filled triangle pointing down.
type invertedTriangleGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (invertedTriangleGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius + (sty.Radius-sty.Radius*vg.Length(math.Sin(math.Pi/6)))/2
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r*vg.Length(math.Cos(math.Pi/6)), Y: pt.Y + r*vg.Length(math.Sin(math.Pi/6))})
	p.Line(vg.Point{X: pt.X + r*vg.Length(math.Cos(math.Pi/6)), Y: pt.Y + r*vg.Length(math.Sin(math.Pi/6))})
	p.Close()
	c.Fill(p)
}

// Sizes shared by the plots, in points (1/72 inch).
const (
	titleSize = 13
	labelSize = 11
	tickSize  = 10
	noteSize  = 9
	lineWidth = 2
)

// sans returns Liberation Sans, metric-compatible with Arial and
// Helvetica: the SVG names those as fallbacks, so a browser without
// Liberation lays text out at the same widths.
func sans(size vg.Length, bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = stdfont.WeightBold
	}
	return f
}

// textStyle returns a text style in sans at size.
func textStyle(size vg.Length, bold bool, x draw.XAlignment, y draw.YAlignment) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    sans(size, bold),
		XAlign:  x,
		YAlign:  y,
		Handler: plot.DefaultTextHandler,
	}
}

// gray is a gray of the given lightness, 0 black to 255 white.
func gray(y uint8) color.Gray { return color.Gray{Y: y} }

// newPlot returns an empty plot in the report's look: sans fonts sized
// for a projector, light grid lines, no padding between axes and data
// (so that shaded bands reach the axes).
func newPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = titleLines(title)
	p.Title.TextStyle = textStyle(titleSize, true, draw.XCenter, draw.YTop)
	p.Title.Padding = vg.Points(8)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = sans(labelSize, false)
		ax.Tick.Label.Font = sans(tickSize, false)
		ax.Padding = 0
		ax.Tick.Length = vg.Points(4)
		ax.LineStyle.Color = gray(80)
		ax.Tick.LineStyle.Color = gray(80)
	}
	p.X.Label.Padding = vg.Points(4)
	p.Y.Label.Padding = vg.Points(4)
	p.Legend.TextStyle.Font = sans(tickSize, false)
	return p
}

// grid returns light grid lines at the major ticks.
func grid(vertical, horizontal bool) *plotter.Grid {
	g := plotter.NewGrid()
	sty := draw.LineStyle{Color: gray(215), Width: vg.Points(0.5)}
	g.Vertical, g.Horizontal = draw.LineStyle{}, draw.LineStyle{}
	if vertical {
		g.Vertical = sty
	}
	if horizontal {
		g.Horizontal = sty
	}
	return g
}

// wrapText breaks s at spaces into lines no wider than width in style
// sty.
func wrapText(s string, sty text.Style, width vg.Length) string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if cur != "" && sty.Rectangle(try).Size().X > width {
			lines = append(lines, cur)
			try = word
		}
		cur = try
	}
	return strings.Join(append(lines, cur), "\n")
}

// titleLines returns a plot or figure title wrapped to the figure's
// width.
func titleLines(s string) string {
	return wrapText(s, textStyle(titleSize, true, draw.XCenter, draw.YTop), FigureWidth-vg.Points(30))
}

// tickMoney writes an amount for a tick label: FormatMoney without a
// trailing ".0" ("$1M", not "$1.0M").
func tickMoney(x float64, currency string) string { return trimZero(units.FormatMoney(x, currency)) }

// logTicks returns the ticks of a log axis from lo to hi (> 0) about
// width long: at the first of the mantissa sets {1}, {1, 2, 5},
// {1, …, 9} that labels at least three ticks, labelled by label, and
// unlabelled minor ticks at every 1–9 × power of ten; labels that would
// overlap are left out (see declutter; vertical for a y axis).
func logTicks(label func(float64) string, width vg.Length, vertical bool) plot.Ticker {
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		if !(lo > 0) || !(hi > lo) {
			return nil
		}
		first := math.Floor(math.Log10(lo))
		last := math.Ceil(math.Log10(hi))
		inRange := func(x float64) bool { return x >= lo*(1-1e-9) && x <= hi*(1+1e-9) }
		var ticks []plot.Tick
		for _, set := range [][]float64{{1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}} {
			ticks = ticks[:0]
			labelled := 0
			for e := first; e <= last; e++ {
				for m := 1.0; m <= 9; m++ {
					x := m * math.Pow(10, e)
					if !inRange(x) {
						continue
					}
					t := plot.Tick{Value: x}
					if slices.Contains(set, m) {
						t.Label = label(x)
						labelled++
					}
					ticks = append(ticks, t)
				}
			}
			if labelled >= 3 {
				break
			}
		}
		return declutter(ticks, lo, hi, true, width, vertical)
	})
}

// hourTicks returns the ticks of a log axis of hours about width long, at
// durations people name: minutes, hours, a day, a week, a month, six
// months, years; in short form ("1 wk") where the long one ("1 week")
// would leave labels out.
func hourTicks(width vg.Length) plot.Ticker {
	type mark struct {
		h           float64
		label, abbr string
	}
	// Hours in a day, a week, a month and six months, read as package
	// dora reads the reports' wording (a 365-day year).
	const (
		day       = 24.0
		week      = 168.0
		month     = 730.0
		sixMonths = 4380.0
	)
	coarse := []mark{
		{1.0 / 3600, "1 s", "1 s"}, {10.0 / 3600, "10 s", "10 s"}, {1.0 / 60, "1 min", "1 min"},
		{10.0 / 60, "10 min", "10 min"}, {1, "1 h", "1 h"}, {6, "6 h", "6 h"}, {day, "1 day", "1 d"},
		{week, "1 week", "1 wk"}, {month, "1 month", "1 mo"}, {sixMonths, "6 months", "6 mo"},
		{2 * models.HoursPerYear, "2 years", "2 yr"}, {10 * models.HoursPerYear, "10 years", "10 yr"},
	}
	fine := []mark{
		{1.0 / 3600, "1 s", "1 s"}, {10.0 / 3600, "10 s", "10 s"}, {30.0 / 3600, "30 s", "30 s"},
		{1.0 / 60, "1 min", "1 min"}, {5.0 / 60, "5 min", "5 min"}, {15.0 / 60, "15 min", "15 min"},
		{0.5, "30 min", "30 min"}, {1, "1 h", "1 h"}, {2, "2 h", "2 h"}, {4, "4 h", "4 h"}, {8, "8 h", "8 h"},
		{12, "12 h", "12 h"}, {day, "1 day", "1 d"}, {2 * day, "2 days", "2 d"}, {4 * day, "4 days", "4 d"},
		{week, "1 week", "1 wk"}, {2 * week, "2 weeks", "2 wk"}, {3 * week, "3 weeks", "3 wk"},
		{month, "1 month", "1 mo"}, {6 * week, "6 weeks", "6 wk"}, {2 * month, "2 months", "2 mo"}, {3 * month, "3 months", "3 mo"}, {sixMonths, "6 months", "6 mo"},
		{models.HoursPerYear, "1 year", "1 yr"}, {2 * models.HoursPerYear, "2 years", "2 yr"},
	}
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		pick := func(ms []mark, abbr bool) (ticks []plot.Tick, all int) {
			for _, m := range ms {
				if m.h >= lo*(1-1e-9) && m.h <= hi*(1+1e-9) {
					label := m.label
					if abbr {
						label = m.abbr
					}
					ticks = append(ticks, plot.Tick{Value: m.h, Label: label})
				}
			}
			return declutter(ticks, lo, hi, true, width, false), len(ticks)
		}
		for _, ms := range [][]mark{coarse, fine} {
			t, all := pick(ms, false)
			if labelled(t) < all {
				if short, _ := pick(ms, true); labelled(short) > labelled(t) {
					t = short
				}
			}
			if labelled(t) >= 3 {
				return t
			}
		}
		return logTicks(func(h float64) string { return trimZero(units.FormatHours(h)) }, width, false).Ticks(lo, hi)
	})
}

// labelled counts the labelled ticks.
func labelled(ticks []plot.Tick) int {
	n := 0
	for _, t := range ticks {
		if !t.IsMinor() {
			n++
		}
	}
	return n
}

// declutter removes, from left to right, the labels of ticks that would
// overlap the previous label on an axis about width long (log or linear
// from lo to hi; on a vertical axis labels are measured by their
// height); their ticks stay as minor ticks.
func declutter(ticks []plot.Tick, lo, hi float64, log bool, width vg.Length, vertical bool) []plot.Tick {
	sty := textStyle(tickSize, false, draw.XCenter, draw.YTop)
	pos := func(x float64) vg.Length {
		if log {
			return width * vg.Length(math.Log(x/lo)/math.Log(hi/lo))
		}
		return width * vg.Length((x-lo)/(hi-lo))
	}
	var prevX, prevW vg.Length
	first := true
	for i := range ticks {
		if ticks[i].IsMinor() {
			continue
		}
		x, w := pos(ticks[i].Value), sty.Rectangle(ticks[i].Label).Size().X
		if vertical {
			w = sty.Rectangle(ticks[i].Label).Size().Y
		}
		if !first && x-prevX < (w+prevW)/2+vg.Points(5) {
			ticks[i].Label = ""
			continue
		}
		prevX, prevW, first = x, w, false
	}
	return ticks
}

// trimZero drops a ".0" before the unit of a formatted number: "1 h",
// not "1.0 h".
func trimZero(s string) string {
	if i := strings.Index(s, ".0"); i > 0 && (i+2 == len(s) || s[i+2] < '0' || s[i+2] > '9') {
		return s[:i] + s[i+2:]
	}
	return s
}

// relabel returns the ticks of t with the major ones labelled by label.
func relabel(t plot.Ticker, label func(float64) string) plot.Ticker {
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		ticks := t.Ticks(lo, hi)
		for i := range ticks {
			if !ticks[i].IsMinor() {
				ticks[i].Label = label(ticks[i].Value)
			}
		}
		return ticks
	})
}

// percentTicks labels a linear axis of fractions (0–1) as percentages,
// from zero up.
func percentTicks() plot.Ticker {
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		var out []plot.Tick
		for _, t := range (plot.DefaultTicks{}).Ticks(math.Max(lo, 0), hi) {
			if t.Value < 0 {
				continue
			}
			if !t.IsMinor() {
				t.Label = trimZero(units.FormatPercent(t.Value))
			}
			out = append(out, t)
		}
		return out
	})
}

// logRange returns an axis range that holds every positive finite value
// of xs with a margin of factor on each side; zero or NaN values are left
// out. It returns (1, 10) if none is positive.
func logRange(factor float64, xs ...float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range xs {
		if x > 0 && !math.IsInf(x, 0) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if math.IsInf(lo, 1) {
		return 1, 10
	}
	return lo / factor, hi * factor
}

// logAxis makes ax show values from lo to hi (> 0) on a log scale, drawn
// as a linear axis of their base-10 logarithms: gonum/plot's LogScale
// puts the glyph box of the axis label at the arithmetic mean of the
// range, near the right end of a wide log axis, and pads the plot with
// empty space to fit it. ticker is given, and returns, values, not
// logarithms. logAxis returns the map from a value to the axis, which
// sends values beyond the range, zero and NaN to the nearest end.
func logAxis(ax *plot.Axis, lo, hi float64, ticker plot.Ticker) func(float64) float64 {
	ax.Scale = plot.LinearScale{}
	ax.Min, ax.Max = math.Log10(lo), math.Log10(hi)
	ax.Tick.Marker = plot.TickerFunc(func(a, b float64) []plot.Tick {
		ticks := ticker.Ticks(lo, hi)
		for i := range ticks {
			ticks[i].Value = math.Log10(ticks[i].Value)
		}
		return ticks
	})
	return func(x float64) float64 { return math.Log10(clampLog(x, lo, hi)) }
}

// log10Edge maps an edge of a band to a log axis: zero and below to −∞.
func log10Edge(x float64) float64 {
	if !(x > 0) {
		return math.Inf(-1)
	}
	return math.Log10(x)
}

// clampLog keeps x within [lo, hi] for a log axis: values at or below
// zero, or NaN, go to lo.
func clampLog(x, lo, hi float64) float64 {
	if !(x > lo) {
		return lo
	}
	return math.Min(x, hi)
}
