package ingest

import (
	"bytes"
	"io"
	"testing"
)

// Ensure that formats are told by content first and name second.
func TestSniff(t *testing.T) {
	tests := []struct {
		name, head string
		want       format
	}{
		{"a.warc", "\x1f\x8b\x08\x00", formatGzip},
		{"-", "WARC/1.1\r\n", formatWARC},
		{"x.txt", "\ufeff  WARC/1.0\r\n", formatWARC},
		{"list.urls", "https://a.example/\n", formatURLs},
		{"-", `{"title": "x"}`, formatJSONL},
		{"a.json", "  {\"a\": 1}\n", formatJSONL},
		{"a.json", "{\n  \"a\": 1\n}\n", formatJSON},
		{"a.json", "[{}]", formatJSON},
		{"a.txt", "[1] Footnotes first.", formatText},
		{"a.txt", `{braces} in a story`, formatText},
		{"-", `<?xml version="1.0"?><!-- c --><rss version="2.0">`, formatFeed},
		{"-", `<?xml version="1.0"?>` + "\n<?xml-stylesheet href=\"a.xsl\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", formatFeed},
		{"-", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`, formatFeed},
		{"-", `<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN">`, formatFeed},
		{"-", "<!DOCTYPE html>\n<html>", formatHTML},
		{"-", "<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">", formatHTML},
		{"-", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">`, formatHTML},
		{"-", "<HTML><HEAD>", formatHTML},
		{"page.xml", "<urlset>", formatFeed},
		{"-", "<div>fragment</div>", formatHTML},
		{"page.html", "Just text, no tags.", formatHTML},
		{"a.jsonl", "", formatText},
		{"-", "Plain story text.", formatText},
		{"x.RSS", "garbage", formatFeed},
		{"x.warc", "http://a.example/", formatWARC},
	}
	for _, tt := range tests {
		if got := sniff(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("sniff(%q, %q) = %d, want %d", tt.name, tt.head, got, tt.want)
		}
	}
}

// Ensure that the rewinder gives back bytes since its mark and finds the
// next gzip magic after a bad member.
func TestRewinder(t *testing.T) {
	data := []byte("aaaa\x1f\x8b\x07bb\x1f\x1f\x8b\x08cc")
	w := &rewinder{r: bytes.NewReader(data), limit: 1 << 20}
	w.mark()
	b := make([]byte, 3)
	io.ReadFull(w, b)
	if !w.next(0) {
		t.Fatal("no magic found")
	}
	if off := w.offset(); off != 10 {
		t.Fatalf("magic at %d, want 10", off)
	}
	rest, _ := io.ReadAll(w)
	if string(rest) != "\x1f\x8b\x08cc" {
		t.Fatalf("rest %q", rest)
	}
	if w.next(10) {
		t.Fatal("found a second magic")
	}

	// Past the limit the mark is dropped and rewinding fails.
	w = &rewinder{r: bytes.NewReader(bytes.Repeat([]byte("x"), 200<<10)), limit: 64 << 10}
	w.mark()
	io.Copy(io.Discard, w)
	if w.rewind(1) {
		t.Fatal("rewound past the limit")
	}
}
