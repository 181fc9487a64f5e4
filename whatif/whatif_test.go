package whatif_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"deploysim/metrics"
	"deploysim/models"
	"deploysim/scenarios"
	"deploysim/whatif"
)

// trains is a scenario whose planned releases per year have a closed
// form: a release train every E, nothing that holds one back (no freeze
// windows, no CAB, deploys any time), work always ready, and nothing that
// fails (no defect, no configuration break or interaction, no deployment
// error), so that no release is repeated.
const trains = `
name: trains
replications: 8
horizon: 364d
arms:
  - name: train
    release: {policy: scheduled, every: 2w, freeze: 0}
    work: {defect_prob: 0, config_share: 0, interaction_prob: 0}
    deploy: {window: any-time, automated_error_prob: 0}
    freezes: []
    cab: {enabled: false}
  - name: cd
    release: {policy: per-change}
`

var planned = metrics.Metric{Key: "planned", Label: "Planned releases per year",
	Value: func(o *models.Outcome, years float64) float64 { return float64(o.PlannedReleases) / years }}

func TestSweepClosedForm(t *testing.T) {
	sc, err := scenarios.Parse("trains.yaml", []byte(trains))
	if err != nil {
		t.Fatal(err)
	}
	ax, err := whatif.ParseAxis(sc, "arms.train.release.every=1w,2w,4w,13w", 0, whatif.Auto)
	if err != nil {
		t.Fatal(err)
	}
	cache := whatif.NewCache(0)
	res, err := whatif.Sweep(context.Background(), sc, []whatif.Axis{ax}, whatif.Options{Metric: planned, Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range res.Arms[0].Points {
		// A train every E hours: 8760/E a year, give or take the one
		// that falls on either edge of the measured period.
		want := 8760 / pt.Values[0]
		if math.Abs(pt.Metric.Mean-want) > 8760/(364*24) {
			t.Errorf("every %s: got %.2f planned releases a year, want %.2f ± 1", pt.Labels[0], pt.Metric.Mean, want)
		}
	}
	if !res.Arms[0].Varies || res.Arms[1].Varies {
		t.Errorf("varies: got train %v, cd %v; want true, false", res.Arms[0].Varies, res.Arms[1].Varies)
	}
	// The arm the path does not touch ran once: 4 points of train and
	// one of cd, 8 replications each.
	if got, want := cache.Simulated(), (4+1)*8; got != want {
		t.Errorf("simulated %d arm-replications, want %d", got, want)
	}
	// More replications extend the cache instead of starting again.
	if _, err := whatif.Sweep(context.Background(), sc, []whatif.Axis{ax}, whatif.Options{Metric: planned, Cache: cache, Replications: 10}); err != nil {
		t.Fatal(err)
	}
	if got, want := cache.Simulated(), (4+1)*10; got != want {
		t.Errorf("after extending to 10: simulated %d, want %d", got, want)
	}
}

// TestCommonRandomNumbers: a tiny change of a parameter gives a tiny
// paired difference, far narrower than independent runs would measure.
func TestCommonRandomNumbers(t *testing.T) {
	sc, err := scenarios.Load("epic-vs-continuous")
	if err != nil {
		t.Fatal(err)
	}
	arm, _ := sc.Arm("quarterly-manual")
	m := arm.Recovery.TriageHours.Mean
	ax, err := whatif.ParseAxis(sc, "arms.quarterly-manual.recovery.triage=0", 0, whatif.Linear)
	if err != nil {
		t.Fatal(err)
	}
	ax.Values = []float64{m, m * 1.001}
	ax.Labels = []string{"base", "+0.1%"}
	loss, err := metrics.Lookup(metrics.LossPerYear)
	if err != nil {
		t.Fatal(err)
	}
	res, err := whatif.Sweep(context.Background(), sc, []whatif.Axis{ax}, whatif.Options{Metric: loss, Replications: 20})
	if err != nil {
		t.Fatal(err)
	}
	pt := res.Arms[0].Points[1]
	if rel := math.Abs(pt.Diff.Mean) / pt.Metric.Mean; rel > 1e-3 {
		t.Errorf("paired difference of a 0.1%% change of triage time: got %.3g of the loss, want < 0.1%%", rel)
	}
	if hw := pt.Diff.HalfWidth(); !(hw < pt.IndependentHalfWidth/20) {
		t.Errorf("paired half-width %.4g, want < 1/20 of the independent %.4g", hw, pt.IndependentHalfWidth)
	}
}

// TestSweepPrecision: with a precision target the sweep stops early and
// says so, and its numbers are those of a sweep asked for that many
// replications (the cache extends, it does not restart).
func TestSweepPrecision(t *testing.T) {
	sc, err := scenarios.Parse("trains.yaml", []byte(trains))
	if err == nil {
		sc, err = sc.With("horizon=12w", "warmup=0")
	}
	if err != nil {
		t.Fatal(err)
	}
	ax, err := whatif.ParseAxis(sc, "arms.train.release.every=1w,2w,4w", 0, whatif.Auto)
	if err != nil {
		t.Fatal(err)
	}
	// Planned releases a year barely vary between replications: ±50% is
	// reached at once.
	res, err := whatif.Sweep(context.Background(), sc, []whatif.Axis{ax}, whatif.Options{Metric: planned, Replications: 200, Precision: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if res.Replications != whatif.MinReplications || res.Stopped == "" {
		t.Fatalf("got %d replications, stopped %q; want %d and a reason", res.Replications, res.Stopped, whatif.MinReplications)
	}
	again, err := whatif.Sweep(context.Background(), sc, []whatif.Axis{ax}, whatif.Options{Metric: planned, Replications: whatif.MinReplications})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Arms[0].Points[2].Metric, again.Arms[0].Points[2].Metric; got != want {
		t.Errorf("early stop: got %+v, want %+v as a plain sweep of that size", got, want)
	}
}

// TestWorkersDoNotChangeResults: a sensitivity analysis on one worker and
// on four gives the same numbers.
func TestWorkersDoNotChangeResults(t *testing.T) {
	sc, err := scenarios.Parse("trains.yaml", []byte(trains))
	if err == nil {
		sc, err = sc.With("horizon=4w", "warmup=0")
	}
	if err != nil {
		t.Fatal(err)
	}
	loss, err := metrics.Lookup(metrics.LossPerYear)
	if err != nil {
		t.Fatal(err)
	}
	var runs []*whatif.Sensitivity
	for _, w := range []int{1, 4} {
		s, err := whatif.Analyse(context.Background(), sc, whatif.SensitivityOptions{Arm: "train", Vs: "cd", Metric: loss, By: 0.5, Replications: 3, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, s)
	}
	if len(runs[0].Rows) == 0 || len(runs[0].Rows) != len(runs[1].Rows) {
		t.Fatalf("got %d and %d rows", len(runs[0].Rows), len(runs[1].Rows))
	}
	for i := range runs[0].Rows {
		a, b := runs[0].Rows[i], runs[1].Rows[i]
		if a.Label(true) != b.Label(true) || a.AtLow != b.AtLow || a.AtHigh != b.AtHigh {
			t.Errorf("row %d: 1 worker %s %+v %+v, 4 workers %s %+v %+v", i, a.Label(true), a.AtLow, a.AtHigh, b.Label(true), b.AtLow, b.AtHigh)
		}
	}
}

// TestSweepSanityNotes: a sweep of the work that crosses the review
// stage's capacity says at which points, naming the parameter; the points
// below it say nothing.
func TestSweepSanityNotes(t *testing.T) {
	sc, err := scenarios.Parse("review.yaml", []byte(`
name: review
replications: 2
horizon: 91d
arms:
  - name: cd
`))
	if err != nil {
		t.Fatal(err)
	}
	// The built-in code review: 4 reviewers, 1 h a change, 8-hour days:
	// saturated from 32 changes a working day.
	ax, err := whatif.ParseAxis(sc, "defaults.work.changes_per_day=10/day,20/day,40/day,60/day", 0, whatif.Auto)
	if err != nil {
		t.Fatal(err)
	}
	res, err := whatif.Sweep(context.Background(), sc, []whatif.Axis{ax}, whatif.Options{Metric: planned})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, n := range res.Notes {
		if strings.Contains(n, "pipeline.code-review.capacity") {
			notes = append(notes, n)
		}
	}
	want := "at defaults.work.changes_per_day=40/day, defaults.work.changes_per_day=60/day (warning of the first): cd: stage code-review is loaded to 1.2× its capacity"
	if len(notes) != 1 || !strings.HasPrefix(notes[0], want) {
		t.Errorf("got notes %q, want one starting %q", res.Notes, want)
	}
}

// TestParseAxisMessages: values that are all one say so (not "no arm uses
// it"), and too many values are counted without echoing them back.
func TestParseAxisMessages(t *testing.T) {
	sc, err := scenarios.Load("epic-vs-continuous")
	if err != nil {
		t.Fatal(err)
	}
	many := strings.Repeat("1w,", 9999) + "1w"
	for spec, want := range map[string]string{
		"arms.quarterly-manual.release.every=4w,4w":       "the 2 values are all 4w: give two or more different values",
		"arms.quarterly-manual.release.every=28d,4w, 4w ": "the 3 values are all 4w",
		"arms.quarterly-manual.release.every=" + many:     "at most 200 values, got 10000",
	} {
		_, err := whatif.ParseAxis(sc, spec, 0, whatif.Auto)
		if err == nil || !strings.Contains(err.Error(), want) || len(err.Error()) > 200 {
			t.Errorf("--vary %.60s: got %.300v, want a short message with %q", spec, err, want)
		}
	}
}
