package reports

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"deploysim/metrics"
	"deploysim/stats"
	"deploysim/units"
	"deploysim/whatif"
)

// NoiseNote is what every what-if result and the run table say about their
// intervals: they measure the simulation's noise, not the assumptions.
const NoiseNote = "95% intervals cover simulation noise only, not the assumptions: deploysim sensitivity shows which inputs move the result."

// SweepMeta is what a sweep's renderers need besides the result.
type SweepMeta struct {
	// Command reproduces the sweep; Version is deploysim's.
	Command, Version string
	// Width is the terminal's width, at which the table's prose wraps (0:
	// 100 columns; never wider).
	Width int
}

// proseWidth is where a terminal report's sentences wrap: the terminal's
// width, at most DefaultWidth (longer lines are hard to read).
func proseWidth(width int) int { return min(termWidth(width), DefaultWidth) }

// measureAmount writes a value of a measure in its unit, as the run table
// does for the same metric.
func measureAmount(m metrics.Metric, x float64, currency string) units.Amount {
	if i := metrics.Index(m.Key); i >= 0 {
		return amountOf(metrics.All()[i], x, currency)
	}
	return units.Amount{Num: units.Num(x), Unit: ""}
}

func plusMinusOf(m metrics.Metric, iv stats.Interval, currency string) string {
	v := measureAmount(m, iv.Mean, currency)
	if math.IsNaN(iv.HalfWidth()) || iv.HalfWidth() == 0 {
		return v.String()
	}
	return plusMinus(v, measureAmount(m, iv.HalfWidth(), currency))
}

// signed writes a difference with its sign and interval.
func signed(m metrics.Metric, iv stats.Interval, currency string) string {
	if iv.Mean == 0 && (math.IsNaN(iv.HalfWidth()) || iv.HalfWidth() == 0) {
		return "0"
	}
	sign := "+"
	if iv.Mean < 0 {
		sign = "−"
	}
	v := measureAmount(m, math.Abs(iv.Mean), currency)
	if math.IsNaN(iv.HalfWidth()) || iv.HalfWidth() == 0 {
		return sign + v.String()
	}
	return sign + plusMinus(v, measureAmount(m, iv.HalfWidth(), currency))
}

func sweepTitle(r *whatif.Result) (string, string) {
	title := r.Title
	if r.Scenario != "" && r.Scenario != title {
		title += " (" + r.Scenario + ")"
	}
	var varied []string
	for _, ax := range r.Axes {
		varied = append(varied, ax.Path)
	}
	sub := fmt.Sprintf("%s against %s; %d replications of %s days, seed %d, every point on the same random numbers",
		r.Metric.Title(), strings.Join(varied, " and "), r.Replications, units.Num(r.HorizonHours/24), r.Seed)
	return title, sub
}

// textTable is a what-if table for a terminal, drawn like the run table
// (boxGrid): a head, then one-line cells.
type textTable struct {
	w io.Writer
	g boxGrid
}

func newTable(w io.Writer) *textTable { return &textTable{w: w} }

func (t *textTable) Header(cells []string) {
	for _, c := range cells {
		t.g.head = append(t.g.head, []string{c})
	}
}

func (t *textTable) Append(cells []string) error {
	row := make([][]string, len(cells))
	for i, c := range cells {
		row[i] = []string{c}
	}
	t.g.rows = append(t.g.rows, row)
	return nil
}

func (t *textTable) Render() error {
	for _, l := range t.g.boxed() {
		if _, err := fmt.Fprintln(t.w, l); err != nil {
			return err
		}
	}
	return nil
}

