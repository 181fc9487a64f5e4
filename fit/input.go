package fit

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ReadPath reads the records at path, whatever their kind: a directory of
// CSV files (the plain records or DevLake tables), a CSV file (told apart
// by its header), a mysqldump .sql file, or a JSON file (PagerDuty
// incidents, an object with "incidents"; GitHub deployments, an array).
func ReadPath(path string) (*Records, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, &InputError{File: path, Msg: "cannot read: " + strings.TrimPrefix(err.Error(), "stat "+path+": ")}
	}
	if st.IsDir() {
		return readDir(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &InputError{File: path, Msg: err.Error()}
	}
	defer f.Close()
	return Read(path, f)
}

// Read reads records from r, named name; the kind comes from the name's
// extension and, for CSV and JSON, the content.
func Read(name string, r io.Reader) (*Records, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return ReadCSV(name, r)
	case ".sql":
		return ReadSQLDump(name, r)
	case ".json":
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, &InputError{File: name, Msg: err.Error()}
		}
		switch t := bytes.TrimLeft(data, " \t\r\n\ufeff"); {
		case len(t) > 0 && t[0] == '{':
			return ReadPagerDuty(name, bytes.NewReader(data))
		case len(t) > 0 && t[0] == '[':
			return ReadGitHubDeployments(name, bytes.NewReader(data))
		}
		return nil, &InputError{File: name, Line: 1, Msg: "want PagerDuty's /incidents JSON (an object with \"incidents\") or GitHub's deployments JSON (an array)"}
	case ".yaml", ".yml":
		return nil, &InputError{File: name, Msg: "a YAML file: give Quick Check answers with --quick-check " + name}
	}
	return nil, &InputError{File: name, Msg: "unknown kind of input: want a directory, .csv, .sql or .json"}
}

// ReadCSV reads one CSV file of records, told apart by its header: the
// plain deployments, changes or incidents, or a DevLake table.
func ReadCSV(name string, r io.Reader) (*Records, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &InputError{File: name, Msg: err.Error()}
	}
	t, err := readCSVTable(name, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	switch base := strings.ToLower(filepath.Base(name)); {
	case base == "deployments.csv" || t.has("deployment_id", "result"):
		return ReadDeploymentsCSV(name, bytes.NewReader(data))
	case base == "changes.csv" || t.has("change_id"):
		return ReadChangesCSV(name, bytes.NewReader(data))
	case base == "incidents.csv" && !t.has("created_date") || t.has("incident_id"):
		return ReadIncidentsCSV(name, bytes.NewReader(data))
	case devlakeKind(t) != "":
		return readDevLake(t)
	}
	return nil, &InputError{File: name, Line: 1, Msg: fmt.Sprintf("a CSV the fit does not know (header: %s): want deployments.csv (deployment_id, …, result), changes.csv (change_id, committed_at), incidents.csv (incident_id, started_at) or a DevLake table (cicd_deployment_commits, incidents, project_pr_metrics)", strings.Join(t.header, ", "))}
}

// readDir reads every .csv, .sql and .json file of a directory.
func readDir(dir string) (*Records, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, &InputError{File: dir, Msg: err.Error()}
	}
	out := &Records{}
	n := 0
	for _, e := range entries {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".csv", ".sql", ".json":
		default:
			continue
		}
		if e.IsDir() {
			continue
		}
		r, err := ReadPath(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out.Merge(r)
		n++
	}
	if n == 0 {
		return nil, &InputError{File: dir, Msg: "no .csv, .sql or .json records in the directory"}
	}
	return out, nil
}
