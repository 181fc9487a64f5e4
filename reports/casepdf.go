package reports

import (
	"fmt"
	"image/color"
	"io"
	"strings"

	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgpdf"
)

// Paper is a PDF page size.
type Paper struct {
	Name          string
	Width, Height vg.Length
}

// Paper sizes.
var (
	A4     = Paper{"A4", 210 * vg.Millimeter, 297 * vg.Millimeter}
	Letter = Paper{"Letter", 8.5 * vg.Inch, 11 * vg.Inch}
)

// pdfReplacer spells the characters that the PDF's fonts (Windows-1252
// encoded, as gonum/plot's vgpdf embeds them) lack.
// It passes text to the PDF as it is, so only ASCII is safe.
var pdfReplacer = strings.NewReplacer("≤", "<=", "≥", ">=", "→", "to", "−", "-", "∞", "inf", "σ", "sd", "’", "'",
	"×", "x", "–", "-", "—", "-", "…", "...", "€", "EUR ", "£", "GBP ", "÷", "/", "·", ".")

// pdfFonts is a font cache for the PDF's own text. gonum/plot's PDF canvas
// registers each face in the PDF without a style but selects a bold face
// with style "B", which the PDF library then cannot find; so the bold
// face is given here under a family of its own, with regular weight.
func pdfFonts() *font.Cache {
	face := func(f font.Font) font.Face { return font.DefaultCache.Lookup(f, 10) }
	return font.NewCache(font.Collection{
		{Font: font.Font{Typeface: "Liberation", Variant: "Sans"}, Face: face(sans(10, false)).Face},
		{Font: font.Font{Typeface: "LiberationBold", Variant: "Sans"}, Face: face(sans(10, true)).Face},
		{Font: font.Font{Typeface: "Liberation", Variant: "Mono"}, Face: face(font.Font{Typeface: "Liberation", Variant: "Mono"}).Face},
	})
}

// unbold makes a plot's bold text regular, for the PDF canvas (see
// pdfFonts).
func unbold(p *plot.Plot) {
	p.Title.TextStyle.Font.Weight = stdfont.WeightNormal
}

// pdfPage lays out text top to bottom on one page.
type pdfPage struct {
	fonts        *font.Cache
	c            draw.Canvas
	left, right  vg.Length
	y, bottom    vg.Length
	overflowSeen bool
}

func (p *pdfPage) style(size vg.Length, bold bool, clr color.Color) text.Style {
	s := textStyle(size, false, draw.XLeft, draw.YTop)
	if bold {
		s.Font.Typeface = "LiberationBold"
	}
	s.Color = clr
	s.Handler = &text.Plain{Fonts: p.fonts}
	return s
}

// para writes wrapped text and moves down; it reports false, writing
// nothing, when the text would not fit above the bottom margin.
func (p *pdfPage) para(s string, size vg.Length, bold bool, clr color.Color, after vg.Length) bool {
	return p.paraAt(p.left, p.right-p.left, s, size, bold, clr, after)
}

func (p *pdfPage) paraAt(x, width vg.Length, s string, size vg.Length, bold bool, clr color.Color, after vg.Length) bool {
	sty := p.style(size, bold, clr)
	lines := strings.Split(wrapText(pdfReplacer.Replace(s), sty, width), "\n")
	h := vg.Length(len(lines)) * size * 1.25
	if p.y-h < p.bottom {
		p.overflowSeen = true
		return false
	}
	for i, line := range lines {
		p.c.FillText(sty, vg.Point{X: x, Y: p.y - vg.Length(i)*size*1.25}, line)
	}
	p.y -= h + after
	return true
}

// rule draws a thin line across the page and moves down.
func (p *pdfPage) rule(after vg.Length) {
	p.c.StrokeLine2(draw.LineStyle{Color: gray(190), Width: vg.Points(0.5)}, p.left, p.y, p.right, p.y)
	p.y -= after
}

