package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/models"
	"deploysim/stats"
)

// tiny returns two arms over four replications of half a year with
// numbers chosen for closed-form statistics.
func tiny() *models.Results {
	const horizon = 365 * 12 // half a year: per-year values are doubled
	res := &models.Results{Experiment: models.Experiment{
		Arms:         []models.Arm{{Name: "base", Title: "Base"}, {Name: "fast"}},
		Replications: 4, HorizonHours: horizon, Seed: 7,
	}}
	base := make([]models.Outcome, 4)
	fast := make([]models.Outcome, 4)
	for r := range 4 {
		base[r] = models.Outcome{HorizonHours: horizon, Deployments: 2, FailedDeployments: 1, Incidents: 1,
			PlannedReleases: 2, FailedReleases: 1,
			LeadTimeHours: leadTimes(1000), RecoveryHours: []float64{48}, IncidentLoss: float64(5 * (r + 1))}
		fast[r] = models.Outcome{HorizonHours: horizon, Deployments: 2, PlannedReleases: 2, IncidentLoss: float64(5*(r+1)) - 0.5}
	}
	// fast deploys 2, 2, 2, 4 times: 4, 4, 4, 8 a year.
	fast[3].Deployments, fast[3].PlannedReleases = 4, 4
	fast[3].IncidentLoss = 20 - 1
	// Lead times: replication means 2 and 10 (and none in 2 and 3, whose
	// lead time is then undefined); pooled {1, 2, 3, 10}.
	fast[0].LeadTimeHours = leadTimes(1, 2, 3)
	fast[1].LeadTimeHours = leadTimes(10)
	// One failure in 8 deployments in replication 3 only.
	fast[3].FailedDeployments, fast[3].FailedReleases, fast[3].Incidents, fast[3].RecoveryHours = 1, 1, 1, []float64{0.5}
	res.Outcomes = [][]models.Outcome{base, fast}
	return res
}

