package text

import "github.com/avocet-events/avocet"

// DefaultMaxTokens is the sentence length limit used when Options leaves
// MaxTokens at zero.
const DefaultMaxTokens = 250

// Options controls segmentation; a nil *Options means the defaults.
type Options struct {
	// MaxTokens cuts a sentence longer than this many words into pieces,
	// preferably after a comma, semicolon, colon or dash. The words of one
	// contraction are never separated, so a piece may exceed the limit by
	// up to two words. Zero or negative means DefaultMaxTokens.
	MaxTokens int

	// Continued says that the text continues an article rather than
	// starting one (a later chunk of a long text), so its first line is
	// not taken for a title and no dateline is looked for.
	Continued bool
}

// continued reports whether the text continues an article.
func (o *Options) continued() bool { return o != nil && o.Continued }

// maxTokens returns the effective limit.
func (o *Options) maxTokens() int {
	if o == nil || o.MaxTokens <= 0 {
		return DefaultMaxTokens
	}
	return o.MaxTokens
}

// The longest line (in tokens) that a single line break ends as a headline:
// the first line of the text, and any other line.
const (
	maxTitleWords    = 25
	maxHeadlineWords = 10
)

// maxWrapBytes is the longest line of hard-wrapped text. A longer line is a
// paragraph of its own (text that puts each paragraph on one line), so a
// single line break after it ends the sentence.
const maxWrapBytes = 100

// maxSalutationWords is the longest line ending in a comma ("Dear Sir,")
// that a line break ends.
const maxSalutationWords = 4

// Segment splits text into sentences of syntactic words; see the package
// documentation for the conventions. It never fails: any byte sequence is
// segmented, invalid UTF-8 included. Empty or all-space text gives nil.
//
// All tokens of the result share one backing array; each Sentence.Tokens is
// capped so that appending to it cannot overwrite the next sentence.
func Segment(text string, opts *Options) []avocet.Sentence {
	s := newScanner(text)
	s.header = !opts.continued()
	s.run()
	if len(s.toks) == 0 {
		return nil
	}
	words := make([]avocet.Token, len(s.toks))
	for i, t := range s.toks {
		words[i] = avocet.Token{
			Span:       avocet.Span{Start: t.start, End: t.end},
			Form:       text[t.start:t.end],
			SpaceAfter: t.space,
			MWT:        t.mwt,
		}
	}
	sp := &splitter{text: text, toks: s.toks, words: words}
	sp.split(opts.maxTokens(), !opts.continued())
	return sp.sents
}

// splitter groups tokens into sentences.
type splitter struct {
	text  string
	toks  []tok
	words []avocet.Token // the result tokens, parallel to toks
	sents []avocet.Sentence
	start int // first token of the current sentence
}

// form returns the text of token i.
func (sp *splitter) form(i int) string { return sp.text[sp.toks[i].start:sp.toks[i].end] }

// close ends the current sentence before token end.
func (sp *splitter) close(end int, headline bool) {
	if end <= sp.start {
		return
	}
	sp.sents = append(sp.sents, avocet.Sentence{
		Index:    len(sp.sents),
		Span:     avocet.Span{Start: sp.toks[sp.start].start, End: sp.toks[end-1].end},
		Headline: headline,
		Tokens:   sp.words[sp.start:end:end],
	})
	sp.start = end
}

// split decides the sentence boundaries. It walks the tokens once; the only
// backward look is the search for a cut point in an over-long sentence,
// which is bounded by max, so the whole is linear in the number of tokens.
func (sp *splitter) split(max int, start bool) {
	toks := sp.toks
	n := len(toks)
	sp.sents = make([]avocet.Sentence, 0, n/16+1)
	lineStart := 0     // first token of the current line
	firstLine := start // the current line is the first of the article
	term := -1         // pending sentence-final punctuation, or -1
	multiLine := false
	for i := 1; i < n; i++ {
		in, prev := &toks[i], &toks[i-1]
		boundary, headline := false, false
		if in.nl >= 2 || in.flags&fStart != 0 || prev.flags&fEnd != 0 {
			// Paragraph breaks and the dateline always separate.
			boundary = true
			headline = in.nl > 0 && sp.isHeadline(lineStart, i)
		} else {
			if prev.kind == kTerm {
				term = i - 1
			}
			if term >= 0 && in.kind != kClose && in.kind != kTerm && in.kind != kEmoticon {
				boundary = sp.endsAfterTerm(term, i)
				term = -1
			}
			if !boundary && in.nl == 1 && sp.lineBreakEnds(lineStart, i, firstLine) {
				boundary = true
				headline = sp.isHeadline(lineStart, i)
			}
		}
		if boundary {
			sp.close(i, headline)
			term = -1
		} else if i-sp.start >= max {
			sp.cut(i, max)
		}
		if in.nl > 0 || prev.flags&fEnd != 0 {
			lineStart, firstLine = i, false
			multiLine = multiLine || in.nl > 0
		}
	}
	sp.close(n, multiLine && sp.isHeadline(lineStart, n))
}

