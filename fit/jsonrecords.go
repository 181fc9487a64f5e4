package fit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// jsonError words a JSON syntax or type error with its line.
func jsonError(file string, data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return &InputError{File: file, Line: lineAt(data, se.Offset), Msg: "not valid JSON: " + se.Error()}
	case errors.As(err, &te):
		return &InputError{File: file, Line: lineAt(data, te.Offset), Field: te.Field, Msg: fmt.Sprintf("want a %s, got a JSON %s", te.Type, te.Value)}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &InputError{File: file, Line: lineAt(data, int64(len(data))), Msg: "not valid JSON: it ends too early"}
	}
	return &InputError{File: file, Msg: "not valid JSON: " + err.Error()}
}

// eachElement decodes the elements of the JSON array at the top level of
// data (or, with key, at that key of the top-level object), calling fn
// with each element's line.
func eachElement(file string, data []byte, key string, fn func(raw json.RawMessage, line int) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return jsonError(file, data, err)
	}
	if key != "" {
		if tok != json.Delim('{') {
			return &InputError{File: file, Line: 1, Msg: fmt.Sprintf("want an object with an %q array", key)}
		}
		for {
			k, err := dec.Token()
			if err != nil {
				return jsonError(file, data, err)
			}
			if k == json.Delim('}') {
				return &InputError{File: file, Line: lineAt(data, dec.InputOffset()), Msg: fmt.Sprintf("no %q array", key)}
			}
			if k == key {
				if tok, err = dec.Token(); err != nil {
					return jsonError(file, data, err)
				}
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return jsonError(file, data, err)
			}
		}
	}
	if tok != json.Delim('[') {
		return &InputError{File: file, Line: lineAt(data, dec.InputOffset()), Msg: "want a JSON array"}
	}
	for dec.More() {
		start := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return jsonError(file, data, err)
		}
		// The element starts after any whitespace and comma.
		rest := data[start:]
		skip := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n,"))
		if err := fn(raw, lineAt(data, start+int64(skip))); err != nil {
			return err
		}
	}
	return nil
}

// jsonTime parses an RFC 3339 time field; empty or null is the zero time.
func jsonTime(file string, line int, field string, s *string) (time.Time, error) {
	if s == nil || *s == "" {
		return time.Time{}, nil
	}
	t, ok := parseRFC3339(*s)
	if !ok {
		return time.Time{}, &InputError{File: file, Line: line, Field: field, Msg: fmt.Sprintf("%q is not %s", *s, rfc3339Want)}
	}
	return t, nil
}

// pdIncident is the part of a PagerDuty incident the fit reads
// (REST API v2, GET /incidents).
type pdIncident struct {
	ID         string  `json:"id"`
	Number     int     `json:"incident_number"`
	CreatedAt  *string `json:"created_at"`
	ResolvedAt *string `json:"resolved_at"`
	Status     string  `json:"status"`
	Urgency    string  `json:"urgency"`
	Service    *struct {
		Summary string `json:"summary"`
		ID      string `json:"id"`
	} `json:"service"`
}

