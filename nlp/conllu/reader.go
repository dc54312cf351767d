package conllu

import (
	"bufio"
	"io"
	"strings"

	"github.com/avocet-events/avocet"
)

// MaxLineLen is the longest line, in bytes, that Reader accepts.
const MaxLineLen = 1 << 20

// errLineTooLong reports a line longer than MaxLineLen.
var errLineTooLong = invalid("line longer than %d bytes", MaxLineLen)

// Reader reads sentences from CoNLL-U input.
//
// Errors in the input are *avocet.PosError values naming the file and line,
// and wrap avocet.ErrInvalidInput. After such an error the Reader skips to
// the next blank line, so a later Next call continues with the following
// sentence. I/O errors are returned as they are (inside a PosError) and end
// the reading.
type Reader struct {
	br   *bufio.Reader
	name string
	line int    // number of lines consumed so far
	long []byte // buffer for lines longer than the bufio buffer
	err  error  // sticky I/O error
	skip bool   // skip to the next blank line before reading a sentence

	wordLines []int // line of each word of the sentence being read
	multLines []int // line of each multiword token of the sentence being read
}

// NewReader returns a Reader that reads from r. The name is used in error
// messages; use "-" for standard input.
func NewReader(r io.Reader, name string) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 64<<10), name: name}
}

// ReadAll reads every sentence from r. On error it returns the sentences
// read before the error.
func ReadAll(r io.Reader, name string) ([]*Sentence, error) {
	rd := NewReader(r, name)
	var out []*Sentence
	for {
		s, err := rd.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
}

// Next returns the next sentence, or io.EOF when the input is exhausted.
// A final sentence without a trailing blank line is returned normally.
func (r *Reader) Next() (*Sentence, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.skip {
		r.skip = false
		for {
			line, err := r.readLine()
			if err == io.EOF {
				return nil, io.EOF
			}
			if err == errLineTooLong {
				continue
			}
			if err != nil {
				return nil, r.ioError(err)
			}
			if isBlank(line) {
				break
			}
		}
	}
	var s *Sentence
	for {
		line, err := r.readLine()
		switch {
		case err == io.EOF:
			if s == nil {
				return nil, io.EOF
			}
			return r.finish(s)
		case err == errLineTooLong:
			return r.fail(r.line, err)
		case err != nil:
			return nil, r.ioError(err)
		}
		if isBlank(line) {
			if s == nil {
				continue // tolerate extra blank lines between sentences
			}
			return r.finish(s)
		}
		if s == nil {
			s = &Sentence{Line: r.line}
			r.wordLines = r.wordLines[:0]
			r.multLines = r.multLines[:0]
		}
		if err := r.parseLine(s, line); err != nil {
			return r.fail(r.line, err)
		}
	}
}

// fail returns err at line and makes the next call skip the rest of the
// sentence.
func (r *Reader) fail(line int, err error) (*Sentence, error) {
	r.skip = true
	return nil, &avocet.PosError{File: r.name, Line: line, Err: err}
}

func (r *Reader) ioError(err error) error {
	r.err = &avocet.PosError{File: r.name, Line: r.line + 1, Err: err}
	return r.err
}

// readLine returns the next line without its line ending, io.EOF when there
// are no more lines, errLineTooLong (after consuming the line) when the
// line exceeds MaxLineLen, or an I/O error.
func (r *Reader) readLine() (string, error) {
	frag, err := r.br.ReadSlice('\n')
	var line string
	switch {
	case err == nil || err == io.EOF && len(frag) > 0:
		line = string(frag)
	case err == io.EOF:
		return "", io.EOF
	case err != bufio.ErrBufferFull:
		return "", err
	default:
		tooLong := false
		r.long = append(r.long[:0], frag...)
		for err == bufio.ErrBufferFull {
			frag, err = r.br.ReadSlice('\n')
			if !tooLong && len(r.long)+len(frag) > MaxLineLen+1 {
				tooLong = true
			}
			if !tooLong {
				r.long = append(r.long, frag...)
			}
		}
		if err != nil && err != io.EOF {
			return "", err
		}
		if tooLong {
			r.line++
			return "", errLineTooLong
		}
		line = string(r.long)
	}
	r.line++
	line = strings.TrimSuffix(line, "\n")
	line = strings.TrimSuffix(line, "\r")
	if r.line == 1 {
		line = strings.TrimPrefix(line, "\uFEFF")
	}
	return line, nil
}

// isBlank reports whether line holds only spaces and tabs.
func isBlank(line string) bool {
	for i := 0; i < len(line); i++ {
		if line[i] != ' ' && line[i] != '\t' {
			return false
		}
	}
	return true
}

// columnNames are the CoNLL-U columns in order.
var columnNames = [10]string{"ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC"}

// parseLine adds a comment, word, multiword token or empty node line to s.
func (r *Reader) parseLine(s *Sentence, line string) error {
	if strings.IndexByte(line, '\r') >= 0 {
		return invalid("stray carriage return")
	}
	if line[0] == '#' {
		if len(s.Words) > 0 || len(s.MultiWords) > 0 || len(s.EmptyNodes) > 0 {
			return invalid("comment line inside sentence (missing blank line before it?)")
		}
		addComment(s, line)
		return nil
	}

	var f [10]string
	n := 0
	for rest := line; ; n++ {
		i := strings.IndexByte(rest, '\t')
		if i < 0 {
			if n < len(f) {
				f[n] = rest
			}
			n++
			break
		}
		if n < len(f) {
			f[n] = rest[:i]
		}
		rest = rest[i+1:]
	}
	if n != len(f) {
		return invalid("line has %d columns, want 10", n)
	}
	for i, v := range f {
		if v == "" {
			return invalid("empty %s column", columnNames[i])
		}
	}

	id := f[0]
	if i := strings.IndexByte(id, '-'); i >= 0 {
		return r.parseMultiWord(s, id[:i], id[i+1:], &f)
	}
	if i := strings.IndexByte(id, '.'); i >= 0 {
		return parseEmptyNode(s, id[:i], id[i+1:], &f)
	}
	num, ok := parseNum(id)
	if !ok {
		return invalid("bad ID %q", id)
	}
	if want := len(s.Words) + 1; num != want {
		return invalid("word ID %d out of order, want %d", num, want)
	}
	head := -1
	if f[6] != "_" {
		if head, ok = parseNum(f[6]); !ok {
			return invalid("bad HEAD %q", f[6])
		}
	}
	s.Words = append(s.Words, Word{
		ID: num, Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4], Feats: f[5],
		Head: head, DepRel: f[7], Deps: f[8], Misc: f[9],
	})
	r.wordLines = append(r.wordLines, r.line)
	return nil
}

