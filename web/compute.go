package web

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"sync"

	"deploysim/models"
	"deploysim/sim"
)

// outcomeStore keeps replications already run, so that moving one arm's
// lever reruns that arm only and a refined frame extends the first one by
// more replications instead of starting again. The what-if package (issue
// 10) is to provide a shared cache; until it does, memoryStore is this
// package's own.
type outcomeStore interface {
	// outcomes returns the outcomes kept under key, replication 0 first
	// (possibly fewer than wanted, possibly none).
	outcomes(key string) []models.Outcome
	// keep stores outs, replications 0 … len(outs)−1, under key.
	keep(key string, outs []models.Outcome)
}

// memoryStore is an outcomeStore bounded by the number of outcomes it
// holds, dropping the least recently used arm first.
type memoryStore struct {
	mu    sync.Mutex
	max   int // most outcomes held
	held  int
	order *list.List // of *storeEntry, most recent first
	byKey map[string]*list.Element
}

type storeEntry struct {
	key  string
	outs []models.Outcome
}

func newMemoryStore(maxOutcomes int) *memoryStore {
	return &memoryStore{max: maxOutcomes, order: list.New(), byKey: map[string]*list.Element{}}
}

func (s *memoryStore) outcomes(key string) []models.Outcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	el, ok := s.byKey[key]
	if !ok {
		return nil
	}
	s.order.MoveToFront(el)
	return el.Value.(*storeEntry).outs
}

func (s *memoryStore) keep(key string, outs []models.Outcome) {
	if len(outs) > s.max {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.byKey[key]; ok {
		e := el.Value.(*storeEntry)
		if len(e.outs) >= len(outs) {
			return
		}
		s.held += len(outs) - len(e.outs)
		e.outs = outs
		s.order.MoveToFront(el)
	} else {
		s.byKey[key] = s.order.PushFront(&storeEntry{key: key, outs: outs})
		s.held += len(outs)
	}
	for s.held > s.max {
		el := s.order.Back()
		e := el.Value.(*storeEntry)
		s.order.Remove(el)
		delete(s.byKey, e.key)
		s.held -= len(e.outs)
	}
}

// armKey identifies an arm's replications: the arm's every parameter and
// the run settings that fix its random numbers and period. Two arms with
// the same key give the same outcomes replication by replication.
func armKey(a *models.Arm, exp *models.Experiment) string {
	b, err := json.Marshal(struct {
		Arm                       models.Arm
		Seed                      uint64
		HorizonHours, WarmupHours float64
	}{*a, exp.Seed, exp.HorizonHours, exp.WarmupHours})
	if err != nil {
		panic("web: arm does not encode: " + err.Error()) // plain data: cannot happen
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// runner runs experiments through a store.
type runner struct {
	store   outcomeStore
	workers int
	// acquire, if set, takes a simulation slot before replications are
	// run (not when the store holds them all); calling the function it
	// returns gives the slot back.
	acquire func(ctx context.Context) (func(), error)

	mu      sync.Mutex
	flights map[string]chan struct{} // runs under way, closed when done
}

// run returns the results of exp's first n replications (exp.Replications
// is ignored), running only those of them the store does not hold. exp
// must be valid. The outcomes are those models.Experiment.Run gives: each
// replication's random streams depend on the seed and its index only.
func (rn *runner) run(ctx context.Context, exp *models.Experiment, n int) (*models.Results, error) {
	type task struct{ arm, rep int }
	have := make([][]models.Outcome, len(exp.Arms))
	keys := make([]string, len(exp.Arms))
	var tasks []task
	missing := func() {
		tasks = tasks[:0]
		for a := range exp.Arms {
			have[a] = rn.store.outcomes(keys[a])
			for rep := len(have[a]); rep < n; rep++ {
				tasks = append(tasks, task{a, rep})
			}
		}
	}
	for a := range exp.Arms {
		keys[a] = armKey(&exp.Arms[a], exp)
	}
	missing()
	// A room of laptops opening the same link runs it once: a request
	// that finds the same replications under way waits for them.
	flightKey := strings.Join(keys, ",") + "#" + strconv.Itoa(n)
	for len(tasks) > 0 {
		rn.mu.Lock()
		wait, busy := rn.flights[flightKey]
		if !busy {
			if rn.flights == nil {
				rn.flights = map[string]chan struct{}{}
			}
			done := make(chan struct{})
			rn.flights[flightKey] = done
			defer func() {
				rn.mu.Lock()
				delete(rn.flights, flightKey)
				rn.mu.Unlock()
				close(done)
			}()
		}
		rn.mu.Unlock()
		if !busy {
			break
		}
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		missing() // done, or given up when its page moved on: look again
	}
	if len(tasks) > 0 && rn.acquire != nil {
		release, err := rn.acquire(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
		// Another request may have run them while this one waited.
		missing()
	}
	if len(tasks) > 0 {
		outs, err := sim.Replicate(ctx, sim.Options{Replications: len(tasks), Workers: rn.workers}, func(i int) models.Outcome {
			t := tasks[i]
			return models.Simulate(&exp.Arms[t.arm], models.RunOptions{
				Seed: exp.Seed, Replication: t.rep,
				HorizonHours: exp.HorizonHours, WarmupHours: exp.WarmupHours,
			})
		})
		if err != nil {
			return nil, err
		}
		// Fresh slices: the stored ones may be read by other requests.
		grown := make([][]models.Outcome, len(exp.Arms))
		for i, t := range tasks {
			if grown[t.arm] == nil {
				grown[t.arm] = append(make([]models.Outcome, 0, n), have[t.arm]...)
			}
			grown[t.arm] = append(grown[t.arm], outs[i]) // tasks of an arm are in replication order
		}
		for a := range grown {
			if grown[a] != nil {
				have[a] = grown[a]
			}
		}
		for a := range exp.Arms {
			rn.store.keep(keys[a], have[a])
		}
	}
	res := &models.Results{Experiment: *exp, Outcomes: make([][]models.Outcome, len(exp.Arms))}
	res.Experiment.Replications = n
	for a := range exp.Arms {
		res.Outcomes[a] = have[a][:n:n]
	}
	return res, nil
}
