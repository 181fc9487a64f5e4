package models

// Keyed random numbers: common random numbers by construction.
//
// Every random attribute of a change (its size, whether it is defective,
// its severity, how long each stage takes on it, whether each stage
// catches it, when its fault shows, when users report a minor defect) is a pure function of the
// replication's seed, the change's arrival number, what the number is for
// and which attempt it is. No draw depends on how many draws came before,
// so two arms that treat the same change differently still see the same
// change: a what-if that makes one stage slower moves no other number.
//
// The function is SplitMix64's finaliser over a combination of the keys,
// which passes BigCrush as a generator; one call costs a few nanoseconds,
// less than a PCG step plus a branch.

// purposes of keyed draws.
const (
	keySize uint64 = iota + 1
	keyDefect
	keySeverity
	keyIrreversible
	keyStageTime
	keyStageCatch
	keyBatchCatch
	keySmokeCatch
	keyRework
	keyActivation
	keyMinorReport
	keyConfigTouch // the change touches configuration, infrastructure or a dependency
	keyConfigBreak // ...and breaks outside the code once deployed
	keyComponent   // the component it touches
	keyInteract    // a pair of changes in one component interacts (n: the other change's key)
	keyFlag        // its new behaviour sits behind a feature flag
	keyConfigCatch // a post-deployment check catches its configuration fault
)

func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// keyed draws the uniform and normal numbers of one replication.
type keyed struct{ base uint64 }

func newKeyed(seed uint64, replication int) keyed {
	return keyed{base: mix64(mix64(seed^0x6a09e667f3bcc909) + uint64(replication)*0x9e3779b97f4a7c15)}
}

func (k keyed) bits(seq, purpose, n uint64) uint64 {
	return mix64(mix64(k.base^(seq*0x9e3779b97f4a7c15)) ^ (purpose<<48 | n))
}

// uniform returns a number in [0, 1).
func (k keyed) uniform(seq, purpose, n uint64) float64 {
	return float64(k.bits(seq, purpose, n)>>11) / (1 << 53)
}

// attempt packs an attempt number and a stage index into a draw's n.
func attempt(a, stage int) uint64 { return uint64(a)<<16 | uint64(stage) }
