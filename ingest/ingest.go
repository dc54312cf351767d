package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/text"
)

// Default limits of Options.
const (
	DefaultMaxArticleBytes = 8 << 20  // 8 MiB
	DefaultMaxRecordBytes  = 64 << 20 // 64 MiB
)

// UserAgent is the User-Agent of URL-list fetches unless Options.UserAgent
// says otherwise.
const UserAgent = "avocet/0.x (+https://github.com/avocet-events/avocet)"

// Options tune Read and ReadPath. A nil *Options means the defaults.
type Options struct {
	MaxArticleBytes int64        // largest article, HTML page or fetched body; 0 means DefaultMaxArticleBytes
	MaxRecordBytes  int64        // largest JSONL line, WARC response record or XML token; 0 means DefaultMaxRecordBytes
	Client          *http.Client // fetches the pages of URL lists; nil means NewClient()
	UserAgent       string       // User-Agent header of fetches; "" means UserAgent
	NoFetch         bool         // do not fetch URL lists: each is an error record (set it where inputs come from untrusted users, as in a server)
	Stats           *Stats       // when not nil, Read adds its counts here
}

// SetDefaults replaces zero fields by their defaults. Client stays nil:
// Read makes one with NewClient when it first needs it.
func (o *Options) SetDefaults() {
	if o.MaxArticleBytes <= 0 {
		o.MaxArticleBytes = DefaultMaxArticleBytes
	}
	if o.MaxRecordBytes <= 0 {
		o.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if o.UserAgent == "" {
		o.UserAgent = UserAgent
	}
}

// Stats counts what Read saw. Read adds to the counts, so one Stats can
// cover many inputs.
type Stats struct {
	Records  int // records met: documents, JSONL lines, feed items, WARC records, URLs that failed
	Articles int // article records passed to fn
	Skipped  int // records left out on purpose: WARC request, metadata, warcinfo and revisit records, non-HTML and non-2xx responses
	Errors   int // error records passed to fn
	Repairs  int // invalid UTF-8 bytes replaced by U+FFFD
}

// Record is one article read from an input, or an error record saying why
// a part of the input could not be read. Exactly one of Article.ID and Err
// is set.
type Record struct {
	Article avocet.Article // the article; zero when Err is set
	Input   string         // the input's name as given to Read
	Record  string         // where in the input: "line 12", "item 3", "WARC record 7 at offset 12345"; empty for a one-article input
	Byline  string         // author as the source names them, if known
	Repairs int            // invalid UTF-8 bytes replaced by U+FFFD in this article
	Err     error          // why the record could not be read; wraps avocet.ErrInvalidInput for broken input
}

// ErrTooLarge reports an article, page or record over a limit of Options.
var ErrTooLarge = errors.New("too large")

// ErrNoText reports a record without article text.
var ErrNoText = errors.New("no article text")

// StatusError reports a fetch answered with an HTTP status other than 2xx.
type StatusError struct {
	URL    string // the URL as fetched (after redirects)
	Code   int    // HTTP status code
	Status string // status line, as "404 Not Found"
}

func (e *StatusError) Error() string { return "HTTP " + e.Status + " from " + e.URL }

// inputError is an error in the input. It wraps avocet.ErrInvalidInput and
// whatever its message was made from.
type inputError struct{ err error }

func (e *inputError) Error() string   { return e.err.Error() }
func (e *inputError) Unwrap() []error { return []error{avocet.ErrInvalidInput, e.err} }

// invalidf formats an error in the input; %w verbs wrap as in fmt.Errorf.
func invalidf(format string, args ...any) error {
	return &inputError{fmt.Errorf(format, args...)}
}

// tooLarge reports n bytes over a limit; n < 0 means "more than limit".
func tooLarge(what string, n, limit int64) error {
	if n < 0 {
		return invalidf("%s of more than %d bytes exceeds limit: %w", what, limit, ErrTooLarge)
	}
	return invalidf("%s of %d bytes exceeds limit of %d: %w", what, n, limit, ErrTooLarge)
}

// ID returns the article ID of a title and text: the first 16 bytes of the
// SHA-256 of title + "\n" + text, in hex, after runs of Unicode white space
// in each are collapsed to one space and the ends trimmed. The same story
// read from JSONL, HTML or a feed thus gets the same ID.
func ID(title, text string) string {
	h := sha256.New()
	writeCollapsed(h, title)
	h.Write([]byte{'\n'})
	writeCollapsed(h, text)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}

// writeCollapsed writes s with white-space runs collapsed and trimmed.
func writeCollapsed(w io.Writer, s string) {
	var buf [4096]byte
	b := buf[:0]
	space := false
	started := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && started {
			b = append(b, ' ')
		}
		space = false
		started = true
		b = utf8.AppendRune(b, r)
		if len(b) > len(buf)-8 {
			w.Write(b)
			b = buf[:0]
		}
	}
	w.Write(b)
}

