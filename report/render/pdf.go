package render

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-fonts/liberation/liberationmonoregular"
	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// This file is the PDF layout of every Doc (WritePDF), and of the business
// case's one page (reports.WriteCasePDF, through the exported PDFPage until
// the case is a Doc): the page and its margins, the fonts,
// headings, paragraphs, tinted bands, tables, images drawn by gonum/plot,
// the sources and the footer with the command that reproduces the
// numbers. Text is in Liberation Sans (Liberation Mono for the command),
// embedded as a subset with its Unicode map: any language's letters
// (Liberation covers Latin, Greek and Cyrillic) and the arms' markers
// print as written, and text extraction reads them back. (The PDF's
// standard Helvetica is not embedded and knows only Windows-1252: it
// turned "Łódź" into ".ód.".) Liberation Sans has Helvetica's metrics, so
// the layout is the one those fonts gave.

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

// The embedded fonts' family names.
const (
	pdfSans = "LiberationSans"
	pdfMono = "LiberationMono"
)

// PDFReplacer spells the characters of deploysim's own text that
// Liberation lacks (TestPDFFontsHaveTheGlyphs finds them): the fourth
// arm's marker ◆ as the card suit ♦, the same filled diamond.
var PDFReplacer = strings.NewReplacer("◆", "♦", "↳ ", "")

// PDFPlotDPI is the resolution of the plots in the PDF: sharp on paper.
const PDFPlotDPI = 200

// Layout of a PDF page, in points.
const (
	pdfMargin = 42.0 // about 15 mm
	PDFGap    = 8.0  // between boxes and columns
	PDFBlack  = 0
	PDFDim    = 90 // the gray of secondary text
)

// PDFPage lays out text and images top to bottom, in points. A block that
// does not fit above the footer starts a new page in a document of pages
// (the run report); in a one-page document (the case summary) it is left
// out, so that the page stays one page.
type PDFPage struct {
	F           *fpdf.Fpdf
	tr          func(string) string
	paper       Paper
	Left, Right float64
	Y, bottom   float64
	// pages is true for a document that may run to several pages.
	pages bool
	// footer is the height reserved at the foot of every page.
	footer float64
	// images counts the images placed, which gives each its own width
	// in pixels (see image).
	images int
}

// NewPDF starts a document on paper with its first page. footer is the
// command that reproduces the numbers, drawn at the foot of every page
// ("Reproduce it:" and the command, with the page number in a document
// of pages).
func NewPDF(paper Paper, title, creator, command string, pages bool) *PDFPage {
	W, H := paper.Width.Points(), paper.Height.Points()
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: W, Ht: H}})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	// A fixed date and sorted catalogue keep the file the same for the
	// same report; the date is not the point of a report.
	f.SetCreationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	f.SetModificationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	f.SetCatalogSort(true)
	f.SetTitle(title, true)
	f.SetCreator(creator, true)
	f.AddUTF8FontFromBytes(pdfSans, "", liberationsansregular.TTF)
	f.AddUTF8FontFromBytes(pdfSans, "B", liberationsansbold.TTF)
	f.AddUTF8FontFromBytes(pdfMono, "", liberationmonoregular.TTF)
	// UTF-8 fonts take the text as it is; tr stays for the drawing code
	// written for a translating font.
	d := &PDFPage{F: f, tr: func(s string) string { return s }, paper: paper, Left: pdfMargin, Right: W - pdfMargin, pages: pages}

	// The command goes at the foot of every page: reserve its room.
	f.SetFont(pdfMono, "", 6.5)
	cmdLines := f.SplitText(PDFReplacer.Replace(command), d.Span())
	d.footer = 9 + float64(len(cmdLines))*8 + 2
	if pages {
		d.footer += 8 // and a rule above it, clear of the page's last line
	}
	if pages {
		f.AliasNbPages("")
	}
	f.SetFooterFunc(func() {
		y := H - pdfMargin - d.footer + 2
		if pages {
			f.SetDrawColor(190, 190, 190)
			f.SetLineWidth(0.5)
			f.Line(d.Left, y+3, d.Right, y+3)
			y += 8
		}
		d.Text(d.Left, y, "Reproduce it:", 7, true, PDFBlack)
		if pages {
			label := fmt.Sprintf("page %d of {nb}", f.PageNo())
			f.SetFont(pdfSans, "", 7)
			d.Text(d.Right-f.GetStringWidth("page 10 of 10"), y, label, 7, false, PDFDim)
		}
		f.SetFont(pdfMono, "", 6.5)
		f.SetTextColor(0, 0, 0)
		for i, l := range cmdLines {
			f.Text(d.Left, y+9+float64(i)*8+6.5*0.8, d.tr(l))
		}
	})
	d.newPage()
	return d
}

