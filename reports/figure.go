package reports

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"deploysim/dora"
	"deploysim/report"
	"deploysim/report/render"
)

// DPI is the resolution of PNG figures (render.DPI): a figure
// FigureWidth wide is 1,200 pixels wide.
const DPI = render.DPI

// FigureWidth is the width of every figure: 8 inches, which fits an A4 or
// Letter page with margins.
const FigureWidth = 8 * vg.Inch

// Figure is one picture of a report: one plot or a grid of panels, with
// a title above the panels (for grids; a single plot carries its own
// title) and a key of the arms below them.
type Figure struct {
	// Name is the figure's file stem ("loss"): a report directory holds
	// Name.png and Name.svg.
	Name string
	// Heading names the figure in a few words ("Loss per year"), for the
	// reports' headings and as the image's short alternative text.
	Heading string
	// Title is drawn above the panels; empty for a single plot.
	Title string
	// Caption says in words how to read the figure; the reports print it
	// under the figure and use it as the image's alternative text.
	Caption string
	// Panels are the plots, by row then column; every row has the same
	// number of columns.
	Panels [][]*plot.Plot
	// Key lists the arms shown in the key under the panels; empty for no
	// key.
	Key []KeyEntry
	// Width and Height are the figure's size.
	Width, Height vg.Length
}

// KeyEntry is one arm in a figure's key, drawn in the arm's style.
type KeyEntry struct {
	// Arm is the arm's index in the summary, which fixes its style.
	Arm int
	// Label is the arm's name, and why it is missing from the plot if it
	// is ("continuous-deployment: no failed deployment").
	Label string
	// Line says whether the plot draws the arm as a line (else as markers
	// only).
	Line bool
}

// PixelSize returns the size in pixels of f written as a PNG.
func (f *Figure) PixelSize() (w, h int) {
	return int(f.Width.Dots(DPI) + 0.5), int(f.Height.Dots(DPI) + 0.5)
}

// Figures returns the report's figures, in the order a report shows them:
// the loss per year ("loss"), the DORA keys ("dora"), the time to restore
// ("recovery"), the lead time ("lead-time") and the loss over the year
// ("year"). A report made by NewReport laid them out once, and every call
// returns those.
func Figures(r *Report) ([]Figure, error) {
	if r != nil && (r.figs != nil || r.figsErr != nil) {
		return r.figs, r.figsErr
	}
	pics, err := r.pictures()
	if err != nil {
		return nil, err
	}
	return figures(pics)
}

