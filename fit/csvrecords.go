package fit

import (
	"fmt"
	"io"
	"time"
)

// The plain records format, as deploysim export --to csv writes it and
// docs describe it: three files, one header row each, RFC 3339 timestamps
// with offset, empty cells for unknown.
var (
	deploymentColumns = []string{"deployment_id", "started_at", "finished_at", "environment", "kind", "result", "changes", "failed", "rolled_back"}
	changeColumns     = []string{"change_id", "commit_sha", "committed_at", "deployment_id", "deployed_at"}
	incidentColumns   = []string{"incident_id", "started_at", "detected_at", "resolved_at", "severity", "customer_facing", "deployment_id", "cause"}
)

// ReadDeploymentsCSV reads a deployments.csv. Deployments to an
// environment other than production are left out (with a note).
func ReadDeploymentsCSV(file string, r io.Reader) (*Records, error) {
	t, err := readCSVTable(file, r)
	if err != nil {
		return nil, err
	}
	if err := t.require("deployment_id", "started_at|finished_at", "result"); err != nil {
		return nil, err
	}
	out := &Records{}
	if n := t.extra(deploymentColumns...); n != "" {
		out.Notes = append(out.Notes, n)
	}
	skipped := 0
	for i := range t.rows {
		rw := &t.rows[i]
		var d Deployment
		if d.ID, err = t.cell(rw, "deployment_id").required(); err != nil {
			return nil, err
		}
		if d.Started, err = t.cell(rw, "started_at").time(parseRFC3339, rfc3339Want); err != nil {
			return nil, err
		}
		if d.Finished, err = t.cell(rw, "finished_at").time(parseRFC3339, rfc3339Want); err != nil {
			return nil, err
		}
		if d.Started.IsZero() && d.Finished.IsZero() {
			return nil, t.cell(rw, "started_at").err("started_at or finished_at is required")
		}
		if !d.Started.IsZero() && !d.Finished.IsZero() && d.Finished.Before(d.Started) {
			return nil, t.cell(rw, "finished_at").err(fmt.Sprintf("finished %s, before it started (%s)", d.Finished.Format(time.RFC3339), d.Started.Format(time.RFC3339)))
		}
		switch env := t.cell(rw, "environment").text(); env {
		case "", "production":
		default:
			skipped++
			continue
		}
		switch k := t.cell(rw, "kind").text(); k {
		case "":
		case "release":
			d.KindKnown = true
		case "hotfix":
			d.Hotfix, d.KindKnown = true, true
		default:
			return nil, t.cell(rw, "kind").err(fmt.Sprintf("%q must be release or hotfix", k))
		}
		switch res := t.cell(rw, "result"); res.text() {
		case "success":
		case "aborted":
			d.Aborted = true
		default:
			return nil, res.err(fmt.Sprintf("%q must be success or aborted", res.text()))
		}
		if d.Changes, err = t.cell(rw, "changes").count(); err != nil {
			return nil, err
		}
		if d.Failed, d.FailedKnown, err = t.cell(rw, "failed").boolean(); err != nil {
			return nil, err
		}
		if d.RolledBack, d.RolledBackKnown, err = t.cell(rw, "rolled_back").boolean(); err != nil {
			return nil, err
		}
		d.Where = t.cell(rw, "deployment_id").where()
		out.Deployments = append(out.Deployments, d)
	}
	if skipped > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("%s: %d deployment(s) to environments other than production left out", file, skipped))
	}
	out.Inputs = append(out.Inputs, fmt.Sprintf("%s: %d production deployments", file, len(out.Deployments)))
	return out, nil
}

