package whatif_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"

	"deploysim/models"
	"deploysim/scenarios"
	"deploysim/whatif"
)

// cacheArms returns the three arms of the default scenario and its run
// settings, small enough for the fast tier: a 28-day horizon.
func cacheArms(t *testing.T) ([]models.Arm, models.Experiment) {
	t.Helper()
	sc, err := scenarios.Load("epic-vs-continuous")
	if err != nil {
		t.Fatal(err)
	}
	exp := sc.Experiment()
	exp.HorizonHours, exp.WarmupHours = 28*24, 0
	return exp.Arms, exp
}

func request(a models.Arm, exp models.Experiment, n int) whatif.Request {
	return whatif.Request{Arm: a, Seed: exp.Seed, HorizonHours: exp.HorizonHours, N: n}
}

// TestCacheBound: a bounded cache holds at most MaxOutcomes, drops the
// arm used least recently, and still answers a fetch larger than it.
func TestCacheBound(t *testing.T) {
	arms, exp := cacheArms(t)
	ctx := context.Background()
	c := &whatif.Cache{Workers: 2, MaxOutcomes: 10}
	for _, a := range arms[:2] { // 4 + 4 outcomes
		if _, err := c.Outcomes(ctx, a, exp.Seed, exp.HorizonHours, 0, 4); err != nil {
			t.Fatal(err)
		}
	}
	// Use the first arm again: the second is now the least recent.
	if _, err := c.Outcomes(ctx, arms[0], exp.Seed, exp.HorizonHours, 0, 4); err != nil {
		t.Fatal(err)
	}
	if got := c.Simulated(); got != 8 {
		t.Fatalf("simulated %d, want 8 (the first arm's second fetch is cached)", got)
	}
	if _, err := c.Outcomes(ctx, arms[2], exp.Seed, exp.HorizonHours, 0, 4); err != nil {
		t.Fatal(err)
	}
	if got := c.Held(); got > 10 {
		t.Errorf("holds %d outcomes, more than the bound 10", got)
	}
	if _, ok := c.Cached([]whatif.Request{request(arms[1], exp, 4)}); ok {
		t.Error("the least recently used arm was kept")
	}
	for _, a := range []int{0, 2} {
		if _, ok := c.Cached([]whatif.Request{request(arms[a], exp, 4)}); !ok {
			t.Errorf("arm %d (recently used) was dropped", a)
		}
	}
	// A fetch of more than the bound is answered in full.
	outs, err := c.Fetch(ctx, []whatif.Request{request(arms[0], exp, 6), request(arms[1], exp, 6)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs[0]) != 6 || len(outs[1]) != 6 {
		t.Errorf("got %d and %d outcomes, want 6 and 6", len(outs[0]), len(outs[1]))
	}
	if got := c.Held(); got > 10 {
		t.Errorf("holds %d outcomes, more than the bound 10", got)
	}
}

// TestCacheExtendsAndMatches: outcomes extended by more replications are
// those one run of them all gives, replication by replication.
func TestCacheExtendsAndMatches(t *testing.T) {
	arms, exp := cacheArms(t)
	ctx := context.Background()
	c := whatif.NewCache(2)
	first, err := c.Outcomes(ctx, arms[2], exp.Seed, exp.HorizonHours, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	more, err := c.Outcomes(ctx, arms[2], exp.Seed, exp.HorizonHours, 0, 5)
	if err != nil {
		t.Fatal(err)
	}
	if c.Simulated() != 5 {
		t.Errorf("simulated %d, want 5", c.Simulated())
	}
	if !reflect.DeepEqual(first, more[:3]) {
		t.Error("extending changed the first replications")
	}
	for rep := range 5 {
		want := models.Simulate(&arms[2], models.RunOptions{Seed: exp.Seed, Replication: rep, HorizonHours: exp.HorizonHours})
		if !reflect.DeepEqual(more[rep], want) {
			t.Errorf("replication %d differs from models.Simulate's", rep)
		}
	}
}

// TestCacheConcurrentFetches runs fetches of overlapping arms at once
// (make test runs it under the race detector): every one gets the
// outcomes a lone fetch gives, and no arm-replication is simulated twice.
func TestCacheConcurrentFetches(t *testing.T) {
	arms, exp := cacheArms(t)
	ctx := context.Background()
	want, err := whatif.NewCache(1).Fetch(ctx, []whatif.Request{request(arms[0], exp, 4), request(arms[1], exp, 4), request(arms[2], exp, 4)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &whatif.Cache{Workers: 2, MaxOutcomes: 1000}
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for g := range 6 {
		wg.Go(func() {
			a, n := g%3, 2+g%3 // arms fetched by two goroutines each, to different depths
			outs, err := c.Fetch(ctx, []whatif.Request{request(arms[a], exp, n), request(arms[(a+1)%3], exp, 4)}, nil)
			if err != nil {
				errs <- err
				return
			}
			if !reflect.DeepEqual(outs[0], want[a][:n]) || !reflect.DeepEqual(outs[1], want[(a+1)%3]) {
				errs <- errors.New("outcomes differ from a lone fetch's")
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := c.Simulated(); got != 12 {
		t.Errorf("simulated %d arm-replications, want 12 (3 arms × 4, each once)", got)
	}
}

// TestCacheConcurrentCancel: a fetch waiting for another to finish gives
// up when its context ends, and a cancelled fetch keeps nothing.
func TestCacheConcurrentCancel(t *testing.T) {
	arms, exp := cacheArms(t)
	c := whatif.NewCache(1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Fetch(ctx, []whatif.Request{request(arms[0], exp, 50)}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled fetch: got %v, want context.Canceled", err)
	}
	if c.Held() != 0 {
		t.Errorf("a cancelled fetch kept %d outcomes", c.Held())
	}
	// A long fetch under way; a second, already cancelled, does not wait
	// for it.
	long, stop := context.WithCancel(context.Background())
	started := make(chan struct{})
	done := make(chan error)
	go func() {
		_, err := c.Fetch(long, []whatif.Request{request(arms[2], exp, 2000)}, func(int, int) {
			select {
			case <-started:
			default:
				close(started)
			}
		})
		done <- err
	}()
	<-started
	if _, err := c.Fetch(ctx, []whatif.Request{request(arms[1], exp, 1)}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled fetch waiting for another: got %v, want context.Canceled", err)
	}
	stop()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("the long fetch, stopped: got %v, want context.Canceled", err)
	}
}

// TestCacheRunHook: a Cache whose Run simulates each job itself, in
// reverse order, gives the outcomes the plain cache gives, and is handed
// only the replications the cache is missing.
func TestCacheRunHook(t *testing.T) {
	arms, exp := cacheArms(t)
	reqs := []whatif.Request{request(arms[0], exp, 3), request(arms[1], exp, 2), request(arms[0], exp, 3)}
	want, err := whatif.NewCache(1).Fetch(context.Background(), reqs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var handed []int
	c := whatif.NewCache(1)
	c.Run = func(ctx context.Context, jobs []whatif.Job, _ func(int, int)) ([]models.Outcome, error) {
		outs := make([]models.Outcome, len(jobs))
		for i := len(jobs) - 1; i >= 0; i-- {
			handed = append(handed, jobs[i].Replication)
			o, err := jobs[i].Simulate(ctx)
			if err != nil {
				return nil, err
			}
			outs[i] = o
		}
		return outs, nil
	}
	got, err := c.Fetch(context.Background(), reqs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(handed) != 5 {
		t.Errorf("Run was handed %d replications, want 5 (3 + 2: the repeated request is one arm)", len(handed))
	}
	for i := range want {
		for r := range want[i] {
			if got[i][r].TotalCost() != want[i][r].TotalCost() || got[i][r].Events != want[i][r].Events {
				t.Errorf("request %d replication %d: got cost %v, want %v", i, r, got[i][r].TotalCost(), want[i][r].TotalCost())
			}
		}
	}
	handed = nil
	if _, err := c.Fetch(context.Background(), []whatif.Request{request(arms[0], exp, 4)}, nil); err != nil || len(handed) != 1 || handed[0] != 3 {
		t.Errorf("extending to 4 replications handed %v (%v), want [3]", handed, err)
	}
}
