package export

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"deploysim/internal/thirdparty"
	"deploysim/scenarios"
)

// The DevLake check: DevLake's own dashboard SQL, run by MariaDB over a
// devlake-sql export, shows what PredictDevLake says it will.
//
// MariaDB: DEPLOYSIM_MYSQL_SOCKET names the socket of a running server
// (.ci/run starts one); otherwise the test starts its own from mariadbd if
// it is installed. DEPLOYSIM_REQUIRE_MARIADB=1 makes a missing server a
// failure instead of a skip.

type mariadb struct {
	t      *testing.T
	client string // the mariadb (or mysql) command
	socket string
	db     string
}

func startMariaDB(t *testing.T) *mariadb {
	t.Helper()
	need := func(msg string) {
		t.Helper()
		if os.Getenv("DEPLOYSIM_REQUIRE_MARIADB") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	client, err := exec.LookPath("mariadb")
	if err != nil {
		if client, err = exec.LookPath("mysql"); err != nil {
			need("no mariadb or mysql client (apt-get install mariadb-server)")
		}
	}
	m := &mariadb{t: t, client: client, socket: os.Getenv("DEPLOYSIM_MYSQL_SOCKET")}
	if m.socket == "" {
		server, err := exec.LookPath("mariadbd")
		if err != nil {
			if server, err = exec.LookPath("/usr/sbin/mariadbd"); err != nil {
				need("no MariaDB server: set DEPLOYSIM_MYSQL_SOCKET or install mariadb-server")
			}
		}
		dir, err := os.MkdirTemp("", "deploysim-mariadb-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		data := filepath.Join(dir, "data")
		install := exec.Command("mariadb-install-db", "--no-defaults", "--datadir="+data, "--user="+currentUser(), "--auth-root-authentication-method=normal", "--skip-test-db")
		if out, err := install.CombinedOutput(); err != nil {
			t.Fatalf("mariadb-install-db: %v\n%s", err, out)
		}
		m.socket = filepath.Join(dir, "sock")
		srv := exec.Command(server, "--no-defaults", "--datadir="+data, "--socket="+m.socket, "--skip-networking", "--user="+currentUser(), "--pid-file="+filepath.Join(dir, "pid"), "--log-error="+filepath.Join(dir, "err.log"), "--innodb-buffer-pool-size=64M", "--innodb-flush-log-at-trx-commit=0", "--skip-log-bin")
		if err := srv.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Process.Kill(); srv.Wait() })
		for i := 0; ; i++ {
			if _, err := m.query("SELECT 1"); err == nil {
				break
			}
			if i > 100 {
				log, _ := os.ReadFile(filepath.Join(dir, "err.log"))
				t.Fatalf("MariaDB did not start in 10 s:\n%s", log)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	name := fmt.Sprintf("deploysim_test_%d", os.Getpid())
	if _, err := m.query("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	m.db = name
	t.Cleanup(func() { m.db = ""; m.query("DROP DATABASE " + name) })
	return m
}

func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "root"
}

// query runs sql (statements separated by semicolons) with the mariadb
// client, in UTC, and returns the rows of the last result, tab-separated.
func (m *mariadb) query(sql string) ([][]string, error) {
	args := []string{"--no-defaults", "-S", m.socket, "-uroot", "--batch", "--raw", "--skip-column-names", "--init-command=SET time_zone='+00:00'"}
	if m.db != "" {
		args = append(args, m.db)
	}
	cmd := exec.Command(m.client, args...)
	cmd.Stdin = strings.NewReader(sql)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := errb.String()
		if len(msg) > 600 {
			msg = "…" + msg[len(msg)-600:]
		}
		return nil, fmt.Errorf("%v: %s", err, msg)
	}
	var rows [][]string
	for _, line := range strings.Split(strings.TrimRight(out.String(), "\n"), "\n") {
		if line != "" {
			rows = append(rows, strings.Split(line, "\t"))
		}
	}
	return rows, nil
}

func (m *mariadb) exec(sql string) [][]string {
	m.t.Helper()
	rows, err := m.query(sql)
	if err != nil {
		m.t.Fatal(err)
	}
	return rows
}

// batch runs queries in one client session and returns each one's rows:
// a marker row after each query splits the output.
func (m *mariadb) batch(queries []string) [][][]string {
	m.t.Helper()
	var b strings.Builder
	for i, q := range queries {
		fmt.Fprintf(&b, "%s;\nSELECT '@@@%d';\n", strings.TrimRight(strings.TrimSpace(q), ";"), i)
	}
	rows := m.exec(b.String())
	out := make([][][]string, len(queries))
	k := 0
	for _, r := range rows {
		if len(r) == 1 && r[0] == fmt.Sprintf("@@@%d", k) {
			k++
			continue
		}
		out[k] = append(out[k], r)
	}
	if k != len(queries) {
		m.t.Fatalf("batch: %d of %d queries answered", k, len(queries))
	}
	return out
}

// --- tables, from DevLake's own definitions -------------------------------

var (
	structRE = regexp.MustCompile(`(?s)type (\w+) struct \{\n(.*?)\n\}`)
	fieldRE  = regexp.MustCompile("^\\s*(\\w+)\\s+(\\*?[\\w.]+)\\s*(?:`gorm:\"([^\"]*)\"`)?")
	tableRE  = regexp.MustCompile(`(?s)func \((?:\w+ )?(\w+)\) TableName\(\) string \{\s*return "(\w+)"`)
)

// snake is gorm's column naming: CicdScopeId → cicd_scope_id.
func snake(s string) string {
	var b strings.Builder
	r := []rune(s)
	for i, c := range r {
		up := c >= 'A' && c <= 'Z'
		if up && i > 0 && (r[i-1] >= 'a' && r[i-1] <= 'z' || r[i-1] >= '0' && r[i-1] <= '9' || i+1 < len(r) && r[i+1] >= 'a' && r[i+1] <= 'z' && r[i-1] >= 'A' && r[i-1] <= 'Z') {
			b.WriteByte('_')
		}
		b.WriteRune(c)
	}
	return strings.ToLower(b.String())
}

// Columns of DevLake's embedded models, which the reference files embed
// but do not define: domainlayer.DomainEntity (an id and the raw-data
// columns), common.NoPKModel, archived.Model and devops.TaskDatesInfo.
var embedded = map[string][]string{
	"domainlayer.DomainEntity": {"`id` varchar(255) NOT NULL", "`created_at` datetime(3)", "`updated_at` datetime(3)", "`_raw_data_params` varchar(255)", "`_raw_data_table` varchar(255)", "`_raw_data_id` bigint unsigned", "`_raw_data_remark` longtext"},
	"common.NoPKModel":         {"`created_at` datetime(3)", "`updated_at` datetime(3)", "`_raw_data_params` varchar(255)", "`_raw_data_table` varchar(255)", "`_raw_data_id` bigint unsigned", "`_raw_data_remark` longtext"},
	"archived.Model":           {"`id` bigint unsigned NOT NULL AUTO_INCREMENT", "`created_at` datetime(3)", "`updated_at` datetime(3)"},
	"TaskDatesInfo":            {"`created_date` datetime(3)", "`queued_date` datetime(3)", "`started_date` datetime(3)", "`finished_date` datetime(3)"},
}

// createTable reads struct name of a reference file and returns DevLake's
// CREATE TABLE for it, with gorm's default types.
func createTable(t *testing.T, file, name string) string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var body, table string
	for _, m := range structRE.FindAllStringSubmatch(string(src), -1) {
		if m[1] == name {
			body = m[2]
		}
	}
	for _, m := range tableRE.FindAllStringSubmatch(string(src), -1) {
		if m[1] == name {
			table = m[2]
		}
	}
	if body == "" || table == "" {
		t.Fatalf("%s: no struct %s with a TableName", file, name)
	}
	var cols, pk []string
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		if e, ok := embedded[line]; ok {
			cols = append(cols, e...)
			if line == "domainlayer.DomainEntity" || line == "archived.Model" {
				pk = append(pk, "`id`")
			}
			continue
		}
		f := fieldRE.FindStringSubmatch(line)
		if f == nil {
			t.Fatalf("%s: cannot read field %q", file, line)
		}
		col, typ, tag := snake(f[1]), "", f[3]
		for _, part := range strings.Split(tag, ";") {
			if v, ok := strings.CutPrefix(part, "type:"); ok {
				typ = v
			}
			if part == "primaryKey" {
				pk = append(pk, "`"+col+"`")
			}
		}
		if typ == "" {
			switch strings.TrimPrefix(f[2], "*") {
			case "string":
				typ = "longtext"
			case "time.Time":
				typ = "datetime(3)"
			case "int64", "int":
				typ = "bigint"
			case "uint":
				typ = "bigint unsigned"
			case "float64":
				typ = "double"
			default:
				t.Fatalf("%s: field %s has type %s", file, f[1], f[2])
			}
		}
		cols = append(cols, "`"+col+"` "+typ)
	}
	if len(pk) > 0 {
		cols = append(cols, "PRIMARY KEY ("+strings.Join(pk, ", ")+")")
	}
	return "CREATE TABLE `" + table + "` (\n  " + strings.Join(cols, ",\n  ") + "\n);\n"
}

