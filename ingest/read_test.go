package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/avocet-events/avocet/ingest"
)

// Ensure that JSONL lines become articles, that "body" and "content" stand
// in for "text", and that a broken line, an empty text and a line that is
// not an object are error records that do not stop the rest.
func TestJSONL(t *testing.T) {
	recs, st := readAll(t, "articles.jsonl", readFile(t, "testdata/jsonl/articles.jsonl"), nil)
	compare(t, recs, []summary{
		{Record: "line 1", Title: "Ministers agree on river water deal", URL: "https://courier.example/a1", Publisher: "Lakeside Courier", Date: "2024-03-05", Text: "Water ministers agreed on Tuesday to share the river's flow."},
		{Record: "line 2", Err: "bad JSON: unexpected end of JSON input"},
		{Record: "line 4", Title: "Border talks resume", Publisher: "Horn Herald", Date: "2024-03-06", Text: "Negotiators met again in Addis Ababa."},
		{Record: "line 5", Title: "Port strike ends", Date: "2024-03-05", Byline: "Lucia Ferreira, Ana Costa", Text: "Dock workers accepted a 9% pay rise."},
		{Record: "line 6", Err: "no article text"},
		{Record: "line 7", Err: "not a JSON object"},
		{Record: "line 8", Title: "Council delays vote", Date: "2024-03-05", Byline: "José García", Text: "The council postponed the vote."},
	})
	if st.Records != 7 {
		t.Errorf("stats %+v: blank line counted", st)
	}
	if recs[0].Article.ID == "a1" {
		t.Error("JSONL id used as article ID")
	}
	for _, i := range []int{1, 4, 5} {
		if !isInvalid(recs[i].Err) {
			t.Errorf("record %d: %v does not wrap ErrInvalidInput", i, recs[i].Err)
		}
	}
}

// Ensure that a JSONL line over MaxRecordBytes is an error record and the
// next line is still read, and that JSON arrays are read item by item.
func TestJSONLimitsAndArrays(t *testing.T) {
	input := `{"title": "A", "text": "` + strings.Repeat("x", 200) + `"}` + "\n" + `{"title": "B", "text": "short"}` + "\n"
	recs, _ := readAll(t, "big.jsonl", []byte(input), &ingest.Options{MaxRecordBytes: 100})
	compare(t, recs, []summary{
		{Record: "line 1", Err: "line of 226 bytes exceeds limit of 100"},
		{Record: "line 2", Title: "B", Text: "short"},
	})
	if !errors.Is(recs[0].Err, ingest.ErrTooLarge) {
		t.Errorf("%v does not wrap ErrTooLarge", recs[0].Err)
	}

	array := `[{"title": "A", "text": "one"}, {"title": "B"}, {"title": "C", "content": "three"}]`
	recs, _ = readAll(t, "a.json", []byte(array), nil)
	compare(t, recs, []summary{
		{Record: "item 1", Title: "A", Text: "one"},
		{Record: "item 2", Err: "no article text"},
		{Record: "item 3", Title: "C", Text: "three"},
	})

	pretty := "{\n  \"title\": \"A\",\n  \"text\": \"one\"\n}\n{\n  \"title\": \"B\",\n  \"text\": \"two\"\n}\n"
	recs, _ = readAll(t, "p.json", []byte(pretty), nil)
	compare(t, recs, []summary{{Record: "item 1", Title: "A", Text: "one"}, {Record: "item 2", Title: "B", Text: "two"}})
}

// Ensure that plain text is one article whose first line is not a title.
func TestPlainText(t *testing.T) {
	data := readFile(t, "testdata/text/plain.txt")
	recs, _ := readAll(t, "plain.txt", data, nil)
	compare(t, recs, []summary{{Text: "Ministers agree on river water deal\n\nNAIROBI"}})
	if recs[0].Article.Text != string(data) {
		t.Errorf("text %q, want the file as is", recs[0].Article.Text)
	}
	recs, _ = readAll(t, "empty.txt", []byte(" \n\t\n"), nil)
	compare(t, recs, []summary{{Err: "no article text"}})
}

