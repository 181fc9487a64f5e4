package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"deploysim/models"
	"deploysim/scenarios"
)

// Lever is one parameter of one arm that the explore page offers as a
// slider (an ordered ladder of values) or a choice. Its values are written
// as a scenario file writes them, and a moved lever becomes the override
// Path=value, checked like --set.
type Lever struct {
	// Path is the override path ("arms.quarterly-manual.release.every").
	Path string `json:"path"`
	// Label names the lever for people; Doc says what it means.
	Label string `json:"label"`
	Doc   string `json:"doc,omitempty"`
	// Kind is "slider" (Values are ordered) or "choice".
	Kind   string   `json:"kind"`
	Values []string `json:"values"`
	// Value is the arm's value as the scenario sets it.
	Value string `json:"value"`
	// Also are the other arms the lever sets too: they extend this arm and
	// inherit the parameter (scenarios.Scenario.Inheritors).
	Also []string `json:"also,omitempty"`
}

// leverSpec describes a lever on any arm: the parameter (its path within
// the arm), how to label it, and the values to offer.
type leverSpec struct {
	param  string
	label  string
	kind   string
	values []string
	// applies says whether the lever means anything for the arm (a canary
	// step for an arm without a canary does not).
	applies func(a *models.Arm) bool
}

// probLadder offers probabilities as percentages, which a scenario file
// also accepts and a room reads more easily.
func probLadder() []string {
	return []string{"0%", "5%", "10%", "20%", "30%", "40%", "50%", "60%", "70%", "80%", "90%", "95%", "99%", "100%"}
}

// percent writes a probability as scenarios.Params writes it ("0.4") as a
// percentage ("40%"); other text is returned as it is.
func percent(v string) string {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	// Rounded to a millionth of a percent: 0.07 × 100 is 7.000000000000001.
	return strconv.FormatFloat(math.Round(x*100*1e6)/1e6, 'f', -1, 64) + "%"
}

// leverSpecs are the key levers of the issue: release interval, changes
// per day, test catch rates (added per stage), deployment automation,
// strategy and canary steps, rollback, monitoring.
var leverSpecs = []leverSpec{
	{param: "release.policy", label: "release policy", kind: "choice",
		values: []string{"scheduled", "on-demand", "per-change"}},
	{param: "release.every", label: "release every", kind: "slider",
		values:  []string{"1d", "2d", "1w", "2w", "4w", "8w", "13w", "26w"},
		applies: func(a *models.Arm) bool { return a.Release.Policy == models.Scheduled }},
	{param: "work.changes_per_day", label: "changes per day", kind: "slider",
		values: []string{"1/week", "1/day", "2/day", "5/day", "10/day", "20/day", "50/day"}},
	{param: "deploy.mode", label: "deployment", kind: "choice", values: []string{"manual", "automated"}},
	{param: "deploy.verify.config_catch_prob", label: "post-deploy check catches a bad server", kind: "slider", values: probLadder()},
	{param: "strategy.kind", label: "strategy", kind: "choice", values: []string{"big-bang", "rolling", "blue-green", "canary"}},
	{param: "strategy.steps[0].weight", label: "first canary step (traffic share)", kind: "slider",
		values:  []string{"0.01", "0.02", "0.05", "0.1", "0.125", "0.25", "0.5"},
		applies: func(a *models.Arm) bool { return a.Strategy.Kind == models.Canary && len(a.Strategy.Steps) > 1 }},
	{param: "strategy.analysis_catch_prob", label: "canary analysis catches a fault", kind: "slider", values: probLadder(),
		applies: func(a *models.Arm) bool { return a.Strategy.Kind == models.Canary }},
	{param: "monitoring.alert_prob", label: "an alert fires on a fault", kind: "slider", values: probLadder()},
	{param: "recovery.method", label: "recovery", kind: "choice", values: []string{"auto-rollback", "manual-rollback", "fix-forward"}},
	{param: "recovery.rollback_fail_prob", label: "a rollback fails", kind: "slider", values: probLadder(),
		applies: func(a *models.Arm) bool { return a.Recovery.Method != models.FixForward }},
}

