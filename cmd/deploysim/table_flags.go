package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"deploysim/metrics"
	"deploysim/report/render"
	"deploysim/reports"
)

// tableFlags are run's flags for the text table: its width, layout and
// what it shows.
type tableFlags struct {
	width         int
	layout        string
	metrics, arms []string
	slide         bool
	changed       func(name string) bool
}

func (t *tableFlags) register(fs *pflag.FlagSet) {
	fs.IntVar(&t.width, "width", 0, "lay the table out for `N` columns (default: the terminal's width, else $COLUMNS, else 100)")
	fs.StringVar(&t.layout, "layout", "auto", "table `LAYOUT`: wide (every statistic), compact (one line per cell), transposed (arms as rows), or auto: the widest that fits")
	fs.StringSliceVar(&t.metrics, "metrics", nil, "show only these metrics, a comma-separated `LIST` of keys (deploys_per_year,loss_per_year,dora,…; see go doc deploysim/reports)")
	fs.StringSliceVar(&t.arms, "arms", nil, "show only these arms, a comma-separated `LIST` of names")
	fs.BoolVar(&t.slide, "slide", false, "fit one projector screen (about 30 lines): the key metrics (unless --metrics), no notes; warnings on standard error")
	t.changed = fs.Changed
}

// options checks the flags against the summary and returns how the
// table is laid out and what it shows; out is where the table goes, to
// measure a terminal.
func (t *tableFlags) options(s *metrics.Summary, out io.Writer) (render.Options, reports.Select, error) {
	var problems []string
	layout, err := render.ParseLayout(t.layout)
	if err != nil {
		problems = append(problems, fmt.Sprintf("--layout %q: want auto, wide, compact or transposed", t.layout))
	}
	if t.changed != nil && t.changed("width") && t.width < render.MinWidth {
		problems = append(problems, fmt.Sprintf("--width %d: want %d or more", t.width, render.MinWidth))
	}
	o := render.Options{Width: t.width, Layout: layout, Slide: t.slide}
	sel := reports.Select{Metrics: t.metrics, Arms: t.arms}
	if t.slide && len(sel.Metrics) == 0 {
		sel.Metrics = reports.SlideMetrics
	}
	if err := sel.Check(s); err != nil {
		for _, msg := range strings.Split(err.Error(), "; ") {
			flag := "--metrics "
			if strings.HasPrefix(msg, "arm ") {
				flag = "--arms "
			}
			problems = append(problems, flag+strings.SplitN(msg, " ", 2)[1])
		}
	}
	if len(problems) > 0 {
		return o, sel, &usageError{msgs: problems}
	}
	if o.Width == 0 {
		o.Width = terminalWidth(out)
	}
	return o, sel, nil
}

// terminalWidth is the width of the terminal out writes to, else
// $COLUMNS, else 0 (the table's default).
func terminalWidth(out io.Writer) int {
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 0
}
