package whatif_test

import (
	"context"
	"fmt"

	"deploysim/metrics"
	"deploysim/models"
	"deploysim/scenarios"
	"deploysim/whatif"
)

// A sweep of a release train's interval. The measure is any function of
// one replication's outcome; package metrics holds the table of the
// built-in ones (metrics.Lookup).
func ExampleSweep() {
	sc, err := scenarios.Parse("trains.yaml", []byte(`
replications: 5
horizon: 12w
arms:
  - name: train
    release: {policy: scheduled, every: 2w, freeze: 0}
    freezes: []
  - name: cd
    release: {policy: per-change}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	ax, err := whatif.ParseAxis(sc, "arms.train.release.every=1d..4w", 4, whatif.Auto)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("values:", ax.Labels, "log-spaced:", ax.Log)
	releases := metrics.Metric{Key: "planned_releases", Label: "Planned releases", HigherIsBetter: true,
		Value: func(o *models.Outcome, _ float64) float64 { return float64(o.PlannedReleases) }}
	res, err := whatif.Sweep(context.Background(), sc, []whatif.Axis{ax}, whatif.Options{Metric: releases})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.Arms {
		if !c.Varies {
			fmt.Printf("%s: not changed by the sweep, simulated once\n", c.Name)
			continue
		}
		fmt.Printf("%s: most releases at %s\n", c.Name, c.Points[c.Best].Labels[0])
	}
	// Output:
	// values: [1d 3d 9d 4w] log-spaced: true
	// train: most releases at 1d
	// cd: not changed by the sweep, simulated once
}
