package text

import (
	"unicode"
	"unicode/utf8"
)

// word scans a word starting at p and emits it, split as UD EWT does.
func (s *scanner) word(p, ce int) int {
	t := s.text
	if q := urlEnd(t, p, ce); q > p {
		s.emit(p, q, kWord)
		return q
	}
	j := p
	hyphen := false
scan:
	for j < ce {
		c := t[j]
		if c < utf8.RuneSelf {
			if ascii[c]&cWord != 0 {
				j++
				continue
			}
			in := j > p && j+1 < ce // inside the word, with a character after
			switch c {
			case '.':
				if j+1 < ce && wordAt(t, j+1) && t[j+1] != '_' {
					j++
					continue
				}
				// "U.S.'s": the clitic attaches to the abbreviation
				if in && clitic(t, j+1, ce) > 0 {
					j++
					continue
				}
				// "jane...@example.org": a masked e-mail address
				if in && j+4 < ce && t[j:j+4] == "...@" && is(t[j+4], cWord) {
					j += 3
					continue
				}
			case ',':
				if in && digitAt(t, j-1) && threeDigits(t, j+1, ce) {
					j++
					continue
				}
			case ':', '/':
				if in && digitAt(t, j-1) && digitAt(t, j+1) {
					j++
					continue
				}
				// "w/o", "b/c": one letter, a slash, a few letters
				if c == '/' && j == p+1 && is(t[p], cLower) && (j+1 == ce || !wordAt(t, j+1) || is(t[j+1], cLower) && !wordAt(t, min(j+4, ce))) {
					j++
					continue
				}
			case '\'', '`':
				if in && letterAt(t, j+1) {
					j++
					continue
				}
			case '-':
				if in && wordAt(t, j+1) && t[j+1] != '_' {
					hyphen = true
					j++
					continue
				}
			case '&':
				if in && letterAt(t, j-1) && letterAt(t, j+1) {
					j++
					continue
				}
			case '@':
				if q := emailEnd(t, p, j, ce); q > 0 {
					s.emit(p, q, kWord)
					return q
				}
			case '$':
				if j > p && j-p <= 3 && shape(t[p:j]) == shapeUpper { // US$, C$
					s.emit(p, j+1, kWord)
					return j + 1
				}
			}
			break scan
		}
		r, size := utf8.DecodeRuneInString(t[j:])
		if classify(r) == rWord {
			j += size
			continue
		}
		if r == '’' && j > p && j+size < ce && letterAt(t, j+size) {
			j += size
			continue
		}
		break
	}
	if j == p { // a lone '.' before a digit cannot happen; be safe
		j = p + 1
	}
	if hyphen && !phoneLike(t[p:j]) {
		start := p
		first := true
		for k := p; k < j; k++ {
			if t[k] != '-' {
				continue
			}
			if first && lex.isPrefix(t[start:k]) {
				first = false
				continue
			}
			first = false
			s.part(start, k)
			s.emit(k, k+1, kOther)
			start = k + 1
		}
		p = start
	}
	return s.lastPart(p, j, ce)
}

// threeDigits reports whether exactly three digits start at i (a thousands
// group: "120,000").
func threeDigits(t string, i, ce int) bool {
	return i+3 <= ce && digitAt(t, i) && digitAt(t, i+1) && digitAt(t, i+2) && !(i+3 < ce && digitAt(t, i+3))
}

// phoneLike reports whether w is digits in hyphenated groups that UD EWT
// keeps whole: three or more groups (713-853-3989, 1-800-555-0100) or a
// 3-4 / 5-4 pair (555-0100, 94720-5180). Other digit ranges (1990-1991,
// 3-4) are split.
func phoneLike(w string) bool {
	var groups [4]int
	n, g := 0, 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case is(c, cDigit):
			n++
		case c == '-' && n > 0:
			if g == len(groups) {
				return true
			}
			groups[g] = n
			g++
			n = 0
		default:
			return false
		}
	}
	if n == 0 {
		return false
	}
	if g >= 2 {
		return true
	}
	return g == 1 && (groups[0] == 3 || groups[0] == 5) && n == 4
}

