package fit

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"deploysim/dora"
)

// QuickCheck is a team's answers to DORA's Quick Check and what it says
// about itself besides.
type QuickCheck struct {
	Answers dora.Answers
	Org     Org
	// File names where the answers came from.
	File string

	set []string // the keys answered
}

// quickCheckKeys are the keys of a Quick Check answers file, with what
// each takes, for errors and help.
var quickCheckKeys = []struct{ key, want string }{
	{"lead_time", "a band 1–6 or its words, e.g. 4 or \"one day to one week\""},
	{"deployment_frequency", "a band 1–6 or its words, e.g. 3 or \"between once per week and once per month\""},
	{"recovery_time", "a band 1–6 or its words, e.g. 5 or \"less than one day\""},
	{"change_failure_rate", "a percentage, e.g. 12%"},
	{"rework_rate", "a percentage, e.g. 5%"},
	{"team_size", "a whole number of engineers ≥ 1"},
	{"changes_per_week", "a number of changes merged a week > 0"},
	{"outage_cost_per_hour", "an amount > 0"},
	{"revenue_per_year", "an amount > 0"},
	{"manual_deployment", "true or false"},
	{"manual_testing", "true or false"},
}

// ReadQuickCheck reads Quick Check answers from YAML: every key is
// optional except the five metrics; an unknown key, a value out of range
// or a key given twice is an error with its line.
func ReadQuickCheck(file string, r io.Reader) (*QuickCheck, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &InputError{File: file, Msg: err.Error()}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &InputError{File: file, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, &InputError{File: file, Line: 1, Msg: "want a mapping of answers (lead_time: 4, deployment_frequency: 3, …)"}
	}
	m := doc.Content[0]
	q := &QuickCheck{File: file}
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if seen[k.Value] {
			return nil, &InputError{File: file, Line: k.Line, Column: k.Column, Field: k.Value, Msg: "given twice"}
		}
		seen[k.Value] = true
		if !IsQuickCheckKey(k.Value) {
			return nil, &InputError{File: file, Line: k.Line, Column: k.Column, Field: k.Value, Msg: "unknown answer; the answers are " + strings.Join(QuickCheckKeys(), ", ")}
		}
		if v.Kind != yaml.ScalarNode {
			return nil, &InputError{File: file, Line: v.Line, Column: v.Column, Field: k.Value, Msg: "want " + quickCheckWant(k.Value)}
		}
		if err := q.Set(k.Value, v.Value); err != nil {
			return nil, &InputError{File: file, Line: v.Line, Column: v.Column, Field: k.Value, Msg: err.Error()}
		}
	}
	if err := q.Complete(); err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			ie.File, ie.Line = file, m.Line
		}
		return nil, err
	}
	return q, nil
}

// QuickCheckKeys returns the keys of a Quick Check answers file, in order.
func QuickCheckKeys() []string {
	var keys []string
	for _, qk := range quickCheckKeys {
		keys = append(keys, qk.key)
	}
	return keys
}

// IsQuickCheckKey reports whether key is one of QuickCheckKeys.
func IsQuickCheckKey(key string) bool { return quickCheckWant(key) != "" }

func quickCheckWant(key string) string {
	for _, qk := range quickCheckKeys {
		if qk.key == key {
			return qk.want
		}
	}
	return ""
}

// Set parses one answer, as a file or a flag writes it, into q. The error
// says what the key takes.
func (q *QuickCheck) Set(key, value string) error {
	want := quickCheckWant(key)
	if want == "" {
		return fmt.Errorf("unknown answer %q; the answers are %s", key, strings.Join(QuickCheckKeys(), ", "))
	}
	s := strings.TrimSpace(value)
	bad := func(extra string) error { return fmt.Errorf("%q: want %s%s", s, want, extra) }
	switch key {
	case "lead_time", "deployment_frequency", "recovery_time":
		words := dora.LeadTimeChoices
		if key == "deployment_frequency" {
			words = dora.DeploymentFrequencyChoices
		}
		b, ok := parseBand(s, words)
		if !ok {
			return bad("")
		}
		switch key {
		case "lead_time":
			q.Answers.LeadTime = b
		case "deployment_frequency":
			q.Answers.DeploymentFrequency = b
		default:
			q.Answers.RecoveryTime = b
		}
	case "change_failure_rate", "rework_rate":
		p, ok := parsePercent(s)
		if !ok || p < 0 || p > 100 {
			return bad(" in [0%, 100%]")
		}
		if key == "change_failure_rate" {
			q.Answers.ChangeFailureRate = p
		} else {
			q.Answers.ReworkRate = p
		}
	case "team_size":
		n, err := strconv.Atoi(strings.ReplaceAll(s, "_", ""))
		if err != nil || n < 1 || n > 1_000_000 {
			return bad(" (at most 1,000,000)")
		}
		q.Org.TeamSize = n
	case "changes_per_week", "outage_cost_per_hour", "revenue_per_year":
		x, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		if err != nil || !(x > 0) || math.IsInf(x, 0) {
			return bad("")
		}
		switch key {
		case "changes_per_week":
			q.Org.ChangesPerWeek = x
		case "outage_cost_per_hour":
			q.Org.OutageCostPerHour = x
		default:
			q.Org.RevenuePerYear = x
		}
	case "manual_deployment", "manual_testing":
		var b bool
		switch s {
		case "true":
			b = true
		case "false":
		default:
			return bad("")
		}
		if key == "manual_deployment" {
			q.Org.ManualDeployment = &b
		} else {
			q.Org.ManualTesting = &b
		}
	}
	q.set = append(q.set, key)
	return nil
}

