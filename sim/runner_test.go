package sim_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"deploysim/sim"
)

func TestReplicateWorkersBitIdentical(t *testing.T) {
	// 23 replications, a prime, so that no worker count divides the work
	// evenly; each is a short M/M/1 run (λ = 0.8, μ = 1, 2,000 customers
	// after 100 warm-up) whose result depends on every random draw.
	const reps = 23
	model := func(rep int) mmcResult { return runMMC(queueSeed, rep, 1, 0.8, 1, 100, 2000) }
	bits := func(r mmcResult) [3]uint64 {
		return [3]uint64{math.Float64bits(r.W), math.Float64bits(r.Wq), math.Float64bits(r.L)}
	}
	// Each replication alone, with no runner at all, is the reference.
	want := make([][3]uint64, reps)
	for rep := range reps {
		want[rep] = bits(model(rep))
	}
	if want[0] == want[1] {
		t.Fatal("replications 0 and 1 gave identical results: streams are not per replication")
	}
	// 0 means GOMAXPROCS; 50 is more workers than replications.
	for _, workers := range []int{1, 2, 7, 0, 50} {
		t.Run(fmt.Sprint("workers=", workers), func(t *testing.T) {
			res, err := sim.Replicate(context.Background(), sim.Options{Replications: reps, Workers: workers}, model)
			if err != nil {
				t.Fatalf("got error %v, want nil", err)
			}
			if got := len(res); got != reps {
				t.Fatalf("got %d results, want %d", got, reps)
			}
			for rep, r := range res {
				if got := bits(r); got != want[rep] {
					t.Errorf("replication %d: got %+v, want %+v bit for bit", rep, r, model(rep))
				}
			}
		})
	}
}

func TestReplicateProgress(t *testing.T) {
	const reps = 10
	var calls []int
	_, err := sim.Replicate(context.Background(), sim.Options{
		Replications: reps,
		Workers:      3,
		// Progress runs on the caller's goroutine one call at a time,
		// so appending without a lock is safe; -race checks that.
		Progress: func(done, total int) {
			if total != reps {
				t.Errorf("Progress total: got %d, want %d", total, reps)
			}
			calls = append(calls, done)
		},
	}, func(rep int) int { return rep })
	if err != nil {
		t.Fatalf("got error %v, want nil", err)
	}
	if len(calls) != reps {
		t.Fatalf("got %d Progress calls, want %d", len(calls), reps)
	}
	for i, done := range calls {
		if done != i+1 {
			t.Errorf("Progress call %d: got done = %d, want %d", i, done, i+1)
		}
	}
}

func TestReplicateCancelled(t *testing.T) {
	t.Run("before the start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var calls atomic.Int64
		res, err := sim.Replicate(ctx, sim.Options{Replications: 1000, Workers: 2},
			func(rep int) int { calls.Add(1); return rep + 1 })
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got error %v, want %v", err, context.Canceled)
		}
		if got := calls.Load(); got != 0 {
			t.Errorf("got %d replications run, want 0", got)
		}
		if got := len(res); got != 1000 {
			t.Errorf("got %d results, want 1000 (zero values)", got)
		}
	})

	t.Run("by a replication", func(t *testing.T) {
		// One worker, and replication 3 cancels: replications 0-3
		// finish, and no later one starts.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		res, err := sim.Replicate(ctx, sim.Options{Replications: 10, Workers: 1}, func(rep int) int {
			if rep == 3 {
				cancel()
			}
			return rep + 1
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got error %v, want %v", err, context.Canceled)
		}
		want := []int{1, 2, 3, 4, 0, 0, 0, 0, 0, 0}
		if fmt.Sprint(res) != fmt.Sprint(want) {
			t.Errorf("got results %v, want %v", res, want)
		}
	})

	t.Run("promptly while running", func(t *testing.T) {
		// 100,000 replications of 1 ms each would take 50 s on two
		// workers; a cancel after 20 ms must end Replicate within a
		// few replications' time. 5 s is a generous bound for a loaded
		// CI machine under -race.
		ctx, cancel := context.WithCancel(context.Background())
		var started atomic.Int64
		go func() {
			time.Sleep(20 * time.Millisecond)
			cancel()
		}()
		begin := time.Now()
		_, err := sim.Replicate(ctx, sim.Options{Replications: 100_000, Workers: 2}, func(rep int) int {
			started.Add(1)
			time.Sleep(time.Millisecond)
			return rep
		})
		elapsed := time.Since(begin)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got error %v, want %v", err, context.Canceled)
		}
		if elapsed > 5*time.Second {
			t.Errorf("returned after %v, want within 5s of a 20ms cancel", elapsed)
		}
		if n := started.Load(); n == 100_000 {
			t.Errorf("all %d replications ran, want the cancel to stop them", n)
		}
	})

	t.Run("deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		_, err := sim.Replicate(ctx, sim.Options{Replications: 100_000, Workers: 2}, func(rep int) int {
			time.Sleep(time.Millisecond)
			return rep
		})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("got error %v, want %v", err, context.DeadlineExceeded)
		}
	})
}

func TestReplicatePanics(t *testing.T) {
	defer func() {
		if got, want := recover(), "sim: Replicate needs at least one replication"; got != want {
			t.Errorf("got panic %v, want %q", got, want)
		}
	}()
	sim.Replicate(context.Background(), sim.Options{}, func(int) int { return 0 })
}

func TestReplicateModelPanicReachesCaller(t *testing.T) {
	defer func() {
		if got := recover(); got != "model failed at 13" {
			t.Errorf("recovered %v, want the model's panic value", got)
		}
	}()
	sim.Replicate(context.Background(), sim.Options{Replications: 50, Workers: 3}, func(rep int) int {
		if rep == 13 {
			panic("model failed at 13")
		}
		return rep
	})
	t.Error("Replicate returned normally; want it to re-panic")
}
