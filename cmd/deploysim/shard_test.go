package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"deploysim/shard"
)

// The local Indexed-Job emulator: every shard is a separate process (this
// test binary run as deploysim) with JOB_COMPLETION_INDEX set, as a
// Kubernetes Indexed Job's pod i has it; merge must then write the very
// bytes the single process writes.

// shardCase is a command line to shard, small enough for the fast tier.
type shardCase struct {
	name    string
	args    []string // the command and its arguments, no output flags
	formats []string // output file extensions to compare
}

func shardCases() []shardCase {
	return []shardCase{
		{"run", []string{"run", "epic-vs-continuous", "-n", "4", "--seed", "11", "--horizon", "90d"}, []string{"json", "csv", "txt", "pdf"}},
		{"sweep", []string{"sweep", "epic-vs-continuous", "--vary", "arms.quarterly-manual.release.every=4w,13w", "-n", "4", "--seed", "5", "--horizon", "90d"}, []string{"json", "csv", "txt", "html"}},
		{"sweep-precision", []string{"sweep", "epic-vs-continuous", "--vary", "arms.quarterly-manual.release.every=4w,13w", "-n", "40", "--precision", "40%", "--seed", "5", "--horizon", "30d"}, []string{"json"}},
		{"sensitivity", []string{"sensitivity", "testdata/case.yaml", "-n", "2", "--horizon", "30d"}, []string{"json", "csv", "txt", "html"}},
		{"case", []string{"case", "testdata/case.yaml", "--samples", "7", "-n", "2", "--set", "horizon=90d"}, []string{"json", "csv", "txt", "pdf"}},
	}
}

// deploysimProcess runs deploysim args as its own process, with index,
// if ≥ 0, as JOB_COMPLETION_INDEX.
func deploysimProcess(index int, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	env := []string{"DEPLOYSIM_TEST_MAIN=1"}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(shard.IndexVars(), name) && name != "SLURM_ARRAY_TASK_MIN" {
			env = append(env, kv)
		}
	}
	if index >= 0 {
		env = append(env, fmt.Sprintf("JOB_COMPLETION_INDEX=%d", index))
	}
	cmd.Env = env
	return cmd
}

func runProcess(t *testing.T, index int, args ...string) {
	t.Helper()
	out, err := deploysimProcess(index, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("deploysim %s (index %d): %v\n%s", strings.Join(args, " "), index, err, out)
	}
}

// runShards runs the n shards of c as separate processes into dir.
func runShards(t *testing.T, c shardCase, n int, dir string) {
	t.Helper()
	for i := range n {
		runProcess(t, i, append(slices.Clone(c.args), "--shard", "auto", "--shards", fmt.Sprint(n), "-o", dir+"/")...)
	}
}

// single writes the single process's outputs of c, one file per format.
func single(t *testing.T, c shardCase, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, f := range c.formats {
		path := filepath.Join(dir, "single."+f)
		runProcess(t, -1, append(slices.Clone(c.args), "-o", path)...)
		out[f] = readFile(t, path)
	}
	return out
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mergeAll merges the parts in every format and compares with want.
func mergeAll(t *testing.T, c shardCase, parts []string, dir string, want map[string][]byte) {
	t.Helper()
	for _, f := range c.formats {
		path := filepath.Join(dir, "merged."+f)
		os.Remove(path)
		r := cli(t, append([]string{"merge", "-o", path}, parts...)...)
		if r.code != exitOK {
			t.Fatalf("merge: status %d: %s", r.code, r.stderr)
		}
		if got := readFile(t, path); !bytes.Equal(got, want[f]) {
			t.Errorf("%s: merged %s differs from the single run's (%d bytes vs %d)", c.name, f, len(got), len(want[f]))
		}
	}
}

func TestShardsMergeByteIdentical(t *testing.T) {
	counts := []int{3}
	if !testing.Short() {
		counts = []int{1, 3, 7}
	}
	for _, c := range shardCases() {
		if testing.Short() && c.name == "sensitivity" {
			// Every format of a sensitivity analysis resolves the scenario
			// once per parameter moved: the fast tier checks two.
			c.formats = []string{"json", "txt"}
		}
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			want := single(t, c, dir)
			if c.name == "sweep-precision" && !bytes.Contains(want["json"], []byte(`"stopped at 30 of 40`)) {
				t.Fatal("the precision sweep does not stop early: the test would not show that merge replays its rounds")
			}
			for _, n := range counts {
				parts := filepath.Join(dir, fmt.Sprintf("parts-%d", n))
				runShards(t, c, n, parts)
				mergeAll(t, c, []string{parts}, dir, want)
			}
		})
	}
}

