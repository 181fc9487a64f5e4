package sim_test

import (
	"math"
	"slices"
	"testing"

	"deploysim/sim"
)

// jobs drives a Resource with jobs that each hold one unit for a fixed
// time, and records when each job was granted its unit.
type jobs struct {
	eng     *sim.Engine
	res     *sim.Resource
	hold    []float64 // how long job i holds its unit
	order   []int     // jobs in the order they were granted
	granted []float64 // time job i was granted

	grantFn, releaseFn func(int)
}

func newJobs(e *sim.Engine, capacity int, hold []float64) *jobs {
	j := &jobs{eng: e, res: sim.NewResource(e, capacity), hold: hold, granted: make([]float64, len(hold))}
	j.grantFn, j.releaseFn = j.grant, j.release
	return j
}

// request makes job i ask for a unit at time at.
func (j *jobs) request(i int, at float64) {
	j.eng.ScheduleAt(at, func(i int) { j.res.Request(j.grantFn, i) }, i)
}

func (j *jobs) grant(i int) {
	j.order = append(j.order, i)
	j.granted[i] = j.eng.Now()
	j.eng.ScheduleArg(j.hold[i], j.releaseFn, i)
}

func (j *jobs) release(int) { j.res.Release() }

func TestResourceFIFO(t *testing.T) {
	// Twenty jobs of one time unit each ask a one-unit resource for it at
	// time 0: they must be served one after another in request order, job
	// i starting at time i. Twenty waiters also make the internal queue
	// grow past its initial storage.
	const n = 20
	e := sim.New()
	j := newJobs(e, 1, slices.Repeat([]float64{1}, n))
	for i := range n {
		j.request(i, 0)
	}
	e.Run()
	for i := range n {
		if j.order[i] != i {
			t.Fatalf("grant order: got %v, want 0 … %d in order", j.order, n-1)
		}
		if got, want := j.granted[i], float64(i); got != want {
			t.Errorf("job %d: granted at %v, want %v", i, got, want)
		}
	}
	// Waits are 0, 1, …, 19: mean 9.5.
	w := j.res.Waits()
	if got, want := w.Count(), n; got != want {
		t.Errorf("Waits().Count: got %d, want %d", got, want)
	}
	if got, want := w.Mean(), 9.5; got != want {
		t.Errorf("Waits().Mean: got %v, want %v", got, want)
	}
	if got, want := w.Max(), 19.0; got != want {
		t.Errorf("Waits().Max: got %v, want %v", got, want)
	}
}

func TestResourceFIFOWrapAndGrow(t *testing.T) {
	// FIFO order must survive the queue's storage wrapping around and
	// then growing while wrapped: 6 jobs queue, 4 are served (the queue's
	// head moves), then 10 more arrive so the 12 waiting exceed the
	// initial 8 slots.
	const n = 17 // 1 holder + 6 + 10 waiting
	e := sim.New()
	j := newJobs(e, 1, slices.Repeat([]float64{1}, n))
	for i := range 7 {
		j.request(i, 0)
	}
	for i := 7; i < n; i++ {
		j.request(i, 4.5) // by then jobs 0-4 have been granted
	}
	e.Run()
	want := make([]int, n)
	for i := range want {
		want[i] = i
	}
	if !slices.Equal(j.order, want) {
		t.Errorf("grant order: got %v, want %v", j.order, want)
	}
}

func TestResourceGrantIsAnEvent(t *testing.T) {
	// A request for a free unit is granted by an event at the current
	// time, never inside Request itself.
	e := sim.New()
	r := sim.NewResource(e, 1)
	granted := false
	e.Schedule(2, func() {
		r.Request(func(int) { granted = true }, 0)
		if granted {
			t.Error("callback ran inside Request, want it run as an event")
		}
		if got, want := r.InUse(), 1; got != want {
			t.Errorf("InUse right after Request: got %d, want %d", got, want)
		}
	})
	e.Run()
	if !granted {
		t.Error("request never granted")
	}
	if got, want := e.Now(), 2.0; got != want {
		t.Errorf("granted at %v, want %v (the time of the request)", got, want)
	}
}

func TestResourceAcquire(t *testing.T) {
	// Acquire takes a free unit at once, without an event; when none is
	// free it takes and queues nothing, and a Request then waits behind
	// nobody for the next Release.
	e := sim.New()
	r := sim.NewResource(e, 2)
	var granted []float64
	e.Schedule(1, func() {
		pending := e.Pending()
		for i, want := range []bool{true, true, false} {
			if got := r.Acquire(); got != want {
				t.Errorf("Acquire %d at time 1: got %v, want %v", i, got, want)
			}
		}
		if got, want := r.InUse(), 2; got != want {
			t.Errorf("InUse after three Acquires: got %d, want %d", got, want)
		}
		if got := r.Queued(); got != 0 {
			t.Errorf("Queued after a failed Acquire: got %d, want 0", got)
		}
		if got := e.Pending(); got != pending {
			t.Errorf("Pending after Acquire: got %d events, want %d (none scheduled)", got, pending)
		}
		r.Request(func(int) { granted = append(granted, e.Now()) }, 0)
	})
	e.Schedule(3, func() { r.Release() })
	e.Schedule(4, func() { r.Release(); r.Release() })
	e.Run()
	if !slices.Equal(granted, []float64{3}) {
		t.Errorf("the waiting request was granted at %v, want [3]", granted)
	}
	w := r.Waits()
	if got, want := w.Count(), 3; got != want {
		t.Errorf("Waits: %d grants counted, want %d (two Acquires and the Request)", got, want)
	}
	if got, want := w.Mean(), 2.0/3; math.Abs(got-want) > 1e-12 {
		t.Errorf("mean wait: got %v, want %v (0, 0 and 2)", got, want)
	}
	// Two units busy from 1 to 4 of 4 time units: 3·2/(4·2) = 0.75.
	if got, want := r.Utilization(), 0.75; math.Abs(got-want) > 1e-12 {
		t.Errorf("Utilization: got %v, want %v", got, want)
	}
}

