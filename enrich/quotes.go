package enrich

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
)

// Quotation marks. Straight double quotes open and close; “ and „ open and
// are closed by ” or a straight quote (and „ also by “, as in German);
// « is closed by ».
const (
	qStraight = '"'
	qLeft     = '“'
	qRight    = '”'
	qLow      = '„'
	qGuillL   = '«'
	qGuillR   = '»'
)

// maxSpeakerWords bounds the words of a speaker.
const maxSpeakerWords = 10

// Quotations returns the quotations of the article text: the words between
// double quotation marks (straight, curly, „ “ or « »), with the speaker
// when the sentence names one. sents are the sentences of text; without
// them quotations come without speakers.
//
// The speaker is found on tokens alone, in these shapes (a dependency
// parse, when the sentences have one, gives the subject of the verb
// instead of the words next to it):
//
//	"...," the ministry said.          "...," said the ministry.
//	"...," Lavrov, who ..., said.      "...," according to the ministry.
//	The ministry said: "..."           Lavrov told reporters "..."
//	Lavrov said in a statement: "..."  He said that "..."
//
// A quotation without an attribution of its own that follows another in
// the same paragraph has the same speaker. The speaker is returned as
// written ("the ministry", "he"); opts.Code, when set, fills
// Quotation.Code from it.
//
// A quotation still open when the next paragraph opens another one ends
// with its paragraph (news style for quotations of several paragraphs).
// Work and output are bounded: a quotation that has not closed after
// opts.MaxQuoteBytes bytes or at a blank line is dropped (the marks were
// not balanced), a text with thousands of quotes gives at most
// opts.MaxQuotations, and quotes of fewer than opts.MinQuoteWords words
// (scare quotes, titles) are skipped.
func Quotations(text string, sents []avocet.Sentence, opts *Options) []avocet.Quotation {
	o := opts.withDefaults()
	return quotations(text, sents, nil, &o)
}

// quotations finds the quotations of text; low, when not nil, holds the
// lower-cased forms of sents.
func quotations(text string, sents []avocet.Sentence, low lowered, o *Options) []avocet.Quotation {
	var out []avocet.Quotation
	prevEnd := -1 // end of the previous quotation's closing mark
	scanQuotes(text, o.MaxQuoteBytes, func(open, start, end, closeEnd int) bool {
		q := avocet.Quotation{Span: avocet.Span{Start: start, End: end}}
		q.Text = text[start:end]
		if countWords(q.Text) < o.MinQuoteWords {
			return true
		}
		q.Speaker = speaker(text, sents, low, open, closeEnd)
		if q.Speaker == "" && len(out) > 0 && prevEnd <= open && !strings.Contains(text[prevEnd:open], "\n") {
			// A quotation that goes on in the same paragraph keeps its speaker.
			q.Speaker = out[len(out)-1].Speaker
		}
		prevEnd = closeEnd
		if q.Speaker != "" && o.Code != nil {
			q.Code = o.Code(q.Speaker)
		}
		out = append(out, q)
		return len(out) < o.MaxQuotations
	})
	return out
}

