package scenarios

import (
	"math"
	"strings"
	"testing"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want float64 // hours
		bad  bool
	}{
		{in: "45m", want: 0.75},
		{in: "8h", want: 8},
		{in: "1.5h", want: 1.5},
		{in: "1h30m", want: 1.5},
		{in: "3d", want: 72},
		{in: "13w", want: 13 * 168},
		{in: "1y", want: 8760},
		{in: "1mo", want: 730},
		{in: "6mo", want: 4380}, // DORA's "six months"
		{in: "1mo30m", want: 730.5},
		{in: "30s", want: 30.0 / 3600},
		{in: "0", want: 0},
		{in: " 2h ", want: 2},
		{in: "-1d", want: -24}, // the model reports the range
		{in: "30x", bad: true},
		{in: "30", bad: true}, // a bare number has no unit
		{in: "h", bad: true},
		{in: "", bad: true},
		{in: "-", bad: true},
		{in: "1e400h", bad: true},
		{in: "1..5h", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, msg := parseDuration(tt.in)
			if tt.bad {
				if msg == "" {
					t.Fatalf("parseDuration(%q) = %g, want an error", tt.in, got)
				}
				if !strings.Contains(msg, "use e.g. 45m, 8h, 3d, 13w") {
					t.Errorf("message %q does not show the syntax", msg)
				}
				return
			}
			if msg != "" || math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("parseDuration(%q) = %g, %q; want %g", tt.in, got, msg, tt.want)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		hours float64
		want  string
	}{
		{0, "0"},
		{0.75, "45m"},
		{5.0 / 60, "5m"},
		{1.5, "90m"},
		{8, "8h"},
		{24, "1d"},
		{86, "86h"},
		{168, "1w"},
		{2184, "13w"},
		{8760, "365d"},
		{730, "1mo"},
		{4380, "6mo"},
		{1460, "2mo"},
		{730 * 12, "365d"}, // a year is still days
		{-24, "-1d"},
		{1.0 / 7, "0.14285714285714285h"},
	}
	for _, tt := range tests {
		if got := formatDuration(tt.hours); got != tt.want {
			t.Errorf("formatDuration(%g) = %q, want %q", tt.hours, got, tt.want)
		}
		if back, msg := parseDuration(formatDuration(tt.hours)); msg != "" || back != tt.hours {
			t.Errorf("parseDuration(formatDuration(%g)) = %g, %q; want the same number", tt.hours, back, msg)
		}
	}
}