// figures lays out the figures of pics.
func figures(pics *pictures) ([]Figure, error) {
	n := len(pics.Arms)
	// caption ends a figure's caption with what the arms' marks mean.
	caption := func(s string) string {
		if pics.Modified != "" {
			return s + " " + pics.Modified
		}
		return s
	}
	var figs []Figure
	figs = append(figs, Figure{
		Name:    "loss",
		Heading: "Loss per year",
		Caption: caption("Loss per year, one dot per simulated year (replication), on a log scale: equal distances are equal ratios. " +
			"The whisker spans the 5th to the 95th percentile; the diamond marks the mean, the bar the 95th percentile: " +
			"one year in twenty is worse than the bar. Dots far to the right are the rare, very bad years."),
		Panels: [][]*plot.Plot{{lossPlot(pics)}},
		Width:  FigureWidth, Height: vg.Points(110 + 64*float64(n)),
	})

	dora := doraPlots(pics)
	shading := "shading shows the DORA clusters (white, marked gap, where the report defines none between two bands)."
	over := fmt.Sprintf("over the DORA %s performance clusters (shaded: elite lightest, low darkest; white, marked gap, where the report "+
		"defines no cluster between two bands, which rates a value there the worse of the two)", pics.Edition)
	if !doraRates(pics.Edition) {
		shading = fmt.Sprintf("DORA %s has no clusters, so nothing is shaded.", pics.Edition)
		over = fmt.Sprintf("unshaded: DORA %s has no performance clusters", pics.Edition)
	}
	figs = append(figs, Figure{
		Name:    "dora",
		Heading: "The four DORA keys",
		Title:   pics.Dora.Title,
		Caption: caption(fmt.Sprintf("The four DORA key metrics per arm, each on its own scale, %s. The marker is the value rated: the mean of deploys per year and of change "+
			"failure rate over simulated years, the median of lead time over every change and of time to restore over every "+
			"failed deployment. The whiskers span the 5th to the 95th percentile of the same: of simulated years for deploys and "+
			"failure rate, of every change and every failed deployment for lead time and time to restore.", over)),
		Panels: [][]*plot.Plot{{dora[0], dora[1]}, {dora[2], dora[3]}},
		Width:  FigureWidth, Height: vg.Points(230 + 2*(60+28*float64(n))),
	})

	figs = append(figs, Figure{
		Name:    "recovery",
		Heading: "Time to restore",
		Caption: caption("For each arm, the share of failed deployments whose service was restored within the time on the horizontal axis " +
			"(log scale), over every failed deployment of every replication. The marker sits at the median: half are restored faster. " +
			"A curve to the left is faster recovery; " + shading),
		Panels: [][]*plot.Plot{{ecdfPlot(&pics.Recovery)}},
		Key:    pics.Recovery.Key,
		Width:  FigureWidth, Height: vg.Points(370),
	})

	figs = append(figs, Figure{
		Name:    "lead-time",
		Heading: "Lead time for changes",
		Caption: caption("For each arm, the share of changes running in production within the time on the horizontal axis (log scale) " +
			"from their commit, over every change of every replication. The marker sits at the median. " +
			"A curve to the left is faster delivery; " + shading),
		Panels: [][]*plot.Plot{{ecdfPlot(&pics.LeadTime)}},
		Key:    pics.LeadTime.Key,
		Width:  FigureWidth, Height: vg.Points(370),
	})

	years, err := yearPlots(pics)
	if err != nil {
		return nil, err
	}
	cols := pics.Year.Cols
	var grid [][]*plot.Plot
	for a := 0; a < n; a += cols {
		row := make([]*plot.Plot, cols)
		copy(row, years[a:min(a+cols, n)])
		grid = append(grid, row)
	}
	figs = append(figs, Figure{
		Name:    "year",
		Heading: "Loss over the year",
		Title:   pics.Year.Title,
		Caption: caption("Loss so far over the measured period, one panel per arm, every panel on the same log money axis " +
			"(equal distances are equal ratios). The coloured line is the arm's mean over replications and the shaded band holds its " +
			"middle 90% of replications (5th to 95th percentile); the grey lines are the other arms' means. " +
			"Incident losses land when incidents happen (spread over each incident until service is restored); " +
			"labour, planned downtime and the cost of delay land on the day they are spent."),
		Panels: grid,
		Width:  FigureWidth, Height: vg.Points(60 + 190*float64(len(grid))),
	})
	return figs, nil
}

// Layout of a figure's title and key, in points.
const (
	figMargin  = 6
	keyRow     = 17
	keyThumb   = 30
	keyGap     = 5
	keyColumns = 16 // space between key columns
)

// draw draws f on c: white background, title, panels, key.
func (f *Figure) draw(c draw.Canvas) {
	c.SetColor(gray(255))
	c.Fill(c.Rectangle.Path())
	c = draw.Crop(c, vg.Points(figMargin), -vg.Points(figMargin), vg.Points(figMargin), -vg.Points(figMargin))

	if f.Title != "" {
		sty := textStyle(titleSize, true, draw.XCenter, draw.YTop)
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y}, f.Title)
		c.Max.Y -= sty.Rectangle(f.Title).Size().Y + vg.Points(8)
	}
	if len(f.Key) > 0 {
		h := f.drawKey(c)
		c.Min.Y += h + vg.Points(4)
	}
	rows, cols := len(f.Panels), len(f.Panels[0])
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(14), PadY: vg.Points(16)}
	canvases := alignPanels(f.Panels, tiles, c)
	for j := range f.Panels {
		for i, p := range f.Panels[j] {
			if p != nil {
				p.Draw(canvases[j][i])
			}
		}
	}
}

// alignPanels returns the canvas of every panel of a grid on c, laid out
// so that the panels' data areas line up in columns and rows and are all
// the same size: each column is as wide as the widest left and right
// margins of its panels (axis labels, ticks, glyphs at the edge) plus an
// equal share of the data width, each row likewise, and a panel whose
// margin is narrower than its column's gives up the difference.
//
// It does what plot.Align does, but sizes the columns from the margins of
// every row at once: plot.Align makes up one panel's margin by moving the
// next panel in the same row, and where margins differ between rows (a
// tick label at one end of an axis in one row only) it pushed the last
// column past the edge of the figure.
func alignPanels(panels [][]*plot.Plot, t draw.Tiles, c draw.Canvas) [][]draw.Canvas {
	rows, cols := len(panels), len(panels[0])
	out := make([][]draw.Canvas, rows)
	for j := range out {
		out[j] = make([]draw.Canvas, cols)
		for i := range out[j] {
			out[j][i] = t.At(c, i, j)
		}
	}
	// A panel's margins depend a little on its width (glyphs near an end
	// of an axis): measured again on the first layout, they settle.
	for range 2 {
		out = alignOnce(panels, t, c, out)
	}
	return out
}