// collapse returns s with runs of Unicode white space replaced by one space
// and the ends trimmed.
func collapse(s string) string {
	var b strings.Builder
	writeCollapsed(&b, s)
	return b.String()
}

// Read reads the articles of one input and calls fn with each article or
// error record, in input order. name is the input's name as the user gave
// it ("-" for standard input): it helps to tell the format and names the
// input in every Record.
//
// The format is sniffed from the content, with the name as a tie-breaker:
// gzip (decompressed first; WARC files per member), WARC 1.0/1.1, JSONL
// (first non-space byte '{'), JSON arrays, RSS 2.0, RSS 1.0 and Atom feeds,
// HTML pages, URL lists (a name ending in .urls, or text whose every
// non-blank, non-# line is an http or https URL) and otherwise plain text,
// which is one article. Broken records become error records and reading
// goes on.
//
// Read returns an error only when the input cannot be read at all, when fn
// returns one (which Read returns as is) or when ctx is cancelled.
func Read(ctx context.Context, name string, r io.Reader, opts *Options, fn func(Record) error) error {
	rd := newReader(ctx, name, opts, fn)
	return rd.read(name, r, 0)
}

// reader is the state of one Read.
type reader struct {
	ctx    context.Context
	opts   Options
	fn     func(Record) error
	input  string // Record.Input
	prefix string // put before Record.Record: where a nested input sits in its outer one
	stats  *Stats
	nested bool // reading a fetched page: no URL lists, no WARC
}

func newReader(ctx context.Context, name string, opts *Options, fn func(Record) error) *reader {
	var o Options
	if opts != nil {
		o = *opts
	}
	o.SetDefaults()
	st := o.Stats
	if st == nil {
		st = new(Stats)
	}
	return &reader{ctx: ctx, opts: o, fn: fn, input: name, stats: st}
}

// sub returns a reader for an input nested in rd's at where.
func (rd *reader) sub(where string) *reader {
	s := *rd
	s.prefix = rd.where(where)
	s.nested = true
	return &s
}

func (rd *reader) where(w string) string {
	switch {
	case rd.prefix == "":
		return w
	case w == "":
		return rd.prefix
	}
	return rd.prefix + " " + w
}

// emit passes a finished record to fn.
func (rd *reader) emit(rec Record) error {
	if err := rd.ctx.Err(); err != nil {
		return err
	}
	rec.Input = rd.input
	rec.Record = rd.where(rec.Record)
	if rec.Err != nil {
		rec.Article = avocet.Article{}
		rec.Byline = ""
		rec.Repairs = 0
		rd.stats.Errors++
	} else {
		rd.stats.Articles++
	}
	return rd.fn(rec)
}

// fail passes an error record for where to fn.
func (rd *reader) fail(where string, err error) error {
	return rd.emit(Record{Record: where, Err: err})
}

// article repairs, checks and identifies a, then passes it to fn (or an
// error record when it has no text or too much).
func (rd *reader) article(where string, a avocet.Article, byline string) error {
	n := 0
	fix := func(s *string) {
		var k int
		*s, k = text.Repair(*s)
		n += k
	}
	fix(&a.Text)
	fix(&a.Title)
	fix(&a.URL)
	fix(&a.Publisher)
	fix(&a.Dateline)
	fix(&byline)
	a.Title = collapse(a.Title)
	a.Publisher = collapse(a.Publisher)
	a.URL = strings.TrimSpace(a.URL)
	byline = collapse(byline)
	rd.stats.Repairs += n
	if strings.TrimFunc(a.Text, unicode.IsSpace) == "" {
		return rd.fail(where, invalidf("%w", ErrNoText))
	}
	if int64(len(a.Text)) > rd.opts.MaxArticleBytes {
		return rd.fail(where, tooLarge("article", int64(len(a.Text)), rd.opts.MaxArticleBytes))
	}
	a.Language = "en"
	a.ID = ID(a.Title, a.Text)
	return rd.emit(Record{Article: a, Record: where, Byline: byline, Repairs: n})
}

