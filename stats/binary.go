package stats

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The binary forms of Sketch and Tally let a replication's outcome travel
// between processes (encoding/gob uses them) and come back bit for bit:
// deploysim's shards write outcomes that merge reads back, and a summary
// built from them must equal the one built in one process. Floats are
// written as their IEEE 754 bits, so NaN and ±Inf survive too.

// binaryVersion is the first byte of both forms; a reader refuses any
// other.
const binaryVersion = 1

type binaryWriter struct{ b []byte }

func (w *binaryWriter) u64(x uint64)  { w.b = binary.LittleEndian.AppendUint64(w.b, x) }
func (w *binaryWriter) f64(x float64) { w.u64(math.Float64bits(x)) }

type binaryReader struct {
	b   []byte
	err error
}

func (r *binaryReader) u64() uint64 {
	if len(r.b) < 8 {
		r.err = errors.New("stats: binary form cut short")
		return 0
	}
	x := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return x
}

func (r *binaryReader) f64() float64 { return math.Float64frombits(r.u64()) }

func checkVersion(data []byte, what string) ([]byte, error) {
	if len(data) == 0 || data[0] != binaryVersion {
		return nil, fmt.Errorf("stats: %s: binary form of an unknown version", what)
	}
	return data[1:], nil
}

// MarshalBinary writes the sketch exactly: its accuracy, counts, sum,
// minimum and maximum.
func (s *Sketch) MarshalBinary() ([]byte, error) {
	w := &binaryWriter{b: []byte{binaryVersion}}
	w.f64(s.accuracy)
	w.f64(s.lnGamma)
	w.u64(uint64(int64(s.offset)))
	w.u64(s.zeros)
	w.u64(s.n)
	w.f64(s.sum)
	w.f64(s.min)
	w.f64(s.max)
	switch {
	case s.wide != nil:
		w.u64(2)
		w.u64(uint64(len(s.wide)))
		for _, c := range s.wide {
			w.u64(c)
		}
	case s.counts != nil:
		w.u64(1)
		w.u64(uint64(len(s.counts)))
		for _, c := range s.counts {
			w.b = binary.LittleEndian.AppendUint32(w.b, c)
		}
	default:
		w.u64(0)
	}
	return w.b, nil
}

// UnmarshalBinary reads what MarshalBinary wrote.
func (s *Sketch) UnmarshalBinary(data []byte) error {
	data, err := checkVersion(data, "sketch")
	if err != nil {
		return err
	}
	r := &binaryReader{b: data}
	var t Sketch
	t.accuracy = r.f64()
	t.lnGamma = r.f64()
	t.offset = int(int64(r.u64()))
	t.zeros = r.u64()
	t.n = r.u64()
	t.sum = r.f64()
	t.min = r.f64()
	t.max = r.f64()
	kind := r.u64()
	if r.err != nil {
		return r.err
	}
	if kind != 0 {
		n := r.u64()
		size := uint64(4)
		if kind == 2 {
			size = 8
		}
		if r.err != nil || kind > 2 || n > uint64(len(r.b))/size {
			return errors.New("stats: sketch: binary form cut short or corrupt")
		}
		if kind == 1 {
			t.counts = make([]uint32, n)
			for i := range t.counts {
				t.counts[i] = binary.LittleEndian.Uint32(r.b[4*i:])
			}
			r.b = r.b[4*n:]
		} else {
			t.wide = make([]uint64, n)
			for i := range t.wide {
				t.wide[i] = r.u64()
			}
		}
	}
	if r.err != nil || len(r.b) != 0 {
		return errors.New("stats: sketch: binary form cut short or corrupt")
	}
	*s = t
	return nil
}

// MarshalBinary writes the tally exactly.
func (t *Tally) MarshalBinary() ([]byte, error) {
	w := &binaryWriter{b: []byte{binaryVersion}}
	w.u64(uint64(int64(t.n)))
	w.f64(t.mean)
	w.f64(t.m2)
	w.f64(t.min)
	w.f64(t.max)
	return w.b, nil
}

// UnmarshalBinary reads what MarshalBinary wrote.
func (t *Tally) UnmarshalBinary(data []byte) error {
	data, err := checkVersion(data, "tally")
	if err != nil {
		return err
	}
	r := &binaryReader{b: data}
	u := Tally{n: int(int64(r.u64())), mean: r.f64(), m2: r.f64(), min: r.f64(), max: r.f64()}
	if r.err != nil || len(r.b) != 0 {
		return errors.New("stats: tally: binary form cut short or corrupt")
	}
	*t = u
	return nil
}
