package export

import (
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"time"
)

// CDEvents v0.5.1 (cdevents.dev): the window as a stream of events, each
// valid against the spec's JSON Schemas, with chainId and links carrying
// the true causality: a deployment's chain holds the changes it took to
// production, its pipeline run, the service event, its rollback and the
// incidents it caused.

// CDEventsSpec is the spec version the events follow.
const CDEventsSpec = "0.5.1"

// Link kinds deploysim uses in RELATION links (the spec leaves the kind
// open): what the target is to the event that links to it.
const (
	LinkChange     = "CHANGE"     // a pipeline run → a change it deployed
	LinkPipeline   = "PIPELINE"   // a service event → the pipeline run that made it
	LinkCause      = "CAUSE"      // an incident → the deployment's service event that caused it
	LinkRolledBack = "ROLLEDBACK" // a rollback → the service event it undid
)

// CDEvent is one event: context, subject and optional custom data.
type CDEvent struct {
	Context    CDContext      `json:"context"`
	Subject    CDSubject      `json:"subject"`
	CustomData map[string]any `json:"customData,omitempty"`
	CustomType string         `json:"customDataContentType,omitempty"`
	at         time.Time
	order      int
}

// CDContext is an event's context.
type CDContext struct {
	Specversion string   `json:"specversion"`
	ID          string   `json:"id"`
	Source      string   `json:"source"`
	Type        string   `json:"type"`
	Timestamp   string   `json:"timestamp"`
	ChainID     string   `json:"chainId,omitempty"`
	Links       []CDLink `json:"links,omitempty"`
}

// CDLink is an embedded link: a RELATION to a target event, or a PATH
// from the event before it in the chain.
type CDLink struct {
	LinkType string            `json:"linkType"`
	LinkKind string            `json:"linkKind,omitempty"`
	From     *CDRef            `json:"from,omitempty"`
	Target   *CDRef            `json:"target,omitempty"`
	Tags     map[string]string `json:"tags,omitempty"`
}

// CDRef names an event by its context id.
type CDRef struct {
	ContextID string `json:"contextId"`
}

// CDSubject is an event's subject.
type CDSubject struct {
	ID      string         `json:"id"`
	Source  string         `json:"source,omitempty"`
	Content map[string]any `json:"content"`
}

