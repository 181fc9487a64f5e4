package dora

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestClassifyEdges(t *testing.T) {
	const (
		df  = DeploymentFrequency
		lt  = LeadTime
		rt  = RecoveryTime
		cfr = ChangeFailureRate
	)
	for _, tc := range []struct {
		e    Edition
		m    Metric
		v    float64
		want Cluster
	}{
		// 2019 deployment frequency: elite > 365/yr, high 52–365, medium
		// 12–52, low 2–12 and below.
		{DORA2019, df, 1460, Elite},
		{DORA2019, df, 365.01, Elite},
		{DORA2019, df, 365, High}, // once a day is "between once per day and once per week"
		{DORA2019, df, 52, High},
		{DORA2019, df, 51.9, Medium},
		{DORA2019, df, 12, Medium},
		{DORA2019, df, 11.9, Low},
		{DORA2019, df, 2, Low},
		{DORA2019, df, 0.5, Low}, // below the low band: still low
		{DORA2019, df, 0, Low},
		// 2019 lead time: elite < 24 h, high ≤ 168 h, medium ≤ 730 h, low.
		{DORA2019, lt, 0.5, Elite},
		{DORA2019, lt, 23.99, Elite},
		{DORA2019, lt, 24, High},
		{DORA2019, lt, 168, High},
		{DORA2019, lt, 168.01, Medium},
		{DORA2019, lt, 730, Medium},
		{DORA2019, lt, 731, Low},
		{DORA2019, lt, 10_000, Low},
		// 2019 time to restore: elite < 1 h, high (= medium) < 24 h, low.
		// 24 h–168 h lies between "less than one day" and "one week to one
		// month": the worse band, low.
		{DORA2019, rt, 0.99, Elite},
		{DORA2019, rt, 1, High},
		{DORA2019, rt, 23.9, High},
		{DORA2019, rt, 24, Low},
		{DORA2019, rt, 100, Low},
		{DORA2019, rt, 5000, Low},
		// 2019 change failure rate: ≤ 15% elite (= high = medium); 16–45%
		// lies between bands: low.
		{DORA2019, cfr, 0, Elite},
		{DORA2019, cfr, 0.15, Elite},
		{DORA2019, cfr, 0.151, Low},
		{DORA2019, cfr, 0.30, Low},
		{DORA2019, cfr, 0.90, Low},

		// 2021: the high deployment band is weekly–monthly, so daily to
		// weekly (a gap) is high; lead time 1–24 h (a gap) is high, one
		// week to one month (a gap) medium.
		{DORA2021, df, 366, Elite},
		{DORA2021, df, 200, High},
		{DORA2021, df, 12, High},
		{DORA2021, df, 11, Medium},
		{DORA2021, df, 2, Medium},
		{DORA2021, df, 1.5, Low},
		{DORA2021, lt, 0.9, Elite},
		{DORA2021, lt, 1, High},
		{DORA2021, lt, 12, High},
		{DORA2021, lt, 168, High},
		{DORA2021, lt, 400, Medium},
		{DORA2021, lt, 4380, Medium},
		{DORA2021, lt, 4381, Low},
		{DORA2021, rt, 0.5, Elite},
		{DORA2021, rt, 23, High},
		{DORA2021, rt, 24, Medium},
		{DORA2021, rt, 168, Medium},
		{DORA2021, rt, 169, Low},
		{DORA2021, cfr, 0.15, Elite},
		{DORA2021, cfr, 0.16, High},
		{DORA2021, cfr, 0.30, High},
		{DORA2021, cfr, 0.31, Low},

		// 2023: change failure rates read as upper edges 5/10/15/64%;
		// medium and low share deployment frequency and lead time bands.
		{DORA2023, df, 400, Elite},
		{DORA2023, df, 52, High},
		{DORA2023, df, 20, Medium},
		{DORA2023, df, 12, Medium},
		{DORA2023, df, 4, Low},
		{DORA2023, lt, 23, Elite},
		{DORA2023, lt, 100, High},
		{DORA2023, lt, 730, Medium},
		{DORA2023, lt, 800, Low},
		{DORA2023, rt, 0.5, Elite},
		{DORA2023, rt, 12, High},
		{DORA2023, rt, 24, Medium},
		{DORA2023, rt, 168, Medium},
		{DORA2023, rt, 500, Low}, // one week to one month: between bands, low
		{DORA2023, cfr, 0.05, Elite},
		{DORA2023, cfr, 0.051, High},
		{DORA2023, cfr, 0.10, High},
		{DORA2023, cfr, 0.15, Medium},
		{DORA2023, cfr, 0.16, Low},
		{DORA2023, cfr, 0.64, Low},
		{DORA2023, cfr, 0.80, Low},

		// 2022: three clusters, no elite. Deployment frequency above once
		// a day is high; daily to weekly lies between the high and medium
		// bands: medium. Lead time under a day reaches the high band.
		{DORA2022, df, 1460, High},
		{DORA2022, df, 365.01, High},
		{DORA2022, df, 365, Medium},
		{DORA2022, df, 12, Medium},
		{DORA2022, df, 11.9, Low},
		{DORA2022, df, 0, Low},
		{DORA2022, lt, 0.5, High},
		{DORA2022, lt, 168, High},
		{DORA2022, lt, 168.01, Medium},
		{DORA2022, lt, 730, Medium},
		{DORA2022, lt, 731, Low},
		{DORA2022, rt, 23.99, High},
		{DORA2022, rt, 24, Medium},
		{DORA2022, rt, 168, Medium},
		{DORA2022, rt, 168.01, Low},
		{DORA2022, cfr, 0, High},
		{DORA2022, cfr, 0.15, High},
		{DORA2022, cfr, 0.151, Medium},
		{DORA2022, cfr, 0.30, Medium},
		{DORA2022, cfr, 0.301, Low},
		{DORA2022, cfr, 0.60, Low},
		{DORA2022, cfr, 0.90, Low},

		// 2024: deployment frequency, lead time and recovery time by band
		// (high and medium share "less than one day" to recover);
		// change failure rate by the nearest of 5% / 10% / 20% / 40%
		// (elite / medium / high / low): edges halfway, at 7.5%, 15% and
		// 30%, a tie going to the worse cluster.
		{DORA2024, df, 365.01, Elite},
		{DORA2024, df, 365, High},
		{DORA2024, df, 52, High},
		{DORA2024, df, 51.9, Medium},
		{DORA2024, df, 12, Medium},
		{DORA2024, df, 11.9, Low},
		{DORA2024, lt, 23.99, Elite},
		{DORA2024, lt, 24, High},
		{DORA2024, lt, 168, High},
		{DORA2024, lt, 168.01, Medium},
		{DORA2024, lt, 730, Medium},
		{DORA2024, lt, 730.01, Low},
		{DORA2024, rt, 0.99, Elite},
		{DORA2024, rt, 1, High},
		{DORA2024, rt, 23.99, High},
		{DORA2024, rt, 24, Low},
		{DORA2024, rt, 730, Low},
		{DORA2024, cfr, 0, Elite},
		{DORA2024, cfr, 0.0749, Elite},
		{DORA2024, cfr, 0.0751, Medium},
		{DORA2024, cfr, 0.10, Medium},
		{DORA2024, cfr, 0.1499, Medium},
		{DORA2024, cfr, 0.1501, High},
		{DORA2024, cfr, 0.20, High},
		{DORA2024, cfr, 0.2999, High},
		{DORA2024, cfr, 0.3001, Low},
		{DORA2024, cfr, 0.90, Low},

		{DORA2019, lt, math.NaN(), Unrated},
	} {
		if got := Classify(tc.e, tc.m, tc.v); got != tc.want {
			t.Errorf("Classify(%s, %s, %v): got %s, want %s", tc.e, tc.m, tc.v, got, tc.want)
		}
	}
}

