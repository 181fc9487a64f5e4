package dora

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Edition is the year of a DORA State of DevOps report whose performance
// clusters are used to rate the arms. The clusters moved between editions,
// so a rating is only meaningful with its edition.
type Edition int

// The editions deploysim can rate against.
const (
	// DORA2019 is the Accelerate State of DevOps Report 2019, the edition
	// of the headline 208× / 106× / 2,604× / 7× figures, and the default.
	DORA2019 Edition = 2019
	// DORA2021 is the Accelerate State of DevOps Report 2021 (973× more
	// frequent deployments, 6,570× faster lead time and time to restore).
	DORA2021 Edition = 2021
	// DORA2022 is the Accelerate State of DevOps Report 2022, which found
	// three clusters (high, medium, low) and no elite one.
	DORA2022 Edition = 2022
	// DORA2023 is the Accelerate State of DevOps Report 2023, which renamed
	// time to restore "failed deployment recovery time".
	DORA2023 Edition = 2023
	// DORA2024 is the Accelerate State of DevOps Report 2024, whose high
	// cluster has a higher change failure rate (20%) than its medium one
	// (10%): its clusters are not bands, and the arms are rated against it
	// by nearest cluster profile (see RatedByProfile).
	DORA2024 Edition = 2024
	// DORA2025 is the State of AI-assisted Software Development report
	// 2025 (dora.dev, 2025-09-15), which has no performance clusters: its
	// seven team profiles come from eight factors, five of them (team and
	// product performance, individual effectiveness, valuable work,
	// friction, burnout) beyond what deploysim simulates, so it rates
	// nothing and claims no profile (see Rates). Its arms get the Quick
	// Check's answers and 0–10 scores beside the 2025 All-industries
	// figures instead (see QuickCheckOf, AllIndustries2025).
	DORA2025 Edition = 2025
)

// DefaultEdition is the edition used when none is chosen.
const DefaultEdition = DORA2019

// Editions returns the editions deploysim knows, oldest first.
func Editions() []Edition {
	return []Edition{DORA2019, DORA2021, DORA2022, DORA2023, DORA2024, DORA2025}
}

// Rates reports whether edition e has performance clusters to rate an arm
// against: every edition but 2025.
func Rates(e Edition) bool { return e != DORA2025 }

// String returns the edition's year ("2019").
func (e Edition) String() string { return strconv.Itoa(int(e)) }

// ParseEdition parses a report year such as "2021".
func ParseEdition(s string) (Edition, error) {
	for _, e := range Editions() {
		if s == e.String() {
			return e, nil
		}
	}
	return 0, fmt.Errorf("dora edition %q: must be one of %s", s, EditionList())
}

