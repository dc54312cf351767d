package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/text"
)

// Annotator is the language stage the parse pipeline runs on each sentence
// (nlp.Annotator satisfies it).
type Annotator interface {
	Annotate(s *avocet.Sentence)
}

// ParseOptions controls Parse. Zero values take the defaults.
type ParseOptions struct {
	Workers    int           // parallel workers; default runtime.GOMAXPROCS(0)
	ChunkBytes int           // text is cut into pieces of this size to twice it, at paragraph breaks where possible; default 128 KiB
	MaxLine    int           // longest JSONL line accepted; default 256 MiB
	Segment    *text.Options // sentence splitting options; nil for defaults
}

func (o *ParseOptions) setDefaults() {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.ChunkBytes <= 0 {
		o.ChunkBytes = 128 << 10
	}
	if o.MaxLine <= 0 {
		o.MaxLine = 256 << 20
	}
}

// Chunk is a piece of one document, segmented and annotated. Spans of its
// sentences are relative to Text; Offset and CharOffset place Text in the
// whole document.
type Chunk struct {
	DocID      string            // document identifier (JSONL "id", or the input name)
	Meta       *Article          // the record's metadata (Text empty); shared by the chunks of one document
	First      bool              // first chunk of its document
	Offset     int               // byte offset of Text in the document
	CharOffset int               // character (code point) offset of Text in the document
	Text       string            // the chunk's text (invalid UTF-8 repaired)
	Sentences  []avocet.Sentence // annotated sentences, spans relative to Text
	Repaired   int               // invalid UTF-8 sequences replaced in this chunk
}

// Article is one JSONL input record.
type Article struct {
	ID     string `json:"id"`
	Date   string `json:"date"`
	Title  string `json:"title"`
	Text   string `json:"text"`
	URL    string `json:"url"`
	Source string `json:"source"`
}

// RecordError reports an input record that could not be processed; the run
// goes on with the next record.
type RecordError struct {
	Name string // input name
	Line int    // line of the record
	Err  error
}

func (e *RecordError) Error() string { return fmt.Sprintf("%s:%d: %v", e.Name, e.Line, e.Err) }
func (e *RecordError) Unwrap() error { return e.Err }

// Parse reads plain text or JSONL articles from r (JSONL when the first
// non-space byte is '{'), segments and annotates them on opts.Workers
// goroutines, and calls emit with each chunk in input order. Memory stays
// bounded by the chunk size times the number of workers, whatever the input
// size. Broken records are passed to onError and skipped; an error from emit
// or a read error stops the run.
func Parse(ctx context.Context, r io.Reader, name string, ann Annotator, opts ParseOptions, emit func(*Chunk) error, onError func(error)) error {
	opts.setDefaults()
	br := bufio.NewReaderSize(r, 1<<16)
	head, err := br.Peek(br.Size())
	if len(head) == 0 {
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read %s: %w", name, err)
		}
		return nil // empty input, empty output
	}
	jsonl := false
	if i := bytes.IndexFunc(head, func(r rune) bool { return !unicode.IsSpace(r) }); i >= 0 {
		jsonl = head[i] == '{'
	}

	type job struct {
		c    *Chunk
		done chan struct{}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *job, opts.Workers)
	order := make(chan *job, 2*opts.Workers)
	for w := 0; w < opts.Workers; w++ {
		go func() {
			for j := range jobs {
				processChunk(j.c, ann, opts.Segment)
				close(j.done)
			}
		}()
	}
	// The producer reads input into chunks; the consumer emits in order.
	prodErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		send := func(c *Chunk) bool {
			j := &job{c: c, done: make(chan struct{})}
			select {
			case order <- j:
			case <-ctx.Done():
				return false
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				return false
			}
			return true
		}
		if jsonl {
			prodErr <- readJSONL(br, name, opts, send, onError)
		} else {
			prodErr <- readPlain(br, name, opts, send)
		}
	}()
	var emitErr error
	for j := range order {
		if emitErr != nil {
			continue // drain; a job queued after the cancel may never run
		}
		<-j.done
		if err := emit(j.c); err != nil {
			emitErr = err
			cancel()
		}
	}
	if emitErr != nil {
		return emitErr
	}
	if err := <-prodErr; err != nil {
		return err
	}
	return ctx.Err()
}

func processChunk(c *Chunk, ann Annotator, segOpts *text.Options) {
	var o text.Options
	if segOpts != nil {
		o = *segOpts
	}
	o.Continued = !c.First // only an article's start has a title or dateline
	c.Sentences = text.Segment(c.Text, &o)
	for i := range c.Sentences {
		ann.Annotate(&c.Sentences[i])
	}
}

