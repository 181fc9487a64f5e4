package reports

import (
	"io"

	"deploysim/metrics"
	"deploysim/models"
	"deploysim/replay"
	"deploysim/report/render"
)

// The tests write a run as the command line does: FromRun, then a
// format of render's table.

type tableOptions struct {
	Width         int
	Layout        render.Layout
	Metrics, Arms []string
}

func writeRun(w io.Writer, r *Report, sel Select, format string, o render.Options) error {
	d, err := FromRun(r, sel)
	if err != nil {
		return err
	}
	f, err := render.Named(format)
	if err != nil {
		return err
	}
	return f.Write(w, d, o)
}

func writeTable(w io.Writer, s *metrics.Summary) error { return writeTableWith(w, s, tableOptions{}) }

func writeTableWith(w io.Writer, s *metrics.Summary, o tableOptions) error {
	return writeRun(w, SummaryOnly(*s), Select{Metrics: o.Metrics, Arms: o.Arms}, "table", render.Options{Width: o.Width, Layout: o.Layout})
}

func writeMarkdown(w io.Writer, s *metrics.Summary) error {
	return writeRun(w, SummaryOnly(*s), Select{}, "markdown", render.Options{})
}

func writeCSV(w io.Writer, s *metrics.Summary) error {
	return writeRun(w, SummaryOnly(*s), Select{}, "csv", render.Options{})
}

func writeJSON(w io.Writer, s *metrics.Summary) error {
	return writeRun(w, SummaryOnly(*s), Select{}, "json", render.Options{})
}

func writeHTML(w io.Writer, r *Report) error {
	return writeRun(w, r, Select{}, "html", render.Options{})
}

func writeMarkdownReport(w io.Writer, r *Report) error {
	d, err := FromRun(r, Select{})
	if err != nil {
		return err
	}
	return render.WriteMarkdown(w, d, render.Options{})
}

func writeReportPDF(w io.Writer, r *Report, paper render.Paper) error {
	return writeRun(w, r, Select{}, "pdf", render.Options{Paper: paper})
}

func writeReportDir(dir string, r *Report) ([]string, error) {
	d, err := FromRun(r, Select{})
	if err != nil {
		return nil, err
	}
	var files []ReportFile
	for _, f := range render.Files(d, "report") {
		files = append(files, ReportFile{Name: f.Name, Write: f.Write})
	}
	return writeFiles(dir, files)
}

func writeReplayText(w io.Writer, r *replay.Replay) error {
	return render.WriteText(w, FromReplay(r), render.Options{})
}

func writePerReplicationCSV(w io.Writer, res *models.Results, meta metrics.Meta) error {
	return render.WriteCSV(w, PerReplication(res, meta), render.Options{})
}
