// Package web is deploysim's workshop web page, served by deploysim
// serve: a local page a trainer opens on the projector, with nothing to
// install and no network needed in the room.
//
// The page computes nothing. Its plain JavaScript (no build step, no
// CDN; every asset is embedded with go:embed and no request leaves the
// machine) sends what the user chose to the server, which computes with
// the packages the command line uses: scenarios.Load and With for the
// overrides, models for the replications, metrics.Summarize and the
// reports' SVG plots. Three pages:
//
//   - Explore (/): pick a scenario, read its story, move the key levers
//     of each arm (sliders and choices); the summary table and the plots
//     follow. The URL holds the scenario, the moved levers, the seed, the
//     replications and the DORA edition; "copy as command" gives the
//     deploysim run line with the same numbers.
//   - Workshop (/workshop): a presenter view that walks a scenario's
//     steps (steps.yaml, keyed by scenario name): the room predicts, the
//     page reveals the simulated answer with the predictions marked.
//   - Replay (/replay): one replication of one arm as a minute-by-minute
//     story and a timeline (replay.New), stepped or played.
//
// # Responsive
//
// POST /api/results answers with newline-delimited JSON: a first frame
// from Options.FirstFrame replications, tables refined by four times as
// many up to the full count, the full count's figures, and last, if the
// page names the slider lever moved last, that lever's sweep curve
// (whatif.Sweep, the value now set marked). Replications already run are
// kept in one whatif.Cache for as long as the server runs (per arm,
// keyed by the arm's parameters and the run settings, and bounded, the
// arm used least recently dropped first), so moving one arm's lever
// reruns that arm only (and the arms that extend it and inherit the
// parameter, as --set on the command line does), each frame extends the
// one before, and a sweep
// reuses the replications of the value now set. A page that moves a
// lever drops its request; the request's context then stops the
// simulation.
//
// # Safe by default
//
// Every request is bounded: the request body (64 KiB), the replications
// and horizon, the overrides, a per-request timeout, and the number of
// simulations at once (a request that waits too long for one is answered
// 503 with Retry-After). Overrides go through scenarios.Scenario.With,
// the checks --set has, and come back as 400 with the field's message.
// The pages send a Content-Security-Policy that allows nothing from
// elsewhere. There is no authentication: deploysim serve binds to
// loopback unless told otherwise, and warns when it is.
package web
