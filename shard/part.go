package shard

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"deploysim/bizcase"
	"deploysim/models"
)

// Format is the version of the partial-result format this package
// writes and reads: a reader refuses another, since records of another
// layout would not decode to the same numbers.
const Format = 1

// header is the first line of every part (inside the gzip stream), so
// that a file of something else is recognised before anything else is
// read from it.
const header = "deploysim partial result"

// Manifest says what a part is a slice of. Two parts merge only if every
// field but Shard and Records is equal.
type Manifest struct {
	Format int `json:"format"`
	// Command is the deploysim command ("run", "sweep", "sensitivity",
	// "case") and Args its arguments, the shard's and output flags left
	// out: merge runs it again on the records.
	Command string   `json:"command"`
	Args    []string `json:"args"`
	// Scenario is the scenario's name; Digest a SHA-256 of everything the
	// scenario resolved to, overrides applied (see Digest); Overrides the
	// overrides (--set and the run settings given as flags), in order.
	Scenario  string   `json:"scenario"`
	Digest    string   `json:"scenario_digest"`
	Overrides []string `json:"overrides"`
	// Seed and Replications are the scenario's after overrides.
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications"`
	// Jobs is the length of the whole job list; Records how many of them
	// this part holds: those of slice Shard of Shards.
	Jobs    int `json:"jobs"`
	Records int `json:"records"`
	Shard   int `json:"shard"`
	Shards  int `json:"shards"`
	// Version is deploysim's version with the Go release and platform
	// that built it: floating-point results may differ between
	// architectures (fused multiply-add), so parts merge only if they
	// were computed by the same build.
	Version string `json:"version"`
}

// Slice is the manifest's slice.
func (m *Manifest) Slice() Slice { return Slice{m.Shard, m.Shards} }

// Record is one job's result.
type Record struct {
	// Job is the job's number in the whole list.
	Job int
	// Key and Replication identify a what-if job: the digest of the
	// simulated arm's parameters (KeyDigest) and the replication.
	Key         string
	Replication int
	// Outcomes are the job's outcomes: one per arm for a run, one for a
	// what-if job.
	Outcomes []models.Outcome
	// Year is a business-case job's simulated year pair.
	Year *bizcase.Year
}

// KeyDigest shortens a what-if job's key to 128 bits of its SHA-256.
func KeyDigest(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:16])
}

// Digest returns the SHA-256 of v's Go syntax (%#v), in hex: v must hold
// no pointers, whose addresses differ between processes.
func Digest(v any) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%#v", v))
	return hex.EncodeToString(h[:])
}

// Write writes a part: m (whose Format and Records it sets) and recs.
func Write(w io.Writer, m Manifest, recs []Record) error {
	m.Format, m.Records = Format, len(recs)
	zw, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
	if err != nil {
		return err
	}
	line, err := json.Marshal(m)
	if err != nil {
		return err
	}
	fmt.Fprintf(zw, "%s\n%s\n", header, line)
	enc := gob.NewEncoder(zw)
	for i := range recs {
		if err := enc.Encode(&recs[i]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// Reader reads a part: its manifest first, then its records.
type Reader struct {
	Manifest Manifest
	zr       *gzip.Reader
	br       *bufio.Reader
	dec      *gob.Decoder
	read     int
}

// ErrNotPart says a file is not a deploysim partial result.
var ErrNotPart = errors.New("not a deploysim partial result")

// NewReader reads the manifest of the part r holds.
func NewReader(r io.Reader) (*Reader, error) {
	// A gzip stream begins 1f 8b: anything else is not a part at all,
	// where a gzip stream cut short is a part that is.
	in := bufio.NewReader(r)
	magic, err := in.Peek(2)
	switch {
	case len(magic) == 0:
		return nil, errors.New("empty: no manifest")
	case len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b:
		return nil, ErrNotPart
	}
	zr, err := gzip.NewReader(in)
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errors.New("empty or cut short: no manifest")
		}
		return nil, ErrNotPart
	}
	br := bufio.NewReader(zr)
	first, err := br.ReadString('\n')
	if err != nil || strings.TrimSuffix(first, "\n") != header {
		if err != nil && !errors.Is(err, io.EOF) && strings.HasPrefix(header, first) {
			return nil, fmt.Errorf("cut short in the manifest: %v", err)
		}
		return nil, ErrNotPart
	}
	line, err := br.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("cut short in the manifest: %w", err)
	}
	p := &Reader{zr: zr, br: br}
	if err := json.Unmarshal(line, &p.Manifest); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	if p.Manifest.Format != Format {
		return nil, fmt.Errorf("partial-result format %d; this deploysim reads format %d: merge with the deploysim that wrote it", p.Manifest.Format, Format)
	}
	p.dec = gob.NewDecoder(br)
	return p, nil
}

