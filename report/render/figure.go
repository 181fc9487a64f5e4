package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"regexp"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"deploysim/report"
)

// ImageFormat is an image format WriteFigure writes.
type ImageFormat string

// The image formats: SVG for pages (inline, sharp at any size), PNG for
// wikis and slides.
const (
	PNG ImageFormat = "png"
	SVG ImageFormat = "svg"
)

// DPI is the resolution of PNG figures: a figure 8 inches wide is 1,200
// pixels wide.
const DPI = 150

// PixelSize returns the size in pixels of f written as a PNG.
func PixelSize(f *report.Figure) (w, h int) {
	return int(f.Width.Dots(DPI) + 0.5), int(f.Height.Dots(DPI) + 0.5)
}

// WriteFigure draws f and writes it to w as a PNG (DPI dots per inch) or
// an SVG (text in Liberation Sans, falling back to the metric-compatible
// Arial and Helvetica).
func WriteFigure(w io.Writer, f *report.Figure, format ImageFormat) error {
	if f.Draw == nil || f.Width <= 0 || f.Height <= 0 {
		return fmt.Errorf("render: figure %q has nothing to draw", f.Name)
	}
	switch format {
	case PNG:
		c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(DPI))
		f.Draw(draw.New(c))
		_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
		return err
	case SVG:
		c := vgsvg.New(f.Width, f.Height)
		f.Draw(draw.New(c))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return err
		}
		_, err := w.Write(bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
			[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")))
		return err
	}
	return fmt.Errorf("render: unknown image format %q (want png or svg)", format)
}

// svgRoot matches the opening tag of an SVG document's root element.
var svgRoot = regexp.MustCompile(`(?s)<svg\b[^>]*>`)

// svgViewBox matches an SVG viewBox attribute.
var svgViewBox = regexp.MustCompile(`viewBox="[^"]*"`)

// InlineSVG turns an SVG document written by WriteFigure into an element
// for an HTML page: no XML declaration or comment, no fixed size (CSS
// scales it to the page; the viewBox keeps its shape), no namespace
// declarations (HTML does not need them), and the caption as its
// accessible name. Text in the SVG was escaped by gonum/plot's SVG
// canvas.
func InlineSVG(doc []byte, caption string) template.HTML {
	s := string(doc)
	loc := svgRoot.FindStringIndex(s)
	if loc == nil {
		return ""
	}
	root := s[loc[0]:loc[1]]
	viewBox := svgViewBox.FindString(root)
	open := fmt.Sprintf(`<svg %s role="img" aria-label="%s">`, viewBox, template.HTMLEscapeString(caption))
	return template.HTML(open + s[loc[1]:])
}

// inlineFigure draws f as an SVG element for a self-contained page.
func inlineFigure(f *report.Figure) (template.HTML, error) {
	var buf bytes.Buffer
	if err := WriteFigure(&buf, f, SVG); err != nil {
		return "", fmt.Errorf("render: figure %s: %w", f.Name, err)
	}
	return InlineSVG(buf.Bytes(), f.Caption), nil
}