func TestSummarizeClosedForm(t *testing.T) {
	s := metrics.Summarize(tiny(), metrics.Meta{Scenario: "tiny"}, 0)
	if s.Edition != dora.DORA2019 || s.Currency != "USD" || s.Replications != 4 || s.HorizonDays != 182.5 {
		t.Fatalf("got edition %s, currency %q, %d replications, %v days; want 2019, USD, 4, 182.5",
			s.Edition, s.Currency, s.Replications, s.HorizonDays)
	}
	fast := &s.Arms[1]
	if fast.Title != "fast" {
		t.Errorf("title: got %q, want the name when the arm has no title", fast.Title)
	}
	const tol = 1e-9
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > tol && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("%s: got %v, want %v", what, got, want)
		}
	}

	// deploys_per_year: 4, 4, 4, 8: mean 5, sample sd 2; Student's t with 3
	// degrees of freedom at 0.975 is 3.182446305284263 (any t table), so
	// the half-width is 3.1824463 × 2 / √4.
	d, _ := fast.Stat(metrics.DeploysPerYear)
	hw := 3.182446305284263 * 2 / 2
	near("deploys mean", d.Mean, 5)
	near("deploys ci low", d.Low, 5-hw)
	near("deploys ci high", d.High, 5+hw)
	// Empirical quantiles of {4, 4, 4, 8}: the smallest value whose
	// empirical CDF reaches p.
	near("deploys p5", d.P5, 4)
	near("deploys p50", d.P50, 4)
	near("deploys p95", d.P95, 8)
	near("deploys p99", d.P99, 8)
	near("deploys headline", d.Headline, 5)
	near("deploys ratio (arm ÷ baseline, baseline 4/yr)", d.Ratio, 5.0/4)
	if d.N != 4 || d.Samples != 4 || d.Unit != "deploys/yr" {
		t.Errorf("deploys: got n %d, samples %d, unit %q; want 4, 4, deploys/yr", d.N, d.Samples, d.Unit)
	}

	// lead_time_hours: replication means 2 and 10 (two replications
	// undefined); percentiles over the pooled {1, 2, 3, 10}, within the
	// sketch's accuracy (the largest exactly).
	within := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > models.LeadTimeAccuracy*want {
			t.Errorf("%s: got %v, want %v within %g%%", what, got, want, 100*models.LeadTimeAccuracy)
		}
	}
	l, _ := fast.Stat(metrics.LeadTimeHours)
	near("lead mean", l.Mean, 6)
	within("lead p50", l.P50, 2)
	near("lead p95", l.P95, 10)
	within("lead headline is the pooled median", l.Headline, 2)
	within("lead ratio (baseline ÷ arm medians)", l.Ratio, 1000.0/2)
	if l.N != 2 || l.Samples != 4 {
		t.Errorf("lead: got n %d, samples %d; want 2, 4", l.N, l.Samples)
	}

	// change_failure_rate: 0, 0, 0, 1/4.
	c, _ := fast.Stat(metrics.ChangeFailureRate)
	near("cfr mean", c.Mean, 1.0/16)
	near("cfr ratio", c.Ratio, 0.5/(1.0/16))

	// recovery_time_hours: defined in replication 3 only: no interval.
	rt, _ := fast.Stat(metrics.RecoveryTimeHours)
	near("recovery mean", rt.Mean, 0.5)
	if !math.IsNaN(rt.Low) || !math.IsNaN(rt.High) || rt.N != 1 {
		t.Errorf("recovery: got n %d, interval %v–%v; want 1 and no interval", rt.N, rt.Low, rt.High)
	}

	// max_incident_loss: zero in both arms: ratio 1.
	mx, _ := fast.Stat(metrics.MaxIncidentLoss)
	near("max incident loss ratio of 0 and 0", mx.Ratio, 1)

	// Paired saving: baseline − arm losses per year are 1, 1, 1, 2 (per
	// half year 0.5, 0.5, 0.5, 1): mean 1.25, sd 0.5.
	if s.Arms[0].Saved != nil {
		t.Error("baseline: want no saving against itself")
	}
	near("saving mean", fast.Saved.Mean, 1.25)
	near("saving ci low", fast.Saved.Low, 1.25-3.182446305284263*0.5/2)
	near("saving ci high", fast.Saved.High, 1.25+3.182446305284263*0.5/2)

	// DORA 2019: 5 deploys/yr low; median lead 2 h elite; median recovery
	// 0.5 h elite; change failure rate 6.25% elite; overall low.
	want := dora.Rating{Edition: dora.DORA2019, DeploymentFrequency: dora.Low, LeadTime: dora.Elite, RecoveryTime: dora.Elite, ChangeFailureRate: dora.Elite, Overall: dora.Low,
		Values: [4]float64{5, l.Headline, 0.5, 0.0625}}
	if fast.Dora != want {
		t.Errorf("dora: got %+v, want %+v", fast.Dora, want)
	}
}

func TestPairedIntervalIsTighter(t *testing.T) {
	// With common random numbers an arm's loss moves with the baseline's
	// from one replication to the next; the paired interval of the
	// difference must then be narrower than the one a reader would get by
	// combining the two arms' own intervals.
	const reps = 10
	res := &models.Results{Experiment: models.Experiment{
		Arms: []models.Arm{{Name: "base"}, {Name: "arm"}}, Replications: reps, HorizonHours: 365 * 24,
	}}
	res.Outcomes = [][]models.Outcome{make([]models.Outcome, reps), make([]models.Outcome, reps)}
	for r := range reps {
		luck := 100 + 50*spread(r+1)
		res.Outcomes[0][r].IncidentLoss = luck
		res.Outcomes[1][r].IncidentLoss = luck/2 + 5*spread(r+100)
	}
	s := metrics.Summarize(res, metrics.Meta{}, 0)
	base, _ := s.Arms[0].Stat(metrics.LossPerYear)
	arm, _ := s.Arms[1].Stat(metrics.LossPerYear)
	paired := s.Arms[1].Saved.High - s.Arms[1].Saved.Low
	unpaired := math.Hypot(base.High-base.Low, arm.High-arm.Low)
	if !(paired < unpaired) {
		t.Errorf("paired interval width %v, want less than unpaired %v", paired, unpaired)
	}
}

