package web

import (
	"context"
	"slices"
	"strings"
	"sync"
)

// Prefetching the next notch. A slider is moved a notch at a time far
// more often than it jumps, and a heavy arm's full count takes about as
// long to simulate as the page's target for a whole answer. So once the
// sweep curve of a lever is out and the page waits for the next move, the
// server runs the lever's neighbours on its ladder (one notch down, one
// up) to the full count in the shared cache: the next notch then finds
// every replication kept and costs only its summary and figures.
//
// It never stands in a request's way. A new results request stops it
// before doing anything else (its context is cancelled, and a replication
// stops within a few thousand events); it runs only in a simulation slot
// that is free at once, and gives up otherwise; it is bounded by the
// request timeout.
type prefetcher struct {
	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// stop cancels the prefetch under way, if any, and waits for it to give
// back its slot and the cache.
func (p *prefetcher) stop() {
	p.mu.Lock()
	cancel, done := p.cancel, p.done
	p.cancel, p.done = nil, nil
	p.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// start runs fn in the background in place of any prefetch under way,
// which it stops first. Swapping under one lock means two requests that
// end at once leave one prefetch running, never an orphan.
func (p *prefetcher) start(parent context.Context, fn func(ctx context.Context)) {
	ctx, cancel := context.WithCancel(parent)
	done := make(chan struct{})
	p.mu.Lock()
	oldCancel, oldDone := p.cancel, p.done
	p.cancel, p.done = cancel, done
	p.mu.Unlock()
	if oldCancel != nil {
		oldCancel()
		<-oldDone
	}
	go func() {
		defer close(done)
		defer cancel()
		fn(ctx)
	}()
}

// wait blocks until the prefetch under way, if any, has finished (for
// tests and benchmarks).
func (p *prefetcher) wait() {
	p.mu.Lock()
	done := p.done
	p.mu.Unlock()
	if done != nil {
		<-done
	}
}

// neighbours returns the values of ladder a notch below and above now.
func neighbours(ladder []string, now string) []string {
	i := slices.Index(ladder, now)
	if i < 0 {
		return nil
	}
	var out []string
	if i > 0 {
		out = append(out, ladder[i-1])
	}
	if i+1 < len(ladder) {
		out = append(out, ladder[i+1])
	}
	return out
}

// withOverride returns sets with path set to value, in place of any
// earlier override of path.
func withOverride(sets []string, path, value string) []string {
	out := slices.DeleteFunc(slices.Clone(sets), func(o string) bool { return strings.HasPrefix(o, path+"=") })
	return append(out, path+"="+value)
}

// prefetchNeighbours runs, for req's swept lever, the replications of its
// neighbouring notches that the cache does not hold (see prefetcher).
func (s *Server) prefetchNeighbours(req resultsRequest, rv *resolved) {
	if rv.sweep == nil {
		return
	}
	lever := *rv.sweep
	s.prefetch.start(context.Background(), func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, s.opt.RequestTimeout)
		defer cancel()
		var next []*resolved
		for _, v := range neighbours(lever.Values, lever.Value) {
			nreq := req
			nreq.Set = withOverride(req.Set, lever.Path, v)
			nreq.Sweep = ""
			if nrv, err := s.resolve(&nreq); err == nil {
				next = append(next, nrv) // else a notch the model refuses (a release interval within its freeze)
			}
		}
		// Both notches a chunk at a time, doubling: the cache keeps every
		// chunk it finishes, so a move that stops the prefetch early still
		// finds the first replications of either notch kept.
		for n := min(prefetchChunk, rv.n); ; n = min(2*n, rv.n) {
			for _, nrv := range next {
				if !s.prefetchRun(ctx, nrv, n) {
					return
				}
			}
			if n == rv.n {
				return
			}
		}
	})
}

// prefetchChunk is the first chunk of replications a prefetch runs.
const prefetchChunk = 25

// prefetchRun runs the first n replications of nrv that the cache does
// not hold, in a simulation slot free at once; it reports whether the
// prefetch may go on (false when stopped, out of time, or every slot is
// answering someone).
func (s *Server) prefetchRun(ctx context.Context, nrv *resolved, n int) bool {
	reqs := requests(&nrv.exp, n)
	if _, ok := s.runner.cache.Cached(reqs); ok {
		return true
	}
	select {
	case s.slots <- struct{}{}:
	default:
		return false
	}
	defer func() { <-s.slots }()
	_, err := s.runner.cache.Fetch(ctx, reqs, nil)
	return err == nil
}
