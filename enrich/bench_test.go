package enrich_test

import (
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/enrich"
)

// BenchmarkEnrich enriches a news story of about 850 words
// (testdata/article.txt) from its segmented sentences; the tagged variant
// has the NLP annotations too. Segmentation and tagging are not timed.
func BenchmarkEnrich(b *testing.B) {
	txt := readArticle(b)
	for _, tagged := range []bool{false, true} {
		name := "tokens"
		if tagged {
			name = "tagged"
		}
		b.Run(name, func(b *testing.B) {
			a := &avocet.Article{ID: "bench", Text: txt, Date: storyDate}
			sents := segment(b, txt, tagged)
			enrich.DefaultThemes()
			enrich.DefaultTone()
			b.SetBytes(int64(len(txt)))
			b.ReportAllocs()
			for b.Loop() {
				enrich.Article(a, sents, nil)
			}
		})
	}
}

// BenchmarkParts times each part of enrichment on the same story.
func BenchmarkParts(b *testing.B) {
	txt := readArticle(b)
	sents := segment(b, txt, false)
	themes, tone := enrich.DefaultThemes(), enrich.DefaultTone()
	b.Run("themes", func(b *testing.B) {
		for b.Loop() {
			themes.Match(sents, 0)
		}
	})
	b.Run("tone", func(b *testing.B) {
		for b.Loop() {
			tone.Score(sents)
		}
	})
	b.Run("amounts", func(b *testing.B) {
		for b.Loop() {
			enrich.Amounts(txt, sents, nil)
		}
	})
	b.Run("quotations", func(b *testing.B) {
		for b.Loop() {
			enrich.Quotations(txt, sents, nil)
		}
	})
	b.Run("dates", func(b *testing.B) {
		for b.Loop() {
			enrich.Dates(sents, storyDate, nil)
		}
	})
}

// BenchmarkLoadLexicons parses the built-in lexicons, which DefaultThemes
// and DefaultTone do once per process.
func BenchmarkLoadLexicons(b *testing.B) {
	for b.Loop() {
		enrich.ParseThemes("themes.txt", themesFile(b))
		enrich.ParseTone("afinn165.tsv", toneFile(b))
	}
}