// Ensure that invalid UTF-8 is repaired and the repairs counted.
func TestInvalidUTF8(t *testing.T) {
	recs, st := readAll(t, "bad.txt", readFile(t, "testdata/text/invalid-utf8.txt"), nil)
	if len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("got %+v", summarize(recs))
	}
	text := recs[0].Article.Text
	if !utf8.ValidString(text) || !strings.Contains(text, "r\uFFFDsum\uFFFD on Monday") {
		t.Errorf("text %q", text)
	}
	if recs[0].Repairs != 4 || st.Repairs != 4 {
		t.Errorf("repairs %d (stats %d), want 4: two Latin-1 bytes and a cut three-byte rune", recs[0].Repairs, st.Repairs)
	}
}

// pattern is an endless reader of one repeated string.
type pattern struct {
	s   string
	n   int64 // bytes left
	off int
}

func (p *pattern) Read(b []byte) (int, error) {
	if p.n <= 0 {
		return 0, io.EOF
	}
	n := 0
	for n < len(b) && p.n > 0 {
		c := copy(b[n:min(len(b), n+int(p.n))], p.s[p.off:])
		p.off = (p.off + c) % len(p.s)
		n += c
		p.n -= int64(c)
	}
	return n, nil
}

// Ensure that a 10 MB article over a small limit is an error record, not a
// panic, and that reading it does not hold it in memory.
func TestArticleTooLarge(t *testing.T) {
	const size = 10 << 20
	for _, tt := range []struct {
		name, prefix string
		want         string
	}{
		{"big.txt", "", "article of 10485760 bytes exceeds limit of 1048576"},
		{"big.html", "<html><body><p>", "article of 10485760 bytes exceeds limit of 1048576"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := io.MultiReader(strings.NewReader(tt.prefix), &pattern{s: "All work and no play. ", n: size - int64(len(tt.prefix))})
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var recs []ingest.Record
			err := ingest.Read(context.Background(), tt.name, r, &ingest.Options{MaxArticleBytes: 1 << 20}, func(r ingest.Record) error {
				recs = append(recs, r)
				return nil
			})
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			compare(t, recs, []summary{{Err: tt.want}})
			if !errors.Is(recs[0].Err, ingest.ErrTooLarge) {
				t.Errorf("%v does not wrap ErrTooLarge", recs[0].Err)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 6<<20 {
				t.Errorf("allocated %d bytes for a 1 MiB limit", alloc)
			}
		})
	}
}

// Ensure that the ID ignores white-space differences and nothing else.
func TestID(t *testing.T) {
	a := ingest.ID("River deal", "First paragraph.\n\nSecond paragraph.")
	if len(a) != 32 {
		t.Fatalf("ID %q is not 32 hex digits", a)
	}
	for _, same := range [][2]string{
		{" River  deal ", "First paragraph. Second paragraph."},
		{"River\u00a0deal", "\tFirst paragraph.\r\nSecond\u2003paragraph.\n"},
	} {
		if got := ingest.ID(same[0], same[1]); got != a {
			t.Errorf("ID(%q, %q) = %s, want %s", same[0], same[1], got, a)
		}
	}
	for _, other := range [][2]string{
		{"River deal.", "First paragraph.\n\nSecond paragraph."},
		{"", "River deal First paragraph. Second paragraph."},
		{"River deal", "First paragraph.\n\nSecond paragraph!"},
	} {
		if ingest.ID(other[0], other[1]) == a {
			t.Errorf("ID(%q, %q) collides", other[0], other[1])
		}
	}
}