// scanQuotes calls emit for each balanced quotation of text, in order:
// open is the byte of the opening mark, [start, end) the quoted words
// (trimmed of spaces and a trailing comma) and closeEnd the byte after the
// closing mark. It stops when emit returns false. The scan is one pass
// over the bytes.
func scanQuotes(text string, maxBytes int, emit func(open, start, end, closeEnd int) bool) {
	open, inner := -1, 0 // opening mark and first byte after it; open < 0 when no quote is open
	var kind rune
	for i := 0; i < len(text); {
		c := text[i]
		if c == '\n' {
			if open >= 0 && blankLineAt(text, i) {
				open = -1 // quotations do not cross paragraphs
			}
			i++
			continue
		}
		if c != '"' && c != 0xE2 && c != 0xC2 {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch r {
		case qStraight, qLeft, qRight, qLow, qGuillL, qGuillR:
		default:
			i += size
			continue
		}
		if open >= 0 && i-inner > maxBytes {
			open = -1 // endless: give up on it
		}
		switch {
		case open < 0:
			if opens(r) {
				open, inner, kind = i, i+size, r
			}
		case opens(r) && lineStart(text, i):
			// A new paragraph opens a new quotation: news style opens each
			// paragraph of a long quotation without closing the one before,
			// which ends with its paragraph.
			if nl := strings.LastIndexByte(text[:i], '\n'); nl > inner {
				start, end := trimQuote(text, inner, nl)
				if start < end && !emit(open, start, end, nl) {
					return
				}
			}
			open, inner, kind = i, i+size, r
		case closes(kind, r):
			start, end := trimQuote(text, inner, i)
			if start < end && !emit(open, start, end, i+size) {
				return
			}
			open = -1
		}
		i += size
	}
}

func opens(r rune) bool { return r == qStraight || r == qLeft || r == qLow || r == qGuillL }

func closes(kind, r rune) bool {
	switch kind {
	case qStraight, qLeft:
		return r == qStraight || r == qRight
	case qLow:
		return r == qStraight || r == qRight || r == qLeft
	case qGuillL:
		return r == qGuillR
	}
	return false
}

// blankLineAt reports whether the line break at i is followed by an empty
// line.
func blankLineAt(text string, i int) bool {
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case ' ', '\t', '\r':
		case '\n':
			return true
		default:
			return false
		}
	}
	return false
}

// lineStart reports whether only spaces lie between the start of the line
// and i.
func lineStart(text string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch text[j] {
		case ' ', '\t', '\r':
		case '\n':
			return true
		default:
			return false
		}
	}
	return true
}

// trimQuote trims spaces and a trailing comma from text[start:end].
func trimQuote(text string, start, end int) (int, int) {
	for start < end && isSpaceByte(text[start]) {
		start++
	}
	for end > start && (isSpaceByte(text[end-1]) || text[end-1] == ',') {
		end--
	}
	return start, end
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// countWords counts space-separated words, stopping at 1000.
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s) && n < 1000; i++ {
		if isSpaceByte(s[i]) {
			in = false
		} else if !in {
			in, n = true, n+1
		}
	}
	return n
}

// speechVerbs introduce quotations.
var speechVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "saying": true, "added": true, "adds": true, "told": true,
	"tells": true, "stated": true, "states": true, "warned": true, "warns": true, "insisted": true,
	"insists": true, "noted": true, "notes": true, "explained": true, "explains": true, "wrote": true,
	"writes": true, "tweeted": true, "tweets": true, "posted": true, "declared": true, "declares": true,
	"announced": true, "announces": true, "argued": true, "argues": true, "asked": true, "asks": true,
	"replied": true, "replies": true, "responded": true, "responds": true, "continued": true,
	"urged": true, "urges": true, "claimed": true, "claims": true, "cautioned": true, "admitted": true,
	"admits": true, "acknowledged": true, "stressed": true, "stresses": true, "emphasised": true,
	"emphasized": true, "alleged": true, "maintained": true, "recalled": true, "concluded": true,
	"complained": true, "countered": true, "vowed": true, "vows": true, "promised": true,
	"threatened": true, "remarked": true, "observed": true, "commented": true, "suggested": true,
	"conceded": true, "shouted": true, "chanted": true, "lamented": true, "reiterated": true,
	"confirmed": true, "confirms": true, "denied": true, "denies": true, "predicted": true,
	"assured": true, "pledged": true, "recounted": true, "boasted": true, "quipped": true,
	"demanded": true, "demands": true, "agreed": true, "wondered": true,
}

// auxWords may stand between a speaker and the verb ("Lavrov has said",
// "he later told").
var auxWords = map[string]bool{
	"has": true, "have": true, "had": true, "was": true, "is": true, "were": true, "are": true,
	"would": true, "will": true, "also": true, "later": true, "then": true, "earlier": true,
	"previously": true, "again": true, "repeatedly": true, "once": true, "reportedly": true,
	"further": true, "simply": true, "publicly": true, "privately": true, "recently": true,
}

// speakerStop ends a speaker's noun phrase.
var speakerStop = map[string]bool{
	"in": true, "on": true, "at": true, "during": true, "after": true, "before": true, "who": true,
	"which": true, "when": true, "while": true, "as": true, "adding": true, "according": true,
	"that": true, "and": true, "but": true, "with": true, "because": true, "since": true, "to": true,
	"from": true, "for": true, "via": true, "by": true, "if": true, "than": true, "yesterday": true,
	"today": true, "tonight": true, "tomorrow": true, "last": true, "earlier": true,
	"later": true, "where": true, "whose": true, "so": true, "or": true, "then": true,
}

