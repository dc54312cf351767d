package format

import (
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/parquet-go/parquet-go"
)

// ParquetRowGroupRows is the number of rows in each row group of the
// Parquet files written here (the last group of a file may be smaller).
const ParquetRowGroupRows = 64 * 1024

// ParquetSchemaVersion is written to the key-value metadata of every
// Parquet file ("avocet.schema" = "events/1" or "articles/1"). It changes
// when a column is renamed, removed or changes type; adding columns does
// not change it.
const ParquetSchemaVersion = 1

// eventRow is one row of an events Parquet file. Column names are
// snake_case; integers are INT32 (R reads them as plain integers), dates
// are DATE and missing values are nulls. The pointer fields are the
// nullable columns; they point into the writer's batch storage.
//
// Dates are given to parquet-go as days since 1970-01-01 (*int32 with the
// date tag): parquet-go v0.32.0 writes wrong values for time.Time fields
// tagged "date".
type eventRow struct {
	EventID          string   `parquet:"event_id"`
	ArticleID        string   `parquet:"article_id,dict"`
	Sentence         int32    `parquet:"sentence"`
	Date             *int32   `parquet:"date,optional,date"`
	SourceCode       string   `parquet:"source_code,dict"`
	SourceName       string   `parquet:"source_name"`
	SourceCountry    string   `parquet:"source_country,dict"`
	SourceSectors    []string `parquet:"source_sectors,list"`
	SourceCanonical  string   `parquet:"source_canonical"`
	SourceStart      int32    `parquet:"source_start"`
	SourceEnd        int32    `parquet:"source_end"`
	TargetCode       string   `parquet:"target_code,dict"`
	TargetName       string   `parquet:"target_name"`
	TargetCountry    string   `parquet:"target_country,dict"`
	TargetSectors    []string `parquet:"target_sectors,list"`
	TargetCanonical  string   `parquet:"target_canonical"`
	TargetStart      int32    `parquet:"target_start"`
	TargetEnd        int32    `parquet:"target_end"`
	Code             string   `parquet:"code,dict"`
	BaseCode         string   `parquet:"base_code,dict"`
	RootCode         string   `parquet:"root_code,dict"`
	QuadClass        int32    `parquet:"quad_class"`
	Goldstein        float64  `parquet:"goldstein"`
	PloverType       string   `parquet:"plover_type,dict"`
	PloverMode       string   `parquet:"plover_mode,dict"`
	Negated          bool     `parquet:"negated"`
	Hypothetical     bool     `parquet:"hypothetical"`
	Future           bool     `parquet:"future"`
	Reported         bool     `parquet:"reported"`
	Passive          bool     `parquet:"passive"`
	Headline         bool     `parquet:"headline"`
	Speculative      bool     `parquet:"speculative"`
	VerbStart        int32    `parquet:"verb_start"`
	VerbEnd          int32    `parquet:"verb_end"`
	RuleID           string   `parquet:"rule_id,dict"`
	RuleFile         string   `parquet:"rule_file,dict"`
	RuleLine         int32    `parquet:"rule_line"`
	LocationName     *string  `parquet:"location_name,optional"`
	LocationCountry  *string  `parquet:"location_country,optional,dict"`
	LocationAdmin1   *string  `parquet:"location_admin1,optional,dict"`
	LocationLat      *float64 `parquet:"location_lat,optional"`
	LocationLon      *float64 `parquet:"location_lon,optional"`
	LocationGeoID    *int32   `parquet:"location_geonames_id,optional"`
	LocationType     *int32   `parquet:"location_type,optional"`
	Confidence       float64  `parquet:"confidence"`
	Mentions         int32    `parquet:"mentions"`
	Issues           []string `parquet:"issues,list"`
	SentenceText     string   `parquet:"sentence_text"`
	SentenceStart    int32    `parquet:"sentence_start"`
	SentenceEnd      int32    `parquet:"sentence_end"`
	SourceGeoName    *string  `parquet:"source_geo_name,optional"`
	SourceGeoCountry *string  `parquet:"source_geo_country,optional,dict"`
	SourceGeoAdmin1  *string  `parquet:"source_geo_admin1,optional,dict"`
	SourceGeoLat     *float64 `parquet:"source_geo_lat,optional"`
	SourceGeoLon     *float64 `parquet:"source_geo_lon,optional"`
	SourceGeoID      *int32   `parquet:"source_geo_geonames_id,optional"`
	SourceGeoType    *int32   `parquet:"source_geo_type,optional"`
	TargetGeoName    *string  `parquet:"target_geo_name,optional"`
	TargetGeoCountry *string  `parquet:"target_geo_country,optional,dict"`
	TargetGeoAdmin1  *string  `parquet:"target_geo_admin1,optional,dict"`
	TargetGeoLat     *float64 `parquet:"target_geo_lat,optional"`
	TargetGeoLon     *float64 `parquet:"target_geo_lon,optional"`
	TargetGeoID      *int32   `parquet:"target_geo_geonames_id,optional"`
	TargetGeoType    *int32   `parquet:"target_geo_type,optional"`
}

