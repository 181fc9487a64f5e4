package reports

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot/vg/draw"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/units"
)

// This file is the report model of the figures: what each one shows,
// decided once from the summary and the curves (which arm is worst and
// best, the axes' ranges, every label and where it sits, the clusters'
// bands, which curve hides another, which arms a --set changed). The plot
// builders in plots.go draw a picture and decide nothing.

// pictures is what the report's figures show.
type pictures struct {
	// Arms are the arms as the figures name them (see picArm).
	Arms     []picArm
	Currency string
	Edition  dora.Edition
	// Modified is the note a figure's caption ends with when some arm
	// was changed by an override, "" when none was.
	Modified string

	Loss     lossPicture
	Dora     doraPicture
	Recovery ecdfPicture
	LeadTime ecdfPicture
	Year     yearPicture
}

// picArm is an arm as the figures name it.
type picArm struct {
	// Label is the arm's name, marked with modifiedMark when an override
	// changed the arm: the caption spells out how (pictures.Modified).
	Label string
}

// modifiedMark follows the name of an arm an override changed, in a
// figure's legend, axis labels and title, where the full "(modified:
// release.every=4w)" does not fit; the caption says what it means.
const modifiedMark = "*"

// lossPicture is the loss per year of every arm: one row each.
type lossPicture struct {
	Title, XLabel string
	// Lo and Hi are the log axis's range, in money.
	Lo, Hi float64
	Rows   []lossRow
}

type lossRow struct {
	Label string
	// Dots are the replications' losses (Curves.LossPerYear).
	Dots []float64
	// Defined is false for an arm with no replication to summarize.
	Defined             bool
	Mean, P5, P95       float64
	MeanLabel, P95Label string
}

// doraPicture is the four DORA keys, one panel each in dora.Metric order.
type doraPicture struct {
	Title  string
	Panels [4]doraPanelPic
}

// axisKind says how a panel's axis is scaled and ticked.
type axisKind int

const (
	perYearAxis axisKind = iota // log, deploys per year
	hoursAxis                   // log, durations
	shareAxis                   // linear, fractions as percentages
)

type doraPanelPic struct {
	Title, XLabel string
	Axis          axisKind
	// Lo and Hi are the axis's range (in values, also on a log axis).
	Lo, Hi float64
	Bands  []bandPic
	Rows   []doraRow
}

// bandPic is a cluster's span of values, shaded behind a panel; Gap marks
// a span between two clusters' published bands (see Gaps), rated Cluster.
type bandPic struct {
	Lo, Hi  float64
	Cluster dora.Cluster
	Gap     bool
}

// clusterBands returns the spans to shade for metric m in edition e: each
// cluster's region (Regions), with the gaps between published bands cut
// out of it as spans of their own.
func clusterBands(e dora.Edition, m dora.Metric) []bandPic {
	gaps := dora.Gaps(e, m)
	var out []bandPic
	for _, reg := range dora.Regions(e, m) {
		lo := reg.Lo
		for _, g := range gaps {
			if g.Lo >= reg.Lo && g.Hi <= reg.Hi && g.Hi > g.Lo {
				if g.Lo > lo {
					out = append(out, bandPic{Lo: lo, Hi: g.Lo, Cluster: reg.Cluster})
				}
				out = append(out, bandPic{Lo: g.Lo, Hi: g.Hi, Cluster: g.Cluster, Gap: true})
				lo = g.Hi
			}
		}
		if reg.Hi > lo {
			out = append(out, bandPic{Lo: lo, Hi: reg.Hi, Cluster: reg.Cluster})
		}
	}
	return out
}

type doraRow struct {
	// Label names the row on the axis; empty on the right-hand panels,
	// whose rows the left-hand panels name.
	Label string
	// Defined is false for an arm whose value could not be rated; NA
	// then says why.
	Defined bool
	NA      string
	// Value is the number rated; P5 and P95 the whiskers' ends (NaN for
	// none).
	Value, P5, P95 float64
	// Text is Value as the table writes it; Align where it sits against
	// the marker: centred above it, or to one side near an end of the
	// axis so that it stays inside the panel.
	Text  string
	Align draw.XAlignment
}

// ecdfPicture is the distribution of a time over every change (or failed
// deployment), one curve per arm, over the DORA clusters.
type ecdfPicture struct {
	Title, XLabel, YLabel string
	Lo, Hi                float64
	Bands                 []bandPic
	// Curves holds one entry per arm (empty X: nothing to draw).
	Curves []ecdfCurve
	Key    []KeyEntry
}

type ecdfCurve struct {
	X, P []float64
	// Median is marked on the curve; NaN for none.
	Median float64
}