func TestParseValues(t *testing.T) {
	type parse func(string) (any, string)
	tests := []struct {
		kind string
		f    parse
		in   string
		want any // nil: an error
	}{
		{"rate", wrap(parseRate), "10/day", 10.0},
		{"rate", wrap(parseRate), "50/week", 10.0},
		{"rate", wrap(parseRate), "2.5", 2.5},
		{"rate", wrap(parseRate), "10/mon", nil},
		{"rate", wrap(parseRate), "/day", nil},
		{"prob", wrap(parseProb), "0.02", 0.02},
		{"prob", wrap(parseProb), "2%", 0.02},
		{"prob", wrap(parseProb), "100%", 1.0},
		{"prob", wrap(parseProb), "1.5", nil},
		{"prob", wrap(parseProb), "-1%", nil},
		{"prob", wrap(parseProb), "NaN", nil},
		{"prob", wrap(parseProb), "half", nil},
		{"time", wrap(parseTimeOfDay), "09:00", 9.0},
		{"time", wrap(parseTimeOfDay), "17:30", 17.5},
		{"time", wrap(parseTimeOfDay), "24:00", 24.0},
		{"time", wrap(parseTimeOfDay), "9h30m", 9.5},
		{"time", wrap(parseTimeOfDay), "9.5", 9.5},
		{"time", wrap(parseTimeOfDay), "25:00", nil},
		{"time", wrap(parseTimeOfDay), "9:5", nil},
		{"weekday", wrap(parseWeekday), "saturday", 5},
		{"weekday", wrap(parseWeekday), "Sat", 5},
		{"weekday", wrap(parseWeekday), "0", 0},
		{"weekday", wrap(parseWeekday), "s", nil},
		{"day", wrap(parseDayOfYear), "Jan 1", 0},
		{"day", wrap(parseDayOfYear), "december 31", 364},
		{"day", wrap(parseDayOfYear), "Dec 20", 353},
		{"day", wrap(parseDayOfYear), "Feb 29", nil},
		{"day", wrap(parseDayOfYear), "100", 100},
		{"int", wrap(parseInt), "1_000", 1000},
		{"int", wrap(parseInt), "1.5", nil},
		{"int", wrap(parseInt), "99999999999", nil},
		{"number", wrap(parseNumber), "5_600", 5600.0},
		{"number", wrap(parseNumber), "1e7", 1e7},
		{"number", wrap(parseNumber), "0x10", nil},
		{"number", wrap(parseNumber), "Inf", nil},
		{"bool", wrap(parseBool), "true", true},
		{"bool", wrap(parseBool), "yes", nil},
	}
	for _, tt := range tests {
		t.Run(tt.kind+"/"+tt.in, func(t *testing.T) {
			got, msg := tt.f(tt.in)
			if tt.want == nil {
				if msg == "" {
					t.Errorf("got %v, want an error", got)
				}
				return
			}
			if msg != "" || got != tt.want {
				t.Errorf("got %v, %q; want %v", got, msg, tt.want)
			}
		})
	}
}

func TestFormatRoundTrip(t *testing.T) {
	for _, x := range []float64{10, 8, 0.4, 2.5, 1.0 / 3} {
		if got, _ := parseRate(formatRate(x)); got != x {
			t.Errorf("parseRate(formatRate(%g) = %q) = %g", x, formatRate(x), got)
		}
	}
	for _, h := range []float64{0, 9, 9.5, 17.25, 24, 1.0 / 3} {
		if got, _ := parseTimeOfDay(formatTimeOfDay(h)); got != h {
			t.Errorf("parseTimeOfDay(formatTimeOfDay(%g) = %q) = %g", h, formatTimeOfDay(h), got)
		}
	}
	for d := range 365 {
		if got, msg := parseDayOfYear(formatDayOfYear(d)); got != d || msg != "" {
			t.Errorf("parseDayOfYear(formatDayOfYear(%d) = %q) = %d, %q", d, formatDayOfYear(d), got, msg)
		}
	}
	for d := range 7 {
		if got, _ := parseWeekday(formatWeekday(d)); got != d {
			t.Errorf("parseWeekday(formatWeekday(%d)) = %d", d, got)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"step_error_prob", "steps_per_server", "servers", "mode"}
	tests := []struct{ in, want string }{
		{"step_eror_prob", "step_error_prob"},
		{"step_error", "step_error_prob"},
		{"server", "servers"},
		{"mdoe", "mode"},
		{"x", ""},
		{"colour", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, keys); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestParseDurationSpelledUnits: a unit spelled out the way people say it
// is refused with the letter to write instead.
func TestParseDurationSpelledUnits(t *testing.T) {
	for in, want := range map[string]string{
		"1month":  "a month is mo: 1mo",
		"6months": "a month is mo",
		"30min":   "a minute is m: 45m",
		"2days":   "a day is d",
		"2weeks":  "a week is w",
		"1year":   "a year is y",
		"8hrs":    "an hour is h",
	} {
		_, msg := parseDuration(in)
		if !strings.Contains(msg, want) || !strings.Contains(msg, "invalid duration") {
			t.Errorf("parseDuration(%q) = %q, want it to say %q", in, msg, want)
		}
	}
	if _, msg := parseDuration("30x"); strings.Contains(msg, ";") {
		t.Errorf("parseDuration(30x) = %q: no hint for an unknown unit", msg)
	}
}