// sweepFindings are the sentences under a sweep's table: each arm's
// optimum and what is indistinguishable from it, the arms the sweep does
// not change, the pairing gain, the early stop, the noise note.
func sweepFindings(r *whatif.Result) []string {
	var out []string
	better := "lowest"
	if r.Metric.HigherIsBetter {
		better = "highest"
	}
	var fixed []string
	for _, c := range r.Arms {
		if !c.Varies {
			fixed = append(fixed, fmt.Sprintf("%s (%s)", c.Mark, plusMinusOf(r.Metric, c.Points[0].Metric, r.Currency)))
			continue
		}
		b := c.Points[c.Best]
		var tied []string
		for i, p := range c.Points {
			if p.Tied && i != c.Best {
				tied = append(tied, strings.Join(p.Labels, " × "))
			}
		}
		s := fmt.Sprintf("%s: %s %s at %s (%s)", c.Mark, better, strings.ToLower(r.Metric.Title()),
			strings.Join(b.Labels, " × "), plusMinusOf(r.Metric, b.Metric, r.Currency))
		if len(tied) > 0 {
			s += "; statistically indistinguishable from it: " + strings.Join(tied, ", ")
		} else {
			s += "; every other point is distinguishably worse"
		}
		out = append(out, s+".")
	}
	if len(fixed) > 0 {
		out = append(out, "Not changed by the sweep, simulated once: "+strings.Join(fixed, ", ")+".")
	}
	if g := r.Pairing; !math.IsNaN(g.Median) {
		// One difference (two points), or all alike: no range to give.
		spread := "median over the points; " + units.Num(g.Min) + "×–" + units.Num(g.Max) + "×"
		if units.Num(g.Min) == units.Num(g.Max) {
			spread = "at every point"
		}
		if g.Median >= 1.2 {
			out = append(out, fmt.Sprintf("Common random numbers: the paired differences are %s× narrower than independent runs of the same size would give (%s).",
				units.Num(g.Median), spread))
		} else {
			out = append(out, fmt.Sprintf("Common random numbers barely narrow the differences here (%s× narrower than independent runs would give, %s): the points share little of their noise.",
				units.Num(g.Median), spread))
		}
	}
	if r.Stopped != "" {
		out = append(out, strings.ToUpper(r.Stopped[:1])+r.Stopped[1:]+".")
	}
	out = append(out, r.Notes...)
	return append(out, NoiseNote)
}

// WriteSweepTable writes a sweep for a terminal: for one axis, a row per
// value with each changed arm's metric and its paired difference from the
// reference point (* marks the optimum, ≈ the points indistinguishable
// from it); for two axes, a grid per arm.
func WriteSweepTable(w io.Writer, r *whatif.Result, meta SweepMeta) error {
	bw := bufio.NewWriter(w)
	title, sub := sweepTitle(r)
	prose := proseWidth(meta.Width)
	fmt.Fprintf(bw, "%s\n%s\n\n", wrap(title, prose), wrap(sub, prose))
	if len(r.Axes) == 1 {
		for _, l := range sweepCurveLines(r, termWidth(meta.Width)) {
			fmt.Fprintln(bw, l)
		}
	} else {
		for _, c := range r.Arms {
			if !c.Varies {
				continue
			}
			fmt.Fprintf(bw, "%s: %s (rows %s, columns %s)\n", c.Mark, r.Metric.Title(), r.Axes[0].Path, r.Axes[1].Path)
			t := newTable(bw)
			t.Header(append([]string{""}, r.Axes[1].Labels...))
			for i, l := range r.Axes[0].Labels {
				row := []string{l}
				for j := range r.Axes[1].Labels {
					pt := c.Points[i*len(r.Axes[1].Values)+j]
					cell := measureAmount(r.Metric, pt.Metric.Mean, r.Currency).String()
					switch {
					case pt.Index[0] == c.Points[c.Best].Index[0] && pt.Index[1] == c.Points[c.Best].Index[1]:
						cell += " *"
					case pt.Tied:
						cell += " ≈"
					}
					row = append(row, cell)
				}
				if err := t.Append(row); err != nil {
					return err
				}
			}
			if err := t.Render(); err != nil {
				return err
			}
			fmt.Fprintln(bw)
		}
	}
	fmt.Fprintln(bw, "\n* optimum")
	fmt.Fprintln(bw, wrap("≈ statistically indistinguishable from the optimum (the paired 95% interval of the difference includes 0)", prose))
	for _, f := range sweepFindings(r) {
		fmt.Fprintln(bw, wrap(f, prose))
	}
	if meta.Command != "" {
		fmt.Fprintf(bw, "\n$ %s\n", meta.Command)
	}
	return bw.Flush()
}

// sweepCurveLines lays out a one-axis sweep's table in width columns:
// the parameter's path heading the first column and every changed arm's
// columns side by side; if that is too wide, "value" heading it (the
// subtitle names the path); if still too wide, one table per arm.
func sweepCurveLines(r *whatif.Result, width int) []string {
	var varying []int
	for i, c := range r.Arms {
		if c.Varies {
			varying = append(varying, i)
		}
	}
	fits := func(lines []string) bool {
		for _, l := range lines {
			if utf8.RuneCountInString(l) > width {
				return false
			}
		}
		return true
	}
	lines := sweepCurveTable(r, r.Axes[0].Path, varying)
	if fits(lines) {
		return lines
	}
	if lines = sweepCurveTable(r, "value", varying); fits(lines) || len(varying) == 1 {
		return lines
	}
	lines = nil
	for k, i := range varying {
		if k > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, r.Arms[i].Mark+":")
		lines = append(lines, sweepCurveTable(r, "value", []int{i})...)
	}
	return lines
}

