package web

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"deploysim/metrics"
	"deploysim/scenarios"
)

// Step is one step of a workshop: something the presenter says, and
// possibly a question the room answers before the page reveals the
// simulated answer.
type Step struct {
	Title string `yaml:"title" json:"title"`
	// Say is what the presenter tells the room.
	Say string `yaml:"say" json:"say"`
	// Kind is "say" (no question), "pick-arm" (which arm has the most, or
	// with Least the least, of Metric) or "guess" (the room guesses the
	// value of Metric for Arm).
	Kind   string `yaml:"kind" json:"kind"`
	Ask    string `yaml:"ask" json:"ask,omitempty"`
	Metric string `yaml:"metric" json:"metric,omitempty"`
	Least  bool   `yaml:"least" json:"least,omitempty"`
	Arm    string `yaml:"arm" json:"arm,omitempty"`
	// Arms lists the arms to pick from, for the page's buttons.
	Arms []string `yaml:"-" json:"arms,omitempty"`
}

// stepsYAML holds every built-in scenario's workshop steps, keyed by the
// scenario's name: kept here, not in the scenario files, so that the
// scenarios' calibration and the facilitation change independently.
//
//go:embed steps.yaml
var stepsYAML []byte

// loadSteps reads stepsYAML and checks every step against its scenario.
func loadSteps() (map[string][]Step, error) {
	var all map[string][]Step
	dec := yaml.NewDecoder(bytes.NewReader(stepsYAML))
	dec.KnownFields(true)
	if err := dec.Decode(&all); err != nil {
		return nil, fmt.Errorf("web: steps.yaml: %w", err)
	}
	keys := map[string]bool{}
	for _, m := range metrics.All() {
		keys[m.Key] = true
	}
	for name, steps := range all {
		sc, err := scenarios.Load(name)
		if err != nil {
			return nil, fmt.Errorf("web: steps.yaml: %w", err)
		}
		for i := range steps {
			st := &steps[i]
			where := fmt.Sprintf("web: steps.yaml: %s step %d (%s)", name, i+1, st.Title)
			switch st.Kind {
			case "say":
			case "pick-arm", "guess":
				if !keys[st.Metric] {
					return nil, fmt.Errorf("%s: metric %q is not a reports metric", where, st.Metric)
				}
				if st.Ask == "" {
					return nil, fmt.Errorf("%s: a question needs ask", where)
				}
			default:
				return nil, fmt.Errorf("%s: kind %q: want say, pick-arm or guess", where, st.Kind)
			}
			if st.Kind == "guess" {
				if _, ok := sc.Arm(st.Arm); !ok {
					return nil, fmt.Errorf("%s: arm %q is not in the scenario", where, st.Arm)
				}
			}
			for _, a := range sc.Arms {
				st.Arms = append(st.Arms, a.Name)
			}
		}
	}
	return all, nil
}

func (s *Server) handleSteps(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("scenario")
	if _, err := s.scenario(name, nil); err != nil {
		writeError(w, err)
		return
	}
	steps := s.steps[name]
	if steps == nil {
		steps = []Step{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"scenario": name, "title": s.loaded[name].Title,
		"story": paragraphs(s.loaded[name].Story), "steps": steps})
}

// revealRequest carries the room's predictions for one step: votes per arm
// for pick-arm, guesses as written ("$5M", "20%", "12") for guess.
type revealRequest struct {
	Scenario string         `json:"scenario"`
	Step     int            `json:"step"`
	Votes    map[string]int `json:"votes"`
	Guesses  []string       `json:"guesses"`
}

type revealAnswer struct {
	Answer string `json:"answer"`
	SVG    string `json:"svg"`
}

// maxGuesses bounds the predictions of one reveal.
const maxGuesses = 100

func (s *Server) handleReveal(w http.ResponseWriter, r *http.Request) {
	var req revealRequest
	if err := readJSON(r, &req); err != nil {
		writeError(w, err)
		return
	}
	sc, err := s.scenario(req.Scenario, nil)
	if err != nil {
		writeError(w, err)
		return
	}
	steps := s.steps[sc.Name]
	if req.Step < 0 || req.Step >= len(steps) || steps[req.Step].Kind == "say" {
		writeError(w, badRequest("step", "step %d: not a question of %s", req.Step, sc.Name))
		return
	}
	st := steps[req.Step]
	if len(req.Guesses) > maxGuesses || len(req.Votes) > len(sc.Arms) {
		writeError(w, badRequest("guesses", "at most %d guesses", maxGuesses))
		return
	}
	var guesses []float64
	for _, g := range req.Guesses {
		x, err := parseGuess(g)
		if err != nil {
			writeError(w, badRequest("guesses", "%v", err))
			return
		}
		guesses = append(guesses, x)
	}
	for arm, v := range req.Votes {
		if _, ok := sc.Arm(arm); !ok || v < 0 || v > 10000 {
			writeError(w, badRequest("votes", "vote for %q: want an arm of %s and 0 to 10000 votes", arm, sc.Name))
			return
		}
	}
	rv, err := s.resolve(&resultsRequest{Scenario: sc.Name})
	if err != nil {
		writeError(w, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RequestTimeout)
	defer cancel()
	res, err := s.runner.run(ctx, &rv.exp, rv.n)
	if err != nil {
		writeError(w, err)
		return
	}
	sum := metrics.Summarize(res, metrics.Meta{Scenario: sc.Name, Currency: sc.Currency}, rv.edition)
	writeJSON(w, http.StatusOK, reveal(&sum, st, req.Votes, guesses, req.Guesses))
}

// parseGuess reads a number as a room writes it: 5M, $5M, 5,000,000,
// 20%, 1.5k.
func parseGuess(g string) (float64, error) {
	s := strings.TrimSpace(g)
	s = strings.TrimLeft(s, "$€£ ")
	s = strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), " ", "")
	s = strings.TrimSuffix(s, "/yr")
	scale := 1.0
	for suffix, f := range map[string]float64{"%": 0.01, "k": 1e3, "K": 1e3, "M": 1e6, "m": 1e6, "B": 1e9, "bn": 1e9} {
		if rest, ok := strings.CutSuffix(s, suffix); ok {
			s, scale = rest, f
			break
		}
	}
	x, err := strconv.ParseFloat(s, 64)
	x *= scale
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
		return 0, fmt.Errorf("guess %q: write a number such as 5M, $250k, 12 or 20%%", g)
	}
	return x, nil
}

