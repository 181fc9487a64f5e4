package fit

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat"

	"deploysim/dora"
	"deploysim/models"
	"deploysim/scenarios"
	"deploysim/stats"
)

// Org is what an organisation says about itself beyond its records: the
// Quick Check's extra questions. Zero values mean "not given".
type Org struct {
	// TeamSize is the number of engineers whose changes the arm carries.
	TeamSize int
	// ChangesPerWeek is changes merged a week, across the organisation.
	ChangesPerWeek float64
	// OutageCostPerHour is what an hour of full outage at peak costs;
	// RevenuePerYear the revenue of the business the software serves.
	OutageCostPerHour, RevenuePerYear float64
	// ManualDeployment and ManualTesting say whether deployments and
	// regression testing are done by hand; nil when not given.
	ManualDeployment, ManualTesting *bool
}

// changesPerEngineerDay is the assumption used for changes per working day
// when only the team size is known: half a change per engineer a working
// day, the 500 changes a week of a 200-engineer organisation.
const changesPerEngineerDay = 0.5

// Options tune the fit.
type Options struct {
	// Seed of the simulations the fit runs; the check runs at Seed + 1.
	Seed uint64
	// Replications per fitting round (default 24) and of the check
	// (default 60); Rounds of fitting (default 8).
	Replications, CheckReplications, Rounds int
	// Name of the today arm (default "today") and of the arm it moves to
	// (default "continuous-delivery" or "continuous-deployment").
	Name string
}

func (o *Options) defaults() {
	if o.Replications <= 0 {
		o.Replications = 24
	}
	if o.CheckReplications <= 0 {
		o.CheckReplications = 60
	}
	if o.Rounds <= 0 {
		o.Rounds = 8
	}
	if o.Name == "" {
		o.Name = "today"
	}
}

// Param is one parameter the fit set, or left at its template value.
type Param struct {
	// Path names it as --set and uncertain: spell it
	// ("defaults.work.defect_prob", "arms.today.release.every").
	Path string
	// Value is the fitted value; Low and High its Level interval (equal to
	// Value for a parameter not fitted), in the model's unit: hours for
	// durations, 0–1 for probabilities, changes per working day for rates.
	Value, Low, High float64
	// Kind is "duration", "probability", "rate" or "money".
	Kind string
	// From is the provenance ("fitted: 412 deployments, 2026-01-05..
	// 2026-06-28"), or why the value is a default.
	From string
	// Fitted says whether data set it.
	Fitted bool
}

// Check compares one metric as measured with the fitted arm simulated
// over periods as long as the one observed.
type Check struct {
	Metric, Unit string
	Measured     Target
	// Simulated is the mean over the check's replications, with the 5th
	// and 95th percentiles of the per-period values: the range a period
	// like the one observed would show if the fitted arm were true.
	Simulated Interval
	// Agrees says whether the measured value lies in the simulated range.
	Agrees bool
}

// Result is a fitted arm, the arm it can move to, and what the fit knows.
type Result struct {
	// Template is the dora-2019 arm the today arm's practices start from
	// ("medium"), and why.
	Template, TemplateWhy string
	// Today is the fitted arm; Better is Today with practices changed
	// (BetterTemplate's release, pipeline, deployment, strategy,
	// monitoring, mitigation levers and recovery method), never outcomes.
	Today, Better  models.Arm
	BetterTemplate string
	// Params lists every parameter the fit set or names as a default.
	Params []Param
	// Checks compare the measured metrics with the fitted arm.
	Checks []Check
	// Warnings say what the inputs cannot support; Misfit says in words
	// where the fitted arm does not reproduce the measurements.
	Warnings, Misfit []string
	Targets          Targets
	Org              Org
	// QuickCheck are the Quick Check answers and scores each arm's
	// simulated metrics give (today, better).
	QuickCheck [2]QuickCheckRow
}

// QuickCheckRow is an arm's Quick Check: the answers its simulated
// metrics give and their scores.
type QuickCheckRow struct {
	Arm     string
	Answers dora.Answers
	Scores  dora.Scores
}

// templates returns the dora-2019 built-in arms by name: practices typical
// of each cluster, calibrated against the report (see package calibration).
func templates() (map[string]models.Arm, error) {
	s, err := scenarios.Load("dora-2019")
	if err != nil {
		return nil, err
	}
	m := map[string]models.Arm{}
	for _, a := range s.Arms {
		m[a.Name], _ = s.Arm(a.Name)
	}
	return m, nil
}

