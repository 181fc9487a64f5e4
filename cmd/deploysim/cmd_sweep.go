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

	"deploysim/metrics"
	doc "deploysim/report"
	"deploysim/report/render"
	"deploysim/reports"
	"deploysim/scenarios"
	"deploysim/whatif"
)

func sweepCommand() *command {
	return &command{
		name:    "sweep",
		args:    "[SCENARIO|FILE] --vary PATH=VALUES",
		summary: "vary one or two parameters and find the best value",
		long: `Runs the scenario at every value of one parameter (a curve) or every
combination of two (a grid) and prints, for every arm the parameter changes,
the metric with its 95% interval, its paired difference from the first value
(or --ref), the optimum and the values statistically indistinguishable from
it. Every point runs on the same random numbers, so differences between
points are measured replication by replication; the closing note says how
much narrower that makes them than independent runs.

PATH is written as for --set; VALUES is a list (1w,2w,4w,13w) or a range
(1d..13w) divided into --steps values, log-spaced for durations, rates and
money, linear otherwise (--linear, --log to choose). Arms the parameter does
not change are simulated once.`,
		examples: `  deploysim sweep batch-size --vary arms.weekly.release.every=1h..13w --steps 12 -o batch-size.html
  deploysim sweep --vary arms.quarterly-manual.release.every=3w,6w,13w --ref 13w
  deploysim sweep --vary defaults.work.defect_prob=1%..10% --metric change_failure_rate
  deploysim sweep --vary arms.quarterly-manual.release.every=3w..13w \
      --vary arms.quarterly-manual.deploy.servers=2..16 --steps 5
  deploysim sweep batch-size --vary arms.weekly.release.every=1h..13w --report sweep-report
  deploysim sweep --vary arms.quarterly-manual.release.every=3w..26w --precision 5% --format json`,
		setup: func(fs *pflag.FlagSet) action {
			o := &sweepFlags{}
			o.common.define(fs)
			fs.StringArrayVar(&o.vary, "vary", nil, "the parameter to vary and its values: `PATH=VALUES`, a list (1w,2w,4w) or a range (1d..13w); twice for a grid")
			fs.IntVar(&o.steps, "steps", 10, "values of a range, ends included, `N`")
			fs.BoolVar(&o.linear, "linear", false, "space a range's values evenly")
			fs.BoolVar(&o.log, "log", false, "space a range's values by equal factors")
			fs.StringVar(&o.metric, "metric", metrics.LossPerYear, "the metric to compare, a `KEY` of the run's JSON and CSV (deploys_per_year, change_failure_rate, …)")
			fs.StringVar(&o.ref, "ref", "", "the `VALUE` of the (first) varied parameter differences are taken against (default: the first)")
			fs.IntVar(&o.width, "width", 0, "lay the table out for `N` columns (default: the terminal's width, else $COLUMNS, else 100)")
			fs.StringVar(&o.precision, "precision", "", "stop early once every paired difference is known to within ±`P` of the reference's metric (5%); -n is then the most to run")
			return func(ctx context.Context, e *env, args []string) error {
				o.changed = fs.Changed
				return o.run(ctx, e, args)
			}
		},
	}
}

// whatifFlags are the flags sweep and sensitivity share with run.
type whatifFlags struct {
	replications, seed, horizon string
	sets                        []string
	workers                     int
	format, output, reportDir   string
	quiet                       bool
	changed                     func(name string) bool
}

func (o *whatifFlags) define(fs *pflag.FlagSet) {
	fs.StringVarP(&o.replications, "replications", "n", "", "run `N` replications of each arm at each point (default: the scenario's)")
	fs.StringVar(&o.seed, "seed", "", "seed of the random numbers, a whole `N` (default: the scenario's)")
	fs.StringVar(&o.horizon, "horizon", "", "the measured `PERIOD` of each replication: 90d, 26w, 2y (default: the scenario's)")
	fs.StringArrayVar(&o.sets, "set", nil, "change one parameter first: `PATH=VALUE` (repeatable, as for run)")
	fs.IntVar(&o.workers, "workers", 0, "replications run at once, `N` (default 0: one per CPU); the results do not depend on it")
	fs.StringVar(&o.format, "format", "", "output `FORMAT`: "+formatList()+" (html: a self-contained page with the plots; default table, or from --output's extension)")
	fs.StringVarP(&o.output, "output", "o", "", "write the result to `FILE` instead of standard output")
	fs.StringVar(&o.reportDir, "report", "", "also write a report to `DIR`: an HTML page, Markdown and the plots as PNG and SVG")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "show no progress on standard error")
}

