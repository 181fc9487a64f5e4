package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"deploysim/shard"
)

func k8sCommand() *command {
	return &command{
		name:    "k8s",
		args:    "job [--merge] -- COMMAND [SCENARIO] [FLAGS…]",
		summary: "print a Kubernetes Indexed Job that runs a command in shards, and its merge",
		long: `Prints, for kubectl apply -f -, an Indexed Job (batch/v1, Kubernetes 1.33 or
later) that runs a deploysim run, sweep, sensitivity or case cut into --shards
tasks: task i runs the command with --shard auto (it reads
JOB_COMPLETION_INDEX) and writes its part to the results volume, a
PersistentVolumeClaim (--claim) every task can write to (ReadWriteMany).

The Job retries a failed task on its own (backoffLimitPerIndex), never a task
that exited with status 2 (bad input fails every task alike: its index fails
at once, and with maxFailedIndexes 0 the Job with it), and ignores pods a
node drain or preemption disrupted (DisruptionTarget). A scenario file is
shipped in a ConfigMap printed with the Job.

With --merge it prints the Job that merges the parts, to apply once the
shards' Job is complete:

  kubectl wait --for=condition=complete --timeout=6h job/deploysim-case

The report goes to its log, or with -o to the results volume:

  kubectl logs job/deploysim-case-merge > case.json

--queue labels the Jobs for Kueue
(kueue.x-k8s.io/queue-name) and creates them suspended, for Kueue to admit.`,
		examples: `  deploysim k8s job --shards 16 --image registry.example/deploysim:v1 \
      -- case cd-business-case | kubectl apply -f -
  deploysim k8s job --merge --format json --image registry.example/deploysim:v1 \
      -- case cd-business-case | kubectl apply -f -
  deploysim k8s job --shards 64 --parallelism 16 --queue team-a --cpu 2 --memory 2Gi \
      -- sweep my-team.yaml --vary arms.manual.release.every=1w..26w -n 1000
  deploysim k8s job --merge -o report.pdf -- run my-team.yaml -n 5000   # merged, on the volume`,
		setup: func(fs *pflag.FlagSet) action {
			o := &k8sFlags{}
			fs.IntVar(&o.shards, "shards", 8, "how many tasks `N` the work is cut into (completions)")
			fs.IntVar(&o.parallelism, "parallelism", 0, "tasks running at once, `N` (default: all of them)")
			fs.StringVar(&o.image, "image", "deploysim:latest", "the container `IMAGE` (see the Dockerfile)")
			fs.StringVar(&o.name, "name", "", "the Job's `NAME` (default: deploysim-COMMAND)")
			fs.StringVar(&o.namespace, "namespace", "", "the `NAMESPACE` (default: kubectl's)")
			fs.StringVar(&o.claim, "claim", "deploysim-results", "the PersistentVolumeClaim `NAME` the parts (and merge's -o) go to, mounted at /results")
			fs.StringVar(&o.queue, "queue", "", "the Kueue LocalQueue `NAME`: labels the Jobs kueue.x-k8s.io/queue-name and creates them suspended")
			fs.StringVar(&o.cpu, "cpu", "1", "CPU `REQUEST` of each task")
			fs.StringVar(&o.memory, "memory", "512Mi", "memory `REQUEST` (and limit) of each task; merge's is the same")
			fs.IntVar(&o.retries, "retries", 2, "retries of a failed task, `N` (backoffLimitPerIndex)")
			fs.IntVar(&o.maxFailed, "max-failed-indexes", 0, "tasks that may fail for good before the Job fails, `N`: merge needs them all, so 0")
			fs.IntVar(&o.ttl, "ttl", 86400, "seconds `S` a finished Job is kept (ttlSecondsAfterFinished)")
			fs.BoolVar(&o.merge, "merge", false, "print the merge Job instead of the shards' Job")
			fs.StringVarP(&o.output, "output", "o", "", "with --merge: write the report to `FILE` on the results volume (a relative name is under /results) instead of the log")
			fs.StringVar(&o.format, "format", "", "with --merge: the report's `FORMAT` (as the command's --format)")
			return func(ctx context.Context, e *env, args []string) error { return o.run(e, fs, args) }
		},
	}
}

