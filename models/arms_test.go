package models

// Arms used across the tests: realistic, but plain enough that a test can
// change one knob and reason about the effect.

func baseArm() Arm {
	return Arm{
		Name:     "base",
		Calendar: Calendar{DayStartHour: 9, DayEndHour: 17},
		Work: Work{
			ChangesPerDay:   10,
			DefectProb:      0.05,
			Severities:      []Severity{{Name: "critical", Share: 1, Impact: 1, Incident: true}},
			ActivationHours: Dist{Mean: 0.01},
			ReworkHours:     Dist{Mean: 4, CV: 0.5},
		},
		Release: Release{Policy: PerChange, AfterRollback: PatchRelease},
		Pipeline: []Stage{
			{Name: "unit", Scope: PerChangeScope, Hours: Dist{Mean: 0.2, CV: 0.3}, CatchProb: 0.5},
			{Name: "integration", Scope: PerChangeScope, Hours: Dist{Mean: 0.5, CV: 0.3}, CatchProb: 0.5},
		},
		Deploy: Deploy{
			Mode: Automated, Servers: 8, AutomatedHours: Dist{Mean: 0.2, CV: 0.2},
			AutomatedErrorProb: 0.001, Window: AnyTime, People: 1,
		},
		Strategy:   Strategy{Kind: BigBang},
		Monitoring: Monitoring{AlertProb: 0.9, AlertHours: Dist{Mean: 0.1, CV: 0.5}, ReportHours: Dist{Mean: 4, CV: 1}},
		Recovery: Recovery{
			Method: AutoRollback, OnCallHours: Dist{Mean: 0.5, CV: 0.5}, TriageHours: Dist{Mean: 0.5, CV: 0.5},
			DiagnosisHours: Dist{Mean: 2, CV: 0.5}, RollbackHours: Dist{Mean: 0.1, CV: 0.3},
		},
		Hotfix: Hotfix{FixHours: Dist{Mean: 2, CV: 0.5}, PipelineHours: Dist{Mean: 0.5, CV: 0.3}, DefectProb: 0.05},
		// Round-the-clock traffic at full load: the tests of other mechanisms
		// need not think about it.
		Traffic: Traffic{PeakStartHour: 0, PeakEndHour: 24, OffPeak: 1, Weekend: 1},
		Money: Money{
			LossPerMinute: 5600, PlannedDowntimePerMinute: 1000, HourlyRate: 100, OffHoursMultiplier: 1.5,
			IncidentPeople: 3, DelayPerChangeDay: 50,
		},
	}
}

func continuousDeployment() Arm { return baseArm() }

func continuousDelivery() Arm {
	a := baseArm()
	a.Release = Release{Policy: OnDemand, EveryHours: 24, AfterRollback: PatchRelease}
	a.Deploy.Window = OfficeHours
	return a
}

func quarterlyManual() Arm {
	a := baseArm()
	a.Release = Release{Policy: Scheduled, EveryHours: 91 * 24, FreezeHours: 14 * 24, AfterRollback: PatchRelease}
	a.Pipeline = []Stage{
		{Name: "unit", Scope: PerChangeScope, Hours: Dist{Mean: 0.2, CV: 0.3}, CatchProb: 0.3},
		{Name: "regression", Scope: BatchScope, Manual: true, Capacity: 1, Hours: Dist{Mean: 40, CV: 0.3}, CatchProb: 0.6},
	}
	a.Deploy = Deploy{
		Mode: Manual, Servers: 8, StepsPerServer: 10, StepErrorProb: 0.005,
		StepHours: Dist{Mean: 0.25, CV: 0.5}, Window: MaintenanceWindow,
		WindowWeekday: 5, WindowStartHour: 22, WindowHours: 6, People: 4,
	}
	a.Strategy = Strategy{Kind: BigBang, DowntimeHours: 4}
	a.Monitoring = Monitoring{AlertProb: 0.3, AlertHours: Dist{Mean: 0.5, CV: 0.5}, ReportHours: Dist{Mean: 6, CV: 1}}
	a.Recovery.Method = FixForward
	return a
}
