package export

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Comparison is what the dashboards will show for an export beside what
// happened: DevLake's panels in both editions, Four Keys' buckets, the
// true metrics, and one sentence per difference saying why.
type Comparison struct {
	Data     *Data
	DevLake  map[string]DevLakePanels // by edition: "2021", "2023"
	FourKeys FourKeysPanels
	Truth    Truth
	// Blame counts how DevLake attributed the window's incidents: to the
	// deployment that caused them, to another (an innocent one), or to
	// none (no successful deployment before the ticket).
	BlamedRight, BlamedInnocent, BlamedNone int
	// Differences, one sentence each.
	Differences []string
}

// Compare computes the comparison for d.
func Compare(d *Data) *Comparison {
	dl := d.ToDevLake()
	c := &Comparison{Data: d, DevLake: map[string]DevLakePanels{}, FourKeys: d.PredictFourKeys(), Truth: d.Truth()}
	for _, e := range []string{"2021", "2023"} {
		c.DevLake[e] = dl.PredictDevLake(d, e)
	}
	byID := map[string]string{}
	for _, x := range dl.Deployments {
		byID[x.ID] = x.Source.ID
	}
	for _, in := range dl.Incidents {
		blamed, ok := dl.Relations[in.ID]
		switch {
		case !ok:
			c.BlamedNone++
		case byID[blamed] == in.Source.Deployment:
			c.BlamedRight++
		default:
			c.BlamedInnocent++
		}
	}
	c.Differences = c.differences()
	return c
}

// count writes n with its noun, singular or plural: "1 failure", "3 failures".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

func hrs(h float64) string {
	switch {
	case h < 0:
		return "none"
	case h < 1:
		return fmt.Sprintf("%.0f min", h*60)
	case h < 48:
		return fmt.Sprintf("%.1f h", h)
	}
	return fmt.Sprintf("%.1f days", h/24)
}

func (c *Comparison) differences() []string {
	t, d := c.Truth, c.Data
	v23, v21 := c.DevLake["2023"], c.DevLake["2021"]
	var out []string
	say := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	// Deployment frequency: days, not deployments; the lower median.
	if float64(v23.DaysPerWeek) != t.DeploymentsPerWeek {
		say("Deployment frequency: DevLake shows a median of %d deployment days a week (%d a month), but %d deployments went out in %d weeks (%.2f a week): it counts days with at least one successful deployment, not deployments, takes the lower median over every week of the window (weeks without a deployment count as 0), and leaves out aborted ones (%d here).",
			v23.DaysPerWeek, v23.DaysPerMonth, t.Deployments, t.Weeks, t.DeploymentsPerWeek, t.Aborted)
	}
	// Lead time.
	if v23.LeadTimeMinutes >= 0 {
		say("Lead time for changes: DevLake shows %s (the lower median of pull-request cycle time, first commit → deployment finished, hotfix fixes included); the true median over %d changes is %s.",
			hrs(float64(v23.LeadTimeMinutes)/60), t.LeadTimes, hrs(t.LeadTimeHours))
	}
	// Change failure rate: only SUCCESS deployments; time-order blame;
	// one ticket per incident, however many deployments broke it.
	shown := float64(v23.CFR) / 10000
	if v23.CFR < 0 {
		shown = 0
	}
	if shown != t.ChangeFailureRate || c.BlamedInnocent > 0 {
		var why []string
		if c.BlamedInnocent > 0 || c.BlamedNone > 0 {
			why = append(why, fmt.Sprintf("it blames each incident on the latest successful deployment that finished before the incident's ticket was opened, so %d of %d incidents were blamed on a deployment that did not cause them and %d on none (detection slower than the gap between deployments moves the blame to an innocent one)",
				c.BlamedInnocent, len(d.Incidents), c.BlamedNone))
		}
		if n := c.failedWithoutTicket(); n > 0 {
			why = append(why, fmt.Sprintf("%d failed deployments broke production while an incident was already open (a fix that broke something else, a release whose fault joined the open incident) and got no ticket of their own", n))
		}
		if t.Aborted > 0 {
			why = append(why, fmt.Sprintf("%d aborted deployments (stopped and rolled back before fully out, %d of them by canary analysis without a ticket) are not successful deployments, so DevLake counts them neither as deployments nor as failures", t.Aborted, t.CanaryAborts))
		}
		say("Change failure rate: DevLake shows %s, the truth is %s (%d of %d deployments failed): %s.",
			pct(shown), pct(t.ChangeFailureRate), t.Failed, t.Deployments, strings.Join(why, "; "))
	}
	// Recovery.
	if v23.RecoveryMinutes >= 0 {
		say("Failed deployment recovery time (2023 edition): DevLake shows %s, measured from the blamed deployment's finish to the incident's resolution; the true median from first user exposure to service restored is %s over %s.",
			hrs(float64(v23.RecoveryMinutes)/60), hrs(t.RecoveryHours), count(t.Recoveries, "failure", "failures"))
	} else if t.Recoveries > 0 {
		say("Failed deployment recovery time (2023 edition): DevLake shows no value because no incident resolved in the window is blamed on a deployment of the window; the true median is %s over %s.", hrs(t.RecoveryHours), count(t.Recoveries, "failure", "failures"))
	}
	if v21.RecoveryMinutes >= 0 {
		say("Time to restore service (2021 edition): DevLake shows %s, from the ticket's creation (detection) to its resolution, which leaves out the time users were affected before anyone noticed (true median %s to detect).",
			hrs(float64(v21.RecoveryMinutes)/60), hrs(t.DetectionHours))
	}
	// Four Keys.
	fk := c.FourKeys
	say("Four Keys looks only at the three months before %s, with interpolated medians: deployment frequency %s, lead time %s (%s), change failure rate %s (%s, incidents matched to every deployment that carried the root-cause commit, so it can pass 100%%), time to restore %s.",
		fk.Today.Format(time.DateOnly), fk.DeploymentFrequency, fk.LeadTime, hrs(fk.LeadTimeHours), fk.ChangeFailureRate, pct(fk.CFR), fkTTR(fk))
	if t.Hotfixes > 0 {
		say("Deployment rework rate: %d of %d deployments (%s) were hotfixes, unplanned work to fix production; neither dashboard shows it.", t.Hotfixes, t.Deployments, pct(t.ReworkRate))
	}
	return out
}

