package reports_test

import (
	"bytes"
	"fmt"
	"image/png"

	"deploysim/reports"
)

func ExampleFigures() {
	r := reports.NewReport(example(), reports.Meta{Scenario: "example", Currency: "USD"}, reports.DORA2019)
	figs, err := reports.Figures(r)
	if err != nil {
		panic(err)
	}
	for i := range figs {
		var buf bytes.Buffer
		if err := reports.WriteFigure(&buf, &figs[i], reports.PNG); err != nil {
			panic(err)
		}
		cfg, err := png.DecodeConfig(&buf)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s.png: %s, %d×%d\n", figs[i].Name, figs[i].Heading, cfg.Width, cfg.Height)
	}
	// Output:
	// loss.png: Loss per year, 1200×496
	// dora.png: The four DORA keys, 1200×963
	// recovery.png: Time to restore, 1200×771
	// lead-time.png: Lead time for changes, 1200×771
	// year.png: Loss over the year, 1200×771
}
