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
	// Paths, for a lever shared by every arm (Shared), are the override
	// paths it sets, one per arm; Path is the first. A shared lever has
	// no sweep curve: a sweep varies one path.
	Shared bool     `json:"shared,omitempty"`
	Paths  []string `json:"paths,omitempty"`
	// Hours are the Values as hours, for a duration lever that must stay
	// shorter (Below) or longer than its Pair, another lever of the same
	// arm (a release's freeze and its interval): the page moves the pair
	// with it rather than send a combination the model refuses.
	Hours []float64 `json:"hours,omitempty"`
	Pair  string    `json:"pair,omitempty"`
	Below bool      `json:"below,omitempty"`
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
	{param: "release.freeze", label: "code freeze before a release", kind: "slider",
		values:  freezeLadder,
		applies: func(a *models.Arm) bool { return a.Release.Policy == models.Scheduled }},
	// An on-demand arm's cadence: "what if continuous delivery released
	// weekly?". An arm that releases every change (a batch of one) has
	// no cadence to move.
	{param: "release.every", label: "release at least every (on demand)", kind: "slider",
		values: []string{"1d", "2d", "1w", "2w", "4w", "8w", "13w"},
		applies: func(a *models.Arm) bool {
			return a.Release.Policy == models.OnDemand && a.Release.BatchSize != 1
		}},
	{param: "work.changes_per_day", label: "changes per day", kind: "slider",
		values: changesLadder},
	{param: "deploy.mode", label: "deployment", kind: "choice", values: []string{"manual", "automated"}},
	{param: "deploy.verify.config_catch_prob", label: "post-deploy check catches a bad server", kind: "slider", values: probLadder()},
	{param: "strategy.kind", label: "strategy", kind: "choice", values: []string{"big-bang", "rolling", "blue-green", "canary"}},
	{param: "strategy.steps[0].weight", label: "first canary step (traffic share)", kind: "slider",
		values:  []string{"1%", "2%", "5%", "10%", "12.5%", "25%", "50%"},
		applies: func(a *models.Arm) bool { return a.Strategy.Kind == models.Canary && len(a.Strategy.Steps) > 1 }},
	{param: "strategy.analysis_catch_prob", label: "canary analysis catches a fault", kind: "slider", values: probLadder(),
		applies: func(a *models.Arm) bool { return a.Strategy.Kind == models.Canary }},
	{param: "monitoring.alert_prob", label: "an alert fires on a fault", kind: "slider", values: probLadder()},
	{param: "recovery.method", label: "recovery", kind: "choice", values: []string{"auto-rollback", "manual-rollback", "fix-forward"}},
	{param: "recovery.rollback_fail_prob", label: "a rollback fails", kind: "slider", values: probLadder(),
		applies: func(a *models.Arm) bool { return a.Recovery.Method != models.FixForward }},
}

// freezeLadder and changesLadder are the notches of the freeze and of the
// changes per day.
var (
	freezeLadder  = []string{"0", "1d", "2d", "1w", "2w", "4w"}
	changesLadder = []string{"1/week", "1/day", "2/day", "5/day", "10/day", "20/day", "50/day"}
)

// scenarioLevers returns the levers of each arm of sc, in the order of
// its arms. When every arm does the same work per day (the stories'
// "same changes"), the changes per day are one lever shared by every arm,
// first of the first arm's, so that no arm silently gets more work than
// another; otherwise each arm has its own, labelled as its own.
func scenarioLevers(sc *scenarios.Scenario) [][]Lever {
	out := make([][]Lever, len(sc.Arms))
	for i := range sc.Arms {
		out[i] = leversOf(&sc.Arms[i], sc.Currency)
		for j := range out[i] {
			out[i][j].Also = sc.Inheritors(out[i][j].Path)
		}
	}
	const changes = ".work.changes_per_day"
	if len(sc.Arms) < 2 {
		return out
	}
	var shared Lever
	var paths []string
	same := true
	for i := range out {
		k := slices.IndexFunc(out[i], func(l Lever) bool { return strings.HasSuffix(l.Path, changes) })
		if k < 0 {
			return out
		}
		l := out[i][k]
		if i == 0 {
			shared = l
		} else if !sameSize(magnitudeOf(l.Value), magnitudeOf(shared.Value)) {
			same = false
		}
		paths = append(paths, l.Path)
	}
	for i := range out {
		k := slices.IndexFunc(out[i], func(l Lever) bool { return strings.HasSuffix(l.Path, changes) })
		if !same {
			out[i][k].Label = "changes per day (this arm only)"
			continue
		}
		out[i] = slices.Delete(out[i], k, k+1)
	}
	if same {
		shared.Label = "changes per day (every arm: the same work)"
		shared.Shared, shared.Paths, shared.Also = true, paths, nil
		out[0] = slices.Insert(out[0], 0, shared)
	}
	return out
}

