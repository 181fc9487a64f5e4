package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// StopInterval is how many events an Engine fires between two calls of its
// stop function (see SetStop). At the tens of millions of events a second
// the engine fires, 4096 events take well under a millisecond, so a
// cancelled run ends promptly; and one function call per 4096 events costs
// nothing measurable.
const StopInterval = 4096

// ErrStopped is the error of an engine halted by its stop function.
var ErrStopped = errors.New("sim: stopped")

// BudgetError is the error of an engine halted because its next event
// would have exceeded its event budget (see SetBudget). A model wraps it
// with the parameters that made the run explode.
type BudgetError struct {
	// Budget is the number of events the engine was allowed and fired.
	Budget uint64
	// Now is the simulated time when it halted, in the model's unit.
	Now float64
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("sim: event budget of %d events exhausted at simulated time %g", e.Budget, e.Now)
}

// SetBudget limits the engine to max events in total, counted like Fired
// from New or the last Reset: once max events have fired, the next Step
// does not fire the next pending event but halts the engine with a
// *BudgetError. Zero means no limit, the default. A budget bounds the work
// of a run whose parameters would otherwise make it run for hours or
// forever (an incident that never closes, a release every microsecond).
// The budget survives Reset.
func (e *Engine) SetBudget(max uint64) {
	e.budget = max
	e.rearm()
}

// SetStop makes the engine call stop every StopInterval events and halt
// with ErrStopped when it returns true: a long replication can then be
// interrupted in the middle. stop runs on the engine's goroutine and must
// be cheap and safe to call concurrently with whatever makes it return
// true (see ContextStop). Nil, the default, means never stop. The stop
// function survives Reset.
func (e *Engine) SetStop(stop func() bool) {
	e.stop = stop
	e.rearm()
}

// Err returns why the engine halted: a *BudgetError, ErrStopped, or nil if
// it has not halted. Reset clears it.
func (e *Engine) Err() error { return e.halt }

// ContextStop returns a stop function for SetStop that reports whether
// ctx is done. It does not allocate or lock.
func ContextStop(ctx context.Context) func() bool {
	done := ctx.Done()
	if done == nil { // a context that can never be cancelled
		return nil
	}
	return func() bool {
		select {
		case <-done:
			return true
		default:
			return false
		}
	}
}

// check is called by Step when fired reaches checkAt. It halts the engine
// and returns false if the budget is spent or stop says so; otherwise it
// sets the next checkpoint and returns true.
func (e *Engine) check() bool {
	switch {
	case e.halt != nil:
		return false
	case e.budget > 0 && e.fired >= e.budget:
		e.halt = &BudgetError{Budget: e.budget, Now: e.now}
	case e.stop != nil && e.stop():
		e.halt = ErrStopped
	default:
		e.rearm()
		return true
	}
	e.checkAt = 0 // every later Step comes back here and returns false
	return false
}

// rearm sets checkAt to the next event count at which Step must look at
// the budget or the stop function.
func (e *Engine) rearm() {
	if e.halt != nil {
		e.checkAt = 0
		return
	}
	next := uint64(math.MaxUint64)
	if e.stop != nil {
		next = e.fired + StopInterval
	}
	if e.budget > 0 {
		next = min(next, e.budget)
	}
	e.checkAt = next
}
