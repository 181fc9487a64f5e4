package reports

import (
	"html/template"
	"strings"

	"deploysim/report/render"
)

// This file holds what the business case's writers, not yet on
// report.Doc, use of the page writers that moved to report/render; it goes
// when the case moves.

// mdEscape escapes the characters that would break a table cell or start
// emphasis or maths: | * _ ` \ $ < >.
func mdEscape(s string) string {
	return mdReplacer.Replace(s)
}

var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "$", `\$`, "<", "&lt;", ">", "&gt;",
)

// mdCode writes s as inline code that survives a table cell: backticks
// become quotes, a pipe is escaped.
func mdCode(s string) string {
	return "`" + strings.ReplaceAll(strings.ReplaceAll(s, "`", "'"), "|", `\|`) + "`"
}

// inlineSVG is render.InlineSVG, for the case's page.
func inlineSVG(doc []byte, caption string) template.HTML { return render.InlineSVG(doc, caption) }
