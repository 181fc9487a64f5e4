// Package replay tells one replication of one arm as a story: from the
// outcome's event log (models.RunOptions.Record) it computes the window
// told, each record as a line of text with its time, the share of users
// affected and the loss so far, and the incidents (New).
//
// It computes and never draws: package reports writes a Replay as text or
// as an SVG timeline, and the workshop page steps through it.
package replay
