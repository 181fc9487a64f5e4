package fit

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"

	"deploysim/dora"
)

// The fit report is built once as a document (ReportDoc) and written by
// one renderer per format; the renderers compute nothing.

// ReportDoc is the fit report: titled tables of text cells, findings and
// warnings.
type ReportDoc struct {
	Title    string
	Intro    []string
	Tables   []ReportTable
	Misfit   []string
	Warnings []string
	Notes    []string
}

// ReportTable is one table of the report.
type ReportTable struct {
	Title  string
	Header []string
	Rows   [][]string
	Note   string
}

// Report builds the fit report.
func (r *Result) Report() ReportDoc {
	d := ReportDoc{Title: "deploysim calibrate: " + r.Today.Name + " fitted"}
	if r.Targets.Answered {
		d.Intro = append(d.Intro, "Fitted to the answers of DORA's Quick Check.")
	} else {
		d.Intro = append(d.Intro, fmt.Sprintf("Fitted to records of %s (%.0f days once excluded windows are taken out).", r.Targets.Period, r.Targets.Hours/24))
	}
	d.Intro = append(d.Intro,
		"Practices start from DORA 2019's "+r.Template+" cluster ("+r.TemplateWhy+"); the fit sets cadence, defect and deployment-error probabilities and recovery speed so that the simulated metrics match. "+
			fmt.Sprintf("The second arm, %s, adopts the %s cluster's practices and keeps the organisation's work, people and money.", r.Better.Name, r.BetterTemplate))

	metrics := ReportTable{
		Title:  "Measured vs simulated",
		Header: []string{"metric", "measured", "90% interval", "n", "simulated", "5th–95th percentile", "agrees"},
		Note:   "measured: the estimate from the inputs with its 90% interval (Beta posterior for shares, exact Poisson for rates, order statistics and the censored log-normal for medians); simulated: the fitted arm over periods as long as the one observed, pooled, with the 5th–95th percentile of one period's value. Agrees: the measured value or its interval meets the simulated range.",
	}
	for _, c := range r.Checks {
		row := []string{c.Metric, "not measured", "", "", formatUnit(c.Unit, c.Simulated.Value), formatUnit(c.Unit, c.Simulated.Low) + " – " + formatUnit(c.Unit, c.Simulated.High), ""}
		if c.Measured.Known() {
			row[1] = formatUnit(c.Unit, c.Measured.Value)
			row[2] = formatUnit(c.Unit, c.Measured.Low) + " – " + formatUnit(c.Unit, c.Measured.High)
			row[3] = fmt.Sprint(c.Measured.N)
			row[6] = "yes"
			if !c.Agrees {
				row[6] = "NO"
			}
		}
		if !c.Simulated.Known() {
			row[4], row[5] = "—", ""
		}
		metrics.Rows = append(metrics.Rows, row)
	}
	d.Tables = append(d.Tables, metrics)

	params := ReportTable{Title: "Parameters", Header: []string{"parameter", "value", "90% interval", "from"}}
	for _, p := range r.Params {
		iv := ""
		if p.Fitted && p.Low < p.High {
			iv = formatValue(p.Kind, p.Low) + " – " + formatValue(p.Kind, p.High)
		}
		params.Rows = append(params.Rows, []string{p.Path, formatValue(p.Kind, p.Value), iv, p.From})
	}
	params.Note = "Every other parameter is the " + r.Template + " template's (deploysim show dora-2019 lists them with their sources); each fitted interval is in the scenario's uncertain: section."
	d.Tables = append(d.Tables, params)

	qc := ReportTable{
		Title:  "DORA Quick Check, 2025 edition (rates nothing: the 2025 report has team profiles, not clusters)",
		Header: []string{"", "lead time", "deploy frequency", "recovery", "change fail rate", "rework rate", "throughput", "instability", "overall"},
		Note:   "Scores 0–10 as dora.dev's Quick Check computes them (bands 1–6 → 0–10, percentages 0% → 10, 100% → 0; instability is the two percentages ÷ 10, lower is better) from each arm's simulated metrics. All industries 2025: dora.dev Quick Check data of 2026-04-03, mean ± sd.",
	}
	for _, q := range r.QuickCheck {
		a, s := q.Answers, q.Scores
		qc.Rows = append(qc.Rows, []string{q.Arm + " (answer)", fmt.Sprint(a.LeadTime), fmt.Sprint(a.DeploymentFrequency), fmt.Sprint(a.RecoveryTime), fmt.Sprintf("%.0f%%", a.ChangeFailureRate), fmt.Sprintf("%.0f%%", a.ReworkRate), "", "", ""})
		qc.Rows = append(qc.Rows, []string{q.Arm + " (score)", f1(s.LeadTime), f1(s.DeploymentFrequency), f1(s.RecoveryTime), f1(s.ChangeFailureRate), f1(s.ReworkRate), f1(s.Throughput), f1(s.Instability), f1(s.Overall)})
	}
	b := dora.AllIndustries2025
	ms := func(x dora.Benchmark) string { return fmt.Sprintf("%.1f ± %.1f", x.Mean, x.SD) }
	qc.Rows = append(qc.Rows, []string{"all industries 2025", ms(b.LeadTime), ms(b.DeploymentFrequency), ms(b.RecoveryTime), ms(dora.Benchmark{Mean: 10 - b.ChangeFailureRate.Mean, SD: b.ChangeFailureRate.SD}), ms(dora.Benchmark{Mean: 10 - b.ReworkRate.Mean, SD: b.ReworkRate.SD}), ms(b.Throughput), ms(b.Instability), ""})
	d.Tables = append(d.Tables, qc)

	d.Misfit = r.Misfit
	if len(d.Misfit) == 0 {
		d.Misfit = []string{"none: every measured metric lies in or meets the fitted arm's simulated range"}
	}
	d.Warnings = r.Warnings
	d.Notes = r.Targets.Notes
	return d
}

