package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"deploysim/bizcase"
	"deploysim/models"
	"deploysim/scenarios"
	"deploysim/shard"
	"deploysim/sim"
	"deploysim/whatif"
)

// Sharding (issue 25): run, sweep, sensitivity and case take --shard
// INDEX/COUNT (or --shard auto with --shards COUNT, the index read from
// an array job's environment). The command then runs as usual up to its
// simulation, simulates only its slice of the job list and writes the
// records with a manifest as a partial result (package shard) instead of
// its report. deploysim merge reads the parts and runs the same command
// again with the records standing in for the simulation, so that its
// output goes through the very code the single run's does.

// shardable reports whether a command takes --shard.
func shardable(name string) bool {
	return slices.Contains([]string{"run", "sweep", "sensitivity", "case"}, name)
}

// defineShardFlags adds --shard and --shards to a shardable command.
func defineShardFlags(c *command, fs *pflag.FlagSet) {
	if !shardable(c.name) {
		return
	}
	fs.String("shard", "", "compute only slice `I/N` (I from 0) of the work and write it as a partial result to -o FILE or -o DIR/; auto reads I from an array job's environment (JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, SLURM_ARRAY_TASK_ID, DEPLOYSIM_SHARD_INDEX); deploysim merge makes the report")
	fs.Int("shards", 0, "with --shard auto: how many slices `N` the work is cut into (the array's size)")
}

// sharded reports whether the command line asks for a shard.
func sharded(fs *pflag.FlagSet) bool {
	return fs.Lookup("shard") != nil && (fs.Changed("shard") || fs.Changed("shards"))
}

// errPartReady stops a sharded command once its records are in.
var errPartReady = errors.New("the shard's records are ready")

// partMode is what a sharded or merging command does at its simulation:
// a shard (merge nil) simulates its slice and keeps the records; a merge
// serves the records the parts hold.
type partMode struct {
	slice    shard.Slice
	manifest shard.Manifest
	records  []shard.Record
	ready    bool
	merge    *mergeTable
}

// mergeTable is every job's record, read from the parts.
type mergeTable struct {
	manifest shard.Manifest
	byJob    []shard.Record
	byKey    map[string][]*shard.Record // what-if jobs: key digest → by replication
}

// buildVersion is deploysim's version and the build's Go release and
// platform: parts merge only if they come from one build.
func buildVersion() string {
	return versionString() + " (" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")"
}

// scenarioDigest covers everything of a resolved scenario that a result
// depends on, overrides applied.
func scenarioDigest(sc *scenarios.Scenario) string {
	// No pointers: %#v would write their addresses.
	var c scenarios.Case
	if sc.Case != nil {
		c = *sc.Case
	}
	return shard.Digest(struct {
		Name, Title, Story, Currency, Baseline string
		Sources                                []string
		Arms                                   []models.Arm
		Seed                                   uint64
		Replications                           int
		HorizonHours, WarmupHours              float64
		HasCase                                bool
		Case                                   scenarios.Case
		Uncertain                              []scenarios.Range
	}{sc.Name, sc.Title, sc.Story, sc.Currency, sc.Baseline, sc.Sources, sc.Arms, sc.Seed, sc.Replications,
		sc.HorizonHours, sc.WarmupHours, sc.Case != nil, c, sc.Uncertain})
}

// begin notes the scenario a shard runs, or checks that a merge runs the
// scenario its parts were computed on, with a job list of n.
func (p *partMode) begin(sc *scenarios.Scenario, n int) error {
	m := shard.Manifest{Scenario: sc.Name, Digest: scenarioDigest(sc), Overrides: slices.Clone(sc.Overrides), Seed: sc.Seed, Replications: sc.Replications, Jobs: n}
	if p.merge == nil {
		p.manifest.Scenario, p.manifest.Digest, p.manifest.Overrides = m.Scenario, m.Digest, m.Overrides
		p.manifest.Seed, p.manifest.Replications, p.manifest.Jobs = m.Seed, m.Replications, m.Jobs
		return nil
	}
	f := &p.merge.manifest
	switch {
	case m.Digest != f.Digest:
		return usagef("scenario %s is not the one the shards ran (digest %.12s, the parts have %.12s): it changed since, or another file has its name", sc.Name, m.Digest, f.Digest)
	case m.Jobs != f.Jobs:
		return usagef("the parts hold %d jobs, the command makes %d", f.Jobs, m.Jobs)
	}
	return nil
}

