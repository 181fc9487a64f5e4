package reports

import (
	"errors"
	"fmt"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/models"
)

// Report is everything a report page shows, computed once by NewReport:
// the summary, and per arm the distributions the plots draw. The plot
// builders and FromRun read it and compute nothing.
type Report struct {
	Summary metrics.Summary
	// Curves holds one entry per arm, in the order of Summary.Arms.
	Curves []metrics.Curves

	// pics is what the figures show, and figs the figures, both made
	// once by NewReport for every page that shows them (see pictures and
	// figures).
	pics    *pictures
	figs    []Figure
	figsErr error
}

// figures returns the report's figures: those NewReport laid out, or, for
// a Report built by hand, newly laid out ones.
func (r *Report) figures() ([]Figure, error) { return Figures(r) }

// pictures returns what r's figures show: what NewReport decided, or, for
// a Report built by hand, a new decision.
func (r *Report) pictures() (*pictures, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	if r.pics != nil {
		return r.pics, nil
	}
	return newPictures(r), nil
}

// NewReport summarizes res (see Summarize, which it calls with meta and
// edition) and computes the distributions the plots draw. It panics as
// Summarize does.
func NewReport(res *models.Results, meta metrics.Meta, edition dora.Edition) *Report {
	r := &Report{Summary: metrics.Summarize(res, meta, edition)}
	r.Curves = metrics.NewCurves(res)
	r.pics = newPictures(r)
	r.figs, r.figsErr = figures(r.pics)
	return r
}

// check returns an error if r cannot be drawn.
func (r *Report) check() error {
	if r == nil {
		return errors.New("reports: nil report")
	}
	if err := r.Summary.Check(); err != nil {
		return err
	}
	if len(r.Curves) != len(r.Summary.Arms) {
		return fmt.Errorf("reports: report has curves for %d arms, summary has %d (use NewReport)", len(r.Curves), len(r.Summary.Arms))
	}
	return nil
}

// SummaryOnly returns a report holding only a summary, for the formats
// that draw no figures (render.Format.Figures false).
func SummaryOnly(s metrics.Summary) *Report { return &Report{Summary: s} }