// newPage starts a page: the footer of the last one is drawn by fpdf.
func (d *PDFPage) newPage() {
	d.F.AddPage()
	d.Y = pdfMargin
	d.bottom = d.paper.Height.Points() - pdfMargin - d.footer
}

func (d *PDFPage) Span() float64 { return d.Right - d.Left }

// room reports whether a block h high fits above the footer; in a
// document of pages it starts a new page when it does not (unless the
// page is still empty: a block taller than a page is drawn cut).
func (d *PDFPage) room(h float64) bool {
	if d.Y+h <= d.bottom {
		return true
	}
	if !d.pages {
		return false
	}
	if d.Y > pdfMargin {
		d.newPage()
	}
	return true
}

// lines returns s wrapped to width in the given font, still in UTF-8
// (SplitText reads runes); drawing translates them to the font's
// encoding.
func (d *PDFPage) Lines(s string, size float64, bold bool, width float64) []string {
	d.font(size, bold)
	return d.F.SplitText(PDFReplacer.Replace(s), width)
}

func (d *PDFPage) font(size float64, bold bool) {
	style := ""
	if bold {
		style = "B"
	}
	d.F.SetFont(pdfSans, style, size)
}

// para writes wrapped text at x across width and moves down by its
// height and after; it returns false if the text was left out (see
// room).
func (d *PDFPage) Para(x, width float64, s string, size float64, bold bool, gray int, after float64) bool {
	ls := d.Lines(s, size, bold, width)
	lh := size * 1.22
	if !d.room(float64(len(ls)) * lh) {
		return false
	}
	d.F.SetTextColor(gray, gray, gray)
	for i, l := range ls {
		d.F.Text(x, d.Y+float64(i)*lh+size*0.8, d.tr(l))
	}
	d.Y += float64(len(ls))*lh + after
	return true
}

// heading writes a section heading, kept on the page of what follows it
// (at least next points of it).
func (d *PDFPage) heading(s string, next float64) bool {
	if !d.room(9.5*1.22 + next) {
		return false
	}
	return d.Para(d.Left, d.Span(), s, 9.5, true, PDFBlack, 3)
}

// text writes one line at (x, y) without moving.
func (d *PDFPage) Text(x, y float64, s string, size float64, bold bool, gray int) {
	d.font(size, bold)
	d.F.SetTextColor(gray, gray, gray)
	d.F.Text(x, y+size*0.8, d.tr(PDFReplacer.Replace(s)))
}

// band writes s in bold on a tinted band across the page, with a stripe
// at its left: the one sentence a reader must not miss.
func (d *PDFPage) Band(s string, size float64) {
	dl := d.Lines(s, size, true, d.Span()-20)
	dh := float64(len(dl))*size*1.22 + 12
	if !d.room(dh) {
		return
	}
	d.F.SetFillColor(0xEE, 0xF3, 0xFA)
	d.F.Rect(d.Left, d.Y, d.Span(), dh, "F")
	d.F.SetFillColor(0x1F, 0x5F, 0xA8)
	d.F.Rect(d.Left, d.Y, 4, dh, "F")
	d.F.SetTextColor(0, 0, 0)
	for i, l := range dl {
		d.F.Text(d.Left+12, d.Y+6+float64(i)*size*1.22+size*0.8, d.tr(l))
	}
	d.Y += dh + 10
}

// rule draws a thin line across the page.
func (d *PDFPage) Rule() {
	d.F.SetDrawColor(190, 190, 190)
	d.F.SetLineWidth(0.5)
	d.F.Line(d.Left, d.Y, d.Right, d.Y)
	d.Y += 4
}

// PDFCell is one cell of a table: its lines, and whether they are bold.
type PDFCell struct {
	Lines []string
	Bold  bool
	// Small are lines in small, dim type under Lines (a path under the
	// words that name it).
	Small []string
}