// chooseTemplate picks the dora-2019 arm whose practices match how often
// the organisation releases and in what batches: planned deployments
// where the records tell them from hotfixes (a quarterly release train
// whose failures bring nine hotfixes a year deploys 13 times, but its
// practices are a low performer's, not a fortnightly one's), all
// deployments otherwise.
func chooseTemplate(t Targets, org Org) (name, why string) {
	dpy := t.DeploysPerYear.Value
	how := fmt.Sprintf("%.0f deployments a year", dpy)
	if p := t.PlannedPerYear; p.Known() && p.Value > 0 {
		dpy = p.Value
		how = fmt.Sprintf("%.0f planned deployments a year, %.0f with hotfixes", dpy, t.DeploysPerYear.Value)
	}
	switch {
	case !t.DeploysPerYear.Known():
		name, why = "high", "deployment frequency unknown: the practices of DORA 2019's high cluster (on-demand releases, automated deployment)"
	case dpy >= 365 && (!t.BatchSize.Known() || t.BatchSize.Value <= 1.3):
		name, why = "elite", how+" of about one change each: continuous deployment"
	case dpy >= 52:
		name, why = "high", how+": on-demand releases with automated deployment"
	case dpy >= 12:
		name, why = "medium", how+": releases every few weeks with manual regression"
	default:
		name, why = "low", how+": a scheduled release train, manual deployment"
	}
	return name, why
}

// betterTemplate is the cluster whose practices the second arm adopts.
func betterTemplate(today string) string {
	if today == "high" || today == "elite" {
		return "elite"
	}
	return "high"
}