// benchmarksSQL inserts the dora_benchmarks rows of DevLake's last
// migration of them (20240223: 2021 and 2023 editions).
func benchmarksSQL(t *testing.T, file string) string {
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lit := regexp.MustCompile(`(?s)&doraBenchmarkBasic\{\s*Model: archived.Model\{\s*ID: (\d+),\s*\},(.*?)\n\t\}`)
	kv := regexp.MustCompile(`(\w+):\s+"([^"]*)"`)
	var b strings.Builder
	n := 0
	for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
		f := map[string]string{}
		for _, p := range kv.FindAllStringSubmatch(m[2], -1) {
			f[p[1]] = p[2]
		}
		fmt.Fprintf(&b, "INSERT INTO dora_benchmarks (id, metric, low, medium, high, elite, dora_report) VALUES (%s, %s, %s, %s, %s, %s, %s);\n",
			m[1], sqlValue(f["Metric"]), sqlValue(f["Low"]), sqlValue(f["Medium"]), sqlValue(f["High"]), sqlValue(f["Elite"]), sqlValue(f["DoraReport"]))
		n++
	}
	if n != 8 {
		t.Fatalf("%s: found %d benchmark rows, want 8 (four metrics, two editions)", file, n)
	}
	return b.String()
}

// Tables the dashboard reads (pull_requests) or the export fills (issues,
// board_issues) that the reference files do not define: DevLake's
// code.PullRequest, ticket.Issue and ticket.BoardIssue at the same commit,
// with the columns an export fills and gorm's types for them (DevLake's
// have more columns, all nullable). pull_request_key is an integer there:
// the strict SQL mode refuses anything else.
const extraTables = "CREATE TABLE pull_requests (id varchar(255) NOT NULL PRIMARY KEY, base_repo_id longtext, head_repo_id longtext, status varchar(100), original_status varchar(100), title longtext, pull_request_key bigint, created_date datetime(3), merged_date datetime(3), merge_commit_sha varchar(40));\n" +
	"CREATE TABLE issues (id varchar(255) NOT NULL PRIMARY KEY, issue_key varchar(255), title longtext, type varchar(100), original_type varchar(500), status varchar(100), original_status varchar(100), resolution_date datetime(3), created_date datetime(3), updated_date datetime(3), lead_time_minutes bigint unsigned, severity varchar(255));\n" +
	"CREATE TABLE board_issues (board_id varchar(255) NOT NULL, issue_id varchar(255) NOT NULL, PRIMARY KEY (board_id, issue_id));\n" +
	"SET SESSION sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES');\n"