// eventNulls holds the values that the nullable columns of one buffered
// row point to.
type eventNulls struct {
	date          int32
	loc, src, tgt geoNulls // event, source and target places
}

// geoNulls holds a place's values for its nullable columns.
type geoNulls struct {
	loc   avocet.Location
	geoID int32
	typ   int32
}

// geoCols are the nullable columns of one place.
type geoCols struct {
	name, country, admin1 **string
	lat, lon              **float64
	geoID, typ            **int32
}

// set points the columns at l's values, kept in n; a nil l leaves them
// null.
func (c geoCols) set(l *avocet.Location, n *geoNulls) {
	if l == nil {
		return
	}
	n.loc = *l
	*c.name, *c.country, *c.admin1 = &n.loc.Name, &n.loc.Country, &n.loc.Admin1
	*c.lat, *c.lon = &n.loc.Lat, &n.loc.Lon
	if l.GeoNameID != 0 {
		n.geoID = int32(l.GeoNameID)
		*c.geoID = &n.geoID
	}
	n.typ = int32(l.Type)
	*c.typ = &n.typ
}

// batchRows is how many rows a writer collects before it hands them to
// parquet-go; parquet-go groups them into row groups of
// ParquetRowGroupRows.
const batchRows = 256

// EventParquetWriter writes stored events as a Parquet file with one flat
// row per event, for pandas, R arrow, Polars, DuckDB and Spark.
//
// # Columns
//
//	event_id             STRING   StoredEvent.ID
//	article_id           STRING
//	sentence             INT32    sentence index in the article
//	date                 DATE     null when the event date is unknown
//	source_code          STRING   CAMEO actor code ("---" when unknown)
//	source_name          STRING   the name as written
//	source_country       STRING   ISO alpha-3, "" when none
//	source_sectors       LIST<STRING>  empty list when none
//	source_canonical     STRING
//	source_start, _end   INT32    byte span of the name in the article text
//	target_*             as source_*
//	code, base_code, root_code  STRING  CAMEO event code, its 3 and 2 digits
//	quad_class           INT32
//	goldstein            DOUBLE
//	plover_type, plover_mode    STRING
//	negated, hypothetical, future, reported, passive, headline, speculative  BOOLEAN
//	verb_start, verb_end INT32    byte span of the verb in the article text
//	rule_id, rule_file   STRING   the dictionary pattern that fired
//	rule_line            INT32
//	location_name, location_country, location_admin1  STRING  null when no location
//	location_lat, location_lon  DOUBLE  null when no location
//	location_geonames_id INT32    null when no location or no GeoNames ID
//	location_type        INT32    GDELT geo type; null when no location
//	confidence           DOUBLE   0..1
//	mentions             INT32
//	issues               LIST<STRING>
//	sentence_text        STRING   the sentence the event was coded from
//	sentence_start, sentence_end  INT32  byte span of the sentence in the article text
//	source_geo_*, target_geo_*  as location_*: where the text puts the actor (GDELT's Actor1Geo, Actor2Geo)
//
// Strings are written as given (avocet repairs texts to valid UTF-8 on
// input, which STRING columns require). The file is compressed with
// zstd and cut into row groups of ParquetRowGroupRows rows.
type EventParquetWriter struct {
	pw    *parquet.GenericWriter[eventRow]
	rows  []eventRow
	nulls []eventNulls
	strs  []string // copies of the sectors and issues of buffered rows
	err   error    // first error; every later call returns it
}

