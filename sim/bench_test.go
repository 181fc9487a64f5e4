package sim_test

// The engine benchmarks of /work/shared/BENCH.md: hold, mm1 and the bare-heap
// baseline that hold is judged against. Compare hold with baseline as a
// ratio of events/s measured in the same run:
//
//	go test -run '^$' -bench . -benchmem ./sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"deploysim/sim"
	"deploysim/stats"
)

const (
	// holdEntities is the number of entities in the hold model (BENCH.md).
	holdEntities = 1000
	// holdEvents is the number of completed waits per benchmark op: about
	// 2,000 simulated time units for 1,000 entities waiting a mean of 1.0.
	holdEvents = 2_000_000
	// mm1Customers is the number of customers per M/M/1 op (BENCH.md).
	mm1Customers = 200_000
	// benchSeed is an arbitrary fixed seed; benchmarks measure speed, so
	// any value does.
	benchSeed = 2026
)

// hold is the hold model: each entity waits an Exp(mean 1.0) delay, over and
// over. wait is bound once, so scheduling allocates no closure.
type hold struct {
	eng      *sim.Engine
	rng      *rand.Rand
	wait     func(int)
	entities int
}

func newHold(eng *sim.Engine, rng *rand.Rand) *hold {
	h := &hold{eng: eng, rng: rng, entities: holdEntities}
	h.wait = h.next
	return h
}

func (h *hold) next(i int) { h.eng.ScheduleArg(h.rng.ExpFloat64(), h.wait, i) }

// start schedules every entity's first wait.
func (h *hold) start() {
	for i := range h.entities {
		h.next(i)
	}
}

