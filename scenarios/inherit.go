package scenarios

import (
	"slices"

	"deploysim/models"
)

// Inheritors returns the other arms that an override of path
// ("arms.NAME.field") changes as well: the arms that extend NAME,
// directly or through other arms, and set neither the field nor the list
// or the value holding it on the way (a mapping merges key by key; a list
// or a value replaces what it inherits). The web page says so beside a
// lever, so that a room moving one arm's lever is not surprised when
// another arm's numbers move.
func (s *Scenario) Inheritors(path string) []string {
	segs, msg := parsePath(path)
	if msg != "" || len(segs) < 3 || segs[0].key != "arms" || segs[1].index >= 0 || s.root == nil {
		return nil
	}
	arms := s.root.get("arms")
	if arms == nil || len(arms.items) != len(s.Arms) {
		return nil
	}
	target := slices.IndexFunc(s.Arms, func(a models.Arm) bool { return a.Name == segs[1].key })
	if target < 0 {
		return nil
	}
	field := segs[2:]
	var out []string
	for i := range s.Arms {
		// Up the arm's chain of extends (the loader refused cycles).
		for x := i; x >= 0 && x != target; x = s.parent(x) {
			if setsField(arms.items[x], field) {
				break
			}
			if s.parent(x) == target {
				out = append(out, s.Arms[i].Name)
			}
		}
	}
	return out
}

// parent returns the index of the arm that arm i extends, or -1.
func (s *Scenario) parent(i int) int {
	if i < len(s.parents) {
		return s.parents[i]
	}
	return -1
}

// setsField reports whether arm node n writes field itself, or the list or
// value that holds it.
func setsField(n *node, field []segment) bool {
	cur := n
	for _, sg := range field {
		if sg.index >= 0 {
			return true // cur is a list the arm writes: it replaces the inherited one
		}
		next := cur.get(sg.key)
		if next == nil {
			return false
		}
		if next.kind != mapNode {
			return true
		}
		cur = next
	}
	return true
}
