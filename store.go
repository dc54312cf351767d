package avocet

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound reports that a store holds no record with the requested ID.
var ErrNotFound = errors.New("not found")

// ErrClosed reports use of a store after Close.
var ErrClosed = errors.New("store closed")

// StoredArticle is an article as a Store keeps it: its metadata, and its
// text only when the store was asked to keep texts.
type StoredArticle struct {
	Article             // ID (content hash), URL, Publisher, Title, Dateline, Date, Language; Text may be empty
	Input     string    // where it came from: file name, URL or "http"
	Ingested  time.Time // when it was stored (UTC)
	Sentences int       // sentences coded
	Events    int       // events stored for it
}

// StoredEvent is an event as a Store keeps it, with the sentence it was coded
// from so that it can be shown without the article text. Spans in Event stay
// offsets into the article text; SentenceSpan.Start converts them into
// offsets into SentenceText.
type StoredEvent struct {
	ID string // stable: "<article ID>-<sentence>-<n>", n counting events of the sentence from 0; the headline's sentence is "h"
	Event
	SentenceText string // the sentence's text
	SentenceSpan Span   // the sentence's bytes in the article text
}

// IngestError records an input that could not be read, a broken record or an
// article that failed to code. Ingestion goes on after one.
type IngestError struct {
	Input  string    // file, URL or "http"
	Record string    // record within the input: "line 12", "WARC record 3", an article ID; empty when the whole input failed
	Stage  string    // "read", "parse", "code", "store"
	Err    string    // what was wrong
	Time   time.Time // when it happened (UTC)
}

// Batch is a unit of work for Store.Put: articles with their events, and the
// error records produced while making them. It is stored atomically.
type Batch struct {
	Articles []StoredArticle
	Events   []StoredEvent // each Event.ArticleID names one of Articles
	Errors   []IngestError
	// Knowledge holds what the articles say beyond their events; each
	// ArticleID names one of Articles, at most once. An article without an
	// entry is stored without knowledge.
	Knowledge []Knowledge
}

// PutResult says what Store.Put did.
type PutResult struct {
	Articles   int // new articles stored
	Duplicates int // articles skipped because their ID was already stored (their events too)
	Events     int // events stored
	Errors     int // error records stored
}

// EventQuery selects events. Zero fields do not filter.
//
// Actor patterns match CAMEO actor codes; a trailing '*' matches any suffix
// ("USA*" matches USA, USAGOV, USAMIL), and "*" alone matches any code.
type EventQuery struct {
	Source    string    // source actor pattern
	Target    string    // target actor pattern
	Actor     string    // pattern matched against either side
	Country   string    // ISO alpha-3 country of either actor
	Sector    string    // sector/role of either actor (GOV, MIL, ...)
	Code      string    // CAMEO code prefix: "19" (root), "190", "1823"
	QuadClass []int     // any of these QuadClasses (1-4)
	MinGold   *float64  // Goldstein weight at least
	MaxGold   *float64  // Goldstein weight at most
	From      time.Time // event date on or after (day granularity)
	To        time.Time // event date on or before (day granularity)
	Text      string    // case-insensitive substring of the sentence
	ArticleID string    // events of one article
	Place     string    // the event's place: its name contains this (case-insensitive), or it is this ISO alpha-3 country
	// Knowledge filters on the event's article: its themes, entities and places.
	Knowledge ArticleFilter
	Limit     int    // page size; 0 means 100; at most 10,000
	Cursor    string // opaque cursor from a previous EventPage.Next
}

// EventPage is one page of events ordered by date (newest first), then ID.
type EventPage struct {
	Events []StoredEvent
	Next   string // cursor of the next page; empty at the end
}

// Interval is the bucket width of a time series.
type Interval string

// Series intervals.
const (
	Day   Interval = "day"
	Week  Interval = "week" // ISO weeks, starting on Monday
	Month Interval = "month"
)

// SeriesPoint is one bucket of a dyad time series.
type SeriesPoint struct {
	Start     time.Time // first day of the bucket (UTC)
	Quad      [4]int    // events per QuadClass 1-4 (index 0 is QuadClass 1)
	Events    int       // all events of the bucket
	Goldstein float64   // mean Goldstein weight of the bucket's events
}

// Count is a key with the number of events that have it.
type Count struct {
	Key    string // actor code, or "SOURCE>TARGET" for a dyad
	Events int
}

// DailyEvent is a row of the one-a-day view: identical (date, source,
// target, code) events collapse into one with their mention counts, as in
// GDELT.
type DailyEvent struct {
	Date      time.Time
	Source    string
	Target    string
	Code      string
	Mentions  int // sum of the events' mention counts
	Articles  int // distinct articles
	Sources   int // distinct publishers
	Goldstein float64
	QuadClass int
}

