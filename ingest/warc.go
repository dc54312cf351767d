package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
)

// The WARC reader follows ISO 28500 (WARC 1.0 and 1.1): a record is a
// version line, named header fields, an empty line, Content-Length bytes
// of block and two CRLFs. Files are plain, gzip-compressed whole, or (as
// in Common Crawl) one gzip member per record.

// warcHeaderLimit caps the bytes of one record header, and of the HTTP
// header in a response block.
const warcHeaderLimit = 1 << 20

// errTruncated says the input ended inside a record, which has been
// reported.
var errTruncated = errors.New("truncated")

// warcIOError is a failure of the stream below the records (a corrupt gzip
// member, a read error) met while reading record num.
type warcIOError struct {
	num   int
	start int64 // offset of the record in its stream
	err   error
}

func (e *warcIOError) Error() string { return e.err.Error() }

// formatError marks a broken record header: the reader reports it and
// resynchronises on the next "WARC/" line.
type formatError struct{ err error }

func (e *formatError) Error() string { return e.err.Error() }

// wsrc is a decompressed WARC stream that knows its offset.
type wsrc struct {
	br  *bufio.Reader
	off int64
}

func (s *wsrc) Read(p []byte) (int, error) {
	n, err := s.br.Read(p)
	s.off += int64(n)
	return n, err
}

// readLine reads a line with its end. A line longer than max is an error.
func (s *wsrc) readLine(max int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := s.br.ReadSlice('\n')
		s.off += int64(len(chunk))
		if len(line)+len(chunk) > max {
			return nil, &formatError{invalidf("header line longer than %d bytes", max)}
		}
		line = append(line, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		return line, err
	}
}

