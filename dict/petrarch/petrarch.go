package petrarch

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/avocet-events/avocet"
)

// Options control how a dictionary is read. A nil *Options reads strictly
// and discards warnings.
type Options struct {
	Lenient bool        // skip a malformed line, reporting it through Warn, instead of failing
	Warn    func(error) // receives warnings (tolerated slips, and skipped lines when Lenient); nil discards them
}

func (o *Options) lenient() bool { return o != nil && o.Lenient }

func (o *Options) warn(err error) {
	if o != nil && o.Warn != nil {
		o.Warn(err)
	}
}

// Limits that bound the work done on huge or hostile input.
const (
	maxLineBytes = 64 << 10 // longest line read; longer lines are malformed
	maxElements  = 1024     // most pattern elements (and tokens) on one line
	maxNesting   = 8        // deepest nesting of transformation parentheses
)

// Phrase is a run of words as the dictionaries write them: words joined by
// '_' must be adjacent in the text; a space between two words lets other
// words come between them in TABARI and PETRARCH-1 matching (PETRARCH-2
// treats both separators alike). A final '_' asks for whole words only: no
// plural or other suffix is generated for (or matched on) the last word.
type Phrase struct {
	Words []string // the words as written, without '_' separators; never empty in a parsed entry
	Gaps  []int    // indexes i (0 < i < len(Words)) where Words[i-1] and Words[i] were separated by a space, not '_'
	Exact bool     // written with a final '_': whole words only, no generated forms
}

// String returns the phrase in dictionary notation: "UNITED_NATIONS",
// "AFGHANISTAN_", "UN DEPARTMENT_OF_PEACEKEEPING".
func (p Phrase) String() string {
	var b strings.Builder
	g := 0
	for i, w := range p.Words {
		if i > 0 {
			if g < len(p.Gaps) && p.Gaps[g] == i {
				b.WriteByte(' ')
				g++
			} else {
				b.WriteByte('_')
			}
		}
		b.WriteString(w)
	}
	if p.Exact {
		b.WriteByte('_')
	}
	return b.String()
}

// Text returns the words separated by single spaces, the way they appear in
// running text: "UNITED NATIONS".
func (p Phrase) Text() string { return strings.Join(p.Words, " ") }

// parsePhrase reads a phrase written with '_' and space separators. Empty
// words (from "__" or "_ ") are dropped; a final '_' sets Exact.
func parsePhrase(s string) (Phrase, error) {
	s = strings.TrimSpace(s)
	var p Phrase
	if strings.HasSuffix(s, "_") {
		p.Exact = true
		s = strings.TrimRight(s, "_")
	}
	gap := false
	start := -1
	flush := func(end int) {
		if start >= 0 {
			if gap && len(p.Words) > 0 {
				p.Gaps = append(p.Gaps, len(p.Words))
			}
			p.Words = append(p.Words, s[start:end])
			start = -1
			gap = false
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '_':
			flush(i)
		case isSpace(c):
			flush(i)
			gap = true
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush(len(s))
	if len(p.Words) == 0 {
		return Phrase{}, errors.New("empty phrase")
	}
	if len(p.Words) > maxElements {
		return Phrase{}, fmt.Errorf("phrase has more than %d words", maxElements)
	}
	return p, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' }

// lineReader yields the lines of a dictionary file with comments removed.
// It bounds the length of a line and keeps the line number for errors.
type lineReader struct {
	r     *bufio.Reader
	name  string
	n     int  // number of the line last returned (1-based)
	inXML bool // inside a <!-- comment spanning lines
	xmlAt int  // line where that comment opened
	buf   []byte
}

func newLineReader(r io.Reader, name string) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 16<<10), name: name}
}

// errTooLong reports a line longer than maxLineBytes; the rest of the line
// has been consumed, so reading may continue.
var errTooLong = fmt.Errorf("line longer than %d bytes", maxLineBytes)

