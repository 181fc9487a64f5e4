package reports

import (
	"deploysim/report/render"

	"bytes"
	"cmp"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"

	"deploysim/dora"
	"deploysim/metrics"
)

// TestFiguresOnce: NewReport decides the pictures and lays out the figures
// once; every later call, and every page, gets those same plots.
func TestFiguresOnce(t *testing.T) {
	r := NewReport(synthetic(8), syntheticMeta, dora.DORA2019)
	if r.pics == nil || r.figs == nil {
		t.Fatal("NewReport left the pictures or the figures to be made later")
	}
	for range 2 {
		figs, err := Figures(r)
		if err != nil {
			t.Fatal(err)
		}
		for i := range figs {
			if figs[i].Panels[0][0] != r.figs[i].Panels[0][0] {
				t.Errorf("%s: Figures laid the figure out again", figs[i].Name)
			}
		}
	}
	if p, err := r.pictures(); err != nil || p != r.pics {
		t.Errorf("pictures: got a new decision (%v), want NewReport's", err)
	}
}

// TestPicturesExtremes: the titles name the worst arm first and the best
// second, by the statistic each figure is about, whatever the order of
// the arms.
func TestPicturesExtremes(t *testing.T) {
	r := NewReport(synthetic(8), syntheticMeta, dora.DORA2019)
	s := &r.Summary
	// argmax and argmin of a statistic, found here independently.
	arg := func(v func(a int) float64) (hi, lo int) {
		for a := range s.Arms {
			if v(a) > v(hi) {
				hi = a
			}
			if v(a) < v(lo) {
				lo = a
			}
		}
		return hi, lo
	}
	stat := func(key string) func(a int) float64 {
		return func(a int) float64 { st, _ := s.Arms[a].Stat(key); return st.P95 }
	}
	median := func(key string) func(a int) float64 {
		return func(a int) float64 { st, _ := s.Arms[a].Stat(key); return st.P50 }
	}
	end := func(a int) float64 { m := r.Curves[a].Year.Mean; return m[len(m)-1] }
	for _, tc := range []struct {
		what, title string
		v           func(a int) float64
	}{
		{"loss", r.pics.Loss.Title, stat(metrics.LossPerYear)},
		{"recovery", r.pics.Recovery.Title, median(metrics.RecoveryTimeHours)},
		{"lead time", r.pics.LeadTime.Title, median(metrics.LeadTimeHours)},
		{"year", r.pics.Year.Title, end},
	} {
		worst, best := arg(tc.v)
		title := strings.ReplaceAll(tc.title, "\n", " ")
		w, b := strings.Index(title, s.Arms[worst].Name), strings.Index(title, s.Arms[best].Name)
		if w < 0 || b < 0 || w > b {
			t.Errorf("%s: title %q: want %s (worst) before %s (best)", tc.what, title, s.Arms[worst].Name, s.Arms[best].Name)
		}
	}
}

// TestPicturesModified: an arm an override changed carries the mark in
// every legend, axis label and title of the figures, and every caption
// says what it means; the other arms keep their bare names.
func TestPicturesModified(t *testing.T) {
	meta := syntheticMeta
	changed := "quarterly-manual"
	meta.Modified = map[string][]string{changed: {"release.every=4w"}}
	r := NewReport(synthetic(8), meta, dora.DORA2019)
	p := r.pics
	var names []string
	for a, arm := range r.Summary.Arms {
		want := arm.Name
		if arm.Name == changed {
			want += modifiedMark
		}
		names = append(names, want)
		if got := p.Loss.Rows[a].Label; got != want {
			t.Errorf("loss row %d: got %q, want %q", a, got, want)
		}
		if got := p.Dora.Panels[0].Rows[a].Label; got != want {
			t.Errorf("DORA row %d: got %q, want %q", a, got, want)
		}
		if got := p.Recovery.Key[a].Label; !strings.HasPrefix(got, want) || (arm.Name != changed && strings.HasPrefix(got, arm.Name+modifiedMark)) {
			t.Errorf("recovery key %d: got %q, want it to start %q", a, got, want)
		}
		if got := strings.SplitN(p.Year.Panels[a].Title, "\n", 2)[0]; got != want {
			t.Errorf("year panel %d: got %q, want %q", a, got, want)
		}
	}
	if !strings.Contains(strings.ReplaceAll(p.Dora.Title, "\n", " "), changed+modifiedMark+":") {
		t.Errorf("DORA title %q lacks %s", p.Dora.Title, changed+modifiedMark)
	}
	figs, err := Figures(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		if !strings.Contains(f.Caption, "modified: "+changed+" (release.every=4w)") {
			t.Errorf("%s: caption lacks what the mark means: %q", f.Name, f.Caption)
		}
	}

	// Without overrides, no mark and no note.
	r = NewReport(synthetic(8), syntheticMeta, dora.DORA2019)
	if r.pics.Modified != "" || strings.Contains(r.pics.Loss.Rows[0].Label, modifiedMark) {
		t.Errorf("no override: got note %q and label %q", r.pics.Modified, r.pics.Loss.Rows[0].Label)
	}
}

