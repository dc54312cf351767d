package enrich_test

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/enrich"
	"github.com/avocet-events/avocet/text"
)

var storyDate = time.Date(2021, 3, 10, 0, 0, 0, 0, time.UTC) // a Wednesday

func TestDates(t *testing.T) {
	in := "The talks began on Monday and will resume next week. Fighting broke out in June and on February 28, 2020. Nothing happened yesterday."
	got := enrich.Dates(segment(t, in, false), storyDate, nil)
	var s []string
	for _, d := range got {
		s = append(s, fmt.Sprintf("%s %s %s", in[d.Span.Start:d.Span.End], d.Date.Format("2006-01-02"), d.Granularity))
	}
	want := []string{
		"Monday 2021-03-08 day",
		"next week 2021-03-15 week",
		"June 2020-06-01 month",
		"February 28, 2020 2020-02-28 day",
		"yesterday 2021-03-09 day",
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Dates\n got %q\nwant %q", s, want)
	}
	if got := enrich.Dates(segment(t, in, false), time.Time{}, nil); got != nil {
		t.Errorf("no story date: %v, want nil", got)
	}
	many := strings.Repeat("On Monday. ", 50)
	if got := enrich.Dates(segment(t, many, false), storyDate, &enrich.Options{MaxDates: 9}); len(got) != 9 {
		t.Errorf("%d dates, want 9", len(got))
	}
}

// TestArticle checks a whole short story by hand.
func TestArticle(t *testing.T) {
	txt := `Rebels seize town as ceasefire talks stall

"We will not accept a ceasefire that leaves our people hungry," rebel leader John Garang said on Monday. The UN said 12,000 people had fled and pledged $3 billion in aid. Olive oil prices rose.`
	a := &avocet.Article{ID: "a1", Text: txt, Date: storyDate}
	for _, tagged := range []bool{false, true} {
		k := enrich.Article(a, segment(t, txt, tagged), nil)
		checkKnowledge(t, txt, k)
		if k.ArticleID != "a1" || k.Entities != nil || k.Locations != nil {
			t.Errorf("ArticleID %q, entities %v, locations %v", k.ArticleID, k.Entities, k.Locations)
		}
		// OIL is not there: "olive oil" is its negative context.
		wantThemes := []string{
			"ARMED_CONFLICT: Rebels",
			"INSURGENCY: Rebels | rebel",
			"CEASEFIRE: ceasefire talks | ceasefire",
			"FOOD_SECURITY: hungry",
			"AID: aid",
		}
		if got := fmtThemes(txt, k.Themes); !reflect.DeepEqual(got, wantThemes) {
			t.Errorf("tagged %v: themes\n got %q\nwant %q", tagged, got, wantThemes)
		}
		wantAmounts := []string{"12000 people [12,000 people]", "3e+09 USD aid [$3 billion in aid]"}
		if got := fmtAmounts(txt, k.Amounts); !reflect.DeepEqual(got, wantAmounts) {
			t.Errorf("tagged %v: amounts\n got %q\nwant %q", tagged, got, wantAmounts)
		}
		if len(k.Quotations) != 1 || k.Quotations[0].Speaker != "rebel leader John Garang" ||
			k.Quotations[0].Text != "We will not accept a ceasefire that leaves our people hungry" {
			t.Errorf("tagged %v: quotations %+v", tagged, k.Quotations)
		}
		if len(k.Dates) != 1 || !k.Dates[0].Date.Equal(time.Date(2021, 3, 8, 0, 0, 0, 0, time.UTC)) || k.Dates[0].Granularity != "day" {
			t.Errorf("tagged %v: dates %+v", tagged, k.Dates)
		}
		// 42 words; AFINN: rose +1; rebels -2, stall -2, rebel -2 and
		// "not accept" (accept +1, negated).
		if k.Tone.Words != 42 || !near(k.Tone.Positive, 100.0/42) || !near(k.Tone.Negative, 400.0/42) || !near(k.Tone.Tone, -300.0/42) {
			t.Errorf("tagged %v: tone %+v", tagged, k.Tone)
		}
	}
}

// TestArticleSegments checks that Article segments the text itself when
// it is given no sentences, and that nil and empty articles are fine.
func TestArticleSegments(t *testing.T) {
	a := &avocet.Article{ID: "x", Text: "Protesters clashed with riot police. Sanctions were imposed."}
	got := enrich.Article(a, nil, nil)
	want := enrich.Article(a, text.Segment(a.Text, nil), nil)
	if !reflect.DeepEqual(got, want) || len(got.Themes) == 0 {
		t.Errorf("without sentences %+v\nwith %+v", got, want)
	}
	if k := enrich.Article(nil, nil, nil); !reflect.DeepEqual(k, avocet.Knowledge{}) {
		t.Errorf("nil article: %+v", k)
	}
	if k := enrich.Article(&avocet.Article{ID: "e"}, nil, nil); k.ArticleID != "e" || k.Themes != nil || k.Tone.Words != 0 {
		t.Errorf("empty article: %+v", k)
	}
}

