package export

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// DevLakePanels is what DevLake's DORA dashboard (grafana/dashboards/
// DORA.json) shows for one project over one window, computed the
// dashboard's way: deployment days, lower medians (percent_rank ≤ 0.5),
// incidents blamed on the latest deployment before them, MySQL's decimal
// rounding. Strings are exactly the panels' values.
type DevLakePanels struct {
	Edition string // "2021" or "2023": the dashboard's dora_report variable

	DeploymentFrequency string // stat panel "Deployment Frequency"
	LeadTime            string // stat panel "Median Lead Time for Changes In Hours"
	ChangeFailureRate   string // stat panel "Change Failure Rate"
	// Recovery is the stat panel "Failed Deployment Recovery Time In
	// Hours" (2023) or "Median Time to Restore Service In Hours" (2021);
	// RecoveryShown false when the panel shows no value at all.
	Recovery      string
	RecoveryShown bool
	// Overall is the table "Overall DORA Metrics": per metric, the
	// benchmark column (low, medium, high, elite) its value fills, or ""
	// when it fills none (N/A), and that value.
	Overall []OverallRow
	// Months are the bar charts, one row per calendar month of the window.
	Months []MonthBars

	// The numbers behind the strings.
	DaysPerWeek, DaysPerMonth int   // lower medians of deployment days
	DaysPerSixMonths          int64 // DevLake's six-month figure (2021 edition)
	SixMonthsCollected        bool
	LeadTimeMinutes           int64 // lower median PR cycle time; -1: none
	CFR                       Dec4  // −1: none
	RecoveryMinutes           int64 // lower median; −1: none
}

// OverallRow is one row of the Overall DORA Metrics table.
type OverallRow struct {
	Metric string
	Level  string // low, medium, high or elite; "" when N/A
	Value  string
}

// MonthBars is one month of the four bar charts, as the queries return
// them: deployment count; median lead time in hours (0 when none);
// change failure rate (null when no deployment); median recovery in hours
// (0 when none).
type MonthBars struct {
	Month       string // yy/mm
	Deployments int
	LeadTime    Dec4
	CFR         Dec4 // −1: null
	Recovery    Dec4
}

// Dec4 is a MySQL DECIMAL with four decimals (div_precision_increment 4,
// the scale of a division), in units of 0.0001; −1 means NULL.
type Dec4 int64

// div4 is MySQL's a / b with four decimals, rounded half away from zero.
func div4(a, b int64) Dec4 {
	if b == 0 {
		return -1
	}
	return Dec4((2*a*10000 + b) / (2 * b))
}

// String writes d as MySQL does: "0.3333", "20.5667".
func (d Dec4) String() string {
	if d < 0 {
		return "NULL"
	}
	return fmt.Sprintf("%d.%04d", d/10000, d%10000)
}

// round1 is ROUND(d, 1) written out: "33.3".
func (d Dec4) round1() string {
	t := (int64(d) + 500) / 1000
	return fmt.Sprintf("%d.%d", t/10, t%10)
}

