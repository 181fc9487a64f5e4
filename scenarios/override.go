package scenarios

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Override is one what-if change to a scenario, as written after --set:
// a field path and a value.
//
//	seed=7                                    top-level settings: seed, replications, horizon, warmup, baseline, …
//	defaults.work.changes_per_day=25          a parameter shared by every arm
//	arms.quarterly-manual.release.every=30d               a parameter of the arm named quarterly-manual
//	arms.quarterly-manual.pipeline[1].catch_prob=0.9      an item of a list (inherited lists are copied first)
//	arms.quarterly-manual.pipeline.manual-regression.catch_prob=0.9   the same item, by its name
//	arms.quarterly-manual.recovery.triage.cv=1            one part of a random duration
//	arms.cd.strategy.steps=[{weight: 10%, bake: 1h}, {weight: 1, bake: 0}]
//
// The value is YAML (a single value, or a flow list or mapping) in the
// same units as a scenario file, and goes through the same checks.
type Override struct {
	Path  string // "arms.quarterly-manual.release.every"
	Value string // "30d"
}

// String returns the override as written: path=value.
func (o Override) String() string { return o.Path + "=" + o.Value }

// segment is one step of an override path: a key, or a list index.
type segment struct {
	key   string
	index int // ≥ 0 for a list index; -1 for a key
}

var segmentRE = regexp.MustCompile(`^([A-Za-z0-9_-]+)((?:\[[0-9]+\])*)$`)

const overrideHelp = "use path=value, e.g. arms.quarterly-manual.release.every=30d"

// ParseOverride parses "path=value". It checks the form only; With checks
// the path against the scenario and the value against the field.
func ParseOverride(s string) (Override, error) {
	fail := func(msg string) (Override, error) {
		return Override{}, &Error{Source: "--set " + s, Msg: msg}
	}
	path, value, ok := strings.Cut(s, "=")
	path = strings.TrimSpace(path)
	switch {
	case !ok:
		return fail(`missing "=" (` + overrideHelp + ")")
	case path == "":
		return fail("missing field path before \"=\" (" + overrideHelp + ")")
	case strings.TrimSpace(value) == "":
		return fail("missing value after \"=\" (" + overrideHelp + ")")
	}
	if _, msg := parsePath(path); msg != "" {
		return fail(msg)
	}
	return Override{Path: path, Value: value}, nil
}

func parsePath(path string) ([]segment, string) {
	var segs []segment
	for _, part := range strings.Split(path, ".") {
		m := segmentRE.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Sprintf("invalid field path %q: write keys separated by dots, list items as [index] (%s)", path, overrideHelp)
		}
		segs = append(segs, segment{key: m[1], index: -1})
		for _, ix := range strings.Split(m[2], "[")[1:] {
			n, err := strconv.Atoi(strings.TrimSuffix(ix, "]"))
			if err != nil || n > maxListItems {
				return nil, fmt.Sprintf("invalid list index [%s in %q", ix, path)
			}
			segs = append(segs, segment{index: n})
		}
	}
	return segs, ""
}

// With returns the scenario with the overrides applied, in order, to its
// source, and checked like a file: every problem comes back in Errors,
// each naming its override ("--set arms.quarterly-manual.release.every=30x: invalid
// duration …"). The receiver is not changed.
//
// The result records which arms each override changed (Modified, Mark)
// and which overrides changed none (NoEffects).
func (s *Scenario) With(overrides ...string) (*Scenario, error) {
	return s.with(true, overrides...)
}

