package fit

import (
	"fmt"
	"io"
	"strings"
)

// devlakeTables are the DevLake tables the fit reads from a SQL dump.
var devlakeTables = []string{"cicd_deployment_commits", "incidents", "project_pr_metrics"}

// ReadSQLDump reads the DevLake tables the fit uses from the SQL that
// mysqldump writes (CREATE TABLE with the columns, then INSERT INTO …
// VALUES rows, with or without a column list). Other tables are skipped.
func ReadSQLDump(file string, r io.Reader) (*Records, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &InputError{File: file, Msg: err.Error()}
	}
	tables, err := parseSQLDump(file, string(data))
	if err != nil {
		return nil, err
	}
	out := &Records{}
	found := 0
	for _, name := range devlakeTables {
		t, ok := tables[name]
		if !ok {
			continue
		}
		found++
		rec, err := readDevLake(t)
		if err != nil {
			return nil, err
		}
		out.Merge(rec)
	}
	if found == 0 {
		return nil, &InputError{File: file, Msg: "no DevLake table the fit reads (" + strings.Join(devlakeTables, ", ") + "): dump them with mysqldump lake " + strings.Join(devlakeTables, " ")}
	}
	return out, nil
}

// sqlScanner walks SQL text keeping the line number.
type sqlScanner struct {
	file string
	s    string
	i    int
	line int
}

func (p *sqlScanner) errf(format string, args ...any) error {
	return &InputError{File: p.file, Line: p.line, Msg: fmt.Sprintf(format, args...)}
}

func (p *sqlScanner) eof() bool { return p.i >= len(p.s) }

func (p *sqlScanner) next() byte {
	c := p.s[p.i]
	p.i++
	if c == '\n' {
		p.line++
	}
	return c
}

// space skips white space and comments.
func (p *sqlScanner) space() error {
	for !p.eof() {
		switch {
		case p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\r' || p.s[p.i] == '\n':
			p.next()
		case strings.HasPrefix(p.s[p.i:], "--") || p.s[p.i] == '#':
			for !p.eof() && p.s[p.i] != '\n' {
				p.next()
			}
		case strings.HasPrefix(p.s[p.i:], "/*"):
			start := p.line
			p.next()
			p.next()
			for !p.eof() && !strings.HasPrefix(p.s[p.i:], "*/") {
				p.next()
			}
			if p.eof() {
				p.line = start
				return p.errf("comment not closed")
			}
			p.next()
			p.next()
		default:
			return nil
		}
	}
	return nil
}

// skipStatement skips to the end of the statement, respecting quotes.
func (p *sqlScanner) skipStatement() error {
	for !p.eof() {
		c := p.s[p.i]
		switch c {
		case ';':
			p.next()
			return nil
		case '\'', '"':
			if _, err := p.quoted(); err != nil {
				return err
			}
		case '`':
			if _, err := p.ident(); err != nil {
				return err
			}
		default:
			p.next()
		}
	}
	return nil
}

// quoted reads a quoted string with MySQL's escapes.
func (p *sqlScanner) quoted() (string, error) {
	q := p.next()
	start := p.line
	var b strings.Builder
	for !p.eof() {
		c := p.next()
		switch {
		case c == '\\':
			if p.eof() {
				break
			}
			e := p.next()
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '0':
				b.WriteByte(0)
			case 'Z':
				b.WriteByte(26)
			default:
				b.WriteByte(e)
			}
		case c == q:
			if !p.eof() && p.s[p.i] == q {
				p.next()
				b.WriteByte(q)
				continue
			}
			return b.String(), nil
		default:
			b.WriteByte(c)
		}
	}
	p.line = start
	return "", p.errf("string not closed")
}

// ident reads a `quoted` or bare identifier.
func (p *sqlScanner) ident() (string, error) {
	if !p.eof() && p.s[p.i] == '`' {
		p.next()
		j := strings.IndexByte(p.s[p.i:], '`')
		if j < 0 {
			return "", p.errf("identifier not closed")
		}
		id := p.s[p.i : p.i+j]
		for range j + 1 {
			p.next()
		}
		return id, nil
	}
	j := p.i
	for j < len(p.s) && (isWord(p.s[j])) {
		j++
	}
	if j == p.i {
		return "", p.errf("want a name")
	}
	id := p.s[p.i:j]
	p.i = j
	return id, nil
}

func isWord(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '$'
}

// keyword consumes the case-insensitive words if they come next.
func (p *sqlScanner) keyword(words ...string) bool {
	save, saveLine := p.i, p.line
	for _, w := range words {
		if err := p.space(); err != nil {
			p.i, p.line = save, saveLine
			return false
		}
		if len(p.s)-p.i < len(w) || !strings.EqualFold(p.s[p.i:p.i+len(w)], w) || p.i+len(w) < len(p.s) && isWord(p.s[p.i+len(w)]) {
			p.i, p.line = save, saveLine
			return false
		}
		p.i += len(w)
	}
	return true
}

func (p *sqlScanner) expect(c byte) error {
	if err := p.space(); err != nil {
		return err
	}
	if p.eof() || p.s[p.i] != c {
		got := "the end"
		if !p.eof() {
			got = fmt.Sprintf("%q", p.s[p.i])
		}
		return p.errf("want %q, got %s", c, got)
	}
	p.next()
	return nil
}