type k8sFlags struct {
	shards, parallelism, retries, maxFailed, ttl int
	image, name, namespace, claim, queue         string
	cpu, memory, output, format                  string
	merge                                        bool
}

// The Kubernetes objects deploysim prints: only the fields it sets, named
// as the API spells them (batch/v1 Job, v1 ConfigMap). The tests decode
// the output strictly into the API's own types.
type (
	k8sMeta struct {
		Name      string            `yaml:"name"`
		Namespace string            `yaml:"namespace,omitempty"`
		Labels    map[string]string `yaml:"labels,omitempty"`
	}
	k8sConfigMap struct {
		APIVersion string            `yaml:"apiVersion"`
		Kind       string            `yaml:"kind"`
		Metadata   k8sMeta           `yaml:"metadata"`
		Data       map[string]string `yaml:"data"`
	}
	k8sJob struct {
		APIVersion string     `yaml:"apiVersion"`
		Kind       string     `yaml:"kind"`
		Metadata   k8sMeta    `yaml:"metadata"`
		Spec       k8sJobSpec `yaml:"spec"`
	}
	k8sJobSpec struct {
		CompletionMode          string           `yaml:"completionMode,omitempty"`
		Completions             int              `yaml:"completions"`
		Parallelism             int              `yaml:"parallelism"`
		BackoffLimit            *int             `yaml:"backoffLimit,omitempty"`
		BackoffLimitPerIndex    *int             `yaml:"backoffLimitPerIndex,omitempty"`
		MaxFailedIndexes        *int             `yaml:"maxFailedIndexes,omitempty"`
		PodFailurePolicy        k8sFailurePolicy `yaml:"podFailurePolicy"`
		TTLSecondsAfterFinished int              `yaml:"ttlSecondsAfterFinished"`
		Suspend                 bool             `yaml:"suspend,omitempty"`
		Template                k8sPodTemplate   `yaml:"template"`
	}
	k8sFailurePolicy struct {
		Rules []k8sFailureRule `yaml:"rules"`
	}
	k8sFailureRule struct {
		Action          string             `yaml:"action"`
		OnExitCodes     *k8sExitCodes      `yaml:"onExitCodes,omitempty"`
		OnPodConditions []k8sConditionRule `yaml:"onPodConditions,omitempty"`
	}
	k8sExitCodes struct {
		ContainerName string `yaml:"containerName"`
		Operator      string `yaml:"operator"`
		Values        []int  `yaml:"values,flow"`
	}
	k8sConditionRule struct {
		Type   string `yaml:"type"`
		Status string `yaml:"status"`
	}
	k8sPodTemplate struct {
		Metadata struct {
			Labels map[string]string `yaml:"labels"`
		} `yaml:"metadata"`
		Spec k8sPodSpec `yaml:"spec"`
	}
	k8sPodSpec struct {
		RestartPolicy   string         `yaml:"restartPolicy"`
		SecurityContext map[string]any `yaml:"securityContext"`
		Containers      []k8sContainer `yaml:"containers"`
		Volumes         []k8sVolume    `yaml:"volumes"`
	}
	k8sContainer struct {
		Name         string         `yaml:"name"`
		Image        string         `yaml:"image"`
		Args         []string       `yaml:"args"`
		Resources    k8sResources   `yaml:"resources"`
		VolumeMounts []k8sMount     `yaml:"volumeMounts"`
		Security     map[string]any `yaml:"securityContext"`
	}
	k8sResources struct {
		Requests map[string]string `yaml:"requests"`
		Limits   map[string]string `yaml:"limits"`
	}
	k8sMount struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
		ReadOnly  bool   `yaml:"readOnly,omitempty"`
	}
	k8sVolume struct {
		Name                  string           `yaml:"name"`
		PersistentVolumeClaim *k8sClaimSource  `yaml:"persistentVolumeClaim,omitempty"`
		ConfigMap             *k8sConfigMapSrc `yaml:"configMap,omitempty"`
	}
	k8sClaimSource struct {
		ClaimName string `yaml:"claimName"`
	}
	k8sConfigMapSrc struct {
		Name string `yaml:"name"`
	}
)

