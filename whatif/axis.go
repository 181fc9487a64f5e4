package whatif

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"deploysim/scenarios"
)

// Scale is how a range of values is spaced.
type Scale int

const (
	// Auto spaces durations, rates and money logarithmically (a week to a
	// quarter is a factor, not a difference) and everything else, such
	// as probabilities, linearly.
	Auto Scale = iota
	Linear
	Log
)

// Axis is one varied parameter and the values it takes, in the model's
// unit (hours, 0–1, per working day).
type Axis struct {
	// Path is the parameter as --set spells it.
	Path  string
	Param scenarios.ParamPath
	// Values in the model's unit; Labels the same written as a scenario
	// file writes them ("2w").
	Values []float64
	Labels []string
	// Log is true when the values are spaced logarithmically (and plots
	// should use a log axis).
	Log bool
	// Refused are the values of the list or range the model does not
	// accept, left out of Values: each label with the model's reason.
	Refused []Refusal
}

// Refusal is a value of an axis the model refuses, and why.
type Refusal struct {
	Label, Reason string
}

// RefusedNote says which values of the axis were left out and why, or "".
func (ax Axis) RefusedNote() string {
	if len(ax.Refused) == 0 {
		return ""
	}
	var parts []string
	for _, r := range ax.Refused {
		parts = append(parts, r.Label+" ("+r.Reason+")")
	}
	return fmt.Sprintf("%s: left out %d refused value(s): %s", ax.Path, len(ax.Refused), strings.Join(parts, "; "))
}

// maxSteps bounds the values of one axis.
const maxSteps = 200

// ParseAxis reads --vary PATH=VALUES against the scenario: VALUES is a
// list ("1w,2w,4w,13w") or a range ("1d..13w") divided into steps values
// (ends included). A whole-number parameter takes rounded values, each
// once. Errors say what is wrong and how to write it.
func ParseAxis(sc *scenarios.Scenario, spec string, steps int, scale Scale) (Axis, error) {
	path, values, ok := strings.Cut(spec, "=")
	path = strings.TrimSpace(path)
	if !ok || path == "" || strings.TrimSpace(values) == "" {
		return Axis{}, fmt.Errorf("--vary %s: write PATH=VALUES, e.g. arms.quarterly-manual.release.every=1w,2w,4w,13w or =1d..13w", spec)
	}
	p, err := sc.ResolvePath(path)
	if err != nil {
		return Axis{}, fmt.Errorf("--vary %w", err)
	}
	ax := Axis{Path: path, Param: p}
	shown := spec
	if len(shown) > 80 { // 10,000 values are not echoed back
		shown = strings.TrimSpace(shown[:60]) + "…"
	}
	fail := func(format string, args ...any) (Axis, error) {
		return Axis{}, fmt.Errorf("--vary %s: %s", shown, fmt.Sprintf(format, args...))
	}
	parse := func(s string) (float64, error) {
		x, msg := p.Parse(strings.TrimSpace(s))
		if msg != "" {
			return 0, errors.New(msg)
		}
		return x, nil
	}
	if lo, hi, isRange := strings.Cut(values, ".."); isRange {
		a, err := parse(lo)
		if err != nil {
			return fail("%v", err)
		}
		b, err := parse(hi)
		if err != nil {
			return fail("%v", err)
		}
		if !(a < b) {
			return fail("a range goes from low to high, got %s..%s", strings.TrimSpace(lo), strings.TrimSpace(hi))
		}
		if steps < 2 || steps > maxSteps {
			return fail("--steps must be in [2,%d], got %d", maxSteps, steps)
		}
		ax.Log = scale == Log || scale == Auto && logByDefault(p)
		if ax.Log && !(a > 0) {
			if scale == Log {
				return fail("a log-spaced range needs a low above 0 (or use --linear)")
			}
			ax.Log = false
		}
		for i := range steps {
			f := float64(i) / float64(steps-1)
			x := a + f*(b-a)
			if ax.Log {
				x = a * math.Pow(b/a, f)
			}
			if i == steps-1 {
				x = b
			}
			ax.Values = append(ax.Values, x)
		}
	} else {
		if n := strings.Count(values, ",") + 1; n > maxSteps {
			return fail("at most %d values, got %d", maxSteps, n)
		}
		for _, s := range strings.Split(values, ",") {
			x, err := parse(s)
			if err != nil {
				return fail("%v", err)
			}
			ax.Values = append(ax.Values, x)
		}
		if len(ax.Values) > maxSteps {
			return fail("at most %d values, got %d", maxSteps, len(ax.Values))
		}
		ax.Log = scale == Log || scale == Auto && logByDefault(p) && !slices.ContainsFunc(ax.Values, func(x float64) bool { return x <= 0 })
	}
	if p.Whole() {
		var whole []float64
		for _, x := range ax.Values {
			r := math.Round(x)
			if !slices.Contains(whole, r) {
				whole = append(whole, r)
			}
		}
		ax.Values = whole
	} else {
		ax.Values = rounded(ax.Values, p)
	}
	if given := strings.Count(values, ",") + 1; len(ax.Values) == 1 && given > 1 {
		return fail("the %d values are all %s: give two or more different values", given, p.Format(ax.Values[0]))
	}
	for _, x := range ax.Values {
		ax.Labels = append(ax.Labels, p.Format(x))
	}
	// Check every value against the model now, not halfway through: a
	// value the model refuses (a release interval shorter than the
	// freeze) is left out and reported, and the sweep goes on with the
	// others; only if it refuses them all is it an error.
	var kept []float64
	var labels []string
	for i, x := range ax.Values {
		if _, err := sc.WithValues(map[string]float64{p.Set(): x}); err != nil {
			ax.Refused = append(ax.Refused, Refusal{Label: ax.Labels[i], Reason: armsByName(sc, oneLine(err))})
			continue
		}
		kept, labels = append(kept, x), append(labels, ax.Labels[i])
	}
	if len(kept) == 0 {
		return fail("the model refuses every value: %s", ax.Refused[0].Label+": "+ax.Refused[0].Reason)
	}
	ax.Values, ax.Labels = kept, labels
	return ax, nil
}