// failedWithoutTicket counts the failed deployments of the window that
// no incident or canary abort names as its cause.
func (c *Comparison) failedWithoutTicket() int {
	cause := map[string]bool{}
	for _, list := range [][]Incident{c.Data.Incidents, c.Data.CanaryAborts} {
		for _, in := range list {
			cause[in.Deployment] = true
		}
	}
	n := 0
	for _, dep := range c.Data.Deployments {
		if dep.Failed && !cause[dep.ID] {
			n++
		}
	}
	return n
}

func fkTTR(fk FourKeysPanels) string {
	if fk.TimeToRestoreHours < 0 {
		return "no data"
	}
	return fk.TimeToRestore + " (" + hrs(fk.TimeToRestoreHours) + ", whole hours from the earlier of the root cause's deployment and the ticket)"
}

// WriteText writes the comparison for a terminal: the window, the table
// of what each dashboard shows beside the truth, and the differences.
func (c *Comparison) WriteText(w io.Writer) error {
	return c.write(w, false)
}

// WriteMarkdown writes the comparison as a Markdown page (--report).
func (c *Comparison) WriteMarkdown(w io.Writer) error {
	return c.write(w, true)
}

func (c *Comparison) write(w io.Writer, md bool) error {
	d, t := c.Data, c.Truth
	from, to := d.GrafanaWindow()
	var b strings.Builder
	if md {
		fmt.Fprintf(&b, "# What the dashboard will show vs what happened\n\n")
	}
	fmt.Fprintf(&b, "%s, arm %s, seed %d, replication %d: %d weeks from %s.\n", d.Scenario, d.Arm, d.Seed, d.Replication, d.Weeks, d.From.Format(time.DateOnly))
	fmt.Fprintf(&b, "In Grafana select project %s and the absolute range %s to %s (UTC); Four Keys reads the last three months.\n\n", d.Project, from.Format(time.DateTime), to.Format(time.DateTime))
	v21, v23, fk := c.DevLake["2021"], c.DevLake["2023"], c.FourKeys
	rec21 := v21.Recovery
	rows := [][]string{
		{"metric", "DevLake 2023", "DevLake 2021", "Four Keys", "what happened"},
		{"deployment frequency", v23.DeploymentFrequency, v21.DeploymentFrequency, fk.DeploymentFrequency, fmt.Sprintf("%d deployments, %.2f a week", t.Deployments, t.DeploymentsPerWeek)},
		{"lead time for changes (h)", v23.LeadTime, v21.LeadTime, fk.LeadTime, "median " + hrs(t.LeadTimeHours)},
		{"change failure rate", v23.ChangeFailureRate, v21.ChangeFailureRate, fk.ChangeFailureRate, fmt.Sprintf("%s (%d of %d)", pct(t.ChangeFailureRate), t.Failed, t.Deployments)},
		{"recovery time (h)", v23.Recovery, rec21, fk.TimeToRestore, "median " + hrs(t.RecoveryHours)},
		{"deployment rework rate", "not shown", "not shown", "not shown", fmt.Sprintf("%s (%s)", pct(t.ReworkRate), count(t.Hotfixes, "hotfix", "hotfixes"))},
	}
	if md {
		for i, r := range rows {
			fmt.Fprintf(&b, "| %s |\n", strings.Join(r, " | "))
			if i == 0 {
				fmt.Fprintf(&b, "|%s\n", strings.Repeat("---|", len(r)))
			}
		}
	} else {
		width := make([]int, len(rows[0]))
		for _, r := range rows {
			for i, cell := range r {
				width[i] = max(width[i], len([]rune(cell)))
			}
		}
		for _, r := range rows {
			var line strings.Builder
			for i, cell := range r {
				fmt.Fprintf(&line, "%s%s  ", cell, strings.Repeat(" ", width[i]-len([]rune(cell))))
			}
			b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
		}
	}
	b.WriteString("\n")
	if md {
		b.WriteString("## Why they differ\n\n")
	} else {
		b.WriteString("Why they differ:\n")
	}
	for _, s := range c.Differences {
		fmt.Fprintf(&b, "- %s\n", s)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
