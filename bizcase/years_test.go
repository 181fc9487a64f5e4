package bizcase

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"unsafe"

	"deploysim/sim"
)

// TestYearBinaryCoversEveryField fills every number of a year with a
// distinct value and reads it back: a field added to year, armYear or
// armCosts but not to its binary form fails here. The saving is not
// written: Run derives it from the arms' costs once every year is in.
func TestYearBinaryCoversEveryField(t *testing.T) {
	var y year
	k := 0
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Field(i)
				fill(reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem())
			}
		case reflect.Float64:
			k++
			v.SetFloat(float64(k) + 0.25)
		case reflect.Int:
			k++
			v.SetInt(int64(k))
		default:
			t.Fatalf("year has a %s field: give it a binary form", v.Kind())
		}
	}
	fill(reflect.ValueOf(&y).Elem())
	y.saving = Savings{}
	b, err := Year{y}.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got Year
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if got.y != y {
		t.Errorf("got %+v, want %+v", got.y, y)
	}
	if err := got.UnmarshalBinary(b[:len(b)-1]); err == nil {
		t.Error("cut short: no error")
	}
}

// TestYearsHook checks that a case run through Options.Years, which
// simulates the pairs in reverse order, equals the plain run.
func TestYearsHook(t *testing.T) {
	sc, want := load(t), small(t)
	got, err := Run(context.Background(), sc, Options{Years: func(_ context.Context, n int, simulate func(int) (Year, error), _ func(int, int)) ([]Year, error) {
		ys := make([]Year, n)
		for j := n - 1; j >= 0; j-- {
			y, err := simulate(j)
			if err != nil {
				return nil, err
			}
			ys[j] = y
		}
		return ys, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	// %#v, not DeepEqual: a NaN in the result (an undefined variance
	// part) is equal to itself there.
	if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
		t.Errorf("a case through Options.Years differs from the plain run")
	}
}

// TestYearsHookConcurrent builds the parameter sets from several
// goroutines at once, as a shard's workers do (make test runs it under
// the race detector), and drops no error.
func TestYearsHookConcurrent(t *testing.T) {
	sc, want := load(t), small(t)
	got, err := Run(context.Background(), sc, Options{Years: func(ctx context.Context, n int, simulate func(int) (Year, error), progress func(int, int)) ([]Year, error) {
		return sim.ReplicateErr(ctx, sim.Options{Replications: n, Workers: 4}, simulate)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
		t.Errorf("a case through Options.Years over 4 workers differs from the plain run")
	}
}