// alignOnce lays the panels out from their margins on the canvases given.
func alignOnce(panels [][]*plot.Plot, t draw.Tiles, c draw.Canvas, on [][]draw.Canvas) [][]draw.Canvas {
	rows, cols := len(panels), len(panels[0])
	type margins struct{ left, right, bottom, top vg.Length }
	m := make([][]margins, rows)
	colL, colR := make([]vg.Length, cols), make([]vg.Length, cols)
	rowB, rowT := make([]vg.Length, rows), make([]vg.Length, rows)
	for j := range panels {
		m[j] = make([]margins, cols)
		for i, p := range panels[j] {
			if p == nil {
				continue
			}
			tile := on[j][i]
			d := p.DataCanvas(tile)
			m[j][i] = margins{d.Min.X - tile.Min.X, tile.Max.X - d.Max.X, d.Min.Y - tile.Min.Y, tile.Max.Y - d.Max.Y}
			colL[i], colR[i] = max(colL[i], m[j][i].left), max(colR[i], m[j][i].right)
			rowB[j], rowT[j] = max(rowB[j], m[j][i].bottom), max(rowT[j], m[j][i].top)
		}
	}
	width, height := c.Max.X-c.Min.X-t.PadX*vg.Length(cols-1), c.Max.Y-c.Min.Y-t.PadY*vg.Length(rows-1)
	for i := range cols {
		width -= colL[i] + colR[i]
	}
	for j := range rows {
		height -= rowB[j] + rowT[j]
	}
	dw, dh := width/vg.Length(cols), height/vg.Length(rows)
	out := make([][]draw.Canvas, rows)
	top := c.Max.Y
	for j := range panels {
		out[j] = make([]draw.Canvas, cols)
		bottom := top - rowT[j] - dh - rowB[j]
		left := c.Min.X
		for i := range panels[j] {
			right := left + colL[i] + dw + colR[i]
			mm := m[j][i]
			out[j][i] = draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: left + colL[i] - mm.left, Y: bottom + rowB[j] - mm.bottom},
				Max: vg.Point{X: right - (colR[i] - mm.right), Y: top - (rowT[j] - mm.top)},
			}}
			left = right + t.PadX
		}
		top = bottom - t.PadY
	}
	return out
}

// drawKey draws the key at the bottom of c, in as many columns as fit,
// and returns its height.
func (f *Figure) drawKey(c draw.Canvas) vg.Length {
	sty := textStyle(tickSize, false, draw.XLeft, draw.YCenter)
	var colW vg.Length
	for _, e := range f.Key {
		colW = max(colW, vg.Points(keyThumb+keyGap+keyColumns)+sty.Rectangle(e.Label).Size().X)
	}
	width := c.Max.X - c.Min.X
	cols := max(1, int(width/colW))
	cols = min(cols, len(f.Key))
	rows := (len(f.Key) + cols - 1) / cols
	height := vg.Points(keyRow) * vg.Length(rows)
	left := c.Min.X + (width-colW*vg.Length(cols)+vg.Points(keyColumns))/2
	for i, e := range f.Key {
		x := left + colW*vg.Length(i%cols)
		y := c.Min.Y + height - vg.Points(keyRow)*(vg.Length(i/cols)+0.5)
		st := styleOf(e.Arm)
		if e.Line {
			c.StrokeLine2(st.line(vg.Points(lineWidth)), x, y, x+vg.Points(keyThumb), y)
		}
		c.DrawGlyphNoClip(st.glyph(vg.Points(4.5)), vg.Point{X: x + vg.Points(keyThumb/2), Y: y})
		c.FillText(sty, vg.Point{X: x + vg.Points(keyThumb+keyGap), Y: y}, e.Label)
	}
	return height
}

// Doc returns f as a document's figure: its words, its size and how to
// draw it (render.WriteFigure writes it as PNG or SVG). A figure whose
// panels are missing or ragged has nothing to draw.
func (f *Figure) Doc() report.Figure {
	d := report.Figure{Name: f.Name, Heading: f.Heading, Caption: f.Caption, Width: f.Width, Height: f.Height}
	if len(f.Panels) == 0 || len(f.Panels[0]) == 0 {
		return d
	}
	for _, row := range f.Panels {
		if len(row) != len(f.Panels[0]) {
			return d
		}
	}
	d.Draw = f.draw
	return d
}

// doraRates reports whether edition e has clusters to shade.
func doraRates(e dora.Edition) bool { return dora.Rates(e) }
