package duck_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/duck"
)

// testdata/v1 holds a file of schema version 1 and what the store read from
// it, both made by the version 1 code (commit a8805ba) with KeepText:
//
//   - store.duckdb.gz: the gzipped DuckDB file, holding the two batches of
//     storetest.Fixture, a batch of odd events (event numbers with leading
//     zeros and of 20 digits, a headline event with sentence -3, an empty
//     Location, a negative zero Goldstein weight, sectors [""], issues
//     with commas and separators, two texts for one sentence, non-ASCII
//     text) and 500 events of the benchmark generator (seed 11, prefix
//     "g-");
//   - golden.json.gz: v1Golden, the results of EachEvent, EachArticle,
//     Errors, Daily, and of the Series, TopActors and TopDyads queries of
//     TestOpenV1Fixture.
//
// The version 1 code is gone, so the files cannot be made again: they are
// the record of what version 1 files hold.
type v1Golden struct {
	Events    []avocet.StoredEvent
	Articles  []avocet.StoredArticle
	Errors    []avocet.IngestError
	Daily     []avocet.DailyEvent
	Series    []avocet.SeriesPoint
	TopActors []avocet.Count
	TopDyads  []avocet.Count
}

// The queries whose results golden.json.gz holds.
var (
	v1SeriesQuery = avocet.EventQuery{Actor: "USA*"}
	v1DyadsQuery  = avocet.EventQuery{Code: "1"}
)

