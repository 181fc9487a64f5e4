package bizcase

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"

	"deploysim/scenarios"
)

func load(t *testing.T, sets ...string) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Load("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) > 0 {
		if sc, err = sc.With(sets...); err != nil {
			t.Fatal(err)
		}
	}
	return sc
}

// shared is the small scenario's result, computed once for the tests
// that only read it (the race detector makes simulation slow).
var shared struct {
	once sync.Once
	res  *Result
	err  error
}

func small(t *testing.T) *Result {
	t.Helper()
	shared.once.Do(func() {
		sc, err := scenarios.Load("testdata/small.yaml")
		if err != nil {
			shared.err = err
			return
		}
		shared.res, shared.err = Run(context.Background(), sc, Options{})
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.res
}

func run(t *testing.T, sc *scenarios.Scenario, workers int) *Result {
	t.Helper()
	res, err := Run(context.Background(), sc, Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestSameForAnyWorkers: one seed, one answer, however many workers.
func TestReplicateSameForAnyWorkers(t *testing.T) {
	sc := load(t)
	a, b := run(t, sc, 1), small(t)
	if !reflect.DeepEqual(a.NPVSamples, b.NPVSamples) || !reflect.DeepEqual(a.Drivers, b.Drivers) || a.Base != b.Base {
		t.Errorf("1 worker and 3 workers differ: NPV p50 %.2f vs %.2f", a.NPV.P50, b.NPV.P50)
	}
}

// TestUncertaintyWidens: uncertain inputs widen the NPV interval beyond
// the simulation's noise, the deterministic answer (every input at its
// median) lies inside it, and it is the uncertain run's point estimate. On
// the fixture whose input dominates its noise, at seeds 1–5: with 12
// samples of 2 years the noise alone is as wide as the inputs' effect, so
// the law held there at one seed only.
func TestUncertaintyWidens(t *testing.T) {
	for _, seed := range wideSeeds {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			unc := wideDelay(t, seed)
			sets := []string{fmt.Sprintf("seed=%d", seed)}
			for _, rg := range unc.Ranges {
				sets = append(sets, rg.Path+"="+fmtF(unc.medianOf(t, rg.Path)))
			}
			det, err := scenarios.Load("testdata/wide-delay.yaml")
			if err != nil {
				t.Fatal(err)
			}
			det.Uncertain = nil
			if det, err = det.With(sets...); err != nil {
				t.Fatal(err)
			}
			det.Uncertain = nil
			point := run(t, det, 0)
			// Without ranges the interval is the simulation's noise alone.
			if v := point.Variance; v.Input != 0 || v.Noise != v.Total {
				t.Errorf("no uncertainty: variance input %g, noise %g of %g; want all noise", v.Input, v.Noise, v.Total)
			}
			if w, w0 := unc.NPV.P95-unc.NPV.P5, point.NPV.P95-point.NPV.P5; !(w > w0) {
				t.Errorf("with uncertainty the NPV interval has width %.0f, without %.0f; want it wider", w, w0)
			}
			if !(unc.NPV.P5 < point.Base.NPV && point.Base.NPV < unc.NPV.P95) {
				t.Errorf("the deterministic answer %.0f is outside the 90%% interval %.0f–%.0f", point.Base.NPV, unc.NPV.P5, unc.NPV.P95)
			}
			// The point estimate of the uncertain run is the deterministic
			// run with the medians written into the scenario, to rounding
			// of the medians as written.
			if rel := math.Abs(unc.Base.NPV-point.Base.NPV) / math.Abs(point.Base.NPV); rel > 1e-3 {
				t.Errorf("point estimate %.0f, deterministic answer %.0f: differ by %.2g", unc.Base.NPV, point.Base.NPV, rel)
			}
		})
	}
}

func fmtF(x float64) string { return scenariosNumber(x) }

// medianOf returns the median of the named range's distribution.
func (r *Result) medianOf(t *testing.T, path string) float64 {
	for _, rg := range r.Ranges {
		if rg.Path == path {
			q, msg := fit(rg)
			if msg != "" {
				t.Fatal(msg)
			}
			return median(q)
		}
	}
	t.Fatalf("no range %s", path)
	return 0
}

// TestProbabilitiesMatchSamples: each probability is the share of the
// samples it describes.
func TestProbabilitiesMatchSamples(t *testing.T) {
	res := small(t)
	neg := 0
	for _, x := range res.NPVSamples {
		if x < 0 {
			neg++
		}
	}
	if got, want := res.ProbLoss, float64(neg)/float64(len(res.NPVSamples)); got != want {
		t.Errorf("P(NPV < 0): got %g, want %g (%d of %d samples)", got, want, neg, len(res.NPVSamples))
	}
	if !(res.ProbPayback12 <= res.ProbPayback24) {
		t.Errorf("P(payback ≤ 12) = %g exceeds P(payback ≤ 24) = %g", res.ProbPayback12, res.ProbPayback24)
	}
	if (res.NPV.P50 < 0) != (res.ProbLoss > 0.5) && res.ProbLoss != 0.5 {
		t.Errorf("median NPV %.0f disagrees with P(NPV < 0) = %g", res.NPV.P50, res.ProbLoss)
	}
	if len(res.NPVSamples) != res.Samples {
		t.Errorf("got %d NPV samples, want %d", len(res.NPVSamples), res.Samples)
	}
	for i := 1; i < len(res.NPVSamples); i++ {
		if res.NPVSamples[i] < res.NPVSamples[i-1] {
			t.Fatal("NPV samples not sorted")
		}
	}
}

// wide is the result of testdata/wide-delay.yaml at a seed, computed once
// per seed for the tests that only read it. In that fixture one input, what
// a day of delay costs, spans a twentyfold range and moves the saving far
// more than the noise of a sample's simulated years does, so that the laws
// below hold whatever the random numbers, not at one lucky seed.
var wide struct {
	sync.Mutex
	res map[uint64]*Result
}

// wideSeeds are the seeds at which the laws on the wide fixture are checked.
var wideSeeds = []uint64{1, 2, 3, 4, 5}

func wideDelay(t *testing.T, seed uint64) *Result {
	t.Helper()
	wide.Lock()
	defer wide.Unlock()
	if res := wide.res[seed]; res != nil {
		return res
	}
	sc, err := scenarios.Load("testdata/wide-delay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if sc, err = sc.With(fmt.Sprintf("seed=%d", seed)); err != nil {
		t.Fatal(err)
	}
	res := run(t, sc, 0)
	if wide.res == nil {
		wide.res = map[uint64]*Result{}
	}
	wide.res[seed] = res
	return res
}

// TestTornado: the bars are sorted by swing; the investment's bar is
// exactly its range (NPV falls one for one with the investment); the
// widest input is the top bar and points the way the model says (the
// quarterly arm holds many more changes in progress, so a dearer day of
// delay makes the move worth more); and, because every bar runs on the
// point estimate's random numbers, a money input whose cost the model
// books in proportion moves NPV along a straight line through the point
// estimate: the slope from low to the median is the slope from the median
// to high. Bars on other random numbers would break that line.
func TestTornado(t *testing.T) {
	for _, seed := range wideSeeds {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			res := wideDelay(t, seed)
			if len(res.Drivers) != 3 {
				t.Fatalf("got %d drivers, want 3", len(res.Drivers))
			}
			for i := 1; i < len(res.Drivers); i++ {
				if res.Drivers[i].Swing() > res.Drivers[i-1].Swing() {
					t.Errorf("drivers not sorted by swing: %s %.0f after %s %.0f", res.Drivers[i].Path, res.Drivers[i].Swing(), res.Drivers[i-1].Path, res.Drivers[i-1].Swing())
				}
			}
			if top := res.Drivers[0]; top.Path != "defaults.money.delay_per_change_day" || !(top.NPVAtHigh > top.NPVAtLow) {
				t.Errorf("top driver %s, NPV %.0f at low, %.0f at high; want defaults.money.delay_per_change_day, higher at high", top.Path, top.NPVAtLow, top.NPVAtHigh)
			}
			for _, d := range res.Drivers {
				switch d.Path {
				case "case.investment":
					if got, want := d.NPVAtLow-d.NPVAtHigh, 300_000.0; math.Abs(got-want) > 1e-6 {
						t.Errorf("investment's swing: got %.2f, want %.2f", got, want)
					}
				case "defaults.money.delay_per_change_day", "defaults.money.loss_per_minute":
					m := res.medianOf(t, d.Path)
					below, above := (res.Base.NPV-d.NPVAtLow)/(m-d.Low), (d.NPVAtHigh-res.Base.NPV)/(d.High-m)
					if math.Abs(below-above) > 1e-6*math.Max(math.Abs(below), math.Abs(above)) {
						t.Errorf("%s: NPV per unit %.6g from low to the median, %.6g from the median to high; want one straight line", d.Path, below, above)
					}
				}
			}
		})
	}
}

