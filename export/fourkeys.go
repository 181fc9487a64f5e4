package export

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"time"
)

// Four Keys (dora-team/fourkeys, archived 2024) reads GitHub webhook
// events from BigQuery's four_keys.events_raw: push events carry the
// changes (commits), deployment_status events with state "success" the
// deployments, and issues labelled "Incident" the incidents, whose body
// names the culprit commit as "root cause: SHA". Its dashboard looks at
// the last three months, with interpolated medians (PERCENTILE_CONT).

// FourKeysEvent is one row of four_keys.events_raw.
type FourKeysEvent struct {
	EventType   string `json:"event_type"`
	ID          string `json:"id"`
	Metadata    string `json:"metadata"`
	TimeCreated string `json:"time_created"`
	Signature   string `json:"signature"`
	MsgID       string `json:"msg_id"`
	Source      string `json:"source"`
}

// fkTime is BigQuery's TIMESTAMP literal, UTC.
func fkTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// FourKeysEvents returns d as events_raw rows, in time order.
func (d *Data) FourKeysEvents() []FourKeysEvent {
	type ev struct {
		at time.Time
		e  FourKeysEvent
	}
	var evs []ev
	repo := d.Project
	add := func(at time.Time, typ, id string, meta any) {
		b, _ := json.Marshal(meta)
		sum := fmt.Sprintf("sha1=%s", sha(d.Options, "event:"+typ+":"+id)[:40])
		evs = append(evs, ev{at, FourKeysEvent{EventType: typ, ID: id, Metadata: string(b), TimeCreated: fkTime(at), Signature: sum, MsgID: sha(d.Options, "msg:"+typ+":"+id)[:16], Source: "github"}})
	}
	for i, dep := range d.Deployments {
		if len(dep.Changes) == 0 {
			continue
		}
		var commits []map[string]any
		head := &d.Changes[dep.Changes[0]]
		for _, ci := range dep.Changes {
			c := &d.Changes[ci]
			commits = append(commits, map[string]any{"id": c.SHA, "timestamp": d.Timestamp(c.Committed), "message": "change " + c.ID})
			if c.Committed.After(head.Committed) {
				head = c
			}
		}
		// One push per deployment, its head the newest commit: Four Keys
		// joins a deployment to the push whose id is the deployed SHA.
		add(head.Committed, "push", head.SHA, map[string]any{
			"head_commit": map[string]any{"id": head.SHA, "timestamp": d.Timestamp(head.Committed)},
			"commits":     commits,
			"repository":  map[string]any{"name": repo},
		})
		state := "success"
		if dep.Result != "success" {
			state = "failure"
		}
		add(dep.Finished, "deployment_status", strconv.Itoa(i+1), map[string]any{
			"deployment_status": map[string]any{"id": i + 1, "state": state, "updated_at": d.Timestamp(dep.Finished), "created_at": d.Timestamp(dep.Finished)},
			"deployment":        map[string]any{"id": i + 1, "sha": head.SHA, "additional_sha": []string{}, "environment": "production", "task": dep.Kind, "description": dep.ID, "created_at": d.Timestamp(dep.Started)},
			"repository":        map[string]any{"name": repo},
		})
	}
	changeByID := map[string]*Change{}
	for i := range d.Changes {
		changeByID[d.Changes[i].ID] = &d.Changes[i]
	}
	for i, in := range d.Incidents {
		n := i + 1
		body := fmt.Sprintf("%s incident %s (%s).", in.Severity, in.ID, in.Cause)
		if root := d.rootCause(&in, changeByID); root != "" {
			body += " root cause: " + root
		}
		issue := map[string]any{
			"number": n, "title": in.ID + " " + in.Severity + " incident", "body": body, "state": "open",
			"created_at": d.Timestamp(in.Created()), "updated_at": d.Timestamp(in.Created()), "closed_at": nil,
			"labels": []map[string]string{{"name": "Incident"}},
		}
		at := in.Created()
		if !in.Resolved.IsZero() {
			issue["state"], issue["closed_at"], issue["updated_at"] = "closed", d.Timestamp(in.Resolved), d.Timestamp(in.Resolved)
			at = in.Resolved
		}
		add(at, "issues", repo+"/"+strconv.Itoa(n), map[string]any{"action": issue["state"], "issue": issue, "repository": map[string]any{"name": repo}})
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].at.Before(evs[j].at) })
	out := make([]FourKeysEvent, len(evs))
	for i := range evs {
		out[i] = evs[i].e
	}
	return out
}

