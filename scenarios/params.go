package scenarios

import (
	"fmt"
	"reflect"

	"deploysim/models"
)

// Param is one resolved parameter of an arm, for a report's list of
// assumptions.
type Param struct {
	// Path is the field as a scenario file spells it ("deploy.step_time",
	// "pipeline[1].catch_prob").
	Path string
	// Value is written in scenario syntax, with its unit ("45m",
	// "{mean: 2h, cv: 0.5}", "10/day", "0.05"): it can be pasted into a
	// file or a --set override.
	Value string
	// Unit says what Value measures ("duration", "probability",
	// "USD per minute").
	Unit string
	// Doc is the reference's one-line meaning of the field.
	Doc string
}

// Params lists every parameter of arm a, in the order of the reference,
// with list items numbered; money is in currency. An empty list appears
// as one row with the value [].
func Params(a *models.Arm, currency string) []Param {
	var out []Param
	eachLeaf(reflect.ValueOf(a).Elem(),
		func(f *field, p string, fv reflect.Value) {
			out = append(out, Param{Path: p, Value: f.kind.format(fv), Unit: unitOf(f, currency), Doc: firstSentence(f.doc)})
		},
		func(f *field, p string) {
			out = append(out, Param{Path: p, Value: "[]", Unit: "list", Doc: firstSentence(f.doc)})
		})
	return out
}

// eachLeaf calls leaf for every parameter of arm (a models.Arm value;
// addressable, for a leaf that sets it) in the order of the schema, with
// its path as a scenario file spells it ("pipeline[1].catch_prob") and its
// value; and empty, if not nil, for every empty list.
func eachLeaf(arm reflect.Value, leaf func(f *field, path string, v reflect.Value), empty func(f *field, path string)) {
	var walk func(fs []*field, v reflect.Value, prefix string)
	walk = func(fs []*field, v reflect.Value, prefix string) {
		for _, f := range fs {
			p := joinPath(prefix, f.key)
			fv := v.FieldByIndex(f.index)
			switch {
			case f.list:
				if fv.Len() == 0 && empty != nil {
					empty(f, p)
				}
				for i := range fv.Len() {
					walk(f.fields, fv.Index(i), fmt.Sprintf("%s[%d]", p, i))
				}
			case f.fields != nil:
				walk(f.fields, fv, p)
			default:
				leaf(f, p, fv)
			}
		}
	}
	walk(armSchema, arm, "")
}

func unitOf(f *field, currency string) string {
	if f.kind == moneyKind {
		return currency + " " + f.unit
	}
	return f.kind.name
}

// firstSentence returns doc up to its first full stop.
func firstSentence(doc string) string {
	for i := 0; i+1 < len(doc); i++ {
		if doc[i] == '.' && doc[i+1] == ' ' {
			return doc[:i+1]
		}
	}
	return doc
}

// ArmYAML writes arm a in full as an arm of a scenario file (name, title
// and every parameter): what the arm resolves to once defaults and
// extends are applied. Parsing it back gives the same arm.
func ArmYAML(a *models.Arm) []byte { return marshalArm(armNode(a, armShow{})) }
