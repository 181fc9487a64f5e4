package reports

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/units"
)

// page is a Report laid out in words for the HTML and Markdown reports:
// formatted numbers and sentences, nothing computed.
type page struct {
	Title, Scenario, Run string
	// Story is the scenario's story in paragraphs.
	Story []string
	// Key is the key reading: one or two plain sentences.
	Key  []string
	Arms []pageArm
	// Table is the summary table: one row per metric, then the DORA
	// clusters.
	Table  []pageRow
	Legend string
	// HeadLegend says what the headline lines of the cells hold, for a
	// table that shows only those (the PDF).
	HeadLegend string
	Readings   []string
	Warnings   []string
	Sources    []string
	Params     pageParams
	Edition    string
	// DoraHeading heads the DORA rows (doraHeading).
	DoraHeading string
	Bands       []pageBand
	// BandSources are the sources of the DORA band table, without
	// repeats.
	BandSources []string
	// Rule says how the edition rates a value and an arm (RuleText).
	Rule             string
	Command, Version string
}

// pageArm is one arm as the reports name and mark it.
type pageArm struct {
	Index       int
	Name, Title string
	// Label is Name marked " (modified)" when an override changed the
	// arm: the column heads use it.
	Label    string
	Baseline bool
	// Marker is the arm's plot marker as a character ("●"), Color its
	// colour ("#D55E00").
	Marker, Color string
	// Dora is the overall DORA cluster ("elite"; "n/a" in an edition
	// without clusters); DoraLabel what a reader sees (doraArmLabel).
	Dora, DoraLabel string
}

// pageParams is the table of assumptions: one row per parameter, one
// value per arm.
type pageParams struct {
	Rows []paramRow
}

type paramRow struct {
	Path, Unit, Doc string
	// Values holds one value per arm, in the order of the arms; "—" where
	// the arm has no such parameter. Reasons holds the reason written for
	// each value, "" where none was.
	Values, Reasons []string
	// Differs is true when the arms do not all have the same value.
	Differs bool
}

// pageRow is a row of the summary table: a label and one cell of lines
// per arm.
type pageRow struct {
	Label string
	// Part is true for the parts of the loss; Heading for the DORA
	// heading row, which has no cells.
	Part, Heading bool
	Cells         [][]string
	// Head is how many of each cell's first lines are its headline
	// numbers (the mean and its interval; for lead and recovery time the
	// median and then the mean); the lines after them give the spread and
	// the comparison with the baseline.
	Head int
}

type pageBand struct {
	Metric, Cluster, Published string
}

// marker returns the character that stands for the plot marker of arm
// i (see styleOf).
func marker(i int) string {
	m := [...]string{"●", "■", "▲", "◆", "▼", "○", "□"}
	return m[i%len(m)]
}

// hexColor writes c as #RRGGBB.
func hexColor(c color.RGBA) string { return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B) }

// newPage lays out s.
func newPage(s *metrics.Summary) *page {
	title, run := heading(s)
	p := &page{
		Title:       title,
		Scenario:    s.Scenario,
		Run:         run,
		Story:       paragraphs(s.Story),
		Key:         keyReading(s),
		Legend:      legendMarked(s, "Bold marks the"),
		HeadLegend:  headLegend(s),
		Readings:    readings(s),
		Warnings:    s.Warnings,
		Sources:     s.Sources,
		Params:      params(s),
		Edition:     s.Edition.String(),
		DoraHeading: doraHeading(s.Edition),
		Command:     s.Command,
		Version:     s.Version,
	}
	for a, arm := range s.Arms {
		p.Arms = append(p.Arms, pageArm{
			Index: a, Name: arm.Name, Label: arm.Label(), Title: arm.Title, Baseline: a == s.Baseline,
			Marker: marker(a), Color: hexColor(styleOf(a).Color),
			Dora: arm.Dora.Overall.String(), DoraLabel: doraArmLabel(s.Edition, &s.Arms[a]),
		})
	}
	for m, def := range metrics.All() {
		row := pageRow{Label: strings.TrimSpace(def.Label), Part: strings.HasPrefix(def.Label, " "), Head: 1}
		if def.Pooled {
			row.Head = 2
		}
		row.Cells = metricCells(s, m)
		p.Table = append(p.Table, row)
	}
	labels := doraLabels(s)
	p.Table = append(p.Table, pageRow{Label: labels[0], Heading: true})
	for i, label := range labels[1:] {
		row := pageRow{Label: strings.TrimSpace(label), Part: true}
		for ai := range s.Arms {
			row.Cells = append(row.Cells, []string{doraLines(s, &s.Arms[ai])[i+1]})
		}
		row.Head = 1
		p.Table = append(p.Table, row)
	}
	names := map[dora.Metric]string{
		dora.DeploymentFrequency: "Deployment frequency", dora.LeadTime: "Lead time for changes",
		dora.RecoveryTime: "Time to restore service", dora.ChangeFailureRate: "Change failure rate",
	}
	if s.Edition >= dora.DORA2023 {
		names[dora.RecoveryTime] = "Failed deployment recovery time"
	}
	p.Rule = dora.RuleText(s.Edition)
	for _, b := range dora.Bands(s.Edition) {
		p.Bands = append(p.Bands, pageBand{Metric: names[b.Metric], Cluster: b.Cluster.String(), Published: b.Published})
		if !slices.Contains(p.BandSources, b.Source) {
			p.BandSources = append(p.BandSources, b.Source)
		}
	}
	return p
}

