package fit

import (
	"context"
	"testing"

	"deploysim/dora"
	"deploysim/reports"
)

// TestQuickCheckClusters: the Quick Check answers of each DORA 2019
// cluster's typical team (the report's "How do we compare?" table, read
// into the Quick Check's bands; change failure rate at the typical 7.5%
// and low's 53%, FACTS.md) give a scenario whose today arm the 2019
// edition rates in that cluster.
func TestQuickCheckClusters(t *testing.T) {
	cases := []struct {
		cluster reports.Cluster
		a       dora.Answers
	}{
		{reports.Elite, dora.Answers{LeadTime: dora.Band5, DeploymentFrequency: dora.Band6, RecoveryTime: dora.Band6, ChangeFailureRate: 7.5, ReworkRate: 5}},
		{reports.High, dora.Answers{LeadTime: dora.Band4, DeploymentFrequency: dora.Band4, RecoveryTime: dora.Band5, ChangeFailureRate: 7.5, ReworkRate: 5}},
		{reports.Medium, dora.Answers{LeadTime: dora.Band3, DeploymentFrequency: dora.Band3, RecoveryTime: dora.Band5, ChangeFailureRate: 7.5, ReworkRate: 5}},
		{reports.Low, dora.Answers{LeadTime: dora.Band2, DeploymentFrequency: dora.Band2, RecoveryTime: dora.Band3, ChangeFailureRate: 53, ReworkRate: 20}},
	}
	opt, reps := Options{Seed: 5}, 40
	if testing.Short() {
		// Fewer simulated years: the fast tier checks the same claim with
		// wider noise (the clusters' bands are far apart).
		opt, reps = Options{Seed: 5, Replications: 8, CheckReplications: 8, Rounds: 5}, 12
	}
	for _, c := range cases {
		t.Run(c.cluster.String(), func(t *testing.T) {
			q := &QuickCheck{Answers: c.a, File: "answers"}
			res, err := Calibrate(context.Background(), q.Targets(), Org{}, opt)
			if err != nil {
				t.Fatal(err)
			}
			m, err := simulateArm(context.Background(), &res.Today, 77, reps, hoursPerYear)
			if err != nil {
				t.Fatal(err)
			}
			r := reports.Rate(reports.DORA2019, m.deploysPerYear, m.leadMedian, m.recoveryMedian, m.cfr)
			if r.Overall != c.cluster {
				t.Errorf("rated %s (deploys %s %.0f/yr, lead %s %.3g h, recovery %s %.3g h, CFR %s %.3g), want %s",
					r.Overall, r.DeploymentFrequency, m.deploysPerYear, r.LeadTime, m.leadMedian, r.RecoveryTime, m.recoveryMedian, r.ChangeFailureRate, m.cfr, c.cluster)
			}
			if _, err := res.Scenario(ScenarioOptions{Name: "qc-" + c.cluster.String()}); err != nil {
				t.Error(err)
			}
		})
	}
}