// discardLine skips the rest of a line, however long.
func (s *wsrc) discardLine() error {
	for {
		chunk, err := s.br.ReadSlice('\n')
		s.off += int64(len(chunk))
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}

// skipBlank skips empty lines; it returns io.EOF at the end of the stream.
func (s *wsrc) skipBlank() error {
	for {
		b, err := s.br.Peek(1)
		if err != nil {
			return err
		}
		if b[0] != '\r' && b[0] != '\n' {
			return nil
		}
		s.br.Discard(1)
		s.off++
	}
}

// resync skips to the next line that starts with "WARC/".
func (s *wsrc) resync() error {
	for {
		p, err := s.br.Peek(5)
		if bytes.Equal(p, []byte("WARC/")) {
			return nil
		}
		if err != nil && len(p) < 5 {
			s.off += int64(len(p))
			s.br.Discard(len(p))
			return err
		}
		if err := s.discardLine(); err != nil {
			return err
		}
	}
}

// warcHeader is a parsed record header.
type warcHeader struct {
	fields map[string]string // by lower-case name; first value wins
	length int64
}

// readHeader reads a record header at the stream's position.
func (s *wsrc) readHeader() (*warcHeader, error) {
	total := 0
	line, err := s.readLine(warcHeaderLimit)
	if err != nil {
		return nil, unexpected(err)
	}
	total += len(line)
	v := strings.TrimRight(string(line), "\r\n")
	if !strings.HasPrefix(v, "WARC/1.") {
		return nil, &formatError{invalidf("expected a WARC/1.x version line, found %q", clip(v, 40))}
	}
	h := &warcHeader{fields: make(map[string]string), length: -1}
	last := ""
	for {
		line, err := s.readLine(warcHeaderLimit - total)
		if err != nil {
			return nil, unexpected(err)
		}
		total += len(line)
		l := strings.TrimRight(string(line), "\r\n")
		if l == "" {
			break
		}
		if (l[0] == ' ' || l[0] == '\t') && last != "" {
			h.fields[last] += " " + strings.TrimSpace(l)
			continue
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, &formatError{invalidf("malformed header line %q", clip(l, 40))}
		}
		last = strings.ToLower(name)
		if _, dup := h.fields[last]; !dup {
			h.fields[last] = strings.TrimSpace(value)
		} else {
			last = ""
		}
	}
	cl, ok := h.fields["content-length"]
	if !ok {
		return nil, &formatError{invalidf("no Content-Length")}
	}
	n, err := strconv.ParseInt(cl, 10, 64)
	if err != nil || n < 0 {
		return nil, &formatError{invalidf("bad Content-Length %q", clip(cl, 40))}
	}
	h.length = n
	return h, nil
}

// unexpected turns io.EOF inside a structure into io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// trailer reads the CRLF CRLF after a block. It reports false when what
// follows is neither line ends then the next record nor the end.
func (s *wsrc) trailer() (bool, error) {
	newlines := 0
	for i := 0; i < 64; i++ {
		b, err := s.br.Peek(1)
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		if b[0] != '\r' && b[0] != '\n' {
			break
		}
		if b[0] == '\n' {
			newlines++
		}
		s.br.Discard(1)
		s.off++
	}
	next, err := s.br.Peek(5)
	switch {
	case err == io.EOF && len(next) == 0:
		return true, nil
	case err != nil && err != io.EOF:
		return false, err
	}
	return newlines > 0 && bytes.Equal(next, []byte("WARC/")), nil
}

// warcOutcome is what one record gives: an article, an error record, or
// nothing (skipped).
type warcOutcome struct {
	article *avocet.Article
	byline  string
	err     error
}

// warcReader reads the records of one WARC input.
type warcReader struct {
	rd     *reader
	num    int // records met so far
	failed int // number of the last record reported broken
}

// fail reports record num broken, once.
func (w *warcReader) fail(num int, where string, err error) error {
	if num == w.failed {
		return nil
	}
	w.failed = num
	return w.rd.fail(where, err)
}

// records reads the records of one stream until its end. loc names a
// record by number and offset. It returns nil at the stream's end,
// errTruncated when a record ran past it, a *warcIOError when the stream
// failed, or fn's or the context's error.
func (w *warcReader) records(s *wsrc, loc func(num int, start int64) string) error {
	rd := w.rd
	for {
		if err := rd.ctx.Err(); err != nil {
			return err
		}
		if err := s.skipBlank(); err != nil {
			if err == io.EOF {
				return nil
			}
			return &warcIOError{w.num + 1, s.off, err}
		}
		start := s.off
		w.num++
		rd.stats.Records++
		where := loc(w.num, start)
		h, err := s.readHeader()
		if err != nil {
			var fe *formatError
			switch {
			case errors.As(err, &fe):
				if err := w.fail(w.num, where, fe.err); err != nil {
					return err
				}
				if err := s.resync(); err != nil {
					if err == io.EOF {
						return nil
					}
					return &warcIOError{w.num, start, err}
				}
				continue
			case err == io.ErrUnexpectedEOF:
				if err := w.fail(w.num, where, invalidf("truncated record header: %w", err)); err != nil {
					return err
				}
				return errTruncated
			}
			return &warcIOError{w.num, start, err}
		}
		out, err := w.block(s, h)
		if err == io.ErrUnexpectedEOF {
			if err := w.fail(w.num, where, invalidf("Content-Length %d runs past the end of the input: %w", h.length, err)); err != nil {
				return err
			}
			return errTruncated
		}
		if err != nil {
			return &warcIOError{w.num, start, err}
		}
		ok, err := s.trailer()
		if err != nil {
			return &warcIOError{w.num, start, err}
		}
		if !ok {
			if err := w.fail(w.num, where, invalidf("block of Content-Length %d not followed by CRLF CRLF and a record", h.length)); err != nil {
				return err
			}
			if err := s.resync(); err != nil {
				if err == io.EOF {
					return nil
				}
				return &warcIOError{w.num, start, err}
			}
			continue
		}
		switch {
		case out.err != nil:
			err = w.fail(w.num, where, out.err)
		case out.article != nil:
			err = rd.article(where, *out.article, out.byline)
		default:
			rd.stats.Skipped++
		}
		if err != nil {
			return err
		}
	}
}

// block reads a record's block of exactly h.length bytes and makes its
// outcome. Its error is io.ErrUnexpectedEOF when the stream ends early, or
// the stream's own failure.
func (w *warcReader) block(s *wsrc, h *warcHeader) (warcOutcome, error) {
	lr := &io.LimitedReader{R: s, N: h.length}
	out := w.process(lr, h)
	if _, err := io.Copy(io.Discard, lr); err != nil {
		return out, err
	}
	if lr.N > 0 {
		return out, io.ErrUnexpectedEOF
	}
	return out, nil
}

// process makes the outcome of a block: HTML pages of response and
// resource records become articles; everything else is skipped.
func (w *warcReader) process(r io.Reader, h *warcHeader) warcOutcome {
	typ := strings.ToLower(h.fields["warc-type"])
	ct := strings.ToLower(h.fields["content-type"])
	target := strings.TrimSuffix(strings.TrimPrefix(h.fields["warc-target-uri"], "<"), ">")
	date := ParseDate(h.fields["warc-date"])
	switch typ {
	case "response":
		if ct != "" && !strings.HasPrefix(ct, "application/http") {
			return warcOutcome{}
		}
		return w.httpResponse(r, h.length, target, date)
	case "resource":
		if !strings.Contains(ct, "html") {
			return warcOutcome{}
		}
		return w.htmlBody(r, h.length, contentTypeCharset(ct), target, date)
	}
	return warcOutcome{}
}

// capReader fails reads past its allowance.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, fmt.Errorf("HTTP header longer than %d bytes", warcHeaderLimit)
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// httpResponse makes the outcome of an HTTP response block.
func (w *warcReader) httpResponse(r io.Reader, length int64, target string, date time.Time) warcOutcome {
	cr := &capReader{r: r, left: warcHeaderLimit}
	br := bufio.NewReader(cr)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return warcOutcome{err: invalidf("bad HTTP response: %w", err)}
	}
	cr.left = 1 << 62
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return warcOutcome{}
	}
	ctype := resp.Header.Get("Content-Type")
	body := bufio.NewReader(resp.Body)
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity", "none":
	case "gzip", "x-gzip", "deflate":
		magic, _ := body.Peek(2)
		switch {
		case len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b:
			zr, err := gzip.NewReader(body)
			if err != nil {
				return warcOutcome{err: invalidf("bad gzip HTTP body: %w", err)}
			}
			body = bufio.NewReader(zr)
		case enc == "deflate" && len(magic) == 2 && magic[0]&0x0f == 8 && (uint(magic[0])<<8|uint(magic[1]))%31 == 0:
			zr, err := zlib.NewReader(body)
			if err != nil {
				return warcOutcome{err: invalidf("bad deflate HTTP body: %w", err)}
			}
			body = bufio.NewReader(zr)
		case enc == "deflate":
			body = bufio.NewReader(flate.NewReader(body))
		}
		// Otherwise the crawler stored the body decoded.
	default:
		return warcOutcome{err: invalidf("unsupported Content-Encoding %q", clip(enc, 40))}
	}
	if !isHTMLType(ctype) {
		mt, _, _ := mime.ParseMediaType(ctype)
		switch mt {
		case "", "text/plain", "application/octet-stream", "unknown/unknown":
			head, _ := body.Peek(512)
			if !strings.HasPrefix(http.DetectContentType(head), "text/html") {
				return warcOutcome{}
			}
		default:
			return warcOutcome{}
		}
	}
	return w.htmlBody(body, length, contentTypeCharset(ctype), target, date)
}

