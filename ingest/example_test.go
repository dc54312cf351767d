package ingest_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/avocet-events/avocet/ingest"
)

// Read calls fn once per article or broken record; a broken record does
// not stop the rest of the input.
func ExampleRead() {
	input := `{"title": "Talks resume", "text": "Negotiators met again on Monday.", "date": "Mon, 4 Mar 2024 09:00:00 GMT"}
{"title": "Cut off", "text": "This line ends in the mi
{"title": "Port strike ends", "body": "Dock workers accepted a pay rise.", "source": "Harbour Gazette"}
`
	err := ingest.Read(context.Background(), "news.jsonl", strings.NewReader(input), nil, func(r ingest.Record) error {
		if r.Err != nil {
			fmt.Printf("%s: %s: %v\n", r.Input, r.Record, r.Err)
			return nil
		}
		a := r.Article
		date := "no date"
		if !a.Date.IsZero() {
			date = a.Date.Format("2006-01-02")
		}
		fmt.Printf("%s: %s: %s… %s %q %q\n", r.Input, r.Record, a.ID[:8], date, a.Title, a.Publisher)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// news.jsonl: line 1: 5b09dd05… 2024-03-04 "Talks resume" ""
	// news.jsonl: line 2: bad JSON: unexpected end of JSON input
	// news.jsonl: line 3: a6253d62… no date "Port strike ends" "Harbour Gazette"
}
