package cameo_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/cameo"
)

func TestRoot(t *testing.T) {
	tests := []struct {
		name, code, want string
	}{
		{"4-digit", "0431", "04"},
		{"3-digit", "043", "04"},
		{"root", "04", "04"},
		{"first root", "01", "01"},
		{"last root", "20", "20"},
		{"two-digit root", "1823", "18"},
		{"suffixed", "174K", "17"}, // the rest of the code is not checked
		{"root 00", "0000", ""},
		{"root 21", "210", ""},
		{"root 99", "99", ""},
		{"one digit", "4", ""},
		{"empty", "", ""},
		{"no event", "---", ""},
		{"letter O", "O254", ""},
		{"sign", "-04", ""},
	}
	for _, tt := range tests {
		if got := cameo.Root(tt.code); got != tt.want {
			t.Errorf("%s: Root(%q) = %q, want %q", tt.name, tt.code, got, tt.want)
		}
	}
}

func TestBase(t *testing.T) {
	tests := []struct {
		name, code, want string
	}{
		{"4-digit", "0431", "043"},
		{"3-digit", "043", "043"},
		{"root is its own base", "04", "04"},
		{"suffixed 3-digit", "174K", "174"},
		{"suffixed root", "17K", "17"},
		{"long", "04311", "043"},
		{"bad root", "0000", ""},
		{"empty", "", ""},
		{"no event", "---", ""},
	}
	for _, tt := range tests {
		if got := cameo.Base(tt.code); got != tt.want {
			t.Errorf("%s: Base(%q) = %q, want %q", tt.name, tt.code, got, tt.want)
		}
	}
}

