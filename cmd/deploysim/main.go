package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"deploysim/scenarios"
	"deploysim/sim"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // a run or writing its output failed, or was interrupted
	exitUsage   = 2 // bad usage or input: command, flag, value, scenario
)

// run runs the command line args (without the program name), reading
// standard input and writing to stdout and stderr, and returns the exit
// status. The first SIGINT (Ctrl-C) or SIGTERM cancels the command, which
// stops within a fraction of a second and leaves no file; a second one
// ends the process at once, after removing any temporary file.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stage := &stager{}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		<-sigs
		cancel()
		<-sigs
		stage.abort()
		fmt.Fprintln(stderr, "deploysim: interrupted again: stopped at once")
		os.Exit(exitFailure)
	}()
	return runIO(ctx, args, os.Stdin, stdout, stderr, stage)
}

// env is where a command reads and writes.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stage          *stager // the temporary files of the outputs being written
	// part, if not nil, makes the command a shard that writes its slice
	// of the records, or a merge that reads them (see shard.go).
	part *partMode
}

// action carries out a command once its flags are parsed; args are the
// arguments left after the flags.
type action func(ctx context.Context, e *env, args []string) error

// command is one subcommand: its help text and a setup function that
// defines its flags on a fresh flag set and returns the action, which
// reads them.
type command struct {
	name     string
	args     string // what follows the name in the usage line: "[SCENARIO|FILE]"
	summary  string // one line for the list of commands
	long     string // what the command does
	examples string // copy-pasteable command lines, indented by two spaces
	setup    func(fs *pflag.FlagSet) action
	hidden   bool // left out of the help's command list (__complete)
	rawArgs  bool // the action takes the arguments unparsed
}

// commands returns the command table, in the order help lists it.
func commands() []*command {
	return []*command{
		runCommand(),
		sweepCommand(),
		sensitivityCommand(),
		caseCommand(),
		calibrateCommand(),
		listCommand(),
		showCommand(),
		initCommand(),
		validateCommand(),
		schemaCommand(),
		serveCommand(),
		replayCommand(),
		mergeCommand(),
		k8sCommand(),
		exportCommand(),
		versionCommand(),
		completionCommand(),
		manCommand(),
		completeCommand(),
	}
}

func find(cmds []*command, name string) *command {
	i := slices.IndexFunc(cmds, func(c *command) bool { return c.name == name })
	if i < 0 {
		return nil
	}
	return cmds[i]
}

// runContext is run with the signal handling left to the caller and
// nothing on standard input.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runIO(ctx, args, strings.NewReader(""), stdout, stderr, &stager{})
}

// runIO is runContext reading standard input from stdin and staging output
// files with stage.
func runIO(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, stage *stager) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, stage: stage}
	cmds := commands()
	if len(args) == 0 {
		writeMainHelp(stderr, cmds)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "--help":
		writeMainHelp(stdout, cmds)
		return exitOK
	case "help":
		if len(rest) == 0 || rest[0] == "-h" || rest[0] == "--help" {
			writeMainHelp(stdout, cmds)
			return exitOK
		}
		name, rest = rest[0], []string{"--help"}
	case "--version":
		name = "version"
	}
	c := find(cmds, name)
	if c == nil {
		return report(e, "", unknownCommand(name, cmds))
	}
	return report(e, c.name, execute(ctx, e, c, rest))
}

// execute parses a command's flags and runs it.
func execute(ctx context.Context, e *env, c *command, args []string) error {
	fs, act := newFlagSet(c)
	if c.rawArgs {
		return act(ctx, e, args)
	}
	err := fs.Parse(args)
	if help, _ := fs.GetBool("help"); errors.Is(err, pflag.ErrHelp) || err == nil && help {
		writeHelp(e.stdout, c, fs)
		return nil
	}
	if err != nil {
		return flagError(c, fs, err)
	}
	if sharded(fs) {
		return runShard(ctx, e, c, fs, act)
	}
	return act(ctx, e, fs.Args())
}

