package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// A scenario is read into a small tree of its own rather than decoded into
// structs: every value keeps the file, line and field path where it was
// written, so that a value inherited from the defaults, from an extended arm
// or set by an override is still reported where the user can fix it.

// source is where values were written: a scenario file, the built-in
// defaults, or one override.
type source struct {
	name     string // file or built-in name, or "--set path=value"
	rank     int    // errors sort by rank, then line
	builtin  bool   // the project-wide defaults
	override string // the override text, for an override
	target   string // for an override, the canonical path it sets ("arms[0].release.every")
}

type nodeKind int

const (
	nullNode nodeKind = iota // a key with no value, or ~
	scalarNode
	mapNode
	seqNode
)

func (k nodeKind) String() string {
	return [...]string{"nothing", "a single value", "a mapping", "a list"}[k]
}

// node is one value of a scenario tree.
type node struct {
	kind  nodeKind
	value string  // a scalar's text
	line  int     // 1-based line in src, 0 if unknown
	src   *source // where it was written
	path  string  // its field path as written ("defaults.deploy.servers")
	// comment is the reason written beside the value in its file (its
	// line comment, or the comment lines above its key), without "#".
	comment string
	keys    []*node // a mapping's keys (scalars), parallel to vals
	vals    []*node
	items   []*node // a list's items
}

// get returns the value of key in mapping n, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapNode {
		return nil
	}
	for i, k := range n.keys {
		if k.value == key {
			return n.vals[i]
		}
	}
	return nil
}

// set replaces or adds key in mapping n.
func (n *node) set(key, v *node) {
	for i, k := range n.keys {
		if k.value == key.value {
			n.vals[i] = v
			return
		}
	}
	n.keys = append(n.keys, key)
	n.vals = append(n.vals, v)
}

// clone copies the tree under n; sources are shared.
func (n *node) clone() *node {
	if n == nil {
		return nil
	}
	c := *n
	c.keys = cloneAll(n.keys)
	c.vals = cloneAll(n.vals)
	c.items = cloneAll(n.items)
	return &c
}

func cloneAll(ns []*node) []*node {
	if ns == nil {
		return nil
	}
	out := make([]*node, len(ns))
	for i, n := range ns {
		out[i] = n.clone()
	}
	return out
}

// Limits that keep a hostile or broken file from costing much.
const (
	maxFileBytes = 1 << 20
	maxDepth     = 32
)

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML reads one YAML document into a tree. Syntax errors, aliases
// and duplicate keys go to errs; the tree is nil if the text is not YAML.
func parseYAML(data []byte, src *source, rootPath string, errs *errorSink) *node {
	fail := func(line int, msg string) {
		e := &Error{Source: src.name, Line: line, Msg: msg, rank: src.rank}
		if src.override != "" {
			e.Line = 0
		}
		errs.add(e)
	}
	if len(data) > maxFileBytes {
		fail(0, fmt.Sprintf("too large: %d bytes (at most %d)", len(data), maxFileBytes))
		return nil
	}
	if line, msg := checkText(data); msg != "" {
		fail(line, msg)
		return nil
	}
	doc, err := decodeYAML(data)
	if err != nil {
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			if parserError(m[2]) {
				line++
			}
			if strings.Contains(m[2], "tab character") && tabHint(data, line) == "" && tabHint(data, line+1) != "" {
				line++ // the parser names the line before the tab's
			}
			if strings.Contains(m[2], "tab") {
				fail(line, "invalid YAML: "+m[2])
			} else {
				fail(line, "invalid YAML: "+m[2]+tabHint(data, line))
			}
		} else if line, directive := yamlDirective(data); line > 0 && strings.Contains(msg, "incompatible YAML document") {
			fail(line, fmt.Sprintf("invalid YAML: %s: this YAML version is not supported; a scenario file needs no %%YAML line", directive))
		} else {
			fail(0, "invalid YAML: "+trimYAMLPrefix(msg))
		}
		return nil
	}
	if doc == nil || len(doc.Content) == 0 {
		return &node{kind: nullNode, src: src, path: rootPath, line: 1}
	}
	c := converter{src: src, errs: errs}
	return c.convert(doc.Content[0], rootPath, 0)
}

// checkText finds the first byte that cannot be in a scenario file: one
// that is not UTF-8, or a control character other than tab, line feed and
// carriage return (a binary file, or Latin-1 text). The YAML parser would
// reject it too, but without saying where.
func checkText(data []byte) (line int, msg string) {
	line, start := 1, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		col := i - start + 1
		switch {
		case r == utf8.RuneError && size == 1:
			return line, fmt.Sprintf("not UTF-8 text at line %d, byte %d (0x%02x): save the file as UTF-8", line, col, data[i])
		case r == '\n':
			line, start = line+1, i+1
		case r == '\t' || r == '\r':
		case unicode.IsControl(r) && r != 0x85:
			return line, fmt.Sprintf("control character %U at line %d, byte %d: a scenario is a text file", r, line, col)
		}
		i += size
	}
	return 0, ""
}

