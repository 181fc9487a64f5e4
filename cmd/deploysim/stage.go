package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"deploysim/reports"
)

// How a run writes its files (-o, --per-replication, --report) so that
// they appear whole, all of them, or not at all, and nothing the user owns
// is destroyed:
//
//  1. Before any simulation, resolveTarget checks each path: its
//     directory exists and is writable, a symlink is followed to the file
//     it names (which is then replaced, not the link), a device, FIFO or
//     terminal is noted to be written in place (/dev/stdout and /dev/fd/N
//     through the descriptor itself), and no output is the input, from a
//     file or standard input, or another output (checkDistinct).
//  2. Everything is rendered in memory while nothing exists on disk, so an
//     interrupt or a failure up to here leaves no file of any kind.
//  3. commit stages every regular file as a temporary file beside its
//     target (new files get mode 0666 less the umask; a replaced file
//     keeps its mode) after checking each name it writes against the
//     input and the other outputs (checkRendered), fsyncs them, writes the
//     in-place targets, and only then renames the temporary files into
//     place. A failure while staging removes every temporary file; the
//     stager also removes them on a second Ctrl-C, and the next run
//     removes those a killed run left (removeLeftovers).

// target is where one output goes, resolved before the run.
type target struct {
	flag   string      // the flag that named it: "-o", "--per-replication", "--report"
	path   string      // as the user wrote it
	real   string      // symlinks followed: the file or directory to create or replace
	direct bool        // an existing device, FIFO or terminal: written in place, never replaced
	isDir  bool        // a --report directory
	exists bool        // real exists now
	perm   fs.FileMode // real's permissions if it exists (kept when it is replaced)
	fd     int         // for /dev/stdout, /dev/stderr, /dev/fd/N: the descriptor to write through; else -1
	stem   string      // a --report directory's report name: report, sweep, sensitivity, case
}

// resolveTarget checks that path can be written as an output named by
// flag (a directory if isDir) and resolves it. Every problem is a usage
// error, reported before any simulation.
func resolveTarget(flag, path string, isDir bool) (*target, error) {
	t := &target{flag: flag, path: path, isDir: isDir, fd: -1}
	bad := func(format string, args ...any) error {
		if flag == "" {
			return usagef("%s: %s", path, fmt.Sprintf(format, args...))
		}
		return usagef("%s %s: %s", flag, path, fmt.Sprintf(format, args...))
	}
	if path == "" {
		return nil, usagef("%s: name a file", flag)
	}
	fi, err := os.Stat(path) // follows symlinks
	switch {
	case err == nil && fi.IsDir():
		if !isDir {
			return nil, bad("is a directory; name a file in it")
		}
		t.exists, t.perm = true, fi.Mode().Perm()
		if t.real, err = filepath.EvalSymlinks(path); err != nil {
			return nil, bad("%v", cause(err))
		}
		if err := writableDir(t.real); err != nil {
			return nil, bad("cannot write in it: %v", err)
		}
		return t, nil
	case err == nil && (!fi.Mode().IsRegular() || underDevOrProc(path)):
		// A device (/dev/null), FIFO, terminal or /dev/stdout: replacing it
		// by a regular file would break it, so it is written in place.
		if isDir {
			return nil, bad("exists and is not a directory")
		}
		t.direct, t.real, t.exists, t.fd = true, path, true, descriptorOf(path)
		return t, nil
	case err == nil:
		if isDir {
			return nil, bad("is a file; name a directory")
		}
		t.exists, t.perm = true, fi.Mode().Perm()
		if t.real, err = filepath.EvalSymlinks(path); err != nil {
			return nil, bad("%v", cause(err))
		}
	case errors.Is(err, fs.ErrNotExist):
		// A new file, or a symlink to one that does not exist yet: create
		// what the link names.
		if t.real, err = followLinks(path); err != nil {
			return nil, bad("%v", err)
		}
	default:
		return nil, bad("%v", cause(err))
	}
	dir := filepath.Dir(t.real)
	if missing := missingDir(t.real); missing != "" {
		return nil, bad("directory %s does not exist", missing)
	}
	if di, err := os.Stat(dir); err != nil || !di.IsDir() {
		return nil, bad("directory %s does not exist", dir)
	}
	if err := writableDir(dir); err != nil {
		return nil, bad("cannot write in %s: %v", dir, err)
	}
	return t, nil
}

