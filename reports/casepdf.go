package reports

import (
	"fmt"
	"io"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// WriteCasePDF writes the one-page executive summary of the business
// case as a PDF on paper (A4 or Letter): the decision in one sentence with
// its probability, the four numbers with their intervals, the cash-flow
// plot with its 90% band and payback point beside the NPV distribution,
// the top drivers, what dominates the spread, DORA's formula beside the
// simulation, the assumptions with sources, and the command that
// reproduces it. It shares its layout with WriteReportPDF (see pdfDoc).
// The same report gives the same bytes.
func WriteCasePDF(w io.Writer, r *CaseReport, paper Paper) error {
	figs, err := caseFigures(r)
	if err != nil {
		return err
	}
	p := newPDF(paper, r.Decision(), "deploysim "+r.Version, r.Command, false)
	f := p.f
	const black, dim, gap = pdfBlack, pdfDim, pdfGap

	heading, run := r.caseHeading()
	p.para(p.left, p.width(), heading, 15, true, black, 2)
	p.para(p.left, p.width(), r.Title, 10, false, black, 2)
	p.para(p.left, p.width(), run, 7.5, false, dim, 9)

	p.band(r.Decision(), 12)

	// The four numbers.
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

	// The plots, side by side, as one image.
	half := (p.width() - gap) / 2
	plotH := half * 0.7
	const scale = 1.4
	if _, err := p.image(p.width(), plotH, scale, pdfPlotDPI, func(dc draw.Canvas) {
		for i, fig := range figs {
			fig.Plot.Title.TextStyle.Font.Size = 11
			x0 := vg.Length(float64(i) * (half + gap) * scale)
			x1 := x0 + vg.Length(half*scale)
			fig.Plot.Draw(draw.Crop(dc, x0, x1-(dc.Max.X-dc.Min.X), 0, 0))
		}
	}, 10); err != nil {
		return err
	}

	// The drivers.
	if rows := r.driverRows(); len(rows) > 0 && p.para(p.left, p.width(), "What swings NPV most (one input at a time at the ends of its 90% interval)", 9.5, true, black, 3) {
		cells := [][]pdfCell{{{Lines: []string{"input"}}, {Lines: []string{"90% interval"}}, {Lines: []string{"NPV at low to high"}}, {Lines: []string{"swing"}}}}
		for _, row := range rows {
			var cr []pdfCell
			for _, c := range row {
				cr = append(cr, pdfCell{Lines: []string{c}})
			}
			cells = append(cells, cr)
		}
		p.table([]float64{0, 0.42, 0.62, 0.88}, cells, 7.5, false)
	}
	p.para(p.left, p.width(), r.dominance(), 8, false, black, 6)

	d := r.DORA
	months := func(x float64) string { return formatMonths(x, r.Case.HorizonYears) }
	if p.para(p.left, p.width(), "DORA's ROI formula on the same simulated arms", 9.5, true, black, 2) {
		p.para(p.left, p.width(), fmt.Sprintf("DORA (deploys × change failure rate × time to restore × outage cost per hour): saves %s a year, payback %s. deploysim: saves %s a year in all (%s of it on incidents), payback %s. %s",
			r.money(d.Saving), months(d.PaybackMonths), r.money(d.TotalSaving), r.money(d.IncidentSaving), months(d.SimPaybackMonths), r.doraWhy()), 7.5, false, black, 6)
	}

	// Assumptions in two columns, the uncertain ranges, the sources.
	p.rule()
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
	p.sources(r.Sources, "in the HTML report (-o case.html)")
	return p.output(w, "case summary")
}