// TestVariance: the parts add up, and with one input this uncertain (a
// twentyfold range of what a day of delay costs) the input part
// dominates. Narrowed to its median, that input leaves shares of 0–0.52
// at these seeds (the other inputs still add a little); with it, 0.96 or
// more.
func TestVariance(t *testing.T) {
	for _, seed := range wideSeeds {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			v := wideDelay(t, seed).Variance
			if math.Abs(v.Input+v.Noise-v.Total) > 1e-6*v.Total && v.Input > 0 {
				t.Errorf("input %.3g + noise %.3g ≠ total %.3g", v.Input, v.Noise, v.Total)
			}
			if !(v.InputShare() > 0.8) {
				t.Errorf("input share %.2f (input %.3g, noise %.3g), want above 0.8: a twentyfold range of the cost of delay dominates", v.InputShare(), v.Input, v.Noise)
			}
		})
	}
}

// TestDORA: the formula's product is the product of its inputs, and the
// formula counts more outage than the simulation's full-outage equivalent
// whenever a failure affects fewer than all users.
func TestDORA(t *testing.T) {
	res := small(t)
	for _, a := range []DORAArm{res.DORA.From, res.DORA.To} {
		if want := a.DeploysPerYear * a.ChangeFailureRate * a.RestoreHours * a.OutageCostPerHour; math.Abs(a.DowntimeCost-want) > 1e-6*want {
			t.Errorf("downtime cost %.2f, want %.2f", a.DowntimeCost, want)
		}
		if a.ImpactHours > a.OutageHours*(1+1e-9) {
			t.Errorf("full-outage equivalent %.2f h exceeds the formula's outage %.2f h", a.ImpactHours, a.OutageHours)
		}
	}
	// Payback is investment ÷ saving, and never where the formula saves
	// nothing.
	want := math.Inf(1)
	if res.DORA.Saving > 0 {
		want = res.medianOf(t, "case.investment") / res.DORA.Saving * 12
	}
	if got := res.DORA.PaybackMonths; got != want && math.Abs(got-want) > 1e-9 {
		t.Errorf("DORA payback %.4f months, want %.4f", got, want)
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		r    scenarios.Range
		want string
	}{
		{scenarios.Range{Path: "defaults.money.loss_per_minute", Low: 0, High: 10, Dist: "lognormal", Line: 4}, "f.yaml:4: uncertain.defaults.money.loss_per_minute: a lognormal needs low > 0, got 0"},
		{scenarios.Range{Path: "defaults.work.defect_prob", Low: 0, High: 0.1, Dist: "beta", Line: 5}, "f.yaml:5: uncertain.defaults.work.defect_prob: a beta needs 0 < low < high < 1"},
		{scenarios.Range{Path: "case.investment", Low: 9, High: 3, Line: 6}, "must not exceed high"},
	} {
		err := Check([]scenarios.Range{tc.r}, "f.yaml")
		if err == nil || !contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}