func TestSummarizeWarnings(t *testing.T) {
	s := metrics.Summarize(tiny(), metrics.Meta{}, 0)
	want := []string{
		"only 4 replications: intervals are wide; run 30 or more",
		"fast: lead_time_hours undefined in 2 of 4 replications (no change delivered): left out of the mean and interval",
		"fast: recovery_time_hours undefined in 3 of 4 replications (no failed deployment): left out of the mean and interval",
	}
	if !slices.Equal(s.Warnings, want) {
		t.Errorf("got warnings\n%s\nwant\n%s", strings.Join(s.Warnings, "\n"), strings.Join(want, "\n"))
	}
}

func TestSummarizeLeavesResultsAlone(t *testing.T) {
	res := synthetic(3)
	// Shuffle one replication's recovery times so that sorting in place
	// would show.
	shuffle := func(res *models.Results) {
		for r := range res.Outcomes[1] {
			if rec := res.Outcomes[1][r].RecoveryHours; len(rec) > 1 && !slices.IsSorted(rec) {
				return
			} else if len(rec) > 1 {
				slices.Reverse(rec)
				return
			}
		}
		t.Fatal("no replication with two recovery times to shuffle")
	}
	shuffle(res)
	before := synthetic(3)
	shuffle(before)
	metrics.Summarize(res, syntheticMeta, 0)
	if !reflect.DeepEqual(res, before) {
		t.Error("Summarize changed its input")
	}
}

func TestSummarizePanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*models.Results)
	}{
		{"no arms", func(r *models.Results) { r.Experiment.Arms = nil }},
		{"outcomes for fewer arms", func(r *models.Results) { r.Outcomes = r.Outcomes[:1] }},
		{"ragged replications", func(r *models.Results) { r.Outcomes[1] = r.Outcomes[1][:2] }},
		{"no replications", func(r *models.Results) { r.Outcomes[0], r.Outcomes[1] = nil, nil }},
		{"baseline out of range", func(r *models.Results) { r.Experiment.Baseline = 2 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tiny()
			tc.edit(res)
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "metrics: ") {
					t.Errorf("got panic %q, want one starting with \"metrics: \"", msg)
				}
			}()
			metrics.Summarize(res, metrics.Meta{}, 0)
		})
	}
}

// TestJSONSchemaKeys pins the documented JSON schema: every key, at every
// level, and nothing else.
func TestJSONSchemaKeys(t *testing.T) {
	s := metrics.Summarize(synthetic(8), syntheticMeta, dora.DORA2023)
	var buf bytes.Buffer
	if err := writeJSON(&buf, &s); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	keys := func(what string, v any, want ...string) map[string]any {
		t.Helper()
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s: got %T, want an object", what, v)
		}
		var got []string
		for k := range m {
			got = append(got, k)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s keys: got %v, want %v", what, got, want)
		}
		return m
	}
	keys("top level", doc, "schema_version", "scenario", "title", "currency", "command", "version", "seed",
		"replications", "horizon_days", "baseline", "arms", "warnings")
	if doc["schema_version"] != float64(SchemaVersion) || doc["baseline"] != "quarterly-manual" {
		t.Errorf("got schema_version %v, baseline %v", doc["schema_version"], doc["baseline"])
	}
	if _, ok := doc["warnings"].([]any); !ok {
		t.Errorf("warnings: got %T, want an array", doc["warnings"])
	}
	arms := doc["arms"].([]any)
	if len(arms) != 3 {
		t.Fatalf("got %d arms, want 3", len(arms))
	}
	var metricKeys []string
	for _, m := range metrics.All() {
		metricKeys = append(metricKeys, m.Key)
	}
	for i, a := range arms {
		arm := keys("arm", a, "name", "title", "metrics", "dora", "quick_check", "ratios", "versus_baseline")
		ms := keys("metrics", arm["metrics"], metricKeys...)
		for _, k := range metricKeys {
			keys("metric "+k, ms[k], "mean", "ci95_low", "ci95_high", "p5", "p50", "p95", "p99", "n", "samples", "unit")
		}
		keys("ratios", arm["ratios"], metricKeys...)
		dora := keys("dora", arm["dora"], "edition", "deployment_frequency", "lead_time", "recovery_time",
			"change_failure_rate", "overall", "rule", "values")
		keys("dora values", dora["values"], "deployment_frequency", "lead_time", "recovery_time", "change_failure_rate")
		if dora["edition"] != "2023" {
			t.Errorf("dora edition: got %v, want \"2023\"", dora["edition"])
		}
		for _, k := range []string{"deployment_frequency", "lead_time", "recovery_time", "change_failure_rate", "overall"} {
			if c, ok := dora[k].(string); !ok || !slices.Contains([]string{"elite", "high", "medium", "low"}, c) {
				t.Errorf("dora %s: got %v, want a cluster name", k, dora[k])
			}
		}
		if i == 0 {
			if arm["versus_baseline"] != nil {
				t.Errorf("baseline versus_baseline: got %v, want null", arm["versus_baseline"])
			}
			continue
		}
		vs := keys("versus_baseline", arm["versus_baseline"], "loss_saved_per_year", "incident_loss_saved_per_year", "delay_cost_saved_per_year")
		for _, k := range []string{"loss_saved_per_year", "incident_loss_saved_per_year", "delay_cost_saved_per_year"} {
			keys(k, vs[k], "mean", "ci95_low", "ci95_high", "unit")
		}
	}
}

