package reports

import (
	"encoding/json"
	"math"

	"deploysim/dora"
	"deploysim/metrics"
	"deploysim/stats"
)

// SchemaVersion is the version of the JSON document WriteJSON writes. It
// changes only when a field is removed or changes meaning; new fields may
// appear without a change.
const SchemaVersion = 1

// number is a float64 written as JSON null when it is NaN or infinite.
type number float64

func (n number) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
}

// cluster is a Cluster written as its name, or null when Unrated.
type cluster dora.Cluster

func (c cluster) MarshalJSON() ([]byte, error) {
	if dora.Cluster(c) == dora.Unrated {
		return []byte("null"), nil
	}
	return json.Marshal(dora.Cluster(c).String())
}

// jsonRun is what every run document (the summary, a sweep) opens with:
// what was run and how. Embedded, its fields are the document's own.
type jsonRun struct {
	SchemaVersion int    `json:"schema_version"`
	Scenario      string `json:"scenario"`
	Title         string `json:"title"`
	Currency      string `json:"currency"`
	Command       string `json:"command"`
	Version       string `json:"version"`
	Seed          uint64 `json:"seed"`
	Replications  int    `json:"replications"`
	HorizonDays   number `json:"horizon_days"`
}

type jsonSummary struct {
	jsonRun
	Baseline string    `json:"baseline"`
	Arms     []jsonArm `json:"arms"`
	Warnings []string  `json:"warnings"`
}

type jsonArm struct {
	Name           string                `json:"name"`
	Title          string                `json:"title"`
	Metrics        map[string]jsonMetric `json:"metrics"`
	Dora           jsonDora              `json:"dora"`
	QuickCheck     jsonQuickCheck        `json:"quick_check"`
	Ratios         map[string]number     `json:"ratios"`
	VersusBaseline *jsonVersus           `json:"versus_baseline"`
}

type jsonMetric struct {
	Mean     number `json:"mean"`
	CI95Low  number `json:"ci95_low"`
	CI95High number `json:"ci95_high"`
	P5       number `json:"p5"`
	P50      number `json:"p50"`
	P95      number `json:"p95"`
	P99      number `json:"p99"`
	N        int    `json:"n"`
	Samples  int    `json:"samples"`
	Unit     string `json:"unit"`
}

type jsonDora struct {
	Edition             string         `json:"edition"`
	DeploymentFrequency cluster        `json:"deployment_frequency"`
	LeadTime            cluster        `json:"lead_time"`
	RecoveryTime        cluster        `json:"recovery_time"`
	ChangeFailureRate   cluster        `json:"change_failure_rate"`
	Overall             cluster        `json:"overall"`
	Rule                string         `json:"rule"`
	Values              jsonDoraValues `json:"values"`
}

// jsonQuickCheck is an arm's DORA Quick Check: the answers (bands 1–6,
// percentages 0–100) and the 0–10 scores dora.dev computes from them.
type jsonQuickCheck struct {
	Answers struct {
		LeadTime            int    `json:"lead_time"`
		DeploymentFrequency int    `json:"deployment_frequency"`
		RecoveryTime        int    `json:"recovery_time"`
		ChangeFailureRate   number `json:"change_failure_rate"`
		ReworkRate          number `json:"rework_rate"`
	} `json:"answers"`
	Scores struct {
		LeadTime            number `json:"lead_time"`
		DeploymentFrequency number `json:"deployment_frequency"`
		RecoveryTime        number `json:"recovery_time"`
		ChangeFailureRate   number `json:"change_failure_rate"`
		ReworkRate          number `json:"rework_rate"`
		Throughput          number `json:"throughput"`
		Instability         number `json:"instability"`
		Overall             number `json:"overall"`
	} `json:"scores"`
}

func quickCheckJSON(q dora.QuickCheck) jsonQuickCheck {
	var j jsonQuickCheck
	a, s := q.Answers, q.Scores
	j.Answers.LeadTime, j.Answers.DeploymentFrequency, j.Answers.RecoveryTime = int(a.LeadTime), int(a.DeploymentFrequency), int(a.RecoveryTime)
	j.Answers.ChangeFailureRate, j.Answers.ReworkRate = number(a.ChangeFailureRate), number(a.ReworkRate)
	j.Scores.LeadTime, j.Scores.DeploymentFrequency, j.Scores.RecoveryTime = number(s.LeadTime), number(s.DeploymentFrequency), number(s.RecoveryTime)
	j.Scores.ChangeFailureRate, j.Scores.ReworkRate = number(s.ChangeFailureRate), number(s.ReworkRate)
	j.Scores.Throughput, j.Scores.Instability, j.Scores.Overall = number(s.Throughput), number(s.Instability), number(s.Overall)
	return j
}

