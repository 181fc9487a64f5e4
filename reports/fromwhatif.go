package reports

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"deploysim/report"
	"deploysim/stats"
	"deploysim/whatif"
)

// sweepLegend says what the marks of a sweep's table mean.
const sweepLegend = "* marks the optimum; ≈ a point statistically indistinguishable from it (the paired 95% interval of the difference includes 0)."

// FromSweep lays a sweep out as a document: for one axis a table with a
// row per value and each changed arm's metric and its paired difference
// from the reference point (* marks the optimum, ≈ the points
// indistinguishable from it); for two axes a grid per changed arm; the
// findings; the figures (SweepFigures); the command that makes it again;
// its JSON document and its CSV (one row per arm and point).
func FromSweep(r *whatif.Result, meta SweepMeta) (*report.Doc, error) {
	figs, err := SweepFigures(r)
	if err != nil {
		return nil, err
	}
	title, sub := sweepTitle(r)
	d := &report.Doc{Kind: "deploysim sweep", Subject: r.Scenario, Title: title, Subtitle: sub,
		Provenance: report.Provenance{Command: meta.Command, Version: meta.Version},
		Data:       sweepJSON(r, meta), Records: sweepRecords(r)}
	var blocks []report.Block
	ref := strings.Join(r.Arms[0].Points[r.Ref].Labels, " × ")
	if len(r.Axes) == 1 {
		t := &report.Table{Class: "sweep", Legend: sweepLegend, NarrowHead: "value"}
		t.Head = []report.Cell{report.Text(r.Axes[0].Path)}
		for _, c := range r.Arms {
			if c.Varies {
				t.Head = append(t.Head, report.Text(c.Name), report.Text("vs "+ref))
				t.Split = append(t.Split, c.Mark)
			}
		}
		for p := range r.Arms[0].Points {
			row := report.Row{Label: report.Text(r.Arms[0].Points[p].Labels[0]), Head: 1}
			for _, c := range r.Arms {
				if !c.Varies {
					continue
				}
				pt := c.Points[p]
				mark := "  "
				switch {
				case p == c.Best:
					mark = " *"
				case pt.Tied:
					mark = " ≈"
				}
				diff := signed(r.Metric, pt.Diff, r.Currency)
				if p == r.Ref {
					diff = "(reference)"
				}
				row.Cells = append(row.Cells, report.Text(plusMinusOf(r.Metric, pt.Metric, r.Currency)+mark), report.Text(diff))
			}
			t.Rows = append(t.Rows, row)
		}
		blocks = append(blocks, report.Block{Kind: report.TableBlock, Table: t})
	} else {
		for _, c := range r.Arms {
			if !c.Varies {
				continue
			}
			t := &report.Table{Class: "sweep", Legend: sweepLegend}
			t.Head = []report.Cell{report.Text("")}
			for _, l := range r.Axes[1].Labels {
				t.Head = append(t.Head, report.Text(l))
			}
			for i, l := range r.Axes[0].Labels {
				row := report.Row{Label: report.Text(l), Head: 1}
				for j := range r.Axes[1].Labels {
					pt := c.Points[i*len(r.Axes[1].Values)+j]
					cell := measureAmount(r.Metric, pt.Metric.Mean, r.Currency).String()
					switch {
					case pt.Index[0] == c.Points[c.Best].Index[0] && pt.Index[1] == c.Points[c.Best].Index[1]:
						cell += " *"
					case pt.Tied:
						cell += " ≈"
					}
					row.Cells = append(row.Cells, report.Text(cell))
				}
				t.Rows = append(t.Rows, row)
			}
			blocks = append(blocks, report.Block{Kind: report.TableBlock, Table: t,
				Heading: fmt.Sprintf("%s: %s (rows %s, columns %s)", c.Mark, r.Metric.Title(), r.Axes[0].Path, r.Axes[1].Path)})
		}
	}
	blocks = append(blocks, report.Block{Kind: report.Items, Class: "findings", Items: plainItems(sweepFindings(r))})
	d.Sections = append(d.Sections, report.Section{ID: "sweep", Heading: "The sweep", Brief: true, Blocks: blocks})
	d.Sections = append(d.Sections, figureSection(figs))
	return d, nil
}

// figureSection is a section of figures.
func figureSection(figs []Figure) report.Section {
	s := report.Section{ID: "pictures", Heading: "Pictures"}
	for i := range figs {
		f := figs[i].Doc()
		s.Blocks = append(s.Blocks, report.Block{Kind: report.FigureBlock, Figure: &f})
	}
	return s
}

