package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Human units. Scenario files write durations, rates, probabilities and
// times of day the way people say them; the model takes hours and plain
// fractions. Each parse function returns a message (not an error) that the
// caller attaches to a location, and each format function writes a value
// back in the same syntax, so that parse(format(x)) == x.

// Duration units, in hours. A day is 24 hours and a week 7 days of
// calendar time; a year is 365 days, the model's year, and a month ("mo")
// a twelfth of it, 730 hours (30.4 days), the reading of "one month" in
// the DORA cluster tables (see deploysim/reports), so that "6mo" is
// exactly the six months of their bands. "m" stays minutes.
var durationUnits = []struct {
	name  string
	hours float64
}{
	{"s", 1.0 / 3600},
	{"m", 1.0 / 60},
	{"h", 1},
	{"d", 24},
	{"w", 168},
	{"y", 8760},
	{"mo", 730},
}

const durationHelp = "use e.g. 45m, 8h, 3d, 13w"

// parseDuration parses "45m", "8h", "1.5h", "3d", "13w", "1mo", "1y", a sum of
// such terms ("1h30m") and "0", into hours. A leading minus sign is
// accepted so that range errors come from model validation, which names
// the allowed range.
func parseDuration(s string) (float64, string) {
	t := strings.TrimSpace(s)
	bad := fmt.Sprintf("invalid duration %q (%s)", s, durationHelp)
	if t == "" {
		return 0, bad
	}
	sign := 1.0
	if t[0] == '-' || t[0] == '+' {
		if t[0] == '-' {
			sign = -1
		}
		t = t[1:]
	}
	if t == "0" {
		return 0, ""
	}
	if t == "" {
		return 0, bad
	}
	var total float64
	for t != "" {
		i := 0
		for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.' || t[i] == '_') {
			i++
		}
		if i == 0 {
			return 0, bad
		}
		num, err := strconv.ParseFloat(strings.ReplaceAll(t[:i], "_", ""), 64)
		if err != nil {
			return 0, bad
		}
		t = t[i:]
		j := 0
		for j < len(t) && t[j] >= 'a' && t[j] <= 'z' {
			j++
		}
		unit := t[:j]
		t = t[j:]
		found := false
		for _, u := range durationUnits {
			if u.name == unit {
				total += num * u.hours
				found = true
				break
			}
		}
		if !found {
			if hint := unitHint(unit); hint != "" {
				return 0, fmt.Sprintf("invalid duration %q (%s; %s)", s, durationHelp, hint)
			}
			return 0, bad
		}
	}
	if math.IsInf(total, 0) || math.IsNaN(total) {
		return 0, bad
	}
	return sign * total, ""
}

// unitHint says how to write a unit people often spell out ("month",
// "min", "days"), or "".
func unitHint(unit string) string {
	switch {
	case strings.HasPrefix(unit, "mo"):
		return "a month is mo: 1mo, 6mo"
	case strings.HasPrefix(unit, "mi"):
		return "a minute is m: 45m"
	case strings.HasPrefix(unit, "hr") || strings.HasPrefix(unit, "ho"):
		return "an hour is h: 8h"
	case strings.HasPrefix(unit, "da"):
		return "a day is d: 3d"
	case strings.HasPrefix(unit, "we") || strings.HasPrefix(unit, "wk"):
		return "a week is w: 2w"
	case strings.HasPrefix(unit, "ye") || strings.HasPrefix(unit, "yr"):
		return "a year is y: 1y"
	case strings.HasPrefix(unit, "se"):
		return "a second is s: 30s"
	}
	return ""
}

