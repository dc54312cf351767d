package cameo_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/cameo"
)

// positioned matches the start of a positioned error message.
var positioned = regexp.MustCompile(`^fuzz\.txt:[1-9][0-9]*: `)

// FuzzParse feeds arbitrary bytes to Parse: it must not panic, every error
// must carry file:line, and a parsed codebook must satisfy its invariants.
// The seed corpus is in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add("04 1 CONSULT - CONSULT - CONSULT\n043 2.8 CONSULT visit CONSULT host Host a visit\n")
	f.Add("# comment\n\n01\t0\t-\t-\t-\t-\tMAKE PUBLIC STATEMENT\r\n")
	f.Add("04 1 - - - - X\n0431 1 - - - - Y\n")
	f.Add("04 NaN - - - - X\n")
	f.Fuzz(func(t *testing.T, in string) {
		cb, err := cameo.Parse(strings.NewReader(in), "fuzz.txt")
		if err != nil {
			var pe *avocet.PosError
			if !errors.As(err, &pe) || pe.File != "fuzz.txt" || pe.Line < 1 || !positioned.MatchString(err.Error()) {
				t.Fatalf("error without file:line: %q", err)
			}
			if !errors.Is(err, avocet.ErrInvalidInput) {
				t.Fatalf("error does not wrap ErrInvalidInput: %q", err)
			}
			return
		}
		codes := cb.Codes()
		if len(codes) == 0 {
			t.Fatal("Parse succeeded with no codes")
		}
		for i, c := range codes {
			if i > 0 && codes[i-1].Code >= c.Code {
				t.Fatalf("codes not sorted: %q before %q", codes[i-1].Code, c.Code)
			}
			if !cameo.Valid(c.Code) || c.Name == "" || c.QuadClass != cameo.QuadClass(c.Code) {
				t.Fatalf("bad entry %+v", c)
			}
			if c.Goldstein < -10 || c.Goldstein > 10 {
				t.Fatalf("weight out of range: %+v", c)
			}
			if got, ok := cb.Lookup(c.Code); !ok || got != c {
				t.Fatalf("Lookup(%q) = %+v, %v", c.Code, got, ok)
			}
			if got, ok := cb.Resolve(c.Code + "x"); !ok || got != c {
				t.Fatalf("Resolve(%q) = %+v, %v", c.Code+"x", got, ok)
			}
			if p := cameo.Base(c.Code); len(c.Code) == 4 {
				if _, ok := cb.Lookup(p); !ok {
					t.Fatalf("%s without its base", c.Code)
				}
			}
		}
	})
}