// EditionList returns the editions as a reader writes them:
// "2019, 2021, 2022, 2023 or 2024".
func EditionList() string {
	var names []string
	for _, e := range Editions() {
		names = append(names, e.String())
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// RatedByProfile reports whether edition e rates a team by nearest cluster
// profile rather than by bands. The rule per edition:
//
//   - 2019, 2021, 2022, 2023: each cluster's values on each metric form a
//     band, and bands get worse from cluster to cluster. Each metric is
//     rated by the band it reaches (see Band), and the overall cluster is
//     the weakest of the four: it never flatters.
//   - 2024: the change failure rates of the clusters are 5%, 20%, 10%
//     and 40% (elite, high, medium, low): not monotone, so no band of
//     change failure rate can be read off the table. Deployment frequency,
//     lead time and recovery time are still rated by band; the change
//     failure rate by the nearest of the four published rates; and the
//     overall cluster, as the report's cluster analysis assigns its
//     respondents, by the nearest cluster profile over the four keys (see
//     Rate for the distance).
func RatedByProfile(e Edition) bool { return e == DORA2024 }

// Cluster is a DORA performance cluster. Clusters are ordered: a larger
// value is a better cluster, so the weakest of several ratings is their
// minimum once Unrated ones are left out.
type Cluster int

// Performance clusters, worst first. Unrated means the metric could not be
// rated (no value: no change delivered, no failed deployment).
const (
	Unrated Cluster = iota
	Low
	Medium
	High
	Elite
)

// String returns "elite", "high", "medium", "low", or "n/a" for Unrated.
func (c Cluster) String() string {
	switch c {
	case Elite:
		return "elite"
	case High:
		return "high"
	case Medium:
		return "medium"
	case Low:
		return "low"
	}
	return "n/a"
}

// Metric is one of DORA's four key metrics.
type Metric int

// The four key metrics, with the units Classify expects.
const (
	// DeploymentFrequency is in deployments per year; more is better.
	DeploymentFrequency Metric = iota
	// LeadTime is the median lead time for changes, in hours.
	LeadTime
	// RecoveryTime is the median time to restore service (2019–2022)
	// or failed deployment recovery time (2023 on), in hours.
	RecoveryTime
	// ChangeFailureRate is the share of deployments that fail, 0–1.
	ChangeFailureRate
)

// String returns the JSON name of the metric ("deployment_frequency").
func (m Metric) String() string {
	switch m {
	case DeploymentFrequency:
		return "deployment_frequency"
	case LeadTime:
		return "lead_time"
	case RecoveryTime:
		return "recovery_time"
	case ChangeFailureRate:
		return "change_failure_rate"
	}
	return "Metric(" + strconv.Itoa(int(m)) + ")"
}

// HigherIsBetter reports whether larger values of m are better.
func (m Metric) HigherIsBetter() bool { return m == DeploymentFrequency }

// Band is one cell of a report's cluster table: what the report says a
// cluster achieves on one metric, read as a number.
//
// A value reaches a band when it is better than Limit, the band's edge on
// the worse side (or equal to it when Inclusive). Classify gives a value the
// best cluster whose band it reaches, and the edition's worst cluster when
// it reaches none. Two consequences, applied the same way in every edition:
//
//   - a value in a gap between two bands gets the worse of the two (it has
//     not reached the better band's edge). In 2019 a time to restore of 1–7
//     days (between "less than one day" and "one week to one month") is
//     therefore low, and a change failure rate of 16–45% (between "0–15%"
//     and "46–60%") is low too;
//   - where clusters share a band (2019 change failure rate 0–15% for
//     elite, high and medium; 2019 and 2024 time to restore "less than one
//     day" for high and medium; 2021 change failure rate 16–30% for high,
//     medium and low; 2023 deployment frequency and lead time for medium
//     and low) the metric cannot tell them apart and the value gets the
//     best of them.
//
// Where an edition publishes one typical value per cluster rather than a
// band that gets worse from cluster to cluster (2024's change failure
// rate), Limit is NaN and the value gets the cluster whose Typical value is
// nearest (see RatedByProfile).
type Band struct {
	Edition Edition
	Metric  Metric
	Cluster Cluster
	// Published is the report's own wording.
	Published string
	// Limit is the band's edge on the worse side: deployments per year,
	// hours, or a fraction (0–1), as for Classify; NaN where the edition
	// has no band of this metric. Inclusive says whether a value equal to
	// Limit reaches the band.
	Limit     float64
	Inclusive bool
	// Typical is the cluster's typical value on the metric, the centre of
	// its profile for the nearest-profile rule: the published value where
	// there is one (2024's change failure rates), otherwise the geometric
	// middle of the band (see the table's comments). It is used only in
	// editions rated by profile and is 0 in the others.
	Typical float64
	// Source says where the row comes from, for a reader: a report and
	// its page or table, never a file of deploysim's.
	Source string
}

// Numeric reading of the reports' wording (365-day year, see package
// models): "once per day" 365 deployments a year, "once per week" 52,
// "once per month" 12, "once every six months" 2; one day 24 h, one week
// 168 h, one month 730 h, six months 4,380 h.
const (
	perDay       = 365
	perWeek      = 52
	perMonth     = 12
	perSixMonths = 2
	day          = 24.0
	week         = 168.0
	month        = 730.0
	sixMonths    = 4380.0
)

// Sources of the band table, as a report prints them.
const (
	src2019 = "Accelerate State of DevOps Report 2019 (DORA / Google Cloud), \"How do we compare?\" table"
	src2021 = "Accelerate State of DevOps Report 2021 (DORA / Google Cloud), software delivery performance table, p. 9"
	src2022 = "Accelerate State of DevOps Report 2022 (DORA / Google Cloud), software delivery performance table, from a secondary copy: not yet checked against the report"
	src2023 = "Accelerate State of DevOps Report 2023 (DORA / Google Cloud), software delivery performance levels; the elite row from DORA's 2023 infographic, the others from a secondary copy"
	src2024 = "Accelerate State of DevOps Report 2024 (DORA / Google Cloud), software delivery performance levels, from a secondary copy: not yet checked against the report"
)

// nan marks a metric an edition publishes no band of.
var nan = math.NaN()

// bands is the cluster table of every edition: per edition and metric, one
// row per cluster, best cluster first. It is never modified.
var bands = []Band{
	// 2019. Source: src2019 (primary: the report's own table).
	{DORA2019, DeploymentFrequency, Elite, "on demand (multiple deploys per day)", perDay, false, 0, src2019},
	{DORA2019, DeploymentFrequency, High, "between once per day and once per week", perWeek, true, 0, src2019},
	{DORA2019, DeploymentFrequency, Medium, "between once per week and once per month", perMonth, true, 0, src2019},
	{DORA2019, DeploymentFrequency, Low, "between once per month and once every six months", perSixMonths, true, 0, src2019},
	{DORA2019, LeadTime, Elite, "less than one day", day, false, 0, src2019},
	{DORA2019, LeadTime, High, "between one day and one week", week, true, 0, src2019},
	{DORA2019, LeadTime, Medium, "between one week and one month", month, true, 0, src2019},
	{DORA2019, LeadTime, Low, "between one month and six months", sixMonths, true, 0, src2019},
	{DORA2019, RecoveryTime, Elite, "less than one hour", 1, false, 0, src2019},
	{DORA2019, RecoveryTime, High, "less than one day", day, false, 0, src2019},
	{DORA2019, RecoveryTime, Medium, "less than one day", day, false, 0, src2019},
	{DORA2019, RecoveryTime, Low, "between one week and one month", month, true, 0, src2019},
	{DORA2019, ChangeFailureRate, Elite, "0–15%", 0.15, true, 0, src2019},
	{DORA2019, ChangeFailureRate, High, "0–15%", 0.15, true, 0, src2019},
	{DORA2019, ChangeFailureRate, Medium, "0–15%", 0.15, true, 0, src2019},
	{DORA2019, ChangeFailureRate, Low, "46–60%", 0.60, true, 0, src2019},

	// 2021. Source: src2021 (primary: every row checked against the
	// report's table on p. 9; shares of respondents on p. 11).
	{DORA2021, DeploymentFrequency, Elite, "on-demand (multiple deploys per day)", perDay, false, 0, src2021},
	{DORA2021, DeploymentFrequency, High, "between once per week and once per month", perMonth, true, 0, src2021},
	{DORA2021, DeploymentFrequency, Medium, "between once per month and once every 6 months", perSixMonths, true, 0, src2021},
	{DORA2021, DeploymentFrequency, Low, "fewer than once per six months", 0, true, 0, src2021},
	{DORA2021, LeadTime, Elite, "less than one hour", 1, false, 0, src2021},
	{DORA2021, LeadTime, High, "between one day and one week", week, true, 0, src2021},
	{DORA2021, LeadTime, Medium, "between one month and six months", sixMonths, true, 0, src2021},
	{DORA2021, LeadTime, Low, "more than six months", math.Inf(1), true, 0, src2021},
	{DORA2021, RecoveryTime, Elite, "less than one hour", 1, false, 0, src2021},
	{DORA2021, RecoveryTime, High, "less than one day", day, false, 0, src2021},
	{DORA2021, RecoveryTime, Medium, "between one day and one week", week, true, 0, src2021},
	{DORA2021, RecoveryTime, Low, "more than six months", math.Inf(1), true, 0, src2021},
	{DORA2021, ChangeFailureRate, Elite, "0–15%", 0.15, true, 0, src2021},
	{DORA2021, ChangeFailureRate, High, "16–30%", 0.30, true, 0, src2021},
	{DORA2021, ChangeFailureRate, Medium, "16–30%", 0.30, true, 0, src2021},
	{DORA2021, ChangeFailureRate, Low, "16–30%", 0.30, true, 0, src2021},

	// 2022. Source: src2022 (secondary). Three clusters and no elite: the
	// best an arm can be rated is high. Deployment frequency between once
	// a week and once a day lies between the high band ("on demand") and
	// the medium one: medium, as every gap gets the worse band.
	{DORA2022, DeploymentFrequency, High, "on-demand (multiple deploys per day)", perDay, false, 0, src2022},
	{DORA2022, DeploymentFrequency, Medium, "between once per week and once per month", perMonth, true, 0, src2022},
	{DORA2022, DeploymentFrequency, Low, "between once per month and once every six months", perSixMonths, true, 0, src2022},
	{DORA2022, LeadTime, High, "between one day and one week", week, true, 0, src2022},
	{DORA2022, LeadTime, Medium, "between one week and one month", month, true, 0, src2022},
	{DORA2022, LeadTime, Low, "between one month and six months", sixMonths, true, 0, src2022},
	{DORA2022, RecoveryTime, High, "less than one day", day, false, 0, src2022},
	{DORA2022, RecoveryTime, Medium, "between one day and one week", week, true, 0, src2022},
	{DORA2022, RecoveryTime, Low, "between one week and one month", month, true, 0, src2022},
	{DORA2022, ChangeFailureRate, High, "0–15%", 0.15, true, 0, src2022},
	{DORA2022, ChangeFailureRate, Medium, "16–30%", 0.30, true, 0, src2022},
	{DORA2022, ChangeFailureRate, Low, "46–60%", 0.60, true, 0, src2022},

	// 2023. Source: src2023 (elite row primary, the rest secondary). The
	// report gives one typical change failure rate per cluster, not a
	// range, and they rise from cluster to cluster: we read each as the
	// cluster's upper edge (as Apache DevLake does), so 15–64% is low. The
	// low cluster's deployment frequency and lead time repeat the medium
	// cluster's. Everything slower than one week to recover is rated low.
	{DORA2023, DeploymentFrequency, Elite, "on demand", perDay, false, 0, src2023},
	{DORA2023, DeploymentFrequency, High, "between once per day and once per week", perWeek, true, 0, src2023},
	{DORA2023, DeploymentFrequency, Medium, "between once per week and once per month", perMonth, true, 0, src2023},
	{DORA2023, DeploymentFrequency, Low, "between once per week and once per month", perMonth, true, 0, src2023},
	{DORA2023, LeadTime, Elite, "less than one day", day, false, 0, src2023},
	{DORA2023, LeadTime, High, "between one day and one week", week, true, 0, src2023},
	{DORA2023, LeadTime, Medium, "between one week and one month", month, true, 0, src2023},
	{DORA2023, LeadTime, Low, "between one week and one month", month, true, 0, src2023},
	{DORA2023, RecoveryTime, Elite, "less than one hour", 1, false, 0, src2023},
	{DORA2023, RecoveryTime, High, "less than one day", day, false, 0, src2023},
	{DORA2023, RecoveryTime, Medium, "between one day and one week", week, true, 0, src2023},
	{DORA2023, RecoveryTime, Low, "between one month and six months", sixMonths, true, 0, src2023},
	{DORA2023, ChangeFailureRate, Elite, "5%", 0.05, true, 0, src2023},
	{DORA2023, ChangeFailureRate, High, "10%", 0.10, true, 0, src2023},
	{DORA2023, ChangeFailureRate, Medium, "15%", 0.15, true, 0, src2023},
	{DORA2023, ChangeFailureRate, Low, "64%", 0.64, true, 0, src2023},

	// 2024. Source: src2024 (secondary). Rated by profile (see
	// RatedByProfile). Typical values: the geometric middle of each band
	// (√(365·52) ≈ 138 deploys a year between daily and weekly; √(24·168)
	// ≈ 63 h between a day and a week); "on demand" is 1,460 deploys a
	// year (four a day, the reports' own normalisation in 2019 and 2021);
	// an open band "less than X" is read between X and the next shorter
	// unit (√(1·24) ≈ 4.9 h under a day, √(1/60·1) ≈ 7.7 min under an
	// hour); the change failure rates are the report's own numbers.
	{DORA2024, DeploymentFrequency, Elite, "on demand", perDay, false, 1460, src2024},
	{DORA2024, DeploymentFrequency, High, "between once per day and once per week", perWeek, true, math.Sqrt(perDay * perWeek), src2024},
	{DORA2024, DeploymentFrequency, Medium, "between once per week and once per month", perMonth, true, math.Sqrt(perWeek * perMonth), src2024},
	{DORA2024, DeploymentFrequency, Low, "between once per month and once every six months", perSixMonths, true, math.Sqrt(perMonth * perSixMonths), src2024},
	{DORA2024, LeadTime, Elite, "less than one day", day, false, math.Sqrt(day), src2024},
	{DORA2024, LeadTime, High, "between one day and one week", week, true, math.Sqrt(day * week), src2024},
	{DORA2024, LeadTime, Medium, "between one week and one month", month, true, math.Sqrt(week * month), src2024},
	{DORA2024, LeadTime, Low, "between one month and six months", sixMonths, true, math.Sqrt(month * sixMonths), src2024},
	{DORA2024, RecoveryTime, Elite, "less than one hour", 1, false, math.Sqrt(1.0 / 60), src2024},
	{DORA2024, RecoveryTime, High, "less than one day", day, false, math.Sqrt(day), src2024},
	{DORA2024, RecoveryTime, Medium, "less than one day", day, false, math.Sqrt(day), src2024},
	{DORA2024, RecoveryTime, Low, "between one week and one month", month, true, math.Sqrt(week * month), src2024},
	{DORA2024, ChangeFailureRate, Elite, "5%", nan, false, 0.05, src2024},
	{DORA2024, ChangeFailureRate, High, "20%", nan, false, 0.20, src2024},
	{DORA2024, ChangeFailureRate, Medium, "10%", nan, false, 0.10, src2024},
	{DORA2024, ChangeFailureRate, Low, "40%", nan, false, 0.40, src2024},
}

// Bands returns the cluster table of edition e (nil for an unknown
// edition): for each metric, one row per cluster, best cluster first.
func Bands(e Edition) []Band {
	var out []Band
	for _, b := range bands {
		if b.Edition == e {
			out = append(out, b)
		}
	}
	return out
}

// reaches reports whether value v reaches band b.
func (b Band) reaches(v float64) bool {
	if v == b.Limit {
		return b.Inclusive
	}
	if b.Metric.HigherIsBetter() {
		return v > b.Limit
	}
	return v < b.Limit
}

// rows returns the bands of metric m in edition e, best cluster first.
func rows(e Edition, m Metric) []Band {
	var out []Band
	for _, b := range bands {
		if b.Edition == e && b.Metric == m {
			out = append(out, b)
		}
	}
	return out
}

// Classify returns the cluster of value v of metric m in edition e: the
// best cluster whose band v reaches (see Band), the edition's worst
// cluster if it reaches none, and the cluster of the nearest typical value
// where the edition has no bands of m (ties go to the worse cluster).
// Unrated if v is NaN. Units: deployments per year, hours, or a fraction
// 0–1 (see Metric). It panics if e is not one of Editions().
func Classify(e Edition, m Metric, v float64) Cluster {
	if !slices.Contains(Editions(), e) {
		panic("reports: unknown DORA edition " + e.String())
	}
	if math.IsNaN(v) || !Rates(e) {
		return Unrated
	}
	rs := rows(e, m)
	if math.IsNaN(rs[0].Limit) {
		regs := nearestRegions(rs)
		for i, r := range regs {
			switch {
			case v < r.Hi:
				return r.Cluster
			case v == r.Hi: // halfway: the worse of the two
				return min(r.Cluster, regs[i+1].Cluster)
			}
		}
	}
	for _, b := range rs {
		if b.reaches(v) {
			return b.Cluster
		}
	}
	return rs[len(rs)-1].Cluster
}

// coordinate places value v of metric m on the scale the nearest-profile
// distance is measured on, in steps of the surveys' answers: one decade of
// deployment frequency, lead time or recovery time is one step (the
// answers "an hour, a day, a week, a month, six months" are about a decade
// apart), and so are fifteen percentage points of change failure rate (the
// answers "0–15%, 16–30%, …"). Frequencies below one deploy in ten years
// and times under a minute count as those.
func coordinate(m Metric, v float64) float64 {
	switch m {
	case ChangeFailureRate:
		return v / 0.15
	case DeploymentFrequency:
		return math.Log10(max(v, 0.1))
	}
	return math.Log10(max(v, 1.0/60))
}

// nearestProfile returns the cluster of edition e whose profile (its
// Typical values) is nearest to values, in Metric order, by Euclidean
// distance over the metrics that are not NaN (see coordinate); Unrated if
// every value is NaN. Ties go to the worse cluster.
func nearestProfile(e Edition, values [4]float64) Cluster {
	dist := map[Cluster]float64{}
	rated := false
	for m, v := range values {
		if math.IsNaN(v) {
			continue
		}
		rated = true
		for _, b := range rows(e, Metric(m)) {
			d := coordinate(b.Metric, v) - coordinate(b.Metric, b.Typical)
			dist[b.Cluster] += d * d
		}
	}
	if !rated {
		return Unrated
	}
	best := Unrated
	for c := Low; c <= Elite; c++ {
		if d, ok := dist[c]; ok && (best == Unrated || d < dist[best]) {
			best = c
		}
	}
	return best
}

// Rating is an arm's DORA rating in one edition: one cluster per key
// metric, overall, and the values rated.
type Rating struct {
	Edition             Edition
	DeploymentFrequency Cluster
	LeadTime            Cluster
	RecoveryTime        Cluster
	ChangeFailureRate   Cluster
	// Overall is, in editions rated by band, the weakest of the four rated
	// metrics (Unrated ones left out; Unrated if none is rated). DORA
	// itself assigns clusters by cluster analysis of all four answers
	// together, which cannot be repeated for one team; the weakest link is
	// our rule there, chosen because it never flatters: an arm is elite
	// overall only if it is elite on every metric it can be rated on. In
	// editions rated by profile (2024, see RatedByProfile) it is the
	// cluster whose profile is nearest, as the report assigns respondents.
	Overall Cluster
	// Values are the numbers rated, in Metric order: deploys per year,
	// median lead time in hours, median recovery time in hours, change
	// failure rate (0–1); NaN where undefined. A table shows each beside
	// its cluster, so that a rating never contradicts its number.
	Values [4]float64
}

// Rate classifies the four key metrics (deployments per year, median lead
// time in hours, median recovery time in hours, change failure rate 0–1)
// in edition e, and gives the overall cluster by the edition's rule (see
// RatedByProfile). It panics if e is not one of Editions().
func Rate(e Edition, deploysPerYear, leadTimeHours, recoveryHours, changeFailureRate float64) Rating {
	r := Rating{
		Edition:             e,
		DeploymentFrequency: Classify(e, DeploymentFrequency, deploysPerYear),
		LeadTime:            Classify(e, LeadTime, leadTimeHours),
		RecoveryTime:        Classify(e, RecoveryTime, recoveryHours),
		ChangeFailureRate:   Classify(e, ChangeFailureRate, changeFailureRate),
		Values:              [4]float64{deploysPerYear, leadTimeHours, recoveryHours, changeFailureRate},
	}
	if RatedByProfile(e) {
		r.Overall = nearestProfile(e, r.Values)
		return r
	}
	for _, c := range r.Clusters() {
		if c != Unrated && (r.Overall == Unrated || c < r.Overall) {
			r.Overall = c
		}
	}
	return r
}

// Clusters returns the four metric clusters in Metric order.
func (r Rating) Clusters() [4]Cluster {
	return [4]Cluster{r.DeploymentFrequency, r.LeadTime, r.RecoveryTime, r.ChangeFailureRate}
}

// Regions returns, for metric m in edition e, the spans of values that
// Classify puts in each cluster, from the better end of the scale to the
// worse: a cluster whose band another, better cluster shares gets none,
// and the worst cluster gets everything no band reaches. Where the edition
// has no band of m, the spans meet halfway (on the distance's scale)
// between neighbouring typical values. Plots shade these.
func Regions(e Edition, m Metric) []Region {
	if !Rates(e) {
		return nil
	}
	rs := rows(e, m)
	higher := m.HigherIsBetter()
	if len(rs) > 0 && math.IsNaN(rs[0].Limit) {
		return nearestRegions(rs)
	}
	var out []Region
	edge := math.Inf(1) // the previous cluster's edge
	if !higher {
		edge = math.Inf(-1)
	}
	for i, b := range rs {
		last := i == len(rs)-1
		switch {
		case last && higher:
			out = append(out, Region{math.Inf(-1), edge, b.Cluster})
		case last:
			out = append(out, Region{edge, math.Inf(1), b.Cluster})
		case higher && b.Limit < edge:
			out = append(out, Region{b.Limit, edge, b.Cluster})
			edge = b.Limit
		case !higher && b.Limit > edge:
			out = append(out, Region{edge, b.Limit, b.Cluster})
			edge = b.Limit
		}
	}
	return out
}

// Region is a span of values of one metric, Lo to Hi, that Classify puts
// in one cluster.
type Region struct {
	Lo, Hi  float64
	Cluster Cluster
}

// bandStarts are the bands whose published wording starts short of the
// next better band's edge, and where it starts: 2019's time to restore of
// a low performer is "between one week and one month", the high one's
// "less than one day", and nothing is said of one day to one week. (The
// integer percentages "0–15%" and "16–30%" are read as meeting.)
var bandStarts = []struct {
	edition Edition
	metric  Metric
	cluster Cluster
	start   float64
}{
	{DORA2019, RecoveryTime, Low, week},
	{DORA2019, ChangeFailureRate, Low, 0.46},
	{DORA2021, DeploymentFrequency, High, perWeek},
	{DORA2021, LeadTime, High, day},
	{DORA2021, LeadTime, Medium, month},
	{DORA2021, RecoveryTime, Low, sixMonths},
	{DORA2022, DeploymentFrequency, Medium, perWeek},
	{DORA2022, ChangeFailureRate, Low, 0.46},
	{DORA2023, RecoveryTime, Low, month},
}

// Gaps returns, for metric m in edition e, the spans of values between two
// clusters' published bands that the report leaves undefined (see
// bandStarts), each with the cluster Classify gives it: the worse of the
// two. Plots shade them apart from the bands, so that a reader does not
// take a gap for a cluster's published range.
func Gaps(e Edition, m Metric) []Region {
	var out []Region
	for _, r := range Regions(e, m) {
		for _, b := range bandStarts {
			if b.edition != e || b.metric != m || b.cluster != r.Cluster {
				continue
			}
			if m.HigherIsBetter() {
				out = append(out, Region{b.start, r.Hi, r.Cluster})
			} else {
				out = append(out, Region{r.Lo, b.start, r.Cluster})
			}
		}
	}
	return out
}

// nearestRegions returns the regions of a metric rated by nearest typical
// value (only change failure rate so far: a linear scale), in ascending
// order of value.
func nearestRegions(rs []Band) []Region {
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b Band) int { return cmpFloat(a.Typical, b.Typical) })
	var out []Region
	lo := math.Inf(-1)
	for i, b := range rs {
		hi := math.Inf(1)
		if i+1 < len(rs) {
			hi = (b.Typical + rs[i+1].Typical) / 2
		}
		out = append(out, Region{lo, hi, b.Cluster})
		lo = hi
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// OverallRule says in a few words how edition e makes the overall
// cluster: "the weakest of the four keys" or "the nearest cluster profile
// over the four keys".
func OverallRule(e Edition) string {
	if !Rates(e) {
		return "no cluster: the 2025 report has team profiles, not clusters"
	}
	if RatedByProfile(e) {
		return "the nearest cluster profile over the four keys"
	}
	return "the weakest of the four keys"
}

// RuleText explains for a reader how edition e rates a value and an arm.
func RuleText(e Edition) string {
	if !Rates(e) {
		return "The 2025 report has no performance clusters, and its team profiles rest on eight factors, five of which " +
			"(team and product performance, individual effectiveness, valuable work, friction, burnout) the simulation " +
			"does not model: nothing is rated. Each arm gets the answers the DORA Quick Check would record from its " +
			"simulated metrics and their 0–10 scores as dora.dev computes them, beside the 2025 All-industries mean ± sd."
	}
	bands := "A value gets the best cluster whose band it reaches; where clusters share a band, the best of them."
	if RatedByProfile(e) {
		return bands + " This edition's change failure rates do not get worse from cluster to cluster (high 20%, medium 10%), " +
			"so that key gets the cluster of the nearest published rate, and the overall cluster is the one whose profile " +
			"over the four keys is nearest, as the report assigns its respondents (one step of distance: a factor of ten in " +
			"frequency or time, 15 points of failure rate)."
	}
	return bands + " The overall cluster is the weakest of the four."
}
