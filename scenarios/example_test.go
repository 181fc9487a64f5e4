package scenarios_test

import (
	"context"
	"fmt"

	"deploysim/scenarios"
)

func ExampleList() {
	for _, name := range scenarios.List() {
		fmt.Println(name)
	}
	// Output:
	// batch-size
	// canary-vs-big-bang
	// cd-business-case
	// dora-2019
	// epic-vs-continuous
	// knight-capital-2012
}

func ExampleLoad() {
	sc, err := scenarios.Load("knight-capital-2012")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sc.Title)
	for _, a := range sc.Arms {
		fmt.Printf("%s: %s\n", a.Name, a.Title)
	}
	e := sc.Experiment()
	fmt.Printf("%d replications of %g days, baseline %s\n", e.Replications, e.HorizonHours/24, e.Arms[e.Baseline].Name)
	// Output:
	// Knight Capital, 1 August 2012: one server missed, $460M in 45 minutes
	// as-it-was: Manual deployment to eight servers, no check, rollback that spreads the fault
	// automated-consistency-check: Scripted deployment and a version check across all servers
	// canary-kill-switch: Scripted deployment, version check, one-server canary and a kill switch
	// 1000 replications of 365 days, baseline as-it-was
}

func ExampleScenario_With() {
	sc, err := scenarios.Load("epic-vs-continuous")
	if err != nil {
		fmt.Println(err)
		return
	}
	monthly, err := sc.With("arms.quarterly-manual.release.every=4w", "replications=20")
	if err != nil {
		fmt.Println(err)
		return
	}
	a, _ := monthly.Arm("quarterly-manual")
	fmt.Println(a.Release.EveryHours, "hours,", monthly.Replications, "replications")

	_, err = sc.With("arms.quarterly-manual.release.every=30x", "arms.quartely-manual.release.every=30d")
	fmt.Println(err)
	// Output:
	// 672 hours, 20 replications
	// --set arms.quarterly-manual.release.every=30x: invalid duration "30x" (use e.g. 45m, 8h, 3d, 13w)
	// --set arms.quartely-manual.release.every=30d: no arm named "quartely-manual"; did you mean quarterly-manual? (arms: quarterly-manual, continuous-delivery, continuous-deployment)
}

func ExampleParse() {
	_, err := scenarios.Parse("epic.yaml", []byte(`
arms:
  - name: epic
    deploy:
      mode: manual
      step_error_prob: 1.5
  - name: cd
    extends: epic
    deploy:
      mode: automated
      step_eror_prob: 0.1
`))
	fmt.Println(err)
	// Output:
	// epic.yaml:6: arms[0].deploy.step_error_prob: must be in [0,1], got 1.5
	// epic.yaml:11: arms[1].deploy.step_eror_prob: unknown field; did you mean step_error_prob?
}

func ExampleParams() {
	sc, err := scenarios.Load("knight-capital-2012")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range scenarios.Params(&sc.Arms[0], sc.Currency) {
		switch p.Path {
		case "deploy.servers", "deploy.step_error_prob", "deploy.step_time", "money.loss_per_minute":
			fmt.Printf("%-24s %-20s %s\n", p.Path, p.Value, p.Unit)
		}
	}
	// Output:
	// deploy.servers           8                    whole number
	// deploy.step_error_prob   0.00025              probability
	// deploy.step_time         {mean: 30s, cv: 0.5} random duration
	// money.loss_per_minute    20000000             USD per minute
}

// A scenario runs as a models.Experiment.
func ExampleScenario_Experiment() {
	sc, err := scenarios.Load("dora-2019")
	if err != nil {
		fmt.Println(err)
		return
	}
	sc, _ = sc.With("replications=2")
	e := sc.Experiment()
	res, err := e.Run(context.Background(), 0, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, a := range e.Arms {
		fmt.Printf("%s: %d replications\n", a.Name, len(res.Outcomes[i]))
	}
	// Output:
	// elite: 2 replications
	// high: 2 replications
	// medium: 2 replications
	// low: 2 replications
}

func ExampleScenario_WithValues() {
	sc, err := scenarios.Load("epic-vs-continuous")
	if err != nil {
		fmt.Println(err)
		return
	}
	// Values in the model's units: hours for durations.
	monthly, err := sc.WithValues(map[string]float64{"arms.quarterly-manual.release.every": 4 * 168})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(monthly.Overrides)
	_, err = sc.WithValues(map[string]float64{"arms.quarterly-manual.deploy.servers": 2.5})
	fmt.Println(err)
	// Output:
	// [arms.quarterly-manual.release.every=4w]
	// arms.quarterly-manual.deploy.servers: must be a whole number, got 2.5
}

func ExampleRange() {
	sc, err := scenarios.Parse("what-if.yaml", []byte(`
arms:
  - name: manual
    deploy: {mode: manual, steps_per_server: 5}
uncertain:
  defaults.money.loss_per_minute: {low: 500, high: 5000}
  arms.manual.deploy.step_error_prob: {low: 0.1%, high: 2%}
  arms.manual.recovery.triage: {low: 30m, high: 4h}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range sc.Uncertain {
		fmt.Printf("line %d: %s in [%g, %g], %s\n", r.Line, r.Path, r.Low, r.High, r.Dist)
	}
	// Output:
	// line 6: defaults.money.loss_per_minute in [500, 5000], lognormal
	// line 7: arms.manual.deploy.step_error_prob in [0.001, 0.02], beta
	// line 8: arms.manual.recovery.triage in [0.5, 4], lognormal
}