// yearPicture is the loss so far over the measured period, one panel per
// arm on one log money axis.
type yearPicture struct {
	Title string
	// Lo and Hi are the money axis's range; Days the time axis's end.
	Lo, Hi, Days float64
	// Panels are in rows of Cols: up to three to a row, four as two by
	// two.
	Panels []yearPanel
	Cols   int
}

type yearPanel struct {
	Title string
	// Path is the arm's own path; Others the other arms' (grey lines).
	Path   metrics.Path
	Others []metrics.Path
}

// newPictures decides what the figures of r show.
func newPictures(r *Report) *pictures {
	s := &r.Summary
	pics := &pictures{Currency: s.Currency, Edition: s.Edition}
	var changed []string
	for _, arm := range s.Arms {
		label := arm.Name
		if m := s.Modified[arm.Name]; len(m) > 0 {
			label += modifiedMark
			changed = append(changed, arm.Name+" ("+strings.Join(m, ", ")+")")
		}
		pics.Arms = append(pics.Arms, picArm{Label: label})
	}
	if len(changed) > 0 {
		pics.Modified = modifiedMark + " modified: " + strings.Join(changed, "; ") + "."
	}
	pics.Loss = lossPictureOf(r, pics)
	pics.Dora = doraPictureOf(s, pics)
	restore := "Time to restore"
	if s.Edition >= dora.DORA2023 {
		restore = "Recovery time"
	}
	pics.Recovery = ecdfPictureOf(r, pics, metrics.RecoveryTimeHours, dora.RecoveryTime, restore,
		"time from a failed deployment to service restored (log scale)", "share of failed deployments restored",
		"no failed deployment", func(c *metrics.Curves) (metrics.ECDF, int) { return c.Recovery, c.RecoverySameAs })
	pics.LeadTime = ecdfPictureOf(r, pics, metrics.LeadTimeHours, dora.LeadTime, "Lead time for changes",
		"time from commit to running in production (log scale)", "share of changes delivered",
		"no change delivered", func(c *metrics.Curves) (metrics.ECDF, int) { return c.LeadTime, c.LeadTimeSameAs })
	pics.Year = yearPictureOf(r, pics)
	return pics
}

// extremes returns the arms with the largest and the smallest of v,
// skipping NaN, or (-1, -1) if none has a value; with higherIsBetter
// false the largest is the worst, and worst is returned first either way.
func extremes(n int, v func(a int) float64, higherIsBetter bool) (worst, best int) {
	hiA, loA := -1, -1
	for a := range n {
		x := v(a)
		if math.IsNaN(x) {
			continue
		}
		if hiA < 0 || x > v(hiA) {
			hiA = a
		}
		if loA < 0 || x < v(loA) {
			loA = a
		}
	}
	if higherIsBetter {
		return loA, hiA
	}
	return hiA, loA
}

func lossPictureOf(r *Report, pics *pictures) lossPicture {
	s := &r.Summary
	m := metrics.Index(metrics.LossPerYear)
	money := func(x float64) string { return units.FormatMoney(x, s.Currency) }
	lp := lossPicture{XLabel: "loss per year, " + s.Currency + " (log scale)"}
	var all []float64
	for a := range s.Arms {
		st := s.Arms[a].Stats[m]
		all = append(all, r.Curves[a].LossPerYear...)
		all = append(all, st.Mean, st.P95)
		lp.Rows = append(lp.Rows, lossRow{
			Label: pics.Arms[a].Label, Dots: r.Curves[a].LossPerYear, Defined: st.N > 0,
			Mean: st.Mean, P5: st.P5, P95: st.P95, MeanLabel: "mean " + money(st.Mean), P95Label: "p95 " + money(st.P95),
		})
	}
	lp.Lo, lp.Hi = logRange(1.8, all...)
	p95 := func(a int) float64 { return s.Arms[a].Stats[m].P95 }
	worst, best := extremes(len(s.Arms), p95, false)
	switch {
	case worst < 0:
		lp.Title = "Loss per year"
	case worst == best:
		lp.Title = fmt.Sprintf("Loss per year: in a bad year (p95) %s loses %s", pics.Arms[worst].Label, money(p95(worst)))
	default:
		lp.Title = fmt.Sprintf("In a bad year (p95) %s loses %s, %s %s",
			pics.Arms[worst].Label, money(p95(worst)), pics.Arms[best].Label, money(p95(best)))
	}
	return lp
}

