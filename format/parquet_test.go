package format_test

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/format"
	"github.com/parquet-go/parquet-go"
)

// eventRecord is the events schema as an analyst's program would declare
// it, written down independently of the writer so that a renamed column
// or a changed type fails the round trip.
type eventRecord struct {
	EventID          string   `parquet:"event_id"`
	ArticleID        string   `parquet:"article_id"`
	Sentence         int32    `parquet:"sentence"`
	Date             *int32   `parquet:"date,optional"`
	SourceCode       string   `parquet:"source_code"`
	SourceName       string   `parquet:"source_name"`
	SourceCountry    string   `parquet:"source_country"`
	SourceSectors    []string `parquet:"source_sectors,list"`
	SourceCanonical  string   `parquet:"source_canonical"`
	SourceStart      int32    `parquet:"source_start"`
	SourceEnd        int32    `parquet:"source_end"`
	TargetCode       string   `parquet:"target_code"`
	TargetName       string   `parquet:"target_name"`
	TargetCountry    string   `parquet:"target_country"`
	TargetSectors    []string `parquet:"target_sectors,list"`
	TargetCanonical  string   `parquet:"target_canonical"`
	TargetStart      int32    `parquet:"target_start"`
	TargetEnd        int32    `parquet:"target_end"`
	Code             string   `parquet:"code"`
	BaseCode         string   `parquet:"base_code"`
	RootCode         string   `parquet:"root_code"`
	QuadClass        int32    `parquet:"quad_class"`
	Goldstein        float64  `parquet:"goldstein"`
	PloverType       string   `parquet:"plover_type"`
	PloverMode       string   `parquet:"plover_mode"`
	Negated          bool     `parquet:"negated"`
	Hypothetical     bool     `parquet:"hypothetical"`
	Future           bool     `parquet:"future"`
	Reported         bool     `parquet:"reported"`
	Passive          bool     `parquet:"passive"`
	Headline         bool     `parquet:"headline"`
	Speculative      bool     `parquet:"speculative"`
	VerbStart        int32    `parquet:"verb_start"`
	VerbEnd          int32    `parquet:"verb_end"`
	RuleID           string   `parquet:"rule_id"`
	RuleFile         string   `parquet:"rule_file"`
	RuleLine         int32    `parquet:"rule_line"`
	LocationName     *string  `parquet:"location_name,optional"`
	LocationCountry  *string  `parquet:"location_country,optional"`
	LocationAdmin1   *string  `parquet:"location_admin1,optional"`
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
	SourceGeoCountry *string  `parquet:"source_geo_country,optional"`
	SourceGeoAdmin1  *string  `parquet:"source_geo_admin1,optional"`
	SourceGeoLat     *float64 `parquet:"source_geo_lat,optional"`
	SourceGeoLon     *float64 `parquet:"source_geo_lon,optional"`
	SourceGeoID      *int32   `parquet:"source_geo_geonames_id,optional"`
	SourceGeoType    *int32   `parquet:"source_geo_type,optional"`
	TargetGeoName    *string  `parquet:"target_geo_name,optional"`
	TargetGeoCountry *string  `parquet:"target_geo_country,optional"`
	TargetGeoAdmin1  *string  `parquet:"target_geo_admin1,optional"`
	TargetGeoLat     *float64 `parquet:"target_geo_lat,optional"`
	TargetGeoLon     *float64 `parquet:"target_geo_lon,optional"`
	TargetGeoID      *int32   `parquet:"target_geo_geonames_id,optional"`
	TargetGeoType    *int32   `parquet:"target_geo_type,optional"`
}

// location rebuilds a place from its nullable columns; nil when null.
func location(name, country, admin1 *string, lat, lon *float64, geoID, typ *int32) *avocet.Location {
	if lat == nil {
		return nil
	}
	l := &avocet.Location{Name: *name, Country: *country, Admin1: *admin1, Lat: *lat, Lon: *lon, Type: int(*typ)}
	if geoID != nil {
		l.GeoNameID = int(*geoID)
	}
	return l
}

