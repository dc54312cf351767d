package avocet

import "time"

// Entity is a named entity of an article: every mention of one person,
// organisation or place, grouped ("Cyril Ramaphosa" ... "Ramaphosa").
type Entity struct {
	Type      string    // PER, ORG, LOC or GPE
	Name      string    // the fullest name the article uses
	Canonical string    // canonical name from avocet's dictionaries or gazetteer, when known
	Code      string    // CAMEO actor code when the dictionaries know it ("ZAFGOV")
	Place     *Location // where a LOC/GPE is, when geocoded
	Mentions  []Span    // every mention, in order
}

// Theme is a theme of the article with the spans of the words that evoked it.
type Theme struct {
	Code     string // theme code ("HUMAN_RIGHTS", "SANCTIONS")
	Mentions []Span
}

// Tone summarises an article's sentiment with an openly licensed lexicon.
type Tone struct {
	Tone     float64 // Positive - Negative
	Positive float64 // percentage of words that are positive
	Negative float64 // percentage of words that are negative
	Polarity float64 // Positive + Negative
	Words    int     // words counted
}

// Amount is a number with the thing it counts ("30,000 troops", "$3
// billion in aid", "level 4").
type Amount struct {
	Value  float64 // the number, scaled ("3 billion" is 3e9); +Inf or NaN never appear
	Unit   string  // currency ("USD") or empty
	Object string  // what is counted, as written ("troops", "aid")
	Span   Span    // the words of the amount and its object
}

// Quotation is quoted speech with its speaker when the sentence names one.
type Quotation struct {
	Text    string // the quoted words, without the quotation marks
	Span    Span   // the quoted words in the text
	Speaker string // who said it, as written ("the ministry"), when named
	Code    string // the speaker's CAMEO actor code, when known
}

// DateMention is a date the article mentions, resolved against its date.
type DateMention struct {
	Date        time.Time // the day it resolves to (the 1st for a month, 1 January for a year)
	Granularity string    // "day", "week", "month" or "year"
	Span        Span
}

// Knowledge is what avocet knows about one article beyond its events, in
// the spirit of GDELT's Global Knowledge Graph.
type Knowledge struct {
	ArticleID  string
	Entities   []Entity
	Locations  []Location // places the article mentions, geocoded, most mentioned first
	Themes     []Theme
	Tone       Tone
	Amounts    []Amount
	Quotations []Quotation
	Dates      []DateMention
}
