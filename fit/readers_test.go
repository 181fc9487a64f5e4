package fit

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixtures reads every input kind's fixture under testdata and checks
// what it gives.
func TestFixtures(t *testing.T) {
	cases := []struct {
		paths                     []string
		deployments, changes, inc int
		notes                     string // a note that must appear
	}{
		{[]string{"records"}, 53, 692, 10, "ignored column(s) service"},
		{[]string{"devlake/lake.sql"}, 53, 692, 10, "other than PRODUCTION"},
		{[]string{"devlake/cicd_deployment_commits.csv", "devlake/incidents.csv", "devlake/project_pr_metrics.csv"}, 53, 692, 10, "other than PRODUCTION"},
		{[]string{"github-deployments.json", "pagerduty-incidents.json"}, 53, 0, 10, "other than production"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.paths, "+"), func(t *testing.T) {
			all := &Records{}
			for _, p := range c.paths {
				r, err := ReadPath(filepath.Join("testdata", p))
				if err != nil {
					t.Fatal(err)
				}
				all.Merge(r)
			}
			all.Link()
			if len(all.Deployments) != c.deployments || len(all.Changes) != c.changes || len(all.Incidents) != c.inc {
				t.Errorf("got %d deployments, %d changes, %d incidents; want %d, %d, %d", len(all.Deployments), len(all.Changes), len(all.Incidents), c.deployments, c.changes, c.inc)
			}
			if !strings.Contains(strings.Join(all.Notes, "\n"), c.notes) {
				t.Errorf("notes %q do not mention %q", all.Notes, c.notes)
			}
			tg, err := Measure(all, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if !tg.DeploysPerYear.Known() || !tg.ChangeFailureRate.Known() || !tg.RecoveryHours.Known() {
				t.Errorf("targets not measured: %+v", tg)
			}
			if tg.OpenIncidents != 1 {
				t.Errorf("open incidents: got %d, want 1", tg.OpenIncidents)
			}
		})
	}
	// The DevLake dump links pull requests to deployments through their
	// deployment commits: the changes per deployment are known.
	r, err := ReadPath("testdata/devlake/lake.sql")
	if err != nil {
		t.Fatal(err)
	}
	r.Link()
	n := 0
	for _, d := range r.Deployments {
		n += max(d.Changes, 0)
	}
	if n == 0 {
		t.Error("no pull request linked to a DevLake deployment")
	}
}

// TestFilter checks --exclude and --severity on the plain records.
func TestFilter(t *testing.T) {
	r, err := ReadPath("testdata/records")
	if err != nil {
		t.Fatal(err)
	}
	w, err := ParseWindow("2026-03-01..2026-03-31")
	if err != nil {
		t.Fatal(err)
	}
	out, _, hours := Filter{Exclude: []Window{w}}.Apply(r)
	_, _, all := Filter{}.Apply(r)
	if d := all - hours; d != 31*24 {
		t.Errorf("excluding March takes %g h from the period, want %d", d, 31*24)
	}
	for _, d := range out.Deployments {
		if w.Contains(d.At()) {
			t.Errorf("deployment %s in the excluded window kept", d.ID)
		}
	}
	out, _, _ = Filter{Severities: []string{"Critical"}}.Apply(r)
	for _, in := range out.Incidents {
		if in.Severity != "critical" {
			t.Errorf("severity filter kept %s (%s)", in.ID, in.Severity)
		}
	}
	if len(out.Incidents) == 0 {
		t.Error("severity filter kept nothing")
	}
	out, _, _ = Filter{CustomerFacingOnly: true}.Apply(r)
	if len(out.Incidents) != 9 {
		t.Errorf("customer-facing: got %d incidents, want 9 (the paging alert left out)", len(out.Incidents))
	}
	for _, bad := range []string{"2026-03-01", "2026-03-14..2026-03-01", "yesterday..today"} {
		if _, err := ParseWindow(bad); err == nil {
			t.Errorf("ParseWindow(%q): no error", bad)
		}
	}
}

