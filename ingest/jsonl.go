package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/avocet-events/avocet"
)

// jsonArticle is one JSONL record. Keys match case-insensitively; "id" is
// read but not kept: the ID is always the content hash.
type jsonArticle struct {
	ID        json.RawMessage `json:"id"`
	Date      json.RawMessage `json:"date"`
	Title     string          `json:"title"`
	Text      string          `json:"text"`
	Body      string          `json:"body"`
	Content   string          `json:"content"`
	URL       string          `json:"url"`
	Source    string          `json:"source"`
	Publisher string          `json:"publisher"`
	Byline    json.RawMessage `json:"byline"`
	Author    json.RawMessage `json:"author"`
}

// toArticle makes the article of a record.
func (j *jsonArticle) toArticle() (avocet.Article, string) {
	a := avocet.Article{
		Title:     j.Title,
		URL:       j.URL,
		Publisher: firstOf(j.Source, j.Publisher),
		Text:      firstOf(j.Text, j.Body, j.Content),
		Date:      ParseDate(jsonScalar(j.Date)),
	}
	return a, firstOf(jsonName(j.Byline), jsonName(j.Author))
}

// jsonScalar returns a JSON string's value or a number's digits.
func jsonScalar(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// jsonName returns an author given as a string, a list of strings or an
// object with a "name".
func jsonName(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	if s := jsonScalar(raw); s != "" {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, ", ")
	}
	var obj struct{ Name string }
	if json.Unmarshal(raw, &obj) == nil {
		return obj.Name
	}
	return ""
}

// decodeArticle decodes one JSON object.
func decodeArticle(b []byte) (avocet.Article, string, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return avocet.Article{}, "", invalidf("not a JSON object")
	}
	var j jsonArticle
	if err := json.Unmarshal(b, &j); err != nil {
		return avocet.Article{}, "", invalidf("bad JSON: %w", err)
	}
	a, byline := j.toArticle()
	return a, byline, nil
}

// readJSONL reads one JSON object per line. Blank lines are skipped.
func (rd *reader) readJSONL(br *bufio.Reader) error {
	limit := rd.opts.MaxRecordBytes
	for line := 1; ; line++ {
		b, n, err := readLine(br, limit)
		if len(b) == 0 && n == 0 && err != nil {
			if err == io.EOF {
				return nil
			}
			rd.stats.Records++
			return rd.fail(fmt.Sprintf("line %d", line), invalidf("read: %w", err))
		}
		where := fmt.Sprintf("line %d", line)
		if n > limit {
			rd.stats.Records++
			if ferr := rd.fail(where, tooLarge("line", n, limit)); ferr != nil {
				return ferr
			}
		} else if len(bytes.TrimSpace(b)) > 0 {
			rd.stats.Records++
			a, byline, derr := decodeArticle(b)
			if derr != nil {
				derr = rd.fail(where, derr)
			} else {
				derr = rd.article(where, a, byline)
			}
			if derr != nil {
				return derr
			}
		}
		if err != nil {
			if err == io.EOF {
				return nil
			}
			rd.stats.Records++
			return rd.fail(fmt.Sprintf("line %d", line+1), invalidf("read: %w", err))
		}
	}
}

// readLine reads one line of at most limit bytes, without its line end. n
// is the line's length: when n > limit the line was skipped and b is nil.
// At the end of the input err is io.EOF (with the last line, if any).
func readLine(br *bufio.Reader, limit int64) (b []byte, n int64, err error) {
	over := false
	var tail [2]byte // the line's last two bytes
	for {
		chunk, e := br.ReadSlice('\n')
		n += int64(len(chunk))
		for _, c := range chunk[max(0, len(chunk)-2):] {
			tail[0], tail[1] = tail[1], c
		}
		if !over {
			if n > limit+2 {
				over, b = true, nil
			} else {
				b = append(b, chunk...)
			}
		}
		if e != bufio.ErrBufferFull {
			err = e
			break
		}
	}
	if over {
		if tail[1] == '\n' {
			n--
			if tail[0] == '\r' {
				n--
			}
		}
		return nil, n, err
	}
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	return b, int64(len(b)), err
}

// readJSONDoc reads a JSON array of article objects, or a stream of
// (pretty-printed) objects. A syntax error ends the input: JSON cannot be
// resynchronised.
func (rd *reader) readJSONDoc(br *bufio.Reader) error {
	dec := json.NewDecoder(br)
	b, _ := br.Peek(sniffLen)
	array := len(trimLeftSpace(b)) > 0 && trimLeftSpace(b)[0] == '['
	if array {
		if _, err := dec.Token(); err != nil {
			rd.stats.Records++
			return rd.fail("", invalidf("bad JSON: %w", err))
		}
	}
	for item := 1; ; item++ {
		if array && !dec.More() {
			return nil
		}
		where := fmt.Sprintf("item %d", item)
		start := dec.InputOffset()
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF && !array {
			return nil
		}
		rd.stats.Records++
		if err != nil {
			return rd.fail(where, invalidf("bad JSON at offset %d: %w", dec.InputOffset(), err))
		}
		if size := dec.InputOffset() - start; size > rd.opts.MaxRecordBytes {
			if err := rd.fail(where, tooLarge("record", size, rd.opts.MaxRecordBytes)); err != nil {
				return err
			}
			continue
		}
		a, byline, derr := decodeArticle(raw)
		if derr != nil {
			derr = rd.fail(where, derr)
		} else {
			derr = rd.article(where, a, byline)
		}
		if derr != nil {
			return derr
		}
	}
}
