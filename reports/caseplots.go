package reports

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

var (
	caseBlue     = color.RGBA{R: 0x1F, G: 0x5F, B: 0xA8, A: 0xFF}
	caseBand     = color.NRGBA{R: 0x1F, G: 0x5F, B: 0xA8, A: 0x40}
	caseRed      = color.RGBA{R: 0xB2, G: 0x22, B: 0x22, A: 0xFF}
	caseBarColor = color.RGBA{R: 0x6A, G: 0x8F, B: 0xC8, A: 0xFF}
)

// moneyTicks labels a money axis in the case's currency.
func moneyTicks(currency string) plot.Ticker {
	return relabel(plot.DefaultTicks{}, func(x float64) string { return tickMoney(x, currency) })
}

// CaseCashFlowPlot draws the cumulative undiscounted cash flow by month:
// the median line, the 90% band over the samples, zero, and the median
// payback point.
func CaseCashFlowPlot(r *CaseReport) (*plot.Plot, error) {
	cf := r.CashFlow
	p := newPlot(fmt.Sprintf("Cumulative cash flow, %s to %s", r.From.Name, r.To.Name))
	p.Add(grid(false, true))
	band := make(plotter.XYs, 0, 2*len(cf.Months))
	mid := make(plotter.XYs, len(cf.Months))
	for i, m := range cf.Months {
		band = append(band, plotter.XY{X: float64(m), Y: cf.P95[i]})
		mid[i] = plotter.XY{X: float64(m), Y: cf.P50[i]}
	}
	for i := len(cf.Months) - 1; i >= 0; i-- {
		band = append(band, plotter.XY{X: float64(cf.Months[i]), Y: cf.P5[i]})
	}
	poly, err := plotter.NewPolygon(band)
	if err != nil {
		return nil, err
	}
	poly.Color = caseBand
	poly.LineStyle.Width = 0
	poly.LineStyle.Color = nil
	p.Add(poly)
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: float64(cf.Months[len(cf.Months)-1]), Y: 0}})
	if err != nil {
		return nil, err
	}
	zero.LineStyle = draw.LineStyle{Color: gray(60), Width: vg.Points(1)}
	p.Add(zero)
	line, err := plotter.NewLine(mid)
	if err != nil {
		return nil, err
	}
	line.LineStyle = draw.LineStyle{Color: caseBlue, Width: vg.Points(lineWidth)}
	p.Add(line)
	p.Legend.Add("median", line)
	p.Legend.Add("90% of samples", poly)
	if pb := r.Payback.P50; !math.IsInf(pb, 0) && !math.IsNaN(pb) {
		at := plotter.XYs{{X: pb, Y: 0}}
		p.Add(scatter(at, draw.GlyphStyle{Color: caseRed, Radius: vg.Points(5), Shape: draw.CircleGlyph{}}),
			labels(plotter.XYLabels{XYs: at, Labels: []string{"payback " + formatMonths(pb, r.Case.HorizonYears)}},
				textStyle(noteSize, false, draw.XLeft, draw.YTop), vg.Point{X: vg.Points(6), Y: vg.Points(-4)}))
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.X.Label.Text = "months from the start"
	p.Y.Label.Text = "cumulative cash flow (" + r.Currency + ")"
	p.Y.Tick.Marker = moneyTicks(r.Currency)
	p.X.Min, p.X.Max = 0, float64(cf.Months[len(cf.Months)-1])
	p.X.Tick.Marker = monthTicks{}
	return p, nil
}

// monthTicks marks every 6 months (every 12 beyond 4 years).
type monthTicks struct{}

func (monthTicks) Ticks(min, max float64) []plot.Tick {
	step := 6.0
	if max > 48 {
		step = 12
	}
	var ticks []plot.Tick
	for x := math.Ceil(min/step) * step; x <= max; x += step {
		ticks = append(ticks, plot.Tick{Value: x, Label: fmt.Sprint(x)})
	}
	return ticks
}

// CaseNPVPlot draws the distribution of NPV over the samples, with zero
// and the median marked.
func CaseNPVPlot(r *CaseReport) (*plot.Plot, error) {
	p := newPlot(fmt.Sprintf("NPV over %d years: %d samples", r.Case.HorizonYears, len(r.NPVSamples)))
	p.Add(grid(false, true))
	vals := make(plotter.Values, len(r.NPVSamples))
	copy(vals, r.NPVSamples)
	lo, hi := vals[0], vals[len(vals)-1]
	if lo == hi {
		lo, hi = lo-1, hi+1
	}
	bins := max(5, min(30, len(vals)/4))
	h, err := plotter.NewHist(vals, bins)
	if err != nil {
		return nil, err
	}
	h.FillColor = caseBarColor
	h.LineStyle = draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}
	p.Add(h)
	top := 0.0
	for _, b := range h.Bins {
		top = max(top, b.Weight)
	}
	if lo < 0 && hi > 0 {
		p.Add(line(draw.LineStyle{Color: caseRed, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}},
			plotter.XY{X: 0, Y: 0}, plotter.XY{X: 0, Y: top * 1.05}),
			labels(plotter.XYLabels{XYs: plotter.XYs{{X: 0, Y: top * 1.05}}, Labels: []string{"NPV = 0"}},
				textStyle(noteSize, false, draw.XLeft, draw.YTop), vg.Point{X: vg.Points(4)}))
	}
	p.X.Label.Text = "NPV (" + r.Currency + ")"
	p.Y.Label.Text = "samples"
	p.X.Tick.Marker = moneyTicks(r.Currency)
	p.Y.Min, p.Y.Max = 0, top*1.1
	return p, nil
}