// descriptorOf returns the open descriptor that path names (/dev/stdout,
// /dev/stderr, /dev/fd/N, /proc/self/fd/N), or -1. Such a path is written
// through the descriptor the shell gave us: reopening it would start at
// offset 0 (and with truncation erase) a file opened with >>.
func descriptorOf(path string) int {
	abs, err := filepath.Abs(path)
	if err != nil {
		return -1
	}
	switch abs {
	case "/dev/stdout":
		return 1
	case "/dev/stderr":
		return 2
	}
	for _, dir := range []string{"/dev/fd/", "/proc/self/fd/", "/proc/" + strconv.Itoa(os.Getpid()) + "/fd/"} {
		if n, ok := strings.CutPrefix(abs, dir); ok {
			if fd, err := strconv.Atoi(n); err == nil && fd > 0 {
				return fd
			}
		}
	}
	return -1
}

// missingDir returns the first directory of path, as written, that does
// not exist, or "". filepath.Dir cleans "./sub/../x.txt" to ".", but the
// system resolves "sub" before "..": if sub does not exist, neither does
// the file's directory, and writing would fail after the run.
func missingDir(path string) string {
	sep := string(filepath.Separator)
	parts := strings.Split(filepath.ToSlash(path), "/")
	prefix := ""
	for i, part := range parts[:len(parts)-1] {
		if i > 0 || part == "" {
			prefix += part + sep
		} else {
			prefix = part + sep
		}
		if part == "" || part == "." {
			continue
		}
		if fi, err := os.Stat(prefix); err != nil || !fi.IsDir() {
			return strings.TrimSuffix(prefix, sep)
		}
	}
	return ""
}

// underDevOrProc reports whether path is under /dev or /proc, where
// /dev/stdout and /dev/fd/N name the process's own descriptors: those are
// written in place even when they lead to a regular file, which the shell
// has opened for us.
func underDevOrProc(path string) bool {
	abs, err := filepath.Abs(path)
	return err == nil && (strings.HasPrefix(abs, "/dev/") || strings.HasPrefix(abs, "/proc/"))
}

// followLinks follows a chain of symlinks that ends at a name that does
// not exist, and returns that name.
func followLinks(path string) (string, error) {
	p := path
	for range 64 {
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", cause(err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", errors.New("too many levels of symbolic links")
}

// sameFile reports whether two resolved paths name the same file: the
// same inode if both exist, else the same absolute path.
func sameFile(a, b string) bool {
	ai, aerr := os.Stat(a)
	bi, berr := os.Stat(b)
	if aerr == nil && berr == nil {
		return os.SameFile(ai, bi)
	}
	aa, err1 := filepath.Abs(a)
	ba, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == ba
}

// reportFile reports whether path would be one of the files a --report
// directory dir of the report named stem holds: stem.html, stem.md,
// stem.pdf, the plots (any .png or .svg), and a case's case.xlsx and
// cashflow.csv.
func reportFile(dir, path, stem string) bool {
	abs, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil || filepath.Dir(abs) != d {
		return false
	}
	base := filepath.Base(abs)
	switch base {
	case stem + ".html", stem + ".md", stem + ".pdf":
		return true
	case "case.xlsx", "cashflow.csv":
		return stem == "case"
	}
	ext := filepath.Ext(base)
	return ext == ".png" || ext == ".svg"
}

// outputFlag is an output a command was asked for: the flag, its path,
// and whether the path names a directory (--report); stem names the
// directory's report (report, sweep, sensitivity, case).
type outputFlag struct {
	flag, path string
	isDir      bool
	stem       string
}

// input is the scenario a command reads: its name as given and, when it
// is a regular file (also on standard input, compared by device and
// inode), what it is; fi is nil for a built-in or a pipe.
type input struct {
	name string
	fi   os.FileInfo
}

// inputOf returns the scenario that name reads.
func inputOf(e *env, name string) input {
	if name == "-" {
		if f, ok := e.stdin.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
				return input{"standard input", fi}
			}
		}
		return input{}
	}
	if inputFile(name) == "" {
		return input{}
	}
	fi, err := os.Stat(name)
	if err != nil {
		return input{name: name}
	}
	return input{name, fi}
}

