package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"deploysim/export"
	"deploysim/scenarios"
)

// exportTargets lists what --to accepts; a directory target writes
// several files into the directory -o names.
var exportTargets = []struct {
	name, what string
	dir        bool
}{
	{"devlake-sql", "SQL INSERTs for DevLake's domain tables (MySQL/MariaDB)", false},
	{"devlake-webhook", "DevLake webhook bodies (NDJSON) and post.sh, a directory", true},
	{"cdevents", "CDEvents v0.5.1, NDJSON", false},
	{"fourkeys", "Four Keys events_raw rows, NDJSON for bq load", false},
	{"csv", "deployments.csv, changes.csv, incidents.csv, a directory", true},
}

func exportCommand() *command {
	var names []string
	for _, t := range exportTargets {
		names = append(names, t.name)
	}
	return &command{
		name:    "export",
		args:    "SCENARIO|FILE --arm NAME --to TARGET",
		summary: "write one replication as DevLake, CDEvents, Four Keys or CSV records",
		long: `Writes the deployments, changes and incidents of one replication of one arm
in the form a delivery dashboard reads, and says on standard error what
that dashboard will show beside what really happened (--report writes the
same as a Markdown page). The window is the whole weeks of the measured
period from --start (default Monday 2026-01-05, UTC): select exactly that
absolute range in Grafana (the note gives it), so that no empty week
pulls DevLake's weekly medians to zero. IDs and commit SHAs are stable
for a seed; timestamps are RFC 3339 with --start's offset.

Targets (--to):
  devlake-sql      rows of DevLake's domain tables (cicd_deployments,
                   cicd_deployment_commits, pull_requests, project_pr_metrics,
                   incidents, issues, project_mapping and
                   project_incident_deployment_relationships as DevLake's
                   dora plugin computes them) for mysql < FILE. Rerunning
                   DevLake's dora plugin on the project deletes the derived
                   rows and recomputes them: the relationships the same way,
                   project_pr_metrics only where it finds a commit graph,
                   which an export does not carry (lead time then shows N/A).
  devlake-webhook  the bodies DevLake's webhook plugin accepts, in a
                   directory with post.sh, which posts them with curl to the
                   URL and API key you give it (deploysim sends nothing). A
                   webhook import has no pull requests: lead time shows N/A.
  cdevents         CDEvents v0.5.1 events, chainId and links carrying which
                   changes each deployment shipped and which deployment caused
                   each incident.
  fourkeys         Four Keys' events_raw rows (GitHub push, deployment_status,
                   issues labelled Incident with "root cause: SHA").
  csv              deployments.csv, changes.csv and incidents.csv (see
                   docs/records-csv.md), the files deploysim calibrate reads.`,
		examples: `  deploysim export epic-vs-continuous --arm continuous-deployment --to devlake-sql -o cd.sql
  deploysim export epic-vs-continuous --arm quarterly-manual --to devlake-webhook -o quarterly/
  deploysim export epic-vs-continuous --arm continuous-deployment --to cdevents | jq .context.type
  deploysim export cd-business-case --arm quarterly-manual --to csv -o records/ --report compare.md
  deploysim export my-team.yaml --arm today --to fourkeys \
      --start 2026-03-02T00:00:00+01:00 -o events.ndjson`,
		setup: func(fs *pflag.FlagSet) action {
			o := &exportFlags{}
			fs.StringVar(&o.arm, "arm", "", "the `NAME` of the arm to export (required)")
			fs.StringVar(&o.to, "to", "", "what to write, `TARGET`: "+strings.Join(names, ", ")+" (required)")
			fs.IntVar(&o.rep, "replication", 0, "replication `K`, from 0: the same as in deploysim run")
			fs.StringVar(&o.start, "start", "", "day 0 of the measured period, `DATE` as 2026-01-05 (UTC) or RFC 3339 with an offset (default 2026-01-05, a Monday)")
			fs.StringVar(&o.project, "project", "", "DevLake project and event source `NAME` (default deploysim-SCENARIO-ARM)")
			fs.StringVarP(&o.output, "output", "o", "", "write to `PATH` (a directory for devlake-webhook and csv) instead of standard output")
			fs.StringVar(&o.report, "report", "", "also write what the dashboard will show vs what happened as a Markdown `FILE`")
			fs.StringArrayVar(&o.sets, "set", nil, "change one parameter: `PATH=VALUE`, as deploysim run --set")
			fs.BoolVarP(&o.quiet, "quiet", "q", false, "do not write the comparison on standard error")
			return func(ctx context.Context, e *env, args []string) error { return o.run(ctx, e, args) }
		},
	}
}

