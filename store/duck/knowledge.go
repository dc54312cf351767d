package duck

import (
	"cmp"
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/internal/spec"
)

// The JSON document of the article_knowledge view (stored cut into
// article_knowledge_parts) is the article's whole avocet.Knowledge but its
// ArticleID. encodeKnowledge writes it and decodeKnowledge reads it into
// this package's own wire types, so that a change of the Go types (or of
// package format) cannot change what old files mean. It reads back exactly
// as it was put:
//
//   - a nil list is null and an empty one [], so each comes back as it was;
//   - a float is a JSON number, or the string "NaN", "+Inf" or "-Inf" (a
//     NaN reads back as math.NaN(), without its sign and payload);
//   - a date is RFC 3339 in UTC with nanoseconds ("" for the zero time),
//     or "unix:<seconds>.<nanoseconds>" for a year outside 0-9999.
//
// v is the version of the document's format, 1.
type wireKnowledge struct {
	V          int             `json:"v"`
	Entities   []wireEntity    `json:"entities"`
	Locations  []wireLocation  `json:"locations"`
	Themes     []wireTheme     `json:"themes"`
	Tone       wireTone        `json:"tone"`
	Amounts    []wireAmount    `json:"amounts"`
	Quotations []wireQuotation `json:"quotations"`
	Dates      []wireDate      `json:"dates"`
}

// wireFormat is the version of wireKnowledge this package writes.
const wireFormat = 1

// wireSpan is an avocet.Span as [start, end].
type wireSpan [2]int

type wireEntity struct {
	Type      string        `json:"type"`
	Name      string        `json:"name"`
	Canonical string        `json:"canonical"`
	Code      string        `json:"code"`
	Place     *wireLocation `json:"place"`
	Mentions  []wireSpan    `json:"mentions"`
}

type wireLocation struct {
	Name       string `json:"name"`
	Country    string `json:"country"`
	Admin1     string `json:"admin1"`
	Lat        num    `json:"lat"`
	Lon        num    `json:"lon"`
	GeoNameID  int    `json:"geonames_id"`
	Type       int    `json:"type"`
	Confidence num    `json:"confidence"`
}

type wireTheme struct {
	Code     string     `json:"code"`
	Mentions []wireSpan `json:"mentions"`
}

type wireTone struct {
	Tone     num `json:"tone"`
	Positive num `json:"positive"`
	Negative num `json:"negative"`
	Polarity num `json:"polarity"`
	Words    int `json:"words"`
}

type wireAmount struct {
	Value  num      `json:"value"`
	Unit   string   `json:"unit"`
	Object string   `json:"object"`
	Span   wireSpan `json:"span"`
}

type wireQuotation struct {
	Text    string   `json:"text"`
	Span    wireSpan `json:"span"`
	Speaker string   `json:"speaker"`
	Code    string   `json:"code"`
}

type wireDate struct {
	Date        wireTime `json:"date"`
	Granularity string   `json:"granularity"`
	Span        wireSpan `json:"span"`
}

// num is a float64 that JSON can hold whatever its value: NaN and the
// infinities, which JSON numbers cannot be, are strings.
type num float64

func (f *num) UnmarshalJSON(b []byte) error {
	var v float64
	var err error
	switch s := string(b); s {
	case `"NaN"`:
		v = math.NaN()
	case `"+Inf"`:
		v = math.Inf(1)
	case `"-Inf"`:
		v = math.Inf(-1)
	default:
		v, err = strconv.ParseFloat(s, 64)
	}
	*f = num(v)
	return err
}

// wireTime is a time.Time kept exactly, read back in UTC.
type wireTime time.Time

func (t *wireTime) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*t = wireTime{}
		return nil
	}
	if rest, ok := strings.CutPrefix(s, "unix:"); ok {
		sec, nsec, _ := strings.Cut(rest, ".")
		x, err := strconv.ParseInt(sec, 10, 64)
		if err != nil {
			return fmt.Errorf("date %q: %w", s, err)
		}
		n, err := strconv.ParseInt(nsec, 10, 64)
		if err != nil {
			return fmt.Errorf("date %q: %w", s, err)
		}
		*t = wireTime(time.Unix(x, n).UTC())
		return nil
	}
	u, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	*t = wireTime(u.UTC())
	return nil
}

func (s wireSpan) span() avocet.Span { return avocet.Span{Start: s[0], End: s[1]} }

func spans(l []wireSpan) []avocet.Span { return mapList(l, (*wireSpan).span) }

func (l *wireLocation) location() avocet.Location {
	return avocet.Location{Name: l.Name, Country: l.Country, Admin1: l.Admin1, Lat: float64(l.Lat), Lon: float64(l.Lon),
		GeoNameID: l.GeoNameID, Type: l.Type, Confidence: float64(l.Confidence)}
}

