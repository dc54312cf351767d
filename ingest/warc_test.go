package ingest_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"
	"testing"

	"github.com/avocet-events/avocet/ingest"
)

// The WARC fixtures are made by testdata/genwarc.go from the pages in
// testdata/warc/pages; offsets below are those of the files it writes.

// Ensure that a per-record gzip WARC yields the HTML responses, skips the
// other records silently, and reports the corrupt member in the middle as
// one error record naming its record number and offset.
func TestWARCGzipCorruptMember(t *testing.T) {
	recs, st := readAll(t, "mixed.warc.gz", readFile(t, "testdata/warc/mixed.warc.gz"), nil)
	compare(t, recs, []summary{
		{
			Record:    "WARC record 3 at offset 460",
			Title:     "Ministers agree on river water deal",
			URL:       "https://courier.example/world/2024/03/05/river-water-deal",
			Publisher: "The Lakeside Courier",
			Date:      "2024-03-05",
			Byline:    "Amina Odhiambo",
			Text:      strings.Join(newsParas, "\n\n"),
		},
		{Record: "WARC record 5 at offset 3362", Err: "bad gzip member"},
		{
			Record:    "WARC record 6 at offset 4282",
			Title:     "Valley Times: Council delays vote",
			URL:       "https://valley.example/2024/03/council-vote",
			Publisher: "valley.example",
			Date:      "2024-03-05",
			Text:      "The town council postponed its vote on the café tax until April",
		},
	})
	want := ingest.Stats{Records: 8, Articles: 2, Skipped: 5, Errors: 1}
	if st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	if !isInvalid(recs[1].Err) {
		t.Errorf("error %v does not wrap ErrInvalidInput", recs[1].Err)
	}
}

// Ensure that a WARC compressed as one gzip stream is read, including a
// chunked, gzip-encoded HTTP response, with the WARC-Date as fallback date.
func TestWARCWholeGzip(t *testing.T) {
	recs, st := readAll(t, "whole.warc.gz", readFile(t, "testdata/warc/whole.warc.gz"), nil)
	compare(t, recs, []summary{
		{
			Record:    "WARC record 3 at decompressed offset 628 of the gzip member at offset 0",
			Title:     "Ministers agree on river water deal",
			URL:       "https://courier.example/world/2024/03/05/river-water-deal",
			Publisher: "The Lakeside Courier",
			Date:      "2024-03-05",
			Byline:    "Amina Odhiambo",
		},
		{
			Record:    "WARC record 5 at decompressed offset 6872 of the gzip member at offset 0",
			Title:     "Port workers end strike after pay offer",
			URL:       "https://gazette.example/2024/03/port-strike-ends",
			Publisher: "Harbour Gazette",
			Date:      "2024-03-06",
			Text:      "Dock workers in the harbour accepted a 9% pay rise on Tuesday, ending a strike that had lasted two weeks and left dozens of ships waiting at anchor.\n\nThe union said",
		},
		{
			Record:    "WARC record 6 at decompressed offset 7843 of the gzip member at offset 0",
			Title:     "Valley Times: Council delays vote",
			URL:       "https://valley.example/2024/03/council-vote",
			Publisher: "valley.example",
			Date:      "2024-03-05",
		},
	})
	if strings.Contains(recs[1].Article.Text, "Loading comments") || strings.Contains(recs[1].Article.Text, "Posted by") {
		t.Errorf("boilerplate in %q", recs[1].Article.Text)
	}
	if st.Records != 8 || st.Skipped != 5 {
		t.Errorf("stats %+v", st)
	}
}

// Ensure that a truncated WARC gives the records before the cut and one
// error record, plain or gzip-compressed.
func TestWARCTruncated(t *testing.T) {
	for _, tt := range []struct {
		file   string
		record string
	}{
		{"truncated.warc", "WARC record 3 at offset 6149"},
		{"truncated.warc.gz", "WARC record 3 at offset 2850"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			recs, _ := readAll(t, tt.file, readFile(t, "testdata/warc/"+tt.file), nil)
			compare(t, recs, []summary{
				{
					Record:    "WARC record 2 at offset " + map[string]string{"truncated.warc": "254", "truncated.warc.gz": "202"}[tt.file],
					Title:     "Ministers agree on river water deal",
					URL:       "https://courier.example/world/2024/03/05/river-water-deal",
					Publisher: "The Lakeside Courier",
					Date:      "2024-03-05",
					Byline:    "Amina Odhiambo",
				},
				{Record: tt.record, Err: "runs past the end of the input"},
			})
		})
	}
}

