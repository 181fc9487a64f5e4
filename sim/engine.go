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

// entry is what the heap orders: kept small (24 bytes) so that sifting moves
// little memory. key packs priority (high byte) and insertion sequence.
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
	heap  []entry
	recs  []record
	free  []int32
	fired uint64
	live  int // scheduled and not yet fired or cancelled
	dead  int // cancelled but still in the heap

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
	for _, en := range e.heap {
		r := &e.recs[en.rec]
		r.fn, r.fnArg = nil, nil
		r.gen++
		e.free = append(e.free, en.rec)
	}
	e.heap = e.heap[:0]
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
	e.heap = append(e.heap, entry{t: t, key: key, rec: ri})
	e.up(len(e.heap) - 1)
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
	// Lazy deletion: the heap entry stays and is dropped when it reaches the
	// top. Releasing the callbacks now lets them be collected early.
	r.cancelled = true
	r.fn, r.fnArg = nil, nil
	e.live--
	e.dead++
	// An event cancelled long before its time (a timeout far in the
	// future) would otherwise hold its heap slot and record until then, so
	// a model that keeps arming and cancelling timeouts would grow the
	// calendar without bound. Once cancelled entries are the majority,
	// sweep them out; each sweep removes at least half the heap, so the
	// cost per Cancel stays constant on average.
	if e.dead > minSweep && 2*e.dead > len(e.heap) {
		e.sweep()
	}
	return true
}

// minSweep is the number of cancelled entries below which the heap is never
// swept: small calendars are cheaper left to lazy deletion.
const minSweep = 64

// sweep removes every cancelled entry from the heap and restores the heap
// order. The order in which events fire is unchanged: it depends only on
// the (time, key) of each entry, never on where the entry sits.
func (e *Engine) sweep() {
	h := e.heap[:0]
	for _, en := range e.heap {
		if e.recs[en.rec].cancelled {
			e.release(en.rec)
		} else {
			h = append(h, en)
		}
	}
	e.heap = h
	e.dead = 0
	if len(h) > 1 {
		for i := (len(h) - 2) / 4; i >= 0; i-- { // from the last parent up
			e.down(i)
		}
	}
}

// Peek returns the time of the next event, or +Inf if none is pending.
func (e *Engine) Peek() float64 {
	e.dropCancelled()
	if len(e.heap) == 0 {
		return math.Inf(1)
	}
	return e.heap[0].t
}

// dropCancelled pops cancelled events off the top of the heap.
func (e *Engine) dropCancelled() {
	for len(e.heap) > 0 && e.recs[e.heap[0].rec].cancelled {
		e.release(e.pop().rec)
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
	if len(e.heap) == 0 {
		return false
	}
	if e.fired >= e.checkAt && !e.check() {
		return false
	}
	top := e.pop()
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
	for e.Peek() < t {
		if !e.Step() {
			return e.halt
		}
	}
	e.now = t
	return nil
}

// The calendar: a 4-ary min-heap on a slice of values. Four children per
// node halve the depth of a binary heap, and the children of a node share a
// cache line.

func (e *Engine) up(i int) {
	h := e.heap
	x := h[i]
	for i > 0 {
		p := (i - 1) / 4
		if !x.less(h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = x
}

func (e *Engine) pop() entry {
	h := e.heap
	top := h[0]
	n := len(h) - 1
	e.heap = h[:n]
	if n > 0 {
		h[0] = h[n]
		e.down(0)
	}
	return top
}

// down moves the entry at i towards the leaves until the heap order holds.
func (e *Engine) down(i int) {
	h := e.heap
	n := len(h)
	x := h[i]
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := c + 4
		if end > n {
			end = n
		}
		for j := c + 1; j < end; j++ {
			if h[j].less(h[m]) {
				m = j
			}
		}
		if !h[m].less(x) {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = x
}
