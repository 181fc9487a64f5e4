package replay

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"deploysim/models"
	"deploysim/units"
)

// Options say which replication a Replay tells and how to name it.
type Options struct {
	// Scenario, Arm and Title name what was run; Currency is the
	// scenario's (ISO 4217).
	Scenario, Arm, Title, Currency string
	// Seed and Replication identify the replication, for the command that
	// replays it.
	Seed        uint64
	Replication int
	// WarmupHours is the experiment's warm-up: the log's clock starts at
	// time zero, the measured period WarmupHours later. Records of the
	// warm-up are left out.
	WarmupHours float64
	// Incident picks the window: 0 tells the whole measured period, k ≥ 1
	// only the k-th incident of it, from the start of the deployment that
	// caused it to service restored.
	Incident int
}

// Replay is one replication of one arm told as a story, computed once by
// New from the outcome's event log: package reports
// renders it (reports.FromReplay, WriteReplaySVG) and the web page steps
// through it; neither computes.
type Replay struct {
	Options
	// FromHours and ToHours bound the window told, in hours since time
	// zero.
	FromHours, ToHours float64
	// ViewFrom and ViewTo bound what the timeline draws: the window, or,
	// for an incident that began long after the deployment that caused
	// it (deployed on Saturday, failing at Monday's open), the incident
	// and a margin before it; earlier events sit at the left edge.
	ViewFrom, ViewTo float64
	// Events are the log's records in the window, in time order.
	Events []Event
	// Incidents are the incidents that start in the window.
	Incidents []Incident
	// Loss is the incident loss of the window, in the currency.
	Loss float64
	// IncidentCount is the number of incidents in the whole measured
	// period, whatever the window.
	IncidentCount int
}

// Event is one record of the log as a line of the story.
type Event struct {
	// Hours is the simulated time, in hours since time zero; Day the day
	// of the measured period (1 for the first) and Clock the weekday and
	// time ("Wed 09:30").
	Hours float64
	Day   int
	Clock string
	Kind  models.RecordKind
	// Text says what happened, in words.
	Text string
	// Exposure is the share of users affected from this moment until the
	// next event (0–1).
	Exposure float64
	// LossSoFar is the incident loss of the window up to this moment.
	LossSoFar float64
}

// Incident is one incident of the window.
type Incident struct {
	// StartHours and EndHours bound it, in hours since time zero.
	StartHours, EndHours float64
	Loss                 float64
	PeakExposure         float64
}

var weekdays = [...]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// Clock writes time t (hours since time zero, a Monday 00:00) as a weekday
// and a time of day to the minute.
func Clock(t float64) string {
	minutes := int(math.Floor(t*60 + 1e-6))
	day := minutes / (24 * 60)
	m := minutes % (24 * 60)
	return fmt.Sprintf("%s %02d:%02d", weekdays[day%7], m/60, m%60)
}

