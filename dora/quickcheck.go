package dora

import (
	"fmt"
	"math"
)

// The DORA Quick Check (dora.dev/quickcheck) asks five questions about the
// primary application or service a team works on and scores each answer
// from 0 (worst) to 10 (best). This file computes the scores exactly as
// dora.dev's Quick Check computes them (its svelte/quick-check-2025 code,
// DataService.calculateRecodedMetric and calculatePerformanceAverage):
//
//   - lead time, deployment frequency and failed deployment recovery time
//     are answered on six bands coded 1 (worst) … 6 (best), scored
//     (band − 1) / 5 × 10;
//   - change failure rate and deployment rework rate are answered as a
//     percentage and scored (100 − percentage) / 10;
//   - throughput is the mean of the lead-time, deployment-frequency and
//     recovery scores, instability the mean of the change-failure and
//     rework percentages on the same 0–10 scale (higher is less stable),
//     and the overall score the mean of the five scores.
//
// Sources: ../shared/FACTS.md ("DORA Quick Check scoring").

// Choice is a Quick Check answer to a banded question: 1 is the worst band,
// 6 the best.
type Choice int

// The six bands, worst first.
const (
	Choice1 Choice = 1 + iota
	Choice2
	Choice3
	Choice4
	Choice5
	Choice6
)

// Valid reports whether b is one of the six choices.
func (b Choice) Valid() bool { return b >= Choice1 && b <= Choice6 }

// The answer texts of the banded questions, as the Quick Check words them,
// indexed by band − 1. Lead time and recovery time share their wording.
var (
	LeadTimeChoices = [6]string{
		"more than six months", "one to six months", "one week to one month",
		"one day to one week", "less than one day", "less than one hour",
	}
	DeploymentFrequencyChoices = [6]string{
		"fewer than once per six months", "between once per month and once every six months",
		"between once per week and once per month", "between once per day and once per week",
		"between once per hour and once per day", "on demand (multiple deploys per day)",
	}
	RecoveryTimeChoices = LeadTimeChoices
)

// durationBandEdges are the upper bounds, in hours, of the lead-time and
// recovery bands 6, 5, 4, 3 and 2 ("less than one hour", "less than one
// day", "one day to one week", "one week to one month", "one to six
// months"); a month is 730 h, six months 4,380 h. Anything longer is band 1.
var durationBandEdges = [5]float64{1, 24, 168, 730, 4380}

// DurationChoice returns the lead-time or recovery band that a duration in
// hours falls in. A NaN duration is band 1 (no change ever delivered).
func DurationChoice(hours float64) Choice {
	for i, edge := range durationBandEdges {
		if hours < edge {
			return Choice6 - Choice(i)
		}
	}
	return Choice1
}

// DeploymentFrequencyChoice returns the band of a deployment frequency in
// deployments per year. The survey's bands 5 ("between once per hour and
// once per day") and 6 ("on demand (multiple deploys per day)") overlap;
// here band 6 is two or more a day on average (≥ 730 a year) and band 5
// at least one a day (≥ 365). Band 4 is once a day to once a week
// (≥ 52), band 3 once a week to once a month (≥ 12), band 2 once a month
// to once every six months (≥ 2), band 1 fewer.
func DeploymentFrequencyChoice(perYear float64) Choice {
	switch {
	case perYear >= 730:
		return Choice6
	case perYear >= 365:
		return Choice5
	case perYear >= 52:
		return Choice4
	case perYear >= 12:
		return Choice3
	case perYear >= 2:
		return Choice2
	}
	return Choice1
}

// Answers are a team's five answers to the Quick Check.
type Answers struct {
	LeadTime            Choice
	DeploymentFrequency Choice
	RecoveryTime        Choice
	// ChangeFailureRate and ReworkRate are percentages, 0–100.
	ChangeFailureRate float64
	ReworkRate        float64
}

// Validate reports the first answer outside its range.
func (a Answers) Validate() error {
	for _, b := range []struct {
		name string
		v    Choice
	}{{"lead_time", a.LeadTime}, {"deployment_frequency", a.DeploymentFrequency}, {"recovery_time", a.RecoveryTime}} {
		if !b.v.Valid() {
			return fmt.Errorf("%s: must be a band from 1 (worst) to 6 (best), got %d", b.name, b.v)
		}
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"change_failure_rate", a.ChangeFailureRate}, {"rework_rate", a.ReworkRate}} {
		if !(p.v >= 0 && p.v <= 100) {
			return fmt.Errorf("%s: must be a percentage in [0, 100], got %g", p.name, p.v)
		}
	}
	return nil
}

// Scores are the Quick Check's 0–10 scores of a set of answers: 10 is
// best for each metric, throughput and overall; Instability is the mean of
// the two instability percentages on the 0–10 scale, so 0 is best there.
type Scores struct {
	LeadTime, DeploymentFrequency, RecoveryTime float64
	ChangeFailureRate, ReworkRate               float64
	Throughput, Instability, Overall            float64
}