// mapList converts a list element by element, keeping nil nil and empty
// empty.
func mapList[T, U any](l []T, f func(*T) U) []U {
	if l == nil {
		return nil
	}
	out := make([]U, len(l))
	for i := range l {
		out[i] = f(&l[i])
	}
	return out
}

// encodeKnowledge returns the JSON document of k, the fields in the order
// of the wire types. It writes the JSON itself: encoding/json, through the
// wire types, took twice as long, a tenth of the time Put spends on an
// article's knowledge. A string that is not UTF-8 is an error: DuckDB's
// VARCHAR holds UTF-8 only (the Appender makes other strings NULL), and
// JSON would replace the bad bytes, so it could not read back as it was
// put.
func encodeKnowledge(k *avocet.Knowledge) (string, error) {
	var d docWriter
	return d.knowledge(k)
}

// knowledge returns the JSON document of k, reusing d's buffer.
func (d *docWriter) knowledge(k *avocet.Knowledge) (string, error) {
	d.b, d.bad = d.b[:0], ""
	d.raw(`{"v":`)
	d.int(wireFormat)
	d.raw(`,"entities":`)
	writeList(d, k.Entities, func(e *avocet.Entity) {
		d.str(`{"type":`, e.Type)
		d.str(`,"name":`, e.Name)
		d.str(`,"canonical":`, e.Canonical)
		d.str(`,"code":`, e.Code)
		d.raw(`,"place":`)
		if e.Place == nil {
			d.raw("null")
		} else {
			d.location(e.Place)
		}
		d.raw(`,"mentions":`)
		d.spans(e.Mentions)
		d.raw("}")
	})
	d.raw(`,"locations":`)
	writeList(d, k.Locations, d.location)
	d.raw(`,"themes":`)
	writeList(d, k.Themes, func(t *avocet.Theme) {
		d.str(`{"code":`, t.Code)
		d.raw(`,"mentions":`)
		d.spans(t.Mentions)
		d.raw("}")
	})
	t := &k.Tone
	d.num(`,"tone":{"tone":`, t.Tone)
	d.num(`,"positive":`, t.Positive)
	d.num(`,"negative":`, t.Negative)
	d.num(`,"polarity":`, t.Polarity)
	d.raw(`,"words":`)
	d.int(t.Words)
	d.raw(`},"amounts":`)
	writeList(d, k.Amounts, func(a *avocet.Amount) {
		d.num(`{"value":`, a.Value)
		d.str(`,"unit":`, a.Unit)
		d.str(`,"object":`, a.Object)
		d.raw(`,"span":`)
		d.span(a.Span)
		d.raw("}")
	})
	d.raw(`,"quotations":`)
	writeList(d, k.Quotations, func(q *avocet.Quotation) {
		d.str(`{"text":`, q.Text)
		d.raw(`,"span":`)
		d.span(q.Span)
		d.str(`,"speaker":`, q.Speaker)
		d.str(`,"code":`, q.Code)
		d.raw("}")
	})
	d.raw(`,"dates":`)
	writeList(d, k.Dates, func(m *avocet.DateMention) {
		d.raw(`{"date":`)
		d.date(m.Date)
		d.str(`,"granularity":`, m.Granularity)
		d.raw(`,"span":`)
		d.span(m.Span)
		d.raw("}")
	})
	d.raw("}")
	if d.bad != "" {
		return "", fmt.Errorf("knowledge of article %s: %q is not UTF-8: %w", k.ArticleID, d.bad, avocet.ErrInvalidInput)
	}
	return string(d.b), nil
}

// docWriter appends JSON to b.
type docWriter struct {
	b   []byte
	bad string // a string that is not UTF-8, if any
}

func (d *docWriter) raw(s string) { d.b = append(d.b, s...) }

func (d *docWriter) int(n int) { d.b = strconv.AppendInt(d.b, int64(n), 10) }

// num writes key (the text before the value) and the float f as in num.
func (d *docWriter) num(key string, f float64) {
	d.raw(key)
	switch {
	case math.IsNaN(f):
		d.raw(`"NaN"`)
	case math.IsInf(f, 1):
		d.raw(`"+Inf"`)
	case math.IsInf(f, -1):
		d.raw(`"-Inf"`)
	default:
		d.b = strconv.AppendFloat(d.b, f, 'g', -1, 64)
	}
}