// readPlain cuts a plain-text stream into chunks at paragraph breaks.
func readPlain(br *bufio.Reader, name string, opts ParseOptions, send func(*Chunk) bool) error {
	meta := &Article{ID: name}
	var buf []byte
	off, coff := 0, 0
	first := true
	eof := false
	tmp := make([]byte, 1<<16)
	for {
		for !eof {
			if n := cutPoint(buf, opts.ChunkBytes, false); n > 0 {
				break
			}
			k, err := br.Read(tmp)
			buf = append(buf, tmp[:k]...)
			if errors.Is(err, io.EOF) {
				eof = true
			} else if err != nil {
				return fmt.Errorf("read %s: %w", name, err)
			}
		}
		n := cutPoint(buf, opts.ChunkBytes, eof)
		if n == 0 {
			return nil
		}
		piece := string(buf[:n])
		buf = append(buf[:0], buf[n:]...)
		fixed, bad := text.Repair(piece)
		c := &Chunk{DocID: name, Meta: meta, First: first, Offset: off, CharOffset: coff, Text: fixed, Repaired: bad}
		first = false
		off += len(fixed)
		coff += utf8.RuneCountInString(fixed)
		if !send(c) {
			return nil
		}
	}
}

// cutPoint returns how many bytes of buf to take as the next chunk, or 0 to
// read more. A chunk ends at the first blank line after target bytes; when
// none comes before 2×target, at the first line end after target, else the
// first space, else at a rune boundary at 2×target. So no chunk exceeds
// 2×target bytes, whatever the input (binary junk included). At EOF it
// takes everything that is left (at most 2×target, since it is called
// whenever that much is buffered).
func cutPoint(buf []byte, target int, eof bool) int {
	if len(buf) < 2*target {
		if eof {
			return len(buf)
		}
		if len(buf) > target {
			if i := blankLine(buf[target:]); i >= 0 {
				return target + i
			}
		}
		return 0
	}
	window := buf[target : 2*target]
	if i := blankLine(window); i >= 0 {
		return target + i
	}
	if i := bytes.IndexByte(window, '\n'); i >= 0 {
		return target + i + 1
	}
	if i := bytes.IndexAny(window, " \t\r"); i >= 0 {
		return target + i + 1
	}
	n := 2 * target
	for n > 2*target-utf8.UTFMax && !utf8.RuneStart(buf[n]) {
		n--
	}
	return n
}

// blankLine returns the offset just after the first blank line in b, or -1.
func blankLine(b []byte) int {
	for i := 0; i < len(b); i++ {
		if b[i] != '\n' {
			continue
		}
		j := i + 1
		for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r') {
			j++
		}
		if j < len(b) && b[j] == '\n' {
			return j + 1
		}
	}
	return -1
}

// readJSONL reads one article per line and cuts long article texts into
// chunks as readPlain does.
func readJSONL(br *bufio.Reader, name string, opts ParseOptions, send func(*Chunk) bool, onError func(error)) error {
	line := 0
	for {
		raw, err := readLine(br, opts.MaxLine)
		if len(raw) == 0 && errors.Is(err, io.EOF) {
			return nil
		}
		line++
		if errors.Is(err, errLineTooLong) {
			onError(&RecordError{Name: name, Line: line, Err: fmt.Errorf("%w: record longer than %d bytes", avocet.ErrInvalidInput, opts.MaxLine)})
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read %s: %w", name, err)
		}
		last := errors.Is(err, io.EOF)
		if len(bytes.TrimSpace(raw)) > 0 {
			var a Article
			if jerr := json.Unmarshal(raw, &a); jerr != nil {
				onError(&RecordError{Name: name, Line: line, Err: fmt.Errorf("%w: not a JSON article: %v", avocet.ErrInvalidInput, jerr)})
			} else {
				if a.ID == "" {
					a.ID = fmt.Sprintf("%s-%d", strings.TrimSuffix(name, ".jsonl"), line)
				}
				if !sendArticle(a, opts, send) {
					return nil
				}
			}
		}
		if last {
			return nil
		}
	}
}

func sendArticle(a Article, opts ParseOptions, send func(*Chunk) bool) bool {
	fixed, bad := text.Repair(a.Text)
	meta := &Article{ID: a.ID, Date: a.Date, Title: a.Title, URL: a.URL, Source: a.Source}
	off, coff := 0, 0
	rest := []byte(fixed)
	first := true
	for first || len(rest) > 0 {
		n := len(rest)
		if n > opts.ChunkBytes {
			if k := cutPoint(rest, opts.ChunkBytes, false); k > 0 {
				n = k
			}
		}
		piece := string(rest[:n])
		rest = rest[n:]
		c := &Chunk{DocID: a.ID, Meta: meta, First: first, Offset: off, CharOffset: coff, Text: piece}
		if first {
			c.Repaired = bad
		}
		first = false
		off += len(piece)
		coff += utf8.RuneCountInString(piece)
		if !send(c) {
			return false
		}
	}
	return true
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line (without its newline) of at most max bytes; a
// longer line is consumed and reported as errLineTooLong.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var out []byte
	for {
		frag, err := br.ReadSlice('\n')
		if len(out)+len(frag) > max {
			// drain the rest of the line
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			return nil, errLineTooLong
		}
		out = append(out, frag...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == nil {
			return bytes.TrimRight(out, "\r\n"), nil
		}
		return bytes.TrimRight(out, "\r\n"), err
	}
}
