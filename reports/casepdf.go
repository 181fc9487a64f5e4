package reports

import (
	"fmt"
	"io"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"deploysim/report/render"
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
// and the command that reproduces it. It is laid out by render.PDFPage,
// the layout of every report.Doc's PDF (render.WritePDF).
// The same report gives the same bytes.
func WriteCasePDF(w io.Writer, r *CaseReport, paper Paper) error {
	figs, err := caseFigures(r)
	if err != nil {
		return err
	}
	p := render.NewPDF(paper, r.Decision(), "deploysim "+r.Version, r.Command, false)
	f := p.F
	const black, dim, gap = render.PDFBlack, render.PDFDim, render.PDFGap

	heading, run := r.caseHeading()
	p.Para(p.Left, p.Span(), heading, 13, true, black, 1)
	p.Para(p.Left, p.Span(), r.Title, 9.5, false, black, 1)
	p.Para(p.Left, p.Span(), run, 7, false, dim, 6)

	p.Band(r.Decision(), 10.5)

	// The four numbers.
	boxW := (p.Span() - 3*gap) / 4
	boxH := 46.0
	f.SetDrawColor(170, 170, 170)
	f.SetLineWidth(0.7)
	for i, n := range r.headline() {
		x := p.Left + float64(i)*(boxW+gap)
		f.Rect(x, p.Y, boxW, boxH, "D")
		p.Text(x+6, p.Y+5, n.Label, 7.5, false, dim)
		p.Text(x+6, p.Y+14, n.Value, 13, true, black)
		for j, l := range p.Lines(n.Interval, 6.5, false, boxW-12) {
			p.Text(x+6, p.Y+30+float64(j)*7.5, l, 6.5, false, dim)
		}
	}
	p.Y += boxH + 6
	p.Para(p.Left, p.Span(), strings.Join(r.probabilities(), ";  ")+".  "+r.breakEven(), 7.5, false, black, 3)
	for _, l := range r.pinnedLines() {
		p.Para(p.Left, p.Span(), capitalize(l)+".", 7.5, true, black, 2)
	}
	p.Para(p.Left, p.Span(), r.cashLine(), 7.5, false, black, 6)

	// Savings by source (left) beside the horizon (right).
	left, right := p.Left, p.Right
	split := left + 0.55*p.Span()
	top := p.Y
	p.Right = split - gap/2
	if p.Para(p.Left, p.Span(), "Annual savings by source (median, 90% interval)", 8.5, true, black, 2) {
		cells := [][]render.PDFCell{{{Lines: []string{"source"}}, {Lines: []string{"median"}}, {Lines: []string{"90% interval"}}}}
		for _, row := range r.sourceRows() {
			sum := row[3] == ""
			cells = append(cells, []render.PDFCell{{Lines: []string{row[0]}, Bold: sum}, {Lines: []string{row[1]}, Bold: sum}, {Lines: []string{row[2]}, Bold: sum}})
		}
		p.Table([]float64{0, 0.60, 0.76}, cells, 6.8, false)
	}
	leftBottom := p.Y
	p.Y, p.Left, p.Right = top, split+gap/2, right
	if p.Para(p.Left, p.Span(), "When it turns: NPV against the horizon", 8.5, true, black, 2) {
		cells := [][]render.PDFCell{{{Lines: []string{"years"}}, {Lines: []string{"NPV"}}, {Lines: []string{"P(NPV ≥ 0)"}}, {Lines: []string{"cash only"}}, {Lines: []string{"P(≥ 0)"}}}}
		for _, h := range r.Horizons {
			cells = append(cells, []render.PDFCell{{Lines: []string{fmt.Sprint(h.Years)}, Bold: h.Years == r.Case.HorizonYears}, {Lines: []string{r.money(h.NPV.P50)}},
				{Lines: []string{formatProb(h.ProbPays, r.Samples)}}, {Lines: []string{r.money(h.NPVCash.P50)}}, {Lines: []string{formatProb(h.ProbPaysCash, r.Samples)}}})
		}
		p.Table([]float64{0, 0.14, 0.36, 0.58, 0.80}, cells, 6.8, false)
		p.Para(p.Left, p.Span(), r.turns()+" Medians; the case's horizon in bold.", 6.8, false, dim, 2)
	}
	p.Y, p.Left, p.Right = max(leftBottom, p.Y)+2, left, right

	// The plots, side by side, as one image.
	third := (p.Span() - 2*gap) / 3
	plotH := third * 0.64
	const scale = 1.7
	if _, err := p.Image(p.Span(), plotH, scale, render.PDFPlotDPI, func(dc draw.Canvas) {
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
	if rows := r.driverRows(); len(rows) > 0 && p.Para(p.Left, p.Span(), "What swings NPV most (one input at a time at the ends of its 90% interval)", 8.5, true, black, 2) {
		cells := [][]render.PDFCell{{{Lines: []string{"input"}}, {Small: []string{"path"}}, {Lines: []string{"90% interval"}}, {Lines: []string{"NPV at low to high"}}, {Lines: []string{"swing"}}}}
		for _, row := range rows {
			cells = append(cells, []render.PDFCell{{Lines: []string{row[0]}}, {Small: []string{row[1]}}, {Lines: []string{row[2]}}, {Lines: []string{row[3]}}, {Lines: []string{row[4]}}})
		}
		p.Table([]float64{0, 0.22, 0.50, 0.68, 0.89}, cells, 7, false)
	}
	p.Para(p.Left, p.Span(), r.dominance(), 7, false, black, 5)

	d := r.DORA
	months := func(x float64) string { return formatMonths(x, r.Case.HorizonYears) }
	if p.Para(p.Left, p.Span(), caseDoraHeading, 8.5, true, black, 2) {
		p.Para(p.Left, p.Span(), fmt.Sprintf("DORA's formula (deploys × change failure rate × time to restore × outage cost per hour): saves %s a year in downtime, payback %s. It counts each failed deploy of %s as a full outage for the mean restore time (%s a year; simulated full-outage equivalent %s) and leaves out cost of delay, labour, planned downtime, the transition, the dip and the running cost.",
			r.money(d.Saving), months(d.PaybackMonths), r.From.Name, units.FormatHours(d.From.OutageHours), units.FormatHours(d.From.ImpactHours)), 6.8, false, black, 5)
	}

	// Every warning, before anything the page may have to leave out.
	for _, warn := range r.Warnings {
		p.Para(p.Left, p.Span(), "Warning: "+warn, 6.8, false, black, 1.5)
	}
	if len(r.Warnings) > 0 {
		p.Y += 3
	}

	// Assumptions in two columns, the uncertain ranges, the sources.
	p.Rule()
	p.Para(p.Left, p.Span(), "Assumptions", 8, true, black, 1)
	// In three columns, filled down.
	as := r.assumptions()
	const columns = 3
	colW := (p.Span() - (columns-1)*gap) / columns
	top, rows := p.Y, (len(as)+columns-1)/columns
	low := top
	for i, a := range as {
		if i%rows == 0 {
			p.Y = top
		}
		x := p.Left + float64(i/rows)*(colW+gap)
		p.Para(x, colW, a[0]+": "+a[1], 6.8, false, black, 1)
		low = max(low, p.Y)
	}
	p.Y = low + 3
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
		p.Para(p.Left, p.Span(), line+".", 6.5, false, black, 3)
	}
	p.Sources(r.Sources, "in the HTML report (-o case.html)")
	return p.Output(w, "case summary")
}