// isHTMLType reports whether a Content-Type names HTML or XHTML.
func isHTMLType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(ct)
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// htmlBody reads an HTML page of a block of length bytes.
func (w *warcReader) htmlBody(r io.Reader, length int64, charset, target string, date time.Time) warcOutcome {
	o := w.rd.opts
	if length > o.MaxRecordBytes {
		return warcOutcome{err: tooLarge("WARC record", length, o.MaxRecordBytes)}
	}
	data, n, over, err := readCapped(r, o.MaxArticleBytes, o.MaxRecordBytes)
	if err == io.ErrUnexpectedEOF && len(data) > 0 {
		// A body shorter than its HTTP Content-Length: keep what there is.
		// (When the WARC stream itself was cut, block reports that.)
		err = nil
	}
	if err != nil {
		return warcOutcome{err: invalidf("bad HTTP body: %w", err)}
	}
	if over {
		return warcOutcome{err: tooLarge("article", n, o.MaxArticleBytes)}
	}
	a, byline, err := pageArticle(data, charset, target, date)
	if err != nil {
		return warcOutcome{err: err}
	}
	return warcOutcome{article: &a, byline: byline}
}

// readWARC reads an uncompressed WARC file.
func (rd *reader) readWARC(br *bufio.Reader) error {
	w := &warcReader{rd: rd}
	s := &wsrc{br: br}
	err := w.records(s, func(num int, start int64) string {
		return fmt.Sprintf("WARC record %d at offset %d", num, start)
	})
	var ioe *warcIOError
	switch {
	case err == errTruncated:
		return nil
	case errors.As(err, &ioe):
		if ioe.num > w.num {
			rd.stats.Records++
		}
		return w.fail(ioe.num, fmt.Sprintf("WARC record %d at offset %d", ioe.num, ioe.start), invalidf("read: %w", ioe.err))
	}
	return err
}

