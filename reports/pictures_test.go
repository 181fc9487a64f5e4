package reports

import (
	"deploysim/report/render"

	"bytes"
	"math"
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
