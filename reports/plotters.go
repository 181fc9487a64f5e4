package reports

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file holds two small plotters the builders share: marks (lines,
// markers and text at data coordinates) and shade (vertical bands behind
// the data, for the DORA clusters).

// marks draws polylines, then markers, then text, at data coordinates.
// Callers keep coordinates within the axes' ranges (clampLog on log
// axes). Its glyph boxes keep markers and text inside the plot.
type marks struct {
	lines  []markLine
	glyphs []markGlyph
	texts  []markText
}

type markLine struct {
	pts plotter.XYs
	sty draw.LineStyle
}

type markGlyph struct {
	x, y float64
	sty  draw.GlyphStyle
}

// markText is text at (x, y) moved by (dx, dy) points, aligned by its
// style.
type markText struct {
	x, y   float64
	s      string
	sty    text.Style
	dx, dy vg.Length
}

func (m *marks) line(sty draw.LineStyle, pts ...plotter.XY) {
	m.lines = append(m.lines, markLine{pts: pts, sty: sty})
}

func (m *marks) glyph(x, y float64, sty draw.GlyphStyle) {
	m.glyphs = append(m.glyphs, markGlyph{x, y, sty})
}

func (m *marks) text(x, y float64, s string, sty text.Style, dx, dy vg.Length) {
	m.texts = append(m.texts, markText{x, y, s, sty, dx, dy})
}

// Plot implements plot.Plotter.
func (m *marks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, l := range m.lines {
		pts := make([]vg.Point, len(l.pts))
		for i, xy := range l.pts {
			pts[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
		}
		c.StrokeLines(l.sty, c.ClipLinesXY(pts)...)
	}
	for _, g := range m.glyphs {
		c.DrawGlyphNoClip(g.sty, vg.Point{X: trX(g.x), Y: trY(g.y)})
	}
	for _, t := range m.texts {
		c.FillText(t.sty, vg.Point{X: trX(t.x) + t.dx, Y: trY(t.y) + t.dy}, t.s)
	}
}

// GlyphBoxes implements plot.GlyphBoxer.
func (m *marks) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var boxes []plot.GlyphBox
	for _, g := range m.glyphs {
		boxes = append(boxes, plot.GlyphBox{X: p.X.Norm(g.x), Y: p.Y.Norm(g.y), Rectangle: g.sty.Rectangle()})
	}
	for _, t := range m.texts {
		r := t.sty.Rectangle(t.s).Add(vg.Point{X: t.dx, Y: t.dy})
		boxes = append(boxes, plot.GlyphBox{X: p.X.Norm(t.x), Y: p.Y.Norm(t.y), Rectangle: r})
	}
	return boxes
}

// shade fills vertical bands across the data area, each from lo to hi on
// the x axis (infinite ends stop at the axis), with its label at the top.
// It does not change the axes' ranges.
type shade struct {
	bands []shadeBand
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
		c.FillPolygon(b.fill, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
		for _, label := range []string{b.label, b.abbr} {
			if w := sty.Rectangle(label).Size().X; label != "" && x1-x0 >= w+vg.Points(2) {
				c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: c.Max.Y - vg.Points(3)}, label)
				break
			}
		}
	}
}