// determiners start a noun phrase.
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true,
	"its": true, "his": true, "her": true, "their": true, "our": true, "my": true, "your": true,
}

// speaker finds who said the quotation whose opening mark is at byte open
// and whose closing mark ends at closeEnd.
func speaker(text string, sents []avocet.Sentence, lows lowered, open, closeEnd int) string {
	if len(sents) == 0 {
		return ""
	}
	lowOf := func(si int) []string {
		if lows != nil {
			return lows[si]
		}
		return lowerForms(sents[si].Tokens, nil)
	}
	// After the closing mark: `"...," the ministry said.`
	if si, ti, ok := tokenAt(sents, closeEnd-1); ok {
		if sp, ok := speakerAfter(sents[si].Tokens, lowOf(si), ti+1); ok {
			return span(text, sp)
		}
	}
	// Before the opening mark: `The ministry said: "..."`.
	if si, ti, ok := tokenAt(sents, open); ok {
		if sp, ok := speakerBefore(sents[si].Tokens, lowOf(si), ti-1); ok {
			return span(text, sp)
		}
	}
	return ""
}

// tokenAt returns the sentence and token that contain byte pos.
func tokenAt(sents []avocet.Sentence, pos int) (si, ti int, ok bool) {
	si = sort.Search(len(sents), func(i int) bool { return sents[i].End > pos })
	if si == len(sents) || sents[si].Start > pos {
		return 0, 0, false
	}
	toks := sents[si].Tokens
	ti = sort.Search(len(toks), func(i int) bool { return toks[i].End > pos })
	if ti == len(toks) || toks[ti].Start > pos {
		return 0, 0, false
	}
	return si, ti, true
}

func isPunct(w string) bool { return !isWord(w) }

// isSpeech reports whether token k is a speech verb.
func isSpeech(toks []avocet.Token, low []string, k int) bool {
	if speechVerbs[low[k]] {
		return true
	}
	switch toks[k].Lemma {
	case "say", "tell", "add", "state", "warn", "insist", "note", "explain", "write", "tweet", "declare",
		"announce", "argue", "reply", "respond", "urge", "claim", "caution", "stress", "emphasize",
		"emphasise", "vow", "reiterate", "concede", "lament":
		return toks[k].UPOS == "VERB"
	}
	return false
}

// speakerAfter finds the speaker in the words after a closing mark,
// starting at token j.
func speakerAfter(toks []avocet.Token, low []string, j int) (avocet.Span, bool) {
	at := func(k int) string {
		if k < 0 || k >= len(low) {
			return ""
		}
		return low[k]
	}
	if at(j) == "," || at(j) == "—" || at(j) == "--" {
		j++
	}
	if j >= len(toks) {
		return avocet.Span{}, false
	}
	// "according to X"
	if at(j) == "according" && at(j+1) == "to" {
		return npForward(toks, low, j+2)
	}
	// "said the ministry"
	if isSpeech(toks, low, j) {
		if sp, ok := subject(toks, j); ok {
			return sp, true
		}
		return npForward(toks, low, j+1)
	}
	// "the ministry said", "Lavrov, who ..., said"
	for k := j; k < len(toks) && k-j <= maxSpeakerWords+3; k++ {
		switch {
		case isSpeech(toks, low, k):
			if sp, ok := subject(toks, k); ok {
				return sp, true
			}
			e := k
			for e > j && auxWords[low[e-1]] {
				e--
			}
			if e == j {
				return avocet.Span{}, false
			}
			return tokSpan(toks, j, e), true
		case low[k] == ",":
			// An apposition or relative clause: the verb follows its closing comma.
			for c := k + 1; c < len(toks) && c-k <= 15; c++ {
				if low[c] == "," {
					v := c + 1
					for v < len(toks) && auxWords[low[v]] {
						v++
					}
					if v < len(toks) && isSpeech(toks, low, v) && k > j {
						return tokSpan(toks, j, k), true
					}
					break
				}
			}
			return avocet.Span{}, false
		case isPunct(low[k]) && low[k] != "'s" && low[k] != "'" && low[k] != "-":
			return avocet.Span{}, false
		case low[k] == "and" || low[k] == "but" || low[k] == "is" || low[k] == "was":
			return avocet.Span{}, false
		}
	}
	return avocet.Span{}, false
}