// parserError reports whether a yaml error message comes from its parser
// rather than its scanner: yaml v3 numbers the lines of parser errors from
// 0 and of scanner errors from 1 (see parser.fail in its decode.go). The
// problems are those of its parserc.go.
func parserError(problem string) bool {
	return strings.HasPrefix(problem, "did not find expected") ||
		slices.Contains([]string{"found undefined tag handle", "found duplicate %YAML directive",
			"found incompatible YAML document", "found duplicate %TAG directive"}, problem)
}

func trimYAMLPrefix(s string) string {
	if len(s) > 6 && s[:6] == "yaml: " {
		return s[6:]
	}
	return s
}

// decodeYAML parses the first YAML document of data and insists there is
// no second one. The parser is third-party code: a panic in it is turned
// into an error, because Load promises never to panic on any input.
func decodeYAML(data []byte) (doc *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("yaml: parser failed: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var d yaml.Node
	if err := dec.Decode(&d); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("yaml: line %d: a scenario is one YAML document; remove the second \"---\"", extra.Line)
	}
	return &d, nil
}

type converter struct {
	src  *source
	errs *errorSink
}

func (c *converter) fail(n *yaml.Node, path, msg string) {
	c.errs.at(&node{line: n.Line, src: c.src}, path, msg)
}

func (c *converter) convert(y *yaml.Node, path string, depth int) *node {
	n := &node{line: y.Line, src: c.src, path: path}
	if c.src.override != "" {
		n.line = 0
	}
	if depth > maxDepth {
		c.fail(y, path, fmt.Sprintf("nested more than %d levels deep", maxDepth))
		return n
	}
	n.comment = commentText(y.LineComment)
	switch y.Kind {
	case yaml.AliasNode:
		c.fail(y, path, "aliases (*name) are not supported: share values with defaults or extends")
		return n
	case yaml.ScalarNode:
		if y.ShortTag() == "!!null" {
			return n
		}
		n.kind, n.value = scalarNode, y.Value
	case yaml.MappingNode:
		n.kind = mapNode
		first := map[string]int{}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				c.fail(k, path, "a key must be a plain name")
				continue
			}
			kp := joinPath(path, k.Value)
			if k.Value == "<<" {
				c.fail(k, path, "merge keys (<<) are not supported: share values with defaults or extends")
				continue
			}
			if line, dup := first[k.Value]; dup {
				c.fail(k, kp, fmt.Sprintf("duplicate key (first set on line %d)", line))
				continue
			}
			first[k.Value] = k.Line
			key := &node{kind: scalarNode, value: k.Value, line: n.line, src: c.src, path: kp}
			if c.src.override == "" {
				key.line = k.Line
			}
			val := c.convert(v, kp, depth+1)
			if val.comment == "" {
				val.comment = commentText(k.LineComment)
			}
			if val.comment == "" {
				val.comment = commentText(k.HeadComment)
			}
			n.keys = append(n.keys, key)
			n.vals = append(n.vals, val)
		}
	case yaml.SequenceNode:
		n.kind = seqNode
		n.items = make([]*node, 0, len(y.Content))
		for i, item := range y.Content {
			n.items = append(n.items, c.convert(item, fmt.Sprintf("%s[%d]", path, i), depth+1))
		}
	default:
		c.fail(y, path, "unexpected YAML node")
	}
	return n
}

// commentText returns the text of YAML comment lines, "#" and spaces
// trimmed, lines joined by a space.
func commentText(c string) string {
	var parts []string
	for line := range strings.Lines(c) {
		if t := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#")); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

// joinPath appends a key to a field path.
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// tabHint explains a YAML error on a line indented with a tab, which YAML
// does not allow and its parser reports only as a character that "cannot
// start any token".
func tabHint(data []byte, line int) string {
	lines := strings.Split(string(data), "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	l := lines[line-1]
	if strings.Contains(l[:len(l)-len(strings.TrimLeft(l, " \t"))], "\t") {
		return " (a tab in the indentation: YAML indents with spaces)"
	}
	return ""
}

// yamlDirective returns the line and text of a %YAML directive, if any.
func yamlDirective(data []byte) (int, string) {
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "%YAML") {
			return i + 1, strings.TrimSpace(l)
		}
	}
	return 0, ""
}
