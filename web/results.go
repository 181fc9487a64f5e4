package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/models"
	"deploysim/report"
	"deploysim/report/render"
	"deploysim/reports"
	"deploysim/scenarios"
	"deploysim/whatif"
)

// resultsRequest is what the explore page asks for: a scenario, the
// overrides of its moved levers, and the run settings.
type resultsRequest struct {
	Scenario     string   `json:"scenario"`
	Set          []string `json:"set"`
	Seed         *uint64  `json:"seed"`
	Replications int      `json:"replications"`
	Edition      string   `json:"edition"`
	// Figures asks for the plots as well as the table.
	Figures bool `json:"figures"`
	// Sweep, an override path of a slider lever, asks for the sweep
	// curve of that lever last.
	Sweep string `json:"sweep"`
}

// frame is one answer of the results stream: the summary of the first
// Replications replications; Final on the last.
type frame struct {
	Final        bool   `json:"final"`
	Replications int    `json:"replications"`
	Of           int    `json:"of"`
	ElapsedMS    int64  `json:"elapsed_ms"`
	Scenario     string `json:"scenario"`
	Title        string `json:"title"`
	Currency     string `json:"currency"`
	Edition      string `json:"edition"`
	Seed         uint64 `json:"seed"`
	// Command is the deploysim run line that gives the same numbers.
	Command string           `json:"command"`
	Layout  reports.PageView `json:"layout"`
	Figures []figure         `json:"figures,omitempty"`
	// Values are the arms' lever values after the overrides (an arm that
	// extends another follows its changes).
	Values map[string]string `json:"values"`
}

type figure struct {
	Name    string `json:"name"`
	Heading string `json:"heading"`
	Caption string `json:"caption"`
	SVG     string `json:"svg"`
}

// resolved is a checked results request.
type resolved struct {
	sc      *scenarios.Scenario
	exp     models.Experiment
	n       int
	edition dora.Edition
	command string
	sweep   *Lever // the lever to sweep, if asked

	// The sweep's axis and the value now set, worked out once.
	axisOnce sync.Once
	axis     whatif.Axis
	now      float64
	axisErr  error
}

func (s *Server) resolve(req *resultsRequest) (*resolved, error) {
	sets := req.Set
	if req.Seed != nil {
		sets = append(sets[:len(sets):len(sets)], "seed="+strconv.FormatUint(*req.Seed, 10))
	}
	sc, err := s.scenario(req.Scenario, sets)
	if err != nil {
		return nil, err
	}
	n := req.Replications
	if n == 0 {
		n = min(sc.Replications, s.opt.Replications)
	}
	if n < 1 || n > s.opt.MaxReplications {
		return nil, badRequest("replications", "replications %d: want 1 to %d on this page; run more with deploysim run -n", n, s.opt.MaxReplications)
	}
	edition := dora.DefaultEdition
	if req.Edition != "" {
		if edition, err = dora.ParseEdition(req.Edition); err != nil {
			return nil, badRequest("edition", "DORA edition %q: want %s", req.Edition, dora.EditionList())
		}
	}
	exp := sc.Experiment()
	exp.Replications = n
	if err := exp.Validate(); err != nil {
		return nil, badRequest("", "%v", err)
	}
	// The line deploysim run writes for the same numbers.
	command := report.Again{
		Command: "run", Source: s.sourceOf(sc.Name), Sets: req.Set,
		Settings: &report.Settings{Replications: n, Seed: sc.Seed, HorizonHours: sc.HorizonHours},
		Tail:     []string{"--dora", edition.String()}, Version: s.opt.Version,
	}.Line()
	rv := &resolved{sc: sc, exp: exp, n: n, edition: edition, command: command}
	if req.Sweep != "" {
		l, err := sweepLever(sc, req.Sweep)
		if err != nil {
			return nil, err
		}
		rv.sweep = &l
	}
	return rv, nil
}

// refineBy is how many times more replications each refined frame has.
const refineBy = 4