// npForward returns the noun phrase that starts at token k.
func npForward(toks []avocet.Token, low []string, k int) (avocet.Span, bool) {
	e := k
	for e < len(toks) && e-k < maxSpeakerWords {
		w := low[e]
		if speakerStop[w] || timeWords[w] || isPunct(w) && w != "'s" && w != "'" && w != "-" && w != "&" {
			break
		}
		e++
	}
	if e == k {
		return avocet.Span{}, false
	}
	return tokSpan(toks, k, e), true
}

// speakerBefore finds the speaker in the words before an opening mark,
// ending at token e.
func speakerBefore(toks []avocet.Token, low []string, e int) (avocet.Span, bool) {
	for e >= 0 && (low[e] == "," || low[e] == ":" || low[e] == "that" || low[e] == "—" || low[e] == "-" || low[e] == "--") {
		e--
	}
	// The verb, possibly followed by its object or a phrase: "told
	// reporters", "said in a statement".
	v := -1
	for k := e; k >= 0 && e-k < 6; k-- {
		if isSpeech(toks, low, k) {
			v = k
			break
		}
		if isPunct(low[k]) && low[k] != "'s" && low[k] != "'" {
			break
		}
	}
	if v < 0 {
		return avocet.Span{}, false
	}
	if sp, ok := subject(toks, v); ok {
		return sp, true
	}
	end := v
	for end > 0 && auxWords[low[end-1]] {
		end--
	}
	if end > 0 && low[end-1] == "," {
		// "Lavrov, who visited Ankara, said": the speaker is before the
		// first comma.
		for c := end - 2; c >= 0 && end-c <= 15; c-- {
			if low[c] == "," {
				return npBackward(toks, low, c)
			}
		}
		return avocet.Span{}, false
	}
	return npBackward(toks, low, end)
}

// npBackward returns the noun phrase that ends before token end.
func npBackward(toks []avocet.Token, low []string, end int) (avocet.Span, bool) {
	s := end
	for s > 0 && end-s < maxSpeakerWords {
		w := low[s-1]
		if speakerStop[w] || timeWords[w] || isPunct(w) && w != "'s" && w != "'" && w != "-" && w != "&" {
			break
		}
		s--
		if determiners[w] && (s == 0 || low[s-1] != "of") {
			break
		}
	}
	if s == end {
		return avocet.Span{}, false
	}
	return tokSpan(toks, s, end), true
}

// subject returns the span of the nominal subject of verb v when the
// sentence has a dependency parse.
func subject(toks []avocet.Token, v int) (avocet.Span, bool) {
	if !parsed(toks) {
		return avocet.Span{}, false
	}
	for k := range toks {
		if toks[k].Head == v+1 && strings.HasPrefix(toks[k].DepRel, "nsubj") {
			lo, hi := k, k
			for m := range toks {
				if dominates(toks, k, m) {
					lo, hi = min(lo, m), max(hi, m)
				}
			}
			for hi > lo && isPunct(lowerWord(toks[hi].Form)) {
				hi--
			}
			if hi-lo >= 2*maxSpeakerWords {
				return avocet.Span{}, false
			}
			return tokSpan(toks, lo, hi+1), true
		}
	}
	return avocet.Span{}, false
}

// dominates reports whether token a is token m or one of its ancestors,
// through the core of a noun phrase: appositions, relative and other
// clauses and punctuation hanging from it are left out ("Ahmed Saleh, the
// country director, ..." is "Ahmed Saleh"). Bounded, so that a cyclic
// parse cannot loop.
func dominates(toks []avocet.Token, a, m int) bool {
	for steps := 0; steps <= len(toks) && m >= 0 && m < len(toks); steps++ {
		if m == a {
			return true
		}
		switch rel, _, _ := strings.Cut(toks[m].DepRel, ":"); rel {
		case "appos", "acl", "punct", "parataxis", "advcl", "dep":
			return false
		}
		m = toks[m].Head - 1
	}
	return false
}
