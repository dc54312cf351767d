package conllu

import (
	"io"
	"strconv"
	"strings"
)

// Write writes s as CoNLL-U lines followed by a blank line. It returns an
// error wrapping avocet.ErrInvalidInput, and writes nothing, when s fails
// Validate.
func Write(w io.Writer, s *Sentence) error {
	b, err := Append(nil, s)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// WriteAll writes every sentence with Write.
func WriteAll(w io.Writer, ss []*Sentence) error {
	var b []byte
	for _, s := range ss {
		var err error
		if b, err = Append(b[:0], s); err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// Append appends the CoNLL-U form of s, with its final blank line, to dst.
//
// The comments are written in order. Metadata set in the fields but missing
// from Comments is written first, in the order newdoc, newpar, sent_id,
// text; so a Sentence built in code needs only ID and Text, and a Sentence
// that was read is written back as it was. Empty fields are written as "_",
// and so is a Head of -1.
func Append(dst []byte, s *Sentence) ([]byte, error) {
	if err := s.Validate(); err != nil {
		return dst, err
	}
	if s.NewDoc && !hasKeyword(s.Comments, "newdoc") {
		dst = append(dst, "# newdoc\n"...)
	}
	if s.NewPar && !hasKeyword(s.Comments, "newpar") {
		dst = append(dst, "# newpar\n"...)
	}
	if s.ID != "" && !hasComment(s, "sent_id", len(s.Comments)) {
		dst = append(dst, "# sent_id = "...)
		dst = append(dst, s.ID...)
		dst = append(dst, '\n')
	}
	if s.Text != "" && !hasComment(s, "text", len(s.Comments)) {
		dst = append(dst, "# text = "...)
		dst = append(dst, s.Text...)
		dst = append(dst, '\n')
	}
	for _, c := range s.Comments {
		dst = append(dst, '#')
		if c != "" {
			dst = append(dst, ' ')
			dst = append(dst, c...)
		}
		dst = append(dst, '\n')
	}

	e, m := 0, 0
	for e < len(s.EmptyNodes) && s.EmptyNodes[e].After == 0 {
		dst = appendEmptyNode(dst, &s.EmptyNodes[e])
		e++
	}
	for i := range s.Words {
		w := &s.Words[i]
		if m < len(s.MultiWords) && s.MultiWords[m].First == w.ID {
			mw := &s.MultiWords[m]
			dst = strconv.AppendInt(dst, int64(mw.First), 10)
			dst = append(dst, '-')
			dst = strconv.AppendInt(dst, int64(mw.Last), 10)
			dst = appendField(dst, mw.Form)
			dst = append(dst, "\t_\t_\t_"...)
			dst = appendField(dst, mw.Feats)
			dst = append(dst, "\t_\t_\t_"...)
			dst = appendField(dst, mw.Misc)
			dst = append(dst, '\n')
			m++
		}
		dst = strconv.AppendInt(dst, int64(w.ID), 10)
		dst = appendField(dst, w.Form)
		dst = appendField(dst, w.Lemma)
		dst = appendField(dst, w.UPOS)
		dst = appendField(dst, w.XPOS)
		dst = appendField(dst, w.Feats)
		dst = append(dst, '\t')
		if w.Head < 0 {
			dst = append(dst, '_')
		} else {
			dst = strconv.AppendInt(dst, int64(w.Head), 10)
		}
		dst = appendField(dst, w.DepRel)
		dst = appendField(dst, w.Deps)
		dst = appendField(dst, w.Misc)
		dst = append(dst, '\n')
		for e < len(s.EmptyNodes) && s.EmptyNodes[e].After == w.ID {
			dst = appendEmptyNode(dst, &s.EmptyNodes[e])
			e++
		}
	}
	return append(dst, '\n'), nil
}

func appendEmptyNode(dst []byte, e *EmptyNode) []byte {
	dst = strconv.AppendInt(dst, int64(e.After), 10)
	dst = append(dst, '.')
	dst = strconv.AppendInt(dst, int64(e.Index), 10)
	dst = appendField(dst, e.Form)
	dst = appendField(dst, e.Lemma)
	dst = appendField(dst, e.UPOS)
	dst = appendField(dst, e.XPOS)
	dst = appendField(dst, e.Feats)
	dst = append(dst, "\t_\t_"...)
	dst = appendField(dst, e.Deps)
	dst = appendField(dst, e.Misc)
	return append(dst, '\n')
}

// appendField appends a tab and f, or "_" when f is empty.
func appendField(dst []byte, f string) []byte {
	dst = append(dst, '\t')
	if f == "" {
		return append(dst, '_')
	}
	return append(dst, f...)
}

// hasKeyword reports whether a comment is the keyword alone or followed by
// a space or "=" ("newdoc", "newdoc id = x"), as the reader recognises it.
func hasKeyword(comments []string, kw string) bool {
	for _, c := range comments {
		k, _, _ := strings.Cut(c, "=")
		k = strings.TrimSpace(k)
		if k == kw || strings.HasPrefix(k, kw+" ") {
			return true
		}
	}
	return false
}