type exportFlags struct {
	arm, to, start, project, output, report string
	rep                                     int
	sets                                    []string
	quiet                                   bool
}

const exportHelp = "(see deploysim export --help)"

// parseStart reads --start: a date (midnight UTC) or RFC 3339 with offset.
func parseStart(s string) (time.Time, error) {
	if s == "" {
		return export.DefaultStart, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--start %s: want a date as 2026-01-05 or a time as 2026-01-05T09:00:00+01:00 %s", s, exportHelp)
}

func (o *exportFlags) run(ctx context.Context, e *env, args []string) error {
	var problems []string
	if len(args) != 1 {
		problems = append(problems, "name one scenario, a built-in or a file "+exportHelp)
	}
	if o.arm == "" {
		problems = append(problems, "--arm: name the arm to export "+exportHelp)
	}
	dir, known := false, false
	var names []string
	for _, t := range exportTargets {
		names = append(names, t.name)
		if t.name == o.to {
			dir, known = t.dir, true
		}
	}
	switch {
	case o.to == "":
		problems = append(problems, "--to: name what to write: "+strings.Join(names, ", "))
	case !known:
		problems = append(problems, fmt.Sprintf("--to %s: not a target%s (targets: %s)", o.to, didYouMean(o.to, names), strings.Join(names, ", ")))
	case dir && (o.output == "" || o.output == "-"):
		problems = append(problems, fmt.Sprintf("--to %s writes several files: name a directory with -o", o.to))
	}
	if o.rep < 0 {
		problems = append(problems, "--replication "+strconv.Itoa(o.rep)+": want 0 or more "+exportHelp)
	}
	start, err := parseStart(o.start)
	if err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return &usageError{msgs: problems}
	}
	// Every output is checked before the scenario is read or simulated.
	name := args[0]
	targets, err := resolveOutputs(e, name, outputFlag{"-o", o.output, dir, ""}, outputFlag{"--report", o.report, false, ""})
	if err != nil {
		return err
	}
	sc, err := loadScenarioContext(ctx, e, name)
	if err != nil {
		return err
	}
	if len(o.sets) > 0 {
		if sc, err = sc.With(o.sets...); err != nil {
			return err
		}
	}
	a, ok := sc.Arm(o.arm)
	if !ok {
		arms := make([]string, len(sc.Arms))
		for i := range sc.Arms {
			arms[i] = sc.Arms[i].Name
		}
		return usagef("--arm %q: not an arm of %s%s (arms: %s)", o.arm, sc.Name, didYouMean(o.arm, arms), strings.Join(arms, ", "))
	}
	exp := sc.Experiment()
	d, _, err := export.Simulate(ctx, &a, &exp, export.Options{Scenario: sc.Name, Arm: a.Name, Replication: o.rep, Start: start, Project: o.project})
	if err != nil {
		var serrs scenarios.Errors
		if errors.As(err, &serrs) || ctx.Err() != nil {
			return err
		}
		return inputError(err)
	}
	cmp := export.Compare(d)

	// Render everything in memory; nothing is on disk until commit.
	var main bytes.Buffer
	var files []string
	var contents [][]byte
	switch o.to {
	case "devlake-sql":
		err = export.WriteDevLakeSQL(&main, d, d.ToDevLake())
	case "cdevents":
		err = export.WriteCDEvents(&main, d)
	case "fourkeys":
		err = export.WriteFourKeys(&main, d)
	case "devlake-webhook":
		files, contents, err = d.WebhookFiles()
	case "csv":
		files, contents, err = d.CSVFiles()
	}
	if err != nil {
		return err
	}
	var page bytes.Buffer
	if err := cmp.WriteMarkdown(&page); err != nil {
		return err
	}
	var outs []*output
	for _, t := range targets {
		out := &output{target: t}
		switch {
		case t.flag == "--report":
			out.data = page.Bytes()
		case dir:
			out.names, out.files = files, contents
		default:
			out.data = main.Bytes()
		}
		outs = append(outs, out)
	}
	if dir {
		main.Reset() // nothing goes to standard output
	}
	if err := publish(ctx, e, outs, main.Bytes(), true, ""); err != nil {
		return err
	}
	if !o.quiet {
		if wd := start.UTC().Weekday(); wd != time.Monday {
			fmt.Fprintf(e.stderr, "note: --start %s is a %s (UTC): DevLake's weeks begin on Mondays, so the window's first and last weeks are partial and pull its weekly median down; start on a Monday\n", o.start, wd)
		}
		if dir {
			fmt.Fprintf(e.stderr, "wrote %s in %s\n", strings.Join(files, ", "), o.output)
		}
		return cmp.WriteText(e.stderr)
	}
	return nil
}
