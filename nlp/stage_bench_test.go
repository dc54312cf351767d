package nlp

import (
	"os"
	"strings"
	"testing"

	"github.com/avocet-events/avocet/models"
)

// Per-stage benchmarks on the news benchmark article (whitespace words; the
// models do not care how words were found). BenchmarkAnnotate in the
// external test package measures tag + lemma + parse together.

func benchWords(b *testing.B) [][]string {
	raw, err := os.ReadFile("../testdata/news/bench.txt")
	if err != nil {
		b.Fatal(err)
	}
	var out [][]string
	for _, para := range strings.Split(string(raw), "\n\n") {
		for _, s := range strings.SplitAfter(para, ". ") {
			if f := strings.Fields(s); len(f) > 0 {
				out = append(out, f)
			}
		}
	}
	return out
}

func BenchmarkTag(b *testing.B) {
	a, err := LoadBytes(models.EnglishNLP)
	if err != nil {
		b.Fatal(err)
	}
	sents := benchWords(b)
	tokens := 0
	infos := make([][]wordInfo, len(sents))
	for i, s := range sents {
		tokens += len(s)
		for k, w := range s {
			infos[i] = append(infos[i], newWordInfo(w, k == 0))
		}
	}
	out := make([]int, 1000)
	scores := make([]int32, len(a.tagger.tags))
	var feats []uint64
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for i, s := range sents {
			a.tagger.tag(s, infos[i], out[:len(s)], feats, scores, nil)
		}
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkParse(b *testing.B) {
	a, err := LoadBytes(models.EnglishNLP)
	if err != nil {
		b.Fatal(err)
	}
	sents := benchWords(b)
	tokens := 0
	pws := make([]pwords, len(sents))
	for i, s := range sents {
		tokens += len(s)
		infos := make([]wordInfo, len(s))
		for k, w := range s {
			infos[k] = newWordInfo(w, k == 0)
		}
		tags := make([]int, len(s))
		a.tagger.tag(s, infos, tags, nil, make([]int32, len(a.tagger.tags)), nil)
		pw := pwords{w: []uint64{rootWord}, p: []uint64{rootTag}, s: []uint64{rootWord}}
		for k := range s {
			pw.w = append(pw.w, infos[k].norm)
			pw.p = append(pw.p, uint64(tags[k]))
			pw.s = append(pw.s, infos[k].suf[2])
		}
		pws[i] = pw
	}
	var st pstate
	heads, labels := make([]int, 1000), make([]int, 1000)
	scores := make([]int32, a.parser.nactions())
	var feats []uint64
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for i, s := range sents {
			a.parser.parse(&st, &pws[i], len(s), feats, scores, heads, labels)
		}
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
