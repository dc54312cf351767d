package enrich

import (
	"strings"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/text"
)

// lowerWord returns w lower-cased, with curly apostrophes straightened so
// that "Don’t" and "don't" give the same words. Lower-case ASCII words are
// returned as they are, without allocating.
func lowerWord(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || 'A' <= c && c <= 'Z' {
			w = strings.ToLower(w)
			if strings.Contains(w, "’") {
				w = strings.ReplaceAll(w, "’", "'")
			}
			return w
		}
	}
	return w
}

// lowerForms returns the lower-cased forms of toks.
func lowerForms(toks []avocet.Token, buf []string) []string {
	buf = buf[:0]
	for i := range toks {
		buf = append(buf, lowerWord(toks[i].Form))
	}
	return buf
}

// lowered holds the lower-cased forms of all the tokens of an article,
// sentence by sentence, made with two allocations: the text lower-cased in
// ASCII (tokens in ASCII are substrings of it) and one slice of strings.
// Tokens with other bytes are lower-cased one by one.
type lowered [][]string

func lowerSentences(text string, sents []avocet.Sentence) lowered {
	n := 0
	for i := range sents {
		n += len(sents[i].Tokens)
	}
	lowText := asciiLower(text)
	all := make([]string, 0, n)
	out := make(lowered, len(sents))
	for i := range sents {
		start := len(all)
		for j := range sents[i].Tokens {
			t := &sents[i].Tokens[j]
			if t.Start >= 0 && t.End <= len(lowText) && t.End-t.Start == len(t.Form) && isASCII(t.Form) {
				all = append(all, lowText[t.Start:t.End])
			} else {
				all = append(all, lowerWord(t.Form))
			}
		}
		out[i] = all[start:len(all):len(all)]
	}
	return out
}

// asciiLower lower-cases the ASCII letters of s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// singular strips a regular English plural ending from a lower-case word:
// atrocities → atrocity, crashes → crash, sanctions → sanction. It returns
// "" when w does not look like a plural. It is a cheap stand-in for the
// lemma when the sentence is not tagged.
func singular(w string) string {
	n := len(w)
	if n <= 3 || w[n-1] != 's' {
		return ""
	}
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"),
		strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"), strings.HasSuffix(w, "'s"):
		return ""
	}
	return w[:n-1]
}

// isWord reports whether a token counts as a word: it has a letter or a
// digit (punctuation and symbols do not count).
func isWord(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			return true
		}
	}
	return false
}

// isAlpha reports whether w is made of letters (ASCII or not), apostrophes,
// hyphens and periods only, with at least one letter.
func isAlpha(w string) bool {
	letter := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c >= 0x80:
			letter = true
		case c == '\'' || c == '-' || c == '.':
		default:
			return false
		}
	}
	return letter
}

// isCap reports whether w starts with an upper-case ASCII letter.
func isCap(w string) bool { return w != "" && 'A' <= w[0] && w[0] <= 'Z' }

// phraseWords splits a lexicon phrase into words the way the text package
// splits article text, so that phrases and text agree on hyphens,
// contractions and punctuation.
func phraseWords(phrase string) []string {
	var out []string
	for _, s := range text.Segment(phrase, &text.Options{Continued: true}) {
		for _, t := range s.Tokens {
			out = append(out, t.Form)
		}
	}
	return out
}

// span returns text[s.Start:s.End], or "" when the span does not fit text.
func span(text string, s avocet.Span) string {
	if s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return ""
	}
	return text[s.Start:s.End]
}

// tokSpan is the span from the first byte of toks[i] to the last of toks[j-1].
func tokSpan(toks []avocet.Token, i, j int) avocet.Span {
	return avocet.Span{Start: toks[i].Start, End: toks[j-1].End}
}

// tagged reports whether the tokens carry part-of-speech tags.
func tagged(toks []avocet.Token) bool {
	for i := range toks {
		if toks[i].UPOS != "" {
			return true
		}
	}
	return false
}

// parsed reports whether the tokens carry a dependency parse.
func parsed(toks []avocet.Token) bool {
	for i := range toks {
		if toks[i].DepRel != "" {
			return true
		}
	}
	return false
}
