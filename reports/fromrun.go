package reports

import (
	"fmt"
	"slices"
	"strings"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/report"
)

// DoraKey names the DORA rows in Select.Metrics.
const DoraKey = "dora"

// Select chooses what of a run its document shows: the rows and the
// columns of the summary table.
type Select struct {
	// Metrics are the keys of the metrics to show, in the table's order
	// whatever their order here, DoraKey for the DORA rows; empty means
	// all.
	Metrics []string
	// Arms are the names of the arms to show, in the summary's order;
	// empty means all. Ratios stay against the run's baseline.
	Arms []string
}

// SlideMetrics are the rows of a slide: DORA's delivery metrics, downtime
// and the money lost with its two big parts.
var SlideMetrics = []string{
	metrics.DeploysPerYear, metrics.LeadTimeHours, metrics.ChangeFailureRate, metrics.RecoveryTimeHours,
	metrics.ImpactMinutesPerYear, metrics.LossPerYear, metrics.IncidentLossPerYear, metrics.DelayCostPerYear,
}

// Check returns an error naming every metric key or arm name of o that s
// does not have, with the allowed ones.
func (o Select) Check(s *metrics.Summary) error {
	var msgs []string
	keys := append(metricKeys(), DoraKey)
	for _, k := range o.Metrics {
		if !slices.Contains(keys, k) {
			msgs = append(msgs, fmt.Sprintf("metric %q: want one of %s", k, strings.Join(keys, ", ")))
		}
	}
	var names []string
	for _, a := range s.Arms {
		names = append(names, a.Name)
	}
	for _, n := range o.Arms {
		if !slices.Contains(names, n) {
			msgs = append(msgs, fmt.Sprintf("arm %q: want one of %s", n, strings.Join(names, ", ")))
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("%s", strings.Join(msgs, "; "))
	}
	return nil
}

func metricKeys() []string {
	var keys []string
	for _, m := range metrics.All() {
		keys = append(keys, m.Key)
	}
	return keys
}

// BestMarks stands in a legend for how a page marks the best arm: the
// terminal writes it "* marks", a page "Bold marks".
const BestMarks = report.BestMarks

// FromRun lays out a run as a document: the key reading and the story,
// the arms, the summary table (rows and columns as sel chooses) with its
// legends, the readings against the baseline and the warnings, the
// figures (none for a report made by SummaryOnly), the assumptions
// (sources, every parameter of every arm, the DORA band table), the
// command that runs it again, and the run's JSON document and tidy CSV
// records. It computes nothing: every number was decided by
// metrics.Summarize and NewReport.
func FromRun(r *Report, sel Select) (*report.Doc, error) {
	if r == nil {
		return nil, fmt.Errorf("reports: nil report")
	}
	s := &r.Summary
	if err := s.Check(); err != nil {
		return nil, err
	}
	if err := sel.Check(s); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	var figs []Figure
	if len(r.Curves) > 0 || r.pics != nil {
		var err error
		if figs, err = r.figures(); err != nil {
			return nil, err
		}
	}
	v := newTableView(s, sel)
	pg := newPage(s)
	title, run := heading(s)
	d := &report.Doc{
		Kind: "deploysim report", Subject: s.Scenario,
		Title: title, Subtitle: run,
		Lead: pg.Key, Story: pg.Story,
		Provenance: report.Provenance{Command: s.Command, Version: s.Version},
		Data:       runJSON(s),
		Records:    runRecords(s),
	}
	for a := range s.Arms {
		d.Palette = append(d.Palette, hexColor(styleOf(a).Color))
		d.Symbols = append(d.Symbols, marker(a))
	}

	// The arms, each by its mark.
	arms := report.Block{Kind: report.Items, Class: "arms"}
	for _, a := range v.arms {
		pa := pg.Arms[a]
		it := report.Item{Mark: a, Name: pa.Name, Text: pa.Title,
			Badge: "DORA " + pg.Edition + ": " + pa.DoraLabel, BadgeKind: "dora dora-" + pa.Dora}
		if pa.Baseline {
			it.Tag = "baseline"
		}
		arms.Items = append(arms.Items, it)
	}
	d.Sections = append(d.Sections, report.Section{ID: "arms", Heading: "The arms", Brief: true, Blocks: []report.Block{arms}})

	// The summary table: a row per metric, then the DORA clusters.
	t := &report.Table{Class: "summary", Headed: true,
		Legend:      legendMarked(s, BestMarks+" the"),
		ShortLegend: compactLegend(s),
		HeadLegend:  headLegend(s),
		SlideLegend: fmt.Sprintf("mean ± 95%% CI over %s; %s the best arm and any indistinguishable from it", replicationsPhrase(s), BestMarks),
	}
	t.Head = []report.Cell{report.Text("")}
	for _, a := range v.arms {
		t.Head = append(t.Head, report.Cell{Lines: []string{s.Arms[a].Label()}, Mark: a, Parts: headParts(&s.Arms[a])})
	}
	all := metrics.All()
	for _, m := range v.metrics {
		def := all[m]
		row := report.Row{Label: report.Text(def.Label), Part: strings.HasPrefix(def.Label, " "), Head: 1, ShortLabel: compactLabel(m)}
		if def.Pooled {
			row.Head = 2
		}
		row.Column = strings.TrimSpace(compactLabel(m))
		if strings.HasPrefix(def.Short, " ") {
			row.Column = "of which " + row.Column
		}
		cells := metricCells(s, m)
		for _, a := range v.arms {
			row.Cells = append(row.Cells, report.Text(cells[a]...))
			row.Short = append(row.Short, compactCell(s, a, m))
		}
		t.Rows = append(t.Rows, row)
	}
	if v.dora {
		labels, short := doraLabels(s), doraShortLabels(s)
		group := report.Row{Label: report.Text(labels[0]), Group: true, ShortLabel: short[0]}
		for range v.arms {
			group.Short = append(group.Short, "")
		}
		t.Rows = append(t.Rows, group)
		for i := 1; i < len(labels); i++ {
			row := report.Row{Label: report.Text(labels[i]), Part: true, Head: 1, ShortLabel: short[i],
				Column: "DORA " + strings.TrimSpace(short[i])}
			for _, a := range v.arms {
				line := doraLines(s, &s.Arms[a])[i]
				row.Cells = append(row.Cells, report.Text(line))
				row.Short = append(row.Short, line)
			}
			t.Rows = append(t.Rows, row)
		}
	}
	summary := []report.Block{{Kind: report.TableBlock, Table: t}}
	if rs := readingsOf(s, v.arms); len(rs) > 0 {
		summary = append(summary, report.Block{Kind: report.Items, Class: "readings", Items: plainItems(rs)})
	}
	if len(s.Warnings) > 0 {
		summary = append(summary, report.Block{Kind: report.Warnings, Heading: "Warnings", Text: s.Warnings})
	}
	d.Sections = append(d.Sections, report.Section{ID: "summary", Heading: "Summary", Brief: true, Blocks: summary})

	// The pictures.
	pics := report.Section{ID: "pictures", Heading: "Pictures"}
	for i := range figs {
		f := figs[i].Doc()
		pics.Blocks = append(pics.Blocks, report.Block{Kind: report.FigureBlock, Figure: &f})
	}
	if len(figs) == 0 {
		pics.Blocks = append(pics.Blocks, report.Block{Kind: report.Prose, Full: true, Text: []string{
			"The pictures are not on this page: they are PNG files beside a report written to a file (`-o report.md`) or a directory (`--report DIR`)."}})
	}
	d.Sections = append(d.Sections, pics)

	// The assumptions: sources, every parameter, the DORA bands.
	var as []report.Block
	if len(pg.Sources) > 0 {
		as = append(as, report.Block{Kind: report.Items, Heading: "Sources", Class: "sources", Items: plainItems(pg.Sources)})
	}
	params := report.Block{Kind: report.Prose, Heading: "Every parameter, per arm", Full: true,
		Text: []string{"The parameters were not recorded with this report."}}
	if len(pg.Params.Rows) > 0 {
		params.Text = []string{"Values in scenario syntax, with their units, and under a value the reason the scenario gives for it; rows where the arms differ are marked ◆."}
	}
	as = append(as, params)
	if len(pg.Params.Rows) > 0 {
		pt := &report.Table{Class: "params", Differs: "What differs between the arms",
			DiffersNote: "Values in scenario syntax. Every parameter of every arm, with its meaning and the reason given for it, is in the HTML and Markdown reports."}
		pt.Head = []report.Cell{report.Text("Parameter"), report.Text("Unit")}
		for _, a := range pg.Arms {
			pt.Head = append(pt.Head, report.Text(a.Label))
		}
		for _, pr := range pg.Params.Rows {
			row := report.Row{Label: report.Cell{Lines: []string{pr.Path}, Code: true, Mark: -1, Note: pr.Doc}, Differs: pr.Differs, Head: 1}
			row.Cells = append(row.Cells, report.Text(pr.Unit))
			for i, val := range pr.Values {
				row.Cells = append(row.Cells, report.Cell{Lines: []string{val}, Code: true, Mark: -1, Note: pr.Reasons[i]})
			}
			pt.Rows = append(pt.Rows, row)
		}
		as = append(as, report.Block{Kind: report.TableBlock, Table: pt})
	}
	bands := &report.Table{Class: "bands", Head: []report.Cell{report.Text("Key metric"), report.Text("Cluster"), report.Text("As published")}}
	for _, b := range pg.Bands {
		bands.Rows = append(bands.Rows, report.Row{Label: report.Text(b.Metric), Cells: []report.Cell{report.Text(b.Cluster), report.Text(b.Published)}, Head: 1})
	}
	rule := pg.Rule
	for _, src := range pg.BandSources {
		rule += " Source: " + src + "."
	}
	as = append(as,
		report.Block{Kind: report.TableBlock, Heading: pg.DoraHeading, Table: bands},
		report.Block{Kind: report.Note, Text: []string{rule}})
	d.Sections = append(d.Sections, report.Section{ID: "assumptions", Heading: "Assumptions", Blocks: as})
	return d, nil
}

// plainItems lists sentences as items without marks.
func plainItems(lines []string) []report.Item {
	out := make([]report.Item, len(lines))
	for i, l := range lines {
		out[i] = report.Item{Mark: -1, Text: l}
	}
	return out
}

// doraShortLabels label the DORA rows of the narrow layouts.
func doraShortLabels(s *metrics.Summary) []string {
	if !dora.Rates(s.Edition) {
		return []string{"DORA " + s.Edition.String() + " Quick Check", "  deploys", "  lead time", "  recovery", "  failure rate", "  rework · overall"}
	}
	return []string{"DORA " + s.Edition.String(), "  deploys", "  lead time", "  recovery", "  failure rate", "  overall"}
}
