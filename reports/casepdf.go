package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
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

// pdfReplacer spells, for the PDF's standard fonts (Windows-1252), the
// characters that they lack.
var pdfReplacer = strings.NewReplacer("≤", "<=", "≥", ">=", "→", "to", "−", "-", "∞", "inf", "σ", "sd", "÷", "/", "·", ".")

// pdfPlotDPI is the resolution of the plots in the PDF: sharp on paper.
const pdfPlotDPI = 200

// pdfPage lays out text top to bottom on one page, in points. Nothing is
// drawn below the bottom margin: a block that does not fit is left out
// and the page stays one page.
type pdfPage struct {
	f           *fpdf.Fpdf
	tr          func(string) string
	left, right float64
	y, bottom   float64
}

func (p *pdfPage) width() float64 { return p.right - p.left }

// lines returns s wrapped to width in the given font, still in UTF-8
// (SplitText reads runes); drawing translates them to the font's
// encoding.
func (p *pdfPage) lines(s string, size float64, bold bool, width float64) []string {
	p.font(size, bold)
	return p.f.SplitText(pdfReplacer.Replace(s), width)
}

func (p *pdfPage) font(size float64, bold bool) {
	style := ""
	if bold {
		style = "B"
	}
	p.f.SetFont("Helvetica", style, size)
}

// para writes wrapped text at x across width and moves down by its
// height and after; it writes nothing and returns false if the text would
// not fit above the bottom margin.
func (p *pdfPage) para(x, width float64, s string, size float64, bold bool, gray int, after float64) bool {
	ls := p.lines(s, size, bold, width)
	lh := size * 1.22
	if p.y+float64(len(ls))*lh > p.bottom {
		return false
	}
	p.f.SetTextColor(gray, gray, gray)
	for i, l := range ls {
		p.f.Text(x, p.y+float64(i)*lh+size*0.8, p.tr(l))
	}
	p.y += float64(len(ls))*lh + after
	return true
}

// text writes one line at (x, y) without moving.
func (p *pdfPage) text(x, y float64, s string, size float64, bold bool, gray int) {
	p.font(size, bold)
	p.f.SetTextColor(gray, gray, gray)
	p.f.Text(x, y+size*0.8, p.tr(pdfReplacer.Replace(s)))
}

