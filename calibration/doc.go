// Package calibration holds no code: its tests check that every built-in
// scenario lands where the published figures it cites say, at several
// seeds, with the statistics the reports print (metrics.Summarize).
//
// The built-ins are calibrated, not rigged: their files choose practices
// (batching, test catch rates, deployment automation, monitoring,
// rollback) and these tests check the outcomes that follow. They are the
// slowest tests of the project and are skipped by go test -short.
package calibration
