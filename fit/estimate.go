package fit

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Level is the coverage of every interval the fit gives: 90%, the
// coverage of a scenario's uncertain: ranges, so that a fitted interval
// goes into the scenario as it is.
const Level = 0.90

// Interval is an estimate with its interval: Low ≤ Value ≤ High at Level
// coverage. N is the sample size it rests on. NaN Value means "not
// estimable from these inputs".
type Interval struct {
	Value, Low, High float64
	N                int
}

// Known reports whether the estimate exists.
func (i Interval) Known() bool { return !math.IsNaN(i.Value) }

// Contains reports whether x lies in [Low, High].
func (i Interval) Contains(x float64) bool { return x >= i.Low && x <= i.High }

func unknown() Interval { return Interval{math.NaN(), math.NaN(), math.NaN(), 0} }

// BetaShare estimates a share from k successes out of n trials: k/n with
// the central Level interval of the Beta(1 + k, 1 + n − k) posterior (a
// uniform prior). With k = 0 (or k = n) the interval is one-sided, from 0
// (to 1), so that it holds the estimate. n = 0 gives an unknown estimate.
func BetaShare(k, n int) Interval {
	if n <= 0 || k < 0 || k > n {
		return unknown()
	}
	b := distuv.Beta{Alpha: 1 + float64(k), Beta: 1 + float64(n-k)}
	a := (1 - Level) / 2
	iv := Interval{Value: float64(k) / float64(n), Low: b.Quantile(a), High: b.Quantile(1 - a), N: n}
	switch k {
	case 0:
		iv.Low, iv.High = 0, b.Quantile(Level)
	case n:
		iv.Low, iv.High = b.Quantile(1-Level), 1
	}
	return iv
}

// PoissonRate estimates the rate of k events over exposure (in any unit):
// k / exposure with the exact (Garwood) Level interval from the Gamma
// quantiles.
func PoissonRate(k int, exposure float64) Interval {
	if !(exposure > 0) || k < 0 {
		return unknown()
	}
	a := (1 - Level) / 2
	lo := 0.0
	if k > 0 {
		lo = distuv.Gamma{Alpha: float64(k), Beta: 1}.Quantile(a) / exposure
	}
	hi := distuv.Gamma{Alpha: float64(k + 1), Beta: 1}.Quantile(1-a) / exposure
	return Interval{Value: float64(k) / exposure, Low: lo, High: hi, N: k}
}

