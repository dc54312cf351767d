package avocet

import (
	"errors"
	"strconv"
)

// Sentinel errors shared by every stage. Callers test them with errors.Is.
var (
	// ErrInvalidInput reports input that cannot be processed as given
	// (malformed files, broken records). Wrapping errors name the place.
	ErrInvalidInput = errors.New("invalid input")
	// ErrModel reports a missing or corrupt model file.
	ErrModel = errors.New("bad model")
)

// PosError is an error at a position in a named input (file:line).
type PosError struct {
	File string // file name or "-" for standard input
	Line int    // 1-based line number; 0 when unknown
	Err  error  // what was wrong
}

func (e *PosError) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Err.Error()
	}
	return e.File + ": " + e.Err.Error()
}

func (e *PosError) Unwrap() error { return e.Err }
