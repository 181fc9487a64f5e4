package reports

import "deploysim/report/render"

// Paper is a page size of the business case's PDF: render's, so that the
// case and every other document print on the same sizes with one layout
// (render.PDFPage).
type Paper = render.Paper

// The page sizes.
var (
	A4     = render.A4
	Letter = render.Letter
)
