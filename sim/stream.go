package sim

import "math/rand/v2"

// Stream returns a random generator for one (seed, replication, stream id)
// triple. Different triples give independent-looking PCG sequences, and the
// same triple always gives the same sequence, so any replication can be
// replayed alone and no result depends on how replications were spread over
// workers. Models use distinct stream ids for distinct sources of randomness
// (arrivals, defects, durations) so that changing one part of a model does
// not shift the random numbers another part sees.
func Stream(seed uint64, replication int, stream uint64) *rand.Rand {
	return rand.New(NewSource(seed, replication, stream))
}

// NewSource is Stream's underlying source, for callers that want to set it
// as the Src of a gonum distribution directly.
func NewSource(seed uint64, replication int, stream uint64) *rand.PCG {
	// SplitMix64 finalisers decorrelate nearby inputs (seed 1 vs 2,
	// replication 0 vs 1) before they become PCG's two 64-bit seed words.
	hi := mix64(seed ^ mix64(stream+0x9e3779b97f4a7c15))
	lo := mix64(uint64(replication) ^ mix64(stream^0xd1b54a32d192ed03))
	return rand.NewPCG(hi, lo)
}

// mix64 is the SplitMix64 output function (Steele, Lea and Flood, 2014).
func mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
