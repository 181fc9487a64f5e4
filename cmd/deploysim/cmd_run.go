package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/models"
	doc "deploysim/report"
	"deploysim/report/render"
	"deploysim/reports"
	"deploysim/scenarios"
)

func runCommand() *command {
	return &command{
		name:    "run",
		args:    "[SCENARIO|FILE|-]",
		summary: "run a scenario and print the comparison",
		long: `Runs a scenario, a built-in by name (see deploysim list) or a scenario file,
and prints the comparison of its arms: DORA's four key metrics, downtime and
money lost, each with its 95% confidence interval over the replications.
Without a scenario it runs ` + scenarios.Default + `; - reads the scenario
from standard input.

The same scenario, --seed and --replications give the same numbers on any
machine with any --workers. The report ends with the command that
reproduces it. The table is for people; --format json is for programs.

Every output (-o, --per-replication, --report) is checked before the run
and written only once the whole run and all rendering have succeeded, all
of them or none: Ctrl-C or a failure leaves no file behind. A symlink is
written through, a device or FIFO (/dev/stdout) written in place, and an
output that is the scenario file or another output is refused.`,
		examples: `  deploysim run
  deploysim run knight-capital-2012 -n 1000
  deploysim run my-team.yaml --seed 7 --horizon 2y
  deploysim run --set arms.quarterly-manual.release.every=4w --set defaults.work.changes_per_day=25
  deploysim run --format json | jq '.arms[] | {name, overall: .dora.overall}'
  deploysim run -n 1000 -o report.md --dora 2023
  deploysim run knight-capital-2012 --report knight-report   # report.html, report.md and the plots
  deploysim run -o report.html                               # one self-contained page to forward
  deploysim run -o report.pdf --paper letter                 # the report to print or attach
  deploysim run --per-replication replications.csv --quiet`,
		setup: func(fs *pflag.FlagSet) action {
			o := &runFlags{}
			fs.StringVarP(&o.replications, "replications", "n", "", "run `N` replications (simulated years) of each arm (default: the scenario's; 100 for the built-ins)")
			fs.StringVar(&o.seed, "seed", "", "seed of the random numbers, a whole `N` (default: the scenario's)")
			fs.StringVar(&o.horizon, "horizon", "", "the measured `PERIOD` of each replication: 90d, 26w, 2y (default: the scenario's; 365d for the built-ins)")
			fs.StringArrayVar(&o.sets, "set", nil, "change one parameter: `PATH=VALUE`, in a scenario file's units, e.g. arms.quarterly-manual.release.every=4w (repeatable; see docs/scenario-reference.md)")
			fs.IntVar(&o.workers, "workers", 0, "replications run at once, `N` (default 0: one per CPU); the results do not depend on it")
			fs.StringVar(&o.format, "format", "", "output `FORMAT`: "+formatList()+" (default table, or from --output's extension)")
			fs.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` instead of standard output, in the format of its extension: .txt the table, .md the full Markdown report (its PNGs beside it), .html, .csv, .json, .pdf")
			fs.StringVar(&o.paper, "paper", "a4", "paper `SIZE` of a PDF report: a4 or letter")
			fs.StringVar(&o.dora, "dora", dora.DefaultEdition.String(), "rate the arms against the DORA State of DevOps report of `YEAR`: "+dora.EditionList())
			fs.StringVar(&o.perRep, "per-replication", "", "also write one CSV row per replication and arm to `FILE`")
			fs.StringVar(&o.reportDir, "report", "", "also write a report to `DIR`: report.html (self-contained), report.md and every plot as PNG and SVG")
			fs.BoolVarP(&o.quiet, "quiet", "q", false, "show no progress on standard error")
			o.table.register(fs)
			return func(ctx context.Context, e *env, args []string) error {
				o.changed = func(name string) bool { return fs.Changed(name) }
				return o.run(ctx, e, args)
			}
		},
	}
}

// runFlags are run's flags. The run settings (replications, seed,
// horizon) are kept as written and applied as scenario overrides, so
// that they take the scenario file's syntax and checks.
type runFlags struct {
	replications, seed, horizon string
	sets                        []string
	workers                     int
	format, output, paper       string
	dora                        string
	perRep, reportDir           string
	quiet                       bool
	changed                     func(name string) bool
	table                       tableFlags
}

const runHelp = "(see deploysim run --help)"

func (o *runFlags) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 1 {
		return usagef("one scenario at a time, got %d: %s %s", len(args), strings.Join(args, " "), runHelp)
	}
	name := scenarios.Default
	if len(args) == 1 {
		name = args[0]
	}

	var problems []string
	format, err := render.Named("table")
	switch {
	case o.format != "":
		if format, err = render.Named(o.format); err != nil {
			problems = append(problems, "--"+err.Error())
		}
	case o.output != "" && o.output != "-":
		// Checked after the outputs are (below): "-o team.yaml: is the
		// scenario file being run" says more than its extension does.
		if err = noExtension(o.output, ".txt, .md, .html, .csv, .json or .pdf"); err == nil {
			format, err = render.ForPath(o.output)
		}
	}
	extErr := err
	edition, err := dora.ParseEdition(o.dora)
	if err != nil {
		problems = append(problems, fmt.Sprintf("--dora %q: want %s", o.dora, dora.EditionList()))
	}
	if o.workers < 0 {
		problems = append(problems, fmt.Sprintf("--workers %d: want 0 (one per CPU) or more", o.workers))
	}
	paper, ok := map[string]render.Paper{"a4": render.A4, "letter": render.Letter}[strings.ToLower(o.paper)]
	if !ok {
		problems = append(problems, fmt.Sprintf("--paper %q: want a4 or letter", o.paper))
	}
	if format.Binary && (o.output == "" || o.output == "-") && isTerminal(e.stdout) {
		problems = append(problems, fmt.Sprintf("--format %s: a %s file is not for a terminal; write it with -o report%s or pipe it to a file", format.Name, strings.ToUpper(format.Name), format.Extensions[0]))
	}
	if len(problems) > 0 {
		return &usageError{msgs: problems}
	}

	// Every output is checked before the scenario is read or simulated, so
	// that a bad path fails now rather than after a long run.
	targets, err := resolveOutputs(e, name,
		outputFlag{"-o", o.output, false, ""}, outputFlag{"--per-replication", o.perRep, false, ""}, outputFlag{"--report", o.reportDir, true, "report"})
	if err != nil {
		return err
	}
	if extErr != nil && o.format == "" {
		return usagef("-o %v", extErr)
	}
	if o.table.slide && format.Name != "table" {
		return usagef("--slide lays out the terminal table, not %s: leave it out, or use --format table", format.Name)
	}

	sc, err := o.scenario(ctx, e, name)
	if err != nil {
		return err
	}
	warnNoEffect(e, "run", sc)
	shape := &metrics.Summary{}
	for _, a := range sc.Arms {
		shape.Arms = append(shape.Arms, metrics.ArmSummary{Name: a.Name})
	}
	opts, sel, err := o.table.options(shape, e.stdout)
	if err != nil {
		return err
	}

	exp := sc.Experiment()
	var onProgress func(done, total int)
	var bar *progress
	if !o.quiet && isTerminal(e.stderr) {
		bar = newProgress(e.stderr, time.Now)
		onProgress = bar.update
	}
	res, err := e.runExperiment(ctx, sc, exp, o.workers, onProgress)
	if bar != nil {
		bar.clear()
	}
	if err != nil {
		return err
	}

	meta := metrics.Meta{
		Scenario: sc.Name,
		Title:    sc.Title,
		Story:    sc.Story,
		Currency: sc.Currency,
		Command:  reproduce(name, sc, o.sets, edition),
		Sources:  sc.Sources,
		Version:  versionString(),
		Modified: sc.Modified(),
	}
	for i := range sc.Arms {
		arm := metrics.ArmAssumptions{Arm: sc.Arms[i].Name}
		reasons := sc.Reasons(i)
		for _, p := range scenarios.Params(&sc.Arms[i], sc.Currency) {
			arm.Params = append(arm.Params, metrics.Assumption{Path: p.Path, Value: p.Value, Unit: p.Unit, Doc: p.Doc, Reason: reasons[p.Path]})
		}
		meta.Assumptions = append(meta.Assumptions, arm)
	}

	// Render everything in memory; nothing is on disk until commit.
	// A report page needs the plots' distributions as well as the summary;
	// both are computed once here and only rendered below.
	var run *reports.Report
	if format.Figures || o.reportDir != "" {
		run = reports.NewReport(res, meta, edition)
	} else {
		run = reports.SummaryOnly(metrics.Summarize(res, meta, edition))
	}
	if opts.Slide && format.Name == "table" {
		// A slide has no room for them; the presenter still sees them.
		for _, w := range run.Summary.Warnings {
			fmt.Fprintln(e.stderr, "deploysim run: warning: "+oneLine(w))
		}
	}
	doc, err := reports.FromRun(run, sel)
	if err != nil {
		return err
	}
	opts.Paper = paper
	if o.output != "" && o.output != "-" && !slices.ContainsFunc(targets, func(t *target) bool { return t.flag == "-o" && t.direct }) {
		// A file: the Markdown report's pictures go beside it. Never
		// beside a device (/dev/stdout would put them in /dev): there the
		// report is written as to standard output, without them.
		opts.Path = o.output
	}
	var main bytes.Buffer
	if err := format.Write(&main, doc, opts); err != nil {
		return err
	}
	// The report directory shows every metric and arm.
	outs, err := outputsFor(ctx, targets, main.Bytes(), func() ([]reports.ReportFile, error) {
		full, err := reports.FromRun(run, reports.Select{})
		if err != nil {
			return nil, err
		}
		return reportFiles(render.Files(full, "report")), nil
	},
		func(*target) ([]byte, error) { // --per-replication
			var buf bytes.Buffer
			err := render.WriteCSV(&buf, reports.PerReplication(res, meta), render.Options{})
			return buf.Bytes(), err
		})
	if err != nil {
		return err
	}
	if outs, err = addCompanions(inputOf(e, name), format, doc, opts, targets, outs); err != nil {
		return err
	}
	if err := publish(ctx, e, outs, main.Bytes(), o.quiet, "report.md and the plots"); err != nil {
		return err
	}
	if format.Name != "table" || opts.Path != "" {
		// The table on standard output already shows them.
		warnSanity(e, "run", models.Sanity(&res.Experiment, res.Outcomes))
	}
	return nil
}

// warnSanity prints the model's sanity warnings on standard error, where
// they are seen whatever the format of standard output.
func warnSanity(e *env, cmd string, ws []models.Warning) {
	for _, w := range ws {
		fmt.Fprintf(e.stderr, "deploysim %s: warning: %s\n", cmd, w)
	}
}

// addCompanions stages the files a format writes beside -o (a Markdown
// page's images) with it, each checked as -o is.
func addCompanions(in input, format render.Format, d *doc.Doc, opts render.Options, targets []*target, outs []*output) ([]*output, error) {
	if format.Companions == nil {
		return outs, nil
	}
	for _, c := range format.Companions(d, opts) {
		t, err := resolveTarget("-o", c.Name, false)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := c.Write(&buf); err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		targets = append(targets, t)
		outs = append(outs, &output{target: t, data: buf.Bytes()})
	}
	if err := checkDistinct(in, targets); err != nil {
		return nil, err
	}
	return outs, nil
}

// formatList names render's formats for help: "table, markdown, … or pdf".
func formatList() string {
	var names []string
	for _, f := range render.Formats() {
		names = append(names, f.Name)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// reportFiles lists render's files as the stager takes them.
func reportFiles(files []render.File) []reports.ReportFile {
	out := make([]reports.ReportFile, len(files))
	for i, f := range files {
		out[i] = reports.ReportFile{Name: f.Name, Write: f.Write}
	}
	return out
}

// nameFlags makes the errors of overrides that came from flags name the
// flag the user typed ("--seed x"), not the override it became ("--set
// seed=x"); flagOf maps each such override to its flag. It returns err.
func nameFlags(err error, flagOf map[string]string) error {
	var errs scenarios.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			if flag, ok := flagOf[strings.TrimPrefix(e.Source, "--set ")]; ok && strings.HasPrefix(e.Source, "--set ") {
				e.Source = flag
			}
		}
	}
	return err
}

// inputFile returns the scenario file that name reads, or "" for a
// built-in or standard input.
func inputFile(name string) string {
	if name == "-" || slices.Contains(scenarios.List(), name) {
		return ""
	}
	return name
}

// scenario loads the named scenario and applies --set and then the run
// settings given as flags, which therefore win over a --set of the same
// setting.
func (o *runFlags) scenario(ctx context.Context, e *env, name string) (*scenarios.Scenario, error) {
	sc, err := loadScenarioContext(ctx, e, name)
	if err != nil {
		return nil, err
	}
	overrides := slices.Clone(o.sets)
	flagOf := map[string]string{} // override → the flag as typed
	for _, f := range []struct{ flag, key, value string }{
		{"replications", "replications", o.replications},
		{"seed", "seed", o.seed},
		{"horizon", "horizon", o.horizon},
	} {
		if o.changed(f.flag) {
			ov := f.key + "=" + f.value
			flagOf[ov] = "--" + f.flag + " " + f.value
			overrides = append(overrides, ov)
		}
	}
	if len(overrides) == 0 {
		return sc, nil
	}
	sc, err = sc.With(overrides...)
	return sc, nameFlags(err, flagOf)
}

// loadScenarioContext loads a built-in, a file, or with name "-" standard
// input, and gives up when ctx is done: reading a FIFO that no one writes
// to would otherwise wait for ever. Every failure is an input error
// (exit status 2).
func loadScenarioContext(ctx context.Context, e *env, name string) (*scenarios.Scenario, error) {
	type loaded struct {
		sc  *scenarios.Scenario
		err error
	}
	ch := make(chan loaded, 1)
	go func() {
		var l loaded
		if name == "-" {
			l.sc, l.err = scenarios.Read("stdin", e.stdin)
		} else {
			l.sc, l.err = scenarios.Load(name)
		}
		ch <- l
	}()
	var l loaded
	select {
	case l = <-ch:
	case <-ctx.Done():
		// The reader may stay blocked in open or read; the command is
		// ending, and the goroutine with it.
		return nil, ctx.Err()
	}
	if l.err != nil {
		var errs scenarios.Errors
		if errors.As(l.err, &errs) {
			return nil, l.err
		}
		msg := l.err.Error()
		if strings.Contains(msg, "no such built-in scenario") {
			msg += "; deploysim list shows them"
		}
		return nil, inputError(errors.New(msg))
	}
	return l.sc, nil
}

// reproduce returns the command line that runs sc again with the same
// results, followed by deploysim's version as a shell comment:
//
//	deploysim run epic-vs-continuous --replications 100 --seed 1 --horizon 365d --dora 2019  # deploysim v1.2.0
//
// The run settings are spelled out even where they are the scenario's,
// so that the line still reproduces the run if the scenario's defaults
// change; a --set of one of them is folded into its flag.
func reproduce(name string, sc *scenarios.Scenario, sets []string, edition dora.Edition) string {
	return reproduceLine("run", name, sc, sets, nil, "--dora", edition.String())
}

// reproduceLine is the command line cmd NAME OWN… --set S… with the run
// settings spelled out, then tail: report.Again, the builder the workshop
// page uses too.
func reproduceLine(cmd, name string, sc *scenarios.Scenario, sets, own []string, tail ...string) string {
	return doc.Again{
		Command: cmd, Source: name, Own: own, Sets: sets, Tail: tail, Version: versionString(),
		Settings: &doc.Settings{Replications: sc.Replications, Seed: sc.Seed, HorizonHours: sc.HorizonHours},
	}.Line()
}

// formatHours and shellQuote are report's, for the commands that write
// scenario syntax and shell words.
var (
	formatHours = doc.FormatHours
	shellQuote  = doc.ShellQuote
)