// Calibrate fits the today arm to the targets and builds the arm it could
// move to.
func Calibrate(ctx context.Context, t Targets, org Org, opt Options) (*Result, error) {
	opt.defaults()
	tmpl, err := templates()
	if err != nil {
		return nil, err
	}
	res := &Result{Targets: t, Org: org}
	res.Template, res.TemplateWhy = chooseTemplate(t, org)
	arm := tmpl[res.Template]
	arm.Name, arm.Title = opt.Name, "Today, fitted to the organisation's records"
	applyOrgPractices(&arm, org, tmpl)
	if why := applyRollback(&arm, t.RollbackShare, tmpl); why != "" {
		res.TemplateWhy += "; " + why
	}

	// Changes per day: the records, the answers, the team size, or the
	// default.
	cpd := Param{Path: "defaults.work.changes_per_day", Kind: "rate", Value: arm.Work.ChangesPerDay, Low: arm.Work.ChangesPerDay, High: arm.Work.ChangesPerDay}
	switch {
	case t.ChangesPerDay.Known() && t.ChangesPerDay.Value > 0:
		cpd.Value, cpd.Low, cpd.High = t.ChangesPerDay.Value, t.ChangesPerDay.Low, t.ChangesPerDay.High
		cpd.From, cpd.Fitted = "fitted: "+t.ChangesPerDay.From, true
	case org.ChangesPerWeek > 0:
		v := org.ChangesPerWeek / workingDaysWeek
		cpd.Value, cpd.Low, cpd.High = v, v*0.8, v*1.25
		cpd.From, cpd.Fitted = fmt.Sprintf("answered: %g changes a week (assumption: ±25%%)", org.ChangesPerWeek), true
	case org.TeamSize > 0:
		v := float64(org.TeamSize) * changesPerEngineerDay
		cpd.Value, cpd.Low, cpd.High = v, v/2, v*2
		cpd.From, cpd.Fitted = fmt.Sprintf("assumption: %d engineers × %.1f changes per engineer a working day (a factor of 2 either way)", org.TeamSize, changesPerEngineerDay), true
	default:
		cpd.From = "default: the template's 10 changes a working day; give changes_per_week or team_size"
		res.Warnings = append(res.Warnings, "changes per day: no change records, changes a week or team size: left at the default of 10 a working day")
	}
	arm.Work.ChangesPerDay = cpd.Value
	scaleCapacity(&arm)

	// The knobs: release cadence, defect and deployment-error
	// probabilities (one factor), recovery speed (one factor).
	cadence := arm.Release.EveryHours
	hasCadence := arm.Release.Policy != models.PerChange && cadence > 0
	fitCadence := hasCadence && t.DeploysPerYear.Known()
	cadenceTarget := t.DeploysPerYear
	usePlanned := t.PlannedPerYear.Known() && t.PlannedPerYear.Value > 0
	if usePlanned {
		cadenceTarget = t.PlannedPerYear
	}
	cfrTarget := t.ChangeFailureRate.Value
	if t.ChangeFailureRate.Known() && t.ChangeFailureRate.Value == 0 {
		// No failure seen: aim at the posterior mean, not at a
		// certainty the data do not give.
		n := float64(t.ChangeFailureRate.N)
		cfrTarget = 1 / (n + 2)
	}
	fitCFR := t.ChangeFailureRate.Known()
	fitRec := t.RecoveryHours.Known()
	base := arm
	riskScale, recScale := 1.0, 1.0
	var recProposals []float64 // log recovery factors the later rounds proposed
	for round := range opt.Rounds {
		a := base
		a.Pipeline = slices.Clone(base.Pipeline)
		a.Release.EveryHours = cadence
		scaleRisk(&a, riskScale)
		scaleRecovery(&a, recScale)
		m, err := simulateArm(ctx, &a, opt.Seed+uint64(round)*7919, opt.Replications, hoursPerYear)
		if err != nil {
			return nil, err
		}
		if fitCadence && m.deploysPerYear > 0 {
			// The planned deployments measured, or, where the records do
			// not tell them from hotfixes, the deployments less the
			// hotfixes the arm simulates.
			planned := cadenceTarget.Value
			if !usePlanned {
				planned = math.Max(t.DeploysPerYear.Value-m.hotfixPerYear, t.DeploysPerYear.Value/4)
			}
			simPlanned := math.Max(m.deploysPerYear-m.hotfixPerYear, 1e-9)
			cadence = clamp(cadence*clamp(simPlanned/planned, 0.25, 4), 1, 2*hoursPerYear)
		}
		if fitCFR {
			f := 4.0
			if m.cfr > 0 {
				f = clamp(cfrTarget/m.cfr, 0.25, 4)
			}
			riskScale = clamp(riskScale*f, 1e-3, 1e3)
		}
		// Records hold paged incidents only: the fit steers by the
		// simulated incidents records would hold (see simMetrics).
		if fitRec && m.pagedMedian > 0 {
			recScale = clamp(recScale*clamp(t.RecoveryHours.Value/m.pagedMedian, 0.2, 5), 0.01, 100)
			if round >= opt.Rounds/2 {
				recProposals = append(recProposals, math.Log(recScale))
			}
		}
	}
	if len(recProposals) > 0 {
		// Polyak–Ruppert averaging: the geometric mean of the second
		// half's proposals, not the last one alone. A replication-year
		// holds a dozen incidents against hundreds of deployments, and
		// one round's median carries the noise of its hundred or so (a
		// factor of 1.5 either way between rounds of the fast tier's
		// eight replications of continuous delivery).
		recScale = math.Exp(stat.Mean(recProposals, nil))
	}
	today := base
	today.Pipeline = slices.Clone(base.Pipeline)
	today.Release.EveryHours = sig3(cadence)
	scaleRisk(&today, riskScale)
	scaleRecovery(&today, recScale)
	roundFitted(&today)
	res.Warnings = append(res.Warnings, plausibility(riskScale, recScale, res.Template)...)
	if err := today.Validate(); err != nil {
		return nil, fmt.Errorf("the fitted arm is not valid (a bug): %w", err)
	}
	res.Today = today

	// Parameters and their intervals. An interval of an outcome maps to
	// its parameter through the fit's local proportionality (a parameter
	// twice as large gives about twice the outcome, near the fit).
	res.Params = append(res.Params, cpd)
	armPath := "arms." + opt.Name + "."
	if hasCadence {
		p := Param{Path: armPath + "release.every", Kind: "duration", Value: cadence, Low: cadence, High: cadence}
		if fitCadence {
			v := cadenceTarget
			p.Low, p.High = cadence*v.Value/math.Max(v.High, 1e-9), cadence*v.Value/math.Max(v.Low, v.Value/10)
			p.From, p.Fitted = "fitted: "+v.From, true
		} else {
			p.From = "default: the " + res.Template + " template's cadence (no deployment records)"
		}
		res.Params = append(res.Params, p)
	}
	// The risk parameters' intervals: the same scaling applied at the
	// ends of the change failure rate's interval.
	risk := riskParams(&today, armPath)
	if fitCFR {
		v := t.ChangeFailureRate
		lo, hi := base, base
		lo.Pipeline, hi.Pipeline = slices.Clone(base.Pipeline), slices.Clone(base.Pipeline)
		scaleRisk(&lo, riskScale*math.Max(v.Low, cfrTarget/20)/cfrTarget)
		scaleRisk(&hi, riskScale*v.High/cfrTarget)
		ends := map[string][]float64{}
		for _, p := range append(riskParams(&lo, armPath), riskParams(&hi, armPath)...) {
			ends[p.Path] = append(ends[p.Path], p.Value)
		}
		for i := range risk {
			e := append(ends[risk[i].Path], risk[i].Value)
			risk[i].Low, risk[i].High = slices.Min(e), slices.Max(e)
			risk[i].From, risk[i].Fitted = "fitted to the change failure rate: "+v.From, true
		}
	} else {
		for i := range risk {
			risk[i].Low, risk[i].High = risk[i].Value, risk[i].Value
			risk[i].From = "default: the " + res.Template + " template's (no change failure rate in the inputs)"
		}
	}
	res.Params = append(res.Params, risk...)
	for _, rp := range recoveryParams(&today, armPath) {
		if fitRec {
			v := t.RecoveryHours
			rp.Low, rp.High = rp.Value*v.Low/v.Value, rp.Value*v.High/v.Value
			rp.From, rp.Fitted = "fitted to recovery time: "+v.From, true
		} else {
			rp.From = "default: the " + res.Template + " template's (no incident durations in the inputs)"
		}
		res.Params = append(res.Params, rp)
	}
	if org.OutageCostPerHour > 0 {
		v := org.OutageCostPerHour / 60
		res.Params = append(res.Params, Param{Path: "defaults.money.loss_per_minute", Kind: "money", Value: v, Low: v / 2, High: v * 2, From: fmt.Sprintf("answered: %g an hour of outage (assumption: a factor of 2 either way)", org.OutageCostPerHour), Fitted: true})
		today.Money.LossPerMinute = v
	} else {
		res.Params = append(res.Params, Param{Path: "defaults.money.loss_per_minute", Kind: "money", Value: today.Money.LossPerMinute, Low: today.Money.LossPerMinute, High: today.Money.LossPerMinute, From: "default: $200 a minute, deploysim's assumption for a $50M-a-year business; give outage_cost_per_hour"})
	}
	if org.RevenuePerYear > 0 {
		today.Money.RevenuePerYear = org.RevenuePerYear
		res.Params = append(res.Params, Param{Path: "defaults.money.revenue_per_year", Kind: "money", Value: org.RevenuePerYear, Low: org.RevenuePerYear, High: org.RevenuePerYear, From: "answered", Fitted: true})
	}
	res.Today = today

	// The arm to move to: practices from the better template, the
	// organisation's own work, people and money kept.
	res.BetterTemplate = betterTemplate(res.Template)
	res.Better = adoptPractices(today, tmpl[res.BetterTemplate])
	scaleCapacity(&res.Better)
	res.Better.Name = "continuous-delivery"
	res.Better.Title = "Continuous delivery: on-demand releases, automated tests and deployment"
	if res.BetterTemplate == "elite" {
		res.Better.Name = "continuous-deployment"
		res.Better.Title = "Continuous deployment: every change, canary, automated rollback"
	}

	// The check: the fitted arm over periods as long as the observed one.
	checkHours := math.Max(t.Hours, 30*24)
	if !(t.Hours > 0) {
		checkHours = hoursPerYear
	}
	m, err := simulateArm(ctx, &res.Today, opt.Seed+1, opt.CheckReplications, checkHours)
	if err != nil {
		return nil, err
	}
	res.Checks = checks(t, m)
	for _, c := range res.Checks {
		if c.Measured.Known() && !c.Agrees {
			res.Misfit = append(res.Misfit, misfitWords(c))
		}
	}
	mb, err := simulateArm(ctx, &res.Better, opt.Seed+1, opt.CheckReplications, hoursPerYear)
	if err != nil {
		return nil, err
	}
	m1y, err := simulateArm(ctx, &res.Today, opt.Seed+1, opt.CheckReplications, hoursPerYear)
	if err != nil {
		return nil, err
	}
	res.QuickCheck[0] = quickCheckOf(res.Today.Name, m1y)
	res.QuickCheck[1] = quickCheckOf(res.Better.Name, mb)
	res.Warnings = append(res.Warnings, warnings(t)...)
	return res, nil
}

