package bizcase

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"deploysim/scenarios"
)

func TestScratch(t *testing.T) {
	name := os.Getenv("SCR_SC")
	if name == "" {
		t.Skip()
	}
	sc, err := scenarios.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	if v := os.Getenv("SCR_SET"); v != "" {
		sets = append(sets, v)
	}
	if len(sets) > 0 {
		sc, _ = sc.With(sets...)
	}
	n, _ := strconv.Atoi(os.Getenv("SCR_N"))
	for seed := 1; seed <= 5; seed++ {
		s2, _ := sc.With("seed=" + strconv.Itoa(seed))
		if n > 0 {
			s2, _ = s2.With("case.samples=" + strconv.Itoa(n))
		}
		t0 := time.Now()
		res, err := Run(context.Background(), s2, Options{})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("seed %d n=%d  P(NPV<0)=%.3f cash %.3f input share %.3f  NPV p50 %.0f cash p50 %.0f  %v\n", seed, res.Samples, res.ProbLoss, res.CashOnly.ProbLoss, res.Variance.InputShare(), res.NPV.P50, res.CashOnly.NPV.P50, time.Since(t0).Round(time.Millisecond))
		if seed == 1 {
			for _, s := range res.Base.Savings.Sources() {
				fmt.Printf("  %-55s %10.0f opp=%v\n", s.Label, s.Value, s.Opportunity)
			}
			for _, h := range res.Horizons {
				fmt.Printf("  %dy NPV %10.0f pays %.2f | cash %10.0f pays %.2f\n", h.Years, h.NPV.P50, h.ProbPays, h.NPVCash.P50, h.ProbPaysCash)
			}
			for _, w := range res.Warnings {
				fmt.Println("  warn:", w)
			}
			last := res.Monthly[len(res.Monthly)-1]
			fmt.Println("  monthly last PV", last.CumulativePV, "base NPV", res.Base.NPV)
		}
		if os.Getenv("SCR_ONE") != "" {
			break
		}
	}
}