// is reports whether path is the input file.
func (in input) is(path string) bool {
	if in.fi == nil {
		return false
	}
	fi, err := os.Stat(path)
	return err == nil && os.SameFile(fi, in.fi)
}

// resolveOutputs resolves the outputs that were asked for (an empty path
// is not; -o - is standard output) and refuses any that is the scenario
// input, from a file or standard input, or another output, before
// anything is read or simulated. The input is remembered by the stager,
// which checks it again against every file it is about to write.
// Temporary files left beside a target by an earlier run that was killed
// are removed, and named on standard error.
func resolveOutputs(e *env, name string, flags ...outputFlag) ([]*target, error) {
	var targets []*target
	for _, f := range flags {
		if f.path == "" || f.path == "-" && f.flag == "-o" {
			continue
		}
		t, err := resolveTarget(f.flag, f.path, f.isDir)
		if err != nil {
			return nil, err
		}
		t.stem = f.stem
		targets = append(targets, t)
	}
	in := inputOf(e, name)
	if err := checkDistinct(in, targets); err != nil {
		return nil, err
	}
	e.stage.protect(in)
	for _, t := range targets {
		for _, left := range removeLeftovers(t) {
			fmt.Fprintf(e.stderr, "deploysim: removed %s, left by an earlier run that was killed\n", left)
		}
	}
	return targets, nil
}

// checkDistinct refuses outputs that are the input scenario file or each
// other: writing one would destroy the other.
func checkDistinct(in input, outs []*target) error {
	var msgs []string
	for i, o := range outs {
		if !o.isDir && in.is(o.real) {
			what := "the scenario file being run"
			if in.name == "standard input" {
				what = "the scenario being read from standard input"
			}
			msgs = append(msgs, fmt.Sprintf("%s %s: is %s; name another file", o.flag, o.path, what))
		}
		if o.isDir && in.fi != nil {
			if entries, err := os.ReadDir(o.real); err == nil {
				for _, de := range entries {
					p := filepath.Join(o.real, de.Name())
					if reportFile(o.real, p, o.stem) && in.is(p) {
						msgs = append(msgs, fmt.Sprintf("%s %s: would overwrite the scenario file %s; name another directory", o.flag, o.path, in.name))
						break
					}
				}
			}
		}
		for _, p := range outs[:i] {
			switch {
			case o.direct && p.direct:
				// /dev/null twice is fine; two writes to a terminal too.
			case !o.isDir && !p.isDir && sameFile(o.real, p.real):
				msgs = append(msgs, fmt.Sprintf("%s %s: is also %s; name two different files", o.flag, o.path, p.flag))
			case o.isDir != p.isDir:
				dir, file := o, p
				if p.isDir {
					dir, file = p, o
				}
				if reportFile(dir.real, file.real, dir.stem) {
					msgs = append(msgs, fmt.Sprintf("%s %s: is a file of the %s directory %s; name a file outside it", file.flag, file.path, dir.flag, dir.path))
				}
			case o.isDir && p.isDir && sameFile(o.real, p.real):
				msgs = append(msgs, fmt.Sprintf("%s %s: is also %s", o.flag, o.path, p.flag))
			}
		}
	}
	if len(msgs) > 0 {
		return &usageError{msgs: msgs}
	}
	return nil
}

// checkRendered checks, once every output is rendered and before any is
// staged, each file that will be written by the name it is written under:
// none may be a protected input, and no file of a report directory may be
// another output.
func (s *stager) checkRendered(outs []*output) error {
	s.mu.Lock()
	protected := slices.Clone(s.protected)
	s.mu.Unlock()
	var msgs []string
	for _, o := range outs {
		if o.direct {
			continue
		}
		paths := []string{o.real}
		if o.isDir {
			paths = paths[:0]
			for _, name := range o.names {
				paths = append(paths, filepath.Join(o.real, name))
			}
		}
		for _, p := range paths {
			for _, in := range protected {
				if in.is(p) {
					msgs = append(msgs, fmt.Sprintf("%s %s: would overwrite the scenario file %s (as %s); name another", o.flag, o.path, in.name, p))
				}
			}
			if !o.isDir {
				continue
			}
			for _, other := range outs {
				if other != o && !other.isDir && !other.direct && sameFile(p, other.real) {
					msgs = append(msgs, fmt.Sprintf("%s %s: is a file of the %s directory %s; name a file outside it", other.flag, other.path, o.flag, o.path))
				}
			}
		}
	}
	if len(msgs) > 0 {
		return &usageError{msgs: msgs}
	}
	return nil
}

