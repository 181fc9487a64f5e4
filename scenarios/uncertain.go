package scenarios

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"deploysim/models"
)

// Range is one uncertain input of a scenario: a 90% interval of a numeric
// parameter, with the distribution that spreads it. A scenario states its
// ranges in an uncertain: section:
//
//	uncertain:
//	  defaults.money.loss_per_minute: {low: 500, high: 5000}
//	  arms.quarterly-manual.deploy.step_error_prob: {low: 0.1%, high: 2%, dist: beta}
//	  arms.cd.recovery.triage: {low: 15m, high: 2h}
//	  case.investment: {low: 200_000, high: 1_000_000}
//
// deploysim sensitivity uses Low and High as the parameter's low and high
// values; the business case samples the distribution.
type Range struct {
	// Path names the parameter as --set spells it:
	// "arms.NAME.deploy.step_error_prob", "defaults.money.loss_per_minute",
	// "arms.NAME.pipeline[1].catch_prob". A random duration's path
	// ("arms.NAME.recovery.triage") means its mean; write ".cv" for its
	// spread. A path that starts with "case." belongs to the business
	// case's own section: the scenario stores it and its owner validates it.
	Path string
	// Low and High bound the 90% interval, in the unit the model holds:
	// hours for durations, 0–1 for probabilities, changes per working day
	// for rates, the scenario's currency for money. For a "case." path they
	// are the values as written read as a number, a percentage (5% is
	// 0.05), a duration (in hours) or a rate (per working day), whichever
	// parses first; LowText and HighText keep the text.
	Low, High float64
	// LowText and HighText are the values as the file writes them ("2h").
	LowText, HighText string
	// Dist is the distribution: "lognormal" (the default for durations,
	// money and rates), "beta" (the default for probabilities),
	// "triangular" (the default for other numbers, peaked midway) or
	// "uniform". For a "case." path it is "" unless the file names one.
	Dist string
	// Kind says what Low and High measure, as ParamPath.Kind names it
	// ("duration", "probability", "rate", "money", "number", "whole
	// number"); for a "case." path the case field's kind ("money",
	// "share", "number", "whole number"), or "" for a field the case does
	// not have. Unit qualifies it: what money is per ("per minute", "per
	// year"; "" for a one-off amount) or what a number counts ("months").
	// Reports write the range in them.
	Kind, Unit string
	// Line is the line of the file that states the range.
	Line int
}

// IsCase reports whether the range belongs to the business case's section
// rather than to a model parameter.
func (r Range) IsCase() bool { return strings.HasPrefix(r.Path, "case.") }

// Distributions an uncertain range may name.
var uncertainDists = []string{"lognormal", "beta", "triangular", "uniform"}

// numericKinds are the kinds a range or WithValues can set: numbers on a
// scale. Switches, words, weekdays and days of the year are not.
var numericKinds = []*kind{durationKind, probKind, rateKind, moneyKind, numberKind, intKind, timeKind}

// defaultDist is the distribution of a range whose file names none.
func defaultDist(k *kind) string {
	switch k {
	case probKind:
		return "beta"
	case durationKind, moneyKind, rateKind:
		return "lognormal"
	}
	return "triangular"
}

// ParamPath is a model parameter named by a what-if path, resolved against
// the schema.
type ParamPath struct {
	// Arm is the arm's name for an "arms.NAME." path, "" for "defaults.".
	Arm string
	// Field is the path inside the arm ("deploy.step_error_prob",
	// "recovery.triage.mean", "pipeline[1].catch_prob"); a random
	// duration's path is made explicit as its ".mean".
	Field string
	// Kind names how values are written: "duration", "probability",
	// "rate", "money", "number", "whole number" or "time of day".
	Kind string
	// Per is what money is per ("per minute", "per person-hour"), ""
	// for other kinds.
	Per string

	kind *kind
}

// Set returns the path in --set syntax, with a random duration's ".mean"
// made explicit.
func (p ParamPath) Set() string {
	if p.Arm == "" {
		return "defaults." + p.Field
	}
	return "arms." + p.Arm + "." + p.Field
}

