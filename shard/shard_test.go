package shard

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"deploysim/models"
	"deploysim/stats"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Slice
		err  string
	}{
		{"0/1", Slice{0, 1}, ""},
		{"6/7", Slice{6, 7}, ""},
		{" 2 / 3 ", Slice{2, 3}, ""},
		{"3/3", Slice{}, "shard index 3: want 0 to 2"},
		{"-1/3", Slice{}, "shard index -1"},
		{"0/0", Slice{}, "0 shards"},
		{"0/100001", Slice{}, "100001 shards"},
		{"1", Slice{}, "want INDEX/COUNT"},
		{"a/b", Slice{}, "want INDEX/COUNT"},
	} {
		got, err := Parse(tc.in)
		if tc.err == "" && (err != nil || got != tc.want) || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Parse(%q) = %v, %v; want %v, %q", tc.in, got, err, tc.want, tc.err)
		}
	}
}

// TestSlicesCoverOnce: for any count, the slices of a job list hold every
// job exactly once.
func TestSlicesCoverOnce(t *testing.T) {
	for _, n := range []int{0, 1, 5, 17, 100} {
		for _, count := range []int{1, 3, 7, 16, 150} {
			var all []int
			for i := range count {
				s := Slice{i, count}
				jobs := s.Jobs(n)
				for _, j := range jobs {
					if !s.Has(j, n) {
						t.Fatalf("slice %s lists job %d it does not have", s, j)
					}
				}
				all = append(all, jobs...)
			}
			slices.Sort(all)
			if len(all) != n || n > 0 && (all[0] != 0 || all[n-1] != n-1 || len(slices.Compact(all)) != n) {
				t.Errorf("%d jobs in %d slices: got %d jobs", n, count, len(all))
			}
		}
	}
}

func TestFromEnv(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want Slice
		from string
		err  string
	}{
		{map[string]string{"JOB_COMPLETION_INDEX": "3"}, Slice{3, 4}, "JOB_COMPLETION_INDEX", ""},
		{map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "0"}, Slice{0, 4}, "AWS_BATCH_JOB_ARRAY_INDEX", ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1"}, Slice{3, 4}, "SLURM_ARRAY_TASK_ID", ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "2"}, Slice{2, 4}, "SLURM_ARRAY_TASK_ID", ""},
		{map[string]string{"DEPLOYSIM_SHARD_INDEX": "1"}, Slice{1, 4}, "DEPLOYSIM_SHARD_INDEX", ""},
		{map[string]string{"JOB_COMPLETION_INDEX": "1", "DEPLOYSIM_SHARD_INDEX": "1"}, Slice{1, 4}, "JOB_COMPLETION_INDEX", ""},
		{map[string]string{"JOB_COMPLETION_INDEX": "1", "DEPLOYSIM_SHARD_INDEX": "2"}, Slice{}, "", "says task 1 but DEPLOYSIM_SHARD_INDEX says 2"},
		{map[string]string{"JOB_COMPLETION_INDEX": "4"}, Slice{}, "", "JOB_COMPLETION_INDEX=4: shard index 4: want 0 to 3"},
		{map[string]string{"JOB_COMPLETION_INDEX": "x"}, Slice{}, "", `JOB_COMPLETION_INDEX="x": want a whole number`},
		{map[string]string{}, Slice{}, "", "none of JOB_COMPLETION_INDEX"},
	} {
		got, from, err := FromEnv(func(k string) string { return tc.env[k] }, 4)
		if tc.err == "" && (err != nil || got != tc.want || from != tc.from) || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("FromEnv(%v) = %v, %q, %v; want %v, %q, %q", tc.env, got, from, err, tc.want, tc.from, tc.err)
		}
	}
}

// TestPartRoundTrip writes a part and reads it back: the manifest and
// every record, floats bit for bit; any cut is an error.
func TestPartRoundTrip(t *testing.T) {
	sk := stats.NewSketch(0.01)
	sk.Add(2.5)
	recs := []Record{
		{Job: 1, Outcomes: []models.Outcome{{Deployments: 3, IncidentLoss: 0.1 + 0.2, RecoveryHours: []float64{1, 2}, LeadTimeHours: sk}}},
		{Job: 4, Key: KeyDigest("arm"), Replication: 1, Outcomes: []models.Outcome{{ImpactMinutes: 1e-300}}},
	}
	m := Manifest{Command: "run", Args: []string{"--", "x"}, Scenario: "x", Digest: Digest(1), Jobs: 6, Shard: 1, Shards: 3, Version: "dev"}
	var buf bytes.Buffer
	if err := Write(&buf, m, recs); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	m.Format, m.Records = Format, 2
	if !slices.Equal(r.Manifest.Args, m.Args) || r.Manifest.Jobs != 6 || r.Manifest.Records != 2 || r.Manifest.Format != Format {
		t.Errorf("manifest: got %+v, want %+v", r.Manifest, m)
	}
	for i := range recs {
		var got Record
		if err := r.Next(&got); err != nil {
			t.Fatal(err)
		}
		w := &recs[i].Outcomes[0]
		g := &got.Outcomes[0]
		if got.Job != recs[i].Job || got.Key != recs[i].Key || g.IncidentLoss != w.IncidentLoss || g.ImpactMinutes != w.ImpactMinutes ||
			!slices.Equal(g.RecoveryHours, w.RecoveryHours) || !g.LeadTimeHours.Equal(&w.LeadTimeHours) {
			t.Errorf("record %d: got %+v, want %+v", i, got, recs[i])
		}
	}
	if err := r.Next(&Record{}); err != io.EOF {
		t.Errorf("after the last record: got %v, want io.EOF", err)
	}
	for cut := 0; cut < len(data); cut += max(1, len(data)/50) {
		r, err := NewReader(bytes.NewReader(data[:cut]))
		if err == nil {
			for err == nil {
				err = r.Next(&Record{})
			}
			if err == io.EOF {
				t.Fatalf("a part cut at %d of %d bytes reads without an error", cut, len(data))
			}
		}
		if errors.Is(err, ErrNotPart) {
			t.Errorf("a part cut at %d bytes called not a part", cut)
		}
	}
	if _, err := NewReader(strings.NewReader("name: x\n")); !errors.Is(err, ErrNotPart) {
		t.Errorf("a YAML file: got %v, want ErrNotPart", err)
	}
}