// lowerMedian is DevLake's median: the largest value whose percent_rank
// (rank − 1) / (n − 1) is at most 0.5; ok false for no values.
func lowerMedian(v []int64) (int64, bool) {
	if len(v) == 0 {
		return 0, false
	}
	s := append([]int64(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	best := s[0]
	for _, x := range s {
		less := sort.Search(len(s), func(k int) bool { return s[k] >= x })
		if len(s) == 1 || float64(less)/float64(len(s)-1) <= 0.5 {
			best = x
		}
	}
	return best, true
}

// upperRankMin is min(v) over the values whose percent_rank is at least
// 0.5 (DevLake's six-month figure), with the matching minimum of w.
func upperRankMin(v, w []int64) (int64, int64, bool) {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	found := false
	var mv, mw int64
	for _, i := range idx {
		less := 0
		for _, x := range v {
			if x < v[i] {
				less++
			}
		}
		pr := 0.0
		if len(v) > 1 {
			pr = float64(less) / float64(len(v)-1)
		}
		if pr >= 0.5 {
			if !found || v[i] < mv {
				mv = v[i]
			}
			if !found || w[i] < mw {
				mw = w[i]
			}
			found = true
		}
	}
	return mv, mw, found
}

// GrafanaWindow is the absolute time range to select in Grafana for the
// export: From to To − 1 s, in UTC.
func (d *Data) GrafanaWindow() (from, to time.Time) {
	return d.From.UTC(), d.To.UTC().Add(-time.Second)
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func monthLabel(t time.Time) string { return t.UTC().Format("06/01") }

// PredictDevLake computes DevLake's panels for d, for edition "2021" or
// "2023", as they show with the Grafana window of GrafanaWindow and the
// project selected. The dashboard's "is collected" checks look at whole
// tables: set dl.OtherIncidents / dl.OtherCommits when the database holds
// other projects' rows.
func (dl *DevLake) PredictDevLake(d *Data, edition string) DevLakePanels {
	from, to := d.GrafanaWindow()
	inWin := func(t time.Time) bool { return !t.IsZero() && !t.Before(from) && !t.After(to) }
	p := DevLakePanels{Edition: edition, LeadTimeMinutes: -1, CFR: -1, RecoveryMinutes: -1}

	// Deployments DevLake counts: SUCCESS, PRODUCTION, one finish each.
	type dep struct {
		id       string
		finished time.Time
	}
	var all, win []dep
	for _, x := range dl.Deployments {
		if x.Result == dlSuccess {
			all = append(all, dep{x.ID, x.Finished})
			if inWin(x.Finished) {
				win = append(win, dep{x.ID, x.Finished})
			}
		}
	}

	// Deployment frequency: deployment days per week / month / six months
	// over the calendar days of the window.
	depDays := map[time.Time]bool{}
	for _, x := range all {
		y, m, dd := x.finished.Date()
		depDays[time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)] = true
	}
	var days []time.Time
	for k := 0; k < 400; k++ {
		t := to.AddDate(0, 0, -k)
		if !t.After(from) {
			break
		}
		y, m, dd := t.Date()
		days = append(days, time.Date(y, m, dd, 0, 0, 0, 0, time.UTC))
	}
	weekN, monthN := map[time.Time]int64{}, map[time.Time]int64{}
	for _, day := range days {
		wk := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		mo := monthStart(day)
		weekN[wk] += 0
		monthN[mo] += 0
		if depDays[day] {
			weekN[wk]++
			monthN[mo]++
		}
	}
	vals := func(m map[time.Time]int64) []int64 {
		var v []int64
		for _, x := range m {
			v = append(v, x)
		}
		return v
	}
	w, _ := lowerMedian(vals(weekN))
	mo, _ := lowerMedian(vals(monthN))
	p.DaysPerWeek, p.DaysPerMonth = int(w), int(mo)
	p.DaysPerSixMonths, p.SixMonthsCollected = sixMonths(monthN)

	// Lead time: lower median of PR cycle time, PRs whose deployment
	// finished in the window.
	finOf := map[string]time.Time{}
	for _, c := range dl.Commits {
		finOf[c.ID] = c.Finished
	}
	var cyc []int64
	cycByMonth := map[string][]int64{}
	for _, pr := range dl.PRs {
		f := finOf[pr.DeploymentCommitID]
		if inWin(f) {
			cyc = append(cyc, pr.CycleMinutes)
			cycByMonth[monthLabel(f)] = append(cycByMonth[monthLabel(f)], pr.CycleMinutes)
		}
	}
	if m, ok := lowerMedian(cyc); ok {
		p.LeadTimeMinutes = m
	}

	// Change failure rate: SUCCESS deployments of the window with an
	// incident attributed to them.
	blamed := map[string]bool{}
	for _, dep := range dl.Relations {
		blamed[dep] = true
	}
	var hit int64
	hitM, nM := map[string]int64{}, map[string]int64{}
	for _, x := range win {
		mo := monthLabel(x.finished)
		nM[mo]++
		if blamed[x.id] {
			hit++
			hitM[mo]++
		}
	}
	p.CFR = div4(hit, int64(len(win)))

	// Recovery, 2023: deployment finish → incident resolution, incidents
	// resolved in the window whose blamed deployment finished in it.
	winFin := map[string]time.Time{}
	for _, x := range win {
		winFin[x.id] = x.finished
	}
	var rec []int64
	recByMonth := map[string][]int64{}
	// Time to restore, 2021: the incident's own lead time (created →
	// resolved), incidents resolved in the window.
	var mttr []int64
	mttrByMonth := map[string][]int64{}
	for _, in := range dl.Incidents {
		if in.LeadTimeMinutes >= 0 {
			mttrByMonth[monthLabel(in.Resolved)] = append(mttrByMonth[monthLabel(in.Resolved)], in.LeadTimeMinutes)
		}
		if !inWin(in.Resolved) {
			continue
		}
		mttr = append(mttr, in.LeadTimeMinutes)
		if f, ok := winFin[dl.Relations[in.ID]]; ok {
			m := minutes(f, in.Resolved)
			rec = append(rec, m)
			recByMonth[monthLabel(f)] = append(recByMonth[monthLabel(f)], m)
		}
	}
	recovery, byMonth := rec, recByMonth
	if edition == "2021" {
		recovery, byMonth = mttr, mttrByMonth
	}
	if m, ok := lowerMedian(recovery); ok {
		p.RecoveryMinutes = m
	}
	// The "is collected" checks count whole tables, every project's rows.
	haveIncidents := len(dl.Incidents) > 0 || dl.OtherIncidents
	haveCommits := len(dl.Commits) > 0 || dl.OtherCommits
	p.DeploymentFrequency = p.dfStat()
	p.LeadTime = leadTimeText(edition, p.LeadTimeMinutes, true)
	p.ChangeFailureRate = cfrText(edition, p.CFR, haveIncidents, haveCommits, true)
	p.Recovery, p.RecoveryShown = recoveryText(edition, p.RecoveryMinutes, true)
	if edition == "2023" && p.RecoveryMinutes < 0 {
		// The stat's "is collected" check never matches (its COUNTs inside
		// EXISTS aggregate the outer query), so no value falls to its ELSE.
		p.Recovery = "No data"
	}
	p.Overall = p.overall(haveIncidents, haveCommits)

	for m := monthStart(from); !m.After(monthStart(to)); m = m.AddDate(0, 1, 0) {
		lab := monthLabel(m)
		row := MonthBars{Month: lab, Deployments: int(nM[lab]), CFR: div4(hitM[lab], nM[lab])}
		if v, ok := lowerMedian(cycByMonth[lab]); ok {
			row.LeadTime = div4(v, 60)
		}
		if v, ok := lowerMedian(byMonth[lab]); ok {
			row.Recovery = div4(v, 60)
		}
		p.Months = append(p.Months, row)
	}
	return p
}

// sixMonths is the 2021 edition's deployment days per six months, as the
// dashboard computes it: a running six-month sum of deployment days over
// the window's months, sampled at every sixth month counting back from
// the last within each group of months sharing DATE_FORMAT(month,
// '%Y-%m') DIV 6 (the year divided by six: MySQL reads '2026-01' as
// 2026), then min over the sums whose percent_rank ≥ 0.5.
func sixMonths(monthN map[time.Time]int64) (int64, bool) {
	var months []time.Time
	for m := range monthN {
		months = append(months, m)
	}
	sort.Slice(months, func(i, j int) bool { return months[i].Before(months[j]) })
	sums := make([]int64, len(months))
	counts := make([]int64, len(months))
	for i := range months {
		for j := max(0, i-5); j <= i; j++ {
			sums[i] += monthN[months[j]]
			if monthN[months[j]] > 0 {
				counts[i]++
			}
		}
	}
	rn := map[int]int{}
	var v, w []int64
	for i := len(months) - 1; i >= 0; i-- {
		g := months[i].Year() / 6
		rn[g]++
		if rn[g]%6 == 1 {
			v = append(v, sums[i])
			w = append(w, counts[i])
		}
	}
	s, _, ok := upperRankMin(v, w)
	return s, ok
}

func (p *DevLakePanels) dfStat() string {
	w, m, s := p.DaysPerWeek, p.DaysPerMonth, p.DaysPerSixMonths
	na := "N/A. Please check if you have collected deployments."
	if p.Edition == "2023" {
		switch {
		case w >= 5:
			return fmt.Sprintf("%d deployment days per week(elite)", w)
		case w >= 1:
			return fmt.Sprintf("%d deployment days per week(high)", w)
		case m >= 1:
			return fmt.Sprintf("%d deployment days per month(medium)", m)
		case p.SixMonthsCollected:
			return fmt.Sprintf("%d deployment days per month(low)", m)
		}
		return na
	}
	switch {
	case w >= 5:
		return fmt.Sprintf("%d deployment days per week(elite)", w)
	case m >= 1:
		return fmt.Sprintf("%d deployment days per month(high)", m)
	case s >= 1:
		return fmt.Sprintf("%d deployment days per six months(medium)", s)
	case p.SixMonthsCollected:
		return fmt.Sprintf("%d deployment days per six months(low)", s)
	}
	return na
}

func (p *DevLakePanels) dfLevel() (string, string) {
	w, m, s := p.DaysPerWeek, p.DaysPerMonth, p.DaysPerSixMonths
	if p.Edition == "2023" {
		switch {
		case w >= 5:
			return "elite", "On-demand(elite)"
		case w >= 1:
			return "high", "Between once per day and once per week(high)"
		case m >= 1:
			return "medium", "Between once per week and once per month(medium)"
		case p.SixMonthsCollected:
			return "low", "Fewer than once per month(low)"
		}
		return "", "N/A. Please check if you have collected deployments."
	}
	switch {
	case w >= 5:
		return "elite", "On-demand(elite)"
	case m >= 1:
		return "high", "Between once per day and once per month(high)"
	case s >= 1:
		return "medium", "Between once per month and once every 6 months(medium)"
	case p.SixMonthsCollected:
		return "low", "Fewer than once per six months(low)"
	}
	return "", "N/A. Please check if you have collected deployments."
}

// level picks the band of x among ascending limits (x < limit), with
// labels from the best; the last label takes everything else.
func level(x int64, limits []int64) int {
	for i, l := range limits {
		if x < l {
			return i
		}
	}
	return len(limits)
}

var levels = []string{"elite", "high", "medium", "low"}

func hours1(m int64) string { return div4(m, 60).round1() }

// leadTimeText is the lead-time stat (stat true) or the table's value.
func leadTimeText(edition string, m int64, stat bool) string {
	if m < 0 {
		return "N/A. Please check if you have collected deployments/pull_requests."
	}
	limits := []int64{24 * 60, 7 * 24 * 60, 30 * 24 * 60}
	text := []string{"Less than one day(elite)", "Between one day and one week(high)", "Between one week and one month(medium)", "More than one month(low)"}
	if edition == "2021" {
		limits = []int64{60, 7 * 24 * 60, 180 * 24 * 60}
		text = []string{"Less than one hour(elite)", "Less than one week(high)", "Between one week and six months(medium)", "More than six months(low)"}
	}
	i := level(m, limits)
	if stat {
		return hours1(m) + "(" + levels[i] + ")"
	}
	return text[i]
}

func cfrText(edition string, c Dec4, incidents, commits, stat bool) string {
	switch {
	case !incidents && !commits:
		return "N/A. Please check if you have collected deployments/incidents."
	case !incidents:
		return "N/A. Please check if you have collected incidents."
	case !commits:
		return "N/A. Please check if you have collected deployments."
	case c < 0:
		return "N/A. Please check if you have collected deployments/incidents."
	}
	limits := []Dec4{500, 1000, 1500}
	text := []string{"0-5%(elite)", "5%-10%(high)", "10%-15%(medium)", "> 15%(low)"}
	if edition == "2021" {
		limits = []Dec4{1500, 2000, 3000}
		text = []string{"0-15%(elite)", "16%-20%(high)", "21%-30%(medium)", "> 30%(low)"}
	}
	i := 0
	for i < len(limits) && c > limits[i] {
		i++
	}
	if stat {
		// ROUND(rate * 100, 1): the rate's four decimals times 100.
		t := (int64(c) + 5) / 10
		return strconv.FormatInt(t/10, 10) + "." + strconv.FormatInt(t%10, 10) + "%(" + levels[i] + ")"
	}
	return text[i]
}

func recoveryText(edition string, m int64, stat bool) (string, bool) {
	if m < 0 {
		if edition == "2021" {
			return "N/A. Please check if you have collected incidents.", true
		}
		return "N/A. Please check if you have collected deployments or incidents.", true
	}
	i := level(m, []int64{60, 24 * 60, 7 * 24 * 60})
	if stat {
		return hours1(m) + "(" + levels[i] + ")", true
	}
	return []string{"Less than one hour(elite)", "Less than one day(high)", "Between one day and one week(medium)", "More than one week(low)"}[i], true
}

func (p *DevLakePanels) overall(incidents, commits bool) []OverallRow {
	lvl := func(v string) string {
		if n := len(v); n > 1 && v[n-1] == ')' {
			for _, l := range levels {
				if len(v) > len(l)+2 && v[n-len(l)-2:] == "("+l+")" {
					return l
				}
			}
		}
		return ""
	}
	dfl, dfv := p.dfLevel()
	lt := leadTimeText(p.Edition, p.LeadTimeMinutes, false)
	cf := cfrText(p.Edition, p.CFR, incidents, commits, false)
	rc, _ := recoveryText(p.Edition, p.RecoveryMinutes, false)
	rm := "Failed deployment recovery time"
	if p.Edition == "2021" {
		rm = "Time to restore service"
	}
	return []OverallRow{
		{"Deployment frequency", dfl, dfv},
		{"Lead time for changes", lvl(lt), lt},
		{"Change failure rate", lvl(cf), cf},
		{rm, lvl(rc), rc},
	}
}
