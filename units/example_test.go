package units_test

import (
	"fmt"

	"deploysim/units"
)

func ExampleFormatHours() {
	fmt.Println(units.FormatHours(0.68))
	fmt.Println(units.FormatHours(3.2))
	fmt.Println(units.FormatHours(108))
	// Output:
	// 41 min
	// 3.2 h
	// 4.5 d
}

func ExampleFormatMoney() {
	fmt.Println(units.FormatMoney(1_234_567, "USD"))
	fmt.Println(units.FormatMoney(45_000, "EUR"))
	fmt.Println(units.FormatMoney(460e6, "GBP"))
	fmt.Println(units.FormatMoney(12_000, "CHF"))
	// Output:
	// $1.2M
	// €45k
	// £460M
	// CHF 12k
}

func ExampleFormatPercent() {
	fmt.Println(units.FormatPercent(0.14))
	fmt.Println(units.FormatPercent(0.045))
	// Output:
	// 14%
	// 4.5%
}
