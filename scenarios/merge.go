package scenarios

import "slices"

// Merging. An arm is the built-in defaults, overlaid by the scenario's
// defaults, by the arm it extends and by its own fields. Mappings merge key
// by key; a list or a single value replaces what it overlays; an empty
// section ("deploy:" with nothing under it) changes nothing. A random
// duration written as a single value ("2h") replaces the inherited one,
// coefficient of variation included, while a mapping ({cv: 1}) merges
// into it.

// merge overlays child on parent, both sections with fields fs. It builds
// new mapping nodes and shares the leaves, so that every leaf keeps the
// place where it was written.
func merge(fs []*field, parent, child *node) *node {
	switch {
	case child == nil:
		return parent
	case parent == nil:
		return child
	case child.kind == nullNode:
		return parent
	case child.kind != mapNode:
		// A section written as a single value or a list is an error that
		// the decoder reports where it was written. Inheriting the parent
		// keeps it the only one, instead of one per field left blank.
		return parent
	case parent.kind != mapNode:
		return child
	}
	return mergeMap(parent, child, func(key string) *field { return lookup(fs, key) })
}

func mergeMap(parent, child *node, fieldOf func(string) *field) *node {
	out := &node{kind: mapNode, line: child.line, src: child.src, path: child.path}
	for i, k := range parent.keys {
		v := parent.vals[i]
		if j := slices.IndexFunc(child.keys, func(c *node) bool { return c.value == k.value }); j >= 0 {
			k, v = child.keys[j], mergeField(fieldOf(k.value), v, child.vals[j])
		}
		out.keys = append(out.keys, k)
		out.vals = append(out.vals, v)
	}
	for j, k := range child.keys {
		if parent.get(k.value) == nil {
			out.keys = append(out.keys, k)
			out.vals = append(out.vals, child.vals[j])
		}
	}
	return out
}

func mergeField(f *field, parent, child *node) *node {
	switch {
	case f == nil || f.list:
		return child
	case f.fields != nil:
		return merge(f.fields, parent, child)
	case f.kind == distKind && child.kind == mapNode:
		if parent.kind == scalarNode {
			// {cv: 1} over "2h": keep the inherited mean.
			mean := &node{kind: scalarNode, value: "mean", line: parent.line, src: parent.src, path: parent.path}
			parent = &node{kind: mapNode, line: parent.line, src: parent.src, path: parent.path,
				keys: []*node{mean}, vals: []*node{parent}}
		}
		if parent.kind == mapNode {
			return mergeMap(parent, child, func(string) *field { return nil })
		}
	}
	return child
}

// withoutKeys returns mapping n without the given keys (an arm's name,
// title and extends, which are not inherited).
func withoutKeys(n *node, keys []string) *node {
	if n == nil || n.kind != mapNode {
		return n
	}
	out := &node{kind: mapNode, line: n.line, src: n.src, path: n.path}
	for i, k := range n.keys {
		if !slices.Contains(keys, k.value) {
			out.keys = append(out.keys, k)
			out.vals = append(out.vals, n.vals[i])
		}
	}
	return out
}
