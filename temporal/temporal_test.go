package temporal_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/avocet-events/avocet/temporal"
	"github.com/avocet-events/avocet/text"
)

// The story date of every case: Wednesday 10 March 2021.
var base = time.Date(2021, 3, 10, 0, 0, 0, 0, time.UTC)

func TestScan(t *testing.T) {
	d := func(y int, m time.Month, day int) string {
		return time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	cases := []struct {
		name, sentence string
		phrase         string // the words the expression covers; "" when none is expected
		date           string
		gran           temporal.Granularity
		future         bool
	}{
		{"weekday", "The talks ended on Monday.", "Monday", d(2021, 3, 8), temporal.Day, false},
		{"weekday is today", "Troops withdrew on Wednesday.", "Wednesday", d(2021, 3, 10), temporal.Day, false},
		{"yesterday", "Police said yesterday that two men were held.", "yesterday", d(2021, 3, 9), temporal.Day, false},
		{"last night", "Shells fell on the town last night.", "last night", d(2021, 3, 9), temporal.Day, false},
		{"in June", "The accord was signed in June.", "June", d(2020, 6, 1), temporal.Month, false},
		{"last June", "Protests began last June.", "last June", d(2020, 6, 1), temporal.Month, false},
		{"last March is a year back", "The envoy visited last March.", "last March", d(2020, 3, 1), temporal.Month, false},
		{"month day", "The ministry announced on March 3 that it would act.", "March 3", d(2021, 3, 3), temporal.Day, false},
		{"month day after the story date", "He was arrested on March 30.", "March 30", d(2020, 3, 30), temporal.Day, false},
		{"day month year", "The vote took place on 3 March 2019.", "3 March 2019", d(2019, 3, 3), temporal.Day, false},
		{"month day comma year", "It happened on June 5, 2018, near the border.", "June 5, 2018", d(2018, 6, 5), temporal.Day, false},
		{"days ago", "Three days ago the army shelled the village.", "Three days ago", d(2021, 3, 7), temporal.Day, false},
		{"last week", "The president fired his minister last week.", "last week", d(2021, 3, 1), temporal.Week, false},
		{"earlier this week", "Officials met earlier this week.", "earlier this week", d(2021, 3, 8), temporal.Week, false},
		{"next weekday", "The leaders will meet next Friday.", "next Friday", d(2021, 3, 12), temporal.Day, true},
		{"tomorrow", "The court will rule tomorrow.", "tomorrow", d(2021, 3, 11), temporal.Day, true},
		{"last month", "Rebels seized the town last month.", "last month", d(2021, 2, 1), temporal.Month, false},
		{"year", "The treaty was signed in 2019.", "2019", d(2019, 1, 1), temporal.Year, false},
		{"May the name", "Theresa May said the deal was dead.", "", "", 0, false},
		{"may the modal", "The army may attack the town.", "", "", 0, false},
		{"impossible date", "It was dated February 31.", "", "", 0, false},
		{"no time", "Kenya condemned the attack.", "", "", 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sents := text.Segment(c.sentence, nil)
			if len(sents) != 1 {
				t.Fatalf("segmented into %d sentences", len(sents))
			}
			toks := sents[0].Tokens
			got := temporal.Scan(toks, base)
			if c.phrase == "" {
				if len(got) != 0 {
					t.Fatalf("found %+v, want nothing", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("found %d expressions (%+v), want 1", len(got), got)
			}
			e := got[0]
			phrase := c.sentence[toks[e.Start].Start:toks[e.End-1].End]
			if phrase != c.phrase || e.Date.Format("2006-01-02") != c.date || e.Granularity != c.gran || e.Future != c.future {
				t.Errorf("got %q %s %v future=%v, want %q %s %v future=%v", phrase, e.Date.Format("2006-01-02"), e.Granularity, e.Future, c.phrase, c.date, c.gran, c.future)
			}
		})
	}
}

func TestScanZeroBase(t *testing.T) {
	s := text.Segment("They met on Monday.", nil)[0]
	if got := temporal.Scan(s.Tokens, time.Time{}); got != nil {
		t.Errorf("zero story date resolved %+v", got)
	}
}

func FuzzScan(f *testing.F) {
	f.Add("The accord was signed last June, 3 days ago, on March 31, 2020.", int64(1615334400))
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		b := time.Unix(unix%(1<<40), 0).UTC()
		for _, sent := range text.Segment(s, nil) {
			for _, e := range temporal.Scan(sent.Tokens, b) {
				if e.Start < 0 || e.End > len(sent.Tokens) || e.Start >= e.End {
					t.Fatalf("bad range %+v", e)
				}
			}
		}
	})
}

func ExampleScan() {
	s := text.Segment("Rebels seized the town on Friday after talks collapsed last June.", nil)[0]
	story := time.Date(2021, 3, 10, 0, 0, 0, 0, time.UTC)
	for _, e := range temporal.Scan(s.Tokens, story) {
		fmt.Println(e.Date.Format("2006-01-02"), e.Granularity)
	}
	// Output:
	// 2021-03-05 day
	// 2020-06-01 month
}
