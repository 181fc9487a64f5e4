package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/pflag"
)

func mergeCommand() *command {
	return &command{
		name:    "merge",
		args:    "PART|DIR…",
		summary: "merge the partial results of a sharded run, sweep, sensitivity or case",
		long: `Reads the partial results that deploysim run, sweep, sensitivity or case
wrote with --shard, one per shard, checks that they belong together (one
command line, scenario, seed, override set and deploysim build; every shard
exactly once; no file cut short) and writes the report the same command
would have written run on one machine: the same bytes, in any format it
writes. A directory stands for every *` + partExt + ` file in it.

The scenario is read again by the name the shards were given (a built-in
or a file): it must be the one they ran. Render options (--dora, --paper,
--layout, --top, …) are the shards'; the output is merge's own: -o, --format,
--report and --per-replication, as the command takes them. Memory grows
with the number of jobs (replications, points × replications or samples ×
years), not with the number of shards. A problem exits with status 2.`,
		examples: `  deploysim run my-team.yaml -n 1000 --shard 0/4 -o parts/   # … and 1/4, 2/4, 3/4, anywhere
  deploysim merge parts/ -o report.pdf
  deploysim merge parts/run-*.part --format json | jq '.arms[].name'
  deploysim case cd-business-case --shard auto --shards 16 -o /out/   # in an Indexed Job
  deploysim merge /out -o /out/case.html`,
		setup: func(fs *pflag.FlagSet) action {
			o := &mergeFlags{}
			fs.StringVarP(&o.output, "output", "o", "", "write the report to `FILE`, as the command's -o does (format from the extension)")
			fs.StringVar(&o.format, "format", "", "output `FORMAT`, as the command's --format")
			fs.StringVar(&o.perRep, "per-replication", "", "run only: also write one CSV row per replication and arm to `FILE`")
			fs.StringVar(&o.reportDir, "report", "", "also write the command's report to `DIR`")
			fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing on standard error but problems")
			return func(ctx context.Context, e *env, args []string) error {
				return o.run(ctx, e, args)
			}
		},
	}
}

type mergeFlags struct {
	output, format, perRep, reportDir string
	quiet                             bool
}

func (o *mergeFlags) run(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("name the parts to merge: files, or directories of *%s files %s", partExt, seeHelp(find(commands(), "merge")))
	}
	var paths []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return usagef("%s: %v", a, unwrapPath(err))
		}
		if !st.IsDir() {
			paths = append(paths, a)
			continue
		}
		found, err := filepath.Glob(filepath.Join(a, "*"+partExt))
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return usagef("%s: no *%s files in the directory", a, partExt)
		}
		paths = append(paths, found...)
	}
	t, err := readParts(paths)
	if err != nil {
		return err
	}
	m := &t.manifest
	c := find(commands(), m.Command)
	if c == nil || !shardable(c.name) {
		return usagef("%s: parts of deploysim %q, which this deploysim does not shard", paths[0], m.Command)
	}
	// The command line of the single run: merge's outputs, then the
	// shards' own arguments (which end with -- and the scenario).
	var own []string
	for _, f := range []struct{ name, value string }{{"output", o.output}, {"format", o.format}, {"per-replication", o.perRep}, {"report", o.reportDir}} {
		if f.value != "" {
			own = append(own, "--"+f.name+"="+f.value)
		}
	}
	if o.quiet {
		own = append(own, "--quiet")
	}
	me := *e
	me.part = &partMode{merge: t}
	return execute(ctx, &me, c, append(own, slices.Clone(m.Args)...))
}
