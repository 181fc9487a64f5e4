package web

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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
			for _, g := range figureRE.FindAllStringSubmatch(st.Say+st.Ask, -1) {
				_, ok1 := sc.Arm(g[2])
				_, ok2 := sc.Arm(g[3])
				if !keys[g[1]] || !ok1 || !ok2 {
					return nil, fmt.Errorf("%s: %s: want {times METRIC ARM OTHER} with a reports metric and two arms of the scenario", where, g[0])
				}
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
	if slices.ContainsFunc(steps, func(st Step) bool { return figureRE.MatchString(st.Say + st.Ask) }) {
		// A step quotes a figure of the run: the run the reveals use.
		sum, err := s.revealSummary(r.Context(), name)
		if err != nil {
			writeError(w, err)
			return
		}
		steps = slices.Clone(steps)
		for i := range steps {
			steps[i].Say, steps[i].Ask = fillFigures(steps[i].Say, sum), fillFigures(steps[i].Ask, sum)
		}
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
	m, _ := metrics.Lookup(st.Metric) // loadSteps checked the key
	var guesses []guess
	for _, g := range req.Guesses {
		x, misfit, err := readGuess(g, m.Kind)
		if err != nil {
			writeError(w, badRequest("guesses", "%v", err))
			return
		}
		guesses = append(guesses, guess{written: g, value: x, misfit: misfit})
	}
	for arm, v := range req.Votes {
		if _, ok := sc.Arm(arm); !ok || v < 0 || v > 10000 {
			writeError(w, badRequest("votes", "vote for %q: want an arm of %s and 0 to 10000 votes", arm, sc.Name))
			return
		}
	}
	sum, err := s.revealSummary(r.Context(), sc.Name)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, reveal(sum, st, req.Votes, guesses))
}

// revealSummary runs scenario name as the explore page first shows it
// (kept in the outcome cache) and summarises it: what the reveals answer
// with and the steps' figures quote.
func (s *Server) revealSummary(ctx context.Context, name string) (*metrics.Summary, error) {
	rv, err := s.resolve(&resultsRequest{Scenario: name})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.opt.RequestTimeout)
	defer cancel()
	res, err := s.runner.run(ctx, &rv.exp, rv.n)
	if err != nil {
		return nil, err
	}
	sc := s.loaded[name]
	sum := metrics.Summarize(res, metrics.Meta{Scenario: sc.Name, Currency: sc.Currency}, rv.edition)
	return &sum, nil
}

// figureRE matches a figure a step quotes from the run, so that the text
// never says what the run does not: {times METRIC ARM OTHER} is how many
// times ARM's METRIC is OTHER's ("217").
var figureRE = regexp.MustCompile(`\{times ([a-z_]+) ([A-Za-z0-9_-]+) ([A-Za-z0-9_-]+)\}`)

// fillFigures writes the figures text quotes from sum, to two significant
// digits (the run's interval rarely allows more).
func fillFigures(text string, sum *metrics.Summary) string {
	return figureRE.ReplaceAllStringFunc(text, func(m string) string {
		g := figureRE.FindStringSubmatch(m)
		var x, y float64
		for a := range sum.Arms {
			st, _ := sum.Arms[a].Stat(g[1])
			switch sum.Arms[a].Name {
			case g[2]:
				x = st.Headline
			case g[3]:
				y = st.Headline
			}
		}
		r := x / y
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return "many"
		}
		p := math.Pow(10, math.Floor(math.Log10(r))-1)
		return strconv.FormatFloat(math.Round(r/p)*p, 'f', -1, 64)
	})
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

// guess is one of the room's guesses: as written, as a value in the
// metric's unit, and why it was left off the chart if its unit is not the
// question's (a share guessed for an amount of money).
type guess struct {
	written string
	value   float64
	misfit  string
}

