package models

import (
	"math"
	"strings"
	"testing"
)

// Tests of issue 19's mechanisms: risk carried by the work, mitigation
// levers, detection by exposure, Knight's spread scoped to its cause, and a
// deployment window that holds. Each checks a law or a closed form where
// there is one.

// TestInteractionsGrowWithPairs: a release whose n changes all touch one
// component marks each change defective with probability
// 1 − (1 − q)^((n−1)/2) (half its n − 1 pairs on its side), so that the
// expected number of interactions grows as the pairs, n(n−1)/2 · q, to
// first order; and a change marked in a smaller release is marked in a
// bigger one that holds it.
func TestInteractionsGrowWithPairs(t *testing.T) {
	a := continuousDelivery()
	a.Work.DefectProb = 0
	a.Work.Components, a.Work.InteractionProb = 1, 0.01
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	const releases = 400
	prev := map[uint64]bool{}
	for _, n := range []int{2, 10, 40} {
		r := newRun(&a, RunOptions{Seed: 3, HorizonHours: 1})
		marked := 0
		p := 1 - math.Pow(1-a.Work.InteractionProb, float64(n-1)/2)
		for k := range releases {
			rel := &release{}
			for i := range n {
				// Release k holds changes k·1000 … k·1000 + n − 1: the
				// releases of 10 and 40 hold those of 2 and 10.
				r.changes = append(r.changes, change{seq: uint64(k*1000 + i)})
				rel.changes = append(rel.changes, int32(len(r.changes)-1))
			}
			r.interactions(rel)
			for _, id := range rel.changes {
				c := &r.changes[id]
				marked += b2i(c.defect)
				if prev[c.seq] && !c.defect {
					t.Fatalf("n = %d: change %d interacts in a smaller release but not in this one", n, c.seq)
				}
				prev[c.seq] = prev[c.seq] || c.defect
			}
		}
		if !binomialWithin(marked, n*releases, p, 4) {
			t.Errorf("n = %d: %d of %d changes marked by interactions, want %.1f (pairs n(n−1)/2·q ≈ %.2f a release)", n, marked, n*releases, p*float64(n*releases), float64(n*(n-1))/2*a.Work.InteractionProb)
		}
		r.recycle()
	}
}

// TestPracticeFactor: the deployment-error multiplier is
// 1 + (F − 1) · min(gap / practice, 1).
func TestPracticeFactor(t *testing.T) {
	a := baseArm()
	a.Deploy.UnpractisedFactor, a.Deploy.PracticeHours = 3, 30*hoursPerDay
	r := newRun(&a, RunOptions{Seed: 1, HorizonHours: 1})
	defer r.recycle()
	r.lastDeploy = 100
	for _, tc := range []struct{ gapDays, want float64 }{{0, 1}, {15, 2}, {30, 3}, {300, 3}} {
		if got := r.practice(100 + tc.gapDays*hoursPerDay); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%g days since the last deployment: factor %g, want %g", tc.gapDays, got, tc.want)
		}
	}
	a.Deploy.UnpractisedFactor = 0
	if got := r.practice(1e6); got != 1 {
		t.Errorf("unpractised_factor 0: factor %g, want 1", got)
	}
}

