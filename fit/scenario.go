package fit

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"deploysim/models"
	"deploysim/scenarios"
)

// orgFields are the parameters that belong to the organisation rather
// than to a way of delivering: the work it produces, its people's speed
// and its money. The scenario states them once, under defaults:, so that
// both arms share them (and an uncertain range of them moves both).
var orgFields = []string{
	"work.changes_per_day", "work.defect_prob",
	"recovery.on_call_response", "recovery.triage", "recovery.diagnosis",
	"hotfix.fix", "money",
}

func isOrgField(path string) bool {
	for _, f := range orgFields {
		if path == f || strings.HasPrefix(path, f+".") {
			return true
		}
	}
	return false
}

// ScenarioOptions say what the written scenario names.
type ScenarioOptions struct {
	// Name of the scenario (letters, digits, - and _).
	Name string
	// Inputs name what the fit read, for sources:.
	Inputs []string
}

// Scenario writes the fitted result as a case scenario that deploysim run,
// case and validate accept as written: the organisation under defaults:,
// the today arm and the arm it could move to, a case: section to edit,
// and every fitted parameter's interval under uncertain: with its
// provenance as the comment.
func (r *Result) Scenario(o ScenarioOptions) ([]byte, error) {
	def := scenarios.DefaultArm()
	defNode, err := armNode(&def)
	if err != nil {
		return nil, err
	}
	defaults := mapping()
	var arms []*yaml.Node
	for i, a := range []*models.Arm{&r.Today, &r.Better} {
		n, err := armNode(a)
		if err != nil {
			return nil, err
		}
		arm := mapping()
		addScalar(arm, "name", a.Name)
		addScalar(arm, "title", a.Title)
		diff(arm, n, defNode, "", func(path string) bool { return !isOrgField(path) })
		if i == 0 {
			diff(defaults, n, defNode, "", isOrgField)
			arm.Content[1].LineComment = "fitted: " + r.TemplateWhy
		} else {
			arm.Content[1].LineComment = "written from " + r.Today.Name + " by changing practices only: DORA 2019's " + r.BetterTemplate + " cluster's release, pipeline, deployment, strategy, monitoring, mitigation levers and recovery method"
		}
		arms = append(arms, arm)
	}

	doc := mapping()
	doc.HeadComment = strings.TrimSpace(`
A deploysim scenario fitted by deploysim calibrate to the organisation's
own records or Quick Check answers. The today arm reproduces what was
measured; the second arm changes practices only. Every fitted parameter's
90% interval is under uncertain:, so deploysim case carries the
organisation's own uncertainty into the business case.

  deploysim case ` + o.Name + `.yaml          # the business case
  deploysim run ` + o.Name + `.yaml           # the two arms side by side
  deploysim sensitivity ` + o.Name + `.yaml   # which inputs move the money

Change the case: numbers marked "yours" before showing it to anyone.`)
	addScalar(doc, "name", o.Name)
	addScalar(doc, "title", "Today, fitted to our records, and "+r.Better.Name)
	story := strings.ReplaceAll(wrap(fmt.Sprintf("Our deployments, changes and incidents, fitted: the %s arm is a way of delivering chosen so that its simulated metrics match what we measured (%s). The %s arm adopts the practices of DORA 2019's %s cluster and keeps our work, people and money.", r.Today.Name, r.TemplateWhy, r.Better.Name, r.BetterTemplate), 74), "\n  ", "\n") + "\n"
	addLiteral(doc, "story", story)
	src := sequence()
	for _, in := range o.Inputs {
		addItem(src, "fitted from: "+in)
	}
	addItem(src, "DORA, Accelerate State of DevOps Report 2019: the practice templates (built-in scenario dora-2019)")
	addItem(src, "assumption: the ratio of deployment errors to code defects and the split of recovery time into its steps are the template's; only their scale is fitted")
	add(doc, "sources", src)
	addScalar(doc, "currency", "USD")
	addScalar(doc, "seed", "1")
	addScalar(doc, "horizon", "365d")
	addScalar(doc, "baseline", r.Today.Name)
	if len(defaults.Content) > 0 {
		add(doc, "defaults", defaults)
	}
	armSeq := sequence()
	armSeq.Content = arms
	add(doc, "arms", armSeq)
	add(doc, "case", r.caseNode())
	unc := mapping()
	for _, p := range r.Params {
		if !p.Fitted || !(p.Low < p.High) || p.Low > p.Value || p.Value > p.High {
			continue
		}
		rg := mapping()
		rg.Style = yaml.FlowStyle
		addScalar(rg, "low", formatValue(p.Kind, p.Low))
		addScalar(rg, "high", formatValue(p.Kind, p.High))
		if p.Kind == "probability" {
			addScalar(rg, "dist", "beta")
		}
		rg.LineComment = p.From
		unc.Content = append(unc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: p.Path}, rg)
	}
	for _, c := range [][3]string{
		{"case.investment", "400_000", "1_000_000"},
		{"case.transition_months", "6", "15"},
	} {
		rg := mapping()
		rg.Style = yaml.FlowStyle
		addScalar(rg, "low", c[1])
		addScalar(rg, "high", c[2])
		rg.LineComment = "yours: assumption from deploysim's case template"
		unc.Content = append(unc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: c[0]}, rg)
	}
	add(doc, "uncertain", unc)

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	out := buf.Bytes()
	if _, err := scenarios.Parse(o.Name, out); err != nil {
		return nil, fmt.Errorf("the written scenario does not load (a bug): %w", err)
	}
	return out, nil
}

