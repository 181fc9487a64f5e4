package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"deploysim/scenarios"
)

func listCommand() *command {
	return &command{
		name:    "list",
		summary: "list the built-in scenarios and their titles",
		long: `Lists the built-in scenarios, by name and title. Run one with
deploysim run NAME; read it, story and sources included, with deploysim show NAME.`,
		examples: `  deploysim list
  deploysim run knight-capital-2012`,
		setup: func(fs *pflag.FlagSet) action {
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("takes no arguments, got %s (see deploysim list --help)", strings.Join(args, " "))
				}
				tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
				fmt.Fprintln(tw, "NAME\tTITLE")
				for _, name := range scenarios.List() {
					sc, err := scenarios.Load(name)
					if err != nil {
						return fmt.Errorf("built-in scenario %s: %w", name, err)
					}
					title := sc.Title
					if name == scenarios.Default {
						title += " (default)"
					}
					fmt.Fprintf(tw, "%s\t%s\n", name, title)
				}
				return tw.Flush()
			}
		},
	}
}

func showCommand() *command {
	return &command{
		name:    "show",
		args:    "NAME|FILE",
		summary: "print a scenario as YAML, every parameter resolved",
		long: `Prints a scenario as a scenario file: its title, story and sources, its run
settings, every arm with every parameter, the built-in defaults and
extends applied, its business case (case:) and its uncertain inputs
(uncertain:), each value with the reason written beside it in the
scenario or the built-in defaults. A default that an uncertain range
varies stays under defaults: (and an arm that inherits a varied value
from another keeps its extends), so that the range moves the same arms
in your copy. Save it, edit it and run it. --set
shows the scenario with overrides applied, as run would use it; --changed
only what it changes from the built-in defaults (it loads back the same).`,
		examples: `  deploysim show epic-vs-continuous
  deploysim show knight-capital-2012 > knight.yaml && deploysim run knight.yaml
  deploysim show epic-vs-continuous --set arms.quarterly-manual.release.every=4w
  deploysim show knight-capital-2012 --changed`,
		setup: func(fs *pflag.FlagSet) action {
			sets := fs.StringArray("set", nil, "change one parameter first: `PATH=VALUE` (repeatable; as run --set)")
			changed := fs.Bool("changed", false, "show only the parameters that differ from the built-in defaults")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) != 1 {
					return usagef("name one scenario (deploysim list shows the built-ins), got %d arguments (see deploysim show --help)", len(args))
				}
				sc, err := loadScenarioContext(ctx, e, args[0])
				if err != nil {
					return err
				}
				if len(*sets) > 0 {
					if sc, err = sc.With(*sets...); err != nil {
						return err
					}
				}
				made := append([]string{shellQuote(args[0])}, quoteSets(*sets)...)
				if *changed {
					made = append(made, "--changed")
				}
				out, err := scenarioYAML(sc, args[0], "deploysim show "+strings.Join(made, " "), *changed)
				if err != nil {
					return err
				}
				_, err = e.stdout.Write(out)
				return err
			}
		},
	}
}

func quoteSets(sets []string) []string {
	var out []string
	for _, s := range sets {
		out = append(out, "--set", shellQuote(s))
	}
	return out
}

