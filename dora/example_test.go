package dora_test

import (
	"fmt"

	"deploysim/dora"
)

func ExampleClassify() {
	// A team deploying monthly with a twelve-hour lead time: the editions
	// disagree; 2025 has no clusters and rates nothing.
	for _, e := range dora.Editions() {
		fmt.Println(e,
			dora.Classify(e, dora.DeploymentFrequency, 12),
			dora.Classify(e, dora.LeadTime, 12))
	}
	// Output:
	// 2019 medium elite
	// 2021 high high
	// 2022 medium high
	// 2023 medium elite
	// 2024 medium elite
	// 2025 n/a n/a
}

func ExampleRate_byProfile() {
	// Elite speed with a 20% change failure rate. In 2023 (bands) the
	// weakest metric decides: low. In 2024, whose high cluster fails more
	// often (20%) than its medium one (10%), the nearest cluster profile
	// over the four keys decides: elite.
	for _, e := range []dora.Edition{dora.DORA2023, dora.DORA2024} {
		r := dora.Rate(e, 1460, 4, 0.5, 0.20)
		fmt.Println(e, r.ChangeFailureRate, r.Overall)
	}
	// Output:
	// 2023 low low
	// 2024 high elite
}

func ExampleRate() {
	// Quarterly releases, a two-month median lead time, four-day median
	// recovery and a 40% change failure rate, against DORA 2019.
	r := dora.Rate(dora.DORA2019, 4, 1460, 96, 0.40)
	fmt.Println(r.DeploymentFrequency, r.LeadTime, r.RecoveryTime, r.ChangeFailureRate, "→", r.Overall)
	// Output:
	// low low low low → low
}