// table writes rows of cells in columns starting at the fractions cols
// of the page's width, each row as tall as its tallest cell, with a
// light rule under the header (the first row, bold, repeated on a new
// page) and, where ruled, between rows. A line too long for its column
// wraps within it.
func (d *PDFPage) Table(cols []float64, rows [][]PDFCell, size float64, ruled bool) {
	lh := size * 1.2
	colW := func(j int) float64 {
		if j+1 < len(cols) {
			return (cols[j+1] - cols[j]) * d.Span()
		}
		return (1 - cols[j]) * d.Span()
	}
	// Wrap every cell first, so that each row knows its height.
	wrapped := make([][][]string, len(rows))
	small := make([][][]string, len(rows))
	heights := make([]float64, len(rows))
	const smallScale = 0.82
	for i, row := range rows {
		n, h := 1, 0.0
		for j, c := range row {
			var sl []string
			for _, l := range c.Small {
				sl = append(sl, d.Lines(l, size*smallScale, false, colW(j)-4)...)
			}
			small[i] = append(small[i], sl)
			var ls []string
			for _, l := range c.Lines {
				// "mean 5.3 h ± 23 min" too wide breaks before its
				// interval, not inside an amount.
				parts := []string{l}
				d.font(size, c.Bold || i == 0)
				// (SplitText keeps a cell margin at each side.)
				if a, b, ok := strings.Cut(l, " ± "); ok && d.F.GetStringWidth(d.tr(PDFReplacer.Replace(l))) > colW(j)-4-2*d.F.GetCellMargin() {
					parts = []string{a, "± " + b}
				}
				for _, part := range parts {
					ls = append(ls, d.Lines(part, size, c.Bold || i == 0, colW(j)-4)...)
				}
			}
			wrapped[i] = append(wrapped[i], ls)
			n = max(n, len(ls))
			h = max(h, float64(len(ls))*lh+float64(len(sl))*lh*smallScale)
		}
		heights[i] = max(float64(n)*lh, h) + 2.5
	}
	drawRow := func(i int) {
		for j, ls := range wrapped[i] {
			bold := rows[i][j].Bold || i == 0
			x := d.Left + cols[j]*d.Span()
			for k, l := range ls {
				d.font(size, bold)
				d.F.SetTextColor(0, 0, 0)
				d.F.Text(x, d.Y+float64(k)*lh+size*0.8, d.tr(l))
			}
			for k, l := range small[i][j] {
				d.font(size*smallScale, false)
				d.F.SetTextColor(PDFDim, PDFDim, PDFDim)
				d.F.Text(x, d.Y+float64(len(ls))*lh+float64(k)*lh*smallScale+size*smallScale*0.8, d.tr(l))
			}
		}
		d.Y += heights[i]
		if ruled || i == 0 {
			d.F.SetDrawColor(215, 215, 215)
			d.F.SetLineWidth(0.4)
			d.F.Line(d.Left, d.Y-2, d.Right, d.Y-2)
		}
	}
	for i := range rows {
		if i == 0 {
			if !d.room(heights[0] + heights[min(1, len(rows)-1)]) {
				return
			}
			drawRow(0)
			continue
		}
		page := d.F.PageNo()
		if !d.room(heights[i]) {
			return
		}
		if d.F.PageNo() != page {
			drawRow(0)
		}
		drawRow(i)
	}
	d.Y += 3
}

// image draws a picture w × h points at the left margin, rendered at dpi
// from a canvas scale times larger (the plots' fonts suit a screen; drawn
// larger and shrunk, they suit paper), and moves down. It returns false
// if the picture was left out.
//
// fpdf writes images sorted by their width in pixels, and those of the
// same width in map order, so that two of the same width would come out
// in a different order from run to run: every image is made a pixel
// wider than the last, which no reader sees, to keep the file the same.
func (d *PDFPage) Image(w, h, scale, dpi float64, paint func(draw.Canvas), after float64) (bool, error) {
	if !d.room(h) {
		return false, nil
	}
	px := vg.Length(d.images) * vg.Inch / vg.Length(dpi)
	d.images++
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(w*scale)+px, vg.Length(h*scale)), vgimg.UseDPI(int(dpi)))
	paint(draw.New(c))
	var png bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&png); err != nil {
		return false, err
	}
	name := fmt.Sprintf("image%d", d.images)
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	d.F.RegisterImageOptionsReader(name, opt, &png)
	d.F.ImageOptions(name, d.Left, d.Y, w, h, false, opt, 0, "")
	d.Y += h + after
	return true, nil
}

// sources lists the sources, one dim line each; in a one-page document
// those that do not fit are counted instead, pointing to where the rest
// are (more: "in the HTML report (-o case.html)").
func (d *PDFPage) Sources(list []string, more string) {
	const size, lh = 6.5, 6.5 * 1.22
	for i, s := range list {
		h := float64(len(d.Lines("Source: "+s, size, false, d.Span())))*lh + 1
		if i+1 < len(list) && !d.pages {
			h += lh + 1 // and room for the count of the rest
		}
		if !d.pages && d.Y+h > d.bottom {
			d.Para(d.Left, d.Span(), fmt.Sprintf("... and %d more sources %s.", len(list)-i, more), size, false, PDFDim, 1)
			break
		}
		d.Para(d.Left, d.Span(), "Source: "+s, size, false, PDFDim, 1)
	}
}

// output closes the document and writes it; want is the page count a
// one-page document must keep (0 for any).
func (d *PDFPage) Output(w io.Writer, what string) error {
	if !d.pages && d.F.PageCount() != 1 {
		return fmt.Errorf("reports: the %s ran to %d pages", what, d.F.PageCount())
	}
	if err := d.F.Error(); err != nil {
		return err
	}
	return d.F.Output(w)
}