// Format writes a value in the model's unit (hours, 0–1, per working day)
// the way a scenario file writes it ("2w", "0.02", "10/day"); it parses
// back to exactly the same number.
func (p ParamPath) Format(x float64) string {
	switch p.kind {
	case durationKind:
		return formatDuration(x)
	case rateKind:
		return formatRate(x)
	case timeKind:
		return formatTimeOfDay(x)
	case moneyKind:
		return formatMoney(x)
	case intKind:
		return fmt.Sprint(int64(math.Round(x)))
	}
	return formatNumber(x)
}

// Parse reads a value written as a scenario file writes it ("2w", "2%"),
// into the model's unit, or returns a message saying why it cannot.
func (p ParamPath) Parse(s string) (float64, string) {
	return parseKindValue(p.kind, s)
}

// Whole reports whether the parameter takes whole numbers only.
func (p ParamPath) Whole() bool { return p.kind == intKind }

// Probability reports whether the parameter is a probability or share in
// [0, 1].
func (p ParamPath) Probability() bool { return p.kind == probKind }

func formatMoney(x float64) string { return formatNumber(x) }

// parseKindValue parses one scalar of a numeric kind into a float64.
func parseKindValue(k *kind, s string) (float64, string) {
	switch k {
	case durationKind:
		return parseDuration(s)
	case intKind:
		n, msg := parseInt(s)
		return float64(n), msg
	}
	x, msg := k.parse(s)
	if msg != "" {
		return 0, msg
	}
	return x.(float64), ""
}

// ResolvePath resolves a what-if path ("arms.cd.release.every",
// "defaults.money.loss_per_minute") to a numeric parameter of the
// scenario, or returns an error that says what is wrong and suggests the
// nearest arm or field. It does not check list indexes against the arm's
// lists; WithValues does.
func (s *Scenario) ResolvePath(path string) (ParamPath, error) {
	p, msg := s.resolvePath(path)
	if msg != "" {
		return ParamPath{}, errors.New(path + ": " + msg)
	}
	return p, nil
}

func (s *Scenario) resolvePath(path string) (ParamPath, string) {
	segs, msg := parsePath(path)
	if msg != "" {
		return ParamPath{}, msg
	}
	names := make([]string, len(s.Arms))
	for i, a := range s.Arms {
		names[i] = a.Name
	}
	var p ParamPath
	switch {
	case segs[0].key == "arms" && len(segs) > 2 && segs[1].index < 0:
		if !slices.Contains(names, segs[1].key) {
			return ParamPath{}, fmt.Sprintf("no arm named %q%s (arms: %s)", segs[1].key, didYouMean(segs[1].key, names), strings.Join(names, ", "))
		}
		p.Arm = segs[1].key
		segs = segs[2:]
	case segs[0].key == "defaults" && len(segs) > 1:
		segs = segs[1:]
	default:
		return ParamPath{}, "name a parameter as arms.<arm>.<field> or defaults.<field>, e.g. arms." + firstOr(names, "NAME") + ".release.every"
	}
	fs := armSchema
	var field []string
	for i := 0; i < len(segs); i++ {
		sg := segs[i]
		if sg.index >= 0 {
			return ParamPath{}, fmt.Sprintf("%s is not a list", strings.Join(field, "."))
		}
		f := lookup(fs, sg.key)
		if f == nil {
			return ParamPath{}, fmt.Sprintf("unknown field %q%s", joinPath(strings.Join(field, "."), sg.key), suggestField(joinPath(strings.Join(field, "."), sg.key)))
		}
		part := f.key
		switch {
		case f.list:
			if i+1 >= len(segs) {
				return ParamPath{}, fmt.Sprintf("%s is a list: name one item, e.g. %s[0].%s", joinPath(strings.Join(field, "."), f.key), f.key, firstNumeric(f.fields))
			}
			i++
			index := segs[i].index
			if index < 0 {
				// An item named by its name, as --set accepts it:
				// pipeline.build-and-unit-tests.catch_prob.
				list := s.listNode(p.Arm, append(slices.Clone(field), f.key))
				var names []string
				index, names = itemNamed(list, segs[i].key)
				if index < 0 {
					return ParamPath{}, fmt.Sprintf("%s has no item named %q%s (items: %s)", joinPath(strings.Join(field, "."), f.key), segs[i].key, didYouMean(segs[i].key, names), strings.Join(names, ", "))
				}
			}
			part = fmt.Sprintf("%s[%d]", f.key, index)
			fs = f.fields
		case f.fields != nil:
			fs = f.fields
		case f.kind == distKind:
			sub := "mean"
			if i+1 < len(segs) {
				if segs[i+1].index >= 0 || segs[i+1].key != "mean" && segs[i+1].key != "cv" || i+2 < len(segs) {
					return ParamPath{}, fmt.Sprintf("%s is a random duration: name it (its mean), or its .mean or .cv", joinPath(strings.Join(field, "."), f.key))
				}
				sub = segs[i+1].key
			}
			p.kind = durationKind
			if sub == "cv" {
				p.kind = numberKind
			}
			p.Field = strings.Join(append(field, f.key, sub), ".")
			p.Kind = p.kind.name
			return p, ""
		default:
			if i+1 < len(segs) {
				return ParamPath{}, fmt.Sprintf("%s is a single value, not a section", joinPath(strings.Join(field, "."), f.key))
			}
			if !slices.Contains(numericKinds, f.kind) {
				return ParamPath{}, fmt.Sprintf("%s is %s, not a number on a scale", joinPath(strings.Join(field, "."), f.key), article(f.kind.name))
			}
			p.kind = f.kind
			p.Per = f.unit
			p.Field = strings.Join(append(field, f.key), ".")
			p.Kind = p.kind.name
			return p, ""
		}
		field = append(field, part)
	}
	return ParamPath{}, fmt.Sprintf("%s is a section: name one of its fields (%s)", strings.Join(field, "."), strings.Join(keysOf(fs), ", "))
}