// TestUnpractisedTeamsErrMore: the same manual deployment done monthly
// instead of weekly misconfigures a server more often per deployment when
// practice matters, and equally often when it does not.
func TestUnpractisedTeamsErrMore(t *testing.T) {
	rate := func(every float64, factor float64) float64 {
		a := baseArm()
		a.Work.DefectProb = 0
		// No patch releases: they follow a rollback at once, practised.
		a.Release = Release{Policy: Scheduled, EveryHours: every, FreezeHours: 0, AfterRollback: NextRelease}
		a.Deploy = Deploy{Mode: Manual, Servers: 8, StepsPerServer: 3, StepErrorProb: 0.01, StepHours: Dist{Mean: 0.01},
			Window: AnyTime, People: 1, UnpractisedFactor: factor, PracticeHours: 28 * hoursPerDay}
		failed, deploys := 0, 0
		for _, o := range runMany(t, a, 40, HoursPerYear) {
			failed += o.FailedReleases
			deploys += o.PlannedReleases
		}
		return float64(failed) / float64(deploys)
	}
	weekly, monthly := rate(168, 3), rate(28*24, 3)
	// Closed forms: a deployment of 24 steps fails with 1 − (1 − p·m)^24,
	// m = 1 + 2·(7/28) weekly and 3 monthly.
	wantW, wantM := 1-math.Pow(1-0.01*1.5, 24), 1-math.Pow(1-0.03, 24)
	if math.Abs(weekly-wantW) > 0.06 || math.Abs(monthly-wantM) > 0.08 {
		t.Errorf("release failure rate weekly %.3f (want ≈ %.3f), monthly %.3f (want ≈ %.3f)", weekly, wantW, monthly, wantM)
	}
	if off := rate(28*24, 1); math.Abs(off-(1-math.Pow(0.99, 24))) > 0.08 {
		t.Errorf("without the practice factor monthly deployments fail %.3f, want ≈ %.3f", off, 1-math.Pow(0.99, 24))
	}
}

// detectedBy runs arm a with the event log and counts who noticed each
// incident.
func detectedBy(t *testing.T, a Arm, n int) (alerts, reports int) {
	t.Helper()
	for rep := range n {
		o := Simulate(&a, RunOptions{Seed: 77, Replication: rep, HorizonHours: HoursPerYear, WarmupHours: 30 * 24, Record: true})
		for _, rec := range o.Log {
			if rec.Kind != RecDetected {
				continue
			}
			switch rec.Detail {
			case "alert":
				alerts++
			case "customer report":
				reports++
			}
		}
	}
	return alerts, reports
}

// TestBurnRateAlerting: a fault affecting a share x of users is alerted
// with probability 1 − (1 − alert_prob)(1 − x) (when customers would take
// far longer to report it); a total outage always, unless there is no
// alerting.
func TestBurnRateAlerting(t *testing.T) {
	for _, tc := range []struct{ p, x float64 }{{0.5, 1}, {0.5, 0.5}, {0.2, 0.25}, {0, 1}} {
		a := baseArm()
		a.Deploy.AutomatedErrorProb = 0
		a.Work.Severities = []Severity{{Name: "s", Share: 1, Impact: tc.x, Incident: true}}
		a.Monitoring = Monitoring{AlertProb: tc.p, AlertHours: Dist{Mean: 0.05}, ReportHours: Dist{Mean: 1000}}
		alerts, reports := detectedBy(t, a, 30)
		n := alerts + reports
		want := 1 - (1-tc.p)*(1-tc.x)
		if tc.p == 0 {
			want = 0
		}
		if n < 50 || !binomialWithin(alerts, n, want, 4) {
			t.Errorf("alert_prob %g, %g of users affected: %d of %d faults alerted, want %.3f of them", tc.p, tc.x, alerts, n, want)
		}
	}
}

