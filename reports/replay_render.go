package reports

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"deploysim/models"
	"deploysim/replay"
	"deploysim/report"
	"deploysim/units"
)

// ReplayHeading says what a replay tells, in one line: the scenario, the
// arm, the replication and the window.
func ReplayHeading(r *replay.Replay) string {
	s := fmt.Sprintf("%s, arm %s, replication %d (seed %d)", r.Scenario, r.Arm, r.Replication, r.Seed)
	if r.Incident > 0 {
		return s + fmt.Sprintf(": incident %d of %d", r.Incident, r.IncidentCount)
	}
	return s + fmt.Sprintf(": the measured period, %d incidents", r.IncidentCount)
}

// FromReplay lays r out as a document: the heading and the arm's title,
// then the narrative, one moment per event under a heading for each new
// day, with the loss so far once users are affected,
//
//	Wed, day 3
//	  09:30  users meet a fault: the release of 4 changes is broken
//	  09:36  the fault is noticed, with 13% of users affected  · $62M lost so far
//
// and the incident's (or the period's) loss.
func FromReplay(r *replay.Replay) *report.Doc {
	d := &report.Doc{Kind: "deploysim replay", Subject: r.Scenario, Title: ReplayHeading(r), Subtitle: r.Title}
	var blocks []report.Block
	day := math.MinInt
	for _, ev := range r.Events {
		if ev.Day != day || len(blocks) == 0 {
			day = ev.Day
			blocks = append(blocks, report.Block{Kind: report.Timeline, Heading: fmt.Sprintf("%s, day %d", ev.Clock[:3], ev.Day)})
		}
		it := report.Item{Mark: -1, Name: ev.Clock[4:], Text: ev.Text}
		if ev.Exposure > 0 || ev.LossSoFar > 0 {
			it.Badge = units.FormatMoney(ev.LossSoFar, r.Currency) + " lost so far"
		}
		b := &blocks[len(blocks)-1]
		b.Items = append(b.Items, it)
	}
	blocks = append(blocks, report.Block{Kind: report.Prose, Text: []string{fmt.Sprintf("Incident loss in this %s: %s",
		map[bool]string{true: "incident", false: "period"}[r.Incident > 0], units.FormatMoney(r.Loss, r.Currency))}})
	d.Sections = []report.Section{{ID: "replay", Heading: "What happened", Brief: true, Blocks: blocks}}
	return d
}

// Layout of the replay timeline, in SVG user units (pixels at 100%).
const (
	replayWidth  = 960
	replayLeft   = 150 // lane labels
	replayRight  = 24
	replayLaneH  = 44
	replayTop    = 16
	replayLossH  = 120
	replayAxisH  = 36
	replayLabelX = 8
)

// replayLanes are the rows of the timeline, top to bottom.
var replayLanes = []string{"deployment", "users affected", "response"}

// laneOf returns the lane an event kind is drawn in.
func laneOf(k models.RecordKind) int {
	switch k {
	case models.RecDeployStart, models.RecDeployDone, models.RecCanaryStep, models.RecCaughtByVerify, models.RecDefectCaught:
		return 0
	case models.RecFault, models.RecRestored, models.RecMinorDefect:
		return 1
	}
	return 2
}

// markWord names an event's mark on the timeline in a word, or "" for
// kinds that speak for themselves (a canary step is a step of its bar).
func markWord(k models.RecordKind) string {
	switch k {
	case models.RecDeployStart:
		return "deploy"
	case models.RecDeployDone:
		return "done"
	case models.RecCaughtByVerify:
		return "stopped"
	case models.RecFault:
		return "fault"
	case models.RecDetected:
		return "noticed"
	case models.RecRollbackStart:
		return "rollback"
	case models.RecRollbackFailed:
		return "fails"
	case models.RecHotfixDeploy:
		return "fix"
	case models.RecMitigated:
		return "mitigated"
	case models.RecDiagnosed:
		return "diagnosed"
	case models.RecGaveUp:
		return "stopped"
	case models.RecMinorDefect:
		return "minor"
	case models.RecRestored:
		return "restored"
	case models.RecCanaryStep, models.RecDefectCaught:
		return ""
	}
	return strings.ReplaceAll(string(k), "-", " ")
}

