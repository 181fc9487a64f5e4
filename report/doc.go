// Package report is the document every product of deploysim becomes
// before it is written: a Doc of a title, a story, sections of blocks
// (prose, items, tables, figures, warnings), its provenance (the command
// that makes it again) and its data for programs. Products build a Doc
// (reports.FromRun, and in turn the what-ifs and the replay); the one
// format table in report/render writes any Doc as text, Markdown, HTML,
// PDF, CSV or JSON. Nothing here knows a format, and nothing here
// computes: a Doc holds words and numbers already written for people.
package report
