// Deploysim compares big manual "epic" releases with continuous delivery
// and continuous deployment by simulation, and prints what a workshop
// room needs to see: DORA's four key metrics, downtime and money lost,
// each with a 95% confidence interval.
//
// Usage:
//
//	deploysim run [SCENARIO|FILE|-] [flags] run a scenario and print the comparison
//	deploysim case SCENARIO|FILE [flags]    the business case of moving between two arms: NPV, ROI, payback
//	deploysim list                          the built-in scenarios and their titles
//	deploysim show NAME                     a scenario as YAML, every parameter resolved
//	deploysim init [--case] [FILE]          write a commented scenario (or business case) to start from
//	deploysim validate FILE...              check scenario files, every problem at once
//	deploysim schema                        the JSON Schema of scenario files, for editors
//	deploysim serve [FILE...] [--addr A]    the workshop web page (package web)
//	deploysim replay SCENARIO --arm NAME    one replication told minute by minute
//	deploysim merge PART|DIR... [-o FILE]   the report of a run, sweep, sensitivity or case run in shards (--shard I/N)
//	deploysim k8s job [flags] -- COMMAND... a Kubernetes Indexed Job that runs a command in shards, and its merge
//	deploysim version                       the version of deploysim
//
// Every command takes --help, which lists its flags with examples.
//
// serve listens on 127.0.0.1:8080 unless --addr says otherwise, and warns
// when the address is not loopback: the page has no authentication.
// Ctrl-C stops it, cancelling the simulations under way.
//
// # Exit status
//
// 0 on success (and for --help), 1 when a run or writing its output
// fails or is interrupted (Ctrl-C), 2 for a usage or input error: an
// unknown command or flag, a bad flag value, a scenario that does not
// exist or does not validate, an output path that cannot be written or
// clashes with an input or another output, a scenario whose replications
// would explode (*sim.BudgetError from the model too). Errors go to
// standard error, one line per
// problem. deploysim without a command prints the help to standard error
// and exits 2, as a missing argument is a usage error.
//
// # Output
//
// run prints a table for people by default, whether or not standard
// output is a terminal (people pipe it into less). --format json is the
// machine-readable form (its schema is documented in package reports);
// csv and markdown are the others. With --output FILE and no --format,
// the format follows the file's extension (.json, .csv, .md).
//
// case prints the same kinds of output, and with -o FILE.pdf (or
// --format pdf) a one-page executive summary on A4 or --paper letter;
// -o FILE.html is the same page self-contained.
//
// Files deploysim writes (--output, --per-replication, --report, init)
// appear whole, all of them, or not at all (stage.go): every path is
// checked before the run; everything is rendered in memory; then each
// file is staged as a temporary file beside its target (0666 less the
// umask, or the mode of the file it replaces) and only once all are
// staged renamed into place. A symlink is written through; a device,
// FIFO or /dev/stdout is written in place. Ctrl-C or SIGTERM cancels the
// command, which stops within a fraction of a second and leaves no file;
// a second signal removes the temporary files and exits at once.
//
// Progress (replications done, rate, time left) is shown on standard
// error only when standard error is a terminal and --quiet is not given.
//
// # Version
//
// The version is "dev" unless set at link time with
//
//	go build -ldflags "-X main.version=v1.2.3" ./cmd/deploysim
//
// or recorded by the go command in the build information (go install
// deploysim/cmd/deploysim@v1.2.3, or a go build that stamps the VCS
// revision). Every report ends with the command that reproduces it and
// this version.
package main
