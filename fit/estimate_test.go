package fit

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestBetaShare(t *testing.T) {
	// 12 failures in 100: the bounds of the Beta(13, 89) interval, checked
	// through an independent identity: P(Beta(k+1, n−k+1) ≤ p) =
	// P(Binomial(n+1, p) ≥ k+1), so at the 5% and 95% quantiles the
	// binomial tail is 0.05 and 0.95.
	iv := BetaShare(12, 100)
	if iv.Value != 0.12 {
		t.Errorf("BetaShare(12, 100).Value = %g, want 0.12", iv.Value)
	}
	for _, c := range []struct{ p, want float64 }{{iv.Low, 0.05}, {iv.High, 0.95}} {
		tail := 1 - distuv.Binomial{N: 101, P: c.p}.CDF(12)
		if math.Abs(tail-c.want) > 1e-6 {
			t.Errorf("P(Bin(101, %.4f) ≥ 13) = %.6f, want %g", c.p, tail, c.want)
		}
	}
	// No failure in 50: one-sided, [0, 1 − 0.1^(1/51)] = [0, 0.0441].
	iv = BetaShare(0, 50)
	if iv.Low != 0 || math.Abs(iv.High-(1-math.Pow(0.1, 1.0/51))) > 1e-9 {
		t.Errorf("BetaShare(0, 50) = %+v, want [0, %.4f]", iv, 1-math.Pow(0.1, 1.0/51))
	}
	if BetaShare(0, 0).Known() {
		t.Error("BetaShare(0, 0) is known")
	}
}

func TestPoissonRate(t *testing.T) {
	// k = 0 over 1 year: the exact 95% upper bound is −ln 0.05 = 2.996.
	iv := PoissonRate(0, 1)
	if iv.Low != 0 || math.Abs(iv.High-2.9957) > 1e-3 {
		t.Errorf("PoissonRate(0, 1) = %+v, want [0, 2.996]", iv)
	}
	// k = 10: Garwood 90% interval [5.425, 16.962] (chi-square tables).
	iv = PoissonRate(10, 1)
	if math.Abs(iv.Low-5.4254) > 1e-3 || math.Abs(iv.High-16.962) > 1e-3 {
		t.Errorf("PoissonRate(10, 1) = %+v, want [5.425, 16.962]", iv)
	}
}

func TestMedian(t *testing.T) {
	xs := make([]float64, 101)
	for i := range xs {
		xs[i] = float64(100 - i)
	}
	iv := Median(xs)
	// The lower median of 0..100 is 50. P(Bin(101, ½) ≤ 41) = 0.037 ≤ 5%
	// < P(Bin(101, ½) ≤ 42) = 0.056, so the 90% order-statistic interval
	// runs from the 42nd to the 60th value (1-based): 41 to 59, covering
	// 1 − 2 × 0.037 = 92.6%.
	if iv.Value != 50 || iv.Low != 41 || iv.High != 59 {
		t.Errorf("Median = %+v, want 50 [41, 59]", iv)
	}
	if Median([]float64{3, 1}).Value != 1 {
		t.Error("the lower median of {1, 3} is 1")
	}
}

// TestFitLogNormal checks the maximum-likelihood fit against the closed
// form without censoring (mean and n-denominator sd of the logs) and its
// recovery of known parameters with a third of the sample censored.
func TestFitLogNormal(t *testing.T) {
	src := rand.New(rand.NewPCG(1, 2))
	ln := distuv.LogNormal{Mu: math.Log(54.0 / 60), Sigma: 1.4, Src: src} // Google's company A, in hours
	var xs []float64
	for range 400 {
		xs = append(xs, ln.Rand())
	}
	got, ok := FitLogNormal(xs, nil)
	if !ok {
		t.Fatal("no fit")
	}
	var m, v float64
	for _, x := range xs {
		m += math.Log(x)
	}
	m /= float64(len(xs))
	for _, x := range xs {
		v += (math.Log(x) - m) * (math.Log(x) - m)
	}
	sd := math.Sqrt(v / float64(len(xs)))
	if math.Abs(got.Mu-m) > 1e-5 || math.Abs(got.Sigma-sd) > 1e-5 {
		t.Errorf("uncensored: got µ %.6f σ %.6f, want the closed form %.6f %.6f", got.Mu, got.Sigma, m, sd)
	}
	// Each incident is watched for an independent time C ~ U(0, 4 h): one
	// that lasts longer is still open when the records end (censored at C).
	var obs, cens []float64
	for _, x := range xs {
		if c := 4 * src.Float64(); x > c {
			cens = append(cens, c)
			continue
		}
		obs = append(obs, x)
	}
	got, ok = FitLogNormal(obs, cens)
	if !ok {
		t.Fatal("no censored fit")
	}
	if !got.MedianInterval.Contains(54.0 / 60) {
		t.Errorf("censored: median interval %+v does not hold the true 0.9 h", got.MedianInterval)
	}
	// Leaving the censored ones out would bias the median low: the fit
	// must not.
	naive, _ := FitLogNormal(obs, nil)
	if !(got.Median() > naive.Median()) {
		t.Errorf("censored median %.3g not above the naive %.3g", got.Median(), naive.Median())
	}
}
