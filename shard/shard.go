package shard

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxShards is the most slices a computation can be cut into: the
// largest parallelism a Kubernetes Job accepts.
const MaxShards = 100_000

// Slice is slice Index of Count (0 ≤ Index < Count).
type Slice struct{ Index, Count int }

// String writes the slice as --shard takes it: "2/7".
func (s Slice) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Bounds returns the slice's jobs of a list of n: lo ≤ j < hi. The
// slices of a list are contiguous, in order, and differ in length by one
// at most.
func (s Slice) Bounds(n int) (lo, hi int) {
	return s.Index * n / s.Count, (s.Index + 1) * n / s.Count
}

// Has reports whether job j of a list of n is in the slice.
func (s Slice) Has(j, n int) bool {
	lo, hi := s.Bounds(n)
	return lo <= j && j < hi
}

// Jobs lists the slice's jobs of a list of n, in order.
func (s Slice) Jobs(n int) []int {
	lo, hi := s.Bounds(n)
	out := make([]int, 0, hi-lo)
	for j := lo; j < hi; j++ {
		out = append(out, j)
	}
	return out
}

// Parse reads "i/N": slice i (from 0) of N.
func Parse(text string) (Slice, error) {
	a, b, ok := strings.Cut(text, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil {
		return Slice{}, fmt.Errorf("want INDEX/COUNT, as in 0/8 (the first of eight), or auto")
	}
	return New(i, n)
}

// New returns slice i of n, or an error that says which is out of range.
func New(i, n int) (Slice, error) {
	switch {
	case n < 1 || n > MaxShards:
		return Slice{}, fmt.Errorf("%d shards: want 1 to %d", n, MaxShards)
	case i < 0 || i >= n:
		return Slice{}, fmt.Errorf("shard index %d: want 0 to %d for %d shards", i, n-1, n)
	}
	return Slice{i, n}, nil
}

// IndexVars returns the environment variables that array-job schedulers set
// to a task's index, in the order FromEnv reads them. HTCondor sets none
// of its own: a submit file passes $(Process) in DEPLOYSIM_SHARD_INDEX
// (environment = "DEPLOYSIM_SHARD_INDEX=$(Process)").
func IndexVars() []string {
	return []string{
		"JOB_COMPLETION_INDEX",      // Kubernetes Indexed Job
		"AWS_BATCH_JOB_ARRAY_INDEX", // AWS Batch array job
		"SLURM_ARRAY_TASK_ID",       // Slurm job array (less SLURM_ARRAY_TASK_MIN)
		"DEPLOYSIM_SHARD_INDEX",     // anything else: HTCondor's $(Process)
	}
}

// FromEnv returns slice i of count, i read from the first of IndexVars
// that getenv finds set, and that variable's name. A Slurm array
// numbered from SLURM_ARRAY_TASK_MIN (--array=1-8) counts from there.
// Two variables set to different indexes are an error, as is none.
func FromEnv(getenv func(string) string, count int) (Slice, string, error) {
	found, index := "", 0
	for _, name := range IndexVars() {
		v := getenv(name)
		if v == "" {
			continue
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return Slice{}, name, fmt.Errorf("%s=%q: want a whole number", name, v)
		}
		if name == "SLURM_ARRAY_TASK_ID" {
			if m := getenv("SLURM_ARRAY_TASK_MIN"); m != "" {
				lo, err := strconv.Atoi(strings.TrimSpace(m))
				if err != nil {
					return Slice{}, name, fmt.Errorf("SLURM_ARRAY_TASK_MIN=%q: want a whole number", m)
				}
				i -= lo
			}
		}
		if found != "" && i != index {
			return Slice{}, name, fmt.Errorf("%s says task %d but %s says %d: run with --shard INDEX/COUNT", found, index, name, i)
		}
		if found == "" {
			found, index = name, i
		}
	}
	if found == "" {
		return Slice{}, "", fmt.Errorf("none of %s is set: run as an array job's task, or give --shard INDEX/COUNT", strings.Join(IndexVars(), ", "))
	}
	s, err := New(index, count)
	if err != nil {
		return Slice{}, found, fmt.Errorf("%s=%d: %w", found, index, err)
	}
	return s, found, nil
}
