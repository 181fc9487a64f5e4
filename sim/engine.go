package sim

import (
	"math"
)

// Priority orders events that fall at the same time: lower values fire
// first. Most events use PriorityNormal.
type Priority int8

// Common priorities.
const (
	PriorityUrgent Priority = -64
	PriorityNormal Priority = 0
	PriorityLate   Priority = 64
)

// Handle identifies a scheduled event so that it can be cancelled. The zero
// Handle refers to no event; cancelling it does nothing.
type Handle struct {
	rec int32  // index into Engine.recs, plus one (so zero means none)
	gen uint32 // the record's generation when the event was scheduled
}

// record is the pooled payload of one scheduled event.
type record struct {
	fn        func()
	fnArg     func(int)
	arg       int
	gen       uint32
	cancelled bool
}

// entry is what the calendar orders: kept small (24 bytes) so that moving one
// moves little memory. key packs priority (high byte) and insertion sequence.
type entry struct {
	t   float64
	key uint64
	rec int32
}

func (a entry) less(b entry) bool {
	return a.t < b.t || (a.t == b.t && a.key < b.key)
}

// seqBits is how many low bits of entry.key hold the insertion sequence; the
// priority sits above them. 2^56 events is far beyond any run.
const seqBits = 56

// Engine is a discrete-event simulator: a clock and an event calendar. The
// zero value is not usable; call New.
//
// An Engine is not safe for concurrent use: one replication, one goroutine.
type Engine struct {
	now   float64
	seq   uint64
	cal   calendar
	recs  []record
	free  []int32
	fired uint64
	live  int // scheduled and not yet fired or cancelled
	dead  int // cancelled but still in the calendar

	// Bounds (see SetBudget and SetStop). Step compares fired with checkAt,
	// one comparison per event, and only when they meet does it look at
	// the budget and call stop; checkAt is MaxUint64 when neither is set.
	budget  uint64      // most events a run may fire; 0 means no limit
	stop    func() bool // asked every StopInterval events; nil means never
	checkAt uint64
	halt    error // why the engine halted, or nil
}

// New returns an engine with its clock at zero and an empty calendar.
func New() *Engine {
	return &Engine{checkAt: math.MaxUint64}
}

// Now returns the current simulated time.
func (e *Engine) Now() float64 { return e.now }

// Fired returns how many events have fired since the engine was created or
// last Reset.
func (e *Engine) Fired() uint64 { return e.fired }

// Pending returns how many events are scheduled and not cancelled.
func (e *Engine) Pending() int { return e.live }

// Reset empties the calendar and sets the clock back to zero, keeping the
// allocated storage so that a worker can run many replications on one
// Engine without allocating. Handles issued before Reset become stale.
func (e *Engine) Reset() {
	for _, en := range e.cal.ents {
		e.release(en.rec)
	}
	e.cal.reset()
	e.now, e.seq, e.fired, e.live, e.dead = 0, 0, 0, 0, 0
	e.halt = nil
	e.rearm()
}

// Schedule arranges for fn to run after delay time units and returns a
// handle that can cancel it. It panics if delay is negative or NaN, or fn is
// nil.
func (e *Engine) Schedule(delay float64, fn func()) Handle {
	if fn == nil {
		panic("sim: nil event function")
	}
	return e.push(e.now+checkDelay(delay), PriorityNormal, fn, nil, 0)
}

// ScheduleArg arranges for fn(arg) to run after delay time units. Passing a
// method value created once and an index as arg lets a model schedule events
// without allocating a closure for each. It panics like Schedule.
func (e *Engine) ScheduleArg(delay float64, fn func(int), arg int) Handle {
	if fn == nil {
		panic("sim: nil event function")
	}
	return e.push(e.now+checkDelay(delay), PriorityNormal, nil, fn, arg)
}

// SchedulePriority is ScheduleArg with an explicit priority for ordering
// events at equal times.
func (e *Engine) SchedulePriority(delay float64, p Priority, fn func(int), arg int) Handle {
	if fn == nil {
		panic("sim: nil event function")
	}
	return e.push(e.now+checkDelay(delay), p, nil, fn, arg)
}

// ScheduleAt arranges for fn(arg) to run at absolute time t. It panics if t
// is before Now or NaN.
func (e *Engine) ScheduleAt(t float64, fn func(int), arg int) Handle {
	if fn == nil {
		panic("sim: nil event function")
	}
	if !(t >= e.now) {
		panic("sim: event scheduled in the past")
	}
	return e.push(t, PriorityNormal, nil, fn, arg)
}

func checkDelay(d float64) float64 {
	if !(d >= 0) { // also catches NaN
		panic("sim: negative or NaN delay")
	}
	return d
}

