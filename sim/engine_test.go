package sim_test

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"deploysim/sim"
)

// trace records the labels of fired events in firing order.
type trace struct {
	eng   *sim.Engine
	fired []string
}

func (tr *trace) mark(label string) func() {
	return func() { tr.fired = append(tr.fired, fmt.Sprintf("%s@%g", label, tr.eng.Now())) }
}

func (tr *trace) String() string { return strings.Join(tr.fired, " ") }

func TestNewEngine(t *testing.T) {
	e := sim.New()
	if got := e.Now(); got != 0 {
		t.Errorf("Now: got %v, want 0", got)
	}
	if got := e.Peek(); !math.IsInf(got, 1) {
		t.Errorf("Peek on empty calendar: got %v, want +Inf", got)
	}
	if e.Step() {
		t.Error("Step on empty calendar: got true, want false")
	}
	if got, want := e.Pending(), 0; got != want {
		t.Errorf("Pending: got %d, want %d", got, want)
	}
	e.Run() // must return at once
	if got := e.Fired(); got != 0 {
		t.Errorf("Fired: got %d, want 0", got)
	}
}

func TestOrder(t *testing.T) {
	// Each case schedules events at time zero through the given calls and
	// lists the order in which they must fire: by time, then by priority
	// (lower first), then by insertion order.
	tests := []struct {
		name     string
		schedule func(e *sim.Engine, tr *trace)
		want     string
	}{
		{
			name: "by time",
			schedule: func(e *sim.Engine, tr *trace) {
				e.Schedule(3, tr.mark("c"))
				e.Schedule(1, tr.mark("a"))
				e.Schedule(2, tr.mark("b"))
			},
			want: "a@1 b@2 c@3",
		},
		{
			name: "equal times in insertion order",
			schedule: func(e *sim.Engine, tr *trace) {
				for _, l := range []string{"a", "b", "c", "d", "e", "f"} {
					e.Schedule(1, tr.mark(l))
				}
			},
			want: "a@1 b@1 c@1 d@1 e@1 f@1",
		},
		{
			name: "equal times by priority then insertion",
			schedule: func(e *sim.Engine, tr *trace) {
				at := func(p sim.Priority, l string) {
					fn := tr.mark(l)
					e.SchedulePriority(1, p, func(int) { fn() }, 0)
				}
				at(sim.PriorityLate, "late1")
				at(sim.PriorityNormal, "normal1")
				at(sim.PriorityUrgent, "urgent1")
				at(sim.PriorityLate, "late2")
				at(sim.PriorityNormal, "normal2")
				at(sim.PriorityUrgent, "urgent2")
				// The extremes of the int8 range must order too.
				at(math.MaxInt8, "max")
				at(math.MinInt8, "min")
			},
			want: "min@1 urgent1@1 urgent2@1 normal1@1 normal2@1 late1@1 late2@1 max@1",
		},
		{
			name: "time beats priority",
			schedule: func(e *sim.Engine, tr *trace) {
				late, urgent := tr.mark("late"), tr.mark("urgent")
				e.SchedulePriority(1, sim.PriorityLate, func(int) { late() }, 0)
				e.SchedulePriority(2, sim.PriorityUrgent, func(int) { urgent() }, 0)
			},
			want: "late@1 urgent@2",
		},
		{
			name: "Schedule, ScheduleArg and ScheduleAt share the normal priority",
			schedule: func(e *sim.Engine, tr *trace) {
				a, b, c := tr.mark("a"), tr.mark("b"), tr.mark("c")
				e.ScheduleAt(2, func(int) { a() }, 0)
				e.Schedule(2, b)
				e.ScheduleArg(2, func(int) { c() }, 0)
			},
			want: "a@2 b@2 c@2",
		},
		{
			name: "an event scheduled for now runs after events already due now",
			schedule: func(e *sim.Engine, tr *trace) {
				b := tr.mark("b")
				e.Schedule(1, func() {
					tr.mark("a")()
					e.Schedule(0, tr.mark("c"))
				})
				e.Schedule(1, b)
			},
			want: "a@1 b@1 c@1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := sim.New()
			tr := &trace{eng: e}
			tt.schedule(e, tr)
			e.Run()
			if got := tr.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestOrderRandom checks the calendar against a naive reference on many
// events with colliding times and priorities, some scheduled from inside
// callbacks and some cancelled: every event that fires must be the least,
// by (time, priority, insertion order), of the events pending at that
// moment, and every event not cancelled must fire.
func TestOrderRandom(t *testing.T) {
	type ev struct {
		t   float64
		p   sim.Priority
		seq int // global insertion order
	}
	less := func(a, b ev) bool {
		if a.t != b.t {
			return a.t < b.t
		}
		if a.p != b.p {
			return a.p < b.p
		}
		return a.seq < b.seq
	}
	// 5,000 events make the 4-ary heap several levels deep and are cheap
	// under the race detector.
	const n = 5000
	rng := sim.Stream(1, 0, 0)
	e := sim.New()
	var (
		scheduled []ev
		handles   []sim.Handle
		pending   = map[int]bool{}
		fired     int
		cancelled int
	)
	var fire func(int)
	add := func(delay float64) {
		// Whole-number delays (zero included) and three priorities, so
		// that ties in time and in (time, priority) are common.
		p := sim.Priority(rng.IntN(3)-1) * sim.PriorityLate
		i := len(scheduled)
		scheduled = append(scheduled, ev{t: e.Now() + delay, p: p, seq: i})
		handles = append(handles, e.SchedulePriority(delay, p, fire, i))
		pending[i] = true
	}
	fire = func(i int) {
		if !pending[i] {
			t.Fatalf("event %d fired but was not pending", i)
		}
		for j := range pending {
			if less(scheduled[j], scheduled[i]) {
				t.Fatalf("event %d %+v fired before pending event %d %+v", i, scheduled[i], j, scheduled[j])
			}
		}
		if got, want := e.Now(), scheduled[i].t; got != want {
			t.Fatalf("event %d: fired at %v, want %v", i, got, want)
		}
		delete(pending, i)
		fired++
		if len(scheduled) < n {
			add(float64(rng.IntN(4)))
		}
		// Now and then cancel a random event; it may have fired or
		// been cancelled already, and then Cancel must say so.
		if rng.IntN(4) == 0 {
			j := rng.IntN(len(handles))
			was := pending[j]
			if got := e.Cancel(handles[j]); got != was {
				t.Fatalf("Cancel(event %d): got %v, want %v", j, got, was)
			}
			if was {
				delete(pending, j)
				cancelled++
			}
		}
		if got, want := e.Pending(), len(pending); got != want {
			t.Fatalf("Pending: got %d, want %d", got, want)
		}
	}
	for range 100 {
		add(float64(rng.IntN(10)))
	}
	e.Run()

	if len(scheduled) != n {
		t.Fatalf("scheduled %d events, want %d", len(scheduled), n)
	}
	if cancelled == 0 {
		t.Fatal("no event was cancelled: the test lost its point")
	}
	if len(pending) != 0 {
		t.Errorf("%d events never fired, want 0", len(pending))
	}
	if got, want := e.Fired(), uint64(n-cancelled); got != want || fired != n-cancelled {
		t.Errorf("Fired: got %d (counted %d), want %d", got, fired, want)
	}
}

// TestMassCancel cancels most of a large calendar, between steps, so that
// the engine sweeps cancelled entries out in bulk several times: the
// survivors must still fire in (time, priority, insertion) order.
func TestMassCancel(t *testing.T) {
	type ev struct {
		t   float64
		p   sim.Priority
		seq int
	}
	byOrder := func(a, b ev) int {
		if a.t != b.t {
			return cmp.Compare(a.t, b.t)
		}
		if a.p != b.p {
			return cmp.Compare(a.p, b.p)
		}
		return a.seq - b.seq
	}
	// 4,000 events on a coarse grid of 500 times and three priorities, so
	// that ties are common.
	const n = 4000
	rng := sim.Stream(2, 0, 0)
	evs := make([]ev, n)
	for i := range evs {
		evs[i] = ev{t: float64(rng.IntN(500)), p: sim.Priority(rng.IntN(3)-1) * sim.PriorityLate, seq: i}
	}
	sorted := slices.SortedFunc(slices.Values(evs), byOrder)
	earliest := make([]int, n)
	for k, v := range sorted {
		earliest[k] = v.seq
	}
	tests := []struct {
		name      string
		order     []int // the order in which events are cancelled
		cancel    int   // how many to cancel
		stepEvery int   // cancels between steps; 0 for none
	}{
		{"random order with steps", rng.Perm(n), 3 * n / 4, 100},
		// Cancelling the earliest events with no step in between (a
		// step would drop them from the top one by one) leaves the
		// sweep to rebuild the heap's root and top levels. Stopping just
		// past half the calendar, when the engine sweeps, lets the
		// rebuilt heap be used before lazy deletion could repair it.
		{"earliest first", earliest, n/2 + 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := sim.New()
			var fired []int
			fire := func(i int) { fired = append(fired, i) }
			handles := make([]sim.Handle, n)
			for i, v := range evs {
				handles[i] = e.SchedulePriority(v.t, v.p, fire, i)
			}
			cancelled := make([]bool, n)
			for k, i := range tt.order[:tt.cancel] {
				if !e.Cancel(handles[i]) {
					if !slices.Contains(fired, i) {
						t.Fatalf("Cancel(event %d): got false for a pending event", i)
					}
					continue // it fired before its turn came
				}
				cancelled[i] = true
				if tt.stepEvery > 0 && k%tt.stepEvery == tt.stepEvery-1 {
					e.Step()
				}
			}
			e.Run()
			var want []int
			for _, v := range sorted {
				if !cancelled[v.seq] {
					want = append(want, v.seq)
				}
			}
			if !slices.Equal(fired, want) {
				t.Errorf("fired %d events, want %d, in (time, priority, insertion) order", len(fired), len(want))
			}
			for _, h := range handles {
				if e.Cancel(h) {
					t.Fatal("Cancel after Run: got true, want false")
				}
			}
		})
	}
}

func TestRunUntil(t *testing.T) {
	e := sim.New()
	tr := &trace{eng: e}
	e.Schedule(4.5, tr.mark("before"))
	e.Schedule(5, tr.mark("at"))
	e.Schedule(7, tr.mark("after"))

	e.RunUntil(5)
	// An event at exactly the horizon does not fire; the clock ends at
	// the horizon, not at the last event.
	if got, want := tr.String(), "before@4.5"; got != want {
		t.Errorf("after RunUntil(5): fired %q, want %q", got, want)
	}
	if got, want := e.Now(), 5.0; got != want {
		t.Errorf("after RunUntil(5): Now %v, want %v", got, want)
	}
	if got, want := e.Pending(), 2; got != want {
		t.Errorf("after RunUntil(5): Pending %d, want %d", got, want)
	}
	if got, want := e.Peek(), 5.0; got != want {
		t.Errorf("after RunUntil(5): Peek %v, want %v", got, want)
	}

	// RunUntil the same time again fires nothing.
	e.RunUntil(5)
	if got, want := tr.String(), "before@4.5"; got != want {
		t.Errorf("after a second RunUntil(5): fired %q, want %q", got, want)
	}

	// A later RunUntil fires the boundary event at its own time.
	e.RunUntil(6)
	if got, want := tr.String(), "before@4.5 at@5"; got != want {
		t.Errorf("after RunUntil(6): fired %q, want %q", got, want)
	}
	if got, want := e.Now(), 6.0; got != want {
		t.Errorf("after RunUntil(6): Now %v, want %v", got, want)
	}

	e.Run()
	if got, want := tr.String(), "before@4.5 at@5 after@7"; got != want {
		t.Errorf("after Run: fired %q, want %q", got, want)
	}

	// With an empty calendar RunUntil just advances the clock.
	e.RunUntil(100)
	if got, want := e.Now(), 100.0; got != want {
		t.Errorf("RunUntil on empty calendar: Now %v, want %v", got, want)
	}
}

func TestRunUntilStep(t *testing.T) {
	// Step after RunUntil fires the boundary event, as a later Run does.
	e := sim.New()
	tr := &trace{eng: e}
	e.Schedule(2, tr.mark("a"))
	e.RunUntil(2)
	if !e.Step() {
		t.Fatal("Step: got false, want true")
	}
	if got, want := tr.String(), "a@2"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCancel(t *testing.T) {
	t.Run("pending event never fires", func(t *testing.T) {
		e := sim.New()
		tr := &trace{eng: e}
		e.Schedule(1, tr.mark("a"))
		h := e.Schedule(2, tr.mark("b"))
		e.Schedule(3, tr.mark("c"))
		if !e.Cancel(h) {
			t.Error("Cancel of a pending event: got false, want true")
		}
		if got, want := e.Pending(), 2; got != want {
			t.Errorf("Pending: got %d, want %d", got, want)
		}
		e.Run()
		if got, want := tr.String(), "a@1 c@3"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if got, want := e.Fired(), uint64(2); got != want {
			t.Errorf("Fired: got %d, want %d", got, want)
		}
	})

	t.Run("cancelled head is skipped by Peek, Step and RunUntil", func(t *testing.T) {
		e := sim.New()
		tr := &trace{eng: e}
		h := e.Schedule(1, tr.mark("a"))
		e.Schedule(2, tr.mark("b"))
		e.Cancel(h)
		if got, want := e.Peek(), 2.0; got != want {
			t.Errorf("Peek: got %v, want %v", got, want)
		}
		e.RunUntil(1.5)
		if got := tr.String(); got != "" {
			t.Errorf("RunUntil(1.5): fired %q, want nothing", got)
		}
		if !e.Step() {
			t.Error("Step: got false, want true")
		}
		if got, want := tr.String(), "b@2"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})

	t.Run("only cancelled events left", func(t *testing.T) {
		e := sim.New()
		e.Cancel(e.Schedule(1, func() { t.Error("cancelled event fired") }))
		if e.Step() {
			t.Error("Step: got true, want false")
		}
		if got := e.Peek(); !math.IsInf(got, 1) {
			t.Errorf("Peek: got %v, want +Inf", got)
		}
		if got := e.Now(); got != 0 {
			t.Errorf("Now: got %v, want 0 (a cancelled event must not move the clock)", got)
		}
	})

	t.Run("false for zero, fired and cancelled handles", func(t *testing.T) {
		e := sim.New()
		if e.Cancel(sim.Handle{}) {
			t.Error("Cancel(zero Handle): got true, want false")
		}
		fired := e.Schedule(1, func() {})
		e.Run()
		if e.Cancel(fired) {
			t.Error("Cancel of a fired event: got true, want false")
		}
		h := e.Schedule(1, func() {})
		if !e.Cancel(h) {
			t.Fatal("first Cancel: got false, want true")
		}
		if e.Cancel(h) {
			t.Error("second Cancel: got true, want false")
		}
		if got, want := e.Pending(), 0; got != want {
			t.Errorf("Pending: got %d, want %d", got, want)
		}
	})

	t.Run("an event cannot cancel itself while firing", func(t *testing.T) {
		e := sim.New()
		var h sim.Handle
		var got bool
		h = e.Schedule(1, func() { got = e.Cancel(h) })
		e.Run()
		if got {
			t.Error("Cancel from its own callback: got true, want false")
		}
	})

	t.Run("handle stays stale after its record is reused", func(t *testing.T) {
		e := sim.New()
		tr := &trace{eng: e}
		old := e.Schedule(1, tr.mark("old"))
		e.Run()
		// The engine pools records, so the next event reuses the
		// record the fired one held.
		e.Schedule(1, tr.mark("new"))
		if e.Cancel(old) {
			t.Error("Cancel with a stale handle: got true, want false")
		}
		e.Run()
		if got, want := tr.String(), "old@1 new@2"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})

	t.Run("handle of a cancelled event stays stale after reuse", func(t *testing.T) {
		e := sim.New()
		tr := &trace{eng: e}
		old := e.Schedule(1, tr.mark("old"))
		e.Cancel(old)
		e.Run() // drops the cancelled entry and frees its record
		e.Schedule(1, tr.mark("new"))
		if e.Cancel(old) {
			t.Error("Cancel with a stale handle: got true, want false")
		}
		e.Run()
		if got, want := tr.String(), "new@1"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

func TestReset(t *testing.T) {
	// run schedules a small, fixed pattern of events, including
	// cancellations and events scheduled from callbacks, and returns the
	// trace together with the handles it issued.
	run := func(e *sim.Engine) (string, []sim.Handle) {
		tr := &trace{eng: e}
		var hs []sim.Handle
		for i := range 5 {
			hs = append(hs, e.Schedule(float64(5-i), tr.mark(fmt.Sprint("e", i))))
		}
		e.Cancel(hs[2])
		hs = append(hs, e.Schedule(1, func() {
			tr.mark("x")()
			hs = append(hs, e.Schedule(0.5, tr.mark("y")))
		}))
		e.RunUntil(3)
		return tr.String(), hs
	}

	fresh, _ := run(sim.New())

	e := sim.New()
	run(e)
	pending := e.Pending()
	if pending == 0 {
		t.Fatal("the pattern left no event pending: Reset would not be tested")
	}
	e.Reset()
	if got := e.Now(); got != 0 {
		t.Errorf("Now after Reset: got %v, want 0", got)
	}
	if got := e.Pending(); got != 0 {
		t.Errorf("Pending after Reset: got %d, want 0", got)
	}
	if got := e.Fired(); got != 0 {
		t.Errorf("Fired after Reset: got %d, want 0", got)
	}
	if got := e.Peek(); !math.IsInf(got, 1) {
		t.Errorf("Peek after Reset: got %v, want +Inf", got)
	}
	if e.Step() {
		t.Error("Step after Reset: got true, want false")
	}

	// A reset engine behaves exactly like a new one, and no handle issued
	// before the Reset can cancel an event scheduled after it.
	got, _ := run(e)
	if got != fresh {
		t.Errorf("after Reset: got trace %q, want %q (as on a new engine)", got, fresh)
	}
	e.Reset()
	_, old := run(e)
	e.Reset()
	tr := &trace{eng: e}
	for i := range 2 * len(old) {
		e.Schedule(float64(i), tr.mark(fmt.Sprint(i)))
	}
	for i, h := range old {
		if e.Cancel(h) {
			t.Errorf("Cancel with handle %d from before Reset: got true, want false", i)
		}
	}
	if got, want := e.Pending(), 2*len(old); got != want {
		t.Errorf("Pending: got %d, want %d", got, want)
	}
}

func TestPendingAndFired(t *testing.T) {
	e := sim.New()
	hs := make([]sim.Handle, 4)
	for i := range hs {
		hs[i] = e.Schedule(float64(i+1), func() {})
	}
	e.Cancel(hs[1])
	steps := []struct {
		pending int
		fired   uint64
	}{
		// Four scheduled, one cancelled: three pending.
		{pending: 3, fired: 0},
		{pending: 2, fired: 1},
		{pending: 1, fired: 2},
		{pending: 0, fired: 3},
	}
	for i, s := range steps {
		if got := e.Pending(); got != s.pending {
			t.Errorf("before step %d: Pending got %d, want %d", i, got, s.pending)
		}
		if got := e.Fired(); got != s.fired {
			t.Errorf("before step %d: Fired got %d, want %d", i, got, s.fired)
		}
		e.Step()
	}
}

func TestPanics(t *testing.T) {
	noop := func() {}
	noopArg := func(int) {}
	tests := []struct {
		name string
		f    func(e *sim.Engine)
		want string
	}{
		{"negative delay", func(e *sim.Engine) { e.Schedule(-1, noop) }, "sim: negative or NaN delay"},
		{"NaN delay", func(e *sim.Engine) { e.ScheduleArg(math.NaN(), noopArg, 0) }, "sim: negative or NaN delay"},
		{"negative priority delay", func(e *sim.Engine) { e.SchedulePriority(-1e-9, 0, noopArg, 0) }, "sim: negative or NaN delay"},
		{"nil func", func(e *sim.Engine) { e.Schedule(1, nil) }, "sim: nil event function"},
		{"nil arg func", func(e *sim.Engine) { e.ScheduleArg(1, nil, 0) }, "sim: nil event function"},
		{"nil priority func", func(e *sim.Engine) { e.SchedulePriority(1, 0, nil, 0) }, "sim: nil event function"},
		{"nil ScheduleAt func", func(e *sim.Engine) { e.ScheduleAt(1, nil, 0) }, "sim: nil event function"},
		{"ScheduleAt in the past", func(e *sim.Engine) { e.ScheduleAt(9, noopArg, 0) }, "sim: event scheduled in the past"},
		{"ScheduleAt NaN", func(e *sim.Engine) { e.ScheduleAt(math.NaN(), noopArg, 0) }, "sim: event scheduled in the past"},
		{"RunUntil in the past", func(e *sim.Engine) { e.RunUntil(9) }, "sim: RunUntil time is in the past or NaN"},
		{"RunUntil NaN", func(e *sim.Engine) { e.RunUntil(math.NaN()) }, "sim: RunUntil time is in the past or NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := sim.New()
			e.RunUntil(10) // the clock at 10, so that 9 is in the past
			defer func() {
				if got := recover(); got != tt.want {
					t.Errorf("got panic %v, want %q", got, tt.want)
				}
				if got := e.Now(); got != 10 {
					t.Errorf("Now after the panic: got %v, want 10", got)
				}
			}()
			tt.f(e)
		})
	}
}

// holdModel is the hold pattern of BenchmarkHold at test size: entities
// each waiting Exp(mean 1) over and over, scheduled with ScheduleArg and a
// method value bound once.
type holdModel struct {
	eng  *sim.Engine
	rng  *rand.Rand
	wait func(int)
}

func (h *holdModel) next(i int) { h.eng.ScheduleArg(h.rng.ExpFloat64(), h.wait, i) }

// TestZeroAllocs checks that the engine allocates nothing in steady state.
// It also holds under -race: the race detector adds no heap allocations
// here (checked with Go 1.26). Each AllocsPerRun below makes one long run,
// because AllocsPerRun rounds the average per run down and would hide the
// rare allocation of a slice that keeps growing.
func TestZeroAllocs(t *testing.T) {
	e := sim.New()
	h := &holdModel{eng: e, rng: sim.Stream(1, 0, 0)}
	h.wait = h.next
	// 100 entities make a heap three levels deep; 10,000 steps (100 waits
	// each) bring the calendar, the record pool and the free list to
	// their steady-state sizes.
	const entities = 100
	for i := range entities {
		h.next(i)
	}
	for range 10_000 {
		e.Step()
	}
	allocs := testing.AllocsPerRun(1, func() {
		for range 100 {
			// Steps that reschedule, then an extra event cancelled at
			// once (it lies half a time unit ahead, among the
			// entities' waits) and a RunUntil a quarter unit on, so
			// that lazy deletion, Peek and RunUntil are covered too.
			for range 1000 {
				e.Step()
			}
			e.Cancel(e.ScheduleArg(0.5, h.wait, 0))
			e.RunUntil(e.Now() + 0.25)
		}
	})
	if allocs != 0 {
		t.Errorf("got %v allocs in 100,000 steps, want 0", allocs)
	}

	// Reset keeps the storage, so whole replications on a reused engine
	// allocate nothing either (AllocsPerRun's untimed first call lets the
	// free list grow to hold every record once).
	allocs = testing.AllocsPerRun(1, func() {
		for range 20 {
			e.Reset()
			for i := range entities {
				h.next(i)
			}
			for e.Fired() < 1000 {
				e.Step()
			}
		}
	})
	if allocs != 0 {
		t.Errorf("got %v allocs in 20 replications on a reset engine, want 0", allocs)
	}
}

// TestCancelledTimeouts checks that events cancelled long before their time
// do not pile up: a model that arms a far-off timeout for every job and
// cancels it when the job ends must run in bounded memory, without
// allocating in steady state.
func TestCancelledTimeouts(t *testing.T) {
	e := sim.New()
	noop := func(int) {}
	job := func() {
		// The timeout is far beyond any horizon (a year is 8,760 hours);
		// with lazy deletion alone its entry would stay in the calendar
		// for the whole run.
		timeout := e.ScheduleArg(1e9, noop, 0)
		e.ScheduleArg(1, noop, 0) // the job itself, one time unit
		e.Step()
		e.Cancel(timeout)
	}
	// Warm up: 10,000 jobs bring the calendar and the record pool to
	// their steady-state sizes.
	for range 10_000 {
		job()
	}
	// One run of 100,000 jobs, so that even the rare allocation of a
	// slice that keeps growing shows in the count (AllocsPerRun rounds
	// the average per run down).
	allocs := testing.AllocsPerRun(1, func() {
		for range 100_000 {
			job()
		}
	})
	if allocs != 0 {
		t.Errorf("got %v allocs in 100,000 cancelled timeouts, want 0", allocs)
	}
	if got := e.Pending(); got != 0 {
		t.Errorf("Pending: got %d, want 0", got)
	}
	if e.Step() {
		t.Error("Step: got true, want false (every event fired or was cancelled)")
	}
}