// sweepCurveTable is a one-axis sweep's table with the arms at indices
// arms: a row per value with each arm's metric and its paired difference
// from the reference point (* the optimum, ≈ indistinguishable from it).
func sweepCurveTable(r *whatif.Result, first string, arms []int) []string {
	ref := strings.Join(r.Arms[0].Points[r.Ref].Labels, " × ")
	var t textTable
	header := []string{first}
	for _, i := range arms {
		header = append(header, r.Arms[i].Name, "vs "+ref)
	}
	t.Header(header)
	for p := range r.Arms[0].Points {
		row := []string{r.Arms[0].Points[p].Labels[0]}
		for _, i := range arms {
			c := r.Arms[i]
			pt := c.Points[p]
			mark := "  "
			switch {
			case p == c.Best:
				mark = " *"
			case pt.Tied:
				mark = " ≈"
			}
			diff := signed(r.Metric, pt.Diff, r.Currency)
			if p == r.Ref {
				diff = "(reference)"
			}
			row = append(row, plusMinusOf(r.Metric, pt.Metric, r.Currency)+mark, diff)
		}
		t.Append(row)
	}
	return t.g.boxed()
}

// sweepGrid is a sweep's table for Markdown and HTML: a row per point
// with each changed arm's metric and its difference from the reference.
func sweepGrid(r *whatif.Result) (header []string, rows [][]string) {
	header = []string{r.Axes[0].Path}
	if len(r.Axes) == 2 {
		header = append(header, r.Axes[1].Path)
	}
	for _, c := range r.Arms {
		if c.Varies {
			header = append(header, c.Mark, "difference")
		}
	}
	for p := range r.Arms[0].Points {
		row := append([]string(nil), r.Arms[0].Points[p].Labels...)
		for _, c := range r.Arms {
			if !c.Varies {
				continue
			}
			pt := c.Points[p]
			v := plusMinusOf(r.Metric, pt.Metric, r.Currency)
			switch {
			case p == c.Best:
				v += " (optimum)"
			case pt.Tied:
				v += " ≈"
			}
			d := signed(r.Metric, pt.Diff, r.Currency)
			if p == r.Ref {
				d = "reference"
			}
			row = append(row, v, d)
		}
		rows = append(rows, row)
	}
	return header, rows
}

// WriteSweepMarkdown writes a sweep as Markdown: the same table and
// findings as WriteSweepTable, for a wiki.
func WriteSweepMarkdown(w io.Writer, r *whatif.Result, meta SweepMeta) error {
	return writeSweepMarkdown(w, r, meta, nil)
}

func writeSweepMarkdown(w io.Writer, r *whatif.Result, meta SweepMeta, figs []Figure) error {
	bw := bufio.NewWriter(w)
	title, sub := sweepTitle(r)
	header, rows := sweepGrid(r)
	writeMarkdownPage(bw, title, sub, header, rows, sweepFindings(r), figs, meta.Command)
	return bw.Flush()
}

// WriteSweepCSV writes a sweep as one row per arm and point:
//
//	scenario, arm, varies, <one column per axis>, metric, mean, ci95_low, ci95_high,
//	diff_mean, diff_ci95_low, diff_ci95_high, independent_half_width, best, tied,
//	<mean of each component>, replications
//
// Values are in the model's units (hours, 0–1) and the metric's unit.
func WriteSweepCSV(w io.Writer, r *whatif.Result, meta SweepMeta) error {
	cw := csv.NewWriter(w)
	header := []string{"scenario", "arm", "varies"}
	for _, ax := range r.Axes {
		header = append(header, ax.Path)
	}
	header = append(header, "metric", "unit", "mean", "ci95_low", "ci95_high", "diff_mean", "diff_ci95_low", "diff_ci95_high", "independent_half_width", "best", "tied")
	for _, m := range r.Components {
		header = append(header, m.Key)
	}
	header = append(header, "replications")
	cw.Write(header)
	for _, c := range r.Arms {
		for p, pt := range c.Points {
			row := []string{r.Scenario, c.Name, strconv.FormatBool(c.Varies)}
			for _, x := range pt.Values {
				row = append(row, csvFloat(x))
			}
			row = append(row, r.Metric.Key, r.Metric.UnitIn(r.Currency), csvFloat(pt.Metric.Mean), csvFloat(pt.Metric.Low), csvFloat(pt.Metric.High),
				csvFloat(pt.Diff.Mean), csvFloat(pt.Diff.Low), csvFloat(pt.Diff.High), csvFloat(pt.IndependentHalfWidth),
				strconv.FormatBool(p == c.Best), strconv.FormatBool(pt.Tied))
			for _, iv := range pt.Components {
				row = append(row, csvFloat(iv.Mean))
			}
			row = append(row, strconv.Itoa(r.Replications))
			cw.Write(row)
		}
	}
	cw.Flush()
	return cw.Error()
}

