package enrich_test

import (
	"math"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/enrich"
	"github.com/avocet-events/avocet/text"
)

// FuzzAmounts feeds arbitrary text to Amounts: it must not panic, values
// must be finite and bounded, and spans must lie in the text, in order.
func FuzzAmounts(f *testing.F) {
	for _, s := range []string{
		"Russia sent 30,000 troops and $3 billion in aid.",
		"3bn euros, US$5m, €2.5bn, £10 million and ¥300; 12% or 12 percent; level 4.",
		"1e999 troops, 999999999999999999999999 tanks, twenty-five people, a dozen villages.",
		"Half a million people; two hundred and fifty soldiers; 10 million Canadian dollars.",
		"$ $ 3 bn bn m k 1,000.50 USD - 5 -",
		"level 99999999999999999999 and 5 trillion trillion dollars",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		last := -1
		for _, a := range enrich.Amounts(in, text.Segment(in, nil), nil) {
			if math.IsInf(a.Value, 0) || math.IsNaN(a.Value) || a.Value < 0 || a.Value > enrich.MaxAmountValue {
				t.Fatalf("value %v", a.Value)
			}
			if a.Span.Start < last || a.Span.Start < 0 || a.Span.End > len(in) || a.Span.Start >= a.Span.End {
				t.Fatalf("span %v (after %d) in %d bytes", a.Span, last, len(in))
			}
			if a.Object != "" && !strings.Contains(in[a.Span.Start:a.Span.End], a.Object) {
				t.Fatalf("object %q not in %q", a.Object, in[a.Span.Start:a.Span.End])
			}
			last = a.Span.End
		}
	})
}

// FuzzQuotations feeds arbitrary text to Quotations, with and without
// sentences: no panic, quotations in order, inside the text, equal to
// their spans and within the byte limit.
func FuzzQuotations(f *testing.F) {
	for _, s := range []string{
		`"We will not back down," the ministry said. Lavrov said: "We are ready."`,
		"“Curly,” he said. „Low“ « guillemets » \"straight\n\n\"unbalanced",
		"\"First paragraph goes on.\n\"Second one ends,\" she said, according to the UN.",
		`"""" "a "b" c" “”„«»`,
	} {
		f.Add(s, 40)
	}
	f.Fuzz(func(t *testing.T, in string, maxBytes int) {
		opts := &enrich.Options{MaxQuoteBytes: maxBytes % 5000, MinQuoteWords: 1, MaxQuotations: 50}
		for _, sents := range [][]avocet.Sentence{nil, text.Segment(in, nil)} {
			last := 0
			qs := enrich.Quotations(in, sents, opts)
			if len(qs) > 50 {
				t.Fatalf("%d quotations", len(qs))
			}
			for _, q := range qs {
				if q.Span.Start < last || q.Span.End > len(in) || q.Span.Start >= q.Span.End {
					t.Fatalf("span %v after %d in %d bytes", q.Span, last, len(in))
				}
				if in[q.Span.Start:q.Span.End] != q.Text {
					t.Fatalf("text %q is not its span", q.Text)
				}
				if max := opts.MaxQuoteBytes; max > 0 && len(q.Text) > max {
					t.Fatalf("quotation of %d bytes, limit %d", len(q.Text), max)
				}
				if len(q.Speaker) > len(in) {
					t.Fatalf("speaker %q", q.Speaker)
				}
				last = q.Span.End
			}
		}
	})
}

// FuzzParseThemes feeds arbitrary lexicons to ParseThemes and ParseTone:
// they must fail with an error or give a lexicon that matches any text.
func FuzzParseThemes(f *testing.F) {
	f.Add("OIL: oil; crude oil\nOIL unless: olive oil\nK: kidnap*; =AIDS", "good\t3\nfed up\t-3")
	f.Add("A:;;;\n# x\nB unless: x", "x\t9")
	f.Fuzz(func(t *testing.T, themes, tone string) {
		sents := text.Segment("Crude oil and olive oil; kidnappers, AIDS, fed up but good.", nil)
		if lex, err := enrich.ParseThemes("fuzz.txt", strings.NewReader(themes)); err == nil {
			lex.Match(sents, 0)
		}
		if lex, err := enrich.ParseTone("fuzz.tsv", strings.NewReader(tone)); err == nil {
			lex.Score(sents)
		}
	})
}
