package cameo

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
)

// Code is one entry of the codebook.
type Code struct {
	Code          string  // CAMEO event code: "04" (root), "043", "0431"
	Name          string  // CAMEO name ("Host a visit"); root names are in capitals ("CONSULT")
	Goldstein     float64 // Goldstein weight, -10..+10
	QuadClass     int     // GDELT QuadClass 1-4, from the root (see QuadClass)
	Plover        string  // PLOVER event type, 2021 names ("CONSULT", "REQUEST"); "" when PLOVER has none
	PloverMode    string  // PLOVER mode, 2021 names ("visit"); may be ""
	PloverOld     string  // PLOVER event type, pre-2021 names ("DEMAND" where 2021 says "REQUEST"); may be ""
	PloverOldMode string  // PLOVER mode, pre-2021 names; may be ""
}

// Codebook is a parsed, read-only set of event codes. Its methods are safe
// for concurrent use.
type Codebook struct {
	codes []Code         // sorted by Code
	index map[string]int // Code -> position in codes
}

//go:embed codebook.txt
var codebookData []byte

// defaultName is the name Default's parse errors would carry.
const defaultName = "cameo/codebook.txt"

var defaultCodebook = sync.OnceValue(func() *Codebook {
	cb, err := Parse(bytes.NewReader(codebookData), defaultName)
	if err != nil {
		// The embedded file is checked by the package tests; reaching this
		// means the binary was built from a broken tree.
		panic("cameo: embedded codebook: " + err.Error())
	}
	return cb
})

// Default returns the codebook embedded in the package (codebook.txt). It is
// parsed once, on first use, and shared: callers must not modify it (they
// cannot through its methods).
func Default() *Codebook { return defaultCodebook() }

// Lookup returns the entry for exactly code.
func (cb *Codebook) Lookup(code string) (Code, bool) {
	i, ok := cb.index[code]
	if !ok {
		return Code{}, false
	}
	return cb.codes[i], true
}

// Resolve returns the entry that best describes code, for codes that come
// from dictionaries, coders and data sets rather than from the book itself:
//
//  1. code exactly, as Lookup;
//  2. otherwise code with surrounding spaces and any trailing run of
//     non-digits removed (PETRARCH and TABARI files write variants such as
//     "174K", "102b", "023?" and "080!"), then, if those are 2-4 digits
//     under a root 01-20:
//  3. that code, if the book has it;
//  4. else its 3-digit base ("0431" -> "043"; "1900" -> "190"), if present;
//  5. else its root ("029" -> "02", "1959" -> "19").
//
// The returned Code's Code field says which entry matched. Resolve fails for
// anything that does not start with a root: "", "---", "X", "0000" (root
// "00"), "21", "O254".
func (cb *Codebook) Resolve(code string) (Code, bool) {
	if c, ok := cb.Lookup(code); ok {
		return c, true
	}
	s := strings.TrimSpace(code)
	s = strings.TrimRightFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if !Valid(s) {
		return Code{}, false
	}
	for _, k := range [...]string{s, Base(s), Root(s)} {
		if c, ok := cb.Lookup(k); ok {
			return c, true
		}
	}
	return Code{}, false
}

// Codes returns all entries sorted by code. Lexical order keeps every code
// right after its parent: "04", "040", "041", ..., "046", "05". The slice is
// a copy the caller may keep or change.
func (cb *Codebook) Codes() []Code { return slices.Clone(cb.codes) }

// Root returns the two-digit root of code ("0431" -> "04", "19" -> "19"),
// or "" when code does not start with a root 01-20. The rest of code is not
// checked.
func Root(code string) string {
	if len(code) < 2 || !isDigit(code[0]) || !isDigit(code[1]) {
		return ""
	}
	if n := int(code[0]-'0')*10 + int(code[1]-'0'); n < 1 || n > 20 {
		return ""
	}
	return code[:2]
}

// Base returns the first three digits of code ("0431" -> "043",
// "043" -> "043"). A root is its own base ("04" -> "04"), as is a root
// followed by something other than a digit. It returns "" when code does not
// start with a root 01-20.
func Base(code string) string {
	r := Root(code)
	if r == "" {
		return ""
	}
	if len(code) >= 3 && isDigit(code[2]) {
		return code[:3]
	}
	return r
}

// QuadClass returns the GDELT QuadClass of a root, or of any code that
// starts with one: 1 Verbal Cooperation (roots 01-05), 2 Material
// Cooperation (06-08), 3 Verbal Conflict (09-13), 4 Material Conflict
// (14-20). It returns 0 when root does not start with a root 01-20.
func QuadClass(root string) int {
	r := Root(root)
	if r == "" {
		return 0
	}
	switch n := int(r[0]-'0')*10 + int(r[1]-'0'); {
	case n <= 5:
		return 1
	case n <= 8:
		return 2
	case n <= 13:
		return 3
	default:
		return 4
	}
}