func TestJSONNullForUndefined(t *testing.T) {
	res := synthetic(1)
	s := metrics.Summarize(res, syntheticMeta, 0)
	var buf bytes.Buffer
	if err := writeJSON(&buf, &s); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Arms []struct {
			Metrics map[string]map[string]any
			Dora    map[string]any
			Ratios  map[string]any
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	cd := doc.Arms[2] // continuous-deployment: no failed deployment in replication 0
	if v := cd.Metrics[metrics.RecoveryTimeHours]["mean"]; v != nil {
		t.Errorf("undefined mean: got %v, want null", v)
	}
	if v := cd.Metrics[metrics.DeploysPerYear]["ci95_low"]; v != nil {
		t.Errorf("interval of one replication: got %v, want null", v)
	}
	if v := cd.Dora["recovery_time"]; v != nil {
		t.Errorf("unrated cluster: got %v, want null", v)
	}
	if v := cd.Ratios[metrics.IncidentsPerYear]; v != nil {
		t.Errorf("infinite ratio: got %v, want null", v)
	}
}

func TestPerReplicationCSVShape(t *testing.T) {
	res := synthetic(5)
	var buf bytes.Buffer
	if err := writePerReplicationCSV(&buf, res, syntheticMeta); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rows), 1+5*3; got != want {
		t.Fatalf("got %d rows, want a header and one per replication and arm: %d", got, want)
	}
	if rows[0][0] != "scenario" || rows[0][1] != "replication" || rows[0][2] != "arm" || rows[0][3] != metrics.DeploysPerYear {
		t.Errorf("header starts %v", rows[0][:4])
	}
	if rows[4][1] != "1" || rows[4][2] != "quarterly-manual" {
		t.Errorf("row 4: got replication %s arm %s, want 1 quarterly-manual (replication-major)", rows[4][1], rows[4][2])
	}
	seen := map[string]bool{}
	for _, col := range rows[0] {
		if seen[col] {
			t.Errorf("column %s appears twice", col)
		}
		seen[col] = true
	}
	for _, col := range []string{"planned_releases", "failed_releases", "code_defect_loss", "deployment_error_loss",
		"failed_rollback_loss", "planned_downtime_cost", "lead_time_mean_hours", "recovery_time_mean_hours"} {
		if !seen[col] {
			t.Errorf("no column %s", col)
		}
	}
	if seen["downtime_cost"] {
		t.Error("column downtime_cost: name it for what it holds, planned_downtime_cost")
	}
	// Every row's incident loss is the sum of its causes.
	col := func(name string) int { return slices.Index(rows[0], name) }
	for _, r := range rows[1:] {
		var sum float64
		for _, c := range []string{"code_defect_loss", "deployment_error_loss", "failed_rollback_loss"} {
			x, _ := strconv.ParseFloat(r[col(c)], 64)
			sum += x
		}
		if total, _ := strconv.ParseFloat(r[col("incident_loss")], 64); math.Abs(total-sum) > 1e-6*math.Max(1, total) {
			t.Errorf("replication %s arm %s: incident loss %v, causes sum to %v", r[1], r[2], total, sum)
		}
	}
}