// TestArticleBadInput feeds hostile articles: thousands of numbers,
// quotes and theme words, 1e999, endless quotations, megabytes of text,
// and sentences whose spans do not match the text. Output must be bounded,
// finite and within the text, and the work linear.
func TestArticleBadInput(t *testing.T) {
	inputs := map[string]string{
		"numbers":       strings.Repeat("1e999 troops and 999999999999999999999999 tanks and 30,000 troops, ", 5000),
		"quotes":        strings.Repeat(`"one two three," he said. `, 20000),
		"endless quote": `He said: "` + strings.Repeat("and it never stops ", 50000),
		"marks":         strings.Repeat(`"“”„«»`, 50000),
		"themes":        strings.Repeat("sanctions protest ceasefire coup oil gas ", 20000),
		"dates":         strings.Repeat("on Monday in June last week ", 20000),
		"one word":      strings.Repeat("a", 1<<20),
		"long number":   strings.Repeat("9", 1<<20) + " troops",
		"invalid utf8":  strings.Repeat("\xff\"\xe2\x80 $3\xc2 bn \xe2\x80\x9c", 50000),
	}
	for name, txt := range inputs {
		t.Run(name, func(t *testing.T) {
			a := &avocet.Article{ID: name, Text: txt, Date: storyDate}
			start := time.Now()
			k := enrich.Article(a, nil, nil)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v for %d bytes", d, len(txt))
			}
			checkKnowledge(t, txt, k)
			mentions := 0
			for _, th := range k.Themes {
				mentions += len(th.Mentions)
			}
			if mentions > enrich.DefaultMaxThemeMentions || len(k.Amounts) > enrich.DefaultMaxAmounts ||
				len(k.Quotations) > enrich.DefaultMaxQuotations || len(k.Dates) > enrich.DefaultMaxDates {
				t.Errorf("unbounded: %d mentions, %d amounts, %d quotations, %d dates", mentions, len(k.Amounts), len(k.Quotations), len(k.Dates))
			}
			for _, q := range k.Quotations {
				if len(q.Text) > enrich.DefaultMaxQuoteBytes {
					t.Errorf("quotation of %d bytes", len(q.Text))
				}
			}
			for _, am := range k.Amounts {
				if am.Value > enrich.MaxAmountValue || math.IsInf(am.Value, 0) {
					t.Errorf("amount %v", am.Value)
				}
			}
		})
	}
	// Sentences that do not belong to the text must not make it panic.
	t.Run("foreign sentences", func(t *testing.T) {
		long := `"We will never accept this plan," the ministry said of the 30,000 troops on Monday.`
		a := &avocet.Article{ID: "x", Text: "short", Date: storyDate}
		k := enrich.Article(a, text.Segment(long, nil), nil)
		checkKnowledge(t, a.Text, k)
		if len(k.Themes)+len(k.Amounts)+len(k.Quotations)+len(k.Dates) != 0 {
			t.Errorf("knowledge from outside the text: %+v", k)
		}
	})
}

func ExampleArticle() {
	story := `Rebels seize town as ceasefire talks stall

"We will not accept a ceasefire that leaves our people hungry," rebel leader John Garang said on Monday. The UN said 12,000 people had fled and pledged $3 billion in aid.`
	a := &avocet.Article{ID: "a1", Text: story, Date: time.Date(2021, 3, 10, 0, 0, 0, 0, time.UTC)}
	k := enrich.Article(a, text.Segment(story, nil), nil)
	for _, th := range k.Themes {
		fmt.Println("theme", th.Code, len(th.Mentions))
	}
	for _, am := range k.Amounts {
		fmt.Printf("amount %g %s %q\n", am.Value, am.Unit, am.Object)
	}
	for _, q := range k.Quotations {
		fmt.Printf("quote %q by %s\n", q.Text, q.Speaker)
	}
	for _, d := range k.Dates {
		fmt.Println("date", story[d.Span.Start:d.Span.End], d.Date.Format("2006-01-02"), d.Granularity)
	}
	fmt.Printf("tone %.2f over %d words\n", k.Tone.Tone, k.Tone.Words)
	// Output:
	// theme ARMED_CONFLICT 1
	// theme INSURGENCY 2
	// theme CEASEFIRE 2
	// theme FOOD_SECURITY 1
	// theme AID 1
	// amount 12000  "people"
	// amount 3e+09 USD "aid"
	// quote "We will not accept a ceasefire that leaves our people hungry" by rebel leader John Garang
	// date Monday 2021-03-08 day
	// tone -10.53 over 38 words
}

// TestConcurrent runs Article from several goroutines over the shared
// built-in lexicons (run with -race).
func TestConcurrent(t *testing.T) {
	txt := readArticle(t)
	a := &avocet.Article{ID: "c", Text: txt, Date: storyDate}
	want := enrich.Article(a, nil, nil)
	done := make(chan avocet.Knowledge)
	for range 4 {
		go func() { done <- enrich.Article(a, nil, nil) }()
	}
	for range 4 {
		if got := <-done; !reflect.DeepEqual(got, want) {
			t.Error("concurrent results differ")
		}
	}
}