// lastPart emits the last part of a word, text[a:b], deciding first whether
// a period right after it belongs to it (an abbreviation) and whether an
// apostrophe after it is a plural possessive ("parents'").
func (s *scanner) lastPart(a, b, ce int) int {
	t := s.text
	if b < ce && t[b] == '.' && !(b+1 < ce && t[b+1] == '.') {
		if class := lex.abbrevClass(t[a:b]); class != abNone {
			switch s.periodRole(class, b+1, ce) {
			case roleKeep:
				s.part(a, b+1)
				return b + 1
			case roleSplit:
				s.part(a, b)
				s.emit(b, b+1, kTerm)
				s.toks[len(s.toks)-1].flags |= fAbbrevEnd
				return b + 1
			}
		}
	}
	if k := apostropheAt(t, b); k > 0 && b+k <= ce && b > a && (t[b-1] == 's' || t[b-1] == 'S') &&
		!s.sq && !wordAt(t, b+k) && !digitsOnly(t[a:b-1]) {
		s.emitMWT(a, []int{b}, b+k)
		return b + k
	}
	s.part(a, b)
	return b
}

// What a period after an abbreviation does.
const (
	roleNone  = iota // not an abbreviation here: the period is a token
	roleKeep         // the period is part of the abbreviation
	roleSplit        // the abbreviation ends the sentence: "U.S" + "."
)

// periodRole decides what the period before offset q does after an
// abbreviation of the given class.
func (s *scanner) periodRole(class uint8, q, ce int) int {
	t := s.text
	if q < ce { // "Inc.," "etc.)" "U.S.-led" "the U.S." Then
		if class == abNum {
			return roleNone
		}
		if closersTo(t, q, ce) < ce || class == abTitle || class == abMid {
			return roleKeep
		}
	}
	nl, i := 0, ce
	for i < len(t) {
		size, lines, ok := spaceAt(t, i)
		if !ok {
			break
		}
		nl += lines
		i += size
	}
	if class == abNum {
		if i < len(t) && (digitAt(t, i) || t[i] == '#') {
			return roleKeep
		}
		return roleNone
	}
	if i >= len(t) || nl >= 2 {
		return roleSplit
	}
	if class == abTitle || class == abMid {
		return roleKeep
	}
	if opensSentence(t, i) {
		return roleSplit
	}
	return roleKeep
}

// closersTo returns the end of the closing quotes and brackets at i,
// stopping at ce.
func closersTo(t string, i, ce int) int {
	for i < ce {
		switch {
		case t[i] == '"' || t[i] == '\'' || t[i] == ')' || t[i] == ']':
			i++
		case hasPrefixFold(t, i, "\u201d") || hasPrefixFold(t, i, "\u2019"): // ” ’
			i += 3
		default:
			return i
		}
	}
	return i
}

// opensSentence reports whether the text at i starts like a new sentence
// after an ambiguous abbreviation: a typical sentence opener ("The", "He")
// or an opening quote before a capital.
func opensSentence(t string, i int) bool {
	switch {
	case t[i] == '"':
		return caseAt(t, i+1) > 0
	case hasPrefixFold(t, i, "\u201c"):
		return caseAt(t, i+3) > 0
	}
	k := i
	for k < len(t) && is(t[k], cLetter) {
		k++
	}
	return k > i && !wordAt(t, k) && lex.isStarter(t[i:k])
}

// part emits one hyphen-free piece of a word, splitting contractions,
// fused forms ("dont", "gonna") and number-unit pairs ("5pm").
func (s *scanner) part(a, b int) {
	t := s.text
	w := t[a:b]
	if cuts, n := contraction(w); n > 0 {
		var abs [3]int
		for k := 0; k < n; k++ {
			abs[k] = a + cuts[k]
		}
		s.emitMWT(a, abs[:n], b)
		return
	}
	if cuts := lex.fusedCuts(w); cuts != nil {
		var abs [3]int
		n := copy(abs[:], cuts)
		for k := 0; k < n; k++ {
			abs[k] += a
		}
		s.emitMWT(a, abs[:n], b)
		return
	}
	if is(w[0], cDigit) {
		if k := unitSplit(w); k > 0 {
			s.emit(a, a+k, kWord)
			s.emit(a+k, b, kWord)
			return
		}
	}
	s.emit(a, b, kWord)
}

