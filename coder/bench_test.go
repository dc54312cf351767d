package coder_test

import (
	"os"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/coder"
	"github.com/avocet-events/avocet/dict"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/text"
)

// benchSetup returns the news benchmark article, the built-in dictionaries
// and the annotator the commands use with them.
func benchSetup(b *testing.B) (string, *dict.Dictionaries, *nlp.Annotator) {
	setup(b)
	raw, err := os.ReadFile("../testdata/news/bench.txt")
	if err != nil {
		b.Fatal(err)
	}
	d, err := dict.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	return string(raw), d, ann.WithNames(names(coder.New(d, nil, coder.Options{})))
}

// BenchmarkCode measures the coder alone (dictionary matching, patterns,
// actors) on the parsed news benchmark article with the built-in
// dictionaries. BenchmarkTokenizeTagParse in package pipeline measures
// what comes before it.
func BenchmarkCode(b *testing.B) {
	doc, d, named := benchSetup(b)
	sents := text.Segment(doc, nil)
	for i := range sents {
		named.Annotate(&sents[i])
	}
	c := coder.New(d, nil, coder.Options{})
	a := &avocet.Article{ID: "bench", Text: doc}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st := c.NewStory(a)
		for k := range sents {
			st.Code(doc, 0, &sents[k])
		}
	}
	b.ReportMetric(float64(len(sents)*b.N)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkTextToEvents measures the whole path on one core: raw news text
// in, events out (segment, tag, lemmatise, parse, code) with the built-in
// dictionaries. Run with -cpu 1.
func BenchmarkTextToEvents(b *testing.B) {
	doc, d, named := benchSetup(b)
	c := coder.New(d, nil, coder.Options{})
	a := &avocet.Article{ID: "bench", Text: doc}
	sentences, events := 0, 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st := c.NewStory(a)
		sents := text.Segment(doc, nil)
		for k := range sents {
			named.Annotate(&sents[k])
			st.Code(doc, 0, &sents[k])
		}
		sentences += len(sents)
		events += len(st.Events())
	}
	b.ReportMetric(float64(sentences)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64(events)/float64(b.N), "events/op")
}

func names(c *coder.Coder) *nlp.Names { return nlp.NewNames(c.Names(), c.Demonyms()) }
