package export

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// DevLake's domain layer, as its DORA dashboard reads it. The names of
// tables, columns and values are DevLake's (core/models/domainlayer and
// the webhook plugin); the rules are those of its dora plugin
// (ConnectIncidentToDeployment) and of the dashboard's SQL.

// DevLake's result, environment and table names.
const (
	dlSuccess    = "SUCCESS"
	dlFailure    = "FAILURE"
	dlProduction = "PRODUCTION"
)

// DevLake is the export seen as DevLake's rows: one scope (the
// deployment pipeline), one repository, one board of incidents.
type DevLake struct {
	Project string
	ScopeID string // cicd_scopes row of the project
	RepoID  string // repos row
	RepoURL string
	BoardID string // boards row the incidents belong to
	// Deployments: every deployment, SUCCESS or FAILURE (an aborted one).
	Deployments []DLDeployment
	// Commits: one cicd_deployment_commits row per deployment and change.
	Commits []DLCommit
	// PRs: one pull request per change that went out in a SUCCESS
	// deployment, with its project_pr_metrics row.
	PRs       []DLPR
	Incidents []DLIncident
	// Relations: project_incident_deployment_relationships as DevLake's
	// dora plugin computes it: each incident → the latest SUCCESS
	// PRODUCTION deployment that finished before the incident was created.
	Relations map[string]string
	// OtherIncidents and OtherCommits say that the database the rows go
	// into holds incidents or deployment commits of other projects: the
	// dashboard's "is collected" checks count those too.
	OtherIncidents, OtherCommits bool
}

// DLDeployment is a cicd_deployments row.
type DLDeployment struct {
	ID, Name, Result  string
	Started, Finished time.Time
	Source            *Deployment
}

// DLCommit is a cicd_deployment_commits row.
type DLCommit struct {
	ID, DeploymentID, Result, SHA, Name string
	Started, Finished                   time.Time
}

// DLPR is a pull_requests row and its project_pr_metrics row.
type DLPR struct {
	ID, Key, SHA, DeploymentCommitID string
	// Number is pull_request_key, an integer column: the change's arrival
	// number, or a million plus the hotfix's number for a fix.
	Number                    int64
	Created, Merged, Deployed time.Time
	CycleMinutes              int64
}

// DLIncident is an incidents row (and the issues row of type INCIDENT it
// comes from).
type DLIncident struct {
	ID, Key, Title, Status, Severity string
	Created, Resolved                time.Time // Resolved zero: still open
	LeadTimeMinutes                  int64     // created → resolved; -1 when open
	Source                           *Incident
}

// minutes is TIMESTAMPDIFF(MINUTE, a, b): whole minutes, toward zero.
func minutes(a, b time.Time) int64 { return int64(b.Sub(a) / time.Minute) }

// ToDevLake turns d into DevLake's rows. IDs carry the project so that
// several exports load into one database side by side.
func (d *Data) ToDevLake() *DevLake {
	p := d.Project
	dl := &DevLake{
		Project: p,
		ScopeID: "deploysim:" + p + ":pipeline",
		RepoID:  "deploysim:" + p + ":repo",
		RepoURL: "https://example.com/" + p + ".git",
		BoardID: "deploysim:" + p + ":incidents",
	}
	commitOf := map[[2]string]string{} // deployment, change → cicd_deployment_commits id
	for i := range d.Deployments {
		dep := &d.Deployments[i]
		id := "deploysim:" + p + ":" + dep.ID
		res := dlSuccess
		if dep.Result != "success" {
			res = dlFailure
		}
		dl.Deployments = append(dl.Deployments, DLDeployment{ID: id, Name: dep.Kind + " " + dep.ID, Result: res, Started: dep.Started.UTC(), Finished: dep.Finished.UTC(), Source: dep})
		for _, ci := range dep.Changes {
			c := &d.Changes[ci]
			cid := id + ":" + c.ID
			commitOf[[2]string{dep.ID, c.ID}] = cid
			dl.Commits = append(dl.Commits, DLCommit{ID: cid, DeploymentID: id, Result: res, SHA: c.SHA, Name: dep.Kind + " " + dep.ID, Started: dep.Started.UTC(), Finished: dep.Finished.UTC()})
		}
	}
	for i := range d.Changes {
		c := &d.Changes[i]
		if c.Deployment == "" {
			continue
		}
		n, _ := strconv.ParseInt(c.ID[2:], 10, 64)
		if c.Fix {
			n += 1_000_000
		}
		dl.PRs = append(dl.PRs, DLPR{
			ID: "deploysim:" + p + ":pr:" + c.ID, Key: c.ID, Number: n, SHA: c.SHA,
			DeploymentCommitID: commitOf[[2]string{c.Deployment, c.ID}],
			Created:            c.Committed.UTC(), Merged: c.Committed.UTC(), Deployed: c.Deployed.UTC(),
			CycleMinutes: minutes(c.Committed, c.Deployed),
		})
	}
	for i := range d.Incidents {
		in := &d.Incidents[i]
		row := DLIncident{
			ID: "deploysim:" + p + ":" + in.ID, Key: in.ID,
			Title:    fmt.Sprintf("%s incident (%s), detected by %s", in.Severity, in.Cause, orUnknown(in.DetectedBy)),
			Status:   "DONE",
			Severity: in.Severity, Created: in.Created().UTC(), LeadTimeMinutes: -1, Source: in,
		}
		if in.Resolved.IsZero() {
			row.Status = "IN_PROGRESS"
		} else {
			row.Resolved = in.Resolved.UTC()
			row.LeadTimeMinutes = minutes(row.Created, row.Resolved)
		}
		dl.Incidents = append(dl.Incidents, row)
	}
	dl.Relations = dl.connect()
	return dl
}

func orUnknown(s string) string {
	if s == "" {
		return "nobody"
	}
	return s
}

// connect is DevLake's ConnectIncidentToDeployment: each incident is
// attributed to the SUCCESS PRODUCTION deployment commit with the latest
// finished_date before the incident's created_date (ties: the first the
// database returns; deploysim's deployments never finish in the same
// second).
func (dl *DevLake) connect() map[string]string {
	ok := make([]DLCommit, 0, len(dl.Commits))
	for _, c := range dl.Commits {
		if c.Result == dlSuccess {
			ok = append(ok, c)
		}
	}
	sort.SliceStable(ok, func(i, j int) bool { return ok[i].Finished.Before(ok[j].Finished) })
	rel := map[string]string{}
	for _, in := range dl.Incidents {
		k := sort.Search(len(ok), func(i int) bool { return !ok[i].Finished.Before(in.Created) })
		if k > 0 {
			rel[in.ID] = ok[k-1].DeploymentID
		}
	}
	return rel
}
