package whatif

import (
	"container/list"
	"context"
	"fmt"
	"sync"

	"deploysim/models"
	"deploysim/sim"
)

// Cache keeps the outcomes of arms already simulated, keyed by the arm's
// parameters (its name and title aside), the seed, the horizon and the
// warm-up, so that the same arm is never simulated twice and more
// replications extend the ones already run. It is safe for concurrent use;
// fetches that simulate run one at a time, each over all the workers, and
// one waiting for another gives up when its context ends.
//
// The outcomes of replication r do not depend on how many replications
// were asked for, nor when: models derives every random stream from the
// seed and r. So a cached prefix extended by more replications is exactly
// what one longer run would give.
//
// A cache with MaxOutcomes set holds at most that many outcomes (a
// long-running server's), dropping the arms used least recently first;
// without it, a cache grows with what it is asked (a command's, which
// ends).
type Cache struct {
	// Workers is how many replications run at once (0: GOMAXPROCS). The
	// results do not depend on it.
	Workers int
	// MaxOutcomes bounds the outcomes held (0: no bound). A fetch gets
	// every outcome it asked for even if they are more than the bound;
	// they are then not all kept.
	MaxOutcomes int
	// Budget is the most engine events one replication may fire (0:
	// models.DefaultBudget); a fetch with a replication over it fails
	// with a *models.BudgetError.
	Budget uint64
	// Run, if not nil, stands in for the replication runner: it is given
	// every replication a fetch is missing, in order (each request's, in
	// request order, replication order within a request), and returns
	// their outcomes in the same order, or an error that the fetch
	// returns. deploysim's shards use it to simulate only their slice and
	// its merge to read the outcomes the shards wrote.
	Run func(ctx context.Context, jobs []Job, progress func(done, total int)) ([]models.Outcome, error)

	once     sync.Once
	fetching chan struct{} // holds a token for a whole fetch that simulates
	mu       sync.Mutex    // guards the fields below
	entries  map[string]*list.Element
	recent   *list.List // of *entry, most recently used first
	held     int        // outcomes in entries
	// simulated counts the arm-replications run.
	simulated int
}

// entry is one arm's outcomes, replication 0 first.
type entry struct {
	key  string
	outs []models.Outcome
}

// NewCache returns an empty cache, without a bound, that runs
// replications over workers goroutines (0: GOMAXPROCS).
func NewCache(workers int) *Cache {
	return &Cache{Workers: workers}
}

func (c *Cache) init() {
	c.once.Do(func() {
		c.fetching = make(chan struct{}, 1)
		c.entries = map[string]*list.Element{}
		c.recent = list.New()
	})
}

// Request asks for the first N replications of an arm.
type Request struct {
	Arm                       models.Arm
	Seed                      uint64
	HorizonHours, WarmupHours float64
	N                         int
}

// Job is one replication of one request that a fetch must run.
type Job struct {
	// Key identifies the arm's parameters, seed, horizon and warm-up
	// (the arm's name and title aside): equal keys have equal outcomes.
	// It is the same in every process.
	Key         string
	Request     *Request
	Replication int
}

// Simulate runs the job's replication.
func (j *Job) Simulate(ctx context.Context) (models.Outcome, error) {
	return models.SimulateContext(ctx, &j.Request.Arm, models.RunOptions{
		Seed: j.Request.Seed, Replication: j.Replication,
		HorizonHours: j.Request.HorizonHours, WarmupHours: j.Request.WarmupHours,
	})
}

func (r *Request) key() string {
	a := r.Arm
	a.Name, a.Title = "", ""
	return fmt.Sprintf("%#v|%d|%g|%g", a, r.Seed, r.HorizonHours, r.WarmupHours)
}

// Outcomes returns replications 0 … n−1 of arm, simulating only those not
// cached. The slice is shared with the cache: do not modify it.
func (c *Cache) Outcomes(ctx context.Context, arm models.Arm, seed uint64, horizonHours, warmupHours float64, n int) ([]models.Outcome, error) {
	out, err := c.Fetch(ctx, []Request{{Arm: arm, Seed: seed, HorizonHours: horizonHours, WarmupHours: warmupHours, N: n}}, nil)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// Simulated returns how many arm-replications the cache has simulated.
func (c *Cache) Simulated() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.simulated
}

// Held returns how many outcomes the cache holds.
func (c *Cache) Held() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.held
}