func (e *Engine) push(t float64, p Priority, fn func(), fnArg func(int), arg int) Handle {
	var ri int32
	if n := len(e.free); n > 0 {
		ri = e.free[n-1]
		e.free = e.free[:n-1]
	} else {
		e.recs = append(e.recs, record{})
		ri = int32(len(e.recs) - 1)
	}
	r := &e.recs[ri]
	r.fn, r.fnArg, r.arg, r.cancelled = fn, fnArg, arg, false
	key := uint64(uint8(int16(p)+128))<<seqBits | e.seq
	e.seq++
	e.live++
	if en := (entry{t: t, key: key, rec: ri}); e.cal.heap {
		// calendar.push, with the heap's sift inlined: a call less an
		// event for the large calendars of the hold benchmark.
		e.cal.ents = append(e.cal.ents, en)
		e.cal.up(len(e.cal.ents) - 1)
	} else {
		e.cal.insert(en)
	}
	return Handle{rec: ri + 1, gen: r.gen}
}

// Cancel removes a scheduled event so that it never fires. It reports
// whether the event was pending; cancelling an event that already fired or
// was already cancelled does nothing and returns false.
//
// A cancelled event's storage is reclaimed when its time comes or, sooner,
// once cancelled events outnumber pending ones, so a model that keeps
// arming and cancelling far-off timeouts runs in bounded memory.
func (e *Engine) Cancel(h Handle) bool {
	if h.rec <= 0 || int(h.rec) > len(e.recs) {
		return false
	}
	r := &e.recs[h.rec-1]
	if r.gen != h.gen || r.cancelled {
		return false
	}
	// Lazy deletion: the calendar's entry stays and is dropped when it
	// comes next. Releasing the callbacks now lets them be collected early.
	r.cancelled = true
	r.fn, r.fnArg = nil, nil
	e.live--
	e.dead++
	// An event cancelled long before its time (a timeout far in the
	// future) would otherwise hold its heap slot and record until then, so
	// a model that keeps arming and cancelling timeouts would grow the
	// calendar without bound. Once cancelled entries are the majority,
	// sweep them out; each sweep removes at least half the calendar, so
	// the cost per Cancel stays constant on average.
	if e.dead > minSweep && 2*e.dead > e.cal.len() {
		e.sweep()
	}
	return true
}

// minSweep is the number of cancelled entries below which the calendar is
// never swept: small calendars are cheaper left to lazy deletion.
const minSweep = 64

// sweep removes every cancelled entry from the calendar. The order in
// which events fire is unchanged: it depends only on the (time, key) of
// each entry, never on where the entry sits.
func (e *Engine) sweep() {
	e.cal.keep(func(en entry) bool {
		if e.recs[en.rec].cancelled {
			e.release(en.rec)
			return false
		}
		return true
	})
	e.dead = 0
}

// Peek returns the time of the next event, or +Inf if none is pending.
func (e *Engine) Peek() float64 {
	e.dropCancelled()
	if e.cal.len() == 0 {
		return math.Inf(1)
	}
	return e.cal.top().t
}

// dropCancelled removes cancelled events from the front of the calendar,
// so that the next one is live. It is small enough to be inlined: most
// events find nothing cancelled waiting and cost one comparison here.
func (e *Engine) dropCancelled() {
	if e.dead > 0 {
		e.dropCancelledSlow()
	}
}

func (e *Engine) dropCancelledSlow() {
	for e.cal.len() > 0 && e.recs[e.cal.top().rec].cancelled {
		e.release(e.cal.pop().rec)
		e.dead--
	}
}

func (e *Engine) release(ri int32) {
	r := &e.recs[ri]
	r.fn, r.fnArg = nil, nil
	r.gen++
	e.free = append(e.free, ri)
}

// Step fires the next event, advancing the clock to its time. It reports
// false if no event was pending, or if the engine has halted because the
// next event would exceed its budget or its stop function said stop (see
// Err); a halted engine fires nothing more until Reset.
func (e *Engine) Step() bool {
	e.dropCancelled()
	return e.fire()
}

// fire fires the next event, as Step does, once dropCancelled has made the
// next event live.
func (e *Engine) fire() bool {
	if e.cal.len() == 0 {
		return false
	}
	if e.fired >= e.checkAt && !e.check() {
		return false
	}
	top := e.cal.pop()
	r := &e.recs[top.rec]
	fn, fnArg, arg := r.fn, r.fnArg, r.arg
	// Free the record before running the callback so that the callback can
	// reuse it when it schedules the next event.
	e.release(top.rec)
	e.live--
	e.now = top.t
	e.fired++
	if fn != nil {
		fn()
	} else {
		fnArg(arg)
	}
	return true
}

// Run fires events until none is pending. It returns nil, or Err if the
// engine halted first (a *BudgetError or ErrStopped).
func (e *Engine) Run() error {
	for e.Step() {
	}
	return e.halt
}

// RunUntil fires every event whose time is strictly before t and then sets
// the clock to t. Events at exactly t or later stay pending. If the engine
// halts first it returns Err (a *BudgetError or ErrStopped) and leaves the
// clock at the last event fired. It panics if t is before Now or NaN.
func (e *Engine) RunUntil(t float64) error {
	if !(t >= e.now) { // also catches NaN, which would poison the clock
		panic("sim: RunUntil time is in the past or NaN")
	}
	for {
		// Peek and Step in one: the cancelled events are dropped once an
		// event, not twice.
		e.dropCancelled()
		if e.cal.len() == 0 || !(e.cal.top().t < t) {
			break
		}
		if !e.fire() {
			return e.halt
		}
	}
	e.now = t
	return nil
}
