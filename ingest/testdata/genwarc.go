//go:build ignore

// genwarc writes the WARC fixtures of the ingest tests:
//
//	go run testdata/genwarc.go
//
// run in the ingest directory. The pages are the hand-written HTML files
// in testdata/warc/pages; the output is deterministic.
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

const dir = "testdata/warc"

func page(name string) string {
	b, err := os.ReadFile(filepath.Join(dir, "pages", name))
	if err != nil {
		log.Fatal(err)
	}
	return string(b)
}

// record returns one WARC record.
func record(typ, uri, ctype, date string, id int, block string) string {
	var b strings.Builder
	b.WriteString("WARC/1.1\r\n")
	fmt.Fprintf(&b, "WARC-Type: %s\r\n", typ)
	fmt.Fprintf(&b, "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n", id)
	fmt.Fprintf(&b, "WARC-Date: %s\r\n", date)
	if uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", uri)
	}
	if ctype != "" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", ctype)
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(block))
	b.WriteString(block)
	b.WriteString("\r\n\r\n")
	return b.String()
}

func httpResponse(headers, body string) string {
	return "HTTP/1.1 200 OK\r\n" + headers + fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body)) + body
}

func chunked(body string) string {
	var b strings.Builder
	for len(body) > 0 {
		n := min(len(body), 700)
		fmt.Fprintf(&b, "%x\r\n%s\r\n", n, body[:n])
		body = body[n:]
	}
	b.WriteString("0\r\n\r\n")
	return b.String()
}

func gz(s string) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func main() {
	warcinfo := record("warcinfo", "", "application/warc-fields", "2024-03-06T00:00:00Z", 1,
		"software: avocet-fixture/1.0\r\nformat: WARC File Format 1.1\r\n")
	request := record("request", "https://courier.example/world/2024/03/05/river-water-deal",
		"application/http; msgtype=request", "2024-03-06T00:00:01Z", 2,
		"GET /world/2024/03/05/river-water-deal HTTP/1.1\r\nHost: courier.example\r\nUser-Agent: fixture\r\n\r\n")
	storyA := record("response", "https://courier.example/world/2024/03/05/river-water-deal",
		"application/http; msgtype=response", "2024-03-06T00:00:02Z", 3,
		httpResponse("Content-Type: text/html; charset=utf-8\r\n", page("river.html")))
	image := record("response", "https://courier.example/img/river.png",
		"application/http; msgtype=response", "2024-03-06T00:00:03Z", 4,
		httpResponse("Content-Type: image/png\r\n", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"))
	gzBody := string(gz(page("port.html")))
	storyB := record("response", "https://gazette.example/2024/03/port-strike-ends",
		"application/http; msgtype=response", "2024-03-06T00:00:04Z", 5,
		"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"+chunked(gzBody))
	storyC := record("response", "https://valley.example/2024/03/council-vote",
		"application/http; msgtype=response", "2024-03-06T00:00:05Z", 6,
		httpResponse("Content-Type: text/html\r\n", page("council.html")))
	metadata := record("metadata", "https://courier.example/world/2024/03/05/river-water-deal",
		"application/warc-fields", "2024-03-06T00:00:06Z", 7, "fetchTimeMs: 120\r\n")
	revisit := record("revisit", "https://courier.example/world/2024/03/05/river-water-deal",
		"application/http; msgtype=response", "2024-03-06T00:00:07Z", 8,
		"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")

	// mixed.warc.gz: one gzip member per record, the fifth member corrupt.
	var mixed bytes.Buffer
	for i, r := range []string{warcinfo, request, storyA, image, storyB, storyC, metadata, revisit} {
		m := gz(r)
		if i == 4 {
			for j := 40; j < 60 && j < len(m)-8; j++ {
				m[j] ^= 0x5a
			}
		}
		mixed.Write(m)
	}
	write("mixed.warc.gz", mixed.Bytes())

	// whole.warc.gz: the same records (none corrupt) in a single member.
	write("whole.warc.gz", gz(warcinfo+request+storyA+image+storyB+storyC+metadata+revisit))

	// truncated.warc: the second response cut in its block.
	plain := warcinfo + storyA + storyC
	write("truncated.warc", []byte(plain[:len(plain)-300]))

	// truncated.warc.gz: per-record members, the last one cut.
	var tr bytes.Buffer
	tr.Write(gz(warcinfo))
	tr.Write(gz(storyA))
	last := gz(storyC)
	tr.Write(last[:len(last)/2])
	write("truncated.warc.gz", tr.Bytes())

	// resync.warc: a malformed header and a wrong Content-Length between
	// good records.
	bad := strings.Replace(storyA, "WARC-Date: 2024-03-06T00:00:02Z\r\n", "WARC-Date 2024-03-06T00:00:02Z\r\n", 1)
	short := shortenLength(storyC, 200)
	write("resync.warc", []byte(warcinfo+bad+storyC+short+storyA))
}

// shortenLength lowers a record's Content-Length by n.
func shortenLength(r string, n int) string {
	i := strings.Index(r, "Content-Length: ")
	j := strings.Index(r[i:], "\r\n") + i
	var cl int
	fmt.Sscanf(r[i+len("Content-Length: "):j], "%d", &cl)
	return r[:i] + fmt.Sprintf("Content-Length: %d", cl-n) + r[j:]
}

func write(name string, b []byte) {
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		log.Fatal(err)
	}
}
