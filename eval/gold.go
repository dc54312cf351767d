package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
)

// GoldEvent is one expected event of a gold record: CAMEO actor codes for
// source and target ("---" for an unknown or absent actor) and a CAMEO
// event code.
type GoldEvent struct {
	Source string `json:"source"` // source actor code ("USA", "IGOUNO", "---")
	Target string `json:"target"` // target actor code
	Code   string `json:"code"`   // CAMEO event code, 3 or 4 digits ("042", "0431")
}

// String formats the event as "SOURCE TARGET CODE".
func (e GoldEvent) String() string { return e.Source + " " + e.Target + " " + e.Code }

// GoldRecord is one sentence of a gold suite with what a coder should
// produce for it.
//
// A record states one of three expectations: Events (one or more events),
// NoEvents (the coder must emit nothing) or ExpectError (the coder must
// report an error condition, such as a discarded story). A record with none
// of them states no expectation (a PETRARCH <Sentence> without
// <EventCoding>); ScoreEvents scores it as expecting no event, as
// PETRARCH's own validator does, unless ScoreOptions.SkipUnstated is set.
// The readers never return a record with two kinds of expectation.
type GoldRecord struct {
	ID          string            // record identifier, unique within what a reader returns
	Date        string            // story date as written ("19950101", "2021-03-10"); see Time
	Category    string            // test category ("DEMO", "AFP"); may be ""
	Text        string            // the sentence; from XML with whitespace runs collapsed to one space
	Parse       string            // raw <Parse> content (PTB or CoNLL-U), trimmed; may be ""
	Events      []GoldEvent       // expected events; empty with NoEvents = expect none
	NoEvents    bool              // the coder must emit no event
	ExpectError string            // error="..." expectation; such records are normally skipped by the scorer
	Evaluate    bool              // sentence="true" / evaluate="true" / valid="true"; always true from JSONL unless "evaluate": false
	Config      map[string]string // <Config> options in force for this record (option -> value as written); nil when none
	File        string            // name of the file the record came from
	Line        int               // 1-based line where the record starts in File
}