// scenarioYAML writes sc as a scenario file that loads back to the same
// scenario: the story and run settings, every arm in full
// (scenarios.ArmYAML), the business case and the uncertain inputs, with
// their reasons. It leaves out the name, so that a saved copy is named
// after its file; named is the scenario as the command line named it (a
// built-in, a file, - for standard input), made the command that produced
// it.
func scenarioYAML(sc *scenarios.Scenario, named, made string, changedOnly bool) ([]byte, error) {
	top := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) {
		top.Content = append(top.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	}
	text := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	plain := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

	add("title", text(sc.Title))
	if sc.Story != "" {
		story := text(sc.Story)
		story.Style = yaml.LiteralStyle
		add("story", story)
	}
	sources := &yaml.Node{Kind: yaml.SequenceNode}
	if len(sc.Sources) == 0 {
		sources.Style = yaml.FlowStyle
	}
	for _, s := range sc.Sources {
		sources.Content = append(sources.Content, text(s))
	}
	add("sources", sources)
	add("currency", text(sc.Currency))
	add("seed", plain(strconv.FormatUint(sc.Seed, 10)))
	add("replications", plain(strconv.Itoa(sc.Replications)))
	add("horizon", plain(formatHours(sc.HorizonHours)))
	add("warmup", plain(formatHours(sc.WarmupHours)))
	add("baseline", text(sc.Baseline))
	shown := sc.Show(changedOnly)
	// A section is a document of one key, whose comment is the section's
	// reason: defaults: holds what the uncertain ranges vary, so that they
	// still reach the arms that inherit it.
	section := func(key string, data []byte) error {
		if data == nil {
			return nil
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) != 1 || len(doc.Content[0].Content) != 2 {
			return fmt.Errorf("%s: cannot re-read its YAML: %v", key, err)
		}
		top.Content = append(top.Content, doc.Content[0].Content...)
		return nil
	}
	if err := section("defaults", shown.Defaults); err != nil {
		return nil, err
	}
	arms := &yaml.Node{Kind: yaml.SequenceNode}
	for i, data := range shown.Arms {
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) != 1 {
			return nil, fmt.Errorf("arm %s: cannot re-read its YAML: %v", sc.Arms[i].Name, err)
		}
		arms.Content = append(arms.Content, doc.Content[0])
	}
	add("arms", arms)
	if err := section("case", shown.Case); err != nil {
		return nil, err
	}
	if err := section("uncertain", shown.Uncertain); err != nil {
		return nil, err
	}

	var body bytes.Buffer
	enc := yaml.NewEncoder(&body)
	enc.SetIndent(2)
	if err := enc.Encode(top); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}

	var b bytes.Buffer
	b.WriteString(scenarios.Modeline + "\n")
	fmt.Fprintf(&b, "# %s: %s\n", sc.Name, sc.Title)
	if changedOnly {
		fmt.Fprintf(&b, "#\n# Written by %s: every arm and the case\n", made)
		b.WriteString("# as they differ from the built-in defaults (deploysim show without\n# --changed lists every parameter).\n")
		b.WriteString("# Comments give each value's reason. Save it, change what you like and run it:\n")
	} else {
		fmt.Fprintf(&b, "#\n# Written by %s: every arm in full, the built-in\n", made)
		b.WriteString("# defaults and extends applied; comments give each value's reason.\n")
		b.WriteString("# Save it, change what you like and run it:\n")
	}
	b.WriteString("#\n#   deploysim show " + shellQuote(named) + " > my-scenario.yaml\n")
	b.WriteString("#   deploysim run my-scenario.yaml\n")
	b.WriteString("#\n# docs/scenario-reference.md explains every key. With the first line,\n")
	b.WriteString("# editors complete and check keys once the schema is beside this file:\n")
	b.WriteString("#   deploysim schema > " + scenarios.JSONSchemaFile + "\n\n")
	// A blank line before the arms list and between arms.
	prev := ""
	for line := range strings.Lines(body.String()) {
		if strings.HasPrefix(line, "defaults:") || strings.HasPrefix(line, "arms:") || strings.HasPrefix(line, "case:") || strings.HasPrefix(line, "uncertain:") ||
			strings.HasPrefix(line, "  - name: ") && prev != "arms:\n" {
			b.WriteString("\n")
		}
		b.WriteString(line)
		prev = line
	}
	return b.Bytes(), nil
}

func initCommand() *command {
	return &command{
		name:    "init",
		args:    "[FILE]",
		summary: "write a commented scenario file to start from",
		long: `Writes a commented scenario file that runs as written and explains every
section: change what differs for your team and delete the rest. FILE is
scenario.yaml unless given; - writes to standard output. An existing file
is left alone unless --force is given.`,
		examples: `  deploysim init
  deploysim init my-team.yaml && deploysim run my-team.yaml
  deploysim init - | less
  deploysim init --case my-case.yaml && deploysim case my-case.yaml`,
		setup: func(fs *pflag.FlagSet) action {
			force := fs.BoolP("force", "f", false, "overwrite FILE if it exists")
			asCase := fs.Bool("case", false, "write a business-case template instead (organisation, outage cost, investment), for deploysim case")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 1 {
					return usagef("one file at a time, got %d: %s (see deploysim init --help)", len(args), strings.Join(args, " "))
				}
				path, text, next := "scenario.yaml", scenarios.Template(), "run"
				if *asCase {
					path, text, next = "case.yaml", scenarios.CaseTemplate(), "case"
				}
				if len(args) == 1 {
					path = args[0]
					text = templateNamed(text, path)
				}
				if path == "-" {
					_, err := e.stdout.Write(text)
					return err
				}
				t, err := resolveTarget("", path, false)
				if err != nil {
					return err
				}
				if t.exists && !*force {
					return usagef("%s already exists: use --force to overwrite it, or name another file", path)
				}
				out := &output{target: t, data: text}
				if err := e.stage.commit([]*output{out}, func() bool { return ctx.Err() != nil }); err != nil {
					if errors.Is(err, errInterrupted) {
						return ctx.Err()
					}
					return err
				}
				q := shellQuote(path)
				fmt.Fprintf(e.stdout, "wrote %s: edit it, check it with deploysim validate %s, run it with deploysim %s %s\n", path, q, next, q)
				return nil
			}
		},
	}
}