func TestWriteCSVTidy(t *testing.T) {
	s := metrics.Summarize(synthetic(8), syntheticMeta, 0)
	var buf bytes.Buffer
	if err := writeCSV(&buf, &s); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// 3 arms × every metric × 10 statistics, 2 arms × 3 savings (the loss,
	// its risk and its flow part) × 3 rows, a header.
	if got, want := len(rows), 1+3*len(metrics.All())*10+2*3*3; got != want {
		t.Errorf("got %d rows, want %d", got, want)
	}
	for _, r := range rows {
		if len(r) != 6 {
			t.Fatalf("row %v: got %d columns, want 6", r, len(r))
		}
	}
}

func TestRenderersRejectEmptySummary(t *testing.T) {
	for name, write := range map[string]func(*metrics.Summary) error{
		"table":    func(s *metrics.Summary) error { return writeTable(io.Discard, s) },
		"markdown": func(s *metrics.Summary) error { return writeMarkdown(io.Discard, s) },
		"csv":      func(s *metrics.Summary) error { return writeCSV(io.Discard, s) },
		"json":     func(s *metrics.Summary) error { return writeJSON(io.Discard, s) },
	} {
		if err := write(&metrics.Summary{}); err == nil {
			t.Errorf("%s of an empty summary: got no error", name)
		}
	}
}

// leadTimes sketches lead times as the model does.
func leadTimes(hours ...float64) stats.Sketch {
	s := stats.NewSketch(models.LeadTimeAccuracy)
	for _, h := range hours {
		s.Add(h)
	}
	return s
}

// TestSavedSplit: the risk and flow parts of a saving are the paired
// savings of the incident loss and of the cost of delay, and with labour
// and planned downtime they add up to the saving.
func TestSavedSplit(t *testing.T) {
	res := synthetic(8)
	s := metrics.Summarize(res, syntheticMeta, 0)
	for a := range s.Arms {
		as := &s.Arms[a]
		if a == s.Baseline {
			if as.SavedRisk != nil || as.SavedFlow != nil {
				t.Errorf("baseline: got a risk or flow saving, want none")
			}
			continue
		}
		var risk, flow, rest float64
		for r := range res.Outcomes[a] {
			b, o := &res.Outcomes[s.Baseline][r], &res.Outcomes[a][r]
			years := o.HorizonHours / (365 * 24)
			risk += (b.IncidentLoss - o.IncidentLoss) / years
			flow += (b.DelayCost - o.DelayCost) / years
			rest += (b.LaborCost + b.DowntimeCost - o.LaborCost - o.DowntimeCost) / years
		}
		n := float64(len(res.Outcomes[a]))
		risk, flow, rest = risk/n, flow/n, rest/n
		near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want)) }
		if !near(as.SavedRisk.Mean, risk) || !near(as.SavedFlow.Mean, flow) {
			t.Errorf("%s: risk %v flow %v, want %v and %v", as.Name, as.SavedRisk.Mean, as.SavedFlow.Mean, risk, flow)
		}
		if !near(as.Saved.Mean, risk+flow+rest) {
			t.Errorf("%s: saving %v, want risk + flow + the rest = %v", as.Name, as.Saved.Mean, risk+flow+rest)
		}
		if !(as.SavedFlow.Low <= as.SavedFlow.Mean && as.SavedFlow.Mean <= as.SavedFlow.High) {
			t.Errorf("%s: flow interval %+v does not hold its mean", as.Name, *as.SavedFlow)
		}
	}
}