// WriteCasePDF writes the one-page executive summary of the business
// case as a PDF on paper (A4 or Letter): the decision in one sentence with
// its probability, the four numbers with their intervals, the cash-flow
// plot with its 90% band and payback point beside the NPV distribution,
// the top drivers, what dominates the spread, DORA's formula beside the
// simulation, the assumptions with sources, and the command that
// reproduces it. Text is in the PDF's standard Helvetica, which every
// viewer has and which text extraction reads back; the plots are
// gonum/plot images. The same report gives the same bytes.
func WriteCasePDF(w io.Writer, r *CaseReport, paper Paper) error {
	figs, err := caseFigures(r)
	if err != nil {
		return err
	}
	W, H := paper.Width.Points(), paper.Height.Points()
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: W, Ht: H}})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	// A fixed date and sorted catalogue keep the file the same for the
	// same report; the date is not the point of a business case.
	f.SetCreationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	f.SetModificationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	f.SetCatalogSort(true)
	f.SetTitle(pdfReplacer.Replace(r.Decision()), true)
	f.SetCreator("deploysim "+r.Version, true)
	f.AddPage()
	margin := 42.0 // about 15 mm
	p := &pdfPage{f: f, tr: f.UnicodeTranslatorFromDescriptor(""), left: margin, right: W - margin, y: margin, bottom: H - margin}
	const black, dim = 0, 90

	// The command goes last, at the foot of the page: reserve its room.
	cmdLines := func() []string {
		f.SetFont("Courier", "", 6.5)
		return f.SplitText(pdfReplacer.Replace(r.Command), p.width())
	}()
	footer := 9 + float64(len(cmdLines))*8 + 2
	p.bottom -= footer

	heading, run := r.caseHeading()
	p.para(p.left, p.width(), heading, 15, true, black, 2)
	p.para(p.left, p.width(), r.Title, 10, false, black, 2)
	p.para(p.left, p.width(), run, 7.5, false, dim, 9)

	// The decision, on a tinted band.
	dl := p.lines(r.Decision(), 12, true, p.width()-20)
	dh := float64(len(dl))*12*1.22 + 12
	f.SetFillColor(0xEE, 0xF3, 0xFA)
	f.Rect(p.left, p.y, p.width(), dh, "F")
	f.SetFillColor(0x1F, 0x5F, 0xA8)
	f.Rect(p.left, p.y, 4, dh, "F")
	f.SetTextColor(0, 0, 0)
	for i, l := range dl {
		f.Text(p.left+12, p.y+6+float64(i)*12*1.22+12*0.8, p.tr(l))
	}
	p.y += dh + 10

	// The four numbers.
	gap := 8.0
	boxW := (p.width() - 3*gap) / 4
	boxH := 60.0
	f.SetDrawColor(170, 170, 170)
	f.SetLineWidth(0.7)
	for i, n := range r.headline() {
		x := p.left + float64(i)*(boxW+gap)
		f.Rect(x, p.y, boxW, boxH, "D")
		p.text(x+6, p.y+6, n.Label, 8, false, dim)
		p.text(x+6, p.y+18, n.Value, 15, true, black)
		for j, l := range p.lines(n.Interval, 7, false, boxW-12) {
			p.text(x+6, p.y+39+float64(j)*8.5, l, 7, false, dim)
		}
	}
	p.y += boxH + 8
	p.para(p.left, p.width(), strings.Join(r.probabilities(), ";  ")+".  "+r.breakEven(), 8.5, false, black, 8)

	// The plots, side by side, as one image: fpdf orders images by width
	// alone, so two of the same width would come out in map order and the
	// file would differ from run to run.
	half := (p.width() - gap) / 2
	plotH := half * 0.7
	const scale = 1.4 // drawn larger and shrunk: the plots' fonts suit a screen
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(p.width()*scale), vg.Length(plotH*scale)), vgimg.UseDPI(pdfPlotDPI))
	dc := draw.New(c)
	for i, fig := range figs {
		fig.Plot.Title.TextStyle.Font.Size = 11
		x0 := vg.Length(float64(i) * (half + gap) * scale)
		x1 := x0 + vg.Length(half*scale)
		fig.Plot.Draw(draw.Crop(dc, x0, x1-vg.Length(p.width()*scale), 0, 0))
	}
	var png bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&png); err != nil {
		return err
	}
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	f.RegisterImageOptionsReader("plots", opt, &png)
	f.ImageOptions("plots", p.left, p.y, p.width(), plotH, false, opt, 0, "")
	p.y += plotH + 10

	// The drivers.
	if rows := r.driverRows(); len(rows) > 0 && p.para(p.left, p.width(), "What swings NPV most (one input at a time at the ends of its 90% interval)", 9.5, true, black, 3) {
		cols := []float64{0, 0.42, 0.62, 0.88}
		for k, row := range append([][4]string{{"input", "90% interval", "NPV at low to high", "swing"}}, rows...) {
			if p.y+10 > p.bottom {
				break
			}
			for j, cell := range row {
				p.text(p.left+cols[j]*p.width(), p.y, cell, 7.5, k == 0, black)
			}
			p.y += 10
		}
		p.y += 3
	}
	p.para(p.left, p.width(), r.dominance(), 8, false, black, 6)

	d := r.DORA
	months := func(x float64) string { return formatMonths(x, r.Case.HorizonYears) }
	if p.para(p.left, p.width(), "DORA's ROI formula on the same simulated arms", 9.5, true, black, 2) {
		p.para(p.left, p.width(), fmt.Sprintf("DORA (deploys × change failure rate × time to restore × outage cost per hour): saves %s a year, payback %s. deploysim: saves %s a year in all (%s of it on incidents), payback %s. %s",
			r.money(d.Saving), months(d.PaybackMonths), r.money(d.TotalSaving), r.money(d.IncidentSaving), months(d.SimPaybackMonths), r.doraWhy()), 7.5, false, black, 6)
	}

	// Assumptions in two columns, the uncertain ranges, the sources.
	f.SetDrawColor(190, 190, 190)
	f.SetLineWidth(0.5)
	f.Line(p.left, p.y, p.right, p.y)
	p.y += 4
	p.para(p.left, p.width(), "Assumptions", 9.5, true, black, 2)
	as := r.assumptions()
	colW := (p.width() - gap) / 2
	top, rows := p.y, (len(as)+1)/2
	low := top
	for i, a := range as {
		x := p.left
		if i >= rows {
			x = p.left + colW + gap
		}
		if i == rows {
			p.y = top
		}
		p.para(x, colW, a[0]+": "+a[1], 7.5, false, black, 1)
		low = max(low, p.y)
	}
	p.y = low + 3
	if rows := r.rangeRows(); len(rows) > 0 {
		var parts []string
		for _, row := range rows {
			parts = append(parts, fmt.Sprintf("%s %s (%s)", row[0], row[1], row[2]))
		}
		p.para(p.left, p.width(), "Uncertain inputs (90% intervals): "+strings.Join(parts, "; "), 7, false, black, 3)
	}
	for i, s := range r.Sources {
		if !p.para(p.left, p.width(), "Source: "+s, 6.5, false, dim, 1) {
			p.bottom += 9 // room for this one line, above the footer
			p.para(p.left, p.width(), fmt.Sprintf("... and %d more sources in the HTML report (-o case.html).", len(r.Sources)-i), 6.5, false, dim, 1)
			break
		}
	}

	// The command, at the foot.
	y := H - margin - footer + 2
	p.text(p.left, y, "Reproduce it:", 7, true, black)
	f.SetFont("Courier", "", 6.5)
	for i, l := range cmdLines {
		f.Text(p.left, y+9+float64(i)*8+6.5*0.8, p.tr(l))
	}
	if f.PageCount() != 1 {
		return fmt.Errorf("reports: the case summary ran to %d pages", f.PageCount())
	}
	if err := f.Error(); err != nil {
		return err
	}
	return f.Output(w)
}