// storedEvent converts a record back into the event it was written from.
func (r eventRecord) storedEvent() avocet.StoredEvent {
	e := avocet.StoredEvent{
		ID: r.EventID,
		Event: avocet.Event{
			ArticleID: r.ArticleID, Sentence: int(r.Sentence), Date: dayDate(r.Date),
			Source: avocet.Actor{Code: r.SourceCode, Name: r.SourceName, Country: r.SourceCountry, Sectors: r.SourceSectors,
				Canonical: r.SourceCanonical, Span: avocet.Span{Start: int(r.SourceStart), End: int(r.SourceEnd)}},
			Target: avocet.Actor{Code: r.TargetCode, Name: r.TargetName, Country: r.TargetCountry, Sectors: r.TargetSectors,
				Canonical: r.TargetCanonical, Span: avocet.Span{Start: int(r.TargetStart), End: int(r.TargetEnd)}},
			Code: r.Code, BaseCode: r.BaseCode, RootCode: r.RootCode, QuadClass: int(r.QuadClass), Goldstein: r.Goldstein,
			PloverType: r.PloverType, PloverMode: r.PloverMode,
			Flags: avocet.Flags{Negated: r.Negated, Hypothetical: r.Hypothetical, Future: r.Future, Reported: r.Reported,
				Passive: r.Passive, Headline: r.Headline, Speculative: r.Speculative},
			Verb:       avocet.Span{Start: int(r.VerbStart), End: int(r.VerbEnd)},
			Rule:       avocet.Rule{ID: r.RuleID, File: r.RuleFile, Line: int(r.RuleLine)},
			Confidence: r.Confidence, Mentions: int(r.Mentions), Issues: r.Issues,
		},
		SentenceText: r.SentenceText,
		SentenceSpan: avocet.Span{Start: int(r.SentenceStart), End: int(r.SentenceEnd)},
	}
	e.Location = location(r.LocationName, r.LocationCountry, r.LocationAdmin1, r.LocationLat, r.LocationLon, r.LocationGeoID, r.LocationType)
	e.Source.Place = location(r.SourceGeoName, r.SourceGeoCountry, r.SourceGeoAdmin1, r.SourceGeoLat, r.SourceGeoLon, r.SourceGeoID, r.SourceGeoType)
	e.Target.Place = location(r.TargetGeoName, r.TargetGeoCountry, r.TargetGeoAdmin1, r.TargetGeoLat, r.TargetGeoLon, r.TargetGeoID, r.TargetGeoType)
	if len(e.Source.Sectors) == 0 {
		e.Source.Sectors = nil
	}
	if len(e.Target.Sectors) == 0 {
		e.Target.Sectors = nil
	}
	if len(e.Issues) == 0 {
		e.Issues = nil
	}
	return e
}

