package scenarios

import (
	"fmt"
	"reflect"
	"regexp"

	"go.yaml.in/yaml/v3"

	"deploysim/models"
)

// Reasons returns the reasons written beside the parameters of arm i in
// the files it was read from — the scenario file, an arm it extends, the
// built-in defaults — keyed by the parameter's path as Params spells it
// ("pipeline[1].catch_prob", "release.every"). A reason is the comment on
// the value's line, or the comment lines above its key, without "#".
// Sections can have reasons too ("cab"). A report without its scenario
// file beside it shows them, so that every number keeps its why.
func (s *Scenario) Reasons(i int) map[string]string {
	out := map[string]string{}
	if i < 0 || i >= len(s.trees) {
		return out
	}
	collectReasons(armSchema, s.trees[i], "", out)
	return out
}

func collectReasons(fs []*field, n *node, prefix string, out map[string]string) {
	if n == nil || n.kind != mapNode {
		return
	}
	for j, k := range n.keys {
		f := lookup(fs, k.value)
		if f == nil {
			continue
		}
		v := n.vals[j]
		p := joinPath(prefix, k.value)
		if v.comment != "" {
			out[p] = v.comment
		}
		switch {
		case f.list && v.kind == seqNode:
			for i, item := range v.items {
				ip := fmt.Sprintf("%s[%d]", p, i)
				if item.comment != "" {
					out[ip] = item.comment
				}
				collectReasons(f.fields, item, ip, out)
			}
		case f.fields != nil:
			collectReasons(f.fields, v, p, out)
		}
	}
}

// DefaultArm returns the arm the built-in defaults make, named
// "defaults": what every arm is before a scenario changes it.
func DefaultArm() models.Arm {
	a, err := builtinArm()
	if err != nil {
		panic("scenarios: built-in defaults: " + err.Error()) // a test keeps them valid
	}
	a.Name = "defaults"
	return a
}

// showArm writes arm i as an arm of a scenario file (see Show).
func (s *Scenario) showArm(i int, changedOnly bool, plan showPlan) []byte {
	opt := armShow{reasons: s.Reasons(i), skip: map[string]bool{}}
	for u := range plan.fromDefaults[i] {
		opt.skip[u] = true
	}
	for u := range plan.fromParent[i] {
		opt.skip[u] = true
	}
	if len(plan.fromParent[i]) > 0 {
		opt.extends = s.Arms[plan.parent[i]].Name
	}
	if changedOnly {
		b := DefaultArm()
		if opt.extends != "" {
			// What the arm leaves out comes from the arm it extends.
			b = s.Arms[plan.parent[i]]
		}
		opt.base = &b
		// A field written under defaults: reaches every arm that leaves
		// it out: an arm with its own value writes it, whatever it is.
		opt.force = map[string]bool{}
		for _, u := range plan.defaults {
			if !plan.fromDefaults[i][u] {
				opt.force[u] = true
			}
		}
	}
	return marshalArm(armNode(&s.Arms[i], opt))
}

// armShow says how armNode writes an arm.
type armShow struct {
	// reasons are the parameters' comments, by path.
	reasons map[string]string
	// base, if set, keeps only the parameters whose values differ from
	// its, and those in force.
	base  *models.Arm
	force map[string]bool
	// skip leaves out parameters (leaves, lists and random durations, by
	// path); only, if set, keeps just those and writes no name or title.
	skip, only map[string]bool
	// extends, if set, is written as the arm's extends.
	extends string
}

