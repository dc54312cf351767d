package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// NewClient returns the HTTP client Read uses for URL lists when
// Options.Client is nil: a 30 s timeout per fetch and at most 10
// redirects, to http and https URLs only.
func NewClient() *http.Client {
	return &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: checkRedirect,
	}
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("redirect to unsupported scheme %q", req.URL.Scheme)
	}
	return nil
}

// isURLList reports whether text is a URL list: at least one line, and
// every line that is not blank or a # comment an http or https URL.
func isURLList(data []byte) bool {
	urls := 0
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if !bytes.HasPrefix(line, []byte("http://")) && !bytes.HasPrefix(line, []byte("https://")) {
			return false
		}
		urls++
	}
	return urls > 0
}

// urlLineLimit caps one line of a URL list.
const urlLineLimit = 64 << 10

// readURLList fetches every URL of a list, one per line; blank lines and
// lines starting with # are skipped. Each page is read as HTML, or as a
// feed when its Content-Type or content says so.
func (rd *reader) readURLList(br *bufio.Reader) error {
	if rd.opts.NoFetch {
		rd.stats.Records++
		return rd.fail("", invalidf("URL list not fetched: fetching is off"))
	}
	client := rd.opts.Client
	if client == nil {
		client = NewClient()
	}
	for line := 1; ; line++ {
		b, n, err := readLine(br, urlLineLimit)
		if len(b) == 0 && n == 0 && err != nil {
			if err == io.EOF {
				return nil
			}
			rd.stats.Records++
			return rd.fail(fmt.Sprintf("line %d", line), invalidf("read: %w", err))
		}
		if n > urlLineLimit {
			rd.stats.Records++
			if err := rd.fail(fmt.Sprintf("line %d", line), tooLarge("line", n, urlLineLimit)); err != nil {
				return err
			}
		} else if s := strings.TrimSpace(string(b)); s != "" && s[0] != '#' {
			u := strings.Fields(s)[0]
			if ferr := rd.fetch(client, fmt.Sprintf("line %d %s", line, u), u); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			rd.stats.Records++
			return rd.fail(fmt.Sprintf("line %d", line+1), invalidf("read: %w", err))
		}
	}
}

// fetch gets one URL and reads the page. Failures become error records.
func (rd *reader) fetch(client *http.Client, where, raw string) error {
	failed := func(err error) error {
		rd.stats.Records++
		return rd.fail(where, err)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return failed(invalidf("not an http or https URL"))
	}
	req, err := http.NewRequestWithContext(rd.ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return failed(invalidf("bad URL: %w", err))
	}
	req.Header.Set("User-Agent", rd.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5")
	resp, err := client.Do(req)
	if err != nil {
		if cerr := rd.ctx.Err(); cerr != nil {
			return cerr
		}
		return failed(fmt.Errorf("fetch: %w", err))
	}
	defer resp.Body.Close()
	final := resp.Request.URL.String()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return failed(&StatusError{URL: final, Code: resp.StatusCode, Status: resp.Status})
	}
	limit := rd.opts.MaxArticleBytes
	if resp.ContentLength > limit {
		return failed(tooLarge("article", resp.ContentLength, limit))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if cerr := rd.ctx.Err(); cerr != nil {
			return cerr
		}
		return failed(fmt.Errorf("fetch: %w", err))
	}
	if int64(len(data)) > limit {
		return failed(tooLarge("article", -1, limit))
	}
	ctype := resp.Header.Get("Content-Type")
	sub := rd.sub(where)
	if isFeed(ctype, u.Path, data) {
		return sub.readFeed(bufio.NewReader(bytes.NewReader(data)))
	}
	return sub.page("", data, int64(len(data)), false, contentTypeCharset(ctype), final, zeroTime)
}

// isFeed tells a fetched feed from a page by its Content-Type and content.
func isFeed(ctype, path string, data []byte) bool {
	mt, _, _ := mime.ParseMediaType(ctype)
	switch mt {
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml":
		return true
	case "text/html", "application/xhtml+xml":
		return false
	}
	head := data[:min(len(data), sniffLen)]
	return sniff(path, head) == formatFeed
}