// paragraphs splits text into paragraphs at blank lines, joining the
// lines of each.
func paragraphs(text string) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p := strings.Join(strings.Fields(para), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// keyReading says what the run shows in one or two sentences: the arm
// that saves most against the baseline (or, with one arm, its loss and
// its bad year), and where the arms fall against DORA.
func keyReading(s *metrics.Summary) []string {
	var out []string
	base := &s.Arms[s.Baseline]
	best := -1
	for a := range s.Arms {
		sv := s.Arms[a].Saved
		if sv == nil || math.IsNaN(sv.Mean) {
			continue
		}
		if best < 0 || sv.Mean > s.Arms[best].Saved.Mean {
			best = a
		}
	}
	if best >= 0 {
		out = append(out, readingsOf(s, []int{best})...)
	} else if st, ok := base.Stat(metrics.LossPerYear); ok && st.N > 0 {
		out = append(out, fmt.Sprintf("%s loses %s/yr on average; one year in twenty, more than %s.",
			base.Label(), units.FormatMoney(st.Mean, s.Currency), units.FormatMoney(st.P95, s.Currency)))
	}
	var parts []string
	for _, a := range s.Arms {
		if dora.Rates(s.Edition) {
			parts = append(parts, a.Name+" "+a.Dora.Overall.String())
		} else {
			parts = append(parts, fmt.Sprintf("%s %.1f", a.Name, a.QuickCheck.Scores.Overall))
		}
	}
	list := parts[0]
	if n := len(parts); n > 1 {
		list = strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
	}
	if dora.Rates(s.Edition) {
		out = append(out, fmt.Sprintf("Against the DORA %s clusters (%s) the arms rate %s.", s.Edition, dora.OverallRule(s.Edition), list))
	} else {
		out = append(out, fmt.Sprintf("DORA %s has no clusters to rate against; on DORA's Quick Check the arms score %s overall, out of 10.", s.Edition, list))
	}
	return out
}

// params merges the arms' assumptions into one table, in the order the
// arms list them; a parameter only some arms have (a third pipeline
// stage) comes after the one before it in the arm that has it.
func params(s *metrics.Summary) pageParams {
	var pp pageParams
	if len(s.Assumptions) == 0 {
		return pp
	}
	col := map[string]int{} // arm name → column
	for a, arm := range s.Arms {
		col[arm.Name] = a
	}
	index := map[string]int{} // path → row
	for _, aa := range s.Assumptions {
		c, ok := col[aa.Arm]
		if !ok {
			continue
		}
		at := 0 // where the next new path goes
		for _, prm := range aa.Params {
			i, seen := index[prm.Path]
			if !seen {
				row := paramRow{Path: prm.Path, Unit: prm.Unit, Doc: prm.Doc, Values: make([]string, len(s.Arms)), Reasons: make([]string, len(s.Arms))}
				for k := range row.Values {
					row.Values[k] = "—"
				}
				pp.Rows = slices.Insert(pp.Rows, at, row)
				for p, j := range index {
					if j >= at {
						index[p] = j + 1
					}
				}
				i = at
				index[prm.Path] = i
			}
			pp.Rows[i].Values[c] = prm.Value
			pp.Rows[i].Reasons[c] = prm.Reason
			at = i + 1
		}
	}
	for i := range pp.Rows {
		v := pp.Rows[i].Values
		for _, x := range v[1:] {
			if x != v[0] {
				pp.Rows[i].Differs = true
			}
		}
	}
	return pp
}
