package conllu_test

import (
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/nlp/conllu"
)

func ExampleReader() {
	r := conllu.NewReader(strings.NewReader(sample), "sample.conllu")
	for {
		s, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %q:", s.ID, s.Text)
		for _, w := range s.Words {
			fmt.Printf(" %s/%s", w.Form, w.UPOS)
		}
		fmt.Println()
	}
	// Output:
	// s1 "They don't protest.": They/PRON do/AUX n't/PART protest/VERB ./PUNCT
	// s2 "": Calm/ADJ
}

func ExampleFromSentence() {
	text := "Troops withdrew from Gaza."
	s := &avocet.Sentence{Span: avocet.Span{Start: 0, End: len(text)}, Tokens: []avocet.Token{
		{Span: avocet.Span{Start: 0, End: 6}, Form: "Troops", UPOS: "NOUN", Head: 2, DepRel: "nsubj", SpaceAfter: true},
		{Span: avocet.Span{Start: 7, End: 15}, Form: "withdrew", UPOS: "VERB", Head: 0, DepRel: "root", SpaceAfter: true},
		{Span: avocet.Span{Start: 16, End: 20}, Form: "from", UPOS: "ADP", Head: 4, DepRel: "case", SpaceAfter: true},
		{Span: avocet.Span{Start: 21, End: 25}, Form: "Gaza", UPOS: "PROPN", Head: 2, DepRel: "obl"},
		{Span: avocet.Span{Start: 25, End: 26}, Form: ".", UPOS: "PUNCT", Head: 2, DepRel: "punct"},
	}}
	cc := conllu.NewCharCounter(text) // one per article, shared by its sentences
	if err := conllu.Write(os.Stdout, conllu.FromSentence(text, s, "doc1-1", cc)); err != nil {
		log.Fatal(err)
	}
	// Output:
	// # sent_id = doc1-1
	// # text = Troops withdrew from Gaza.
	// 1	Troops	_	NOUN	_	_	2	nsubj	_	TokenRange=0:6
	// 2	withdrew	_	VERB	_	_	0	root	_	TokenRange=7:15
	// 3	from	_	ADP	_	_	4	case	_	TokenRange=16:20
	// 4	Gaza	_	PROPN	_	_	2	obl	_	SpaceAfter=No|TokenRange=21:25
	// 5	.	_	PUNCT	_	_	2	punct	_	SpaceAfter=No|TokenRange=25:26
}