// CaseHorizonPlot draws NPV against the horizon (1 to 5 years or the
// case's): the median and the 90% band over the samples counting every
// saving, the median on cash alone, zero, and at each point the
// probability that the case pays (NPV ≥ 0).
func CaseHorizonPlot(r *CaseReport) (*plot.Plot, error) {
	p := newPlot("NPV against the horizon")
	p.Add(grid(false, true))
	n := len(r.Horizons)
	band := make(plotter.XYs, 0, 2*n)
	all := make(plotter.XYs, n)
	cash := make(plotter.XYs, n)
	var allLabels, cashLabels []string
	for i, h := range r.Horizons {
		band = append(band, plotter.XY{X: float64(h.Years), Y: h.NPV.P95})
		all[i] = plotter.XY{X: float64(h.Years), Y: h.NPV.P50}
		cash[i] = plotter.XY{X: float64(h.Years), Y: h.NPVCash.P50}
		allLabels = append(allLabels, formatProb(h.ProbPays, r.Samples))
		cashLabels = append(cashLabels, formatProb(h.ProbPaysCash, r.Samples))
	}
	for i := n - 1; i >= 0; i-- {
		band = append(band, plotter.XY{X: float64(r.Horizons[i].Years), Y: r.Horizons[i].NPV.P5})
	}
	poly, err := plotter.NewPolygon(band)
	if err != nil {
		return nil, err
	}
	poly.Color = caseBand
	poly.LineStyle.Width = 0
	poly.LineStyle.Color = nil
	p.Add(poly)
	p.Add(line(draw.LineStyle{Color: gray(60), Width: vg.Points(1)}, plotter.XY{X: 1, Y: 0}, plotter.XY{X: float64(r.Horizons[n-1].Years), Y: 0}))
	la, err := plotter.NewLine(all)
	if err != nil {
		return nil, err
	}
	la.LineStyle = draw.LineStyle{Color: caseBlue, Width: vg.Points(lineWidth)}
	lc, err := plotter.NewLine(cash)
	if err != nil {
		return nil, err
	}
	lc.LineStyle = draw.LineStyle{Color: caseRed, Width: vg.Points(lineWidth), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
	p.Add(la, lc)
	p.Add(labels(plotter.XYLabels{XYs: all, Labels: allLabels}, textStyle(noteSize, false, draw.XCenter, draw.YBottom), vg.Point{Y: vg.Points(4)}))
	p.Add(labels(plotter.XYLabels{XYs: cash, Labels: cashLabels}, textStyle(noteSize, false, draw.XCenter, draw.YTop), vg.Point{Y: vg.Points(-4)}))
	p.Legend.Add("median NPV, every saving", la)
	p.Legend.Add("median NPV, cash alone", lc)
	p.Legend.Add("90% of samples", poly)
	p.Legend.Top, p.Legend.Left = true, true
	p.X.Label.Text = "horizon (years); labels: P(NPV ≥ 0)"
	p.Y.Label.Text = "NPV (" + r.Currency + ")"
	p.Y.Tick.Marker = moneyTicks(r.Currency)
	p.X.Min, p.X.Max = 0.7, float64(r.Horizons[n-1].Years)+0.3
	p.X.Tick.Marker = yearTicks{}
	return p, nil
}

// yearTicks marks every whole year.
type yearTicks struct{}

func (yearTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for x := math.Ceil(min); x <= max; x++ {
		ticks = append(ticks, plot.Tick{Value: x, Label: fmt.Sprint(x)})
	}
	return ticks
}

// caseFigure is one plot of the case with its file name and caption.
type caseFigure struct {
	Name, Caption string
	Plot          *plot.Plot
}

func caseFigures(r *CaseReport) ([]caseFigure, error) {
	cf, err := CaseCashFlowPlot(r)
	if err != nil {
		return nil, err
	}
	npv, err := CaseNPVPlot(r)
	if err != nil {
		return nil, err
	}
	hz, err := CaseHorizonPlot(r)
	if err != nil {
		return nil, err
	}
	return []caseFigure{
		{"cashflow", "Cumulative undiscounted cash flow by month: median over the samples, the band holding 90% of them, and the median payback.", cf},
		{"npv", "Distribution of NPV over the samples; left of the dashed line the move loses money.", npv},
		{"horizon", "NPV against the horizon: the median counting every saving with the band holding 90% of the samples, the median on cash alone (dashed), and at each point the probability that the case pays.", hz},
	}, nil
}

// Size of the case's plots on a screen and in files.
const (
	casePlotWidth  = 7 * vg.Inch
	casePlotHeight = 3.6 * vg.Inch
)

func caseSVG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")), nil
}

func casePNG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
