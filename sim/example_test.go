package sim_test

import (
	"context"
	"errors"
	"fmt"

	"deploysim/sim"
	"deploysim/stats"
)

// A tiny model: a deploy every 8 hours, each followed by a 1-hour check,
// simulated for one day.
func Example() {
	e := sim.New()
	var deploy func()
	deploy = func() {
		fmt.Printf("%4.1f h: deploy\n", e.Now())
		e.Schedule(1, func() { fmt.Printf("%4.1f h: check done\n", e.Now()) })
		e.Schedule(8, deploy)
	}
	e.Schedule(0, deploy)
	e.RunUntil(24) // the deploy due at exactly 24 h is left for later
	fmt.Printf("clock %.1f h, %d event pending\n", e.Now(), e.Pending())
	// Output:
	//  0.0 h: deploy
	//  1.0 h: check done
	//  8.0 h: deploy
	//  9.0 h: check done
	// 16.0 h: deploy
	// 17.0 h: check done
	// clock 24.0 h, 1 event pending
}

func ExampleEngine_Schedule() {
	e := sim.New()
	e.Schedule(2, func() { fmt.Println("second, at", e.Now()) })
	e.Schedule(1, func() { fmt.Println("first, at", e.Now()) })
	e.Schedule(2, func() { fmt.Println("third: same time, scheduled later") })
	e.Run()
	// Output:
	// first, at 1
	// second, at 2
	// third: same time, scheduled later
}

// fleet restarts servers; restart is bound once as a method value, so
// scheduling allocates no closure per event.
type fleet struct {
	eng       *sim.Engine
	restarts  []int
	restartFn func(int)
}

func (f *fleet) restart(server int) {
	f.restarts[server]++
	if f.restarts[server] < 3 {
		f.eng.ScheduleArg(float64(server+1), f.restartFn, server)
	}
}

func ExampleEngine_ScheduleArg() {
	f := &fleet{eng: sim.New(), restarts: make([]int, 3)}
	f.restartFn = f.restart
	for s := range f.restarts {
		f.eng.ScheduleArg(0, f.restartFn, s)
	}
	f.eng.Run()
	fmt.Println("restarts:", f.restarts, "last at", f.eng.Now())
	// Output:
	// restarts: [3 3 3] last at 6
}

func ExampleEngine_SchedulePriority() {
	e := sim.New()
	say := func(msg string) func(int) { return func(int) { fmt.Println(msg) } }
	e.SchedulePriority(1, sim.PriorityLate, say("late: record the hour's totals"), 0)
	e.SchedulePriority(1, sim.PriorityNormal, say("normal: a deploy finishes"), 0)
	e.SchedulePriority(1, sim.PriorityUrgent, say("urgent: an outage starts"), 0)
	e.Run()
	// Output:
	// urgent: an outage starts
	// normal: a deploy finishes
	// late: record the hour's totals
}

func ExampleEngine_RunUntil() {
	e := sim.New()
	e.Schedule(5, func() { fmt.Println("fired at", e.Now()) })
	e.RunUntil(5) // stops before an event at exactly 5
	fmt.Println("clock", e.Now(), "pending", e.Pending())
	e.Run()
	// Output:
	// clock 5 pending 1
	// fired at 5
}

func ExampleEngine_Cancel() {
	e := sim.New()
	timeout := e.Schedule(10, func() { fmt.Println("timed out") })
	e.Schedule(3, func() {
		fmt.Println("reply at", e.Now(), "- cancel the timeout:", e.Cancel(timeout))
	})
	e.Run()
	fmt.Println("cancel again:", e.Cancel(timeout))
	// Output:
	// reply at 3 - cancel the timeout: true
	// cancel again: false
}

func ExampleResource() {
	e := sim.New()
	oncall := sim.NewResource(e, 2) // two engineers on call
	for incident := range 3 {
		oncall.Request(func(i int) {
			fmt.Printf("t=%g: incident %d picked up\n", e.Now(), i)
			e.Schedule(4, oncall.Release) // 4 hours to resolve
		}, incident)
	}
	e.Run()
	fmt.Printf("mean wait %.2f h, utilisation %.2f\n", oncall.Waits().Mean(), oncall.Utilization())
	// Output:
	// t=0: incident 0 picked up
	// t=0: incident 1 picked up
	// t=4: incident 2 picked up
	// mean wait 1.33 h, utilisation 0.75
}

func ExampleReplicate() {
	// Mean of 1,000 Exp(1) draws in each of 8 replications. Every
	// replication draws from its own stream, so the results are the same
	// for any number of workers.
	const seed = 1
	model := func(rep int) float64 {
		rng := sim.Stream(seed, rep, 0)
		var t stats.Tally
		for range 1000 {
			t.Add(rng.ExpFloat64())
		}
		return t.Mean()
	}
	one, _ := sim.Replicate(context.Background(), sim.Options{Replications: 8, Workers: 1}, model)
	many, _ := sim.Replicate(context.Background(), sim.Options{Replications: 8, Workers: 4}, model)
	fmt.Println("same for 1 and 4 workers:", fmt.Sprint(one) == fmt.Sprint(many))
	mean, lo, hi := stats.MeanCI(one, 0.95)
	fmt.Printf("mean %.2f, 95%% CI [%.2f, %.2f]\n", mean, lo, hi)
	// Output:
	// same for 1 and 4 workers: true
	// mean 0.98, 95% CI [0.96, 1.01]
}

func ExampleStream() {
	a := sim.Stream(42, 7, 0) // seed 42, replication 7, stream 0
	b := sim.Stream(42, 7, 0)
	c := sim.Stream(42, 7, 1) // another source of randomness
	x, y, z := a.Uint64(), b.Uint64(), c.Uint64()
	fmt.Println("same triple, same draws:", x == y)
	fmt.Println("other stream, other draws:", x != z)
	// Output:
	// same triple, same draws: true
	// other stream, other draws: true
}

func ExampleEngine_SetBudget() {
	// A model that would run forever: every event schedules the next.
	e := sim.New()
	var tick func()
	tick = func() { e.Schedule(0.5, tick) }
	e.Schedule(0.5, tick)

	e.SetBudget(1_000)
	err := e.RunUntil(1e9)
	var budget *sim.BudgetError
	fmt.Println(errors.As(err, &budget), e.Fired(), e.Now())
	fmt.Println(err)
	// Output:
	// true 1000 500
	// sim: event budget of 1000 events exhausted at simulated time 500
}