// finish keeps a shard's records.
func (p *partMode) finish(recs []shard.Record) error {
	p.records, p.ready = recs, true
	return errPartReady
}

// job returns job j's record in a merge.
func (t *mergeTable) job(j int) (*shard.Record, error) {
	if j < 0 || j >= len(t.byJob) || t.byJob[j].Job != j {
		return nil, fmt.Errorf("merge: the parts hold no record of job %d", j)
	}
	return &t.byJob[j], nil
}

// runExperiment is exp.Run for run: in a shard, the slice's replications
// of every arm; in a merge, every replication from the parts.
func (e *env) runExperiment(ctx context.Context, sc *scenarios.Scenario, exp models.Experiment, workers int, progress func(done, total int)) (*models.Results, error) {
	p := e.part
	if p == nil {
		return exp.Run(ctx, workers, progress)
	}
	if err := exp.Validate(); err != nil {
		return nil, err
	}
	if err := p.begin(sc, exp.Replications); err != nil {
		return nil, err
	}
	if p.merge != nil {
		res := &models.Results{Experiment: exp, Outcomes: make([][]models.Outcome, len(exp.Arms))}
		for a := range exp.Arms {
			res.Outcomes[a] = make([]models.Outcome, exp.Replications)
		}
		for r := range exp.Replications {
			rec, err := p.merge.job(r)
			if err != nil {
				return nil, err
			}
			if len(rec.Outcomes) != len(exp.Arms) {
				return nil, fmt.Errorf("merge: replication %d has %d arms' outcomes, the scenario %d", r, len(rec.Outcomes), len(exp.Arms))
			}
			for a := range exp.Arms {
				res.Outcomes[a][r] = rec.Outcomes[a]
			}
		}
		return res, nil
	}
	mine := p.slice.Jobs(exp.Replications)
	recs, err := replicateSlice(ctx, mine, workers, progress, func(rep int) (shard.Record, error) {
		out := make([]models.Outcome, len(exp.Arms))
		for a := range exp.Arms {
			o, err := models.SimulateContext(ctx, &exp.Arms[a], models.RunOptions{
				Seed: exp.Seed, Replication: rep, HorizonHours: exp.HorizonHours, WarmupHours: exp.WarmupHours,
			})
			if err != nil {
				return shard.Record{}, err
			}
			out[a] = o
		}
		return shard.Record{Job: rep, Outcomes: out}, nil
	})
	if err != nil {
		return nil, err
	}
	return nil, p.finish(recs)
}

// replicateSlice runs job for every job number in mine over the workers.
func replicateSlice(ctx context.Context, mine []int, workers int, progress func(done, total int), job func(j int) (shard.Record, error)) ([]shard.Record, error) {
	if len(mine) == 0 { // more shards than jobs: an empty part
		return nil, nil
	}
	return sim.ReplicateErr(ctx, sim.Options{Replications: len(mine), Workers: workers, Progress: progress},
		func(k int) (shard.Record, error) { return job(mine[k]) })
}