// output is one target with its rendered content: data for a file, files
// (name → content, in order) for a directory.
type output struct {
	*target
	data  []byte
	names []string
	files [][]byte

	tmp      string   // the staged file or new directory
	tmpFiles []string // the staged files in an existing directory, by names
}

// addFiles renders a report directory's files into out, stopping between
// files when ctx is cancelled: rasterizing plots takes a while.
func (out *output) addFiles(ctx context.Context, files []reports.ReportFile) error {
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		out.names = append(out.names, f.Name)
		out.files = append(out.files, buf.Bytes())
	}
	return nil
}

// commitAll commits outs, all or nothing, unless ctx is cancelled first
// or meanwhile (then it returns ctx's error and leaves no file).
func (s *stager) commitAll(ctx context.Context, outs []*output) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.commit(outs, func() bool { return ctx.Err() != nil }); err != nil {
		if errors.Is(err, errInterrupted) {
			return ctx.Err()
		}
		return err
	}
	return nil
}

// stager creates temporary files and remembers them, so that a failure,
// or a second signal from another goroutine, can remove every one. After
// abort it refuses to create more.
type stager struct {
	mu        sync.Mutex
	temps     []string // files and directories not yet renamed into place
	aborted   bool
	protected []input // scenario inputs no output may overwrite
}

// protect remembers an input that no output may overwrite.
func (s *stager) protect(in input) {
	if in.fi == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.protected = append(s.protected, in)
}

// tempSuffix ends a staged file's name, .NAME.deploysim-PID-RANDOM.tmp
// beside its target: a run killed before the rename leaves files that the
// next run can recognise by their process as abandoned, and remove.
const tempSuffix = ".tmp"

func tempName(dir, base string) string {
	return filepath.Join(dir, "."+base+".deploysim-"+strconv.Itoa(os.Getpid())+"-"+strconv.FormatUint(rand.Uint64()%1e9, 10)+tempSuffix)
}

// removeLeftovers removes the temporary files beside t (or inside its
// directory) that a deploysim process no longer running left, and
// returns their names.
func removeLeftovers(t *target) []string {
	if t.direct {
		return nil
	}
	var patterns []string
	dir, base := filepath.Dir(t.real), filepath.Base(t.real)
	patterns = append(patterns, filepath.Join(dir, "."+globEscape(base)+".deploysim-*"+tempSuffix))
	if t.isDir {
		patterns = append(patterns, filepath.Join(t.real, ".*.deploysim-*"+tempSuffix))
	}
	var removed []string
	for _, pat := range patterns {
		matches, _ := filepath.Glob(pat)
		for _, m := range matches {
			pidText, _, _ := strings.Cut(m[strings.LastIndex(m, ".deploysim-")+len(".deploysim-"):], "-")
			pid, err := strconv.Atoi(pidText)
			if err != nil || pid == os.Getpid() || processAlive(pid) {
				continue
			}
			if os.RemoveAll(m) == nil {
				removed = append(removed, m)
			}
		}
	}
	return removed
}

// globEscape escapes the characters filepath.Match treats specially.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// create makes a new temporary file beside the file named base in dir,
// with mode 0666 less the umask, as any new file.
func (s *stager) create(dir, base string) (*os.File, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aborted {
		return nil, errors.New("interrupted")
	}
	for {
		name := tempName(dir, base)
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err == nil {
			s.temps = append(s.temps, name)
		}
		return f, err
	}
}

// mkdir makes a new temporary directory beside base in dir, with mode
// 0777 less the umask.
func (s *stager) mkdir(dir, base string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aborted {
		return "", errors.New("interrupted")
	}
	for {
		name := tempName(dir, base)
		err := os.Mkdir(name, 0o777)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err == nil {
			s.temps = append(s.temps, name)
		}
		return name, err
	}
}

// rename moves a staged file or directory into place.
func (s *stager) rename(tmp, dst string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	for i, t := range s.temps {
		if t == tmp {
			s.temps = append(s.temps[:i], s.temps[i+1:]...)
			break
		}
	}
	return nil
}

