package reports

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"deploysim/stats"
	"deploysim/units"
	"deploysim/whatif"
)

// SensitivityMeta is what a sensitivity analysis's renderers need besides
// the result: the command that reproduces it and how many rows the table
// and the tornado show (the CSV and JSON have all).
type SensitivityMeta struct {
	Command, Version string
	Top              int
	// Width is the terminal's width for the table (0: 100 columns). A
	// table wider than it puts each parameter's name on a line of its own.
	Width int
}

func (m SensitivityMeta) top(n int) int {
	if m.Top <= 0 || m.Top > n {
		return n
	}
	return m.Top
}

func sensitivityTitle(s *whatif.Sensitivity) (string, string) {
	title := s.Title
	if s.Scenario != "" && s.Scenario != title {
		title += " (" + s.Scenario + ")"
	}
	by := "±" + strconv.FormatFloat(100*s.By, 'g', -1, 64) + "%"
	sub := fmt.Sprintf("What moves the %s: each parameter moved to its low and high (%s, or its uncertain: range), the others kept; %d replications of %s days, seed %d, every run on the same random numbers",
		s.Quantity, by, s.Replications, units.Num(s.HorizonHours/24), s.Seed)
	return title, sub
}

func sensMoney(x float64, currency string) string {
	a := units.MoneyAmount(x, currency)
	if a.Num == units.NA {
		return units.NA
	}
	return a.Num + "/yr"
}

// sensValue writes a parameter's value for people, with its unit: money
// in the currency and per what it is ("$200/min"), probabilities as
// percentages ("68%"); other kinds as the scenario file writes them
// (label: "13w", "10/day"). A side the model refused stays "—".
func sensValue(r *whatif.Row, x float64, label, currency string) string {
	if v, ok := paramAmount(r.Kind, r.Per, x, currency); ok && !math.IsNaN(x) {
		return v
	}
	return label
}

// sensitivityGrid is the table of the top rows.
func sensitivityGrid(s *whatif.Sensitivity, top int) (header []string, rows [][]string) {
	header = []string{"#", "parameter", "base", "low", "at low", "high", "at high", "swing", "range"}
	vs := s.Vs != ""
	for i, r := range s.Rows[:top] {
		at := func(iv stats.Interval, x float64) string {
			if math.IsNaN(x) {
				return "—"
			}
			return sensMoney(iv.Mean, s.Currency)
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), r.Label(vs), sensValue(&r, r.Base, r.BaseLabel, s.Currency),
			sensValue(&r, r.Low, r.LowLabel, s.Currency), at(r.AtLow, r.Low), sensValue(&r, r.High, r.HighLabel, s.Currency), at(r.AtHigh, r.High),
			sensMoney(r.Swing, s.Currency), r.Source})
	}
	return header, rows
}

func sensitivityFindings(s *whatif.Sensitivity, top int) []string {
	what := "Loss"
	if s.Vs != "" {
		what = "Savings"
	}
	out := []string{fmt.Sprintf("Base, every parameter as the scenario has it: %s %s (95%% interval %s–%s).", strings.ToLower(what), sensMoney(s.Base.Mean, s.Currency),
		sensMoney(s.Base.Low, s.Currency), sensMoney(s.Base.High, s.Currency))}
	if top < len(s.Rows) {
		out = append(out, fmt.Sprintf("The top %d of %d parameters that move it; --format csv or json lists them all.", top, len(s.Rows)))
	}
	if s.Unused > 0 {
		out = append(out, fmt.Sprintf("Left out: %d parameters the arm does not use (deploysim show lists every parameter; scenario-reference.md says when each applies).", s.Unused))
	}
	if len(s.AtZero) > 0 {
		out = append(out, "At zero, so ±"+strconv.FormatFloat(100*s.By, 'g', -1, 64)+"% does not move them (give them an uncertain: range to include them): "+strings.Join(s.AtZero, ", ")+".")
	}
	out = append(out, s.Notes...)
	return append(out, "One at a time: the swings do not add up, and two parameters that act together can matter more than either alone.")
}