// ReadChangesCSV reads a changes.csv.
func ReadChangesCSV(file string, r io.Reader) (*Records, error) {
	t, err := readCSVTable(file, r)
	if err != nil {
		return nil, err
	}
	if err := t.require("change_id", "committed_at"); err != nil {
		return nil, err
	}
	out := &Records{}
	if n := t.extra(changeColumns...); n != "" {
		out.Notes = append(out.Notes, n)
	}
	for i := range t.rows {
		rw := &t.rows[i]
		var c Change
		if c.ID, err = t.cell(rw, "change_id").required(); err != nil {
			return nil, err
		}
		if sha := t.cell(rw, "commit_sha"); sha.text() != "" && !isSHA(sha.text()) {
			return nil, sha.err(fmt.Sprintf("%q must be 40 lowercase hex digits", sha.text()))
		}
		at := t.cell(rw, "committed_at")
		if _, err := at.required(); err != nil {
			return nil, err
		}
		if c.Committed, err = at.time(parseRFC3339, rfc3339Want); err != nil {
			return nil, err
		}
		c.DeploymentID = t.cell(rw, "deployment_id").text()
		dep := t.cell(rw, "deployed_at")
		if c.Deployed, err = dep.time(parseRFC3339, rfc3339Want); err != nil {
			return nil, err
		}
		if !c.Deployed.IsZero() && c.Deployed.Before(c.Committed) {
			return nil, dep.err(fmt.Sprintf("deployed %s, before it was committed (%s)", c.Deployed.Format(time.RFC3339), c.Committed.Format(time.RFC3339)))
		}
		c.Where = at.where()
		out.Changes = append(out.Changes, c)
	}
	out.Inputs = append(out.Inputs, fmt.Sprintf("%s: %d changes", file, len(out.Changes)))
	return out, nil
}

// ReadIncidentsCSV reads an incidents.csv.
func ReadIncidentsCSV(file string, r io.Reader) (*Records, error) {
	t, err := readCSVTable(file, r)
	if err != nil {
		return nil, err
	}
	if err := t.require("incident_id", "started_at"); err != nil {
		return nil, err
	}
	out := &Records{}
	if n := t.extra(incidentColumns...); n != "" {
		out.Notes = append(out.Notes, n)
	}
	for i := range t.rows {
		rw := &t.rows[i]
		var in Incident
		if in.ID, err = t.cell(rw, "incident_id").required(); err != nil {
			return nil, err
		}
		st := t.cell(rw, "started_at")
		if _, err := st.required(); err != nil {
			return nil, err
		}
		if in.Started, err = st.time(parseRFC3339, rfc3339Want); err != nil {
			return nil, err
		}
		det := t.cell(rw, "detected_at")
		if in.Detected, err = det.time(parseRFC3339, rfc3339Want); err != nil {
			return nil, err
		}
		if !in.Detected.IsZero() && in.Detected.Before(in.Started) {
			return nil, det.err(fmt.Sprintf("detected %s, before it started (%s)", in.Detected.Format(time.RFC3339), in.Started.Format(time.RFC3339)))
		}
		res := t.cell(rw, "resolved_at")
		if in.Resolved, err = res.time(parseRFC3339, rfc3339Want); err != nil {
			return nil, err
		}
		if !in.Resolved.IsZero() && in.Resolved.Before(in.Started) {
			return nil, res.err(fmt.Sprintf("resolved %s, before it started (%s)", in.Resolved.Format(time.RFC3339), in.Started.Format(time.RFC3339)))
		}
		if !in.Resolved.IsZero() && !in.Detected.IsZero() && in.Resolved.Before(in.Detected) {
			return nil, res.err(fmt.Sprintf("resolved %s, before it was detected (%s)", in.Resolved.Format(time.RFC3339), in.Detected.Format(time.RFC3339)))
		}
		in.Severity = t.cell(rw, "severity").text()
		cf := t.cell(rw, "customer_facing")
		if _, known, err := cf.boolean(); err != nil {
			return nil, err
		} else if known {
			in.CustomerFacing = cf.text()
		}
		in.DeploymentID = t.cell(rw, "deployment_id").text()
		switch c := t.cell(rw, "cause"); c.text() {
		case "", "code_defect", "deployment_error":
		default:
			return nil, c.err(fmt.Sprintf("%q must be code_defect, deployment_error or empty", c.text()))
		}
		in.Where = st.where()
		out.Incidents = append(out.Incidents, in)
	}
	out.Inputs = append(out.Inputs, fmt.Sprintf("%s: %d incidents", file, len(out.Incidents)))
	return out, nil
}

func isSHA(s string) bool {
	if len(s) != 40 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