func quickCheckOf(name string, m simMetrics) QuickCheckRow {
	a := dora.Measured(m.leadMedian, m.deploysPerYear, m.recoveryMedian, m.cfr, m.rework)
	s, _ := dora.Score(a)
	return QuickCheckRow{Arm: name, Answers: a, Scores: s}
}

// sig3 rounds x to three significant digits: a fitted value is no more
// precise than that, and a scenario file should read like one.
func sig3(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow(10, 2-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}

// roundFitted rounds the fitted values to three significant digits.
func roundFitted(a *models.Arm) {
	a.Work.DefectProb = sig3(a.Work.DefectProb)
	a.Deploy.StepErrorProb = sig3(a.Deploy.StepErrorProb)
	a.Deploy.AutomatedErrorProb = sig3(a.Deploy.AutomatedErrorProb)
	for _, d := range recoveryDists(a) {
		d.Mean = sig3(d.Mean)
	}
}

// plausibility warns where the fit had to move the template's practices
// far: a result the organisation should question before believing.
func plausibility(risk, rec float64, template string) []string {
	var w []string
	if risk < 0.1 || risk > 10 {
		w = append(w, fmt.Sprintf("the risk of a failed deployment is %.2g× the %s template's (the fit moved the tests' catch_prob, deploy.verify, work.defect_prob and the deployment error probability to match): the change failure rate measured is far from what releases of this size and these practices usually give; check that every failed deployment was recorded, and only production failures, before trusting the fit", risk, template))
	}
	if rec < 0.1 || rec > 10 {
		w = append(w, fmt.Sprintf("the recovery durations (recovery.triage, diagnosis, monitoring, hotfix, mitigation) are %.2g× the %s template's: check that incident records measure impact start to service restored, and that paging alerts are not counted as incidents (--severity)", rec, template))
	}
	return w
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// scaleRisk multiplies the risk that a deployment fails by f. The change
// failure rate cannot tell weaker tests from buggier code, or a leaky
// post-deployment check from error-prone deployments, so the fit splits
// the factor evenly between each pair (√f each, an assumption): every
// test stage's catch probability is multiplied by one factor q, chosen so
// that the share of defects escaping all of them moves by √f, and the
// defect probability takes the rest; the post-deployment check's miss
// probability moves by √f and the deployment's error probability takes
// the rest. Probabilities stay in [0, 0.99] (0.9 for the defect and error
// probabilities).
func scaleRisk(a *models.Arm, f float64) {
	var catches []*float64
	for i := range a.Pipeline {
		if a.Pipeline[i].CatchProb > 0 {
			catches = append(catches, &a.Pipeline[i].CatchProb)
		}
	}
	if a.Deploy.Verify.DefectCatchProb > 0 {
		catches = append(catches, &a.Deploy.Verify.DefectCatchProb)
	}
	escape := func(q float64) float64 {
		e := 1.0
		for _, c := range catches {
			e *= 1 - math.Min(0.99, *c*q)
		}
		return e
	}
	want := escape(1) * math.Sqrt(f)
	// escape(q) falls as q grows: bisect on q in [0, qMax].
	qMax := 1.0
	for _, c := range catches {
		qMax = math.Max(qMax, 0.99 / *c)
	}
	lo, hi := 0.0, qMax
	for range 60 {
		mid := (lo + hi) / 2
		if escape(mid) > want {
			lo = mid
		} else {
			hi = mid
		}
	}
	q := (lo + hi) / 2
	achieved := escape(q) / escape(1)
	for _, c := range catches {
		*c = sig3(math.Min(0.99, *c*q))
	}
	a.Work.DefectProb = math.Min(0.9, a.Work.DefectProb*f/achieved)
	v := &a.Deploy.Verify.ConfigCatchProb
	missRatio := 1.0
	if *v > 0 {
		next := clamp(1-(1-*v)*math.Sqrt(f), 0, 0.99)
		missRatio = (1 - next) / (1 - *v)
		*v = sig3(next)
	}
	if a.Deploy.Mode == models.Manual {
		a.Deploy.StepErrorProb = math.Min(0.9, a.Deploy.StepErrorProb*f/missRatio)
	} else {
		a.Deploy.AutomatedErrorProb = math.Min(0.9, a.Deploy.AutomatedErrorProb*f/missRatio)
	}
}

// riskParams are the parameters scaleRisk sets, as scenario paths, with
// their values in arm a.
func riskParams(a *models.Arm, armPath string) []Param {
	ps := []Param{{Path: "defaults.work.defect_prob", Kind: "probability", Value: a.Work.DefectProb}}
	for i, st := range a.Pipeline {
		if st.CatchProb > 0 {
			ps = append(ps, Param{Path: fmt.Sprintf("%spipeline[%d].catch_prob", armPath, i), Kind: "probability", Value: st.CatchProb})
		}
	}
	if a.Deploy.Verify.DefectCatchProb > 0 {
		ps = append(ps, Param{Path: armPath + "deploy.verify.defect_catch_prob", Kind: "probability", Value: a.Deploy.Verify.DefectCatchProb})
	}
	if a.Deploy.Verify.ConfigCatchProb > 0 {
		ps = append(ps, Param{Path: armPath + "deploy.verify.config_catch_prob", Kind: "probability", Value: a.Deploy.Verify.ConfigCatchProb})
	}
	ps = append(ps, deployErrorParam(a, armPath))
	return ps
}

// recoveryDists are the durations that make up time to restore: noticing
// the fault, getting a person to it, deciding, pulling a mitigation lever
// (a flag, a drain, a revert, a shutdown), rolling back or fixing. Every
// one of them: an incident a lever ends is restored on the lever's time,
// and a lever's time the fit left out would hold the share of incidents
// it ends at the template's speed whatever the factor, so that the
// recovery time no longer follows the factor and the fit, chasing it,
// drives the other steps somewhere absurd.
func recoveryDists(a *models.Arm) []*models.Dist {
	return []*models.Dist{
		&a.Monitoring.AlertHours, &a.Monitoring.ReportHours,
		&a.Recovery.OnCallHours, &a.Recovery.TriageHours, &a.Recovery.DiagnosisHours, &a.Recovery.RollbackHours,
		&a.Hotfix.FixHours, &a.Hotfix.PipelineHours,
		&a.Mitigation.FlagHours, &a.Mitigation.DrainHours, &a.Mitigation.RevertHours, &a.Mitigation.ShutdownHours,
	}
}

func scaleRecovery(a *models.Arm, f float64) {
	for _, d := range recoveryDists(a) {
		d.Mean *= f
	}
}

// recoveryParams names the scaled recovery durations as scenario paths.
// The people's speed (on-call response, triage, diagnosis, writing a fix)
// belongs to the organisation and goes to defaults:, the rest to the arm.
func recoveryParams(a *models.Arm, armPath string) []Param {
	mk := func(path string, d models.Dist) Param {
		return Param{Path: path, Kind: "duration", Value: d.Mean, Low: d.Mean, High: d.Mean}
	}
	ps := []Param{
		mk("defaults.recovery.on_call_response", a.Recovery.OnCallHours),
		mk("defaults.recovery.triage", a.Recovery.TriageHours),
		mk("defaults.recovery.diagnosis", a.Recovery.DiagnosisHours),
		mk("defaults.hotfix.fix", a.Hotfix.FixHours),
		mk(armPath+"monitoring.alert_time", a.Monitoring.AlertHours),
		mk(armPath+"monitoring.report_time", a.Monitoring.ReportHours),
		mk(armPath+"recovery.rollback_time", a.Recovery.RollbackHours),
		mk(armPath+"hotfix.pipeline", a.Hotfix.PipelineHours),
	}
	// The levers the arm has: a lever it lacks has a time that nothing
	// uses, and naming it would suggest a practice the arm does not have.
	mi := &a.Mitigation
	if mi.FlagShare > 0 {
		ps = append(ps, mk(armPath+"mitigation.flag_time", mi.FlagHours))
	}
	if mi.Drain {
		ps = append(ps, mk(armPath+"mitigation.drain_time", mi.DrainHours))
	}
	if mi.Revert {
		ps = append(ps, mk(armPath+"mitigation.revert_time", mi.RevertHours))
	}
	if mi.Shutdown {
		ps = append(ps, mk(armPath+"mitigation.shutdown_time", mi.ShutdownHours))
	}
	return ps
}

func deployErrorParam(a *models.Arm, armPath string) Param {
	if a.Deploy.Mode == models.Manual {
		v := a.Deploy.StepErrorProb
		return Param{Path: armPath + "deploy.step_error_prob", Kind: "probability", Value: v, Low: v, High: v}
	}
	v := a.Deploy.AutomatedErrorProb
	return Param{Path: armPath + "deploy.automated_error_prob", Kind: "probability", Value: v, Low: v, High: v}
}

// applyRollback sets the recovery method from what the records say about
// rollbacks: a team that rolled back most of its failed deployments can
// roll back; one that never did fixes forward.
func applyRollback(a *models.Arm, share Target, tmpl map[string]models.Arm) string {
	if !share.Known() || share.N < 3 {
		return ""
	}
	switch {
	case share.Value >= 0.5 && a.Recovery.Method == models.FixForward:
		a.Recovery.Method = models.ManualRollback
		return fmt.Sprintf("recovery by manual rollback (%s)", share.From)
	case share.Value < 0.1 && a.Recovery.Method != models.FixForward:
		a.Recovery.Method = models.FixForward
		return fmt.Sprintf("recovery by fixing forward (%s)", share.From)
	}
	return ""
}

// applyOrgPractices applies what the organisation said about its
// practices: manual or automated deployment and regression testing.
func applyOrgPractices(a *models.Arm, org Org, tmpl map[string]models.Arm) {
	if org.ManualDeployment != nil {
		if *org.ManualDeployment && a.Deploy.Mode != models.Manual {
			low := tmpl["low"]
			a.Deploy.Mode, a.Deploy.StepsPerServer, a.Deploy.People = models.Manual, low.Deploy.StepsPerServer, low.Deploy.People
		} else if !*org.ManualDeployment {
			a.Deploy.Mode = models.Automated
		}
	}
	if org.ManualTesting != nil {
		has := slices.ContainsFunc(a.Pipeline, func(s models.Stage) bool { return s.Manual && s.Scope == models.BatchScope })
		switch {
		case *org.ManualTesting && !has:
			for _, s := range tmpl["medium"].Pipeline {
				if s.Manual && s.Scope == models.BatchScope {
					a.Pipeline = append(slices.Clone(a.Pipeline), s)
				}
			}
		case !*org.ManualTesting && has:
			a.Pipeline = slices.DeleteFunc(slices.Clone(a.Pipeline), func(s models.Stage) bool { return s.Manual && s.Scope == models.BatchScope })
		}
	}
}

// templateChangesPerDay is the work the dora-2019 templates were
// calibrated for: deploysim's default of 10 changes a working day.
const templateChangesPerDay = 10

// scaleCapacity scales the capacity of the arm's manual per-change stages
// (code review) with its work: a template's four reviewers serve ten
// changes a day, not a 200-engineer organisation's hundred, and a review
// queue that grows without end would make the arm lose to itself.
func scaleCapacity(a *models.Arm) {
	f := a.Work.ChangesPerDay / templateChangesPerDay
	if f < 1.5 {
		// Within half again the template's work, its reviewers keep up: a
		// reviewer more would change a practice the data do not ask to
		// change (and can move the median lead time across a night).
		return
	}
	a.Pipeline = slices.Clone(a.Pipeline)
	for i := range a.Pipeline {
		st := &a.Pipeline[i]
		if st.Manual && st.Scope == models.PerChangeScope {
			st.Capacity = int(math.Round(float64(st.Capacity) * f))
		}
	}
}

// adoptPractices returns today with the practices of t: how it releases,
// verifies, deploys, exposes, watches, mitigates and rolls back. The work, the
// people's speed, traffic and money stay today's.
func adoptPractices(today, t models.Arm) models.Arm {
	b := today
	b.Release = t.Release
	b.Pipeline = slices.Clone(t.Pipeline)
	b.Deploy = t.Deploy
	b.Strategy = t.Strategy
	b.Strategy.Steps = slices.Clone(t.Strategy.Steps)
	b.Monitoring.AlertProb = t.Monitoring.AlertProb
	b.Monitoring.AlertMinExposure = t.Monitoring.AlertMinExposure
	b.Monitoring.AlertHours = t.Monitoring.AlertHours
	// The mitigation levers are practices too (flags, health-check
	// drains, reverts, a shutdown) and their times the tooling's: an arm
	// that adopted an automated rolling deployment but kept a manual
	// shop's shutdown and no drain would keep half of today's harm.
	b.Mitigation = t.Mitigation
	b.Recovery.Method = t.Recovery.Method
	b.Recovery.RollbackHours = t.Recovery.RollbackHours
	b.Recovery.RollbackFailProb = t.Recovery.RollbackFailProb
	b.Recovery.RollbackPerChangeHours = t.Recovery.RollbackPerChangeHours
	b.Hotfix.PipelineHours = t.Hotfix.PipelineHours
	b.Hotfix.NeedsCAB = t.Hotfix.NeedsCAB
	b.CAB = t.CAB
	b.Freezes = slices.Clone(t.Freezes)
	return b
}

// simMetrics are an arm's simulated metrics: pooled over replications
// (as the reports compute them) and per replication.
//
// Recovery time comes two ways. recoveryMedian is the model's failed
// deployment recovery time, DORA's metric as the reports give it: every
// failed deployment's, a canary that rolled itself back and a server that
// health checks drained before anyone noticed included. Records hold
// neither: an incident tool has a row only when a person was paged (and
// deploysim export writes one only then), and a leader answering the
// Quick Check knows the incidents someone handled. The fit and its check
// compare like with like: pagedMedian is over paged incidents only, and
// perRep[3] holds their median per replication. Where health checks
// drain most faults in minutes, the two differ twofold (0.47 h against
// 0.81 h for epic-vs-continuous's continuous delivery).
type simMetrics struct {
	deploysPerYear, hotfixPerYear, cfr, rework, recoveryMedian, leadMedian float64
	pagedMedian                                                            float64
	perRep                                                                 [5][]float64 // deploys/yr, lead median h, CFR, paged recovery median h, rework
}

func simulateArm(ctx context.Context, a *models.Arm, seed uint64, reps int, hours float64) (simMetrics, error) {
	e := models.Experiment{Arms: []models.Arm{*a}, Seed: seed, Replications: reps, HorizonHours: hours, WarmupHours: warmup(a)}
	res, err := e.Run(ctx, 0, nil)
	if err != nil {
		return simMetrics{}, err
	}
	var m simMetrics
	var dep, hot, failed int
	var rec, paged []float64
	var lead stats.Sketch
	for _, o := range res.Outcomes[0] {
		dep += o.Deployments
		hot += o.HotfixDeployments
		failed += o.FailedDeployments
		rec = append(rec, o.RecoveryHours...)
		pagedBefore := len(paged)
		paged = appendPaged(paged, &o)
		lead.Merge(&o.LeadTimeHours)
		years := o.HorizonHours / hoursPerYear
		m.perRep[0] = append(m.perRep[0], float64(o.Deployments)/years)
		if o.LeadTimeHours.N() > 0 {
			m.perRep[1] = append(m.perRep[1], o.LeadTimeHours.Quantile(0.5))
		}
		if o.Deployments > 0 {
			m.perRep[2] = append(m.perRep[2], float64(o.FailedDeployments)/float64(o.Deployments))
			m.perRep[4] = append(m.perRep[4], float64(o.HotfixDeployments)/float64(o.Deployments))
		}
		if len(paged) > pagedBefore {
			m.perRep[3] = append(m.perRep[3], Median(paged[pagedBefore:]).Value)
		}
	}
	years := float64(reps) * hours / hoursPerYear
	m.deploysPerYear = float64(dep) / years
	m.hotfixPerYear = float64(hot) / years
	m.cfr, m.rework = math.NaN(), math.NaN()
	if dep > 0 {
		m.cfr = float64(failed) / float64(dep)
		m.rework = float64(hot) / float64(dep)
	}
	m.recoveryMedian = Median(rec).Value
	m.pagedMedian = Median(paged).Value
	m.leadMedian = math.NaN()
	if lead.N() > 0 {
		m.leadMedian = lead.Quantile(0.5)
	}
	return m, nil
}

// appendPaged appends the recovery times of o's incidents that a person
// was paged for, the ones incident records hold.
func appendPaged(dst []float64, o *models.Outcome) []float64 {
	for _, in := range o.IncidentLog {
		if in.Paged {
			dst = append(dst, in.RecoveryHours)
		}
	}
	return dst
}

// warmup is the scenario loader's rule: the arm's release interval, at
// least four weeks, in whole weeks.
func warmup(a *models.Arm) float64 {
	w := math.Max(a.Release.EveryHours, 4*168)
	return math.Ceil(w/168) * 168
}

// checks compares the targets with the simulated metrics.
func checks(t Targets, m simMetrics) []Check {
	row := func(metric, unit string, meas Target, pooled float64, per []float64) Check {
		c := Check{Metric: metric, Unit: unit, Measured: meas, Simulated: unknown()}
		if len(per) > 0 {
			s := slices.Clone(per)
			slices.Sort(s)
			c.Simulated = Interval{Value: pooled, Low: stat.Quantile(0.05, stat.Empirical, s, nil), High: stat.Quantile(0.95, stat.Empirical, s, nil), N: len(s)}
		}
		if meas.Known() && c.Simulated.Known() {
			// Agreement: the measured value in the simulated range, or
			// the two intervals overlapping (the measurement is itself
			// uncertain).
			c.Agrees = c.Simulated.Contains(meas.Value) || meas.Low <= c.Simulated.High && c.Simulated.Low <= meas.High
		}
		return c
	}
	return []Check{
		row("deployment frequency", "per year", t.DeploysPerYear, m.deploysPerYear, m.perRep[0]),
		row("lead time for changes (median)", "hours", t.LeadTimeHours, m.leadMedian, m.perRep[1]),
		row("change failure rate", "share", t.ChangeFailureRate, m.cfr, m.perRep[2]),
		row("failed deployment recovery time (median)", "hours", t.RecoveryHours, m.pagedMedian, m.perRep[3]),
		row("deployment rework rate", "share", t.ReworkRate, m.rework, m.perRep[4]),
	}
}

func misfitWords(c Check) string {
	dir := "higher"
	if c.Simulated.Value < c.Measured.Value {
		dir = "lower"
	}
	ratio := c.Simulated.Value / c.Measured.Value
	how := fmt.Sprintf("%.2g×", ratio)
	if c.Measured.Value == 0 {
		how = "above zero"
	}
	s := fmt.Sprintf("%s: the fitted arm's is %s than measured (%s the measured value), outside both intervals", c.Metric, dir, how)
	if strings.HasPrefix(c.Metric, "lead time") {
		if c.Simulated.Value > c.Measured.Value {
			s += "; the fit sets the release cadence from deployments and does not tune lead time: at the measured cadence a change waits for the next release longer than the measured lead time allows, so the deployments and the lead time measured do not describe the same flow (hotfixes or a second path to production counted as releases, or lead time measured from a later point than the first commit)"
		} else {
			s += "; the fit sets the release cadence from deployments and does not tune lead time: changes wait longer than the cadence explains (review queues, manual stages, work held back from releases)"
		}
	}
	return s
}

func warnings(t Targets) []string {
	var w []string
	if t.Answered {
		return []string{"fitted to Quick Check answers, not records: each interval is the width of an answer's band, and the fit can be no more precise than the answers; records (deploysim calibrate deployments.csv incidents.csv) narrow it"}
	}
	switch {
	case t.Incidents == 0:
		w = append(w, "no incidents in the inputs: recovery time is not measured and its parameters are the template's defaults")
	case t.Incidents < 20:
		w = append(w, fmt.Sprintf("only %d incidents: the recovery-time interval is wide (recovery times are heavy-tailed; Google's \"Incident Metrics in SRE\" shows even hundreds hide a 10%% change)", t.Incidents))
	}
	if !t.DeploysPerYear.Known() {
		w = append(w, "no deployments in the inputs: deployment frequency, batch size and change failure rate are not identified")
	} else if !t.ChangeFailureRate.Known() {
		w = append(w, "change failure rate not identified: the deployments have no failed column and there are no incidents to attribute")
	}
	if !t.LeadTimeHours.Known() {
		w = append(w, "lead time for changes not measured (no changes with commit and deployment times): it follows from the fitted cadence, unchecked")
	}
	return w
}