// scenario loads the scenario with --set and the run settings applied,
// as run does, and prints a warning for each --set that changes nothing.
func (o *whatifFlags) scenario(ctx context.Context, e *env, cmd, name string) (*scenarios.Scenario, error) {
	rf := &runFlags{replications: o.replications, seed: o.seed, horizon: o.horizon, sets: o.sets, changed: o.changed}
	sc, err := rf.scenario(ctx, e, name)
	if err != nil {
		return nil, err
	}
	warnNoEffect(e, cmd, sc)
	return sc, nil
}

// warnNoEffect prints a warning for every --set that changed no arm.
func warnNoEffect(e *env, cmd string, sc *scenarios.Scenario) {
	for _, ne := range sc.NoEffects() {
		fmt.Fprintf(e.stderr, "deploysim %s: warning: %s\n", cmd, ne)
	}
}

// whatifRun is a what-if command's checked command line: the scenario as
// named and as loaded, the output format and the outputs asked for.
type whatifRun struct {
	name    string
	format  render.Format
	targets []*target
	sc      *scenarios.Scenario
}

// start checks a what-if command's command line — one scenario at most
// (the default if none), the command's own flags (own returns their
// problems), the output format and --workers — and reports every problem
// at once; then it resolves -o and --report before anything is read or
// simulated, as run does, and loads the scenario with --set applied.
func (o *whatifFlags) start(ctx context.Context, e *env, cmd string, args []string, own func() []string) (*whatifRun, error) {
	if len(args) > 1 {
		return nil, usagef("one scenario at a time, got %d: %s (see deploysim %s --help)", len(args), strings.Join(args, " "), cmd)
	}
	w := &whatifRun{name: scenarios.Default}
	if len(args) == 1 {
		w.name = args[0]
	}
	problems := own()
	format, err := o.checkFormat()
	if err != nil {
		problems = append(problems, err.Error())
	}
	w.format = format
	if format.Binary && (o.output == "" || o.output == "-") && isTerminal(e.stdout) {
		problems = append(problems, fmt.Sprintf("--format %s: a %s file is not for a terminal; write it with -o %s%s or pipe it to a file", format.Name, strings.ToUpper(format.Name), cmd, format.Extensions[0]))
	}
	if o.workers < 0 {
		problems = append(problems, fmt.Sprintf("--workers %d: want 0 (one per CPU) or more", o.workers))
	}
	if len(problems) > 0 {
		return nil, &usageError{msgs: problems}
	}
	if w.targets, err = o.targets(e, cmd, w.name); err != nil {
		return nil, err
	}
	if w.sc, err = o.scenario(ctx, e, cmd, w.name); err != nil {
		return nil, err
	}
	return w, nil
}

// checkFormat returns the output format, from render's table as deploysim
// run chooses it, or a usage problem.
func (o *whatifFlags) checkFormat() (render.Format, error) {
	if o.format != "" {
		f, err := render.Named(o.format)
		if err != nil {
			return f, usagef("--%v", err)
		}
		return f, nil
	}
	if o.output == "" || o.output == "-" {
		return render.Named("table")
	}
	if err := noExtension(o.output, ".txt, .md, .html, .csv, .json or .pdf"); err != nil {
		return render.Format{}, usagef("-o %v", err)
	}
	f, err := render.ForPath(o.output)
	if err != nil {
		return f, usagef("-o %v", err)
	}
	return f, nil
}

// targets checks -o and --report before the scenario is read or
// simulated, as run does, so that a bad path fails at once.
func (o *whatifFlags) targets(e *env, cmd, name string) ([]*target, error) {
	return resolveOutputs(e, name, outputFlag{"-o", o.output, false, ""}, outputFlag{"--report", o.reportDir, true, cmd})
}

// deliver renders the --report files, then writes every output all or
// nothing through the stager, as run does, and main to standard output
// unless -o names a file.
//
// d is written in format for a terminal width wide; --report DIR holds
// stem.html, stem.md and the figures; a Markdown page written by -o has
// its images beside it.
func (o *whatifFlags) deliver(ctx context.Context, e *env, w *whatifRun, d *doc.Doc, width int, stem, what string) error {
	opts := render.Options{Width: width}
	if o.output != "" && o.output != "-" {
		opts.Path = o.output
	}
	var main bytes.Buffer
	if err := w.format.Write(&main, d, opts); err != nil {
		return err
	}
	targets := w.targets
	outs, err := outputsFor(ctx, targets, main.Bytes(), func() ([]reports.ReportFile, error) { return reportFiles(render.Files(d, stem)), nil }, nil)
	if err != nil {
		return err
	}
	if outs, err = addCompanions(inputOf(e, w.name), w.format, d, opts, targets, outs); err != nil {
		return err
	}
	return publish(ctx, e, outs, main.Bytes(), o.quiet, what)
}

