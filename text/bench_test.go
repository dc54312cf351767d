package text_test

import (
	"os"
	"testing"

	"github.com/avocet-events/avocet/text"
)

// BenchmarkSegment segments a realistic news article (testdata/article.txt)
// and reports throughput in tokens per second.
func BenchmarkSegment(b *testing.B) {
	data, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		b.Fatal(err)
	}
	in := string(data)
	tokens := 0
	for _, s := range text.Segment(in, nil) {
		tokens += len(s.Tokens)
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text.Segment(in, nil)
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
