package text

import (
	"unicode"
	"unicode/utf8"
)

// emoticons are kept whole; longest first where one is a prefix of another.
var emoticons = [...]string{
	">:(", ":-)", ":-(", ";-)", ":-D", ":-P", ":-p", ":'(", "^_^", "-_-",
	":)", ":(", ";)", ":D", ":P", ":p", ";P", ";p", ":O", ":o", ":/", ":|",
	":]", ":[", "=)", "=(", "=D", "<3", "^^",
}

// emoticon returns the length of an emoticon at p, or 0. An emoticon must
// start its chunk or follow a letter, and must not run into a word.
func emoticon(t string, p, cs, ce int) int {
	if p > cs && !letterAt(t, p-1) {
		return 0
	}
	for _, e := range emoticons {
		if p+len(e) <= ce && t[p:p+len(e)] == e && !wordAt(t, p+len(e)) {
			return len(e)
		}
	}
	return 0
}

// run returns the end of the run of byte c starting at p.
func run(t string, p, ce int, c byte) int {
	q := p + 1
	for q < ce && t[q] == c {
		q++
	}
	return q
}

// isTermAt reports the size of sentence punctuation (. ! ? …) at i, or 0.
func isTermAt(t string, i, ce int) int {
	if i >= ce {
		return 0
	}
	switch t[i] {
	case '.', '!', '?':
		return 1
	case 0xe2:
		if i+3 <= ce && t[i+1] == 0x80 && t[i+2] == 0xa6 { // …
			return 3
		}
	}
	return 0
}

// punct scans ASCII punctuation at p.
func (s *scanner) punct(p, cs, ce int) int {
	t := s.text
	c := t[p]
	switch c {
	case ':', ';', '=', '<', '>', '^', '-':
		if n := emoticon(t, p, cs, ce); n > 0 {
			s.emit(p, p+n, kEmoticon)
			return p + n
		}
	}
	switch c {
	case '.', '!', '?':
		if c == '.' && digitAt(t, p+1) && p+1 < ce && !(p > cs && wordAt(t, prevStart(t, p))) { // .5
			return s.word(p, ce)
		}
		q := p
		for {
			n := isTermAt(t, q, ce)
			if n == 0 {
				break
			}
			q += n
		}
		s.emit(p, q, kTerm)
		return q
	case '-':
		q := run(t, p, ce, c)
		s.emit(p, q, kDash)
		return q
	case '"':
		open := s.quoteOpens(p, cs, ce, 1, s.dq)
		s.dq = open
		s.emit(p, p+1, quoteKind(open))
		return p + 1
	case '\'', '`':
		return s.singleQuote(p, cs, ce, 1)
	case '(', '[', '{':
		s.emit(p, p+1, kOpen)
		return p + 1
	case ')', ']', '}':
		s.emit(p, p+1, kClose)
		return p + 1
	case ',', ';', ':':
		q := run(t, p, ce, c)
		s.emit(p, q, kComma)
		return q
	case '#', '@':
		if p+1 < ce && wordAt(t, p+1) && (c == '@' || letterAt(t, p+1)) { // #hashtag, @user
			q := p + 1
			for q < ce && (is(t[q], cWord) || t[q] == '.' && q+1 < ce && is(t[q+1], cWord) && q > p+1) {
				q++
			}
			if q < ce && t[q] >= utf8.RuneSelf && wordAt(t, q) { // non-ASCII letters
				for q < ce && wordAt(t, q) {
					_, size := utf8.DecodeRuneInString(t[q:])
					q += size
				}
			}
			s.emit(p, q, kWord)
			return q
		}
	}
	q := run(t, p, ce, c)
	s.emit(p, q, kOther)
	return q
}

func quoteKind(open bool) uint8 {
	if open {
		return kOpen
	}
	return kClose
}

// quoteOpens decides whether the quote of the given size at p opens or
// closes a quotation: by whether it is attached to the text before or
// after it, and by whether a quotation is already open when that does not
// tell.
func (s *scanner) quoteOpens(p, cs, ce, size int, isOpen bool) bool {
	t := s.text
	before := p > cs
	after := p+size < ce
	switch {
	case !before && after:
		return true
	case before && !after:
		return false
	case before && after:
		prevWord := wordAt(t, prevStart(t, p))
		nextWord := wordAt(t, p+size)
		if nextWord && !prevWord {
			if isTermAt(t, prevStart(t, p), p) > 0 || t[p-1] == ',' {
				return false // ."Next  ,"and
			}
			return true
		}
		if prevWord && !nextWord {
			return false
		}
	}
	return !isOpen
}