// listNode returns the list at keys in arm's resolved tree, or for
// arm "" in the scenario's defaults (else the built-in defaults), where
// --set looks a named item up; nil if there is none.
func (s *Scenario) listNode(arm string, keys []string) *node {
	var n *node
	if arm == "" {
		n = s.root.get("defaults")
		if walk(n, keys) == nil {
			var quiet errorSink
			n = parseYAML(defaultsYAML, &source{name: "defaults.yaml", rank: math.MaxInt, builtin: true}, "", &quiet)
		}
	} else {
		for i, a := range s.Arms {
			if a.Name == arm && i < len(s.trees) {
				n = s.trees[i]
			}
		}
	}
	return walk(n, keys)
}

// walk follows keys down mappings from n; nil where one is missing.
func walk(n *node, keys []string) *node {
	for _, k := range keys {
		if n = n.get(k); n == nil {
			return nil
		}
	}
	return n
}

func firstOr(xs []string, def string) string {
	if len(xs) > 0 {
		return xs[0]
	}
	return def
}

// firstNumeric names the first numeric field of a list item, for a hint.
func firstNumeric(fs []*field) string {
	for _, f := range fs {
		if f.kind == distKind || slices.Contains(numericKinds, f.kind) {
			return f.key
		}
	}
	return fs[0].key
}

