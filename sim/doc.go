// Package sim is deploysim's discrete-event simulation engine: an event
// calendar with a clock, random streams, a capacity-limited resource, bounds
// on a run and a replication runner. Statistics (intervals, tallies, the
// quantile sketch) live in package stats.
//
// It knows nothing of deployments. Its shape follows SimPy's core: an Engine
// holds a clock, an event calendar and an insertion counter, and one
// primitive, Step, pops the next event, advances the clock and runs the
// event's callback. Run and RunUntil are loops over Step. Everything else
// (Resource, Replicate) is built on top of the core, not inside it.
//
// # Time
//
// The clock is a float64 whose unit is chosen by the model. deploysim's
// delivery models use hours: 1.0 is one hour, 24.0 one day, and a year is
// 8,760.0 (365 days). The engine itself never assumes a unit.
//
// # Order of events
//
// Events fire in order of (time, priority, insertion sequence): earlier time
// first; at equal times, lower priority value first; at equal time and
// priority, the event scheduled first fires first. The order is therefore
// fully deterministic for a given sequence of Schedule calls.
//
// RunUntil(t) fires every event whose time is strictly less than t, then sets
// the clock to t. An event at exactly t is not fired; it stays in the
// calendar and fires on a later Run or Step. This matches SimPy's
// run(until=t).
//
// # Bounds: budgets and stopping
//
// A replication whose parameters make it explode (an incident that never
// closes, a release every microsecond) would otherwise run for hours or
// forever, and one that is long but legitimate must still end at once when
// the user presses Ctrl-C. Two bounds, both off by default, cover this:
//
//   - SetBudget(max) allows at most max events from New or Reset. The next
//     Step after the budget is spent fires nothing and halts the engine
//     with a *BudgetError (the budget and the simulated time).
//   - SetStop(stop) calls stop every StopInterval (4096) events and halts
//     the engine with ErrStopped when it returns true. ContextStop(ctx)
//     makes such a function from a context, without locks or allocation.
//
// Step compares the count of events fired with one precomputed checkpoint,
// so the bounds cost one comparison per event. A halted engine's Step
// returns false, as if the calendar were empty, so a model's loop over
// Step ends without change; Run and RunUntil return the reason, and Err
// keeps it until Reset. Bounds survive Reset.
//
// A model built on the engine therefore calls, once per replication,
//
//	eng.SetBudget(maxEvents)
//	eng.SetStop(sim.ContextStop(ctx))
//	if err := eng.RunUntil(end); err != nil { … }
//
// and returns the error through ReplicateErr, which reports the
// lowest-numbered failing replication, whatever the number of workers.
//
// # Allocation
//
// Event records are pooled and reused, and the calendar is a slice of small
// values (kept sorted while it holds a few dozen events, the size a
// delivery model keeps, and a hand-written 4-ary heap beyond), so
// scheduling allocates nothing in steady state. Callbacks take an int argument (ScheduleArg) so that a model
// can pass an index into its own arrays instead of allocating a closure per
// event.
//
// # Randomness and replications
//
// Stream derives a math/rand/v2 PCG generator from (seed, replication,
// stream id), so a replication's result never depends on which worker ran
// it. Replicate runs R replications over W workers and hands the results back
// in replication order, so output is bit-identical for any W.
//
// No goroutines run inside an Engine: one replication is one synchronous,
// single-threaded event loop. Parallelism lives only across replications.
package sim