// New tells outcome o, which must have been run with
// models.RunOptions.Record set. It returns an error if o has no log, or
// if opt.Incident asks for an incident the measured period does not have.
//
// The loss so far at each event is the model's own (each record of an
// incident carries the incident's loss up to it, weighted by traffic), so
// it adds up to the incident's loss in o.IncidentLog.
func New(o *models.Outcome, opt Options) (*Replay, error) {
	if len(o.Log) == 0 {
		return nil, errors.New("replay: the outcome has no event log (run it with RunOptions.Record)")
	}
	if opt.Incident < 0 {
		return nil, fmt.Errorf("replay: incident %d: want 0 (the whole period) or more", opt.Incident)
	}
	r := &Replay{Options: opt, FromHours: opt.WarmupHours, ToHours: opt.WarmupHours + o.HorizonHours}
	// The incidents of the measured period, each tied to its fault and
	// restored records.
	type incidentSpan struct{ fault, restored int }
	var spans []incidentSpan
	open := -1
	for i, rec := range o.Log {
		switch rec.Kind {
		case models.RecFault:
			if open < 0 { // an incident's first fault; later ones join it
				open = i
			}
		case models.RecRestored:
			if open >= 0 && o.Log[open].Hours >= opt.WarmupHours-1e-9 {
				spans = append(spans, incidentSpan{open, i})
			}
			open = -1
		}
	}
	// IncidentLog holds the measured period's incidents in order; the
	// spans are the same incidents (one at a time, each restored before
	// the next starts), so the k-th span is the k-th row.
	n := min(len(spans), len(o.IncidentLog))
	spans = spans[:n]
	r.IncidentCount = n
	if opt.Incident > n {
		return nil, fmt.Errorf("replay: incident %d: the replication has %d in its measured period", opt.Incident, n)
	}
	first, last := 0, len(o.Log)-1
	if opt.Incident > 0 {
		sp := spans[opt.Incident-1]
		first, last = sp.fault, sp.restored
		// Start at the deployment that caused it.
		for i := sp.fault; i >= 0; i-- {
			if k := o.Log[i].Kind; k == models.RecDeployStart || k == models.RecHotfixDeploy {
				first = i
				break
			}
			if i < sp.fault && o.Log[i].Kind == models.RecRestored {
				break
			}
		}
		r.FromHours, r.ToHours = o.Log[first].Hours, o.Log[last].Hours
	}
	r.ViewFrom, r.ViewTo = r.FromHours, r.ToHours
	if opt.Incident > 0 {
		fault, end := o.Log[spans[opt.Incident-1].fault].Hours, r.ToHours
		if dur := end - fault; fault-r.FromHours > 2*dur {
			r.ViewFrom = fault - 0.25*math.Max(dur, 1.0/60)
		}
	}

	// Exposure between records: an incident's records carry the share of
	// users affected just after them (package models); records that are
	// not about the incident (a deployment step, a diagnosis, a canary's
	// traffic weight) leave it as it was. Outside an incident nobody is
	// affected.
	exposure := make([]float64, len(o.Log))
	inIncident, prev := false, 0.0
	for i, rec := range o.Log {
		x := prev
		switch rec.Kind {
		case models.RecFault:
			inIncident = true
			x = rec.Exposure
		case models.RecRestored:
			inIncident = false
			x = 0
		case models.RecDeployStart, models.RecDeployDone, models.RecCanaryStep, models.RecCaughtByVerify,
			models.RecDefectCaught, models.RecMinorDefect, models.RecDiagnosed:
		default:
			x = rec.Exposure
		}
		if !inIncident {
			x = 0
		}
		exposure[i], prev = x, x
	}

	incidentOf := map[int]int{} // fault record → incident index
	for k, sp := range spans {
		incidentOf[sp.fault] = k
	}
	// Loss so far: the incident losses of the window before this one, plus
	// what the record says the open incident has lost (exact: the model
	// weights it by traffic as it books the loss).
	lossBefore := 0.0
	var cur *incidentSpan
	for i := first; i <= last; i++ {
		rec := o.Log[i]
		if rec.Hours < r.FromHours-1e-9 || rec.Hours > r.ToHours+1e-9 {
			continue
		}
		if k, ok := incidentOf[i]; ok {
			sp := spans[k]
			cur = &sp
			inc := o.IncidentLog[k]
			r.Incidents = append(r.Incidents, Incident{
				StartHours: rec.Hours, EndHours: o.Log[sp.restored].Hours,
				Loss: inc.Loss, PeakExposure: inc.PeakExposure,
			})
			r.Loss += inc.Loss
		}
		ev := Event{
			Hours:     rec.Hours,
			Day:       int(math.Floor((rec.Hours-opt.WarmupHours)/24+1e-9)) + 1,
			Clock:     Clock(rec.Hours),
			Kind:      rec.Kind,
			Exposure:  exposure[i],
			LossSoFar: lossBefore,
		}
		if cur != nil {
			ev.LossSoFar += rec.Loss
		}
		var inc *Incident
		if cur != nil && len(r.Incidents) > 0 {
			inc = &r.Incidents[len(r.Incidents)-1]
		}
		before := 0.0
		if i > 0 {
			before = exposure[i-1]
		}
		ev.Text = narrate(rec, before, exposure[i], inc, opt.Currency)
		r.Events = append(r.Events, ev)
		if cur != nil && i == cur.restored {
			lossBefore += r.Incidents[len(r.Incidents)-1].Loss
			cur = nil
		}
	}
	// Rounding leaves the running total a hair off the exact sum.
	if n := len(r.Events); n > 0 && r.Events[n-1].Kind == models.RecRestored {
		r.Events[n-1].LossSoFar = r.Loss
	}
	return r, nil
}

