package petrarch_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/dict/petrarch"
)

// collector gathers the warnings a reader reports.
type collector struct{ warns []error }

func (c *collector) opts(lenient bool) *petrarch.Options {
	return &petrarch.Options{Lenient: lenient, Warn: func(err error) { c.warns = append(c.warns, err) }}
}

// lines returns "line: message" for each warning, message without the
// "invalid input: " prefix.
func (c *collector) lines() []string {
	var out []string
	for _, w := range c.warns {
		out = append(out, posString(w))
	}
	return out
}

// posString renders a positioned error as "line: message".
func posString(err error) string {
	var pe *avocet.PosError
	if !errors.As(err, &pe) {
		return "not a PosError: " + err.Error()
	}
	return fmt.Sprintf("%d: %s", pe.Line, strings.TrimPrefix(pe.Err.Error(), "invalid input: "))
}

// checkPosError asserts that err is a *avocet.PosError at file:line wrapping
// avocet.ErrInvalidInput whose message contains want.
func checkPosError(t *testing.T, err error, file string, line int, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s:%d: %s", file, line, want)
	}
	if !errors.Is(err, avocet.ErrInvalidInput) {
		t.Errorf("error %v does not wrap avocet.ErrInvalidInput", err)
	}
	var pe *avocet.PosError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v is not a *avocet.PosError", err)
	}
	if pe.File != file || pe.Line != line {
		t.Errorf("error at %s:%d, want %s:%d (%v)", pe.File, pe.Line, file, line, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

// diffLists reports the differences between two string lists.
func diffLists(t *testing.T, what string, got, want []string) {
	t.Helper()
	n := max(len(got), len(want))
	for i := 0; i < n; i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("%s[%d]:\n got  %q\n want %q", what, i, g, w)
		}
	}
}
