package scenarios

import (
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Shown is a scenario as deploysim show writes it, section by section,
// each a YAML document: Arms each arm (an item of a scenario's arms:
// list); Defaults, Case and Uncertain a document of one key, "defaults",
// "case" or "uncertain", with the section's reason as the key's comment,
// or nil where the scenario needs no such section.
type Shown struct {
	Defaults        []byte
	Arms            [][]byte
	Case, Uncertain []byte
}

// Show writes the scenario as a file that loads back to the same
// scenario, for deploysim show: every arm in full, like ArmYAML, its
// business case with every field, and its uncertain ranges as the file
// wrote them, each value with its reason (see Reasons) as a comment on its
// line.
//
// With changedOnly, an arm keeps only the parameters whose values differ
// from the built-in defaults (DefaultArm; a list that differs in any item
// is kept whole, since a list replaces what it inherits), and the case
// only from, to and the fields that differ from a case's defaults, so that
// they read as what the scenario changes and still load back the same.
//
// A parameter that an uncertain range reaches through inheritance — a
// range on defaults. that the arm does not override, a range on the arm
// it extends — is left to be inherited: it is written under defaults:, or
// the arm keeps its extends. Each range then moves the same arms in the
// file show writes as in the scenario.
func (s *Scenario) Show(changedOnly bool) Shown {
	plan := s.showPlan()
	out := Shown{Defaults: s.showDefaults(plan), Case: s.showCase(changedOnly), Uncertain: s.showUncertain()}
	for i := range s.Arms {
		out.Arms = append(out.Arms, s.showArm(i, changedOnly, plan))
	}
	return out
}

// showPlan is what show must keep of a scenario's inheritance so that
// every uncertain range still moves the arms it moves in the scenario:
// show writes each arm in full, and a range on defaults. reaches only the
// arms that leave the field to the defaults, one on arms.NAME. the arms
// that extend NAME too. Fields are counted by the unit a file writes
// them in: a leaf ("money.loss_per_minute"), the mean or the spread of a
// random duration ("recovery.triage.mean"), or a list whole ("pipeline"),
// since a list replaces what it inherits.
type showPlan struct {
	// defaults are the fields written under defaults:, in the order of
	// the ranges; fromDefaults[i] those arm i takes from there.
	defaults     []string
	fromDefaults []map[string]bool
	// fromParent[i] are the fields arm i takes from the arm it extends,
	// parent[i] (-1 if none).
	fromParent []map[string]bool
	parent     []int
}

// showPlan works out, for every range on a model parameter, which arms
// it moves: the arms that change when the range's low or high is set.
func (s *Scenario) showPlan() showPlan {
	n := len(s.Arms)
	plan := showPlan{fromDefaults: make([]map[string]bool, n), fromParent: make([]map[string]bool, n), parent: make([]int, n)}
	for i := range n {
		plan.fromDefaults[i], plan.fromParent[i], plan.parent[i] = map[string]bool{}, map[string]bool{}, s.parent(i)
	}
	for _, r := range s.Uncertain {
		if r.IsCase() {
			continue
		}
		p, msg := s.resolvePath(r.Path)
		if msg != "" {
			continue
		}
		unit := showUnit(p.Field)
		moved := make([]bool, n)
		for _, x := range []float64{r.Low, r.High} {
			v, err := s.WithValues(map[string]float64{r.Path: x})
			if err != nil {
				continue
			}
			for i := range n {
				moved[i] = moved[i] || !reflect.DeepEqual(v.Arms[i], s.Arms[i])
			}
		}
		for i := range n {
			switch {
			case !moved[i]:
			case p.Arm == "":
				plan.fromDefaults[i][unit] = true
				if !slices.Contains(plan.defaults, unit) {
					plan.defaults = append(plan.defaults, unit)
				}
			case s.Arms[i].Name != p.Arm && plan.parent[i] >= 0:
				plan.fromParent[i][unit] = true
			}
		}
	}
	return plan
}

// showUnit returns the unit a file writes a parameter's field in: the
// list it is an item of, or the field itself (a random duration's mean
// and spread are each a unit, see distNode).
func showUnit(field string) string {
	if i := strings.IndexByte(field, '['); i >= 0 {
		return field[:i]
	}
	return field
}

// showDefaults writes the defaults: section show needs: the fields that
// uncertain ranges on defaults. set, with the value and reason of an arm
// that takes them from there; nil if there are none.
func (s *Scenario) showDefaults(plan showPlan) []byte {
	if len(plan.defaults) == 0 {
		return nil
	}
	body := &yaml.Node{Kind: yaml.MappingNode}
	done := map[string]bool{}
	for i := range s.Arms {
		only := map[string]bool{}
		for _, u := range plan.defaults {
			if plan.fromDefaults[i][u] && !done[u] {
				only[u], done[u] = true, true
			}
		}
		if len(only) > 0 {
			body = mergeMapping(body, armNode(&s.Arms[i], armShow{reasons: s.Reasons(i), only: only}))
		}
	}
	k := plainScalar("defaults")
	k.LineComment = "# what the uncertain: ranges on defaults. vary, for the arms that take it from here"
	return marshalArm(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, body}})
}

