package enrich

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet/temporal"
	"github.com/avocet-events/avocet/text"
)

// TestDatesFilter checks that skipping sentences without a date word
// (mayHaveDate) loses nothing that temporal.Scan finds.
func TestDatesFilter(t *testing.T) {
	b, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		t.Fatal(err)
	}
	in := string(b) + "\n" + strings.Join([]string{
		"It happened yesterday, today, tonight and tomorrow.",
		"It happened last Friday, next Tuesday, this Wed. and on Thurs.",
		"It happened three days ago, two weeks ago, a month ago, five years ago.",
		"It happened last week, next month, this year, last night, this morning, earlier this week.",
		"It happened on March 3, 2023, on 3 March, in May, in Sept. and since 2019.",
		"It happened in June and in early MARCH and in 1999.",
	}, " ")
	base := time.Date(2021, 3, 10, 0, 0, 0, 0, time.UTC)
	for _, s := range text.Segment(in, nil) {
		want := temporal.Scan(s.Tokens, base)
		if !mayHaveDate(lowerForms(s.Tokens, nil)) && len(want) > 0 {
			t.Errorf("filtered out %q, which has %v", s.Text(in), want)
		}
	}
	got := Dates(text.Segment(in, nil), base, nil)
	if len(got) < 25 {
		t.Errorf("only %d dates", len(got))
	}
}