func (r *Reader) parseMultiWord(s *Sentence, a, b string, f *[10]string) error {
	first, ok1 := parseNum(a)
	last, ok2 := parseNum(b)
	if !ok1 || !ok2 {
		return invalid("bad multiword token ID %q", f[0])
	}
	if want := len(s.Words) + 1; first != want {
		return invalid("multiword token %d-%d out of order, want it before word %d", first, last, want)
	}
	if last <= first {
		return invalid("bad multiword token range %d-%d", first, last)
	}
	if k := len(s.MultiWords); k > 0 && first <= s.MultiWords[k-1].Last {
		return invalid("multiword token %d-%d overlaps %d-%d", first, last, s.MultiWords[k-1].First, s.MultiWords[k-1].Last)
	}
	for _, col := range [...]int{2, 3, 4, 6, 7, 8} {
		if f[col] != "_" {
			return invalid("multiword token %d-%d has %s %q, want _", first, last, columnNames[col], f[col])
		}
	}
	s.MultiWords = append(s.MultiWords, MultiWord{First: first, Last: last, Form: f[1], Feats: f[5], Misc: f[9]})
	r.multLines = append(r.multLines, r.line)
	return nil
}

func parseEmptyNode(s *Sentence, a, b string, f *[10]string) error {
	after, ok1 := parseNum(a)
	index, ok2 := parseNum(b)
	if !ok1 || !ok2 {
		return invalid("bad empty node ID %q", f[0])
	}
	if after != len(s.Words) {
		return invalid("empty node %d.%d out of order, want it after word %d", after, index, after)
	}
	want := 1
	if k := len(s.EmptyNodes); k > 0 && s.EmptyNodes[k-1].After == after {
		want = s.EmptyNodes[k-1].Index + 1
	}
	if index != want {
		return invalid("empty node %d.%d out of order, want %d.%d", after, index, after, want)
	}
	if f[6] != "_" || f[7] != "_" {
		return invalid("empty node %d.%d has HEAD %q and DEPREL %q, want _", after, index, f[6], f[7])
	}
	s.EmptyNodes = append(s.EmptyNodes, EmptyNode{
		After: after, Index: index, Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4],
		Feats: f[5], Deps: f[8], Misc: f[9],
	})
	return nil
}

// parseNum parses a non-negative decimal integer of at most 9 digits.
func parseNum(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// addComment records a comment line and the metadata it carries.
func addComment(s *Sentence, line string) {
	c := strings.TrimPrefix(line[1:], " ")
	s.Comments = append(s.Comments, c)
	key, value, hasValue := strings.Cut(c, "=")
	key = strings.TrimSpace(key)
	value = strings.Trim(value, " ")
	switch {
	case key == "sent_id" && hasValue && !hasComment(s, "sent_id", len(s.Comments)-1):
		s.ID = value
	case key == "text" && hasValue && !hasComment(s, "text", len(s.Comments)-1):
		s.Text = value
	case key == "newdoc" || strings.HasPrefix(key, "newdoc "):
		s.NewDoc = true
	case key == "newpar" || strings.HasPrefix(key, "newpar "):
		s.NewPar = true
	}
}

// hasComment reports whether one of the first n comments of s has the key.
func hasComment(s *Sentence, key string, n int) bool {
	for _, c := range s.Comments[:n] {
		if k, _, ok := strings.Cut(c, "="); ok && strings.TrimSpace(k) == key {
			return true
		}
	}
	return false
}

// finish checks what can only be checked once the whole sentence is read.
func (r *Reader) finish(s *Sentence) (*Sentence, error) {
	n := len(s.Words)
	if n == 0 {
		return nil, &avocet.PosError{File: r.name, Line: s.Line, Err: invalid("sentence has no words")}
	}
	for i, w := range s.Words {
		if w.Head > n {
			return nil, &avocet.PosError{File: r.name, Line: r.wordLines[i],
				Err: invalid("HEAD %d out of range (sentence has %d words)", w.Head, n)}
		}
	}
	for i, mw := range s.MultiWords {
		if mw.Last > n {
			return nil, &avocet.PosError{File: r.name, Line: r.multLines[i],
				Err: invalid("multiword token %d-%d out of range (sentence has %d words)", mw.First, mw.Last, n)}
		}
	}
	return s, nil
}