func createSchema(t *testing.T, dir string) string {
	ref := func(f string) string { return filepath.Join(dir, "reference", f) }
	var b strings.Builder
	for _, x := range [][2]string{
		{"core_models_domainlayer_devops_cicd_deployment.go", "CICDDeployment"},
		{"core_models_domainlayer_devops_cicd_deployment_commit.go", "CicdDeploymentCommit"},
		{"core_models_domainlayer_ticket_incident.go", "Incident"},
		{"core_models_domainlayer_crossdomain_project_mapping.go", "ProjectMapping"},
		{"core_models_domainlayer_crossdomain_project_pr_metric.go", "ProjectPrMetric"},
		{"core_models_domainlayer_crossdomain_project_incident_deployment_relationship.go", "ProjectIncidentDeploymentRelationship"},
		{"core_models_migrationscripts_20230511_add_calendar_months.go", "calendarMonths"},
		{"plugins_dora_models_migrationscripts_20240223_add_dora_2023_benchmark.go", "doraBenchmarkBasic"},
	} {
		b.WriteString(createTable(t, ref(x[0]), x[1]))
	}
	b.WriteString(extraTables)
	b.WriteString(benchmarksSQL(t, ref("plugins_dora_models_migrationscripts_20240223_add_dora_2023_benchmark.go")))
	return b.String()
}