// sweepRecords is a sweep as one row per arm and point:
//
//	scenario, arm, varies, <one column per axis>, metric, unit, mean, ci95_low, ci95_high,
//	diff_mean, diff_ci95_low, diff_ci95_high, independent_half_width, best, tied,
//	<mean of each component>, replications
//
// Values are in the model's units (hours, 0–1) and the metric's unit.
func sweepRecords(r *whatif.Result) [][]string {
	header := []string{"scenario", "arm", "varies"}
	for _, ax := range r.Axes {
		header = append(header, ax.Path)
	}
	header = append(header, "metric", "unit", "mean", "ci95_low", "ci95_high", "diff_mean", "diff_ci95_low", "diff_ci95_high", "independent_half_width", "best", "tied")
	for _, m := range r.Components {
		header = append(header, m.Key)
	}
	out := [][]string{append(header, "replications")}
	for _, c := range r.Arms {
		for p, pt := range c.Points {
			row := []string{r.Scenario, c.Name, strconv.FormatBool(c.Varies)}
			for _, x := range pt.Values {
				row = append(row, csvFloat(x))
			}
			row = append(row, r.Metric.Key, r.Metric.UnitIn(r.Currency), csvFloat(pt.Metric.Mean), csvFloat(pt.Metric.Low), csvFloat(pt.Metric.High),
				csvFloat(pt.Diff.Mean), csvFloat(pt.Diff.Low), csvFloat(pt.Diff.High), csvFloat(pt.IndependentHalfWidth),
				strconv.FormatBool(p == c.Best), strconv.FormatBool(pt.Tied))
			for _, iv := range pt.Components {
				row = append(row, csvFloat(iv.Mean))
			}
			out = append(out, append(row, strconv.Itoa(r.Replications)))
		}
	}
	return out
}

// FromSensitivity lays a sensitivity analysis out as a document: the top
// rows by swing (meta.Top; the range column only where some row has an
// uncertain: range of its own), the base and what was left out, the
// tornado, the command that makes it again, its JSON document and its CSV
// (every row).
func FromSensitivity(s *whatif.Sensitivity, meta SensitivityMeta) (*report.Doc, error) {
	top := meta.top(len(s.Rows))
	title, sub := sensitivityTitle(s)
	d := &report.Doc{Kind: "deploysim sensitivity", Subject: s.Scenario, Title: title, Subtitle: sub,
		Provenance: report.Provenance{Command: meta.Command, Version: meta.Version},
		Data:       sensitivityJSON(s, meta), Records: sensitivityRecords(s)}
	header, rows := sensitivityGrid(s, top)
	// The range column says only what the subtitle says when no row has
	// an uncertain: range, so it goes.
	if !slices.ContainsFunc(rows, func(r []string) bool {
		return r[len(r)-1] != rows[0][len(r)-1] || strings.HasPrefix(r[len(r)-1], "uncertain")
	}) {
		header = header[:len(header)-1]
		for i := range rows {
			rows[i] = rows[i][:len(rows[i])-1]
		}
	}
	t := &report.Table{Class: "sensitivity", Lines: true}
	for _, h := range header {
		t.Head = append(t.Head, report.Text(h))
	}
	for _, r := range rows {
		row := report.Row{Label: report.Text(r[0]), Head: 1}
		for _, c := range r[1:] {
			row.Cells = append(row.Cells, report.Text(c))
		}
		t.Rows = append(t.Rows, row)
	}
	d.Sections = append(d.Sections, report.Section{ID: "sensitivity", Heading: "What moves the result", Brief: true, Blocks: []report.Block{
		{Kind: report.TableBlock, Table: t},
		{Kind: report.Items, Class: "findings", Items: plainItems(sensitivityFindings(s, top))},
	}})
	if len(s.Rows) > 0 {
		d.Sections = append(d.Sections, figureSection([]Figure{TornadoFigure(s, top)}))
	}
	return d, nil
}

// sensitivityRecords is every row of a sensitivity analysis:
//
//	scenario, arm, vs, parameter, arms, base, low, high, source,
//	at_low_mean, at_low_ci95_low, at_low_ci95_high, at_high_mean, at_high_ci95_low, at_high_ci95_high,
//	diff_low_mean, diff_high_mean, swing, unit, replications
//
// Parameter values are in the model's units (hours, 0–1); amounts in the
// currency per year. A side the model does not accept is empty.
func sensitivityRecords(s *whatif.Sensitivity) [][]string {
	out := [][]string{{"scenario", "arm", "vs", "parameter", "arms", "base", "low", "high", "source",
		"at_low_mean", "at_low_ci95_low", "at_low_ci95_high", "at_high_mean", "at_high_ci95_low", "at_high_ci95_high",
		"diff_low_mean", "diff_high_mean", "swing", "unit", "replications"}}
	for _, r := range s.Rows {
		lo, hi := r.AtLow, r.AtHigh
		if math.IsNaN(r.Low) {
			lo = stats.Interval{Mean: math.NaN(), Low: math.NaN(), High: math.NaN()}
		}
		if math.IsNaN(r.High) {
			hi = stats.Interval{Mean: math.NaN(), Low: math.NaN(), High: math.NaN()}
		}
		out = append(out, []string{s.Scenario, s.Arm, s.Vs, r.Param, strings.Join(r.Arms, " "), csvFloat(r.Base), csvFloat(r.Low), csvFloat(r.High), r.Source,
			csvFloat(lo.Mean), csvFloat(lo.Low), csvFloat(lo.High), csvFloat(hi.Mean), csvFloat(hi.Low), csvFloat(hi.High),
			csvFloat(r.DiffLow.Mean), csvFloat(r.DiffHigh.Mean), csvFloat(r.Swing), s.Currency + "/yr", strconv.Itoa(s.Replications)})
	}
	return out
}
