package petrarch

import (
	"errors"
	"io"
	"strings"
)

// Discards is one discard list (Phoenix.discards.txt): phrases that mark a
// sentence, or a whole story, as not to be coded (sports, entertainment).
type Discards struct {
	File    string    // name the list was read under
	Entries []Discard // in file order
}

// Discard is one phrase of a discard list.
type Discard struct {
	Phrase     string // the phrase as written, without a leading '+' or final '_' ("AFL GRAND FINAL"); matched case-insensitively
	Exact      bool   // written with a final '_': the match must end at a word boundary; otherwise the last word is a stem
	WholeStory bool   // written with a leading '+': discard the whole story, not just the sentence
	Comment    string // comment on the line
	File       string // file of the entry
	Line       int    // line of the entry
}

// ReadDiscards reads a discard list. name is used in errors and recorded on
// every entry.
func ReadDiscards(r io.Reader, name string, opts *Options) (*Discards, error) {
	lr := newLineReader(r, name)
	d := &Discards{File: name}
	for {
		line, comment, err := lr.next()
		if err == io.EOF {
			return d, nil
		}
		if err != nil {
			if !isPos(err) {
				return nil, err
			}
			if err := fail(opts, err); err != nil {
				return nil, err
			}
			continue
		}
		e, perr := parseDiscard(line)
		if perr != nil {
			if err := fail(opts, lr.wrap(perr)); err != nil {
				return nil, err
			}
			continue
		}
		e.Comment, e.File, e.Line = comment, name, lr.n
		d.Entries = append(d.Entries, e)
	}
}

func parseDiscard(line string) (Discard, error) {
	var e Discard
	if line[0] == '+' {
		e.WholeStory = true
		line = line[1:]
	}
	line = strings.TrimSpace(line)
	if strings.HasSuffix(line, "_") {
		e.Exact = true
		line = strings.TrimSpace(strings.TrimRight(line, "_"))
	}
	if line == "" {
		return e, errors.New("empty discard phrase")
	}
	if strings.ContainsAny(line, "[]{}") {
		return e, errors.New("brackets in a discard phrase (is this a discard list?)")
	}
	e.Phrase = strings.Join(strings.Fields(line), " ")
	return e, nil
}