// TestBadInput checks that bad records are reported with file, line,
// column and field, never guessed.
func TestBadInput(t *testing.T) {
	const dh = "deployment_id,started_at,finished_at,environment,kind,result,changes,failed,rolled_back\n"
	const ih = "incident_id,started_at,detected_at,resolved_at,severity,customer_facing,deployment_id,cause\n"
	cases := []struct {
		name, text, want string
	}{
		{"deployments.csv", dh + "d-1,2026-01-05T09:00:00Z,2026-01-05T09:10:00Z,production,release,success,3,false,false\nd-2,2026-01-06 09:00,,production,release,success,3,false,false\n", "deployments.csv:3:5: started_at: \"2026-01-06 09:00\" is not an RFC 3339 timestamp"},
		{"deployments.csv", dh + "d-1,2026-01-05T09:10:00Z,2026-01-05T09:00:00Z,production,release,success,3,false,false\n", "deployments.csv:2:26: finished_at: finished 2026-01-05T09:00:00Z, before it started"},
		{"deployments.csv", dh + "d-1,2026-01-05T09:00:00Z,,production,release,done,3,false,false\n", "deployments.csv:2:46: result: \"done\" must be success or aborted"},
		{"deployments.csv", dh + "d-1,2026-01-05T09:00:00Z,,production,release,success,-3,false,false\n", "changes: \"-3\" must be a whole number ≥ 0"},
		{"deployments.csv", dh + "d-1,2026-01-05T09:00:00Z,,production,release,success,3,yes,false\n", "failed: \"yes\" must be true or false"},
		{"deployments.csv", dh + ",2026-01-05T09:00:00Z,,production,release,success,3,false,false\n", "deployments.csv:2:1: deployment_id: required, but empty"},
		{"deployments.csv", dh + "d-1,2026-01-05T09:00:00Z,,production\n", "deployments.csv:2:1: wrong number of fields"},
		{"deployments.csv", "deployment_id,started_at,kind\nd-1,2026-01-05T09:00:00Z,release\n", "deployments.csv:1: missing column result"},
		{"incidents.csv", ih + "i-1,2026-01-05T09:00:00Z,,2026-01-05T08:00:00Z,major,true,,\n", "incidents.csv:2:27: resolved_at: resolved 2026-01-05T08:00:00Z, before it started"},
		{"incidents.csv", ih + "i-1,2026-01-05T09:00:00Z,2026-01-05T09:30:00Z,2026-01-05T09:20:00Z,major,true,,\n", "resolved_at: resolved 2026-01-05T09:20:00Z, before it was detected"},
		{"incidents.csv", ih + "i-1,,,,major,true,,\n", "incidents.csv:2:5: started_at: required, but empty"},
		{"incidents.csv", ih + "i-1,2026-01-05T09:00:00Z,,,major,true,,typo\n", "cause: \"typo\" must be code_defect, deployment_error or empty"},
		{"changes.csv", "change_id,commit_sha,committed_at\nc-1,ABC,2026-01-05T09:00:00Z\n", "changes.csv:2:5: commit_sha: \"ABC\" must be 40 lowercase hex digits"},
		{"other.csv", "a,b\n1,2\n", "other.csv:1: a CSV the fit does not know"},
		{"pd.json", `{"incidents": [` + "\n" + `{"id": "P1", "created_at": "2026-01-05T09:00:00Z", "status": "resolved"}]}`, "pd.json:2: resolved_at: status is resolved but resolved_at is missing"},
		{"pd.json", `{"incidents": [{"id": "P1", "created_at": "2026-01-05T09:00:00Z", "resolved_at": "2026-01-05T08:00:00Z"}]}`, "pd.json:1: resolved_at: resolved 2026-01-05T08:00:00Z, before it was created"},
		{"pd.json", `{"incidents": [{"id": "P1", "created_at": "Monday"}]}`, "created_at: \"Monday\" is not an RFC 3339"},
		{"pd.json", `{"incidents": [{"id": "P1"`, "pd.json:1: not valid JSON"},
		{"gh.json", "[\n{\"id\": 1, \"environment\": \"production\", \"created_at\": \"2026-01-05T09:00:00Z\", \"statuses\": [{\"state\": \"done\", \"created_at\": \"2026-01-05T09:05:00Z\"}]}]", "gh.json:2: statuses[0].state: \"done\" is not a GitHub deployment state"},
		{"gh.json", `[{"environment": "production", "created_at": "2026-01-05T09:00:00Z"}]`, "gh.json:1: id: required, but missing"},
		{"lake.sql", "INSERT INTO `incidents` VALUES ('a','2026-01-05 09:00:00',NULL);\n", "lake.sql:1: INSERT INTO incidents without a column list and no CREATE TABLE"},
		{"lake.sql", "CREATE TABLE `incidents` (\n  `id` varchar(255),\n  `created_date` datetime(3),\n  `resolution_date` datetime(3)\n);\nINSERT INTO `incidents` VALUES ('a','2026-01-05 09:00:00','2026-01-05 08:00:00');\n", "lake.sql:6: resolution_date: resolved 2026-01-05T08:00:00Z, before it was created"},
		{"lake.sql", "CREATE TABLE `incidents` (`id` varchar(255), `created_date` datetime, `resolution_date` datetime);\nINSERT INTO `incidents` VALUES ('a','2026-01-05 09:00:00');\n", "lake.sql:2: a row of incidents has 2 values, the table 3 columns"},
		{"lake.sql", "INSERT INTO `incidents` (`id`,`created_date`,`resolution_date`) VALUES ('a','not a date',NULL);\n", "created_date: \"not a date\" is not a timestamp"},
		{"lake.sql", "CREATE TABLE `users` (`id` int);\nINSERT INTO `users` VALUES (1);\n", "no DevLake table the fit reads"},
		{"lake.sql", "INSERT INTO `incidents` (`id`,`created_date`,`resolution_date`) VALUES ('a,'2026-01-05');\n", "lake.sql:1: want ')', got '2'"},
		{"lake.sql", "INSERT INTO `incidents` (`id`,`created_date`,`resolution_date`) VALUES (\n'a", "lake.sql:2: string not closed"},
		{"notes.txt", "hello", "unknown kind of input"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			_, err := Read(c.name, strings.NewReader(c.text))
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("error %T is not an *InputError: %v", err, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %q, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestQuickCheckFile(t *testing.T) {
	q, err := readQuickCheckFile("testdata/quick-check.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if q.Answers.LeadTime != 4 || q.Answers.DeploymentFrequency != 4 || q.Answers.ChangeFailureRate != 12 || q.Org.TeamSize != 40 || q.Org.ManualDeployment == nil || *q.Org.ManualDeployment {
		t.Errorf("got %+v %+v", q.Answers, q.Org)
	}
	for _, c := range []struct{ text, want string }{
		{"lead_time: 7\n", "qc.yaml:1:12: lead_time: \"7\": want a band 1–6"},
		{"lead_time: sometimes\n", "lead_time: \"sometimes\""},
		{"lead_time: 3\nlead_time: 4\n", "qc.yaml:2:1: lead_time: given twice"},
		{"lead-time: 3\n", "qc.yaml:1:1: lead-time: unknown answer"},
		{"change_failure_rate: 120%\n", "change_failure_rate: \"120%\": want a percentage"},
		{"team_size: 0\n", "team_size: \"0\""},
		{"manual_testing: yes\n", "manual_testing: \"yes\": want true or false"},
		{"lead_time: 3\ndeployment_frequency: 3\nrecovery_time: 3\nchange_failure_rate: 10%\n", "rework_rate: missing"},
		{"- 1\n- 2\n", "qc.yaml:1: want a mapping of answers"},
	} {
		_, err := ReadQuickCheck("qc.yaml", strings.NewReader(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.text, err, c.want)
		}
	}
}