// ReadPagerDuty reads the JSON of PagerDuty's GET /incidents (an object
// with an "incidents" array; several pages may be concatenated with
// jq -s '{incidents: map(.incidents[])}'). An incident's start is its
// created_at (PagerDuty knows no earlier impact start), its end
// resolved_at; one not resolved is open. Urgency becomes the severity the
// --severity filter matches.
func ReadPagerDuty(file string, r io.Reader) (*Records, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &InputError{File: file, Msg: err.Error()}
	}
	out := &Records{}
	err = eachElement(file, data, "incidents", func(raw json.RawMessage, line int) error {
		var p pdIncident
		if err := json.Unmarshal(raw, &p); err != nil {
			return &InputError{File: file, Line: line, Msg: "incident: " + err.Error()}
		}
		if p.ID == "" {
			return &InputError{File: file, Line: line, Field: "id", Msg: "required, but missing"}
		}
		if p.CreatedAt == nil || *p.CreatedAt == "" {
			return &InputError{File: file, Line: line, Field: "created_at", Msg: "required, but missing"}
		}
		in := Incident{ID: p.ID, Severity: p.Urgency, Where: fmt.Sprintf("%s:%d", file, line)}
		if in.Started, err = jsonTime(file, line, "created_at", p.CreatedAt); err != nil {
			return err
		}
		if in.Resolved, err = jsonTime(file, line, "resolved_at", p.ResolvedAt); err != nil {
			return err
		}
		if in.Resolved.IsZero() && p.Status == "resolved" {
			return &InputError{File: file, Line: line, Field: "resolved_at", Msg: "status is resolved but resolved_at is missing"}
		}
		if !in.Resolved.IsZero() && in.Resolved.Before(in.Started) {
			return &InputError{File: file, Line: line, Field: "resolved_at", Msg: fmt.Sprintf("resolved %s, before it was created (%s)", *p.ResolvedAt, *p.CreatedAt)}
		}
		if p.Service != nil {
			in.Service = p.Service.Summary
		}
		out.Incidents = append(out.Incidents, in)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Inputs = append(out.Inputs, fmt.Sprintf("%s: %d PagerDuty incidents", file, len(out.Incidents)))
	return out, nil
}

// ghDeployment is the part of a GitHub deployment the fit reads (REST
// API, GET /repos/{owner}/{repo}/deployments), with its statuses (GET
// …/deployments/{id}/statuses) under "statuses".
type ghDeployment struct {
	ID                    *int64  `json:"id"`
	SHA                   string  `json:"sha"`
	Environment           string  `json:"environment"`
	ProductionEnvironment *bool   `json:"production_environment"`
	CreatedAt             *string `json:"created_at"`
	Statuses              []struct {
		State     string  `json:"state"`
		CreatedAt *string `json:"created_at"`
	} `json:"statuses"`
}

// ReadGitHubDeployments reads a JSON array of GitHub deployments, each
// with its statuses under "statuses". A deployment counts when its
// environment is production (production_environment true, or named
// production or prod); it starts at created_at and finishes at its first
// success, failure or error status; failure or error means it never
// reached traffic (aborted). One with no final status is left out, with a
// note.
func ReadGitHubDeployments(file string, r io.Reader) (*Records, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &InputError{File: file, Msg: err.Error()}
	}
	out := &Records{}
	other, pending := 0, 0
	err = eachElement(file, data, "", func(raw json.RawMessage, line int) error {
		var g ghDeployment
		if err := json.Unmarshal(raw, &g); err != nil {
			return &InputError{File: file, Line: line, Msg: "deployment: " + err.Error()}
		}
		if g.ID == nil {
			return &InputError{File: file, Line: line, Field: "id", Msg: "required, but missing"}
		}
		if g.CreatedAt == nil {
			return &InputError{File: file, Line: line, Field: "created_at", Msg: "required, but missing"}
		}
		prod := g.ProductionEnvironment != nil && *g.ProductionEnvironment ||
			strings.EqualFold(g.Environment, "production") || strings.EqualFold(g.Environment, "prod")
		if !prod {
			other++
			return nil
		}
		d := Deployment{ID: fmt.Sprint(*g.ID), Changes: -1, Where: fmt.Sprintf("%s:%d", file, line)}
		if d.Started, err = jsonTime(file, line, "created_at", g.CreatedAt); err != nil {
			return err
		}
		final := false
		for i, s := range g.Statuses {
			switch s.State {
			case "success", "failure", "error":
			case "inactive", "in_progress", "queued", "pending":
				continue
			default:
				return &InputError{File: file, Line: line, Field: fmt.Sprintf("statuses[%d].state", i), Msg: fmt.Sprintf("%q is not a GitHub deployment state (error, failure, inactive, in_progress, queued, pending, success)", s.State)}
			}
			t, err := jsonTime(file, line, fmt.Sprintf("statuses[%d].created_at", i), s.CreatedAt)
			if err != nil {
				return err
			}
			if !final || t.Before(d.Finished) {
				d.Finished, d.Aborted, final = t, s.State != "success", true
			}
		}
		if !final {
			pending++
			return nil
		}
		if d.Finished.Before(d.Started) {
			return &InputError{File: file, Line: line, Field: "statuses", Msg: "a final status before the deployment was created"}
		}
		out.Deployments = append(out.Deployments, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if other > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("%s: %d deployment(s) to environments other than production left out", file, other))
	}
	if pending > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("%s: %d deployment(s) with no success, failure or error status left out", file, pending))
	}
	out.Inputs = append(out.Inputs, fmt.Sprintf("%s: %d GitHub production deployments", file, len(out.Deployments)))
	return out, nil
}