type jsonIv struct {
	Mean number `json:"mean"`
	Low  number `json:"ci95_low"`
	High number `json:"ci95_high"`
	N    int    `json:"n"`
}

func ivJSON(iv stats.Interval) jsonIv {
	return jsonIv{number(iv.Mean), number(iv.Low), number(iv.High), iv.N}
}

type jsonSweep struct {
	jsonRun
	Metric      jsonMeasure   `json:"metric"`
	Components  []jsonMeasure `json:"components"`
	Axes        []jsonAxis    `json:"axes"`
	Reference   []string      `json:"reference"`
	Arms        []jsonCurve   `json:"arms"`
	PairingGain jsonGain      `json:"pairing_gain"`
	Stopped     string        `json:"stopped,omitempty"`
	Notes       []string      `json:"notes"`
}

type jsonMeasure struct {
	Key            string `json:"key"`
	Label          string `json:"label"`
	Unit           string `json:"unit"`
	HigherIsBetter bool   `json:"higher_is_better"`
}

type jsonAxis struct {
	Path   string   `json:"path"`
	Kind   string   `json:"kind"`
	Log    bool     `json:"log"`
	Values []number `json:"values"`
	Labels []string `json:"labels"`
}

type jsonGain struct {
	Median number `json:"median"`
	Min    number `json:"min"`
	Max    number `json:"max"`
}

type jsonCurve struct {
	Name   string      `json:"name"`
	Title  string      `json:"title"`
	Mark   string      `json:"mark"`
	Varies bool        `json:"varies"`
	Best   int         `json:"best"`
	Points []jsonPoint `json:"points"`
}

type jsonPoint struct {
	Labels               []string `json:"labels"`
	Values               []number `json:"values"`
	Metric               jsonIv   `json:"metric"`
	Difference           jsonIv   `json:"difference"`
	IndependentHalfWidth number   `json:"independent_half_width"`
	Tied                 bool     `json:"tied"`
	Components           []jsonIv `json:"components"`
}

func measureJSON(m metrics.Metric, currency string) jsonMeasure {
	return jsonMeasure{m.Key, m.Title(), m.UnitIn(currency), m.HigherIsBetter}
}

func numbers(xs []float64) []number {
	out := make([]number, len(xs))
	for i, x := range xs {
		out[i] = number(x)
	}
	return out
}

// WriteSweepJSON writes a sweep as JSON (schema_version 1): the axes, and
// per arm and point the metric, the paired difference from the reference,
// what independent runs would give, and the components.
func WriteSweepJSON(w io.Writer, r *whatif.Result, meta SweepMeta) error {
	doc := jsonSweep{
		jsonRun: jsonRun{SchemaVersion: SchemaVersion, Scenario: r.Scenario, Title: r.Title, Currency: r.Currency, Command: meta.Command, Version: meta.Version,
			Seed: r.Seed, Replications: r.Replications, HorizonDays: number(r.HorizonHours / 24)},
		Metric: measureJSON(r.Metric, r.Currency), Reference: r.Arms[0].Points[r.Ref].Labels,
		PairingGain: jsonGain{number(r.Pairing.Median), number(r.Pairing.Min), number(r.Pairing.Max)},
		Stopped:     r.Stopped, Notes: append(append([]string{}, r.Notes...), NoiseNote),
		Components: []jsonMeasure{},
	}
	for _, m := range r.Components {
		doc.Components = append(doc.Components, measureJSON(m, r.Currency))
	}
	for _, ax := range r.Axes {
		doc.Axes = append(doc.Axes, jsonAxis{ax.Path, ax.Param.Kind, ax.Log, numbers(ax.Values), ax.Labels})
	}
	for _, c := range r.Arms {
		jc := jsonCurve{Name: c.Name, Title: c.Title, Mark: c.Mark, Varies: c.Varies, Best: c.Best}
		for _, p := range c.Points {
			jp := jsonPoint{Labels: p.Labels, Values: numbers(p.Values), Metric: ivJSON(p.Metric), Difference: ivJSON(p.Diff),
				IndependentHalfWidth: number(p.IndependentHalfWidth), Tied: p.Tied, Components: []jsonIv{}}
			for _, iv := range p.Components {
				jp.Components = append(jp.Components, ivJSON(iv))
			}
			jc.Points = append(jc.Points, jp)
		}
		doc.Arms = append(doc.Arms, jc)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