// leversOf returns the levers of arm a (a resolved arm of a scenario), in
// the order above, with the pipeline stages' catch rates after the changes
// per day.
func leversOf(a *models.Arm, currency string) []Lever {
	params := map[string]scenarios.Param{}
	for _, p := range scenarios.Params(a, currency) {
		params[p.Path] = p
	}
	var out []Lever
	add := func(param, label, kind string, values []string) {
		p, ok := params[param]
		if !ok {
			return
		}
		value := p.Value
		if p.Unit == "probability" {
			value = percent(value)
		}
		values = slices.Clone(values)
		if !slices.Contains(values, value) {
			values = insertOrdered(values, value, kind)
		}
		out = append(out, Lever{Path: "arms." + a.Name + "." + param, Label: label, Doc: p.Doc, Kind: kind, Values: values, Value: value})
	}
	for _, s := range leverSpecs {
		if s.applies != nil && !s.applies(a) {
			continue
		}
		add(s.param, s.label, s.kind, s.values)
		if s.param == "work.changes_per_day" {
			for i, st := range a.Pipeline {
				add(fmt.Sprintf("pipeline[%d].catch_prob", i), "tests catch a defect: "+st.Name, "slider", probLadder())
			}
		}
	}
	return out
}

// insertOrdered puts v into a ladder of values at its place by size, or
// first if it cannot be compared (choices keep their order, v last).
func insertOrdered(values []string, v, kind string) []string {
	if kind != "slider" {
		return append(values, v)
	}
	x, ok := magnitude(v)
	if !ok {
		return slices.Insert(values, 0, v)
	}
	for i, w := range values {
		if y, ok := magnitude(w); ok && y > x {
			return slices.Insert(values, i, v)
		}
	}
	return append(values, v)
}

// magnitude reads a ladder value as a number to order it by: a plain
// number or percentage, a duration in hours (30m, 8h, 2d, 13w), or a rate
// per day (10/day, 1/week).
func magnitude(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if num, per, ok := strings.Cut(s, "/"); ok {
		n, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil {
			return 0, false
		}
		switch strings.TrimSpace(per) {
		case "day":
			return n, true
		case "week":
			return n / 7, true
		case "hour", "h":
			return n * 24, true
		}
		return 0, false
	}
	units := map[string]float64{"%": 0.01, "s": 1.0 / 3600, "m": 1.0 / 60, "h": 1, "d": 24, "w": 168, "y": 8760}
	for suffix, scale := range units {
		if num, ok := strings.CutSuffix(s, suffix); ok {
			if n, err := strconv.ParseFloat(num, 64); err == nil {
				return n * scale, true
			}
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	return n, err == nil
}

// checkOverrides refuses (400) an override the page does not offer: the
// page sets its levers and seed, and a link may carry the run's horizon
// and warm-up (capped by the server). Anything else of the --set grammar
// (office hours, distributions, list items, whole sections) is for
// deploysim run, where it runs on the user's own machine with their own
// patience; here one request could otherwise hold the room's server.
func checkOverrides(base *scenarios.Scenario, sets []string) error {
	var ae apiError
	for _, set := range sets {
		o, err := scenarios.ParseOverride(set)
		if err != nil {
			msg := err.Error()
			var se *scenarios.Error
			if errors.As(err, &se) {
				msg = se.Msg
			}
			ae.problems = append(ae.problems, problem{Set: set, Message: msg})
			continue
		}
		if !leverPath(base, strings.TrimSpace(o.Path)) {
			ae.problems = append(ae.problems, problem{Set: set,
				Message: fmt.Sprintf("%s: not a lever of this page (it sets its levers, seed, horizon and warmup); run other overrides with deploysim run --set", o.Path)})
		}
	}
	if len(ae.problems) > 0 {
		ae.status = http.StatusBadRequest
		return &ae
	}
	return nil
}

// leverPath reports whether path names a lever some arm of base could
// offer, whatever the other levers are set to.
func leverPath(base *scenarios.Scenario, path string) bool {
	switch path {
	case "horizon", "warmup", "seed":
		return true
	}
	rest, ok := strings.CutPrefix(path, "arms.")
	if !ok {
		return false
	}
	for i := range base.Arms {
		a := &base.Arms[i]
		param, ok := strings.CutPrefix(rest, a.Name+".")
		if !ok {
			continue
		}
		if slices.ContainsFunc(leverSpecs, func(l leverSpec) bool { return l.param == param }) {
			return true
		}
		for j := range a.Pipeline {
			if param == fmt.Sprintf("pipeline[%d].catch_prob", j) {
				return true
			}
		}
	}
	return false
}