func doraPictureOf(s *metrics.Summary, pics *pictures) doraPicture {
	var dp doraPicture
	var parts []string
	for a, arm := range s.Arms {
		parts = append(parts, pics.Arms[a].Label+": "+arm.Dora.Overall.String())
	}
	dp.Title = titleLines("Overall DORA " + s.Edition.String() + " cluster (" + dora.OverallRule(s.Edition) + ") — " + strings.Join(parts, ", "))
	if !dora.Rates(s.Edition) {
		// No clusters: the Quick Check's overall score instead.
		parts = parts[:0]
		for a, arm := range s.Arms {
			parts = append(parts, fmt.Sprintf("%s: %.1f", pics.Arms[a].Label, arm.QuickCheck.Scores.Overall))
		}
		dp.Title = titleLines("DORA " + s.Edition.String() + " has no clusters; Quick Check overall score (0–10) — " + strings.Join(parts, ", "))
	} else if strings.Count(dp.Title, "\n") >= 2 {
		// Too many arms to list: the range from the worst to the best.
		overall := func(a int) float64 { return float64(s.Arms[a].Dora.Overall) }
		worst, best := extremes(len(s.Arms), overall, true)
		dp.Title = titleLines(fmt.Sprintf("Overall DORA %s cluster (%s) — from %s (%s) to %s (%s)", s.Edition, dora.OverallRule(s.Edition),
			s.Arms[worst].Dora.Overall, pics.Arms[worst].Label, s.Arms[best].Dora.Overall, pics.Arms[best].Label))
	}
	restore := "Time to restore service (median)"
	if s.Edition >= dora.DORA2023 {
		restore = "Failed deployment recovery time (median)"
	}
	specs := [4]struct {
		key, title, xlabel string
		axis               axisKind
	}{
		{metrics.DeploysPerYear, "Deployment frequency (mean)", "deploys per year (log scale)\nwhiskers: p5–p95 of simulated years", perYearAxis},
		{metrics.LeadTimeHours, "Lead time for changes (median)", "per change (log scale)\nwhiskers: p5–p95 of every change", hoursAxis},
		{metrics.RecoveryTimeHours, restore, "per failed deployment (log scale)\nwhiskers: p5–p95 of every failure", hoursAxis},
		{metrics.ChangeFailureRate, "Change failure rate (mean)", "share of deployments that fail\nwhiskers: p5–p95 of simulated years", shareAxis},
	}
	for i, spec := range specs {
		dm := dora.Metric(i)
		m := metrics.Index(spec.key)
		def := metrics.All()[m]
		pp := doraPanelPic{Title: spec.title, XLabel: spec.xlabel, Axis: spec.axis}
		var edges, values []float64
		// The axis shows every edge, a gap's too: where the band past
		// the gap starts.
		for _, reg := range append(dora.Regions(s.Edition, dm), dora.Gaps(s.Edition, dm)...) {
			edges = append(edges, reg.Lo, reg.Hi)
		}
		pp.Bands = clusterBands(s.Edition, dm)
		for _, a := range s.Arms {
			st := a.Stats[m]
			values = append(values, st.Headline, st.P5, st.P95)
		}
		// norm places a value on the axis, 0 to 1.
		var norm func(float64) float64
		if spec.axis == shareAxis {
			hi := 0.0
			for _, x := range append(edges, values...) {
				if !math.IsInf(x, 0) && !math.IsNaN(x) {
					hi = math.Max(hi, x)
				}
			}
			hi = math.Min(1, hi*1.15)
			// A little room left of zero keeps a marker at 0% whole.
			pp.Lo, pp.Hi = -hi/15, hi
			norm = func(x float64) float64 { return (x - pp.Lo) / (pp.Hi - pp.Lo) }
		} else {
			lo, hi := logRange(1, edges...)
			dlo, dhi := logRange(1, values...)
			pp.Lo, pp.Hi = math.Min(lo, dlo)/2, math.Max(hi, dhi)*2
			if spec.axis == perYearAxis {
				// The axis reaches the first tick above every value, so
				// that no value sits past the last label (1,604/yr
				// between 365 and an axis ending short of 3,650).
				if i := slices.IndexFunc(perYearTickValues, func(t float64) bool { return t >= dhi }); i >= 0 && perYearTickValues[i] > pp.Hi {
					pp.Hi = perYearTickValues[i] * 1.25
				}
			}
			norm = func(x float64) float64 { return math.Log(clampLog(x, pp.Lo, pp.Hi)/pp.Lo) / math.Log(pp.Hi/pp.Lo) }
		}
		for a := range s.Arms {
			st := s.Arms[a].Stats[m]
			row := doraRow{Label: pics.Arms[a].Label, Defined: !math.IsNaN(st.Headline), NA: "n/a (" + def.UndefinedWhy + ")",
				Value: st.Headline, P5: st.P5, P95: st.P95, Align: draw.XCenter}
			if i%2 == 1 {
				row.Label = ""
			}
			if row.Defined {
				row.Text = ratedAmount(s.Edition, dm, def, st.Headline)
				switch x := norm(st.Headline); {
				case x > 0.88:
					row.Align = draw.XRight
				case x < 0.12:
					row.Align = draw.XLeft
				}
			}
			pp.Rows = append(pp.Rows, row)
		}
		dp.Panels[i] = pp
	}
	return dp
}

