package scenarios

import (
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Case is a scenario's business case (its case: section): moving from one
// arm, the way of delivering today, to another, the one invested in, with
// what the move costs and how long it takes to pay. Money is in the
// scenario's currency. deploysim case reads it (package bizcase runs it).
type Case struct {
	// From is the arm in use today; To the arm invested in. They differ.
	From, To string
	// Investment is the one-off cost of the move (tooling, consultancy,
	// training), paid at the start. ≥ 0.
	Investment float64
	// RunningCostPerYear is what the new way costs every year on top of
	// today's (licences, a platform team). ≥ 0.
	RunningCostPerYear float64
	// Engineers is the size of the organisation the move applies to, and
	// CostPerEngineerYear the loaded cost of one engineer for a year: with
	// DipShare they price the productivity dip.
	Engineers           int
	CostPerEngineerYear float64
	// TransitionMonths is how long until the new way is fully in place;
	// the savings ramp up linearly from none to all over it. 0 means at
	// once.
	TransitionMonths float64
	// DipShare is the share of the engineers' capacity lost while they
	// learn the new way (the J-curve), for DipMonths from the start.
	DipShare  float64
	DipMonths float64
	// HorizonYears is how many years the case counts; DiscountRate the
	// yearly rate that discounts them, in [0, 1).
	HorizonYears int
	DiscountRate float64
	// Samples is how many parameter sets the Monte Carlo draws from the
	// scenario's uncertain ranges, and Replications how many simulated
	// years of each arm it runs for each of them.
	Samples      int
	Replications int
	// Line is the line of the case: section in the file (0 if none), and
	// Lines the line of each field written there, by key.
	Line  int
	Lines map[string]int
}

//go:embed case-template.yaml
var caseTemplateYAML []byte

// CaseTemplate returns a commented business-case scenario (an
// organisation's size, outage cost, changes a week, today's release
// cadence, the investment) that validates and runs as written: what
// deploysim init --case writes.
func CaseTemplate() []byte {
	return append([]byte(nil), caseTemplateYAML...)
}

// DefaultCaseSamples is the sample count of a case that names none: enough
// for the percentages a business case prints (P(NPV < 0) with and without
// the opportunity part, the input/noise split) to move by no more than a
// few points from one seed to another (bizcase's TestSampleStability).
const DefaultCaseSamples = 800

// Limits of a case's fields.
const (
	maxCaseMonths  = 120
	maxCaseYears   = 30
	maxCaseSamples = 100_000
	maxEngineers   = 1_000_000
)

// caseField is one key of the case: section.
type caseField struct {
	key, kind, def, doc string
	// parse reads the value and checks its range, returning a message
	// naming the allowed range if it is not in it.
	parse func(s string) (float64, string)
	get   func(c *Case) float64
	set   func(c *Case, x float64)
	// whole marks fields that take whole numbers.
	whole bool
	// unit is what a number counts ("months"), for a report.
	unit string
}

// rangeKind returns the kind and unit of the field's values as a Range
// states them (see Range.Kind).
func (f *caseField) rangeKind() (kind, unit string) {
	if k, per, ok := strings.Cut(f.kind, " per "); ok {
		return k, "per " + per // "money per year"
	}
	return f.kind, f.unit
}

// inRange checks lo ≤ x ≤ hi (hiOpen: x < hi), in the field's words.
func inRange(x, lo, hi float64, hiOpen bool, show func(float64) string) string {
	closing := "]"
	if hiOpen {
		closing = ")"
	}
	if x < lo || x > hi || hiOpen && x >= hi {
		return fmt.Sprintf("must be in [%s,%s%s, got %s", show(lo), show(hi), closing, show(x))
	}
	return ""
}

func caseNumber(lo, hi float64) func(string) (float64, string) {
	return func(s string) (float64, string) {
		x, msg := parseNumber(s)
		if msg != "" {
			return 0, msg
		}
		return x, inRange(x, lo, hi, false, formatNumber)
	}
}

func caseWhole(lo, hi int) func(string) (float64, string) {
	return func(s string) (float64, string) {
		n, msg := parseInt(s)
		if msg != "" {
			return 0, msg
		}
		return float64(n), inRange(float64(n), float64(lo), float64(hi), false, formatNumber)
	}
}

func caseShare(hiOpen bool) func(string) (float64, string) {
	return func(s string) (float64, string) {
		x, ok := parseFraction(s)
		if !ok {
			return 0, fmt.Sprintf("invalid share %q (use e.g. 0.08 or 8%%)", s)
		}
		return x, inRange(x, 0, 1, hiOpen, func(v float64) string { return formatNumber(v*100) + "%" })
	}
}

var caseFields = []caseField{
	{key: "investment", kind: "money", def: "0", doc: "One-off cost of the move (tooling, consultancy, training), paid at the start. ≥ 0.",
		parse: caseNumber(0, 1e15), get: func(c *Case) float64 { return c.Investment }, set: func(c *Case, x float64) { c.Investment = x }},
	{key: "running_cost", kind: "money per year", def: "0", doc: "What the new way costs each year on top of today's (licences, a platform team). ≥ 0.",
		parse: caseNumber(0, 1e15), get: func(c *Case) float64 { return c.RunningCostPerYear }, set: func(c *Case, x float64) { c.RunningCostPerYear = x }},
	{key: "engineers", kind: "whole number", def: "0", doc: "Engineers the move applies to: with `cost_per_engineer_year` and `dip` they price the productivity dip.",
		parse: caseWhole(0, maxEngineers), whole: true, get: func(c *Case) float64 { return float64(c.Engineers) }, set: func(c *Case, x float64) { c.Engineers = int(math.Round(x)) }},
	{key: "cost_per_engineer_year", kind: "money per year", def: "0", doc: "Loaded cost of one engineer for a year (salary, benefits, overhead).",
		parse: caseNumber(0, 1e12), get: func(c *Case) float64 { return c.CostPerEngineerYear }, set: func(c *Case, x float64) { c.CostPerEngineerYear = x }},
	{key: "transition_months", kind: "number", def: "0", doc: "Months until the new way is fully in place, in [0,120]; the savings ramp up linearly over them.",
		parse: caseNumber(0, maxCaseMonths), unit: "months", get: func(c *Case) float64 { return c.TransitionMonths }, set: func(c *Case, x float64) { c.TransitionMonths = x }},
	{key: "dip", kind: "share", def: "0", doc: "Share of the engineers' capacity lost while they learn the new way (the J-curve), in [0%,100%].",
		parse: caseShare(false), get: func(c *Case) float64 { return c.DipShare }, set: func(c *Case, x float64) { c.DipShare = x }},
	{key: "dip_months", kind: "number", def: "0", doc: "How long the dip lasts from the start, in months, in [0,120].",
		parse: caseNumber(0, maxCaseMonths), unit: "months", get: func(c *Case) float64 { return c.DipMonths }, set: func(c *Case, x float64) { c.DipMonths = x }},
	{key: "horizon_years", kind: "whole number", def: "3", doc: "Years the case counts, in [1,30].",
		parse: caseWhole(1, maxCaseYears), whole: true, get: func(c *Case) float64 { return float64(c.HorizonYears) }, set: func(c *Case, x float64) { c.HorizonYears = int(math.Round(x)) }},
	{key: "discount_rate", kind: "share", def: "8%", doc: "Yearly discount rate (the cost of capital), in [0%,100%).",
		parse: caseShare(true), get: func(c *Case) float64 { return c.DiscountRate }, set: func(c *Case, x float64) { c.DiscountRate = x }},
	{key: "samples", kind: "whole number", def: "800", doc: "Parameter sets the Monte Carlo draws from `uncertain:`, in [1,100000] (1 when nothing is uncertain); fewer than 800 get a warning: the percentages then move by more than a few points from seed to seed.",
		parse: caseWhole(1, maxCaseSamples), whole: true, get: func(c *Case) float64 { return float64(c.Samples) }, set: func(c *Case, x float64) { c.Samples = int(math.Round(x)) }},
	{key: "replications", kind: "whole number", def: "20", doc: "Simulated years of each arm per parameter set, in [1,100000], on common random numbers.",
		parse: caseWhole(1, maxReplications), whole: true, get: func(c *Case) float64 { return float64(c.Replications) }, set: func(c *Case, x float64) { c.Replications = int(math.Round(x)) }},
}

// caseArmKeys are the case's two arm names.
var caseArmKeys = []string{"from", "to"}

func caseKeys() []string {
	keys := slices.Clone(caseArmKeys)
	for _, f := range caseFields {
		keys = append(keys, f.key)
	}
	return keys
}

func lookupCaseField(key string) *caseField {
	for i := range caseFields {
		if caseFields[i].key == key {
			return &caseFields[i]
		}
	}
	return nil
}

// defaultCase is a case with every default: the first arm to the second.
func defaultCase(arms []string) Case {
	c := Case{HorizonYears: 3, DiscountRate: 0.08, Samples: DefaultCaseSamples, Replications: 20, Lines: map[string]int{}}
	if len(arms) > 0 {
		c.From = arms[0]
	}
	if len(arms) > 1 {
		c.To = arms[1]
	}
	return c
}

// decodeCase reads the case: section n (nil if absent) against the arm
// names. Without a section the scenario has no case.
func decodeCase(n *node, arms []string, errs *errorSink) *Case {
	if n == nil || n.kind == nullNode {
		return nil
	}
	if n.kind != mapNode {
		errs.at(n, n.path, "must be a mapping of from, to, investment, … (see docs/scenario-reference.md), got "+n.kind.String())
		return nil
	}
	c := defaultCase(arms)
	c.Line = n.line
	for i, k := range n.keys {
		v := n.vals[i]
		c.Lines[k.value] = v.line
		if slices.Contains(caseArmKeys, k.value) {
			name := text(n, k.value, "", errs)
			if v.kind == scalarNode && !slices.Contains(arms, name) {
				errs.at(v, v.path, fmt.Sprintf("no arm named %q%s (arms: %s)", name, didYouMean(name, arms), strings.Join(arms, ", ")))
			}
			if k.value == "from" {
				c.From = name
			} else {
				c.To = name
			}
			continue
		}
		f := lookupCaseField(k.value)
		if f == nil {
			msg := "unknown field" + didYouMean(k.value, caseKeys())
			if !strings.Contains(msg, "?") {
				msg += "; a case has " + strings.Join(caseKeys(), ", ")
			}
			errs.at(k, k.path, msg)
			continue
		}
		if v.kind != scalarNode {
			errs.at(v, v.path, fmt.Sprintf("must be a %s, got %s", f.kind, v.kind))
			continue
		}
		x, msg := f.parse(v.value)
		if msg != "" {
			errs.badValue(v, v.path, msg)
			continue
		}
		f.set(&c, x)
	}
	if c.From != "" && c.From == c.To {
		at := n.get("to")
		if at == nil {
			at = n
		}
		errs.at(at, "case.to", fmt.Sprintf("must differ from case.from (%q): a case compares two arms", c.From))
	}
	if c.From == "" || c.To == "" {
		errs.at(n, "case", "needs two arms: set from and to (the scenario has "+fmt.Sprint(len(arms))+")")
	}
	return &c
}

// CheckCaseValue checks a value for one field of the case ("investment",
// without the case. prefix), as an uncertain range or an override would set
// it, and returns a message naming the allowed range, or "" if it fits.
func CheckCaseValue(field string, x float64) string {
	f := lookupCaseField(field)
	if f == nil {
		var numeric []string
		for _, f := range caseFields {
			if f.key != "samples" && f.key != "replications" && f.key != "horizon_years" {
				numeric = append(numeric, f.key)
			}
		}
		return fmt.Sprintf("unknown case field %q%s (case fields that can be uncertain: %s)", field, didYouMean(field, numeric), strings.Join(numeric, ", "))
	}
	if f.key == "samples" || f.key == "replications" || f.key == "horizon_years" {
		return "case." + f.key + " is a setting of the study, not an input that can be uncertain"
	}
	if f.whole {
		x = math.Round(x)
	}
	_, msg := f.parse(formatNumber(x))
	return msg
}

// WithValue returns a copy of the case with one numeric field set
// ("investment", "discount_rate"); x must have passed CheckCaseValue.
// Whole-number fields are rounded.
func (c Case) WithValue(field string, x float64) Case {
	if f := lookupCaseField(field); f != nil {
		c.Lines = nil // the copy shares no map with the original
		f.set(&c, x)
	}
	return c
}

// Value returns one numeric field of the case by key, and whether the key
// is one.
func (c *Case) Value(field string) (float64, bool) {
	if f := lookupCaseField(field); f != nil {
		return f.get(c), true
	}
	return 0, false
}

// YAML returns the case as the body of a case: section, every field
// written out (Scenario.Show writes it with its reasons).
func (c *Case) YAML() []byte { return marshalArm(caseNode(c, nil, nil)) }

// caseReference documents the case: section for Reference.
func caseReference() string {
	var b strings.Builder
	b.WriteString("## Business case (`case:`)\n\n")
	b.WriteString("`deploysim case` reads this section: the move from the arm in use today\n")
	b.WriteString("(`from`) to the arm invested in (`to`), what it costs and how long it takes.\n")
	b.WriteString("Money is in the scenario's `currency`. Flags of `deploysim case`\n")
	b.WriteString("(`--investment`, `--discount-rate`, …) override it, and any numeric field\n")
	b.WriteString("may be given a 90% range in `uncertain:` as `case.FIELD`.\n\n")
	b.WriteString("| key | kind | default | meaning |\n|---|---|---|---|\n")
	b.WriteString("| `from` | text | the first arm | The arm in use today. |\n")
	b.WriteString("| `to` | text | the second arm | The arm invested in; must differ from `from`. |\n")
	for _, f := range caseFields {
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s |\n", f.key, f.kind, f.def, cell(f.doc))
	}
	b.WriteString("\n")
	return b.String()
}

// checkCaseRanges checks the uncertain: ranges of case fields ("case.dip"):
// the field must be a numeric one of the case and both ends in its range.
// The model's ranges are checked by checkUncertain.
func checkCaseRanges(ranges []Range, file string, errs *errorSink) {
	for _, r := range ranges {
		field, ok := strings.CutPrefix(r.Path, "case.")
		if !ok {
			continue
		}
		if r.Low > r.High && lookupCaseField(field) != nil {
			errs.add(&Error{Source: file, Line: r.Line, Path: "uncertain." + r.Path,
				Msg: fmt.Sprintf("low (%s) must not exceed high (%s)", r.LowText, r.HighText)})
			continue
		}
		for _, end := range []struct {
			name, text string
			x          float64
		}{{"low", r.LowText, r.Low}, {"high", r.HighText, r.High}} {
			if msg := CheckCaseValue(field, end.x); msg != "" {
				path := "uncertain." + r.Path
				if strings.HasPrefix(msg, "must be") {
					path += "." + end.name // the end out of range
				}
				errs.add(&Error{Source: file, Line: r.Line, Path: path, Msg: msg})
				break
			}
		}
	}
}
