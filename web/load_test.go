package web

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLoad sends 200 requests, 20 at a time, over loopback, as a room of
// laptops opening the same link does: the pages, the scenario list, the
// workshop steps and the results of the default scenario (which the first
// requests simulate together, once, and the others reuse). Every one must
// succeed; the 95th percentile latency is logged. It is in the slow tier.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("slow tier: 200 requests over loopback")
	}
	_, ts := newTestServer(t, Options{Replications: 10, FirstFrame: 3})
	const total, parallel = 200, 20
	type result struct {
		d   time.Duration
		err error
	}
	results := make([]result, total)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				start := time.Now()
				results[i] = result{err: loadRequest(ts.URL, i)}
				results[i].d = time.Since(start)
			}
		}()
	}
	for i := range total {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	var ds []time.Duration
	for i, r := range results {
		if r.err != nil {
			t.Errorf("request %d: %v", i, r.err)
		}
		ds = append(ds, r.d)
	}
	slices.Sort(ds)
	t.Logf("%d requests, %d at a time: p50 %v, p95 %v, max %v", total, parallel,
		ds[total/2].Round(time.Millisecond), ds[total*95/100-1].Round(time.Millisecond), ds[total-1].Round(time.Millisecond))
}

func loadRequest(base string, i int) error {
	var resp *http.Response
	var err error
	switch i % 5 {
	case 0:
		resp, err = http.Get(base + "/")
	case 1:
		resp, err = http.Get(base + "/api/scenarios")
	case 2:
		resp, err = http.Get(base + "/api/steps?scenario=epic-vs-continuous")
	default:
		body := `{"scenario":"epic-vs-continuous","figures":true}`
		resp, err = http.Post(base+"/api/results", "application/json", strings.NewReader(body))
	}
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, b)
	}
	if strings.Contains(string(b), `"errors"`) {
		return fmt.Errorf("error in the stream: %s", b)
	}
	return nil
}

// TestConcurrentRequests is the fast tier's check of the server's shared
// state (kept outcomes, runs under way, drawn frames, the slots), run
// under the race detector by make test: requests that ask for the same
// and for different results at once all get them.
func TestConcurrentRequests(t *testing.T) {
	_, ts := newTestServer(t, Options{Replications: 4, FirstFrame: 2, MaxConcurrent: 1})
	var wg sync.WaitGroup
	errs := make([]error, 12)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"scenario":"knight-capital-2012","seed":%d,"figures":%v}`, i%2+1, i%3 == 0)
			resp, err := http.Post(ts.URL+"/api/results", "application/json", strings.NewReader(body))
			if err != nil {
				errs[i] = err
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || strings.Contains(string(b), `"errors"`) {
				errs[i] = fmt.Errorf("status %d: %.200s", resp.StatusCode, b)
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("request %d: %v", i, err)
		}
	}
}
