// Package text cuts news text into sentences of syntactic words, the first
// stage of the avocet pipeline.
//
// # Input and output
//
// Segment takes an article body as a string, any bytes at all, and returns
// []avocet.Sentence. Each avocet.Token carries its Span (byte offsets into
// the text), Form, SpaceAfter and, for the words of a split contraction,
// the MWT span of the surface token. Tags, lemmas and heads are left empty
// for package nlp. Dateline recognises a news dateline, and Repair cleans
// invalid UTF-8 for callers that store or show text.
//
// # Invariants
//
// The tests check these on every table case, on megabyte-sized
// pathological inputs and under the FuzzSegment fuzzer:
//
//   - Every span lies within the text; Form == text[Start:End] exactly
//     (quotes are not normalised).
//   - Tokens are in order and never overlap; no token contains whitespace,
//     and only whitespace lies between tokens: no text is dropped.
//   - SpaceAfter is true exactly when whitespace follows the token.
//   - The words of a multiword token have adjacent spans that tile its
//     surface span exactly, all carry that span in MWT, and only the last
//     can have SpaceAfter.
//   - Sentences are non-empty, in order, never overlap, are numbered from 0
//     (Index), and each Span runs from its first token's start to its last
//     token's end.
//   - Empty or all-space text gives nil. Segment never panics: invalid
//     UTF-8 bytes are ordinary non-space characters inside words.
//   - Work is linear in the length of the text. A sentence longer than
//     Options.MaxTokens words is cut into pieces, after a comma, colon,
//     semicolon or dash in its second half if there is one; the words of a
//     multiword token (at most three) are never separated, so a piece may
//     exceed the limit by two.
//
// Whitespace is Unicode White_Space plus the zero-width space, word joiner
// and byte-order mark.
//
// # Tokens
//
// Tokens follow UD English EWT v2.16 (the conventions were checked on its
// training data; the package's EWT test measures word F1 on its dev set):
//
//   - Contractions are multiword tokens split into syntactic words: don't
//     → do n't, can't → ca n't, won't → wo n't, cannot → can not, I'm → I
//     'm, it's and Bush's → 's, 're, 've, 'll, 'd; plural possessives
//     (parents' → parents '), the apostrophe-less forms dont, didnt, im,
//     thats and the like, and gonna, wanna, gotta (gon na). Curly
//     apostrophes (’) work the same. Possessive "its" and years ("1990's")
//     stay whole.
//   - A hyphen inside a word is a token of its own (long - term, Al -
//     Shabaab, U.S. - backed, 1990 - 1995) except after a prefix listed in
//     lexicon.txt (e-mail, non-violent, anti-American) and in phone and zip
//     numbers (555-0100, 1-800-555-0199).
//   - Numbers stay whole (120,000 3.5 10:30 9/11 1990s 5th); %, $, € and
//     units are tokens of their own (3.5 %, $ 3, 5 pm), except US$.
//   - Abbreviations keep their period (U.S., Gen., Mr., Jan., Inc., e.g.,
//     single initials J. K.). When an abbreviation ends a sentence the period
//     becomes a token of its own, as in EWT: "in the U.S." at the end of a
//     sentence gives "U.S" ".". The lists are in lexicon.txt.
//   - Quotes (straight, curly, and doubled backquotes or apostrophes),
//     brackets, dashes (—, --, a spaced -) and
//     runs of final punctuation (... … ?! !!!) are tokens. URLs, e-mail
//     addresses, #hashtags, @handles, emoticons (:-)) and emoji sequences
//     stay whole.
//
// # Sentences
//
// A sentence ends after . ! ? … and runs of them, together with any closing
// quotes and brackets that follow ("He said, “We won.” Then ..." ends after
// the closing quote), unless:
//
//   - the period belongs to an abbreviation (Mr. Smith, the U.S. Embassy),
//     an initial (John F. Kennedy) or a number (3.5);
//   - the next token is attached to it without a space ("end.)" "?!,");
//   - a lower-case word follows after a closing quote or bracket ("“Why?”
//     he asked"), or after a period that follows a possible unknown
//     abbreviation (a word of up to five letters that is not all lower
//     case, or a lower-case word of one or two letters). After other words
//     a lower-case word does start a new sentence, as informal text often
//     does;
//   - an ellipsis is followed by anything but a capitalised word.
//
// After an abbreviation that may end a sentence (Inc., U.S., a single
// initial) the sentence ends only before a typical sentence opener ("The",
// "He", "But"; the [starter] list in lexicon.txt), before an opening quote
// and a capital, at a paragraph break or at the end of the text.
//
// A blank line always ends a sentence. A single line break ends one when
// the next line does not start in lower case and
//
//   - the line is longer than 100 bytes: longer than hard-wrapped text, so
//     the text puts each paragraph on a line of its own;
//   - the line ends in a colon ("He said:" before a quotation or a list),
//     or is a salutation of up to four tokens ending in a comma ("Dear
//     Sir,");
//   - the line starts with a list marker (-, *, •, 1., 2)), or the next one
//     does;
//   - the line has no final punctuation and looks like a title, byline or
//     heading: the first line of the text (up to 25 tokens) or any line of
//     up to 10 tokens, followed by a line that starts with a capital, a
//     digit or a quote. A line ending in a comma, dash, article,
//     conjunction or preposition goes on.
//
// Sentence.Headline marks a sentence that is a whole line of up to 25
// tokens without final punctuation (titles, bylines, headings, list items);
// lines ending in a comma, colon or semicolon are not headlines.
//
// # Datelines
//
// Segment takes its input to be a whole article unless Options.Continued
// says that it continues one (a later chunk of a long text): only then are
// a title first line and a dateline looked for.
//
// In the article header (before the first line that ends in a period or has
// more than 20 tokens, and within the first 8 lines) a line that starts
// with a dateline ("NAIROBI, Kenya (AP) —", "WASHINGTON (Reuters) -",
// "LONDON —", "(CNN) —") has the dateline cut off as a sentence of its own,
// with Headline false; the body sentence starts after it. IsDateline
// recognises that sentence, and Dateline parses the place, date and agency.
//
// # Performance
//
// The scanner is a hand-written single pass over the bytes, with an ASCII
// fast path, no regular expressions and no per-token allocation: Segment
// makes one compact token slice, one exactly-sized []avocet.Token shared by
// all sentences, and the sentence slice. BenchmarkSegment reports tokens
// per second on a news article (several million on one core).
package text
