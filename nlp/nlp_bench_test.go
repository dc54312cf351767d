package nlp_test

import (
	"os"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
)

// benchSentences cuts the benchmark article into rough sentences of
// whitespace-separated words; the language models do not care how the
// words were found.
func benchSentences(tb testing.TB) [][]string {
	b, err := os.ReadFile("../testdata/news/bench.txt")
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]string
	for _, para := range strings.Split(string(b), "\n\n") {
		for _, s := range strings.SplitAfter(para, ". ") {
			if f := strings.Fields(s); len(f) > 0 {
				out = append(out, f)
			}
		}
	}
	return out
}

func BenchmarkAnnotate(b *testing.B) {
	ann, err := nlp.LoadBytes(models.EnglishNLP)
	if err != nil {
		b.Fatal(err)
	}
	sents := benchSentences(b)
	tokens := 0
	for _, s := range sents {
		tokens += len(s)
	}
	work := make([]avocet.Sentence, len(sents))
	for i, s := range sents {
		for _, f := range s {
			work[i].Tokens = append(work[i].Tokens, avocet.Token{Form: f})
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := range work {
			ann.Annotate(&work[k])
		}
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := nlp.LoadBytes(models.EnglishNLP); err != nil {
			b.Fatal(err)
		}
	}
}