// formatMetric writes a value of metric key as the summary table does
// (metrics.Metric.Amount, by the metric's Kind).
func formatMetric(key string, x float64, currency string) string {
	return metrics.All()[metrics.Index(key)].Amount(x, currency).String()
}

// reveal says the simulated answer to step st and draws it with the
// room's predictions marked.
func reveal(sum *metrics.Summary, st Step, votes map[string]int, guesses []float64, written []string) revealAnswer {
	label := st.Metric
	for _, m := range metrics.All() {
		if m.Key == st.Metric {
			label = strings.TrimSpace(m.Label)
		}
	}
	values := make([]float64, len(sum.Arms))
	for a := range sum.Arms {
		stat, _ := sum.Arms[a].Stat(st.Metric)
		values[a] = stat.Headline
	}
	var ans string
	highlight := -1
	switch st.Kind {
	case "pick-arm":
		best := 0
		for a, v := range values {
			if st.Least && v < values[best] || !st.Least && v > values[best] {
				best = a
			}
		}
		highlight = best
		most, top := "", 0
		for arm, v := range votes {
			if v > top || v == top && arm < most {
				most, top = arm, v
			}
		}
		ans = fmt.Sprintf("The simulation says %s: %s %s.", sum.Arms[best].Name, strings.ToLower(label[:1])+label[1:], formatMetric(st.Metric, values[best], sum.Currency))
		switch {
		case top == 0:
		case most == sum.Arms[best].Name:
			ans += fmt.Sprintf(" Most of the room (%d) said so too.", top)
		default:
			ans += fmt.Sprintf(" Most of the room (%d) said %s.", top, most)
		}
	case "guess":
		for a := range sum.Arms {
			if sum.Arms[a].Name == st.Arm {
				highlight = a
			}
		}
		v := values[highlight]
		ans = fmt.Sprintf("The simulation says %s for %s (mean of %d replications).", formatMetric(st.Metric, v, sum.Currency), st.Arm, sum.Replications)
		if len(guesses) > 0 {
			closest := 0
			for i, g := range guesses {
				if math.Abs(g-v) < math.Abs(guesses[closest]-v) {
					closest = i
				}
			}
			ans += fmt.Sprintf(" The closest guess was %s.", written[closest])
		}
	}
	return revealAnswer{Answer: ans, SVG: revealSVG(sum, st, label, values, highlight, votes, guesses)}
}

// revealSVG draws one horizontal bar per arm, the answer's bar dark, the
// votes beside each bar and the guesses as marks on the value axis.
func revealSVG(sum *metrics.Summary, st Step, label string, values []float64, highlight int, votes map[string]int, guesses []float64) string {
	const (
		width, left, right = 960, 260, 150
		rowH, top          = 50, 44
	)
	top2 := top
	if len(guesses) > 0 {
		top2 += 36
	}
	height := top2 + rowH*len(values) + 20
	hi := 0.0
	for _, v := range values {
		hi = math.Max(hi, v)
	}
	for _, g := range guesses {
		hi = math.Max(hi, g)
	}
	if !(hi > 0) {
		hi = 1
	}
	plotW := float64(width - left - right)
	x := func(v float64) float64 { return left + v/hi*plotW }
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" font-family="'Liberation Sans',Arial,Helvetica,sans-serif" font-size="22">`,
		width, height, esc(label+" per arm, with the room's predictions"))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/>`, width, height)
	fmt.Fprintf(&b, `<text x="8" y="28" font-weight="bold">%s</text>`, esc(label))
	if len(guesses) > 0 {
		y := top + 10
		fmt.Fprintf(&b, `<text x="8" y="%d" font-size="18" fill="#555">room's guesses</text>`, y+6)
		for _, g := range guesses {
			label := esc(formatMetric(st.Metric, g, sum.Currency))
			fmt.Fprintf(&b, `<path class="guess" d="M%.1f %d l-8 -14 h16 z" fill="#CC79A7"><title>%s</title></path>`, x(g), y+8, label)
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="16" fill="#8a3d68">%s</text>`, x(g)+10, y+4, label)
		}
	}
	for a, v := range values {
		y := top2 + a*rowH
		fill := "#9ab"
		if a == highlight {
			fill = "#0072B2"
		}
		name := sum.Arms[a].Name
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" dominant-baseline="middle">%s</text>`, left-12, y+rowH/2, esc(name))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`, left, y+10, math.Max(x(v)-left, 2), rowH-20, fill)
		text := formatMetric(st.Metric, v, sum.Currency)
		if n := votes[name]; n > 0 {
			text += fmt.Sprintf(" · %d %s", n, map[bool]string{true: "vote", false: "votes"}[n == 1])
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" dominant-baseline="middle">%s</text>`, x(v)+8, y+rowH/2, esc(text))
	}
	for _, g := range guesses {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#CC79A7" stroke-width="2" stroke-dasharray="6 4"/>`, x(g), top2, x(g), height-10)
	}
	b.WriteString(`</svg>`)
	return b.String()
}
