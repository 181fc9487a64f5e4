// Package export turns one replication's structured trace (models.Trace)
// into the records of the dashboards people use at work — Apache
// DevLake's domain tables and webhook bodies, CDEvents v0.5.1, Four Keys'
// events_raw, and plain CSV — and computes what each dashboard will show
// for them beside what happened (the simulation's true metrics), with one
// sentence per difference saying why.
//
// Build lays a trace on a real calendar (Data); the writers render Data;
// the Predict functions do the dashboards' arithmetic. Nothing here runs a
// simulation or touches a file: the command line does.
package export
