package text_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/text"
)

// The measurements read treebanks from the shared corpora directory next
// to the repository and are skipped when it is absent: the UD English EWT
// dev set (the conventions the package follows) and, as a check on news,
// the news documents of UD English GUM. Set EWT_DEBUG=1 to print the
// mismatches, and EWT_FILE to measure another CoNLL-U file in the EWT tests
// (the floors still apply).
var corpora = filepath.Join("..", "..", "shared", "corpora")

func ewtFile() string {
	if f := os.Getenv("EWT_FILE"); f != "" {
		return f
	}
	return filepath.Join(corpora, "ud-english-ewt", "en_ewt-ud-dev.conllu")
}

// Floors a little below the measured scores, so that regressions fail.
// Measured: EWT dev words 99.29, sentences 86.3; GUM news words 99.53,
// sentences 93.9, and 93.2 with whole documents, one paragraph per line.
const (
	minWordF1         = 99.1
	minSentenceF1     = 85.0
	minNewsWordF1     = 99.3
	minNewsSentenceF1 = 92.0
	minNewsDocF1      = 91.5
)

// ewtSentence is one sentence of a CoNLL-U file: its text, the surface
// tokens as written and, per surface token, its syntactic words.
type ewtSentence struct {
	text    string
	doc     string     // document id
	newPar  bool       // starts a paragraph (or a document)
	surface []string   // surface tokens in order
	words   [][]string // syntactic words of each surface token
}