func validateCommand() *command {
	return &command{
		name:    "validate",
		args:    "FILE...",
		summary: "check scenario files and print every problem",
		long: `Checks scenario files the way run reads them and prints "FILE: ok" for
each good one, and every problem of each bad one with its file, line and
field, one per line on standard error. The exit status is 2 if any file
has a problem.`,
		examples: `  deploysim validate my-team.yaml
  deploysim validate scenarios/library/*.yaml   # in a clone of the repository`,
		setup: func(fs *pflag.FlagSet) action {
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) == 0 {
					return usagef("name at least one scenario file (see deploysim validate --help)")
				}
				bad := false
				for _, path := range args {
					_, err := loadScenarioContext(ctx, e, path)
					if errors.Is(err, context.Canceled) {
						return err
					}
					if err == nil {
						fmt.Fprintf(e.stdout, "%s: ok\n", path)
						continue
					}
					bad = true
					var errs scenarios.Errors
					if errors.As(err, &errs) {
						for _, se := range errs {
							fmt.Fprintln(e.stderr, oneLine(se.Error()))
						}
					} else {
						fmt.Fprintf(e.stderr, "deploysim validate: %s\n", oneLine(err.Error()))
					}
				}
				if bad {
					return &reportedError{code: exitUsage}
				}
				return nil
			}
		},
	}
}

func schemaCommand() *command {
	return &command{
		name:    "schema",
		summary: "print the JSON Schema of scenario files, for editors",
		long: `Prints the JSON Schema (draft-07) of a scenario file, generated from the
schema deploysim reads scenarios with: every key with its meaning, its
built-in default and the syntax of its values. The files deploysim show
and deploysim init write start with a modeline,

  ` + scenarios.Modeline + `

with which editors running the YAML language server (VS Code's YAML
extension, Neovim's yamlls, JetBrains IDEs) complete and check a scenario
as you type, once the schema is saved under that name beside it.
docs/schema/ in the source has it too, with the schemas of the JSON
that run and case write.`,
		examples: `  deploysim schema > ` + scenarios.JSONSchemaFile + `
  deploysim init my-team.yaml && deploysim schema > ` + scenarios.JSONSchemaFile,
		setup: func(fs *pflag.FlagSet) action {
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("takes no arguments, got %s (see deploysim schema --help)", strings.Join(args, " "))
				}
				_, err := e.stdout.Write(scenarios.JSONSchema())
				return err
			}
		},
	}
}

// templateLines are the lines of a template that name its file: its
// name: field and the run command in its opening comment.
var (
	templateName = regexp.MustCompile(`(?m)^name: [A-Za-z0-9_-]+$`)
	templateRun  = regexp.MustCompile("`deploysim (run|case) (scenario|case)\\.yaml`")
	fileNameOK   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)
)

// templateNamed gives the template the name of the file it is written
// to ("teams/payments.yaml" is named payments) when that base name is a
// valid scenario name, and has its opening comment run that file.
func templateNamed(text []byte, path string) []byte {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if path == "-" || !fileNameOK.MatchString(base) {
		return text
	}
	done := false
	text = templateName.ReplaceAllFunc(text, func(m []byte) []byte {
		if done {
			return m
		}
		done = true
		return []byte("name: " + base)
	})
	if !strings.ContainsAny(path, " '\"$`\\") {
		text = templateRun.ReplaceAll(text, []byte("`deploysim $1 "+path+"`"))
	}
	return text
}