// value reads one value of a VALUES tuple: a string, NULL, a number or
// another bare word (as text). NULL gives "".
func (p *sqlScanner) value() (string, error) {
	if err := p.space(); err != nil {
		return "", err
	}
	if p.eof() {
		return "", p.errf("want a value, got the end")
	}
	if p.keyword("_binary") || p.keyword("_utf8mb4") {
		if err := p.space(); err != nil {
			return "", err
		}
	}
	switch c := p.s[p.i]; {
	case c == '\'' || c == '"':
		return p.quoted()
	default:
		j := p.i
		for j < len(p.s) && (isWord(p.s[j]) || p.s[j] == '.' || p.s[j] == '-' || p.s[j] == '+') {
			j++
		}
		if j == p.i {
			return "", p.errf("want a value, got %q", c)
		}
		v := p.s[p.i:j]
		p.i = j
		if strings.EqualFold(v, "NULL") {
			return "", nil
		}
		return v, nil
	}
}

// parseSQLDump returns the tables of interest, by name.
func parseSQLDump(file, s string) (map[string]*table, error) {
	p := &sqlScanner{file: file, s: s, line: 1}
	cols := map[string][]string{}
	tables := map[string]*table{}
	want := func(name string) bool {
		for _, t := range devlakeTables {
			if t == name {
				return true
			}
		}
		return false
	}
	for {
		if err := p.space(); err != nil {
			return nil, err
		}
		if p.eof() {
			break
		}
		switch {
		case p.keyword("CREATE", "TABLE"):
			p.keyword("IF", "NOT", "EXISTS")
			if err := p.space(); err != nil {
				return nil, err
			}
			name, err := p.ident()
			if err != nil {
				return nil, err
			}
			if err := p.expect('('); err != nil {
				return nil, err
			}
			var names []string
			depth := 1
			atStart := true
			for depth > 0 {
				if err := p.space(); err != nil {
					return nil, err
				}
				if p.eof() {
					return nil, p.errf("CREATE TABLE %s not closed", name)
				}
				c := p.s[p.i]
				switch {
				case c == '`' && depth == 1 && atStart:
					id, err := p.ident()
					if err != nil {
						return nil, err
					}
					names = append(names, strings.ToLower(id))
					atStart = false
				case c == '\'' || c == '"':
					if _, err := p.quoted(); err != nil {
						return nil, err
					}
				case c == '(':
					depth++
					p.next()
				case c == ')':
					depth--
					p.next()
				case c == ',' && depth == 1:
					atStart = true
					p.next()
				default:
					atStart = false
					p.next()
				}
			}
			cols[name] = names
			if err := p.skipStatement(); err != nil {
				return nil, err
			}
		case p.keyword("INSERT"):
			p.keyword("IGNORE")
			if !p.keyword("INTO") {
				return nil, p.errf("want INSERT INTO")
			}
			if err := p.space(); err != nil {
				return nil, err
			}
			name, err := p.ident()
			if err != nil {
				return nil, err
			}
			if !want(name) {
				if err := p.skipStatement(); err != nil {
					return nil, err
				}
				continue
			}
			header := cols[name]
			if err := p.space(); err != nil {
				return nil, err
			}
			if !p.eof() && p.s[p.i] == '(' {
				p.next()
				header = nil
				for {
					if err := p.space(); err != nil {
						return nil, err
					}
					id, err := p.ident()
					if err != nil {
						return nil, err
					}
					header = append(header, strings.ToLower(id))
					if err := p.space(); err != nil {
						return nil, err
					}
					if !p.eof() && p.s[p.i] == ',' {
						p.next()
						continue
					}
					if err := p.expect(')'); err != nil {
						return nil, err
					}
					break
				}
			}
			if header == nil {
				return nil, p.errf("INSERT INTO %s without a column list and no CREATE TABLE %s before it: dump with the table structure (mysqldump without --no-create-info) or with --complete-insert", name, name)
			}
			t := tables[name]
			if t == nil {
				t = &table{file: file, header: header, cols: map[string]int{}}
				for i, h := range header {
					t.cols[h] = i
				}
				tables[name] = t
			}
			if !p.keyword("VALUES") {
				return nil, p.errf("want VALUES")
			}
			for {
				if err := p.expect('('); err != nil {
					return nil, err
				}
				rw := row{line: p.line}
				for {
					v, err := p.value()
					if err != nil {
						return nil, err
					}
					rw.cells = append(rw.cells, v)
					if err := p.space(); err != nil {
						return nil, err
					}
					if !p.eof() && p.s[p.i] == ',' {
						p.next()
						continue
					}
					if err := p.expect(')'); err != nil {
						return nil, err
					}
					break
				}
				if len(rw.cells) != len(t.header) {
					return nil, &InputError{File: file, Line: rw.line, Msg: fmt.Sprintf("a row of %s has %d values, the table %d columns", name, len(rw.cells), len(t.header))}
				}
				t.rows = append(t.rows, rw)
				if err := p.space(); err != nil {
					return nil, err
				}
				if !p.eof() && p.s[p.i] == ',' {
					p.next()
					continue
				}
				if err := p.expect(';'); err != nil {
					return nil, err
				}
				break
			}
		default:
			if err := p.skipStatement(); err != nil {
				return nil, err
			}
		}
	}
	return tables, nil
}
