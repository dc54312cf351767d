package text

import (
	"strings"
	"unicode/utf8"
)

// Repair returns s with every invalid UTF-8 byte replaced by U+FFFD and the
// number of replacements, so that callers can report damaged input. Each
// byte that does not start a valid encoding counts once (Go's decoding
// rule), so a truncated three-byte sequence gives two replacements. Valid
// input is returned as is, without copying.
//
// Segment does not need repaired input; Repair is for callers that store or
// display text. Offsets into the repaired text differ from offsets into s
// wherever a replacement happened.
func Repair(s string) (string, int) {
	if utf8.ValidString(s) {
		return s, 0
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\uFFFD")
			n++
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String(), n
}