// gzipMagic starts every gzip member (with the deflate method).
var gzipMagic = []byte{0x1f, 0x8b, 0x08}

// readWARCGzip reads a gzip-compressed WARC file, member by member. A
// corrupt member becomes an error record and reading goes on at the next
// member that holds a WARC record.
func (rd *reader) readWARCGzip(br *bufio.Reader) error {
	w := &warcReader{rd: rd}
	raw := &rewinder{r: br, limit: int(min(rd.opts.MaxRecordBytes, 1<<30))}
	z := new(gzip.Reader)
	mbr := bufio.NewReaderSize(nil, 64<<10)
	resyncing := false
	for {
		if err := rd.ctx.Err(); err != nil {
			return err
		}
		member := raw.offset()
		raw.mark()
		err := z.Reset(raw)
		if err == nil {
			z.Multistream(false)
			mbr.Reset(z)
			if resyncing {
				// Accept only a member that starts a WARC record.
				head, _ := mbr.Peek(5)
				if !bytes.Equal(head, []byte("WARC/")) {
					err = errors.New("not a WARC member")
				}
			}
		}
		if err != nil {
			if err == io.EOF && raw.offset() == member {
				return nil // end of input
			}
			if !resyncing {
				w.num++
				rd.stats.Records++
				where := fmt.Sprintf("WARC record %d at offset %d", w.num, member)
				if err := w.fail(w.num, where, invalidf("bad gzip member: %w", unexpected(err))); err != nil {
					return err
				}
			}
			if !raw.next(member) {
				return nil
			}
			resyncing = true
			continue
		}
		resyncing = false
		s := &wsrc{br: mbr}
		err = w.records(s, func(num int, start int64) string {
			if start == 0 {
				return fmt.Sprintf("WARC record %d at offset %d", num, member)
			}
			return fmt.Sprintf("WARC record %d at decompressed offset %d of the gzip member at offset %d", num, start, member)
		})
		var ioe *warcIOError
		switch {
		case err == nil:
		case err == errTruncated:
			// The record ran past the end of its member, which is fine
			// as gzip; when the input has ended too, the member may have
			// been corrupt enough to swallow the ones after it.
			if raw.atEOF() {
				if !raw.next(member) {
					return nil
				}
				resyncing = true
			}
		case errors.As(err, &ioe):
			where := fmt.Sprintf("WARC record %d at offset %d", ioe.num, member)
			if ioe.start > 0 {
				where = fmt.Sprintf("WARC record %d at decompressed offset %d of the gzip member at offset %d", ioe.num, ioe.start, member)
			}
			if ioe.num > w.num {
				w.num = ioe.num
				rd.stats.Records++
			}
			if err := w.fail(ioe.num, where, invalidf("bad gzip member: %w", unexpected(ioe.err))); err != nil {
				return err
			}
			if !raw.next(member) {
				return nil
			}
			resyncing = true
		default:
			return err
		}
	}
}