// Median estimates the median of xs with the distribution-free Level
// interval from order statistics (the binomial interval of the rank); with
// fewer than 3 values the interval is the whole sample's range. The
// median is the lower median, as DevLake's dashboard computes it.
func Median(xs []float64) Interval {
	if len(xs) == 0 {
		return unknown()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	med := s[(n-1)/2]
	if n < 3 {
		return Interval{med, s[0], s[n-1], n}
	}
	// The rank r of the lower bound: the largest with P(Bin(n, ½) < r) ≤ α/2;
	// the upper bound mirrors it.
	b := distuv.Binomial{N: float64(n), P: 0.5}
	a := (1 - Level) / 2
	r := 0
	for r+1 < n && b.CDF(float64(r)) <= a {
		r++
	}
	lo, hi := r-1, n-r
	lo = max(0, min(lo, n-1))
	hi = max(0, min(hi, n-1))
	return Interval{med, s[lo], s[hi], n}
}

// LogNormal is a log-normal distribution fitted by maximum likelihood:
// the log of the variable is normal with mean Mu and standard deviation
// Sigma. MedianInterval is the Level interval of its median exp(Mu) from
// the observed information; Observed and Censored count the data.
type LogNormal struct {
	Mu, Sigma           float64
	MedianInterval      Interval
	SigmaLow, SigmaHigh float64
	Observed, Censored  int
}

// Median returns exp(Mu).
func (l LogNormal) Median() float64 { return math.Exp(l.Mu) }

// Mean returns exp(Mu + Sigma²/2).
func (l LogNormal) Mean() float64 { return math.Exp(l.Mu + l.Sigma*l.Sigma/2) }

// CV returns the coefficient of variation, √(exp(Sigma²) − 1).
func (l LogNormal) CV() float64 { return math.Sqrt(math.Expm1(l.Sigma * l.Sigma)) }

// FitLogNormal fits a log-normal by maximum likelihood to the durations
// observed (all > 0) and to those right-censored at the given values (the
// incident was still open: its duration is at least that). It returns
// false if there are fewer than two observed values or they are all
// equal (σ is not identifiable).
func FitLogNormal(observed, censored []float64) (LogNormal, bool) {
	var logs []float64
	for _, x := range observed {
		logs = append(logs, math.Log(math.Max(x, 1e-6)))
	}
	if len(logs) < 2 {
		return LogNormal{}, false
	}
	m, sd := stat.MeanStdDev(logs, nil)
	if !(sd > 0) {
		return LogNormal{}, false
	}
	var clogs []float64
	for _, c := range censored {
		clogs = append(clogs, math.Log(math.Max(c, 1e-6)))
	}
	// θ = (μ, ln σ): unconstrained.
	nll := func(th []float64) float64 {
		mu, ls := th[0], th[1]
		s := math.Exp(ls)
		var ll float64
		for _, y := range logs {
			z := (y - mu) / s
			ll += -0.5*z*z - ls
		}
		for _, y := range clogs {
			z := (y - mu) / s
			ll += logNormSurvival(z)
		}
		return -ll
	}
	th := newton(nll, []float64{m, math.Log(sd)})
	out := LogNormal{Mu: th[0], Sigma: math.Exp(th[1]), Observed: len(logs), Censored: len(clogs)}
	// Observed information: the Hessian of the negative log-likelihood.
	h := mat.NewSymDense(2, nil)
	fd.Hessian(h, nll, th, nil)
	var cov mat.Dense
	z := distuv.UnitNormal.Quantile(1 - (1-Level)/2)
	seMu, seLs := sd/math.Sqrt(float64(len(logs))), math.Sqrt(0.5/float64(len(logs)))
	if err := cov.Inverse(h); err == nil && cov.At(0, 0) > 0 && cov.At(1, 1) > 0 {
		seMu, seLs = math.Sqrt(cov.At(0, 0)), math.Sqrt(cov.At(1, 1))
	}
	n := len(logs) + len(clogs)
	out.MedianInterval = Interval{Value: math.Exp(th[0]), Low: math.Exp(th[0] - z*seMu), High: math.Exp(th[0] + z*seMu), N: n}
	out.SigmaLow, out.SigmaHigh = math.Exp(th[1]-z*seLs), math.Exp(th[1]+z*seLs)
	return out, true
}

// logNormSurvival returns ln(1 − Φ(z)) without underflow far in the tail.
func logNormSurvival(z float64) float64 {
	q := 0.5 * math.Erfc(z/math.Sqrt2)
	if q > 1e-300 {
		return math.Log(q)
	}
	// Mills ratio asymptote: 1 − Φ(z) ≈ φ(z)/z.
	return -0.5*z*z - math.Log(z*math.Sqrt(2*math.Pi))
}

// newton minimises a smooth function of two variables from x0 by Newton's
// method with finite-difference derivatives (gonum's diff/fd) and a
// backtracking line search; where the Hessian is not positive definite it
// takes a gradient step. The log-likelihood of a log-normal with censored
// data is smooth and, in (μ, ln σ), has one maximum; gonum's optimize
// package would pull in golang.org/x/tools for two variables.
func newton(f func([]float64) float64, x0 []float64) []float64 {
	x := append([]float64(nil), x0...)
	fx := f(x)
	g := make([]float64, 2)
	h := mat.NewSymDense(2, nil)
	for range 100 {
		fd.Gradient(g, f, x, nil)
		fd.Hessian(h, f, x, nil)
		step := []float64{-g[0], -g[1]}
		var chol mat.Cholesky
		if chol.Factorize(h) {
			var d mat.VecDense
			if err := chol.SolveVecTo(&d, mat.NewVecDense(2, []float64{-g[0], -g[1]})); err == nil {
				step = []float64{d.AtVec(0), d.AtVec(1)}
			}
		}
		t := 1.0
		improved := false
		for range 40 {
			y := []float64{x[0] + t*step[0], x[1] + t*step[1]}
			if fy := f(y); fy < fx {
				x, fx, improved = y, fy, true
				break
			}
			t /= 2
		}
		if !improved || math.Hypot(t*step[0], t*step[1]) < 1e-10 {
			break
		}
	}
	return x
}
