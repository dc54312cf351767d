// Package spec holds the semantics every avocet store shares, so that the
// in-memory and the DuckDB store cannot drift apart: batch validation,
// normalisation of stored values, query parsing and matching, and the
// pagination cursor.
//
// # Normalisation
//
// A store keeps times and lists in one canonical form, and reads give them
// back in that form:
//
//   - Event.Date is a calendar day: the date of the time in its own location,
//     returned as midnight UTC; the zero time stays zero.
//   - Article.Date, StoredArticle.Ingested and IngestError.Time are instants,
//     returned in UTC with microsecond precision; zero stays zero, except that
//     a zero Ingested or error Time is set to the time of the Put.
//   - Empty Sectors and Issues come back nil.
//   - StoredArticle.Events is set to the number of the batch's events that
//     name the article.
package spec

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
)

// Page sizes of EventQuery.Limit.
const (
	DefaultLimit = 100
	MaxLimit     = 10000
)

// DefaultTop is the number of counts TopActors and TopDyads return when asked
// for n <= 0.
const DefaultTop = 10

// Unknown is the actor code of an unidentified actor; TopActors and TopDyads
// leave it out.
const Unknown = "---"

// Day returns t's calendar date (in t's location) as midnight UTC, or the
// zero time for a zero t.
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Instant returns t in UTC truncated to microseconds, or the zero time for a
// zero t.
func Instant(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// Strings returns a copy of s, or nil when s is empty.
func Strings(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return append([]string(nil), s...)
}

// CheckBatch reports a batch that must be refused as a whole: an article
// without an ID, an article or event ID given twice, an event whose ID does
// not follow CheckEventID or whose ArticleID names none of the batch's
// articles. The error wraps avocet.ErrInvalidInput.
func CheckBatch(b *avocet.Batch) error {
	arts := make(map[string]bool, len(b.Articles))
	for i := range b.Articles {
		id := b.Articles[i].ID
		if id == "" {
			return fmt.Errorf("article %d has no ID: %w", i, avocet.ErrInvalidInput)
		}
		if arts[id] {
			return fmt.Errorf("article %s twice in batch: %w", id, avocet.ErrInvalidInput)
		}
		arts[id] = true
	}
	evs := make(map[string]bool, len(b.Events))
	for i := range b.Events {
		e := &b.Events[i]
		if err := CheckEventID(e); err != nil {
			return fmt.Errorf("event %d: %w", i, err)
		}
		if evs[e.ID] {
			return fmt.Errorf("event %s twice in batch: %w", e.ID, avocet.ErrInvalidInput)
		}
		evs[e.ID] = true
		if !arts[e.ArticleID] {
			return fmt.Errorf("event %s: article %q not in batch: %w", e.ID, e.ArticleID, avocet.ErrInvalidInput)
		}
	}
	for i := range b.Events {
		e := &b.Events[i]
		for _, l := range []*avocet.Location{e.Location, e.Source.Place, e.Target.Place} {
			if l == nil {
				continue
			}
			if err := checkLocation(l); err != nil {
				return fmt.Errorf("event %s: %w", e.ID, err)
			}
		}
	}
	know := make(map[string]bool, len(b.Knowledge))
	for i := range b.Knowledge {
		if err := checkKnowledge(&b.Knowledge[i]); err != nil {
			return fmt.Errorf("knowledge of article %s: %w", b.Knowledge[i].ArticleID, err)
		}
		id := b.Knowledge[i].ArticleID
		if !arts[id] {
			return fmt.Errorf("knowledge %d: article %q not in batch: %w", i, id, avocet.ErrInvalidInput)
		}
		if know[id] {
			return fmt.Errorf("knowledge of article %s twice in batch: %w", id, avocet.ErrInvalidInput)
		}
		know[id] = true
	}
	return nil
}

// Pattern is a parsed actor pattern.
type Pattern struct {
	Code   string // exact code, or the prefix when Prefix is set
	Prefix bool   // the pattern ended in '*'
}

// ParsePattern parses an actor pattern: "" matches everything (and reports
// ok false), "X*" any code starting with X, "*" any code, anything else
// exactly that code.
func ParsePattern(s string) (p Pattern, ok bool) {
	if s == "" {
		return Pattern{}, false
	}
	if strings.HasSuffix(s, "*") {
		return Pattern{Code: s[:len(s)-1], Prefix: true}, true
	}
	return Pattern{Code: s}, true
}

// Match reports whether code matches p.
func (p Pattern) Match(code string) bool {
	if p.Prefix {
		return strings.HasPrefix(code, p.Code)
	}
	return code == p.Code
}

// Cursor is a position in the (date, ID) order of events.
type Cursor struct {
	Date time.Time // event date (midnight UTC), zero for an undated event
	ID   string
}

// Encode returns c as an opaque string.
func (c Cursor) Encode() string {
	d := "-"
	if !c.Date.IsZero() {
		d = c.Date.Format(time.DateOnly)
	}
	return base64.RawURLEncoding.EncodeToString([]byte("1|" + d + "|" + c.ID))
}

// ParseCursor decodes a cursor made by Encode; a malformed one gives an
// error wrapping avocet.ErrInvalidInput.
func ParseCursor(s string) (Cursor, error) {
	bad := fmt.Errorf("bad cursor %q: %w", s, avocet.ErrInvalidInput)
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, bad
	}
	parts := strings.SplitN(string(raw), "|", 3)
	if len(parts) != 3 || parts[0] != "1" || parts[2] == "" {
		return Cursor{}, bad
	}
	var c Cursor
	c.ID = parts[2]
	if parts[1] != "-" {
		d, err := time.Parse(time.DateOnly, parts[1])
		if err != nil {
			return Cursor{}, bad
		}
		c.Date = d
	}
	return c, nil
}

