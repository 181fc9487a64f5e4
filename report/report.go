package report

import (
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Best marks the line of a table cell that is the best of its row: the
// terminal shows the mark, the pages show the line in bold.
const Best = "* "

// BestMarks stands in a legend for how the best line is shown: the
// terminal writes it "* marks", a page "Bold marks".
const BestMarks = "{best} marks"

// Doc is one product, laid out in words and ready to be written in any
// format.
type Doc struct {
	// Kind names the product ("deploysim report"), Subject what it is
	// about (the scenario's name), shown above the title.
	Kind, Subject string
	Title         string
	// Subtitle is the run line: replications, horizon, seed, currency.
	Subtitle string
	// Lead is the key reading, one or two plain sentences.
	Lead []string
	// Story is the scenario's story in paragraphs.
	Story []string
	// Sections are the body, in order.
	Sections []Section
	// Palette is the colour of each mark (Item.Mark, Cell.Mark) as
	// #RRGGBB, and Symbols its character ("●"); a mark indexes both.
	Palette, Symbols []string
	Provenance       Provenance
	// Data is the document for programs (the JSON), Records its tidy
	// table (the CSV, header first); nil when the product has none.
	Data    any
	Records [][]string
}

// Section is a titled part of a Doc.
type Section struct {
	// ID names the section in a page's anchors ("summary").
	ID, Heading string
	// Brief is true for the sections a short rendering (the terminal)
	// shows; the pages show every section.
	Brief  bool
	Blocks []Block
}

// BlockKind says what a Block holds.
type BlockKind int

// The kinds of block.
const (
	// Prose is paragraphs (Text).
	Prose BlockKind = iota
	// Items is a list (Items), one entry per arm or finding.
	Items
	// TableBlock is a table (Table).
	TableBlock
	// FigureBlock is a figure (Figure).
	FigureBlock
	// Warnings are the run's warnings (Text), each a sentence.
	Warnings
	// Note is small print under what comes before it (Text): a legend, a
	// rule, a source.
	Note
	// Timeline is a log of moments (Items): each at a time (Name), what
	// happened (Text) and where it leaves things (Badge: "$19M lost so
	// far"), under its day (Heading).
	Timeline
)

// Block is one part of a section.
type Block struct {
	Kind BlockKind
	// Heading titles the block, under its section's.
	Heading string
	// Class names the block for a page's style ("readings", "sources").
	Class string
	// Brief is the block as a short rendering (the terminal, the PDF)
	// shows it instead, when it must differ: a legend for one-line
	// cells.
	Brief string
	// Full is true for a block only a full rendering shows: a short one
	// (the terminal, the PDF) leaves it out.
	Full   bool
	Text   []string
	Items  []Item
	Table  *Table
	Figure *Figure
}

// Item is one entry of a list: a mark, a name with its tag, a sentence and
// a badge ("DORA 2023: elite").
type Item struct {
	// Mark is the index of the item's mark in the Doc's Palette, -1 for
	// none.
	Mark             int
	Name, Tag, Text  string
	Badge, BadgeKind string
}

// Table is a table of cells of lines, headed by a row of column heads.
type Table struct {
	// Class names the table for a page's style ("summary").
	Class string
	Head  []Cell
	Rows  []Row
	// Headed is true when the row labels are headings, shown strong.
	Headed bool
	// Lines is true for a table of one line per row and no box (a
	// ranking): a terminal too narrow for a row puts its label and first
	// cell on a line of their own and the other cells under them.
	Lines bool
	// Legend says what a cell holds; ShortLegend what a one-line cell
	// holds (a narrow layout); HeadLegend what the headline lines hold
	// (a rendering that shows only Row.Head lines). Each may hold
	// BestMarks.
	Legend, ShortLegend, HeadLegend string
	// SlideLegend is the one line of legend under the table on a slide.
	SlideLegend string
	// NarrowHead heads the label column on a terminal too narrow for its
	// head ("value" for a long parameter path the subtitle names); empty
	// keeps the head. Split names groups of equal numbers of columns (an
	// arm's value and difference): a terminal too narrow for them side by
	// side gets one table per group, under its name.
	NarrowHead string
	Split      []string
	// Differs is what a short rendering shows of a long table: only the
	// rows marked Differs, under the heading Differs names, with the note
	// DiffersNote. Empty: the table is shown whole.
	Differs, DiffersNote string
}

// Row is a table row: a label cell and one cell per column.
type Row struct {
	Label Cell
	Cells []Cell
	// Part is true for a row that details the one above; Group for a
	// heading row across the table, which has no cells; Differs for a row
	// whose cells are not all the same (marked ◆).
	Part, Group, Differs bool
	// Head is how many of each cell's first lines a short rendering (the
	// PDF) shows: the headline numbers.
	Head int
	// Short is the row as one-line cells, for a narrow layout, and
	// ShortLabel its label there; nil when the row has no short form.
	Short      []string
	ShortLabel string
	// Column heads the row where a layout turns rows into columns; empty
	// leaves the row out there (a group's heading).
	Column string
}

// Cell is one cell: its lines, written as code or as words.
type Cell struct {
	Lines []string
	// Code is true for lines in a file's syntax (a parameter's value).
	Code bool
	// Mark is the index of a mark shown before the lines, -1 for none.
	Mark int
	// Note is a sentence under the lines (a parameter's meaning), and
	// Notes one per column of a row's cells (a value's reason).
	Note string
	// Parts are where a narrow layout may break the cell's one line
	// (an arm's name at its hyphens).
	Parts []string
}

// Text returns a cell of plain lines without a mark.
func Text(lines ...string) Cell { return Cell{Lines: lines, Mark: -1} }

// Figure is one picture, decided and ready to draw at its size.
type Figure struct {
	// Name is the figure's file stem ("loss").
	Name string
	// Heading names the figure in a few words; Caption says how to read
	// it (and is its alternative text).
	Heading, Caption string
	Width, Height    vg.Length
	// Draw draws the figure on a canvas of its size.
	Draw func(draw.Canvas)
}

// Provenance is what makes a Doc again: the command and the version of
// deploysim that ran it.
type Provenance struct {
	Command, Version string
}
