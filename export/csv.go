package export

import (
	"bytes"
	"encoding/csv"
	"strconv"
)

// The plain records format (docs/records-csv.md): deployments.csv,
// changes.csv and incidents.csv, UTF-8, comma-separated, one header row,
// RFC 4180 quoting, RFC 3339 timestamps with offset, an empty cell for
// unknown or not yet. deploysim calibrate reads the same files.

// CSVFiles returns the three files of the records format, by name, in
// the order they are listed.
func (d *Data) CSVFiles() (names []string, files [][]byte, err error) {
	add := func(name string, rows [][]string) {
		if err != nil {
			return
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if err = w.WriteAll(rows); err != nil {
			return
		}
		names, files = append(names, name), append(files, b.Bytes())
	}
	b := strconv.FormatBool
	dep := [][]string{{"deployment_id", "started_at", "finished_at", "environment", "kind", "result", "changes", "failed", "rolled_back"}}
	for _, x := range d.Deployments {
		dep = append(dep, []string{x.ID, d.Timestamp(x.Started), d.Timestamp(x.Finished), "production", x.Kind, x.Result, strconv.Itoa(len(x.Changes)), b(x.Failed), b(x.RolledBack)})
	}
	add("deployments.csv", dep)
	ch := [][]string{{"change_id", "commit_sha", "committed_at", "deployment_id", "deployed_at"}}
	for _, c := range d.Changes {
		ch = append(ch, []string{c.ID, c.SHA, d.Timestamp(c.Committed), c.Deployment, d.Timestamp(c.Deployed)})
	}
	add("changes.csv", ch)
	inc := [][]string{{"incident_id", "started_at", "detected_at", "resolved_at", "severity", "customer_facing", "deployment_id", "cause"}}
	for _, in := range d.Incidents {
		inc = append(inc, []string{in.ID, d.Timestamp(in.Started), d.Timestamp(in.Detected), d.Timestamp(in.Resolved), in.Severity, b(in.CustomerFacing), in.Deployment, in.Cause})
	}
	add("incidents.csv", inc)
	return names, files, err
}
