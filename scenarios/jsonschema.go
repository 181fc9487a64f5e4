package scenarios

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"deploysim/models"
)

// JSONSchemaFile is the name deploysim show and init give the scenario
// schema in their yaml-language-server modeline: a path relative to the
// scenario file, where deploysim schema > deploysim-scenario.schema.json
// writes it. docs/schema/ holds a copy.
const JSONSchemaFile = "deploysim-scenario.schema.json"

// Modeline is the first line of a scenario file that deploysim show and
// init write: editors with the YAML language server (VS Code's YAML
// extension, Neovim's yamlls, JetBrains IDEs) complete and check the
// file's keys against the schema it names.
const Modeline = "# yaml-language-server: $schema=" + JSONSchemaFile

// JSONSchema returns a JSON Schema (draft-07, the newest the YAML language
// server supports) of a scenario file, generated from the schema the
// loader decodes with: the top-level keys (topSchema), an arm's name,
// title and extends (armMetaDocs), every arm parameter with its kind,
// built-in default and meaning (armSchema, defaults.yaml), the business
// case (caseFields) and the uncertain ranges. Keys are closed, as the
// loader's are; values are checked as far as a schema can (the syntax of
// a duration, a probability's range, an enumeration's words); the loader
// checks the rest. docs/schema/scenario.schema.json is its output.
func JSONSchema() []byte {
	def, err := builtinArm()
	if err != nil {
		panic("scenarios: built-in defaults: " + err.Error()) // a test keeps them valid
	}
	sections := objectSchema(armSchema, reflect.ValueOf(&def).Elem())
	arm := objectSchema(armSchema, reflect.ValueOf(&def).Elem())
	props := arm["properties"].(map[string]any)
	for _, t := range armMetaDocs {
		props[t.key] = describe(map[string]any{"type": "string", "pattern": nameRE.String()}, t.doc)
	}
	props["title"] = describe(map[string]any{"type": "string"}, lookupTop(armMetaDocs, "title").doc)
	arm["required"] = []string{"name"}
	arm["type"] = "object"

	top := map[string]any{}
	for _, t := range topSchema {
		var s map[string]any
		switch t.key {
		case "name", "baseline":
			s = map[string]any{"type": "string", "pattern": nameRE.String()}
		case "title", "story":
			s = map[string]any{"type": "string"}
		case "sources":
			s = map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
		case "currency":
			s = map[string]any{"type": "string", "pattern": currencyRE.String()}
		case "seed":
			s = intSchema(0, -1)
		case "replications":
			s = intSchema(1, maxReplications)
		case "horizon", "warmup":
			s = durationKind.jsonSchema()
		case "defaults":
			s = sections
		case "arms":
			s = map[string]any{"type": "array", "minItems": 1, "maxItems": maxArms, "items": arm}
		case "case":
			s = caseJSONSchema()
		case "uncertain":
			s = uncertainJSONSchema()
		default:
			panic("scenarios: JSONSchema: no schema for top-level key " + t.key)
		}
		top[t.key] = describe(s, t.doc)
	}
	doc := map[string]any{
		"$schema":              "http://json-schema.org/draft-07/schema#",
		"title":                "deploysim scenario",
		"description":          "A deploysim scenario file: the ways of delivering software to compare (arms), what they share and how to run them. Generated from the loader's schema (scenarios/schema.go, scenarios/defaults.yaml) by `deploysim schema`; docs/scenario-reference.md explains every key.",
		"type":                 "object",
		"properties":           top,
		"additionalProperties": false,
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("scenarios: JSONSchema: " + err.Error()) // maps of strings, numbers and slices always marshal
	}
	return append(out, '\n')
}

func lookupTop(fs []topField, key string) topField {
	for _, f := range fs {
		if f.key == key {
			return f
		}
	}
	panic("scenarios: no key " + key)
}

func describe(s map[string]any, doc string) map[string]any {
	if doc != "" {
		s["description"] = doc
	}
	return s
}

// objectSchema is the schema of a section of the arm schema (the whole arm
// at the top): its keys closed, each with its kind's schema, its meaning
// and, where v holds the built-in defaults, its default. A section may be
// empty (a key with nothing under it changes nothing).
func objectSchema(fs []*field, v reflect.Value) map[string]any {
	props := map[string]any{}
	for _, f := range fs {
		var fv reflect.Value
		if v.IsValid() {
			fv = v.FieldByIndex(f.index)
		}
		var s map[string]any
		switch {
		case f.list:
			s = map[string]any{"type": "array", "items": objectSchema(f.fields, reflect.Value{})}
			s["items"].(map[string]any)["type"] = "object"
		case f.fields != nil:
			s = objectSchema(f.fields, fv)
		default:
			s = f.kind.jsonSchema()
			if fv.IsValid() {
				s["default"] = f.kind.jsonDefault(fv)
			}
		}
		doc := f.doc
		if f.kind == moneyKind {
			doc = "Money " + f.unit + ", in the scenario's currency. " + doc
		} else if f.kind != nil {
			doc = strings.ToUpper(f.kind.name[:1]) + f.kind.name[1:] + ": " + f.kind.syntax + ". " + doc
		}
		props[f.key] = describe(s, doc)
	}
	return map[string]any{"type": []string{"object", "null"}, "properties": props, "additionalProperties": false}
}

// The syntax of the values the parse functions of units.go accept, as
// regular expressions in the subset that ECMA-262 (editors) and Go's
// regexp (the tests' validator) share.
const (
	numberRE   = `[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?`
	durationRE = `[-+]?(?:0|(?:[0-9][0-9_.]*(?:s|m|h|d|w|y|mo))+)`
)