func (r *Result) caseNode() *yaml.Node {
	c := mapping()
	engineers := "40"
	engComment := "yours: engineers the move applies to"
	if r.Org.TeamSize > 0 {
		engineers = strconv.Itoa(r.Org.TeamSize)
		engComment = "answered: team size"
	}
	for _, f := range [][3]string{
		{"from", r.Today.Name, ""},
		{"to", r.Better.Name, ""},
		{"investment", "600_000", "yours: tooling, consultancy, training (one-off)"},
		{"running_cost", "150_000", "yours: licences and platform team, a year"},
		{"engineers", engineers, engComment},
		{"cost_per_engineer_year", "150_000", "yours: loaded cost of an engineer-year"},
		{"transition_months", "9", "until the new way is fully in place"},
		{"dip", "10%", "capacity lost while people learn it (the J-curve)..."},
		{"dip_months", "4", "...for this long"},
		{"horizon_years", "3", ""},
		{"discount_rate", "8%", ""},
		{"samples", "40", "parameter sets drawn from uncertain: (more: smoother tails)"},
		{"replications", "10", "simulated years of each arm per parameter set"},
	} {
		k := &yaml.Node{Kind: yaml.ScalarNode, Value: f[0]}
		v := &yaml.Node{Kind: yaml.ScalarNode, Value: f[1], LineComment: f[2]}
		c.Content = append(c.Content, k, v)
	}
	return c
}

// formatValue writes a value in the unit a scenario file takes for kind.
func formatValue(kind string, x float64) string {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	switch kind {
	case "duration":
		switch {
		case x < 1:
			return g(x*60) + "m"
		case x < 72:
			return g(x) + "h"
		default:
			return g(x/24) + "d"
		}
	case "rate":
		return g(x) + "/day"
	case "money":
		return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
	}
	return g(x)
}

func armNode(a *models.Arm) (*yaml.Node, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(scenarios.ArmYAML(a), &n); err != nil {
		return nil, err
	}
	return n.Content[0], nil
}

// diff adds to dst the entries of n (a mapping) that differ from base's,
// for the paths keep accepts, recursing into block mappings; flow
// mappings (a random duration) and lists are compared whole.
func diff(dst, n, base *yaml.Node, prefix string, keep func(string) bool) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Value == "name" || k.Value == "title" {
			continue
		}
		path := k.Value
		if prefix != "" {
			path = prefix + "." + k.Value
		}
		bv := lookup(base, k.Value)
		if v.Kind == yaml.MappingNode && v.Style != yaml.FlowStyle && bv != nil && bv.Kind == yaml.MappingNode {
			sub := mapping()
			diff(sub, v, bv, path, keep)
			if len(sub.Content) > 0 {
				add(dst, k.Value, sub)
			}
			continue
		}
		if !keep(path) || bv != nil && same(v, bv) {
			continue
		}
		add(dst, k.Value, v)
	}
}

func lookup(m *yaml.Node, key string) *yaml.Node {
	if m == nil {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func same(a, b *yaml.Node) bool {
	x, err1 := yaml.Marshal(a)
	y, err2 := yaml.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

func mapping() *yaml.Node  { return &yaml.Node{Kind: yaml.MappingNode} }
func sequence() *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode} }

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
}

func addScalar(m *yaml.Node, key, value string) {
	add(m, key, &yaml.Node{Kind: yaml.ScalarNode, Value: value})
}

func addLiteral(m *yaml.Node, key, value string) {
	add(m, key, &yaml.Node{Kind: yaml.ScalarNode, Value: value, Style: yaml.LiteralStyle})
}

func addItem(s *yaml.Node, value string) {
	s.Content = append(s.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: value, Style: yaml.DoubleQuotedStyle})
}
