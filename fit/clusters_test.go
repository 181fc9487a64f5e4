package fit

import (
	"context"
	"testing"

	"deploysim/dora"
)

// TestQuickCheckClusters: the Quick Check answers of each DORA 2019
// cluster's typical team (the report's "How do we compare?" table, read
// into the Quick Check's bands; change failure rate at the typical 7.5%
// and low's 53%, FACTS.md) give a scenario whose today arm the 2019
// edition rates in that cluster.
func TestQuickCheckClusters(t *testing.T) {
	cases := []struct {
		cluster dora.Cluster
		a       dora.Answers
	}{
		{dora.Elite, dora.Answers{LeadTime: dora.Choice5, DeploymentFrequency: dora.Choice6, RecoveryTime: dora.Choice6, ChangeFailureRate: 7.5, ReworkRate: 5}},
		{dora.High, dora.Answers{LeadTime: dora.Choice4, DeploymentFrequency: dora.Choice4, RecoveryTime: dora.Choice5, ChangeFailureRate: 7.5, ReworkRate: 5}},
		{dora.Medium, dora.Answers{LeadTime: dora.Choice3, DeploymentFrequency: dora.Choice3, RecoveryTime: dora.Choice5, ChangeFailureRate: 7.5, ReworkRate: 5}},
		{dora.Low, dora.Answers{LeadTime: dora.Choice2, DeploymentFrequency: dora.Choice2, RecoveryTime: dora.Choice3, ChangeFailureRate: 53, ReworkRate: 20}},
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
			r := dora.Rate(dora.DORA2019, m.deploysPerYear, m.leadMedian, m.recoveryMedian, m.cfr)
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
