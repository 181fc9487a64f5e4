package sim_test

// Statistical tests of the engine and Resource against queueing theory:
// M/M/1 (mean time in system 1/(μ−λ)), Little's law L = λW, and M/M/c
// against the Erlang-C formula. Every check is judged with a confidence
// interval over independent replications, never with a fixed tolerance, and
// the seed is fixed once and never tuned.

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"deploysim/sim"
	"deploysim/stats"
)

// queueSeed is the seed of every statistical test in this file. It was fixed
// before any test ran and must not be changed to make a test pass.
const queueSeed = 20261123

// Stream ids of the two sources of randomness in a queue replication.
const (
	arrivalStream = 0
	serviceStream = 1
)

// mmc is an M/M/c queue built on sim.Engine and sim.Resource. Customers are
// numbered in arrival order. The first warmup customers are discarded, the
// next n are measured, and customer warmup+n only marks the end of the
// measurement window: it arrives but never enters. Arrivals then stop and
// the engine runs until the measured customers have all left.
type mmc struct {
	eng            *sim.Engine
	server         *sim.Resource
	arrRng, svcRng *rand.Rand
	lambda, mu     float64
	warmup, n      int

	arrival  []float64          // arrival time of customer i
	inSystem int                // customers now waiting or in service
	number   stats.TimeWeighted // inSystem over time, from the window start
	sojourn  stats.Tally        // time in system of measured customers
	wait     stats.Tally        // time in queue of measured customers
	L        float64            // time-average of inSystem over the window

	arriveFn, serveFn, departFn func(int)
}

// mmcResult is what one replication reports.
type mmcResult struct {
	W  float64 // mean time in system of the measured customers
	Wq float64 // mean time in queue of the measured customers
	L  float64 // time-average number in system over the window
}

// runMMC simulates replication rep (with the given seed) of an M/M/c queue with c servers,
// arrival rate lambda and service rate mu per server.
func runMMC(seed uint64, rep, c int, lambda, mu float64, warmup, n int) mmcResult {
	eng := sim.New()
	m := &mmc{
		eng:     eng,
		server:  sim.NewResource(eng, c),
		arrRng:  sim.Stream(seed, rep, arrivalStream),
		svcRng:  sim.Stream(seed, rep, serviceStream),
		lambda:  lambda,
		mu:      mu,
		warmup:  warmup,
		n:       n,
		arrival: make([]float64, warmup+n+1),
	}
	m.arriveFn, m.serveFn, m.departFn = m.arrive, m.serve, m.depart
	eng.ScheduleArg(m.arrRng.ExpFloat64()/lambda, m.arriveFn, 0)
	eng.Run()
	return mmcResult{W: m.sojourn.Mean(), Wq: m.wait.Mean(), L: m.L}
}

func (m *mmc) measured(i int) bool { return i >= m.warmup && i < m.warmup+m.n }

func (m *mmc) arrive(i int) {
	now := m.eng.Now()
	m.arrival[i] = now
	if i == m.warmup {
		m.number.Reset(now, float64(m.inSystem))
	}
	if i == m.warmup+m.n {
		// The window [arrival of warmup, arrival of warmup+n) holds
		// exactly the n measured arrivals.
		m.L = m.number.Mean(now)
		return
	}
	m.inSystem++
	m.number.Set(now, float64(m.inSystem))
	m.server.Request(m.serveFn, i)
	m.eng.ScheduleArg(m.arrRng.ExpFloat64()/m.lambda, m.arriveFn, i+1)
}

func (m *mmc) serve(i int) {
	if m.measured(i) {
		m.wait.Add(m.eng.Now() - m.arrival[i])
	}
	m.eng.ScheduleArg(m.svcRng.ExpFloat64()/m.mu, m.departFn, i)
}

func (m *mmc) depart(i int) {
	now := m.eng.Now()
	m.server.Release()
	m.inSystem--
	m.number.Set(now, float64(m.inSystem))
	if m.measured(i) {
		m.sojourn.Add(now - m.arrival[i])
	}
}

// replicateMMC runs reps replications of the M/M/c queue and returns them in
// replication order.
func replicateMMC(t *testing.T, reps, c int, lambda, mu float64, warmup, n int) []mmcResult {
	t.Helper()
	res, err := sim.Replicate(context.Background(), sim.Options{Replications: reps},
		func(rep int) mmcResult { return runMMC(queueSeed, rep, c, lambda, mu, warmup, n) })
	if err != nil {
		t.Fatalf("Replicate: %v", err)
	}
	return res
}

func column(rs []mmcResult, f func(mmcResult) float64) []float64 {
	xs := make([]float64, len(rs))
	for i, r := range rs {
		xs[i] = f(r)
	}
	return xs
}

// level is the confidence level of every interval in this file: a correct
// engine fails each check for about 1% of seeds.
const level = 0.99

func TestMM1(t *testing.T) {
	t.Parallel()
	// μ = 1 throughout; λ = ρμ. The variance of a run's mean time in
	// system grows like 1/(1−ρ)^4 (Daley, 1968), so ρ = 0.9 needs far more
	// customers than ρ = 0.5 for the same relative precision. The sizes
	// were set from trials over 100 seeds other than queueSeed, in which
	// the 99% half-width was 1.2–2.4% of the mean (median 1.8%) at ρ = 0.9
	// and 0.8–1.9% (median 1.3%) at ρ = 0.5: safely under the 3% limit
	// whatever the seed. The warm-up discards several relaxation times of
	// the queue started empty, 1/(√μ−√λ)² ≈ 12 time units at ρ = 0.5 and
	// ≈ 380 at ρ = 0.9 (500 and 5,000 customers span about 85 and 15
	// of them).
	tests := []struct {
		rho       float64
		reps      int
		warmup, n int
	}{
		{rho: 0.5, reps: 20, warmup: 500, n: 20_000},
		{rho: 0.9, reps: 40, warmup: 5_000, n: 200_000},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("rho=%.1f", tt.rho), func(t *testing.T) {
			if tt.rho > 0.5 && testing.Short() {
				t.Skip("slow tier: 8M customers (make test-slow runs it)")
			}
			testMM1(t, tt.rho, tt.reps, tt.warmup, tt.n)
		})
	}
}