// armNode builds the YAML of arm a: name, title and every parameter, each
// with its reason as a line comment, as opt says.
func armNode(a *models.Arm, opt armShow) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(m *yaml.Node, key string, v *yaml.Node) {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	}
	scalar := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
	if opt.only == nil {
		add(m, "name", scalar(a.Name))
		add(m, "title", scalar(a.Title))
		if opt.extends != "" {
			e := scalar(opt.extends)
			e.LineComment = "# kept: uncertain ranges on " + opt.extends + " reach this arm through it"
			add(m, "extends", e)
		}
	}
	// filter is false inside a list's items: skip and only name whole
	// lists.
	var walk func(fs []*field, v, b reflect.Value, m *yaml.Node, prefix string, filter bool)
	walk = func(fs []*field, v, b reflect.Value, m *yaml.Node, prefix string, filter bool) {
		for _, f := range fs {
			p := joinPath(prefix, f.key)
			fv := v.FieldByIndex(f.index)
			if f.kind == distKind {
				if out := distNode(fv, b, f, p, filter, opt); out != nil {
					if r := opt.reasons[p]; r != "" {
						out.LineComment = "# " + r
					}
					add(m, f.key, out)
				}
				continue
			}
			if unit := f.fields == nil || f.list; unit && filter && (opt.skip[p] || opt.only != nil && !opt.only[p]) {
				continue
			}
			var bv reflect.Value
			if b.IsValid() {
				bv = b.FieldByIndex(f.index)
				if f.fields == nil || f.list {
					if !opt.force[p] && reflect.DeepEqual(fv.Interface(), bv.Interface()) {
						continue // as the defaults have it
					}
					bv = reflect.Value{} // a changed list is written whole
				}
			}
			var out *yaml.Node
			switch {
			case f.list:
				out = &yaml.Node{Kind: yaml.SequenceNode}
				if fv.Len() == 0 {
					out.Style = yaml.FlowStyle
				}
				for i := range fv.Len() {
					item := &yaml.Node{Kind: yaml.MappingNode}
					walk(f.fields, fv.Index(i), reflect.Value{}, item, fmt.Sprintf("%s[%d]", p, i), false)
					out.Content = append(out.Content, item)
				}
			case f.fields != nil:
				out = &yaml.Node{Kind: yaml.MappingNode}
				walk(f.fields, fv, bv, out, p, filter)
				if len(out.Content) == 0 {
					continue // nothing in the section changed, or all of it is left out
				}
			default:
				out = scalar(f.kind.format(fv))
				if f.kind == timeKind {
					// Quoted as defaults.yaml writes it: to a YAML 1.1
					// reader an unquoted 17:00 is the number 1020.
					out.Style = yaml.DoubleQuotedStyle
				}
			}
			if r := opt.reasons[p]; r != "" {
				if out.Kind == yaml.MappingNode && out.Style != yaml.FlowStyle || out.Kind == yaml.SequenceNode && out.Style != yaml.FlowStyle {
					m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: f.key, LineComment: "# " + r}, out)
					continue
				}
				out.LineComment = "# " + r
			}
			add(m, f.key, out)
		}
	}
	var b reflect.Value
	if opt.base != nil {
		b = reflect.ValueOf(opt.base).Elem()
	}
	walk(armSchema, reflect.ValueOf(a).Elem(), b, m, "", true)
	return m
}

// distNode writes a random duration v (at path p, with its parent
// section's base b) as armNode does, or returns nil to leave it out. Its
// mean and its spread are parts of their own ("recovery.triage.mean",
// ".cv" in skip, only and force), since a file can set one and inherit
// the other: {cv: 1} keeps the inherited mean. Both parts are written
// "2h" when it does not vary, as {mean: 2h, cv: 0.5} when it does.
func distNode(v, b reflect.Value, f *field, p string, filter bool, opt armShow) *yaml.Node {
	d := v.Interface().(models.Dist)
	var bd *models.Dist
	if b.IsValid() {
		x := b.FieldByIndex(f.index).Interface().(models.Dist)
		bd = &x
	}
	keep := func(part string, same bool) bool {
		q := p + "." + part
		if filter && (opt.skip[q] || opt.only != nil && !opt.only[q]) {
			return false
		}
		return bd == nil || opt.force[q] || !same
	}
	mean := keep("mean", bd != nil && d.Mean == bd.Mean)
	cv := keep("cv", bd != nil && d.CV == bd.CV)
	scalar := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
	switch {
	case !mean && !cv:
		return nil
	case mean && cv && d.CV == 0:
		return scalar(formatDuration(d.Mean))
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	if mean {
		out.Content = append(out.Content, scalar("mean"), scalar(formatDuration(d.Mean)))
	}
	if cv {
		out.Content = append(out.Content, scalar("cv"), scalar(formatNumber(d.CV)))
	}
	return out
}

func marshalArm(m *yaml.Node) []byte {
	quoteForYAML11(m)
	out, err := yaml.Marshal(m)
	if err != nil {
		panic("scenarios: arm YAML: " + err.Error()) // a node tree of scalars always marshals
	}
	return out
}

// yaml11Other matches the plain scalars that a YAML 1.1 reader (PyYAML,
// Ruby's Psych, most editors' YAML 1.1 mode) reads as something other than
// the text deploysim wrote: base-60 numbers, so that an unquoted 17:00 is
// the integer 1020 and 1:30.5 a float, and the booleans YAML 1.2 dropped
// (yes, no, on, off, y, n in their spellings).
var yaml11Other = regexp.MustCompile(`^(?:[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$`)

// quoteForYAML11 double-quotes every plain value scalar under n that a
// YAML 1.1 reader would read differently (see yaml11Other), so that a file
// show writes survives a load-and-save round trip through such a reader.
// Mapping keys are left as they are: the schema's keys are plain words.
func quoteForYAML11(n *yaml.Node) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Style == 0 && n.Tag == "" && yaml11Other.MatchString(n.Value) {
			n.Style = yaml.DoubleQuotedStyle
		}
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			quoteForYAML11(n.Content[i])
		}
	default:
		for _, c := range n.Content {
			quoteForYAML11(c)
		}
	}
}