// Next reads the next record into rec; it returns io.EOF after the last
// one, once the part's checksum and length have been verified, and an
// error for a part that is cut short or corrupt.
func (p *Reader) Next(rec *Record) error {
	if p.read == p.Manifest.Records {
		// The gzip trailer is checked when the stream is read to its end.
		if _, err := io.Copy(io.Discard, p.br); err != nil {
			return fmt.Errorf("cut short or corrupt after record %d of %d: %w", p.read, p.Manifest.Records, err)
		}
		return io.EOF
	}
	*rec = Record{}
	if err := p.dec.Decode(rec); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("cut short or corrupt at record %d of %d: %w", p.read+1, p.Manifest.Records, err)
	}
	p.read++
	return nil
}

// Part is a part file's name and manifest.
type Part struct {
	Path     string
	Manifest Manifest
}

// Check returns one line per problem that keeps parts from merging:
// a part made by another command line, scenario, seed, override set,
// cut or deploysim than the first part; a slice given twice; a slice
// missing.
func Check(parts []Part) []string {
	if len(parts) == 0 {
		return []string{"no parts to merge"}
	}
	var problems []string
	first := &parts[0]
	f := &first.Manifest
	for i := 1; i < len(parts); i++ {
		p, m := parts[i].Path, &parts[i].Manifest
		switch {
		case m.Command != f.Command:
			problems = append(problems, fmt.Sprintf("%s: a part of deploysim %s, %s is of deploysim %s", p, m.Command, first.Path, f.Command))
		case m.Scenario != f.Scenario:
			problems = append(problems, fmt.Sprintf("%s: another scenario: %s, %s has %s", p, m.Scenario, first.Path, f.Scenario))
		case m.Seed != f.Seed:
			problems = append(problems, fmt.Sprintf("%s: another seed: %d, %s has %d", p, m.Seed, first.Path, f.Seed))
		case !slices.Equal(m.Overrides, f.Overrides):
			problems = append(problems, fmt.Sprintf("%s: another override set: %s; %s has %s", p, quoteList(m.Overrides), first.Path, quoteList(f.Overrides)))
		case m.Replications != f.Replications || m.Jobs != f.Jobs:
			problems = append(problems, fmt.Sprintf("%s: another run size: %d replications (%d jobs), %s has %d (%d jobs)", p, m.Replications, m.Jobs, first.Path, f.Replications, f.Jobs))
		case m.Version != f.Version:
			problems = append(problems, fmt.Sprintf("%s: made by deploysim %s, %s by deploysim %s: merge parts of one build", p, m.Version, first.Path, f.Version))
		case m.Digest != f.Digest:
			problems = append(problems, fmt.Sprintf("%s: another version of scenario %s (digest %.12s, %s has %.12s): the file changed between shards", p, m.Scenario, m.Digest, first.Path, f.Digest))
		case !slices.Equal(m.Args, f.Args):
			problems = append(problems, fmt.Sprintf("%s: another command line: deploysim %s %s; %s has deploysim %s %s", p, m.Command, strings.Join(m.Args, " "), first.Path, f.Command, strings.Join(f.Args, " ")))
		case m.Shards != f.Shards:
			problems = append(problems, fmt.Sprintf("%s: shard %s of a run cut into %d, %s is of one cut into %d", p, m.Slice(), m.Shards, first.Path, f.Shards))
		}
	}
	if len(problems) > 0 {
		return problems
	}
	seen := make([]string, f.Shards)
	for _, p := range parts {
		m := &p.Manifest
		if m.Shard < 0 || m.Shard >= f.Shards {
			problems = append(problems, fmt.Sprintf("%s: shard index %d out of 0…%d", p.Path, m.Shard, f.Shards-1))
			continue
		}
		if seen[m.Shard] != "" {
			problems = append(problems, fmt.Sprintf("%s: shard %s given twice (also %s)", p.Path, m.Slice(), seen[m.Shard]))
			continue
		}
		seen[m.Shard] = p.Path
		if want := len(m.Slice().Jobs(m.Jobs)); m.Records != want {
			problems = append(problems, fmt.Sprintf("%s: shard %s holds %d records, want %d", p.Path, m.Slice(), m.Records, want))
		}
	}
	var missing []string
	for i, p := range seen {
		if p == "" {
			missing = append(missing, Slice{i, f.Shards}.String())
		}
	}
	if len(missing) > 0 {
		problems = append(problems, fmt.Sprintf("shard %s missing of %d: merge needs every shard's part (rerun the missing ones with --shard INDEX/%d)", shorten(missing), f.Shards, f.Shards))
	}
	return problems
}

func quoteList(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// shorten lists at most ten items.
func shorten(xs []string) string {
	if len(xs) <= 10 {
		return strings.Join(xs, ", ")
	}
	return strings.Join(xs[:10], ", ") + fmt.Sprintf(" and %d more", len(xs)-10)
}
