package reports_test

import (
	"os"

	"deploysim/models"
	"deploysim/replay"
	"deploysim/report/render"
	"deploysim/reports"
)

// An outcome recorded with RunOptions.Record tells its story: here a
// made-up morning, so that the example does not change when the model
// does. The loss accrues with the share of users affected: an eighth of
// them for 18 minutes, all of them for 27 after the failed rollback.
func ExampleFromReplay() {
	o := &models.Outcome{
		HorizonHours: 7 * 24,
		Log: []models.Record{
			{Hours: 2*24 + 9, Kind: models.RecDeployStart, Changes: 3},
			{Hours: 2*24 + 9.5, Kind: models.RecFault, Changes: 1, Exposure: 0.125, Detail: "a misconfigured server takes traffic"},
			// An incident's records carry its loss so far: $250M over 0.4875
			// full-outage-equivalent hours (an eighth of the users for 0.3 h,
			// then everyone for 0.45 h).
			{Hours: 2*24 + 9.6, Kind: models.RecDetected, Exposure: 0.125, Loss: 250e6 * 0.0125 / 0.4875},
			{Hours: 2*24 + 9.7, Kind: models.RecRollbackStart, Exposure: 0.125, Loss: 250e6 * 0.025 / 0.4875},
			{Hours: 2*24 + 9.8, Kind: models.RecRollbackFailed, Exposure: 1, Loss: 250e6 * 0.0375 / 0.4875},
			{Hours: 2*24 + 10, Kind: models.RecHotfixDeploy, Exposure: 1, Loss: 250e6 * 0.2375 / 0.4875},
			{Hours: 2*24 + 10.25, Kind: models.RecRestored, Loss: 250e6},
		},
		IncidentLog: []models.IncidentRecord{{StartHours: 2*24 + 9.5, RecoveryHours: 0.75, Loss: 250e6, PeakExposure: 1}},
	}
	r, err := replay.New(o, replay.Options{
		Scenario: "example", Arm: "manual", Currency: "USD", Seed: 1, Replication: 0, Incident: 1,
	})
	if err != nil {
		panic(err)
	}
	if err := render.WriteText(os.Stdout, reports.FromReplay(r), render.Options{}); err != nil {
		panic(err)
	}
	// Output:
	// example, arm manual, replication 0 (seed 1): incident 1 of 1
	//
	// Wed, day 3
	//   09:00  a deployment of 3 changes begins
	//   09:30  a fault reaches users: 13% of them affected (a misconfigured server takes traffic)  · $0 lost so far
	//   09:36  the fault is noticed, with 13% of users affected  · $6.4M lost so far
	//   09:42  rollback begins  · $13M lost so far
	//   09:48  the rollback fails and spreads the fault: 100% of users affected  · $19M lost so far
	//   10:00  a fix goes out through the hotfix lane  · $122M lost so far
	//   10:15  service restored after 45 min; the incident lost $250M  · $250M lost so far
	//
	// Incident loss in this incident: $250M
}
