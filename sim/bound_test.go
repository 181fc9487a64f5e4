package sim_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"deploysim/sim"
)

// forever schedules an event that reschedules itself one time unit later:
// a model that never ends on its own.
func forever(e *sim.Engine) {
	var tick func()
	tick = func() { e.Schedule(1, tick) }
	e.Schedule(1, tick)
}

func TestBudget(t *testing.T) {
	e := sim.New()
	e.SetBudget(1000)
	forever(e)
	err := e.Run()
	var be *sim.BudgetError
	if !errors.As(err, &be) {
		t.Fatalf("Run: got error %v, want a *BudgetError", err)
	}
	if be.Budget != 1000 || be.Now != 1000 {
		t.Errorf("got %+v, want budget 1000 at time 1000 (one event per time unit)", *be)
	}
	if got := e.Fired(); got != 1000 {
		t.Errorf("fired %d events, want exactly the budget, 1000", got)
	}
	if e.Step() {
		t.Error("Step on a halted engine fired an event")
	}
	if e.Err() != err {
		t.Errorf("Err: got %v, want the error Run returned", e.Err())
	}
	// Reset clears the halt but keeps the budget.
	e.Reset()
	if e.Err() != nil {
		t.Errorf("after Reset: Err = %v, want nil", e.Err())
	}
	forever(e)
	if err := e.Run(); !errors.As(err, &be) || e.Fired() != 1000 {
		t.Errorf("after Reset: got %v after %d events, want the budget error after 1000", err, e.Fired())
	}
}

func TestBudgetExactlySpent(t *testing.T) {
	// A run that needs exactly its budget is not an error: the budget is
	// exceeded only by an event that would fire beyond it.
	e := sim.New()
	e.SetBudget(10)
	for i := range 10 {
		e.Schedule(float64(i), func() {})
	}
	if err := e.Run(); err != nil {
		t.Errorf("got %v, want nil for 10 events on a budget of 10", err)
	}
	e.Schedule(1, func() {})
	if err := e.Run(); err == nil {
		t.Error("the 11th event fired on a budget of 10")
	}
}

func TestBudgetRunUntil(t *testing.T) {
	e := sim.New()
	e.SetBudget(50)
	forever(e)
	err := e.RunUntil(1e6)
	if err == nil {
		t.Fatal("RunUntil: got nil, want the budget error")
	}
	if got := e.Now(); got != 50 {
		t.Errorf("clock at %g, want 50, the last event fired (not the horizon)", got)
	}
	// Without a budget, the same model runs to the horizon.
	e = sim.New()
	forever(e)
	if err := e.RunUntil(100.5); err != nil || e.Now() != 100.5 || e.Fired() != 100 {
		t.Errorf("no budget: got %v, clock %g, %d events; want nil, 100.5, 100", err, e.Now(), e.Fired())
	}
}

func TestStop(t *testing.T) {
	e := sim.New()
	var calls int
	e.SetStop(func() bool { calls++; return calls == 3 })
	forever(e)
	if err := e.Run(); !errors.Is(err, sim.ErrStopped) {
		t.Fatalf("got %v, want ErrStopped", err)
	}
	// Asked after every StopInterval events: it said stop on the third.
	if got, want := e.Fired(), uint64(3*sim.StopInterval); got != want {
		t.Errorf("fired %d events, want %d", got, want)
	}
	if calls != 3 {
		t.Errorf("stop called %d times, want 3", calls)
	}
}

func TestStopAndBudget(t *testing.T) {
	// Whichever bound comes first halts the engine.
	for _, tc := range []struct {
		budget uint64
		want   error
	}{
		{budget: 100, want: &sim.BudgetError{}},
		{budget: 10 * sim.StopInterval, want: sim.ErrStopped},
	} {
		e := sim.New()
		e.SetBudget(tc.budget)
		e.SetStop(func() bool { return true })
		forever(e)
		err := e.Run()
		var be *sim.BudgetError
		if _, wantBudget := tc.want.(*sim.BudgetError); wantBudget != errors.As(err, &be) || !wantBudget && !errors.Is(err, tc.want) {
			t.Errorf("budget %d: got %v, want %T", tc.budget, err, tc.want)
		}
	}
}