// Ensure that the same story read from JSONL, HTML and a feed gets the
// same ID.
func TestSameStorySameID(t *testing.T) {
	html, _ := readAll(t, "news.html", readFile(t, "testdata/html/news.html"), nil)
	jsonl := fmt.Sprintf(`{"title": %q, "text": %q, "source": "other"}`, newsTitle, strings.Join(newsParas, "\n"))
	fromJSON, _ := readAll(t, "news.jsonl", []byte(jsonl), nil)
	var items strings.Builder
	for _, p := range newsParas {
		items.WriteString("&lt;p&gt;" + strings.ReplaceAll(strings.ReplaceAll(p, "&", "&amp;"), "<", "&lt;") + "&lt;/p&gt;\n")
	}
	feed := "<rss><channel><title>C</title><item><title>" + newsTitle + "</title><description>" + items.String() + "</description></item></channel></rss>"
	fromFeed, _ := readAll(t, "news.rss", []byte(feed), nil)
	id := html[0].Article.ID
	if fromJSON[0].Article.ID != id || fromFeed[0].Article.ID != id {
		t.Errorf("IDs differ: html %s, jsonl %s %v, feed %s %v", id, fromJSON[0].Article.ID, fromJSON[0].Err, fromFeed[0].Article.ID, fromFeed[0].Err)
	}
}

// Ensure that dates in the usual forms parse to UTC midnight of the day
// as written, and that anything else is the zero time.
func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2024-03-05", "2024-03-05"},
		{"2024-03-05T23:30:00-05:00", "2024-03-05"},
		{"2024-03-05T23:30:00.123Z", "2024-03-05"},
		{"2024-03-05T23:30:00", "2024-03-05"},
		{"2024-03-05 23:30", "2024-03-05"},
		{"2024/03/05", "2024-03-05"},
		{"20240305", "2024-03-05"},
		{"20240305120000", "2024-03-05"},
		{"Tue, 05 Mar 2024 18:40:00 +0000", "2024-03-05"},
		{"Tue, 5 Mar 2024 18:40:00 GMT", "2024-03-05"},
		{"Tue, 05 Mar 2024 18:40:00 -1000", "2024-03-05"},
		{"05 Mar 24 18:40 EST", "2024-03-05"},
		{"Tue, 05 Mar 24 18:40 -0500", "2024-03-05"},
		{"Tuesday, 05-Mar-24 18:40:00 GMT", "2024-03-05"},
		{"Mar 5, 2024", "2024-03-05"},
		{"March 5th, 2024 3:04 PM", "2024-03-05"},
		{"5 March 2024", "2024-03-05"},
		{"Sept 30, 1999", "1999-09-30"},
		{"  2024-02-29  ", "2024-02-29"},
		{"2023-02-29", ""},
		{"31 April 2024", ""},
		{"03/05/2024", ""},
		{"yesterday", ""},
		{"", ""},
		{"2024", ""},
		{"Mayor 5 2024", ""},
		{"12345678901", ""},
	}
	for _, tt := range tests {
		got := ingest.ParseDate(tt.in)
		s := ""
		if !got.IsZero() {
			s = got.Format("2006-01-02")
			if got.Location() != time.UTC || got.Hour() != 0 || got.Minute() != 0 || got.Second() != 0 || got.Nanosecond() != 0 {
				t.Errorf("ParseDate(%q) = %v, not UTC midnight", tt.in, got)
			}
		}
		if s != tt.want {
			t.Errorf("ParseDate(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
}

// Ensure that fn's error stops reading and comes back unchanged, and that
// a cancelled context stops reading.
func TestStop(t *testing.T) {
	input := strings.Repeat(`{"title": "A", "text": "one"}`+"\n", 10)
	stop := errors.New("stop")
	n := 0
	err := ingest.Read(context.Background(), "a.jsonl", strings.NewReader(input), nil, func(ingest.Record) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Errorf("Read = %v after %d records, want stop after 3", err, n)
	}

	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err = ingest.Read(ctx, "a.jsonl", strings.NewReader(input), nil, func(ingest.Record) error {
		n++
		if n == 2 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 2 {
		t.Errorf("Read = %v after %d records, want context.Canceled after 2", err, n)
	}
}

// Ensure that an input whose reads fail at once is an error, not a record.
func TestUnreadable(t *testing.T) {
	broken := errors.New("disk on fire")
	err := ingest.Read(context.Background(), "x", io.MultiReader(errReader{broken}), nil, func(r ingest.Record) error {
		t.Errorf("record %+v", r)
		return nil
	})
	if !errors.Is(err, broken) {
		t.Errorf("Read = %v, want %v", err, broken)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
