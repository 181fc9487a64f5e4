package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Error is one problem in a scenario, located where it was written.
type Error struct {
	// Source is the file name, the built-in's name, or the override
	// ("--set arms.quarterly-manual.release.every=30x") that set the value.
	Source string
	// Line is the 1-based line in Source, or 0 if there is none (an
	// override, or a problem with the whole file).
	Line int
	// Path is the field as the file spells it ("arms[0].deploy.servers");
	// empty when Source already names it (an override) or for a problem
	// with the whole file.
	Path string
	// Msg says what is wrong and, for a value out of range, the range.
	Msg string

	rank int // order of the source: the file, then overrides in order
}

// Error formats the error as "source:line: path: message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Source)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in a scenario, in the order of the file
// (then of the overrides). Its Error method puts one problem on each line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// errorSink collects errors, dropping exact duplicates.
type errorSink struct {
	list Errors
	seen map[string]bool
	bad  map[*node]bool // nodes whose value did not parse
}

func (s *errorSink) add(e *Error) {
	key := fmt.Sprintf("%d\x00%s\x00%d\x00%s\x00%s", e.rank, e.Source, e.Line, e.Path, e.Msg)
	if s.seen[key] {
		return
	}
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[key] = true
	s.list = append(s.list, e)
}

// at records msg against node n, whose field path is path.
func (s *errorSink) at(n *node, path, msg string) {
	e := &Error{Path: path, Msg: msg}
	if n != nil && n.src != nil {
		e.Source, e.rank = n.src.name, n.src.rank
		if n.src.override != "" {
			// The override names the field; say the path only if the
			// problem is deeper inside a composite value.
			if path == n.src.target {
				e.Path = ""
			}
		} else {
			e.Line = n.line
		}
	}
	s.add(e)
}

// badValue records a value that did not parse and remembers the node, so
// that model validation does not report the zero left in its place.
func (s *errorSink) badValue(n *node, path, msg string) {
	if s.bad == nil {
		s.bad = map[*node]bool{}
	}
	s.bad[n] = true
	s.at(n, path, msg)
}

func (s *errorSink) err() error {
	if len(s.list) == 0 {
		return nil
	}
	list := slices.Clone(s.list)
	slices.SortStableFunc(list, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.Line, b.Line))
	})
	return list
}

// Suggest returns the candidate nearest to s if it is near enough to be a
// likely typo ("step_eror_prob" → "step_error_prob"), or the one candidate
// that s begins or extends, or "". The command line uses it for commands
// and flags too, so that every "did you mean" in deploysim agrees.
func Suggest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD >= 0 && bestD <= max(1, len(s)/3) && bestD < len(s) {
		return best
	}
	// A truncated or extended name: "step_error" for "step_error_prob".
	var pre []string
	for _, c := range candidates {
		if len(s) >= 3 && (strings.HasPrefix(c, s) || strings.HasPrefix(s, c) && len(c) >= 3) {
			pre = append(pre, c)
		}
	}
	if len(pre) == 1 {
		return pre[0]
	}
	return ""
}

// editDistance is the optimal-string-alignment distance between a and b,
// in bytes: insertions, deletions, substitutions and transpositions of
// neighbours ("mdoe" is one step from "mode"). Inputs are capped so that a
// hostile key cannot make it slow.
func editDistance(a, b string) int {
	const limit = 64
	a, b = a[:min(len(a), limit)], b[:min(len(b), limit)]
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// didYouMean formats a suggestion suffix: "; did you mean x?" or "".
func didYouMean(s string, candidates []string) string {
	if c := Suggest(s, candidates); c != "" {
		return "; did you mean " + c + "?"
	}
	return ""
}