// jsonDoraValues are the numbers rated (Rating.Values).
type jsonDoraValues struct {
	DeploymentFrequency number `json:"deployment_frequency"`
	LeadTime            number `json:"lead_time"`
	RecoveryTime        number `json:"recovery_time"`
	ChangeFailureRate   number `json:"change_failure_rate"`
}

type jsonVersus struct {
	LossSavedPerYear jsonInterval `json:"loss_saved_per_year"`
	// The risk and the flow parts of it (ArmSummary.SavedRisk, SavedFlow).
	IncidentLossSavedPerYear *jsonInterval `json:"incident_loss_saved_per_year,omitempty"`
	DelayCostSavedPerYear    *jsonInterval `json:"delay_cost_saved_per_year,omitempty"`
}

type jsonInterval struct {
	Mean     number `json:"mean"`
	CI95Low  number `json:"ci95_low"`
	CI95High number `json:"ci95_high"`
	Unit     string `json:"unit"`
}

// doraRuleName names how the edition makes the overall cluster, as the
// JSON writes it: "weakest" or "nearest_profile".
func doraRuleName(e dora.Edition) string {
	if !dora.Rates(e) {
		return "none"
	}
	if dora.RatedByProfile(e) {
		return "nearest_profile"
	}
	return "weakest"
}

// runJSON is the run's JSON document, in the schema described in the
// package documentation.
func runJSON(s *metrics.Summary) any {
	doc := jsonSummary{
		jsonRun: jsonRun{SchemaVersion: SchemaVersion, Scenario: s.Scenario, Title: s.Title, Currency: s.Currency,
			Command: s.Command, Version: s.Version, Seed: s.Seed, Replications: s.Replications, HorizonDays: number(s.HorizonDays)},
		Baseline: s.Arms[s.Baseline].Name,
		Arms:     []jsonArm{},
		Warnings: append([]string{}, s.Warnings...),
	}
	for _, a := range s.Arms {
		ja := jsonArm{
			Name:    a.Name,
			Title:   a.Title,
			Metrics: map[string]jsonMetric{},
			Ratios:  map[string]number{},
			Dora: jsonDora{
				Edition:             a.Dora.Edition.String(),
				DeploymentFrequency: cluster(a.Dora.DeploymentFrequency),
				LeadTime:            cluster(a.Dora.LeadTime),
				RecoveryTime:        cluster(a.Dora.RecoveryTime),
				ChangeFailureRate:   cluster(a.Dora.ChangeFailureRate),
				Overall:             cluster(a.Dora.Overall),
				Rule:                doraRuleName(a.Dora.Edition),
				Values: jsonDoraValues{number(a.Dora.Values[0]), number(a.Dora.Values[1]),
					number(a.Dora.Values[2]), number(a.Dora.Values[3])},
			},
			QuickCheck: quickCheckJSON(a.QuickCheck),
		}
		for _, st := range a.Stats {
			ja.Metrics[st.Key] = jsonMetric{
				Mean: number(st.Mean), CI95Low: number(st.Low), CI95High: number(st.High),
				P5: number(st.P5), P50: number(st.P50), P95: number(st.P95), P99: number(st.P99),
				N: st.N, Samples: st.Samples, Unit: st.Unit,
			}
			ja.Ratios[st.Key] = number(st.Ratio)
		}
		if a.Saved != nil {
			iv := func(d stats.Interval) jsonInterval {
				return jsonInterval{Mean: number(d.Mean), CI95Low: number(d.Low), CI95High: number(d.High), Unit: s.Currency + "/yr"}
			}
			v := &jsonVersus{LossSavedPerYear: iv(*a.Saved)}
			if a.SavedRisk != nil && a.SavedFlow != nil {
				risk, flow := iv(*a.SavedRisk), iv(*a.SavedFlow)
				v.IncidentLossSavedPerYear, v.DelayCostSavedPerYear = &risk, &flow
			}
			ja.VersusBaseline = v
		}
		doc.Arms = append(doc.Arms, ja)
	}
	return doc
}
