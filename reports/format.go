package reports

import (
	"math"
	"strconv"
	"strings"
)

// The formatting helpers write numbers for people: always with a unit,
// rounded to what a reader can use. Values below 1 keep two decimals, below
// 10 one decimal, and from 10 up none, with thousands separated by commas
// ("0.25", "3.2", "41", "1,460"). NaN is written "n/a".

// amount is a formatted number and its unit, kept apart so that a range can
// share one unit ("3.0–3.4 h").
type amount struct {
	num  string // "3.2", "$1.2M"
	unit string // "h", "%", "/yr", ""
}

func (a amount) String() string {
	if a.unit == "" || a.num == na {
		return a.num
	}
	if strings.HasPrefix(a.unit, "/") || a.unit == "%" {
		return a.num + a.unit
	}
	return a.num + " " + a.unit
}

// na stands for a value that is not available.
const na = "n/a"

// span writes the range from a to b, with the unit once if both share it:
// "3.0–3.4 h", "41 min–1.1 h", "$1.1M–$1.3M/yr".
func span(a, b amount) string {
	if a.num == na && b.num == na {
		return na
	}
	a, b = shareZeroUnit(a, b)
	if a.unit == b.unit && a.num != na && b.num != na {
		return amount{a.num + "–" + b.num, a.unit}.String()
	}
	return a.String() + "–" + b.String()
}

// shareZeroUnit gives a zero amount the unit of the other amount, so that
// a range from zero reads "0–7.4 d", not "0 h–7.4 d".
func shareZeroUnit(a, b amount) (amount, amount) {
	switch {
	case a.num == "0" && b.num != na:
		a.unit = b.unit
	case b.num == "0" && a.num != na:
		b.unit = a.unit
	}
	return a, b
}

// num rounds x for reading: two decimals below 1, one below 10, none from
// 10 up, with thousands separators.
func num(x float64) string {
	switch {
	case math.IsNaN(x):
		return na
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
		s = thousands(strconv.FormatFloat(math.Round(a), 'f', 0, 64))
	}
	if x < 0 {
		s = "-" + s
	}
	return s
}

// thousands puts commas between groups of three digits of an integer
// written without sign.
func thousands(digits string) string {
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

func hoursAmount(h float64) amount {
	a := math.Abs(h)
	switch {
	case math.IsNaN(h):
		return amount{na, ""}
	case h == 0:
		return amount{"0", "h"}
	case a*60 < 1:
		return amount{num(h * 3600), "s"}
	case a < 1:
		return amount{num(h * 60), "min"}
	case a < 24:
		return amount{num(h), "h"}
	case a < hoursPerYear:
		return amount{num(h / 24), "d"}
	}
	return amount{num(h / hoursPerYear), "yr"}
}

// FormatHours writes a duration given in hours in the unit a person would
// use: seconds under a minute, minutes under an hour, hours under a day,
// days under a year, then years ("41 min", "3.2 h", "4.5 d").
func FormatHours(h float64) string { return hoursAmount(h).String() }

// currencySymbol returns the symbol written before amounts in currency
// (an ISO 4217 code): $ for USD, € for EUR, £ for GBP, otherwise the code
// and a space. An empty code is taken as USD.
func currencySymbol(currency string) string {
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

func moneyAmount(x float64, currency string) amount {
	if math.IsNaN(x) {
		return amount{na, ""}
	}
	a := math.Abs(x)
	var s string
	switch {
	case math.IsInf(x, 0):
		s = "∞"
	case a < 999.5:
		s = num(a)
	case a < 999.5e3:
		s = num(a/1e3) + "k"
	case a < 999.5e6:
		s = num(a/1e6) + "M"
	default:
		s = num(a/1e9) + "B"
	}
	s = currencySymbol(currency) + s
	if x < 0 {
		s = "-" + s
	}
	return amount{s, ""}
}

// FormatMoney writes an amount of currency (an ISO 4217 code, "" meaning
// USD) rounded to thousands (k), millions (M) or billions (B): "$850",
// "$45k", "$1.2M", "€3.4B", "CHF 12k".
func FormatMoney(x float64, currency string) string { return moneyAmount(x, currency).String() }

func percentAmount(f float64) amount {
	if math.IsNaN(f) {
		return amount{na, ""}
	}
	return amount{num(f * 100), "%"}
}

// FormatPercent writes a fraction (0–1) as a percentage: "14%", "4.5%".
func FormatPercent(f float64) string { return percentAmount(f).String() }

// FormatPerYear writes a count per year: "1,460/yr", "4.0/yr".
func FormatPerYear(x float64) string { return amount{num(x), "/yr"}.String() }

// FormatRatio writes a ratio with a times sign: "208×", "2,604×", "1.5×".
func FormatRatio(r float64) string {
	if math.IsNaN(r) {
		return na
	}
	return num(r) + "×"
}

// amountOf writes value x of metric m in its unit.
func amountOf(m Metric, x float64, currency string) amount {
	switch m.kind {
	case perYear:
		if math.IsNaN(x) {
			return amount{na, ""}
		}
		return amount{num(x), "/yr"}
	case hours:
		return hoursAmount(x)
	case fraction:
		return percentAmount(x)
	case minutesPerYear:
		a := hoursAmount(x / 60)
		if a.num != na {
			a.unit += "/yr"
		}
		return a
	case moneyPerYear:
		a := moneyAmount(x, currency)
		if a.num != na {
			a.unit = "/yr"
		}
		return a
	case money:
		return moneyAmount(x, currency)
	}
	panic("reports: unknown metric kind")
}

// ratioPhrase writes a ratio to the baseline (above 1: better) in the
// metric's words, saying which way is better: "208× more — better", "3.0×
// slower — worse". Ratios within 5% of 1 read "about the same"; a zero
// against a non-zero reads "none at all — better" (the arm has none of a
// bad thing) or "baseline has none — worse", and the other way round for
// deploys.
func ratioPhrase(m Metric, r float64) string {
	switch {
	case math.IsNaN(r):
		return na
	case math.IsInf(r, 1) && m.HigherIsBetter:
		return "baseline has none — better"
	case math.IsInf(r, 1):
		return "none at all — better"
	case r == 0 && m.HigherIsBetter:
		return "none at all — worse"
	case r == 0:
		return "baseline has none — worse"
	case math.Abs(r-1) < 0.05:
		return "about the same"
	case r >= 1:
		return FormatRatio(r) + " " + m.better + " — better"
	}
	return FormatRatio(1/r) + " " + m.worse + " — worse"
}