func TestBandsTable(t *testing.T) {
	for _, e := range Editions() {
		bs := Bands(e)
		if !Rates(e) {
			if len(bs) != 0 || Regions(e, LeadTime) != nil || Classify(e, LeadTime, 1) != Unrated || Rate(e, 1000, 1, 1, 0.01).Overall != Unrated {
				t.Errorf("edition %s rates nothing, yet has bands or ratings", e)
			}
			continue
		}
		clusters := 4
		if e == DORA2022 {
			clusters = 3 // no elite cluster
		}
		if len(bs) != 4*clusters {
			t.Fatalf("edition %s: got %d bands, want 4 metrics × %d clusters", e, len(bs), clusters)
		}
		for i, b := range bs {
			m, c := Metric(i/clusters), Low+Cluster(clusters-1-i%clusters)
			if b.Metric != m || b.Cluster != c {
				t.Errorf("edition %s row %d: got %s %s, want %s %s (metric order, best cluster first)", e, i, b.Metric, b.Cluster, m, c)
			}
			if b.Source == "" || b.Published == "" {
				t.Errorf("edition %s row %d: want a source and the published wording", e, i)
			}
			if RatedByProfile(e) && b.Typical <= 0 {
				t.Errorf("edition %s %s %s: rated by profile, want a typical value", e, m, b.Cluster)
			}
			if math.IsNaN(b.Limit) {
				if !RatedByProfile(e) {
					t.Errorf("edition %s %s %s: no band in an edition rated by band", e, m, b.Cluster)
				}
				continue // no band: nothing to order
			}
			if strings.Contains(b.Source, ".md") || strings.Contains(b.Source, "FACTS") {
				t.Errorf("edition %s: source %q cites a file, not the report", e, b.Source)
			}
			if i%clusters == 0 {
				continue
			}
			// Limits must not get better from one cluster to the next worse
			// one, or a worse band would hide inside a better one.
			prev := bs[i-1].Limit
			if m.HigherIsBetter() && b.Limit > prev || !m.HigherIsBetter() && b.Limit < prev {
				t.Errorf("edition %s %s: %s limit %v is better than %s limit %v", e, m, b.Cluster, b.Limit, bs[i-1].Cluster, prev)
			}
		}
	}
	if Bands(2020) != nil {
		t.Error("Bands(2020): want nil")
	}
}