// Cached returns the outcomes of every request, in order, if the cache
// holds them all, without simulating; ok is false if any is missing.
func (c *Cache) Cached(reqs []Request) (outs [][]models.Outcome, ok bool) {
	c.init()
	keys := make([]string, len(reqs))
	for i := range reqs {
		keys[i] = reqs[i].key()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.collect(reqs, keys)
}

// collect returns the requests' outcomes if all are held, marking them
// used. c.mu is held.
func (c *Cache) collect(reqs []Request, keys []string) ([][]models.Outcome, bool) {
	res := make([][]models.Outcome, len(reqs))
	for i := range reqs {
		el, ok := c.entries[keys[i]]
		if !ok || len(el.Value.(*entry).outs) < reqs[i].N || reqs[i].N < 1 {
			return nil, false
		}
		res[i] = el.Value.(*entry).outs[:reqs[i].N:reqs[i].N]
	}
	for i := range reqs {
		c.recent.MoveToFront(c.entries[keys[i]])
	}
	return res, true
}

// Fetch returns the outcomes of every request, in order, running the
// missing replications of all of them in one parallel batch (so that
// many small requests still keep every worker busy). progress, if not
// nil, is called as replications finish. An invalid arm is an error, as
// is ctx ending before the outcomes are there (nothing of a cancelled
// batch is kept): ctx reaches into every replication, which stops within
// a few thousand events, so a cancelled or over-budget fetch gives its
// turn back at once.
func (c *Cache) Fetch(ctx context.Context, reqs []Request, progress func(done, total int)) ([][]models.Outcome, error) {
	c.init()
	keys := make([]string, len(reqs))
	for i := range reqs {
		if reqs[i].N < 1 {
			return nil, fmt.Errorf("whatif: request %d asks for %d replications", i, reqs[i].N)
		}
		keys[i] = reqs[i].key()
	}
	c.mu.Lock()
	res, ok := c.collect(reqs, keys)
	c.mu.Unlock()
	if ok {
		return res, nil
	}
	select {
	case c.fetching <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.fetching }()

	type job struct {
		key string
		req *Request
		rep int
	}
	var jobs []job
	have := map[string][]models.Outcome{} // key → the outcomes held when the batch was planned
	planned := map[string]int{}           // key → replications held or planned
	c.mu.Lock()
	for i := range reqs {
		r := &reqs[i]
		n, ok := planned[keys[i]]
		if !ok {
			if el, held := c.entries[keys[i]]; held {
				have[keys[i]] = el.Value.(*entry).outs
			}
			n = len(have[keys[i]])
		}
		if r.N > n {
			if err := r.Arm.Validate(); err != nil {
				c.mu.Unlock()
				return nil, fmt.Errorf("arm %s: %w", r.Arm.Name, err)
			}
			for rep := n; rep < r.N; rep++ {
				jobs = append(jobs, job{key: keys[i], req: r, rep: rep})
			}
			n = r.N
		}
		planned[keys[i]] = n
	}
	c.mu.Unlock()

	var outs []models.Outcome
	if len(jobs) > 0 && c.Run != nil {
		run := make([]Job, len(jobs))
		for j, jb := range jobs {
			run[j] = Job{Key: jb.key, Request: jb.req, Replication: jb.rep}
		}
		var err error
		if outs, err = c.Run(ctx, run, progress); err != nil {
			return nil, err
		}
		if len(outs) != len(jobs) {
			return nil, fmt.Errorf("whatif: Cache.Run returned %d outcomes for %d replications", len(outs), len(jobs))
		}
	} else if len(jobs) > 0 { // none if a fetch before this one ran them
		var err error
		outs, err = sim.ReplicateErr(ctx, sim.Options{Replications: len(jobs), Workers: c.Workers, Progress: progress},
			func(j int) (models.Outcome, error) {
				jb := jobs[j]
				return models.SimulateContext(ctx, &jb.req.Arm, models.RunOptions{
					Seed: jb.req.Seed, Replication: jb.rep,
					HorizonHours: jb.req.HorizonHours, WarmupHours: jb.req.WarmupHours,
					Budget: c.Budget,
				})
			})
		if err != nil {
			return nil, err
		}
	}
	// Fresh slices, never an append to a held one's spare capacity: other
	// callers may be reading what they were given.
	grown := map[string][]models.Outcome{}
	for j, jb := range jobs {
		g, ok := grown[jb.key]
		if !ok {
			g = append(make([]models.Outcome, 0, planned[jb.key]), have[jb.key]...)
		}
		grown[jb.key] = append(g, outs[j]) // jobs of one key are in replication order
	}
	res = make([][]models.Outcome, len(reqs))
	c.mu.Lock()
	defer c.mu.Unlock()
	c.simulated += len(jobs)
	for i := range reqs {
		outs, ok := grown[keys[i]]
		if !ok {
			outs = have[keys[i]]
		}
		res[i] = outs[:reqs[i].N:reqs[i].N]
		c.keep(keys[i], outs)
	}
	c.evict()
	return res, nil
}

// keep stores outs under key as the most recently used entry, unless the
// cache already holds as many. c.mu is held.
func (c *Cache) keep(key string, outs []models.Outcome) {
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*entry)
		if len(outs) > len(e.outs) {
			c.held += len(outs) - len(e.outs)
			e.outs = outs
		}
		c.recent.MoveToFront(el)
		return
	}
	c.entries[key] = c.recent.PushFront(&entry{key: key, outs: outs})
	c.held += len(outs)
}

// evict drops the least recently used entries until the cache is within
// MaxOutcomes. c.mu is held.
func (c *Cache) evict() {
	for c.MaxOutcomes > 0 && c.held > c.MaxOutcomes {
		el := c.recent.Back()
		e := el.Value.(*entry)
		c.recent.Remove(el)
		delete(c.entries, e.key)
		c.held -= len(e.outs)
	}
}
