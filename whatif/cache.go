package whatif

import (
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
// fetches run one at a time, each over all the workers.
//
// The outcomes of replication r do not depend on how many replications
// were asked for, nor when: models derives every random stream from the
// seed and r. So a cached prefix extended by more replications is exactly
// what one longer run would give.
type Cache struct {
	// Workers is how many replications run at once (0: GOMAXPROCS). The
	// results do not depend on it.
	Workers int

	fetching  sync.Mutex // held for a whole Fetch
	mu        sync.Mutex // guards the fields below
	entries   map[string][]models.Outcome
	simulated int
}

// NewCache returns an empty cache that runs replications over workers
// goroutines (0: GOMAXPROCS).
func NewCache(workers int) *Cache {
	return &Cache{Workers: workers, entries: map[string][]models.Outcome{}}
}

// Request asks for the first N replications of an arm.
type Request struct {
	Arm                       models.Arm
	Seed                      uint64
	HorizonHours, WarmupHours float64
	N                         int
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

// Fetch returns the outcomes of every request, in order, running the
// missing replications of all of them in one parallel batch (so that
// many small requests still keep every worker busy). progress, if not
// nil, is called as replications finish. An invalid arm is an error.
func (c *Cache) Fetch(ctx context.Context, reqs []Request, progress func(done, total int)) ([][]models.Outcome, error) {
	type job struct {
		key string
		arm *models.Arm
		req *Request
		rep int
	}
	c.fetching.Lock()
	defer c.fetching.Unlock()
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string][]models.Outcome{}
	}
	keys := make([]string, len(reqs))
	var jobs []job
	planned := map[string]int{} // key → replications already cached or planned
	for i := range reqs {
		r := &reqs[i]
		if r.N < 1 {
			c.mu.Unlock()
			return nil, fmt.Errorf("whatif: request %d asks for %d replications", i, r.N)
		}
		keys[i] = r.key()
		have, ok := planned[keys[i]]
		if !ok {
			have = len(c.entries[keys[i]])
		}
		if r.N > have {
			if err := r.Arm.Validate(); err != nil {
				c.mu.Unlock()
				return nil, fmt.Errorf("arm %s: %w", r.Arm.Name, err)
			}
			for rep := have; rep < r.N; rep++ {
				jobs = append(jobs, job{key: keys[i], arm: &r.Arm, req: r, rep: rep})
			}
			have = r.N
		}
		planned[keys[i]] = have
	}
	c.mu.Unlock()

	if len(jobs) > 0 {
		outs, err := sim.Replicate(ctx, sim.Options{Replications: len(jobs), Workers: c.Workers, Progress: progress},
			func(j int) models.Outcome {
				jb := jobs[j]
				return models.Simulate(jb.arm, models.RunOptions{
					Seed: jb.req.Seed, Replication: jb.rep,
					HorizonHours: jb.req.HorizonHours, WarmupHours: jb.req.WarmupHours,
				})
			})
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		for j, jb := range jobs {
			// Jobs of one key are in replication order and continue what
			// is cached.
			c.entries[jb.key] = append(c.entries[jb.key], outs[j])
		}
		c.simulated += len(jobs)
		c.mu.Unlock()
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	res := make([][]models.Outcome, len(reqs))
	for i := range reqs {
		res[i] = c.entries[keys[i]][:reqs[i].N:reqs[i].N]
	}
	return res, nil
}
