package reports

import (
	"fmt"
	"math"
	"slices"
	"strconv"
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
	// DORA2023 is the Accelerate State of DevOps Report 2023, which renamed
	// time to restore "failed deployment recovery time".
	DORA2023 Edition = 2023
)

// DefaultEdition is the edition used when none is chosen.
const DefaultEdition = DORA2019

// Editions returns the editions deploysim knows, oldest first.
func Editions() []Edition { return []Edition{DORA2019, DORA2021, DORA2023} }

// String returns the edition's year ("2019").
func (e Edition) String() string { return strconv.Itoa(int(e)) }

// ParseEdition parses a report year such as "2021".
func ParseEdition(s string) (Edition, error) {
	for _, e := range Editions() {
		if s == e.String() {
			return e, nil
		}
	}
	return 0, fmt.Errorf("dora edition %q: must be one of 2019, 2021, 2023", s)
}

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

// DoraMetric is one of DORA's four key metrics.
type DoraMetric int

// The four key metrics, with the units Classify expects.
const (
	// DoraDeploymentFrequency is in deployments per year; more is better.
	DoraDeploymentFrequency DoraMetric = iota
	// DoraLeadTime is the median lead time for changes, in hours.
	DoraLeadTime
	// DoraRecoveryTime is the median time to restore service (2019, 2021)
	// or failed deployment recovery time (2023), in hours.
	DoraRecoveryTime
	// DoraChangeFailureRate is the share of deployments that fail, 0–1.
	DoraChangeFailureRate
)

// String returns the JSON name of the metric ("deployment_frequency").
func (m DoraMetric) String() string {
	switch m {
	case DoraDeploymentFrequency:
		return "deployment_frequency"
	case DoraLeadTime:
		return "lead_time"
	case DoraRecoveryTime:
		return "recovery_time"
	case DoraChangeFailureRate:
		return "change_failure_rate"
	}
	return "DoraMetric(" + strconv.Itoa(int(m)) + ")"
}

// higherIsBetter reports whether larger values of m are better.
func (m DoraMetric) higherIsBetter() bool { return m == DoraDeploymentFrequency }

