package enrich

import (
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/temporal"
	"github.com/avocet-events/avocet/text"
)

// Defaults of Options.
const (
	DefaultMaxThemeMentions = 5000 // theme mentions per article
	DefaultMaxAmounts       = 1000 // amounts per article
	DefaultMaxQuotations    = 200  // quotations per article
	DefaultMaxQuoteBytes    = 2000 // bytes of one quotation
	DefaultMinQuoteWords    = 3    // words of the shortest quotation
	DefaultMaxDates         = 1000 // date mentions per article
)

// Options controls enrichment. A nil *Options, and zero fields, mean the
// defaults.
type Options struct {
	Themes *ThemeLexicon // theme lexicon; nil means DefaultThemes()
	Tone   *ToneLexicon  // tone lexicon; nil means DefaultTone() (AFINN-165)

	// Code, when set, maps a quotation's speaker as written ("the
	// ministry", "Sergei Lavrov") to a CAMEO actor code for
	// Quotation.Code; it returns "" when it does not know the speaker.
	Code func(speaker string) (code string)

	MaxThemeMentions int // theme mentions per article; 0 means DefaultMaxThemeMentions
	MaxAmounts       int // amounts per article; 0 means DefaultMaxAmounts
	MaxQuotations    int // quotations per article; 0 means DefaultMaxQuotations
	MaxQuoteBytes    int // a quotation still open after this many bytes is dropped; 0 means DefaultMaxQuoteBytes
	MinQuoteWords    int // shorter quotations (scare quotes) are skipped; 0 means DefaultMinQuoteWords
	MaxDates         int // date mentions per article; 0 means DefaultMaxDates
}

// withDefaults returns a copy of o with the zero fields set.
func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
	}
	if c.Themes == nil {
		c.Themes = DefaultThemes()
	}
	if c.Tone == nil {
		c.Tone = DefaultTone()
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxThemeMentions, DefaultMaxThemeMentions)
	def(&c.MaxAmounts, DefaultMaxAmounts)
	def(&c.MaxQuotations, DefaultMaxQuotations)
	def(&c.MaxQuoteBytes, DefaultMaxQuoteBytes)
	def(&c.MinQuoteWords, DefaultMinQuoteWords)
	def(&c.MaxDates, DefaultMaxDates)
	return c
}

// Article returns what enrichment knows about article a: its Themes,
// Tone, Amounts, Quotations and Dates, and its ID. Entities and Locations
// are left for the recognisers and the geocoder to fill.
//
// sents are the sentences of a.Text (text.Segment, annotated by package
// nlp when available). When sents is nil and a.Text is not empty, Article
// segments the text itself; sentences that do not fit in a.Text are
// ignored. Parts of speech, lemmas and the parse are used when present and
// never required. Article never panics and never fails; work is linear in
// the text and output is bounded by opts.
func Article(a *avocet.Article, sents []avocet.Sentence, opts *Options) avocet.Knowledge {
	if a == nil {
		return avocet.Knowledge{}
	}
	o := opts.withDefaults()
	if sents == nil && a.Text != "" {
		sents = text.Segment(a.Text, nil)
	}
	sents = within(sents, len(a.Text))
	k := avocet.Knowledge{ArticleID: a.ID}

	// One pass over the sentences for the word-based parts, sharing the
	// lower-cased forms.
	low := lowerSentences(a.Text, sents)
	themes := o.Themes.newMatcher(o.MaxThemeMentions)
	var tone toneCounter
	themesOn := true
	for i := range sents {
		toks := sents[i].Tokens
		if themesOn {
			themesOn = themes.sentence(toks, low[i])
		}
		tone.sentence(o.Tone, low[i])
		if len(k.Amounts) < o.MaxAmounts {
			k.Amounts = amountsIn(a.Text, toks, low[i], tagged(toks), k.Amounts, o.MaxAmounts)
		}
		if len(k.Dates) < o.MaxDates && !a.Date.IsZero() {
			k.Dates = datesIn(toks, low[i], a.Date, k.Dates, o.MaxDates)
		}
	}
	k.Themes = themes.result()
	k.Tone = tone.tone()
	k.Quotations = quotations(a.Text, sents, low, &o)
	return k
}

// Dates returns the time expressions of the sentences resolved against the
// story date with package temporal: "on Monday" in a story of Wednesday 10
// March 2021 is 8 March 2021 (granularity "day"), "in June" is June 2020
// ("month", dated the 1st). A zero date resolves nothing and gives nil.
func Dates(sents []avocet.Sentence, date time.Time, opts *Options) []avocet.DateMention {
	if date.IsZero() {
		return nil
	}
	max := DefaultMaxDates
	if opts != nil && opts.MaxDates > 0 {
		max = opts.MaxDates
	}
	var out []avocet.DateMention
	var low []string
	for i := range sents {
		low = lowerForms(sents[i].Tokens, low)
		if out = datesIn(sents[i].Tokens, low, date, out, max); len(out) >= max {
			break
		}
	}
	return out
}

// datesIn appends the dates of one sentence to out.
func datesIn(toks []avocet.Token, low []string, date time.Time, out []avocet.DateMention, max int) []avocet.DateMention {
	if !mayHaveDate(low) {
		return out
	}
	for _, e := range temporal.Scan(toks, date) {
		if e.Start < 0 || e.End > len(toks) || e.Start >= e.End || len(out) >= max {
			continue
		}
		out = append(out, avocet.DateMention{
			Date:        e.Date,
			Granularity: e.Granularity.String(),
			Span:        tokSpan(toks, e.Start, e.End),
		})
	}
	return out
}

// within returns the leading sentences whose tokens lie within a text of n
// bytes, so that every span of the output points into the text.
func within(sents []avocet.Sentence, n int) []avocet.Sentence {
	for i := range sents {
		s := &sents[i]
		if s.Start < 0 || s.End > n || s.Start > s.End {
			return sents[:i]
		}
		for j := range s.Tokens {
			if t := s.Tokens[j].Span; t.Start < s.Start || t.End > s.End || t.Start > t.End {
				return sents[:i]
			}
		}
	}
	return sents
}

// dateWords are the words of which every expression that temporal.Scan
// resolves has at least one ("on Monday", "last week", "three days ago",
// "March 3", "in 2019"; a year is four digits). Sentences without any are
// not scanned: most sentences have no date, and Scan allocates.
// TestDatesFilter checks that the filter changes nothing.
var dateWords = map[string]bool{
	"yesterday": true, "today": true, "tonight": true, "tomorrow": true, "ago": true,
	"week": true, "weekend": true, "month": true, "year": true,
	"morning": true, "afternoon": true, "evening": true, "night": true,
	"sunday": true, "monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sun": true, "mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true, "sat": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true,
}

// mayHaveDate reports whether a sentence, given its lower-cased words, has
// a word of dateWords or a four-digit number.
func mayHaveDate(low []string) bool {
	for _, w := range low {
		if len(w) == 4 && '0' <= w[0] && w[0] <= '9' && '0' <= w[3] && w[3] <= '9' {
			return true
		}
		if len(w) >= 3 && w[len(w)-1] == '.' {
			w = w[:len(w)-1]
		}
		if len(w) >= 3 && len(w) <= 9 && dateWords[w] {
			return true
		}
	}
	return false
}