// Ensure that a malformed header and a wrong Content-Length each give an
// error record and reading goes on at the next record.
func TestWARCResync(t *testing.T) {
	recs, _ := readAll(t, "resync.warc", readFile(t, "testdata/warc/resync.warc"), nil)
	compare(t, recs, []summary{
		{Record: "WARC record 2 at offset 254", Err: `malformed header line "WARC-Date 2024-03-06T00:00:02Z"`},
		{
			Record:    "WARC record 3 at offset 6148",
			Title:     "Valley Times: Council delays vote",
			URL:       "https://valley.example/2024/03/council-vote",
			Publisher: "valley.example",
			Date:      "2024-03-05",
		},
		{Record: "WARC record 4 at offset 7173", Err: "not followed by CRLF CRLF"},
		{
			Record:    "WARC record 5 at offset 8198",
			Title:     "Ministers agree on river water deal",
			URL:       "https://courier.example/world/2024/03/05/river-water-deal",
			Publisher: "The Lakeside Courier",
			Date:      "2024-03-05",
			Byline:    "Amina Odhiambo",
		},
	})
}

// warcRecord returns a WARC 1.0 response record of an HTTP response.
func warcRecord(uri, date, httpResp string) string {
	return fmt.Sprintf("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <%s>\r\nWARC-Date: %s\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		uri, date, len(httpResp), httpResp)
}

// Ensure that WARC 1.0 records with bracketed URIs, pages without a date
// (the WARC-Date is used), relative canonical links, pages over the
// limit, undeclared HTML, unsupported encodings, non-2xx responses, broken
// HTTP and bodies shorter than their Content-Length work as documented.
func TestWARCResponses(t *testing.T) {
	body := `<html><head><title>Rain at last</title><link rel="canonical" href="/news/rain"></head><body><p>Rain fell across the north on Sunday, the first in six months, and farmers said the crops might still be saved.</p></body></html>`
	big := "<html><body><p>" + strings.Repeat("word ", 400) + "</p></body></html>"
	records := []string{
		warcRecord("http://a.example/x?id=1", "2024-03-10T06:00:00Z", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"+body),
		warcRecord("http://a.example/big", "2024-03-10T06:00:00Z", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"+big),
		warcRecord("http://a.example/sniffed", "2024-03-11T06:00:00Z", "HTTP/1.1 200 OK\r\n\r\n"+body),
		warcRecord("http://a.example/br", "2024-03-11T06:00:00Z", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\nxx"),
		warcRecord("http://a.example/404", "2024-03-11T06:00:00Z", "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n"+body),
		warcRecord("http://a.example/bad", "2024-03-11T06:00:00Z", "not http at all"),
		warcRecord("http://a.example/short", "2024-03-12T06:00:00Z", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9999\r\n\r\n"+body),
	}
	var off []int
	n := 0
	for _, r := range records {
		off = append(off, n)
		n += len(r)
	}
	at := func(i int) string { return fmt.Sprintf("WARC record %d at offset %d", i+1, off[i]) }
	recs, st := readAll(t, "x.warc", []byte(strings.Join(records, "")), &ingest.Options{MaxArticleBytes: 1000})
	compare(t, recs, []summary{
		{Record: at(0), Title: "Rain at last", URL: "http://a.example/news/rain", Publisher: "a.example", Date: "2024-03-10"},
		{Record: at(1), Err: fmt.Sprintf("article of %d bytes exceeds limit of 1000", len(big))},
		{Record: at(2), Title: "Rain at last", URL: "http://a.example/news/rain", Publisher: "a.example", Date: "2024-03-11"},
		{Record: at(3), Err: `unsupported Content-Encoding "br"`},
		{Record: at(5), Err: "bad HTTP response"},
		{Record: at(6), Title: "Rain at last", URL: "http://a.example/news/rain", Publisher: "a.example", Date: "2024-03-12"},
	})
	if st.Skipped != 1 || st.Records != 7 {
		t.Errorf("stats %+v", st)
	}
}

// Ensure that a gzip member that is not gzip at all (garbage between
// members) is reported once and the next member is read.
func TestWARCGarbageBetweenMembers(t *testing.T) {
	body := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>" + strings.Repeat("The talks went on late into the night. ", 5) + "</p>"
	var b bytes.Buffer
	for i, part := range []string{warcRecord("http://a.example/1", "2024-03-10", body), "", warcRecord("http://a.example/2", "2024-03-10", body)} {
		if i == 1 {
			b.WriteString("this is not gzip \x1f\x8b but looks like it for a moment")
			continue
		}
		z := gzip.NewWriter(&b)
		z.Write([]byte(part))
		z.Close()
	}
	recs, _ := readAll(t, "g.warc.gz", b.Bytes(), nil)
	got := summarize(recs)
	if len(got) != 3 || got[0].URL != "http://a.example/1" || got[1].Err == "" || got[2].URL != "http://a.example/2" {
		t.Fatalf("got %+v", got)
	}
}
