package conllu

import (
	"fmt"
	"strings"

	"github.com/avocet-events/avocet"
)

// Word is one syntactic word: a line whose ID is a single integer.
//
// Read words never have empty string fields: an unspecified column is "_".
// Write turns an empty string back into "_".
type Word struct {
	ID     int    // 1-based position in the sentence; always index+1 in Sentence.Words
	Form   string // word form as written
	Lemma  string // lemma
	UPOS   string // universal part of speech
	XPOS   string // language-specific part of speech
	Feats  string // morphological features, "Feat=Val|Feat=Val" or "_"
	Head   int    // ID of the head word; 0 for the root; -1 when the column is "_"
	DepRel string // dependency relation to the head, possibly with a subtype ("obl:tmod")
	Deps   string // enhanced dependencies, kept as written
	Misc   string // miscellaneous attributes ("SpaceAfter=No|..."), kept as written
}

// MultiWord is a multiword token: a line whose ID is a range First-Last,
// standing for the surface token that words First..Last were split from
// ("don't" = "do" + "n't").
type MultiWord struct {
	First int    // ID of the first word of the token
	Last  int    // ID of the last word of the token; Last > First
	Form  string // surface form of the whole token
	Feats string // FEATS column, "_" except for the rare Typo=Yes
	Misc  string // MISC column, where SpaceAfter=No of the token lives
}

// EmptyNode is an empty node of the enhanced graph: a line whose ID is a
// decimal After.Index ("8.1"). Empty nodes take no part in the basic tree;
// they are kept so that Write reproduces the input.
type EmptyNode struct {
	After int    // ID of the word the node follows; 0 when it precedes the first word
	Index int    // 1-based index among the nodes that follow the same word
	Form  string // FORM column
	Lemma string // LEMMA column
	UPOS  string // UPOS column
	XPOS  string // XPOS column
	Feats string // FEATS column
	Deps  string // enhanced dependencies
	Misc  string // MISC column
}

// Sentence is one sentence of a CoNLL-U file.
//
// Comments holds every comment line in order and is what Write emits; ID,
// Text, NewDoc and NewPar are derived from it on reading for convenience.
type Sentence struct {
	ID         string      // value of the first "# sent_id = " comment
	Text       string      // value of the first "# text = " comment
	NewDoc     bool        // a "# newdoc" comment precedes the words
	NewPar     bool        // a "# newpar" comment precedes the words
	Comments   []string    // comment lines in order, without the leading "#" and one following space
	Words      []Word      // syntactic words; Words[i].ID == i+1
	MultiWords []MultiWord // multiword tokens in order; ranges do not overlap
	EmptyNodes []EmptyNode // empty nodes in file order
	Line       int         // 1-based line number of the sentence's first line; 0 when not read from a file
}

// SpaceAfter reports whether whitespace follows word i (0-based index into
// s.Words) in the running text. It is false when the MISC of the word, or of
// the multiword token ending with it, says SpaceAfter=No, and for every word
// of a multiword token but the last, which are parts of one surface token.
func (s *Sentence) SpaceAfter(i int) bool {
	if i < 0 || i >= len(s.Words) {
		return false
	}
	if hasSpaceAfterNo(s.Words[i].Misc) {
		return false
	}
	id := i + 1
	for _, mw := range s.MultiWords {
		if mw.First <= id && id <= mw.Last {
			return id == mw.Last && !hasSpaceAfterNo(mw.Misc)
		}
		if mw.First > id {
			break
		}
	}
	return true
}

func hasSpaceAfterNo(misc string) bool {
	v, ok := MiscValue(misc, "SpaceAfter")
	return ok && v == "No"
}

// MiscValue returns the value of attribute key in a MISC column
// ("SpaceAfter=No|TokenRange=0:5") and whether it is present.
func MiscValue(misc, key string) (string, bool) {
	for misc != "" {
		var attr string
		attr, misc, _ = strings.Cut(misc, "|")
		if k, v, ok := strings.Cut(attr, "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

// Validate reports whether s can be written as CoNLL-U that Reader reads
// back unchanged: word IDs are 1..n in order, heads are -1..n, multiword
// ranges lie inside the sentence in order without overlap, empty nodes are
// in file order, and no field contains a tab, newline or carriage return.
// The error wraps avocet.ErrInvalidInput.
func (s *Sentence) Validate() error {
	if len(s.Words) == 0 {
		return invalid("sentence has no words")
	}
	if strings.ContainsAny(s.ID, "\n\r") || strings.ContainsAny(s.Text, "\n\r") {
		return invalid("sentence ID or text contains a line break")
	}
	for _, c := range s.Comments {
		if strings.ContainsAny(c, "\n\r") {
			return invalid("comment %q contains a line break", c)
		}
	}
	n := len(s.Words)
	for i := range s.Words {
		w := &s.Words[i]
		if w.ID != i+1 {
			return invalid("word %d has ID %d", i+1, w.ID)
		}
		if w.Head < -1 || w.Head > n {
			return invalid("word %d: HEAD %d out of range (sentence has %d words)", w.ID, w.Head, n)
		}
		for col, f := range [...]string{w.Form, w.Lemma, w.UPOS, w.XPOS, w.Feats, w.DepRel, w.Deps, w.Misc} {
			if err := checkField(f); err != nil {
				return fmt.Errorf("word %d %s: %w", w.ID, wordColumns[col], err)
			}
		}
	}
	last := 0
	for _, mw := range s.MultiWords {
		if mw.First <= last || mw.Last <= mw.First || mw.Last > n {
			return invalid("multiword token %d-%d out of order or out of range", mw.First, mw.Last)
		}
		last = mw.Last
		for _, f := range [...]string{mw.Form, mw.Feats, mw.Misc} {
			if err := checkField(f); err != nil {
				return fmt.Errorf("multiword token %d-%d: %w", mw.First, mw.Last, err)
			}
		}
	}
	after, index := 0, 0
	for _, e := range s.EmptyNodes {
		switch {
		case e.After < after || e.After > n:
			return invalid("empty node %d.%d out of order or out of range", e.After, e.Index)
		case e.After > after:
			after, index = e.After, 0
		}
		if e.Index != index+1 {
			return invalid("empty node %d.%d out of order", e.After, e.Index)
		}
		index++
		for _, f := range [...]string{e.Form, e.Lemma, e.UPOS, e.XPOS, e.Feats, e.Deps, e.Misc} {
			if err := checkField(f); err != nil {
				return fmt.Errorf("empty node %d.%d: %w", e.After, e.Index, err)
			}
		}
	}
	return nil
}

var wordColumns = [...]string{"FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "DEPREL", "DEPS", "MISC"}

func checkField(f string) error {
	for i := 0; i < len(f); i++ {
		if c := f[i]; c == '\t' || c == '\n' || c == '\r' {
			return invalid("field %q contains a tab or line break", f)
		}
	}
	return nil
}

// invalid returns an error wrapping avocet.ErrInvalidInput.
func invalid(format string, args ...any) error {
	return &formatError{msg: fmt.Sprintf(format, args...)}
}

// formatError is a description of malformed input; it unwraps to
// avocet.ErrInvalidInput.
type formatError struct{ msg string }

func (e *formatError) Error() string { return e.msg }
func (e *formatError) Unwrap() error { return avocet.ErrInvalidInput }
