package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"deploysim/scenarios"
)

// compileSchema compiles a schema of docs/schema with a validator we did
// not write.
func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "schema", name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s does not compile: %v", name, err)
	}
	return s
}

func validateAgainst(t *testing.T, s *jsonschema.Schema, what string, data []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

// TestJSONGoldensMatchSchemas validates the JSON goldens of run, sweep and
// sensitivity against the schemas published in docs/schema (the case's
// golden is checked in package reports).
func TestJSONGoldensMatchSchemas(t *testing.T) {
	for golden, schema := range map[string]string{
		"run.json.golden":         "run.schema.json",
		"sweep.json.golden":       "sweep.schema.json",
		"sensitivity.json.golden": "sensitivity.schema.json",
	} {
		data, err := os.ReadFile(filepath.Join("testdata", golden))
		if err != nil {
			t.Fatal(err)
		}
		validateAgainst(t, compileSchema(t, schema), golden, data)
	}
}

// TestScenarioSchema checks that deploysim schema prints the generated
// schema that docs/schema holds, and that everything show and init write
// starts with the modeline that names it and validates against it, as an
// editor running the YAML language server reads it (YAML 1.2 types, then
// JSON's data model).
func TestScenarioSchema(t *testing.T) {
	r := cli(t, "schema")
	if r.code != exitOK || r.stdout != string(scenarios.JSONSchema()) {
		t.Fatalf("deploysim schema: status %d, stderr %q, not scenarios.JSONSchema()", r.code, r.stderr)
	}
	if docs, err := os.ReadFile(filepath.Join("..", "..", "docs", "schema", "scenario.schema.json")); err != nil || string(docs) != r.stdout {
		t.Errorf("docs/schema/scenario.schema.json is not what deploysim schema prints (go test ./scenarios -run TestJSONSchemaFile -update): %v", err)
	}
	if r := cli(t, "schema", "extra"); r.code != exitUsage {
		t.Errorf("deploysim schema extra: status %d, want %d", r.code, exitUsage)
	}
	s := compileSchema(t, "scenario.schema.json")
	check := func(what, text string) {
		t.Helper()
		if first, _, _ := strings.Cut(text, "\n"); first != scenarios.Modeline {
			t.Errorf("%s: first line %q, want the modeline %q", what, first, scenarios.Modeline)
		}
		var v any
		if err := yaml.Unmarshal([]byte(text), &v); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		validateAgainst(t, s, what, data)
	}
	for _, name := range scenarios.List() {
		for _, args := range [][]string{{"show", name}, {"show", name, "--changed"}} {
			r := cli(t, args...)
			if r.code != exitOK {
				t.Fatalf("%v: status %d: %s", args, r.code, r.stderr)
			}
			check(strings.Join(args, " "), r.stdout)
		}
	}
	for _, args := range [][]string{{"init", "-"}, {"init", "--case", "-"}} {
		r := cli(t, args...)
		if r.code != exitOK {
			t.Fatalf("%v: status %d: %s", args, r.code, r.stderr)
		}
		check(strings.Join(args, " "), r.stdout)
	}
}
