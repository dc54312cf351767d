package server

import (
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/format"
)

// This file holds the JSON shapes of the API's responses. The OpenAPI
// document is generated from these types, so their doc tags are the API
// reference.

// Event is one stored event as the API returns it: the JSONL record of the
// CLI (format.EventJSON) with the event's ID. Unlike in JSONL output, the
// spans (source.span, target.span, verb_span) are byte offsets into the
// sentence ("text"), not into the article, which the store may not keep;
// "spans" says so. Spans that fall outside the sentence are left out.
type Event struct {
	ID string `json:"id" doc:"Stable event ID: <article ID>-<sentence>-<n>."`
	format.EventJSON
	Spans      string      `json:"spans" enum:"sentence" doc:"What source.span, target.span and verb_span are offsets into: always \"sentence\", the text field."`
	Highlights []Highlight `json:"highlights" doc:"The source, verb and target spans in the sentence, in text order, with byte and UTF-16 offsets."`
}

// Highlight is a span of an event's sentence with the role it plays.
type Highlight struct {
	Role      string `json:"role" enum:"source,verb,target" doc:"What the words are."`
	Start     int    `json:"start" doc:"First byte in the sentence (UTF-8)."`
	End       int    `json:"end" doc:"One past the last byte in the sentence (UTF-8)."`
	StartChar int    `json:"start_char" doc:"First UTF-16 code unit in the sentence, as JavaScript indexes strings."`
	EndChar   int    `json:"end_char" doc:"One past the last UTF-16 code unit in the sentence."`
}

// EventsPage is the body of GET /api/v1/events.
type EventsPage struct {
	Events []Event `json:"events" doc:"Events, newest first, then by ID."`
	Next   string  `json:"next" doc:"Cursor of the next page (pass it as cursor); empty on the last page."`
}

// EventDetail is the body of GET /api/v1/events/{id}.
type EventDetail struct {
	Event      Event       `json:"event"`
	Sentence   string      `json:"sentence" doc:"The sentence the event was coded from."`
	Highlights []Highlight `json:"highlights" doc:"Spans of sentence to highlight, in text order."`
}

// SeriesPoint is one bucket of a time series.
type SeriesPoint struct {
	Start     string  `json:"start" doc:"First day of the bucket, YYYY-MM-DD."`
	Quad      [4]int  `json:"quad" doc:"Events per QuadClass 1-4 (index 0 is QuadClass 1)."`
	Events    int     `json:"events" doc:"All events of the bucket."`
	Goldstein float64 `json:"goldstein" doc:"Mean Goldstein weight of the bucket's events, rounded to 3 decimals."`
}

// Series is the body of GET /api/v1/series.
type Series struct {
	Interval string        `json:"interval" enum:"day,week,month"`
	Points   []SeriesPoint `json:"points" doc:"Buckets with events, oldest first; empty buckets are left out."`
}

// ActorCount is an actor code with its number of events.
type ActorCount struct {
	Code   string `json:"code"`
	Events int    `json:"events"`
}

// TopActors is the body of GET /api/v1/top/actors.
type TopActors struct {
	Actors []ActorCount `json:"actors" doc:"Most frequent actor codes, most events first. An event counts once for its source and once for its target; unknown actors (---) are left out."`
}

// DyadCount is a source-target pair with its number of events.
type DyadCount struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Events int    `json:"events"`
}

// TopDyads is the body of GET /api/v1/top/dyads.
type TopDyads struct {
	Dyads []DyadCount `json:"dyads" doc:"Most frequent source-target pairs, most events first."`
}

// DailyEvent is a row of the one-a-day view: identical (date, source,
// target, code) events collapsed into one, as in GDELT.
type DailyEvent struct {
	Date      string  `json:"date" doc:"YYYY-MM-DD"`
	Source    string  `json:"source"`
	Target    string  `json:"target"`
	Code      string  `json:"code"`
	QuadClass int     `json:"quad_class"`
	Goldstein float64 `json:"goldstein"`
	Mentions  int     `json:"mentions" doc:"Sum of the events' mention counts."`
	Articles  int     `json:"articles" doc:"Distinct articles."`
	Sources   int     `json:"sources" doc:"Distinct publishers."`
}

// Daily is the body of GET /api/v1/daily.
type Daily struct {
	Daily     []DailyEvent `json:"daily" doc:"Rows, newest day first, then by source, target and code."`
	Truncated bool         `json:"truncated" doc:"More rows matched than limit allowed."`
}