// format is an input format.
type format int

const (
	formatText format = iota
	formatGzip
	formatWARC
	formatJSONL
	formatJSON // a JSON array, or pretty-printed JSON objects
	formatFeed
	formatHTML
	formatURLs
)

// sniffLen is how much of an input Read looks at to tell its format.
const sniffLen = 64 << 10

// read reads one input; depth counts gzip layers around it.
func (rd *reader) read(name string, r io.Reader, depth int) error {
	br := bufio.NewReaderSize(r, sniffLen)
	head, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull && len(head) == 0 {
		return rd.readErr(err)
	}
	f := sniff(name, head)
	if rd.nested && (f == formatURLs || f == formatWARC || f == formatGzip) {
		f = formatText
	}
	switch f {
	case formatGzip:
		if depth >= 2 {
			rd.stats.Records++
			return rd.fail("", invalidf("gzip nested %d deep", depth+1))
		}
		if isWARCGzip(name, head) {
			return rd.readWARCGzip(br)
		}
		zr, err := gzip.NewReader(br)
		if err != nil {
			rd.stats.Records++
			return rd.fail("", invalidf("bad gzip: %w", unexpected(err)))
		}
		defer zr.Close()
		inner := name
		for _, ext := range []string{".gz", ".gzip", ".tgz"} {
			if n := len(inner) - len(ext); n > 0 && strings.EqualFold(inner[n:], ext) {
				inner = inner[:n]
				break
			}
		}
		return rd.read(inner, gzipErrors{zr}, depth+1)
	case formatWARC:
		return rd.readWARC(br)
	case formatJSONL:
		return rd.readJSONL(br)
	case formatJSON:
		return rd.readJSONDoc(br)
	case formatFeed:
		return rd.readFeed(br)
	case formatHTML:
		return rd.readHTML(br)
	case formatURLs:
		return rd.readURLList(br)
	}
	return rd.readText(br)
}

// gzipErrors marks the errors of a gzip stream as broken input.
type gzipErrors struct{ r io.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = invalidf("bad gzip data: %w", err)
	}
	return n, err
}

// readErr handles an error that stopped reading the whole input: broken
// input (a corrupt gzip stream) is an error record, anything else (the
// reader failed) is Read's error.
func (rd *reader) readErr(err error) error {
	var ie *inputError
	if errors.As(err, &ie) {
		rd.stats.Records++
		return rd.fail("", err)
	}
	return fmt.Errorf("read %s: %w", rd.input, err)
}

// isWARCGzip tells whether a gzip input holds a WARC file.
func isWARCGzip(name string, head []byte) bool {
	if hasSuffixFold(name, ".warc.gz") {
		return true
	}
	zr, err := gzip.NewReader(bytes.NewReader(head))
	if err != nil {
		return false
	}
	var b [16]byte
	n, _ := io.ReadFull(zr, b[:])
	return bytes.HasPrefix(trimLeftSpace(b[:n]), []byte("WARC/"))
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// trimLeftSpace drops a UTF-8 byte order mark and ASCII white space.
func trimLeftSpace(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	return bytes.TrimLeft(b, " \t\r\n\f")
}

// sniff tells the format of an input from its first bytes and its name.
func sniff(name string, head []byte) format {
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		return formatGzip
	}
	ext := strings.ToLower(name)
	if i := strings.LastIndexAny(ext, "./\\"); i >= 0 && ext[i] == '.' {
		ext = ext[i:]
	} else {
		ext = ""
	}
	b := trimLeftSpace(head)
	switch {
	case bytes.HasPrefix(b, []byte("WARC/")):
		return formatWARC
	case ext == ".urls":
		return formatURLs
	case len(b) == 0:
		return formatText
	case b[0] == '{' && ext != ".txt":
		if bytes.HasPrefix(b, []byte("{\n")) || bytes.HasPrefix(b, []byte("{\r\n")) {
			return formatJSON
		}
		return formatJSONL
	case b[0] == '[' && (ext == ".json" || ext == ".jsonl"):
		return formatJSON
	case b[0] == '<':
		if f, ok := sniffMarkup(b); ok {
			return f
		}
		switch ext {
		case ".xml", ".rss", ".atom", ".rdf":
			return formatFeed
		case ".txt":
			return formatText
		}
		return formatHTML
	}
	switch ext {
	case ".html", ".htm", ".xhtml":
		return formatHTML
	case ".jsonl", ".json":
		return formatJSONL
	case ".xml", ".rss", ".atom", ".rdf":
		return formatFeed
	case ".warc":
		return formatWARC
	}
	return formatText
}