// raw returns the next physical line without its line ending. At the end of
// input it returns io.EOF; a too-long line yields errTooLong at its number.
func (lr *lineReader) raw() (string, error) {
	lr.buf = lr.buf[:0]
	tooLong := false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		if !tooLong {
			if len(lr.buf)+len(chunk) > maxLineBytes+2 {
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && err != io.EOF {
			return "", err
		}
		if err == io.EOF && len(chunk) == 0 && len(lr.buf) == 0 && !tooLong {
			return "", io.EOF
		}
		lr.n++
		if tooLong {
			return "", errTooLong
		}
		s := string(lr.buf)
		s = strings.TrimSuffix(s, "\n")
		s = strings.TrimSuffix(s, "\r")
		if len(s) > maxLineBytes {
			return "", errTooLong
		}
		return s, nil
	}
}

// next returns the next line that has content once comments are removed,
// trimmed of surrounding white space; the text of a '#' or ';' comment on
// the line is returned separately. Lines inside <!-- --> comments are
// skipped. At the end of input it returns io.EOF.
func (lr *lineReader) next() (line, comment string, err error) {
	for {
		s, err := lr.raw()
		if err != nil {
			if err == io.EOF && lr.inXML {
				lr.inXML = false
				return "", "", &avocet.PosError{File: lr.name, Line: lr.xmlAt,
					Err: fmt.Errorf("%w: <!-- comment is never closed with -->", avocet.ErrInvalidInput)}
			}
			if err == errTooLong {
				return "", "", lr.errorf("%v", err)
			}
			if err != io.EOF {
				return "", "", fmt.Errorf("read %s: %w", lr.name, err)
			}
			return "", "", err
		}
		s = lr.stripXML(s)
		s, comment = splitComment(s)
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		return s, comment, nil
	}
}

// stripXML removes <!-- ... --> comments, which may span lines.
func (lr *lineReader) stripXML(s string) string {
	var out strings.Builder
	for {
		if lr.inXML {
			i := strings.Index(s, "-->")
			if i < 0 {
				return out.String()
			}
			s = s[i+3:]
			lr.inXML = false
			out.WriteByte(' ')
			continue
		}
		i := strings.Index(s, "<!--")
		if i < 0 {
			if out.Len() == 0 {
				return s
			}
			out.WriteString(s)
			return out.String()
		}
		out.WriteString(s[:i])
		s = s[i+4:]
		lr.inXML = true
		lr.xmlAt = lr.n
	}
}

// splitComment cuts a line at the first '#' or ';' that is not inside
// square brackets ("[###]" is a code, not a comment) and returns the text
// before it and the comment after it, both trimmed.
func splitComment(s string) (text, comment string) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']', '}':
			if depth > 0 {
				depth--
			}
		case '#', ';':
			if depth == 0 {
				return s[:i], strings.TrimSpace(strings.TrimLeft(s[i:], "#; \t"))
			}
		}
	}
	return s, ""
}

// errorf returns a *avocet.PosError at the current line wrapping
// avocet.ErrInvalidInput.
func (lr *lineReader) errorf(format string, args ...any) error {
	return lr.errorAt(lr.n, format, args...)
}

func (lr *lineReader) errorAt(line int, format string, args ...any) error {
	return &avocet.PosError{File: lr.name, Line: line,
		Err: fmt.Errorf("%w: "+format, append([]any{avocet.ErrInvalidInput}, args...)...)}
}

// wrap turns a plain parse error into a positioned one at the current line.
func (lr *lineReader) wrap(err error) error {
	var pe *avocet.PosError
	if errors.As(err, &pe) {
		return err
	}
	return lr.errorf("%v", err)
}

// isPos reports whether err is a positioned input error (as opposed to an
// I/O error, which always ends reading).
func isPos(err error) bool {
	var pe *avocet.PosError
	return errors.As(err, &pe)
}

// fail applies the leniency policy to a malformed line: in strict mode the
// error is returned; in lenient mode it is reported and nil is returned so
// the caller skips the line.
func fail(opts *Options, err error) error {
	if opts.lenient() {
		opts.warn(err)
		return nil
	}
	return err
}

// splitCodes cuts the bracketed groups off s: "NAME [A] [B >0101]" gives
// "NAME" and ["A", "B >0101"]. Text after the first group that is not
// another group is returned in trailing (callers decide whether it is a
// slip or an error); an unclosed '[' is an error. A group may be closed by
// '}' instead of ']' (a slip in Phoenix.agents.txt); closedBrace reports it.
func splitCodes(s string) (head string, groups []string, trailing string, closedBrace bool, err error) {
	i := strings.IndexByte(s, '[')
	if i < 0 {
		if strings.IndexByte(s, ']') >= 0 {
			return "", nil, "", false, errors.New("']' without '['")
		}
		return strings.TrimSpace(s), nil, "", false, nil
	}
	head, rest := s[:i], s[i:]
	if strings.IndexByte(head, ']') >= 0 {
		return "", nil, "", false, errors.New("']' without '['")
	}
	var junk []string
	for rest != "" {
		if rest[0] != '[' {
			k := strings.IndexByte(rest, '[')
			if k < 0 {
				k = len(rest)
			}
			junk = append(junk, strings.TrimSpace(rest[:k]))
			rest = rest[k:]
			continue
		}
		j := strings.IndexAny(rest[1:], "[]")
		if j < 0 || rest[1+j] == '[' {
			// Unclosed: accept a '}' as the closer when it ends the group.
			k := strings.IndexByte(rest, '}')
			if k > 0 && (j < 0 || k < 1+j) && strings.IndexByte(rest[1:k], '{') < 0 {
				groups = append(groups, strings.TrimSpace(rest[1:k]))
				closedBrace = true
				rest = strings.TrimSpace(rest[k+1:])
				continue
			}
			return "", nil, "", false, errors.New("'[' is never closed with ']'")
		}
		groups = append(groups, strings.TrimSpace(rest[1:1+j]))
		rest = strings.TrimSpace(rest[j+2:])
		if len(groups) > maxElements {
			return "", nil, "", false, fmt.Errorf("more than %d codes", maxElements)
		}
	}
	return strings.TrimSpace(head), groups, strings.Join(junk, " "), closedBrace, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	const n = 40
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// validCode reports whether s can be a code: non-empty, without white space
// or brackets. Dictionaries use CAMEO digits ("0431"), actor codes
// ("AFGGOV"), the null code "---" and test codes ("+++", "###", "102b").
func validCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isSpace(c), c == '[', c == ']', c == '{', c == '}', c == '(', c == ')', c == ':', c == '\n':
			return false
		}
	}
	return true
}
