package bizcase

import (
	"context"
	"errors"
	"math"
	"testing"

	"deploysim/models"
	"deploysim/scenarios"
)

// TestLabourOutOfHours: the out-of-hours labour the twin run finds is
// exactly what the model books at night and at weekends. An arm whose
// deployments run in a Saturday-night window and whose calendar has no
// office hours left books it all out of hours; one with every day a
// working day round the clock books none.
func TestLabourOutOfHours(t *testing.T) {
	sc := load(t)
	arm, _ := sc.Arm("quarterly")
	run := models.RunOptions{Seed: 7, Replication: 0, HorizonHours: sc.HorizonHours, WarmupHours: sc.WarmupHours}
	costs := func(a models.Arm) armCosts {
		o := models.Simulate(&a, run)
		x := premium(a)
		oX := models.Simulate(&x, run)
		if o.Deployments != oX.Deployments || o.Incidents != oX.Incidents || o.IncidentLoss != oX.IncidentLoss {
			t.Fatalf("the twin run differs from the run (deployments %d vs %d): money must not change what is simulated", o.Deployments, oX.Deployments)
		}
		return armCostsOf(&o, &oX, a.Money.OffHoursMultiplier, sc.HorizonHours)
	}
	c := costs(arm)
	if !(c.labour > 0) || !(c.labourOffHours > 0) || c.labourOffHours > c.labour {
		t.Fatalf("quarterly: labour %g, out of hours %g: want 0 < out of hours ≤ labour", c.labour, c.labourOffHours)
	}
	// Round the clock every day is office hours: nothing out of hours.
	always := arm
	always.Calendar.WorkWeekends = true
	always.Calendar.DayStartHour, always.Calendar.DayEndHour = 0, 24
	if c := costs(always); c.labourOffHours > 1e-6*c.labour {
		t.Errorf("every hour a working hour: out-of-hours labour %g of %g, want 0", c.labourOffHours, c.labour)
	}
	// Doubling the multiplier doubles what is out of hours and leaves the
	// rest: (L2 − off2) == (L − off).
	dear := arm
	dear.Money.OffHoursMultiplier *= 2
	d := costs(dear)
	if got, want := d.labourOffHours, 2*c.labourOffHours; math.Abs(got-want) > 1e-6*want {
		t.Errorf("multiplier doubled: out of hours %g, want %g", got, want)
	}
	if got, want := d.labour-d.labourOffHours, c.labour-c.labourOffHours; math.Abs(got-want) > 1e-6*max(want, 1) {
		t.Errorf("multiplier doubled: office hours %g, want %g (unchanged)", got, want)
	}
}

// TestCashAndOpportunity: the savings split into cash and opportunity
// adds up, the cash-only NPV is the case on the cash saving, and leaving
// the opportunity out cannot make the case safer.
func TestCashAndOpportunity(t *testing.T) {
	res := small(t)
	s := res.Base.Savings
	if got, want := s.Cash()+s.Opportunity(), s.Total(); math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("cash %g + opportunity %g = %g, want the total %g", s.Cash(), s.Opportunity(), got, want)
	}
	var cash, opp float64
	for _, src := range s.Sources() {
		if src.Opportunity {
			opp += src.Value
		} else {
			cash += src.Value
		}
	}
	if math.Abs(cash-s.Cash()) > 1e-6 || math.Abs(opp-s.Opportunity()) > 1e-6 {
		t.Errorf("sources: cash %g, opportunity %g; want %g, %g", cash, opp, s.Cash(), s.Opportunity())
	}
	if res.CashOnly.ProbLoss < res.ProbLoss && s.Opportunity() > 0 {
		t.Errorf("P(NPV < 0) on cash alone %g < with opportunity %g", res.CashOnly.ProbLoss, res.ProbLoss)
	}
	for i, d := range res.Draws {
		if math.Abs(d.Cash+d.Opportunity-d.Saving) > 1e-6*math.Abs(d.Saving) || d.NPVCash > d.NPV && d.Opportunity > 0 {
			t.Errorf("draw %d: cash %g + opportunity %g, saving %g; NPV %g, on cash %g", i, d.Cash, d.Opportunity, d.Saving, d.NPV, d.NPVCash)
		}
	}
}

