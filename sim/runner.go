package sim

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Options configure Replicate.
type Options struct {
	// Replications is how many independent replications to run (R ≥ 1).
	Replications int
	// Workers is how many goroutines run replications at once; zero means
	// runtime.GOMAXPROCS(0). The results never depend on it.
	Workers int
	// Progress, if not nil, is called after each replication finishes with
	// the number done so far and the total. It is called from the goroutine
	// that called Replicate, one call at a time.
	Progress func(done, total int)
}

// Replicate runs model(rep) for rep = 0 … R−1 over several workers and
// returns the results in replication order, so the output is identical for
// any number of workers as long as model derives all its randomness from
// rep (see Stream). Each replication must be independent of the others.
//
// If ctx is cancelled, Replicate stops handing out replications, waits for
// the ones under way to finish and returns ctx's error with the results it
// has (unfinished entries are zero values). A replication under way ends
// promptly only if its model watches ctx: give its Engine
// SetStop(ContextStop(ctx)), and it halts within StopInterval events. It
// panics if R < 1, and if model panics it re-panics with the same value on
// the caller's goroutine once the other workers have stopped.
func Replicate[T any](ctx context.Context, opt Options, model func(rep int) T) ([]T, error) {
	return ReplicateErr(ctx, opt, func(rep int) (T, error) { return model(rep), nil })
}

// ReplicateErr is Replicate for a model that can fail, such as one whose
// engine exhausted its event budget. After a replication fails, no later
// replication starts, but every earlier one runs to its end, so the error
// returned is always that of the lowest-numbered failing replication:
// the same for any number of workers. The error is wrapped with the
// replication's number; ctx's error, if ctx was cancelled first, wins.
func ReplicateErr[T any](ctx context.Context, opt Options, model func(rep int) (T, error)) ([]T, error) {
	n := opt.Replications
	if n < 1 {
		panic("sim: Replicate needs at least one replication")
	}
	w := opt.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	w = min(w, n)
	results := make([]T, n)
	errs := make([]error, n)
	var next atomic.Int64
	// limit is one past the last replication that may start: lowered to
	// a failing replication's index. Replications are handed out in
	// order, so every one below it has already started and will finish.
	var limit atomic.Int64
	limit.Store(int64(n))
	done := make(chan struct{}, w)
	var wg sync.WaitGroup
	// A panic in a model would otherwise kill the process from a worker
	// goroutine, out of the caller's reach: keep the first one, stop
	// handing out work, and raise it again on the caller's goroutine.
	var panicOnce sync.Once
	var panicked any
	var stop atomic.Bool
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					panicOnce.Do(func() { panicked = p })
					stop.Store(true)
				}
			}()
			for ctx.Err() == nil && !stop.Load() {
				i := int(next.Add(1) - 1)
				if int64(i) >= limit.Load() {
					return
				}
				results[i], errs[i] = model(i)
				if errs[i] != nil {
					for {
						l := limit.Load()
						if int64(i) >= l || limit.CompareAndSwap(l, int64(i)) {
							break
						}
					}
				}
				done <- struct{}{}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	finished := 0
	for range done {
		finished++
		if opt.Progress != nil {
			opt.Progress(finished, n)
		}
	}
	if panicked != nil {
		panic(panicked)
	}
	first := slices.IndexFunc(errs, func(err error) bool { return err != nil })
	// A cancelled run reports the cancellation, also when the models it
	// stopped returned ErrStopped.
	if err := ctx.Err(); err != nil && (finished < n || first >= 0) {
		return results, err
	}
	if first >= 0 {
		return results, fmt.Errorf("replication %d: %w", first, errs[first])
	}
	return results, nil
}
