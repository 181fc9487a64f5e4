package reports

import (
	"html/template"
	"io"
)

var caseHTML = template.Must(template.New("case").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font-family:'Liberation Sans',Arial,Helvetica,sans-serif;max-width:52rem;margin:1.5rem auto;padding:0 1rem;color:#111;line-height:1.4}
h1{font-size:1.5rem;margin:0 0 .2rem}h2{font-size:1.1rem;margin:1.4rem 0 .4rem;border-bottom:1px solid #ccc}
.run{color:#555;font-size:.9rem}.decision{font-size:1.15rem;font-weight:bold;background:#eef3fa;border-left:5px solid #1F5FA8;padding:.6rem .8rem;margin:1rem 0}
.numbers{display:grid;grid-template-columns:repeat(4,1fr);gap:.6rem}.num{border:1px solid #ccd;padding:.5rem}.num b{display:block;font-size:1.3rem}.num small{color:#555}
table{border-collapse:collapse;font-size:.9rem;margin:.4rem 0}td,th{padding:.15rem .6rem;text-align:left;border-bottom:1px solid #e3e3e3}td.r{text-align:right}
svg{width:100%;height:auto}code,pre{font-family:'Liberation Mono',Consolas,monospace;font-size:.85rem}pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}
.warn{color:#8a4b00}
@media print{@page{size:auto;margin:12mm}body{margin:0;max-width:none;font-size:10pt}.numbers{grid-template-columns:repeat(4,1fr)}h2{break-after:avoid}figure{break-inside:avoid}}
@media (max-width:40rem){.numbers{grid-template-columns:repeat(2,1fr)}}
</style>
</head>
<body>
<h1>{{.Heading}}</h1>
<div>{{.Title}}</div>
<div class="run">{{.Run}}</div>
<p class="decision">{{.Decision}}</p>
<div class="numbers">{{range .Numbers}}<div class="num">{{.Label}}<b>{{.Value}}</b><small>{{.Interval}}</small></div>{{end}}</div>
<p>{{range .Probabilities}}{{.}}. {{end}}{{.BreakEven}}</p>
{{range .Pinned}}<p><b>{{.}}.</b></p>{{end}}
<p>{{.CashLine}}</p>
{{range .Figures}}<figure>{{.SVG}}<figcaption>{{.Caption}}</figcaption></figure>{{end}}
<h2>Annual savings by source</h2>
<table><tr><th>source</th><th>median</th><th>90% interval</th><th>kind</th></tr>{{range .Sources}}<tr>{{if index . 3}}<td>{{index . 0}}</td>{{else}}<td><b>{{index . 0}}</b></td>{{end}}<td class="r">{{index . 1}}</td><td class="r">{{index . 2}}</td><td>{{index . 3}}</td></tr>{{end}}</table>
<h2>NPV against the horizon</h2>
<table>{{range $i, $row := .Horizons}}<tr>{{if eq $i 0}}{{range $row}}<th>{{.}}</th>{{end}}{{else}}<td>{{index $row 0}}</td><td class="r">{{index $row 1}}</td><td class="r">{{index $row 2}}</td><td class="r">{{index $row 3}}</td><td class="r">{{index $row 4}}</td>{{end}}</tr>{{end}}</table>
<p>{{.Turns}}</p>
{{if .Drivers}}<h2>Top drivers of NPV</h2>
<table><tr><th>input</th><th>90% interval</th><th>NPV at low to high</th><th>swing</th></tr>{{range .Drivers}}<tr><td>{{index . 0}}<br><small><code>{{index . 1}}</code></small></td><td>{{index . 2}}</td><td>{{index . 3}}</td><td class="r">{{index . 4}}</td></tr>{{end}}</table>{{end}}
<p>{{.Dominance}}</p>
<h2>{{.DORAHeading}}</h2>
{{range .DORATables}}<table>{{range $i, $row := .}}<tr>{{if eq $i 0}}<th>{{index $row 0}}</th><th>{{index $row 1}}</th><th>{{index $row 2}}</th>{{else}}<td>{{index $row 0}}</td><td class="r">{{index $row 1}}</td><td class="r">{{index $row 2}}</td>{{end}}</tr>{{end}}</table>{{end}}
<p>{{.DORAWhy}}</p>
<h2>Assumptions</h2>
<table>{{range .Assumptions}}<tr><td>{{index . 0}}</td><td>{{index . 1}}</td></tr>{{end}}</table>
{{if .Ranges}}<table><tr><th>uncertain input</th><th>90% interval</th><th>distribution</th></tr>{{range .Ranges}}<tr><td>{{index . 0}} <small><code>{{index . 1}}</code></small></td><td>{{index . 2}}</td><td>{{index . 3}}</td></tr>{{end}}</table>{{end}}
{{if .Sources2}}<p>Sources:</p><ul>{{range .Sources2}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{range .Warnings}}<p class="warn">Warning: {{.}}</p>{{end}}
<h2>Reproduce</h2>
<pre>{{.Command}}</pre>
</body>
</html>
`))

// WriteCaseHTML writes the business case as one self-contained page: the
// decision, the four numbers with intervals, the cash-flow and NPV plots
// as inline SVG, the savings, the drivers, DORA's formula, the
// assumptions with sources and the command. No script, no network.
func WriteCaseHTML(w io.Writer, r *CaseReport) error {
	figs, err := caseFigures(r)
	if err != nil {
		return err
	}
	type fig struct {
		Caption string
		SVG     template.HTML
	}
	var inline []fig
	for _, f := range figs {
		svg, err := caseSVG(f.Plot, casePlotWidth, casePlotHeight)
		if err != nil {
			return err
		}
		inline = append(inline, fig{f.Caption, inlineSVG(svg, f.Caption)})
	}
	heading, run := r.caseHeading()
	return caseHTML.Execute(w, map[string]any{
		"Heading": heading, "Title": r.Title, "Run": run, "Decision": r.Decision(),
		"Numbers": r.headline(), "Probabilities": r.probabilities(), "BreakEven": r.breakEven(),
		"Pinned": capitalizeAll(r.pinnedLines()), "CashLine": r.cashLine(), "Horizons": r.horizonRows(), "Turns": r.turns(), "DORAHeading": caseDoraHeading,
		"Figures": inline, "Sources": r.sourceRows(), "Drivers": r.driverRows(), "Dominance": r.dominance(),
		"DORATables": [][][3]string{r.doraRows(), r.doraVersus()}, "DORAWhy": r.doraWhy(), "Assumptions": r.assumptions(), "Ranges": r.rangeRows(),
		"Sources2": r.Sources, "Warnings": r.Warnings, "Command": r.Command,
	})
}

func capitalizeAll(ls []string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = capitalize(l)
	}
	return out
}

// CaseFiles lists the files of a case report directory, in order:
// case.html, case.pdf (on paper), case.md (the plots linked) and each plot
// as PNG and SVG. A caller that writes several outputs all or nothing
// (the command line) renders them itself; WriteCaseDir writes them.
func CaseFiles(r *CaseReport, paper Paper) ([]ReportFile, error) {
	figs, err := caseFigures(r)
	if err != nil {
		return nil, err
	}
	files := []ReportFile{
		{"case.html", func(w io.Writer) error { return WriteCaseHTML(w, r) }},
		{"case.pdf", func(w io.Writer) error { return WriteCasePDF(w, r, paper) }},
		{"case.md", func(w io.Writer) error {
			if err := WriteCaseMarkdown(w, r); err != nil {
				return err
			}
			_, err := io.WriteString(w, "\n![Cumulative cash flow](cashflow.png)\n\n![NPV distribution](npv.png)\n")
			return err
		}},
		{"case.xlsx", func(w io.Writer) error { return WriteCaseXLSX(w, r) }},
		{"cashflow.csv", func(w io.Writer) error { return WriteCaseCashFlowCSV(w, r) }},
	}
	for _, f := range figs {
		files = append(files,
			ReportFile{f.Name + ".png", func(w io.Writer) error {
				b, err := casePNG(f.Plot, casePlotWidth, casePlotHeight)
				if err == nil {
					_, err = w.Write(b)
				}
				return err
			}},
			ReportFile{f.Name + ".svg", func(w io.Writer) error {
				b, err := caseSVG(f.Plot, casePlotWidth, casePlotHeight)
				if err == nil {
					_, err = w.Write(b)
				}
				return err
			}})
	}
	return files, nil
}

// WriteCaseDir writes the files of CaseFiles into dir, creating it, each
// whole or not at all. It returns the paths written.
func WriteCaseDir(dir string, r *CaseReport, paper Paper) ([]string, error) {
	files, err := CaseFiles(r, paper)
	if err != nil {
		return nil, err
	}
	return writeFiles(dir, files)
}
