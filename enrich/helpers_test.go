package enrich_test

import (
	"fmt"
	"math"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/text"
)

// annotator loads the built-in NLP model once for the tests that want
// tagged and parsed sentences.
var annotator = sync.OnceValues(func() (*nlp.Annotator, error) { return nlp.LoadBytes(models.EnglishNLP) })

// segment splits s into sentences; tagged also annotates them.
func segment(tb testing.TB, s string, tagged bool) []avocet.Sentence {
	tb.Helper()
	sents := text.Segment(s, nil)
	if tagged {
		ann, err := annotator()
		if err != nil {
			tb.Fatal(err)
		}
		for i := range sents {
			ann.Annotate(&sents[i])
		}
	}
	return sents
}

// readArticle returns testdata/article.txt, a news story of about 850 words.
func readArticle(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// fmtAmounts renders amounts as "value unit object [span text]".
func fmtAmounts(txt string, as []avocet.Amount) []string {
	var out []string
	for _, a := range as {
		s := fmt.Sprintf("%g", a.Value)
		if a.Unit != "" {
			s += " " + a.Unit
		}
		if a.Object != "" {
			s += " " + a.Object
		}
		out = append(out, s+" ["+txt[a.Span.Start:a.Span.End]+"]")
	}
	return out
}

// fmtThemes renders themes as "CODE: mention | mention".
func fmtThemes(txt string, ts []avocet.Theme) []string {
	var out []string
	for _, t := range ts {
		var ms []string
		for _, m := range t.Mentions {
			ms = append(ms, txt[m.Start:m.End])
		}
		out = append(out, t.Code+": "+strings.Join(ms, " | "))
	}
	return out
}

// checkKnowledge checks the invariants of package enrich on k.
func checkKnowledge(t *testing.T, txt string, k avocet.Knowledge) {
	t.Helper()
	in := func(what string, s avocet.Span) {
		if s.Start < 0 || s.End > len(txt) || s.Start > s.End {
			t.Fatalf("%s span %v outside the text (%d bytes)", what, s, len(txt))
		}
	}
	for _, th := range k.Themes {
		last := -1
		for _, m := range th.Mentions {
			in(th.Code, m)
			if m.Start < last {
				t.Fatalf("%s mentions out of order", th.Code)
			}
			last = m.Start
		}
	}
	for _, a := range k.Amounts {
		in("amount", a.Span)
		if math.IsInf(a.Value, 0) || math.IsNaN(a.Value) || a.Value < 0 {
			t.Fatalf("amount value %v", a.Value)
		}
	}
	for _, q := range k.Quotations {
		in("quotation", q.Span)
		if txt[q.Span.Start:q.Span.End] != q.Text {
			t.Fatalf("quotation text %q is not its span %q", q.Text, txt[q.Span.Start:q.Span.End])
		}
	}
	for _, d := range k.Dates {
		in("date", d.Span)
	}
	for _, v := range []float64{k.Tone.Tone, k.Tone.Positive, k.Tone.Negative, k.Tone.Polarity} {
		if math.IsInf(v, 0) || math.IsNaN(v) || math.Abs(v) > 200 {
			t.Fatalf("tone %+v", k.Tone)
		}
	}
}

func themesFile(tb testing.TB) *strings.Reader { return readFile(tb, "data/themes.txt") }
func toneFile(tb testing.TB) *strings.Reader   { return readFile(tb, "data/afinn165.tsv") }

func readFile(tb testing.TB, name string) *strings.Reader {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return strings.NewReader(string(b))
}
