// Package render writes a report.Doc in every format deploysim has: a
// terminal table, Markdown, one self-contained HTML page, a PDF, the tidy
// CSV and the JSON document; and a figure as PNG or SVG. Formats is the
// one table of formats, the only place a format is named: the command
// line chooses from it by --format or by the extension of -o, and the
// workshop page by the same names. A new output format is one entry in
// that table; it writes any product's Doc.
package render
