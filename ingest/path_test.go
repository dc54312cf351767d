package ingest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/avocet-events/avocet/ingest"
)

// readPath runs ReadPath and returns the records, checking invariants per
// input.
func readPath(t *testing.T, path string, opts *ingest.Options) ([]ingest.Record, ingest.Stats) {
	t.Helper()
	var o ingest.Options
	if opts != nil {
		o = *opts
	}
	st := new(ingest.Stats)
	o.Stats = st
	var recs []ingest.Record
	if err := ingest.ReadPath(context.Background(), path, &o, func(r ingest.Record) error {
		recs = append(recs, r)
		return nil
	}); err != nil {
		t.Fatalf("ReadPath(%s): %v", path, err)
	}
	return recs, *st
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Ensure that ReadPath reads the known file types of a directory tree in
// sorted order, skips others and hidden ones, and turns an unreadable file
// into an error record.
func TestReadPathDir(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b.txt":           "Story B is plain text.",
		"a.jsonl":         `{"title": "A", "text": "Story A."}`,
		"c/d.html":        "<p>Story D is an HTML page with a paragraph that is long enough.</p>",
		"c/e.rss":         "<rss><channel><title>F</title><item><title>E</title><description>Story E.</description></item></channel></rss>",
		"image.png":       "\x89PNG",
		".hidden.txt":     "hidden",
		".git/config.txt": "hidden",
		"notes.md":        "not read",
	})
	if err := os.Symlink(filepath.Join(dir, "gone.txt"), filepath.Join(dir, "z.txt")); err != nil {
		t.Fatal(err)
	}
	recs, st := readPath(t, dir, nil)
	var got []string
	for _, r := range recs {
		rel, _ := filepath.Rel(dir, r.Input)
		got = append(got, filepath.ToSlash(rel)+"|"+r.Record+"|"+r.Article.Title)
	}
	want := []string{"a.jsonl|line 1|A", "b.txt||", "c/d.html||", "c/e.rss|item 1|E", "z.txt||"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if last := recs[len(recs)-1]; !errors.Is(last.Err, os.ErrNotExist) {
		t.Errorf("dangling link: %v", last.Err)
	}
	if st.Articles != 4 || st.Errors != 1 {
		t.Errorf("stats %+v", st)
	}

	if err := ingest.ReadPath(context.Background(), filepath.Join(dir, "missing"), nil, func(ingest.Record) error { return nil }); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadPath(missing) = %v", err)
	}
}

// Ensure that a URL list is fetched page by page with the avocet user
// agent, following redirects, reading feeds as feeds, and that failures
// are error records naming the URL and the HTTP status.
func TestURLList(t *testing.T) {
	news := readFile(t, "testdata/html/news.html")
	var mu sync.Mutex
	agents := map[string]bool{}
	mux := http.NewServeMux()
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(news)
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/new", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<html><head><title>Moved</title></head><body><p>The page moved here, and the story about the port strike is now at this address.</p></body></html>`))
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(readFile(t, "testdata/feeds/rss2.xml"))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<p>" + strings.Repeat("x", 7000)))
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents[r.UserAgent()] = true
		mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	defer srv.Close()

	dir := t.TempDir()
	u := srv.URL
	list := "# today's pages\n\n" + u + "/story\n" + u + "/missing\n" + u + "/old\n" + u + "/feed\n" + u + "/loop\n" + u + "/big\n"
	writeFiles(t, dir, map[string]string{"list.txt": list, "more.urls": "ftp://example.com/x\n" + u + "/story extra words\n"})

	recs, st := readPath(t, filepath.Join(dir, "list.txt"), &ingest.Options{MaxArticleBytes: 6000})
	input := filepath.Join(dir, "list.txt")
	checkRecords(t, input, recs, st)
	compare(t, recs, []summary{
		{Record: "line 3 " + u + "/story", Title: newsTitle, URL: "https://courier.example/world/2024/03/05/river-water-deal", Publisher: "The Lakeside Courier", Date: "2024-03-05", Byline: "Amina Odhiambo"},
		{Record: "line 4 " + u + "/missing", Err: "HTTP 404 Not Found from " + u + "/missing"},
		{Record: "line 5 " + u + "/old", Title: "Moved", URL: u + "/new", Publisher: "127.0.0.1", Text: "The page moved here"},
		{Record: "line 6 " + u + "/feed item 1", Title: newsTitle, URL: "https://courier.example/world/2024/03/05/river-water-deal", Publisher: "Lakeside Courier – World", Date: "2024-03-05", Byline: "Amina Odhiambo"},
		{Record: "line 6 " + u + "/feed item 2", Title: "Border talks resume & hopes rise", URL: "https://courier.example/world/2024/03/06/border-talks", Publisher: "Lakeside Courier – World", Date: "2024-03-06", Byline: "Peter Kamau"},
		{Record: "line 6 " + u + "/feed item 3", Err: "no article text"},
		{Record: "line 7 " + u + "/loop", Err: "stopped after 10 redirects"},
		{Record: "line 8 " + u + "/big", Err: "exceeds limit"},
	})
	var se *ingest.StatusError
	if !errors.As(recs[1].Err, &se) || se.Code != 404 {
		t.Errorf("404: %v is not a StatusError", recs[1].Err)
	}
	if len(agents) != 1 || !agents[ingest.UserAgent] {
		t.Errorf("user agents %v, want %q", agents, ingest.UserAgent)
	}
	if st.Records != 8 {
		t.Errorf("stats %+v", st)
	}

	recs, _ = readPath(t, filepath.Join(dir, "more.urls"), nil)
	compare(t, recs, []summary{
		{Record: "line 1 ftp://example.com/x", Err: "not an http or https URL"},
		{Record: "line 2 " + u + "/story", Title: newsTitle, URL: "https://courier.example/world/2024/03/05/river-water-deal", Publisher: "The Lakeside Courier", Date: "2024-03-05", Byline: "Amina Odhiambo"},
	})
}

// Ensure that NoFetch turns URL lists into error records without a fetch.
func TestNoFetch(t *testing.T) {
	fetched := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fetched = true }))
	defer srv.Close()
	for _, name := range []string{"list.txt", "list.urls"} {
		recs, _ := readAll(t, name, []byte(srv.URL+"/a\n"), &ingest.Options{NoFetch: true})
		compare(t, recs, []summary{{Err: "URL list not fetched"}})
	}
	if fetched {
		t.Error("fetched with NoFetch")
	}
}

// Ensure that text that merely mentions URLs is an article, not a list.
func TestNotAURLList(t *testing.T) {
	recs, _ := readAll(t, "x.txt", []byte("https://example.com/a\nSee the link above for the full report on the talks.\n"), nil)
	compare(t, recs, []summary{{Text: "See the link above"}})
}