// armIndex is an arm named by its place in the file, as a scenario
// error locates it.
var armIndex = regexp.MustCompile(`\barms\[(\d+)\]`)

// armsByName names the arms of a message by name, as --set and --vary
// spell them: "arms[0].release.freeze" becomes
// "arms.quarterly-manual.release.freeze".
func armsByName(sc *scenarios.Scenario, msg string) string {
	return armIndex.ReplaceAllStringFunc(msg, func(m string) string {
		i, err := strconv.Atoi(armIndex.FindStringSubmatch(m)[1])
		if err != nil || i >= len(sc.Arms) {
			return m
		}
		return "arms." + sc.Arms[i].Name
	})
}

// oneLine joins a multi-line error's lines with "; ".
func oneLine(err error) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
}

// logByDefault says which kinds vary by factors.
func logByDefault(p scenarios.ParamPath) bool {
	switch p.Kind {
	case "duration", "rate", "money":
		return true
	}
	return false
}

// rounded rounds the values of a range so that their labels read well
// (see readable); values that round together are kept once.
func rounded(xs []float64, p scenarios.ParamPath) []float64 {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		if r := readable(x, p); !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// readable rounds a computed value (a step of a range, 50% more than the
// scenario's) to one a person would write: durations to whole days from
// two days up, whole hours from two hours, whole minutes below; other
// values to three significant figures.
func readable(x float64, p scenarios.ParamPath) float64 {
	if p.Kind == "duration" {
		switch {
		case x >= 48:
			return math.Round(x/24) * 24
		case x >= 2:
			return math.Round(x)
		case x >= 2.0/60:
			return math.Round(x*60) * (1.0 / 60) // as the parser computes "7m"
		}
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	return r
}
