package text

import (
	"unicode/utf8"

	"github.com/avocet-events/avocet"
)

// Token kinds the sentence splitter cares about.
const (
	kWord     uint8 = iota // word, number, web token
	kTerm                  // sentence-final punctuation: . ! ? … and runs of them
	kOpen                  // opening quote or bracket
	kClose                 // closing quote or bracket
	kComma                 // , ; :
	kDash                  // dash or a run of hyphens between words
	kEmoticon              // :) and friends, which stay with the sentence before them
	kOther                 // any other punctuation or symbol
)

// Token flags.
const (
	fUpper     uint8 = 1 << iota // starts with an upper-case letter
	fLower                       // starts with a lower-case letter
	fDigit                       // starts with a digit
	fMWTNext                     // the next token is part of the same multiword token
	fEnd                         // a sentence ends after this token: the end of a dateline
	fStart                       // a sentence starts at this token: the start of a dateline
	fBullet                      // a list marker at the start of a line
	fAbbrevEnd                   // a period split off an abbreviation that ends the sentence
)

// tok is the scanner's compact token; Segment turns it into an
// avocet.Token once the number of tokens is known.
type tok struct {
	start, end int         // bytes of the word
	mwt        avocet.Span // surface token of a multiword token; zero otherwise
	kind       uint8
	flags      uint8
	nl         uint8 // line breaks in the whitespace before the token: 0, 1, or 2 for a paragraph break
	space      bool  // whitespace follows
}

// scanner cuts text into tokens in one left-to-right pass. Whitespace
// separates chunks; each chunk is cut into words and punctuation by
// chunk. Decisions that need the following text (does the period after
// "Inc" end the sentence?) look ahead directly in text.
type scanner struct {
	text      string
	toks      []tok
	nl        int  // line breaks since the last token
	lineStart bool // the next token is the first of its line
	dq        bool // a straight double quote is open
	sq        bool // a single quote is open
	header    bool // still in the article header, where a dateline may start a line
	lines     int  // line starts seen
	lineToks  int  // tokens on the current line
}

// The article header (title, byline) ends after maxHeaderLines lines, at a
// line of more than maxHeaderToks tokens, at a line ending in a period or at
// the dateline; datelines are looked for only at line starts in the header.
const (
	maxHeaderLines = 8
	maxHeaderToks  = 20
)

func newScanner(text string) *scanner {
	return &scanner{
		text:      text,
		toks:      make([]tok, 0, len(text)/5+4),
		lineStart: true,
		header:    true,
	}
}

// run scans the whole text.
func (s *scanner) run() {
	t := s.text
	for i := 0; i < len(t); {
		if c := t[i]; c >= utf8.RuneSelf || ascii[c]&cSpace != 0 {
			if size, lines, ok := spaceAt(t, i); ok {
				if lines > 0 {
					s.nl += lines
					s.lineStart = true
					s.endLine()
				}
				i += size
				continue
			}
		}
		if s.lineStart {
			if s.nl >= 2 {
				s.dq, s.sq = false, false // quotes do not run across paragraphs
			}
			s.lines++
			if s.header && s.lines > maxHeaderLines {
				s.header = false
			}
			if s.header {
				if d, ok := Dateline(t[i:]); ok {
					i = s.dateline(i, i+d.Body)
					continue
				}
			}
		}
		j := chunkEnd(t, i, len(t))
		s.chunk(i, j)
		i = j
	}
}

// endLine notes the end of a line for the header rules.
func (s *scanner) endLine() {
	if s.header && s.lineToks > 0 {
		last := s.toks[len(s.toks)-1]
		if s.lineToks > maxHeaderToks || last.kind == kTerm && s.text[last.start] == '.' {
			s.header = false
		}
	}
	s.lineToks = 0
}

// dateline scans the dateline text[from:body] and marks it as a sentence of
// its own.
func (s *scanner) dateline(from, body int) int {
	first := len(s.toks)
	t := s.text
	for i := from; i < body; {
		if size, _, ok := spaceAt(t, i); ok {
			i += size
			continue
		}
		j := chunkEnd(t, i, body)
		s.chunk(i, j)
		i = j
	}
	if len(s.toks) > first {
		s.toks[first].flags |= fStart
		s.toks[len(s.toks)-1].flags |= fEnd
	}
	s.header = false
	return body
}

// chunkEnd returns the end of the run of non-space characters at i,
// stopping at limit.
func chunkEnd(t string, i, limit int) int {
	for i < limit {
		c := t[i]
		if c < utf8.RuneSelf {
			if ascii[c]&cSpace != 0 {
				return i
			}
			i++
			continue
		}
		if _, _, ok := spaceAt(t, i); ok {
			return i
		}
		_, size := utf8.DecodeRuneInString(t[i:])
		i += size
	}
	return i
}

// emit appends the token text[a:b].
func (s *scanner) emit(a, b int, kind uint8) {
	t := s.text
	var flags uint8
	switch caseAt(t, a) {
	case 1:
		flags = fUpper
	case -1:
		flags = fLower
	default:
		if is(t[a], cDigit) {
			flags = fDigit
		}
	}
	nl := s.nl
	if nl > 2 {
		nl = 2
	}
	s.toks = append(s.toks, tok{
		start: a, end: b,
		kind: kind, flags: flags, nl: uint8(nl),
		space: b < len(t) && isSpaceAt(t, b),
	})
	s.nl = 0
	s.lineStart = false
	s.lineToks++
}

// emitMWT appends the syntactic words of the surface token text[a:b],
// cut at the offsets in cuts (ascending, strictly inside (a, b)).
func (s *scanner) emitMWT(a int, cuts []int, b int) {
	mwt := avocet.Span{Start: a, End: b}
	from := a
	for k := 0; k <= len(cuts); k++ {
		to := b
		if k < len(cuts) {
			to = cuts[k]
		}
		s.emit(from, to, kWord)
		last := &s.toks[len(s.toks)-1]
		last.mwt = mwt
		if to < b {
			last.space = false
			last.flags |= fMWTNext
		}
		from = to
	}
}

// chunk cuts the whitespace-free text[cs:ce] into tokens.
func (s *scanner) chunk(cs, ce int) {
	t := s.text
	if s.lineStart && s.bullet(cs, ce) {
		return
	}
	for p := cs; p < ce; {
		c := t[p]
		if c < utf8.RuneSelf {
			if ascii[c]&cWord != 0 {
				p = s.word(p, ce)
			} else {
				p = s.punct(p, cs, ce)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(t[p:])
		if classify(r) == rPunct {
			p = s.punctRune(p, cs, ce, r, size)
		} else {
			p = s.word(p, ce)
		}
	}
}

// bullet handles a list marker that is a whole chunk at the start of a line:
// "-", "*", "•", "1.", "2)". It reports whether it did.
func (s *scanner) bullet(cs, ce int) bool {
	t := s.text
	if ce >= len(t) { // a marker must be followed by something
		return false
	}
	w := t[cs:ce]
	switch w {
	case "-", "*", "+", "•", "·", "▪", "‣", "◦", "●", "►", "–", "—":
		s.emit(cs, ce, kDash)
		s.toks[len(s.toks)-1].flags |= fBullet
		return true
	}
	n := 0
	for n < len(w) && is(w[n], cDigit) {
		n++
	}
	if n >= 1 && n <= 2 && n == len(w)-1 && (w[n] == '.' || w[n] == ')') {
		s.emit(cs, cs+n, kWord)
		s.toks[len(s.toks)-1].flags |= fBullet
		s.emit(cs+n, ce, kOther)
		s.toks[len(s.toks)-1].flags |= fBullet
		return true
	}
	return false
}