// TestShardRetryAndOrder kills a shard before it writes, reruns it (the
// retry writes the same bytes as the first attempt, also over a part
// left cut short), and merges the parts given in another order.
func TestShardRetryAndOrder(t *testing.T) {
	c := shardCases()[0]
	dir := t.TempDir()
	want := single(t, c, dir)
	parts := filepath.Join(dir, "parts")
	runShards(t, c, 3, parts)
	part1 := filepath.Join(parts, partFile("run", shard.Slice{Index: 1, Count: 3}))
	first := readFile(t, part1)

	// Shard 1 is killed (as a preempted pod would be) and its earlier
	// part is cut short: nothing stands under its name but garbage.
	if err := os.WriteFile(part1, first[:len(first)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	args := append(slices.Clone(c.args), "--shard", "auto", "--shards", "3", "-o", parts+"/")
	cmd := deploysimProcess(1, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if b := readFile(t, part1); !bytes.Equal(b, first[:len(first)/2]) && !bytes.Equal(b, first) {
		t.Fatal("a killed shard left a part that is neither the old one nor whole")
	}
	r := cli(t, "merge", parts, "-o", filepath.Join(dir, "x.json"))
	if r.code != exitUsage || !strings.Contains(r.stderr, "cut short") {
		t.Errorf("merge with a cut-short part: status %d, %q; want 2 and cut short", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.json")); err == nil {
		t.Error("a refused merge wrote its output")
	}
	runProcess(t, 1, args...) // the retry
	if !bytes.Equal(readFile(t, part1), first) {
		t.Error("the retried shard wrote other bytes than its first attempt")
	}
	var files []string
	for i := 2; i >= 0; i-- {
		files = append(files, filepath.Join(parts, partFile("run", shard.Slice{Index: i, Count: 3})))
	}
	for _, order := range [][]string{files, {files[1], files[0], files[2]}} {
		mergeAll(t, c, order, dir, want)
	}
	// No temporary file is left beside the parts.
	entries, _ := os.ReadDir(parts)
	if len(entries) != 3 {
		t.Errorf("got %d files in the parts directory, want the 3 parts", len(entries))
	}
}

// TestMergeRefuses: every problem with a set of parts is one line and
// status 2.
func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	base := []string{"run", "epic-vs-continuous", "-n", "4", "--horizon", "30d"}
	make3 := func(sub string, extra ...string) []string {
		var paths []string
		for i := range 3 {
			p := filepath.Join(dir, sub, fmt.Sprintf("p%d.part", i))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if r := cli(t, append(append(slices.Clone(base), extra...), "--shard", fmt.Sprintf("%d/3", i), "-o", p)...); r.code != exitOK {
				t.Fatalf("shard: %d %s", r.code, r.stderr)
			}
			paths = append(paths, p)
		}
		return paths
	}
	good := make3("good")
	seed := make3("seed", "--seed", "9")
	set := make3("set", "--set", "defaults.money.loss_per_minute=5600")
	other := make3("other")
	for i := range other {
		other[i] = filepath.Join(dir, "other", fmt.Sprintf("p%d.part", i))
	}
	// Another build: the same part with another version in its manifest.
	version := filepath.Join(dir, "version.part")
	rewrite(t, good[2], version, func(m *shard.Manifest) { m.Version = "v9.9.9 (go1.99 linux/arm64)" })
	knight := filepath.Join(dir, "knight.part")
	if r := cli(t, "run", "knight-capital-2012", "-n", "4", "--horizon", "30d", "--shard", "2/3", "-o", knight); r.code != exitOK {
		t.Fatal(r.stderr)
	}
	truncated := filepath.Join(dir, "cut.part")
	b := readFile(t, good[2])
	os.WriteFile(truncated, b[:len(b)-9], 0o644)
	notPart := filepath.Join(dir, "notes.part")
	os.WriteFile(notPart, []byte("hello\n"), 0o644)

	for _, tc := range []struct {
		name  string
		parts []string
		want  string
	}{
		{"missing", good[:2], "shard 2/3 missing of 3"},
		{"duplicate", []string{good[0], good[1], good[2], good[1]}, "shard 1/3 given twice"},
		{"another seed", []string{good[0], good[1], seed[2]}, "another seed: 9"},
		{"another override set", []string{good[0], good[1], set[2]}, "another override set"},
		{"another scenario", []string{good[0], good[1], knight}, "another scenario: knight-capital-2012"},
		{"another version", []string{good[0], good[1], version}, "made by deploysim v9.9.9"},
		{"truncated", []string{good[0], good[1], truncated}, "cut short"},
		{"not a part", []string{good[0], good[1], notPart}, "not a deploysim partial result"},
		{"no such file", []string{good[0], filepath.Join(dir, "nope.part")}, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "out.json")
			r := cli(t, append([]string{"merge", "-o", out}, tc.parts...)...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("got status %d, stderr %q; want 2 and one line with %q", r.code, r.stderr, tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a refused merge wrote its output")
			}
		})
	}
}

// rewrite copies a part with its manifest changed.
func rewrite(t *testing.T, from, to string, change func(*shard.Manifest)) {
	t.Helper()
	f, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := shard.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var recs []shard.Record
	for {
		var rec shard.Record
		if err := r.Next(&rec); err != nil {
			break
		}
		recs = append(recs, rec)
	}
	m := r.Manifest
	change(&m)
	var buf bytes.Buffer
	if err := shard.Write(&buf, m, recs); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(to, buf.Bytes(), 0o644)
}

func TestShardFlagsRefuse(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "mine.txt")
	os.WriteFile(mine, []byte("mine\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--shard", "3/3", "-o", dir + "/"}, "shard index 3: want 0 to 2"},
		{[]string{"run", "--shard", "x", "-o", dir + "/"}, "want INDEX/COUNT"},
		{[]string{"run", "--shard", "auto", "-o", dir + "/"}, "--shard auto needs --shards N"},
		{[]string{"run", "--shards", "4", "-o", dir + "/"}, "without --shard"},
		{[]string{"run", "--shard", "0/2", "--report", dir, "-o", dir + "/"}, "give --report to deploysim merge"},
		{[]string{"run", "--shard", "0/2", "-o", mine}, "not a deploysim partial result: not overwritten"},
		{[]string{"run", "-", "--shard", "0/2", "-o", dir + "/"}, "standard input"},
		{[]string{"run", "--replications", "0", "--shard", "0/2", "-o", dir + "/"}, "replications"},
	} {
		r := cli(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: got status %d, %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if b := readFile(t, mine); string(b) != "mine\n" {
		t.Error("a shard overwrote a file that is not a part")
	}
}