// TestDoraLabelsStayInside: a value label sits centred above its marker,
// or beside it near an end of the axis, on the side that keeps it inside
// the panel.
func TestDoraLabelsStayInside(t *testing.T) {
	r := NewReport(synthetic(8), syntheticMeta, dora.DORA2019)
	for i, pp := range r.pics.Dora.Panels {
		for a, row := range pp.Rows {
			if !row.Defined {
				continue
			}
			x := (row.Value - pp.Lo) / (pp.Hi - pp.Lo)
			if pp.Axis != shareAxis {
				x = math.Log(row.Value/pp.Lo) / math.Log(pp.Hi/pp.Lo)
			}
			want := draw.XCenter
			switch {
			case x > 0.88:
				want = draw.XRight
			case x < 0.12:
				want = draw.XLeft
			}
			if row.Align != want {
				t.Errorf("panel %d, arm %d at %.2f of the axis: got align %v, want %v", i, a, x, row.Align, want)
			}
			if !(row.Value >= pp.Lo && row.Value <= pp.Hi) {
				t.Errorf("panel %d, arm %d: value %v outside the axis %v–%v", i, a, row.Value, pp.Lo, pp.Hi)
			}
		}
	}
}

// TestModifiedLabels: where an arm's name stands alone — a column head of
// every table layout, the Markdown table, a summary sentence — an arm an
// override changed says so, and no other arm does.
func TestModifiedLabels(t *testing.T) {
	meta := syntheticMeta
	meta.Modified = map[string][]string{"quarterly-manual": {"release.every=4w"}}
	s := metrics.Summarize(synthetic(8), meta, dora.DORA2019)
	for _, layout := range []render.Layout{render.LayoutWide, render.LayoutCompact, render.LayoutTransposed} {
		var buf bytes.Buffer
		if err := writeTableWith(&buf, &s, tableOptions{Width: 140, Layout: layout}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.Contains(out, "(modified)") {
			t.Errorf("%v layout: no arm marked (modified):\n%s", layout, out)
		}
		for _, other := range []string{"continuous-delivery (modified)", "delivery (modified)"} {
			if strings.Contains(out, other) {
				t.Errorf("%v layout marks an arm no override changed: %q", layout, other)
			}
		}
	}
	var md bytes.Buffer
	if err := writeMarkdown(&md, &s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "| quarterly-manual (modified) |") {
		t.Errorf("Markdown table head does not mark the modified arm:\n%s", md.String())
	}
	if r := readings(&s); len(r) == 0 || !strings.Contains(strings.Join(r, "\n"), "quarterly-manual (modified)") {
		t.Errorf("summary sentences do not name the modified baseline as modified: %q", r)
	}
}

// TestDoraGaps: the spans a report leaves undefined between two clusters'
// bands (DORA 2019's time to restore of one day to one week, its change
// failure rate of 15–46%) are shaded as gaps, not as the worse cluster's
// band; each gap is rated as its neighbour on the worse side, as Classify
// rates it; the shaded spans tile the axis without overlap.
func TestDoraGaps(t *testing.T) {
	got := map[dora.Metric][]dora.Region{dora.RecoveryTime: dora.Gaps(dora.DORA2019, dora.RecoveryTime), dora.ChangeFailureRate: dora.Gaps(dora.DORA2019, dora.ChangeFailureRate)}
	want := map[dora.Metric][]dora.Region{dora.RecoveryTime: {{Lo: 24, Hi: 168, Cluster: dora.Low}}, dora.ChangeFailureRate: {{Lo: 0.15, Hi: 0.46, Cluster: dora.Low}}}
	for m, w := range want {
		if !slices.Equal(got[m], w) {
			t.Errorf("DORA 2019 %v: gaps %v, want %v", m, got[m], w)
		}
	}
	for _, e := range dora.Editions() {
		for m := range dora.Metric(4) {
			for _, g := range dora.Gaps(e, m) {
				mid := math.Sqrt(g.Lo * g.Hi)
				if m == dora.ChangeFailureRate {
					mid = (g.Lo + g.Hi) / 2
				}
				if !(g.Hi > g.Lo) || dora.Classify(e, m, mid) != g.Cluster {
					t.Errorf("%v %v: gap %v: dora.Classify(%v) = %v", e, m, g, mid, dora.Classify(e, m, mid))
				}
			}
			bands := clusterBands(e, m)
			slices.SortFunc(bands, func(a, b bandPic) int { return cmp.Compare(a.Lo, b.Lo) })
			for i := 1; i < len(bands); i++ {
				if bands[i].Lo != bands[i-1].Hi {
					t.Errorf("%v %v: band %d starts at %v, the last ended at %v", e, m, i, bands[i].Lo, bands[i-1].Hi)
				}
			}
		}
	}

	r := NewReport(synthetic(8), syntheticMeta, dora.DORA2019)
	cfr := r.pics.Dora.Panels[dora.ChangeFailureRate]
	if !slices.ContainsFunc(cfr.Bands, func(b bandPic) bool { return b.Gap && b.Lo == 0.15 && b.Hi == 0.46 }) {
		t.Errorf("the change failure rate panel shades no gap from 15%% to 46%%: %v", cfr.Bands)
	}
	restore := r.pics.Dora.Panels[dora.RecoveryTime]
	if restore.Hi < 168 {
		t.Errorf("the time to restore axis ends at %v h, before the low band starts (one week)", restore.Hi)
	}
}

// TestDeploysAxisReachesATick: the deployment frequency axis runs to a
// labelled tick above every arm's value, so that none sits past the last
// label (epic-vs-continuous's 1,604 deploys a year on an axis labelled up
// to 365).
func TestDeploysAxisReachesATick(t *testing.T) {
	r := builtins(t)["epic-vs-continuous"]
	pp := r.pics.Dora.Panels[dora.DeploymentFrequency]
	top := 0.0
	for _, row := range pp.Rows {
		top = max(top, row.Value, row.P95)
	}
	if !slices.ContainsFunc(perYearTickValues, func(x float64) bool { return x >= top && x <= pp.Hi }) {
		t.Errorf("the axis ends at %v deploys/yr with no tick between the largest value %v and its end (ticks %v)", pp.Hi, top, perYearTickValues)
	}
}