// TestHorizons: the curve runs from 1 to 5 years, its entry at the case's
// horizon is the case's own NPV, and a longer horizon never lowers the
// median NPV of a saving that is positive after the transition.
func TestHorizons(t *testing.T) {
	res := small(t)
	if len(res.Horizons) != MaxCurveYears {
		t.Fatalf("got %d horizons, want %d", len(res.Horizons), MaxCurveYears)
	}
	at := res.Horizons[res.Case.HorizonYears-1]
	if at.NPV != res.NPV || math.Abs(at.ProbPays-(1-res.ProbLoss)) > 1e-12 {
		t.Errorf("curve at %d years: NPV %+v, P(pays) %g; want the case's %+v, %g", at.Years, at.NPV, at.ProbPays, res.NPV, 1-res.ProbLoss)
	}
	if at.NPVCash != res.CashOnly.NPV {
		t.Errorf("curve at %d years: cash NPV %+v, want the case's %+v", at.Years, at.NPVCash, res.CashOnly.NPV)
	}
	for i := 1; i < len(res.Horizons); i++ {
		if res.Total.P5 > res.Case.RunningCostPerYear && res.Horizons[i].NPV.P50 < res.Horizons[i-1].NPV.P50 {
			t.Errorf("median NPV falls from %g at %d years to %g at %d", res.Horizons[i-1].NPV.P50, i, res.Horizons[i].NPV.P50, i+1)
		}
	}
}

// TestSchedule: the monthly cash flow is Evaluate's arithmetic: its last
// discounted cumulative is the NPV, and its undiscounted cumulative turns
// non-negative where the payback says.
func TestSchedule(t *testing.T) {
	c := scenarios.Case{Investment: 500_000, RunningCostPerYear: 60_000, Engineers: 10, CostPerEngineerYear: 150_000,
		TransitionMonths: 7.5, DipShare: 0.1, DipMonths: 3, HorizonYears: 3, DiscountRate: 0.08}
	s := Savings{CodeDefect: 300_000, Downtime: 50_000, LabourPaid: 20_000, LabourFreed: 40_000, Delay: 200_000}
	months := Schedule(&c, s)
	last := months[len(months)-1]
	if got, want := last.CumulativePV, Evaluate(&c, s.Total()).NPV; math.Abs(got-want) > 1e-6 {
		t.Errorf("discounted cumulative %g, want NPV %g", got, want)
	}
	if got, want := last.CumulativePVCash, Evaluate(&c, s.Cash()).NPV; math.Abs(got-want) > 1e-6 {
		t.Errorf("cash discounted cumulative %g, want the cash NPV %g", got, want)
	}
	pay := Evaluate(&c, s.Total()).PaybackMonths
	for _, m := range months {
		if got := m.Cash + m.Opportunity - m.Investment - m.Running - m.Dip; math.Abs(got-m.Net) > 1e-9 {
			t.Errorf("month %d: parts give %g, net %g", m.Month, got, m.Net)
		}
		if float64(m.Month) < math.Floor(pay) && m.Cumulative >= 0 || float64(m.Month) >= math.Ceil(pay) && m.Cumulative < 0 {
			t.Errorf("month %d: cumulative %g, payback %g months", m.Month, m.Cumulative, pay)
		}
	}
}