func dayDate(d *int32) time.Time {
	if d == nil {
		return time.Time{}
	}
	return time.Unix(int64(*d)*86400, 0).UTC()
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// parquetEvents are events that exercise every column: a full one with
// a location, one with nothing optional, one whose location has no
// GeoNames ID, and a non-ASCII sentence.
func parquetEvents() []avocet.StoredEvent {
	return []avocet.StoredEvent{
		{
			ID: "a1-0-0",
			Event: avocet.Event{
				ArticleID: "a1", Sentence: 0, Date: day(2024, 3, 11),
				Source: avocet.Actor{Code: "KENCOP", Name: "Kenyan police", Country: "KEN", Sectors: []string{"COP", "GOV"},
					Canonical: "Kenya Police Service", Span: avocet.Span{Start: 0, End: 13},
					Place: &avocet.Location{Name: "Kenya", Country: "KEN", Lat: 1, Lon: 38, GeoNameID: 192950, Type: 1}},
				Target: avocet.Actor{Code: "IGOUNO", Name: "the UN", Sectors: []string{"IGO"}, Span: avocet.Span{Start: 27, End: 29}},
				Code:   "173", BaseCode: "173", RootCode: "17", QuadClass: 4, Goldstein: -5,
				PloverType: "ARREST", PloverMode: "detain",
				Flags: avocet.Flags{Reported: true, Passive: true, Speculative: true},
				Verb:  avocet.Span{Start: 14, End: 22},
				Rule:  avocet.Rule{ID: "173.arrest.1", File: "cameo/verbs.txt", Line: 4012},
				Location: &avocet.Location{Name: "Kassala, Kassala, Sudan", Country: "SDN", Admin1: "SU11",
					Lat: 15.451, Lon: 36.4, GeoNameID: 372753, Type: 4},
				Confidence: 0.875, Mentions: 2, Issues: []string{"SECURITY", "HUMAN_RIGHTS"},
			},
			SentenceText: "Kenyan police arrested two UN staff, officials said.",
			SentenceSpan: avocet.Span{Start: 0, End: 52},
		},
		{
			ID: "a2-3-1",
			Event: avocet.Event{
				ArticleID: "a2", Sentence: 3,
				Source: avocet.Actor{Code: "---"},
				Target: avocet.Actor{Code: "TUR", Name: "Türkiye", Country: "TUR", Place: &avocet.Location{Name: "Ankara, Ankara, Türkiye", Country: "TUR", Admin1: "TR.68", Lat: 39.91987, Lon: 32.85427, Type: 4}},
				Code:   "0431", BaseCode: "043", RootCode: "04", QuadClass: 1, Goldstein: 2.8, Mentions: 1,
				Flags: avocet.Flags{Negated: true, Hypothetical: true, Future: true, Headline: true},
			},
			SentenceText: "Präsident Erdoğan traf 習近平 in Ankara — „historisch“ 🙂",
			SentenceSpan: avocet.Span{Start: 120, End: 190},
		},
		{
			ID: "a3-1-0",
			Event: avocet.Event{
				ArticleID: "a3", Sentence: 1, Date: day(1969, 12, 31),
				Source: avocet.Actor{Code: "USAGOV", Country: "USA", Sectors: []string{"GOV"}},
				Target: avocet.Actor{Code: "RUS", Country: "RUS"},
				Code:   "036", BaseCode: "036", RootCode: "03", QuadClass: 1, Goldstein: 4,
				Location: &avocet.Location{Lat: 0, Lon: 0, Type: 1},
			},
		},
	}
}

func writeEvents(t testing.TB, events []avocet.StoredEvent) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := format.NewEventParquetWriter(&buf)
	for i := range events {
		if err := w.Write(&events[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readAll[T any](t testing.TB, data []byte) []T {
	t.Helper()
	r := parquet.NewGenericReader[T](bytes.NewReader(data))
	defer r.Close()
	out := make([]T, r.NumRows())
	n, err := r.Read(out)
	if err != nil && err != io.EOF {
		t.Fatal(err)
	}
	return out[:n]
}

func TestEventParquetRoundTrip(t *testing.T) {
	in := parquetEvents()
	data := writeEvents(t, in)
	recs := readAll[eventRecord](t, data)
	if len(recs) != len(in) {
		t.Fatalf("read %d rows, want %d", len(recs), len(in))
	}
	for i, r := range recs {
		if got := r.storedEvent(); !reflect.DeepEqual(got, in[i]) {
			t.Errorf("event %d:\nwant %+v\n got %+v", i, in[i], got)
		}
	}

	// The nulls and values an analyst sees, stated column by column.
	full, bare, noGeo := recs[0], recs[1], recs[2]
	if full.Date == nil || *full.Date != 19793 { // 2024-03-11
		t.Errorf("date = %v, want day 19793", full.Date)
	}
	if full.LocationGeoID == nil || *full.LocationGeoID != 372753 || *full.LocationName != "Kassala, Kassala, Sudan" {
		t.Errorf("location of the full event: %+v", full)
	}
	if bare.Date != nil {
		t.Errorf("zero date written as %d, want null", *bare.Date)
	}
	for name, p := range map[string]any{
		"location_name": bare.LocationName, "location_country": bare.LocationCountry, "location_admin1": bare.LocationAdmin1,
		"location_lat": bare.LocationLat, "location_lon": bare.LocationLon, "location_geonames_id": bare.LocationGeoID,
		"location_type": bare.LocationType,
	} {
		if !reflect.ValueOf(p).IsNil() {
			t.Errorf("%s of an event without location is not null", name)
		}
	}
	if full.SourceGeoName == nil || *full.SourceGeoName != "Kenya" || *full.SourceGeoID != 192950 || full.TargetGeoName != nil {
		t.Errorf("actor places of the full event: source %v target %v", full.SourceGeoName, full.TargetGeoName)
	}
	if bare.SourceGeoLat != nil || bare.TargetGeoLat == nil || *bare.TargetGeoLat != 39.91987 || bare.TargetGeoID != nil {
		t.Errorf("actor places of the bare event: source lat %v, target lat %v id %v", bare.SourceGeoLat, bare.TargetGeoLat, bare.TargetGeoID)
	}
	if bare.SentenceText != "Präsident Erdoğan traf 習近平 in Ankara — „historisch“ 🙂" {
		t.Errorf("sentence_text = %q", bare.SentenceText)
	}
	if noGeo.Date == nil || *noGeo.Date != -1 {
		t.Errorf("1969-12-31 written as %v, want day -1", noGeo.Date)
	}
	if noGeo.LocationLat == nil || *noGeo.LocationLat != 0 || noGeo.LocationGeoID != nil || *noGeo.LocationName != "" {
		t.Errorf("location without GeoNames ID: lat %v geonames %v name %v", noGeo.LocationLat, noGeo.LocationGeoID, noGeo.LocationName)
	}
}

func TestEventParquetSchema(t *testing.T) {
	data := writeEvents(t, parquetEvents())
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.Lookup("avocet.schema"); v != "events/1" {
		t.Errorf("avocet.schema = %q, want events/1", v)
	}
	schema := f.Schema()
	leaf := func(path ...string) parquet.Node {
		t.Helper()
		col, ok := schema.Lookup(path...)
		if !ok {
			t.Fatalf("no column %v", path)
		}
		return col.Node
	}
	if lt := leaf("date").Type().LogicalType(); lt.String() != "DATE" {
		t.Errorf("date has logical type %v, want DATE", lt)
	}
	if !leaf("date").Optional() || !leaf("location_lat").Optional() || leaf("goldstein").Optional() {
		t.Error("nullability of date, location_lat, goldstein is not optional, optional, required")
	}
	if lt := leaf("source_sectors", "list", "element").Type().LogicalType(); lt.String() != "STRING" {
		t.Errorf("source_sectors element has logical type %v, want STRING", lt)
	}
	if lt := leaf("negated").Type().Kind(); lt != parquet.Boolean {
		t.Errorf("negated is %v, want BOOLEAN", lt)
	}
	var names []string
	for _, c := range schema.Fields() {
		names = append(names, c.Name())
	}
	want := "event_id article_id sentence date source_code source_name source_country source_sectors source_canonical source_start source_end " +
		"target_code target_name target_country target_sectors target_canonical target_start target_end " +
		"code base_code root_code quad_class goldstein plover_type plover_mode " +
		"negated hypothetical future reported passive headline speculative verb_start verb_end rule_id rule_file rule_line " +
		"location_name location_country location_admin1 location_lat location_lon location_geonames_id location_type " +
		"confidence mentions issues sentence_text sentence_start sentence_end source_geo_name source_geo_country source_geo_admin1 source_geo_lat source_geo_lon source_geo_geonames_id source_geo_type target_geo_name target_geo_country target_geo_admin1 target_geo_lat target_geo_lon target_geo_geonames_id target_geo_type"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("columns\n got %s\nwant %s", got, want)
	}
}

// Ensure that the writer copies what it buffers, so that a caller reusing
// its event (as a store iterator may) cannot change rows already written.
func TestEventParquetCopiesInput(t *testing.T) {
	e := parquetEvents()[0]
	var buf bytes.Buffer
	w := format.NewEventParquetWriter(&buf)
	if err := w.Write(&e); err != nil {
		t.Fatal(err)
	}
	e.Source.Sectors[0] = "XXX"
	e.Issues[1] = "XXX"
	e.Location.Name = "changed"
	e.Location.GeoNameID = 1
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := readAll[eventRecord](t, buf.Bytes())[0].storedEvent()
	if want := parquetEvents()[0]; !reflect.DeepEqual(got, want) {
		t.Errorf("want %+v\n got %+v", want, got)
	}
	if err := w.Write(&e); err == nil {
		t.Error("Write after Close succeeded")
	}
}

func TestEventParquetRowGroups(t *testing.T) {
	const n = format.ParquetRowGroupRows + 1000
	var buf bytes.Buffer
	w := format.NewEventParquetWriter(&buf)
	e := parquetEvents()[0]
	for i := range n {
		e.ID = fmt.Sprintf("a1-0-%d", i)
		if err := w.Write(&e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	groups := f.RowGroups()
	if len(groups) != 2 || groups[0].NumRows() != format.ParquetRowGroupRows || f.NumRows() != n {
		t.Errorf("%d rows in %d row groups, want %d in 2 of at most %d", f.NumRows(), len(groups), n, format.ParquetRowGroupRows)
	}
	recs := readAll[eventRecord](t, buf.Bytes())
	if last := recs[len(recs)-1].EventID; last != fmt.Sprintf("a1-0-%d", n-1) {
		t.Errorf("last event_id %s", last)
	}
}

// articleRecord is the articles schema as an analyst would declare it.
type articleRecord struct {
	ID        string  `parquet:"id"`
	URL       *string `parquet:"url,optional"`
	Publisher *string `parquet:"publisher,optional"`
	Title     *string `parquet:"title,optional"`
	Dateline  *string `parquet:"dateline,optional"`
	Date      *int32  `parquet:"date,optional"`
	Language  string  `parquet:"language"`
	Input     string  `parquet:"input"`
	Ingested  *int64  `parquet:"ingested,optional"`
	Sentences int32   `parquet:"sentences"`
	Events    int32   `parquet:"events"`
	Text      *string `parquet:"text,optional"`
}

func (r articleRecord) storedArticle() avocet.StoredArticle {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	a := avocet.StoredArticle{
		Article: avocet.Article{ID: r.ID, URL: str(r.URL), Publisher: str(r.Publisher), Title: str(r.Title),
			Dateline: str(r.Dateline), Date: dayDate(r.Date), Language: r.Language, Text: str(r.Text)},
		Input: r.Input, Sentences: int(r.Sentences), Events: int(r.Events),
	}
	if r.Ingested != nil {
		a.Ingested = time.UnixMicro(*r.Ingested).UTC()
	}
	return a
}

func parquetArticles() []avocet.StoredArticle {
	return []avocet.StoredArticle{
		{
			Article: avocet.Article{ID: "a1", URL: "https://news.example/a1", Publisher: "Daily Nation", Title: "Police arrest UN staff",
				Dateline: "NAIROBI, Kenya", Date: day(2024, 3, 11), Language: "en",
				Text: "Kenyan police arrested two UN staff, officials said.\n\nZweiter Absatz: Grüße 🙂"},
			Input: "news/2024-03.jsonl", Ingested: time.Date(2024, 3, 12, 8, 30, 15, 123456000, time.UTC), Sentences: 2, Events: 1,
		},
		{
			Article: avocet.Article{ID: "a2", Language: "en"},
			Input:   "http", Sentences: 7,
		},
	}
}

func TestArticleParquetRoundTrip(t *testing.T) {
	in := parquetArticles()
	var buf bytes.Buffer
	w := format.NewArticleParquetWriter(&buf)
	for i := range in {
		if err := w.Write(&in[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	recs := readAll[articleRecord](t, buf.Bytes())
	if len(recs) != len(in) {
		t.Fatalf("read %d rows, want %d", len(recs), len(in))
	}
	for i, r := range recs {
		if got := r.storedArticle(); !reflect.DeepEqual(got, in[i]) {
			t.Errorf("article %d:\nwant %+v\n got %+v", i, in[i], got)
		}
	}
	bare := recs[1]
	if bare.URL != nil || bare.Publisher != nil || bare.Title != nil || bare.Dateline != nil || bare.Date != nil || bare.Ingested != nil || bare.Text != nil {
		t.Errorf("unknown fields of a bare article are not null: %+v", bare)
	}

	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	col, _ := f.Schema().Lookup("ingested")
	if lt := col.Node.Type().LogicalType(); lt.String() != "TIMESTAMP(isAdjustedToUTC=true,unit=MICROS)" {
		t.Errorf("ingested has logical type %v, want TIMESTAMP(MICROS, UTC)", lt)
	}
	if v, _ := f.Lookup("avocet.schema"); v != "articles/1" {
		t.Errorf("avocet.schema = %q, want articles/1", v)
	}
}

// benchEvent is a realistic event: two actors with sectors, a location
// and a sentence of news length.
func benchEvent() avocet.StoredEvent {
	e := parquetEvents()[0]
	e.SentenceText = "Kenyan police on Monday arrested two United Nations staff members in the northern town of Lodwar, " +
		"accusing them of helping refugees cross the border from South Sudan, officials said."
	e.SentenceSpan = avocet.Span{Start: 0, End: len(e.SentenceText)}
	return e
}

func BenchmarkEventParquet(b *testing.B) {
	e := benchEvent()
	ids := make([]string, 1024)
	for i := range ids {
		ids[i] = fmt.Sprintf("a%d-0-0", i)
	}
	w := format.NewEventParquetWriter(io.Discard)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		e.ID = ids[i%len(ids)]
		e.Date = day(2024, 1, 1+i%28)
		if err := w.Write(&e); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
