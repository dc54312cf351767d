package text_test

import (
	"testing"
	"unicode/utf8"

	"github.com/avocet-events/avocet/text"
)

func TestRepair(t *testing.T) {
	cases := []struct {
		name, in, want string
		n              int
	}{
		{"valid", "Zürich — ok", "Zürich — ok", 0},
		{"empty", "", "", 0},
		{"stray byte", "a\xffb", "a\uFFFDb", 1},
		{"two bytes", "\xfe\xff", "\uFFFD\uFFFD", 2},
		{"truncated sequence", "x\xe2\x80", "x\uFFFD\uFFFD", 2},
		{"surrogate", "\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD", 3},
		{"literal replacement char is valid", "\uFFFD", "\uFFFD", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, n := text.Repair(c.in)
			if got != c.want || n != c.n {
				t.Errorf("Repair(%q) = %q, %d; want %q, %d", c.in, got, n, c.want, c.n)
			}
			if !utf8.ValidString(got) {
				t.Errorf("result %q is not valid UTF-8", got)
			}
		})
	}
}
