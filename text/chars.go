package text

import (
	"unicode"
	"unicode/utf8"
)

// Character classes for the ASCII fast path. Non-ASCII runes go through the
// unicode package (see classify).
const (
	cSpace  uint8 = 1 << iota // ASCII whitespace
	cLetter                   // A-Z a-z
	cDigit                    // 0-9
	cUpper                    // A-Z
	cLower                    // a-z
	cWord                     // letters, digits and '_': may continue a word
)

var ascii = func() (t [128]uint8) {
	for _, c := range "\t\n\v\f\r " {
		t[c] |= cSpace
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= cLetter | cLower | cWord
		t[c-'a'+'A'] |= cLetter | cUpper | cWord
	}
	for c := '0'; c <= '9'; c++ {
		t[c] |= cDigit | cWord
	}
	t['_'] |= cWord
	return t
}()

// is reports whether byte c is ASCII and in class m.
func is(c byte, m uint8) bool { return c < utf8.RuneSelf && ascii[c]&m != 0 }

// lowerASCII returns c in lower case when it is an ASCII capital.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Rune categories used by the scanner.
const (
	rSpace = iota // whitespace, including zero-width space and BOM
	rWord         // letter, digit, mark, format char, invalid byte: part of a word
	rPunct        // punctuation or symbol: a token of its own
)

// classify returns the category of a non-ASCII rune. Invalid UTF-8
// (utf8.RuneError) counts as a word character, so stray bytes stick to
// their neighbours instead of vanishing.
func classify(r rune) int {
	switch {
	case r == utf8.RuneError:
		return rWord
	case r == '\u200b' || r == '\ufeff' || r == '\u2060':
		return rSpace // invisible separators
	case unicode.IsSpace(r):
		return rSpace
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r):
		return rWord
	case unicode.IsPunct(r), unicode.IsSymbol(r):
		return rPunct
	}
	return rWord // other numbers (², ½), format and private-use characters
}

// spaceAt reports whether a whitespace character starts at offset i and
// returns its size and how many line breaks it counts for.
func spaceAt(s string, i int) (size, lines int, ok bool) {
	c := s[i]
	if c < utf8.RuneSelf {
		if ascii[c]&cSpace == 0 {
			return 0, 0, false
		}
		switch c {
		case '\n':
			return 1, 1, true
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				return 1, 0, true // the '\n' counts
			}
			return 1, 1, true
		case '\f', '\v':
			return 1, 2, true
		}
		return 1, 0, true
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError || classify(r) != rSpace {
		return 0, 0, false
	}
	switch r {
	case '\u0085', '\u2028':
		return n, 1, true
	case '\u2029':
		return n, 2, true
	}
	return n, 0, true
}

// isSpaceAt reports whether offset i is past the end of s or starts whitespace.
func isSpaceAt(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	_, _, ok := spaceAt(s, i)
	return ok
}

// wordAt reports whether a word character starts at offset i.
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c := s[i]
	if c < utf8.RuneSelf {
		return ascii[c]&cWord != 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return classify(r) == rWord
}

// letterAt reports whether a letter starts at offset i.
func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c := s[i]
	if c < utf8.RuneSelf {
		return ascii[c]&cLetter != 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// digitAt reports whether an ASCII digit is at offset i.
func digitAt(s string, i int) bool { return i >= 0 && i < len(s) && is(s[i], cDigit) }

// caseAt returns +1 for an upper-case letter at i, -1 for lower case and 0
// for anything else.
func caseAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	c := s[i]
	if c < utf8.RuneSelf {
		switch {
		case ascii[c]&cUpper != 0:
			return 1
		case ascii[c]&cLower != 0:
			return -1
		}
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	switch {
	case unicode.IsUpper(r), unicode.IsTitle(r):
		return 1
	case unicode.IsLower(r):
		return -1
	}
	return 0
}

// apostropheAt returns the size of an apostrophe (' ’ `) at offset i, or 0.
func apostropheAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	switch s[i] {
	case '\'', '`':
		return 1
	case 0xe2:
		if len(s) >= i+3 && s[i+1] == 0x80 && s[i+2] == 0x99 { // U+2019
			return 3
		}
	}
	return 0
}

// hasPrefixFold reports whether s[i:] starts with the lower-case ASCII
// prefix p, ignoring ASCII case.
func hasPrefixFold(s string, i int, p string) bool {
	if len(s)-i < len(p) {
		return false
	}
	for k := 0; k < len(p); k++ {
		if lowerASCII(s[i+k]) != p[k] {
			return false
		}
	}
	return true
}

// equalFold reports whether s equals the lower-case ASCII word w, ignoring
// ASCII case.
func equalFold(s, w string) bool { return len(s) == len(w) && hasPrefixFold(s, 0, w) }

// caseShape describes the capitalisation of an ASCII word.
const (
	shapeOther = iota
	shapeLower // all lower case
	shapeTitle // first upper, rest lower
	shapeUpper // all upper case
)

// shape returns the capitalisation shape of s, counting only ASCII letters;
// a word without letters or with non-ASCII letters is shapeOther.
func shape(s string) int {
	if s == "" {
		return shapeOther
	}
	up, low := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case is(c, cUpper):
			up++
		case is(c, cLower):
			low++
		case c >= utf8.RuneSelf:
			return shapeOther
		}
	}
	switch {
	case up == 0 && low > 0:
		return shapeLower
	case low == 0 && up > 0:
		return shapeUpper
	case is(s[0], cUpper) && up == 1:
		return shapeTitle
	}
	return shapeOther
}
