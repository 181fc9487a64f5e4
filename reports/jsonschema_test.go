package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"deploysim/dora"
	"deploysim/metrics"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles one of the published schemas in docs/schema with
// a validator we did not write, which checks it against its metaschema
// (draft-07) first.
func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join("..", "docs", "schema", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s does not compile: %v", path, err)
	}
	return s
}

func validateJSON(t *testing.T, s *jsonschema.Schema, what string, data []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

// TestJSONGoldensMatchSchemas validates the run's and the case's JSON
// goldens, and the JSON of the synthetic summary, against the schemas
// published in docs/schema, and checks that the run schema names exactly
// the metric keys the package has.
func TestJSONGoldensMatchSchemas(t *testing.T) {
	run, cs := compileSchema(t, "run.schema.json"), compileSchema(t, "case.schema.json")
	validateJSON(t, run, "summary.json.golden", readFile(t, filepath.Join("testdata", "summary.json.golden")))
	validateJSON(t, cs, "case.json.golden", readFile(t, filepath.Join("testdata", "case.json.golden")))

	s := metrics.Summarize(synthetic(8), syntheticMeta, dora.DORA2024)
	var buf bytes.Buffer
	if err := writeJSON(&buf, &s); err != nil {
		t.Fatal(err)
	}
	validateJSON(t, run, "a synthetic summary rated by DORA 2024", buf.Bytes())

	// A document the schema must refuse: a case JSON whose bounds are
	// strings again, and one with a misspelt source.
	golden := string(readFile(t, filepath.Join("testdata", "case.json.golden")))
	for _, bad := range []struct{ what, from, to string }{
		{"bounds as strings", `"low": 300,`, `"low": "300",`},
		{"labour spelt the other way", `"labor_out_of_hours": {`, `"labour_out_of_hours": {`},
		{"restore_hours", `"recovery_time_hours"`, `"restore_hours"`},
	} {
		if !strings.Contains(golden, bad.from) {
			t.Fatalf("%s: case.json.golden has no %s", bad.what, bad.from)
		}
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(golden, bad.from, bad.to, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if cs.Validate(v) == nil {
			t.Errorf("%s: the case schema accepts it", bad.what)
		}
	}

	var schema struct {
		Definitions map[string]any `json:"definitions"`
		Properties  struct {
			Arms struct {
				Items struct {
					Properties map[string]struct {
						Required []string `json:"required"`
					} `json:"properties"`
				} `json:"items"`
			} `json:"arms"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(readFile(t, filepath.Join("..", "docs", "schema", "run.schema.json")), &schema); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, m := range metrics.All() {
		keys = append(keys, m.Key)
	}
	for _, obj := range []string{"metrics", "ratios"} {
		if got := schema.Properties.Arms.Items.Properties[obj].Required; !slices.Equal(got, keys) {
			t.Errorf("run.schema.json: %s lists the metrics %v, the package has %v", obj, got, keys)
		}
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
