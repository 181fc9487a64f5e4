package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"deploysim/models"
)

// maxListItems bounds pipeline stages, canary steps and freezes.
const maxListItems = 1000

// decoder fills a models.Arm from a tree with the schema, reporting values
// that do not parse. With an index it also records which node set each
// field path, so that model validation errors can be traced back.
type decoder struct {
	errs  *errorSink
	index map[string]entry // arm-relative path → where it was set; nil if not needed
	// missing, if set, receives "missing mean" for a random duration that
	// has none once merged: a partial mapping ({cv: 1}) is fine in an arm
	// that inherits a mean, so only the resolved arm can tell.
	missing *errorSink
	context string // "defaults" or "" (an arm), for hints
}

// entry is where one field path of a resolved arm was set.
type entry struct {
	n    *node
	rel  string // the path to show ("deploy.step_time" for a scalar distribution's ".mean")
	kind *kind
}

func (d *decoder) record(rel string, n *node, shown string, k *kind) {
	if d.index != nil {
		d.index[rel] = entry{n: n, rel: shown, kind: k}
	}
}

// allPaths lists every section and leaf path of the schema, for "did you
// mean" hints about a key written at the wrong level.
var allPaths = func() []string {
	var out []string
	var walk func(fs []*field, prefix string)
	walk = func(fs []*field, prefix string) {
		for _, f := range fs {
			p := joinPath(prefix, f.key)
			out = append(out, p)
			walk(f.fields, p)
		}
	}
	walk(armSchema, "")
	return out
}()

// fields decodes mapping n into struct v with the fields fs; keys in skip
// (an arm's name, title, extends) are left alone.
func (d *decoder) fields(fs []*field, n *node, rel string, v reflect.Value, skip []string) {
	if n.kind == nullNode {
		return
	}
	// Recorded before the check, so that model errors about the fields
	// of a section that is not a mapping find this node, marked bad, and
	// are dropped: one error, not one per field.
	d.record(rel, n, rel, nil)
	if n.kind != mapNode {
		d.errs.badValue(n, n.path, fmt.Sprintf("must be a mapping of %s, got %s", describeKeys(fs), n.kind))
		return
	}
	for i, k := range n.keys {
		val := n.vals[i]
		if slices.Contains(skip, k.value) {
			continue
		}
		f := lookup(fs, k.value)
		if f == nil {
			d.errs.at(k, k.path, d.unknown(fs, k.value, rel == ""))
			continue
		}
		p := joinPath(rel, f.key)
		fv := v.FieldByIndex(f.index)
		switch {
		case f.list:
			d.list(f, val, p, fv)
		case f.fields != nil:
			d.fields(f.fields, val, p, fv, nil)
		default:
			d.leaf(f, val, p, fv)
		}
	}
}

// unknown explains an unknown key: the nearest key of the section, or the
// same key in another section.
func (d *decoder) unknown(fs []*field, key string, armLevel bool) string {
	if armLevel && d.context == "defaults" && slices.Contains(armMetaKeys, key) {
		return "unknown field; " + key + " belongs in an arm, not in defaults"
	}
	candidates := keysOf(fs)
	if armLevel && d.context != "defaults" {
		candidates = append(candidates, armMetaKeys...)
	}
	if s := Suggest(key, candidates); s != "" {
		return "unknown field; did you mean " + s + "?"
	}
	var elsewhere []string
	for _, p := range allPaths {
		if p == key || strings.HasSuffix(p, "."+key) {
			elsewhere = append(elsewhere, p)
		}
	}
	if len(elsewhere) > 0 {
		return "unknown field here; did you mean " + strings.Join(elsewhere, " or ") + "?"
	}
	return "unknown field; known fields: " + strings.Join(candidates, ", ")
}

func describeKeys(fs []*field) string {
	keys := keysOf(fs)
	if len(keys) > 4 {
		keys = append(keys[:4:4], "…")
	}
	return "fields (" + strings.Join(keys, ", ") + ")"
}

func (d *decoder) list(f *field, n *node, rel string, v reflect.Value) {
	d.record(rel, n, rel, nil)
	switch n.kind {
	case nullNode:
		v.Set(reflect.Zero(v.Type()))
		return
	case seqNode:
	default:
		d.errs.badValue(n, n.path, fmt.Sprintf("must be a list (write [] for none), got %s", n.kind))
		return
	}
	if len(n.items) > maxListItems {
		d.errs.badValue(n, n.path, fmt.Sprintf("must have at most %d items, got %d", maxListItems, len(n.items)))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.items), len(n.items))
	for i, item := range n.items {
		d.fields(f.fields, item, fmt.Sprintf("%s[%d]", rel, i), s.Index(i), nil)
	}
	v.Set(s)
}

