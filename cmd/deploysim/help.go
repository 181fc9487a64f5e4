package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/pflag"
)

const mainHelp = `deploysim simulates how a team delivers software — big manual "epic"
releases, continuous delivery, continuous deployment — over many simulated
years, and compares DORA's four key metrics, downtime and money lost, each
with a 95% confidence interval.

Usage:
  deploysim <command> [arguments] [flags]

Commands:
{{commands}}
Examples:
  deploysim run                           # the default scenario, epic-vs-continuous
  deploysim list                          # the built-in scenarios
  deploysim run knight-capital-2012 -n 1000
  deploysim show epic-vs-continuous > mine.yaml   # then edit mine.yaml
  deploysim run mine.yaml --format json

Run 'deploysim <command> --help' for a command's flags and examples.
Exit status: 0 success, 1 the run or its output failed or was interrupted,
2 bad usage or input (the message on stderr says what to change).
`

// writeMainHelp writes the top-level help.
func writeMainHelp(w io.Writer, cmds []*command) {
	var list string
	col := len("help")
	for _, c := range cmds {
		if !c.hidden {
			col = max(col, len(c.name))
		}
	}
	for _, c := range cmds {
		if c.hidden {
			continue
		}
		list += fmt.Sprintf("  %-*s %s\n", col, c.name, c.summary)
	}
	list += fmt.Sprintf("  %-*s %s\n", col, "help", "help about a command: deploysim help run")
	io.WriteString(w, strings.Replace(mainHelp, "{{commands}}", list, 1))
}

// writeHelp writes a command's help: usage line, description, flags and
// examples.
func writeHelp(w io.Writer, c *command, fs *pflag.FlagSet) {
	bw := bufio.NewWriter(w)
	usage := "deploysim " + c.name
	if c.args != "" {
		usage += " " + c.args
	}
	fmt.Fprintf(bw, "Usage: %s [flags]\n\n%s\n", usage, c.long)
	fmt.Fprintf(bw, "\nFlags:\n%s", flagUsages(fs, 80))
	if c.examples != "" {
		fmt.Fprintf(bw, "\nExamples:\n%s\n", c.examples)
	}
	bw.Flush()
}

// flagUsages lists the flags, one each, their descriptions wrapped to
// width columns. It is pflag's FlagUsages without "[=true|false]" after
// switches.
func flagUsages(fs *pflag.FlagSet, width int) string {
	type row struct{ name, usage string }
	var rows []row
	col := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name := "      --" + f.Name
		if f.Shorthand != "" {
			name = "  -" + f.Shorthand + ", --" + f.Name
		}
		varname, usage := pflag.UnquoteUsage(f)
		if f.Value.Type() != "bool" && varname != "" {
			name += " " + varname
		}
		switch f.DefValue {
		case "", "0", "false", "[]":
		default:
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		rows = append(rows, row{name, usage})
		col = max(col, len(name)+3)
	})
	var b strings.Builder
	for _, r := range rows {
		line := r.name + strings.Repeat(" ", col-len(r.name))
		n := col
		for i, word := range strings.Fields(r.usage) {
			if i > 0 && n+1+len(word) > width {
				line += "\n" + strings.Repeat(" ", col)
				n = col
			} else if i > 0 {
				line += " "
				n++
			}
			line += word
			n += utf8.RuneCountInString(word)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