// rootCause is the SHA an incident names as its root cause: the culprit
// change, or for a misconfigured server (no culprit commit) the SHA its
// deployment deployed.
func (d *Data) rootCause(in *Incident, changes map[string]*Change) string {
	if c, ok := changes[in.Culprit]; ok {
		return c.SHA
	}
	for _, dep := range d.Deployments {
		if dep.ID == in.Deployment && len(dep.Changes) > 0 {
			head := &d.Changes[dep.Changes[0]]
			for _, ci := range dep.Changes {
				if d.Changes[ci].Committed.After(head.Committed) {
					head = &d.Changes[ci]
				}
			}
			return head.SHA
		}
	}
	return ""
}

// WriteFourKeys writes the events as NDJSON, ready for
// bq load --source_format=NEWLINE_DELIMITED_JSON four_keys.events_raw.
func WriteFourKeys(w io.Writer, d *Data) error {
	enc := json.NewEncoder(w)
	for _, e := range d.FourKeysEvents() {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}

// FourKeysPanels is what Four Keys' dashboard shows, read on the day the
// window ends: its buckets and the numbers behind them.
type FourKeysPanels struct {
	DeploymentFrequency string // Daily, Weekly, Monthly, Yearly
	LeadTime            string // One day, One week, One month, Six months, One year
	TimeToRestore       string // the same buckets; "No data" without incidents
	ChangeFailureRate   string // 0-15%, 16-45%, 46-60%
	LeadTimeHours       float64
	TimeToRestoreHours  float64 // −1: no data
	CFR                 float64
	From, Today         time.Time // the three months it looks at
}

// percentileCont is BigQuery's PERCENTILE_CONT(x, 0.5): linear
// interpolation; NaN for no values.
func percentileCont(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	pos := 0.5 * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
}

func fkBucket(x float64, limits []float64, names []string) string {
	for i, l := range limits {
		if x < l {
			return names[i]
		}
	}
	return names[len(names)-1]
}

// PredictFourKeys does Four Keys' dashboard arithmetic over the events of
// d, with CURRENT_DATE the day the window ends.
func (d *Data) PredictFourKeys() FourKeysPanels {
	today := d.To.UTC().Truncate(24 * time.Hour)
	from := today.AddDate(0, -3, 0)
	p := FourKeysPanels{From: from, Today: today, TimeToRestoreHours: -1}
	// deployments: successful ones with their changes.
	type fkDep struct {
		at      time.Time
		changes []string // SHAs
	}
	var deps []fkDep
	commitAt := map[string]time.Time{}
	for _, dep := range d.Deployments {
		for _, ci := range dep.Changes {
			commitAt[d.Changes[ci].SHA] = d.Changes[ci].Committed.UTC().Truncate(time.Second)
		}
		if dep.Result != "success" {
			continue
		}
		x := fkDep{at: dep.Finished.UTC()}
		for _, ci := range dep.Changes {
			x.changes = append(x.changes, d.Changes[ci].SHA)
		}
		deps = append(deps, x)
	}
	// Deployment frequency over the days of the last three months.
	// "FROM the start of the data": days after the first event's day.
	var first time.Time
	if evs := d.FourKeysEvents(); len(evs) > 0 {
		first, _ = time.Parse("2006-01-02 15:04:05 UTC", evs[0].TimeCreated)
	}
	depDay := map[time.Time]bool{}
	for _, x := range deps {
		depDay[x.at.Truncate(24*time.Hour)] = true
	}
	type week struct{ deployed, days float64 }
	weeks := map[time.Time]*week{}
	firstDay := first.Truncate(24 * time.Hour)
	for day := from; !day.After(today); day = day.AddDate(0, 0, 1) {
		if !day.After(firstDay) {
			continue
		}
		wk := day.AddDate(0, 0, -int(day.Weekday())) // BigQuery's WEEK starts on Sunday
		w := weeks[wk]
		if w == nil {
			w = &week{}
			weeks[wk] = w
		}
		if depDay[day] {
			w.deployed, w.days = 1, w.days+1
		}
	}
	var days, deployed, monthly []float64
	perMonth := map[time.Time]float64{}
	for wk, w := range weeks {
		days = append(days, w.days)
		deployed = append(deployed, w.deployed)
		perMonth[time.Date(wk.Year(), wk.Month(), 1, 0, 0, 0, 0, time.UTC)] += w.deployed
	}
	for wk := range weeks {
		monthly = append(monthly, perMonth[time.Date(wk.Year(), wk.Month(), 1, 0, 0, 0, 0, time.UTC)])
	}
	switch {
	case percentileCont(days) >= 3:
		p.DeploymentFrequency = "Daily"
	case percentileCont(deployed) >= 1:
		p.DeploymentFrequency = "Weekly"
	case percentileCont(monthly) >= 1:
		p.DeploymentFrequency = "Monthly"
	default:
		p.DeploymentFrequency = "Yearly"
	}
	// Lead time: deployment × change pairs of the three months, minutes > 0.
	var lead []float64
	for _, x := range deps {
		if !x.at.After(from) {
			continue
		}
		for _, sha := range x.changes {
			if m := math.Trunc(x.at.Sub(commitAt[sha]).Minutes()); m > 0 {
				lead = append(lead, m)
			}
		}
	}
	lt := percentileCont(lead)
	if math.IsNaN(lt) {
		lt = 0
	}
	p.LeadTimeHours = lt / 60
	p.LeadTime = fkBucket(lt, []float64{24 * 60, 168 * 60, 730 * 60, 730 * 6 * 60}, []string{"One day", "One week", "One month", "Six months", "One year"})
	// Incidents: created at the earlier of the ticket and the first
	// deployment of the root cause.
	changeByID := map[string]*Change{}
	for i := range d.Changes {
		changeByID[d.Changes[i].ID] = &d.Changes[i]
	}
	var ttr []float64
	rootOf := map[string]int{} // root SHA → incidents naming it
	for i := range d.Incidents {
		in := &d.Incidents[i]
		root := d.rootCause(in, changeByID)
		created := in.Created().UTC()
		if root != "" {
			rootOf[root]++
			for _, x := range deps {
				for _, sha := range x.changes {
					if sha == root && x.at.Before(created) {
						created = x.at
					}
				}
			}
		}
		if !created.After(from) || in.Resolved.IsZero() {
			continue
		}
		ttr = append(ttr, math.Trunc(in.Resolved.UTC().Sub(created).Hours()))
	}
	if v := percentileCont(ttr); !math.IsNaN(v) {
		p.TimeToRestoreHours = v
		p.TimeToRestore = fkBucket(v, []float64{24, 168, 730, 730 * 6}, []string{"One day", "One week", "One month", "Six months", "One year"})
	} else {
		p.TimeToRestore = "No data"
	}
	// Change failure rate: incidents matched per deployed change, over
	// distinct deployments (so it can pass 100%).
	var hits, n float64
	for _, x := range deps {
		if !x.at.After(from) {
			continue
		}
		n++
		for _, sha := range x.changes {
			hits += float64(rootOf[sha])
		}
	}
	if n > 0 {
		p.CFR = hits / n
	}
	switch {
	case p.CFR <= .15:
		p.ChangeFailureRate = "0-15%"
	case p.CFR < .46:
		p.ChangeFailureRate = "16-45%"
	default:
		p.ChangeFailureRate = "46-60%"
	}
	return p
}
