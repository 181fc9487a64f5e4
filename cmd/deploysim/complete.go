package main

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"deploysim/models"
	"deploysim/scenarios"
)

// Shell completion. Every shell's script (deploysim completion SHELL)
// asks deploysim itself for the candidates: it runs
//
//	deploysim __complete WORD... CURRENT
//
// with the words typed after the program name, the last being the one
// being completed (empty after a space), and offers the lines printed,
// one candidate each. The last line is ":N", a set of directives: 1, add
// no space after the candidate (a --set path goes on with "=VALUE"); 2,
// offer file names as well. It is the protocol cobra's completions use,
// answered from the command table and each command's pflag flag set, so
// that a command or flag added there completes without touching this file.
const (
	directiveNoSpace = 1
	directiveFiles   = 2
)

func completeCommand() *command {
	return &command{
		name:    "__complete",
		args:    "WORD... CURRENT",
		summary: "the candidates for the word being completed, for the shell scripts",
		long:    "Prints the completion candidates of the last word, one a line, then a line of directives; the scripts of deploysim completion call it.",
		hidden:  true,
		rawArgs: true,
		setup: func(fs *pflag.FlagSet) action {
			return func(ctx context.Context, e *env, args []string) error {
				cands, directive := complete(args)
				for _, c := range cands {
					fmt.Fprintln(e.stdout, c)
				}
				fmt.Fprintf(e.stdout, ":%d\n", directive)
				return nil
			}
		},
	}
}

// complete returns the candidates for the last of words (the command
// line after the program name) that begin with it, and the directives.
func complete(words []string) ([]string, int) {
	if len(words) == 0 {
		words = []string{""}
	}
	cur, before := words[len(words)-1], words[:len(words)-1]
	if cur == `""` {
		cur = "" // PowerShell before 7.3 cannot pass an empty argument
	}
	cmds := commands()
	if len(before) == 0 {
		var names []string
		for _, c := range cmds {
			if !c.hidden {
				names = append(names, c.name)
			}
		}
		return prefixed(append(names, "help"), cur), 0
	}
	name := before[0]
	if name == "help" {
		if len(before) == 1 {
			return complete([]string{cur})
		}
		return nil, 0
	}
	c := find(cmds, name)
	if c == nil || c.rawArgs {
		return nil, 0
	}
	fs, _ := newFlagSet(c)
	// The scenario named so far (the first word that is neither a flag
	// nor a flag's value), for arm names and parameter paths.
	scenario := ""
	var valueOf *pflag.Flag
	for i := 1; i < len(before); i++ {
		w := before[i]
		if w == "--" {
			break
		}
		if f := flagOf(fs, w); f != nil {
			if f.Value.Type() != "bool" && !strings.Contains(w, "=") && i == len(before)-1 {
				valueOf = f
			} else if f.Value.Type() != "bool" && !strings.Contains(w, "=") {
				i++ // skip its value
			}
			continue
		}
		if !strings.HasPrefix(w, "-") && scenario == "" {
			scenario = w
		}
	}
	if valueOf == nil && strings.HasPrefix(cur, "--") && strings.Contains(cur, "=") {
		// --flag=VALUE in one word.
		flag, value, _ := strings.Cut(cur, "=")
		if f := flagOf(fs, flag); f != nil {
			cands, d := flagValues(f, scenario, value)
			for i := range cands {
				cands[i] = flag + "=" + cands[i]
			}
			return cands, d
		}
	}
	if valueOf != nil {
		return flagValues(valueOf, scenario, cur)
	}
	if strings.HasPrefix(cur, "-") {
		var flags []string
		fs.VisitAll(func(f *pflag.Flag) {
			if !f.Hidden {
				flags = append(flags, "--"+f.Name)
			}
		})
		return prefixed(flags, cur), 0
	}
	if scenario == "" && strings.Contains(c.args, "|") && !strings.ContainsAny(c.args, " [") {
		return prefixed(strings.Split(c.args, "|"), cur), 0 // completion bash|zsh|fish|powershell
	}
	if scenario == "" && strings.Contains(c.args, "SCENARIO") {
		return prefixed(scenarios.List(), cur), directiveFiles
	}
	if strings.Contains(c.args, "FILE") {
		return nil, directiveFiles
	}
	return nil, 0
}

// flagOf returns the flag a word names (--name, --name=value, -n), or nil.
func flagOf(fs *pflag.FlagSet, w string) *pflag.Flag {
	switch {
	case strings.HasPrefix(w, "--"):
		name, _, _ := strings.Cut(w[2:], "=")
		return fs.Lookup(name)
	case strings.HasPrefix(w, "-") && len(w) == 2:
		return fs.ShorthandLookup(w[1:])
	}
	return nil
}

