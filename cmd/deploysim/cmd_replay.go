package main

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"deploysim/report/render"
	"deploysim/reports"
	"deploysim/scenarios"
	"deploysim/web"
)

func replayCommand() *command {
	return &command{
		name:    "replay",
		args:    "SCENARIO|FILE --arm NAME",
		summary: "tell one replication of one arm minute by minute",
		long: `Runs one replication of one arm with its event log and tells it as a
story: deployments, faults, detection, rollbacks, fixes and the loss so
far, one line per event under each day. --first-failure picks the first
replication with an incident and tells that incident; --replication K
tells replication K (its whole measured period, or with --incident N its
N-th incident). The same replication gives the same story as it has in
deploysim run.`,
		examples: `  deploysim replay knight-capital-2012 --arm as-it-was --first-failure
  deploysim replay epic-vs-continuous --arm continuous-delivery --replication 3 --incident 1
  deploysim replay my-team.yaml --arm today --replication 0 --set arms.today.release.every=1w`,
		setup: func(fs *pflag.FlagSet) action {
			arm := fs.String("arm", "", "the `NAME` of the arm to replay (required)")
			rep := fs.Int("replication", 0, "replication `K`, from 0")
			first := fs.Bool("first-failure", false, "the first replication with an incident, and that incident")
			incident := fs.Int("incident", 0, "tell only incident `N` (from 1) of the replication; 0: its whole measured period")
			sets := fs.StringArray("set", nil, "change one parameter: `PATH=VALUE`, as deploysim run --set")
			return func(ctx context.Context, e *env, args []string) error {
				return replay(ctx, e, args, *arm, *rep, *incident, *first, fs.Changed("replication"), *sets)
			}
		},
	}
}

const replayHelp = "(see deploysim replay --help)"

func replay(ctx context.Context, e *env, args []string, arm string, rep, incident int, first, repSet bool, sets []string) error {
	var problems []string
	if len(args) != 1 {
		problems = append(problems, "name one scenario, a built-in or a file "+replayHelp)
	}
	if arm == "" {
		problems = append(problems, "--arm: name the arm to replay "+replayHelp)
	}
	if first && repSet {
		problems = append(problems, "--first-failure and --replication: give one of them "+replayHelp)
	}
	if rep < 0 {
		problems = append(problems, "--replication "+strconv.Itoa(rep)+": want 0 or more "+replayHelp)
	}
	if incident < 0 {
		problems = append(problems, "--incident "+strconv.Itoa(incident)+": want 1 or more, or 0 for the whole period "+replayHelp)
	}
	if len(problems) > 0 {
		return &usageError{msgs: problems}
	}
	sc, err := loadScenarioContext(ctx, e, args[0])
	if err != nil {
		return err
	}
	if len(sets) > 0 {
		if sc, err = sc.With(sets...); err != nil {
			return err
		}
	}
	a, ok := sc.Arm(arm)
	if !ok {
		names := make([]string, len(sc.Arms))
		for i := range sc.Arms {
			names[i] = sc.Arms[i].Name
		}
		return usagef("--arm %q: not an arm of %s%s (arms: %s)", arm, sc.Name, didYouMean(arm, names), strings.Join(names, ", "))
	}
	if first {
		exp := sc.Experiment()
		const limit = 10_000
		found, ok, err := web.FindFailure(ctx, &a, &exp, limit, 0)
		if err != nil {
			return err
		}
		if !ok {
			return usagef("--first-failure: %s has no incident in %d replications", arm, limit)
		}
		rep = found
		if incident == 0 {
			incident = 1
		}
	}
	r, err := web.Replay(ctx, sc, arm, rep, incident, 0)
	var se *web.SimulationError
	if errors.As(err, &se) {
		return se.Err
	}
	if err != nil {
		return usagef("%s", strings.TrimPrefix(err.Error(), "reports: "))
	}
	return render.WriteText(e.stdout, reports.FromReplay(r), render.Options{Width: terminalWidth(e.stdout)})
}

// inputErrorOrScenario returns a scenario's Errors as they are and marks
// any other failure to load as an input error.
func inputErrorOrScenario(err error) error {
	var errs scenarios.Errors
	if errors.As(err, &errs) {
		return err
	}
	return inputError(err)
}