func textPattern(re string) map[string]any {
	return map[string]any{"type": "string", "pattern": `^\s*(?:` + re + `)\s*$`}
}

func anyOf(alts ...map[string]any) map[string]any { return map[string]any{"anyOf": alts} }

func intSchema(lo, hi int) map[string]any {
	n := map[string]any{"type": "integer", "minimum": lo}
	if hi >= 0 {
		n["maximum"] = hi
	}
	return anyOf(n, textPattern(`[-+]?[0-9][0-9_]*`))
}

// jsonSchema is the schema of one value of kind k, as its parse function
// reads it: a YAML number or boolean where the loader accepts one, or
// text in the kind's syntax.
func (k *kind) jsonSchema() map[string]any {
	switch k {
	case durationKind:
		return anyOf(map[string]any{"type": "number", "enum": []any{0}}, textPattern(durationRE))
	case distKind:
		part := map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{
			"mean": describe(durationKind.jsonSchema(), "The mean of the random duration."),
			"cv":   describe(anyOf(map[string]any{"type": "number", "minimum": 0, "maximum": 10}, textPattern(numberRE)), "Coefficient of variation: standard deviation ÷ mean, in [0, 10]; 0 makes it always the mean."),
		}}
		return anyOf(durationKind.jsonSchema(), part)
	case timeKind:
		return anyOf(map[string]any{"type": "number", "minimum": 0, "maximum": 24},
			textPattern(`[0-9]{1,2}:[0-9]{2}|`+numberRE+`|`+durationRE))
	case probKind:
		return anyOf(map[string]any{"type": "number", "minimum": 0, "maximum": 1}, textPattern(numberRE+`%?`))
	case rateKind:
		return anyOf(map[string]any{"type": "number", "minimum": 0}, textPattern(numberRE+`(?:\s*/\s*(?:day|d|week|wk|w))?`))
	case moneyKind, numberKind:
		return anyOf(map[string]any{"type": "number"}, textPattern(numberRE))
	case intKind:
		return anyOf(map[string]any{"type": "integer"}, textPattern(numberRE))
	case boolKind:
		return map[string]any{"type": "boolean"}
	case weekdayKind:
		return anyOf(map[string]any{"type": "integer", "minimum": 0, "maximum": 6}, textPattern(`(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*`))
	case dayKind:
		return anyOf(map[string]any{"type": "integer", "minimum": 0, "maximum": 364}, textPattern(`(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+[0-9]{1,2}`))
	case textKind:
		return map[string]any{"type": "string"}
	}
	if k.words != nil {
		return map[string]any{"type": "string", "enum": k.words}
	}
	panic("scenarios: no JSON schema for kind " + k.name)
}

// jsonDefault is the built-in default v as a scenario file writes it: a
// number, a boolean, text, or a random duration's {mean, cv}.
func (k *kind) jsonDefault(v reflect.Value) any {
	switch k {
	case probKind, moneyKind, numberKind:
		return v.Float()
	case intKind:
		return v.Int()
	case boolKind:
		return v.Bool()
	case distKind:
		if d := v.Interface().(models.Dist); d.CV != 0 {
			return map[string]any{"mean": formatDuration(d.Mean), "cv": d.CV}
		}
	}
	return k.format(v)
}

// caseJSONSchema is the schema of the case: section (caseFields).
func caseJSONSchema() map[string]any {
	props := map[string]any{
		"from": describe(map[string]any{"type": "string", "pattern": nameRE.String()}, "The arm in use today; default the first arm."),
		"to":   describe(map[string]any{"type": "string", "pattern": nameRE.String()}, "The arm invested in; default the second arm; must differ from from."),
	}
	for _, f := range caseFields {
		var s map[string]any
		switch f.kind {
		case "money", "money per year", "number":
			s = anyOf(map[string]any{"type": "number", "minimum": 0}, textPattern(numberRE))
		case "whole number":
			s = intSchema(0, -1)
		case "share":
			s = probKind.jsonSchema()
		default:
			panic(fmt.Sprintf("scenarios: no JSON schema for case field %s of kind %s", f.key, f.kind))
		}
		props[f.key] = describe(s, f.doc)
	}
	return map[string]any{"type": []string{"object", "null"}, "properties": props, "additionalProperties": false}
}

// uncertainJSONSchema is the schema of the uncertain: section: each key a
// parameter path as --set spells it, each value a 90% interval.
func uncertainJSONSchema() map[string]any {
	end := anyOf(map[string]any{"type": "number"}, map[string]any{"type": "string"})
	dists := make([]any, len(uncertainDists))
	for i, d := range uncertainDists {
		dists[i] = d
	}
	rng := map[string]any{
		"type":                 "object",
		"required":             []string{"low", "high"},
		"additionalProperties": false,
		"properties": map[string]any{
			"low":  describe(end, "The 5th percentile, in the parameter's own units."),
			"high": describe(end, "The 95th percentile, in the parameter's own units."),
			"dist": describe(map[string]any{"type": "string", "enum": dists}, "The distribution; default lognormal for durations, money and rates, beta for probabilities, triangular for other numbers."),
		},
	}
	return map[string]any{
		"type":                 []string{"object", "null"},
		"propertyNames":        map[string]any{"pattern": `^(?:defaults|arms|case)\.`},
		"additionalProperties": rng,
	}
}