// flagValues are the candidates for a flag's value: arm names, parameter
// paths, the choices its help lists, or file names.
func flagValues(f *pflag.Flag, scenario, cur string) ([]string, int) {
	isArm := slices.Contains([]string{"arm", "vs", "from", "to", "arms"}, f.Name) && strings.Contains(f.Usage, "arm")
	switch {
	case isArm:
		if arms := armNames(scenario); len(arms) > 0 {
			if f.Value.Type() == "stringSlice" {
				// A comma-separated list: complete its last item.
				done, last := "", cur
				if i := strings.LastIndex(cur, ","); i >= 0 {
					done, last = cur[:i+1], cur[i+1:]
				}
				var out []string
				for _, a := range prefixed(arms, last) {
					out = append(out, done+a)
				}
				return out, directiveNoSpace
			}
			return prefixed(arms, cur), 0
		}
	case f.Name == "set" || f.Name == "vary":
		return prefixed(paramPaths(scenario), cur), directiveNoSpace
	}
	if choices := usageChoices(f.Usage); len(choices) > 0 {
		return prefixed(choices, cur), 0
	}
	varname, _ := pflag.UnquoteUsage(f)
	if strings.Contains(varname, "FILE") || strings.Contains(varname, "DIR") {
		return nil, directiveFiles
	}
	return nil, directiveNoSpace
}

// loadQuietly loads the named scenario (the default if none), or nil.
func loadQuietly(name string) *scenarios.Scenario {
	if name == "" {
		name = scenarios.Default
	}
	sc, err := scenarios.Load(name)
	if err != nil {
		return nil
	}
	return sc
}

func armNames(scenario string) []string {
	sc := loadQuietly(scenario)
	if sc == nil {
		return nil
	}
	var names []string
	for _, a := range sc.Arms {
		names = append(names, a.Name)
	}
	return names
}

// listItem matches a list item's index in a parameter's field.
var listItem = regexp.MustCompile(`^(pipeline|work\.severities)\[(\d+)\]`)

// paramPaths are the --set and --vary paths of the scenario's numeric
// parameters, each followed by "=": arms.NAME.FIELD with list items named
// by their names, as sensitivity prints them, and defaults.FIELD.
func paramPaths(scenario string) []string {
	sc := loadQuietly(scenario)
	if sc == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, a := range sc.Arms {
		for _, p := range sc.NumericParams(a.Name) {
			field := namedItem(&a, p.Field)
			out = append(out, "arms."+a.Name+"."+field+"=")
			if !strings.Contains(p.Field, "[") && !seen[field] {
				seen[field] = true
				out = append(out, "defaults."+field+"=")
			}
		}
	}
	return out
}

// namedItem writes a list item of field by its name, as --set accepts it:
// pipeline[1].catch_prob becomes pipeline.manual-regression.catch_prob.
func namedItem(a *models.Arm, field string) string {
	m := listItem.FindStringSubmatchIndex(field)
	if m == nil {
		return field
	}
	i, _ := strconv.Atoi(field[m[4]:m[5]])
	name := ""
	switch list := field[m[2]:m[3]]; {
	case list == "pipeline" && i < len(a.Pipeline):
		name = a.Pipeline[i].Name
	case list == "work.severities" && i < len(a.Work.Severities):
		name = a.Work.Severities[i].Name
	}
	if name == "" || strings.ContainsAny(name, ".[]= ") {
		return field
	}
	return field[m[2]:m[3]] + "." + name + field[m[1]:]
}

// choiceWord is one of the choices a flag's help lists.
var choiceWord = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)

// usageChoices reads the choices from a flag's help when it lists them
// after its value's name ("output `FORMAT`: table, markdown, csv, json or
// html (…)"), so that a flag added with such help completes its values.
func usageChoices(usage string) []string {
	_, list, ok := strings.Cut(usage, "`: ")
	if !ok {
		return nil
	}
	// Drop parenthesised remarks, then split at commas and "or".
	var b strings.Builder
	depth := 0
	for _, r := range list {
		switch {
		case r == '(':
			depth++
		case r == ')':
			depth = max(depth-1, 0)
		case depth == 0:
			b.WriteRune(r)
		}
	}
	var out []string
	for _, item := range strings.Split(strings.ReplaceAll(b.String(), " or ", ","), ",") {
		words := strings.Fields(item)
		if len(words) == 0 {
			continue
		}
		w := strings.TrimRight(words[0], ":.;")
		if w == "or" && len(words) > 1 {
			w = strings.TrimRight(words[1], ":.;")
		}
		if choiceWord.MatchString(w) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// prefixed returns the candidates that begin with prefix.
func prefixed(cands []string, prefix string) []string {
	var out []string
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) {
			out = append(out, c)
		}
	}
	return out
}