// mergeMapping adds the keys of b to a, merging sections both have.
func mergeMapping(a, b *yaml.Node) *yaml.Node {
	for j := 0; j+1 < len(b.Content); j += 2 {
		key, val := b.Content[j], b.Content[j+1]
		i := 0
		for i < len(a.Content) && a.Content[i].Value != key.Value {
			i += 2
		}
		if i < len(a.Content) && a.Content[i+1].Kind == yaml.MappingNode && val.Kind == yaml.MappingNode && a.Content[i+1].Style != yaml.FlowStyle {
			a.Content[i+1] = mergeMapping(a.Content[i+1], val)
			continue
		}
		a.Content = append(a.Content, key, val)
	}
	return a
}

// showCase writes the case: section, or nil when the scenario has no
// case (see Show).
func (s *Scenario) showCase(changedOnly bool) []byte {
	if s.Case == nil {
		return nil
	}
	var base *Case
	if changedOnly {
		names := make([]string, len(s.Arms))
		for i, a := range s.Arms {
			names[i] = a.Name
		}
		b := defaultCase(names)
		base = &b
	}
	section := s.root.get("case")
	return marshalSection("case", section, caseNode(s.Case, reasonsOf(section), base))
}

// showUncertain writes the uncertain: section: every range with its low
// and high as the file wrote them and its distribution. The built-in
// defaults have no uncertain inputs, so there is no changed-only form. It
// returns nil when the scenario has no uncertain inputs.
func (s *Scenario) showUncertain() []byte {
	if len(s.Uncertain) == 0 {
		return nil
	}
	section := s.root.get("uncertain")
	reasons := reasonsOf(section)
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, r := range s.Uncertain {
		v := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		addKey(v, "low", plainScalar(s.rangeText(r, r.LowText, r.Low)))
		addKey(v, "high", plainScalar(s.rangeText(r, r.HighText, r.High)))
		if r.Dist != "" {
			addKey(v, "dist", plainScalar(r.Dist))
		}
		v.LineComment = lineComment(reasons[r.Path])
		addKey(m, r.Path, v)
	}
	return marshalSection("uncertain", section, m)
}

// rangeText is an end of a range as the file wrote it, or, for a range
// made in code, its value written in the parameter's unit.
func (s *Scenario) rangeText(r Range, text string, x float64) string {
	if text != "" {
		return text
	}
	if p, msg := s.resolvePath(r.Path); msg == "" {
		return p.Format(x)
	}
	return formatNumber(x)
}

// caseNode builds the body of a case: section: from, to and every numeric
// field, each with its reason; with base, only the numeric fields that
// differ from base's.
func caseNode(c *Case, reasons map[string]string, base *Case) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key, value string) {
		v := plainScalar(value)
		v.LineComment = lineComment(reasons[key])
		addKey(m, key, v)
	}
	add("from", c.From)
	add("to", c.To)
	for _, f := range caseFields {
		x := f.get(c)
		if base != nil && x == f.get(base) {
			continue
		}
		if f.kind == "share" {
			add(f.key, formatNumber(x*100)+"%")
			continue
		}
		add(f.key, formatNumber(x))
	}
	return m
}

// reasonsOf returns the reasons written beside the keys of a section of
// the scenario, by key.
func reasonsOf(section *node) map[string]string {
	out := map[string]string{}
	if section == nil || section.kind != mapNode {
		return out
	}
	for i, k := range section.keys {
		if c := section.vals[i].comment; c != "" {
			out[k.value] = c
		}
	}
	return out
}

// marshalSection writes body as the value of key in a document of its
// own, with the section's reason on the key's line.
func marshalSection(key string, section *node, body *yaml.Node) []byte {
	k := plainScalar(key)
	if section != nil {
		k.LineComment = lineComment(section.comment)
	}
	return marshalArm(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, body}})
}

func plainScalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

func addKey(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, plainScalar(key), v)
}

func lineComment(reason string) string {
	if reason == "" {
		return ""
	}
	return "# " + reason
}