// formatDuration writes hours in the largest unit that gives a whole
// number (13w, 3d, 6mo, 86h, 90m, 30s: months only where days are not
// whole), else in hours with decimals. One unit
// keeps working time readable: 60h of QA is not "2d12h". The result
// parses back to exactly the same number.
func formatDuration(h float64) string {
	if h == 0 {
		return "0"
	}
	if math.IsInf(h, 0) || math.IsNaN(h) {
		return strconv.FormatFloat(h, 'g', -1, 64)
	}
	sign := ""
	if h < 0 {
		sign = "-"
	}
	try := func(s string) bool {
		got, msg := parseDuration(s)
		return msg == "" && got == h
	}
	abs := math.Abs(h)
	whole := func(x float64) (int64, bool) {
		r := math.Round(x)
		return int64(r), r >= 1 && r < 1e15 && math.Abs(x-r) < 1e-9*math.Max(1, x)
	}
	// One unit: w, d, mo, h, m, s (not y: 365d reads better in a list;
	// months after days, so that 365d stays 365d and 730h reads 1mo).
	for _, u := range []int{4, 3, 6, 2, 1, 0} {
		if n, ok := whole(abs / durationUnits[u].hours); ok {
			if s := fmt.Sprintf("%s%d%s", sign, n, durationUnits[u].name); try(s) {
				return s
			}
		}
	}
	// Plain decimals, never an exponent: the parser reads "0.0000000001h"
	// but not "1e-10h". The shortest decimals that round-trip parse back
	// to exactly h.
	return strconv.FormatFloat(h, 'f', -1, 64) + "h"
}

// parseNumber parses a finite decimal number; underscores may group
// digits (5_600).
func parseNumber(s string) (float64, string) {
	t := strings.ReplaceAll(strings.TrimSpace(s), "_", "")
	x, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) || t == "" || strings.ContainsAny(t, "xXpP") {
		return 0, fmt.Sprintf("invalid number %q", s)
	}
	return x, ""
}

