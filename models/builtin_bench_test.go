package models_test

import (
	"testing"

	"deploysim/models"
	"deploysim/scenarios"
)

// BenchmarkBuiltin runs one replication of every arm of every built-in
// scenario per op, at the scenario's own horizon and warm-up: the arms the
// command line runs, heavier than BenchmarkSimulate's. Compare events/s
// with sim's BenchmarkHold in the same run (make bench prints the ratio).
func BenchmarkBuiltin(b *testing.B) {
	for _, name := range scenarios.List() {
		sc, err := scenarios.Load(name)
		if err != nil {
			b.Fatal(err)
		}
		for i := range sc.Arms {
			a := &sc.Arms[i]
			b.Run(name+"/"+a.Name, func(b *testing.B) {
				var events uint64
				rep := 0
				for b.Loop() {
					o := models.Simulate(a, models.RunOptions{Seed: 1, Replication: rep, HorizonHours: sc.HorizonHours, WarmupHours: sc.WarmupHours})
					events += o.Events
					rep++
				}
				sec := b.Elapsed().Seconds()
				b.ReportMetric(float64(events)/float64(rep), "events/rep")
				b.ReportMetric(float64(events)/sec, "events/s")
				b.ReportMetric(float64(rep)/sec, "reps/s")
			})
		}
	}
}
