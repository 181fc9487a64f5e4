package reports_test

import (
	"bytes"
	"os"
	"testing"

	"deploysim/models"
	"deploysim/reports"
	"deploysim/scenarios"
)

func TestReplayScratch(t *testing.T) {
	sc, _ := scenarios.Load("knight-capital-2012")
	arm, _ := sc.Arm("as-it-was")
	for rep := 0; rep < 100; rep++ {
		o := models.Simulate(&arm, models.RunOptions{Seed: sc.Seed, Replication: rep, HorizonHours: sc.HorizonHours, WarmupHours: sc.WarmupHours, Record: true})
		if o.Incidents == 0 {
			continue
		}
		r, err := reports.NewReplay(&o, reports.ReplayOptions{Scenario: sc.Name, Arm: arm.Name, Currency: sc.Currency, Seed: sc.Seed, Replication: rep, WarmupHours: sc.WarmupHours, Incident: 1})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		reports.WriteReplayText(&b, r)
		os.Stdout.Write(b.Bytes())
		f, _ := os.Create("/tmp/replay.svg")
		reports.WriteReplaySVG(f, r)
		f.Close()
		break
	}
}
