package reports

import (
	"fmt"
	"io"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"deploysim/units"
)

// WriteCasePDF writes the one-page executive summary of the business
// case as a PDF on paper (A4 or Letter): the decision in one sentence with
// its probability, the four numbers with their intervals, the inputs a
// flag fixed, the case on cash alone beside the case with the
// opportunity, the savings by source with their intervals, NPV and the
// probability of paying against the horizon (a table and a curve), the
// cash-flow plot with its 90% band and the NPV distribution, the top
// drivers in words with their paths, what dominates the spread, DORA's
// formula as a comparison, every warning, the assumptions with sources,
// and the command that reproduces it. It shares its layout (pdfDoc) with the PDF of every report.Doc (render.WritePDF).
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
	p.para(p.left, p.width(), heading, 13, true, black, 1)
	p.para(p.left, p.width(), r.Title, 9.5, false, black, 1)
	p.para(p.left, p.width(), run, 7, false, dim, 6)

	p.band(r.Decision(), 10.5)

	// The four numbers.
	boxW := (p.width() - 3*gap) / 4
	boxH := 46.0
	f.SetDrawColor(170, 170, 170)
	f.SetLineWidth(0.7)
	for i, n := range r.headline() {
		x := p.left + float64(i)*(boxW+gap)
		f.Rect(x, p.y, boxW, boxH, "D")
		p.text(x+6, p.y+5, n.Label, 7.5, false, dim)
		p.text(x+6, p.y+14, n.Value, 13, true, black)
		for j, l := range p.lines(n.Interval, 6.5, false, boxW-12) {
			p.text(x+6, p.y+30+float64(j)*7.5, l, 6.5, false, dim)
		}
	}
	p.y += boxH + 6
	p.para(p.left, p.width(), strings.Join(r.probabilities(), ";  ")+".  "+r.breakEven(), 7.5, false, black, 3)
	for _, l := range r.pinnedLines() {
		p.para(p.left, p.width(), capitalize(l)+".", 7.5, true, black, 2)
	}
	p.para(p.left, p.width(), r.cashLine(), 7.5, false, black, 6)

	// Savings by source (left) beside the horizon (right).
	left, right := p.left, p.right
	split := left + 0.55*p.width()
	top := p.y
	p.right = split - gap/2
	if p.para(p.left, p.width(), "Annual savings by source (median, 90% interval)", 8.5, true, black, 2) {
		cells := [][]pdfCell{{{Lines: []string{"source"}}, {Lines: []string{"median"}}, {Lines: []string{"90% interval"}}}}
		for _, row := range r.sourceRows() {
			sum := row[3] == ""
			cells = append(cells, []pdfCell{{Lines: []string{row[0]}, Bold: sum}, {Lines: []string{row[1]}, Bold: sum}, {Lines: []string{row[2]}, Bold: sum}})
		}
		p.table([]float64{0, 0.60, 0.76}, cells, 6.8, false)
	}
	leftBottom := p.y
	p.y, p.left, p.right = top, split+gap/2, right
	if p.para(p.left, p.width(), "When it turns: NPV against the horizon", 8.5, true, black, 2) {
		cells := [][]pdfCell{{{Lines: []string{"years"}}, {Lines: []string{"NPV"}}, {Lines: []string{"P(NPV ≥ 0)"}}, {Lines: []string{"cash only"}}, {Lines: []string{"P(≥ 0)"}}}}
		for _, h := range r.Horizons {
			cells = append(cells, []pdfCell{{Lines: []string{fmt.Sprint(h.Years)}, Bold: h.Years == r.Case.HorizonYears}, {Lines: []string{r.money(h.NPV.P50)}},
				{Lines: []string{formatProb(h.ProbPays, r.Samples)}}, {Lines: []string{r.money(h.NPVCash.P50)}}, {Lines: []string{formatProb(h.ProbPaysCash, r.Samples)}}})
		}
		p.table([]float64{0, 0.14, 0.36, 0.58, 0.80}, cells, 6.8, false)
		p.para(p.left, p.width(), r.turns()+" Medians; the case's horizon in bold.", 6.8, false, dim, 2)
	}
	p.y, p.left, p.right = max(leftBottom, p.y)+2, left, right

	// The plots, side by side, as one image.
	third := (p.width() - 2*gap) / 3
	plotH := third * 0.64
	const scale = 1.7
	if _, err := p.image(p.width(), plotH, scale, pdfPlotDPI, func(dc draw.Canvas) {
		for i, fig := range figs {
			fig.Plot.Title.TextStyle.Font.Size = 11
			if fig.Name == "cashflow" {
				fig.Plot.Title.Text = "Cumulative cash flow" // the arms are in the heading
			}
			x0 := vg.Length(float64(i) * (third + gap) * scale)
			x1 := x0 + vg.Length(third*scale)
			fig.Plot.Draw(draw.Crop(dc, x0, x1-(dc.Max.X-dc.Min.X), 0, 0))
		}
	}, 6); err != nil {
		return err
	}

	// The drivers: the input in words, its path in small type beside it.
	if rows := r.driverRows(); len(rows) > 0 && p.para(p.left, p.width(), "What swings NPV most (one input at a time at the ends of its 90% interval)", 8.5, true, black, 2) {
		cells := [][]pdfCell{{{Lines: []string{"input"}}, {Small: []string{"path"}}, {Lines: []string{"90% interval"}}, {Lines: []string{"NPV at low to high"}}, {Lines: []string{"swing"}}}}
		for _, row := range rows {
			cells = append(cells, []pdfCell{{Lines: []string{row[0]}}, {Small: []string{row[1]}}, {Lines: []string{row[2]}}, {Lines: []string{row[3]}}, {Lines: []string{row[4]}}})
		}
		p.table([]float64{0, 0.22, 0.50, 0.68, 0.89}, cells, 7, false)
	}
	p.para(p.left, p.width(), r.dominance(), 7, false, black, 5)

	d := r.DORA
	months := func(x float64) string { return formatMonths(x, r.Case.HorizonYears) }
	if p.para(p.left, p.width(), caseDoraHeading, 8.5, true, black, 2) {
		p.para(p.left, p.width(), fmt.Sprintf("DORA's formula (deploys × change failure rate × time to restore × outage cost per hour): saves %s a year in downtime, payback %s. It counts each failed deploy of %s as a full outage for the mean restore time (%s a year; simulated full-outage equivalent %s) and leaves out cost of delay, labour, planned downtime, the transition, the dip and the running cost.",
			r.money(d.Saving), months(d.PaybackMonths), r.From.Name, units.FormatHours(d.From.OutageHours), units.FormatHours(d.From.ImpactHours)), 6.8, false, black, 5)
	}

	// Every warning, before anything the page may have to leave out.
	for _, warn := range r.Warnings {
		p.para(p.left, p.width(), "Warning: "+warn, 6.8, false, black, 1.5)
	}
	if len(r.Warnings) > 0 {
		p.y += 3
	}

	// Assumptions in two columns, the uncertain ranges, the sources.
	p.rule()
	p.para(p.left, p.width(), "Assumptions", 8, true, black, 1)
	// In three columns, filled down.
	as := r.assumptions()
	const columns = 3
	colW := (p.width() - (columns-1)*gap) / columns
	top, rows := p.y, (len(as)+columns-1)/columns
	low := top
	for i, a := range as {
		if i%rows == 0 {
			p.y = top
		}
		x := p.left + float64(i/rows)*(colW+gap)
		p.para(x, colW, a[0]+": "+a[1], 6.8, false, black, 1)
		low = max(low, p.y)
	}
	p.y = low + 3
	// The uncertain inputs the drivers' table does not show, with theirs
	// only by distribution: the page has no room to say an interval twice.
	if rows := r.rangeRows(); len(rows) > 0 {
		shown := map[string]bool{}
		for _, d := range r.driverRows() {
			shown[d[1]] = true
		}
		var parts, dists []string
		for _, row := range rows {
			if shown[row[1]] {
				dists = append(dists, fmt.Sprintf("%s %s", row[0], row[3]))
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %s (%s, %s)", row[0], row[2], row[3], row[1]))
		}
		line := "Uncertain inputs, distributions: " + strings.Join(dists, ", ")
		if len(parts) > 0 {
			line += "; the others (90% intervals; distribution, path): " + strings.Join(parts, "; ")
		}
		p.para(p.left, p.width(), line+".", 6.5, false, black, 3)
	}
	p.sources(r.Sources, "in the HTML report (-o case.html)")
	return p.output(w, "case summary")
}