// whatifCache is the cache sweep and sensitivity fetch their outcomes
// through. In a shard its first fetch (which asks for every arm the
// analysis will: later rounds of --precision only add replications)
// makes the job list — every distinct arm's replications 0 … n−1, n the
// most the command may run — and simulates the slice of it; in a merge
// every fetch is served from the parts, so the early stop falls where
// the single run's does.
func (e *env) whatifCache(sc *scenarios.Scenario, workers int) *whatif.Cache {
	c := whatif.NewCache(workers)
	p := e.part
	if p == nil {
		return c
	}
	n := sc.Replications
	c.Run = func(ctx context.Context, jobs []whatif.Job, progress func(done, total int)) ([]models.Outcome, error) {
		var keys []whatif.Job // the first job of every distinct arm
		seen := map[string]bool{}
		for _, j := range jobs {
			if !seen[j.Key] {
				seen[j.Key] = true
				keys = append(keys, j)
			}
		}
		if p.merge != nil {
			t := p.merge
			if t.byKey == nil {
				t.byKey = map[string][]*shard.Record{}
				for i := range t.byJob {
					r := &t.byJob[i]
					reps := t.byKey[r.Key]
					for len(reps) <= r.Replication {
						reps = append(reps, nil)
					}
					reps[r.Replication] = r
					t.byKey[r.Key] = reps
				}
			}
			outs := make([]models.Outcome, len(jobs))
			for i, j := range jobs {
				reps := t.byKey[shard.KeyDigest(j.Key)]
				if j.Replication >= len(reps) || reps[j.Replication] == nil || len(reps[j.Replication].Outcomes) != 1 {
					return nil, fmt.Errorf("merge: the parts hold no outcome of replication %d of an arm this command simulates", j.Replication)
				}
				outs[i] = reps[j.Replication].Outcomes[0]
			}
			return outs, nil
		}
		if err := p.begin(sc, len(keys)*n); err != nil {
			return nil, err
		}
		// Replication by replication, every arm in each: a slice of the
		// list holds every point of a sweep, whatever each costs.
		recs, err := replicateSlice(ctx, p.slice.Jobs(len(keys)*n), workers, progress, func(g int) (shard.Record, error) {
			j := keys[g%len(keys)]
			j.Replication = g / len(keys)
			o, err := j.Simulate(ctx)
			return shard.Record{Job: g, Key: shard.KeyDigest(j.Key), Replication: j.Replication, Outcomes: []models.Outcome{o}}, err
		})
		if err != nil {
			return nil, err
		}
		return nil, p.finish(recs)
	}
	if p.merge != nil {
		// The digest is checked once, before the first fetch.
		if err := p.begin(sc, p.merge.manifest.Jobs); err != nil {
			c.Run = func(context.Context, []whatif.Job, func(int, int)) ([]models.Outcome, error) { return nil, err }
		}
	}
	return c
}

// caseYears is the runner of a business case's simulated years: nil
// outside a shard or a merge.
func (e *env) caseYears(sc *scenarios.Scenario, workers int) func(ctx context.Context, n int, simulate func(j int) (bizcase.Year, error), progress func(done, total int)) ([]bizcase.Year, error) {
	p := e.part
	if p == nil {
		return nil
	}
	return func(ctx context.Context, n int, simulate func(j int) (bizcase.Year, error), progress func(done, total int)) ([]bizcase.Year, error) {
		if err := p.begin(sc, n); err != nil {
			return nil, err
		}
		if p.merge != nil {
			ys := make([]bizcase.Year, n)
			for j := range n {
				rec, err := p.merge.job(j)
				if err != nil {
					return nil, err
				}
				if rec.Year == nil {
					return nil, fmt.Errorf("merge: job %d holds no simulated year", j)
				}
				ys[j] = *rec.Year
			}
			return ys, nil
		}
		recs, err := replicateSlice(ctx, p.slice.Jobs(n), workers, progress, func(j int) (shard.Record, error) {
			y, err := simulate(j)
			return shard.Record{Job: j, Year: &y}, err
		})
		if err != nil {
			return nil, err
		}
		return nil, p.finish(recs)
	}
}