// with is With; attribute says whether to work out which arms each
// override changed, which costs one more build per override.
func (s *Scenario) with(attribute bool, overrides ...string) (*Scenario, error) {
	if s.root == nil {
		return nil, errors.New("scenarios: With needs a scenario made by Load or Parse")
	}
	root := s.root.clone()
	errs := errorSink{bad: map[*node]bool{}}
	for i, text := range overrides {
		src := &source{name: "--set " + text, rank: len(s.Overrides) + i + 1, override: text}
		o, err := ParseOverride(text)
		if err != nil {
			e := err.(*Error)
			e.rank = src.rank
			errs.add(e)
			continue
		}
		if msg := s.apply(root, o, src, &errs); msg != "" {
			errs.add(&Error{Source: src.name, Msg: msg, rank: src.rank})
		}
	}
	sc, err := build(root, &source{name: s.Source}, append(slices.Clone(s.Overrides), overrides...), &errs)
	if err != nil {
		return nil, err
	}
	if root.get("warmup") == nil {
		// The default warm-up is the scenario's as written: a what-if
		// (--set, a sweep's step, a sampled input, a lever on the web
		// page) measures the same period, so that the arms it does not
		// touch give the same numbers and run --set agrees with sweep.
		sc.WarmupHours = s.WarmupHours
	}
	if attribute {
		sc.attribute(s, overrides)
	} else {
		sc.modified, sc.noEffect = s.modified, s.noEffect
	}
	return sc, nil
}

// apply sets one override in root (a copy the receiver does not share)
// and returns a message if its path leads nowhere.
func (s *Scenario) apply(root *node, o Override, src *source, errs *errorSink) string {
	segs, msg := parsePath(o.Path)
	if msg != "" {
		return msg
	}
	top := segs[0]
	keys := make([]string, len(topSchema))
	for i, t := range topSchema {
		keys[i] = t.key
	}
	if top.index >= 0 || !slices.Contains(keys, top.key) {
		if top.index < 0 && lookup(armSchema, top.key) != nil {
			// A parameter of an arm without saying whose: suggest both.
			arm := "NAME"
			if arms := root.get("arms"); arms != nil && len(arms.items) > 0 {
				if name := arms.items[0].get("name"); name != nil {
					arm = name.value
				}
			}
			return fmt.Sprintf("%s is a parameter of an arm: write defaults.%s=%s for every arm, or arms.%s.%s=%s for one",
				top.key, o.Path, o.Value, arm, o.Path, o.Value)
		}
		return fmt.Sprintf("unknown field %q%s", top.key, didYouMean(top.key, keys))
	}
	key := func(k, path string) *node { return &node{kind: scalarNode, value: k, src: src, path: path} }
	value := func(path string) *node {
		src.target = path
		return parseYAML([]byte(o.Value), src, path, errs)
	}
	rest := segs[1:]
	switch top.key {
	case "arms":
		if len(rest) == 0 || rest[0].index >= 0 {
			return "name an arm and a field: arms.<arm>.<field>=value, e.g. arms.quarterly-manual.release.every=30d"
		}
		arms := root.get("arms")
		if arms == nil || arms.kind != seqNode {
			return "the scenario has no arms list"
		}
		var names []string
		for i, a := range arms.items {
			name := a.get("name")
			if name == nil {
				continue
			}
			if name.value == rest[0].key {
				if len(rest) == 1 {
					return "name a field of the arm: arms." + rest[0].key + ".<field>=value, e.g. arms." + rest[0].key + ".release.every=30d"
				}
				var inherited *node
				if i < len(s.trees) {
					inherited = s.trees[i]
				}
				return put(a, inherited, rest[1:], a.path, value, src)
			}
			names = append(names, name.value)
		}
		return fmt.Sprintf("no arm named %q%s (arms: %s)", rest[0].key, didYouMean(rest[0].key, names), strings.Join(names, ", "))
	case "defaults":
		if len(rest) == 0 {
			v := value("defaults")
			if v == nil {
				return ""
			}
			root.set(key("defaults", "defaults"), v)
			return ""
		}
		d := root.get("defaults")
		if d == nil || d.kind == nullNode {
			d = &node{kind: mapNode, src: src, path: "defaults"}
			root.set(key("defaults", "defaults"), d)
		}
		var quiet errorSink
		builtin := parseYAML(defaultsYAML, &source{name: "defaults.yaml", rank: math.MaxInt, builtin: true}, "", &quiet)
		return put(d, builtin, rest, "defaults", value, src)
	case "case":
		if len(rest) == 0 {
			return "name a field of the case: case.<field>=value, e.g. case.investment=500000"
		}
		c := root.get("case")
		if c == nil || c.kind == nullNode {
			c = &node{kind: mapNode, src: src, path: "case"}
			root.set(key("case", "case"), c)
		}
		return put(c, nil, rest, "case", value, src)
	default:
		if len(rest) > 0 {
			return fmt.Sprintf("%s is a single setting, not a section", top.key)
		}
		v := value(top.key)
		if v != nil {
			root.set(key(top.key, top.key), v)
		}
		return ""
	}
}