func testMM1(t *testing.T, rho float64, reps, warmup, n int) {
	const mu = 1.0
	lambda := rho * mu
	res := replicateMMC(t, reps, 1, lambda, mu, warmup, n)
	W := column(res, func(r mmcResult) float64 { return r.W })

	t.Run("time in system", func(t *testing.T) {
		want := 1 / (mu - lambda) // M/M/1 mean time in system
		mean, lo, hi := stats.MeanCI(W, level)
		t.Logf("rho %.1f: W = %.4f, 99%% CI [%.4f, %.4f], theory %.4f", rho, mean, lo, hi, want)
		if want < lo || want > hi {
			t.Errorf("rho %.1f: got W 99%% CI [%.4f, %.4f], want it to contain 1/(μ−λ) = %.4f", rho, lo, hi, want)
		}
		// The precision requirement: half-width under 3%
		// of the mean, so that the check above has teeth.
		if hw := (hi - lo) / 2; hw > 0.03*mean {
			t.Errorf("rho %.1f: got CI half-width %.4f (%.2f%% of mean), want under 3%%", rho, hw, 100*hw/mean)
		}
	})

	t.Run("Little's law", func(t *testing.T) {
		// L = λW. Each replication's time-average number in system
		// and its mean time in system come from the same sample
		// path, so their difference is judged paired: a CI for the
		// mean of L − λW over replications must contain zero.
		diff := column(res, func(r mmcResult) float64 { return r.L - lambda*r.W })
		mean, lo, hi := stats.MeanCI(diff, level)
		Lmean, _, _ := stats.MeanCI(column(res, func(r mmcResult) float64 { return r.L }), level)
		t.Logf("rho %.1f: L = %.4f, L − λW = %.4f, 99%% CI [%.4f, %.4f]", rho, Lmean, mean, lo, hi)
		if lo > 0 || hi < 0 {
			t.Errorf("rho %.1f: got L − λW 99%% CI [%.4f, %.4f], want it to contain 0", rho, lo, hi)
		}
	})
}

// erlangC returns the probability that an arrival must wait in an M/M/c
// queue with offered load a = λ/μ (a < c):
//
//	C(c, a) = (a^c/c! · c/(c−a)) / (Σ_{k=0}^{c−1} a^k/k! + a^c/c! · c/(c−a))
func erlangC(c int, a float64) float64 {
	sum, term := 0.0, 1.0 // term is a^k/k!
	for k := range c {
		sum += term
		term *= a / float64(k+1)
	}
	top := term * float64(c) / (float64(c) - a)
	return top / (sum + top)
}

func TestErlangC(t *testing.T) {
	// A textbook value: c = 2, a = 1 gives C = (1/2 · 2)/(1 + 1 + 1) = 1/3.
	if got, want := erlangC(2, 1), 1.0/3; math.Abs(got-want) > 1e-15 {
		t.Errorf("erlangC(2, 1): got %v, want %v", got, want)
	}
	// c = 1 reduces to M/M/1, where an arrival waits with probability ρ.
	if got, want := erlangC(1, 0.7), 0.7; math.Abs(got-want) > 1e-15 {
		t.Errorf("erlangC(1, 0.7): got %v, want %v", got, want)
	}
}

func TestMMc(t *testing.T) {
	if testing.Short() {
		t.Skip("slow tier: 2M customers (make test-slow runs it)")
	}
	t.Parallel()
	// c = 3 servers at utilisation ρ = λ/(cμ) = 0.8 with μ = 1, so λ = 2.4
	// and the offered load a = λ/μ = 2.4. The mean wait in queue is
	//
	//	Wq = C(c, a) / (cμ − λ) ≈ 0.6472 / 0.6 ≈ 1.0787.
	//
	// 20 replications of 100,000 measured customers: in trials over 100
	// seeds other than queueSeed the 99% half-width was 1.6–3.8% of Wq
	// (median 2.5%), so the 5% limit below only catches a broken run. The
	// warm-up of 2,000 customers spans about 28 relaxation times of the
	// queue started empty, 1/(cμ(1−√ρ)²) ≈ 30 time units.
	const (
		c         = 3
		mu        = 1.0
		lambda    = 0.8 * c * mu
		reps      = 20
		warmup, n = 2_000, 100_000
	)
	want := erlangC(c, lambda/mu) / (c*mu - lambda)
	res := replicateMMC(t, reps, c, lambda, mu, warmup, n)
	mean, lo, hi := stats.MeanCI(column(res, func(r mmcResult) float64 { return r.Wq }), level)
	t.Logf("Wq = %.4f, 99%% CI [%.4f, %.4f], Erlang C %.4f", mean, lo, hi, want)
	if want < lo || want > hi {
		t.Errorf("got Wq 99%% CI [%.4f, %.4f], want it to contain C(c, a)/(cμ−λ) = %.4f", lo, hi, want)
	}
	if hw := (hi - lo) / 2; hw > 0.05*mean {
		t.Errorf("got CI half-width %.4f (%.2f%% of mean), want under 5%%", hw, 100*hw/mean)
	}
}