// sniffMarkup tells a feed from an HTML page by the first element, after
// any XML declaration, processing instructions, comments and doctype.
func sniffMarkup(b []byte) (format, bool) {
	for len(b) > 0 {
		b = trimLeftSpace(b)
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			i := bytes.Index(b, []byte("?>"))
			if i < 0 {
				return 0, false
			}
			b = b[i+2:]
			continue
		case bytes.HasPrefix(b, []byte("<!--")):
			i := bytes.Index(b[4:], []byte("-->"))
			if i < 0 {
				return 0, false
			}
			b = b[4+i+3:]
			continue
		case len(b) >= 9 && strings.EqualFold(string(b[:9]), "<!doctype"):
			rest := strings.ToLower(string(trimLeftSpace(b[9:min(len(b), 40)])))
			switch {
			case strings.HasPrefix(rest, "html"):
				return formatHTML, true
			case strings.HasPrefix(rest, "rss"):
				return formatFeed, true
			}
			i := bytes.IndexByte(b, '>')
			if i < 0 {
				return 0, false
			}
			b = b[i+1:]
			continue
		case len(b) > 1 && b[0] == '<':
			end := 1
			for end < len(b) && end < 64 && !isSpaceOrEnd(b[end]) {
				end++
			}
			switch strings.ToLower(string(b[1:end])) {
			case "rss", "feed", "rdf:rdf", "rdf":
				return formatFeed, true
			case "html", "head", "body":
				return formatHTML, true
			}
			return 0, false
		}
		return 0, false
	}
	return 0, false
}

func isSpaceOrEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/'
}

// readCapped reads r to its end, keeping at most limit bytes. When r holds
// more, over is true and n counts all its bytes (draining r, at most up to
// drainLimit bytes; n is -1 past that).
func readCapped(r io.Reader, limit, drainLimit int64) (data []byte, n int64, over bool, err error) {
	data, err = io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil || int64(len(data)) <= limit {
		return data, int64(len(data)), false, err
	}
	m, err := io.Copy(io.Discard, io.LimitReader(r, drainLimit))
	n = int64(len(data)) + m
	if err == nil && m == drainLimit {
		n = -1
	}
	return nil, n, true, err
}

// readText reads a plain-text input: one article, or a URL list.
func (rd *reader) readText(br *bufio.Reader) error {
	data, n, over, err := readCapped(br, rd.opts.MaxArticleBytes, 1<<62)
	if err != nil {
		return rd.readErr(err)
	}
	if over {
		rd.stats.Records++
		return rd.fail("", tooLarge("article", n, rd.opts.MaxArticleBytes))
	}
	if !rd.nested && isURLList(data) {
		return rd.readURLList(bufio.NewReader(bytes.NewReader(data)))
	}
	rd.stats.Records++
	s := strings.TrimPrefix(string(data), "\ufeff")
	return rd.article("", avocet.Article{Text: s}, "")
}

// readHTML reads an HTML page: one article.
func (rd *reader) readHTML(br *bufio.Reader) error {
	data, n, over, err := readCapped(br, rd.opts.MaxArticleBytes, 1<<62)
	if err != nil {
		return rd.readErr(err)
	}
	return rd.page("", data, n, over, "", "", zeroTime)
}
