package calibration

import (
	"testing"

	"deploysim/metrics"
)

// cdBusinessCase: the built-in business case's two arms land in DORA
// 2019's bands (the quarterly arm's release failure rate in the low
// band's 46–60%, continuous delivery's change failure rate in 0–15%),
// its losses stay within a fifth of the revenue it states, and the move
// saves money: what the case's payback rests on.
func cdBusinessCase(t *testing.T) {
	for _, seed := range seeds {
		sc, _, s := run(t, "cd-business-case", seed, 80)
		from, to := sc.Case.From, sc.Case.To
		between(t, from+" release failure rate", stat(t, s, from, metrics.ReleaseFailureRate).Mean, 0.46, 0.60)
		between(t, to+" change failure rate", stat(t, s, to, metrics.ChangeFailureRate).Mean, 0, 0.15)
		for _, a := range sc.Arms {
			if a.Money.RevenuePerYear == 0 {
				t.Fatalf("%s states no revenue", a.Name)
			}
			between(t, a.Name+" loss per year", stat(t, s, a.Name, metrics.LossPerYear).Mean, 0, a.Money.RevenuePerYear/5)
		}
		if a, b := stat(t, s, to, metrics.LossPerYear).Mean, stat(t, s, from, metrics.LossPerYear).Mean; !(a < b) {
			t.Errorf("seed %d: %s loses %.3g a year, %s %.3g: the move should save", seed, to, a, from, b)
		}
	}
}