// NewEventParquetWriter returns a writer of a Parquet file to w. Close
// must be called to finish the file; it does not close w.
func NewEventParquetWriter(w io.Writer) *EventParquetWriter {
	return &EventParquetWriter{
		pw:    parquet.NewGenericWriter[eventRow](w, parquetOptions("events")...),
		rows:  make([]eventRow, 0, batchRows),
		nulls: make([]eventNulls, batchRows),
	}
}

func parquetOptions(kind string) []parquet.WriterOption {
	return []parquet.WriterOption{
		parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(ParquetRowGroupRows),
		parquet.KeyValueMetadata("avocet.schema", fmt.Sprintf("%s/%d", kind, ParquetSchemaVersion)),
	}
}

// errParquetClosed reports a Write or Close after Close.
var errParquetClosed = errors.New("parquet writer closed")

// Write adds one event. The writer keeps no reference to e or anything
// it points to, so the caller may reuse it.
func (w *EventParquetWriter) Write(e *avocet.StoredEvent) error {
	if w.err != nil {
		return w.err
	}
	if !fitsInt32(e.Sentence, e.Source.Span.Start, e.Source.Span.End, e.Target.Span.Start, e.Target.Span.End,
		e.QuadClass, e.Verb.Start, e.Verb.End, e.Rule.Line, e.Mentions, e.SentenceSpan.Start, e.SentenceSpan.End) {
		return fmt.Errorf("event %s: an integer field does not fit in 32 bits", e.ID)
	}
	i := len(w.rows)
	n := &w.nulls[i]
	*n = eventNulls{}
	r := eventRow{
		EventID: e.ID, ArticleID: e.ArticleID, Sentence: int32(e.Sentence),
		SourceCode: e.Source.Code, SourceName: e.Source.Name, SourceCountry: e.Source.Country,
		SourceSectors: w.copyStrings(e.Source.Sectors), SourceCanonical: e.Source.Canonical,
		SourceStart: int32(e.Source.Span.Start), SourceEnd: int32(e.Source.Span.End),
		TargetCode: e.Target.Code, TargetName: e.Target.Name, TargetCountry: e.Target.Country,
		TargetSectors: w.copyStrings(e.Target.Sectors), TargetCanonical: e.Target.Canonical,
		TargetStart: int32(e.Target.Span.Start), TargetEnd: int32(e.Target.Span.End),
		Code: e.Code, BaseCode: e.BaseCode, RootCode: e.RootCode,
		QuadClass: int32(e.QuadClass), Goldstein: e.Goldstein,
		PloverType: e.PloverType, PloverMode: e.PloverMode,
		Negated: e.Flags.Negated, Hypothetical: e.Flags.Hypothetical, Future: e.Flags.Future,
		Reported: e.Flags.Reported, Passive: e.Flags.Passive, Headline: e.Flags.Headline, Speculative: e.Flags.Speculative,
		VerbStart: int32(e.Verb.Start), VerbEnd: int32(e.Verb.End),
		RuleID: e.Rule.ID, RuleFile: e.Rule.File, RuleLine: int32(e.Rule.Line),
		Confidence: e.Confidence, Mentions: int32(e.Mentions), Issues: w.copyStrings(e.Issues),
		SentenceText: e.SentenceText, SentenceStart: int32(e.SentenceSpan.Start), SentenceEnd: int32(e.SentenceSpan.End),
	}
	if d, ok := epochDay(e.Date); ok {
		n.date = d
		r.Date = &n.date
	}
	for _, p := range []struct {
		what string
		l    *avocet.Location
	}{{"location", e.Location}, {"source place", e.Source.Place}, {"target place", e.Target.Place}} {
		if p.l != nil && !fitsInt32(p.l.GeoNameID, p.l.Type) {
			return fmt.Errorf("event %s: %s GeoNames ID %d does not fit in 32 bits", e.ID, p.what, p.l.GeoNameID)
		}
	}
	geoCols{&r.LocationName, &r.LocationCountry, &r.LocationAdmin1, &r.LocationLat, &r.LocationLon, &r.LocationGeoID, &r.LocationType}.set(e.Location, &n.loc)
	geoCols{&r.SourceGeoName, &r.SourceGeoCountry, &r.SourceGeoAdmin1, &r.SourceGeoLat, &r.SourceGeoLon, &r.SourceGeoID, &r.SourceGeoType}.set(e.Source.Place, &n.src)
	geoCols{&r.TargetGeoName, &r.TargetGeoCountry, &r.TargetGeoAdmin1, &r.TargetGeoLat, &r.TargetGeoLon, &r.TargetGeoID, &r.TargetGeoType}.set(e.Target.Place, &n.tgt)
	w.rows = append(w.rows, r)
	if len(w.rows) == cap(w.rows) {
		return w.flush()
	}
	return nil
}