// uuid is a name-based UUID (version 5 layout over SHA-1): stable for a
// seed, distinct between arms and replications.
func (d *Data) uuid(name string) string {
	h := sha1.Sum(fmt.Appendf(nil, "%s\x00%s\x00%d\x00%d\x00%s", d.Scenario, d.Arm, d.Seed, d.Replication, name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// CDEvents returns the window's events in time order.
func (d *Data) CDEvents() []CDEvent {
	src := "/deploysim/" + d.Scenario + "/" + d.Arm
	service := map[string]any{"id": d.Project, "source": src}
	env := map[string]any{"id": "production", "source": src}
	var evs []CDEvent
	add := func(at time.Time, typ, id, chain string, links []CDLink, subj CDSubject) string {
		ctxID := d.uuid("event:" + typ + ":" + id)
		if subj.Source == "" {
			subj.Source = src
		}
		evs = append(evs, CDEvent{Context: CDContext{
			Specversion: CDEventsSpec, ID: ctxID, Source: src,
			Type: "dev.cdevents." + typ + ".0.3.0", Timestamp: d.Timestamp(at),
			ChainID: chain, Links: links,
		}, Subject: subj, at: at, order: len(evs)})
		return ctxID
	}
	rel := func(kind, target string) CDLink {
		return CDLink{LinkType: "RELATION", LinkKind: kind, Target: &CDRef{ContextID: target}}
	}
	path := func(from string) CDLink { return CDLink{LinkType: "PATH", From: &CDRef{ContextID: from}} }

	chainOf := func(depID string) string { return d.uuid("chain:" + depID) }
	// Changes: merged at their first commit's time (deploysim's change is
	// a commit merged to trunk), in the chain of the deployment that
	// first took them to production.
	changeEvent := map[string]string{}
	for _, c := range d.Changes {
		chain := ""
		if c.Deployment != "" {
			chain = chainOf(c.Deployment)
		} else if len(c.Via) > 0 {
			chain = chainOf(c.Via[0])
		}
		changeEvent[c.ID] = add(c.Committed, "change.merged", c.ID, chain, nil, CDSubject{ID: c.ID, Content: map[string]any{
			"repository": map[string]any{"id": d.Project, "source": src},
		}})
	}
	// A rollback lands when the incident it mitigated says so.
	rolledBackAt := map[string]time.Time{}
	for _, list := range [][]Incident{d.Incidents, d.CanaryAborts} {
		for _, in := range list {
			if in.Deployment != "" && !in.Mitigated.IsZero() {
				rolledBackAt[in.Deployment] = in.Mitigated
			}
		}
	}
	serviceEvent := map[string]string{}
	deployed := false
	for _, dep := range d.Deployments {
		chain := chainOf(dep.ID)
		var links []CDLink
		head := ""
		var headAt time.Time
		for _, ci := range dep.Changes {
			c := &d.Changes[ci]
			links = append(links, rel(LinkChange, changeEvent[c.ID]))
			if head == "" || c.Committed.After(headAt) {
				head, headAt = c.SHA, c.Committed
			}
		}
		outcome := "success"
		if dep.Result != "success" {
			outcome = "failure"
		}
		run := add(dep.Finished, "pipelinerun.finished", dep.ID, chain, links, CDSubject{ID: dep.ID, Content: map[string]any{
			"pipelineName": dep.Kind, "outcome": outcome,
		}})
		artifact := "pkg:generic/" + d.Project + "@" + head
		typ := "service.upgraded"
		if !deployed {
			typ = "service.deployed"
		}
		deployed = true
		if dep.Result == "success" {
			serviceEvent[dep.ID] = add(dep.Finished, typ, dep.ID, chain, []CDLink{path(run), rel(LinkPipeline, run)}, CDSubject{ID: d.Project, Content: map[string]any{
				"environment": env, "artifactId": artifact,
			}})
		} else {
			// Stopped before fully out: the service ran it on part of the
			// traffic, then went back.
			serviceEvent[dep.ID] = add(dep.Started, typ, dep.ID, chain, []CDLink{rel(LinkPipeline, run)}, CDSubject{ID: d.Project, Content: map[string]any{
				"environment": env, "artifactId": artifact,
			}})
		}
		if dep.RolledBack {
			at := dep.Finished
			if t, ok := rolledBackAt[dep.ID]; ok && t.After(at) {
				at = t
			}
			add(at, "service.rolledback", dep.ID, chain, []CDLink{path(serviceEvent[dep.ID]), rel(LinkRolledBack, serviceEvent[dep.ID])}, CDSubject{ID: d.Project, Content: map[string]any{
				"environment": env, "artifactId": artifact,
			}})
		}
	}
	for _, in := range d.Incidents {
		chain := d.uuid("chain:" + in.ID)
		var links []CDLink
		if in.Deployment != "" {
			chain = chainOf(in.Deployment)
			links = append(links, rel(LinkCause, serviceEvent[in.Deployment]))
		}
		content := map[string]any{"description": fmt.Sprintf("%s incident (%s)", in.Severity, in.Cause), "environment": env, "service": service}
		custom := map[string]any{"severity": in.Severity, "startedAt": d.Timestamp(in.Started), "peakExposure": in.PeakExposure}
		typ := "incident.detected"
		if in.DetectedBy == "customer report" {
			typ = "incident.reported"
			content["ticketURI"] = "https://example.com/" + d.Project + "/incidents/" + in.ID
		}
		first := add(in.Created(), typ, in.ID, chain, links, CDSubject{ID: in.ID, Content: content})
		evs[len(evs)-1].CustomData, evs[len(evs)-1].CustomType = custom, "application/json"
		if !in.Resolved.IsZero() {
			add(in.Resolved, "incident.resolved", in.ID, chain, []CDLink{path(first)}, CDSubject{ID: in.ID, Content: map[string]any{
				"description": "service restored", "environment": env, "service": service,
			}})
		}
	}
	sort.SliceStable(evs, func(i, j int) bool {
		if !evs[i].at.Equal(evs[j].at) {
			return evs[i].at.Before(evs[j].at)
		}
		return evs[i].order < evs[j].order
	})
	return evs
}

// WriteCDEvents writes the events as NDJSON, one event a line.
func WriteCDEvents(w io.Writer, d *Data) error {
	enc := json.NewEncoder(w)
	for _, e := range d.CDEvents() {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}