// str writes key and the string s, escaped.
func (d *docWriter) str(key, s string) {
	d.raw(key)
	if !utf8.ValidString(s) && d.bad == "" {
		d.bad = s
	}
	const hex = "0123456789abcdef"
	d.b = append(d.b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		d.b = append(d.b, s[start:i]...)
		switch c {
		case '"', '\\':
			d.b = append(d.b, '\\', c)
		case '\n':
			d.b = append(d.b, '\\', 'n')
		case '\r':
			d.b = append(d.b, '\\', 'r')
		case '\t':
			d.b = append(d.b, '\\', 't')
		default:
			d.b = append(d.b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	d.b = append(d.b, s[start:]...)
	d.b = append(d.b, '"')
}

func (d *docWriter) span(s avocet.Span) {
	d.b = append(d.b, '[')
	d.int(s.Start)
	d.b = append(d.b, ',')
	d.int(s.End)
	d.b = append(d.b, ']')
}

func (d *docWriter) spans(l []avocet.Span) {
	writeList(d, l, func(s *avocet.Span) { d.span(*s) })
}

func (d *docWriter) location(l *avocet.Location) {
	d.str(`{"name":`, l.Name)
	d.str(`,"country":`, l.Country)
	d.str(`,"admin1":`, l.Admin1)
	d.num(`,"lat":`, l.Lat)
	d.num(`,"lon":`, l.Lon)
	d.raw(`,"geonames_id":`)
	d.int(l.GeoNameID)
	d.raw(`,"type":`)
	d.int(l.Type)
	d.num(`,"confidence":`, l.Confidence)
	d.raw("}")
}

// date writes t as wireTime reads it.
func (d *docWriter) date(t time.Time) {
	u := t.UTC()
	switch {
	case u.IsZero():
		d.raw(`""`)
	case u.Year() < 0 || u.Year() > 9999:
		d.raw(`"unix:`)
		d.b = strconv.AppendInt(d.b, u.Unix(), 10)
		d.b = fmt.Appendf(d.b, ".%09d\"", u.Nanosecond())
	default:
		d.b = append(d.b, '"')
		d.b = u.AppendFormat(d.b, time.RFC3339Nano)
		d.b = append(d.b, '"')
	}
}

// writeList writes l as a JSON array of the values write writes: null when l is
// nil, [] when it is empty.
func writeList[T any](d *docWriter, l []T, write func(*T)) {
	if l == nil {
		d.raw("null")
		return
	}
	d.b = append(d.b, '[')
	for i := range l {
		if i > 0 {
			d.b = append(d.b, ',')
		}
		write(&l[i])
	}
	d.b = append(d.b, ']')
}

// decodeKnowledge reads the JSON document of the knowledge of article id.
func decodeKnowledge(id, doc string) (avocet.Knowledge, error) {
	var w wireKnowledge
	if err := json.Unmarshal([]byte(doc), &w); err != nil {
		return avocet.Knowledge{}, fmt.Errorf("knowledge of article %s: %w", id, err)
	}
	if w.V != wireFormat {
		return avocet.Knowledge{}, fmt.Errorf("knowledge of article %s: document format %d, want %d", id, w.V, wireFormat)
	}
	return avocet.Knowledge{
		ArticleID: id,
		Entities: mapList(w.Entities, func(we *wireEntity) avocet.Entity {
			e := avocet.Entity{Type: we.Type, Name: we.Name, Canonical: we.Canonical, Code: we.Code, Mentions: spans(we.Mentions)}
			if we.Place != nil {
				l := we.Place.location()
				e.Place = &l
			}
			return e
		}),
		Locations: mapList(w.Locations, (*wireLocation).location),
		Themes: mapList(w.Themes, func(t *wireTheme) avocet.Theme {
			return avocet.Theme{Code: t.Code, Mentions: spans(t.Mentions)}
		}),
		Tone: avocet.Tone{Tone: float64(w.Tone.Tone), Positive: float64(w.Tone.Positive), Negative: float64(w.Tone.Negative),
			Polarity: float64(w.Tone.Polarity), Words: w.Tone.Words},
		Amounts: mapList(w.Amounts, func(a *wireAmount) avocet.Amount {
			return avocet.Amount{Value: float64(a.Value), Unit: a.Unit, Object: a.Object, Span: a.Span.span()}
		}),
		Quotations: mapList(w.Quotations, func(q *wireQuotation) avocet.Quotation {
			return avocet.Quotation{Text: q.Text, Span: q.Span.span(), Speaker: q.Speaker, Code: q.Code}
		}),
		Dates: mapList(w.Dates, func(d *wireDate) avocet.DateMention {
			return avocet.DateMention{Date: time.Time(d.Date), Granularity: d.Granularity, Span: d.Span.span()}
		}),
	}, nil
}

// knowledgeDocs returns the JSON documents of the batch's knowledge, by
// article ID.
func knowledgeDocs(ks []avocet.Knowledge) (map[string]string, error) {
	if len(ks) == 0 {
		return nil, nil
	}
	docs := make(map[string]string, len(ks))
	d := docWriter{b: make([]byte, 0, 16<<10)}
	for i := range ks {
		doc, err := d.knowledge(&ks[i])
		if err != nil {
			return nil, err
		}
		docs[ks[i].ArticleID] = doc
	}
	return docs, nil
}

// partBytes is the most bytes of a row of article_knowledge_parts. DuckDB
// (1.5) compresses no string column (FSST, dictionary) in a row group that
// holds a string of about 4 KiB or more (4,000 bytes were compressed, 4,095
// not), so one long document would leave the documents of 122,880 articles
// uncompressed: cut, they take less than half the space.
const partBytes = 3000

// parts cuts doc into strings of at most partBytes, each ending at a
// character boundary.
func parts(doc string) []string {
	var out []string
	for len(doc) > partBytes {
		i := partBytes
		for i > 0 && !utf8.RuneStart(doc[i]) {
			i--
		}
		out = append(out, doc[:i])
		doc = doc[i:]
	}
	return append(out, doc)
}

// appendKnowledge appends the knowledge of the fresh articles to the
// knowledge tables, in the order of their seq.
func appendKnowledge(ctx context.Context, c driver.Conn, ks []avocet.Knowledge, docs map[string]string, fresh map[string]*article) error {
	// The batch's order is the articles' order only when the caller put
	// them in it; sort by seq so that every table stays clustered.
	ordered := make([]*avocet.Knowledge, 0, len(ks))
	for i := range ks {
		if fresh[ks[i].ArticleID] != nil {
			ordered = append(ordered, &ks[i])
		}
	}
	if len(ordered) == 0 {
		return nil
	}
	seqOf := func(k *avocet.Knowledge) int64 { return fresh[k.ArticleID].seq }
	slices.SortFunc(ordered, func(a, b *avocet.Knowledge) int { return cmp.Compare(seqOf(a), seqOf(b)) })
	tables := []struct {
		name string
		n    func(k *avocet.Knowledge) int // rows of k
		rows func(ap *duckdb.Appender, seq int64, k *avocet.Knowledge) error
	}{
		{"article_tone", func(*avocet.Knowledge) int { return 1 }, func(ap *duckdb.Appender, seq int64, k *avocet.Knowledge) error {
			t := &k.Tone
			return ap.AppendRow(seq, t.Tone, t.Positive, t.Negative, t.Polarity, t.Words)
		}},
		{"article_knowledge_parts", func(*avocet.Knowledge) int { return 1 }, func(ap *duckdb.Appender, seq int64, k *avocet.Knowledge) error {
			for i, part := range parts(docs[k.ArticleID]) {
				if err := ap.AppendRow(seq, i, part); err != nil {
					return err
				}
			}
			return nil
		}},
		{"article_entities", func(k *avocet.Knowledge) int { return len(k.Entities) }, func(ap *duckdb.Appender, seq int64, k *avocet.Knowledge) error {
			type typeKey struct{ typ, key string }
			seen := make(map[typeKey]bool, len(k.Entities))
			for i := range k.Entities {
				e := &k.Entities[i]
				tk := typeKey{e.Type, spec.EntityKey(e)}
				first := !seen[tk]
				seen[tk] = true
				if err := ap.AppendRow(seq, e.Type, e.Name, e.Canonical, e.Code, tk.key, len(e.Mentions), first); err != nil {
					return err
				}
			}
			return nil
		}},
		{"article_themes", func(k *avocet.Knowledge) int { return len(k.Themes) }, func(ap *duckdb.Appender, seq int64, k *avocet.Knowledge) error {
			seen := make(map[string]bool, len(k.Themes))
			for i := range k.Themes {
				code := k.Themes[i].Code
				first := !seen[code]
				seen[code] = true
				if err := ap.AppendRow(seq, code, len(k.Themes[i].Mentions), first); err != nil {
					return err
				}
			}
			return nil
		}},
		{"article_places", func(k *avocet.Knowledge) int { return len(k.Locations) }, func(ap *duckdb.Appender, seq int64, k *avocet.Knowledge) error {
			for i := range k.Locations {
				l := &k.Locations[i]
				if err := ap.AppendRow(seq, l.Name, l.Country, l.Admin1, l.Lat, l.Lon, l.GeoNameID, l.Type, l.Confidence, i+1); err != nil {
					return err
				}
			}
			return nil
		}},
	}
	for _, t := range tables {
		n := 0
		for _, k := range ordered {
			n += t.n(k)
		}
		if n == 0 {
			continue
		}
		if err := appendTable(ctx, c, t.name, func(ap *duckdb.Appender) error {
			for _, k := range ordered {
				if err := t.rows(ap, seqOf(k), k); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	return nil
}
