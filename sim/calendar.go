package sim

import "slices"

// calendar holds the pending events in (time, key) order. It has two
// layouts, chosen by its size:
//
//   - small (the delivery model's calendars hold about eight events): a
//     slice sorted latest first, so the next event is the last element.
//     Popping takes no comparison at all, and an insertion compares with
//     the events due before the new one (few: most new events are due
//     soon) and mispredicts one branch, where a heap's pop sifts down two
//     levels and mispredicts two or three.
//   - large: a 4-ary min-heap, whose O(log n) operations win once a
//     sorted insertion has many events to move.
//
// It switches to the heap above maxSorted events and back below minSorted;
// the gap between them keeps a calendar that hovers near one bound from
// converting on every event. The order in which events come out depends
// on their (time, key) only, never on the layout.
type calendar struct {
	ents []entry
	heap bool // ents is a 4-ary min-heap; otherwise sorted latest first
}

const (
	// maxSorted is the most events the sorted layout holds: past it an
	// insertion's linear scan costs more than a heap's sift
	// (BenchmarkHoldSize measures both).
	maxSorted = 32
	// minSorted is the size below which a heap goes back to sorted.
	minSorted = 8
)

func (c *calendar) len() int { return len(c.ents) }

// top returns the next event; the calendar must not be empty.
func (c *calendar) top() *entry {
	if c.heap {
		return &c.ents[0]
	}
	return &c.ents[len(c.ents)-1]
}

func (c *calendar) push(x entry) {
	if c.heap {
		c.ents = append(c.ents, x)
		c.up(len(c.ents) - 1)
		return
	}
	c.insert(x)
}

// insert is push in the sorted layout.
func (c *calendar) insert(x entry) {
	if len(c.ents) >= maxSorted {
		// Earliest first is already a heap.
		slices.Reverse(c.ents)
		c.heap = true
		c.push(x)
		return
	}
	// Move every event due before x one place up, from the end (the
	// earliest) down, and put x below the first one due after it.
	c.ents = append(c.ents, x)
	h := c.ents
	i := len(h) - 1
	for i > 0 && h[i-1].less(x) {
		h[i] = h[i-1]
		i--
	}
	h[i] = x
}

// pop removes and returns the next event; the calendar must not be empty.
func (c *calendar) pop() entry {
	h := c.ents
	n := len(h) - 1
	if !c.heap {
		c.ents = h[:n]
		return h[n]
	}
	top := h[0]
	c.ents = h[:n]
	if n > 0 {
		h[0] = h[n]
		c.down(0)
	}
	if n < minSorted {
		c.toSorted()
	}
	return top
}

// toSorted sorts the events latest first, in place, and makes that the
// layout.
func (c *calendar) toSorted() {
	slices.SortFunc(c.ents, func(a, b entry) int {
		switch {
		case b.less(a):
			return -1
		case a.less(b):
			return 1
		}
		return 0
	})
	c.heap = false
}

// keep removes every event for which live returns false, keeping the
// order of the rest.
func (c *calendar) keep(live func(entry) bool) {
	h := c.ents[:0]
	for _, en := range c.ents {
		if live(en) {
			h = append(h, en)
		}
	}
	c.ents = h
	if !c.heap {
		return // a sorted slice stays sorted
	}
	if len(h) < minSorted {
		c.toSorted()
		return
	}
	for i := (len(h) - 2) / 4; i >= 0; i-- { // from the last parent up
		c.down(i)
	}
}

// reset empties the calendar, keeping its storage.
func (c *calendar) reset() {
	c.ents = c.ents[:0]
	c.heap = false
}

// The heap layout: four children per node halve the depth of a binary
// heap, and the children of a node share a cache line.

func (c *calendar) up(i int) {
	h := c.ents
	x := h[i]
	for i > 0 {
		p := (i - 1) / 4
		if !x.less(h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = x
}

// down moves the entry at i towards the leaves until the heap order holds.
func (c *calendar) down(i int) {
	h := c.ents
	n := len(h)
	x := h[i]
	for {
		ch := 4*i + 1
		if ch >= n {
			break
		}
		m := ch
		end := min(ch+4, n)
		for j := ch + 1; j < end; j++ {
			if h[j].less(h[m]) {
				m = j
			}
		}
		if !h[m].less(x) {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = x
}
