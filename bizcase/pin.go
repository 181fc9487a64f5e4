package bizcase

import (
	"math"
	"strings"

	"deploysim/scenarios"
)

// How a pin's path meets a range's.
const (
	apart   = iota // different inputs
	same           // the same input
	partial        // one arm's value of a field the other sets for all arms
)

// pin takes the ranges a pin fixes out of the scenario's uncertain ones.
// It returns the ranges left, the place of each in the file (the stream it
// draws from) and the pinned inputs, or a *PinError for a pin that meets a
// range only in part.
func pin(sc *scenarios.Scenario, c scenarios.Case, pins []Pin) ([]scenarios.Range, []int, []Pinned, error) {
	var (
		ranges  []scenarios.Range
		streams []int
		pinned  []Pinned
	)
next:
	for i, r := range sc.Uncertain {
		for _, p := range pins {
			switch meet(sc, c, p.Path, r.Path) {
			case same:
				pinned = append(pinned, Pinned{Path: r.Path, Name: InputName(r.Path), Value: valueAt(sc, c, r.Path),
					Kind: r.Kind, Unit: r.Unit, By: p.By})
				continue next
			case partial:
				return nil, nil, nil, &PinError{Pin: p, Range: r, File: sc.Source}
			}
		}
		ranges = append(ranges, r)
		streams = append(streams, i)
	}
	return ranges, streams, pinned, nil
}

// meet says how the input a pin names meets a range's: the same path
// (after resolving a random duration's ".mean"), one arm's value of a
// field the other gives every arm of the case, or apart.
func meet(sc *scenarios.Scenario, c scenarios.Case, pinPath, rangePath string) int {
	if strings.HasPrefix(pinPath, "case.") || strings.HasPrefix(rangePath, "case.") {
		if pinPath == rangePath {
			return same
		}
		return apart
	}
	p, err1 := sc.ResolvePath(pinPath)
	r, err2 := sc.ResolvePath(rangePath)
	switch {
	case err1 != nil || err2 != nil:
		if pinPath == rangePath {
			return same
		}
		return apart
	case p.Field != r.Field:
		return apart
	case p.Arm == r.Arm:
		return same
	}
	// One names an arm, the other the defaults: they overlap if the arm
	// is one the case compares.
	arm := p.Arm + r.Arm
	if arm == c.From || arm == c.To {
		return partial
	}
	return apart
}

// valueAt returns the value the scenario holds for an input: a case
// field's, or a model parameter's in the arm the path names (the case's
// from-arm for a default). NaN if it cannot be read.
func valueAt(sc *scenarios.Scenario, c scenarios.Case, path string) float64 {
	if field, ok := strings.CutPrefix(path, "case."); ok {
		if x, ok := c.Value(field); ok {
			return x
		}
		return math.NaN()
	}
	p, err := sc.ResolvePath(path)
	if err != nil {
		return math.NaN()
	}
	arm := p.Arm
	if arm == "" {
		arm = c.From
	}
	for _, v := range sc.NumericParams(arm) {
		if v.Field == p.Field {
			return v.Value
		}
	}
	return math.NaN()
}
