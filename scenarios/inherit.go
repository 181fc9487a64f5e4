package scenarios

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
	if arms == nil {
		return nil
	}
	byName := map[string]*node{}
	parent := map[string]string{}
	for _, it := range arms.items {
		name := it.get("name")
		if name == nil || name.kind != scalarNode {
			continue
		}
		byName[name.value] = it
		if e := it.get("extends"); e != nil && e.kind == scalarNode {
			parent[name.value] = e.value
		}
	}
	target, field := segs[1].key, segs[2:]
	var out []string
	for _, a := range s.Arms {
		if a.Name == target {
			continue
		}
		// Up the arm's chain of extends, at most once round every arm
		// (a loop is the loader's error to report).
		for x, hops := a.Name, 0; x != "" && hops <= len(byName); x, hops = parent[x], hops+1 {
			if x == target {
				out = append(out, a.Name)
				break
			}
			if setsField(byName[x], field) {
				break
			}
		}
	}
	return out
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
