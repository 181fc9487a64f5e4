package fit

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Deployment is one production deployment.
type Deployment struct {
	ID string
	// Started and Finished are when it started and finished; either may be
	// zero when the source does not say.
	Started, Finished time.Time
	// Hotfix marks unplanned work fixing production (DORA's rework);
	// KindKnown says whether the source tells hotfixes from releases.
	Hotfix, KindKnown bool
	// Aborted marks a deployment stopped before or during exposure.
	Aborted bool
	// Changes is how many changes it carried, or -1 when unknown.
	Changes int
	// Failed says whether it caused a production failure needing
	// remediation; FailedKnown is false when the source does not say (the
	// failure is then attributed from incidents, see Records.Attribute).
	Failed, FailedKnown bool
	// RolledBack says it was rolled back; RolledBackKnown whether the
	// source says.
	RolledBack, RolledBackKnown bool
	// Where is the record's place in its input ("deployments.csv:12").
	Where string

	commitIDs []string // DevLake deployment commits, to link pull requests
}

// At is the deployment's time: when it finished, else when it started.
func (d *Deployment) At() time.Time {
	if !d.Finished.IsZero() {
		return d.Finished
	}
	return d.Started
}

// Change is one change merged to trunk.
type Change struct {
	ID        string
	Committed time.Time
	// DeploymentID and Deployed say which deployment took it to production
	// and when; empty and zero if it is not (yet) in production.
	DeploymentID string
	Deployed     time.Time
	Where        string
}

// Incident is one production incident.
type Incident struct {
	ID string
	// Started is the first user exposure (or, where a source knows only
	// that, when the incident was opened); Detected is zero when unknown;
	// Resolved is zero while the incident is open (right-censored).
	Started, Detected, Resolved time.Time
	Severity                    string
	// CustomerFacing is "true", "false" or "" (unknown).
	CustomerFacing string
	DeploymentID   string
	Service        string
	Where          string
}

// Records are an organisation's deployments, changes and incidents, from
// one or more inputs.
type Records struct {
	Deployments []Deployment
	Changes     []Change
	Incidents   []Incident
	// Inputs names each input read, with what it gave.
	Inputs []string
	// Notes are things a reader noticed and ignored (extra columns).
	Notes []string
	// TeamSize and ChangesPerWeek may come from Quick Check answers.
}

// Merge appends o's records to r.
func (r *Records) Merge(o *Records) {
	r.Deployments = append(r.Deployments, o.Deployments...)
	r.Changes = append(r.Changes, o.Changes...)
	r.Incidents = append(r.Incidents, o.Incidents...)
	r.Inputs = append(r.Inputs, o.Inputs...)
	r.Notes = append(r.Notes, o.Notes...)
}

// Span returns the first and last time any record mentions.
func (r *Records) Span() (from, to time.Time) {
	see := func(t time.Time) {
		if t.IsZero() {
			return
		}
		if from.IsZero() || t.Before(from) {
			from = t
		}
		if to.IsZero() || t.After(to) {
			to = t
		}
	}
	for i := range r.Deployments {
		see(r.Deployments[i].Started)
		see(r.Deployments[i].Finished)
	}
	for i := range r.Changes {
		see(r.Changes[i].Committed)
		see(r.Changes[i].Deployed)
	}
	for i := range r.Incidents {
		see(r.Incidents[i].Started)
		see(r.Incidents[i].Resolved)
	}
	return from, to
}

// Window is a span of time [From, To).
type Window struct{ From, To time.Time }

// Contains reports whether t is in the window.
func (w Window) Contains(t time.Time) bool { return !t.Before(w.From) && t.Before(w.To) }

// Hours is the window's length.
func (w Window) Hours() float64 { return w.To.Sub(w.From).Hours() }

func (w Window) String() string {
	return w.From.Format("2006-01-02") + ".." + w.To.Add(-time.Nanosecond).Format("2006-01-02")
}

