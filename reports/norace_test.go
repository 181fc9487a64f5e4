//go:build !race

package reports

// raceDetector is true when the tests run with -race, which makes
// rasterizing PNGs about twenty times slower.
const raceDetector = false