// WriteCasePDF writes the one-page executive summary of the business
// case as a PDF on paper (A4 or Letter): the decision in one sentence with
// its probability, the four numbers with their intervals, the cash-flow
// plot with its 90% band and payback point beside the NPV distribution,
// the top drivers, DORA's formula beside the simulation, the assumptions
// with sources, and the command that reproduces it. It is drawn with
// gonum/plot's PDF canvas, text and plots as vectors.
func WriteCasePDF(w io.Writer, r *CaseReport, paper Paper) error {
	figs, err := caseFigures(r)
	if err != nil {
		return err
	}
	pdf := vgpdf.New(paper.Width, paper.Height)
	c := draw.New(pdf)
	margin := 15 * vg.Millimeter
	p := &pdfPage{fonts: pdfFonts(), c: c, left: margin, right: paper.Width - margin, y: paper.Height - margin, bottom: margin}
	black, dim := color.Black, gray(90)

	heading, run := r.caseHeading()
	p.para(heading, 15, true, black, 2)
	p.para(r.Title, 10, false, black, 2)
	p.para(run, 7.5, false, dim, 8)

	// The decision, on a tinted band.
	decision := pdfReplacer.Replace(r.Decision())
	dsty := p.style(12, true, black)
	dlines := strings.Split(wrapText(decision, dsty, p.right-p.left-16), "\n")
	dh := vg.Length(len(dlines))*12*1.25 + 12
	c.FillPolygon(caseBandLight, rectPath(p.left, p.y-dh, p.right, p.y))
	c.FillPolygon(caseBlue, rectPath(p.left, p.y-dh, p.left+4, p.y))
	for i, line := range dlines {
		c.FillText(dsty, vg.Point{X: p.left + 12, Y: p.y - 6 - vg.Length(i)*12*1.25}, line)
	}
	p.y -= dh + 10

	// The four numbers.
	nums := r.headline()
	gap := vg.Points(8)
	boxW := (p.right - p.left - 3*gap) / 4
	boxH := vg.Points(58)
	for i, n := range nums {
		x := p.left + vg.Length(i)*(boxW+gap)
		c.StrokeLines(draw.LineStyle{Color: gray(170), Width: vg.Points(0.7)}, rectLine(x, p.y-boxH, x+boxW, p.y))
		c.FillText(p.style(8, false, dim), vg.Point{X: x + 6, Y: p.y - 6}, pdfReplacer.Replace(n.Label))
		c.FillText(p.style(15, true, black), vg.Point{X: x + 6, Y: p.y - 18}, pdfReplacer.Replace(n.Value))
		sty := p.style(7, false, dim)
		for j, line := range strings.Split(wrapText(pdfReplacer.Replace(n.Interval), sty, boxW-12), "\n") {
			c.FillText(sty, vg.Point{X: x + 6, Y: p.y - 38 - vg.Length(j)*8.5}, line)
		}
	}
	p.y -= boxH + 8
	p.para(strings.Join(r.probabilities(), ";  ")+".  "+r.breakEven(), 8.5, false, black, 8)

	// The plots, side by side.
	plotH := vg.Points(185)
	half := (p.right - p.left - gap) / 2
	for i, f := range figs {
		x := p.left + vg.Length(i)*(half+gap)
		sub := draw.Crop(c, x, x+half-paper.Width, p.y-plotH, p.y-paper.Height)
		unbold(f.Plot)
		f.Plot.Title.TextStyle.Font.Size = 10
		for _, ax := range []*struct {
			label, tick *font.Font
		}{{&f.Plot.X.Label.TextStyle.Font, &f.Plot.X.Tick.Label.Font}, {&f.Plot.Y.Label.TextStyle.Font, &f.Plot.Y.Tick.Label.Font}} {
			ax.label.Size, ax.tick.Size = 8, 7
		}
		f.Plot.Legend.TextStyle.Font.Size = 7
		f.Plot.Draw(sub)
	}
	p.y -= plotH + 10

	// The drivers.
	if rows := r.driverRows(); len(rows) > 0 {
		p.para("What swings NPV most (one input at a time at the ends of its 90% interval)", 9.5, true, black, 3)
		cols := []vg.Length{0, 0.42, 0.62, 0.88}
		sty := p.style(7.5, false, black)
		for _, row := range append([][4]string{{"input", "90% interval", "NPV at low to high", "swing"}}, rows...) {
			if p.y-10 < p.bottom {
				break
			}
			for j, cell := range row {
				c.FillText(sty, vg.Point{X: p.left + cols[j]*(p.right-p.left), Y: p.y}, pdfReplacer.Replace(cell))
			}
			p.y -= 10
		}
		p.y -= 3
	}
	p.para(r.dominance(), 8, false, black, 6)

	d := r.DORA
	months := func(x float64) string { return formatMonths(x, r.Case.HorizonYears) }
	p.para("DORA's ROI formula on the same simulated arms", 9.5, true, black, 2)
	p.para(fmt.Sprintf("DORA (deploys x CFR x restore time x outage cost per hour): saves %s a year, payback %s. deploysim: saves %s a year in all (%s on incidents), payback %s. %s",
		r.money(d.Saving), months(d.PaybackMonths), r.money(d.TotalSaving), r.money(d.IncidentSaving), months(d.SimPaybackMonths), r.doraWhy()), 7.5, false, black, 6)

	// Assumptions, two columns, then sources and ranges.
	p.rule(4)
	p.para("Assumptions", 9.5, true, black, 2)
	as := r.assumptions()
	colW := (p.right - p.left - gap) / 2
	top := p.y
	for i, a := range as {
		x := p.left
		if i >= (len(as)+1)/2 {
			x = p.left + colW + gap
		}
		if i == (len(as)+1)/2 {
			p.y = top
		}
		p.paraAt(x, colW, a[0]+": "+a[1], 7.5, false, black, 1)
	}
	p.y = min(p.y, top-vg.Length((len(as)+1)/2)*7.5*1.25-vg.Length((len(as)+1)/2))
	p.y -= 3
	if rows := r.rangeRows(); len(rows) > 0 {
		var parts []string
		for _, row := range rows {
			parts = append(parts, fmt.Sprintf("%s %s (%s)", row[0], row[1], row[2]))
		}
		p.para("Uncertain (90% intervals): "+strings.Join(parts, "; "), 7, false, black, 3)
	}
	// The command is kept for last but reserved now.
	cmdSty := p.style(6.5, false, black)
	cmdSty.Font = font.Font{Typeface: "Liberation", Variant: "Mono", Size: 6.5}
	cmdLines := strings.Split(wrapText(pdfReplacer.Replace(r.Command), cmdSty, p.right-p.left), "\n")
	reserve := vg.Length(len(cmdLines))*6.5*1.25 + 14
	bottom := p.bottom
	p.bottom += reserve
	shown := 0
	for _, s := range r.Sources {
		if !p.para("Source: "+s, 6.5, false, dim, 1) {
			break
		}
		shown++
	}
	if shown < len(r.Sources) {
		p.bottom = bottom + reserve - 9
		p.para(fmt.Sprintf("... and %d more sources in the HTML report (-o case.html).", len(r.Sources)-shown), 6.5, false, dim, 1)
	}
	p.bottom = bottom
	p.y = bottom + reserve - 4
	p.para("Reproduce it:", 7, true, black, 1)
	for i, line := range cmdLines {
		c.FillText(cmdSty, vg.Point{X: p.left, Y: p.y - vg.Length(i)*6.5*1.25}, line)
	}
	_, err = pdf.WriteTo(w)
	return err
}

var caseBandLight = color.RGBA{R: 0xEE, G: 0xF3, B: 0xFA, A: 0xFF}

func rectPath(x0, y0, x1, y1 vg.Length) []vg.Point {
	return []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}

func rectLine(x0, y0, x1, y1 vg.Length) []vg.Point {
	return append(rectPath(x0, y0, x1, y1), vg.Point{X: x0, Y: y0})
}