// readGuess reads a guess for a metric of the given kind: durations in
// their units (30m is half an hour, a bare number hours), a share as a
// percentage (a bare number above 1 too: a room says "twelve" for 12%),
// money and counts as parseGuess reads them. A guess in another unit than
// the question's is returned with misfit saying why it cannot be drawn;
// one that is no number at all is an error.
func readGuess(g string, kind metrics.Kind) (x float64, misfit string, err error) {
	s := strings.TrimSpace(g)
	percent := strings.HasSuffix(s, "%")
	money := strings.ContainsAny(s, "$€£")
	wantMoney := kind == metrics.MoneyPerYear || kind == metrics.MoneyTotal
	if kind == metrics.Duration || kind == metrics.MinutesPerYear {
		if h, ok := guessHours(s); ok {
			if kind == metrics.MinutesPerYear {
				return h * 60, "", nil
			}
			return h, "", nil
		}
	}
	x, err = parseGuess(g)
	switch {
	case err != nil:
		return 0, "", err
	case money && !wantMoney:
		return x, "money, and this question asks for " + kindNoun(kind), nil
	case percent && kind != metrics.Fraction:
		return x, "a share, and this question asks for " + kindNoun(kind), nil
	case kind == metrics.Fraction && !percent && x > 1:
		x /= 100
	}
	if kind == metrics.Fraction && x > 1 {
		return x, "more than 100%", nil
	}
	return x, "", nil
}

// kindNoun names what a question of the kind asks for.
func kindNoun(k metrics.Kind) string {
	switch k {
	case metrics.MoneyPerYear, metrics.MoneyTotal:
		return "an amount of money"
	case metrics.Fraction:
		return "a share"
	case metrics.Duration, metrics.MinutesPerYear:
		return "a time"
	}
	return "a count"
}

// guessHours reads a duration guess, "30m", "4 h", "2d", "1.5 w", "16h/yr",
// or a bare number of hours.
func guessHours(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSuffix(strings.TrimSpace(s), "/yr"), " ", "")
	scale := 1.0
	for _, u := range []struct {
		suffix string
		hours  float64
	}{{"min", 1.0 / 60}, {"m", 1.0 / 60}, {"h", 1}, {"d", 24}, {"w", 168}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, scale = rest, u.hours
			break
		}
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || strings.ContainsAny(s, "xXpP_") {
		return 0, false
	}
	if x*scale > math.MaxFloat64/60 { // 1e308w: no time a room means
		return 0, false
	}
	return x * scale, true
}

// tied says whether the simulation cannot tell a from b apart on the
// metric: their difference is within the 95% interval of a difference of
// two independent means, sqrt(ha² + hb²). The arms run on common random
// numbers, which makes the true interval of the difference narrower, so
// this calls a tie a little more often than a paired test would: a room
// is not told a winner the runs do not show.
func tied(a, b metrics.Stat) bool {
	ha, hb := a.HalfWidth(), b.HalfWidth()
	if math.IsNaN(ha) || math.IsNaN(hb) {
		return a.Headline == b.Headline
	}
	return math.Abs(a.Headline-b.Headline) <= math.Hypot(ha, hb)
}

