package fit

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// table is a table of named columns read from CSV (or a SQL dump), with
// where each cell came from, so that a bad value is reported at its file,
// line and column.
type table struct {
	file   string
	header []string
	cols   map[string]int // column name → index
	rows   []row
}

type row struct {
	cells []string
	line  int   // 1-based line of the row
	cols  []int // 1-based column of each cell; nil when unknown
}

// readCSVTable reads an RFC 4180 CSV with one header row. Column names are
// matched case-insensitively and with surrounding space trimmed; a
// duplicate column name is an error.
func readCSVTable(file string, r io.Reader) (*table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 0
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &InputError{File: file, Line: 1, Msg: "empty file: want a header row"}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	t := &table{file: file, cols: map[string]int{}}
	for i, h := range head {
		name := strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.cols[name]; dup {
			return nil, &InputError{File: file, Line: 1, Column: i + 1, Msg: fmt.Sprintf("column %q appears twice", h)}
		}
		t.cols[name] = i
		t.header = append(t.header, name)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		cols := make([]int, len(rec))
		for i := range rec {
			_, cols[i] = cr.FieldPos(i)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		t.rows = append(t.rows, row{cells: rec, line: line, cols: cols})
	}
	return t, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &InputError{File: file, Line: pe.Line, Column: pe.Column, Msg: pe.Err.Error()}
	}
	return &InputError{File: file, Msg: err.Error()}
}

// has reports whether the table has every named column.
func (t *table) has(names ...string) bool {
	for _, n := range names {
		if _, ok := t.cols[n]; !ok {
			return false
		}
	}
	return true
}

// require returns an error naming the first missing column; one of
// "a|b" is satisfied by either.
func (t *table) require(names ...string) error {
	for _, n := range names {
		alts := strings.Split(n, "|")
		if !slices.ContainsFunc(alts, func(a string) bool { _, ok := t.cols[a]; return ok }) {
			return &InputError{File: t.file, Line: 1, Msg: fmt.Sprintf("missing column %s (the header has: %s)", strings.Join(alts, " or "), strings.Join(t.header, ", "))}
		}
	}
	return nil
}

// extra returns a note naming the columns not in known, or "".
func (t *table) extra(known ...string) string {
	var extra []string
	for _, h := range t.header {
		if !slices.Contains(known, h) {
			extra = append(extra, h)
		}
	}
	if len(extra) == 0 {
		return ""
	}
	return fmt.Sprintf("%s: ignored column(s) %s", t.file, strings.Join(extra, ", "))
}

// cell is one row's value of a column, trimmed; "" when the column is
// absent.
type cell struct {
	t    *table
	r    *row
	name string
	i    int // -1 if the column is absent
}

func (t *table) cell(r *row, name string) cell {
	i, ok := t.cols[name]
	if !ok {
		return cell{t, r, name, -1}
	}
	return cell{t, r, name, i}
}

func (c cell) text() string {
	if c.i < 0 || c.i >= len(c.r.cells) {
		return ""
	}
	return strings.TrimSpace(c.r.cells[c.i])
}

func (c cell) err(msg string) error {
	col := 0
	if c.i >= 0 && c.i < len(c.r.cols) {
		col = c.r.cols[c.i]
	}
	return &InputError{File: c.t.file, Line: c.r.line, Column: col, Field: c.name, Msg: msg}
}

func (c cell) where() string { return fmt.Sprintf("%s:%d", c.t.file, c.r.line) }

// required returns the cell's text or an error if it is empty.
func (c cell) required() (string, error) {
	s := c.text()
	if s == "" {
		return "", c.err("required, but empty")
	}
	return s, nil
}

// time parses the cell with parse; empty gives the zero time.
func (c cell) time(parse func(string) (time.Time, bool), want string) (time.Time, error) {
	s := c.text()
	if s == "" {
		return time.Time{}, nil
	}
	t, ok := parse(s)
	if !ok {
		return time.Time{}, c.err(fmt.Sprintf("%q is not %s", s, want))
	}
	return t, nil
}

const (
	rfc3339Want = "an RFC 3339 timestamp with offset, e.g. 2026-01-05T09:30:00Z"
	sqlTimeWant = "a timestamp, e.g. 2026-01-05 09:30:00 or 2026-01-05T09:30:00Z"
)

// boolean parses true/false; empty gives (false, false).
func (c cell) boolean() (v, known bool, err error) {
	switch s := c.text(); s {
	case "":
		return false, false, nil
	case "true":
		return true, true, nil
	case "false":
		return false, true, nil
	default:
		return false, false, c.err(fmt.Sprintf("%q must be true or false", s))
	}
}

// count parses a whole number ≥ 0; empty gives -1.
func (c cell) count() (int, error) {
	s := c.text()
	if s == "" {
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, c.err(fmt.Sprintf("%q must be a whole number ≥ 0", s))
	}
	return n, nil
}