// handleResults streams the results as newline-delimited JSON: a first
// frame from a few replications, then the full count, then its figures,
// then the sweep curve of the lever asked for. When the page moves a
// lever it drops this request; the request's context then stops the
// simulation.
func (s *Server) handleResults(w http.ResponseWriter, r *http.Request) {
	var req resultsRequest
	if err := readJSON(r, &req); err != nil {
		writeError(w, err)
		return
	}
	rv, err := s.resolve(&req)
	if err != nil {
		writeError(w, err)
		return
	}
	// The page moved on: whatever was being prefetched for its last move
	// gives way.
	s.prefetch.stop()
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RequestTimeout)
	defer cancel()
	if s.simulates(rv) {
		var release func()
		if ctx, release, err = s.holdSlot(ctx); err != nil {
			writeError(w, err)
			return
		}
		defer release()
	}

	start := time.Now()
	// A first frame from a few replications, refined by tables of four
	// times as many up to the full count (the full count of a heavy arm
	// takes longer than a trainer waits for a number), then (if asked)
	// the full count's figures, which take long to draw.
	type step struct {
		n    int
		figs bool
	}
	var steps []step
	for k := s.opt.FirstFrame; k < rv.n; k *= refineBy {
		steps = append(steps, step{k, false})
	}
	steps = append(steps, step{rv.n, false})
	if req.Figures {
		steps = append(steps, step{rv.n, true})
	}
	flusher, _ := w.(http.Flusher)
	for i, st := range steps {
		f, err := s.frame(ctx, rv, st.n, st.figs)
		if err != nil {
			if i == 0 {
				writeError(w, err)
			} else if ctx.Err() == nil || ctx.Err() == context.DeadlineExceeded {
				writeLine(w, map[string]any{"errors": []problem{{Message: err.Error()}}})
			}
			return
		}
		f.Final = i == len(steps)-1 && rv.sweep == nil
		f.ElapsedMS = time.Since(start).Milliseconds()
		if i == 0 {
			w.Header().Set("Content-Type", "application/x-ndjson")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusOK)
		}
		writeLine(w, f)
		if flusher != nil {
			flusher.Flush()
		}
	}
	if rv.sweep == nil {
		return
	}
	counts := sweepCounts(rv.n)
	for i, n := range counts {
		line := sweepLine{Final: i == len(counts)-1, Sweep: sweepCurve{Lever: rv.sweep.Path, Replications: n}}
		fig, err := s.sweep(ctx, rv, n)
		if ctx.Err() != nil && ctx.Err() != context.DeadlineExceeded {
			return // the page moved on
		}
		if err != nil {
			line.Final = true
			line.Sweep.Error = errorText(err)
		}
		line.Sweep.Figure = fig
		line.ElapsedMS = time.Since(start).Milliseconds()
		writeLine(w, line)
		if flusher != nil {
			flusher.Flush()
		}
		if err != nil {
			return
		}
	}
	s.prefetchNeighbours(req, rv)
}

// simulates reports whether answering rv's frames needs replications the
// cache does not hold. (A sweep curve alone, after kept frames, takes its
// own slot: the table is shown, and the sweep line says if the server is
// busy.)
func (s *Server) simulates(rv *resolved) bool {
	_, ok := s.runner.cache.Cached(requests(&rv.exp, rv.n))
	return !ok
}

// errorText is what the page shows of a sweep's err.
func errorText(err error) string {
	var ae *apiError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "took too long on this page; run it with deploysim sweep"
	case errors.As(err, &ae) && ae.status == http.StatusServiceUnavailable:
		return "the server is busy with other simulations; move the lever again in a moment"
	}
	return err.Error()
}

func writeLine(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	_, _ = w.Write(append(b, '\n'))
}

// frame returns the summary (and the figures, if asked) of rv's first n
// replications, from the frames already drawn if it is one of them.
func (s *Server) frame(ctx context.Context, rv *resolved, n int, figs bool) (*frame, error) {
	key := rv.command + "#" + strconv.Itoa(n) + "#" + strconv.FormatBool(figs)
	f, err := s.frames.draw(ctx, key, func() (*frame, error) { return s.drawFrame(ctx, rv, n, figs) })
	if err != nil {
		return nil, err
	}
	c := *f
	return &c, nil
}

// sweep returns the sweep curve rv asks for at n replications per value,
// from those already drawn if it is one of them.
func (s *Server) sweep(ctx context.Context, rv *resolved, n int) (*figure, error) {
	key := rv.command + "#sweep=" + rv.sweep.Path + "#" + strconv.Itoa(n)
	return s.sweeps.draw(ctx, key, func() (*figure, error) {
		rv.axisOnce.Do(func() { rv.axis, rv.now, rv.axisErr = sweepAxis(rv.sc, *rv.sweep) })
		if rv.axisErr != nil {
			return nil, rv.axisErr
		}
		return s.drawSweep(ctx, rv, rv.axis, rv.now, n)
	})
}