// readCoNLLU reads the sentences of a CoNLL-U file.
func readCoNLLU(t testing.TB, path string) []ewtSentence {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		t.Skipf("EWT corpus not found at %s (needs the shared corpora directory next to the repository)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []ewtSentence
	var cur ewtSentence
	doc := ""
	mwtEnd := 0 // last word id covered by the current multiword token
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if cur.text != "" {
				cur.doc = doc
				out = append(out, cur)
			}
			cur, mwtEnd = ewtSentence{}, 0
		case strings.HasPrefix(line, "# text = "):
			cur.text = line[len("# text = "):]
		case strings.HasPrefix(line, "# newdoc id = "):
			doc = line[len("# newdoc id = "):]
			cur.newPar = true
		case strings.HasPrefix(line, "# newpar"), strings.HasPrefix(line, "# newdoc"):
			cur.newPar = true
		case strings.HasPrefix(line, "#"):
		default:
			cols := strings.Split(line, "\t")
			if len(cols) != 10 || strings.Contains(cols[0], ".") {
				continue
			}
			if a, b, ok := strings.Cut(cols[0], "-"); ok {
				_, _ = strconv.Atoi(a)
				mwtEnd, _ = strconv.Atoi(b)
				cur.surface = append(cur.surface, cols[1])
				cur.words = append(cur.words, nil)
				continue
			}
			id, _ := strconv.Atoi(cols[0])
			if id <= mwtEnd {
				last := len(cur.words) - 1
				cur.words[last] = append(cur.words[last], cols[1])
				continue
			}
			cur.surface = append(cur.surface, cols[1])
			cur.words = append(cur.words, []string{cols[1]})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// goldWordSpans aligns the gold words of s with its text: surface tokens by
// search in order, words of a multiword token by their sub-spans when their
// forms spell the surface token, else by the whole token's span.
func goldWordSpans(t testing.TB, s ewtSentence) []avocet.Span {
	var spans []avocet.Span
	pos := 0
	for k, surf := range s.surface {
		i := strings.Index(s.text[pos:], surf)
		if i < 0 {
			t.Fatalf("gold token %q not found in %q", surf, s.text)
		}
		start := pos + i
		end := start + len(surf)
		pos = end
		words := s.words[k]
		if strings.Join(words, "") == surf {
			at := start
			for _, w := range words {
				spans = append(spans, avocet.Span{Start: at, End: at + len(w)})
				at += len(w)
			}
			continue
		}
		for range words {
			spans = append(spans, avocet.Span{Start: start, End: end})
		}
	}
	return spans
}

// prf counts matches between gold and predicted items.
type prf struct{ gold, pred, match int }

func (c *prf) add(gold, pred []avocet.Span) {
	c.gold += len(gold)
	c.pred += len(pred)
	seen := make(map[avocet.Span]int, len(gold))
	for _, g := range gold {
		seen[g]++
	}
	for _, p := range pred {
		if seen[p] > 0 {
			seen[p]--
			c.match++
		}
	}
}

func (c prf) f1() float64 {
	if c.gold+c.pred == 0 {
		return 100
	}
	return 200 * float64(c.match) / float64(c.gold+c.pred)
}

func (c prf) String() string {
	p := 100 * float64(c.match) / float64(max(c.pred, 1))
	r := 100 * float64(c.match) / float64(max(c.gold, 1))
	return fmt.Sprintf("P %.2f R %.2f F1 %.2f (gold %d, predicted %d, matched %d)", p, r, c.f1(), c.gold, c.pred, c.match)
}

// wordScore tokenizes the text of each sentence on its own and compares
// the word spans with the gold words.
func wordScore(t *testing.T, sents []ewtSentence) prf {
	debug := os.Getenv("EWT_DEBUG") != ""
	var c prf
	for _, s := range sents {
		gold := goldWordSpans(t, s)
		var pred []avocet.Span
		for _, ps := range text.Segment(s.text, nil) {
			for _, tok := range ps.Tokens {
				pred = append(pred, tok.Span)
			}
		}
		before := c.match
		c.add(gold, pred)
		if debug && (c.match-before != len(gold) || len(pred) != len(gold)) {
			t.Logf("gold: %s\npred: %s", show(s.text, gold), show(s.text, pred))
		}
	}
	return c
}

// sentenceScore joins the sentences of each paragraph with single spaces,
// splits the paragraph and compares the sentence spans with the gold ones.
func sentenceScore(t *testing.T, sents []ewtSentence) prf {
	debug := os.Getenv("EWT_DEBUG") != ""
	var c prf
	for i := 0; i < len(sents); {
		var b strings.Builder
		var gold []avocet.Span
		j := i
		for ; j < len(sents) && (j == i || !sents[j].newPar); j++ {
			if j > i {
				b.WriteByte(' ')
			}
			start := b.Len()
			b.WriteString(sents[j].text)
			gold = append(gold, avocet.Span{Start: start, End: b.Len()})
		}
		i = j
		par := b.String()
		var pred []avocet.Span
		for _, s := range text.Segment(par, nil) {
			pred = append(pred, s.Span)
		}
		before := c.match
		c.add(gold, pred)
		if debug && (c.match-before != len(gold) || len(pred) != len(gold)) {
			t.Logf("gold: %s\npred: %s", showSents(par, gold), showSents(par, pred))
		}
	}
	return c
}

// documentScore joins the sentences of each document, paragraphs on lines
// of their own, and compares the sentence spans of the whole document.
// This exercises the line-break rules (titles, headings, one paragraph per
// line) that sentenceScore never sees.
func documentScore(t *testing.T, sents []ewtSentence) prf {
	var c prf
	for i := 0; i < len(sents); {
		var b strings.Builder
		var gold []avocet.Span
		j := i
		for ; j < len(sents) && (j == i || sents[j].doc == sents[i].doc); j++ {
			if j > i {
				if sents[j].newPar {
					b.WriteByte('\n')
				} else {
					b.WriteByte(' ')
				}
			}
			start := b.Len()
			b.WriteString(sents[j].text)
			gold = append(gold, avocet.Span{Start: start, End: b.Len()})
		}
		i = j
		var pred []avocet.Span
		for _, s := range text.Segment(b.String(), nil) {
			pred = append(pred, s.Span)
		}
		c.add(gold, pred)
	}
	return c
}

func TestEWTWords(t *testing.T) {
	c := wordScore(t, readCoNLLU(t, ewtFile()))
	t.Logf("EWT words: %v", c)
	if c.f1() < minWordF1 {
		t.Errorf("word F1 %.2f below floor %.2f", c.f1(), minWordF1)
	}
}

func TestEWTSentences(t *testing.T) {
	c := sentenceScore(t, readCoNLLU(t, ewtFile()))
	t.Logf("EWT sentences: %v", c)
	if c.f1() < minSentenceF1 {
		t.Errorf("sentence F1 %.2f below floor %.2f", c.f1(), minSentenceF1)
	}
}

// TestGUMNews measures on the news (Wikinews) documents of all GUM splits;
// their titles and headings are paragraphs of their own.
func TestGUMNews(t *testing.T) {
	var news []ewtSentence
	for _, split := range []string{"train", "dev", "test"} {
		for _, s := range readCoNLLU(t, filepath.Join(corpora, "ud-english-gum", "en_gum-ud-"+split+".conllu")) {
			if strings.Contains(s.doc, "_news_") {
				news = append(news, s)
			}
		}
	}
	w, s, d := wordScore(t, news), sentenceScore(t, news), documentScore(t, news)
	t.Logf("GUM news words: %v", w)
	t.Logf("GUM news sentences: %v", s)
	t.Logf("GUM news documents: %v", d)
	if w.f1() < minNewsWordF1 {
		t.Errorf("word F1 %.2f below floor %.2f", w.f1(), minNewsWordF1)
	}
	if s.f1() < minNewsSentenceF1 {
		t.Errorf("sentence F1 %.2f below floor %.2f", s.f1(), minNewsSentenceF1)
	}
	if d.f1() < minNewsDocF1 {
		t.Errorf("document sentence F1 %.2f below floor %.2f", d.f1(), minNewsDocF1)
	}
}

func show(s string, spans []avocet.Span) string {
	var b []string
	for _, sp := range spans {
		b = append(b, s[sp.Start:sp.End])
	}
	return strings.Join(b, " | ")
}

func showSents(s string, spans []avocet.Span) string {
	var b []string
	for _, sp := range spans {
		b = append(b, "["+s[sp.Start:sp.End]+"]")
	}
	return strings.Join(b, " ")
}
