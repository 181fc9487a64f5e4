package reports

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"deploysim/bizcase"
)

// TestCaseXLSX reads the workbook back: the cash flow is live formulas,
// and excelize's own calculation engine, recomputing them from the inputs
// sheet, gives deploysim's point estimate to the cent — every month's
// cumulative cash flow, NPV and payback, with and without the opportunity
// part — and again after an analyst edits an input.
func TestCaseXLSX(t *testing.T) {
	r := caseReport(t)
	var buf bytes.Buffer
	if err := WriteCaseXLSX(&buf, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	calc := func(sheet, cell string) float64 {
		t.Helper()
		v, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s!%s: %v", sheet, cell, err)
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("%s!%s = %q, want a number", sheet, cell, v)
		}
		return x
	}
	cent := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 0.005 {
			t.Errorf("%s: the workbook computes %.4f, deploysim %.4f", what, got, want)
		}
	}
	for _, cell := range []string{"CashFlow!T2", "CashFlow!T4", "CashFlow!N14", "CashFlow!K30", "Inputs!B11"} {
		sheet, at, _ := cutSheet(cell)
		if fx, err := f.GetCellFormula(sheet, at); err != nil || fx == "" {
			t.Errorf("%s: formula %q (%v), want a live formula", cell, fx, err)
		}
	}
	for _, m := range r.Monthly {
		n := m.Month + 2
		cent(fmt.Sprintf("month %d cumulative", m.Month), calc(xlCashFlow, fmt.Sprintf("N%d", n)), m.Cumulative)
		cent(fmt.Sprintf("month %d cumulative, cash only", m.Month), calc(xlCashFlow, fmt.Sprintf("O%d", n)), m.CumulativeCash)
	}
	base := r.Base
	cent("NPV", calc(xlCashFlow, "T2"), base.NPV)
	cent("NPV, cash only", calc(xlCashFlow, "T3"), bizcase.Evaluate(&r.BaseCase, base.Savings.Cash()).NPV)
	cent("payback (months)", calc(xlCashFlow, "T4"), base.PaybackMonths)
	cent("payback, cash only (months)", calc(xlCashFlow, "T5"), bizcase.Evaluate(&r.BaseCase, base.Savings.Cash()).PaybackMonths)

	// An analyst doubles the investment and shortens the horizon: the
	// formulas follow bizcase's arithmetic.
	c := r.BaseCase
	c.Investment *= 2
	c.HorizonYears = 2
	if err := f.SetCellValue(xlInputs, fmt.Sprintf("B%d", xlInvestment), c.Investment); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue(xlInputs, fmt.Sprintf("B%d", xlHorizon), c.HorizonYears); err != nil {
		t.Fatal(err)
	}
	want := bizcase.Evaluate(&c, base.Savings.Total())
	cent("NPV, investment doubled, 2 years", calc(xlCashFlow, "T2"), want.NPV)
	if math.IsInf(want.PaybackMonths, 1) {
		if v, _ := f.CalcCellValue(xlCashFlow, "T4"); v != "beyond the horizon" {
			t.Errorf("payback %q, want beyond the horizon", v)
		}
	} else {
		cent("payback, investment doubled, 2 years", calc(xlCashFlow, "T4"), want.PaybackMonths)
	}
	// The samples are all there.
	rows, err := f.GetRows(xlSamples)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(rows) - 1; got != r.Samples {
		t.Errorf("Samples sheet: %d rows, want %d", got, r.Samples)
	}
}

func cutSheet(ref string) (sheet, cell string, ok bool) {
	for i := range ref {
		if ref[i] == '!' {
			return ref[:i], ref[i+1:], true
		}
	}
	return "", ref, false
}
