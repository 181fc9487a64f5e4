// Package scenarios reads deploysim scenarios: YAML files that name the
// ways of delivering to compare (the arms), what they share, how long and
// how often to simulate them, and the story a trainer tells with them.
//
// A scenario file writes values in human units (45m, 13w, 10/day, 5%) and
// states only what differs from the built-in defaults; arms may extend one
// another. Load reads a built-in scenario by name (List names them) or a
// file by path; Read reads one from an io.Reader (standard input); Parse
// reads YAML text. Both decode strictly and report
// every problem at once as Errors, each with file, line, field path and
// the allowed range:
//
//	epic.yaml:14: arms[0].deploy.step_error_prob: must be in [0,1], got 1.5
//
// Ranges come from models.(*Arm).Validate, so the model and the file
// format cannot disagree about them. Scenario.With applies what-if
// overrides (arms.quarterly-manual.release.every=30d) with the same checks, and
// Scenario.Experiment returns the models.Experiment to run. A scenario's
// uncertain: section (Scenario.Uncertain, each a Range) states 90%
// intervals of the inputs nobody knows exactly; Scenario.WithValues sets
// numeric values, in the model's units, at the same paths. Params and
// ArmYAML print an arm's resolved parameters for a report's assumptions.
//
// # Limits
//
// Nothing a file says can make deploysim hang, run out of memory or
// overflow. Load and Read take at most 1 MiB (through an io.LimitReader,
// so /dev/zero is refused in milliseconds); text must be UTF-8 without
// control characters, and the error says where it is not. Every
// duration, rate and amount has an upper bound (models.MaxHours,
// models.MaxMoneyRate). And a scenario whose arms would need more than
// 1e8 events a replication, or whose incidents could not close within
// 1000 hotfix rounds, is refused with the parameter that causes it
// (explode.go): validate predicts what run would otherwise discover hours
// later. FuzzSimulate checks those predictions against the model.
//
// One table, in schema.go, describes every parameter: decoding, printing
// and the generated reference (Reference, checked in as
// docs/scenario-reference.md) all use it. Template returns the commented
// file that deploysim init writes.
//
// The built-in library, embedded from library/*.yaml, is calibrated
// against published figures (see each file's sources): epic-vs-continuous
// (the default), knight-capital-2012, dora-2019, batch-size and
// canary-vs-big-bang.
package scenarios
