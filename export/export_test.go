package export

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"deploysim/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// small is a two-week export of continuous delivery with two incidents
// and rolled-back releases, on a calendar with an offset: small enough to
// read as a golden file.
func small(t *testing.T) *Data {
	t.Helper()
	d, _ := exportArm(t, "epic-vs-continuous", "continuous-delivery", 2, 47)
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.FixedZone("", 3600))
	d2, err := Build(traceOf(t, d), Options{Scenario: d.Scenario, Arm: d.Arm, Seed: d.Seed, Replication: d.Replication, Start: start})
	if err != nil {
		t.Fatal(err)
	}
	return d2
}

func TestGoldenExports(t *testing.T) {
	d := small(t)
	if len(d.Incidents) < 2 || len(d.Deployments) < 5 {
		t.Fatalf("the small export has %d deployments and %d incidents; pick another replication", len(d.Deployments), len(d.Incidents))
	}
	var b bytes.Buffer
	if err := WriteDevLakeSQL(&b, d, d.ToDevLake()); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "devlake.sql", b.Bytes(), *update, "./export")
	b.Reset()
	if err := WriteCDEvents(&b, d); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "cdevents.ndjson", b.Bytes(), *update, "./export")
	b.Reset()
	if err := WriteFourKeys(&b, d); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "fourkeys.ndjson", b.Bytes(), *update, "./export")
	for _, files := range []func() ([]string, [][]byte, error){d.WebhookFiles, d.CSVFiles} {
		names, contents, err := files()
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range names {
			golden.Check(t, n, contents[i], *update, "./export")
		}
	}
	b.Reset()
	if err := Compare(d).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "compare.txt", b.Bytes(), *update, "./export")
	b.Reset()
	if err := Compare(d).WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "compare.md", b.Bytes(), *update, "./export")
}

// The same seed gives the same records, byte for byte; another
// replication gives other IDs' contents and other SHAs.
func TestExportIsStableForASeed(t *testing.T) {
	a, _ := exportArm(t, "epic-vs-continuous", "continuous-delivery", 4, 3)
	b, _ := exportArm(t, "epic-vs-continuous", "continuous-delivery", 4, 3)
	c, _ := exportArm(t, "epic-vs-continuous", "continuous-delivery", 4, 4)
	for _, w := range []func(*Data) []byte{
		func(d *Data) []byte { var x bytes.Buffer; WriteCDEvents(&x, d); return x.Bytes() },
		func(d *Data) []byte { var x bytes.Buffer; WriteDevLakeSQL(&x, d, d.ToDevLake()); return x.Bytes() },
	} {
		if !bytes.Equal(w(a), w(b)) {
			t.Error("two exports of the same replication differ")
		}
		if bytes.Equal(w(a), w(c)) {
			t.Error("two replications export the same records")
		}
	}
	shas := map[string]bool{}
	for _, ch := range append(a.Changes, c.Changes...) {
		shas[ch.SHA] = true
	}
	if len(shas) != len(a.Changes)+len(c.Changes) {
		t.Error("two replications share a commit SHA")
	}
}

// docColumns reads the column names of each file's table in
// docs/records-csv.md: the documented format and the writer agree.
func docColumns(t *testing.T) map[string][]string {
	raw, err := os.ReadFile(filepath.Join("..", "docs", "records-csv.md"))
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string][]string{}
	file := ""
	for _, line := range strings.Split(string(raw), "\n") {
		if m := regexp.MustCompile(`^## (\w+\.csv)`).FindStringSubmatch(line); m != nil {
			file = m[1]
			continue
		}
		if m := regexp.MustCompile(`^\| (\w+) \|`).FindStringSubmatch(line); m != nil && file != "" && m[1] != "column" {
			cols[file] = append(cols[file], m[1])
		}
	}
	if len(cols) != 3 {
		t.Fatalf("docs/records-csv.md documents %d files, want 3", len(cols))
	}
	return cols
}

// Every CSV export is in the documented format: the columns in order,
// RFC 3339 timestamps with an offset, 40-hex SHAs, the allowed values,
// and references that resolve.
func TestCSVIsTheRecordsFormat(t *testing.T) {
	want := docColumns(t)
	for _, arm := range []string{"quarterly-manual", "continuous-deployment"} {
		d, _ := exportArm(t, "epic-vs-continuous", arm, 13, 1)
		names, files, err := d.CSVFiles()
		if err != nil {
			t.Fatal(err)
		}
		tables := map[string][]map[string]string{}
		for i, name := range names {
			recs, err := csv.NewReader(bytes.NewReader(files[i])).ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if strings.Join(recs[0], ",") != strings.Join(want[name], ",") {
				t.Fatalf("%s header %v, documented %v", name, recs[0], want[name])
			}
			for _, r := range recs[1:] {
				row := map[string]string{}
				for j, c := range recs[0] {
					row[c] = r[j]
				}
				tables[name] = append(tables[name], row)
			}
		}
		stamp := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$`)
		hex := regexp.MustCompile(`^[0-9a-f]{40}$`)
		deps := map[string]bool{}
		for _, r := range tables["deployments.csv"] {
			deps[r["deployment_id"]] = true
		}
		check := func(file string, row map[string]string, col string, ok func(string) bool) {
			if !ok(row[col]) {
				t.Errorf("%s %s: %s %q", arm, file, col, row[col])
			}
		}
		isStamp := func(s string) bool { _, err := time.Parse(time.RFC3339, s); return err == nil && stamp.MatchString(s) }
		stampOrEmpty := func(s string) bool { return s == "" || isStamp(s) }
		isBool := func(s string) bool { return s == "true" || s == "false" }
		oneOf := func(v ...string) func(string) bool {
			return func(s string) bool {
				for _, x := range v {
					if s == x {
						return true
					}
				}
				return false
			}
		}
		depOrEmpty := func(s string) bool { return s == "" || deps[s] }
		for _, r := range tables["deployments.csv"] {
			f := "deployments.csv"
			check(f, r, "started_at", isStamp)
			check(f, r, "finished_at", isStamp)
			check(f, r, "environment", oneOf("production"))
			check(f, r, "kind", oneOf("release", "hotfix"))
			check(f, r, "result", oneOf("success", "aborted"))
			check(f, r, "changes", func(s string) bool { n, err := strconv.Atoi(s); return err == nil && n >= 0 })
			check(f, r, "failed", isBool)
			check(f, r, "rolled_back", isBool)
		}
		for _, r := range tables["changes.csv"] {
			f := "changes.csv"
			check(f, r, "commit_sha", hex.MatchString)
			check(f, r, "committed_at", isStamp)
			check(f, r, "deployment_id", depOrEmpty)
			check(f, r, "deployed_at", stampOrEmpty)
			if (r["deployment_id"] == "") != (r["deployed_at"] == "") {
				t.Errorf("%s changes.csv: %s has deployment %q deployed at %q", arm, r["change_id"], r["deployment_id"], r["deployed_at"])
			}
		}
		for _, r := range tables["incidents.csv"] {
			f := "incidents.csv"
			check(f, r, "started_at", isStamp)
			check(f, r, "detected_at", stampOrEmpty)
			check(f, r, "resolved_at", stampOrEmpty)
			check(f, r, "severity", func(s string) bool { return s != "" })
			check(f, r, "customer_facing", isBool)
			check(f, r, "deployment_id", depOrEmpty)
			check(f, r, "cause", oneOf("code_defect", "deployment_error", ""))
		}
		if len(tables["deployments.csv"]) == 0 || len(tables["changes.csv"]) == 0 {
			t.Errorf("%s: an empty export", arm)
		}
	}
}