type jsonSensitivity struct {
	SchemaVersion int        `json:"schema_version"`
	Scenario      string     `json:"scenario"`
	Title         string     `json:"title"`
	Currency      string     `json:"currency"`
	Command       string     `json:"command"`
	Version       string     `json:"version"`
	Arm           string     `json:"arm"`
	Vs            string     `json:"vs,omitempty"`
	Quantity      string     `json:"quantity"`
	By            number     `json:"by"`
	Seed          uint64     `json:"seed"`
	Replications  int        `json:"replications"`
	Base          jsonIv     `json:"base"`
	Rows          []jsonSens `json:"parameters"`
	Unused        int        `json:"unused"`
	AtZero        []string   `json:"at_zero"`
	Notes         []string   `json:"notes"`
}

type jsonSens struct {
	Parameter string `json:"parameter"`
	// Name is the parameter as --set and sweep --vary spell it, its arm and
	// list item named ("arms.A.pipeline.manual-regression.catch_prob").
	Name   string   `json:"name"`
	Arms   []string `json:"arms"`
	Base   number   `json:"base"`
	Low    number   `json:"low"`
	High   number   `json:"high"`
	Labels []string `json:"labels"`
	Source string   `json:"source"`
	AtLow  *jsonIv  `json:"at_low"`
	AtHigh *jsonIv  `json:"at_high"`
	Swing  number   `json:"swing"`
}

// sensitivityJSON is every row as a JSON document (schema_version 1).
func sensitivityJSON(s *whatif.Sensitivity, meta SensitivityMeta) any {
	doc := jsonSensitivity{SchemaVersion: SchemaVersion, Scenario: s.Scenario, Title: s.Title, Currency: s.Currency, Command: meta.Command, Version: meta.Version,
		Arm: s.Arm, Vs: s.Vs, Quantity: s.Quantity, By: number(s.By), Seed: s.Seed, Replications: s.Replications,
		Base: ivJSON(s.Base), Rows: []jsonSens{}, Unused: s.Unused, AtZero: append([]string{}, s.AtZero...), Notes: append([]string{}, s.Notes...)}
	for _, r := range s.Rows {
		js := jsonSens{Parameter: r.Param, Name: r.Label(false), Arms: r.Arms, Base: number(r.Base), Low: number(r.Low), High: number(r.High),
			Labels: []string{r.BaseLabel, r.LowLabel, r.HighLabel}, Source: r.Source, Swing: number(r.Swing)}
		if !math.IsNaN(r.Low) {
			iv := ivJSON(r.AtLow)
			js.AtLow = &iv
		}
		if !math.IsNaN(r.High) {
			iv := ivJSON(r.AtHigh)
			js.AtHigh = &iv
		}
		doc.Rows = append(doc.Rows, js)
	}
	return doc
}

