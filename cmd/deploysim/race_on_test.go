//go:build race

package main

// raceSlowdown scales the time limits of the interrupt tests: the race
// detector slows a program down several times, and the 200 ms contract is
// checked by the run without it.
const raceSlowdown = 5
