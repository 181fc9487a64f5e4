package export

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteDevLakeSQL writes dl as SQL INSERT statements for the tables
// DevLake creates (column names from its domain layer), loadable into
// DevLake's MySQL or MariaDB: the rows its DORA dashboard reads. The
// derived rows (project_pr_metrics, project_incident_deployment_
// relationships) are those DevLake's own plugins would compute; rerunning
// the dora plugin deletes and recomputes the relationships the same way.
func WriteDevLakeSQL(w io.Writer, d *Data, dl *DevLake) error {
	from, to := d.GrafanaWindow()
	b := &sqlWriter{w: w}
	b.printf("-- deploysim export: %s, arm %s, seed %d, replication %d\n", d.Scenario, d.Arm, d.Seed, d.Replication)
	b.printf("-- DevLake project %q: %d deployments, %d pull requests, %d incidents.\n", dl.Project, len(dl.Deployments), len(dl.PRs), len(dl.Incidents))
	b.printf("-- In Grafana, select project %s and the absolute time range\n--   %s to %s (UTC).\n", dl.Project, from.Format(time.DateTime), to.Format(time.DateTime))
	b.printf("-- Times are UTC, as DevLake stores them.\n")
	b.printf("-- Create the project %s in DevLake (or insert into projects) to see it in the project list.\n\n", dl.Project)

	b.insert("project_mapping", []string{"project_name", "table", "row_id"}, [][]any{
		{dl.Project, "cicd_scopes", dl.ScopeID},
		{dl.Project, "repos", dl.RepoID},
		{dl.Project, "boards", dl.BoardID},
	})
	var rows [][]any
	for _, x := range dl.Deployments {
		dur := x.Finished.Sub(x.Started).Seconds()
		rows = append(rows, []any{x.ID, dl.ScopeID, x.Name, x.Name, x.Result, "DONE", "DONE", x.Result, dlProduction, "production", x.Started, x.Started, x.Started, x.Finished, dur})
	}
	b.insert("cicd_deployments", []string{"id", "cicd_scope_id", "name", "display_title", "result", "status", "original_status", "original_result", "environment", "original_environment", "created_date", "queued_date", "started_date", "finished_date", "duration_sec"}, rows)
	rows = rows[:0]
	for _, c := range dl.Commits {
		dur := c.Finished.Sub(c.Started).Seconds()
		rows = append(rows, []any{c.ID, dl.ScopeID, c.DeploymentID, c.Name, c.Name, c.Result, "DONE", "DONE", c.Result, dlProduction, "production", c.Started, c.Started, c.Started, c.Finished, dur, c.SHA, "main", dl.RepoID, dl.RepoURL})
	}
	b.insert("cicd_deployment_commits", []string{"id", "cicd_scope_id", "cicd_deployment_id", "name", "display_title", "result", "status", "original_status", "original_result", "environment", "original_environment", "created_date", "queued_date", "started_date", "finished_date", "duration_sec", "commit_sha", "ref_name", "repo_id", "repo_url"}, rows)
	rows = rows[:0]
	for _, pr := range dl.PRs {
		rows = append(rows, []any{pr.ID, dl.RepoID, dl.RepoID, "MERGED", "MERGED", "change " + pr.Key, pr.Number, pr.Created, pr.Merged, pr.SHA})
	}
	b.insert("pull_requests", []string{"id", "base_repo_id", "head_repo_id", "status", "original_status", "title", "pull_request_key", "created_date", "merged_date", "merge_commit_sha"}, rows)
	rows = rows[:0]
	for _, pr := range dl.PRs {
		cyc := pr.CycleMinutes
		rows = append(rows, []any{pr.ID, dl.Project, pr.SHA, pr.DeploymentCommitID, cyc, cyc, pr.Created, pr.Created, pr.Merged, pr.Deployed})
	}
	b.insert("project_pr_metrics", []string{"id", "project_name", "first_commit_sha", "deployment_commit_id", "pr_deploy_time", "pr_cycle_time", "first_commit_authored_date", "pr_created_date", "pr_merged_date", "pr_deployed_date"}, rows)
	var issues [][]any
	rows = rows[:0]
	for _, in := range dl.Incidents {
		var res, lead any
		if in.LeadTimeMinutes >= 0 {
			res, lead = in.Resolved, in.LeadTimeMinutes
		}
		rows = append(rows, []any{in.ID, in.Key, in.Title, in.Status, in.Status, res, in.Created, in.Created, lead, in.Severity, "boards", dl.BoardID})
		issues = append(issues, []any{in.ID, in.Key, in.Title, "INCIDENT", "INCIDENT", in.Status, in.Status, res, in.Created, in.Created, lead, in.Severity})
	}
	b.insert("incidents", []string{"id", "incident_key", "title", "status", "original_status", "resolution_date", "created_date", "updated_date", "lead_time_minutes", "severity", "table", "scope_id"}, rows)
	b.insert("issues", []string{"id", "issue_key", "title", "type", "original_type", "status", "original_status", "resolution_date", "created_date", "updated_date", "lead_time_minutes", "severity"}, issues)
	var bi [][]any
	for _, in := range dl.Incidents {
		bi = append(bi, []any{dl.BoardID, in.ID})
	}
	b.insert("board_issues", []string{"board_id", "issue_id"}, bi)
	rows = rows[:0]
	for _, in := range dl.Incidents {
		if dep, ok := dl.Relations[in.ID]; ok {
			rows = append(rows, []any{in.ID, dl.Project, dep})
		}
	}
	b.printf("-- DevLake's dora plugin computes these (ConnectIncidentToDeployment): each incident\n-- is blamed on the latest SUCCESS PRODUCTION deployment that finished before it was created.\n")
	b.insert("project_incident_deployment_relationships", []string{"id", "project_name", "deployment_id"}, rows)
	return b.err
}

type sqlWriter struct {
	w   io.Writer
	err error
}

func (b *sqlWriter) printf(format string, args ...any) {
	if b.err == nil {
		_, b.err = fmt.Fprintf(b.w, format, args...)
	}
}

// insert writes rows as INSERT statements of at most 200 rows each.
func (b *sqlWriter) insert(table string, cols []string, rows [][]any) {
	if len(rows) == 0 {
		return
	}
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = "`" + c + "`"
	}
	for len(rows) > 0 {
		n := min(len(rows), 200)
		b.printf("INSERT INTO `%s` (%s) VALUES\n", table, strings.Join(q, ", "))
		for i, r := range rows[:n] {
			vals := make([]string, len(r))
			for j, v := range r {
				vals[j] = sqlValue(v)
			}
			sep := ",\n"
			if i == n-1 {
				sep = ";\n"
			}
			b.printf("  (%s)%s", strings.Join(vals, ", "), sep)
		}
		rows = rows[n:]
	}
	b.printf("\n")
}

func sqlValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(x) + "'"
	case time.Time:
		if x.IsZero() {
			return "NULL"
		}
		return "'" + x.UTC().Format(time.DateTime) + "'"
	case int64:
		return fmt.Sprint(x)
	case int:
		return fmt.Sprint(x)
	case float64:
		return fmt.Sprintf("%.0f", x)
	}
	panic(fmt.Sprintf("export: no SQL for %T", v))
}