// bar returns a progress callback for the terminal, and a function that
// clears it.
func (o *whatifFlags) bar(e *env) (func(done, total int), func()) {
	if o.quiet || !isTerminal(e.stderr) {
		return nil, func() {}
	}
	b := newProgress(e.stderr, time.Now)
	return b.update, b.clear
}

// userError marks errors from what-if set-up as input errors (exit 2),
// leaving scenario errors and interruptions as they are.
func userError(err error) error {
	var serrs scenarios.Errors
	if err == nil || errors.As(err, &serrs) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return inputError(err)
}

type sweepFlags struct {
	common      whatifFlags
	vary        []string
	steps       int
	linear, log bool
	metric, ref string
	precision   string
	width       int
	changed     func(string) bool
}

func (o *sweepFlags) run(ctx context.Context, e *env, args []string) error {
	c := &o.common
	c.changed = o.changed
	precision := 0.0
	w, err := c.start(ctx, e, "sweep", args, func() []string {
		var problems []string
		if len(o.vary) == 0 || len(o.vary) > 2 {
			problems = append(problems, fmt.Sprintf("give one or two --vary PATH=VALUES, got %d (e.g. --vary arms.quarterly-manual.release.every=1w,2w,4w,13w)", len(o.vary)))
		}
		if o.changed("width") && o.width < render.MinWidth {
			problems = append(problems, fmt.Sprintf("--width %d: want %d or more", o.width, render.MinWidth))
		}
		if o.linear && o.log {
			problems = append(problems, "--linear and --log: choose one")
		}
		if o.precision != "" {
			p, err := parsePercent(o.precision)
			if err != nil || !(p > 0 && p < 1) {
				problems = append(problems, fmt.Sprintf("--precision %q: want a share in (0%%, 100%%), e.g. 5%%", o.precision))
			}
			precision = p
		}
		return problems
	})
	if err != nil {
		return err
	}
	name, sc := w.name, w.sc
	metric, err := metrics.Lookup(o.metric)
	if err != nil {
		return usagef("--metric: %v", err)
	}
	scale := whatif.Auto
	switch {
	case o.linear:
		scale = whatif.Linear
	case o.log:
		scale = whatif.Log
	}
	var axes []whatif.Axis
	for _, v := range o.vary {
		ax, err := whatif.ParseAxis(sc, v, o.steps, scale)
		if err != nil {
			return userError(err)
		}
		axes = append(axes, ax)
	}
	ref := 0
	if o.ref != "" {
		x, msg := axes[0].Param.Parse(o.ref)
		ref = -1
		for i, v := range axes[0].Values {
			if msg == "" && v == x {
				ref = i
			}
		}
		if ref < 0 {
			return usagef("--ref %s: not one of the values of %s (%s)", o.ref, axes[0].Path, strings.Join(axes[0].Labels, ", "))
		}
		if len(axes) == 2 {
			ref *= len(axes[1].Values)
		}
	}
	var components []metrics.Metric
	if metric.Key == metrics.LossPerYear {
		components = metrics.CostComponents()
	}
	progress, clear := c.bar(e)
	res, err := whatif.Sweep(ctx, sc, axes, whatif.Options{
		Metric: metric, Components: components, Ref: ref, Precision: precision,
		Cache: e.whatifCache(sc, c.workers), Progress: progress,
	})
	clear()
	if err != nil {
		return userError(err)
	}
	meta := reports.SweepMeta{Command: reproduceLine("sweep", name, sc, c.sets, o.whatifArgs()), Version: versionString()}
	d, err := reports.FromSweep(res, meta)
	if err != nil {
		return err
	}
	width := o.width
	if width == 0 {
		width = terminalWidth(e.stdout)
	}
	return c.deliver(ctx, e, w, d, width, "sweep", "sweep.md and the plots")
}

// whatifArgs are sweep's own flags as a reproducing command line writes them.
func (o *sweepFlags) whatifArgs() []string {
	var parts []string
	for _, v := range o.vary {
		parts = append(parts, "--vary", shellQuote(v))
	}
	for _, f := range []struct {
		name, value string
	}{{"steps", strconv.Itoa(o.steps)}, {"metric", o.metric}, {"ref", o.ref}, {"precision", o.precision}} {
		if o.changed(f.name) {
			parts = append(parts, "--"+f.name, shellQuote(f.value))
		}
	}
	if o.linear {
		parts = append(parts, "--linear")
	}
	if o.log {
		parts = append(parts, "--log")
	}
	return parts
}

// parsePercent reads "5%" or "0.05".
func parsePercent(s string) (float64, error) {
	t := strings.TrimSpace(s)
	p, pct := strings.CutSuffix(t, "%")
	x, err := strconv.ParseFloat(p, 64)
	if err != nil {
		return 0, err
	}
	if pct {
		x /= 100
	}
	return x, nil
}
