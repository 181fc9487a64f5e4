package reports

import (
	"strings"
	"testing"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/units"
)

// TestRatingBesideItsNumber checks the rule that a rating is shown beside
// the number it is made from, and that the number as printed never reads
// as the band edge it did not reach.
func TestRatingBesideItsNumber(t *testing.T) {
	s := metrics.Summarize(synthetic(8), syntheticMeta, dora.DORA2019)
	for a, arm := range s.Arms {
		lines := doraLines(&s, &s.Arms[a])
		for i, key := range []string{metrics.DeploysPerYear, metrics.LeadTimeHours, metrics.RecoveryTimeHours, metrics.ChangeFailureRate} {
			st, _ := arm.Stat(key)
			if arm.Dora.Values[i] != st.Headline {
				t.Errorf("arm %d %s: rated %v, the table's headline is %v", a, key, arm.Dora.Values[i], st.Headline)
			}
			want := amountOf(metrics.All()[metrics.Index(key)], st.Headline, s.Currency).String()
			if !strings.Contains(lines[i+1], "("+want+")") && !strings.Contains(lines[i+1], "n/a") {
				t.Errorf("arm %d %s: DORA cell %q does not show the number rated, %s", a, key, lines[i+1], want)
			}
		}
	}
	// Lead and recovery rows headline the median, the number rated.
	for _, key := range []string{metrics.LeadTimeHours, metrics.RecoveryTimeHours} {
		cells := metricCells(&s, metrics.Index(key))
		st, _ := s.Arms[0].Stat(key)
		if want := "median " + units.FormatHours(st.P50); !strings.Contains(cells[0][0], want) {
			t.Errorf("%s: headline %q, want it to lead with %q", key, cells[0][0], want)
		}
	}
	for _, tc := range []struct {
		e    dora.Edition
		dm   dora.Metric
		v    float64
		want string
	}{
		{dora.DORA2019, dora.LeadTime, 23.6, "23.6 h"},            // "24 h" would read as a day, the elite edge
		{dora.DORA2019, dora.LeadTime, 24, "1.0 d"},               // on the edge: as it is
		{dora.DORA2019, dora.LeadTime, 31, "1.3 d"},               // no edge near
		{dora.DORA2019, dora.RecoveryTime, 0.995, "59.7 min"},     // "60 min" would read as the hour
		{dora.DORA2019, dora.ChangeFailureRate, 0.1502, "15.02%"}, // "15%" or "15.0%" would read as the edge,
		{dora.DORA2019, dora.DeploymentFrequency, 364.7, "364.7/yr"},
	} {
		def := metrics.All()[metrics.Index(map[dora.Metric]string{dora.DeploymentFrequency: metrics.DeploysPerYear, dora.LeadTime: metrics.LeadTimeHours,
			dora.RecoveryTime: metrics.RecoveryTimeHours, dora.ChangeFailureRate: metrics.ChangeFailureRate}[tc.dm])]
		if got := ratedAmount(tc.e, tc.dm, def, tc.v); got != tc.want {
			t.Errorf("ratedAmount(%s, %v): got %q, want %q", tc.dm, tc.v, got, tc.want)
		}
	}
}

// TestQuickCheckEdition: --dora 2025 rates nothing and shows each arm's
// Quick Check answers and scores, the same as dora.QuickCheckOf gives
// from the arm's headline values.
func TestQuickCheckEdition(t *testing.T) {
	s := metrics.Summarize(synthetic(8), syntheticMeta, dora.DORA2025)
	for a, arm := range s.Arms {
		if arm.Dora.Overall != dora.Unrated {
			t.Errorf("arm %d: rated %s in 2025", a, arm.Dora.Overall)
		}
		head := func(key string) float64 { st, _ := arm.Stat(key); return st.Headline }
		want := dora.QuickCheckOf(head(metrics.DeploysPerYear), head(metrics.LeadTimeHours), head(metrics.RecoveryTimeHours), head(metrics.ChangeFailureRate), head(metrics.ReworkRate))
		if arm.QuickCheck != want {
			t.Errorf("arm %d: Quick Check %+v, want %+v", a, arm.QuickCheck, want)
		}
		lines := doraLines(&s, &s.Arms[a])
		if !strings.Contains(lines[1], "band ") || !strings.Contains(lines[5], "·") {
			t.Errorf("arm %d: Quick Check cells %q", a, lines)
		}
	}
	if l := doraLegend(&s, false); !strings.Contains(l, "rates nothing") || !strings.Contains(l, "5.5 ± 2.4") {
		t.Errorf("legend %q", l)
	}
}
