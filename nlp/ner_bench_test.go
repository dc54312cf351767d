package nlp_test

import (
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
)

// BenchmarkNER measures the recogniser alone (tokens already tagged and
// parsed) on the news benchmark article, with a gazetteer as the command
// uses one.
func BenchmarkNER(b *testing.B) {
	ner, err := nlp.LoadNERBytes(models.EnglishNER)
	if err != nil {
		b.Fatal(err)
	}
	ner = ner.WithGazetteer(testGazetteer())
	sents := benchSentences(b)
	tokens := 0
	work := make([]avocet.Sentence, len(sents))
	for i, s := range sents {
		tokens += len(s)
		for _, f := range s {
			work[i].Tokens = append(work[i].Tokens, avocet.Token{Form: f})
		}
		annotator(b).Annotate(&work[i])
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ner.TagDocument(work)
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
