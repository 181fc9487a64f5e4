package models

import (
	"context"
	"fmt"

	"deploysim/sim"
)

// Experiment is a set of arms compared on the same work: every replication
// runs every arm with the same random streams (common random numbers), so
// the arms see the same changes arrive with the same latent defects and the
// differences between them are measured with less noise.
type Experiment struct {
	Arms []Arm
	// Baseline is the index in Arms of the arm others are compared with.
	Baseline int
	// Seed and Replications fix the random numbers: the same pair gives the
	// same results on any machine with any number of workers.
	Seed         uint64
	Replications int
	// HorizonHours is the measured period; WarmupHours runs before it so
	// that the measured period starts with work in progress, not an empty
	// system.
	HorizonHours float64
	WarmupHours  float64
}

// Results holds every replication's outcome for every arm.
type Results struct {
	Experiment Experiment
	// Outcomes[a][r] is arm a's outcome in replication r.
	Outcomes [][]Outcome
}

// Validate checks the experiment and every arm.
func (e *Experiment) Validate() error {
	var errs errorList
	if len(e.Arms) == 0 {
		errs.add("arms", "must have at least one arm")
	}
	if e.Baseline < 0 || e.Baseline >= len(e.Arms) && len(e.Arms) > 0 {
		errs.add("baseline", "must name one of the arms")
	}
	if e.Replications < 1 {
		errs.addf("replications", "must be ≥ 1, got %d", e.Replications)
	}
	if !(e.HorizonHours > 0) {
		errs.addf("horizon", "must be > 0, got %g h", e.HorizonHours)
	}
	if !(e.WarmupHours >= 0) {
		errs.addf("warmup", "must be ≥ 0, got %g h", e.WarmupHours)
	}
	for i := range e.Arms {
		if err := e.Arms[i].Validate(); err != nil {
			errs.wrap(fmt.Sprintf("arms[%d]", i), err)
		}
	}
	return errs.err()
}

// Run runs every replication of every arm over the given number of workers
// (0: GOMAXPROCS), calling progress (if not nil) after each replication. The
// results do not depend on the number of workers. If ctx is cancelled it
// returns ctx's error, within a few thousand events even in the middle of
// a replication; a replication that exceeds its event budget makes it
// return a *BudgetError.
func (e *Experiment) Run(ctx context.Context, workers int, progress func(done, total int)) (*Results, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	perRep, err := sim.ReplicateErr(ctx, sim.Options{
		Replications: e.Replications,
		Workers:      workers,
		Progress:     progress,
	}, func(rep int) ([]Outcome, error) {
		out := make([]Outcome, len(e.Arms))
		for a := range e.Arms {
			o, err := simulate(ctx, &e.Arms[a], RunOptions{
				Seed:         e.Seed,
				Replication:  rep,
				HorizonHours: e.HorizonHours,
				WarmupHours:  e.WarmupHours,
			})
			if err != nil {
				return nil, err
			}
			out[a] = o
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	res := &Results{Experiment: *e, Outcomes: make([][]Outcome, len(e.Arms))}
	for a := range e.Arms {
		res.Outcomes[a] = make([]Outcome, e.Replications)
		for r := range perRep {
			res.Outcomes[a][r] = perRep[r][a]
		}
	}
	return res, nil
}