func (d *decoder) leaf(f *field, n *node, rel string, v reflect.Value) {
	if f.kind == distKind {
		d.dist(n, rel, v)
		return
	}
	d.record(rel, n, rel, f.kind)
	if n.kind != scalarNode {
		d.errs.badValue(n, n.path, fmt.Sprintf("must be a %s (%s), got %s", f.kind.name, plain(f.kind.syntax), n.kind))
		return
	}
	x, msg := f.kind.parse(n.value)
	if msg != "" && f.hasRange && strings.HasPrefix(msg, "must be a whole number in [") {
		// Past an int32: the field's own range says more than int32's.
		msg = fmt.Sprintf("must be a whole number in [%d,%d], got %s", f.lo, f.hi, strings.TrimSpace(n.value))
	}
	if msg != "" {
		d.errs.badValue(n, n.path, msg)
		return
	}
	switch v.Kind() {
	case reflect.Float64:
		v.SetFloat(x.(float64))
	case reflect.Int:
		v.SetInt(int64(x.(int)))
	case reflect.Bool:
		v.SetBool(x.(bool))
	case reflect.String:
		v.SetString(x.(string))
	}
}

// plain drops Markdown backquotes from reference text for a message.
func plain(s string) string { return strings.ReplaceAll(s, "`", "") }

// dist decodes a random duration: a scalar duration (CV 0) or a mapping
// {mean, cv}.
func (d *decoder) dist(n *node, rel string, v reflect.Value) {
	var out models.Dist
	switch n.kind {
	case scalarNode:
		d.record(rel, n, rel, distKind)
		d.record(rel+".mean", n, rel, distKind)
		d.record(rel+".cv", n, rel, numberKind)
		h, msg := parseDuration(n.value)
		if msg != "" {
			d.errs.badValue(n, n.path, msg)
			return
		}
		out.Mean = h
	case mapNode:
		d.record(rel, n, rel, distKind)
		d.record(rel+".cv", n, rel+".cv", numberKind)
		var mean *node
		for i, k := range n.keys {
			val := n.vals[i]
			switch k.value {
			case "mean":
				mean = val
				d.record(rel+".mean", val, rel+".mean", distKind)
				if val.kind != scalarNode {
					d.errs.badValue(val, val.path, fmt.Sprintf("invalid duration: got %s (%s)", val.kind, durationHelp))
					continue
				}
				h, msg := parseDuration(val.value)
				if msg != "" {
					d.errs.badValue(val, val.path, msg)
					continue
				}
				out.Mean = h
			case "cv":
				d.record(rel+".cv", val, rel+".cv", numberKind)
				if val.kind != scalarNode {
					d.errs.badValue(val, val.path, fmt.Sprintf("invalid number: got %s", val.kind))
					continue
				}
				x, msg := parseNumber(val.value)
				if msg != "" {
					d.errs.badValue(val, val.path, msg)
					continue
				}
				out.CV = x
			default:
				d.errs.at(k, k.path, "unknown field; a random duration has mean and cv"+didYouMean(k.value, []string{"mean", "cv"}))
			}
		}
		if mean == nil && d.missing != nil {
			d.missing.badValue(n, n.path, "missing mean (write {mean: 2h, cv: 0.5}, or just 2h)")
		}
	case nullNode:
		d.errs.badValue(n, n.path, "missing value ("+plain(distKind.syntax)+")")
		return
	default:
		d.errs.badValue(n, n.path, "must be a duration or {mean: 2h, cv: 0.5}, got "+n.kind.String())
		return
	}
	v.Set(reflect.ValueOf(out))
}

// locate finds where the model's field path p was set: the node itself,
// or failing that its nearest ancestor.
func (d *decoder) locate(p string) (entry, bool) {
	if e, ok := d.index[p]; ok {
		return e, true
	}
	for q := p; q != ""; {
		i := strings.LastIndexAny(q, ".[")
		if i < 0 {
			q = ""
		} else {
			q = q[:i]
		}
		if e, ok := d.index[q]; ok {
			return e, false
		}
	}
	return d.index[""], false
}

var (
	hoursInMsg = regexp.MustCompile(`(-?[0-9][0-9.]*(?:e[+-]?[0-9]+)?) h\b`)
	gotAtEnd   = regexp.MustCompile(`got (-?[0-9][0-9.]*(?:e[+-]?[0-9]+)?)( h)?$`)
)

// humanize rewrites hours in a model message into the file's units:
// "must be shorter than release.every (2184 h), got 2200 h" becomes
// "… (13w), got 2200h"; for a duration field a bare "got 0.25" becomes
// "got 15m".
func humanize(msg string, k *kind) string {
	toDur := func(num string) string {
		x, m := parseNumber(num)
		if m != "" {
			return num
		}
		if y := x / 8760; x >= 10*8760 && y == math.Trunc(y) {
			return formatNumber(y) + "y" // "100y", not "36500d"
		}
		return formatDuration(x)
	}
	msg = hoursInMsg.ReplaceAllStringFunc(msg, func(s string) string {
		return toDur(strings.TrimSuffix(s, " h"))
	})
	if k != nil && k.hours() {
		msg = gotAtEnd.ReplaceAllStringFunc(msg, func(s string) string {
			return "got " + toDur(strings.TrimPrefix(s, "got "))
		})
	}
	return msg
}