// ReplayX returns the horizontal position in WriteReplaySVG's drawing of
// time t (hours since time zero), so that a page can place a cursor on an
// event. Times before the drawn view are at its left edge.
func ReplayX(r *replay.Replay, t float64) float64 {
	viewSpan := r.ViewTo - r.ViewFrom
	if viewSpan <= 0 {
		return replayLeft
	}
	return replayLeft + (math.Max(t, r.ViewFrom)-r.ViewFrom)/viewSpan*(replayWidth-replayLeft-replayRight)
}

// WriteReplaySVG writes r as a Gantt-like SVG timeline: deployments as
// bars, the share of users affected as a filled step curve, the response
// (detection, rollback, fix) as marked points, and the loss so far as a
// line below. Each event's mark carries data-step (its index in r.Events)
// so that a page can highlight it.
func WriteReplaySVG(w io.Writer, r *replay.Replay) error {
	bw := bufio.NewWriter(w)
	plotW := float64(replayWidth - replayLeft - replayRight)
	lanesH := float64(len(replayLanes) * replayLaneH)
	lossTop := replayTop + lanesH + 12
	height := lossTop + replayLossH + replayAxisH
	x := func(t float64) float64 { return ReplayX(r, t) }
	esc := template.HTMLEscapeString
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %.0f" role="img" aria-label="%s" font-family="'Liberation Sans',Arial,Helvetica,sans-serif" font-size="14">`+"\n",
		replayWidth, height, esc("Timeline of "+ReplayHeading(r)))
	fmt.Fprintf(bw, `<rect width="%d" height="%.0f" fill="#fff"/>`+"\n", replayWidth, height)
	// Lanes.
	for i, name := range replayLanes {
		y := replayTop + float64(i*replayLaneH)
		if i%2 == 0 {
			fmt.Fprintf(bw, `<rect x="%d" y="%.1f" width="%.1f" height="%d" fill="#f3f3f3"/>`+"\n", replayLeft, y, plotW, replayLaneH)
		}
		fmt.Fprintf(bw, `<text x="%d" y="%.1f" dominant-baseline="middle" fill="#222">%s</text>`+"\n", replayLabelX, y+replayLaneH/2, esc(name))
	}
	laneY := func(l int) float64 { return replayTop + float64(l*replayLaneH) }

	// Deployments: a bar from start to done (or to being stopped, or to
	// users meeting its fault when the window ends before it is done).
	bar := func(from, to float64) {
		x0, x1 := x(from), x(to)
		fmt.Fprintf(bw, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="#0072B2" opacity="0.8"><title>deployment %s–%s</title></rect>`+"\n",
			x0, laneY(0)+12, math.Max(x1-x0, 2), replayLaneH-24, esc(replay.Clock(from)), esc(replay.Clock(to)))
	}
	start, faultAt := math.NaN(), math.NaN()
	for _, ev := range r.Events {
		switch ev.Kind {
		case models.RecDeployStart, models.RecHotfixDeploy:
			if !math.IsNaN(start) { // superseded (a hotfix): up to its fault
				end := ev.Hours
				if !math.IsNaN(faultAt) {
					end = faultAt
				}
				bar(start, end)
			}
			start, faultAt = ev.Hours, math.NaN()
		case models.RecFault:
			faultAt = ev.Hours
		case models.RecDeployDone, models.RecCaughtByVerify:
			if !math.IsNaN(start) {
				bar(start, ev.Hours)
				start = math.NaN()
			}
		}
	}
	if !math.IsNaN(start) {
		end := r.ToHours
		if !math.IsNaN(faultAt) {
			end = faultAt
		}
		bar(start, end)
	}
	// Users affected: a step curve of exposure within the lane.
	var pts []string
	base := laneY(1) + replayLaneH - 4
	full := float64(replayLaneH - 8)
	prev := 0.0
	for _, ev := range r.Events {
		xe := x(ev.Hours)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", xe, base-prev*full), fmt.Sprintf("%.1f,%.1f", xe, base-ev.Exposure*full))
		prev = ev.Exposure
	}
	if len(pts) > 0 {
		fmt.Fprintf(bw, `<polygon points="%.1f,%.1f %s %.1f,%.1f" fill="#D55E00" opacity="0.85"/>`+"\n",
			x(r.ViewFrom), base, strings.Join(pts, " "), x(r.ViewTo), base)
	}
	// Loss so far.
	maxLoss := r.Loss
	lossY := func(v float64) float64 {
		if maxLoss <= 0 {
			return lossTop + replayLossH
		}
		return lossTop + replayLossH - v/maxLoss*(replayLossH-16)
	}
	fmt.Fprintf(bw, `<text x="%d" y="%.1f" dominant-baseline="middle" fill="#222">loss so far</text>`+"\n", replayLabelX, lossTop+replayLossH/2)
	fmt.Fprintf(bw, `<text x="%d" y="%.1f" dominant-baseline="middle" fill="#555" font-size="13">%s</text>`+"\n", replayLabelX, lossTop+replayLossH/2+18, esc(units.FormatMoney(maxLoss, r.Currency)))
	fmt.Fprintf(bw, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#999"/>`+"\n", replayLeft, lossTop+replayLossH, replayLeft+plotW, lossTop+replayLossH)
	var lp []string
	for _, ev := range r.Events {
		lp = append(lp, fmt.Sprintf("%.1f,%.1f", x(ev.Hours), lossY(ev.LossSoFar)))
	}
	if len(lp) > 0 {
		fmt.Fprintf(bw, `<polyline points="%s" fill="none" stroke="#000" stroke-width="2.5"/>`+"\n", strings.Join(lp, " "))
	}
	// Time axis: about six ticks at clock times.
	axisY := lossTop + replayLossH
	if r.ViewFrom > r.FromHours {
		// The view starts after the window: say what came before.
		fmt.Fprintf(bw, `<text x="%d" y="%.1f" font-size="13" fill="#333">← began %s, day %d</text>`+"\n",
			replayLeft+12, laneY(0)+replayLaneH-6, esc(replay.Clock(r.FromHours)), int(math.Floor((r.FromHours-r.WarmupHours)/24+1e-9))+1)
	}
	for _, t := range replayTicks(r.ViewFrom, r.ViewTo) {
		xt := x(t)
		fmt.Fprintf(bw, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%.1f" stroke="#ccc"/>`+"\n", xt, replayTop, xt, axisY+4)
		fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#222">%s</text>`+"\n", xt, axisY+22, esc(replay.Clock(t)))
	}
	// Event marks, for a page to highlight, with a word for each; marks
	// close together in a lane take turns above and below.
	lastX := map[int]float64{}
	above := map[int]bool{}
	for k, ev := range r.Events {
		l := laneOf(ev.Kind)
		y := laneY(l) + replayLaneH/2
		xe := x(ev.Hours)
		fmt.Fprintf(bw, `<circle class="ev" data-step="%d" cx="%.1f" cy="%.1f" r="5" fill="#fff" stroke="#000" stroke-width="1.5"><title>%s %s</title></circle>`+"\n",
			k, xe, y, esc(ev.Clock), esc(ev.Text))
		// Events before the view sit on its edge, said by the note there.
		if w := markWord(ev.Kind); w != "" && ev.Hours >= r.ViewFrom {
			prev, seen := lastX[l]
			if seen && xe-prev < 70 {
				above[l] = !above[l]
			} else {
				above[l] = true
			}
			lastX[l] = xe
			ly := y - 9
			if !above[l] {
				ly = y + 19
			}
			anchor := "middle" // at the edges, keep the word inside the drawing
			switch {
			case xe > replayWidth-replayRight-30:
				anchor = "end"
			case xe < replayLeft+30:
				anchor = "start"
			}
			fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="12" fill="#333">%s</text>`+"\n", xe, ly, anchor, esc(w))
		}
	}
	fmt.Fprintf(bw, `<line id="replay-cursor" x1="%d" y1="%d" x2="%d" y2="%.1f" stroke="#CC79A7" stroke-width="3" visibility="hidden"/>`+"\n",
		replayLeft, replayTop, replayLeft, axisY)
	fmt.Fprintln(bw, `</svg>`)
	return bw.Flush()
}

// replayTicks returns tick times between from and to (hours) at a round
// step: minutes, hours or days.
func replayTicks(from, to float64) []float64 {
	viewSpan := to - from
	if viewSpan <= 0 {
		return []float64{from}
	}
	step := 1.0 / 60
	for _, s := range []float64{1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080, 20160, 40320, 131040} {
		step = s / 60
		if viewSpan/step <= 6 {
			break
		}
	}
	var ts []float64
	for t := math.Ceil(from/step) * step; t <= to+1e-9; t += step {
		ts = append(ts, t)
	}
	return ts
}