// Article is the body of GET /api/v1/articles/{id}, and an item of
// GET /api/v1/articles (without its text).
type Article struct {
	ID        string `json:"id"`
	URL       string `json:"url,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	Title     string `json:"title,omitempty"`
	Dateline  string `json:"dateline,omitempty"`
	Date      string `json:"date,omitempty" doc:"Publication time, RFC 3339, when known."`
	Language  string `json:"language,omitempty"`
	Text      string `json:"text,omitempty" doc:"Body text, when the store keeps texts."`
	Input     string `json:"input" doc:"Where the article came from: file name, URL or http."`
	Ingested  string `json:"ingested" doc:"When it was stored, RFC 3339."`
	Sentences int    `json:"sentences" doc:"Sentences coded."`
	Events    int    `json:"events" doc:"Events stored for it."`
}

// ArticlesPage is the body of GET /api/v1/articles.
type ArticlesPage struct {
	Articles []Article `json:"articles" doc:"Articles, newest first (undated last), then by ID; without their text, which GET /api/v1/articles/{id} gives."`
	Next     string    `json:"next" doc:"Cursor of the next page (pass it as cursor); empty on the last page."`
}

// EntityCount is a named entity with the number of articles that name it.
type EntityCount struct {
	Name     string `json:"name" doc:"The entity's canonical name when known, else the fullest name an article uses."`
	Type     string `json:"type" enum:"PER,ORG,LOC,GPE" doc:"PER (person), ORG (organisation), LOC (place) or GPE (country, city, state)."`
	Code     string `json:"code" doc:"The entity's CAMEO actor code when the dictionaries know it; empty otherwise."`
	Articles int    `json:"articles" doc:"Articles that name it."`
	Mentions int    `json:"mentions" doc:"Its mentions in those articles."`
}

// TopEntities is the body of GET /api/v1/top/entities.
type TopEntities struct {
	Entities []EntityCount `json:"entities" doc:"Entities named in the most articles, most first, then by name."`
}

// ThemeCount is a theme with the number of articles that have it.
type ThemeCount struct {
	Theme    string `json:"theme" doc:"Theme code (SANCTIONS)."`
	Articles int    `json:"articles" doc:"Articles that have it."`
	Mentions int    `json:"mentions" doc:"Words that evoked it in those articles."`
}

// TopThemes is the body of GET /api/v1/top/themes.
type TopThemes struct {
	Themes []ThemeCount `json:"themes" doc:"Themes of the most articles, most first, then by code."`
}

// Stats is the body of GET /api/v1/stats.
type Stats struct {
	Articles      int    `json:"articles"`
	Events        int    `json:"events"`
	Errors        int    `json:"errors" doc:"Ingest error records."`
	FirstEvent    string `json:"first_event" doc:"Earliest event date, YYYY-MM-DD; empty when none."`
	LastEvent     string `json:"last_event" doc:"Latest event date, YYYY-MM-DD; empty when none."`
	LastIngest    string `json:"last_ingest" doc:"When the newest article was stored, RFC 3339; empty when none."`
	SchemaVersion int    `json:"schema_version"`
	Version       string `json:"version" doc:"Server version."`
}

// IngestErrorJSON is an ingest error record.
type IngestErrorJSON struct {
	Input  string `json:"input" doc:"File, URL or http."`
	Record string `json:"record,omitempty" doc:"Record within the input (line 12, an article ID); empty when the whole input failed."`
	Stage  string `json:"stage" doc:"read, parse, code or store."`
	Error  string `json:"error" doc:"What was wrong."`
	Time   string `json:"time" doc:"When it happened, RFC 3339."`
}

// ErrorList is the body of GET /api/v1/errors.
type ErrorList struct {
	Errors []IngestErrorJSON `json:"errors" doc:"Newest first."`
}

// IngestResponse is the body of POST /api/v1/ingest.
type IngestResponse struct {
	Articles   int               `json:"articles" doc:"New articles stored."`
	Duplicates int               `json:"duplicates" doc:"Articles already stored, skipped."`
	Events     int               `json:"events" doc:"Events stored."`
	Errors     []IngestErrorJSON `json:"errors" doc:"Records that could not be read or coded."`
}

// Health is the body of GET /healthz.
type Health struct {
	Status string `json:"status" enum:"ok"`
}

// newEvent builds the API record of e, with spans made relative to the
// sentence.
func newEvent(e *avocet.StoredEvent) Event {
	ev := e.Event
	sent := e.SentenceText
	off := e.SentenceSpan.Start
	ev.Source.Span = toSentence(ev.Source.Span, off, len(sent))
	ev.Target.Span = toSentence(ev.Target.Span, off, len(sent))
	ev.Verb = toSentence(ev.Verb, off, len(sent))
	return Event{
		ID:         e.ID,
		EventJSON:  format.NewEventJSON(ev, sent, sent),
		Spans:      "sentence",
		Highlights: highlights(&ev, sent),
	}
}

// toSentence converts the article span s into a span of a sentence that
// starts at byte off of the article and is n bytes long. Empty spans and
// spans not wholly inside the sentence become the zero Span.
func toSentence(s avocet.Span, off, n int) avocet.Span {
	if s.End <= s.Start {
		return avocet.Span{}
	}
	s.Start -= off
	s.End -= off
	if s.Start < 0 || s.End > n {
		return avocet.Span{}
	}
	return s
}

// highlights returns the non-empty spans of ev (already relative to sent)
// in text order, with UTF-16 offsets.
func highlights(ev *avocet.Event, sent string) []Highlight {
	hs := make([]Highlight, 0, 3)
	add := func(role string, s avocet.Span) {
		if s.End > s.Start {
			hs = append(hs, Highlight{Role: role, Start: s.Start, End: s.End})
		}
	}
	add("source", ev.Source.Span)
	add("verb", ev.Verb)
	add("target", ev.Target.Span)
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].Start < hs[j].Start })
	for i := range hs {
		hs[i].StartChar = utf16Len(sent[:hs[i].Start])
		hs[i].EndChar = hs[i].StartChar + utf16Len(sent[hs[i].Start:hs[i].End])
	}
	return hs
}

// utf16Len returns the number of UTF-16 code units of s as a JavaScript
// string would hold it after JSON decoding: runes above U+FFFF take two
// units; each invalid byte becomes U+FFFD, one unit.
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func newSeriesPoint(p avocet.SeriesPoint) SeriesPoint {
	return SeriesPoint{Start: day(p.Start), Quad: p.Quad, Events: p.Events, Goldstein: round3(p.Goldstein)}
}

func newDailyEvent(d avocet.DailyEvent) DailyEvent {
	return DailyEvent{
		Date: day(d.Date), Source: d.Source, Target: d.Target, Code: d.Code,
		QuadClass: d.QuadClass, Goldstein: round3(d.Goldstein),
		Mentions: d.Mentions, Articles: d.Articles, Sources: d.Sources,
	}
}

func newDyadCount(c avocet.Count) DyadCount {
	src, tgt, _ := strings.Cut(c.Key, ">")
	return DyadCount{Source: src, Target: tgt, Events: c.Events}
}

func newArticle(a *avocet.StoredArticle) Article {
	return Article{
		ID: a.ID, URL: a.URL, Publisher: a.Publisher, Title: a.Title, Dateline: a.Dateline,
		Date: instant(a.Date), Language: a.Language, Text: a.Text,
		Input: a.Input, Ingested: instant(a.Ingested), Sentences: a.Sentences, Events: a.Events,
	}
}

// newArticles returns the API records of as without their texts.
func newArticles(as []avocet.StoredArticle) []Article {
	out := make([]Article, len(as))
	for i := range as {
		out[i] = newArticle(&as[i])
		out[i].Text = ""
	}
	return out
}

func newEntityCounts(cs []avocet.KnowledgeCount) []EntityCount {
	out := make([]EntityCount, len(cs))
	for i, c := range cs {
		out[i] = EntityCount{Name: c.Key, Type: c.Type, Code: c.Code, Articles: c.Articles, Mentions: c.Mentions}
	}
	return out
}

func newThemeCounts(cs []avocet.KnowledgeCount) []ThemeCount {
	out := make([]ThemeCount, len(cs))
	for i, c := range cs {
		out[i] = ThemeCount{Theme: c.Key, Articles: c.Articles, Mentions: c.Mentions}
	}
	return out
}

func newStats(s avocet.Stats, version string) Stats {
	return Stats{
		Articles: s.Articles, Events: s.Events, Errors: s.Errors,
		FirstEvent: day(s.FirstEvent), LastEvent: day(s.LastEvent), LastIngest: instant(s.LastIngest),
		SchemaVersion: s.SchemaVersion, Version: version,
	}
}

func newIngestErrors(errs []avocet.IngestError) []IngestErrorJSON {
	out := make([]IngestErrorJSON, len(errs))
	for i, e := range errs {
		out[i] = IngestErrorJSON{Input: e.Input, Record: e.Record, Stage: e.Stage, Error: e.Err, Time: instant(e.Time)}
	}
	return out
}

// day formats t as YYYY-MM-DD, or "" for the zero time.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// instant formats t as RFC 3339 in UTC, or "" for the zero time.
func instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
