package ingest_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/avocet-events/avocet/ingest"
)

// BenchmarkExtractHTML reads a realistic 50 KB news page (mega-menu, ads,
// story, related links, 52 comments, footer) into one article.
func BenchmarkExtractHTML(b *testing.B) {
	page := readFile(b, "testdata/bench/page.html")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := ingest.Read(context.Background(), "page.html", bytes.NewReader(page), nil, func(r ingest.Record) error {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
			n++
			return nil
		})
		if err != nil || n != 1 {
			b.Fatalf("Read: %v, %d records", err, n)
		}
	}
}
