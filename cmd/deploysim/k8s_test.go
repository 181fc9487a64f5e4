package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// k8sDocs splits deploysim k8s job's output into its YAML documents.
func k8sDocs(t *testing.T, args ...string) []string {
	t.Helper()
	r := cli(t, append([]string{"k8s", "job"}, args...)...)
	if r.code != exitOK {
		t.Fatalf("deploysim k8s job %s: status %d, stderr %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return strings.Split(r.stdout, "\n---\n")
}

// decodeJob decodes a document strictly into the Kubernetes API's own Job
// type: a field the API does not have (a typo, a field of another
// release) is an error, as kubectl apply --validate=strict would make it.
func decodeJob(t *testing.T, doc string) *batchv1.Job {
	t.Helper()
	var job batchv1.Job
	if err := yaml.UnmarshalStrict([]byte(doc), &job); err != nil {
		t.Fatalf("not a batch/v1 Job: %v\n%s", err, doc)
	}
	if job.APIVersion != "batch/v1" || job.Kind != "Job" {
		t.Fatalf("got %s %s, want batch/v1 Job", job.APIVersion, job.Kind)
	}
	return &job
}

// checkJob checks the invariants the API server's validation of a Job
// enforces (pkg/apis/batch/validation): what a strict decode cannot see.
func checkJob(t *testing.T, job *batchv1.Job) {
	t.Helper()
	s := &job.Spec
	indexed := s.CompletionMode != nil && *s.CompletionMode == batchv1.IndexedCompletion
	if indexed && s.Completions == nil {
		t.Error("completionMode Indexed without completions")
	}
	if s.BackoffLimitPerIndex != nil {
		if !indexed {
			t.Error("backoffLimitPerIndex without completionMode Indexed")
		}
		if s.Template.Spec.RestartPolicy != corev1.RestartPolicyNever {
			t.Errorf("backoffLimitPerIndex with restartPolicy %q, want Never", s.Template.Spec.RestartPolicy)
		}
	}
	if s.MaxFailedIndexes != nil && s.BackoffLimitPerIndex == nil {
		t.Error("maxFailedIndexes without backoffLimitPerIndex")
	}
	if s.Parallelism != nil && (*s.Parallelism < 0 || *s.Parallelism > 100_000) {
		t.Errorf("parallelism %d, want 0 to 10⁵", *s.Parallelism)
	}
	if indexed && s.Completions != nil && *s.Completions > 100_000 {
		t.Errorf("completions %d of an Indexed Job, want at most 10⁵", *s.Completions)
	}
	if s.PodFailurePolicy != nil {
		if s.Template.Spec.RestartPolicy != corev1.RestartPolicyNever {
			t.Error("podFailurePolicy needs restartPolicy Never")
		}
		names := []string{}
		for _, c := range s.Template.Spec.Containers {
			names = append(names, c.Name)
		}
		for _, r := range s.PodFailurePolicy.Rules {
			if r.Action == batchv1.PodFailurePolicyActionFailIndex && s.BackoffLimitPerIndex == nil {
				t.Error("a FailIndex rule without backoffLimitPerIndex")
			}
			if (r.OnExitCodes == nil) == (len(r.OnPodConditions) == 0) {
				t.Error("a podFailurePolicy rule needs exactly one of onExitCodes and onPodConditions")
			}
			if r.OnExitCodes != nil && r.OnExitCodes.ContainerName != nil && !slices.Contains(names, *r.OnExitCodes.ContainerName) {
				t.Errorf("onExitCodes names container %q, not one of %v", *r.OnExitCodes.ContainerName, names)
			}
		}
	}
	if len(s.Template.Spec.Containers) == 0 {
		t.Error("no container")
	}
	for _, c := range s.Template.Spec.Containers {
		for _, m := range c.VolumeMounts {
			if !slices.ContainsFunc(s.Template.Spec.Volumes, func(v corev1.Volume) bool { return v.Name == m.Name }) {
				t.Errorf("volume mount %q has no volume", m.Name)
			}
		}
		if _, ok := c.Resources.Requests[corev1.ResourceCPU]; !ok {
			t.Error("no CPU request")
		}
		if _, ok := c.Resources.Requests[corev1.ResourceMemory]; !ok {
			t.Error("no memory request")
		}
	}
}

// TestStrictDecodeCatchesTypos makes sure the strict decode would fail
// the test on a misspelled field: completionz is not a Job field.
func TestStrictDecodeCatchesTypos(t *testing.T) {
	docs := k8sDocs(t, "--shards", "3", "--", "run", "-n", "6")
	bad := strings.Replace(docs[len(docs)-1], "completions:", "completionz:", 1)
	var job batchv1.Job
	if err := yaml.UnmarshalStrict([]byte(bad), &job); err == nil {
		t.Fatal("completionz decoded without an error: the test would not see a typo")
	}
}

func TestK8sJob(t *testing.T) {
	t.Run("shards", func(t *testing.T) {
		docs := k8sDocs(t, "--shards", "16", "--parallelism", "4", "--queue", "team-a", "--image", "registry.example/deploysim:v1",
			"--", "case", "cd-business-case", "--samples", "2000", "--seed", "7")
		if len(docs) != 1 {
			t.Fatalf("got %d documents for a built-in, want the Job alone", len(docs))
		}
		job := decodeJob(t, docs[0])
		checkJob(t, job)
		s := &job.Spec
		if *s.CompletionMode != batchv1.IndexedCompletion || *s.Completions != 16 || *s.Parallelism != 4 {
			t.Errorf("got %s, %d completions, parallelism %d; want Indexed, 16, 4", *s.CompletionMode, *s.Completions, *s.Parallelism)
		}
		if *s.BackoffLimitPerIndex != 2 || *s.MaxFailedIndexes != 0 || *s.TTLSecondsAfterFinished != 86400 {
			t.Errorf("got backoffLimitPerIndex %d, maxFailedIndexes %d, ttl %d", *s.BackoffLimitPerIndex, *s.MaxFailedIndexes, *s.TTLSecondsAfterFinished)
		}
		if job.Labels["kueue.x-k8s.io/queue-name"] != "team-a" || s.Suspend == nil || !*s.Suspend {
			t.Errorf("--queue team-a: labels %v, suspend %v; want the Kueue label and a suspended Job", job.Labels, s.Suspend)
		}
		rules := s.PodFailurePolicy.Rules
		if len(rules) != 2 || rules[0].Action != batchv1.PodFailurePolicyActionFailIndex || !slices.Equal(rules[0].OnExitCodes.Values, []int32{2}) ||
			rules[1].Action != batchv1.PodFailurePolicyActionIgnore || rules[1].OnPodConditions[0].Type != corev1.DisruptionTarget {
			t.Errorf("podFailurePolicy: got %+v, want FailIndex on exit 2 and Ignore on DisruptionTarget", rules)
		}
		c := s.Template.Spec.Containers[0]
		want := []string{"case", "--shard=auto", "--shards=16", "--output=/results/deploysim-case/", "--samples=2000", "--seed=7", "--", "cd-business-case"}
		if !slices.Equal(c.Args, want) || c.Image != "registry.example/deploysim:v1" {
			t.Errorf("container: got %s %q, want %q", c.Image, c.Args, want)
		}
		// What the pods run is a command line deploysim accepts.
		fs, _ := newFlagSet(find(commands(), "case"))
		if err := fs.Parse(c.Args[1:]); err != nil {
			t.Errorf("the pods' arguments do not parse: %v", err)
		}
	})
	t.Run("no queue", func(t *testing.T) {
		job := decodeJob(t, k8sDocs(t, "--", "run")[0])
		checkJob(t, job)
		if _, ok := job.Labels["kueue.x-k8s.io/queue-name"]; ok || job.Spec.Suspend != nil && *job.Spec.Suspend {
			t.Error("without --queue: a Kueue label or a suspended Job")
		}
	})
	t.Run("scenario file", func(t *testing.T) {
		docs := k8sDocs(t, "--shards", "3", "--", "sweep", "testdata/case.yaml", "--vary", "defaults.money.loss_per_minute=100,1000")
		if len(docs) != 2 {
			t.Fatalf("got %d documents, want a ConfigMap and the Job", len(docs))
		}
		var cm corev1.ConfigMap
		if err := yaml.UnmarshalStrict([]byte(docs[0]), &cm); err != nil || cm.Kind != "ConfigMap" || cm.Data["case.yaml"] == "" {
			t.Fatalf("first document: %v, %+v; want a ConfigMap holding case.yaml", err, cm)
		}
		job := decodeJob(t, docs[1])
		checkJob(t, job)
		args := job.Spec.Template.Spec.Containers[0].Args
		if args[len(args)-1] != "/scenario/case.yaml" {
			t.Errorf("the pods read %q, want /scenario/case.yaml from the ConfigMap", args[len(args)-1])
		}
	})
	t.Run("merge", func(t *testing.T) {
		job := decodeJob(t, k8sDocs(t, "--merge", "-o", "case.pdf", "--", "case", "cd-business-case")[0])
		checkJob(t, job)
		args := job.Spec.Template.Spec.Containers[0].Args
		if job.Name != "deploysim-case-merge" || !slices.Equal(args, []string{"merge", "/results/deploysim-case", "--output=/results/case.pdf"}) {
			t.Errorf("got job %s running %q", job.Name, args)
		}
	})
}

func TestK8sJobRefuses(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--", "list"}, "name the command the Job runs"},
		{[]string{"--shards", "0", "--", "run"}, "--shards 0"},
		{[]string{"--shards", "200000", "--", "run"}, "--shards 200000"},
		{[]string{"--", "run", "--shard", "1/2"}, "--shard in the command"},
		{[]string{"--", "run", "--replicatons", "5"}, "unknown flag --replicatons"},
		{[]string{"--name", "Big_Name", "--", "run"}, `--name "Big_Name"`},
		{[]string{"-o", "x.pdf", "--", "run"}, "go with --merge"},
	} {
		r := cli(t, append([]string{"k8s", "job"}, tc.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: got status %d, %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	var out bytes.Buffer
	if code := runContext(t.Context(), []string{"k8s"}, &out, &out); code != exitUsage {
		t.Errorf("k8s alone: status %d, want 2", code)
	}
}