// drawFrame computes what frame returns.
func (s *Server) drawFrame(ctx context.Context, rv *resolved, n int, figs bool) (*frame, error) {
	res, err := s.runner.run(ctx, &rv.exp, n)
	if err != nil {
		return nil, err
	}
	sc := rv.sc
	meta := metrics.Meta{Scenario: sc.Name, Title: sc.Title, Story: sc.Story, Currency: sc.Currency, Command: rv.command, Sources: sc.Sources}
	f := &frame{
		Replications: n, Of: rv.n, Scenario: sc.Name, Title: sc.Title, Currency: sc.Currency,
		Edition: rv.edition.String(), Seed: sc.Seed, Command: rv.command, Values: map[string]string{},
	}
	for i := range sc.Arms {
		for _, l := range leversOf(&sc.Arms[i], sc.Currency) {
			f.Values[l.Path] = l.Value
		}
	}
	if !figs {
		sum := metrics.Summarize(res, meta, rv.edition)
		f.Layout = reports.PageViewOf(&sum)
		return f, nil
	}
	rep := reports.NewReport(res, meta, rv.edition)
	f.Layout = reports.PageViewOf(&rep.Summary)
	all, err := reports.Figures(rep)
	if err != nil {
		return nil, err
	}
	// Each figure is drawn on its own goroutine: drawing is most of a
	// full frame's time once the replications are kept.
	f.Figures = make([]figure, len(all))
	errs := make([]error, len(all))
	var wg sync.WaitGroup
	for i := range all {
		wg.Go(func() {
			fig := &all[i]
			var buf bytes.Buffer
			errs[i] = render.WriteFigure(&buf, ptr(fig.Doc()), render.SVG)
			f.Figures[i] = figure{Name: fig.Name, Heading: fig.Heading, Caption: fig.Caption, SVG: inlineSVG(buf.String())}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return f, nil
}

var (
	svgOpen = regexp.MustCompile(`(?s)<svg\b[^>]*>`)
	viewBox = regexp.MustCompile(`viewBox="[^"]*"`)
)

// inlineSVG turns an SVG document into an element for the page: no XML
// declaration, no fixed size (the page's CSS sizes it; the viewBox keeps
// its shape).
func inlineSVG(doc string) string {
	loc := svgOpen.FindStringIndex(doc)
	if loc == nil {
		return ""
	}
	return `<svg xmlns="http://www.w3.org/2000/svg" ` + viewBox.FindString(doc[loc[0]:loc[1]]) + `>` + doc[loc[1]:]
}

// frameCache keeps the frames (or sweep curves) drawn last: a room of
// laptops opening the same link gets them without drawing the figures
// again. What it holds is not changed.
type frameCache[T any] struct {
	mu      sync.Mutex
	max     int
	order   []string // oldest first
	byKey   map[string]*T
	drawing map[string]chan struct{} // being drawn, closed when done
}

// draw returns what is kept under key, or draws it with fn and keeps it.
// One request draws; the others asking for the same key wait for it, as
// long as their ctx lasts.
func (c *frameCache[T]) draw(ctx context.Context, key string, fn func() (*T, error)) (*T, error) {
	for {
		if f, ok := c.get(key); ok {
			return f, nil
		}
		done, leader := c.claim(key)
		if leader {
			f, err := fn()
			if err == nil {
				c.put(key, f)
			}
			c.unclaim(key, done)
			return f, err
		}
		select {
		case <-done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// claim returns the channel that closes when key's frame is drawn, and
// whether the caller is to draw it.
func (c *frameCache[T]) claim(key string) (chan struct{}, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.drawing[key]; ok {
		return ch, false
	}
	if c.drawing == nil {
		c.drawing = map[string]chan struct{}{}
	}
	ch := make(chan struct{})
	c.drawing[key] = ch
	return ch, true
}

func (c *frameCache[T]) unclaim(key string, ch chan struct{}) {
	c.mu.Lock()
	delete(c.drawing, key)
	c.mu.Unlock()
	close(ch)
}

func (c *frameCache[T]) get(key string) (*T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.byKey[key]
	return f, ok
}

func (c *frameCache[T]) put(key string, f *T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byKey == nil {
		c.byKey = map[string]*T{}
	}
	if _, ok := c.byKey[key]; ok {
		return
	}
	c.byKey[key] = f
	c.order = append(c.order, key)
	for len(c.order) > c.max {
		delete(c.byKey, c.order[0])
		c.order = c.order[1:]
	}
}

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }
