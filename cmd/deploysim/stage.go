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
//     terminal is noted to be written in place, and no output is an input
//     or another output (checkDistinct).
//  2. Everything is rendered in memory while nothing exists on disk, so an
//     interrupt or a failure up to here leaves no file of any kind.
//  3. commit stages every regular file as a temporary file beside its
//     target (new files get mode 0666 less the umask; a replaced file
//     keeps its mode), writes the in-place targets, and only then renames
//     the temporary files into place. A failure while staging removes every
//     temporary file; the stager also removes them on a second Ctrl-C.

// target is where one output goes, resolved before the run.
type target struct {
	flag   string      // the flag that named it: "-o", "--per-replication", "--report"
	path   string      // as the user wrote it
	real   string      // symlinks followed: the file or directory to create or replace
	direct bool        // an existing device, FIFO or terminal: written in place, never replaced
	isDir  bool        // a --report directory
	exists bool        // real exists now
	perm   fs.FileMode // real's permissions if it exists (kept when it is replaced)
}

// resolveTarget checks that path can be written as an output named by
// flag (a directory if isDir) and resolves it. Every problem is a usage
// error, reported before any simulation.
func resolveTarget(flag, path string, isDir bool) (*target, error) {
	t := &target{flag: flag, path: path, isDir: isDir}
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
		t.direct, t.real, t.exists = true, path, true
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
// directory dir holds (report.html, report.md, the plots).
func reportFile(dir, path string) bool {
	abs, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil || filepath.Dir(abs) != d {
		return false
	}
	base := filepath.Base(abs)
	ext := filepath.Ext(base)
	return base == "report.html" || base == "report.md" || ext == ".png" || ext == ".svg"
}

// outputFlag is an output a command was asked for: the flag, its path,
// and whether the path names a directory (--report).
type outputFlag struct {
	flag, path string
	isDir      bool
}

// resolveOutputs resolves the outputs that were asked for (an empty path
// is not; -o - is standard output) and refuses any that is the scenario
// file input or another output, before anything is read or simulated.
func resolveOutputs(input string, flags ...outputFlag) ([]*target, error) {
	var targets []*target
	for _, f := range flags {
		if f.path == "" || f.path == "-" && f.flag == "-o" {
			continue
		}
		t, err := resolveTarget(f.flag, f.path, f.isDir)
		if err != nil {
			return nil, err
		}
		targets = append(targets, t)
	}
	if err := checkDistinct(input, targets); err != nil {
		return nil, err
	}
	return targets, nil
}

// checkDistinct refuses outputs that are the input scenario file (input,
// or "" for none) or each other: writing one would destroy the other.
func checkDistinct(input string, outs []*target) error {
	var msgs []string
	for i, o := range outs {
		if input != "" && !o.isDir && sameFile(o.real, input) {
			msgs = append(msgs, fmt.Sprintf("%s %s: is the scenario file being run; name another file", o.flag, o.path))
		}
		if input != "" && o.isDir && reportFile(o.real, input) {
			msgs = append(msgs, fmt.Sprintf("%s %s: would overwrite the scenario file %s; name another directory", o.flag, o.path, input))
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
				if reportFile(dir.real, file.real) {
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
	mu      sync.Mutex
	temps   []string // files and directories not yet renamed into place
	aborted bool
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
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64()%1e9, 10)+".tmp")
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
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64()%1e9, 10)+".tmp")
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
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return f.Name(), err
}

// commit writes every output: all are staged first, and none is put in
// place unless all could be. interrupted is checked once everything is
// staged and before anything is put in place; if it reports true, commit
// removes what it staged and returns errInterrupted.
func (s *stager) commit(outs []*output, interrupted func() bool) error {
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
			if err := writeInPlace(o.real, o.data); err != nil {
				s.abort()
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
				err = os.WriteFile(filepath.Join(o.tmp, o.names[i]), o.files[i], 0o666)
			}
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", o.path, cause(err))
		}
	}
	return nil
}

// writeInPlace writes data to an existing file that must not be replaced
// (a device, FIFO or terminal).
func writeInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
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