func TestRateOverallIsWeakest(t *testing.T) {
	for _, tc := range []struct {
		name               string
		df, lt, rt, cfr    float64
		wantOverall        Cluster
		wantRecoveryRating Cluster
	}{
		{"all elite", 1000, 2, 0.5, 0.05, Elite, Elite},
		{"one low metric drags overall", 1000, 2, 0.5, 0.5, Low, Elite},
		{"medium lead time", 1000, 300, 0.5, 0.05, Medium, Elite},
		{"no failed deployment: recovery unrated, overall from the rest", 1000, 2, math.NaN(), 0, Elite, Unrated},
		{"nothing rated", math.NaN(), math.NaN(), math.NaN(), math.NaN(), Unrated, Unrated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Rate(DORA2019, tc.df, tc.lt, tc.rt, tc.cfr)
			if r.Overall != tc.wantOverall || r.RecoveryTime != tc.wantRecoveryRating {
				t.Errorf("got overall %s, recovery %s; want %s, %s", r.Overall, r.RecoveryTime, tc.wantOverall, tc.wantRecoveryRating)
			}
		})
	}
}

func TestParseEdition(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Edition
		wantErr bool
	}{
		{"2019", DORA2019, false},
		{"2021", DORA2021, false},
		{"2023", DORA2023, false},
		{"2022", DORA2022, false},
		{"2024", DORA2024, false},
		{"2020", 0, true},
		{"", 0, true},
	} {
		got, err := ParseEdition(tc.in)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("ParseEdition(%q): got %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestClassifyUnknownEditionPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Classify(2020, …): want a panic")
		}
	}()
	Classify(2020, LeadTime, 1)
}

