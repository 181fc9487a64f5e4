//go:build !race

package main

// raceSlowdown scales the time limits of the interrupt tests (see
// race_on_test.go).
const raceSlowdown = 1