// Stats summarises a store.
type Stats struct {
	Articles      int
	Events        int
	Errors        int
	FirstEvent    time.Time // earliest event date; zero when none
	LastEvent     time.Time // latest event date; zero when none
	LastIngest    time.Time // when the newest article was stored
	SchemaVersion int
}

// ArticleFilter selects articles by their knowledge. Zero fields do not
// filter; set fields must all hold. Name matches are case-insensitive.
type ArticleFilter struct {
	Theme  string // a theme code of the article ("SANCTIONS"); a trailing '*' matches any suffix ("ENV_*")
	Person string // a PER entity whose name or canonical name contains this ("Ramaphosa")
	Org    string // an ORG entity whose name or canonical name contains this
	Entity string // an entity of any type whose name or canonical name contains this
	// Place is a place the article mentions: a geocoded place whose full
	// name contains this ("Kharkiv", "Sudan"), a place in this ISO alpha-3
	// country ("UKR"), or a LOC/GPE entity whose name contains this.
	Place string
}

// IsZero reports whether f selects every article.
func (f ArticleFilter) IsZero() bool { return f == ArticleFilter{} }

// ArticleQuery selects stored articles.
type ArticleQuery struct {
	ArticleFilter
	From time.Time // article date on or after (day granularity); articles without a date then never match
	To   time.Time // article date on or before (day granularity)
	// Events, when set, keeps only articles with at least one event it
	// selects (its Limit and Cursor are ignored), so knowledge can be
	// summarised for an event filter ("the people named around USA>RUS
	// sanctions").
	Events *EventQuery
	Limit  int    // page size; 0 means 100; at most 10,000
	Cursor string // opaque cursor from a previous ArticlePage.Next
}

// ArticlePage is one page of articles ordered by date (newest first,
// undated last), then ID.
type ArticlePage struct {
	Articles []StoredArticle
	Next     string // cursor of the next page; empty at the end
}

// KnowledgeCount is an entity or theme with the number of articles that
// have it and of its mentions in them.
type KnowledgeCount struct {
	Key      string // entity name (its canonical name when known) or theme code
	Type     string // entity type (PER, ORG, LOC, GPE); empty for themes
	Code     string // entity's CAMEO actor code when known (the smallest of its codes when articles differ)
	Articles int    // articles that have it
	Mentions int    // its mentions in those articles
}

// Store keeps coded articles and events. Implementations are safe for
// concurrent use; Put is atomic: after it returns nil, every article of the
// batch is stored with all its events, and an article whose ID is already
// stored is skipped, so a rerun after a crash stores nothing twice.
type Store interface {
	Put(ctx context.Context, b Batch) (PutResult, error)
	// Has reports which of the IDs are stored.
	Has(ctx context.Context, ids []string) (map[string]bool, error)
	Article(ctx context.Context, id string) (StoredArticle, error) // ErrNotFound
	Event(ctx context.Context, id string) (StoredEvent, error)     // ErrNotFound
	Events(ctx context.Context, q EventQuery) (EventPage, error)
	// EachEvent calls fn for every event q selects (Limit and Cursor ignored),
	// in date then ID order, and stops at fn's first error.
	EachEvent(ctx context.Context, q EventQuery, fn func(*StoredEvent) error) error
	// EachArticle calls fn for every stored article in ID order.
	EachArticle(ctx context.Context, fn func(*StoredArticle) error) error
	Series(ctx context.Context, q EventQuery, iv Interval) ([]SeriesPoint, error)
	TopActors(ctx context.Context, q EventQuery, n int) ([]Count, error)
	TopDyads(ctx context.Context, q EventQuery, n int) ([]Count, error)
	Daily(ctx context.Context, q EventQuery) ([]DailyEvent, error)
	Errors(ctx context.Context, limit int) ([]IngestError, error) // newest first
	Stats(ctx context.Context) (Stats, error)

	// Knowledge returns what an article says beyond its events;
	// ErrNotFound when the article is not stored or was stored without it.
	Knowledge(ctx context.Context, articleID string) (Knowledge, error)
	// Articles returns a page of the articles q selects.
	Articles(ctx context.Context, q ArticleQuery) (ArticlePage, error)
	// TopEntities returns the n entities (of type typ: PER, ORG, LOC or
	// GPE; "" for any) named in the most articles q selects (its Limit
	// and Cursor ignored), ties by name. Entities of different articles
	// are the same when they have the same type and the same key (the
	// canonical name when known, else the name).
	TopEntities(ctx context.Context, q ArticleQuery, typ string, n int) ([]KnowledgeCount, error)
	// TopThemes returns the n themes of the most articles q selects, ties
	// by code.
	TopThemes(ctx context.Context, q ArticleQuery, n int) ([]KnowledgeCount, error)
	Close() error
}
