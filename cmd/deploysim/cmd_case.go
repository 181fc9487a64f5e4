package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"deploysim/bizcase"
	"deploysim/reports"
	"deploysim/scenarios"
)

// caseFlag is a flag of deploysim case that overrides one key of the
// scenario's case: section (or a run setting).
type caseFlag struct {
	flag, key, usage string
}

var caseFlags = []caseFlag{
	{"from", "case.from", "the arm in use today, by `NAME` (default: the case's, or the first arm)"},
	{"to", "case.to", "the arm to invest in, by `NAME` (default: the case's, or the second arm)"},
	{"investment", "case.investment", "one-off investment, `AMOUNT` in the scenario's currency"},
	{"running-cost", "case.running_cost", "running cost of the new way per year, `AMOUNT`"},
	{"engineers", "case.engineers", "engineers the move applies to, `N`"},
	{"cost-per-engineer-year", "case.cost_per_engineer_year", "loaded cost of one engineer-year, `AMOUNT`"},
	{"transition-months", "case.transition_months", "months until the new way is fully in place, `N`"},
	{"dip", "case.dip", "share of capacity lost while learning the new way, `SHARE` such as 10%"},
	{"dip-months", "case.dip_months", "how long the dip lasts, `N` months"},
	{"horizon-years", "case.horizon_years", "years the case counts, `N` (default: the case's, else 3)"},
	{"discount-rate", "case.discount_rate", "yearly discount rate, `RATE` such as 8% (default: the case's, else 8%)"},
	{"samples", "case.samples", "parameter sets drawn from uncertain:, `N` (default: the case's, else 800)"},
	{"replications", "case.replications", "simulated years of each arm per parameter set, `N` (default: the case's, else 20)"},
	{"seed", "seed", "seed of the random numbers, a whole `N` (default: the scenario's)"},
}

func caseCommand() *command {
	return &command{
		name:    "case",
		args:    "SCENARIO|FILE",
		summary: "the business case of moving from one arm to another: NPV, ROI, payback",
		long: `Works out the business case of moving from one way of delivering (--from) to
another (--to): the annual savings by source, and NPV, ROI, payback and the
break-even over the horizon, with the investment, the running cost, the
transition and the productivity dip of the scenario's case: section. Flags
override it. Inputs given as 90% ranges in the scenario's uncertain: section
are sampled (a Monte Carlo over parameter sets, each simulated for several
years of both arms on common random numbers), so every number comes with
its interval, the probability that the move loses money, the inputs that
swing NPV most, and whether input uncertainty or simulation noise dominates.
DORA's ROI formula on the same simulated arms is shown beside it.

deploysim init --case FILE writes a business-case template that runs as
written. -o case.pdf writes a one-page executive summary (A4; --paper letter
for Letter), -o case.html the same as one self-contained page, -o case.xlsx a
workbook whose monthly cash flow is live formulas over an inputs sheet, for a
finance analyst to edit. --cash-flow FILE also writes the monthly cash flow
as CSV. A flag for a value that uncertain: gives a range fixes it at the
flag's value, and the outputs say so.`,
		examples: `  deploysim init --case my-case.yaml && deploysim case my-case.yaml
  deploysim case my-case.yaml -o case.pdf
  deploysim case my-case.yaml -o case.xlsx --cash-flow cashflow.csv
  deploysim case cd-business-case --investment 1.2e6 --discount-rate 10%
  deploysim case epic-vs-continuous --from quarterly-manual --to continuous-deployment \
      --investment 900000
  deploysim case my-case.yaml --format json | jq '.npv'
  deploysim case my-case.yaml --report case-report   # case.html, case.pdf, case.md and the plots`,
		setup: func(fs *pflag.FlagSet) action {
			o := &caseOptions{values: map[string]*string{}}
			for _, f := range caseFlags {
				o.values[f.flag] = new(string)
				if f.flag == "replications" {
					fs.StringVarP(o.values[f.flag], f.flag, "n", "", f.usage)
					continue
				}
				fs.StringVar(o.values[f.flag], f.flag, "", f.usage)
			}
			fs.StringArrayVar(&o.sets, "set", nil, "change one parameter: `PATH=VALUE` (repeatable; as run --set)")
			fs.IntVar(&o.workers, "workers", 0, "simulations run at once, `N` (default 0: one per CPU); the results do not depend on it")
			fs.StringVar(&o.format, "format", "", "output `FORMAT`: table, markdown, csv, json, html, pdf or xlsx (default table, or from --output's extension)")
			fs.StringVarP(&o.output, "output", "o", "", "write to `FILE` instead of standard output (.pdf, .html, .md, .csv, .json, .xlsx)")
			fs.StringVar(&o.cashFlow, "cash-flow", "", "also write the monthly cash flow (inputs at their medians) as CSV to `FILE`")
			fs.StringVar(&o.paper, "paper", "a4", "paper `SIZE` of the PDF: a4 or letter")
			fs.StringVar(&o.reportDir, "report", "", "also write to `DIR`: case.html, case.pdf, case.md, case.xlsx, cashflow.csv and the plots (PNG and SVG)")
			fs.BoolVarP(&o.quiet, "quiet", "q", false, "show no progress on standard error")
			return func(ctx context.Context, e *env, args []string) error {
				o.changed = fs.Changed
				return o.run(ctx, e, args)
			}
		},
	}
}

