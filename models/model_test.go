package models

import (
	"context"
	"math"
	"reflect"
	"testing"

	"deploysim/sim"
	"deploysim/stats"
)

// runMany runs arm a for n replications of the given horizon and returns
// the outcomes.
func runMany(t testing.TB, a Arm, n int, horizon float64) []Outcome {
	t.Helper()
	if err := a.Validate(); err != nil {
		t.Fatalf("invalid test arm: %v", err)
	}
	out, err := sim.Replicate(context.Background(), sim.Options{Replications: n}, func(rep int) Outcome {
		return Simulate(&a, RunOptions{Seed: 2026, Replication: rep, HorizonHours: horizon, WarmupHours: 30 * 24})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// binomialWithin reports whether k successes out of n trials are consistent
// with probability p: |k − np| within z standard deviations.
func binomialWithin(k, n int, p, z float64) bool {
	mean := float64(n) * p
	sd := math.Sqrt(float64(n) * p * (1 - p))
	return math.Abs(float64(k)-mean) <= z*sd+1e-9
}

// TestChangeFailureRateBatchFormula checks the batch-size law: a release of
// k changes, each carrying a defect with probability p that a check catches
// with probability c, fails with probability
//
//	P(fail | k) = 1 − (1 − p(1 − c))^k.
//
// Release sizes vary (Poisson work), so the test compares the number of
// failed planned deployments with Σᵢ P(fail | kᵢ) over the deployments seen,
// whose variance is Σᵢ P(1 − P).
func TestChangeFailureRateBatchFormula(t *testing.T) {
	for _, tc := range []struct {
		name       string
		p, c       float64
		everyHours float64
	}{
		{"daily, weak tests", 0.05, 0.2, 24},
		{"weekly, good tests", 0.05, 0.8, 168},
		{"monthly, no tests", 0.02, 0, 30 * 24},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := baseArm()
			a.Work.DefectProb = tc.p
			// Caught changes must not come back to dilute later releases.
			a.Work.ReworkHours = Dist{Mean: MaxHours} // 100 years: never, in a 1-year run
			a.Release = Release{Policy: Scheduled, EveryHours: tc.everyHours}
			a.Pipeline = []Stage{{Name: "qa", Scope: BatchScope, Hours: Dist{Mean: 0.1}, CatchProb: tc.c}}
			a.Deploy.AutomatedErrorProb = 0
			// Fix forward so that every change is deployed exactly once.
			a.Recovery.Method = FixForward
			a.Hotfix.DefectProb = 0
			var expected, variance float64
			failed := 0
			q := tc.p * (1 - tc.c)
			for rep := range 40 {
				o := Simulate(&a, RunOptions{Seed: 7, Replication: rep, HorizonHours: 2 * HoursPerYear, Record: true})
				// A release fails if a fault shows before the next one
				// starts (faults show minutes after exposure here; trains
				// are a day or more apart).
				size, faulty := -1, false
				count := func() {
					if size < 0 {
						return
					}
					pf := 1 - math.Pow(1-q, float64(size))
					expected += pf
					variance += pf * (1 - pf)
					failed += b2i(faulty)
				}
				for _, rec := range o.Log {
					switch rec.Kind {
					case RecDeployStart:
						count()
						size, faulty = rec.Changes, false
					case RecFault:
						faulty = faulty || size >= 0
					}
				}
				count()
			}
			if sd := math.Sqrt(variance); math.Abs(float64(failed)-expected) > 4*sd {
				t.Errorf("failed deployments: got %d, want %.1f ± %.1f (4σ)", failed, expected, 4*sd)
			}
		})
	}
}

// TestManualMisconfiguration checks the Knight Capital law: a manual
// deployment of s servers × m steps, each step wrong with probability q,
// leaves at least one server misconfigured with probability
//
//	P = 1 − (1 − q)^(s·m).
func TestManualMisconfiguration(t *testing.T) {
	for _, tc := range []struct {
		servers, steps int
		q              float64
	}{
		{8, 10, 0.002},
		{8, 20, 0.01},
		{2, 5, 0.05},
	} {
		a := baseArm()
		a.Work.DefectProb = 0
		a.Release = Release{Policy: Scheduled, EveryHours: 48}
		a.Deploy = Deploy{Mode: Manual, Servers: tc.servers, StepsPerServer: tc.steps, StepErrorProb: tc.q,
			StepHours: Dist{Mean: 0.01}, Window: AnyTime}
		a.Hotfix.DefectProb = 0
		outs := runMany(t, a, 8, HoursPerYear)
		deploys, failed := 0, 0
		for _, o := range outs {
			deploys += o.Deployments - o.HotfixDeployments
			failed += o.FailedDeployments - o.FailedHotfixDeployments
		}
		want := 1 - math.Pow(1-tc.q, float64(tc.servers*tc.steps))
		if !binomialWithin(failed, deploys, want, 4) {
			t.Errorf("%d servers × %d steps at q=%g: got %d/%d failed (%.3f), want %.3f",
				tc.servers, tc.steps, tc.q, failed, deploys, float64(failed)/float64(deploys), want)
		}
	}
}

// TestVerificationCatchesMisconfiguration: a consistency check that catches
// each misconfigured server with probability v leaves a misconfiguration in
// production with probability 1 − (1 − q(1 − v))^(s·m)... for one step per
// server it is simply 1 − (1 − q(1 − v))^s.
func TestVerificationCatchesMisconfiguration(t *testing.T) {
	a := baseArm()
	a.Work.DefectProb = 0
	a.Release = Release{Policy: Scheduled, EveryHours: 48}
	a.Deploy = Deploy{Mode: Manual, Servers: 8, StepsPerServer: 1, StepErrorProb: 0.05,
		StepHours: Dist{Mean: 0.01}, Window: AnyTime, Verify: Verify{ConfigCatchProb: 0.75, Hours: Dist{Mean: 0.05}}}
	a.Hotfix.DefectProb = 0
	outs := runMany(t, a, 8, HoursPerYear)
	deploys, failed := 0, 0
	for _, o := range outs {
		deploys += o.Deployments - o.HotfixDeployments
		failed += o.FailedDeployments - o.FailedHotfixDeployments
	}
	want := 1 - math.Pow(1-0.05*0.25, 8)
	if !binomialWithin(failed, deploys, want, 4) {
		t.Errorf("got %d/%d failed, want rate %.4f", failed, deploys, want)
	}
}

// TestScheduledTrainDeploymentsPerYear: a train every N hours with nothing
// failing deploys once per interval: H/N deployments over a horizon H.
func TestScheduledTrainDeploymentsPerYear(t *testing.T) {
	for _, every := range []float64{7 * 24, 14 * 24, 91 * 24} {
		a := baseArm()
		a.Work.DefectProb = 0
		a.Deploy.AutomatedErrorProb = 0
		a.Release = Release{Policy: Scheduled, EveryHours: every, FreezeHours: 24}
		horizon := 10 * HoursPerYear
		o := Simulate(&a, RunOptions{Seed: 1, HorizonHours: horizon})
		want := horizon / every
		if got := float64(o.Deployments); math.Abs(got-want) > 1 {
			t.Errorf("train every %g h: got %g deployments in %g h, want %.1f ± 1", every, got, horizon, want)
		}
	}
}

// TestLeadTimeOfDailyTrain: with an instant pipeline and a train every 24
// hours at the replication's phase φ (trains at φ·24 h past midnight), a
// change committed at hour h of an office day waits until the next train:
// (φ·24 − h) mod 24 hours, plus the deployment time (0.2 h). Commits are
// uniform over 09:00–17:00, so the mean is that wait averaged over h.
func TestLeadTimeOfDailyTrain(t *testing.T) {
	a := baseArm()
	a.Work.DefectProb = 0
	a.Deploy.AutomatedErrorProb = 0
	a.Deploy.AutomatedHours = Dist{Mean: 0.2}
	a.Pipeline = []Stage{{Name: "unit", Scope: PerChangeScope, Hours: Dist{Mean: 0}}}
	a.Release = Release{Policy: Scheduled, EveryHours: 24}
	for _, seed := range []uint64{3, 4, 5} {
		o := Simulate(&a, RunOptions{Seed: seed, HorizonHours: HoursPerYear})
		train := 24 * sim.Stream(seed, 0, streamPhase).Float64()
		var want float64
		const n = 8000
		for i := range n {
			h := 9 + 8*(float64(i)+0.5)/n
			want += math.Mod(train-h+48, 24) + 0.2
		}
		want /= n
		tally := &o.LeadTimeHours
		// sd ≤ 8/√12 ≈ 2.3 h; with ~2,600 changes the standard error is
		// ~0.05 h.
		if got := tally.Mean(); math.Abs(got-want) > 0.25 {
			t.Errorf("seed %d, train at %.2f h: mean lead time got %.3f h, want %.3f h", seed, train, got, want)
		}
		if tally.Max() > 24.2+1e-3 {
			t.Errorf("seed %d: longest lead time %.2f h, want at most a day plus the deployment", seed, tally.Max())
		}
	}
}

// cfr is the pooled change failure rate of a set of outcomes.
func cfr(outs []Outcome) float64 {
	d, f := 0, 0
	for _, o := range outs {
		d += o.Deployments
		f += o.FailedDeployments
	}
	return float64(f) / float64(d)
}

func meanRecovery(outs []Outcome) float64 {
	var t stats.Tally
	for _, o := range outs {
		for _, x := range o.RecoveryHours {
			t.Add(x)
		}
	}
	return t.Mean()
}

func lossPerIncident(outs []Outcome) float64 {
	loss, n := 0.0, 0
	for _, o := range outs {
		loss += o.IncidentLoss
		n += len(o.IncidentLog) // incidents and canary aborts: every failure episode
	}
	return loss / float64(n)
}

// The monotonicity properties: each compares arms that differ in one knob,
// on the same work (same seeds), and asserts the direction of the effect.

func TestBiggerBatchesFailMore(t *testing.T) {
	prev := -1.0
	for _, every := range []float64{24, 7 * 24, 30 * 24} {
		a := baseArm()
		a.Release = Release{Policy: Scheduled, EveryHours: every}
		got := cfr(runMany(t, a, 8, HoursPerYear))
		if got <= prev {
			t.Errorf("release every %g h: change failure rate %.3f, want > %.3f (the smaller batches)", every, got, prev)
		}
		prev = got
	}
}

func TestBetterTestsFailLess(t *testing.T) {
	prev := 2.0
	for _, c := range []float64{0, 0.5, 0.9} {
		a := baseArm()
		a.Release = Release{Policy: Scheduled, EveryHours: 7 * 24}
		a.Pipeline = []Stage{{Name: "tests", Scope: PerChangeScope, Hours: Dist{Mean: 0.2}, CatchProb: c}}
		got := cfr(runMany(t, a, 8, HoursPerYear))
		if got >= prev {
			t.Errorf("catch probability %g: change failure rate %.3f, want < %.3f", c, got, prev)
		}
		prev = got
	}
}

func TestAutomatedRollbackRestoresFaster(t *testing.T) {
	auto := baseArm()
	manual := baseArm()
	manual.Recovery.Method = ManualRollback
	manual.Recovery.RollbackHours = Dist{Mean: 1, CV: 0.5}
	fix := baseArm()
	fix.Recovery.Method = FixForward
	ra := meanRecovery(runMany(t, auto, 8, HoursPerYear))
	rm := meanRecovery(runMany(t, manual, 8, HoursPerYear))
	rf := meanRecovery(runMany(t, fix, 8, HoursPerYear))
	if !(ra < rm && rm < rf) {
		t.Errorf("mean recovery: automated rollback %.2f h, manual rollback %.2f h, fix forward %.2f h; want increasing", ra, rm, rf)
	}
}

func TestCanaryShrinksLossPerIncident(t *testing.T) {
	bigBang := baseArm()
	bigBang.Monitoring.AlertProb = 0.5 // slow detection makes blast radius matter
	canary := bigBang
	canary.Strategy = Strategy{Kind: Canary, AnalysisCatchProb: 0.8, Steps: []CanaryStep{
		{Weight: 0.01, BakeHours: 0.25}, {Weight: 0.1, BakeHours: 0.25}, {Weight: 0.5, BakeHours: 0.25}, {Weight: 1}}}
	lb := lossPerIncident(runMany(t, bigBang, 8, HoursPerYear))
	lc := lossPerIncident(runMany(t, canary, 8, HoursPerYear))
	if !(lc < lb/3) {
		t.Errorf("loss per incident: canary %.0f, big-bang %.0f; want canary < a third of big-bang", lc, lb)
	}
}

func TestDeterministic(t *testing.T) {
	for _, a := range []Arm{quarterlyManual(), continuousDelivery(), continuousDeployment()} {
		opt := RunOptions{Seed: 99, Replication: 3, HorizonHours: HoursPerYear, WarmupHours: 90 * 24, Record: true}
		x := Simulate(&a, opt)
		y := Simulate(&a, opt)
		if !reflect.DeepEqual(x, y) {
			t.Errorf("%s: two runs with the same options differ", a.Name)
		}
		opt.Replication = 4
		if z := Simulate(&a, opt); reflect.DeepEqual(x, z) {
			t.Errorf("%s: replications 3 and 4 gave identical outcomes", a.Name)
		}
	}
}

// TestCommonRandomNumbers: arms that share a calendar see the same work, so
// every arm commits the same changes at the same times.
func TestCommonRandomNumbers(t *testing.T) {
	a, b := continuousDeployment(), continuousDelivery()
	oa := Simulate(&a, RunOptions{Seed: 5, HorizonHours: HoursPerYear, Record: true})
	ob := Simulate(&b, RunOptions{Seed: 5, HorizonHours: HoursPerYear, Record: true})
	// Everything committed is delivered in both (within a day), give or take
	// the last day's changes.
	if d := oa.ChangesDelivered - ob.ChangesDelivered; d < -60 || d > 60 {
		t.Errorf("changes delivered: %d vs %d; want the same work in both arms", oa.ChangesDelivered, ob.ChangesDelivered)
	}
}

func TestIrreversibleChangesFixForward(t *testing.T) {
	a := baseArm()
	a.Work.IrreversibleProb = 1
	a.Deploy.AutomatedErrorProb = 0 // a misconfigured server can always be rolled back
	outs := runMany(t, a, 4, HoursPerYear)
	rollbacks, hotfixes := 0, 0
	for _, o := range outs {
		rollbacks += o.Rollbacks
		hotfixes += o.HotfixDeployments
	}
	if rollbacks != 0 || hotfixes == 0 {
		t.Errorf("all changes irreversible: got %d rollbacks and %d hotfixes, want 0 rollbacks and some hotfixes", rollbacks, hotfixes)
	}
}

func TestFailedRollbackWorsensExposure(t *testing.T) {
	a := baseArm()
	a.Work.DefectProb = 0
	a.Release = Release{Policy: Scheduled, EveryHours: 48}
	a.Deploy = Deploy{Mode: Manual, Servers: 8, StepsPerServer: 1, StepErrorProb: 0.1, StepHours: Dist{Mean: 0.01}, Window: AnyTime}
	a.Recovery.Method = ManualRollback
	a.Recovery.RollbackFailProb = 1
	calm := a
	a.Recovery.FailedRollbackExposure = 1
	worse := lossPerIncident(runMany(t, a, 4, HoursPerYear))
	same := lossPerIncident(runMany(t, calm, 4, HoursPerYear))
	if !(worse > 2*same) {
		t.Errorf("loss per incident: %.0f with a rollback that hits every server, %.0f without; want the first much larger", worse, same)
	}
}

func TestCABAndFreezeDelayReleases(t *testing.T) {
	plain := continuousDelivery()
	cab := plain
	cab.CAB = CAB{Enabled: true, MeetsEveryHours: 168, MeetingOffsetHours: 24 + 14, LeadHours: 24}
	frozen := plain
	frozen.Freezes = []Freeze{{StartDay: 340, EndDay: 10}}
	lt := func(a Arm) (float64, int) {
		o := Simulate(&a, RunOptions{Seed: 11, HorizonHours: HoursPerYear})
		return o.LeadTimeHours.Mean(), o.Deployments
	}
	lp, dp := lt(plain)
	lc, dc := lt(cab)
	lf, df := lt(frozen)
	if !(lc > lp+48 && dc <= 53) {
		t.Errorf("weekly CAB: lead time %.1f h (plain %.1f h), %d deployments; want ≥ 2 days longer and at most weekly", lc, lp, dc)
	}
	if !(lf > lp && df < dp) {
		t.Errorf("year-end freeze: lead time %.1f h vs %.1f h, deployments %d vs %d; want longer and fewer", lf, lp, df, dp)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		path string
		mod  func(*Arm)
	}{
		{"work.defect_prob", func(a *Arm) { a.Work.DefectProb = 1.5 }},
		{"work.changes_per_day", func(a *Arm) { a.Work.ChangesPerDay = 0 }},
		{"work.rework.cv", func(a *Arm) { a.Work.ReworkHours.CV = -1 }},
		{"pipeline", func(a *Arm) { a.Pipeline = nil }},
		{"pipeline[1].catch_prob", func(a *Arm) { a.Pipeline[1].CatchProb = math.NaN() }},
		{"pipeline[0].capacity", func(a *Arm) { a.Pipeline[0].Manual = true }},
		{"release.policy", func(a *Arm) { a.Release.Policy = "weekly" }},
		{"release.freeze", func(a *Arm) { a.Release = Release{Policy: Scheduled, EveryHours: 24, FreezeHours: 48} }},
		{"deploy.servers", func(a *Arm) { a.Deploy.Servers = 0 }},
		{"deploy.automated_time.mean", func(a *Arm) { a.Deploy.AutomatedHours.Mean = 0 }},
		{"deploy.steps_per_server", func(a *Arm) { a.Deploy.Mode = Manual; a.Deploy.StepHours = Dist{Mean: 1} }},
		{"deploy.window_weekday", func(a *Arm) {
			a.Deploy.Window = MaintenanceWindow
			a.Deploy.WindowWeekday = 7
			a.Deploy.WindowHours = 4
		}},
		{"strategy.steps", func(a *Arm) { a.Strategy.Kind = Canary }},
		{"strategy.steps[1].weight", func(a *Arm) {
			a.Strategy = Strategy{Kind: Canary, Steps: []CanaryStep{{Weight: 0.5}, {Weight: 0.2}}}
		}},
		{"monitoring.alert_prob", func(a *Arm) { a.Monitoring.AlertProb = -0.1 }},
		{"recovery.method", func(a *Arm) { a.Recovery.Method = "pray" }},
		{"hotfix.needs_cab", func(a *Arm) { a.Hotfix.NeedsCAB = true }},
		{"freezes[0].end_day", func(a *Arm) { a.Freezes = []Freeze{{StartDay: 1, EndDay: 365}} }},
		{"money.off_hours_multiplier", func(a *Arm) { a.Money.OffHoursMultiplier = 0.5 }},
		{"calendar.day_start", func(a *Arm) { a.Calendar.DayStartHour = 24 }},
		{"calendar.day_end", func(a *Arm) { a.Calendar.DayStartHour = 18 }},
		{"calendar.day_end", func(a *Arm) { a.Calendar.DayEndHour = 25 }},
	} {
		t.Run(tc.path, func(t *testing.T) {
			a := baseArm()
			tc.mod(&a)
			err := a.Validate()
			var es Errors
			if err == nil {
				t.Fatalf("got no error, want one at %s", tc.path)
			}
			es = err.(Errors)
			found := false
			for _, e := range es {
				if e.Path == tc.path {
					found = true
				}
			}
			if !found {
				t.Errorf("got %v, want an error at %s", err, tc.path)
			}
		})
	}
	for _, a := range []Arm{baseArm(), quarterlyManual(), continuousDelivery()} {
		if err := a.Validate(); err != nil {
			t.Errorf("%s: valid arm rejected: %v", a.Name, err)
		}
	}
}

func TestValidateReportsEveryError(t *testing.T) {
	a := baseArm()
	a.Work.DefectProb = 2
	a.Deploy.Servers = -1
	a.Money.LossPerMinute = -5
	err := a.Validate()
	if es, ok := err.(Errors); !ok || len(es) != 3 {
		t.Errorf("got %v, want exactly three errors", err)
	}
}

// TestCostByDayAddsUp: the daily book of labour, downtime and delay costs
// sums to the totals (float32 days, so to a relative 1e-5).
func TestCostByDayAddsUp(t *testing.T) {
	for _, a := range []Arm{quarterlyManual(), continuousDelivery(), continuousDeployment()} {
		o := Simulate(&a, RunOptions{Seed: 4, HorizonHours: HoursPerYear, WarmupHours: 30 * 24})
		var sum float64
		for _, c := range o.CostByDay {
			sum += float64(c)
		}
		want := o.LaborCost + o.DowntimeCost + o.DelayCost
		if len(o.CostByDay) != 365 || math.Abs(sum-want) > 1e-5*want {
			t.Errorf("%s: %d days summing to %.2f, want 365 days summing to %.2f", a.Name, len(o.CostByDay), sum, want)
		}
	}
}

// TestSeverityImpactScalesLoss: the impact share changes no random draw,
// and with alerts that see every fault (and customers who never report
// first) detection does not depend on it either; so on the same seed the
// same incidents happen and each loses exactly that share of the
// full-impact loss.
func TestSeverityImpactScalesLoss(t *testing.T) {
	full := baseArm()
	full.Deploy.AutomatedErrorProb = 0
	full.Monitoring = Monitoring{AlertProb: 1, AlertHours: Dist{Mean: 0.2, CV: 0.5}, ReportHours: Dist{Mean: 1e4}}
	part := full
	part.Work.Severities = []Severity{{Name: "major", Share: 1, Impact: 0.25, Incident: true}}
	opt := RunOptions{Seed: 8, HorizonHours: HoursPerYear}
	of, op := Simulate(&full, opt), Simulate(&part, opt)
	if of.Incidents == 0 || of.Incidents != op.Incidents || of.FailedDeployments != op.FailedDeployments {
		t.Fatalf("incidents %d vs %d, failed deployments %d vs %d: want the same, and some", of.Incidents, op.Incidents, of.FailedDeployments, op.FailedDeployments)
	}
	if got, want := op.IncidentLoss, 0.25*of.IncidentLoss; math.Abs(got-want) > 1e-9*want {
		t.Errorf("incident loss at impact 0.25: got %.2f, want %.2f (a quarter of %.2f)", got, want, of.IncidentLoss)
	}
}

// TestRecordChangesNothing: recording the story (which adds the on-call
// response's moment to the calendar) leaves the outcome as it is without
// it, and the log tells response and triage between detection and the
// team's action.
func TestRecordChangesNothing(t *testing.T) {
	for _, a := range []Arm{quarterlyManual(), continuousDelivery(), continuousDeployment()} {
		opt := RunOptions{Seed: 99, Replication: 3, HorizonHours: HoursPerYear, WarmupHours: 90 * 24}
		x := Simulate(&a, opt)
		opt.Record = true
		y := Simulate(&a, opt)
		y.Log, x.Log = nil, nil
		x.Events, y.Events = 0, 0
		if !reflect.DeepEqual(x, y) {
			t.Errorf("%s: recording changed the outcome", a.Name)
		}
	}
	a := quarterlyManual()
	o := Simulate(&a, RunOptions{Seed: 99, Replication: 3, HorizonHours: HoursPerYear, Record: true})
	seen := map[RecordKind]int{}
	for i, rec := range o.Log {
		seen[rec.Kind]++
		if rec.Kind == RecTriaged && (rec.Detail != "roll back" && rec.Detail != "fix forward") {
			t.Errorf("triaged: detail %q", rec.Detail)
		}
		if rec.Kind == RecRollbackStart && i > 0 && o.Log[i-1].Kind != RecTriaged && o.Log[i-1].Kind != RecDetected {
			t.Errorf("rollback at %.2f h follows %s, want triage (or an automatic rollback on detection)", rec.Hours, o.Log[i-1].Kind)
		}
	}
	if seen[RecDetected] == 0 || seen[RecResponding] == 0 || seen[RecTriaged] == 0 {
		t.Errorf("a year of quarterly-manual: detected %d, responding %d, triaged %d; want each", seen[RecDetected], seen[RecResponding], seen[RecTriaged])
	}
}
