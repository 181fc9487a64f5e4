package reports

import (
	"fmt"
	"math"
	"strings"

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

// sweepJSON is a sweep's JSON document (schema_version 1): the axes, and
// per arm and point the metric, the paired difference from the reference,
// what independent runs would give, and the components.
func sweepJSON(r *whatif.Result, meta SweepMeta) any {
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
	return doc
}