// shardSkip are the flags a part's manifest leaves out: the shard's own
// and those that say where and how output goes, which merge takes.
func shardSkip(name string) bool {
	return slices.Contains([]string{"shard", "shards", "output", "format", "quiet", "workers", "help", "report", "per-replication"}, name)
}

// canonicalArgs writes the parsed command line back as arguments —
// every flag given, as --name=value, then --, then the positional
// arguments — leaving out what shardSkip names.
func canonicalArgs(fs *pflag.FlagSet) []string {
	var out []string
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Changed || shardSkip(f.Name) {
			return
		}
		switch f.Value.Type() {
		case "stringArray":
			vs, _ := fs.GetStringArray(f.Name)
			for _, v := range vs {
				out = append(out, "--"+f.Name+"="+v)
			}
		case "stringSlice":
			vs, _ := fs.GetStringSlice(f.Name)
			out = append(out, "--"+f.Name+"="+strings.Join(vs, ","))
		default:
			out = append(out, "--"+f.Name+"="+f.Value.String())
		}
	})
	return append(append(out, "--"), fs.Args()...)
}

// partExt ends the name of every part file.
const partExt = ".part"

// partFile is the file name a shard writes into a directory.
func partFile(cmd string, s shard.Slice) string {
	return fmt.Sprintf("%s-%05d-of-%05d%s", cmd, s.Index, s.Count, partExt)
}

