package export

import (
	"encoding/json"
	"fmt"
	"strings"
)

// DevLake's webhook plugin (plugins/webhook/api) accepts deployments and
// issues as JSON bodies with camelCase fields (since DevLake v1.0). An
// export writes them as NDJSON with a script that posts them with curl;
// deploysim itself sends nothing.

// WebhookDeployment is the body of POST …/deployments.
type WebhookDeployment struct {
	ID                string                    `json:"id"`
	DisplayTitle      string                    `json:"displayTitle"`
	Result            string                    `json:"result"`
	Environment       string                    `json:"environment"`
	Name              string                    `json:"name"`
	CreatedDate       string                    `json:"createdDate"`
	StartedDate       string                    `json:"startedDate"`
	FinishedDate      string                    `json:"finishedDate"`
	DeploymentCommits []WebhookDeploymentCommit `json:"deploymentCommits"`
}

// WebhookDeploymentCommit is one commit of a deployment body.
type WebhookDeploymentCommit struct {
	DisplayTitle string `json:"displayTitle"`
	RepoURL      string `json:"repoUrl"`
	Name         string `json:"name"`
	RefName      string `json:"refName"`
	CommitSha    string `json:"commitSha"`
	CommitMsg    string `json:"commitMsg"`
	Result       string `json:"result"`
	Status       string `json:"status"`
	CreatedDate  string `json:"createdDate"`
	StartedDate  string `json:"startedDate"`
	FinishedDate string `json:"finishedDate"`
}

// WebhookIssue is the body of POST …/issues: an incident.
type WebhookIssue struct {
	URL             string `json:"url"`
	IssueKey        string `json:"issueKey"`
	Title           string `json:"title"`
	Description     string `json:"description"`
	Type            string `json:"type"`
	Status          string `json:"status"`
	OriginalStatus  string `json:"originalStatus"`
	CreatedDate     string `json:"createdDate"`
	UpdatedDate     string `json:"updatedDate"`
	ResolutionDate  string `json:"resolutionDate,omitempty"`
	LeadTimeMinutes int64  `json:"leadTimeMinutes,omitempty"`
	Severity        string `json:"severity"`
}

// Webhook returns the bodies: deployments in order of finish, then the
// incidents.
func (d *Data) Webhook() ([]WebhookDeployment, []WebhookIssue) {
	dl := d.ToDevLake()
	var deps []WebhookDeployment
	for _, x := range dl.Deployments {
		dep := x.Source
		b := WebhookDeployment{
			ID: dep.ID, DisplayTitle: x.Name, Result: x.Result, Environment: dlProduction, Name: x.Name,
			CreatedDate: d.Timestamp(dep.Started), StartedDate: d.Timestamp(dep.Started), FinishedDate: d.Timestamp(dep.Finished),
		}
		for _, ci := range dep.Changes {
			c := &d.Changes[ci]
			b.DeploymentCommits = append(b.DeploymentCommits, WebhookDeploymentCommit{
				DisplayTitle: x.Name, RepoURL: dl.RepoURL, Name: x.Name, RefName: "main",
				CommitSha: c.SHA, CommitMsg: "change " + c.ID, Result: x.Result, Status: "DONE",
				CreatedDate: d.Timestamp(dep.Started), StartedDate: d.Timestamp(dep.Started), FinishedDate: d.Timestamp(dep.Finished),
			})
		}
		deps = append(deps, b)
	}
	var issues []WebhookIssue
	for _, in := range dl.Incidents {
		src := in.Source
		b := WebhookIssue{
			URL: "https://example.com/" + d.Project + "/incidents/" + src.ID, IssueKey: src.ID, Title: in.Title,
			Description: fmt.Sprintf("deploysim %s, arm %s: first user exposure %s", d.Scenario, d.Arm, d.Timestamp(src.Started)),
			Type:        "INCIDENT", Status: in.Status, OriginalStatus: strings.ToLower(in.Status),
			CreatedDate: d.Timestamp(src.Created()), UpdatedDate: d.Timestamp(src.Created()), Severity: in.Severity,
		}
		if !src.Resolved.IsZero() {
			b.ResolutionDate, b.UpdatedDate = d.Timestamp(src.Resolved), d.Timestamp(src.Resolved)
			b.LeadTimeMinutes = in.LeadTimeMinutes
		}
		issues = append(issues, b)
	}
	return deps, issues
}

// WebhookFiles returns the files of a devlake-webhook export: the bodies
// as NDJSON and post.sh, which posts them with curl.
func (d *Data) WebhookFiles() (names []string, files [][]byte, err error) {
	deps, issues := d.Webhook()
	var a, b strings.Builder
	ea, eb := json.NewEncoder(&a), json.NewEncoder(&b)
	for _, x := range deps {
		if err := ea.Encode(x); err != nil {
			return nil, nil, err
		}
	}
	for _, x := range issues {
		if err := eb.Encode(x); err != nil {
			return nil, nil, err
		}
	}
	return []string{"deployments.ndjson", "incidents.ndjson", "post.sh"},
		[][]byte{[]byte(a.String()), []byte(b.String()), []byte(d.postScript(len(deps), len(issues)))}, nil
}

func (d *Data) postScript(deps, issues int) string {
	from, to := d.GrafanaWindow()
	return fmt.Sprintf(`#!/bin/sh
# Posts a deploysim export to DevLake's webhook plugin: %d deployments and
# %d incidents of %s, arm %s, seed %d, replication %d.
#
#   sh post.sh URL API_KEY
#
# URL is the webhook connection's endpoint as DevLake shows it, e.g.
#   https://devlake.example.com/api/rest/plugins/webhook/connections/1
# and API_KEY the key DevLake generated for it. Add the webhook connection
# to a DevLake project, post, then run the project's pipeline (the dora
# plugin attributes incidents to deployments). In Grafana select the
# absolute range %s to %s (UTC).
# A webhook import carries no pull requests: DevLake's lead time shows N/A
# (export --to devlake-sql loads them).
set -eu
[ $# -eq 2 ] || { echo "usage: sh post.sh URL API_KEY" >&2; exit 2; }
url=${1%%/}
key=$2
dir=$(dirname "$0")
post() {
	curl -fsS -X POST "$url/$1" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary "$2" >/dev/null
}
n=0
while IFS= read -r body; do post deployments "$body"; n=$((n + 1)); done < "$dir/deployments.ndjson"
echo "posted $n deployments" >&2
n=0
while IFS= read -r body; do post issues "$body"; n=$((n + 1)); done < "$dir/incidents.ndjson"
echo "posted $n incidents" >&2
`, deps, issues, d.Scenario, d.Arm, d.Seed, d.Replication, from.Format("2006-01-02 15:04:05"), to.Format("2006-01-02 15:04:05"))
}