// put sets the value at segs under n, creating sections as needed; a list
// the arm inherits is copied from inherited (n's resolved counterpart)
// before one item is changed.
func put(n, inherited *node, segs []segment, path string, value func(string) *node, src *source) string {
	key := func(k, path string) *node { return &node{kind: scalarNode, value: k, src: src, path: path} }
	sg := segs[0]
	last := len(segs) == 1
	if sg.index < 0 && n.kind == seqNode {
		// A list item named by its name: pipeline.manual-regression.
		i, names := itemNamed(n, sg.key)
		if i < 0 {
			return fmt.Sprintf("%s has no item named %q%s (items: %s)", path, sg.key, didYouMean(sg.key, names), strings.Join(names, ", "))
		}
		sg = segment{index: i}
	}
	if sg.index >= 0 {
		if n.kind != seqNode {
			return fmt.Sprintf("%s is %s, not a list", path, n.kind)
		}
		if sg.index >= len(n.items) {
			if len(n.items) == 0 {
				return fmt.Sprintf("%s is empty: set the whole list instead (%s=[…])", path, trimIndex(path))
			}
			return fmt.Sprintf("%s has %d items: the index must be in [0,%d]", path, len(n.items), len(n.items)-1)
		}
		p := fmt.Sprintf("%s[%d]", path, sg.index)
		if last {
			if v := value(p); v != nil {
				n.items[sg.index] = v
			}
			return ""
		}
		var inh *node
		if inherited != nil && inherited.kind == seqNode && sg.index < len(inherited.items) {
			inh = inherited.items[sg.index]
		}
		return put(n.items[sg.index], inh, segs[1:], p, value, src)
	}
	switch {
	case n.kind == nullNode:
		n.kind = mapNode
	case n.kind == scalarNode && (sg.key == "mean" || sg.key == "cv"):
		// A random duration written as "2h": make it {mean: 2h} first.
		old := *n
		*n = node{kind: mapNode, src: src, path: old.path,
			keys: []*node{{kind: scalarNode, value: "mean", line: old.line, src: old.src, path: old.path}},
			vals: []*node{&old}}
	case n.kind != mapNode:
		return fmt.Sprintf("%s is %s, not a section", path, n.kind)
	}
	p := joinPath(path, sg.key)
	if last {
		if v := value(p); v != nil {
			n.set(key(sg.key, p), v)
		}
		return ""
	}
	child := n.get(sg.key)
	inh := inherited.get(sg.key)
	if child == nil {
		switch {
		case inh != nil && inh.kind == seqNode && (segs[1].index >= 0 || !last && isItemName(inh, segs[1].key)):
			child = inh.clone()
		case segs[1].index >= 0:
			return fmt.Sprintf("%s is not a list", p)
		default:
			child = &node{kind: mapNode, src: src, path: p}
		}
		n.set(key(sg.key, p), child)
	}
	return put(child, inh, segs[1:], p, value, src)
}

// itemNamed returns the index of the item of list n whose name is name,
// or -1, and the names of its items.
func itemNamed(n *node, name string) (int, []string) {
	var names []string
	found := -1
	for i, it := range n.items {
		if v := it.get("name"); v != nil && v.kind == scalarNode {
			if v.value == name && found < 0 {
				found = i
			}
			names = append(names, v.value)
		}
	}
	return found, names
}

// isItemName reports whether list n has an item named name.
func isItemName(n *node, name string) bool {
	i, _ := itemNamed(n, name)
	return i >= 0
}

// trimIndex drops a trailing list index: "arms[0].pipeline" stays,
// "x[2]" becomes "x".
func trimIndex(p string) string {
	if i := strings.LastIndex(p, "["); i >= 0 && strings.HasSuffix(p, "]") {
		return p[:i]
	}
	return p
}