// reveal says the simulated answer to step st and draws it with the
// room's predictions marked: for a pick-arm question the arm with the
// most (or least), or every arm the runs cannot tell from it; for a guess
// the arm's value and the closest guess. Guesses in another unit than the
// question's are named and left off the chart.
func reveal(sum *metrics.Summary, st Step, votes map[string]int, guesses []guess) revealAnswer {
	m, _ := metrics.Lookup(st.Metric)
	label := strings.TrimSpace(m.Label) // "  incident loss", a part of the loss in the table
	label = strings.ToUpper(label[:1]) + label[1:]
	stats := make([]metrics.Stat, len(sum.Arms))
	for a := range sum.Arms {
		stats[a], _ = sum.Arms[a].Stat(st.Metric)
	}
	value := func(a int) string { return formatMetric(st.Metric, stats[a].Headline, sum.Currency) }
	lower := strings.ToLower(label[:1]) + label[1:]
	var ans string
	highlight := map[int]bool{}
	switch st.Kind {
	case "pick-arm":
		best := -1
		for a, s := range stats {
			if math.IsNaN(s.Headline) {
				continue
			}
			if best < 0 || st.Least && s.Headline < stats[best].Headline || !st.Least && s.Headline > stats[best].Headline {
				best = a
			}
		}
		if best < 0 {
			ans = "The simulation has no " + lower + " for any arm."
			break
		}
		var with []string
		for a := range stats {
			if a == best || !math.IsNaN(stats[a].Headline) && tied(stats[a], stats[best]) {
				highlight[a] = true
				with = append(with, fmt.Sprintf("%s %s", sum.Arms[a].Name, value(a)))
			}
		}
		if len(with) == 1 {
			ans = fmt.Sprintf("The simulation says %s: %s %s.", sum.Arms[best].Name, lower, value(best))
		} else {
			ans = fmt.Sprintf("A tie: the simulation cannot tell %s apart (%s, within their 95%% intervals over %d replications).",
				joinAnd(names(sum, highlight)), strings.Join(with, ", "), sum.Replications)
		}
		most, top := "", 0
		for arm, v := range votes {
			if v > top || v == top && arm < most {
				most, top = arm, v
			}
		}
		mostIdx := slices.IndexFunc(sum.Arms, func(a metrics.ArmSummary) bool { return a.Name == most })
		switch {
		case top == 0:
		case highlight[mostIdx] && len(highlight) == 1:
			ans += fmt.Sprintf(" Most of the room (%d) said so too.", top)
		case highlight[mostIdx]:
			ans += fmt.Sprintf(" Most of the room (%d) said %s, one of them.", top, most)
		default:
			ans += fmt.Sprintf(" Most of the room (%d) said %s.", top, most)
		}
	case "guess":
		arm := slices.IndexFunc(sum.Arms, func(a metrics.ArmSummary) bool { return a.Name == st.Arm })
		highlight[arm] = true
		v := stats[arm].Headline
		ans = fmt.Sprintf("The simulation says %s for %s (mean of %d replications).", value(arm), st.Arm, sum.Replications)
		closest := -1
		var misfits []string
		for i, g := range guesses {
			if g.misfit != "" {
				misfits = append(misfits, fmt.Sprintf("%s (%s)", g.written, g.misfit))
				continue
			}
			if closest < 0 || math.Abs(g.value-v) < math.Abs(guesses[closest].value-v) {
				closest = i
			}
		}
		if closest >= 0 {
			ans += fmt.Sprintf(" The closest guess was %s.", guesses[closest].written)
		}
		if len(misfits) > 0 {
			ans += " Not drawn: " + strings.Join(misfits, "; ") + "."
		}
	}
	var drawn []float64
	for _, g := range guesses {
		if g.misfit == "" {
			drawn = append(drawn, g.value)
		}
	}
	return revealAnswer{Answer: ans, SVG: revealSVG(sum, st, label, stats, highlight, votes, drawn)}
}

// names returns the names of the arms in set, in the summary's order.
func names(sum *metrics.Summary, set map[int]bool) []string {
	var out []string
	for a := range sum.Arms {
		if set[a] {
			out = append(out, sum.Arms[a].Name)
		}
	}
	return out
}

