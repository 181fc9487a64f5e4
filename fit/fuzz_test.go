package fit

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// The readers face files users export from tools we did not write: every
// one is fuzzed. A reader may reject its input, but only with an
// *InputError, and never panics; what it accepts, Measure can measure.

func seedFile(f *testing.F, path string, max int) {
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	if len(data) > max {
		data = data[:max]
	}
	f.Add(string(data))
}

func fuzzReader(f *testing.F, name string) {
	f.Fuzz(func(t *testing.T, text string) {
		r, err := Read(name, strings.NewReader(text))
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T is not an *InputError: %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), name) {
				t.Fatalf("error %q does not start with the file name", err)
			}
			return
		}
		r.Link()
		if _, err := Measure(r, Filter{}); err != nil && !strings.Contains(err.Error(), "less than a day") {
			t.Fatalf("Measure: %v", err)
		}
	})
}

func FuzzDeploymentsCSV(f *testing.F) {
	seedFile(f, "testdata/records/deployments.csv", 2000)
	f.Add("deployment_id,finished_at,result\nd-1,2026-01-05T09:00:00+01:00,aborted\n")
	fuzzReader(f, "deployments.csv")
}

func FuzzChangesCSV(f *testing.F) {
	seedFile(f, "testdata/records/changes.csv", 2000)
	fuzzReader(f, "changes.csv")
}

func FuzzIncidentsCSV(f *testing.F) {
	seedFile(f, "testdata/records/incidents.csv", 2000)
	fuzzReader(f, "incidents.csv")
}

func FuzzDevLakeCSV(f *testing.F) {
	seedFile(f, "testdata/devlake/cicd_deployment_commits.csv", 2000)
	seedFile(f, "testdata/devlake/incidents.csv", 2000)
	seedFile(f, "testdata/devlake/project_pr_metrics.csv", 2000)
	fuzzReader(f, "table.csv")
}

func FuzzSQLDump(f *testing.F) {
	seedFile(f, "testdata/devlake/lake.sql", 4000)
	f.Add("CREATE TABLE `incidents` (`id` varchar(255), `created_date` datetime, `resolution_date` datetime);\nINSERT INTO `incidents` VALUES ('a\\'b','2026-01-05 09:00:00',NULL),('c','2026-01-06 09:00:00','2026-01-06 10:00:00');\n")
	fuzzReader(f, "lake.sql")
}

func FuzzPagerDuty(f *testing.F) {
	seedFile(f, "testdata/pagerduty-incidents.json", 1500)
	f.Add(`{"limit": 1, "incidents": [{"id": "P1", "created_at": "2026-01-05T09:00:00Z", "resolved_at": null, "status": "triggered"}]}`)
	fuzzReader(f, "pagerduty.json")
}

func FuzzGitHub(f *testing.F) {
	seedFile(f, "testdata/github-deployments.json", 1500)
	f.Add(`[{"id": 1, "environment": "prod", "created_at": "2026-01-05T09:00:00Z", "statuses": [{"state": "failure", "created_at": "2026-01-05T09:03:00Z"}]}]`)
	fuzzReader(f, "github.json")
}

func FuzzQuickCheck(f *testing.F) {
	seedFile(f, "testdata/quick-check.yaml", 2000)
	f.Add("lead_time: 1\ndeployment_frequency: 6\nrecovery_time: 2\nchange_failure_rate: 0\nrework_rate: 100%\n")
	f.Fuzz(func(t *testing.T, text string) {
		q, err := ReadQuickCheck("qc.yaml", strings.NewReader(text))
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T is not an *InputError: %v", err, err)
			}
			return
		}
		if err := q.Answers.Validate(); err != nil {
			t.Fatalf("accepted answers that do not validate: %v", err)
		}
		tg := q.Targets()
		if !tg.DeploysPerYear.Known() || !(tg.ChangeFailureRate.Low <= tg.ChangeFailureRate.Value) {
			t.Fatalf("bad targets from accepted answers: %+v", tg)
		}
	})
}