// TestFlagsMitigateBeforeRepair: with every change behind a flag and fixed
// response times, every incident of a fix-forward arm ends when the flag is
// off, response + flag time after detection: no hotfix, no rollback.
func TestFlagsMitigateBeforeRepair(t *testing.T) {
	a := baseArm()
	a.Deploy.AutomatedErrorProb = 0
	a.Work.IrreversibleProb = 0
	a.Calendar.WorkWeekends, a.Calendar.DayStartHour, a.Calendar.DayEndHour = true, 0, 24
	a.Monitoring = Monitoring{AlertProb: 1, AlertHours: Dist{Mean: 0.1}, ReportHours: Dist{Mean: 4}}
	a.Recovery.Method = FixForward
	a.Recovery.TriageHours = Dist{Mean: 0.25}
	a.Mitigation = Mitigation{FlagShare: 1, FlagHours: Dist{Mean: 0.2}}
	n := 0
	for _, o := range runMany(t, a, 6, HoursPerYear) {
		if o.HotfixDeployments != 0 || o.Rollbacks != 0 {
			t.Errorf("%d hotfixes and %d rollbacks, want none: the flag ends every incident", o.HotfixDeployments, o.Rollbacks)
		}
		for _, h := range o.RecoveryHours {
			n++
			// activation (0.01) + alert (0.1) + triage (0.25) + flag (0.2)
			if math.Abs(h-0.55) > 0.02 {
				t.Errorf("recovery %.3f h, want 0.55 (alert, triage, then the flag)", h)
			}
		}
	}
	if n == 0 {
		t.Fatal("no incidents")
	}
}

// TestShutdownLeavesItsShare: a shutdown that leaves a share of the harm
// cuts the loss of a long fix-forward incident to about that share.
func TestShutdownLeavesItsShare(t *testing.T) {
	a := baseArm()
	a.Deploy.AutomatedErrorProb = 0
	a.Work.IrreversibleProb = 0
	a.Recovery.Method = FixForward
	a.Hotfix.FixHours = Dist{Mean: 20}
	a.Hotfix.DefectProb = 0
	plain := lossPerIncident(runMany(t, a, 6, HoursPerYear))
	a.Mitigation = Mitigation{Shutdown: true, ShutdownAbove: 0.5, ShutdownHours: Dist{Mean: 0.01}, ShutdownLeft: 0.25}
	cut := lossPerIncident(runMany(t, a, 6, HoursPerYear))
	if r := cut / plain; !(r > 0.2 && r < 0.35) {
		t.Errorf("loss per incident %.0f with a shutdown leaving 25%%, %.0f without: ratio %.2f, want about 0.25", cut, plain, r)
	}
}

// TestDrainOnItsOwn: with health checks that drain, a misconfigured server
// costs drain_time of its share of users and nobody is paged.
func TestDrainOnItsOwn(t *testing.T) {
	a := baseArm()
	a.Work.DefectProb = 0
	a.Deploy.AutomatedErrorProb = 0.2
	a.Mitigation = Mitigation{Drain: true, AutoDrain: true, DrainHours: Dist{Mean: 0.05}}
	a.Monitoring.AlertHours = Dist{Mean: 1}
	failed, incidents := 0, 0
	for _, o := range runMany(t, a, 4, HoursPerYear) {
		failed += o.FailedDeployments
		incidents += o.Incidents
		for _, h := range o.RecoveryHours {
			if math.Abs(h-0.05) > 1e-9 {
				t.Errorf("recovery %.4f h, want the drain's 0.05", h)
			}
		}
	}
	if failed == 0 || incidents != 0 {
		t.Errorf("%d failed deployments and %d incidents, want some failures and no incident", failed, incidents)
	}
}

