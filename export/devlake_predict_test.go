package export

import "testing"

// MySQL's arithmetic as DevLake's panels meet it: a division has four
// decimals, rounded half away from zero; ROUND(x, 1) rounds those.
func TestDec4(t *testing.T) {
	for _, tc := range []struct {
		a, b  int64
		want  string
		round string
	}{
		{1, 3, "0.3333", "0.3"},
		{2, 3, "0.6667", "0.7"},
		{1, 8, "0.1250", "0.1"},
		{1234, 60, "20.5667", "20.6"},
		{89, 60, "1.4833", "1.5"},
		{3, 60, "0.0500", "0.1"},
		{0, 7, "0.0000", "0.0"},
		{5, 0, "NULL", ""},
	} {
		d := div4(tc.a, tc.b)
		if d.String() != tc.want {
			t.Errorf("%d/%d = %s, want %s", tc.a, tc.b, d, tc.want)
		}
		if tc.b != 0 && d.round1() != tc.round {
			t.Errorf("ROUND(%d/%d, 1) = %s, want %s", tc.a, tc.b, d.round1(), tc.round)
		}
	}
}

// DevLake's median: the largest value whose percent_rank is ≤ 0.5 — the
// lower median for an even count, ties ranked at their first place.
func TestLowerMedian(t *testing.T) {
	for _, tc := range []struct {
		v    []int64
		want int64
		ok   bool
	}{
		{nil, 0, false},
		{[]int64{7}, 7, true},
		{[]int64{1, 2}, 1, true},
		{[]int64{4, 1, 3, 2}, 2, true},
		{[]int64{1, 2, 3}, 2, true},
		{[]int64{0, 0, 0, 5, 5}, 0, true},
		{[]int64{0, 5, 5, 5}, 5, true}, // ties: percent_rank of every 5 is 1/3
		{[]int64{0, 0, 5, 5}, 0, true},
	} {
		got, ok := lowerMedian(tc.v)
		if got != tc.want || ok != tc.ok {
			t.Errorf("lowerMedian(%v) = %d, %v; want %d, %v", tc.v, got, ok, tc.want, tc.ok)
		}
	}
}

// BigQuery's PERCENTILE_CONT interpolates.
func TestPercentileCont(t *testing.T) {
	for _, tc := range []struct {
		v    []float64
		want float64
	}{
		{[]float64{1, 2}, 1.5},
		{[]float64{3, 1, 2}, 2},
		{[]float64{0, 0, 1, 10}, 0.5},
	} {
		if got := percentileCont(tc.v); got != tc.want {
			t.Errorf("percentileCont(%v) = %g, want %g", tc.v, got, tc.want)
		}
	}
}