func BenchmarkHold(b *testing.B) {
	eng := sim.New()
	h := newHold(eng, sim.Stream(benchSeed, 0, 0))
	// Warm up outside the timer, so that the calendar and the record pool
	// have reached their steady-state size and no op pays for their growth.
	// The Reset at the end lets the record free list grow to hold every
	// record once, as it will at the start of each op.
	h.start()
	for range holdEvents / 10 {
		eng.Step()
	}
	eng.Reset()
	b.ReportAllocs()
	for b.Loop() { // the first call to Loop resets the timer
		eng.Reset()
		h.start()
		for eng.Fired() < holdEvents {
			eng.Step()
		}
	}
	b.ReportMetric(float64(holdEvents)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkHoldSize is the hold model with as few entities as a delivery
// model keeps events pending (about eight; a few dozen at most), where the
// engine's calendar keeps a sorted slice instead of a heap, and around the
// size at which it switches. ns/event is the figure to compare.
func BenchmarkHoldSize(b *testing.B) {
	const events = 200_000
	for _, n := range []int{4, 8, 16, 32, 64, 1000} {
		b.Run(fmt.Sprintf("entities=%d", n), func(b *testing.B) {
			eng := sim.New()
			h := newHold(eng, sim.Stream(benchSeed, 0, 0))
			h.entities = n
			for b.Loop() {
				eng.Reset()
				h.start()
				for eng.Fired() < events {
					eng.Step()
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events)/float64(b.N), "ns/event")
		})
	}
}

// BenchmarkBoundedHold is BenchmarkHold on an engine with an event budget
// and a stop function watching a context, as a model under the command
// line runs: compare its events/s with BenchmarkHold's in the same run to
// see what the bounds cost (one comparison an event, one stop call every
// StopInterval events).
func BenchmarkBoundedHold(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	eng := sim.New()
	eng.SetBudget(1 << 62)
	eng.SetStop(sim.ContextStop(ctx))
	h := newHold(eng, sim.Stream(benchSeed, 0, 0))
	h.start()
	for range holdEvents / 10 {
		eng.Step()
	}
	eng.Reset()
	b.ReportAllocs()
	for b.Loop() {
		eng.Reset()
		h.start()
		for eng.Fired() < holdEvents {
			eng.Step()
		}
	}
	b.ReportMetric(float64(holdEvents)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// mm1 is an M/M/1 queue on a sim.Resource: Poisson arrivals at rate lambda,
// exponential service at rate mu, customers indexed by arrival order.
type mm1 struct {
	eng       *sim.Engine
	server    *sim.Resource
	arrRng    *rand.Rand
	svcRng    *rand.Rand
	lambda    float64
	mu        float64
	customers int         // how many customers arrive in all
	arrived   int         // customers arrived so far
	arrival   []float64   // arrival time of customer i
	sojourn   stats.Tally // time in system of every customer

	arriveFn, serveFn, departFn func(int)
}

func newMM1(customers int, lambda, mu float64) *mm1 {
	m := &mm1{lambda: lambda, mu: mu, customers: customers, arrival: make([]float64, customers)}
	m.arriveFn, m.serveFn, m.departFn = m.arrive, m.serve, m.depart
	return m
}

// run simulates one replication with the given generators and returns the
// mean time in system.
func (m *mm1) run(eng *sim.Engine, arrRng, svcRng *rand.Rand) float64 {
	eng.Reset()
	m.eng, m.arrRng, m.svcRng = eng, arrRng, svcRng
	m.server = sim.NewResource(eng, 1)
	m.arrived = 0
	m.sojourn = stats.Tally{}
	eng.ScheduleArg(m.arrRng.ExpFloat64()/m.lambda, m.arriveFn, 0)
	eng.Run()
	return m.sojourn.Mean()
}

func (m *mm1) arrive(i int) {
	m.arrival[i] = m.eng.Now()
	m.arrived++
	m.server.Request(m.serveFn, i)
	if m.arrived < m.customers {
		m.eng.ScheduleArg(m.arrRng.ExpFloat64()/m.lambda, m.arriveFn, i+1)
	}
}

func (m *mm1) serve(i int) { m.eng.ScheduleArg(m.svcRng.ExpFloat64()/m.mu, m.departFn, i) }

func (m *mm1) depart(i int) {
	m.server.Release()
	m.sojourn.Add(m.eng.Now() - m.arrival[i])
}

func BenchmarkMM1(b *testing.B) {
	// λ = 0.9 and μ = 1.0 give utilisation 0.9 (BENCH.md); theory says the
	// mean time in system is 1/(μ−λ) = 10.
	const lambda, mu = 0.9, 1.0
	m := newMM1(mm1Customers, lambda, mu)
	eng := sim.New()
	b.ReportAllocs()
	var sum float64
	rep := 0
	for b.Loop() {
		// A fresh pair of streams per op, so the reported mean is an
		// average over independent runs.
		sum += m.run(eng, sim.Stream(benchSeed, rep, 0), sim.Stream(benchSeed, rep, 1))
		rep++
	}
	b.ReportMetric(float64(mm1Customers)*float64(b.N)/b.Elapsed().Seconds(), "customers/s")
	b.ReportMetric(sum/float64(rep), "mean-time-in-system")
}

// The baseline: the hold model's pop-then-push pattern on a bare 4-ary heap
// of (time, seq, id) values. No engine, no callbacks: the floor that hold is
// measured against.

type baseEntry struct {
	t   float64
	seq uint64
	id  int32
}

func (a baseEntry) less(b baseEntry) bool {
	return a.t < b.t || (a.t == b.t && a.seq < b.seq)
}

type baseHeap []baseEntry

func (h *baseHeap) push(x baseEntry) {
	*h = append(*h, x)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !x.less(s[p]) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = x
}

func (h *baseHeap) pop() baseEntry {
	s := *h
	top := s[0]
	n := len(s) - 1
	x := s[n]
	s = s[:n]
	*h = s
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < min(c+4, n); j++ {
			if s[j].less(s[m]) {
				m = j
			}
		}
		if !s[m].less(x) {
			break
		}
		s[i] = s[m]
		i = m
	}
	s[i] = x
	return top
}

func BenchmarkBaseline(b *testing.B) {
	rng := sim.Stream(benchSeed, 0, 0)
	h := make(baseHeap, 0, holdEntities)
	var seq uint64
	b.ReportAllocs()
	for b.Loop() {
		h = h[:0]
		now := 0.0
		for i := range holdEntities {
			h.push(baseEntry{t: rng.ExpFloat64(), seq: seq, id: int32(i)})
			seq++
		}
		for range holdEvents {
			e := h.pop()
			now = e.t
			h.push(baseEntry{t: now + rng.ExpFloat64(), seq: seq, id: e.id})
			seq++
		}
	}
	b.ReportMetric(float64(holdEvents)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