// Valid reports whether code is syntactically a CAMEO event code: 2 to 4
// ASCII digits, the first two a root 01-20. It does not consult a codebook:
// Valid("0431") is true although CAMEO has no code 0431.
func Valid(code string) bool {
	if len(code) < 2 || len(code) > 4 || Root(code) == "" {
		return false
	}
	for i := 2; i < len(code); i++ {
		if !isDigit(code[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// Parse reads a codebook in the line format of codebook.txt (described in
// its header and in the package documentation). name is used in error
// messages. Every error for a problem in the input is an *avocet.PosError
// naming name and the 1-based line, wrapping avocet.ErrInvalidInput; a read
// error is returned inside a PosError as it is.
func Parse(r io.Reader, name string) (*Codebook, error) {
	sc := bufio.NewScanner(r)
	cb := &Codebook{index: make(map[string]int)}
	lines := make(map[string]int) // code -> line it was defined on
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		line = strings.TrimSuffix(line, "\r")
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		c, err := parseLine(trimmed)
		if err != nil {
			return nil, &avocet.PosError{File: name, Line: n, Err: err}
		}
		if first, dup := lines[c.Code]; dup {
			return nil, &avocet.PosError{File: name, Line: n,
				Err: invalid("duplicate code %s (first on line %d)", c.Code, first)}
		}
		lines[c.Code] = n
		cb.codes = append(cb.codes, c)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = invalid("line longer than %d bytes", bufio.MaxScanTokenSize)
		}
		return nil, &avocet.PosError{File: name, Line: n + 1, Err: err}
	}
	if len(cb.codes) == 0 {
		return nil, &avocet.PosError{File: name, Line: max(n, 1), Err: invalid("no event codes")}
	}
	// Check parents in file order, so the first offending line is reported.
	for _, c := range cb.codes {
		parent := Root(c.Code)
		if len(c.Code) == 4 {
			parent = c.Code[:3]
		}
		if _, ok := lines[parent]; !ok && parent != c.Code {
			return nil, &avocet.PosError{File: name, Line: lines[c.Code],
				Err: invalid("code %s has no parent %s in the codebook", c.Code, parent)}
		}
	}
	slices.SortFunc(cb.codes, func(a, b Code) int { return strings.Compare(a.Code, b.Code) })
	for i, c := range cb.codes {
		cb.index[c.Code] = i
	}
	return cb, nil
}

// parseLine parses one entry line (leading blanks already removed):
// CODE GOLDSTEIN PLOVER MODE PLOVER_OLD MODE_OLD NAME.
func parseLine(line string) (Code, error) {
	var f [6]string
	rest := line
	for i := range f {
		f[i], rest = nextField(rest)
		if f[i] == "" {
			return Code{}, invalid("want 7 fields (CODE GOLDSTEIN PLOVER MODE PLOVER_OLD MODE_OLD NAME), got %d", i)
		}
	}
	name := strings.Trim(rest, " \t")
	if name == "" {
		return Code{}, invalid("want 7 fields (CODE GOLDSTEIN PLOVER MODE PLOVER_OLD MODE_OLD NAME), got 6: missing NAME")
	}
	if !Valid(f[0]) {
		return Code{}, invalid("bad event code %q: want 2-4 digits under a root 01-20", f[0])
	}
	g, err := strconv.ParseFloat(f[1], 64)
	if err != nil || math.IsNaN(g) || g < -10 || g > 10 {
		return Code{}, invalid("code %s: bad Goldstein weight %q: want a number in -10..10", f[0], f[1])
	}
	c := Code{Code: f[0], Name: name, Goldstein: g, QuadClass: QuadClass(f[0])}
	if c.Plover, c.PloverMode, err = plover(f[2], f[3]); err != nil {
		return Code{}, fmt.Errorf("code %s: PLOVER (2021): %w", f[0], err)
	}
	if c.PloverOld, c.PloverOldMode, err = plover(f[4], f[5]); err != nil {
		return Code{}, fmt.Errorf("code %s: PLOVER (old): %w", f[0], err)
	}
	if !utf8.ValidString(name) {
		return Code{}, invalid("code %s: name is not valid UTF-8", f[0])
	}
	if strings.ContainsFunc(name, unicode.IsControl) {
		return Code{}, invalid("code %s: name contains a control character", f[0])
	}
	return c, nil
}

// nextField returns the first blank-separated field of s and what follows
// it, with the blanks before the field removed.
func nextField(s string) (field, rest string) {
	s = strings.TrimLeft(s, " \t")
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// plover checks a PLOVER event type and mode pair, "-" meaning empty.
func plover(event, mode string) (string, string, error) {
	if event == "-" {
		if mode != "-" {
			return "", "", invalid("mode %q without an event type", mode)
		}
		return "", "", nil
	}
	if !isWord(event, 'A', 'Z') {
		return "", "", invalid("bad event type %q: want capital letters and '_'", event)
	}
	if mode == "-" {
		return event, "", nil
	}
	if !isWord(mode, 'a', 'z') {
		return "", "", invalid("bad mode %q: want lower-case letters, digits, '-' and '_'", mode)
	}
	return event, mode, nil
}

// isWord reports whether s starts with a letter in lo..hi and continues with
// such letters, digits, '-' or '_'.
func isWord(s string, lo, hi byte) bool {
	if s == "" || s[0] < lo || s[0] > hi {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(lo <= c && c <= hi) && !isDigit(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// formatError describes malformed input; it unwraps to
// avocet.ErrInvalidInput.
type formatError struct{ msg string }

func (e *formatError) Error() string { return e.msg }
func (e *formatError) Unwrap() error { return avocet.ErrInvalidInput }

func invalid(format string, args ...any) error {
	return &formatError{msg: fmt.Sprintf(format, args...)}
}