type caseOptions struct {
	values           map[string]*string
	sets             []string
	workers          int
	format, output   string
	cashFlow         string
	paper, reportDir string
	quiet            bool
	changed          func(name string) bool
}

const caseHelp = "(see deploysim case --help)"

func (o *caseOptions) run(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return usagef("name one scenario with a case: section (deploysim init --case writes one), got %d arguments %s", len(args), caseHelp)
	}
	var problems []string
	format := o.format
	if format == "" {
		if err := noExtension(o.output, ".pdf, .html, .md, .csv, .json, .xlsx or .txt"); err != nil {
			problems = append(problems, "-o "+err.Error())
		} else if format = caseFormatFor(o.output); format == "" {
			problems = append(problems, fmt.Sprintf("-o %s: want a file ending in .pdf, .html, .md, .csv, .json, .xlsx or .txt, or --format", o.output))
		}
	} else if !slices.Contains([]string{"table", "markdown", "csv", "json", "html", "pdf", "xlsx"}, format) {
		problems = append(problems, fmt.Sprintf("--format %q: want table, markdown, csv, json, html, pdf or xlsx", format))
	}
	if (format == "xlsx" || format == "pdf") && (o.output == "" || o.output == "-") && isTerminal(e.stdout) {
		problems = append(problems, fmt.Sprintf("--format %s: not for a terminal; name a file with -o case.%s, or pipe it", format, format))
	}
	paper, ok := map[string]reports.Paper{"a4": reports.A4, "letter": reports.Letter}[strings.ToLower(o.paper)]
	if !ok {
		problems = append(problems, fmt.Sprintf("--paper %q: want a4 or letter", o.paper))
	}
	if o.workers < 0 {
		problems = append(problems, fmt.Sprintf("--workers %d: want 0 (one per CPU) or more", o.workers))
	}
	if len(problems) > 0 {
		return &usageError{msgs: problems}
	}
	// Every output is checked before the scenario is read or simulated.
	name := args[0]
	targets, err := resolveOutputs(e, name, outputFlag{"-o", o.output, false, ""}, outputFlag{"--cash-flow", o.cashFlow, false, ""}, outputFlag{"--report", o.reportDir, true, "case"})
	if err != nil {
		return err
	}
	sc, err := o.scenario(ctx, e, name)
	if err != nil {
		return err
	}
	if err := bizcase.Check(sc.Uncertain, sc.Source); err != nil {
		return err
	}

	var onProgress func(done, total int)
	var bar *progress
	if !o.quiet && isTerminal(e.stderr) {
		bar = newProgress(e.stderr, time.Now)
		onProgress = bar.update
	}
	res, err := bizcase.Run(ctx, sc, bizcase.Options{Workers: o.workers, Progress: onProgress, Pins: o.pins(), Years: e.caseYears(sc, o.workers)})
	if bar != nil {
		bar.clear()
	}
	if err != nil {
		var serrs scenarios.Errors
		if errors.As(err, &serrs) || ctx.Err() != nil {
			return err
		}
		return inputError(err)
	}
	r := &reports.CaseReport{Result: res, Command: o.reproduce(name, sc), Version: versionString(), Sources: sc.Sources, Story: sc.Story}

	// Render everything in memory; nothing is on disk until commit.
	var main bytes.Buffer
	if err := writeCase(&main, format, paper, r); err != nil {
		return err
	}
	outs, err := outputsFor(ctx, targets, main.Bytes(), func() ([]reports.ReportFile, error) { return reports.CaseFiles(r, paper) },
		func(*target) ([]byte, error) { // --cash-flow
			var b bytes.Buffer
			err := reports.WriteCaseCashFlowCSV(&b, r)
			return b.Bytes(), err
		})
	if err != nil {
		return err
	}
	if err := publish(ctx, e, outs, main.Bytes(), o.quiet, ""); err != nil {
		return err
	}
	if format != "table" || slices.ContainsFunc(outs, func(out *output) bool { return out.flag == "-o" }) {
		// The table on standard output already shows them.
		for _, w := range res.Warnings {
			fmt.Fprintf(e.stderr, "deploysim case: warning: %s\n", w)
		}
	}
	return nil
}

