package units

import (
	"math"
	"strconv"
	"strings"
)

// The formatting helpers write numbers for people: always with a unit,
// rounded to what a reader can use. Values below 1 keep two decimals, below
// 10 one decimal, and from 10 up none, with Thousands separated by commas
// ("0.25", "3.2", "41", "1,460"). NaN is written "n/a".

// Amount is a formatted number and its unit, kept apart so that a range can
// share one unit ("3.0–3.4 h").
type Amount struct {
	Num  string // "3.2", "$1.2M"
	Unit string // "h", "%", "/yr", ""
}

// String writes the number and its unit: "3.2 h", "14%", "250/yr", "$1.2M".
func (a Amount) String() string {
	if a.Unit == "" || a.Num == NA {
		return a.Num
	}
	if strings.HasPrefix(a.Unit, "/") || a.Unit == "%" {
		return a.Num + a.Unit
	}
	return a.Num + " " + a.Unit
}

// NA stands for a value that is not available.
const NA = "n/a"

// Span writes the range from a to b, with the unit once if both share it:
// "3.0–3.4 h", "41 min–1.1 h", "$1.1M–$1.3M/yr".
func Span(a, b Amount) string {
	if a.Num == NA && b.Num == NA {
		return NA
	}
	a, b = ShareZeroUnit(a, b)
	if a.Unit == b.Unit && a.Num != NA && b.Num != NA {
		return Amount{a.Num + "–" + b.Num, a.Unit}.String()
	}
	return a.String() + "–" + b.String()
}

// ShareZeroUnit gives a zero Amount the unit of the other Amount, so that
// a range from zero reads "0–7.4 d", not "0 h–7.4 d".
func ShareZeroUnit(a, b Amount) (Amount, Amount) {
	switch {
	case a.Num == "0" && b.Num != NA:
		a.Unit = b.Unit
	case b.Num == "0" && a.Num != NA:
		b.Unit = a.Unit
	}
	return a, b
}

// Num rounds x for reading: two decimals below 1, one below 10, none from
// 10 up, with Thousands separators.
func Num(x float64) string {
	switch {
	case math.IsNaN(x):
		return NA
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "-∞"
	case x == 0:
		return "0"
	}
	a := math.Abs(x)
	var s string
	switch {
	case a < 0.005:
		s = "<0.01"
	case a < 0.995:
		s = strconv.FormatFloat(a, 'f', 2, 64)
	case a < 9.95:
		s = strconv.FormatFloat(a, 'f', 1, 64)
	default:
		s = Thousands(strconv.FormatFloat(math.Round(a), 'f', 0, 64))
	}
	if x < 0 {
		s = "-" + s
	}
	return s
}

// Thousands puts commas between groups of three digits of an integer
// written without sign.
func Thousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	lead := len(digits) % 3
	if lead > 0 {
		b.WriteString(digits[:lead])
	}
	for i := lead; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// HoursAmount is h hours in the unit FormatHours picks.
func HoursAmount(h float64) Amount {
	a := math.Abs(h)
	switch {
	case math.IsNaN(h):
		return Amount{NA, ""}
	case h == 0:
		return Amount{"0", "h"}
	case a*60 < 1:
		return Amount{Num(h * 3600), "s"}
	case a < 1:
		return Amount{Num(h * 60), "min"}
	case a < 24:
		return Amount{Num(h), "h"}
	case a < hoursPerYear:
		return Amount{Num(h / 24), "d"}
	}
	return Amount{Num(h / hoursPerYear), "yr"}
}

// FormatHours writes a duration given in hours in the unit a person would
// use: seconds under a minute, minutes under an hour, hours under a day,
// days under a year, then years ("41 min", "3.2 h", "4.5 d").
func FormatHours(h float64) string { return HoursAmount(h).String() }

// CurrencySymbol returns the symbol written before amounts in currency
// (an ISO 4217 code): $ for USD, € for EUR, £ for GBP, otherwise the code
// and a space. An empty code is taken as USD.
func CurrencySymbol(currency string) string {
	switch currency {
	case "", "USD":
		return "$"
	case "EUR":
		return "€"
	case "GBP":
		return "£"
	}
	return currency + " "
}

// MoneyAmount is x in currency as FormatMoney writes it, the symbol in
// the number and no unit.
func MoneyAmount(x float64, currency string) Amount {
	if math.IsNaN(x) {
		return Amount{NA, ""}
	}
	a := math.Abs(x)
	var s string
	switch {
	case math.IsInf(x, 0):
		s = "∞"
	case a < 999.5:
		s = Num(a)
	case a < 999.5e3:
		s = Num(a/1e3) + "k"
	case a < 999.5e6:
		s = Num(a/1e6) + "M"
	default:
		s = Num(a/1e9) + "B"
	}
	s = CurrencySymbol(currency) + s
	if x < 0 {
		s = "-" + s
	}
	return Amount{s, ""}
}

// FormatMoney writes an Amount of currency (an ISO 4217 code, "" meaning
// USD) rounded to Thousands (k), millions (M) or billions (B): "$850",
// "$45k", "$1.2M", "€3.4B", "CHF 12k".
func FormatMoney(x float64, currency string) string { return MoneyAmount(x, currency).String() }

// PercentAmount is fraction f as a percentage.
func PercentAmount(f float64) Amount {
	if math.IsNaN(f) {
		return Amount{NA, ""}
	}
	return Amount{Num(f * 100), "%"}
}

// FormatPercent writes a fraction (0–1) as a percentage: "14%", "4.5%".
func FormatPercent(f float64) string { return PercentAmount(f).String() }

// FormatPerYear writes a count per year: "1,460/yr", "4.0/yr".
func FormatPerYear(x float64) string { return Amount{Num(x), "/yr"}.String() }

// FormatRatio writes a ratio with a times sign: "208×", "2,604×", "1.5×".
func FormatRatio(r float64) string {
	if math.IsNaN(r) {
		return NA
	}
	return Num(r) + "×"
}

// hoursPerYear is the year a duration is written in: 365 days, as
// models.HoursPerYear.
const hoursPerYear = 365 * 24