// TornadoFigure draws the top rows as a tornado: for each parameter a bar
// from the base to the quantity at its low value and one to the quantity
// at its high value, labelled with the values used, the largest swing on
// top.
func TornadoFigure(s *whatif.Sensitivity, top int) Figure {
	if top <= 0 || top > len(s.Rows) {
		top = len(s.Rows)
	}
	rows := s.Rows[:top]
	what := "loss per year of " + s.ArmMark
	if s.Vs != "" {
		what = "savings per year of " + s.ArmMark + " against " + s.VsMark
	}
	// The plot names the parameters without the arm when there is one
	// arm: the title and the axis name it, and the bars keep their room.
	plotLabel := func(r *whatif.Row) string {
		if s.Vs != "" {
			return r.Label(true)
		}
		if r.Name != "" {
			return r.Name
		}
		return r.Param
	}
	title := "What moves the " + what
	if len(rows) > 0 {
		title += ": " + plotLabel(&rows[0]) + " most"
	}
	p := newPlot(title)
	n := len(rows)
	base := s.Base.Mean
	lowColor := color.RGBA{0x00, 0x72, 0xB2, 0xFF}  // blue: the parameter at its low value
	highColor := color.RGBA{0xD5, 0x5E, 0x00, 0xFF} // vermillion: at its high value
	lo, hi := base, base
	var ticks plot.ConstantTicks
	var right, left plotter.XYLabels // labels right and left of a bar's end
	label := textStyle(noteSize, false, draw.XLeft, draw.YCenter)
	labelR := textStyle(noteSize, false, draw.XRight, draw.YCenter)
	for i, r := range rows {
		y := float64(n - 1 - i)
		ticks = append(ticks, plot.Tick{Value: y, Label: plotLabel(&r)})
		for _, side := range []struct {
			x, v float64
			text string
			col  color.Color
			dy   float64
		}{{r.Low, r.AtLow.Mean, sensValue(&r, r.Low, r.LowLabel, s.Currency), lowColor, 0.17}, {r.High, r.AtHigh.Mean, sensValue(&r, r.High, r.HighLabel, s.Currency), highColor, -0.17}} {
			if math.IsNaN(side.x) {
				continue
			}
			lo, hi = math.Min(lo, side.v), math.Max(hi, side.v)
			yy := y + side.dy
			bar := plotter.XYs{{X: base, Y: yy - 0.15}, {X: side.v, Y: yy - 0.15}, {X: side.v, Y: yy + 0.15}, {X: base, Y: yy + 0.15}}
			if poly, err := plotter.NewPolygon(bar); err == nil {
				poly.Color = side.col
				poly.LineStyle.Width = 0
				p.Add(poly)
			}
			at := &right
			if side.v < base {
				at = &left
			}
			at.XYs = append(at.XYs, plotter.XY{X: side.v, Y: yy})
			at.Labels = append(at.Labels, side.text)
		}
	}
	pad := (hi - lo) * 0.22
	if pad == 0 {
		pad = math.Max(math.Abs(base)*0.1, 1)
	}
	p.X.Min, p.X.Max = lo-pad, hi+pad
	// A row's height below the last bar holds the legend, clear of the
	// labels of the bottom bars (which can be as long as "$150/person-hour").
	p.Y.Min, p.Y.Max = -1.6, float64(n)-0.4
	p.Y.Tick.Marker = ticks
	p.Y.Tick.Length = 0
	p.X.Tick.Marker = relabel(plot.DefaultTicks{}, func(x float64) string { return tickMoney(x, s.Currency) })
	p.X.Label.Text = what + ", " + s.Currency + "/yr"
	p.Add(grid(true, false))
	p.Add(labels(right, label, vg.Point{X: vg.Points(3)}), labels(left, labelR, vg.Point{X: vg.Points(-3)}),
		line(draw.LineStyle{Color: color.Black, Width: vg.Points(1.5)}, plotter.XY{X: base, Y: -0.6}, plotter.XY{X: base, Y: float64(n) - 0.4}),
		labels(plotter.XYLabels{XYs: plotter.XYs{{X: base, Y: float64(n) - 0.4}}, Labels: []string{"base " + trimZero(units.FormatMoney(base, s.Currency))}},
			textStyle(noteSize, true, draw.XCenter, draw.YBottom), vg.Point{Y: vg.Points(2)}))
	// Bottom right, in the row kept for it.
	p.Legend.Top, p.Legend.Left = false, false
	for _, e := range []struct {
		name string
		col  color.Color
	}{{"parameter at its low value", lowColor}, {"at its high value", highColor}} {
		sw, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}})
		sw.Color = e.col
		sw.LineStyle.Width = 0
		p.Legend.Add(e.name, sw)
	}
	return Figure{
		Name: "tornado", Heading: "What moves the " + what,
		Caption: fmt.Sprintf("Each bar runs from the base (%s) to the %s with one parameter at its low value (blue) or its high value (vermillion), the others as the scenario has them; the labels are the values used. The widest bars are the assumptions to check first.",
			units.FormatMoney(base, s.Currency), what),
		Panels: [][]*plot.Plot{{p}}, Width: FigureWidth, Height: vg.Length(1.6+0.42*float64(max(n, 3)+1)) * vg.Inch,
	}
}