func f1(x float64) string { return fmt.Sprintf("%.1f", x) }

// formatUnit writes a metric value in its unit.
func formatUnit(unit string, x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	switch unit {
	case "per year":
		return fmt.Sprintf("%.3g/yr", x)
	case "share":
		return fmt.Sprintf("%.1f%%", 100*x)
	case "hours":
		return formatHours(x)
	}
	return fmt.Sprintf("%.3g", x)
}

// formatHours writes a duration in the unit that reads best.
func formatHours(h float64) string {
	switch {
	case h < 1:
		return fmt.Sprintf("%.0f min", h*60)
	case h < 48:
		return fmt.Sprintf("%.3g h", h)
	default:
		return fmt.Sprintf("%.3g d", h/24)
	}
}

// WriteText writes the report for a terminal, tables aligned.
func (d ReportDoc) WriteText(w io.Writer) error {
	var b strings.Builder
	b.WriteString(d.Title + "\n\n")
	for _, p := range d.Intro {
		b.WriteString(wrap(p, 100) + "\n")
	}
	for _, t := range d.Tables {
		b.WriteString("\n" + t.Title + "\n")
		widths := make([]int, len(t.Header))
		for _, row := range append([][]string{t.Header}, t.Rows...) {
			for i, c := range row {
				if i < len(widths) && i != len(widths)-1 {
					widths[i] = max(widths[i], len([]rune(c)))
				}
			}
		}
		for _, row := range append([][]string{t.Header}, t.Rows...) {
			var line strings.Builder
			for i, c := range row {
				if i == len(row)-1 {
					line.WriteString(c)
					continue
				}
				line.WriteString(c + strings.Repeat(" ", widths[i]-len([]rune(c))+2))
			}
			b.WriteString("  " + strings.TrimRight(line.String(), " ") + "\n")
		}
		if t.Note != "" {
			b.WriteString(wrap(t.Note, 100) + "\n")
		}
	}
	section := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		b.WriteString("\n" + title + "\n")
		for _, it := range items {
			b.WriteString(wrap("- "+it, 100) + "\n")
		}
	}
	section("Residual misfit", d.Misfit)
	section("Warnings", d.Warnings)
	section("Notes", d.Notes)
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes the report as Markdown.
func (d ReportDoc) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# " + d.Title + "\n\n")
	for _, p := range d.Intro {
		b.WriteString(p + "\n\n")
	}
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, t := range d.Tables {
		b.WriteString("## " + t.Title + "\n\n")
		b.WriteString("| " + strings.Join(mapStrings(t.Header, esc), " | ") + " |\n")
		b.WriteString("|" + strings.Repeat(" --- |", len(t.Header)) + "\n")
		for _, row := range t.Rows {
			b.WriteString("| " + strings.Join(mapStrings(row, esc), " | ") + " |\n")
		}
		if t.Note != "" {
			b.WriteString("\n" + t.Note + "\n")
		}
		b.WriteString("\n")
	}
	for _, s := range []struct {
		title string
		items []string
	}{{"Residual misfit", d.Misfit}, {"Warnings", d.Warnings}, {"Notes", d.Notes}} {
		if len(s.items) == 0 {
			continue
		}
		b.WriteString("## " + s.title + "\n\n")
		for _, it := range s.items {
			b.WriteString("- " + it + "\n")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteHTML writes the report as one self-contained HTML page.
func (d ReportDoc) WriteHTML(w io.Writer) error {
	var b strings.Builder
	e := html.EscapeString
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + e(d.Title) + "</title>\n")
	b.WriteString("<style>body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;line-height:1.4}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f4f4f4}.note{color:#555;font-size:.9em}</style></head><body>\n")
	b.WriteString("<h1>" + e(d.Title) + "</h1>\n")
	for _, p := range d.Intro {
		b.WriteString("<p>" + e(p) + "</p>\n")
	}
	for _, t := range d.Tables {
		b.WriteString("<h2>" + e(t.Title) + "</h2>\n<table><thead><tr>")
		for _, h := range t.Header {
			b.WriteString("<th>" + e(h) + "</th>")
		}
		b.WriteString("</tr></thead><tbody>\n")
		for _, row := range t.Rows {
			b.WriteString("<tr>")
			for _, c := range row {
				b.WriteString("<td>" + e(c) + "</td>")
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</tbody></table>\n")
		if t.Note != "" {
			b.WriteString("<p class=\"note\">" + e(t.Note) + "</p>\n")
		}
	}
	for _, s := range []struct {
		title string
		items []string
	}{{"Residual misfit", d.Misfit}, {"Warnings", d.Warnings}, {"Notes", d.Notes}} {
		if len(s.items) == 0 {
			continue
		}
		b.WriteString("<h2>" + e(s.title) + "</h2>\n<ul>\n")
		for _, it := range s.items {
			b.WriteString("<li>" + e(it) + "</li>\n")
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("</body></html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func mapStrings(xs []string, f func(string) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// wrap breaks text into lines of at most width runes at spaces, indenting
// continuation lines by two spaces.
func wrap(s string, width int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) > width:
			lines = append(lines, line)
			line = "  " + word
		default:
			line += " " + word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
