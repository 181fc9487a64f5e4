package fit

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"deploysim/scenarios"
)

// roundTrip simulates arm name of scenario sc for one period, writes its
// records as CSV, reads them back, fits, and returns the fit.
func roundTrip(t *testing.T, sc, name string, hours float64) (*Result, Targets) {
	t.Helper()
	s, err := scenarios.Load(sc)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := s.Arm(name)
	if !ok {
		t.Fatalf("no arm %s", name)
	}
	rec, _ := simRecords(&a, 12345, 0, hours)
	var dep, inc bytes.Buffer
	if err := writeRecordsCSV(&dep, &inc, rec); err != nil {
		t.Fatal(err)
	}
	all := &Records{}
	d, err := ReadDeploymentsCSV("deployments.csv", &dep)
	if err != nil {
		t.Fatal(err)
	}
	all.Merge(d)
	i, err := ReadIncidentsCSV("incidents.csv", &inc)
	if err != nil {
		t.Fatal(err)
	}
	all.Merge(i)
	tg, err := Measure(all, Filter{Period: Window{epoch, epoch.Add(time.Duration(hours) * time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Calibrate(context.Background(), tg, Org{}, Options{Seed: 99})
	if err != nil {
		t.Fatal(err)
	}
	return res, tg
}

func TestRoundTripSmoke(t *testing.T) {
	for _, arm := range []string{"quarterly-manual", "continuous-delivery", "continuous-deployment"} {
		res, _ := roundTrip(t, "epic-vs-continuous", arm, 2*8760)
		fmt.Println("==", arm, res.Template)
		for _, c := range res.Checks {
			fmt.Printf("  %-45s measured %8.3g [%8.3g, %8.3g] n=%d  sim %8.3g [%8.3g, %8.3g] %v\n", c.Metric, c.Measured.Value, c.Measured.Low, c.Measured.High, c.Measured.N, c.Simulated.Value, c.Simulated.Low, c.Simulated.High, c.Agrees)
		}
		for _, p := range res.Params {
			fmt.Printf("  %-50s %8.4g [%8.4g, %8.4g] %s\n", p.Path, p.Value, p.Low, p.High, p.From)
		}
		fmt.Println(res.Warnings, res.Misfit)
		_ = math.NaN
	}
}