// calendarSQL fills calendar_months as DevLake's migration does (month
// "yy/mm", its first day), around the window instead of around today.
func calendarSQL(from time.Time) string {
	var b strings.Builder
	start := time.Date(from.Year()-2, from.Month(), 1, 0, 0, 0, 0, time.UTC)
	for m := start; m.Before(start.AddDate(12, 0, 0)); m = m.AddDate(0, 1, 0) {
		fmt.Fprintf(&b, "INSERT INTO calendar_months (month, month_timestamp) VALUES ('%s', '%s');\n", m.Format("06/01"), m.Format(time.DateTime))
	}
	return b.String()
}

// --- the dashboard ------------------------------------------------------------

type panel struct {
	ID    int
	Title string
	SQL   string
}

func doraPanels(t *testing.T, dir string) []panel {
	raw, err := os.ReadFile(filepath.Join(dir, "DORA.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			ID      int    `json:"id"`
			Title   string `json:"title"`
			Type    string `json:"type"`
			Targets []struct {
				RawSQL string `json:"rawSql"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatal(err)
	}
	var ps []panel
	for _, p := range dash.Panels {
		if p.Type == "text" {
			continue
		}
		for _, tg := range p.Targets {
			if strings.TrimSpace(tg.RawSQL) != "" {
				ps = append(ps, panel{p.ID, p.Title, tg.RawSQL})
			}
		}
	}
	return ps
}

// grafana substitutes Grafana's macros and variables as its MySQL data
// source does for one project, one edition and an absolute time range.
func grafana(sql, project, edition string, from, to time.Time) string {
	f := fmt.Sprintf("FROM_UNIXTIME(%d)", from.Unix())
	u := fmt.Sprintf("FROM_UNIXTIME(%d)", to.Unix())
	title := "Failed Deployment Recovery Time"
	if edition == "2021" {
		title = "Median Time to Restore Service"
	}
	sql = regexp.MustCompile(`\$__timeFilter\(((?:[^()]|\([^()]*\))*)\)`).ReplaceAllString(sql, "$1 BETWEEN "+f+" AND "+u)
	r := strings.NewReplacer(
		"$__timeFrom()", f, "$__timeTo()", u,
		"${project}", "'"+project+"'", "$project", "'"+project+"'",
		"${dora_report:raw}", edition, "${dora_report}", edition, "$dora_report", edition,
		"${title_value}", title,
	)
	return r.Replace(sql)
}

func TestDevLakeDashboardAgrees(t *testing.T) {
	dir := thirdparty.Dir(t, "devlake")
	db := startMariaDB(t)
	sc, err := scenarios.Load("epic-vs-continuous")
	if err != nil {
		t.Fatal(err)
	}
	exp := sc.Experiment()
	type loaded struct {
		data *Data
		dl   *DevLake
	}
	var arms []loaded
	var load strings.Builder
	load.WriteString(createSchema(t, dir))
	// A year of quarterly releases (four, a few hundred changes) and a
	// quarter of continuous deployment (hundreds of deployments) keep the
	// load small, so that make test stays fast.
	for _, arm := range []struct {
		name  string
		weeks float64
	}{{"quarterly-manual", 52}, {"continuous-deployment", 13}} {
		name := arm.name
		exp.HorizonHours = arm.weeks * 7 * 24
		a, ok := sc.Arm(name)
		if !ok {
			t.Fatalf("no arm %s", name)
		}
		d, _, err := Simulate(context.Background(), &a, &exp, Options{Scenario: sc.Name, Replication: 1})
		if err != nil {
			t.Fatal(err)
		}
		dl := d.ToDevLake()
		if err := WriteDevLakeSQL(&load, d, dl); err != nil {
			t.Fatal(err)
		}
		arms = append(arms, loaded{d, dl})
	}
	load.WriteString(calendarSQL(arms[0].data.From))
	began := time.Now()
	db.exec("SET autocommit = 0;\n" + load.String() + "COMMIT;\n")
	t.Logf("loaded %d bytes of SQL in %v", load.Len(), time.Since(began))

	panels := doraPanels(t, dir)
	if len(panels) != 9 {
		t.Fatalf("DORA.json has %d panels with SQL, want 9", len(panels))
	}
	for i, arm := range arms {
		d, dl := arm.data, arm.dl
		other := arms[1-i].dl
		dl.OtherIncidents, dl.OtherCommits = len(other.Incidents) > 0, len(other.Commits) > 0
		// DevLake's own rule, run as its dora plugin runs it, blames the
		// same deployments as the export's relationships.
		var rules []string
		for _, in := range dl.Incidents {
			rules = append(rules, fmt.Sprintf(`SELECT cicd_deployment_commits.cicd_deployment_id FROM cicd_deployment_commits
				left join project_mapping pm on cicd_deployment_commits.cicd_scope_id = pm.row_id
				WHERE cicd_deployment_commits.finished_date < %s and cicd_deployment_commits.result = 'SUCCESS'
				and cicd_deployment_commits.environment = 'PRODUCTION' and pm.table = 'cicd_scopes' and pm.project_name = %s
				ORDER BY finished_date DESC LIMIT 1`, sqlValue(in.Created), sqlValue(dl.Project)))
		}
		for i, rows := range db.batch(rules) {
			in := dl.Incidents[i]
			want := dl.Relations[in.ID]
			got := ""
			if len(rows) == 1 {
				got = rows[0][0]
			}
			if got != want {
				t.Errorf("%s: incident %s: DevLake's rule blames %q, the export %q", dl.Project, in.ID, got, want)
			}
		}
		from, to := d.GrafanaWindow()
		for _, edition := range []string{"2021", "2023"} {
			want := dl.PredictDevLake(d, edition)
			var queries []string
			for _, p := range panels {
				queries = append(queries, grafana(p.SQL, dl.Project, edition, from, to))
			}
			began := time.Now()
			results := db.batch(queries)
			t.Logf("%s %s: the dashboard's queries took %v", dl.Project, edition, time.Since(began))
			for i, rows := range results {
				p := panels[i]
				got, exp := panelResult(p.ID, rows), expected(p.ID, want)
				if got != exp {
					t.Errorf("%s, %s edition, panel %d %q:\nDevLake shows   %s\ndeploysim said  %s", dl.Project, edition, p.ID, p.Title, got, exp)
				} else {
					t.Logf("%s, %s edition, panel %q: %s", dl.Project, edition, p.Title, firstLine(got))
				}
			}
		}
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// panelResult writes a panel's rows in one canonical form: a stat's one
// value; a table's rows; a bar chart's months in order.
func panelResult(id int, rows [][]string) string {
	switch id {
	case 8:
		var out []string
		for _, r := range rows {
			level := ""
			for i, l := range []string{"low", "medium", "high", "elite"} {
				if r[2+i] != "NULL" {
					level = l + "=" + r[2+i]
				}
			}
			out = append(out, r[0]+": "+level)
		}
		return strings.Join(out, "\n")
	case 2, 6, 5, 9:
		sort.Slice(rows, func(i, j int) bool { return rows[i][0] < rows[j][0] })
		var out []string
		for _, r := range rows {
			out = append(out, strings.Join(r, " "))
		}
		return strings.Join(out, "\n")
	}
	if len(rows) == 0 {
		return "(no value)"
	}
	return strings.Join(rows[0], " ")
}

func expected(id int, p DevLakePanels) string {
	var out []string
	switch id {
	case 8:
		for _, r := range p.Overall {
			level := ""
			if r.Level != "" {
				level = r.Level + "=" + r.Value
			}
			out = append(out, r.Metric+": "+level)
		}
		return strings.Join(out, "\n")
	case 11:
		return p.DeploymentFrequency
	case 12:
		return p.LeadTime
	case 14:
		return p.ChangeFailureRate
	case 17:
		if !p.RecoveryShown {
			return "(no value)"
		}
		return p.Recovery
	}
	for _, m := range p.Months {
		switch id {
		case 2:
			out = append(out, fmt.Sprintf("%s %d", m.Month, m.Deployments))
		case 6:
			out = append(out, m.Month+" "+m.LeadTime.String())
		case 5:
			out = append(out, m.Month+" "+m.CFR.String())
		case 9:
			out = append(out, m.Month+" "+m.Recovery.String())
		}
	}
	return strings.Join(out, "\n")
}