// Band is one cell of a report's cluster table: what the report says a
// cluster achieves on one metric, read as a number.
//
// A value reaches a band when it is better than Limit, the band's edge on
// the worse side (or equal to it when Inclusive). Classify gives a value the
// best cluster whose band it reaches, and Low when it reaches none. Two
// consequences, applied the same way in every edition:
//
//   - a value in a gap between two bands gets the worse of the two (it has
//     not reached the better band's edge). In 2019 a time to restore of 1–7
//     days (between "less than one day" and "one week to one month") is
//     therefore low, and a change failure rate of 16–45% (between "0–15%"
//     and "46–60%") is low too;
//   - where clusters share a band (2019 change failure rate 0–15% for
//     elite, high and medium; 2019 time to restore "less than one day" for
//     high and medium; 2021 change failure rate 16–30% for high, medium and
//     low; 2023 deployment frequency and lead time for medium and low) the
//     metric cannot tell them apart and the value gets the best of them.
type Band struct {
	Edition Edition
	Metric  DoraMetric
	Cluster Cluster
	// Published is the report's own wording.
	Published string
	// Limit is the band's edge on the worse side: deployments per year,
	// hours, or a fraction (0–1), as for Classify. Inclusive says whether
	// a value equal to Limit reaches the band.
	Limit     float64
	Inclusive bool
	// Source says where the row comes from.
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

// Sources of the band table.
const (
	src2019 = "Accelerate State of DevOps Report 2019 (DORA / Google Cloud), \"How do we compare?\" table; numeric reading as in deploysim's FACTS.md"
	src2021 = "Accelerate State of DevOps Report 2021 (DORA / Google Cloud), \"How do we compare?\" table, as copied in apache/incubator-devlake-website docs/Metrics/{DeploymentFrequency,LeadTimeForChanges,MTTR,CFR}.md; not checked against the report PDF"
	src2023 = "Accelerate State of DevOps Report 2023 (DORA / Google Cloud), software delivery performance levels table, as copied in apache/incubator-devlake-website docs/Metrics/{DeploymentFrequency,CFR,FailedDeploymentRecoveryTime}.md; not checked against the report PDF"
)

// bands is the cluster table of every edition: per edition and metric, one
// row per cluster, best cluster first. It is never modified.
var bands = []Band{
	// 2019. Source: src2019; the FACTS.md table reproduces the report's.
	{DORA2019, DoraDeploymentFrequency, Elite, "on demand (multiple deploys per day)", perDay, false, src2019},
	{DORA2019, DoraDeploymentFrequency, High, "between once per day and once per week", perWeek, true, src2019},
	{DORA2019, DoraDeploymentFrequency, Medium, "between once per week and once per month", perMonth, true, src2019},
	{DORA2019, DoraDeploymentFrequency, Low, "between once per month and once every six months", perSixMonths, true, src2019},
	{DORA2019, DoraLeadTime, Elite, "less than one day", day, false, src2019},
	{DORA2019, DoraLeadTime, High, "between one day and one week", week, true, src2019},
	{DORA2019, DoraLeadTime, Medium, "between one week and one month", month, true, src2019},
	{DORA2019, DoraLeadTime, Low, "between one month and six months", sixMonths, true, src2019},
	{DORA2019, DoraRecoveryTime, Elite, "less than one hour", 1, false, src2019},
	{DORA2019, DoraRecoveryTime, High, "less than one day", day, false, src2019},
	{DORA2019, DoraRecoveryTime, Medium, "less than one day", day, false, src2019},
	{DORA2019, DoraRecoveryTime, Low, "between one week and one month", month, true, src2019},
	{DORA2019, DoraChangeFailureRate, Elite, "0–15%", 0.15, true, src2019},
	{DORA2019, DoraChangeFailureRate, High, "0–15%", 0.15, true, src2019},
	{DORA2019, DoraChangeFailureRate, Medium, "0–15%", 0.15, true, src2019},
	{DORA2019, DoraChangeFailureRate, Low, "46–60%", 0.60, true, src2019},

	// 2021. Source: src2021. FACTS.md confirms four clusters, the 16–30%
	// change failure rate of high, medium and low, and the normalised
	// 1,460 vs 1.5 deployments a year (elite vs low). The other edges were
	// taken from the DevLake copies of the report's table and could not be
	// checked against the PDF: treat every 2021 row as unverified.
	{DORA2021, DoraDeploymentFrequency, Elite, "on-demand (multiple deploys per day)", perDay, false, src2021},
	{DORA2021, DoraDeploymentFrequency, High, "between once per week and once per month", perMonth, true, src2021},
	{DORA2021, DoraDeploymentFrequency, Medium, "between once per month and once every 6 months", perSixMonths, true, src2021},
	{DORA2021, DoraDeploymentFrequency, Low, "fewer than once per six months", 0, true, src2021},
	{DORA2021, DoraLeadTime, Elite, "less than one hour", 1, false, src2021},
	{DORA2021, DoraLeadTime, High, "between one day and one week", week, true, src2021},
	{DORA2021, DoraLeadTime, Medium, "between one month and six months", sixMonths, true, src2021},
	{DORA2021, DoraLeadTime, Low, "more than six months", math.Inf(1), true, src2021},
	{DORA2021, DoraRecoveryTime, Elite, "less than one hour", 1, false, src2021},
	{DORA2021, DoraRecoveryTime, High, "less than one day", day, false, src2021},
	{DORA2021, DoraRecoveryTime, Medium, "between one day and one week", week, true, src2021},
	{DORA2021, DoraRecoveryTime, Low, "more than six months", math.Inf(1), true, src2021},
	{DORA2021, DoraChangeFailureRate, Elite, "0–15%", 0.15, true, src2021},
	{DORA2021, DoraChangeFailureRate, High, "16–30%", 0.30, true, src2021},
	{DORA2021, DoraChangeFailureRate, Medium, "16–30%", 0.30, true, src2021},
	{DORA2021, DoraChangeFailureRate, Low, "16–30%", 0.30, true, src2021},

	// 2023. Source: src2023. FACTS.md confirms the four clusters and the
	// change failure rates of about 5% / 10% / 15% / 64%. The report gives
	// one typical change failure rate per cluster, not a range: we read
	// each as the cluster's upper edge (as Apache DevLake does), so 15–64%
	// is low. The low cluster's deployment frequency and lead time repeat
	// the medium cluster's in the report. Unverified: the low cluster's
	// recovery time, "between one month and six months" in our reading of
	// the report and in other copies, "more than six months" in DevLake's;
	// either way everything slower than one week is rated low.
	{DORA2023, DoraDeploymentFrequency, Elite, "on demand", perDay, false, src2023},
	{DORA2023, DoraDeploymentFrequency, High, "between once per day and once per week", perWeek, true, src2023},
	{DORA2023, DoraDeploymentFrequency, Medium, "between once per week and once per month", perMonth, true, src2023},
	{DORA2023, DoraDeploymentFrequency, Low, "between once per week and once per month", perMonth, true, src2023},
	{DORA2023, DoraLeadTime, Elite, "less than one day", day, false, src2023},
	{DORA2023, DoraLeadTime, High, "between one day and one week", week, true, src2023},
	{DORA2023, DoraLeadTime, Medium, "between one week and one month", month, true, src2023},
	{DORA2023, DoraLeadTime, Low, "between one week and one month", month, true, src2023},
	{DORA2023, DoraRecoveryTime, Elite, "less than one hour", 1, false, src2023},
	{DORA2023, DoraRecoveryTime, High, "less than one day", day, false, src2023},
	{DORA2023, DoraRecoveryTime, Medium, "between one day and one week", week, true, src2023},
	{DORA2023, DoraRecoveryTime, Low, "between one month and six months", sixMonths, true, src2023},
	{DORA2023, DoraChangeFailureRate, Elite, "5%", 0.05, true, src2023},
	{DORA2023, DoraChangeFailureRate, High, "10%", 0.10, true, src2023},
	{DORA2023, DoraChangeFailureRate, Medium, "15%", 0.15, true, src2023},
	{DORA2023, DoraChangeFailureRate, Low, "64%", 0.64, true, src2023},
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
	if b.Metric.higherIsBetter() {
		return v > b.Limit
	}
	return v < b.Limit
}

// Classify returns the cluster of value v of metric m in edition e: the
// best cluster whose band v reaches (see Band), Low if it reaches none, and
// Unrated if v is NaN. Units: deployments per year, hours, or a fraction
// 0–1 (see DoraMetric). It panics if e is not one of Editions().
func Classify(e Edition, m DoraMetric, v float64) Cluster {
	if !slices.Contains(Editions(), e) {
		panic("reports: unknown DORA edition " + e.String())
	}
	if math.IsNaN(v) {
		return Unrated
	}
	for _, b := range bands {
		if b.Edition == e && b.Metric == m && b.reaches(v) {
			return b.Cluster
		}
	}
	return Low
}

// Rating is an arm's DORA rating in one edition: one cluster per key
// metric, and overall.
type Rating struct {
	Edition             Edition
	DeploymentFrequency Cluster
	LeadTime            Cluster
	RecoveryTime        Cluster
	ChangeFailureRate   Cluster
	// Overall is the weakest of the four rated metrics (Unrated ones left
	// out; Unrated if none is rated). DORA itself assigns clusters by
	// cluster analysis of all four answers together, which cannot be
	// repeated for one team; the weakest link is our rule, chosen because
	// it never flatters: an arm is elite overall only if it is elite on
	// every metric it can be rated on.
	Overall Cluster
}

// Rate classifies the four key metrics (deployments per year, median lead
// time in hours, median recovery time in hours, change failure rate 0–1)
// in edition e. It panics if e is not one of Editions().
func Rate(e Edition, deploysPerYear, leadTimeHours, recoveryHours, changeFailureRate float64) Rating {
	r := Rating{
		Edition:             e,
		DeploymentFrequency: Classify(e, DoraDeploymentFrequency, deploysPerYear),
		LeadTime:            Classify(e, DoraLeadTime, leadTimeHours),
		RecoveryTime:        Classify(e, DoraRecoveryTime, recoveryHours),
		ChangeFailureRate:   Classify(e, DoraChangeFailureRate, changeFailureRate),
	}
	for _, c := range r.clusters() {
		if c != Unrated && (r.Overall == Unrated || c < r.Overall) {
			r.Overall = c
		}
	}
	return r
}

// clusters returns the four metric clusters in DoraMetric order.
func (r Rating) clusters() [4]Cluster {
	return [4]Cluster{r.DeploymentFrequency, r.LeadTime, r.RecoveryTime, r.ChangeFailureRate}
}
