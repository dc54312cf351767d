package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/avocet-events/avocet/ingest"
)

// fuzzOptions keep fuzzed inputs small and fast, and fetch nothing.
var fuzzOptions = ingest.Options{
	MaxArticleBytes: 1 << 20,
	MaxRecordBytes:  1 << 20,
	Client:          &http.Client{Transport: noNetwork{}},
}

// noNetwork fails every request.
type noNetwork struct{}

func (noNetwork) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in fuzz tests")
}

// fuzzRead reads data as name: it must not panic, must not fail (the data
// is in memory and fn never fails), and every record must keep the
// invariants of checkRecords.
func fuzzRead(t *testing.T, name string, data []byte) {
	o := fuzzOptions
	st := new(ingest.Stats)
	o.Stats = st
	var recs []ingest.Record
	err := ingest.Read(context.Background(), name, bytes.NewReader(data), &o, func(r ingest.Record) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	checkRecords(t, name, recs, *st)
	for _, r := range recs {
		if r.Err == nil && int64(len(r.Article.Text)) > o.MaxArticleBytes {
			t.Fatalf("article of %d bytes over the limit", len(r.Article.Text))
		}
		if r.Err != nil && !isInvalid(r.Err) {
			t.Fatalf("error record %q (%s) does not wrap ErrInvalidInput", r.Err, r.Record)
		}
	}
}

// addFiles adds the files matching a pattern to a fuzz corpus.
func addFiles(f *testing.F, pattern string) {
	paths, err := filepath.Glob(filepath.FromSlash(pattern))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzHTML feeds arbitrary pages to the HTML reader. Seed corpus:
// testdata/html, testdata/warc/pages and testdata/fuzz/FuzzHTML.
func FuzzHTML(f *testing.F) {
	addFiles(f, "testdata/html/*.html")
	addFiles(f, "testdata/warc/pages/*.html")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "fuzz.html", data) })
}

// FuzzFeed feeds arbitrary XML to the feed reader. Seed corpus:
// testdata/feeds and testdata/fuzz/FuzzFeed.
func FuzzFeed(f *testing.F) {
	addFiles(f, "testdata/feeds/*")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "fuzz.xml", data) })
}

// FuzzWARC feeds arbitrary WARC files, plain or gzip, to the WARC reader.
// Seed corpus: testdata/warc and testdata/fuzz/FuzzWARC.
func FuzzWARC(f *testing.F) {
	addFiles(f, "testdata/warc/*.warc")
	addFiles(f, "testdata/warc/*.warc.gz")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "fuzz.warc", data) })
}

// FuzzJSONL feeds arbitrary lines to the JSONL reader. Seed corpus:
// testdata/jsonl and testdata/fuzz/FuzzJSONL.
func FuzzJSONL(f *testing.F) {
	addFiles(f, "testdata/jsonl/*.jsonl")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "fuzz.jsonl", data) })
}