// Query is a validated avocet.EventQuery.
type Query struct {
	Source, Target, Actor          Pattern
	HasSource, HasTarget, HasActor bool
	Country, Sector, Code          string
	Quad                           []int
	MinGold, MaxGold               *float64
	From, To                       time.Time // days (midnight UTC); zero: open
	Text                           string    // as given; matched case-insensitively
	ArticleID                      string
	Place                          string  // as given; see MatchPlace
	Knowledge                      Filter  // on the event's article
	Limit                          int     // page size, 1..MaxLimit
	After                          *Cursor // events after this position, or nil
}

// Parse validates q: a negative Limit, a QuadClass outside 1-4 or a bad
// Cursor give an error wrapping avocet.ErrInvalidInput.
func Parse(q avocet.EventQuery) (Query, error) {
	var p Query
	p.Source, p.HasSource = ParsePattern(q.Source)
	p.Target, p.HasTarget = ParsePattern(q.Target)
	p.Actor, p.HasActor = ParsePattern(q.Actor)
	p.Country, p.Sector, p.Code = q.Country, q.Sector, q.Code
	for _, c := range q.QuadClass {
		if c < 1 || c > 4 {
			return Query{}, fmt.Errorf("QuadClass %d not in 1-4: %w", c, avocet.ErrInvalidInput)
		}
	}
	p.Quad = q.QuadClass
	p.MinGold, p.MaxGold = q.MinGold, q.MaxGold
	p.From, p.To = Day(q.From), Day(q.To)
	p.Text = q.Text
	p.ArticleID = q.ArticleID
	p.Place = q.Place
	p.Knowledge = ParseFilter(q.Knowledge)
	var err error
	if p.Limit, p.After, err = page(q.Limit, q.Cursor); err != nil {
		return Query{}, err
	}
	return p, nil
}

// page validates a page size and cursor: a negative limit or a bad cursor
// gives an error wrapping avocet.ErrInvalidInput; 0 means DefaultLimit and
// more than MaxLimit means MaxLimit; no cursor gives a nil position.
func page(limit int, cursor string) (int, *Cursor, error) {
	switch {
	case limit < 0:
		return 0, nil, fmt.Errorf("negative limit %d: %w", limit, avocet.ErrInvalidInput)
	case limit == 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		limit = MaxLimit
	}
	if cursor == "" {
		return limit, nil, nil
	}
	c, err := ParseCursor(cursor)
	if err != nil {
		return 0, nil, err
	}
	return limit, &c, nil
}