// runShard runs a command as one shard and writes its part.
func runShard(ctx context.Context, e *env, c *command, fs *pflag.FlagSet, act action) error {
	spec := fs.Lookup("shard").Value.String()
	count, _ := fs.GetInt("shards")
	var sl shard.Slice
	var err error
	switch {
	case spec == "":
		return usagef("--shards %d without --shard: add --shard auto to read the index from the array job, or give --shard INDEX/COUNT %s", count, seeHelp(c))
	case spec == "auto":
		if !fs.Changed("shards") {
			return usagef("--shard auto needs --shards N, how many tasks the array job runs %s", seeHelp(c))
		}
		if sl, _, err = shard.FromEnv(os.Getenv, count); err != nil {
			return usagef("--shard auto: %v", err)
		}
	default:
		if sl, err = shard.Parse(spec); err != nil {
			return usagef("--shard %q: %v", spec, err)
		}
		if fs.Changed("shards") && count != sl.Count {
			return usagef("--shard %s with --shards %d: give one count", spec, count)
		}
	}
	if slices.Contains(fs.Args(), "-") {
		return usagef("--shard: a scenario on standard input cannot be read again by deploysim merge: give a file or a built-in")
	}
	for _, name := range []string{"report", "per-replication"} {
		if fs.Changed(name) {
			return usagef("--%s with --shard: a shard writes only its part; give --%s to deploysim merge", name, name)
		}
	}
	out := fs.Lookup("output").Value.String()
	dest := ""
	switch {
	case out == "" || out == "-":
		if isTerminal(e.stdout) {
			return usagef("--shard %s: a partial result is not for a terminal: write it with -o FILE or -o DIR/", sl)
		}
	default:
		dest = out
		if strings.HasSuffix(out, "/") {
			// Every task of an array job makes the directory if need be.
			if err := os.MkdirAll(out, 0o777); err != nil {
				return usagef("-o %s: %v", out, unwrapPath(err))
			}
		}
		if st, err := os.Stat(out); err == nil && st.IsDir() {
			dest = filepath.Join(out, partFile(c.name, sl))
		}
		if err := checkPartDest(dest); err != nil {
			return err
		}
	}
	quiet, _ := fs.GetBool("quiet")
	p := &partMode{slice: sl, manifest: shard.Manifest{Command: c.name, Args: canonicalArgs(fs), Shard: sl.Index, Shards: sl.Count, Version: buildVersion()}}
	// The command runs to its simulation with its outputs silenced: its
	// checks of the scenario and the flags still run, so bad input fails
	// here with status 2 (which an Indexed Job's podFailurePolicy does not
	// retry).
	for name, v := range map[string]string{"output": "", "format": "json"} {
		if err := fs.Set(name, v); err != nil {
			return err
		}
	}
	se := *e
	se.part = p
	err = act(ctx, &se, fs.Args())
	if !p.ready {
		if err == nil {
			err = fmt.Errorf("%s ended before its simulation: no part written", c.name)
		}
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := shard.Write(&buf, p.manifest, p.records); err != nil {
		return err
	}
	if dest == "" {
		_, err := e.stdout.Write(buf.Bytes())
		return err
	}
	if err := writeAtomic(dest, buf.Bytes()); err != nil {
		return err
	}
	if !quiet && isTerminal(e.stderr) {
		fmt.Fprintf(e.stderr, "deploysim %s: shard %s: %d of %d jobs written to %s\n", c.name, sl, len(p.records), p.manifest.Jobs, dest)
	}
	return nil
}

// checkPartDest refuses to write a part over a file that is not one: a
// retried task rewrites its own part, but nothing else a user owns is
// overwritten.
func checkPartDest(dest string) error {
	f, err := os.Open(dest)
	if errors.Is(err, os.ErrNotExist) {
		dir := filepath.Dir(dest)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return usagef("-o %s: no directory %s to write the part into", dest, dir)
		}
		return nil
	}
	if err != nil {
		return usagef("-o %s: %v", dest, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
		return usagef("-o %s: not a regular file", dest)
	}
	if _, err := shard.NewReader(f); errors.Is(err, shard.ErrNotPart) {
		return usagef("-o %s: exists and is not a deploysim partial result: not overwritten", dest)
	}
	return nil
}

// writeAtomic writes data to path through a temporary file in the same
// directory, renamed into place: a shard stopped while writing leaves no
// part, never a cut-short one under the final name.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// readParts reads the parts' manifests and checks that they merge; then
// every record, into a table indexed by job.
func readParts(paths []string) (*mergeTable, error) {
	var parts []shard.Part
	var problems []string
	for _, path := range paths {
		m, err := readManifest(path)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		parts = append(parts, shard.Part{Path: path, Manifest: m})
	}
	if len(problems) == 0 {
		problems = shard.Check(parts)
	}
	if len(problems) > 0 {
		return nil, &usageError{msgs: problems}
	}
	t := &mergeTable{manifest: parts[0].Manifest, byJob: make([]shard.Record, parts[0].Manifest.Jobs)}
	have := make([]bool, len(t.byJob))
	for _, p := range parts {
		if err := readRecords(p, t, have); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		return nil, &usageError{msgs: problems}
	}
	return t, nil
}

func readManifest(path string) (shard.Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return shard.Manifest{}, fmt.Errorf("%s: %v", path, unwrapPath(err))
	}
	defer f.Close()
	r, err := shard.NewReader(f)
	if err != nil {
		return shard.Manifest{}, fmt.Errorf("%s: %v", path, err)
	}
	return r.Manifest, nil
}

func readRecords(p shard.Part, t *mergeTable, have []bool) error {
	f, err := os.Open(p.Path)
	if err != nil {
		return fmt.Errorf("%s: %v", p.Path, unwrapPath(err))
	}
	defer f.Close()
	r, err := shard.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %v", p.Path, err)
	}
	sl := r.Manifest.Slice()
	for {
		var rec shard.Record
		err := r.Next(&rec)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %v (was the shard stopped while writing? run shard %s again)", p.Path, err, sl)
		}
		if rec.Job < 0 || rec.Job >= len(have) || !sl.Has(rec.Job, len(have)) || have[rec.Job] {
			return fmt.Errorf("%s: record of job %d does not belong to shard %s of %d jobs, or comes twice", p.Path, rec.Job, sl, len(have))
		}
		have[rec.Job] = true
		t.byJob[rec.Job] = rec
	}
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
