package conllu

import (
	"strconv"
	"strings"

	"github.com/avocet-events/avocet"
)

// CharCounter converts byte offsets in a text into character (Unicode code
// point) offsets, as used by UDPipe's TokenRange. It remembers its last
// position, so a sequence of calls with non-decreasing offsets costs
// O(len(text)) in total; moving backwards costs the distance moved.
//
// One CharCounter serves one text, typically one article, from start to
// end. The zero value is not usable; call NewCharCounter.
type CharCounter struct {
	text string
	b, c int // byte offset b is character offset c
	base int // character offset of text in a longer document
}

// NewCharCounter returns a CharCounter positioned at the start of text.
func NewCharCounter(text string) *CharCounter {
	return &CharCounter{text: text}
}

// NewCharCounterAt returns a CharCounter over text, a piece of a longer
// document that starts at character offset base; the offsets it returns are
// document offsets.
func NewCharCounterAt(text string, base int) *CharCounter {
	return &CharCounter{text: text, base: base}
}

// Offset returns the character offset of byte offset b, that is the number
// of characters that start before b. Offsets outside the text are clamped
// to it. For valid UTF-8 and b on a character boundary this is
// utf8.RuneCountInString(text[:b]); the count is also well defined (and
// consistent whichever way the counter moves) for b inside a character or
// in invalid UTF-8, where every byte that is not a continuation byte
// starts a character.
func (cc *CharCounter) Offset(b int) int {
	b = max(0, min(b, len(cc.text)))
	if b >= cc.b {
		cc.c += countStarts(cc.text[cc.b:b])
	} else {
		cc.c -= countStarts(cc.text[b:cc.b])
	}
	cc.b = b
	return cc.base + cc.c
}

// countStarts returns the number of bytes of s that start a UTF-8 sequence.
func countStarts(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// FromSentence converts s, a sentence of text, into CoNLL-U with the given
// sentence ID (no sent_id comment when id is empty).
//
// The sentence gets "# sent_id" and "# text" comments, the text being
// text[s.Start:s.End] with tabs and line breaks turned into spaces. Each
// token becomes a word with its Form (the text it spans when Form is
// empty), Lemma, UPOS, XPOS, Head and DepRel; empty values become "_", the
// head of a token without DepRel (an unparsed sentence) becomes -1 ("_"),
// and tabs and line breaks in fields become spaces, so the result
// satisfies the invariants of a sentence that was read. Consecutive tokens sharing a non-zero MWT span become the
// words of one multiword token whose form is text[MWT].
//
// MISC of each surface token (a word outside multiword tokens, or the
// multiword token line) holds SpaceAfter=No when the token's last word has
// SpaceAfter false, and TokenRange=c0:c1, the character offsets of the
// token from the start of text. Offsets come from cc, which must be a
// counter over the same text; converting the sentences of an article in
// order with one counter keeps the total cost linear. A nil cc starts a
// new counter, costing time proportional to s.Start.
//
// Spans must lie inside text.
func FromSentence(text string, s *avocet.Sentence, id string, cc *CharCounter) *Sentence {
	if cc == nil {
		cc = NewCharCounter(text)
	}
	out := &Sentence{
		ID:    id,
		Text:  strings.Map(spaceControl, text[s.Start:s.End]),
		Words: make([]Word, len(s.Tokens)),
	}
	if id != "" {
		out.Comments = append(out.Comments, "sent_id = "+id)
	}
	if out.Text != "" {
		out.Comments = append(out.Comments, "text = "+out.Text)
	}
	for i := range s.Tokens {
		t := &s.Tokens[i]
		form := t.Form
		if form == "" {
			form = text[t.Start:t.End]
		}
		w := Word{
			ID:     i + 1,
			Form:   cleanField(form),
			Lemma:  cleanField(t.Lemma),
			UPOS:   cleanField(t.UPOS),
			XPOS:   cleanField(t.XPOS),
			Feats:  "_",
			Head:   t.Head,
			DepRel: cleanField(t.DepRel),
			Deps:   "_",
			Misc:   "_",
		}
		if t.DepRel == "" {
			w.Head = -1
		}
		out.Words[i] = w
	}
	for i := 0; i < len(s.Tokens); {
		t := &s.Tokens[i]
		j := i + 1
		if t.MWT != (avocet.Span{}) {
			for j < len(s.Tokens) && s.Tokens[j].MWT == t.MWT {
				j++
			}
		}
		if j-i < 2 { // a plain word, or a lone word claiming an MWT span
			out.Words[i].Misc = tokenMisc(t.SpaceAfter, cc.Offset(t.Start), cc.Offset(t.End))
			i++
			continue
		}
		out.MultiWords = append(out.MultiWords, MultiWord{
			First: i + 1,
			Last:  j,
			Form:  cleanField(text[t.MWT.Start:t.MWT.End]),
			Feats: "_",
			Misc:  tokenMisc(s.Tokens[j-1].SpaceAfter, cc.Offset(t.MWT.Start), cc.Offset(t.MWT.End)),
		})
		i = j
	}
	return out
}

// tokenMisc returns the MISC column of a surface token.
func tokenMisc(spaceAfter bool, c0, c1 int) string {
	b := make([]byte, 0, 40)
	if !spaceAfter {
		b = append(b, "SpaceAfter=No|"...)
	}
	b = append(b, "TokenRange="...)
	b = strconv.AppendInt(b, int64(c0), 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(c1), 10)
	return string(b)
}

// cleanField returns s as a CoNLL-U field: "_" when s is empty, and tabs
// and line breaks, which cannot occur in a field, replaced by spaces.
func cleanField(s string) string {
	if s == "" {
		return "_"
	}
	if !strings.ContainsAny(s, "\t\n\r") {
		return s
	}
	return strings.Map(spaceControl, s)
}

// spaceControl maps tabs and line breaks to spaces.
func spaceControl(r rune) rune {
	if r == '\t' || r == '\n' || r == '\r' {
		return ' '
	}
	return r
}