// Match reports whether e, an event of an article with knowledge k (nil
// when stored without), passes every filter of q (the cursor aside).
func (q *Query) Match(e *avocet.StoredEvent, k *avocet.Knowledge) bool {
	if q.HasSource && !q.Source.Match(e.Source.Code) {
		return false
	}
	if q.HasTarget && !q.Target.Match(e.Target.Code) {
		return false
	}
	if q.HasActor && !q.Actor.Match(e.Source.Code) && !q.Actor.Match(e.Target.Code) {
		return false
	}
	if q.Country != "" && e.Source.Country != q.Country && e.Target.Country != q.Country {
		return false
	}
	if q.Sector != "" && !slices.Contains(e.Source.Sectors, q.Sector) && !slices.Contains(e.Target.Sectors, q.Sector) {
		return false
	}
	if q.Code != "" && !strings.HasPrefix(e.Code, q.Code) {
		return false
	}
	if len(q.Quad) > 0 && !slices.Contains(q.Quad, e.QuadClass) {
		return false
	}
	if q.MinGold != nil && !(e.Goldstein >= *q.MinGold) {
		return false
	}
	if q.MaxGold != nil && !(e.Goldstein <= *q.MaxGold) {
		return false
	}
	if !q.From.IsZero() && (e.Date.IsZero() || e.Date.Before(q.From)) {
		return false
	}
	if !q.To.IsZero() && (e.Date.IsZero() || e.Date.After(q.To)) {
		return false
	}
	if q.Text != "" && !strings.Contains(strings.ToLower(e.SentenceText), strings.ToLower(q.Text)) {
		return false
	}
	if q.ArticleID != "" && e.ArticleID != q.ArticleID {
		return false
	}
	if q.Place != "" && (e.Location == nil || !MatchPlace(e.Location, q.Place)) {
		return false
	}
	return q.Knowledge.Match(k)
}

// Newer reports whether a comes before b in page order: date descending
// (undated events last), then ID ascending.
func Newer(a, b *avocet.StoredEvent) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	return a.ID < b.ID
}

// Older reports whether a comes before b in EachEvent order: date ascending
// (undated events first), then ID ascending.
func Older(a, b *avocet.StoredEvent) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.Before(b.Date)
	}
	return a.ID < b.ID
}

// AfterCursor reports whether e comes after c in page order.
func AfterCursor(e *avocet.StoredEvent, c *Cursor) bool {
	if !e.Date.Equal(c.Date) {
		return e.Date.Before(c.Date)
	}
	return e.ID > c.ID
}

// Bucket returns the first day of the bucket of interval iv that holds day d.
func Bucket(d time.Time, iv avocet.Interval) time.Time {
	switch iv {
	case avocet.Week:
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	case avocet.Month:
		return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return d
}

// CheckInterval reports an unknown interval with an error wrapping
// avocet.ErrInvalidInput.
func CheckInterval(iv avocet.Interval) error {
	switch iv {
	case avocet.Day, avocet.Week, avocet.Month:
		return nil
	}
	return fmt.Errorf("unknown interval %q: %w", iv, avocet.ErrInvalidInput)
}

// Top returns the number of counts to return when n are asked for.
func Top(n int) int {
	if n <= 0 {
		return DefaultTop
	}
	return n
}

// CheckEventID reports an event whose ID is not "<ArticleID>-<Sentence>-<n>"
// with n a decimal number; the sentence of a headline event (Sentence < 0)
// is "h". Because sentence and n hold no '-', an event ID names its article
// unambiguously, so event IDs are unique in a store as soon as article IDs
// are.
func CheckEventID(e *avocet.StoredEvent) error {
	sentence := "h"
	if e.Sentence >= 0 {
		sentence = strconv.Itoa(e.Sentence)
	}
	prefix := e.ArticleID + "-" + sentence + "-"
	n, ok := strings.CutPrefix(e.ID, prefix)
	if ok && n != "" && strings.Trim(n, "0123456789") == "" {
		return nil
	}
	return fmt.Errorf("event ID %q is not %q followed by a number: %w", e.ID, prefix, avocet.ErrInvalidInput)
}

// ErrorKey identifies an error record: a record with the key of a stored
// one (or of an earlier one in the same batch) is not stored again, so a
// rerun over the same input adds no error records. The time is not part
// of the key.
type ErrorKey struct{ Input, Record, Stage, Err string }

// KeyOf returns the key of e.
func KeyOf(e *avocet.IngestError) ErrorKey {
	return ErrorKey{e.Input, e.Record, e.Stage, e.Err}
}