// copyStrings copies s into the writer's string storage, so that a caller
// that reuses the slice cannot change a buffered row. It returns nil for
// an empty s.
func (w *EventParquetWriter) copyStrings(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	i := len(w.strs)
	w.strs = append(w.strs, s...)
	return w.strs[i:len(w.strs):len(w.strs)]
}

// flush hands the buffered rows to parquet-go.
func (w *EventParquetWriter) flush() error {
	if len(w.rows) == 0 {
		return nil
	}
	if _, err := w.pw.Write(w.rows); err != nil {
		w.err = fmt.Errorf("write parquet: %w", err)
		return w.err
	}
	clear(w.rows) // drop references to the caller's strings
	w.rows = w.rows[:0]
	clear(w.strs)
	w.strs = w.strs[:0]
	return nil
}

// Close writes the buffered rows and the file footer. It does not close
// the underlying writer.
func (w *EventParquetWriter) Close() error {
	if w.err != nil {
		return w.err
	}
	if err := w.flush(); err != nil {
		return err
	}
	w.err = errParquetClosed
	if err := w.pw.Close(); err != nil {
		w.err = fmt.Errorf("write parquet: %w", err)
		return w.err
	}
	return nil
}

// articleRow is one row of an articles Parquet file.
type articleRow struct {
	ID        string  `parquet:"id"`
	URL       *string `parquet:"url,optional"`
	Publisher *string `parquet:"publisher,optional,dict"`
	Title     *string `parquet:"title,optional"`
	Dateline  *string `parquet:"dateline,optional"`
	Date      *int32  `parquet:"date,optional,date"`
	Language  string  `parquet:"language,dict"`
	Input     string  `parquet:"input,dict"`
	Ingested  *int64  `parquet:"ingested,optional,timestamp(microsecond:utc)"`
	Sentences int32   `parquet:"sentences"`
	Events    int32   `parquet:"events"`
	Text      *string `parquet:"text,optional"`
}

// articleNulls holds the values that the nullable columns of one buffered
// row point to.
type articleNulls struct {
	url, publisher, title, dateline, text string
	date                                  int32
	ingested                              int64
}