// resultsDir is where the results volume is mounted in every pod.
const resultsDir = "/results"

var k8sName = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

func (o *k8sFlags) run(e *env, fs *pflag.FlagSet, args []string) error {
	self := find(commands(), "k8s")
	if len(args) == 0 || args[0] != "job" {
		return usagef("want deploysim k8s job [FLAGS] -- COMMAND [ARGS…] %s", seeHelp(self))
	}
	inner := args[1:]
	if len(inner) == 0 || !shardable(inner[0]) {
		return usagef("after --, name the command the Job runs: run, sweep, sensitivity or case, with its scenario and flags %s", seeHelp(self))
	}
	c := find(commands(), inner[0])
	var problems []string
	if o.shards < 1 || o.shards > shard.MaxShards {
		problems = append(problems, fmt.Sprintf("--shards %d: want 1 to %d", o.shards, shard.MaxShards))
	}
	if o.parallelism == 0 {
		o.parallelism = o.shards
	}
	if o.parallelism < 1 || o.parallelism > shard.MaxShards {
		problems = append(problems, fmt.Sprintf("--parallelism %d: want 1 to %d", o.parallelism, shard.MaxShards))
	}
	if o.retries < 0 || o.maxFailed < 0 || o.ttl < 0 {
		problems = append(problems, "--retries, --max-failed-indexes and --ttl: want 0 or more")
	}
	name := o.name
	if name == "" {
		name = "deploysim-" + c.name
	}
	// A Job's name becomes its pods' label value and their hostname
	// prefix: 63 characters, less the "-merge" and index suffixes.
	if !k8sName.MatchString(name) || len(name) > 50 {
		problems = append(problems, fmt.Sprintf("--name %q: want lower-case letters, digits and '-', at most 50 characters", name))
	}
	for _, f := range []struct{ flag, value string }{{"--queue", o.queue}, {"--claim", o.claim}, {"--namespace", o.namespace}} {
		if f.value != "" && !k8sName.MatchString(f.value) {
			problems = append(problems, fmt.Sprintf("%s %q: want a Kubernetes name (lower-case letters, digits and '-')", f.flag, f.value))
		}
	}
	if !o.merge && (o.output != "" || o.format != "") {
		problems = append(problems, "-o and --format go with --merge: the shards write parts")
	}
	if len(problems) > 0 {
		return &usageError{msgs: problems}
	}
	// The command line is checked as the command itself would check it,
	// so that a typo fails here, not in every pod.
	cfs, _ := newFlagSet(c)
	if err := cfs.Parse(inner[1:]); err != nil {
		return flagError(c, cfs, err)
	}
	for _, f := range []string{"shard", "shards", "output", "format", "report", "per-replication", "workers"} {
		if cfs.Changed(f) {
			return usagef("--%s in the command the Job runs: deploysim k8s job sets the shards' flags; give -o and --format to k8s job --merge", f)
		}
	}
	cmdArgs := []string{c.name}
	var files map[string]string
	pos := cfs.Args()
	for i, a := range pos {
		if a == "-" {
			return usagef("a scenario on standard input cannot go into a Job: give a file or a built-in")
		}
		if inputFile(a) == "" {
			continue
		}
		data, err := os.ReadFile(a)
		if err != nil {
			return usagef("%s: %v", a, unwrapPath(err))
		}
		if files == nil {
			files = map[string]string{}
		}
		files[filepath.Base(a)] = string(data)
		pos[i] = "/scenario/" + filepath.Base(a)
	}
	// The shards' flags as given (canonical, so that every task and the
	// merge see one command line), then the scenario.
	given := canonicalArgs(cfs)
	cmdArgs = append(cmdArgs, given[:len(given)-len(cfs.Args())-1]...)
	cmdArgs = append(cmdArgs, "--")
	cmdArgs = append(cmdArgs, pos...)

	labels := map[string]string{"app.kubernetes.io/name": "deploysim", "app.kubernetes.io/component": "shard"}
	if o.merge {
		labels["app.kubernetes.io/component"] = "merge"
	}
	if o.queue != "" {
		labels["kueue.x-k8s.io/queue-name"] = o.queue
	}
	mounts := []k8sMount{{Name: "results", MountPath: resultsDir}}
	volumes := []k8sVolume{{Name: "results", PersistentVolumeClaim: &k8sClaimSource{ClaimName: o.claim}}}
	var docs []any
	if files != nil {
		cm := name + "-scenario"
		mounts = append(mounts, k8sMount{Name: "scenario", MountPath: "/scenario", ReadOnly: true})
		volumes = append(volumes, k8sVolume{Name: "scenario", ConfigMap: &k8sConfigMapSrc{Name: cm}})
		if !o.merge {
			docs = append(docs, k8sConfigMap{APIVersion: "v1", Kind: "ConfigMap", Metadata: k8sMeta{Name: cm, Namespace: o.namespace, Labels: labels}, Data: files})
		}
	}
	one := 1
	exit2 := k8sFailureRule{Action: "FailIndex", OnExitCodes: &k8sExitCodes{ContainerName: "deploysim", Operator: "In", Values: []int{exitUsage}}}
	disrupted := k8sFailureRule{Action: "Ignore", OnPodConditions: []k8sConditionRule{{Type: "DisruptionTarget", Status: "True"}}}
	job := k8sJob{APIVersion: "batch/v1", Kind: "Job", Metadata: k8sMeta{Name: name, Namespace: o.namespace, Labels: labels}}
	spec := &job.Spec
	spec.TTLSecondsAfterFinished = o.ttl
	spec.Suspend = o.queue != ""
	var podArgs []string
	if o.merge {
		job.Metadata.Name = name + "-merge"
		podArgs = []string{"merge", resultsDir + "/" + name}
		if o.output != "" {
			out := o.output
			if !filepath.IsAbs(out) {
				out = resultsDir + "/" + out
			}
			podArgs = append(podArgs, "--output="+out)
		}
		if o.format != "" {
			podArgs = append(podArgs, "--format="+o.format)
		}
		spec.Completions, spec.Parallelism, spec.BackoffLimit = 1, 1, &one
		exit2.Action = "FailJob"
		spec.PodFailurePolicy.Rules = []k8sFailureRule{exit2, disrupted}
	} else {
		// Each task writes its part into a directory of the Job's own, so
		// that two runs on one volume never mix; a retried task rewrites
		// its part.
		podArgs = append(append([]string{}, cmdArgs[:1]...), "--shard=auto", "--shards="+strconv.Itoa(o.shards), "--output="+resultsDir+"/"+name+"/")
		podArgs = append(podArgs, cmdArgs[1:]...)
		spec.CompletionMode = "Indexed"
		spec.Completions, spec.Parallelism = o.shards, min(o.parallelism, o.shards)
		spec.BackoffLimitPerIndex, spec.MaxFailedIndexes = &o.retries, &o.maxFailed
		spec.PodFailurePolicy.Rules = []k8sFailureRule{exit2, disrupted}
	}
	spec.Template.Metadata.Labels = map[string]string{"app.kubernetes.io/name": "deploysim", "app.kubernetes.io/component": labels["app.kubernetes.io/component"]}
	spec.Template.Spec = k8sPodSpec{
		RestartPolicy:   "Never",
		SecurityContext: map[string]any{"runAsNonRoot": true, "runAsUser": 65532, "fsGroup": 65532},
		Containers: []k8sContainer{{
			Name: "deploysim", Image: o.image, Args: podArgs,
			Resources:    k8sResources{Requests: map[string]string{"cpu": o.cpu, "memory": o.memory}, Limits: map[string]string{"memory": o.memory}},
			VolumeMounts: mounts,
			Security:     map[string]any{"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "capabilities": map[string]any{"drop": []string{"ALL"}}},
		}},
		Volumes: volumes,
	}
	docs = append(docs, job)
	var buf bytes.Buffer
	for i, d := range docs {
		if i > 0 {
			buf.WriteString("---\n")
		}
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(d); err != nil {
			return err
		}
		enc.Close()
	}
	_, err := e.stdout.Write(buf.Bytes())
	return err
}