// abort removes every temporary file and directory still staged.
func (s *stager) abort() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.aborted = true
	for _, t := range s.temps {
		os.RemoveAll(t)
	}
	s.temps = nil
}

// writeStaged writes data to a new temporary file beside dst and returns
// its name; perm, if not zero, is the mode of the file it will replace.
func (s *stager) writeStaged(dst string, data []byte, perm fs.FileMode) (string, error) {
	f, err := s.create(filepath.Dir(dst), filepath.Base(dst))
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil && perm != 0 {
		err = f.Chmod(perm)
	}
	if err == nil {
		// On disk before the rename makes it the file: a crash after the
		// rename must not leave an empty or torn report in its place.
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return f.Name(), err
}

// writeSynced writes a new file and flushes it to disk.
func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir flushes a directory's entries (the renames into it) to disk,
// where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// commit writes every output: all are staged first, and none is put in
// place unless all could be. interrupted is checked once everything is
// staged and before anything is put in place; if it reports true, commit
// removes what it staged and returns errInterrupted.
func (s *stager) commit(outs []*output, interrupted func() bool) error {
	if err := s.checkRendered(outs); err != nil {
		return err
	}
	if err := s.stage(outs); err != nil {
		s.abort()
		return err
	}
	if interrupted() {
		s.abort()
		return errInterrupted
	}
	// In-place targets first: if /dev/full refuses the report, nothing
	// has been replaced yet.
	for _, o := range outs {
		if o.direct {
			if err := writeInPlace(o.target, o.data, interrupted); err != nil {
				s.abort()
				if errors.Is(err, errInterrupted) {
					return err
				}
				return fmt.Errorf("cannot write %s: %w", o.path, cause(err))
			}
		}
	}
	for _, o := range outs {
		var err error
		switch {
		case o.direct:
		case !o.isDir || !o.exists:
			err = s.rename(o.tmp, o.real)
		default:
			for i, tmp := range o.tmpFiles {
				if err = s.rename(tmp, filepath.Join(o.real, o.names[i])); err != nil {
					break
				}
			}
		}
		if err != nil {
			s.abort()
			return fmt.Errorf("cannot write %s: %w", o.path, cause(err))
		}
	}
	for _, o := range outs {
		if !o.direct {
			syncDir(filepath.Dir(o.real))
			if o.isDir {
				syncDir(o.real)
			}
		}
	}
	return nil
}

var errInterrupted = errors.New("interrupted")

func (s *stager) stage(outs []*output) error {
	for _, o := range outs {
		var err error
		switch {
		case o.direct:
		case !o.isDir:
			o.tmp, err = s.writeStaged(o.real, o.data, o.perm)
		case o.exists:
			for i, name := range o.names {
				var tmp string
				tmp, err = s.writeStaged(filepath.Join(o.real, name), o.files[i], 0)
				o.tmpFiles = append(o.tmpFiles, tmp)
				if err != nil {
					break
				}
			}
		default:
			// A new directory is made whole under a temporary name and
			// renamed into place: no reader sees half a report.
			o.tmp, err = s.mkdir(filepath.Dir(o.real), filepath.Base(o.real))
			for i := 0; err == nil && i < len(o.names); i++ {
				err = writeSynced(filepath.Join(o.tmp, o.names[i]), o.files[i])
			}
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", o.path, cause(err))
		}
	}
	return nil
}

// writeInPlace writes data to an existing file that must not be replaced:
// a descriptor the shell gave us (/dev/stdout) through that descriptor,
// never reopened; a device, FIFO or terminal opened without truncation. A
// FIFO is opened without blocking, retried until a reader comes or
// interrupted says stop.
func writeInPlace(t *target, data []byte, interrupted func() bool) error {
	switch t.fd {
	case 1:
		_, err := os.Stdout.Write(data)
		return err
	case 2:
		_, err := os.Stderr.Write(data)
		return err
	}
	flags := os.O_WRONLY
	if t.fd > 0 {
		flags |= os.O_APPEND // /dev/fd/N: after what the descriptor's file holds
	}
	f, err := openInPlace(t.real, flags, interrupted)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// cause strips the operation and the (temporary) file name from a path
// error, for a message that names the target instead: a full disk is
// reported against report.json, not .report.json.123.tmp.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