// endsAfterTerm decides whether the sentence ends between the sentence-final
// punctuation at term (followed by closing quotes and brackets) and token i.
func (sp *splitter) endsAfterTerm(term, i int) bool {
	toks := sp.toks
	if toks[term].flags&fAbbrevEnd != 0 {
		return true // decided by the scanner (abbreviation + sentence opener)
	}
	if !toks[i-1].space && toks[i].nl == 0 {
		return false // "U.S.-led", "?!" and ".," never get here; "end.)" does
	}
	// Look at the first word after any opening quotes and brackets.
	k := i
	for k < len(toks) && k < i+3 && toks[k].kind == kOpen {
		k++
	}
	if k == len(toks) {
		return true
	}
	next := toks[k].flags
	form := sp.form(term)
	if isDots(form) {
		return next&fUpper != 0 || toks[i].nl > 0 && next&fLower == 0 // "wait ... The"
	}
	if next&fLower == 0 {
		return true
	}
	// A lower-case word follows: usually the sentence goes on ("“Why?” he
	// asked", "approx. half"), but not after a bare question or
	// exclamation mark, nor after an ordinary word and a period — informal
	// text often starts sentences in lower case.
	if term != i-1 {
		return false // a closing quote or bracket came between
	}
	if form[0] != '.' {
		return true
	}
	return term > sp.start && plainWordBefore(sp.form(term-1), toks[term-1])
}

// plainWordBefore reports whether w, the token before a period, is a word
// unlikely to be an unknown abbreviation: a number, a lower-case word of
// three letters or more, or any word of six or more.
func plainWordBefore(w string, t tok) bool {
	if t.kind != kWord {
		return t.kind == kClose
	}
	if t.flags&fDigit != 0 {
		return true
	}
	if len(w) >= 6 {
		return true
	}
	return len(w) >= 3 && shape(w) == shapeLower
}

// isDots reports whether punctuation is an ellipsis (.., ..., …).
func isDots(w string) bool {
	if len(w) < 2 {
		return false
	}
	for i := 0; i < len(w); i++ {
		switch w[i] {
		case '.', 0xe2, 0x80, 0xa6:
		default:
			return false
		}
	}
	return true
}

// lineBreakEnds decides whether a single line break before token i ends a
// sentence whose last line started at token ls. A line without final
// punctuation ends a sentence when it is a list item, or when it looks like
// a title, byline or heading: the first line of the text, or a short line,
// followed by a line that starts like a sentence.
func (sp *splitter) lineBreakEnds(ls, i int, firstLine bool) bool {
	toks := sp.toks
	if toks[i].flags&fBullet != 0 || toks[ls].flags&fBullet != 0 {
		return true
	}
	last := toks[i-1]
	next := toks[i]
	if next.flags&fLower == 0 && (toks[i-1].end-toks[ls].start > maxWrapBytes || sp.form(i-1) == ":") {
		return true // a paragraph per line; "He said:" before a quotation or list
	}
	if last.kind == kComma && i-ls <= maxSalutationWords && next.flags&fUpper != 0 && sp.form(i-1) == "," {
		return true // "Dear Ms. Lee," "Thanks,"
	}
	if last.kind == kTerm || last.kind == kComma || last.kind == kDash || last.kind == kOpen {
		return false // punctuation rules decided already, or the line continues
	}
	if last.kind == kOther && sp.form(i-1) == "-" {
		return false
	}
	if next.flags&(fUpper|fDigit) == 0 && next.kind != kOpen {
		return false
	}
	if next.kind == kOpen && i+1 < len(toks) && toks[i+1].flags&fLower != 0 {
		return false
	}
	if isContinuation(sp.form(i - 1)) {
		return false
	}
	return i-ls <= maxHeadlineWords || firstLine && i-ls <= maxTitleWords
}

// isContinuation reports whether a line ending in w must go on (an article,
// conjunction or preposition).
func isContinuation(w string) bool {
	if len(w) > 4 || shape(w) != shapeLower {
		return false
	}
	switch w {
	case "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "that", "as":
		return true
	}
	return false
}

// isHeadline reports whether the sentence from sp.start to end (exclusive)
// is a whole line of at most maxTitleWords tokens without final punctuation.
func (sp *splitter) isHeadline(ls, end int) bool {
	if sp.start != ls || end-ls > maxTitleWords {
		return false
	}
	toks := sp.toks
	if toks[ls].flags&fStart != 0 && toks[end-1].flags&fEnd != 0 {
		return false // the dateline
	}
	k := end - 1
	for k > ls && (toks[k].kind == kClose || toks[k].kind == kEmoticon) {
		k--
	}
	return toks[k].kind != kTerm && toks[k].kind != kComma // "Sincerely," "include:" are not headlines
}

// cut ends an over-long sentence before token i (which makes it max words
// long) or earlier, after a comma, semicolon, colon or dash in its second
// half, without separating the words of a contraction.
func (sp *splitter) cut(i, max int) {
	lo := sp.start + max/2
	if lo <= sp.start {
		lo = sp.start + 1
	}
	for c := i; c >= lo; c-- {
		if k := sp.toks[c-1].kind; (k == kComma || k == kDash) && sp.toks[c-1].flags&fMWTNext == 0 {
			sp.close(c, false)
			return
		}
	}
	for c := i; c > sp.start; c-- {
		if sp.toks[c-1].flags&fMWTNext == 0 {
			sp.close(c, false)
			return
		}
	}
}
