package conllu_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/nlp/conllu"
)

func TestCharCounter(t *testing.T) {
	text := "Añ 北京, x\U0001F600y"
	var bounds []int
	for i := range text {
		bounds = append(bounds, i)
	}
	bounds = append(bounds, len(text))

	cc := conllu.NewCharCounter(text)
	for _, b := range bounds { // forward
		if got, want := cc.Offset(b), utf8.RuneCountInString(text[:b]); got != want {
			t.Errorf("forward Offset(%d) = %d, want %d", b, got, want)
		}
	}
	for i := len(bounds) - 1; i >= 0; i-- { // backward
		b := bounds[i]
		if got, want := cc.Offset(b), utf8.RuneCountInString(text[:b]); got != want {
			t.Errorf("backward Offset(%d) = %d, want %d", b, got, want)
		}
	}
	// Inside a character, and clamping.
	if got := cc.Offset(2); got != 2 { // inside ñ: A and ñ start before byte 2
		t.Errorf("Offset(2) = %d, want 2", got)
	}
	if got := cc.Offset(-5); got != 0 {
		t.Errorf("Offset(-5) = %d, want 0", got)
	}
	if got, want := cc.Offset(len(text)+10), utf8.RuneCountInString(text); got != want {
		t.Errorf("Offset past end = %d, want %d", got, want)
	}
}

// article has a contraction in each sentence, a non-ASCII word, and a
// line break inside the second sentence.
const article = "Protesters didn't leave Zürich.\nPolice can't\nsay why."

func articleSentences() []*avocet.Sentence {
	tok := func(start, end int, form, lemma, upos, xpos string, head int, rel string, space bool) avocet.Token {
		return avocet.Token{Span: avocet.Span{Start: start, End: end}, Form: form, Lemma: lemma, UPOS: upos,
			XPOS: xpos, Head: head, DepRel: rel, SpaceAfter: space}
	}
	mwt := func(t avocet.Token, start, end int) avocet.Token {
		t.MWT = avocet.Span{Start: start, End: end}
		return t
	}
	return []*avocet.Sentence{{
		Index: 0, Span: avocet.Span{Start: 0, End: 32},
		Tokens: []avocet.Token{
			tok(0, 10, "Protesters", "protester", "NOUN", "NNS", 4, "nsubj", true),
			mwt(tok(11, 14, "did", "do", "AUX", "VBD", 4, "aux", false), 11, 17),
			mwt(tok(14, 17, "n't", "not", "PART", "RB", 4, "advmod", true), 11, 17),
			tok(18, 23, "leave", "leave", "VERB", "VB", 0, "root", true),
			tok(24, 31, "Zürich", "Zürich", "PROPN", "NNP", 4, "obj", false),
			tok(31, 32, ".", ".", "PUNCT", ".", 4, "punct", true),
		},
	}, {
		Index: 1, Span: avocet.Span{Start: 33, End: 54},
		Tokens: []avocet.Token{ // tokenized only: no tags, no parse
			tok(33, 39, "Police", "", "", "", 0, "", true),
			mwt(tok(40, 42, "ca", "", "", "", 0, "", false), 40, 45),
			mwt(tok(42, 45, "n't", "", "", "", 0, "", true), 40, 45),
			tok(46, 49, "", "", "", "", 0, "", true), // empty Form: taken from the text
			tok(50, 53, "why", "", "", "", 0, "", false),
			tok(53, 54, ".", "", "", "", 0, "", false),
		},
	}}
}

const articleCoNLLU = `# sent_id = a1-1
# text = Protesters didn't leave Zürich.
1	Protesters	protester	NOUN	NNS	_	4	nsubj	_	TokenRange=0:10
2-3	didn't	_	_	_	_	_	_	_	TokenRange=11:17
2	did	do	AUX	VBD	_	4	aux	_	_
3	n't	not	PART	RB	_	4	advmod	_	_
4	leave	leave	VERB	VB	_	0	root	_	TokenRange=18:23
5	Zürich	Zürich	PROPN	NNP	_	4	obj	_	SpaceAfter=No|TokenRange=24:30
6	.	.	PUNCT	.	_	4	punct	_	TokenRange=30:31

# sent_id = a1-2
# text = Police can't say why.
1	Police	_	_	_	_	_	_	_	TokenRange=32:38
2-3	can't	_	_	_	_	_	_	_	TokenRange=39:44
2	ca	_	_	_	_	_	_	_	_
3	n't	_	_	_	_	_	_	_	_
4	say	_	_	_	_	_	_	_	TokenRange=45:48
5	why	_	_	_	_	_	_	_	SpaceAfter=No|TokenRange=49:52
6	.	_	_	_	_	_	_	_	SpaceAfter=No|TokenRange=52:53

`

func TestFromSentence(t *testing.T) {
	cc := conllu.NewCharCounter(article)
	var got []*conllu.Sentence
	for i, s := range articleSentences() {
		got = append(got, conllu.FromSentence(article, s, "a1-"+string(rune('1'+i)), cc))
	}
	var buf bytes.Buffer
	if err := conllu.WriteAll(&buf, got); err != nil {
		t.Fatal(err)
	}
	if buf.String() != articleCoNLLU {
		t.Errorf("FromSentence+Write:\n%s\nwant:\n%s", buf.String(), articleCoNLLU)
	}

	// What was converted reads back the same, and SpaceAfter agrees with
	// the tokens.
	back, err := conllu.ReadAll(strings.NewReader(buf.String()), "converted")
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range back {
		s.Line = 0
		if !reflect.DeepEqual(s, got[i]) {
			t.Errorf("sentence %d reads back as\n%+v\nwant\n%+v", i, s, got[i])
		}
	}
	for i, s := range articleSentences() {
		for j, tok := range s.Tokens {
			if g := got[i].SpaceAfter(j); g != tok.SpaceAfter && tok.MWT == (avocet.Span{}) {
				t.Errorf("sentence %d word %d: SpaceAfter = %v, token has %v", i, j+1, g, tok.SpaceAfter)
			}
		}
	}

	// A nil counter gives the same result.
	s2 := conllu.FromSentence(article, articleSentences()[1], "a1-2", nil)
	if !reflect.DeepEqual(s2, got[1]) {
		t.Errorf("with nil counter:\n%+v\nwant\n%+v", s2, got[1])
	}
}

func BenchmarkFromSentence(b *testing.B) {
	ss := articleSentences()
	b.ReportAllocs()
	for b.Loop() {
		cc := conllu.NewCharCounter(article)
		for _, s := range ss {
			conllu.FromSentence(article, s, "x", cc)
		}
	}
}