func formatNumber(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// parseInt parses a whole number; underscores may group digits.
func parseInt(s string) (int, string) {
	t := strings.ReplaceAll(strings.TrimSpace(s), "_", "")
	n, err := strconv.ParseInt(t, 10, 32)
	if err != nil {
		if x, msg := parseNumber(s); msg == "" && x == math.Trunc(x) {
			if x >= math.MinInt32 && x <= math.MaxInt32 {
				return int(x), "" // 1e6: the model checks the field's own range
			}
			return 0, fmt.Sprintf("must be a whole number in [%d,%d], got %s", math.MinInt32, math.MaxInt32, strings.TrimSpace(s))
		}
		return 0, fmt.Sprintf("invalid whole number %q", s)
	}
	return int(n), ""
}

// parseProb parses a probability or share written as a fraction (0.02) or
// a percentage (2%). Either way it must be in [0,1], as the model says.
func parseProb(s string) (float64, string) {
	x, ok := parseFraction(s)
	if !ok {
		return 0, fmt.Sprintf("invalid probability %q (use e.g. 0.02 or 2%%)", s)
	}
	if !(x >= 0 && x <= 1) {
		return 0, fmt.Sprintf("must be in [0,1], got %s", strings.TrimSpace(s))
	}
	return x, ""
}

// parseFraction parses a number written as a fraction (0.02) or a
// percentage (2%), and reports whether it is one.
func parseFraction(s string) (float64, bool) {
	p, pct := strings.CutSuffix(strings.TrimSpace(s), "%")
	x, msg := parseNumber(p)
	if msg != "" {
		return 0, false
	}
	if pct {
		x /= 100
	}
	return x, true
}

// Rate units: changes per working day. A week is five working days.
var rateUnits = []struct {
	names []string
	days  float64
}{
	{[]string{"day", "d"}, 1},
	{[]string{"week", "wk", "w"}, 5},
}

// parseRate parses "10/day", "50/week" or a plain number per working day.
func parseRate(s string) (float64, string) {
	bad := fmt.Sprintf("invalid rate %q (use e.g. 10/day or 50/week)", s)
	num, unit, ok := strings.Cut(strings.TrimSpace(s), "/")
	x, msg := parseNumber(num)
	if msg != "" {
		return 0, bad
	}
	if !ok {
		return x, ""
	}
	unit = strings.TrimSpace(unit)
	for _, u := range rateUnits {
		for _, n := range u.names {
			if unit == n {
				return x / u.days, ""
			}
		}
	}
	return 0, bad
}

// formatRate writes a rate per working day, per week if that is a whole
// number and the daily figure is not.
func formatRate(x float64) string {
	if x != math.Trunc(x) {
		if w := x * 5; math.Abs(w-math.Round(w)) < 1e-9 {
			if v, _ := parseRate(formatNumber(math.Round(w)) + "/week"); v == x {
				return formatNumber(math.Round(w)) + "/week"
			}
		}
	}
	return formatNumber(x) + "/day"
}

// parseTimeOfDay parses "09:00", "17:30", "24:00", a duration since
// midnight ("9h", "9h30m") or a plain number of hours (9.5).
func parseTimeOfDay(s string) (float64, string) {
	t := strings.TrimSpace(s)
	bad := fmt.Sprintf("invalid time of day %q (use e.g. 09:00, 17:30 or 9h)", s)
	if hh, mm, ok := strings.Cut(t, ":"); ok {
		h, err1 := strconv.Atoi(hh)
		m, err2 := strconv.Atoi(mm)
		if err1 != nil || err2 != nil || len(mm) != 2 || h < 0 || h > 24 || m < 0 || m > 59 || len(hh) > 2 {
			return 0, bad
		}
		return float64(h) + float64(m)/60, ""
	}
	if x, msg := parseNumber(t); msg == "" {
		return x, ""
	}
	if x, msg := parseDuration(t); msg == "" {
		return x, ""
	}
	return 0, bad
}

// formatTimeOfDay writes hours since midnight as HH:MM when that is
// exact, else as a number of hours.
func formatTimeOfDay(h float64) string {
	m := h * 60
	if h >= 0 && h <= 24 && math.Abs(m-math.Round(m)) < 1e-9 {
		s := fmt.Sprintf("%02d:%02d", int(math.Round(m))/60, int(math.Round(m))%60)
		if v, _ := parseTimeOfDay(s); v == h {
			return s
		}
	}
	return formatNumber(h)
}

var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// parseWeekday parses a day name ("saturday", "Sat") or a number, 0 for
// Monday to 6 for Sunday.
func parseWeekday(s string) (int, string) {
	t := strings.ToLower(strings.TrimSpace(s))
	if len(t) >= 3 {
		for i, d := range weekdays {
			if strings.HasPrefix(d, t) {
				return i, ""
			}
		}
	}
	if n, msg := parseInt(t); msg == "" {
		// Checked here, not only by the model: a default that every arm
		// overrides never reaches the model's check.
		if n < 0 || n > 6 {
			return 0, fmt.Sprintf("must be in [0,6] (0 = Monday … 6 = Sunday), got %d", n)
		}
		return n, ""
	}
	return 0, fmt.Sprintf("invalid weekday %q (use monday … sunday, or 0 = Monday … 6 = Sunday)", s)
}

func formatWeekday(n int) string {
	if n >= 0 && n < len(weekdays) {
		return weekdays[n]
	}
	return strconv.Itoa(n)
}

var months = []struct {
	name string // full, lower case
	days int
}{
	{"january", 31}, {"february", 28}, {"march", 31}, {"april", 30}, {"may", 31}, {"june", 30},
	{"july", 31}, {"august", 31}, {"september", 30}, {"october", 31}, {"november", 30}, {"december", 31},
}

// parseDayOfYear parses a day of the model's 365-day year written as a
// date ("Dec 20", "december 20") or as a number (0 = 1 January … 364 =
// 31 December).
func parseDayOfYear(s string) (int, string) {
	t := strings.ToLower(strings.TrimSpace(s))
	bad := fmt.Sprintf("invalid day of the year %q (use e.g. Dec 20, or 0 = Jan 1 … 364 = Dec 31)", s)
	if mon, day, ok := strings.Cut(t, " "); ok {
		d, err := strconv.Atoi(strings.TrimSpace(day))
		if err != nil || len(mon) < 3 {
			return 0, bad
		}
		start := 0
		for _, m := range months {
			if strings.HasPrefix(m.name, mon) {
				if d < 1 || d > m.days {
					return 0, fmt.Sprintf("invalid day of the year %q: %s has %d days", s, m.name, m.days)
				}
				return start + d - 1, ""
			}
			start += m.days
		}
		return 0, bad
	}
	if n, msg := parseInt(t); msg == "" {
		return n, ""
	}
	return 0, bad
}

func formatDayOfYear(n int) string {
	if n < 0 || n > 364 {
		return strconv.Itoa(n)
	}
	for _, m := range months {
		if n < m.days {
			return fmt.Sprintf("%s %d", strings.ToUpper(m.name[:1])+m.name[1:3], n+1)
		}
		n -= m.days
	}
	return strconv.Itoa(n)
}

// parseBool parses true or false.
func parseBool(s string) (bool, string) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, ""
	case "false":
		return false, ""
	}
	return false, fmt.Sprintf("invalid boolean %q (use true or false)", s)
}