func TestResourceReleaseAndRequestAtOnce(t *testing.T) {
	// A release and a new request at the same time: whichever runs first,
	// the job already waiting gets the unit and the newcomer waits.
	for _, releaseFirst := range []bool{true, false} {
		name := "request then release"
		if releaseFirst {
			name = "release then request"
		}
		t.Run(name, func(t *testing.T) {
			e := sim.New()
			j := newJobs(e, 1, []float64{1, 1, 1})
			j.request(0, 0) // holds the unit on [0, 1)
			j.request(1, 0) // waits for job 0
			// Job 0's release is due at 1 with normal priority; an
			// urgent or late request at 1 runs before or after it.
			p := sim.PriorityUrgent
			if releaseFirst {
				p = sim.PriorityLate
			}
			e.SchedulePriority(1, p, func(int) { j.res.Request(j.grantFn, 2) }, 0)
			e.Run()
			if want := []int{0, 1, 2}; !slices.Equal(j.order, want) {
				t.Errorf("grant order: got %v, want %v", j.order, want)
			}
			if want := []float64{0, 1, 2}; !slices.Equal(j.granted, want) {
				t.Errorf("grant times: got %v, want %v", j.granted, want)
			}
		})
	}
}

func TestResourceUtilization(t *testing.T) {
	// Two units, three jobs:
	//
	//	job 0: requests at 0, granted at 0, holds 3, leaves at 3
	//	job 1: requests at 1, granted at 1, holds 1, leaves at 2
	//	job 2: requests at 1, waits for job 1, granted at 2, holds 3,
	//	       leaves at 5
	//
	// Units in use: 1 on [0,1), 2 on [1,3), 1 on [3,5), 0 on [5,8).
	// Area = 1 + 4 + 2 = 7 unit-time over 8 time units and 2 units:
	// utilisation 7/16.
	e := sim.New()
	j := newJobs(e, 2, []float64{3, 1, 3})
	j.request(0, 0)
	j.request(1, 1)
	j.request(2, 1)
	e.Run()
	e.RunUntil(8)
	if got, want := j.res.Utilization(), 7.0/16; math.Abs(got-want) > 1e-15 {
		t.Errorf("Utilization: got %v, want %v", got, want)
	}
	if got, want := j.granted, []float64{0, 1, 2}; !slices.Equal(got, want) {
		t.Errorf("grant times: got %v, want %v", got, want)
	}
	// Waits 0, 0 and 1: mean 1/3.
	if got, want := j.res.Waits().Mean(), 1.0/3; math.Abs(got-want) > 1e-15 {
		t.Errorf("Waits().Mean: got %v, want %v", got, want)
	}
	if got := j.res.InUse(); got != 0 {
		t.Errorf("InUse at the end: got %d, want 0", got)
	}
}

func TestResourceCounts(t *testing.T) {
	e := sim.New()
	r := sim.NewResource(e, 2)
	if got, want := r.Capacity(), 2; got != want {
		t.Errorf("Capacity: got %d, want %d", got, want)
	}
	// Utilisation with no time elapsed is the current share in use.
	if got := r.Utilization(); got != 0 {
		t.Errorf("Utilization at time 0: got %v, want 0", got)
	}
	noop := func(int) {}
	for range 5 {
		r.Request(noop, 0)
	}
	if got, want := r.InUse(), 2; got != want {
		t.Errorf("InUse: got %d, want %d", got, want)
	}
	if got, want := r.Queued(), 3; got != want {
		t.Errorf("Queued: got %d, want %d", got, want)
	}
	r.Release() // hands the unit straight to the first waiter
	if got, want := r.InUse(), 2; got != want {
		t.Errorf("InUse after Release: got %d, want %d", got, want)
	}
	if got, want := r.Queued(), 2; got != want {
		t.Errorf("Queued after Release: got %d, want %d", got, want)
	}
}

func TestResourcePanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"zero capacity", func() { sim.NewResource(sim.New(), 0) }, "sim: resource capacity must be at least 1"},
		{"release unheld", func() { sim.NewResource(sim.New(), 1).Release() }, "sim: Release without a matching Request"},
		{"nil callback while queued", func() {
			r := sim.NewResource(sim.New(), 1)
			r.Request(func(int) {}, 0)
			r.Request(nil, 1) // would wait in the queue
		}, "sim: nil event function"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if got := recover(); got != tt.want {
					t.Errorf("got panic %v, want %q", got, tt.want)
				}
			}()
			tt.f()
		})
	}
}