// TestCodeDefectsDoNotSpread: a failed rollback spreads a misconfigured
// server's fault (Knight Capital), never a code defect's.
func TestCodeDefectsDoNotSpread(t *testing.T) {
	a := baseArm()
	a.Deploy.AutomatedErrorProb = 0
	a.Work.Severities = []Severity{{Name: "major", Share: 1, Impact: 0.25, Incident: true}}
	a.Recovery.Method = ManualRollback
	a.Recovery.RollbackFailProb, a.Recovery.FailedRollbackExposure = 1, 1
	n := 0
	for _, o := range runMany(t, a, 4, HoursPerYear) {
		n += o.FailedRollbacks
		if l := o.IncidentLossByCause[FailedRollback]; o.IncidentLog != nil && l > 0 {
			for _, inc := range o.IncidentLog {
				if inc.PeakExposure > 0.5+1e-9 {
					t.Fatalf("a code defect's incident reached %.2f of users, want its own 0.25 (two at most)", inc.PeakExposure)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no failed rollbacks")
	}
}

// TestHotfixFixesItsCulpritAndItsDefectShowsLater: a hotfix's own defect
// is a fault that shows with traffic after the hotfix is live and is then
// detected like any other.
func TestHotfixDefectShowsLater(t *testing.T) {
	a := baseArm()
	a.Deploy.AutomatedErrorProb = 0
	a.Work.IrreversibleProb = 1 // every fix goes through the hotfix lane
	a.Hotfix.DefectProb = 0.5
	a.Work.ActivationHours = Dist{Mean: 0.5}
	seen := 0
	for rep := range 4 {
		o := Simulate(&a, RunOptions{Seed: 9, Replication: rep, HorizonHours: HoursPerYear / 4, Record: true})
		live := math.Inf(-1)
		for _, rec := range o.Log {
			switch {
			case rec.Kind == RecHotfixLive:
				live = rec.Hours
			case rec.Kind == RecFault && strings.HasPrefix(rec.Detail, "the hotfix's own"):
				seen++
				if !(rec.Hours >= live+0.5-1e-9) {
					t.Errorf("a hotfix's defect shows at %.3f h, %.3f h after the hotfix went live; want its activation (0.5 h of traffic) later", rec.Hours, rec.Hours-live)
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no hotfix brought a defect")
	}
}

// TestBlueGreenSwitchCanFail: a blue-green switch-back fails like any
// rollback.
func TestBlueGreenSwitchCanFail(t *testing.T) {
	a := baseArm()
	a.Strategy = Strategy{Kind: BlueGreen, SwitchHours: 0.02}
	a.Recovery.Method = ManualRollback
	a.Recovery.RollbackFailProb = 0.5
	tried, failed := 0, 0
	for _, o := range runMany(t, a, 4, HoursPerYear) {
		tried += o.Rollbacks
		failed += o.FailedRollbacks
	}
	if tried < 20 || !binomialWithin(failed, tried, 0.5, 4) {
		t.Errorf("%d of %d switch-backs failed, want about half", failed, tried)
	}
}

// TestBigBangClosureHolds: a big-bang deployment closes the service from
// its start until the release is in, at least the planned outage: with a
// fixed manual deployment of 8 servers × 3 steps × 0.5 h = 12 h and a
// planned outage of 4 h, every deployment closes the service for 12 h.
func TestBigBangClosureHolds(t *testing.T) {
	a := baseArm()
	a.Work.DefectProb = 0
	a.Release = Release{Policy: Scheduled, EveryHours: 14 * 24, AfterRollback: PatchRelease}
	a.Deploy = Deploy{Mode: Manual, Servers: 8, StepsPerServer: 3, StepHours: Dist{Mean: 0.5}, Window: AnyTime, People: 1}
	a.Strategy = Strategy{Kind: BigBang, DowntimeHours: 4}
	for _, o := range runMany(t, a, 3, HoursPerYear) {
		if o.PlannedReleases == 0 {
			t.Fatal("no deployments")
		}
		if got, want := o.PlannedDowntimeMinutes, float64(o.PlannedReleases)*12*60; math.Abs(got-want) > 1e-6 {
			t.Errorf("planned downtime %.1f min over %d deployments, want %.1f (12 h each)", got, o.PlannedReleases, want)
		}
	}
	a.Deploy.StepHours = Dist{Mean: 0.1} // 2.4 h: the planned outage holds
	for _, o := range runMany(t, a, 3, HoursPerYear) {
		if got, want := o.PlannedDowntimeMinutes, float64(o.PlannedReleases)*4*60; math.Abs(got-want) > 1e-6 {
			t.Errorf("planned downtime %.1f min over %d deployments, want %.1f (4 h each)", got, o.PlannedReleases, want)
		}
	}
}
