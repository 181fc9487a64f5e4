package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"deploysim/dora"
	"deploysim/models"
	"deploysim/scenarios"
	"deploysim/whatif"
)

//go:embed assets
var assets embed.FS

// Options configure a Server. Zero values take the defaults below.
type Options struct {
	// Files are scenario files served beside the built-ins, as named on
	// the command line.
	Files []string
	// Replications is the full count a result is refined to when the page
	// asks for none (default 200); FirstFrame the replications of the
	// first, quick frame (default 8), which has the table but no figures.
	Replications, FirstFrame int
	// MaxReplications and MaxHorizonHours (also the longest warm-up) cap
	// a request (default 2,000 and 5 years); MaxOverrides the overrides
	// of one request (default 64).
	MaxReplications int
	MaxHorizonHours float64
	MaxOverrides    int
	// MaxConcurrent is how many requests that simulate are let in at
	// once (default GOMAXPROCS): replays, reveals, and results whose
	// replications are not all kept, which take turns at the outcome
	// cache, one simulating over all the workers. A request that finds no
	// free slot within QueueWait (default 5 s) is answered 503 with
	// Retry-After. Results already kept come without a slot.
	MaxConcurrent int
	QueueWait     time.Duration
	// RequestTimeout bounds one request's computation (default 20 s).
	RequestTimeout time.Duration
	// Workers run the replications of one request (default GOMAXPROCS).
	Workers int
	// CacheOutcomes bounds the arm-replications kept for reuse (default
	// 6,000, some 100 MB for the built-ins), the arm used least recently
	// dropped first.
	CacheOutcomes int
	// Version is deploysim's version, written after the command line a
	// result shows ("# deploysim v1.2.0").
	Version string
	// EventBudget is the most engine events one replication may fire
	// (default models.DefaultBudget); a request that needs more is
	// answered 400.
	EventBudget uint64
	// Hosts are the host names and addresses the server answers to, in
	// the Host header (default: the loopback names localhost, 127.0.0.1
	// and ::1). Any other Host is refused (403): a page on another site
	// whose name was rebound to this address cannot read the answers.
	Hosts []string
}

// maxBody is the largest request body read.
const maxBody = 64 << 10

func (o *Options) defaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Replications, 200)
	def(&o.FirstFrame, 8)
	def(&o.MaxReplications, 2000)
	def(&o.MaxOverrides, 64)
	def(&o.MaxConcurrent, runtime.GOMAXPROCS(0))
	def(&o.Workers, runtime.GOMAXPROCS(0))
	def(&o.CacheOutcomes, 6000)
	if o.MaxHorizonHours <= 0 {
		o.MaxHorizonHours = 5 * 365 * 24
	}
	if o.QueueWait <= 0 {
		o.QueueWait = 5 * time.Second
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 20 * time.Second
	}
	if len(o.Hosts) == 0 {
		o.Hosts = LoopbackHosts()
	}
	o.Replications = min(o.Replications, o.MaxReplications)
	o.FirstFrame = min(o.FirstFrame, o.Replications)
}

// Server serves the workshop page and the API it calls. Its handler is
// safe for concurrent use.
type Server struct {
	opt       Options
	library   []string                       // names offered: built-ins, then files
	loaded    map[string]*scenarios.Scenario // by name, loaded once
	steps     map[string][]Step
	slots     chan struct{}
	runner    *runner
	frames    *frameCache[frame]
	sweeps    *frameCache[figure]
	prefetch  prefetcher // the next notches of the lever swept last
	pages     *template.Template
	mux       *http.ServeMux
	static    http.Handler
	slotsWait time.Duration
	hosts     map[string]bool // the Host names answered, lower case, without port or brackets
	csrf      *http.CrossOriginProtection
}

