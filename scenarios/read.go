package scenarios

import (
	"errors"
	"fmt"
	"io"
)

// Read reads a scenario from r, at most 1 MiB of it: an endless or huge
// input (/dev/zero, a log file named by mistake) is refused as soon as
// the limit is passed, without reading the rest. name is what errors
// cite ("stdin" for standard input) and the scenario's name unless the
// text sets one. Problems in the text come back as Errors; a failure to
// read gives the reader's error wrapped.
func Read(name string, r io.Reader) (*Scenario, error) {
	data, err := readLimited(name, r)
	var errs Errors
	if err != nil && !errors.As(err, &errs) {
		return nil, fmt.Errorf("scenario: %s: %w", name, err)
	}
	if err != nil {
		return nil, err
	}
	return Parse(name, data)
}

// readLimited reads r whole if it holds at most maxFileBytes.
func readLimited(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileBytes {
		return nil, Errors{{Source: name, Msg: fmt.Sprintf("too large: more than %d bytes (1 MiB), the limit for a scenario file", maxFileBytes)}}
	}
	return data, nil
}