// ParseWindow parses "2026-03-01..2026-03-14": both days included, in UTC.
func ParseWindow(s string) (Window, error) {
	a, b, ok := strings.Cut(s, "..")
	if !ok {
		return Window{}, fmt.Errorf("window %q: want FROM..TO, e.g. 2026-03-01..2026-03-14", s)
	}
	from, err := time.Parse("2006-01-02", strings.TrimSpace(a))
	if err != nil {
		return Window{}, fmt.Errorf("window %q: FROM must be a date like 2026-03-01", s)
	}
	to, err := time.Parse("2006-01-02", strings.TrimSpace(b))
	if err != nil {
		return Window{}, fmt.Errorf("window %q: TO must be a date like 2026-03-14", s)
	}
	if to.Before(from) {
		return Window{}, fmt.Errorf("window %q: TO is before FROM", s)
	}
	return Window{from, to.AddDate(0, 0, 1)}, nil
}

// Filter says which records count.
type Filter struct {
	// Exclude are windows left out: deployments and changes finished in
	// them, incidents started in them, and their length from the
	// observation period.
	Exclude []Window
	// Severities, if not empty, keeps only incidents of these severities
	// or urgencies (case-insensitive).
	Severities []string
	// CustomerFacingOnly keeps only incidents not marked customer_facing
	// false.
	CustomerFacingOnly bool
	// Period, if not zero, is the observation period; otherwise it runs
	// from the first time any record mentions to the last, which
	// overstates rates a little when records are sparse.
	Period Window
}

// Apply returns the records that count, and the observation period and
// its length in hours once the excluded windows are taken out.
func (f Filter) Apply(r *Records) (out Records, period Window, hours float64) {
	out = Records{Inputs: r.Inputs, Notes: r.Notes}
	excluded := func(t time.Time) bool {
		return slices.ContainsFunc(f.Exclude, func(w Window) bool { return w.Contains(t) })
	}
	inPeriod := func(t time.Time) bool {
		return f.Period.From.IsZero() || f.Period.Contains(t)
	}
	for _, d := range r.Deployments {
		if !excluded(d.At()) && inPeriod(d.At()) {
			out.Deployments = append(out.Deployments, d)
		}
	}
	for _, c := range r.Changes {
		if !excluded(c.Committed) && inPeriod(c.Committed) {
			out.Changes = append(out.Changes, c)
		}
	}
	for _, in := range r.Incidents {
		if excluded(in.Started) || !inPeriod(in.Started) {
			continue
		}
		if len(f.Severities) > 0 && !slices.ContainsFunc(f.Severities, func(s string) bool { return strings.EqualFold(s, in.Severity) }) {
			continue
		}
		if f.CustomerFacingOnly && in.CustomerFacing == "false" {
			continue
		}
		out.Incidents = append(out.Incidents, in)
	}
	from, to := r.Span()
	if !f.Period.From.IsZero() {
		from, to = f.Period.From, f.Period.To
	}
	period = Window{from, to}
	hours = period.Hours()
	for _, w := range f.Exclude {
		a, b := maxTime(w.From, from), minTime(w.To, to)
		if b.After(a) {
			hours -= b.Sub(a).Hours()
		}
	}
	return out, period, hours
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// InputError is a bad record: where it is and what is wrong.
type InputError struct {
	File         string
	Line, Column int // 1-based; 0 when unknown
	Field        string
	Msg          string
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// parseRFC3339 parses an RFC 3339 timestamp with an offset
// ("2026-01-05T09:30:00Z", "2026-01-05T10:30:00+01:00").
func parseRFC3339(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// parseSQLTime parses what mysqldump and DevLake's CSV exports write
// ("2026-01-05 09:30:00", read as UTC, DevLake's storage zone) or RFC 3339.
func parseSQLTime(s string) (time.Time, bool) {
	if t, ok := parseRFC3339(s); ok {
		return t, true
	}
	for _, layout := range []string{"2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