func ecdfPictureOf(r *Report, pics *pictures, key string, dm dora.Metric, what, xlabel, ylabel, none string, pick func(*metrics.Curves) (metrics.ECDF, int)) ecdfPicture {
	s := &r.Summary
	m := metrics.Index(key)
	ep := ecdfPicture{XLabel: xlabel, YLabel: ylabel}
	var all []float64
	for a := range s.Arms {
		e, same := pick(&r.Curves[a])
		all = append(all, e.X...)
		ep.Curves = append(ep.Curves, ecdfCurve{X: e.X, P: e.P, Median: s.Arms[a].Stats[m].P50})
		// The key says why an arm has no curve, or whose curve hides its.
		label := pics.Arms[a].Label
		switch {
		case e.N == 0:
			label += " (" + none + ")"
		case same >= 0 && same < a:
			label += " (same curve as " + pics.Arms[same].Label + ")"
		}
		ep.Key = append(ep.Key, KeyEntry{Arm: a, Label: label, Line: true})
	}
	ep.Lo, ep.Hi = logRange(1.5, all...)
	ep.Bands = clusterBands(s.Edition, dm)
	median := func(a int) float64 { return s.Arms[a].Stats[m].P50 }
	ep.Title = what + ": no samples"
	if worst, best := extremes(len(s.Arms), median, false); worst >= 0 {
		w, b := units.FormatHours(median(worst)), units.FormatHours(median(best))
		if w == b {
			ep.Title = fmt.Sprintf("%s: half within %s for every arm", what, w)
		} else {
			ep.Title = fmt.Sprintf("%s: half within %s for %s, %s for %s", what, w, pics.Arms[worst].Label, b, pics.Arms[best].Label)
		}
	}
	ep.Title = titleLines(ep.Title)
	return ep
}

func yearPictureOf(r *Report, pics *pictures) yearPicture {
	s := &r.Summary
	yp := yearPicture{Days: s.HorizonDays, Cols: min(len(s.Arms), 3)}
	if len(s.Arms) == 4 {
		yp.Cols = 2
	}
	money := func(x float64) string { return units.FormatMoney(x, s.Currency) }
	end := func(a int) float64 {
		if m := r.Curves[a].Year.Mean; len(m) > 0 {
			return m[len(m)-1]
		}
		return math.NaN()
	}
	var finals, tops []float64
	for a := range s.Arms {
		if path := r.Curves[a].Year; len(path.Mean) > 0 {
			finals = append(finals, end(a))
			tops = append(tops, path.High[len(path.High)-1], end(a))
		}
	}
	// The floor is a hundredth of the smallest mean final loss, to a
	// power of ten: a cheap arm's path still rises through two decades.
	lo, _ := logRange(1, finals...)
	yp.Lo = math.Pow(10, math.Floor(math.Log10(lo/100)))
	_, yp.Hi = logRange(1.4, tops...)
	for a := range s.Arms {
		panel := yearPanel{Title: pics.Arms[a].Label + "\nnothing to draw", Path: r.Curves[a].Year}
		if !math.IsNaN(end(a)) {
			panel.Title = fmt.Sprintf("%s\n%s on average", pics.Arms[a].Label, money(end(a)))
		}
		for b := range s.Arms {
			if b != a && len(r.Curves[b].Year.Days) > 0 {
				panel.Others = append(panel.Others, r.Curves[b].Year)
			}
		}
		yp.Panels = append(yp.Panels, panel)
	}
	period := "the year"
	if s.HorizonDays != 365 {
		period = units.Num(s.HorizonDays) + " days"
	}
	yp.Title = "Loss over " + period
	if worst, best := extremes(len(s.Arms), end, false); worst >= 0 {
		yp.Title += fmt.Sprintf(": %s ends at %s on average", pics.Arms[worst].Label, money(end(worst)))
		if worst != best {
			yp.Title += fmt.Sprintf(", %s at %s", pics.Arms[best].Label, money(end(best)))
		}
	}
	yp.Title = titleLines(yp.Title)
	return yp
}