// changes writes "1 change" or "12 changes".
func changes(n int) string {
	if n == 1 {
		return "1 change"
	}
	return fmt.Sprintf("%d changes", n)
}

// narrate says what rec means, given the share of users affected just
// before and after it and the incident it belongs to (nil if none).
// Record kinds this function does not know yet are told by their name and
// detail.
func narrate(rec models.Record, before, after float64, inc *Incident, currency string) string {
	pct := func(x float64) string { return units.FormatPercent(x) }
	var s string
	switch rec.Kind {
	case models.RecDeployStart:
		s = "a deployment of " + changes(rec.Changes) + " begins"
	case models.RecDeployDone:
		s = "the deployment is done: " + changes(rec.Changes) + " live"
	case models.RecCaughtByVerify:
		s = "verification stops the deployment before users see it"
	case models.RecFault:
		s = "a fault reaches users"
		if after > 0 {
			s += ": " + pct(after) + " of them affected"
		}
	case models.RecDetected:
		s = "the fault is noticed, with " + pct(rec.Exposure) + " of users affected"
	case models.RecResponding:
		s = "the team takes it and starts triage"
		if rec.Detail == "on call" {
			s = "the on-call engineer responds to the page and starts triage"
		}
		rec.Detail = ""
	case models.RecTriaged:
		s = "triage ties the fault to a deployment: " + rec.Detail
		if inc != nil && rec.Hours > inc.StartHours {
			s += " (" + units.FormatHours(rec.Hours-inc.StartHours) + " into the incident)"
		}
		rec.Detail = ""
	case models.RecCanaryStep:
		s = "canary: " + pct(rec.Exposure) + " of traffic on the new version"
	case models.RecRollbackStart:
		s = "rollback begins"
	case models.RecRollbackFailed:
		s = "the rollback fails"
		if after > before {
			s += " and spreads the fault: " + pct(after) + " of users affected"
		}
	case models.RecMitigated:
		s = "rolled back: users are spared while the team finds the culprit"
		if after > 0 {
			s = "rolled back, but " + pct(after) + " of users are still affected by an older fault"
		}
		rec.Detail = ""
	case models.RecDiagnosed:
		s = "diagnosed"
	case models.RecHotfixDeploy:
		s = "a fix goes out through the hotfix lane"
	case models.RecHotfixLive:
		s = "the fix is on every server"
		if after > 0 {
			s += ", but " + pct(after) + " of users are still affected"
		}
		rec.Detail = ""
	case models.RecGaveUp:
		s = "the team stops it by hand"
	case models.RecRestored:
		s = "service restored"
		if inc != nil {
			s += fmt.Sprintf(" after %s; the incident lost %s", units.FormatHours(rec.Hours-inc.StartHours), units.FormatMoney(inc.Loss, currency))
		}
	case models.RecDefectCaught:
		s = "testing catches a defect before release"
	case models.RecMinorDefect:
		s = "a minor defect reaches users"
	default:
		s = strings.ReplaceAll(string(rec.Kind), "-", " ")
	}
	if rec.Detail != "" {
		s += " (" + rec.Detail + ")"
	}
	return s
}
