package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"deploysim/models"
)

// ParamValue is one numeric parameter of an arm and its resolved value, in
// the model's unit.
type ParamValue struct {
	ParamPath
	Value float64
}

// NumericParams lists every numeric parameter of the named arm with its
// value, in the order of the reference: list items numbered, a random
// duration as its .mean and .cv. Switches, words, weekdays and days of
// the year are not listed. It returns nil for an unknown arm.
func (s *Scenario) NumericParams(arm string) []ParamValue {
	a, ok := s.Arm(arm)
	if !ok {
		return nil
	}
	var out []ParamValue
	eachLeaf(reflect.ValueOf(&a).Elem(), func(f *field, p string, fv reflect.Value) {
		switch {
		case f.kind == distKind:
			d := fv.Interface().(models.Dist)
			out = append(out,
				ParamValue{ParamPath{Arm: arm, Field: p + ".mean", Kind: durationKind.name, kind: durationKind}, d.Mean},
				ParamValue{ParamPath{Arm: arm, Field: p + ".cv", Kind: numberKind.name, kind: numberKind}, d.CV})
		case slices.Contains(numericKinds, f.kind):
			x := 0.0
			if fv.Kind() == reflect.Int {
				x = float64(fv.Int())
			} else {
				x = fv.Float()
			}
			out = append(out, ParamValue{ParamPath{Arm: arm, Field: p, Kind: f.kind.name, Per: f.unit, kind: f.kind}, x})
		}
	}, nil)
	return out
}

// Modified says, for each arm an override changed, which overrides
// changed its resolved parameters, written relative to the arm
// ("release.every=4w", "work.changes_per_day=25/day"). Arms no override
// changed are absent.
func (s *Scenario) Modified() map[string][]string { return s.modified }

// Mark returns the arm's name as reports show it: with the overrides that
// changed it, "quarterly-manual (modified: release.every=4w)"; the name
// alone if none did.
func (s *Scenario) Mark(arm string) string {
	if m := s.modified[arm]; len(m) > 0 {
		return arm + " (modified: " + strings.Join(m, ", ") + ")"
	}
	return arm
}

// NoEffect is an override that changed no parameter any arm uses (see
// Unused), and why.
type NoEffect struct {
	Override string
	Why      string
}

// String writes the warning: "--set X has no effect: why".
func (n NoEffect) String() string { return "--set " + n.Override + " has no effect: " + n.Why }

// NoEffects returns the overrides applied by With, since the scenario was
// loaded, that changed no arm's resolved parameters, each with the reason.
// Run settings (seed, replications, horizon, warmup) and texts are not
// arm parameters and are never reported.
func (s *Scenario) NoEffects() []NoEffect { return s.noEffect }

// attribute applies overrides one at a time to base to find which arms
// each one changes, and records them on s (the scenario With built from
// all of them).
func (s *Scenario) attribute(base *Scenario, overrides []string) {
	s.modified = map[string][]string{}
	for arm, m := range base.modified {
		s.modified[arm] = slices.Clone(m)
	}
	s.noEffect = slices.Clone(base.noEffect)
	cur := base
	for _, text := range overrides {
		next, err := cur.with(false, text)
		if err != nil {
			// Only possible for an override that is valid only with a later
			// one (a list replaced, then an item of it set): judge it on the
			// final scenario instead.
			return
		}
		o, _ := ParseOverride(text)
		segs, _ := parsePath(o.Path)
		if segs[0].key != "arms" && segs[0].key != "defaults" {
			cur = next
			continue
		}
		changed := false
		for i := range next.Arms {
			if i < len(cur.Arms) && !reflect.DeepEqual(effective(cur.Arms[i]), effective(next.Arms[i])) {
				changed = true
				name := next.Arms[i].Name
				s.modified[name] = append(s.modified[name], relative(o))
			}
		}
		if !changed {
			s.noEffect = append(s.noEffect, NoEffect{Override: text, Why: cur.whyNoEffect(o, segs)})
		}
		cur = next
	}
	if len(s.modified) == 0 {
		s.modified = nil
	}
}

// relative writes an override's path without its arms.NAME. or
// defaults. prefix.
func relative(o Override) string {
	p := o.Path
	if rest, ok := strings.CutPrefix(p, "defaults."); ok {
		p = rest
	} else if rest, ok := strings.CutPrefix(p, "arms."); ok {
		if _, field, ok := strings.Cut(rest, "."); ok {
			p = field
		}
	}
	return p + "=" + strings.TrimSpace(o.Value)
}

// whyNoEffect explains an override that changed no arm: every arm sets the
// field itself, or the arms already have the value.
func (s *Scenario) whyNoEffect(o Override, segs []segment) string {
	field := strings.TrimPrefix(o.Path, "defaults.")
	if segs[0].key == "arms" {
		if _, f, ok := strings.Cut(strings.TrimPrefix(o.Path, "arms."), "."); ok {
			field = f
		}
		if field == "extends" {
			return "--set cannot change which arm an arm starts from (extends is read from the file); set the parameters themselves, or edit the file"
		}
		if a, ok := s.Arm(segs[1].key); ok {
			if why := Unused(&a, field); why != "" {
				return fmt.Sprintf("arm %s does not use %s (%s)", segs[1].key, field, why)
			}
		}
		return fmt.Sprintf("arm %s already has %s = %s", segs[1].key, field, strings.TrimSpace(o.Value))
	}
	// Would setting the field on each arm change it? Then the arms set
	// their own value, which wins over defaults.
	var own []string
	for _, a := range s.Arms {
		next, err := s.with(false, "arms."+a.Name+"."+field+"="+o.Value)
		if err != nil {
			continue
		}
		if b, _ := next.Arm(a.Name); !reflect.DeepEqual(effective(a), effective(b)) {
			own = append(own, a.Name)
		}
	}
	v := strings.TrimSpace(o.Value)
	switch {
	case len(own) == 0:
		return fmt.Sprintf("no arm uses %s or every arm already has %s", field, v)
	case len(own) == len(s.Arms):
		return fmt.Sprintf("every arm sets its own %s; use arms.NAME.%s (arms: %s)", field, field, strings.Join(own, ", "))
	case len(own) == 1:
		return fmt.Sprintf("the arm that uses %s (%s) sets its own; use arms.%s.%s", field, own[0], own[0], field)
	}
	return fmt.Sprintf("the arms that use %s (%s) set their own; use arms.NAME.%s", field, strings.Join(own, ", "), field)
}
