package web

import (
	"context"

	"deploysim/models"
	"deploysim/whatif"
)

// runner runs experiments through the server's one outcome cache, the
// what-if package's (keyed by the arm's parameters, the seed and the
// horizon): moving one arm's lever reruns that arm only, a refined frame
// extends the first one by more replications instead of starting again,
// and the sweep of a lever reuses the replications of its current value.
// The cache is bounded (Options.CacheOutcomes), dropping the arm used
// least recently first.
type runner struct {
	cache *whatif.Cache
	// acquire, if set, takes a simulation slot before replications are
	// run (not when the cache holds them all); calling the function it
	// returns gives the slot back.
	acquire func(ctx context.Context) (func(), error)
}

// run returns the results of exp's first n replications (exp.Replications
// is ignored), running only those of them the cache does not hold. exp
// must be valid. The outcomes are those models.Experiment.Run gives: each
// replication's random streams depend on the seed and its index only.
//
// A room of laptops opening the same link runs it once: the cache runs
// one fetch at a time, and a request that finds its replications run by
// the fetch before it takes them.
func (rn *runner) run(ctx context.Context, exp *models.Experiment, n int) (*models.Results, error) {
	reqs := requests(exp, n)
	outs, ok := rn.cache.Cached(reqs)
	if !ok {
		if rn.acquire != nil {
			release, err := rn.acquire(ctx)
			if err != nil {
				return nil, err
			}
			defer release()
		}
		var err error
		if outs, err = rn.cache.Fetch(ctx, reqs, nil); err != nil {
			return nil, err
		}
	}
	res := &models.Results{Experiment: *exp, Outcomes: outs}
	res.Experiment.Replications = n
	return res, nil
}

// requests returns the cache requests for exp's first n replications of
// every arm.
func requests(exp *models.Experiment, n int) []whatif.Request {
	reqs := make([]whatif.Request, len(exp.Arms))
	for a := range exp.Arms {
		reqs[a] = whatif.Request{Arm: exp.Arms[a], Seed: exp.Seed, HorizonHours: exp.HorizonHours, WarmupHours: exp.WarmupHours, N: n}
	}
	return reqs
}
