package web

import (
	"math"

	"deploysim/metrics"
)

// markTies extends the table's best-arm marks (metrics marks the best arm
// of a row and any within 1% of it) to every arm the runs cannot tell
// from the best (tied: the difference is within its 95% interval), and
// takes them off a row where that leaves every arm marked: a room is not
// shown a best that is noise (canary-vs-big-bang's change failure rates,
// 5.4% ± 0.28% against 5.5% ± 0.28%). The page's note under the table
// says what the mark means.
func markTies(sum *metrics.Summary) {
	if len(sum.Arms) == 0 {
		return
	}
	for m, def := range metrics.All() {
		best := -1
		for a := range sum.Arms {
			if m >= len(sum.Arms[a].Stats) {
				return
			}
			st := sum.Arms[a].Stats[m]
			if !st.Best || math.IsNaN(st.Headline) {
				continue
			}
			if best < 0 || def.HigherIsBetter && st.Headline > sum.Arms[best].Stats[m].Headline ||
				!def.HigherIsBetter && st.Headline < sum.Arms[best].Stats[m].Headline {
				best = a
			}
		}
		if best < 0 {
			continue
		}
		all := true
		for a := range sum.Arms {
			st := &sum.Arms[a].Stats[m]
			if math.IsNaN(st.Headline) {
				continue
			}
			if !st.Best && tied(*st, sum.Arms[best].Stats[m]) {
				st.Best = true
			}
			all = all && st.Best
		}
		if all {
			for a := range sum.Arms {
				sum.Arms[a].Stats[m].Best = false
			}
		}
	}
}
