package export

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"deploysim/internal/thirdparty"
	"deploysim/models"
	"deploysim/scenarios"
)

// cdeventsSchemas compiles every schema of the spec, links included, by
// its $id, asserting formats (date-time, uri): JSON Schema draft 2020-12.
func cdeventsSchemas(t *testing.T) func(typ string) *jsonschema.Schema {
	dir := filepath.Join(thirdparty.Dir(t, "cdevents-0.5.1"), "schemas")
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	idOf := map[string]string{} // event type → schema $id
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	links, _ := filepath.Glob(filepath.Join(dir, "links", "*.json"))
	if len(files) < 40 || len(links) < 5 {
		t.Fatalf("%s: %d schemas and %d link schemas; the spec has 45 and 8", dir, len(files), len(links))
	}
	for _, f := range append(files, links...) {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if err := c.AddResource(id, doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		// An event schema names its type in context.type's enum.
		if props, ok := doc.(map[string]any)["properties"].(map[string]any); ok {
			if ctx, ok := props["context"].(map[string]any); ok {
				typ := ctx["properties"].(map[string]any)["type"].(map[string]any)["enum"].([]any)[0].(string)
				idOf[typ] = id
			}
		}
	}
	compiled := map[string]*jsonschema.Schema{}
	return func(typ string) *jsonschema.Schema {
		id, ok := idOf[typ]
		if !ok {
			t.Fatalf("event type %q: no schema of the spec has it", typ)
		}
		if s, ok := compiled[id]; ok {
			return s
		}
		s, err := c.Compile(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		compiled[id] = s
		return s
	}
}

func eventType(t *testing.T, ev any) string {
	ctx, _ := ev.(map[string]any)["context"].(map[string]any)
	typ, _ := ctx["type"].(string)
	if typ == "" {
		t.Fatalf("an event without context.type: %v", ev)
	}
	return typ
}

// The validator accepts what the spec accepts: every conformance example.
func TestCDEventsConformanceExamplesValidate(t *testing.T) {
	schema := cdeventsSchemas(t)
	files, _ := filepath.Glob(filepath.Join(thirdparty.Dir(t, "cdevents-0.5.1"), "conformance", "*.json"))
	if len(files) < 40 {
		t.Fatalf("%d conformance examples; the spec has one per event type", len(files))
	}
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := jsonschema.UnmarshalJSON(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := schema(eventType(t, ev)).Validate(ev); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
	}
	// And rejects what it does not: a deployment without its artifact.
	bad := map[string]any{"context": map[string]any{"specversion": "0.5.1", "id": "x", "source": "/s", "type": "dev.cdevents.service.deployed.0.3.0", "timestamp": "2026-01-05T09:00:00Z"},
		"subject": map[string]any{"id": "svc", "content": map[string]any{"environment": map[string]any{"id": "production"}}}}
	if schema("dev.cdevents.service.deployed.0.3.0").Validate(bad) == nil {
		t.Error("a service.deployed event without artifactId validated")
	}
}

func exportArm(t *testing.T, scenario, arm string, weeks float64, rep int) (*Data, *models.Outcome) {
	t.Helper()
	sc, err := scenarios.Load(scenario)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := sc.Arm(arm)
	if !ok {
		t.Fatalf("%s has no arm %s", scenario, arm)
	}
	exp := sc.Experiment()
	if weeks > 0 {
		exp.HorizonHours = weeks * 7 * 24
	}
	d, o, err := Simulate(context.Background(), &a, &exp, Options{Scenario: sc.Name, Replication: rep})
	if err != nil {
		t.Fatal(err)
	}
	return d, o
}

// Every exported event validates, and the links tell the simulation's own
// story: each incident names the deployment that caused it in the trace,
// and starts when the outcome's incident log says it did.
func TestCDEventsValidAndCausal(t *testing.T) {
	schema := cdeventsSchemas(t)
	for _, arm := range []struct {
		scenario, arm string
		weeks         float64
	}{
		{"epic-vs-continuous", "quarterly-manual", 52},
		{"epic-vs-continuous", "continuous-deployment", 13},
		{"canary-vs-big-bang", "canary", 13},
	} {
		d, o := exportArm(t, arm.scenario, arm.arm, arm.weeks, 0)
		var buf bytes.Buffer
		if err := WriteCDEvents(&buf, d); err != nil {
			t.Fatal(err)
		}
		byID := map[string]map[string]any{}
		var events []map[string]any
		types := map[string]int{}
		for i, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			ev, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
			if err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}
			typ := eventType(t, ev)
			types[typ]++
			if err := schema(typ).Validate(ev); err != nil {
				t.Fatalf("%s line %d (%s): %v", arm.arm, i+1, typ, err)
			}
			m := ev.(map[string]any)
			byID[m["context"].(map[string]any)["id"].(string)] = m
			events = append(events, m)
		}
		if len(byID) != len(events) {
			t.Fatalf("%s: %d events but %d distinct ids", arm.arm, len(events), len(byID))
		}
		t.Logf("%s/%s: %d events %v", arm.scenario, arm.arm, len(events), types)
		cause := map[string]string{} // incident → deployment, from the trace
		for _, in := range o.Trace.Incidents {
			if in.Deployment > 0 {
				cause[IncidentID(in.Index)] = DeploymentID(in.Deployment)
			}
		}
		checked := 0
		for _, ev := range events {
			ctx := ev["context"].(map[string]any)
			typ := ctx["type"].(string)
			if typ != "dev.cdevents.incident.detected.0.3.0" && typ != "dev.cdevents.incident.reported.0.3.0" {
				continue
			}
			inc := ev["subject"].(map[string]any)["id"].(string)
			started, err := time.Parse(time.RFC3339, ev["customData"].(map[string]any)["startedAt"].(string))
			if err != nil {
				t.Fatal(err)
			}
			h := started.Sub(d.From).Hours()
			found := false
			for _, r := range o.IncidentLog {
				found = found || math.Abs(r.StartHours-h) < 1.0/3600
			}
			if !found {
				t.Errorf("%s: incident %s starts at %g h, which is no incident of the outcome's log", arm.arm, inc, h)
			}
			var blamed string
			links, _ := ctx["links"].([]any)
			for _, l := range links {
				lm := l.(map[string]any)
				if lm["linkKind"] == LinkCause {
					target := byID[lm["target"].(map[string]any)["contextId"].(string)]
					if target == nil {
						t.Fatalf("%s: incident %s links to an event not in the export", arm.arm, inc)
					}
					// The service event links to its pipeline run, whose
					// subject is the deployment.
					for _, tl := range target["context"].(map[string]any)["links"].([]any) {
						if tl.(map[string]any)["linkKind"] == LinkPipeline {
							run := byID[tl.(map[string]any)["target"].(map[string]any)["contextId"].(string)]
							blamed = run["subject"].(map[string]any)["id"].(string)
						}
					}
					if target["context"].(map[string]any)["chainId"] != ctx["chainId"] {
						t.Errorf("%s: incident %s is not in the chain of the deployment it links to", arm.arm, inc)
					}
				}
			}
			want := cause[inc]
			if d.deployment(want) == nil {
				want = "" // caused by a deployment before the window
			}
			if blamed != want {
				t.Errorf("%s: incident %s links to deployment %q, the simulation says %q", arm.arm, inc, blamed, want)
			}
			checked++
		}
		if checked != len(d.Incidents) {
			t.Errorf("%s: checked %d incident events, the export has %d incidents", arm.arm, checked, len(d.Incidents))
		}
	}
}

func (d *Data) deployment(id string) *Deployment {
	for i := range d.Deployments {
		if d.Deployments[i].ID == id {
			return &d.Deployments[i]
		}
	}
	return nil
}

// traceOf re-runs the replication an export came from and returns its
// trace (for building the same window on another calendar).
func traceOf(t *testing.T, d *Data) *models.Trace {
	t.Helper()
	_, o := exportArm(t, d.Scenario, d.Arm, float64(d.Weeks), d.Replication)
	return o.Trace
}