// New returns a server for the built-in scenarios and opt.Files. A file
// that does not load is an error (scenarios.Errors for its problems).
func New(opt Options) (*Server, error) {
	opt.defaults()
	s := &Server{
		opt:       opt,
		loaded:    map[string]*scenarios.Scenario{},
		slots:     make(chan struct{}, opt.MaxConcurrent),
		slotsWait: opt.QueueWait,
		frames:    &frameCache[frame]{max: 32},
		sweeps:    &frameCache[figure]{max: 16},
	}
	s.runner = &runner{cache: &whatif.Cache{Workers: opt.Workers, MaxOutcomes: opt.CacheOutcomes, Budget: opt.EventBudget}, acquire: s.acquire}
	s.hosts = map[string]bool{}
	for _, h := range opt.Hosts {
		s.hosts[hostName(h)] = true
	}
	s.csrf = http.NewCrossOriginProtection()
	for _, name := range scenarios.List() {
		sc, err := scenarios.Load(name)
		if err != nil {
			return nil, err
		}
		s.library = append(s.library, name)
		s.loaded[name] = sc
	}
	for _, f := range opt.Files {
		sc, err := scenarios.Load(f)
		if err != nil {
			return nil, err
		}
		if _, dup := s.loaded[sc.Name]; dup {
			return nil, fmt.Errorf("scenario file %s: name %q is already served (rename it with name: in the file)", f, sc.Name)
		}
		s.library = append(s.library, sc.Name)
		s.loaded[sc.Name] = sc
	}
	steps, err := loadSteps()
	if err != nil {
		return nil, err
	}
	s.steps = steps
	s.pages, err = template.ParseFS(assets, "assets/*.html")
	if err != nil {
		return nil, err
	}
	static, err := fs.Sub(assets, "assets/static")
	if err != nil {
		return nil, err
	}
	s.static = http.StripPrefix("/static/", http.FileServerFS(static))
	s.mux = http.NewServeMux()
	s.routes()
	return s, nil
}

// Handler returns the server's handler.
func (s *Server) Handler() http.Handler { return s }

// ServeHTTP refuses requests from elsewhere, bounds every request body and
// answers it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	}
	h := w.Header()
	// The page loads nothing from elsewhere and may not be framed.
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if err := s.checkOrigin(r); err != nil {
		writeError(w, err)
		return
	}
	w, done := withGzip(w, r)
	defer done()
	s.mux.ServeHTTP(w, r)
}

// checkOrigin refuses (403) what another web site could make a browser
// send here. A Host the server does not answer to is a page whose name
// was rebound to this address (DNS rebinding), which could otherwise read
// every answer. A state-changing request must come from the page's own
// origin (Sec-Fetch-Site, else Origin against Host: what
// http.CrossOriginProtection checks) and be JSON: a text/plain or form
// POST is one any page can send across origins without asking first.
func (s *Server) checkOrigin(r *http.Request) error {
	if !s.hosts[hostName(r.Host)] {
		return forbidden("host %q: this server answers only to %s (serve --addr names the address it listens on)", r.Host, strings.Join(s.opt.Hosts, ", "))
	}
	if err := s.csrf.Check(r); err != nil {
		return forbidden("a request from another web site (Origin %q): this page answers only itself", r.Header.Get("Origin"))
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return forbidden("Content-Type %q: this page sends application/json; any other type is one a page on another site can send", r.Header.Get("Content-Type"))
	}
	return nil
}

func forbidden(format string, args ...any) *apiError {
	return &apiError{status: http.StatusForbidden, problems: []problem{{Message: fmt.Sprintf(format, args...)}}}
}

// hostName returns the host of a Host header or an address, lower case,
// without its port or an IPv6 address's brackets.
func hostName(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	return strings.ToLower(strings.TrimSuffix(strings.Trim(h, "[]"), "."))
}

// LoopbackHosts are the names a server on loopback answers to.
func LoopbackHosts() []string { return []string{"localhost", "127.0.0.1", "::1"} }

func (s *Server) routes() {
	s.mux.HandleFunc("GET /{$}", s.page("explore.html"))
	s.mux.HandleFunc("GET /workshop", s.page("workshop.html"))
	s.mux.HandleFunc("GET /replay", s.page("replay.html"))
	s.mux.Handle("GET /static/", s.static)
	s.mux.HandleFunc("GET /favicon.ico", serveFavicon)
	s.mux.HandleFunc("GET /api/scenarios", s.handleScenarios)
	s.mux.HandleFunc("GET /api/scenario", s.handleScenario)
	s.mux.HandleFunc("POST /api/results", s.handleResults)
	s.mux.HandleFunc("POST /api/replay", s.handleReplay)
	s.mux.HandleFunc("GET /api/steps", s.handleSteps)
	s.mux.HandleFunc("POST /api/reveal", s.handleReveal)
}