func TestQuadClass(t *testing.T) {
	want := map[string]int{
		"01": 1, "02": 1, "03": 1, "04": 1, "05": 1,
		"06": 2, "07": 2, "08": 2,
		"09": 3, "10": 3, "11": 3, "12": 3, "13": 3,
		"14": 4, "15": 4, "16": 4, "17": 4, "18": 4, "19": 4, "20": 4,
	}
	for root, q := range want {
		if got := cameo.QuadClass(root); got != q {
			t.Errorf("QuadClass(%q) = %d, want %d", root, got, q)
		}
	}
	others := []struct {
		code string
		want int
	}{
		{"0431", 1}, // any code under a root
		{"0874", 2},
		{"1385", 3},
		{"190", 4},
		{"00", 0},
		{"21", 0},
		{"", 0},
		{"---", 0},
		{"1", 0},
	}
	for _, tt := range others {
		if got := cameo.QuadClass(tt.code); got != tt.want {
			t.Errorf("QuadClass(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		code   string
		want   bool
		reason string
	}{
		{"01", true, ""},
		{"20", true, ""},
		{"042", true, ""},
		{"0431", true, "syntax only: CAMEO has no 0431"},
		{"2042", true, ""},
		{"0000", false, "root 00"},
		{"00", false, "root 00"},
		{"21", false, "root 21"},
		{"2100", false, "root 21"},
		{"0", false, "too short"},
		{"", false, "empty"},
		{"04311", false, "too long"},
		{"174K", false, "letter suffix"},
		{"023?", false, "marker suffix"},
		{"---", false, "no event"},
		{"O254", false, "letter O"},
		{" 042", false, "space"},
		{"04a", false, "letter"},
		{"٠٤", false, "non-ASCII digits"},
	}
	for _, tt := range tests {
		if got := cameo.Valid(tt.code); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v (%s)", tt.code, got, tt.want, tt.reason)
		}
	}
}

func TestLookup(t *testing.T) {
	cb := cameo.Default()
	c, ok := cb.Lookup("1041")
	want := cameo.Code{Code: "1041", Name: "Demand change in leadership", Goldstein: -5, QuadClass: 3,
		Plover: "REQUEST", PloverMode: "change", PloverOld: "DEMAND"}
	if !ok || c != want {
		t.Errorf("Lookup(1041) = %+v, %v; want %+v", c, ok, want)
	}
	for _, code := range []string{"0431", "174K", " 042", "", "---", "0000"} {
		if c, ok := cb.Lookup(code); ok {
			t.Errorf("Lookup(%q) = %+v, want no entry", code, c)
		}
	}
}

func TestResolve(t *testing.T) {
	cb := cameo.Default()
	tests := []struct {
		name, code string
		want       string // Code of the entry found; "" for none
	}{
		{"exact 4-digit", "0841", "0841"},
		{"exact 3-digit", "042", "042"},
		{"exact root", "19", "19"},
		{"missing 4-digit falls back to base", "0431", "043"},
		{"trailing zero", "1900", "190"},
		{"missing base falls back to root", "029", "02"},
		{"missing 4-digit and base", "0291", "02"},
		{"missing under existing base", "1959", "195"},
		{"PETRARCH letter suffix", "174K", "174"},
		{"lower-case letter suffix", "102b", "102"},
		{"question mark", "023?", "023"},
		{"exclamation mark", "080!", "080"},
		{"4-digit with marker", "1721?", "1721"},
		{"spaces", " 042 ", "042"},
		{"letter O for zero", "14O", "14"},
		{"root 00", "0000", ""},
		{"bad root", "210a", ""},
		{"no event", "---", ""},
		{"sentinel", "X", ""},
		{"only a marker", "0?", ""},
		{"empty", "", ""},
		{"too long", "04311", ""},
		{"leading letter", "O254", ""},
		{"inner letter", "0x12", ""},
	}
	for _, tt := range tests {
		c, ok := cb.Resolve(tt.code)
		if ok != (tt.want != "") || c.Code != tt.want {
			t.Errorf("%s: Resolve(%q) = %q, %v; want %q", tt.name, tt.code, c.Code, ok, tt.want)
		}
	}
}

// TestDefault checks the invariants of the embedded codebook.
func TestDefault(t *testing.T) {
	codes := cameo.Default().Codes()
	count := map[int]int{}
	for i, c := range codes {
		count[len(c.Code)]++
		if i > 0 && codes[i-1].Code >= c.Code {
			t.Errorf("Codes not sorted: %s before %s", codes[i-1].Code, c.Code)
		}
		if !cameo.Valid(c.Code) {
			t.Errorf("%s: not a valid code", c.Code)
		}
		if c.QuadClass != cameo.QuadClass(c.Code) || c.QuadClass == 0 {
			t.Errorf("%s: QuadClass %d, want %d", c.Code, c.QuadClass, cameo.QuadClass(c.Code))
		}
		if c.Goldstein < -10 || c.Goldstein > 10 {
			t.Errorf("%s: Goldstein %v out of range", c.Code, c.Goldstein)
		}
		if c.Name == "" {
			t.Errorf("%s: no name", c.Code)
		}
		if len(c.Code) == 2 && c.Name != strings.ToUpper(c.Name) {
			t.Errorf("%s: root name %q not in capitals", c.Code, c.Name)
		}
		r := c.Code[:2]
		if unmapped := r == "01" || r == "02"; unmapped != (c.Plover == "") || unmapped != (c.PloverOld == "") {
			t.Errorf("%s: PLOVER %q/%q; want empty exactly under roots 01 and 02", c.Code, c.Plover, c.PloverOld)
		}
		if (c.Plover == "" && c.PloverMode != "") || (c.PloverOld == "" && c.PloverOldMode != "") {
			t.Errorf("%s: PLOVER mode without event type", c.Code)
		}
	}
	if count[2] != 20 || count[3] != 149 || count[4] != 149 || len(codes) != 318 {
		t.Errorf("codes per level: %d roots, %d 3-digit, %d 4-digit, %d in all; want 20, 149, 149, 318",
			count[2], count[3], count[4], len(codes))
	}
	for r := 1; r <= 20; r++ {
		root := fmt.Sprintf("%02d", r)
		if _, ok := cameo.Default().Lookup(root); !ok {
			t.Errorf("root %s missing", root)
		}
		if _, ok := cameo.Default().Lookup(root + "0"); !ok {
			t.Errorf("unspecified code %s0 missing", root)
		}
	}
}

func TestCodesIsACopy(t *testing.T) {
	cb := cameo.Default()
	codes := cb.Codes()
	codes[0].Name = "changed"
	if c, _ := cb.Lookup(codes[0].Code); c.Name == "changed" {
		t.Error("changing the result of Codes changed the codebook")
	}
	if got := cb.Codes(); got[0].Name == "changed" {
		t.Error("Codes returned a shared slice")
	}
}

func TestDefaultIsShared(t *testing.T) {
	if a, b := cameo.Default(), cameo.Default(); a != b {
		t.Error("Default parsed the codebook twice")
	}
}

func TestParse(t *testing.T) {
	const book = "\ufeff# test book\r\n" +
		"\n" +
		"04  1    CONSULT  -      CONSULT  -     CONSULT\r\n" +
		"  043\t2.8\tCONSULT\tvisit\tCONSULT\thost\tHost  a visit \n" +
		"0431 -0.5 - - - - Host a  #3 visit\n" +
		"   # indented comment\n" +
		"01 0 - - - - MAKE PUBLIC STATEMENT"
	cb, err := cameo.Parse(strings.NewReader(book), "test.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []cameo.Code{
		{Code: "01", Name: "MAKE PUBLIC STATEMENT", QuadClass: 1},
		{Code: "04", Name: "CONSULT", Goldstein: 1, QuadClass: 1, Plover: "CONSULT", PloverOld: "CONSULT"},
		{Code: "043", Name: "Host  a visit", Goldstein: 2.8, QuadClass: 1, Plover: "CONSULT", PloverMode: "visit",
			PloverOld: "CONSULT", PloverOldMode: "host"},
		{Code: "0431", Name: "Host a  #3 visit", Goldstein: -0.5, QuadClass: 1},
	}
	if got := cb.Codes(); !slices.Equal(got, want) {
		t.Errorf("Parse:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		line  int
		msg   string // substring of the error
	}{
		{"empty", "", 1, "no event codes"},
		{"only comments", "# a\n# b\n", 2, "no event codes"},
		{"too few fields", "04 1 CONSULT - CONSULT\n", 1, "want 7 fields"},
		{"no name", "04 1 CONSULT - CONSULT -   \n", 1, "missing NAME"},
		{"bad code", "# x\n4 1 - - - - X\n", 2, `bad event code "4"`},
		{"root 21", "21 1 - - - - X\n", 1, `bad event code "21"`},
		{"letter in code", "04 1 - - - - X\n043a 1 - - - - Y\n", 2, `bad event code "043a"`},
		{"bad weight", "04 one - - - - X\n", 1, "bad Goldstein weight"},
		{"weight out of range", "04 10.5 - - - - X\n", 1, "bad Goldstein weight"},
		{"NaN weight", "04 NaN - - - - X\n", 1, "bad Goldstein weight"},
		{"infinite weight", "04 -Inf - - - - X\n", 1, "bad Goldstein weight"},
		{"lower-case type", "04 1 consult - - - X\n", 1, `bad event type "consult"`},
		{"upper-case mode", "04 1 CONSULT VISIT - - X\n", 1, `bad mode "VISIT"`},
		{"mode without type", "04 1 - - - visit X\n", 1, "PLOVER (old): mode \"visit\" without an event type"},
		{"duplicate", "04 1 - - - - X\n\n04 2 - - - - Y\n", 3, "duplicate code 04 (first on line 1)"},
		{"orphan base", "04 1 - - - - X\n051 1 - - - - Y\n", 2, "code 051 has no parent 05"},
		{"orphan 4-digit", "04 1 - - - - X\n0431 1 - - - - Y\n", 2, "code 0431 has no parent 043"},
		{"control character", "04 1 - - - - X\x00Y\n", 1, "control character"},
		{"tab inside name", "04 1 - - - - X\tY\n", 1, "control character"},
		{"invalid UTF-8", "04 1 - - - - X\xffY\n", 1, "not valid UTF-8"},
		{"line too long", "04 1 - - - - X\n" + strings.Repeat("x", 70000), 2, "line longer than"},
	}
	for _, tt := range tests {
		cb, err := cameo.Parse(strings.NewReader(tt.input), "book.txt")
		if err == nil {
			t.Errorf("%s: Parse succeeded with %d codes, want an error", tt.name, len(cb.Codes()))
			continue
		}
		var pe *avocet.PosError
		if !errors.As(err, &pe) || pe.File != "book.txt" || pe.Line != tt.line {
			t.Errorf("%s: error %q: want a PosError at book.txt:%d", tt.name, err, tt.line)
		}
		if !errors.Is(err, avocet.ErrInvalidInput) {
			t.Errorf("%s: error %q does not wrap ErrInvalidInput", tt.name, err)
		}
		if prefix := fmt.Sprintf("book.txt:%d: ", tt.line); !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: error %q: want prefix %q and %q", tt.name, err, prefix, tt.msg)
		}
	}
}

// errReader fails after returning its data.
type errReader struct{ data string }

var errDisk = errors.New("disk on fire")

func (r *errReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, errDisk
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestParseReadError(t *testing.T) {
	_, err := cameo.Parse(&errReader{"04 1 - - - - X\n"}, "book.txt")
	var pe *avocet.PosError
	if !errors.Is(err, errDisk) || !errors.As(err, &pe) || pe.Line != 2 {
		t.Errorf("Parse with failing reader: %v; want the read error at line 2", err)
	}
}