// Complete reports the first of the five metrics not answered.
func (q *QuickCheck) Complete() error {
	for _, req := range []string{"lead_time", "deployment_frequency", "recovery_time", "change_failure_rate", "rework_rate"} {
		if !slices.Contains(q.set, req) {
			return &InputError{File: q.File, Field: req, Msg: "missing: the Quick Check's five answers are lead_time, deployment_frequency, recovery_time, change_failure_rate and rework_rate"}
		}
	}
	return nil
}

// readQuickCheckFile reads a Quick Check answers file by path.
func readQuickCheckFile(path string) (*QuickCheck, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &InputError{File: path, Msg: err.Error()}
	}
	defer f.Close()
	return ReadQuickCheck(path, f)
}

// parseBand reads a band number 1–6 or the answer's words.
func parseBand(s string, words [6]string) (dora.Choice, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		b := dora.Choice(n)
		return b, b.Valid()
	}
	for i, w := range words {
		if strings.EqualFold(strings.TrimSpace(s), w) {
			return dora.Choice(i + 1), true
		}
	}
	return 0, false
}

// parsePercent reads "12%", "12 %" or a plain percentage "12".
func parsePercent(s string) (float64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil && !math.IsNaN(x)
}

// Band representatives: the value a team answering a band most likely
// has (the geometric middle of the band, an assumption) and the band's
// edges as its interval. Durations in hours, frequencies per year.
var (
	durationBandValues = [6][3]float64{
		{8760, 4380, 17520}, // more than six months
		{1790, 730, 4380},   // one to six months
		{350, 168, 730},     // one week to one month
		{63, 24, 168},       // one day to one week
		{5, 1, 24},          // less than one day
		{0.5, 0.1, 1},       // less than one hour
	}
	frequencyBandValues = [6][3]float64{
		{1.5, 1, 2},       // fewer than once every six months
		{5, 2, 12},        // once a month to once every six months
		{25, 12, 52},      // once a week to once a month
		{140, 52, 365},    // once a day to once a week
		{500, 365, 730},   // once an hour to once a day
		{1460, 730, 2920}, // on demand: DORA 2019's typical elite value
	}
)

// Targets turns the answers into fit targets. A banded answer's interval
// is its band; a percentage's is ±5 percentage points (an assumption: the
// Quick Check's slider is read to the nearest few percent).
func (q *QuickCheck) Targets() Targets {
	t := Targets{}
	for _, p := range []*Target{&t.BatchSize, &t.ChangesPerDay} {
		p.Interval = unknown()
	}
	b := func(v [3]float64, from string) Target {
		return Target{Interval{v[0], v[1], v[2], 1}, from}
	}
	a := q.Answers
	from := "answered in the Quick Check (" + q.File + "): "
	t.DeploysPerYear = b(frequencyBandValues[a.DeploymentFrequency-1], from+dora.DeploymentFrequencyChoices[a.DeploymentFrequency-1])
	t.LeadTimeHours = b(durationBandValues[a.LeadTime-1], from+dora.LeadTimeChoices[a.LeadTime-1])
	t.RecoveryHours = b(durationBandValues[a.RecoveryTime-1], from+dora.RecoveryTimeChoices[a.RecoveryTime-1])
	pct := func(p float64, what string) Target {
		v := p / 100
		return Target{Interval{v, math.Max(0, v-0.05), math.Min(1, v+0.05), 1}, fmt.Sprintf("%s%s %g%% (assumption: ±5 percentage points)", from, what, p)}
	}
	t.ChangeFailureRate = pct(a.ChangeFailureRate, "change failure rate")
	t.ReworkRate = pct(a.ReworkRate, "rework rate")
	t.Answered = true
	return t
}