// page serves one of the HTML pages; they hold no data, the script asks
// the API.
func (s *Server) page(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		if err := s.pages.ExecuteTemplate(w, name, nil); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	}
}

// problem is one error the page shows: beside the lever whose override
// (Set, "arms.x.release.every=2x") or field (Field, "replications") it
// names, else at the top.
type problem struct {
	Set     string `json:"set,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// apiError is a request that cannot be answered: an HTTP status and the
// problems.
type apiError struct {
	status   int
	problems []problem
}

func (e *apiError) Error() string {
	var m []string
	for _, p := range e.problems {
		m = append(m, p.Message)
	}
	return strings.Join(m, "; ")
}

func badRequest(field, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, problems: []problem{{Field: field, Message: fmt.Sprintf(format, args...)}}}
}

// writeError answers err: an *apiError with its status and problems, a
// scenario's Errors as 400 with one problem each, an exhausted deadline as
// 503, anything else as 500.
func writeError(w http.ResponseWriter, err error) {
	var (
		ae   *apiError
		serr scenarios.Errors
		mbe  *http.MaxBytesError
	)
	switch {
	case errors.As(err, &ae):
	case errors.As(err, &serr):
		ae = &apiError{status: http.StatusBadRequest}
		for _, e := range serr {
			p := problem{Message: e.Error()}
			if set, ok := strings.CutPrefix(e.Source, "--set "); ok {
				p.Set = set
				p.Message = e.Msg
				if e.Path != "" {
					p.Message = e.Path + ": " + e.Msg
				}
			}
			ae.problems = append(ae.problems, p)
		}
	case errors.As(err, &mbe):
		ae = badRequest("", "request body larger than %d bytes", mbe.Limit)
		ae.status = http.StatusRequestEntityTooLarge
	case errors.As(err, new(*models.BudgetError)):
		ae = badRequest("", "%v: this page runs what ends within that; move the levers back or run it with deploysim run", err)
	case errors.Is(err, context.DeadlineExceeded):
		ae = &apiError{status: http.StatusServiceUnavailable, problems: []problem{{Message: "the simulation took longer than this page allows; ask for fewer replications or a shorter horizon"}}}
	case errors.Is(err, context.Canceled):
		return // the page asked for something else; nobody is listening
	default:
		ae = &apiError{status: http.StatusInternalServerError, problems: []problem{{Message: err.Error()}}}
	}
	if ae.status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, ae.status, map[string]any{"errors": ae.problems})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v) // a client gone away is not our error
}

// readJSON decodes the request body into v, strictly.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return badRequest("", "request body: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("", "request body: one JSON object expected")
	}
	return nil
}

// slotKey marks a context whose request holds a simulation slot for all
// it computes.
type slotKey struct{}

// holdSlot takes a simulation slot for the rest of a request: acquire on
// the returned context then takes none. Busy is decided before anything is
// written, so it is always 503 with Retry-After, never a 200 stream that
// ends in an error.
func (s *Server) holdSlot(ctx context.Context) (context.Context, func(), error) {
	release, err := s.acquire(ctx)
	if err != nil {
		return ctx, nil, err
	}
	return context.WithValue(ctx, slotKey{}, true), release, nil
}

// acquire takes a simulation slot, waiting at most QueueWait; release
// gives it back. Without a slot the answer is 503 with Retry-After. A
// request that holds a slot (holdSlot) takes no second one.
func (s *Server) acquire(ctx context.Context) (release func(), err error) {
	if ctx.Value(slotKey{}) != nil {
		return func() {}, nil
	}
	t := time.NewTimer(s.slotsWait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, nil
	case <-t.C:
		return nil, &apiError{status: http.StatusServiceUnavailable, problems: []problem{{Message: "busy: other simulations are running; trying again shortly"}}}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// scenario returns the named scenario with the overrides applied and the
// run settings checked against the server's caps.
func (s *Server) scenario(name string, overrides []string) (*scenarios.Scenario, error) {
	base, ok := s.loaded[name]
	if !ok {
		msg := fmt.Sprintf("no scenario %q here (served: %s)", name, strings.Join(s.library, ", "))
		if sug := scenarios.Suggest(name, s.library); sug != "" {
			msg = fmt.Sprintf("no scenario %q here; did you mean %s?", name, sug)
		}
		return nil, badRequest("scenario", "%s", msg)
	}
	if len(overrides) > s.opt.MaxOverrides {
		return nil, badRequest("set", "%d overrides: at most %d", len(overrides), s.opt.MaxOverrides)
	}
	if err := checkOverrides(base, overrides); err != nil {
		return nil, err
	}
	sc := base
	if len(overrides) > 0 {
		var err error
		if sc, err = base.With(overrides...); err != nil {
			return nil, err
		}
	}
	if sc.HorizonHours > s.opt.MaxHorizonHours {
		return nil, badRequest("horizon", "horizon %s: this page simulates at most %s; run longer ones with deploysim run",
			strconv.FormatFloat(sc.HorizonHours/24, 'f', -1, 64)+"d", strconv.FormatFloat(s.opt.MaxHorizonHours/24, 'f', -1, 64)+"d")
	}
	if sc.WarmupHours > s.opt.MaxHorizonHours {
		return nil, badRequest("warmup", "warm-up %s: this page simulates at most %s; run longer ones with deploysim run",
			strconv.FormatFloat(sc.WarmupHours/24, 'f', -1, 64)+"d", strconv.FormatFloat(s.opt.MaxHorizonHours/24, 'f', -1, 64)+"d")
	}
	return sc, nil
}

func (s *Server) handleScenarios(w http.ResponseWriter, r *http.Request) {
	type entry struct {
		Name  string `json:"name"`
		Title string `json:"title"`
	}
	list := []entry{}
	for _, name := range s.library {
		list = append(list, entry{name, s.loaded[name].Title})
	}
	var editions []string
	for _, e := range dora.Editions() {
		editions = append(editions, e.String())
	}
	writeJSON(w, http.StatusOK, map[string]any{"scenarios": list, "default": scenarios.Default,
		"editions": editions, "default_edition": dora.DefaultEdition.String(),
		"replications": s.opt.Replications, "max_replications": s.opt.MaxReplications})
}

// scenarioInfo is what the page shows of a scenario before any result:
// its story and every arm's levers.
type scenarioInfo struct {
	Name         string    `json:"name"`
	Title        string    `json:"title"`
	Story        []string  `json:"story"`
	Sources      []string  `json:"sources"`
	Seed         uint64    `json:"seed"`
	Replications int       `json:"replications"`
	Arms         []armInfo `json:"arms"`
	HasSteps     bool      `json:"has_steps"`
	Asks         int       `json:"scenario_replications"` // the scenario's own count, which deploysim run uses
}

type armInfo struct {
	Name   string  `json:"name"`
	Title  string  `json:"title"`
	Levers []Lever `json:"levers"`
}

func (s *Server) info(sc *scenarios.Scenario) scenarioInfo {
	in := scenarioInfo{Name: sc.Name, Title: sc.Title, Story: paragraphs(sc.Story), Sources: sc.Sources,
		Seed: sc.Seed, Replications: min(sc.Replications, s.opt.Replications), Asks: sc.Replications, HasSteps: len(s.steps[sc.Name]) > 0}
	for i, levers := range scenarioLevers(sc) {
		in.Arms = append(in.Arms, armInfo{Name: sc.Arms[i].Name, Title: sc.Arms[i].Title, Levers: levers})
	}
	return in
}

func (s *Server) handleScenario(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if name == "" {
		name = scenarios.Default
	}
	sc, err := s.scenario(name, nil)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.info(sc))
}

// paragraphs splits text at blank lines and joins each paragraph's lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sourceOf returns how the command line names scenario sc: a built-in by
// name, a file by its path.
func (s *Server) sourceOf(name string) string {
	if slices.Contains(scenarios.List(), name) {
		return name
	}
	return s.loaded[name].Source
}
