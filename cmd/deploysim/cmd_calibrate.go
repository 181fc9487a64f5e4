package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/pflag"

	"deploysim/fit"
)

func calibrateCommand() *command {
	return &command{
		name:    "calibrate",
		args:    "[INPUT...]",
		summary: "fit a today arm to your records or Quick Check answers",
		long: `Writes a case scenario whose "today" arm reproduces what your organisation
measured, and a second arm that changes practices only, so that deploysim
case runs on it at once. It prints the fit report: each DORA metric as
measured and as the fitted arm simulates it, with both intervals and the
sample sizes, which parameters came from data and which are defaults, the
misfit that remains, and warnings.

INPUT is a directory or a file of records, told apart by name and content:
  deployments.csv, changes.csv, incidents.csv   the plain records (deploysim
                                                export --to csv writes them)
  cicd_deployment_commits.csv, incidents.csv,   Apache DevLake's domain tables,
  project_pr_metrics.csv, or a .sql dump        as CSV or as mysqldump writes
  *.json with an "incidents" array              PagerDuty's GET /incidents
  *.json array of deployments with "statuses"   GitHub's deployments API
With no records, the Quick Check's five answers (--quick-check FILE or the
flags below) are enough; with both, records win and the answers fill in
what the records cannot measure.

The fit chooses practices, never outcomes: release cadence from deployment
times, defect and deployment-error probabilities from the change failure
rate, recovery speed from incident durations (open incidents censored),
changes per day from changes or team size. Every fitted parameter's 90%
interval goes to the scenario's uncertain: section with where it came from.
-o names the scenario file (- for standard output); an existing file is
left alone unless --force is given. --report writes the report as Markdown
(.md), HTML (.html) or text (any other name).`,
		examples: `  deploysim calibrate --quick-check answers.yaml -o my-org.yaml && deploysim case my-org.yaml
  deploysim calibrate --lead-time 3 --deployment-frequency 2 --recovery-time 4 \
      --change-failure-rate 12% --rework-rate 5% -o my-org.yaml
  deploysim calibrate records/ -o my-org.yaml --report fit.html
  deploysim calibrate deployments.csv incidents.csv changes.csv \
      --exclude 2026-03-01..2026-03-14 -o my-org.yaml
  deploysim calibrate lake.sql --severity critical --severity major -o my-org.yaml
  deploysim calibrate github-deployments.json pagerduty.json --severity high -o my-org.yaml`,
		setup: func(fs *pflag.FlagSet) action {
			out := fs.StringP("output", "o", "", "write the fitted scenario to FILE (- for standard output)")
			report := fs.String("report", "", "also write the fit report to FILE: .md Markdown, .html HTML, else text")
			force := fs.BoolP("force", "f", false, "overwrite the output files if they exist")
			qcFile := fs.String("quick-check", "", "the Quick Check's answers, a YAML FILE (see deploysim calibrate --help)")
			exclude := fs.StringArray("exclude", nil, "leave out the records of FROM..TO (days, both included), e.g. 2026-03-01..2026-03-14; repeatable")
			period := fs.String("period", "", "the observation period FROM..TO (default: first to last record)")
			severity := fs.StringArray("severity", nil, "count only incidents of this severity or urgency; repeatable")
			customer := fs.Bool("customer-facing", false, "count only incidents not marked customer_facing false")
			seed := fs.Uint64("seed", 1, "seed of the fit's simulations")
			reps := fs.IntP("replications", "n", 24, "simulated years of the today arm per fitting round, N (the check runs 2.5 times as many)")
			lead := fs.String("lead-time", "", "Quick Check: lead time band, 1 (more than six months) … 6 (less than one hour)")
			freq := fs.String("deployment-frequency", "", "Quick Check: deployment frequency band, 1 (fewer than once per six months) … 6 (on demand)")
			rec := fs.String("recovery-time", "", "Quick Check: failed deployment recovery time band, 1 … 6")
			cfr := fs.String("change-failure-rate", "", "Quick Check: change failure rate, a percentage such as 12%")
			rework := fs.String("rework-rate", "", "Quick Check: deployment rework rate, a percentage such as 5%")
			team := fs.String("team-size", "", "engineers whose changes the arm carries")
			cpw := fs.String("changes-per-week", "", "changes merged a week across the organisation")
			outage := fs.String("outage-cost-per-hour", "", "what an hour of full outage at peak costs")
			revenue := fs.String("revenue-per-year", "", "the revenue of the business the software serves")
			manualDeploy := fs.String("manual-deployment", "", "true if deployments are done by hand")
			manualTest := fs.String("manual-testing", "", "true if regression testing is done by hand")
			return func(ctx context.Context, e *env, args []string) error {
				if *out == "" {
					return usagef("name the scenario to write with -o FILE (see deploysim calibrate --help)")
				}
				// Quick Check answers: the file, then the flags over it,
				// each parsed once into the answers.
				var qc *fit.QuickCheck
				if *qcFile != "" {
					f, err := os.Open(*qcFile)
					if err != nil {
						return usagef("--quick-check %s: %v", *qcFile, errors.Unwrap(err))
					}
					qc, err = fit.ReadQuickCheck(*qcFile, f)
					f.Close()
					if err != nil {
						return inputError(err)
					}
				}
				for _, f := range []struct {
					key string
					v   *string
				}{{"lead_time", lead}, {"deployment_frequency", freq}, {"recovery_time", rec}, {"change_failure_rate", cfr}, {"rework_rate", rework},
					{"team_size", team}, {"changes_per_week", cpw}, {"outage_cost_per_hour", outage}, {"revenue_per_year", revenue},
					{"manual_deployment", manualDeploy}, {"manual_testing", manualTest}} {
					if *f.v == "" {
						continue
					}
					if qc == nil {
						qc = &fit.QuickCheck{File: "the Quick Check flags"}
					}
					if err := qc.Set(f.key, *f.v); err != nil {
						return usagef("--%s: %v", strings.ReplaceAll(f.key, "_", "-"), err)
					}
				}
				if qc != nil {
					if err := qc.Complete(); err != nil {
						var ie *fit.InputError
						if errors.As(err, &ie) && *qcFile == "" {
							return usagef("the Quick Check needs --%s (and the other four of --lead-time, --deployment-frequency, --recovery-time, --change-failure-rate, --rework-rate)", strings.ReplaceAll(ie.Field, "_", "-"))
						}
						return inputError(err)
					}
				}
				if len(args) == 0 && qc == nil {
					return usagef("give records (a directory or files) or the Quick Check's answers (--quick-check FILE or --lead-time … --rework-rate); see deploysim calibrate --help")
				}
				var filter fit.Filter
				for _, x := range *exclude {
					w, err := fit.ParseWindow(x)
					if err != nil {
						return usagef("--exclude: %v", err)
					}
					filter.Exclude = append(filter.Exclude, w)
				}
				if *period != "" {
					w, err := fit.ParseWindow(*period)
					if err != nil {
						return usagef("--period: %v", err)
					}
					filter.Period = w
				}
				filter.Severities = *severity
				filter.CustomerFacingOnly = *customer

				// Outputs are checked before any work.
				var scen, rep *target
				var err error
				if *out != "-" {
					if scen, err = resolveTarget("-o", *out, false); err != nil {
						return err
					}
					if scen.exists && !*force {
						return usagef("-o %s already exists: use --force to overwrite it, or name another file", *out)
					}
				}
				if *report != "" {
					if rep, err = resolveTarget("--report", *report, false); err != nil {
						return err
					}
					if rep.exists && !*force {
						return usagef("--report %s already exists: use --force to overwrite it, or name another file", *report)
					}
				}

				// Read and measure.
				var targets fit.Targets
				var inputs []string
				if len(args) > 0 {
					all := &fit.Records{}
					for _, path := range args {
						r, err := fit.ReadPath(path)
						if err != nil {
							return inputError(err)
						}
						all.Merge(r)
					}
					all.Link()
					inputs = append(inputs, all.Inputs...)
					if targets, err = fit.Measure(all, filter); err != nil {
						return inputError(err)
					}
					targets.Notes = append(targets.Notes, all.Notes...)
					if qc != nil {
						targets = fillFromAnswers(targets, qc.Targets())
					}
				} else {
					targets = qc.Targets()
				}
				if qc != nil {
					inputs = append(inputs, "Quick Check answers ("+qc.File+")")
				}
				org := fit.Org{}
				if qc != nil {
					org = qc.Org
				}
				if *reps < 1 || *reps > 10_000 {
					return usagef("--replications: must be in [1, 10000], got %d", *reps)
				}
				res, err := fit.Calibrate(ctx, targets, org, fit.Options{Seed: *seed, Replications: *reps, CheckReplications: *reps * 5 / 2})
				if err != nil {
					return err
				}
				name := scenarioName(*out)
				yaml, err := res.Scenario(fit.ScenarioOptions{Name: name, Inputs: inputs})
				if err != nil {
					return err
				}
				doc := res.Report()
				var outs []*output
				if scen != nil {
					outs = append(outs, &output{target: scen, data: yaml})
				}
				if rep != nil {
					var buf bytes.Buffer
					switch strings.ToLower(filepath.Ext(*report)) {
					case ".md", ".markdown":
						err = doc.WriteMarkdown(&buf)
					case ".html", ".htm":
						err = doc.WriteHTML(&buf)
					default:
						err = doc.WriteText(&buf)
					}
					if err != nil {
						return err
					}
					outs = append(outs, &output{target: rep, data: buf.Bytes()})
				}
				if len(outs) > 0 {
					if err := e.stage.commit(outs, func() bool { return ctx.Err() != nil }); err != nil {
						if errors.Is(err, errInterrupted) {
							return ctx.Err()
						}
						return err
					}
				}
				if scen == nil {
					_, err := e.stdout.Write(yaml)
					if err == nil {
						err = doc.WriteText(e.stderr)
					}
					return err
				}
				if err := doc.WriteText(e.stdout); err != nil {
					return err
				}
				q := shellQuote(*out)
				fmt.Fprintf(e.stdout, "\nwrote %s: the business case with deploysim case %s, both arms with deploysim run %s\n", *out, q, q)
				return nil
			}
		},
	}
}

// fillFromAnswers fills the targets records could not measure from the
// Quick Check's answers.
func fillFromAnswers(t, a fit.Targets) fit.Targets {
	for _, p := range []struct{ dst, src *fit.Target }{
		{&t.DeploysPerYear, &a.DeploysPerYear}, {&t.LeadTimeHours, &a.LeadTimeHours},
		{&t.RecoveryHours, &a.RecoveryHours}, {&t.ChangeFailureRate, &a.ChangeFailureRate}, {&t.ReworkRate, &a.ReworkRate},
	} {
		if !p.dst.Known() {
			*p.dst = *p.src
		}
	}
	return t
}

var nameUnsafe = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// scenarioName derives the scenario's name from its file name.
func scenarioName(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	n := strings.Trim(nameUnsafe.ReplaceAllString(base, "-"), "-")
	if n == "" || path == "-" {
		n = "my-org"
	}
	if len(n) > 64 {
		n = n[:64]
	}
	return n
}
