package bizcase

import (
	"math"

	"deploysim/models"
)

// armYear is what DORA's formula reads from one simulated year of an arm,
// and the simulation's own figures to set beside it.
type armYear struct {
	deploys, failed int
	recoveryHours   float64 // summed over the year's incidents
	recoveries      int
	impactHours     float64 // full-outage equivalent
	incidentLoss    float64
	years           float64
}

func armYearOf(o *models.Outcome, horizonHours float64) armYear {
	y := armYear{
		deploys: o.Deployments, failed: o.FailedDeployments,
		recoveries:   len(o.RecoveryHours),
		impactHours:  o.ImpactMinutes / 60,
		incidentLoss: o.IncidentLoss,
		years:        horizonHours / (365 * 24),
	}
	for _, h := range o.RecoveryHours {
		y.recoveryHours += h
	}
	return y
}

// DORAArm is one arm through DORA's downtime-cost formula, with the
// simulation's own figures beside it. Rates are per year.
type DORAArm struct {
	// The formula's inputs, as the simulation measured them: deploys a
	// year, the change failure rate (failed ÷ all deploys) and the mean
	// time to restore service of a failed deploy, in hours, and the
	// outage cost per hour (loss_per_minute × 60).
	DeploysPerYear    float64 `json:"deploys_per_year"`
	ChangeFailureRate float64 `json:"change_failure_rate"`
	RestoreHours      float64 `json:"recovery_time_hours"`
	OutageCostPerHour float64 `json:"outage_cost_per_hour"`
	// DowntimeCost is the formula's product: deploys × CFR × restore
	// time × outage cost per hour.
	DowntimeCost float64 `json:"downtime_cost"`
	// OutageHours is the formula's implied full outage (deploys × CFR ×
	// restore time); ImpactHours the simulation's full-outage equivalent
	// (each minute weighted by the share of users affected); IncidentLoss
	// the simulation's incident loss.
	OutageHours  float64 `json:"outage_hours"`
	ImpactHours  float64 `json:"impact_hours"`
	IncidentLoss float64 `json:"incident_loss"`
}

// DORA is DORA's ROI arithmetic on the same simulated arms as the case's
// point estimate, beside deploysim's answer.
type DORA struct {
	From, To DORAArm
	// Saving is the downtime cost DORA's formula says the move saves a
	// year; PaybackMonths is its payback, investment ÷ annual value.
	Saving        float64 `json:"saving"`
	PaybackMonths float64 `json:"payback_months"`
	// IncidentSaving and TotalSaving are deploysim's savings a year on
	// incident loss and in all, and SimPaybackMonths its payback, with
	// the transition, dip and running cost.
	IncidentSaving   float64 `json:"incident_saving"`
	TotalSaving      float64 `json:"total_saving"`
	SimPaybackMonths float64 `json:"sim_payback_months"`
}

// doraArm applies DORA's formula to an arm's simulated years: the
// formula's inputs are the arm's typical values (totals over all years,
// as DORA's calculator takes one number for each).
func doraArm(arm *models.Arm, ys []armYear) DORAArm {
	var deploys, failed, recoveries int
	var rec, impact, loss, years float64
	for _, y := range ys {
		deploys += y.deploys
		failed += y.failed
		recoveries += y.recoveries
		rec += y.recoveryHours
		impact += y.impactHours
		loss += y.incidentLoss
		years += y.years
	}
	d := DORAArm{
		DeploysPerYear:    float64(deploys) / years,
		OutageCostPerHour: arm.Money.LossPerMinute * 60,
		ImpactHours:       impact / years,
		IncidentLoss:      loss / years,
	}
	if deploys > 0 {
		d.ChangeFailureRate = float64(failed) / float64(deploys)
	}
	if recoveries > 0 {
		d.RestoreHours = rec / float64(recoveries)
	}
	d.OutageHours = d.DeploysPerYear * d.ChangeFailureRate * d.RestoreHours
	d.DowntimeCost = d.OutageHours * d.OutageCostPerHour
	return d
}

func doraOf(ps *paramSet, years []year, base Point) DORA {
	from := make([]armYear, len(years))
	to := make([]armYear, len(years))
	for i, y := range years {
		from[i], to[i] = y.from, y.to
	}
	d := DORA{From: doraArm(&ps.from, from), To: doraArm(&ps.to, to)}
	d.Saving = d.From.DowntimeCost - d.To.DowntimeCost
	d.PaybackMonths = math.Inf(1)
	if d.Saving > 0 {
		d.PaybackMonths = ps.c.Investment / d.Saving * 12
	}
	d.IncidentSaving = base.Savings.IncidentLoss()
	d.TotalSaving = base.Savings.Total()
	d.SimPaybackMonths = base.PaybackMonths
	return d
}
