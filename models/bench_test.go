package models

import (
	"context"
	"runtime"
	"testing"
)

// BenchmarkSimulate runs one replication of a one-year, 10-changes-a-day arm
// per op (after a 30-day warm-up) and reports the engine events per
// replication, events/s and replications/s. Compare events/s with
// sim's BenchmarkHold in the same `make bench` run.
func BenchmarkSimulate(b *testing.B) {
	for _, tc := range []struct {
		name string
		arm  Arm
	}{
		{"continuous-deployment", continuousDeployment()},
		{"continuous-delivery", continuousDelivery()},
		{"quarterly-manual", quarterlyManual()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var events uint64
			rep := 0
			for b.Loop() {
				o := Simulate(&tc.arm, RunOptions{Seed: 1, Replication: rep, HorizonHours: HoursPerYear, WarmupHours: 30 * 24})
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

// BenchmarkExperiment runs 64 replications of a three-arm experiment per op
// on 1 and 2 workers: the ratio of their reps/s is the runner's scaling.
func BenchmarkExperiment(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(map[int]string{1: "workers=1", 2: "workers=2"}[workers], func(b *testing.B) {
			if workers > runtime.GOMAXPROCS(0) {
				b.Skipf("needs %d CPUs", workers)
			}
			e := Experiment{
				Arms:         []Arm{quarterlyManual(), continuousDelivery(), continuousDeployment()},
				Seed:         1,
				Replications: 64,
				HorizonHours: HoursPerYear,
				WarmupHours:  30 * 24,
			}
			reps := 0
			for b.Loop() {
				if _, err := e.Run(context.Background(), workers, nil); err != nil {
					b.Fatal(err)
				}
				reps += e.Replications
			}
			b.ReportMetric(float64(reps)/b.Elapsed().Seconds(), "reps/s")
		})
	}
}

// BenchmarkHorizon shows memory per replication against the horizon: with
// change records recycled, bytes per op should grow only with the
// per-change lead-time samples (4 bytes a change).
func BenchmarkHorizon(b *testing.B) {
	for _, years := range []float64{1, 4} {
		b.Run(map[float64]string{1: "1y", 4: "4y"}[years], func(b *testing.B) {
			a := continuousDeployment()
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				o := Simulate(&a, RunOptions{Seed: 1, Replication: n, HorizonHours: years * HoursPerYear})
				n++
				_ = o
			}
		})
	}
}
