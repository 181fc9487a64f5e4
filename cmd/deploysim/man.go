package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

func manCommand() *command {
	return &command{
		name:    "man",
		summary: "print the manual page (roff) for man",
		long: `Prints deploysim's manual page in roff, made from the same command table,
help texts and flags as --help: every command with its flags, examples
and the exit statuses.`,
		examples: `  deploysim man > deploysim.1 && man -l deploysim.1
  deploysim man | sudo tee /usr/local/share/man/man1/deploysim.1 >/dev/null`,
		setup: func(fs *pflag.FlagSet) action {
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("takes no arguments, got %s (see deploysim man --help)", strings.Join(args, " "))
				}
				return writeMan(e.stdout, commands())
			}
		},
	}
}

// writeMan writes the manual page: name, synopsis, description, each
// command with its flags and examples, exit status.
func writeMan(w io.Writer, cmds []*command) error {
	bw := bufio.NewWriter(w)
	intro, _, _ := strings.Cut(mainHelp, "\n\n")
	fmt.Fprintf(bw, ".TH DEPLOYSIM 1 \"\" \"deploysim %s\" \"User Commands\"\n", roff(versionString()))
	fmt.Fprintln(bw, ".nh") // no hyphenation: flags and paths are typed as shown
	fmt.Fprintln(bw, ".SH NAME")
	fmt.Fprintln(bw, `deploysim \- simulate and compare ways of delivering software`)
	fmt.Fprintln(bw, ".SH SYNOPSIS")
	fmt.Fprintln(bw, ".B deploysim")
	fmt.Fprintln(bw, `.I command
[\fIarguments\fR] [\fIflags\fR]`)
	fmt.Fprintln(bw, ".SH DESCRIPTION")
	fmt.Fprintln(bw, roffText(intro))
	fmt.Fprintln(bw, ".PP")
	fmt.Fprintln(bw, roffText("Run 'deploysim <command> --help' for a command's flags and examples, and 'deploysim completion bash' (zsh, fish, powershell) for completion."))
	fmt.Fprintln(bw, ".SH COMMANDS")
	for _, c := range cmds {
		if c.hidden {
			continue
		}
		usage := "deploysim " + c.name
		if c.args != "" {
			usage += " " + c.args
		}
		fmt.Fprintf(bw, ".SS \"%s\"\n", roff(usage))
		for i, para := range strings.Split(c.long, "\n\n") {
			if i > 0 {
				fmt.Fprintln(bw, ".PP")
			}
			fmt.Fprintln(bw, roffText(para))
		}
		fs, _ := newFlagSet(c)
		fs.VisitAll(func(f *pflag.Flag) {
			if f.Hidden {
				return
			}
			varname, usage := pflag.UnquoteUsage(f)
			name := `\fB\-\-` + roff(f.Name) + `\fR`
			if f.Shorthand != "" {
				name = `\fB\-` + roff(f.Shorthand) + `\fR, ` + name
			}
			if f.Value.Type() != "bool" && varname != "" {
				name += ` \fI` + roff(varname) + `\fR`
			}
			switch f.DefValue {
			case "", "0", "false", "[]":
			default:
				usage += " (default " + f.DefValue + ")"
			}
			fmt.Fprintf(bw, ".TP\n%s\n%s\n", name, roffText(usage))
		})
		if c.examples != "" {
			fmt.Fprintln(bw, ".PP\nExamples:\n.PP\n.RS\n.nf")
			for _, l := range strings.Split(c.examples, "\n") {
				fmt.Fprintln(bw, roffLine(strings.TrimPrefix(l, "  ")))
			}
			fmt.Fprintln(bw, ".fi\n.RE")
		}
	}
	fmt.Fprintln(bw, ".SH EXIT STATUS")
	fmt.Fprintln(bw, ".TP\n0\nsuccess\n.TP\n1\nthe run or its output failed or was interrupted\n.TP\n2\nbad usage or input: the message on standard error says what to change")
	fmt.Fprintln(bw, ".SH SEE ALSO")
	fmt.Fprintln(bw, roffText("docs/scenario-reference.md in the source, and deploysim show SCENARIO for a scenario's every parameter."))
	return bw.Flush()
}

// roff escapes text for roff: backslashes, hyphens (a minus, as in a
// flag, not a hyphen), and characters outside ASCII as \[uXXXX], which
// troff reads whatever its input encoding.
func roff(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '-':
			b.WriteString(`\-`)
		case r > 0x7e:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// roffLine is roff(s) safe at the start of a line, where "." and "'"
// begin a request.
func roffLine(s string) string {
	s = roff(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// roffText is a paragraph of help text for roff to fill: its lines, each
// made safe.
func roffText(s string) string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		lines = append(lines, roffLine(strings.TrimSpace(l)))
	}
	return strings.Join(lines, "\n")
}
