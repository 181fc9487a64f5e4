package reports_test

import (
	"bytes"
	"encoding/json"
	"fmt"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/models"
	"deploysim/report/render"
	"deploysim/reports"
	"deploysim/stats"
	"deploysim/units"
)

// example returns two arms over three replications of a year: a quarterly
// release and continuous delivery, sharing each replication's luck.
func example() *models.Results {
	res := &models.Results{Experiment: models.Experiment{
		Arms: []models.Arm{
			{Name: "quarterly", Title: "Quarterly manual"},
			{Name: "cd", Title: "Continuous delivery"},
		},
		Replications: 3, HorizonHours: 365 * 24, Seed: 1,
	}}
	luck := []float64{0.9, 1.0, 1.1}
	for a, arm := range []struct{ deploys, failed, lead, rec, loss float64 }{
		{4, 2, 1200, 30, 2.5e6},
		{250, 10, 20, 2, 4e5},
	} {
		res.Outcomes = append(res.Outcomes, make([]models.Outcome, 3))
		for r, k := range luck {
			o := &res.Outcomes[a][r]
			o.HorizonHours = 365 * 24
			o.Deployments, o.FailedDeployments, o.Incidents = int(arm.deploys), int(arm.failed), int(arm.failed)
			o.LeadTimeHours = stats.NewSketch(models.LeadTimeAccuracy)
			o.LeadTimeHours.Add(arm.lead * k)
			for range o.FailedDeployments {
				o.RecoveryHours = append(o.RecoveryHours, arm.rec*k)
			}
			o.IncidentLoss = arm.loss * k
		}
	}
	return res
}

func ExampleSummarize() {
	s := metrics.Summarize(example(), metrics.Meta{Scenario: "example", Currency: "USD"}, dora.DORA2019)
	for _, a := range s.Arms {
		loss, _ := a.Stat(metrics.LossPerYear)
		fmt.Printf("%s: %s a year, DORA %s overall\n", a.Title, units.FormatMoney(loss.Mean, s.Currency), a.Dora.Overall)
	}
	cd := s.Arms[1]
	deploys, _ := cd.Stat(metrics.DeploysPerYear)
	fmt.Printf("%v× more deploys; saves %s a year (95%% CI %s–%s)\n",
		deploys.Ratio, units.FormatMoney(cd.Saved.Mean, s.Currency),
		units.FormatMoney(cd.Saved.Low, s.Currency), units.FormatMoney(cd.Saved.High, s.Currency))
	fmt.Println(s.Warnings[0])
	// Output:
	// Quarterly manual: $2.5M a year, DORA low overall
	// Continuous delivery: $400k a year, DORA high overall
	// 62.5× more deploys; saves $2.1M a year (95% CI $1.6M–$2.6M)
	// only 3 replications: intervals are wide; run 30 or more
}

func ExampleFromRun_json() {
	s := metrics.Summarize(example(), metrics.Meta{Scenario: "example"}, dora.DORA2023)
	d, err := reports.FromRun(reports.SummaryOnly(s), reports.Select{})
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if err := render.WriteJSON(&buf, d, render.Options{}); err != nil {
		panic(err)
	}
	// Read it back as a consumer would (jq '.arms[1].dora.overall').
	var doc struct {
		Baseline string `json:"baseline"`
		Arms     []struct {
			Name string `json:"name"`
			Dora struct {
				Edition string `json:"edition"`
				Overall string `json:"overall"`
			} `json:"dora"`
			Ratios map[string]float64 `json:"ratios"`
		} `json:"arms"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		panic(err)
	}
	cd := doc.Arms[1]
	fmt.Printf("%s vs %s: %s in DORA %s; lead time %.2g× faster\n",
		cd.Name, doc.Baseline, cd.Dora.Overall, cd.Dora.Edition, cd.Ratios["lead_time_hours"])
	// Output:
	// cd vs quarterly: high in DORA 2023; lead time 60× faster
}