// ArticleParquetWriter writes stored articles as a Parquet file with one
// row per article.
//
// # Columns
//
//	id          STRING   Article.ID
//	url         STRING   null when unknown
//	publisher   STRING   null when unknown
//	title       STRING   null when unknown
//	dateline    STRING   null when none
//	date        DATE     publication date; null when unknown
//	language    STRING   BCP 47 tag
//	input       STRING   file name, URL or "http" it came from
//	ingested    TIMESTAMP(MICROS, UTC)  when it was stored; null when zero
//	sentences   INT32    sentences coded
//	events      INT32    events stored
//	text        STRING   body text; null when the store kept none
//
// The file is compressed with zstd and cut into row groups of
// ParquetRowGroupRows rows.
type ArticleParquetWriter struct {
	pw    *parquet.GenericWriter[articleRow]
	rows  []articleRow
	nulls []articleNulls
	err   error
}

// NewArticleParquetWriter returns a writer of a Parquet file to w. Close
// must be called to finish the file; it does not close w.
func NewArticleParquetWriter(w io.Writer) *ArticleParquetWriter {
	return &ArticleParquetWriter{
		pw:    parquet.NewGenericWriter[articleRow](w, parquetOptions("articles")...),
		rows:  make([]articleRow, 0, batchRows),
		nulls: make([]articleNulls, batchRows),
	}
}

// Write adds one article. The writer keeps no reference to a or anything
// it points to.
func (w *ArticleParquetWriter) Write(a *avocet.StoredArticle) error {
	if w.err != nil {
		return w.err
	}
	if !fitsInt32(a.Sentences, a.Events) {
		return fmt.Errorf("article %s: sentence or event count does not fit in 32 bits", a.ID)
	}
	n := &w.nulls[len(w.rows)]
	*n = articleNulls{url: a.URL, publisher: a.Publisher, title: a.Title, dateline: a.Dateline, text: a.Text}
	nullable := func(s *string) *string {
		if *s == "" {
			return nil
		}
		return s
	}
	r := articleRow{
		ID: a.ID, URL: nullable(&n.url), Publisher: nullable(&n.publisher), Title: nullable(&n.title),
		Dateline: nullable(&n.dateline), Language: a.Language, Input: a.Input,
		Sentences: int32(a.Sentences), Events: int32(a.Events), Text: nullable(&n.text),
	}
	if d, ok := epochDay(a.Date); ok {
		n.date = d
		r.Date = &n.date
	}
	if !a.Ingested.IsZero() {
		n.ingested = a.Ingested.UnixMicro()
		r.Ingested = &n.ingested
	}
	w.rows = append(w.rows, r)
	if len(w.rows) == cap(w.rows) {
		return w.flush()
	}
	return nil
}

func (w *ArticleParquetWriter) flush() error {
	if len(w.rows) == 0 {
		return nil
	}
	if _, err := w.pw.Write(w.rows); err != nil {
		w.err = fmt.Errorf("write parquet: %w", err)
		return w.err
	}
	clear(w.rows)
	w.rows = w.rows[:0]
	return nil
}

// Close writes the buffered rows and the file footer. It does not close
// the underlying writer.
func (w *ArticleParquetWriter) Close() error {
	if w.err != nil {
		return w.err
	}
	if err := w.flush(); err != nil {
		return err
	}
	w.err = errParquetClosed
	if err := w.pw.Close(); err != nil {
		w.err = fmt.Errorf("write parquet: %w", err)
		return w.err
	}
	return nil
}

// epochDay returns the calendar date of t, read in t's own location, as
// days since 1970-01-01, and false for the zero time (unknown date).
func epochDay(t time.Time) (int32, bool) {
	if t.IsZero() {
		return 0, false
	}
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400), true
}

func fitsInt32(vs ...int) bool {
	for _, v := range vs {
		if v < math.MinInt32 || v > math.MaxInt32 {
			return false
		}
	}
	return true
}
