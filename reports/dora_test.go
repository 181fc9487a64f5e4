package reports

import (
	"math"
	"testing"
)

func TestClassifyEdges(t *testing.T) {
	const (
		df  = DoraDeploymentFrequency
		lt  = DoraLeadTime
		rt  = DoraRecoveryTime
		cfr = DoraChangeFailureRate
	)
	for _, tc := range []struct {
		e    Edition
		m    DoraMetric
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
		if len(bs) != 16 {
			t.Fatalf("edition %s: got %d bands, want 4 metrics × 4 clusters", e, len(bs))
		}
		for i, b := range bs {
			m, c := DoraMetric(i/4), Elite-Cluster(i%4)
			if b.Metric != m || b.Cluster != c {
				t.Errorf("edition %s row %d: got %s %s, want %s %s (metric order, best cluster first)", e, i, b.Metric, b.Cluster, m, c)
			}
			if b.Source == "" || b.Published == "" {
				t.Errorf("edition %s row %d: want a source and the published wording", e, i)
			}
			if i%4 == 0 {
				continue
			}
			// Limits must not get better from one cluster to the next worse
			// one, or a worse band would hide inside a better one.
			prev := bs[i-1].Limit
			if m.higherIsBetter() && b.Limit > prev || !m.higherIsBetter() && b.Limit < prev {
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
		{"2022", 0, true},
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
	Classify(2020, DoraLeadTime, 1)
}
