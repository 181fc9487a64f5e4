// Package units writes numbers for people, always with their unit and
// rounded to what a reader can use: durations ("41 min", "3.2 h"), money
// ("$1.2M"), percentages, rates per year and ratios; NaN is written "n/a".
//
// It is the one place these rules live, so a report, the replay's
// narration, a summary's warnings and the web page write a number the
// same way. It knows nothing of metrics or models.
package units