func writeCase(w io.Writer, format string, paper reports.Paper, r *reports.CaseReport) error {
	switch format {
	case "markdown":
		return reports.WriteCaseMarkdown(w, r)
	case "csv":
		return reports.WriteCaseCSV(w, r)
	case "json":
		return reports.WriteCaseJSON(w, r)
	case "html":
		return reports.WriteCaseHTML(w, r)
	case "pdf":
		return reports.WriteCasePDF(w, r, paper)
	case "xlsx":
		return reports.WriteCaseXLSX(w, r)
	}
	return reports.WriteCaseTable(w, r)
}

// caseFormatFor returns the format an output file's extension names, or
// "" for an extension case does not write: .pdf, .html, .md, .csv, .json,
// and .txt (or none, or -) for the table.
func caseFormatFor(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pdf":
		return "pdf"
	case ".html", ".htm":
		return "html"
	case ".md", ".markdown":
		return "markdown"
	case ".csv":
		return "csv"
	case ".json":
		return "json"
	case ".xlsx":
		return "xlsx"
	case ".txt", "":
		return "table"
	}
	return ""
}

// scenario loads the scenario, applies --set, then the flags as
// overrides of its case: section, so that a flag's value goes through
// the same checks as the file's and an error names the flag.
func (o *caseOptions) scenario(ctx context.Context, e *env, name string) (*scenarios.Scenario, error) {
	sc, err := loadScenarioContext(ctx, e, name)
	if err != nil {
		return nil, err
	}
	overrides := slices.Clone(o.sets)
	flagOf := map[string]string{}
	for _, f := range caseFlags {
		if o.changed(f.flag) {
			ov := f.key + "=" + *o.values[f.flag]
			flagOf[ov] = "--" + f.flag + " " + *o.values[f.flag]
			overrides = append(overrides, ov)
		}
	}
	definesCase := func(s string) bool {
		return strings.HasPrefix(s, "case.from=") || strings.HasPrefix(s, "case.to=") || strings.HasPrefix(s, "case.investment=")
	}
	if sc.Case == nil && !slices.ContainsFunc(overrides, definesCase) {
		// No case: section and no flag: the defaults (first arm to the
		// second, nothing invested) would be a case nobody asked for.
		return nil, usagef("%s has no case: section: add one (deploysim init --case writes a template) or give --from, --to and --investment %s", name, caseHelp)
	}
	if len(overrides) > 0 {
		if sc, err = sc.With(overrides...); err != nil {
			return nil, nameFlags(err, flagOf)
		}
	}
	if sc.Case == nil {
		return nil, usagef("%s: the overrides left no case %s", name, caseHelp)
	}
	return sc, nil
}

// pins are the inputs the command line sets: a flag or a --set for a value
// that uncertain: gives a range fixes it there (bizcase refuses one that
// fixes only part of what a range moves), never silently loses to it.
func (o *caseOptions) pins() []bizcase.Pin {
	var pins []bizcase.Pin
	for _, s := range o.sets {
		if path, _, ok := strings.Cut(s, "="); ok {
			pins = append(pins, bizcase.Pin{Path: strings.TrimSpace(path), By: "--set " + s})
		}
	}
	for _, f := range caseFlags {
		if strings.HasPrefix(f.key, "case.") && o.changed(f.flag) {
			pins = append(pins, bizcase.Pin{Path: f.key, By: "--" + f.flag})
		}
	}
	return pins
}

// reproduce returns the command line that gives the same case again: the
// scenario, every --set and case flag as given, the seed spelled out.
func (o *caseOptions) reproduce(name string, sc *scenarios.Scenario) string {
	parts := []string{"deploysim", "case", shellQuote(name)}
	for _, s := range o.sets {
		parts = append(parts, "--set", shellQuote(s))
	}
	for _, f := range caseFlags {
		if f.flag != "seed" && o.changed(f.flag) {
			parts = append(parts, "--"+f.flag, shellQuote(*o.values[f.flag]))
		}
	}
	parts = append(parts, "--seed", strconv.FormatUint(sc.Seed, 10))
	return strings.Join(parts, " ") + "  # deploysim " + versionString()
}
