package reports

import (
	"math"

	"deploysim/metrics"
	"deploysim/models"
	"deploysim/stats"
)

// spread returns a fixed, well-spread number in [0, 1) for index i: the
// fractional part of i × (√5 − 1)/2 (a golden-ratio sequence). Tests use it
// instead of a random generator so that the golden files depend on nothing
// but arithmetic.
func spread(i int) float64 {
	_, f := math.Modf(float64(i) * 0.6180339887498949)
	return f
}

// armShape is the typical year of one synthetic arm.
type armShape struct {
	name, title     string
	deploys         int     // deployments a year
	failEvery       int     // one failed deployment per failEvery deployments
	hotfixEvery     int     // one hotfix per hotfixEvery deployments
	changes         int     // changes delivered a year
	leadLo, leadHi  float64 // lead time range, hours
	recLo, recHi    float64 // recovery time range, hours
	plannedMin      float64 // planned downtime minutes a year
	lossPerMinute   float64 // incident loss per minute of impact
	laborPerDeploy  float64
	plannedPerMin   float64
	delayPerLeadDay float64 // cost of delay per change-day of lead time
}

var shapes = []armShape{
	{"quarterly-manual", "Quarterly manual", 4, 2, 4, 2400, 300, 2600, 12, 120, 960, 5600, 20000, 2000, 40},
	{"continuous-delivery", "Continuous delivery", 250, 20, 50, 2400, 8, 120, 0.5, 6, 0, 5600, 400, 0, 40},
	{"continuous-deployment", "Continuous deployment", 1500, 90, 300, 2400, 0.4, 9, 0.15, 1.5, 0, 5600, 20, 0, 40},
}

// synthetic returns fixed results of the three shapes over reps
// replications of one year: numbers vary between replications by spread,
// two replications lack a value on purpose (quarterly-manual deploys
// nothing in replication 3; continuous-deployment has no failed deployment
// in replication 0), and arms share each replication's "luck" k, as common
// random numbers would make them.
func synthetic(reps int) *models.Results {
	const horizon = 365 * 24
	res := &models.Results{Experiment: models.Experiment{
		Baseline: 0, Seed: 42, Replications: reps, HorizonHours: horizon, WarmupHours: 672,
	}}
	seq := 0
	next := func() float64 { seq++; return spread(seq) }
	for a, sh := range shapes {
		res.Experiment.Arms = append(res.Experiment.Arms, models.Arm{Name: sh.name, Title: sh.title})
		res.Outcomes = append(res.Outcomes, make([]models.Outcome, reps))
		for r := range reps {
			k := 0.8 + 0.4*spread(1000+r) // this replication's luck, shared by every arm
			o := &res.Outcomes[a][r]
			o.HorizonHours = horizon
			o.Deployments = int(math.Round(float64(sh.deploys) * (0.9 + 0.2*next())))
			if a == 0 && r == 3 {
				o.Deployments = 0
			}
			o.FailedDeployments = int(math.Round(float64(o.Deployments) / float64(sh.failEvery) * k))
			if a == 2 && r == 0 {
				o.FailedDeployments = 0
			}
			o.HotfixDeployments = o.Deployments / sh.hotfixEvery
			o.PlannedReleases = o.Deployments - o.HotfixDeployments
			o.FailedReleases = min(o.FailedDeployments, o.PlannedReleases)
			o.Incidents = o.FailedDeployments
			if o.Deployments > 0 {
				o.ChangesDelivered = int(float64(sh.changes) * (0.95 + 0.1*next()))
			}
			var leadDays float64
			o.LeadTimeHours = stats.NewSketch(models.LeadTimeAccuracy)
			for range o.ChangesDelivered {
				x := sh.leadLo + (sh.leadHi-sh.leadLo)*next()*next()*k
				o.LeadTimeHours.Add(x)
				leadDays += x / 24
			}
			var impact float64
			for range o.FailedDeployments {
				h := sh.recLo + (sh.recHi-sh.recLo)*next()*k
				o.RecoveryHours = append(o.RecoveryHours, h)
				loss := h * 60 * 0.1 * sh.lossPerMinute // a tenth of users affected
				impact += h * 60 * 0.1
				o.MaxIncidentLoss = math.Max(o.MaxIncidentLoss, loss)
			}
			o.UnplannedDowntimeMinutes = impact * 10
			o.ImpactMinutes = impact
			o.PlannedDowntimeMinutes = sh.plannedMin * float64(o.Deployments) / float64(sh.deploys)
			o.IncidentLoss = impact * sh.lossPerMinute
			o.IncidentLossByCause[models.CodeDefect] = 0.7 * o.IncidentLoss
			o.IncidentLossByCause[models.DeploymentError] = 0.3 * o.IncidentLoss
			o.LaborCost = float64(o.Deployments)*sh.laborPerDeploy + float64(o.Incidents)*3000
			o.DowntimeCost = o.PlannedDowntimeMinutes * sh.plannedPerMin
			o.DelayCost = leadDays * sh.delayPerLeadDay
		}
	}
	return res
}

// syntheticMeta is the Meta of the golden files.
var syntheticMeta = metrics.Meta{
	Scenario: "epic-vs-continuous",
	Title:    "Epic releases vs continuous delivery",
	Story:    "A synthetic year for the renderers' golden files.",
	Currency: "USD",
	Command:  "deploysim run epic-vs-continuous --replications 8 --seed 42",
}