// prevStart returns the offset of the rune before p.
func prevStart(t string, p int) int {
	_, size := utf8.DecodeLastRuneInString(t[:p])
	return p - size
}

// singleQuote handles ' ` ‘ ’ at p that did not belong to a word: a
// standalone clitic ('s, 'em), an abbreviated year ('90s), a doubled quote
// (” ‘‘ ‘’), or an opening or closing single quote.
func (s *scanner) singleQuote(p, cs, ce, size int) int {
	t := s.text
	q := p + size
	if q < ce {
		if n := apostropheAt(t, q); n > 0 || hasPrefixFold(t, q, "\u2018") {
			if n == 0 {
				n = 3
			}
			open := t[p] == '`' || hasPrefixFold(t, p, "\u2018")
			s.emit(p, q+n, quoteKind(open))
			return q + n
		}
	}
	if !hasPrefixFold(t, p, "\u2018") && !(p > cs && wordAt(t, prevStart(t, p))) {
		// 's 'em 'cause: clitics and clipped words standing alone
		k := q
		for k < ce && is(t[k], cLetter) {
			k++
		}
		if k > q && !wordAt(t, k) {
			switch w := t[q:k]; {
			case equalFold(w, "s"), equalFold(w, "em"), equalFold(w, "cause"), equalFold(w, "til"), equalFold(w, "tis"), equalFold(w, "twas"), equalFold(w, "n"):
				s.emit(p, k, kWord)
				return k
			}
		}
		// '90s '72
		if digitAt(t, q) && digitAt(t, q+1) && !digitAt(t, q+2) {
			k = q + 2
			if k < ce && t[k] == 's' {
				k++
			}
			if !wordAt(t, k) || k >= ce {
				s.emit(p, k, kWord)
				return k
			}
		}
	}
	var open bool
	if hasPrefixFold(t, p, "\u2018") || t[p] == '`' {
		open = true
	} else {
		open = s.quoteOpens(p, cs, ce, size, s.sq)
	}
	s.sq = open
	s.emit(p, q, quoteKind(open))
	return q
}

// punctRune scans non-ASCII punctuation or a symbol r of the given size at p.
func (s *scanner) punctRune(p, cs, ce int, r rune, size int) int {
	t := s.text
	switch r {
	case '…':
		q := p
		for {
			n := isTermAt(t, q, ce)
			if n == 0 {
				break
			}
			q += n
		}
		s.emit(p, q, kTerm)
		return q
	case '—', '–', '―', '‒', '‐', '‑':
		q := p + size
		for q+size <= ce && t[q:q+size] == t[p:p+size] {
			q += size
		}
		s.emit(p, q, kDash)
		return q
	case '‘', '’':
		return s.singleQuote(p, cs, ce, size)
	case '“', '„', '«':
		s.emit(p, p+size, kOpen)
		return p + size
	case '”', '»':
		s.emit(p, p+size, kClose)
		return p + size
	}
	q := p + size
	// Keep emoji sequences together: variation selectors, skin tones,
	// keycaps, and zero-width-joined pictographs.
	for q < ce {
		r2, n := utf8.DecodeRuneInString(t[q:])
		switch {
		case r2 == '\ufe0f' || r2 == '\ufe0e' || r2 == '\u20e3' || (r2 >= 0x1f3fb && r2 <= 0x1f3ff):
			q += n
			continue
		case r2 == '\u200d' && q+n < ce:
			r3, n3 := utf8.DecodeRuneInString(t[q+n:])
			if unicode.IsSymbol(r3) {
				q += n + n3
				continue
			}
		}
		break
	}
	kind := kOther
	switch {
	case unicode.In(r, unicode.Ps, unicode.Pi):
		kind = kOpen
	case unicode.In(r, unicode.Pe, unicode.Pf):
		kind = kClose
	}
	s.emit(p, q, kind)
	return q
}