func article(s string) string {
	if strings.HasPrefix(s, "one of") {
		return s
	}
	if strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// suggestField suggests the nearest schema path to a mistyped one.
func suggestField(p string) string {
	var leaves []string
	for _, q := range allPaths {
		leaves = append(leaves, strings.ReplaceAll(q, "[]", ""))
	}
	return didYouMean(p, leaves)
}

// WithValues returns the scenario with numeric values set at model paths,
// each in the unit the model holds (hours, 0–1, per working day; see
// Range), applied in the order of the paths and checked like --set:
//
//	sc.WithValues(map[string]float64{"arms.quarterly-manual.release.every": 4 * 168})
//
// A random duration's path sets its mean and keeps its spread. A whole-
// number parameter takes whole values only. "case." paths are not model
// parameters and are an error here. Errors name the path and value.
//
// Unlike With, it does not work out which arms each value changed (sweeps
// set thousands of values, and say themselves what they vary): the result
// keeps the receiver's Modified and NoEffects.
func (s *Scenario) WithValues(values map[string]float64) (*Scenario, error) {
	return s.withValues(false, values)
}

func (s *Scenario) withValues(attribute bool, values map[string]float64) (*Scenario, error) {
	overrides, err := s.ValueOverrides(values)
	if err != nil {
		return nil, err
	}
	return s.with(attribute, overrides...)
}

// ValueOverrides returns the --set overrides ("path=value", in the order
// of the paths) that WithValues applies: the record of a change in the
// file's own units.
//
// A value for one severity class's share of an arm comes with the other
// classes' shares scaled in proportion, so that they still add up to
// 100%: moving the share of critical defects from 4% to 6% takes the
// other 96% to 94%, each class keeping its part of it. Without that no
// sweep, sensitivity or uncertain range could move a share at all.
func (s *Scenario) ValueOverrides(values map[string]float64) ([]string, error) {
	values = s.wholeShares(values)
	paths := make([]string, 0, len(values))
	for p := range values {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var errs Errors
	var overrides []string
	for _, path := range paths {
		x := values[path]
		if strings.HasPrefix(path, "case.") {
			errs = append(errs, &Error{Source: path, Msg: "a business-case field, not a model parameter"})
			continue
		}
		p, msg := s.resolvePath(path)
		switch {
		case msg != "":
		case math.IsNaN(x) || math.IsInf(x, 0):
			msg = fmt.Sprintf("must be a finite number, got %g", x)
		case p.kind == intKind && (x != math.Trunc(x) || math.Abs(x) > math.MaxInt32):
			msg = fmt.Sprintf("must be a whole number, got %g", x)
		}
		if msg != "" {
			errs = append(errs, &Error{Source: path, Msg: msg})
			continue
		}
		overrides = append(overrides, p.Set()+"="+p.Format(x))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return overrides, nil
}

// shareField matches a severity class's share, as resolvePath writes it.
var shareField = regexp.MustCompile(`^work\.severities\[(\d+)\]\.share$`)

// IsSeverityShare reports whether field (as ParamPath.Field writes it) is
// a severity class's share, which WithValues moves together with the
// other classes' shares (see ValueOverrides).
func IsSeverityShare(field string) bool { return shareField.MatchString(field) }

// wholeShares returns values with the shares of the severity classes that
// values leaves out, for each arm whose shares it sets in part, scaled so
// that the arm's shares add up to 1 (see ValueOverrides). Values that
// already exceed 1 between them are left for validation to report.
func (s *Scenario) wholeShares(values map[string]float64) map[string]float64 {
	set := map[string]map[int]float64{} // arm → class → share
	for path, x := range values {
		p, msg := s.resolvePath(path)
		if msg != "" || p.Arm == "" {
			continue
		}
		if m := shareField.FindStringSubmatch(p.Field); m != nil {
			i, _ := strconv.Atoi(m[1])
			if set[p.Arm] == nil {
				set[p.Arm] = map[int]float64{}
			}
			set[p.Arm][i] = x
		}
	}
	if len(set) == 0 {
		return values
	}
	out := maps.Clone(values)
	for arm, classes := range set {
		a, ok := s.Arm(arm)
		if !ok {
			continue
		}
		sev := a.Work.Severities
		given, rest := 0.0, 0.0
		for i, c := range sev {
			if x, ok := classes[i]; ok {
				given += x
			} else {
				rest += c.Share
			}
		}
		if rest <= 0 || given > 1 {
			continue
		}
		for i, c := range sev {
			if _, ok := classes[i]; !ok {
				out[fmt.Sprintf("arms.%s.work.severities[%d].share", arm, i)] = c.Share * (1 - given) / rest
			}
		}
	}
	return out
}

// decodeUncertain reads the uncertain: section. Paths are resolved against
// the arms' names and the schema here; whether the values fit the model's
// ranges is checked by checkUncertain once the scenario is built.
func decodeUncertain(n *node, arms []string, errs *errorSink) []Range {
	if n == nil || n.kind == nullNode {
		return nil
	}
	if n.kind != mapNode {
		errs.at(n, n.path, "must be a mapping of parameter paths to ranges ({low: …, high: …}), got "+n.kind.String())
		return nil
	}
	probe := &Scenario{}
	for _, a := range arms {
		probe.Arms = append(probe.Arms, models.Arm{Name: a})
	}
	var out []Range
	for i, k := range n.keys {
		v := n.vals[i]
		path := k.value
		r := Range{Path: path, Line: k.line}
		var pk *kind
		if r.IsCase() {
			if _, msg := parsePath(path); msg != "" || path == "case." {
				errs.at(k, k.path, "name a field of the business case: case.<field>")
				continue
			}
			if f := lookupCaseField(strings.TrimPrefix(path, "case.")); f != nil {
				r.Kind, r.Unit = f.rangeKind()
			}
		} else {
			p, msg := probe.resolvePath(path)
			if msg != "" {
				errs.at(k, k.path, msg)
				continue
			}
			pk = p.kind
			r.Kind, r.Unit = p.Kind, p.Per
		}
		if v.kind != mapNode {
			errs.at(v, v.path, "must be a range {low: …, high: …} with an optional dist ("+strings.Join(uncertainDists, ", ")+"), got "+v.kind.String())
			continue
		}
		ok := true
		var low, high *node
		for j, kk := range v.keys {
			vv := v.vals[j]
			switch kk.value {
			case "low":
				low = vv
			case "high":
				high = vv
			case "dist":
				if vv.kind != scalarNode || !slices.Contains(uncertainDists, vv.value) {
					errs.at(vv, vv.path, fmt.Sprintf("must be one of %s, got %q%s", strings.Join(uncertainDists, ", "), vv.value, didYouMean(vv.value, uncertainDists)))
					ok = false
				}
				r.Dist = vv.value
			default:
				errs.at(kk, kk.path, "unknown field; a range has low, high and dist"+didYouMean(kk.value, []string{"low", "high", "dist"}))
				ok = false
			}
		}
		read := func(name string, x *node, text *string) float64 {
			if x == nil {
				errs.at(v, joinPath(v.path, name), "missing (write {low: …, high: …})")
				ok = false
				return 0
			}
			if x.kind != scalarNode {
				errs.at(x, x.path, "must be a single value, got "+x.kind.String())
				ok = false
				return 0
			}
			*text = x.value
			var val float64
			var msg string
			if pk == nil {
				val, msg = parseCaseValue(x.value)
			} else {
				val, msg = parseKindValue(pk, x.value)
			}
			if msg != "" {
				errs.at(x, x.path, msg)
				ok = false
			}
			return val
		}
		r.Low = read("low", low, &r.LowText)
		r.High = read("high", high, &r.HighText)
		if !ok {
			continue
		}
		if r.Dist == "" && pk != nil {
			r.Dist = defaultDist(pk)
		}
		if r.Low > r.High && pk != nil {
			errs.at(v, v.path, fmt.Sprintf("low must be ≤ high, got low %s > high %s", r.LowText, r.HighText))
			continue
		}
		switch r.Dist {
		case "lognormal":
			if !(r.Low > 0) {
				errs.at(low, low.path, fmt.Sprintf("a lognormal range needs low > 0, got %s (use dist: triangular or uniform for a range from 0)", r.LowText))
				continue
			}
		case "beta":
			if !(r.Low > 0 && r.High < 1) {
				errs.at(v, v.path, fmt.Sprintf("a beta range needs 0 < low ≤ high < 1, got [%s, %s] (use dist: triangular or uniform to reach 0 or 1)", r.LowText, r.HighText))
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// parseCaseValue reads a business-case value: a number, a percentage, a
// duration (in hours) or a rate (per working day), whichever parses.
func parseCaseValue(s string) (float64, string) {
	if x, ok := parseFraction(s); ok {
		return x, ""
	}
	if x, msg := parseDuration(s); msg == "" {
		return x, ""
	}
	if x, msg := parseRate(s); msg == "" {
		return x, ""
	}
	return 0, fmt.Sprintf("invalid value %q (a number, a percentage, a duration or a rate)", s)
}

// checkUncertain checks that the low and high of every model range are
// values the model accepts, by setting each on the scenario; a problem is
// reported at the range's line.
func (s *Scenario) checkUncertain(file string) error {
	var errs errorSink
	for _, r := range s.Uncertain {
		if r.IsCase() {
			continue
		}
		for _, end := range []struct {
			name, text string
			x          float64
		}{{"low", r.LowText, r.Low}, {"high", r.HighText, r.High}} {
			_, err := s.withValues(false, map[string]float64{r.Path: end.x})
			var es Errors
			if errors.As(err, &es) {
				for _, e := range es {
					msg := e.Msg
					if e.Path != "" {
						msg = e.Path + ": " + msg
					}
					errs.add(&Error{Source: file, Line: r.Line, Path: "uncertain." + r.Path + "." + end.name,
						Msg: fmt.Sprintf("%s does not fit the model: %s", end.text, msg)})
				}
			} else if err != nil {
				errs.add(&Error{Source: file, Line: r.Line, Path: "uncertain." + r.Path + "." + end.name, Msg: err.Error()})
			}
		}
	}
	return errs.err()
}
