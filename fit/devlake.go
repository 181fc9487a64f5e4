package fit

import (
	"fmt"
	"strings"
	"time"
)

// Apache DevLake's domain tables, by the column names of its domain
// layer (core/models/domainlayer: devops.CicdDeploymentCommit,
// ticket.Incident, crossdomain.ProjectPrMetric; gorm writes the Go names
// in snake case). The fit reads them as DevLake's own DORA dashboard
// does: successful PRODUCTION deployments, incidents from created_date to
// resolution_date, lead time from a pull request's first commit to its
// deployment.
var (
	devlakeDeploymentColumns = []string{"id", "cicd_deployment_id", "result", "environment", "started_date", "finished_date", "commit_sha"}
	devlakeIncidentColumns   = []string{"id", "created_date", "resolution_date", "severity", "urgency", "status"}
	devlakePRColumns         = []string{"id", "first_commit_authored_date", "pr_created_date", "pr_deployed_date", "deployment_commit_id"}
)

// devlakeKind tells the three tables apart by their columns.
func devlakeKind(t *table) string {
	switch {
	case t.has("cicd_deployment_id", "finished_date"):
		return "cicd_deployment_commits"
	case t.has("created_date", "resolution_date"):
		return "incidents"
	case t.has("pr_deployed_date"):
		return "project_pr_metrics"
	}
	return ""
}

// readDevLake reads one DevLake table into records.
func readDevLake(t *table) (*Records, error) {
	switch devlakeKind(t) {
	case "cicd_deployment_commits":
		return devlakeDeployments(t)
	case "incidents":
		return devlakeIncidents(t)
	case "project_pr_metrics":
		return devlakePRs(t)
	}
	return nil, &InputError{File: t.file, Line: 1, Msg: "not a DevLake table the fit reads: want cicd_deployment_commits (cicd_deployment_id, finished_date), incidents (created_date, resolution_date) or project_pr_metrics (pr_deployed_date)"}
}

// devlakeDeployments groups deployment commits into deployments (one
// deployment deploys a commit of each repository). Only PRODUCTION ones
// count; a result other than SUCCESS never reached traffic.
func devlakeDeployments(t *table) (*Records, error) {
	if err := t.require("id", "cicd_deployment_id", "result", "environment", "finished_date"); err != nil {
		return nil, err
	}
	out := &Records{}
	byID := map[string]int{}
	other := 0
	for i := range t.rows {
		rw := &t.rows[i]
		env := t.cell(rw, "environment").text()
		if !strings.EqualFold(env, "PRODUCTION") {
			other++
			continue
		}
		id, err := t.cell(rw, "cicd_deployment_id").required()
		if err != nil {
			return nil, err
		}
		commitID, err := t.cell(rw, "id").required()
		if err != nil {
			return nil, err
		}
		fin := t.cell(rw, "finished_date")
		finished, err := fin.time(parseSQLTime, sqlTimeWant)
		if err != nil {
			return nil, err
		}
		started, err := t.cell(rw, "started_date").time(parseSQLTime, sqlTimeWant)
		if err != nil {
			return nil, err
		}
		if finished.IsZero() && started.IsZero() {
			return nil, fin.err("finished_date or started_date is required")
		}
		if !finished.IsZero() && !started.IsZero() && finished.Before(started) {
			return nil, fin.err(fmt.Sprintf("finished %s, before it started (%s)", finished.Format(time.RFC3339), started.Format(time.RFC3339)))
		}
		res := t.cell(rw, "result")
		switch strings.ToUpper(res.text()) {
		case "SUCCESS", "FAILURE", "ABORT", "MANUAL", "":
		default:
			return nil, res.err(fmt.Sprintf("%q is not a DevLake result (SUCCESS, FAILURE, ABORT, MANUAL)", res.text()))
		}
		if j, ok := byID[id]; ok {
			d := &out.Deployments[j]
			d.commitIDs = append(d.commitIDs, commitID)
			if finished.After(d.Finished) {
				d.Finished = finished
			}
			continue
		}
		byID[id] = len(out.Deployments)
		out.Deployments = append(out.Deployments, Deployment{
			ID: id, Started: started, Finished: finished, Changes: -1,
			Aborted: !strings.EqualFold(res.text(), "SUCCESS"), commitIDs: []string{commitID},
			Where: fin.where(),
		})
	}
	if other > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("%s: %d deployment commit(s) to environments other than PRODUCTION left out", t.file, other))
	}
	out.Inputs = append(out.Inputs, fmt.Sprintf("%s: %d DevLake production deployments", t.file, len(out.Deployments)))
	return out, nil
}

