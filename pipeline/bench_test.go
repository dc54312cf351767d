package pipeline

import (
	"os"
	"testing"

	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/text"
)

// BenchmarkTokenizeTagParse measures the whole language layer on one core:
// raw news text in, parsed sentences out. Run with -cpu 1.
func BenchmarkTokenizeTagParse(b *testing.B) {
	raw, err := os.ReadFile("../testdata/news/bench.txt")
	if err != nil {
		b.Fatal(err)
	}
	ann, err := nlp.LoadBytes(models.EnglishNLP)
	if err != nil {
		b.Fatal(err)
	}
	doc := string(raw)
	tokens := 0
	for _, s := range text.Segment(doc, nil) {
		tokens += len(s.Tokens)
	}
	b.SetBytes(int64(len(doc)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sents := text.Segment(doc, nil)
		for k := range sents {
			ann.Annotate(&sents[k])
		}
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
