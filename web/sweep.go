package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"deploysim/metrics"
	"deploysim/report/render"
	"deploysim/reports"
	"deploysim/scenarios"
	"deploysim/whatif"
)

// The sweep curve of the lever being moved: the loss per year of the
// arms it changes across the lever's values, with its 95% band and the value now set
// marked, from whatif.Sweep on common random numbers. It comes after the
// table and the figures, so it is kept modest: at most sweepPoints values
// of the lever's ladder, sweepReplications replications each (the first
// ones of the full count: the point at the value now set is in the cache
// already), drawn first from sweepFirst replications each, which a lever
// not swept before has in a quarter of the time.
const (
	sweepPoints       = 7
	sweepFirst        = 10
	sweepReplications = 40
)

// sweepCounts returns the replications per value of the sweep's curves,
// for a result of n replications.
func sweepCounts(n int) []int {
	if n <= sweepFirst {
		return []int{n}
	}
	return []int{sweepFirst, min(sweepReplications, n)}
}

// sweepLine is the line of the results stream that carries the sweep
// curve, or why there is none.
type sweepLine struct {
	Final     bool       `json:"final"`
	ElapsedMS int64      `json:"elapsed_ms"`
	Sweep     sweepCurve `json:"sweep"`
}

type sweepCurve struct {
	// Lever is the override path swept; Replications per point.
	Lever        string  `json:"lever"`
	Replications int     `json:"replications"`
	Figure       *figure `json:"figure,omitempty"`
	// Error says why there is no curve (the lever changes nothing, the
	// server is busy).
	Error string `json:"error,omitempty"`
}

// sweepLever returns the slider lever at path of one of sc's arms, or a
// 400 naming the field.
func sweepLever(sc *scenarios.Scenario, path string) (Lever, error) {
	for _, levers := range scenarioLevers(sc) {
		for _, l := range levers {
			if l.Path != path || l.Shared {
				continue
			}
			if l.Kind != "slider" {
				return Lever{}, badRequest("sweep", "sweep %s: a choice has no curve; sweep a slider", path)
			}
			return l, nil
		}
	}
	return Lever{}, badRequest("sweep", "sweep %s: not a lever of %s", path, sc.Name)
}

// sweepAxis returns the axis of the sweep of lever l of sc: at most
// sweepPoints of its ladder's values, evenly spread, the ends and the
// value now set included, of those the model accepts for the arm as it is
// now (a release interval must be longer than its freeze); and that
// value.
func sweepAxis(sc *scenarios.Scenario, l Lever) (whatif.Axis, float64, error) {
	axis := func(values []string) (whatif.Axis, error) {
		return whatif.ParseAxis(sc, l.Path+"="+strings.Join(pick(values, l.Value), ","), 0, whatif.Auto)
	}
	ax, err := axis(l.Values)
	if err != nil {
		// Some value is refused: keep those accepted (checking each
		// costs a scenario's validation, so only when one is refused).
		ok := []string{l.Value}
		for _, v := range l.Values {
			if v == l.Value {
				continue
			}
			if _, err := whatif.ParseAxis(sc, l.Path+"="+v, 0, whatif.Auto); err == nil {
				ok = append(ok, v)
			}
		}
		if ax, err = axis(inLadder(l.Values, ok)); err != nil {
			return whatif.Axis{}, 0, err
		}
	}
	now, msg := ax.Param.Parse(l.Value)
	if msg != "" {
		return whatif.Axis{}, 0, badRequest("sweep", "sweep %s: the value now set, %s: %s", l.Path, l.Value, msg)
	}
	return ax, now, nil
}

// inLadder returns the values of ladder that are in keep, in the
// ladder's order.
func inLadder(ladder, keep []string) []string {
	var out []string
	for _, v := range ladder {
		if slices.Contains(keep, v) {
			out = append(out, v)
		}
	}
	return out
}

// pick returns at most sweepPoints of values, evenly spread in rank, the
// first, the last and now (if it is one of them) included.
func pick(values []string, now string) []string {
	if len(values) <= sweepPoints {
		return values
	}
	var picked []string
	for k := range sweepPoints {
		picked = append(picked, values[k*(len(values)-1)/(sweepPoints-1)])
	}
	cur := slices.Index(values, now)
	if cur < 0 || slices.Contains(picked, now) {
		return picked
	}
	// now replaces the nearest of the picked values but the ends: no
	// picked value lies between the two, so the order stays.
	best := 1
	for j := 2; j < len(picked)-1; j++ {
		if distance(slices.Index(values, picked[j]), cur) < distance(slices.Index(values, picked[best]), cur) {
			best = j
		}
	}
	picked[best] = now
	return picked
}

func distance(i, j int) int { return max(i-j, j-i) }

// drawSweep runs the sweep of rv's scenario along ax at n replications
// and draws its curve with now marked, taking a simulation slot for it.
func (s *Server) drawSweep(ctx context.Context, rv *resolved, ax whatif.Axis, now float64, n int) (*figure, error) {
	loss, err := metrics.Lookup(metrics.LossPerYear)
	if err != nil {
		return nil, err
	}
	release, err := s.acquire(ctx)
	if err != nil {
		return nil, err
	}
	res, err := whatif.Sweep(ctx, rv.sc, []whatif.Axis{ax}, whatif.Options{
		Metric: loss, Replications: n, Cache: s.runner.cache,
	})
	release()
	if err != nil {
		return nil, err
	}
	fig, err := reports.SweepCurveAt(res, now)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := render.WriteFigure(&buf, ptr(fig.Doc()), render.SVG); err != nil {
		return nil, err
	}
	svg, caption := edgeNotBest(res, ax, rv.sweep, buf.String(), fig.Caption)
	return &figure{Name: fig.Name, Heading: fig.Heading, Caption: caption, SVG: inlineSVG(svg)}, nil
}

// edgeNotBest keeps the sweep curve from calling the first or last value
// it tried "best": a lowest loss at the end of the values tried (the
// shortest interval a freeze allows, the end of the ladder) is where the
// curve stops, not an optimum it shows. The title's claim is dropped and
// the caption says where the curve stops and, when the model refused the
// values beyond, why.
func edgeNotBest(res *whatif.Result, ax whatif.Axis, l *Lever, svg, caption string) (string, string) {
	last := len(ax.Values) - 1
	for _, c := range res.Arms {
		if !c.Varies || last < 2 || c.Best != 0 && c.Best != last {
			continue
		}
		at := c.Points[c.Best].Labels[0]
		claim := template.HTMLEscapeString(fmt.Sprintf("; %s is best at %s", c.Name, at))
		svg = strings.Replace(svg, claim, "", 1)
		caption += fmt.Sprintf(" %s's loss is lowest at %s, the end of the values tried, which is not an optimum: the curve may fall further beyond.", c.Name, at)
		// Values of the ladder beyond the curve's end were refused for
		// the arm as it is now.
		if l != nil && len(l.Values) > 0 {
			end := l.Values[0]
			if c.Best == last {
				end = l.Values[len(l.Values)-1]
			}
			if x, msg := ax.Param.Parse(end); msg == "" && x != ax.Values[c.Best] {
				caption += fmt.Sprintf(" The lever's notches beyond %s (to %s) are refused with the arm's other settings as they are now", at, end)
				if strings.HasSuffix(l.Path, ".release.every") {
					caption += " (a code freeze must be shorter than the release interval: shorten the freeze first)"
				}
				caption += "."
			}
		}
		break
	}
	return svg, caption
}
