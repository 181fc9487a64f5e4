package scenarios

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// TestJSONSchemaFile keeps docs/schema/scenario.schema.json in step with
// the schema the loader uses. Run go test ./scenarios -run
// TestJSONSchemaFile -update to regenerate it.
func TestJSONSchemaFile(t *testing.T) {
	path := filepath.Join("..", "docs", "schema", "scenario.schema.json")
	got := JSONSchema()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./scenarios -run TestJSONSchemaFile -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go test ./scenarios -run TestJSONSchemaFile -update", path)
	}
}

// compileScenarioSchema compiles JSONSchema with a validator we did not
// write, which also checks the schema against draft-07's metaschema.
func compileScenarioSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("scenario.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("scenario.schema.json")
	if err != nil {
		t.Fatalf("the scenario schema does not compile: %v", err)
	}
	return s
}

// yamlAsJSON reads a YAML file as the YAML language server hands it to
// the schema: YAML 1.2's types, then the JSON data model.
func yamlAsJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestJSONSchemaValidates checks every built-in scenario, the defaults and
// both templates against the generated schema, and that it refuses what
// the loader refuses: an unknown key, a word outside an enumeration, a
// malformed duration, a probability above 1.
func TestJSONSchemaValidates(t *testing.T) {
	s := compileScenarioSchema(t)
	for _, name := range List() {
		data, err := library.ReadFile("library/" + name + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(yamlAsJSON(t, data)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, data := range map[string][]byte{"template.yaml": Template(), "case-template.yaml": CaseTemplate()} {
		if err := s.Validate(yamlAsJSON(t, data)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	defaults := "defaults:\n" + indent(string(defaultsYAML))
	if err := s.Validate(yamlAsJSON(t, []byte(defaults))); err != nil {
		t.Errorf("defaults.yaml as a scenario's defaults: %v", err)
	}

	for _, bad := range []struct{ what, yaml, want string }{
		{"unknown top-level key", "titel: x\n", "titel"},
		{"unknown arm key", "arms:\n  - name: a\n    deploy: {step_eror_prob: 0.1}\n", "step_eror_prob"},
		{"enumeration", "arms:\n  - name: a\n    release: {policy: sometimes}\n", "policy"},
		{"duration", "arms:\n  - name: a\n    release: {every: 13 weeks}\n", "every"},
		{"probability", "arms:\n  - name: a\n    work: {defect_prob: 1.5}\n", "defect_prob"},
		{"arm without a name", "arms:\n  - title: x\n", "name"},
		{"uncertain range", "uncertain:\n  defaults.money.loss_per_minute: {low: 1}\n", "high"},
	} {
		if _, err := Parse("bad.yaml", []byte(bad.yaml)); err == nil {
			t.Errorf("%s: the loader accepts it; the case is not a refusal", bad.what)
		}
		err := s.Validate(yamlAsJSON(t, []byte(bad.yaml)))
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: got %v, want an error naming %s", bad.what, err, bad.want)
		}
	}
}

func indent(s string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		if strings.TrimSpace(line) != "" {
			b.WriteString("  ")
		}
		b.WriteString(line)
	}
	return b.String()
}
