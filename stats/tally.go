package stats

import "math"

// Tally accumulates observations: count, mean and variance (Welford's
// algorithm, numerically stable in one pass), minimum and maximum. The zero
// value is an empty tally.
type Tally struct {
	n        int
	mean, m2 float64
	min, max float64
}

// Add records one observation.
func (t *Tally) Add(x float64) {
	t.n++
	if t.n == 1 {
		t.min, t.max = x, x
	} else {
		t.min = min(t.min, x)
		t.max = max(t.max, x)
	}
	d := x - t.mean
	t.mean += d / float64(t.n)
	t.m2 += d * (x - t.mean)
}

// Merge adds every observation of o to t (Chan et al.'s parallel update).
func (t *Tally) Merge(o Tally) {
	if o.n == 0 {
		return
	}
	if t.n == 0 {
		*t = o
		return
	}
	n := float64(t.n + o.n)
	d := o.mean - t.mean
	t.m2 += o.m2 + d*d*float64(t.n)*float64(o.n)/n
	t.mean += d * float64(o.n) / n
	t.n += o.n
	t.min = min(t.min, o.min)
	t.max = max(t.max, o.max)
}

// Count returns the number of observations.
func (t Tally) Count() int { return t.n }

// Mean returns the sample mean, or NaN for an empty tally.
func (t Tally) Mean() float64 {
	if t.n == 0 {
		return math.NaN()
	}
	return t.mean
}

// Sum returns the sum of the observations.
func (t Tally) Sum() float64 { return t.mean * float64(t.n) }

// Variance returns the unbiased sample variance, or NaN with fewer than two
// observations.
func (t Tally) Variance() float64 {
	if t.n < 2 {
		return math.NaN()
	}
	return t.m2 / float64(t.n-1)
}

// StdDev returns the sample standard deviation.
func (t Tally) StdDev() float64 { return math.Sqrt(t.Variance()) }

// Min returns the smallest observation, or NaN for an empty tally.
func (t Tally) Min() float64 {
	if t.n == 0 {
		return math.NaN()
	}
	return t.min
}

// Max returns the largest observation, or NaN for an empty tally.
func (t Tally) Max() float64 {
	if t.n == 0 {
		return math.NaN()
	}
	return t.max
}

// TimeWeighted is the time average of a piecewise-constant quantity, such as
// the number of units in use or the length of a queue. Call Reset with the
// start time and value, then Set each time the value changes.
type TimeWeighted struct {
	start, last float64 // time of Reset and of the last change
	value       float64 // current value
	area        float64 // integral of value from start to last
	max         float64
}

// Reset starts the average at time t with value v.
func (w *TimeWeighted) Reset(t, v float64) {
	*w = TimeWeighted{start: t, last: t, value: v, max: v}
}

// Set records that the value becomes v at time t. It panics if t is before
// the previous change.
func (w *TimeWeighted) Set(t, v float64) {
	if t < w.last {
		panic("sim: TimeWeighted.Set time went backwards")
	}
	w.area += w.value * (t - w.last)
	w.last, w.value = t, v
	w.max = max(w.max, v)
}

// Value returns the current value.
func (w *TimeWeighted) Value() float64 { return w.value }

// Max returns the largest value seen.
func (w *TimeWeighted) Max() float64 { return w.max }

// Area returns the integral of the value from the start up to time t (t not
// before the last change).
func (w *TimeWeighted) Area(t float64) float64 {
	return w.area + w.value*(t-w.last)
}

// Mean returns the time average from the start up to time t, or the current
// value if no time has passed.
func (w *TimeWeighted) Mean(t float64) float64 {
	if t <= w.start {
		return w.value
	}
	return w.Area(t) / (t - w.start)
}