// ChoiceScore is the Quick Check's score of a banded answer: band 1 → 0,
// band 6 → 10, linear between.
func ChoiceScore(b Choice) float64 { return float64(b-1) / 5 * 10 }

// PercentScore is the Quick Check's score of a percentage answer: 0% → 10,
// 100% → 0, linear between.
func PercentScore(pct float64) float64 { return (100 - pct) / 10 }

// Score scores a, or returns Validate's error.
func Score(a Answers) (Scores, error) {
	if err := a.Validate(); err != nil {
		return Scores{}, err
	}
	s := Scores{
		LeadTime:            ChoiceScore(a.LeadTime),
		DeploymentFrequency: ChoiceScore(a.DeploymentFrequency),
		RecoveryTime:        ChoiceScore(a.RecoveryTime),
		ChangeFailureRate:   PercentScore(a.ChangeFailureRate),
		ReworkRate:          PercentScore(a.ReworkRate),
	}
	s.Throughput = (s.LeadTime + s.DeploymentFrequency + s.RecoveryTime) / 3
	s.Instability = (a.ChangeFailureRate/10 + a.ReworkRate/10) / 2
	s.Overall = (s.LeadTime + s.DeploymentFrequency + s.RecoveryTime + s.ChangeFailureRate + s.ReworkRate) / 5
	return s, nil
}

// Benchmark is a mean and standard deviation of survey respondents on the
// Quick Check's raw 0–10 scale.
type Benchmark struct{ Mean, SD float64 }

// ZScore returns how many standard deviations x lies above the mean.
func (b Benchmark) ZScore(x float64) float64 {
	if b.SD == 0 {
		return math.NaN()
	}
	return (x - b.Mean) / b.SD
}

// Benchmarks are the Quick Check's comparison figures for one edition and
// population. The banded metrics and throughput are scores (higher is
// better); ChangeFailureRate, ReworkRate and Instability are on the raw
// percentage scale divided by ten (1.9 is a change failure rate of 19%;
// higher is worse).
type Benchmarks struct {
	Edition, Population                         string
	LeadTime, DeploymentFrequency, RecoveryTime Benchmark
	ChangeFailureRate, ReworkRate               Benchmark
	Throughput, Instability                     Benchmark
}

// AllIndustries2025 are the 2025 edition's "All industries" figures
// (dora.dev Quick Check data of 2026-04-03; ../shared/FACTS.md). The 2025
// report has team profiles, not performance clusters: these rate nothing,
// they place a team among respondents.
var AllIndustries2025 = Benchmarks{
	Edition:             "2025",
	Population:          "All industries",
	LeadTime:            Benchmark{5.5, 2.4},
	DeploymentFrequency: Benchmark{4.8, 2.8},
	RecoveryTime:        Benchmark{7.4, 2.1},
	ChangeFailureRate:   Benchmark{1.9, 2.1},
	ReworkRate:          Benchmark{2.2, 2.2},
	Throughput:          Benchmark{6.0, 2.1},
	Instability:         Benchmark{2.1, 2.0},
}

// Measured turns simulated or measured metrics into the Quick Check
// answers a team with those numbers would give: lead time and recovery
// time in hours (medians), deployments per year, change failure and
// rework rates as shares 0–1. NaN lead or recovery times (nothing
// delivered, no failure) give band 1 and band 6 respectively.
func Measured(leadTimeHours, deploysPerYear, recoveryHours, changeFailureRate, reworkRate float64) Answers {
	rec := Choice6
	if !math.IsNaN(recoveryHours) {
		rec = DurationChoice(recoveryHours)
	}
	return Answers{
		LeadTime:            DurationChoice(leadTimeHours),
		DeploymentFrequency: DeploymentFrequencyChoice(deploysPerYear),
		RecoveryTime:        rec,
		ChangeFailureRate:   clampPct(100 * changeFailureRate),
		ReworkRate:          clampPct(100 * reworkRate),
	}
}

func clampPct(p float64) float64 {
	if math.IsNaN(p) || p < 0 {
		return 0
	}
	return math.Min(p, 100)
}

// QuickCheck is an arm's Quick Check: the answers its metrics give and
// their scores.
type QuickCheck struct {
	Answers Answers
	Scores  Scores
}

// QuickCheckOf returns the Quick Check of an arm with these metrics:
// deployments per year, median lead time and median recovery time in
// hours, change failure and rework rates as shares 0–1 (see Measured).
func QuickCheckOf(deploysPerYear, leadTimeHours, recoveryHours, changeFailureRate, reworkRate float64) QuickCheck {
	a := Measured(leadTimeHours, deploysPerYear, recoveryHours, changeFailureRate, reworkRate)
	s, err := Score(a)
	if err != nil {
		panic("dora: QuickCheckOf: " + err.Error()) // Measured gives valid answers
	}
	return QuickCheck{a, s}
}