func TestContextStop(t *testing.T) {
	if sim.ContextStop(context.Background()) != nil {
		t.Error("a context that cannot be cancelled: got a stop function, want nil (nothing to check)")
	}
	ctx, cancel := context.WithCancel(context.Background())
	stop := sim.ContextStop(ctx)
	if stop() {
		t.Error("stop before cancel: got true")
	}
	cancel()
	if !stop() {
		t.Error("stop after cancel: got false")
	}
}

func TestBoundsAllocateNothing(t *testing.T) {
	e := sim.New()
	e.SetBudget(1 << 40)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.SetStop(sim.ContextStop(ctx))
	tick := func(int) {}
	var h func(int)
	h = func(i int) { e.ScheduleArg(1, h, i); tick(i) }
	e.ScheduleArg(1, h, 0)
	for range 10 * sim.StopInterval { // grow the pools
		e.Step()
	}
	if got := testing.AllocsPerRun(10, func() {
		for range 2 * sim.StopInterval {
			e.Step()
		}
	}); got != 0 {
		t.Errorf("got %v allocations per %d events, want 0", got, 2*sim.StopInterval)
	}
}

// TestReplicateStopsMidReplication is the runner's promise to a user who
// presses Ctrl-C: replications that would never end on their own stop
// within 200 ms of the cancel, because their engines watch ctx.
func TestReplicateStopsMidReplication(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var running atomic.Int64
	var cancelled atomic.Int64 // UnixNano of the cancel
	go func() {
		for running.Load() < 2 { // both workers inside an endless replication
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
		cancelled.Store(time.Now().UnixNano())
		cancel()
	}()
	_, err := sim.ReplicateErr(ctx, sim.Options{Replications: 4, Workers: 2}, func(rep int) (uint64, error) {
		e := sim.New()
		e.SetStop(sim.ContextStop(ctx))
		forever(e)
		running.Add(1)
		err := e.Run()
		return e.Fired(), err
	})
	after := time.Since(time.Unix(0, cancelled.Load()))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got error %v, want context.Canceled", err)
	}
	if after > 200*time.Millisecond {
		t.Errorf("returned %v after the cancel, want within 200ms", after)
	}
}

func TestReplicateErrLowestFailure(t *testing.T) {
	// Replications 5 and 17 fail; whatever the number of workers, the
	// error is replication 5's, and every replication before it ran.
	for _, workers := range []int{1, 2, 7} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			var ran [40]atomic.Bool
			res, err := sim.ReplicateErr(context.Background(), sim.Options{Replications: 40, Workers: workers}, func(rep int) (int, error) {
				ran[rep].Store(true)
				if rep == 5 || rep == 17 {
					return 0, fmt.Errorf("failed %d", rep)
				}
				return rep + 1, nil
			})
			if err == nil || err.Error() != "replication 5: failed 5" {
				t.Errorf("got error %v, want replication 5: failed 5", err)
			}
			for i := range 5 {
				if !ran[i].Load() || res[i] != i+1 {
					t.Errorf("replication %d: ran %v, result %d; want it run with result %d", i, ran[i].Load(), res[i], i+1)
				}
			}
			if workers == 1 {
				for i := 6; i < 40; i++ {
					if ran[i].Load() {
						t.Errorf("one worker: replication %d started after 5 failed", i)
					}
				}
			}
		})
	}
}

func TestReplicateErrBudget(t *testing.T) {
	// The budget error keeps its type through the runner, so that a
	// caller can tell an exploding model from other failures.
	_, err := sim.ReplicateErr(context.Background(), sim.Options{Replications: 3, Workers: 2}, func(rep int) (int, error) {
		e := sim.New()
		e.SetBudget(100)
		forever(e)
		return 0, e.Run()
	})
	var be *sim.BudgetError
	if !errors.As(err, &be) || be.Budget != 100 {
		t.Errorf("got %v, want a *BudgetError of 100 events", err)
	}
}