// rewinder reads a stream byte by byte for gzip and keeps the bytes since
// its mark (up to limit), so that after a corrupt member reading can go
// back to the byte after the member's start and look for the next one.
type rewinder struct {
	r      io.Reader
	buf    []byte
	pos    int   // read position in buf
	base   int64 // stream offset of buf[0]
	keep   int64 // stream offset of the mark; bytes from it on are kept
	marked bool
	limit  int
	err    error
}

func (w *rewinder) offset() int64 { return w.base + int64(w.pos) }

// atEOF reports whether every byte of the stream has been read.
func (w *rewinder) atEOF() bool { return w.err != nil && w.pos >= len(w.buf) }

// mark keeps the bytes from the current position on.
func (w *rewinder) mark() {
	w.keep = w.offset()
	w.marked = true
}

// rewind goes back to off; it reports false when those bytes are gone.
func (w *rewinder) rewind(off int64) bool {
	if !w.marked || off < w.base || off > w.base+int64(len(w.buf)) {
		return false
	}
	w.pos = int(off - w.base)
	return true
}

func (w *rewinder) fill() error {
	if w.err != nil {
		return w.err
	}
	drop := w.pos
	if w.marked {
		drop = int(min(int64(w.pos), max(w.keep-w.base, 0)))
		if len(w.buf)-drop > w.limit {
			w.marked = false
			drop = w.pos
		}
	}
	if drop > 0 {
		n := copy(w.buf, w.buf[drop:])
		w.buf = w.buf[:n]
		w.base += int64(drop)
		w.pos -= drop
	}
	const chunk = 32 << 10
	if cap(w.buf)-len(w.buf) < chunk {
		nb := make([]byte, len(w.buf), 2*cap(w.buf)+chunk)
		copy(nb, w.buf)
		w.buf = nb
	}
	n, err := w.r.Read(w.buf[len(w.buf) : len(w.buf)+chunk])
	w.buf = w.buf[:len(w.buf)+n]
	if err != nil {
		w.err = err
		if n > 0 {
			return nil
		}
		return err
	}
	return nil
}

func (w *rewinder) ReadByte() (byte, error) {
	for w.pos >= len(w.buf) {
		if err := w.fill(); err != nil {
			return 0, err
		}
	}
	b := w.buf[w.pos]
	w.pos++
	return b, nil
}

func (w *rewinder) Read(p []byte) (int, error) {
	for w.pos >= len(w.buf) {
		if err := w.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, w.buf[w.pos:])
	w.pos += n
	return n, nil
}

// next positions the stream at the next gzip magic after the member that
// started at member (or after the current position when those bytes are
// gone). It reports false at the end of the input.
func (w *rewinder) next(member int64) bool {
	if !w.rewind(member + 1) {
		// The bytes are gone: search on from here.
		w.marked = false
	}
	for {
		w.mark()
		at := w.offset()
		b, err := w.ReadByte()
		if err != nil {
			return false
		}
		if b != gzipMagic[0] {
			continue
		}
		ok := true
		for _, m := range gzipMagic[1:] {
			c, err := w.ReadByte()
			if err != nil {
				return false
			}
			if c != m {
				ok = false
				break
			}
		}
		w.rewind(at)
		if ok {
			return true
		}
		w.ReadByte() // past this 0x1f
	}
}