func devlakeIncidents(t *table) (*Records, error) {
	if err := t.require("id", "created_date"); err != nil {
		return nil, err
	}
	out := &Records{}
	for i := range t.rows {
		rw := &t.rows[i]
		id, err := t.cell(rw, "id").required()
		if err != nil {
			return nil, err
		}
		cr := t.cell(rw, "created_date")
		if _, err := cr.required(); err != nil {
			return nil, err
		}
		in := Incident{ID: id, Where: cr.where()}
		if in.Started, err = cr.time(parseSQLTime, sqlTimeWant); err != nil {
			return nil, err
		}
		res := t.cell(rw, "resolution_date")
		if in.Resolved, err = res.time(parseSQLTime, sqlTimeWant); err != nil {
			return nil, err
		}
		if !in.Resolved.IsZero() && in.Resolved.Before(in.Started) {
			return nil, res.err(fmt.Sprintf("resolved %s, before it was created (%s)", in.Resolved.Format(time.RFC3339), in.Started.Format(time.RFC3339)))
		}
		in.Severity = t.cell(rw, "severity").text()
		if in.Severity == "" {
			in.Severity = t.cell(rw, "urgency").text()
		}
		out.Incidents = append(out.Incidents, in)
	}
	out.Inputs = append(out.Inputs, fmt.Sprintf("%s: %d DevLake incidents", t.file, len(out.Incidents)))
	return out, nil
}

func devlakePRs(t *table) (*Records, error) {
	if err := t.require("id", "first_commit_authored_date|pr_created_date", "pr_deployed_date"); err != nil {
		return nil, err
	}
	out := &Records{}
	for i := range t.rows {
		rw := &t.rows[i]
		id, err := t.cell(rw, "id").required()
		if err != nil {
			return nil, err
		}
		first := t.cell(rw, "first_commit_authored_date")
		c := Change{ID: id, Where: first.where()}
		if c.Committed, err = first.time(parseSQLTime, sqlTimeWant); err != nil {
			return nil, err
		}
		if c.Committed.IsZero() {
			created := t.cell(rw, "pr_created_date")
			if c.Committed, err = created.time(parseSQLTime, sqlTimeWant); err != nil {
				return nil, err
			}
			if c.Committed.IsZero() {
				return nil, first.err("first_commit_authored_date or pr_created_date is required")
			}
		}
		dep := t.cell(rw, "pr_deployed_date")
		if c.Deployed, err = dep.time(parseSQLTime, sqlTimeWant); err != nil {
			return nil, err
		}
		if !c.Deployed.IsZero() && c.Deployed.Before(c.Committed) {
			return nil, dep.err(fmt.Sprintf("deployed %s, before its first commit (%s)", c.Deployed.Format(time.RFC3339), c.Committed.Format(time.RFC3339)))
		}
		c.DeploymentID = t.cell(rw, "deployment_commit_id").text()
		out.Changes = append(out.Changes, c)
	}
	out.Inputs = append(out.Inputs, fmt.Sprintf("%s: %d DevLake pull requests", t.file, len(out.Changes)))
	return out, nil
}

// Link fills in each deployment's number of changes, where its source did
// not give it, from the changes that name it (by deployment id, or by one
// of its DevLake deployment commits).
func (r *Records) Link() {
	count := map[string]int{}
	for _, c := range r.Changes {
		if c.DeploymentID != "" {
			count[c.DeploymentID]++
		}
	}
	if len(count) == 0 {
		return
	}
	for i := range r.Deployments {
		d := &r.Deployments[i]
		if d.Changes >= 0 {
			continue
		}
		n := count[d.ID]
		for _, id := range d.commitIDs {
			n += count[id]
		}
		d.Changes = n
	}
}
