package avocet

import "time"

// Span is a half-open byte range [Start, End) into an article's text.
type Span struct {
	Start int // first byte
	End   int // one past the last byte
}

// Len returns the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Article is one news story as it enters the pipeline.
type Article struct {
	ID        string    // stable identifier (content hash unless the source gives one)
	URL       string    // canonical URL, if known
	Publisher string    // news source, if known
	Title     string    // headline, if known
	Dateline  string    // dateline place as written ("NAIROBI, Kenya"), if any
	Date      time.Time // publication date; zero when unknown
	Language  string    // BCP 47 language tag; "en" for now
	Text      string    // body text; every Span in the pipeline points into it
}

// Token is one syntactic word of a sentence.
//
// Contractions are split into syntactic words as in UD English ("don't" is
// "do" + "n't"); the words of such a multiword token carry adjacent sub-spans
// of the surface form and share its MWT span.
type Token struct {
	Span              // bytes of this word in Article.Text
	Form       string // the word exactly as written: Article.Text[Start:End]
	Lemma      string // dictionary form
	UPOS       string // universal part of speech
	XPOS       string // Penn Treebank tag
	Head       int    // 1-based index of the head word in the sentence; 0 for the root
	DepRel     string // universal dependency relation to the head
	Entity     string // named-entity tag (BIO), empty when not computed
	SpaceAfter bool   // whitespace follows this word in the text
	MWT        Span   // surface token span when the word is part of a multiword token; zero otherwise
}

// Sentence is a run of tokens that the splitter treated as one sentence.
type Sentence struct {
	Index    int     // 0-based position in the article
	Span             // bytes of the sentence in Article.Text
	Headline bool    // the sentence is a headline or title line without final punctuation
	Tokens   []Token // syntactic words in order
}

// Text returns the sentence's text given the article text it points into.
func (s *Sentence) Text(article string) string { return article[s.Start:s.End] }