// contraction finds the clitics of w ("don't" → do|n't, "shouldn't've" →
// should|n't|'ve, "Bush's" → Bush|'s) and returns the cut offsets in
// ascending order and their number.
func contraction(w string) (cuts [2]int, n int) {
	var rev [2]int // at most three words, like "dunno"
	end := len(w)
	for n < len(rev) {
		i := lastApostrophe(w[:end])
		if i <= 0 {
			break
		}
		size := apostropheAt(w, i)
		suf := w[i+size : end]
		cut := -1
		switch {
		case equalFold(suf, "t") && is(w[i-1], cLetter) && lowerASCII(w[i-1]) == 'n' && i >= 2:
			cut = i - 1 // do|n't, ca|n't
		case equalFold(suf, "s"):
			if !digitsOnly(w[:i]) { // 1990's stays whole
				cut = i
			}
		case equalFold(suf, "m"), equalFold(suf, "d"), equalFold(suf, "ll"), equalFold(suf, "re"), equalFold(suf, "ve"):
			cut = i
		}
		if cut <= 0 {
			break
		}
		rev[n] = cut
		n++
		end = cut
	}
	for k := 0; k < n; k++ {
		cuts[k] = rev[n-1-k]
	}
	return cuts, n
}

// lastApostrophe returns the offset of the last apostrophe in w, or -1.
func lastApostrophe(w string) int {
	for i := len(w) - 1; i >= 0; i-- {
		switch w[i] {
		case '\'', '`':
			return i
		case 0x99:
			if i >= 2 && w[i-2] == 0xe2 && w[i-1] == 0x80 {
				return i - 2
			}
		}
	}
	return -1
}

func digitsOnly(w string) bool {
	for i := 0; i < len(w); i++ {
		if !is(w[i], cDigit) {
			return false
		}
	}
	return len(w) > 0
}

// unitSplit returns where a number ends and a unit starts in w ("5pm",
// "2.7m", "10km"), or 0 when w stays whole (ordinals "5th", decades
// "1990s", codes "4G").
func unitSplit(w string) int {
	k := 0
	for k < len(w) && (is(w[k], cDigit) || (w[k] == '.' || w[k] == ',' || w[k] == ':') && k+1 < len(w) && is(w[k+1], cDigit)) {
		k++
	}
	if k == 0 || k == len(w) {
		return 0
	}
	u := w[k:]
	switch shape(u) {
	case shapeLower:
		for i := 0; i < len(u); i++ {
			if !is(u[i], cLetter) {
				return 0
			}
		}
		switch u {
		case "s", "st", "nd", "rd", "th":
			return 0
		}
		return k
	case shapeUpper:
		switch u {
		case "AM", "PM", "K", "M", "B", "BN", "MN", "MM", "KM", "KG":
			return k
		}
	}
	return 0
}

// clitic returns the length of a clitic "'s" / "’s" at i that ends a
// word (the next character is not a letter or digit), or 0.
func clitic(t string, i, ce int) int {
	k := apostropheAt(t, i)
	if k == 0 || i+k >= ce || lowerASCII(t[i+k]) != 's' || wordAt(t, i+k+1) {
		return 0
	}
	return k + 1
}

// urlEnd returns the end of a URL starting at p (http://, https://,
// ftp://, www., mailto:), without trailing punctuation, or p.
func urlEnd(t string, p, ce int) int {
	switch lowerASCII(t[p]) {
	case 'h', 'f', 'w', 'm':
	default:
		return p
	}
	n := 0
	for _, pre := range [...]string{"http://", "https://", "ftp://", "www.", "mailto:"} {
		if hasPrefixFold(t, p, pre) {
			n = len(pre)
			break
		}
	}
	if n == 0 || p+n >= ce || !wordAt(t, p+n) {
		return p
	}
	q := ce
	open := 0
	for i := p; i < q; i++ {
		switch t[i] {
		case '(':
			open++
		case ')':
			open--
		}
	}
	for q > p+n {
		c := t[q-1]
		if c == ')' && open < 0 {
			open++
			q--
			continue
		}
		if c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '"' || c == '\'' || c == ']' || c == '>' {
			q--
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeLastRuneInString(t[p:q])
			if unicode.In(r, unicode.Pe, unicode.Pf, unicode.Po) {
				q -= size
				continue
			}
		}
		break
	}
	return q
}

// emailEnd returns the end of an e-mail address whose '@' is at at and
// whose local part starts at p, or 0.
func emailEnd(t string, p, at, ce int) int {
	if at == p {
		return 0
	}
	q := at + 1
	dot := false
	for q < ce {
		c := t[q]
		switch {
		case is(c, cWord) || c == '-':
		case c == '.' && q+1 < ce && is(t[q+1], cWord) && q > at+1:
			dot = true
		default:
			goto done
		}
		q++
	}
done:
	for q > at+1 && (t[q-1] == '-' || t[q-1] == '.') {
		q--
	}
	if !dot || q <= at+1 {
		return 0
	}
	return q
}
