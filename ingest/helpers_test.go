package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/ingest"
)

// readAll reads data as the input name and returns its records and stats,
// after checking the invariants every record must keep.
func readAll(t testing.TB, name string, data []byte, opts *ingest.Options) ([]ingest.Record, ingest.Stats) {
	t.Helper()
	var o ingest.Options
	if opts != nil {
		o = *opts
	}
	st := new(ingest.Stats)
	o.Stats = st
	var recs []ingest.Record
	err := ingest.Read(context.Background(), name, bytes.NewReader(data), &o, func(r ingest.Record) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	checkRecords(t, name, recs, *st)
	return recs, *st
}

// checkRecords checks the invariants of Read's records and stats.
func checkRecords(t testing.TB, name string, recs []ingest.Record, st ingest.Stats) {
	t.Helper()
	articles, errs := 0, 0
	for i, r := range recs {
		if r.Input != name {
			t.Fatalf("record %d: Input %q, want %q", i, r.Input, name)
		}
		if r.Err != nil {
			errs++
			if r.Article != (avocet.Article{}) {
				t.Fatalf("record %d: error record %v with an article", i, r.Err)
			}
			continue
		}
		articles++
		a := r.Article
		if strings.TrimSpace(a.Text) == "" {
			t.Fatalf("record %d (%s): article without text", i, r.Record)
		}
		if a.ID != ingest.ID(a.Title, a.Text) || len(a.ID) != 32 {
			t.Fatalf("record %d: ID %q is not ID(title, text)", i, a.ID)
		}
		if a.Language != "en" {
			t.Fatalf("record %d: Language %q", i, a.Language)
		}
		for _, s := range []string{a.Text, a.Title, a.URL, a.Publisher, r.Byline} {
			if !utf8.ValidString(s) {
				t.Fatalf("record %d: invalid UTF-8 in %q", i, s)
			}
		}
		if !a.Date.IsZero() && (a.Date.Location() != nil && a.Date.Location().String() != "UTC" || a.Date.Hour() != 0 || a.Date.Minute() != 0) {
			t.Fatalf("record %d: date %v is not UTC midnight", i, a.Date)
		}
	}
	if st.Articles != articles || st.Errors != errs {
		t.Fatalf("stats %+v, but %d articles and %d errors passed to fn", st, articles, errs)
	}
	if st.Records < articles+errs {
		t.Fatalf("stats %+v: fewer records than articles and errors", st)
	}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// summary is the part of a record that tests compare.
type summary struct {
	Record    string
	Title     string
	URL       string
	Publisher string
	Date      string
	Byline    string
	Text      string
	Err       string // substring of the error
}

func summarize(recs []ingest.Record) []summary {
	var out []summary
	for _, r := range recs {
		s := summary{Record: r.Record}
		if r.Err != nil {
			s.Err = r.Err.Error()
		} else {
			a := r.Article
			s.Title, s.URL, s.Publisher, s.Byline, s.Text = a.Title, a.URL, a.Publisher, r.Byline, a.Text
			if !a.Date.IsZero() {
				s.Date = a.Date.Format("2006-01-02")
			}
		}
		out = append(out, s)
	}
	return out
}

// compare checks got against want; want's Err and Text match as
// substrings, with Text "" meaning "any".
func compare(t *testing.T, got []ingest.Record, want []summary) {
	t.Helper()
	gs := summarize(got)
	if len(gs) != len(want) {
		for _, g := range gs {
			t.Logf("got %+v", g)
		}
		t.Fatalf("got %d records, want %d", len(gs), len(want))
	}
	for i := range want {
		g, w := gs[i], want[i]
		if w.Err != "" && strings.Contains(g.Err, w.Err) {
			g.Err = w.Err
		}
		if w.Text != "" && strings.Contains(g.Text, w.Text) || w.Text == "" {
			g.Text = w.Text
		}
		if g != w {
			t.Errorf("record %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

// isInvalid reports whether err is a broken-input error.
func isInvalid(err error) bool { return errors.Is(err, avocet.ErrInvalidInput) }
