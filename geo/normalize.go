package geo

import (
	"unicode"
	"unicode/utf8"
)

// Key returns the form under which the gazetteer indexes a name, and
// under which Lookup looks one up: lower case, letters with diacritics
// folded to ASCII ("Chișinău" → "chisinau", "Gdańsk" → "gdansk"),
// apostrophes and similar marks dropped ("Ta‘izz" → "taizz", "N'Djamena"
// → "ndjamena"), and every other run of non-letters and non-digits (spaces,
// hyphens, periods, commas) turned into one space, trimmed ("St. Louis" →
// "st louis", "Sharm el-Sheikh" → "sharm el sheikh"). Letters of other
// scripts are kept, lower-cased.
func Key(s string) string {
	if isKey(s) {
		return s
	}
	var stack [64]byte
	b := stack[:0]
	pending := false // a separator is due before the next letter
	emit := func(c byte) {
		if pending && len(b) > 0 {
			b = append(b, ' ')
		}
		pending = false
		b = append(b, c)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				emit(c)
			case 'A' <= c && c <= 'Z':
				emit(c + 'a' - 'A')
			case c == '\'' || c == '`':
			default:
				pending = true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if isApostrophe(r) {
			continue
		}
		if f := fold(r); f != "" {
			for j := 0; j < len(f); j++ {
				switch c := f[j]; {
				case 'A' <= c && c <= 'Z':
					emit(c + 'a' - 'A')
				case c == '\'':
				default:
					emit(c)
				}
			}
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if unicode.Is(unicode.Mn, r) {
				continue // a combining mark: the text was decomposed
			}
			if pending && len(b) > 0 {
				b = append(b, ' ')
			}
			pending = false
			b = utf8.AppendRune(b, unicode.ToLower(r))
			continue
		}
		pending = true
	}
	return string(b)
}

// isKey reports whether s is already in key form (the common case for
// lower-case ASCII words), so Key need not copy it.
func isKey(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == ' ':
			if s[i-1] == ' ' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// isApostrophe reports marks that names drop in their key: apostrophes,
// the okina and the Arabic ʿayn and hamza transliterations.
func isApostrophe(r rune) bool {
	switch r {
	case '\u2018', '\u2019', '\u201B', '\u02BB', '\u02BC', '\u02BD', '\u02BE', '\u02BF', '\u00B4', '\u2032', '\u02B9', '\u02C8':
		return true
	}
	return false
}

// fold returns the ASCII spelling of a letter with diacritics, or "".
func fold(r rune) string {
	switch {
	case r >= foldLo1 && r <= foldHi1 && int(r-foldLo1) < len(foldTable1):
		return foldTable1[r-foldLo1]
	case r >= foldLo2 && r <= foldHi2 && int(r-foldLo2) < len(foldTable2):
		return foldTable2[r-foldLo2]
	}
	return ""
}

// ASCII folds the letters with diacritics of s to ASCII, keeping case
// ("Chișinău" → "Chisinau"). Other characters are kept.
func ASCII(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b = append(b, byte(r))
		case isApostrophe(r):
			b = append(b, '\'')
		case fold(r) != "":
			b = append(b, fold(r)...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}
