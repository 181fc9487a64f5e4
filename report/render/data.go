package render

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"deploysim/report"
)

// WriteJSON writes d's document for programs as one indented JSON
// document, HTML characters unescaped. The same Doc gives the same bytes.
func WriteJSON(w io.Writer, d *report.Doc, _ Options) error {
	if d.Data == nil {
		return fmt.Errorf("render: %s has no JSON document", d.Title)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(d.Data)
}

// WriteCSV writes d's tidy records, header first.
func WriteCSV(w io.Writer, d *report.Doc, _ Options) error {
	if d.Records == nil {
		return fmt.Errorf("render: %s has no CSV records", d.Title)
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(d.Records); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
