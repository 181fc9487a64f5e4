package units

import (
	"math"
	"testing"
)

func TestNum(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0, "0"},
		{0.004, "<0.01"},
		{0.005, "0.01"}, // the float64 nearest 0.005 is just above it
		{0.25, "0.25"},
		{0.994, "0.99"},
		{0.995, "1.0"}, // would round to 1.00: one decimal from here
		{3.24, "3.2"},
		{9.94, "9.9"},
		{9.95, "10"}, // would round to 10.0: no decimal from here
		{41.4, "41"},
		{999.4, "999"},
		{1460, "1,460"},
		{2604.4, "2,604"},
		{1234567, "1,234,567"},
		{-3.24, "-3.2"},
		{-1460, "-1,460"},
		{math.NaN(), "n/a"},
		{math.Inf(1), "∞"},
	} {
		if got := Num(tc.x); got != tc.want {
			t.Errorf("num(%v): got %q, want %q", tc.x, got, tc.want)
		}
	}
}

func TestFormatHours(t *testing.T) {
	for _, tc := range []struct {
		h    float64
		want string
	}{
		{0, "0 h"},
		{0.5 / 60, "30 s"},
		{1.0 / 60, "1.0 min"},
		{41.0 / 60, "41 min"},
		{59.9 / 60, "60 min"}, // just under an hour stays in minutes
		{1, "1.0 h"},
		{3.2, "3.2 h"},
		{23.9, "24 h"},
		{24, "1.0 d"},
		{4.5 * 24, "4.5 d"},
		{180 * 24, "180 d"},
		{364 * 24, "364 d"},
		{365 * 24, "1.0 yr"},
		{-2, "-2.0 h"},
		{math.NaN(), "n/a"},
	} {
		if got := FormatHours(tc.h); got != tc.want {
			t.Errorf("FormatHours(%v): got %q, want %q", tc.h, got, tc.want)
		}
	}
}

func TestFormatMoney(t *testing.T) {
	for _, tc := range []struct {
		x        float64
		currency string
		want     string
	}{
		{0, "USD", "$0"},
		{850, "USD", "$850"},
		{999.4, "USD", "$999"},
		{999.6, "USD", "$1.0k"},
		{8500, "", "$8.5k"},
		{45_000, "USD", "$45k"},
		{999_400, "USD", "$999k"},
		{999_600, "USD", "$1.0M"},
		{1_200_000, "USD", "$1.2M"},
		{2_100_000, "EUR", "€2.1M"},
		{460_000_000, "GBP", "£460M"},
		{3_400_000_000, "USD", "$3.4B"},
		{12_000, "CHF", "CHF 12k"},
		{-2_100_000, "USD", "-$2.1M"},
		{math.NaN(), "USD", "n/a"},
	} {
		if got := FormatMoney(tc.x, tc.currency); got != tc.want {
			t.Errorf("FormatMoney(%v, %q): got %q, want %q", tc.x, tc.currency, got, tc.want)
		}
	}
}

func TestFormatPercentPerYearRatio(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{FormatPercent(0.14), "14%"},
		{FormatPercent(0.045), "4.5%"},
		{FormatPercent(0.0098), "0.98%"},
		{FormatPercent(0), "0%"},
		{FormatPercent(1), "100%"},
		{FormatPercent(math.NaN()), "n/a"},
		{FormatPerYear(1460), "1,460/yr"},
		{FormatPerYear(4), "4.0/yr"},
		{FormatRatio(208), "208×"},
		{FormatRatio(2604), "2,604×"},
		{FormatRatio(7), "7.0×"},
		{FormatRatio(math.NaN()), "n/a"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