// sameSize says whether two ladder values are equal but for rounding
// (5 × 0.01 is not 0.05 in binary).
func sameSize(x, y float64) bool { return math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y)) }

func magnitudeOf(v string) float64 {
	x, _ := magnitude(v)
	return x
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
		values = slices.DeleteFunc(values, func(v string) bool { return v != value && !fits(a, param, v) })
		l := Lever{Path: "arms." + a.Name + "." + param, Label: label, Doc: p.Doc, Kind: kind, Values: values, Value: value}
		if a.Release.Policy == models.Scheduled && (param == "release.every" || param == "release.freeze") {
			pairUp(&l, a)
		}
		out = append(out, l)
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

// fits says whether the model accepts value v of param for arm a as the
// scenario sets the arm's other parameters, for the checks across fields
// that a lever can break: a release policy needs what it releases (a
// schedule needs an interval; releasing each change on its own, no stage
// that tests a release candidate), and a canary's first step must carry
// less traffic than its second. The browser test walks every notch the
// page offers and finds any other.
func fits(a *models.Arm, param, v string) bool {
	switch param {
	case "release.policy":
		switch models.ReleasePolicy(v) {
		case models.Scheduled:
			return a.Release.EveryHours > a.Release.FreezeHours
		case models.PerChange:
			return !slices.ContainsFunc(a.Pipeline, func(st models.Stage) bool { return st.Scope == models.BatchScope })
		}
	case "strategy.steps[0].weight":
		x, ok := magnitude(v)
		return ok && len(a.Strategy.Steps) > 1 && x < a.Strategy.Steps[1].Weight
	}
	return true
}

// pairUp ties a scheduled arm's release interval and its code freeze,
// which the model wants shorter than the interval. The freeze offers only
// notches shorter than the interval as the arm sets it; the interval
// offers all of its notches, and both carry their notches in hours and
// their pair, so that the page moves the freeze along when a shorter
// interval would leave it too long (and the interval when a longer
// freeze would): no notch the page offers is refused.
func pairUp(l *Lever, a *models.Arm) {
	every := a.Release.EveryHours
	arm := strings.TrimSuffix(l.Path, ".release.every")
	below := strings.HasSuffix(l.Path, ".release.freeze")
	if below {
		arm = strings.TrimSuffix(l.Path, ".release.freeze")
		l.Pair, l.Below = arm+".release.every", true
	} else {
		l.Pair = arm + ".release.freeze"
	}
	var values []string
	var hours []float64
	for _, v := range l.Values {
		h, ok := magnitude(v)
		if !ok {
			continue
		}
		// The freeze offers only what fits the interval; the interval
		// offers every notch, and the page shortens the freeze to fit.
		if below && v != l.Value && !(h < every) {
			continue
		}
		values, hours = append(values, v), append(hours, h)
	}
	l.Values, l.Hours = values, hours
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
	// A notch of the same size written another way (0.05 and 5%) gives
	// way to the arm's own value: no two notches mean the same.
	if i := slices.IndexFunc(values, func(w string) bool { y, ok := magnitude(w); return ok && sameSize(x, y) }); i >= 0 {
		values[i] = v
		return values
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
