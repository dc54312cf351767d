package text_test

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
)

// render writes a segmentation in the canonical form the table tests
// compare: one sentence per line, tokens separated by spaces, the words of
// a multiword token joined by "+", a headline prefixed with "H: ".
func render(sents []avocet.Sentence) string {
	var b strings.Builder
	for i, s := range sents {
		if i > 0 {
			b.WriteByte('\n')
		}
		if s.Headline {
			b.WriteString("H: ")
		}
		for j, t := range s.Tokens {
			if j > 0 {
				if t.MWT != (avocet.Span{}) && s.Tokens[j-1].MWT == t.MWT {
					b.WriteByte('+')
				} else {
					b.WriteByte(' ')
				}
			}
			b.WriteString(t.Form)
		}
	}
	return b.String()
}

// isSpace reports whether r is whitespace for the invariants: Unicode
// White_Space plus the invisible separators the package also skips.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u2060'
}

// checkInvariants returns the first violated invariant of a segmentation
// of text, or "". maxTokens is the limit Segment was given (0: default).
func checkInvariants(text string, sents []avocet.Sentence, maxTokens int) string {
	if maxTokens <= 0 {
		maxTokens = 250
	}
	if strings.TrimFunc(text, isSpace) == "" && sents != nil {
		return "blank text gave sentences"
	}
	prevEnd := 0 // end of the previous token
	for i, s := range sents {
		if s.Index != i {
			return fmt.Sprintf("sentence %d has Index %d", i, s.Index)
		}
		if len(s.Tokens) == 0 {
			return fmt.Sprintf("sentence %d is empty", i)
		}
		if len(s.Tokens) > maxTokens+2 {
			return fmt.Sprintf("sentence %d has %d tokens, limit %d", i, len(s.Tokens), maxTokens)
		}
		if cap(s.Tokens) != len(s.Tokens) {
			return fmt.Sprintf("sentence %d: Tokens not capped", i)
		}
		if s.Start != s.Tokens[0].Start || s.End != s.Tokens[len(s.Tokens)-1].End {
			return fmt.Sprintf("sentence %d span %v does not cover its tokens", i, s.Span)
		}
		for j, t := range s.Tokens {
			where := fmt.Sprintf("sentence %d token %d %v", i, j, t.Span)
			if t.Start < prevEnd || t.End <= t.Start || t.End > len(text) {
				return where + ": out of order, empty or out of range"
			}
			if t.Form != text[t.Start:t.End] {
				return fmt.Sprintf("%s: Form %q is not the text %q", where, t.Form, text[t.Start:t.End])
			}
			// Nothing but whitespace is dropped between tokens.
			for k, r := range text[prevEnd:t.Start] {
				if !isSpace(r) || r == utf8.RuneError {
					return fmt.Sprintf("%s: non-space %q at %d dropped", where, r, prevEnd+k)
				}
			}
			for _, r := range t.Form {
				if isSpace(r) && r != utf8.RuneError {
					return fmt.Sprintf("%s: token %q contains whitespace", where, t.Form)
				}
			}
			// SpaceAfter says whether whitespace follows.
			r, _ := utf8.DecodeRuneInString(text[t.End:])
			follows := t.End < len(text) && isSpace(r) && !(r == utf8.RuneError)
			if t.SpaceAfter != follows {
				return fmt.Sprintf("%s %q: SpaceAfter %v, but whitespace follows: %v", where, t.Form, t.SpaceAfter, follows)
			}
			if t.Lemma != "" || t.UPOS != "" || t.XPOS != "" || t.Head != 0 || t.DepRel != "" || t.Entity != "" {
				return where + ": tags set"
			}
			prevEnd = t.End
		}
		if msg := checkMWT(s); msg != "" {
			return fmt.Sprintf("sentence %d: %s", i, msg)
		}
	}
	for k, r := range text[prevEnd:] {
		if !isSpace(r) || r == utf8.RuneError {
			return fmt.Sprintf("non-space %q at %d dropped at the end", r, prevEnd+k)
		}
	}
	return ""
}

// checkMWT checks that the words of each multiword token tile its surface
// span exactly and share it.
func checkMWT(s avocet.Sentence) string {
	toks := s.Tokens
	for j := 0; j < len(toks); {
		m := toks[j].MWT
		if m == (avocet.Span{}) {
			j++
			continue
		}
		k := j
		for k < len(toks) && toks[k].MWT == m {
			k++
		}
		if k-j < 2 {
			return fmt.Sprintf("multiword token %v has one word", m)
		}
		if toks[j].Start != m.Start || toks[k-1].End != m.End {
			return fmt.Sprintf("words of %v do not reach its ends", m)
		}
		for w := j + 1; w < k; w++ {
			if toks[w].Start != toks[w-1].End {
				return fmt.Sprintf("words of %v are not adjacent", m)
			}
			if toks[w-1].SpaceAfter {
				return fmt.Sprintf("inner word of %v has SpaceAfter", m)
			}
		}
		j = k
	}
	return ""
}