// gunzip decompresses the file src to dst.
func gunzip(t *testing.T, src, dst string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func readGolden(t *testing.T) *v1Golden {
	t.Helper()
	path := filepath.Join(t.TempDir(), "golden.json")
	gunzip(t, "testdata/v1/golden.json.gz", path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var g v1Golden
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

// near reports whether two means agree but for rounding: version 1 and 2
// sum the weights in different orders.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(a)) }

// Ensure that a file written by the version 1 code migrates to the current
// version and that every event, article, error record and aggregate comes
// back through the Store API as version 1 gave it; its articles have no
// knowledge, and new ones can have; its events have no actors' places, and
// new ones can have.
func TestOpenV1Fixture(t *testing.T) {
	want := readGolden(t)
	path := filepath.Join(t.TempDir(), "v1.duckdb")
	gunzip(t, "testdata/v1/store.duckdb.gz", path)
	s, err := duck.Open(path, &duck.Options{KeepText: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()

	st, err := s.Stats(ctx)
	if err != nil || st.SchemaVersion != duck.SchemaVersion() || st.Events != len(want.Events) || st.Articles != len(want.Articles) {
		t.Fatalf("Stats after migration = %+v, %v; want version %d, %d events, %d articles", st, err, duck.SchemaVersion(), len(want.Events), len(want.Articles))
	}
	var events []avocet.StoredEvent
	if err := s.EachEvent(ctx, avocet.EventQuery{}, func(e *avocet.StoredEvent) error { events = append(events, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(events) != len(want.Events) {
		t.Fatalf("EachEvent gave %d events, want %d", len(events), len(want.Events))
	}
	for i := range events {
		if !reflect.DeepEqual(events[i], want.Events[i]) {
			t.Errorf("EachEvent [%d]:\n got %+v\nwant %+v", i, events[i], want.Events[i])
		}
	}
	for _, w := range want.Events {
		if got, err := s.Event(ctx, w.ID); err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("Event(%s) =\n %+v, %v\nwant\n %+v", w.ID, got, err, w)
		}
	}
	// Pages run newest first: the golden events (oldest first) backwards,
	// with the undated ones last.
	var paged []avocet.StoredEvent
	for q := (avocet.EventQuery{Limit: 97}); ; {
		page, err := s.Events(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, page.Events...)
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	byID := make(map[string]avocet.StoredEvent, len(want.Events))
	for _, e := range want.Events {
		byID[e.ID] = e
	}
	if len(paged) != len(want.Events) {
		t.Errorf("pages gave %d events, want %d", len(paged), len(want.Events))
	}
	for i, e := range paged {
		if !reflect.DeepEqual(e, byID[e.ID]) {
			t.Errorf("page event %s differs:\n got %+v\nwant %+v", e.ID, e, byID[e.ID])
		}
		if i > 0 && !pageOrder(&paged[i-1], &e) {
			t.Errorf("page events %s and %s out of order", paged[i-1].ID, e.ID)
		}
	}

	var articles []avocet.StoredArticle
	if err := s.EachArticle(ctx, func(a *avocet.StoredArticle) error { articles = append(articles, *a); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(articles, want.Articles) {
		t.Errorf("EachArticle after migration differs from version 1")
	}
	if got, err := s.Errors(ctx, 1000); err != nil || !reflect.DeepEqual(got, want.Errors) {
		t.Errorf("Errors = %+v, %v;\nwant %+v", got, err, want.Errors)
	}

	daily, err := s.Daily(ctx, avocet.EventQuery{})
	if err != nil || len(daily) != len(want.Daily) {
		t.Fatalf("Daily: %d rows, %v; want %d", len(daily), err, len(want.Daily))
	}
	for i, d := range daily {
		w := want.Daily[i]
		if !near(d.Goldstein, w.Goldstein) {
			t.Errorf("Daily[%d].Goldstein = %v, want %v", i, d.Goldstein, w.Goldstein)
		}
		d.Goldstein = w.Goldstein
		if d != w {
			t.Errorf("Daily[%d] = %+v, want %+v", i, d, w)
		}
	}
	series, err := s.Series(ctx, v1SeriesQuery, avocet.Month)
	if err != nil || len(series) != len(want.Series) {
		t.Fatalf("Series: %d points, %v; want %d", len(series), err, len(want.Series))
	}
	for i, p := range series {
		w := want.Series[i]
		if !near(p.Goldstein, w.Goldstein) {
			t.Errorf("Series[%d].Goldstein = %v, want %v", i, p.Goldstein, w.Goldstein)
		}
		p.Goldstein = w.Goldstein
		if p != w {
			t.Errorf("Series[%d] = %+v, want %+v", i, p, w)
		}
	}
	if got, err := s.TopActors(ctx, avocet.EventQuery{}, 20); err != nil || !reflect.DeepEqual(got, want.TopActors) {
		t.Errorf("TopActors = %v, %v; want %v", got, err, want.TopActors)
	}
	if got, err := s.TopDyads(ctx, v1DyadsQuery, 20); err != nil || !reflect.DeepEqual(got, want.TopDyads) {
		t.Errorf("TopDyads = %v, %v; want %v", got, err, want.TopDyads)
	}

	// New events reuse the side-table rows the migration made.
	sideRows := func() (n int) {
		db := s.DB()
		if err := db.QueryRow(`SELECT (SELECT count(*) FROM actors) + (SELECT count(*) FROM event_types) +
			(SELECT count(*) FROM rules) + (SELECT count(*) FROM locations) + (SELECT count(*) FROM issue_sets) +
			(SELECT count(*) FROM event_numbers)`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := sideRows()
	again := want.Events[0]
	again.ArticleID, again.ID = "again", "again-"+again.ID[len(want.Events[0].ArticleID)+1:]
	if _, err := s.Put(ctx, avocet.Batch{Articles: []avocet.StoredArticle{{Article: avocet.Article{ID: "again"}}}, Events: []avocet.StoredEvent{again}}); err != nil {
		t.Fatal(err)
	}
	if after := sideRows(); after != before {
		t.Errorf("an event of known values added %d side-table rows", after-before)
	}
	if got, err := s.Event(ctx, again.ID); err != nil || !reflect.DeepEqual(got, again) {
		t.Errorf("Event(%s) = %+v, %v; want %+v", again.ID, got, err, again)
	}

	// Version 1 had no knowledge; new articles have theirs.
	checkNewKnowledge(t, s, want.Articles[0].ID)

	// Version 1 had no actors' places; new events have theirs, in the
	// locations rows the migration made.
	var known *avocet.Location
	for i := range want.Events {
		if l := want.Events[i].Location; l != nil && l.Name != "" && known == nil {
			known = l
		}
	}
	if known == nil {
		t.Fatal("no golden event has a location")
	}
	checkActorPlaces(t, s, *known)
}

// pageOrder reports whether a comes before b in page order: newest date
// first, undated last, then by ID.
func pageOrder(a, b *avocet.StoredEvent) bool {
	switch {
	case a.Date.Equal(b.Date):
		return a.ID < b.ID
	case a.Date.IsZero():
		return false
	case b.Date.IsZero():
		return true
	}
	return a.Date.After(b.Date)
}