func joinAnd(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// textWidth estimates the width of text in the chart's sans-serif font of
// size px: wide enough for Liberation Sans, Arial or Helvetica, whose
// average advance is about 0.55 em (0.6 allows for capitals and digits).
func textWidth(text string, px float64) float64 {
	return float64(utf8.RuneCountInString(text)) * px * 0.6
}

// revealSVG draws one horizontal bar per arm with its 95% interval, the
// answer's bars dark, the votes beside each bar and the guesses as marks
// on the value axis above the bars, their labels in as many rows as they
// need not to overlap. Its margins fit the longest arm name and value
// label, so that nothing is cut at any width the page scales it to.
func revealSVG(sum *metrics.Summary, st Step, label string, stats []metrics.Stat, highlight map[int]bool, votes map[string]int, guesses []float64) string {
	const (
		rowH, top        = 50, 44
		font, guessFont  = 22.0, 16.0
		minPlot, guessRH = 420.0, 20
	)
	valueText := make([]string, len(stats))
	left, right := 120.0, 60.0
	for a := range stats {
		name := sum.Arms[a].Name
		left = math.Max(left, textWidth(name, font)+24)
		text := formatMetric(st.Metric, stats[a].Headline, sum.Currency)
		if math.IsNaN(stats[a].Headline) {
			text = "n/a"
		}
		if n := votes[name]; n > 0 {
			text += fmt.Sprintf(" · %d %s", n, map[bool]string{true: "vote", false: "votes"}[n == 1])
		}
		valueText[a] = text
		right = math.Max(right, textWidth(text, font)+20)
	}
	width := math.Max(960, left+right+minPlot)
	plotW := width - left - right
	hi := 0.0
	for _, s := range stats {
		if !math.IsNaN(s.High) {
			hi = math.Max(hi, s.High)
		}
		if !math.IsNaN(s.Headline) {
			hi = math.Max(hi, s.Headline)
		}
	}
	for _, g := range guesses {
		hi = math.Max(hi, g)
	}
	if !(hi > 0) {
		hi = 1
	}
	x := func(v float64) float64 { return left + v/hi*plotW }
	// Guess labels in rows: each goes in the first row where it clears
	// the label before it; a label near the right edge ends at its mark.
	type mark struct {
		x, lx     float64
		row       int
		anchor    string
		text      string
		from, end float64
	}
	order := make([]int, len(guesses))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmpFloat(guesses[i], guesses[j]) })
	var marks []mark
	// Row 0 starts after its title, "room's guesses".
	const guessTitle = "room's guesses"
	rowsEnd := []float64{8 + textWidth(guessTitle, 18)}
	for _, i := range order {
		g := guesses[i]
		text := formatMetric(st.Metric, g, sum.Currency)
		w := textWidth(text, guessFont)
		mk := mark{x: x(g), text: text, anchor: "start"}
		mk.lx, mk.from, mk.end = mk.x+10, mk.x-8, mk.x+10+w
		if mk.end > width-4 {
			mk.anchor, mk.lx, mk.from, mk.end = "end", mk.x-10, mk.x-10-w, mk.x+8
		}
		mk.row = len(rowsEnd)
		for r, e := range rowsEnd {
			if mk.from > e+6 {
				mk.row = r
				break
			}
		}
		if mk.row == len(rowsEnd) {
			rowsEnd = append(rowsEnd, 0)
		}
		rowsEnd[mk.row] = mk.end
		marks = append(marks, mk)
	}
	top2 := top
	if len(guesses) > 0 {
		top2 += 24 + guessRH*len(rowsEnd)
	}
	height := top2 + rowH*len(stats) + 12
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %d" role="img" aria-label="%s" font-family="'Liberation Sans',Arial,Helvetica,sans-serif" font-size="%.0f">`,
		width, height, esc(label+" per arm, with 95% intervals and the room's predictions"), font)
	fmt.Fprintf(&b, `<rect width="%.0f" height="%d" fill="#fff"/>`, width, height)
	fmt.Fprintf(&b, `<text x="8" y="28" font-weight="bold">%s</text>`, esc(label))
	// Guess lines first, so that bars and labels are drawn over them.
	for _, mk := range marks {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#CC79A7" stroke-width="2" stroke-dasharray="6 4"/>`, mk.x, top2, mk.x, height-6)
	}
	if len(guesses) > 0 {
		fmt.Fprintf(&b, `<text class="guess-label" x="8" y="%d" font-size="18" fill="#555">%s</text>`, top+16, guessTitle)
		for _, mk := range marks {
			y := top + 16 + mk.row*guessRH
			fmt.Fprintf(&b, `<path class="guess" d="M%.1f %d l-8 -14 h16 z" fill="#CC79A7"><title>%s</title></path>`, mk.x, y+4, esc(mk.text))
			fmt.Fprintf(&b, `<text class="guess-label" x="%.1f" y="%d" font-size="%.0f" fill="#8a3d68" text-anchor="%s">%s</text>`, mk.lx, y, guessFont, mk.anchor, esc(mk.text))
		}
	}
	for a, s := range stats {
		y := top2 + a*rowH
		fill := "#9ab"
		if highlight[a] {
			fill = "#0072B2"
		}
		v := s.Headline
		if math.IsNaN(v) {
			v = 0
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="end" dominant-baseline="middle">%s</text>`, left-12, y+rowH/2, esc(sum.Arms[a].Name))
		fmt.Fprintf(&b, `<rect class="bar" x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>`, left, y+10, math.Max(x(v)-left, 2), rowH-20, fill)
		end := x(v)
		if !math.IsNaN(s.Low) && !math.IsNaN(s.High) && s.High > s.Low {
			lo, hi := x(math.Max(s.Low, 0)), x(s.High)
			fmt.Fprintf(&b, `<path class="interval" d="M%.1f %d H%.1f M%.1f %d v12 M%.1f %d v12" stroke="#222" stroke-width="2" fill="none"><title>95%% interval</title></path>`,
				lo, y+rowH/2, hi, lo, y+rowH/2-6, hi, y+rowH/2-6)
			end = math.Max(end, hi)
		}
		// A white halo keeps the value readable over a guess's line.
		fmt.Fprintf(&b, `<text class="value" x="%.1f" y="%d" dominant-baseline="middle" stroke="#fff" stroke-width="6" stroke-linejoin="round" paint-order="stroke">%s</text>`, end+8, y+rowH/2, esc(valueText[a]))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