// TestPins: an input a flag sets is fixed where the flag put it, for every
// case field an uncertain range can name: the range leaves the sample and
// the tornado, the result says what fixed it, and the other inputs' draws
// stay as they were. A flag that sets one arm's share of a field the range
// moves for every arm is refused.
func TestPins(t *testing.T) {
	base := map[string]string{
		"investment": "400000", "running_cost": "50000", "engineers": "20", "cost_per_engineer_year": "150000",
		"transition_months": "6", "dip": "0.1", "dip_months": "3", "discount_rate": "0.08",
	}
	ranges := map[string]string{
		"investment": "{low: 200_000, high: 900_000}", "running_cost": "{low: 20_000, high: 90_000}",
		"engineers": "{low: 10, high: 30}", "cost_per_engineer_year": "{low: 120_000, high: 180_000}",
		"transition_months": "{low: 3, high: 12}", "dip": "{low: 5%, high: 20%}", "dip_months": "{low: 1, high: 6}",
		"discount_rate": "{low: 5%, high: 12%}",
	}
	pinned := map[string]string{
		"investment": "1200000", "running_cost": "70000", "engineers": "25", "cost_per_engineer_year": "160000",
		"transition_months": "9", "dip": "0.15", "dip_months": "4", "discount_rate": "0.1",
	}
	for field, r := range ranges {
		t.Run(field, func(t *testing.T) {
			sc := caseScenario(t, base, "case."+field+": "+r)
			free, err := Run(context.Background(), sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			fixed, err := sc.With("case." + field + "=" + pinned[field])
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), fixed, Options{Pins: []Pin{{Path: "case." + field, By: "--" + field}}})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Pinned) != 1 || res.Pinned[0].Path != "case."+field || res.Pinned[0].By != "--"+field {
				t.Fatalf("pinned %+v, want case.%s by --%s", res.Pinned, field, field)
			}
			want, _ := fixed.Case.Value(field)
			if got := res.Pinned[0].Value; got != want {
				t.Errorf("pinned at %g, want %g", got, want)
			}
			for _, d := range res.Drivers {
				if d.Path == "case."+field {
					t.Errorf("the pinned input is still in the tornado")
				}
			}
			if len(res.Ranges) != len(free.Ranges)-1 {
				t.Errorf("ranges %d, want %d", len(res.Ranges), len(free.Ranges)-1)
			}
			// The other inputs drew the same values.
			for k := range res.Draws {
				if got, want := res.Draws[k].Inputs[0], free.Draws[k].Inputs[0]; got != want {
					t.Errorf("draw %d of %s: %g pinned, %g free", k, res.Ranges[0].Path, got, want)
				}
			}
			// Pinning changes the answer (the file's range no longer wins).
			if res.NPV == free.NPV {
				t.Errorf("NPV with %s pinned at %s equals the sampled one", field, pinned[field])
			}
		})
	}
	t.Run("partial", func(t *testing.T) {
		sc := load(t, "case.samples=2", "case.replications=1", "arms.quarterly.money.loss_per_minute=500")
		_, err := Run(context.Background(), sc, Options{Pins: []Pin{{Path: "arms.quarterly.money.loss_per_minute", By: "--set"}}})
		var pe *PinError
		if !errors.As(err, &pe) || pe.Range.Path != "defaults.money.loss_per_minute" {
			t.Fatalf("got %v, want a PinError naming defaults.money.loss_per_minute", err)
		}
		if !contains(err.Error(), "uncertain: defaults.money.loss_per_minute") {
			t.Errorf("message %q does not name the uncertain: entry", err)
		}
	})
	t.Run("model", func(t *testing.T) {
		sc := load(t, "case.samples=2", "case.replications=1", "defaults.money.loss_per_minute=500")
		res, err := Run(context.Background(), sc, Options{Pins: []Pin{{Path: "defaults.money.loss_per_minute", By: "--set"}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Pinned) != 1 || res.Pinned[0].Value != 500 || res.Pinned[0].Kind != "money" {
			t.Errorf("pinned %+v, want loss_per_minute at 500 (money)", res.Pinned)
		}
	})
}

// caseScenario is the small scenario with the case's fields set and one
// uncertain range, written out as a file would.
func caseScenario(t *testing.T, fields map[string]string, rng string) *scenarios.Scenario {
	t.Helper()
	text := `name: pins
sources: ["assumption: a test scenario"]
seed: 5
horizon: 365d
defaults:
  work: {changes_per_day: 3/day}
  money: {loss_per_minute: 800}
arms:
  - name: quarterly
    release: {policy: scheduled, every: 13w, freeze: 2w}
    deploy: {mode: manual}
    strategy: {kind: big-bang, downtime: 2h}
  - name: cd
case:
  from: quarterly
  to: cd
  samples: 4
  replications: 1
`
	for k, v := range fields {
		text += "  " + k + ": " + v + "\n"
	}
	text += "uncertain:\n  defaults.work.defect_prob: {low: 2%, high: 8%}\n  " + rng + "\n"
	sc, err := scenarios.Parse("pins.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
