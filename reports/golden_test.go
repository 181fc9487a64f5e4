package reports

import (
	"bytes"
	"flag"
	"io"
	"os"
	"testing"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"deploysim/dora"
	goldenpkg "deploysim/internal/golden"
	"deploysim/metrics"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestMain(m *testing.M) {
	// tablewriter picks character widths from the locale when it loads; in
	// a CJK locale ± – × would be two columns wide and the golden table
	// would not match. Tests always render narrow.
	twwidth.SetEastAsian(false)
	os.Exit(m.Run())
}

// golden compares got with testdata/name, or rewrites the file with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenpkg.Check(t, name, got, *update, "./reports")
}

func TestGolden(t *testing.T) {
	res := synthetic(8)
	s := metrics.Summarize(res, syntheticMeta, dora.DORA2019)
	for _, tc := range []struct {
		file  string
		write func(io.Writer) error
	}{
		{"table.golden", func(w io.Writer) error { return writeTable(w, &s) }},
		{"markdown.golden", func(w io.Writer) error { return writeMarkdown(w, &s) }},
		{"summary.csv.golden", func(w io.Writer) error { return writeCSV(w, &s) }},
		{"summary.json.golden", func(w io.Writer) error { return writeJSON(w, &s) }},
		{"per-replication.csv.golden", func(w io.Writer) error { return writePerReplicationCSV(w, res, syntheticMeta) }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var first, second bytes.Buffer
			if err := tc.write(&first); err != nil {
				t.Fatal(err)
			}
			if err := tc.write(&second); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), second.Bytes()) {
				t.Fatal("two renderings of the same summary differ")
			}
			golden(t, tc.file, first.Bytes())
		})
	}
}

// TestGoldenEditions renders the same results rated against every edition,
// and one replication in euros, which exercises the single-replication and
// short-horizon paths.
func TestGoldenEditions(t *testing.T) {
	for _, e := range []dora.Edition{dora.DORA2021, dora.DORA2022, dora.DORA2023, dora.DORA2024} {
		s := metrics.Summarize(synthetic(8), syntheticMeta, e)
		var buf bytes.Buffer
		if err := writeTable(&buf, &s); err != nil {
			t.Fatal(err)
		}
		golden(t, "table-"+e.String()+".golden", buf.Bytes())
	}

	res := synthetic(1)
	for a := range res.Outcomes {
		res.Outcomes[a][0].HorizonHours = 30 * 24 // scale nothing, just claim 30 days
	}
	res.Experiment.HorizonHours = 30 * 24
	meta := syntheticMeta
	meta.Currency, meta.Command, meta.Story = "EUR", "", ""
	s := metrics.Summarize(res, meta, 0)
	var buf bytes.Buffer
	if err := writeTable(&buf, &s); err != nil {
		t.Fatal(err)
	}
	if err := writeMarkdown(&buf, &s); err != nil {
		t.Fatal(err)
	}
	golden(t, "one-replication.golden", buf.Bytes())
}
