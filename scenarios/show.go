package scenarios

import (
	"go.yaml.in/yaml/v3"
)

// ShowCase writes the scenario's case: section as a YAML document of one
// key, "case", with each field's reason (the comment beside it in the
// scenario, see Reasons) on its line and the section's own reason on the
// key. With changedOnly it keeps from and to and the fields whose values
// differ from a case's defaults, so that it still loads back the same. It
// returns nil when the scenario has no case.
func (s *Scenario) ShowCase(changedOnly bool) []byte {
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

// ShowUncertain writes the scenario's uncertain: section as a YAML
// document of one key, "uncertain", every range with its low and high as
// the file wrote them and its distribution, each with its reason on its
// line. The built-in defaults have no uncertain inputs, so there is no
// changed-only form: every range differs from them. It returns nil when
// the scenario has no uncertain inputs.
func (s *Scenario) ShowUncertain() []byte {
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