// newFlagSet returns c's own flag set, with --help, and its action.
func newFlagSet(c *command) (*pflag.FlagSet, action) {
	fs := pflag.NewFlagSet("deploysim "+c.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported in one place, by report
	fs.Usage = func() {}
	fs.SortFlags = false
	act := c.setup(fs)
	defineShardFlags(c, fs)
	fs.BoolP("help", "h", false, "show this help")
	return fs, act
}

// usageError is a problem with the command line or its input: the
// status is 2 and each message is one line on stderr.
type usageError struct {
	msgs []string
}

func (e *usageError) Error() string { return strings.Join(e.msgs, "\n") }

func usagef(format string, args ...any) error {
	return &usageError{msgs: []string{fmt.Sprintf(format, args...)}}
}

// inputError marks err, a problem with what the user gave (a scenario
// that cannot be found or read), as a usage error.
func inputError(err error) error {
	return &usageError{msgs: []string{err.Error()}}
}

// reportedError says that the command has already printed its problems
// and should exit with the status code.
type reportedError struct{ code int }

func (e *reportedError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// report prints err, if any, and returns the exit status: one line per
// problem, prefixed with the command, except scenario problems, which
// begin with their file and line as editors expect.
func report(e *env, cmd string, err error) int {
	if err == nil {
		return exitOK
	}
	prefix := "deploysim: "
	if cmd != "" {
		prefix = "deploysim " + cmd + ": "
	}
	var (
		serrs    scenarios.Errors
		uerr     *usageError
		reported *reportedError
		budget   *sim.BudgetError
	)
	switch {
	case errors.As(err, &reported):
		return reported.code
	case errors.As(err, &serrs):
		for _, se := range serrs {
			fmt.Fprintln(e.stderr, oneLine(se.Error()))
		}
		return exitUsage
	case errors.As(err, &uerr):
		for _, m := range uerr.msgs {
			fmt.Fprintln(e.stderr, prefix+oneLine(m))
		}
		return exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(e.stderr, prefix+"interrupted")
		return exitFailure
	case errors.As(err, &budget):
		// The scenario's parameters make a replication explode: an input
		// problem. The model's error names the arm and the parameters.
		fmt.Fprintln(e.stderr, prefix+oneLine(err.Error()))
		return exitUsage
	default:
		fmt.Fprintln(e.stderr, prefix+oneLine(err.Error()))
		return exitFailure
	}
}

// oneLine keeps a message on one line, whatever produced it, with control
// characters (a terminal escape in a file name or value) shown escaped
// rather than sent to the terminal.
func oneLine(s string) string {
	// Only ASCII blanks are collapsed: U+0085 and the like are shown.
	blank := func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\v' || r == '\f' }
	return escapeControls(strings.Join(strings.FieldsFunc(strings.ReplaceAll(s, "\n", "; "), blank), " "))
}

// escapeControls writes control characters and invalid UTF-8 as Go
// escapes (\x1b, \u0085), so that text from a scenario file cannot move
// the cursor, recolour or retitle the user's terminal.
func escapeControls(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == utf8.RuneError || unicode.IsControl(r) }) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// seeHelp is the hint that ends a usage error.
func seeHelp(c *command) string {
	if c == nil {
		return "(see deploysim --help)"
	}
	return "(see deploysim " + c.name + " --help)"
}

func unknownCommand(name string, cmds []*command) error {
	if strings.HasPrefix(name, "-") {
		return usagef("%s: name a command first, then its flags, as in deploysim run %s %s", name, name, seeHelp(nil))
	}
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.name
	}
	return usagef("unknown command %q%s %s", name, didYouMean(name, names), seeHelp(nil))
}

// flagError turns a pflag parse error into a usage error that says what
// to do.
func flagError(c *command, fs *pflag.FlagSet, err error) error {
	var (
		notExist *pflag.NotExistError
		invalid  *pflag.InvalidValueError
	)
	switch {
	case errors.As(err, &notExist) && notExist.GetSpecifiedShortnames() == "":
		name := notExist.GetSpecifiedName()
		var names []string
		fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		hint := ""
		if s := nearest(name, names); s != "" {
			hint = "; did you mean --" + s + "?"
		}
		return usagef("unknown flag --%s%s %s", name, hint, seeHelp(c))
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		want := "a valid " + f.Value.Type()
		switch f.Value.Type() {
		case "int":
			want = "a whole number"
		case "bool":
			want = "true or false"
		}
		return usagef("--%s %q: want %s %s", f.Name, invalid.GetValue(), want, seeHelp(c))
	}
	return usagef("%v %s", err, seeHelp(c))
}

// didYouMean formats a suggestion suffix: "; did you mean run?" or "".
func didYouMean(s string, candidates []string) string {
	if n := nearest(s, candidates); n != "" {
		return "; did you mean " + n + "?"
	}
	return ""
}

// nearest returns the candidate closest to s if it is close enough to be
// a likely typo, or a unique candidate that s begins or ends, or "".
func nearest(s string, candidates []string) string {
	return scenarios.Suggest(s, candidates)
}
