// Package report is the document every product of deploysim becomes
// before it is written: a Doc of a title, a story, sections of blocks
// (prose, lists, tables, figures, warnings, notes), its provenance (the
// command that makes it again) and its data for programs. Products build
// a Doc (reports.FromRun, FromSweep, FromSensitivity); the one format
// table in report/render writes any Doc as text, Markdown, HTML, PDF, CSV
// or JSON. Again is the one builder of the "run this again" line, used by
// the command line and the workshop page alike. Nothing here knows a
// format, and nothing here computes: a Doc holds words and numbers
// already written for people.
package report
