package export

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"deploysim/internal/thirdparty"
)

// reqField is one field of a DevLake webhook request struct: the key
// mapstructure reads (the tag, or the field name matched without regard
// to case), whether it is a date, and its validate rules.
type reqField struct {
	key      string
	date     bool
	required bool
	oneof    []string
	nested   string // element struct of a []Struct field
}

// requestRules reads struct name of DevLake's webhook plugin source.
func requestRules(t *testing.T, file, name string) map[string]reqField {
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)type ` + name + ` struct \{\n(.*?)\n\}`).FindStringSubmatch(string(src))
	if m == nil {
		t.Fatalf("%s: no struct %s", file, name)
	}
	field := regexp.MustCompile("^\\s*(\\w+)\\s+(\\S+)\\s*(`.*`)?")
	tag := func(tags, key string) string {
		v := regexp.MustCompile(key + `:"([^"]*)"`).FindStringSubmatch(tags)
		if v == nil {
			return ""
		}
		return v[1]
	}
	rules := map[string]reqField{}
	for _, line := range strings.Split(m[1], "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "//") {
			continue
		}
		f := field.FindStringSubmatch(line)
		if f == nil {
			continue
		}
		key := tag(f[3], "mapstructure")
		if key == "" {
			key = f[1]
		}
		r := reqField{key: key, date: strings.HasSuffix(f[2], "time.Time")}
		for _, rule := range strings.Split(tag(f[3], "validate"), ",") {
			switch {
			case rule == "required":
				r.required = true
			case strings.HasPrefix(rule, "oneof="):
				r.oneof = strings.Fields(strings.TrimPrefix(rule, "oneof="))
			}
		}
		if strings.HasPrefix(f[2], "[]") {
			r.nested = strings.TrimPrefix(f[2], "[]")
		}
		rules[strings.ToLower(key)] = r
	}
	return rules
}

// checkBody applies DevLake's rules to a JSON body: every key is a field
// of the request (mapstructure matches keys case-insensitively), required
// fields are present and not empty, oneof values are allowed, dates parse
// as RFC 3339 (mapstructure's time hook).
func checkBody(what string, body map[string]any, rules map[string]reqField, nested map[string]map[string]reqField) []string {
	var problems []string
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for k, v := range body {
		r, ok := rules[strings.ToLower(k)]
		if !ok {
			errorf("%s: key %q is no field of DevLake's request", what, k)
			continue
		}
		if r.date {
			s, _ := v.(string)
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				errorf("%s: %s %q is not an RFC 3339 date", what, k, s)
			} else if !regexp.MustCompile(`(Z|[+-]\d\d:\d\d)$`).MatchString(s) {
				errorf("%s: %s %q has no offset", what, k, s)
			}
		}
		if len(r.oneof) > 0 {
			s, _ := v.(string)
			found := false
			for _, o := range r.oneof {
				found = found || s == o
			}
			if !found {
				errorf("%s: %s %q is not one of %v", what, k, s, r.oneof)
			}
		}
		if r.nested != "" {
			list, _ := v.([]any)
			for _, el := range list {
				problems = append(problems, checkBody(what+"."+k, el.(map[string]any), nested[r.nested], nested)...)
			}
		}
	}
	for _, r := range rules {
		if !r.required {
			continue
		}
		found := false
		for k, v := range body {
			if strings.EqualFold(k, r.key) && v != nil && v != "" {
				found = true
			}
		}
		if !found {
			errorf("%s: required field %s missing or empty", what, r.key)
		}
	}
	return problems
}

func TestWebhookBodiesPassDevLakesRules(t *testing.T) {
	ref := filepath.Join(thirdparty.Dir(t, "devlake"), "reference")
	deployments := filepath.Join(ref, "plugins_webhook_api_deployments.go")
	depRules := requestRules(t, deployments, "WebhookDeploymentReq")
	nested := map[string]map[string]reqField{"WebhookDeploymentCommitReq": requestRules(t, deployments, "WebhookDeploymentCommitReq")}
	issueRules := requestRules(t, filepath.Join(ref, "plugins_webhook_api_issues.go"), "WebhookIssueRequest")
	// The rules were read, not assumed.
	if !depRules["starteddate"].required || len(issueRules["status"].oneof) != 3 {
		t.Fatalf("could not read DevLake's rules: %v / %v", depRules, issueRules["status"])
	}
	// The rules catch what DevLake would refuse.
	bad := map[string]any{"id": "d-1", "environment": "PROD", "startedDate": "2026-01-05 09:00", "deploymentCommits": []any{map[string]any{"commitSha": "abc"}}, "color": "red"}
	if got := checkBody("bad", bad, depRules, nested); len(got) < 5 {
		t.Errorf("a bad deployment body gave %d problems, want at least 5 (environment, startedDate, finishedDate, an unknown key, the commit's repoUrl and dates): %q", len(got), got)
	}
	for _, arm := range []string{"quarterly-manual", "continuous-deployment"} {
		d, _ := exportArm(t, "epic-vs-continuous", arm, 13, 0)
		names, files, err := d.WebhookFiles()
		if err != nil {
			t.Fatal(err)
		}
		for i, name := range names {
			if !strings.HasSuffix(name, ".ndjson") {
				continue
			}
			rules := depRules
			if name == "incidents.ndjson" {
				rules = issueRules
			}
			lines := strings.Split(strings.TrimSpace(string(files[i])), "\n")
			for n, line := range lines {
				if line == "" {
					continue
				}
				var body map[string]any
				if err := json.Unmarshal([]byte(line), &body); err != nil {
					t.Fatalf("%s line %d: %v", name, n+1, err)
				}
				for _, p := range checkBody(arm+"/"+name+":"+strconv.Itoa(n+1), body, rules, nested) {
					t.Error(p)
				}
				if name == "incidents.ndjson" && body["type"] != "INCIDENT" {
					t.Errorf("%s line %d: type %v, want INCIDENT", name, n+1, body["type"])
				}
			}
		}
	}
}
