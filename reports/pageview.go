package reports

import "deploysim/metrics"

// PageView is a Summary laid out in words for a page that renders it
// itself (deploysim serve): the same cells, readings and arm styles as
// the HTML report, formatted and computed by nothing but Summarize.
type PageView struct {
	// Key is the key reading, one or two sentences.
	Key  []string
	Arms []PageViewArm
	// Table is the summary table: one row per metric, then the DORA
	// clusters.
	Table    []PageViewRow
	Legend   string
	Readings []string
	Warnings []string
}

// PageViewArm is an arm as every figure draws it.
type PageViewArm struct {
	Name, Title string
	Baseline    bool
	// Marker is the arm's plot marker as a character ("●"), Color its
	// colour ("#D55E00"); Dora its overall DORA cluster ("elite").
	Marker, Color, Dora string
}

// PageViewRow is a row of the summary table: a label and, per arm, the
// lines of its cell. Part marks the parts of the loss and the DORA keys;
// Heading the DORA heading, which has no cells.
type PageViewRow struct {
	Label         string
	Part, Heading bool
	Cells         [][]string
}

// PageViewOf lays s out as the HTML report does.
func PageViewOf(s *metrics.Summary) PageView {
	p := newPage(s)
	l := PageView{Key: p.Key, Legend: p.Legend, Readings: p.Readings, Warnings: p.Warnings}
	for _, a := range p.Arms {
		l.Arms = append(l.Arms, PageViewArm{Name: a.Name, Title: a.Title, Baseline: a.Baseline, Marker: a.Marker, Color: a.Color, Dora: a.Dora})
	}
	for _, r := range p.Table {
		l.Table = append(l.Table, PageViewRow{Label: r.Label, Part: r.Part, Heading: r.Heading, Cells: r.Cells})
	}
	return l
}
