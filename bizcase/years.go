package bizcase

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"deploysim/sim"
)

// Year is one simulated year of both arms under one parameter set: the
// record a business case is aggregated from. Its binary form (encoding/gob
// uses it) is exact, so a case aggregated from Years written by several
// processes equals the one computed in one.
type Year struct{ y year }

// runYears runs the n simulated year pairs, through opt.Years if set.
func runYears(ctx context.Context, opt Options, n int, simulate func(j int) (year, error)) ([]year, error) {
	if opt.Years == nil {
		return sim.ReplicateErr(ctx, sim.Options{Replications: n, Workers: opt.Workers, Progress: opt.Progress}, simulate)
	}
	ys, err := opt.Years(ctx, n, func(j int) (Year, error) {
		y, err := simulate(j)
		return Year{y}, err
	}, opt.Progress)
	if err != nil {
		return nil, err
	}
	if len(ys) != n {
		return nil, fmt.Errorf("bizcase: Options.Years returned %d years for %d", len(ys), n)
	}
	out := make([]year, n)
	for j := range ys {
		out[j] = ys[j].y
	}
	return out, nil
}

// fields lists a year's numbers in their binary order; counts its whole
// numbers. The saving is not among them: Run derives it from the arms'
// costs once every year is in (labour out of hours needs the point
// estimate's twin runs).
func (y *year) fields() []*float64 {
	cost := func(c *armCosts) []*float64 {
		return []*float64{&c.codeDefect, &c.deployError, &c.rollback, &c.downtime, &c.delay, &c.labour,
			&c.labourOffHours, &c.offPlain, &c.mult, &c.unresolved, &c.wipMean}
	}
	fs := []*float64{&y.from.recoveryHours, &y.from.impactHours, &y.from.incidentLoss, &y.from.years,
		&y.to.recoveryHours, &y.to.impactHours, &y.to.incidentLoss, &y.to.years}
	return append(append(fs, cost(&y.fromC)...), cost(&y.toC)...)
}

func (y *year) counts() []*int {
	return []*int{&y.from.deploys, &y.from.failed, &y.from.recoveries, &y.to.deploys, &y.to.failed, &y.to.recoveries,
		&y.fromC.wipEnd, &y.toC.wipEnd}
}

// yearVersion 2: the arms' costs, labour in and out of office hours
// apart, instead of the saving.
const yearVersion = 2

// MarshalBinary writes the year exactly: its floats as IEEE 754 bits.
func (y Year) MarshalBinary() ([]byte, error) {
	b := []byte{yearVersion}
	for _, f := range y.y.fields() {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(*f))
	}
	for _, c := range y.y.counts() {
		b = binary.LittleEndian.AppendUint64(b, uint64(int64(*c)))
	}
	return b, nil
}

// UnmarshalBinary reads what MarshalBinary wrote.
func (y *Year) UnmarshalBinary(data []byte) error {
	var v year
	fs, cs := v.fields(), v.counts()
	if len(data) != 1+8*(len(fs)+len(cs)) || data[0] != yearVersion {
		return errors.New("bizcase: a simulated year's binary form is cut short or of an unknown version")
	}
	data = data[1:]
	for _, f := range fs {
		*f = math.Float64frombits(binary.LittleEndian.Uint64(data))
		data = data[8:]
	}
	for _, c := range cs {
		*c = int(int64(binary.LittleEndian.Uint64(data)))
		data = data[8:]
	}
	y.y = v
	return nil
}