func TestRegions(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		e    Edition
		m    Metric
		want []Region
	}{
		{DORA2019, DeploymentFrequency, []Region{{365, inf, Elite}, {52, 365, High}, {12, 52, Medium}, {-inf, 12, Low}}},
		// High and medium share "less than one day": medium gets nothing.
		{DORA2019, RecoveryTime, []Region{{-inf, 1, Elite}, {1, 24, High}, {24, inf, Low}}},
		// Elite, high and medium share 0–15%.
		{DORA2019, ChangeFailureRate, []Region{{-inf, 0.15, Elite}, {0.15, inf, Low}}},
		{DORA2021, LeadTime, []Region{{-inf, 1, Elite}, {1, 168, High}, {168, 4380, Medium}, {4380, inf, Low}}},
		{DORA2022, ChangeFailureRate, []Region{{-inf, 0.15, High}, {0.15, 0.30, Medium}, {0.30, inf, Low}}},
		// Nearest typical value: halfway between 5%, 10%, 20% and 40%.
		{DORA2024, ChangeFailureRate, []Region{{-inf, 0.075, Elite}, {0.075, 0.15, Medium}, {0.15, 0.30, High}, {0.30, inf, Low}}},
	} {
		t.Run(tc.e.String()+"/"+tc.m.String(), func(t *testing.T) {
			got := Regions(tc.e, tc.m)
			if !slices.EqualFunc(got, tc.want, func(a, b Region) bool {
				near := func(x, y float64) bool { return x == y || math.Abs(x-y) < 1e-12 }
				return a.Cluster == b.Cluster && near(a.Lo, b.Lo) && near(a.Hi, b.Hi)
			}) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			// Every region agrees with Classify at its middle.
			for _, reg := range got {
				x := (math.Max(reg.Lo, 1e-3) + math.Min(reg.Hi, 1e4)) / 2
				if c := Classify(tc.e, tc.m, x); c != reg.Cluster {
					t.Errorf("Classify(%v) = %v, region says %v", x, c, reg.Cluster)
				}
			}
			// A value exactly halfway between two typical values is a tie:
			// it goes to the worse cluster, never flattering.
			if RatedByProfile(tc.e) && tc.m == ChangeFailureRate {
				for i := 0; i+1 < len(got); i++ {
					want := min(got[i].Cluster, got[i+1].Cluster)
					if c := Classify(tc.e, tc.m, got[i].Hi); c != want {
						t.Errorf("Classify(%v), halfway between %s and %s: got %s, want %s", got[i].Hi, got[i].Cluster, got[i+1].Cluster, c, want)
					}
				}
			}
		})
	}
}

// TestRate2024NearestProfile checks the 2024 rule: the overall cluster is
// the nearest profile over the four keys, not the weakest metric, so a
// team can be rated better overall than on one key.
func TestRate2024NearestProfile(t *testing.T) {
	for _, tc := range []struct {
		name            string
		df, lt, rt, cfr float64
		want            Cluster
	}{
		// Exactly on a profile: that cluster.
		{"elite profile", 1460, math.Sqrt(24), math.Sqrt(1.0 / 60), 0.05, Elite},
		{"high profile", math.Sqrt(365 * 52), math.Sqrt(24 * 168), math.Sqrt(24), 0.20, High},
		{"medium profile", math.Sqrt(52 * 12), math.Sqrt(168 * 730), math.Sqrt(24), 0.10, Medium},
		{"low profile", math.Sqrt(12 * 2), math.Sqrt(730 * 4380), math.Sqrt(168 * 730), 0.40, Low},
		// Elite on three keys with a 20% failure rate (high's): still
		// nearest elite overall, where the weakest link would say high.
		{"elite but for failure rate", 1460, 4, 0.1, 0.20, Elite},
		// Medium speed with a 20% failure rate: the high profile fails
		// as often, but is a decade faster everywhere: medium.
		{"medium speed, high's failure rate", 25, 350, 4.9, 0.20, Medium},
		// An unrated key (no failed deployment) is left out of the distance.
		{"no recovery time", 1460, 4, math.NaN(), 0.05, Elite},
		{"nothing rated", math.NaN(), math.NaN(), math.NaN(), math.NaN(), Unrated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Rate(DORA2024, tc.df, tc.lt, tc.rt, tc.cfr)
			if r.Overall != tc.want {
				t.Errorf("got %s, want %s (keys rated %s %s %s %s)", r.Overall, tc.want,
					r.DeploymentFrequency, r.LeadTime, r.RecoveryTime, r.ChangeFailureRate)
			}
			if got := r.Values; got[0] != tc.df && !math.IsNaN(tc.df) {
				t.Errorf("Values: got %v, want the numbers rated", got)
			}
		})
	}
}