// Time parses Date, written YYYYMMDD (PETRARCH), YYYY-MM-DD (JSONL) or
// YYMMDD (TABARI; years 69-99 are 19xx, 00-68 are 20xx).
func (r GoldRecord) Time() (time.Time, error) {
	for _, layout := range []string{"20060102", "2006-01-02", "060102"} {
		if len(r.Date) == len(layout) {
			if t, err := time.Parse(layout, r.Date); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, &goldError{fmt.Sprintf("record %s: date %q is not YYYYMMDD, YYYY-MM-DD or YYMMDD", r.ID, r.Date)}
}

// goldError describes malformed gold input; it unwraps to
// avocet.ErrInvalidInput. Readers wrap it in an *avocet.PosError.
type goldError struct{ msg string }

func (e *goldError) Error() string { return e.msg }
func (e *goldError) Unwrap() error { return avocet.ErrInvalidInput }

// warnf returns a positioned warning wrapping avocet.ErrInvalidInput.
func warnf(file string, line int, format string, args ...any) error {
	return &avocet.PosError{File: file, Line: line, Err: &goldError{fmt.Sprintf(format, args...)}}
}

// ReadGold reads a gold suite from the file at path, as PETRARCH XML
// records (ReadPetrarchXML) or JSONL (ReadGoldJSONL). The format is told
// from the content: the first character other than white space or a
// byte-order mark is '<' for XML and '{' for JSONL. An empty file is read by
// the reader its extension names (.jsonl, .ndjson, .json for JSONL,
// anything else for XML), which reports that it has no records.
//
// Problems with single records are returned as warnings, as the two readers
// describe; err reports a file that cannot be read or whose format cannot
// be told.
func ReadGold(path string) (recs []GoldRecord, warnings []error, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	body := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n")
	switch {
	case len(body) > 0 && body[0] == '<':
		return ReadPetrarchXML(bytes.NewReader(data), path)
	case len(body) > 0 && body[0] == '{':
		return ReadGoldJSONL(bytes.NewReader(data), path)
	case len(body) > 0:
		return nil, nil, &avocet.PosError{File: path, Line: 1 + bytes.Count(data[:len(data)-len(body)], []byte("\n")),
			Err: &goldError{fmt.Sprintf("cannot tell the gold format from %q: want PETRARCH XML records (<Sentence ...>) or JSONL ({\"id\": ...})", firstRunes(body, 20))}}
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".json":
		return ReadGoldJSONL(bytes.NewReader(data), path)
	}
	return ReadPetrarchXML(bytes.NewReader(data), path)
}

var utf8BOM = []byte("\ufeff")

// firstRunes returns up to n runes of b, for messages.
func firstRunes(b []byte, n int) string {
	s := strings.ToValidUTF8(string(b[:min(len(b), 4*n)]), "\uFFFD")
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// jsonGold is one line of a JSONL gold file.
type jsonGold struct {
	ID       string            `json:"id"`
	Date     string            `json:"date,omitempty"`
	Category string            `json:"category,omitempty"`
	Text     string            `json:"text"`
	Parse    string            `json:"parse,omitempty"`
	Events   *[]GoldEvent      `json:"events,omitempty"` // nil: no expectation; empty: no event expected
	Error    string            `json:"error,omitempty"`
	Evaluate *bool             `json:"evaluate,omitempty"` // nil: true
	Config   map[string]string `json:"config,omitempty"`
}

// jsonGoldFields are the keys a JSONL gold line may have.
var jsonGoldFields = []string{"id", "date", "category", "text", "parse", "events", "error", "evaluate", "config", "comment"}

// ReadGoldJSONL reads a gold suite written one JSON object a line:
//
//	{"id": "x-1", "date": "2021-03-10", "text": "Kenyan police detained ...",
//	 "events": [{"source": "KENCOP", "target": "KENCVL", "code": "173"}]}
//
// "id" and "text" are required. "events" lists the expected events, each
// with a non-empty "source", "target" and "code"; an empty list means that
// no event is expected, and a record with neither "events" nor "error"
// states no expectation (see GoldRecord). Optional keys: "date", "category", "parse" (CoNLL-U or PTB),
// "error" (an expected error condition, instead of "events"), "evaluate"
// (false to mark the record as not for evaluation), "config" (PETRARCH
// <Config> options in force, an object of strings) and "comment" (ignored).
// Identifiers and codes are trimmed of surrounding white space; the text is
// kept as written.
//
// Blank lines are skipped. A line that is not such an object is reported as
// a warning (an *avocet.PosError with the line, wrapping
// avocet.ErrInvalidInput) and skipped. An unknown key is reported without
// skipping the line, and a repeated id is renamed "ID#2" ("ID#3", ...) with
// a warning, so that the returned ids are unique. err is an I/O error,
// after which recs holds what was read before it.
func ReadGoldJSONL(r io.Reader, name string) (recs []GoldRecord, warnings []error, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	for lineNo := 1; ; lineNo++ {
		line, rerr := br.ReadBytes('\n')
		if rerr != nil && rerr != io.EOF {
			recs, dupWarnings := uniqueIDs(recs, name)
			return recs, append(warnings, dupWarnings...), &avocet.PosError{File: name, Line: lineNo, Err: rerr}
		}
		if lineNo == 1 {
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		if t := bytes.TrimSpace(line); len(t) > 0 {
			rec, ws := parseGoldJSONLine(t, name, lineNo)
			warnings = append(warnings, ws...)
			if rec != nil {
				recs = append(recs, *rec)
			}
		}
		if rerr == io.EOF {
			break
		}
	}
	recs, dupWarnings := uniqueIDs(recs, name)
	warnings = append(warnings, dupWarnings...)
	sort.SliceStable(warnings, func(i, j int) bool { return warnLine(warnings[i]) < warnLine(warnings[j]) })
	if len(recs) == 0 && len(warnings) == 0 {
		warnings = append(warnings, warnf(name, 0, "no gold records"))
	}
	return recs, warnings, nil
}

// parseGoldJSONLine decodes one non-blank JSONL line. It returns nil and a
// warning for a line that cannot be used.
func parseGoldJSONLine(line []byte, name string, lineNo int) (*GoldRecord, []error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(line, &keys); err != nil {
		return nil, []error{warnf(name, lineNo, "not a JSON object: %v; line skipped", jsonErrText(err))}
	}
	var warnings []error
	var unknown []string
	for k := range keys {
		if !slices.ContainsFunc(jsonGoldFields, func(f string) bool { return strings.EqualFold(f, k) }) {
			unknown = append(unknown, strconv.Quote(k))
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		warnings = append(warnings, warnf(name, lineNo, "unknown key %s ignored (known: %s)", strings.Join(unknown, ", "), strings.Join(jsonGoldFields, ", ")))
	}
	var j jsonGold
	if err := json.Unmarshal(line, &j); err != nil {
		return nil, append(warnings, warnf(name, lineNo, "%v; line skipped", jsonErrText(err)))
	}
	rec := GoldRecord{
		ID:          strings.TrimSpace(j.ID),
		Date:        strings.TrimSpace(j.Date),
		Category:    strings.TrimSpace(j.Category),
		Text:        j.Text,
		Parse:       j.Parse,
		ExpectError: strings.TrimSpace(j.Error),
		Evaluate:    j.Evaluate == nil || *j.Evaluate,
		File:        name,
		Line:        lineNo,
	}
	if len(j.Config) > 0 {
		rec.Config = j.Config
	}
	fail := func(format string, args ...any) (*GoldRecord, []error) {
		return nil, append(warnings, warnf(name, lineNo, format+"; line skipped", args...))
	}
	if rec.ID == "" {
		return fail("record without \"id\"")
	}
	if strings.TrimSpace(rec.Text) == "" {
		return fail("record %q: no \"text\"", rec.ID)
	}
	if j.Events != nil {
		if rec.ExpectError != "" {
			return fail("record %q: both \"events\" and \"error\"", rec.ID)
		}
		if len(*j.Events) == 0 {
			rec.NoEvents = true
		}
		for i, e := range *j.Events {
			e = GoldEvent{strings.TrimSpace(e.Source), strings.TrimSpace(e.Target), strings.TrimSpace(e.Code)}
			if e.Source == "" || e.Target == "" || e.Code == "" {
				return fail("record %q: event %d needs a non-empty \"source\", \"target\" and \"code\" (use \"---\" for no actor)", rec.ID, i+1)
			}
			rec.Events = append(rec.Events, e)
		}
	}
	return &rec, warnings
}

// jsonErrText shortens encoding/json's messages.
func jsonErrText(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Sprintf("%q must be a JSON %s, not %s", te.Field, jsonKind(te.Type.Kind().String()), te.Value)
		}
		return fmt.Sprintf("want a JSON object, not %s", te.Value)
	}
	return err.Error()
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "map", "struct":
		return "object"
	}
	return goKind
}

// WriteGoldJSONL writes records as JSONL that ReadGoldJSONL reads back to
// the same records (up to File and Line), for example to convert a
// PETRARCH XML suite. It writes the records as given; records with two
// kinds of expectation, an empty ID or text, or empty event codes do not
// read back.
func WriteGoldJSONL(w io.Writer, recs []GoldRecord) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	no := false
	for _, r := range recs {
		j := jsonGold{ID: r.ID, Date: r.Date, Category: r.Category, Text: r.Text, Parse: r.Parse, Error: r.ExpectError, Config: r.Config}
		switch {
		case len(r.Events) > 0:
			j.Events = &r.Events
		case r.NoEvents:
			j.Events = &[]GoldEvent{}
		}
		if !r.Evaluate {
			j.Evaluate = &no
		}
		if err := enc.Encode(j); err != nil {
			return fmt.Errorf("write gold record %s: %w", r.ID, err)
		}
	}
	return bw.Flush()
}
