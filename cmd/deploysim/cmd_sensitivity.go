package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/pflag"

	"deploysim/metrics"
	"deploysim/report/render"
	"deploysim/reports"
	"deploysim/whatif"
)

func sensitivityCommand() *command {
	return &command{
		name:    "sensitivity",
		args:    "[SCENARIO|FILE] [--arm A] [--vs B]",
		summary: "rank the inputs by how much they move the money",
		long: `Moves every numeric parameter the arm uses, one at a time, to a low and a
high value (±--by, or the low and high of the scenario's uncertain: range for
it) and ranks the parameters by how much the arm's loss per year swings; with
--vs B, by how much the savings of the arm against B swing (a parameter both
arms share moves in both). Parameters the arm does not use (canary steps of a
rolling deployment, the hotfix lane of an arm that never fixes forward) are
left out. Every run uses the same random numbers.

The run table's intervals cover the simulation's noise; this shows which
assumptions the result depends on.`,
		examples: `  deploysim sensitivity
  deploysim sensitivity --arm quarterly-manual --top 5
  deploysim sensitivity --arm continuous-delivery --vs quarterly-manual --by 25%
  deploysim sensitivity knight-capital-2012 --arm as-it-was --report knight-sensitivity
  deploysim sensitivity --format csv -o sensitivity.csv`,
		setup: func(fs *pflag.FlagSet) action {
			o := &sensitivityFlags{}
			o.common.define(fs)
			fs.StringVar(&o.arm, "arm", "", "the `ARM` to analyse (default: the first arm that is not the baseline)")
			fs.StringVar(&o.vs, "vs", "", "rank by the savings of --arm against arm `B` instead of --arm's loss")
			fs.StringVar(&o.by, "by", "50%", "move parameters without an uncertain: range by ±`P`")
			fs.IntVar(&o.top, "top", 10, "parameters the table and the tornado show, `N` (CSV and JSON have all)")
			fs.IntVar(&o.width, "width", 0, "lay the table out for `N` columns (default: the terminal's width, else $COLUMNS, else 100)")
			return func(ctx context.Context, e *env, args []string) error {
				o.changed = fs.Changed
				return o.run(ctx, e, args)
			}
		},
	}
}

type sensitivityFlags struct {
	common      whatifFlags
	arm, vs, by string
	top, width  int
	changed     func(string) bool
}

func (o *sensitivityFlags) run(ctx context.Context, e *env, args []string) error {
	c := &o.common
	c.changed = o.changed
	var by float64
	w, err := c.start(ctx, e, "sensitivity", args, func() []string {
		var problems []string
		var err error
		if by, err = parsePercent(o.by); err != nil || !(by > 0 && by < 1) {
			problems = append(problems, fmt.Sprintf("--by %q: want a share in (0%%, 100%%), e.g. 50%%", o.by))
		}
		if o.top < 1 {
			problems = append(problems, fmt.Sprintf("--top %d: want 1 or more", o.top))
		}
		if o.changed("width") && o.width < render.MinWidth {
			problems = append(problems, fmt.Sprintf("--width %d: want %d or more", o.width, render.MinWidth))
		}
		return problems
	})
	if err != nil {
		return err
	}
	name, sc := w.name, w.sc
	loss, err := metrics.Lookup(metrics.LossPerYear)
	if err != nil {
		return err
	}
	progress, clear := c.bar(e)
	s, err := whatif.Analyse(ctx, sc, whatif.SensitivityOptions{
		Arm: o.arm, Vs: o.vs, Metric: loss, By: by, Cache: e.whatifCache(sc, c.workers), Progress: progress,
	})
	clear()
	if err != nil {
		return userError(err)
	}
	var own []string
	for _, f := range []struct{ name, value string }{{"arm", o.arm}, {"vs", o.vs}, {"by", o.by}, {"top", strconv.Itoa(o.top)}} {
		if o.changed(f.name) {
			own = append(own, "--"+f.name, shellQuote(f.value))
		}
	}
	meta := reports.SensitivityMeta{Command: reproduceLine("sensitivity", name, sc, c.sets, own), Version: versionString(), Top: o.top}
	width := o.width
	if width == 0 {
		width = terminalWidth(e.stdout)
	}
	d, err := reports.FromSensitivity(s, meta)
	if err != nil {
		return err
	}
	return c.deliver(ctx, e, w, d, width, "sensitivity", "sensitivity.md and the tornado")
}
