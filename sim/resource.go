package sim

import "deploysim/stats"

// Resource is a capacity-limited resource with a FIFO wait queue: the
// on-call team, a QA lab, a deployment slot. A request is granted at once
// when a unit is free; otherwise it waits its turn. Granted callbacks run as
// events at the current time, never inside the Request or Release call, so
// callers never re-enter themselves.
//
// When a release and a request fall at the same time, the outcome does not
// depend on which runs first: a release hands its unit to the head of the
// queue, and a request made while all units are busy joins the back, so
// FIFO order holds either way.
type Resource struct {
	eng      *Engine
	capacity int
	inUse    int
	queue    ring
	busy     stats.TimeWeighted // units in use over time
	waits    stats.Tally        // time from request to grant
}

type waiter struct {
	fn    func(int)
	arg   int
	since float64
}

// NewResource returns a resource with the given number of units attached to
// engine e. A resource belongs to one run: after e.Reset, make a new one. It
// panics if capacity is less than 1.
func NewResource(e *Engine, capacity int) *Resource {
	if capacity < 1 {
		panic("sim: resource capacity must be at least 1")
	}
	r := &Resource{eng: e, capacity: capacity}
	r.busy.Reset(e.Now(), 0)
	return r
}

// Request asks for one unit; fn(arg) runs (as an event at the current time)
// once the unit is granted. The holder must call Release exactly once. It
// panics if fn is nil.
func (r *Resource) Request(fn func(int), arg int) {
	if fn == nil {
		// Checked here: a queued nil would only panic later, inside
		// some other event's Release.
		panic("sim: nil event function")
	}
	if r.inUse < r.capacity {
		r.grant(fn, arg, r.eng.Now())
		return
	}
	r.queue.push(waiter{fn: fn, arg: arg, since: r.eng.Now()})
}

// Acquire takes a unit at once if one is free and reports whether it did;
// the caller then holds it and must call Release exactly once. When every
// unit is busy it takes nothing and queues nothing: call Request to wait.
// A model whose callback may run inside its own call saves an event a
// grant this way; Request's callbacks always run as events.
func (r *Resource) Acquire() bool {
	if r.inUse >= r.capacity {
		return false
	}
	r.take(r.eng.Now())
	return true
}

func (r *Resource) grant(fn func(int), arg int, since float64) {
	r.take(since)
	r.eng.ScheduleArg(0, fn, arg)
}

// take hands out a unit to a request made at since.
func (r *Resource) take(since float64) {
	r.inUse++
	now := r.eng.Now()
	r.busy.Set(now, float64(r.inUse))
	r.waits.Add(now - since)
}

// Release returns one unit and grants it to the longest-waiting request, if
// any. It panics if no unit is in use.
func (r *Resource) Release() {
	if r.inUse == 0 {
		panic("sim: Release without a matching Request")
	}
	r.inUse--
	r.busy.Set(r.eng.Now(), float64(r.inUse))
	if w, ok := r.queue.pop(); ok {
		r.grant(w.fn, w.arg, w.since)
	}
}

// Capacity returns the number of units.
func (r *Resource) Capacity() int { return r.capacity }

// InUse returns the number of units held now.
func (r *Resource) InUse() int { return r.inUse }

// Queued returns the number of requests waiting.
func (r *Resource) Queued() int { return r.queue.len() }

// Utilization returns the time-average share of units in use, 0–1, from
// the resource's creation until now.
func (r *Resource) Utilization() float64 {
	return r.busy.Mean(r.eng.Now()) / float64(r.capacity)
}

// Waits returns the tally of waiting times (request to grant) so far, in the
// engine's time unit.
func (r *Resource) Waits() stats.Tally { return r.waits }

// ring is a growable FIFO queue that reuses its storage.
type ring struct {
	buf        []waiter
	head, size int
}

func (q *ring) len() int { return q.size }

func (q *ring) push(w waiter) {
	if q.size == len(q.buf) {
		n := 2 * len(q.buf)
		if n == 0 {
			n = 8
		}
		nb := make([]waiter, n)
		for i := 0; i < q.size; i++ {
			nb[i] = q.buf[(q.head+i)%len(q.buf)]
		}
		q.buf, q.head = nb, 0
	}
	q.buf[(q.head+q.size)%len(q.buf)] = w
	q.size++
}

func (q *ring) pop() (waiter, bool) {
	if q.size == 0 {
		return waiter{}, false
	}
	w := q.buf[q.head]
	q.buf[q.head] = waiter{}
	q.head = (q.head + 1) % len(q.buf)
	q.size--
	return w, true
}
