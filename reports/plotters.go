package reports

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file holds the one plotter of our own, shade. Every other mark in
// the figures is a stock gonum/plot plotter (Scatter, Line, Labels,
// XErrorBars, Polygon, HeatMap, Grid).

// shade fills vertical bands across the data area, each from lo to hi on
// the x axis (infinite ends stop at the axis), with its label at the top.
// It does not change the axes' ranges.
//
// No stock plotter does this: a Polygon would need the bands' infinite
// ends and the data area's top and bottom in data coordinates, and would
// stretch the axes to them; and a band's label is its full name or its
// abbreviation by the width the band gets on the canvas, which is known
// only when the plot is drawn (plot.Align sets the panels' widths).
type shade struct {
	bands []shadeBand
	// names is true for the plotter that writes the bands' labels, drawn
	// after the grid so that no grid line crosses a label; false for the
	// one that fills the bands, drawn before it.
	names bool
}

type shadeBand struct {
	lo, hi float64
	fill   color.Color
	// label is written at the top of the band if it fits, else abbr.
	label, abbr string
}

// Plot implements plot.Plotter.
func (s *shade) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := textStyle(noteSize, true, draw.XCenter, draw.YTop)
	sty.Color = gray(70)
	for _, b := range s.bands {
		lo, hi := math.Max(b.lo, p.X.Min), math.Min(b.hi, p.X.Max)
		if !(hi > lo) {
			continue
		}
		x0, x1 := trX(lo), trX(hi)
		if !s.names {
			c.FillPolygon(b.fill, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
			continue
		}
		for _, label := range []string{b.label, b.abbr} {
			if w := sty.Rectangle(label).Size().X; label != "" && x1-x0 >= w+vg.Points(2) {
				c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: c.Max.Y - vg.Points(3)}, label)
				break
			}
		}
	}
}
