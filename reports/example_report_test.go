package reports_test

import (
	"fmt"
	"strings"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/reports"
)

// ExampleFigures lists what each figure of the example shows: its panels'
// titles, their axes and the arms in its key. The numbers in the titles
// can be checked against the example's data: quarterly loses $2.25M,
// $2.5M and $2.75M in its three years (mean $2.5M, p95 $2.8M) and cd
// $360k, $400k and $440k; quarterly's recoveries take 27, 30 and 33 hours (median
// 1.2 d), its changes 1,200 hours (50 d) ± 10%.
func ExampleFigures() {
	r := reports.NewReport(example(), metrics.Meta{Scenario: "example", Currency: "USD"}, dora.DORA2019)
	figs, err := reports.Figures(r)
	if err != nil {
		panic(err)
	}
	for _, f := range figs {
		var key []string
		for _, k := range f.Key {
			key = append(key, k.Label)
		}
		fmt.Printf("%s: %s\n", f.Name, f.Heading)
		if len(key) > 0 {
			fmt.Printf("  key: %s\n", strings.Join(key, ", "))
		}
		for _, row := range f.Panels {
			for _, p := range row {
				oneLine := strings.NewReplacer("\n", " / ").Replace
				fmt.Printf("  %s\n    x: %s\n", oneLine(p.Title.Text), oneLine(p.X.Label.Text))
				if p.Y.Label.Text != "" {
					fmt.Printf("    y: %s\n", p.Y.Label.Text)
				}
			}
		}
	}
	// Output:
	// loss: Loss per year
	//   In a bad year (p95) quarterly loses $2.8M, cd $440k
	//     x: loss per year, USD (log scale)
	// dora: The four DORA keys
	//   Deployment frequency (mean)
	//     x: deploys per year (log scale) / whiskers: p5–p95 of simulated years
	//   Lead time for changes (median)
	//     x: per change (log scale) / whiskers: p5–p95 of every change
	//   Time to restore service (median)
	//     x: per failed deployment (log scale) / whiskers: p5–p95 of every failure
	//   Change failure rate (mean)
	//     x: share of deployments that fail / whiskers: p5–p95 of simulated years
	// recovery: Time to restore
	//   key: quarterly, cd
	//   Time to restore: half within 1.2 d for quarterly, 2.0 h for cd
	//     x: time from a failed deployment to service restored (log scale)
	//     y: share of failed deployments restored
	// lead-time: Lead time for changes
	//   key: quarterly, cd
	//   Lead time for changes: half within 50 d for quarterly, 20 h for cd
	//     x: time from commit to running in production (log scale)
	//     y: share of changes delivered
	// year: Loss over the year
	//   quarterly / $2.5M on average
	//     x: days
	//     y: loss so far, USD (log)
	//   cd / $400k on average
	//     x: days
}
