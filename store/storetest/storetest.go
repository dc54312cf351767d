package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
)

// Run runs the conformance suite against the stores open returns. open is
// called once per subtest and must return an empty store; Run closes it.
func Run(t *testing.T, open func(t *testing.T) avocet.Store) {
	fresh := func(t *testing.T) avocet.Store {
		t.Helper()
		s := open(t)
		t.Cleanup(func() { s.Close() })
		return s
	}
	loaded := func(t *testing.T) avocet.Store {
		t.Helper()
		s := fresh(t)
		Load(t, s)
		return s
	}
	t.Run("Put", func(t *testing.T) { testPut(t, fresh(t)) })
	t.Run("PutAgain", func(t *testing.T) { testPutAgain(t, loaded(t)) })
	t.Run("PutAtomic", func(t *testing.T) { testPutAtomic(t, loaded(t)) })
	t.Run("PutCancelled", func(t *testing.T) { testPutCancelled(t, fresh(t)) })
	t.Run("PutConcurrent", func(t *testing.T) { testPutConcurrent(t, fresh(t)) })
	t.Run("Has", func(t *testing.T) { testHas(t, loaded(t)) })
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, loaded(t)) })
	t.Run("Normalise", func(t *testing.T) { testNormalise(t, fresh(t)) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, loaded(t)) })
	t.Run("Filters", func(t *testing.T) { testFilters(t, loaded(t)) })
	t.Run("BadQuery", func(t *testing.T) { testBadQuery(t, loaded(t)) })
	t.Run("Pages", func(t *testing.T) { testPages(t, loaded(t)) })
	t.Run("EachEvent", func(t *testing.T) { testEachEvent(t, loaded(t)) })
	t.Run("EachArticle", func(t *testing.T) { testEachArticle(t, loaded(t)) })
	t.Run("Series", func(t *testing.T) { testSeries(t, loaded(t)) })
	t.Run("TopActors", func(t *testing.T) { testTopActors(t, loaded(t)) })
	t.Run("TopDyads", func(t *testing.T) { testTopDyads(t, loaded(t)) })
	t.Run("Daily", func(t *testing.T) { testDaily(t, loaded(t)) })
	t.Run("Errors", func(t *testing.T) { testErrors(t, loaded(t)) })
	t.Run("Stats", func(t *testing.T) { testStats(t, fresh(t)) })
	t.Run("Closed", func(t *testing.T) { testClosed(t, loaded(t)) })
	t.Run("Knowledge", func(t *testing.T) { testKnowledge(t, loaded(t)) })
	t.Run("KnowledgePutAgain", func(t *testing.T) { testKnowledgePutAgain(t, loaded(t)) })
	t.Run("KnowledgeBadBatch", func(t *testing.T) { testKnowledgeBadBatch(t, fresh(t)) })
	t.Run("Articles", func(t *testing.T) { testArticles(t, loaded(t)) })
	t.Run("ArticlePages", func(t *testing.T) { testArticlePages(t, loaded(t)) })
	t.Run("BadArticleQuery", func(t *testing.T) { testBadArticleQuery(t, loaded(t)) })
	t.Run("TopThemes", func(t *testing.T) { testTopThemes(t, loaded(t)) })
	t.Run("TopEntities", func(t *testing.T) { testTopEntities(t, loaded(t)) })
	t.Run("TopEntitiesCode", func(t *testing.T) { testTopEntitiesCode(t, fresh(t)) })
	t.Run("EventKnowledgeFilters", func(t *testing.T) { testEventKnowledgeFilters(t, loaded(t)) })
	t.Run("KnowledgeClosed", func(t *testing.T) { testKnowledgeClosed(t, loaded(t)) })
}

// Load puts the two fixture batches into s.
func Load(tb testing.TB, s avocet.Store) {
	tb.Helper()
	b1, b2 := Fixture()
	for _, b := range []avocet.Batch{b1, b2} {
		if _, err := s.Put(context.Background(), b); err != nil {
			tb.Fatalf("load fixture: %v", err)
		}
	}
}

var ctx = context.Background()

// fixtureEvents returns the fixture's events by ID, as a store gives them back.
func fixtureEvents() map[string]avocet.StoredEvent {
	b1, b2 := Fixture()
	m := make(map[string]avocet.StoredEvent)
	for _, e := range append(b1.Events, b2.Events...) {
		m[e.ID] = e
	}
	return m
}

func fixtureArticles() map[string]avocet.StoredArticle {
	b1, b2 := Fixture()
	m := make(map[string]avocet.StoredArticle)
	for _, a := range append(b1.Articles, b2.Articles...) {
		m[a.ID] = a
	}
	return m
}

// All fixture event IDs, newest first (date descending, then ID; undated last).
var allDesc = []string{"a5-0-0", "a3-1-0", "a3-0-0", "a2-0-1", "a1-0-0", "a1-1-0", "a1-1-1", "a2-0-0", "a3-2-0", "a5-0-1", "a5-1-0"}

// ascending returns ids in EachEvent order: date ascending (undated first), then ID.
func ascending(ids []string) []string {
	evs := fixtureEvents()
	out := append([]string{}, ids...)
	sort.Slice(out, func(i, j int) bool {
		a, b := evs[out[i]], evs[out[j]]
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		return a.ID < b.ID
	})
	return out
}

func eventIDs(evs []avocet.StoredEvent) []string {
	ids := []string{}
	for _, e := range evs {
		ids = append(ids, e.ID)
	}
	return ids
}

func mustPut(t *testing.T, s avocet.Store, b avocet.Batch) avocet.PutResult {
	t.Helper()
	res, err := s.Put(ctx, b)
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	return res
}

func stats(t *testing.T, s avocet.Store) avocet.Stats {
	t.Helper()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return st
}

func testPut(t *testing.T, s avocet.Store) {
	b1, b2 := Fixture()
	if got, want := mustPut(t, s, b1), (avocet.PutResult{Articles: 2, Events: 5, Errors: 2}); got != want {
		t.Errorf("Put(b1) = %+v, want %+v", got, want)
	}
	if got, want := mustPut(t, s, b2), (avocet.PutResult{Articles: 3, Events: 6, Errors: 1}); got != want {
		t.Errorf("Put(b2) = %+v, want %+v", got, want)
	}
	if got := mustPut(t, s, avocet.Batch{}); got != (avocet.PutResult{}) {
		t.Errorf("Put(empty) = %+v, want zero", got)
	}
	st := stats(t, s)
	if st.Articles != 5 || st.Events != 11 || st.Errors != 3 {
		t.Errorf("Stats after Put = %d articles, %d events, %d errors; want 5, 11, 3", st.Articles, st.Events, st.Errors)
	}
}

func testPutAgain(t *testing.T, s avocet.Store) {
	b1, b2 := Fixture()
	// Error records again, at another time: not stored twice.
	for i := range b1.Errors {
		b1.Errors[i].Time = b1.Errors[i].Time.Add(time.Hour)
	}
	if got, want := mustPut(t, s, b1), (avocet.PutResult{Duplicates: 2}); got != want {
		t.Errorf("Put(b1) again = %+v, want %+v", got, want)
	}
	if got, want := mustPut(t, s, b2), (avocet.PutResult{Duplicates: 3}); got != want {
		t.Errorf("Put(b2) again = %+v, want %+v", got, want)
	}
	// A batch mixing a stored article with a new one stores only the new one.
	mixed := avocet.Batch{Articles: []avocet.StoredArticle{b1.Articles[0], newArticle("a6")}, Events: append(b1.Events[:3:3], newEvent("a6", 0, 0))}
	if got, want := mustPut(t, s, mixed), (avocet.PutResult{Articles: 1, Duplicates: 1, Events: 1}); got != want {
		t.Errorf("Put(mixed) = %+v, want %+v", got, want)
	}
	// An error record repeated in a batch is stored once; a new one is stored.
	repeat := avocet.IngestError{Input: "feed3.jsonl", Record: "line 1", Stage: "parse", Err: "bad JSON"}
	again := avocet.Batch{Errors: []avocet.IngestError{repeat, repeat, b2.Errors[0], {Input: "feed3.jsonl", Record: "line 2", Stage: "parse", Err: "bad JSON"}}}
	if got, want := mustPut(t, s, again), (avocet.PutResult{Errors: 2}); got != want {
		t.Errorf("Put(repeated error records) = %+v, want %+v", got, want)
	}
	st := stats(t, s)
	if st.Articles != 6 || st.Events != 12 || st.Errors != 5 {
		t.Errorf("Stats = %d articles, %d events, %d errors; want 6, 12, 5", st.Articles, st.Events, st.Errors)
	}
	page, err := s.Events(ctx, avocet.EventQuery{ArticleID: "a1"})
	if err != nil {
		t.Fatal(err)
	}
	if got := eventIDs(page.Events); !reflect.DeepEqual(got, []string{"a1-0-0", "a1-1-0", "a1-1-1"}) {
		t.Errorf("events of a1 after puts again = %v", got)
	}
}

// newArticle returns a minimal article not in the fixture.
func newArticle(id string) avocet.StoredArticle {
	return avocet.StoredArticle{Article: avocet.Article{ID: id, Publisher: "BBC", Language: "en"}, Input: "test",
		Ingested: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Sentences: 1}
}

// newEvent returns a minimal event of article id.
func newEvent(id string, sentence, n int) avocet.StoredEvent {
	return avocet.StoredEvent{
		ID: fmt.Sprintf("%s-%d-%d", id, sentence, n),
		Event: avocet.Event{ArticleID: id, Sentence: sentence, Date: day(2024, 5, 1), Code: "010", BaseCode: "010", RootCode: "01",
			Source: avocet.Actor{Code: "GBR"}, Target: avocet.Actor{Code: "FRA"}, QuadClass: 1, Mentions: 1},
		SentenceText: "Britain spoke to France.",
	}
}

func testPutAtomic(t *testing.T, s avocet.Store) {
	before := stats(t, s)
	bad := map[string]avocet.Batch{
		"event of an article not in the batch": {
			Articles: []avocet.StoredArticle{newArticle("a6")},
			Events:   []avocet.StoredEvent{newEvent("a6", 0, 0), newEvent("a7", 0, 0)},
			Errors:   []avocet.IngestError{{Input: "x", Stage: "read", Err: "x"}},
		},
		"event of a stored article not in the batch": {
			Articles: []avocet.StoredArticle{newArticle("a6")},
			Events:   []avocet.StoredEvent{newEvent("a6", 0, 0), newEvent("a1", 5, 0)},
		},
		"article twice": {
			Articles: []avocet.StoredArticle{newArticle("a6"), newArticle("a6")},
		},
		"article without ID": {
			Articles: []avocet.StoredArticle{newArticle("a6"), newArticle("")},
		},
		"event twice": {
			Articles: []avocet.StoredArticle{newArticle("a6")},
			Events:   []avocet.StoredEvent{newEvent("a6", 0, 0), newEvent("a6", 0, 0)},
		},
		"event ID not <article>-<sentence>-<n>": {
			Articles: []avocet.StoredArticle{newArticle("a6")},
			Events: []avocet.StoredEvent{newEvent("a6", 0, 0), func() avocet.StoredEvent {
				e := newEvent("a6", 1, 0)
				e.ID = "a1-0-0" // already stored, and not an ID of a6
				return e
			}()},
		},
	}
	for name, b := range bad {
		res, err := s.Put(ctx, b)
		if !errors.Is(err, avocet.ErrInvalidInput) {
			t.Errorf("%s: Put = %+v, %v; want error wrapping ErrInvalidInput", name, res, err)
		}
	}
	has, err := s.Has(ctx, []string{"a6", "a7"})
	if err != nil {
		t.Fatal(err)
	}
	if has["a6"] || has["a7"] {
		t.Errorf("Has after refused batches = %v; want nothing", has)
	}
	if _, err := s.Event(ctx, "a6-0-0"); !errors.Is(err, avocet.ErrNotFound) {
		t.Errorf("Event(a6-0-0) after refused batches: err = %v, want ErrNotFound", err)
	}
	if after := stats(t, s); after.Articles != before.Articles || after.Events != before.Events || after.Errors != before.Errors {
		t.Errorf("Stats after refused batches = %+v, want %+v", after, before)
	}
}

func testPutCancelled(t *testing.T, s avocet.Store) {
	b1, _ := Fixture()
	c, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Put(c, b1); !errors.Is(err, context.Canceled) {
		t.Errorf("Put with a cancelled context: err = %v, want context.Canceled", err)
	}
	if st := stats(t, s); st.Articles != 0 || st.Events != 0 || st.Errors != 0 {
		t.Errorf("Stats after cancelled Put = %+v, want empty", st)
	}
	// The store still works.
	if got := mustPut(t, s, b1); got.Articles != 2 {
		t.Errorf("Put after a cancelled one = %+v", got)
	}
}

func testPutConcurrent(t *testing.T, s avocet.Store) {
	const (
		workers = 8
		own     = 6 // articles only one worker puts
		shared  = 5 // articles every worker puts
	)
	batch := func(ids ...string) avocet.Batch {
		var b avocet.Batch
		for _, id := range ids {
			b.Articles = append(b.Articles, newArticle(id))
			b.Events = append(b.Events, newEvent(id, 0, 0), newEvent(id, 0, 1), newEvent(id, 2, 0))
		}
		return b
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total avocet.PutResult
		errs  []error
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range own {
				// Each batch holds one article of this worker and one shared article.
				b := batch(fmt.Sprintf("w%d-%d", w, i), fmt.Sprintf("shared%d", (i+w)%shared))
				res, err := s.Put(ctx, b)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				}
				total.Articles += res.Articles
				total.Duplicates += res.Duplicates
				total.Events += res.Events
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		t.Errorf("concurrent Put: %v", err)
	}
	wantArticles := workers*own + shared
	if total.Articles != wantArticles || total.Duplicates != workers*own*2-wantArticles || total.Events != 3*wantArticles {
		t.Errorf("sum of PutResults = %+v; want %d articles, %d duplicates, %d events", total, wantArticles, workers*own*2-wantArticles, 3*wantArticles)
	}
	st := stats(t, s)
	if st.Articles != wantArticles || st.Events != 3*wantArticles {
		t.Errorf("Stats = %d articles, %d events; want %d, %d", st.Articles, st.Events, wantArticles, 3*wantArticles)
	}
	seen := make(map[string]int)
	err := s.EachArticle(ctx, func(a *avocet.StoredArticle) error {
		seen[a.ID]++
		if a.Events != 3 {
			t.Errorf("article %s: Events = %d, want 3", a.ID, a.Events)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("article %s stored %d times", id, n)
		}
	}
	perArticle := make(map[string]int)
	if err := s.EachEvent(ctx, avocet.EventQuery{}, func(e *avocet.StoredEvent) error { perArticle[e.ArticleID]++; return nil }); err != nil {
		t.Fatal(err)
	}
	for id, n := range perArticle {
		if n != 3 {
			t.Errorf("article %s has %d events, want 3", id, n)
		}
	}
}

func testHas(t *testing.T, s avocet.Store) {
	has, err := s.Has(ctx, []string{"a1", "a4", "zz", ""})
	if err != nil {
		t.Fatal(err)
	}
	if !has["a1"] || !has["a4"] || has["zz"] || has[""] {
		t.Errorf("Has(a1, a4, zz, \"\") = %v; want a1 and a4", has)
	}
	if has, err := s.Has(ctx, nil); err != nil || len(has) != 0 {
		t.Errorf("Has(nil) = %v, %v; want empty", has, err)
	}
}

// wantArticle returns the fixture article as a store gives it back: keepText
// says whether the store kept its text.
func wantArticle(a avocet.StoredArticle, keepText bool) avocet.StoredArticle {
	if !keepText {
		a.Text = ""
	}
	return a
}

func testRoundTrip(t *testing.T, s avocet.Store) {
	for id, want := range fixtureEvents() {
		got, err := s.Event(ctx, id)
		if err != nil {
			t.Errorf("Event(%s): %v", id, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Event(%s):\n got %+v\nwant %+v", id, got, want)
		}
	}
	for id, want := range fixtureArticles() {
		got, err := s.Article(ctx, id)
		if err != nil {
			t.Errorf("Article(%s): %v", id, err)
			continue
		}
		if w := wantArticle(want, got.Text != ""); !reflect.DeepEqual(got, w) {
			t.Errorf("Article(%s):\n got %+v\nwant %+v", id, got, w)
		}
	}
	// Events from pages and EachEvent are the same values.
	page, err := s.Events(ctx, avocet.EventQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := fixtureEvents()
	if len(page.Events) != len(want) {
		t.Errorf("Events gave %d events, want %d", len(page.Events), len(want))
	}
	for _, e := range page.Events {
		if !reflect.DeepEqual(e, want[e.ID]) {
			t.Errorf("Events: event %s:\n got %+v\nwant %+v", e.ID, e, want[e.ID])
		}
	}
	each := 0
	err = s.EachEvent(ctx, avocet.EventQuery{}, func(e *avocet.StoredEvent) error {
		each++
		if !reflect.DeepEqual(*e, want[e.ID]) {
			t.Errorf("EachEvent: event %s:\n got %+v\nwant %+v", e.ID, *e, want[e.ID])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if each != len(want) {
		t.Errorf("EachEvent gave %d events, want %d", each, len(want))
	}
	arts := fixtureArticles()
	eachArt := 0
	err = s.EachArticle(ctx, func(a *avocet.StoredArticle) error {
		eachArt++
		if w := wantArticle(arts[a.ID], a.Text != ""); !reflect.DeepEqual(*a, w) {
			t.Errorf("EachArticle: article %s:\n got %+v\nwant %+v", a.ID, *a, w)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if eachArt != len(arts) {
		t.Errorf("EachArticle gave %d articles, want %d", eachArt, len(arts))
	}
}

// testNormalise checks the canonical forms a store gives values back in.
func testNormalise(t *testing.T, s avocet.Store) {
	zone := time.FixedZone("UTC-8", -8*3600)
	a := newArticle("n1")
	a.Date = time.Date(2024, 6, 1, 20, 15, 0, 123456789, zone)
	a.Ingested = time.Time{} // set by the store
	a.Events = 99            // set by the store
	e := newEvent("n1", 0, 0)
	e.Date = time.Date(2024, 6, 1, 20, 15, 0, 0, zone) // 2024-06-02 in UTC, but the day written is June 1
	e.Source.Sectors = []string{}
	e.Issues = []string{}
	// A headline event: sentence -1, "h" in its ID.
	h := newEvent("n1", 0, 0)
	h.ID, h.Sentence, h.Flags.Headline = "n1-h-0", -1, true
	errRec := avocet.IngestError{Input: "n", Stage: "read", Err: "e"}
	before := time.Now().UTC().Add(-time.Second)
	mustPut(t, s, avocet.Batch{Articles: []avocet.StoredArticle{a}, Events: []avocet.StoredEvent{e, h}, Errors: []avocet.IngestError{errRec}})
	after := time.Now().UTC().Add(time.Second)

	gotA, err := s.Article(ctx, "n1")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 6, 2, 4, 15, 0, 123456000, time.UTC); !reflect.DeepEqual(gotA.Date, want) {
		t.Errorf("Article.Date = %v, want %v (UTC, microseconds)", gotA.Date, want)
	}
	if gotA.Ingested.Before(before) || gotA.Ingested.After(after) || gotA.Ingested.Location() != time.UTC {
		t.Errorf("Ingested = %v, want the time of Put in UTC", gotA.Ingested)
	}
	if gotA.Events != 2 {
		t.Errorf("Article.Events = %d, want 2 (the events stored)", gotA.Events)
	}
	if got, err := s.Event(ctx, "n1-h-0"); err != nil || !reflect.DeepEqual(got, h) {
		t.Errorf("Event(n1-h-0) =\n %+v, %v\nwant\n %+v", got, err, h)
	}
	gotE, err := s.Event(ctx, "n1-0-0")
	if err != nil {
		t.Fatal(err)
	}
	if want := day(2024, 6, 1); !reflect.DeepEqual(gotE.Date, want) {
		t.Errorf("Event.Date = %v, want %v (the calendar day as written)", gotE.Date, want)
	}
	if gotE.Source.Sectors != nil || gotE.Issues != nil {
		t.Errorf("empty lists came back as %#v, %#v; want nil", gotE.Source.Sectors, gotE.Issues)
	}
	errs, err := s.Errors(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 1 || errs[0].Time.Before(before) || errs[0].Time.After(after) {
		t.Errorf("Errors = %+v, want one record with the time of Put", errs)
	}
	page, err := s.Events(ctx, avocet.EventQuery{From: day(2024, 6, 1), To: day(2024, 6, 1)})
	if err != nil || len(page.Events) != 1 || page.Events[0].ID != "n1-0-0" {
		t.Errorf("Events on 2024-06-01 = %v, %v; want n1-0-0", page.Events, err)
	}
}

func testNotFound(t *testing.T, s avocet.Store) {
	if _, err := s.Article(ctx, "zz"); !errors.Is(err, avocet.ErrNotFound) {
		t.Errorf("Article(zz): err = %v, want ErrNotFound", err)
	}
	if _, err := s.Event(ctx, "a1-9-9"); !errors.Is(err, avocet.ErrNotFound) {
		t.Errorf("Event(a1-9-9): err = %v, want ErrNotFound", err)
	}
	if _, err := s.Event(ctx, ""); !errors.Is(err, avocet.ErrNotFound) {
		t.Errorf("Event(\"\"): err = %v, want ErrNotFound", err)
	}
}

func gold(v float64) *float64 { return &v }

// filterCases are the EventQuery filters with their results, newest first.
var filterCases = []struct {
	name string
	q    avocet.EventQuery
	want []string
}{
	{"none", avocet.EventQuery{}, allDesc},
	{"source prefix", avocet.EventQuery{Source: "USA*"}, []string{"a3-0-0", "a1-0-0", "a2-0-0", "a3-2-0", "a5-0-1"}},
	{"source exact", avocet.EventQuery{Source: "USA"}, []string{"a3-0-0", "a5-0-1"}},
	{"source any", avocet.EventQuery{Source: "*"}, allDesc},
	{"source unknown", avocet.EventQuery{Source: "---"}, []string{"a5-0-0"}},
	{"source none", avocet.EventQuery{Source: "CHN"}, nil},
	{"target exact", avocet.EventQuery{Target: "RUSMIL"}, []string{"a5-0-0", "a1-0-0", "a2-0-0", "a3-2-0", "a5-1-0"}},
	{"target unknown", avocet.EventQuery{Target: "---"}, []string{"a1-1-1"}},
	{"actor either side", avocet.EventQuery{Actor: "IGOUNO"}, []string{"a3-0-0", "a2-0-1", "a5-1-0"}},
	{"actor exact", avocet.EventQuery{Actor: "USA"}, []string{"a3-0-0", "a2-0-1", "a1-1-0", "a5-0-1"}},
	{"actor prefix", avocet.EventQuery{Actor: "RUS*"}, []string{"a5-0-0", "a3-1-0", "a1-0-0", "a1-1-0", "a1-1-1", "a2-0-0", "a3-2-0", "a5-1-0"}},
	{"country of unknown actor", avocet.EventQuery{Country: "UKR"}, []string{"a1-1-1"}},
	{"country", avocet.EventQuery{Country: "USA"}, []string{"a3-1-0", "a3-0-0", "a2-0-1", "a1-0-0", "a1-1-0", "a2-0-0", "a3-2-0", "a5-0-1"}},
	{"sector MIL", avocet.EventQuery{Sector: "MIL"}, []string{"a5-0-0", "a3-1-0", "a1-0-0", "a1-1-0", "a1-1-1", "a2-0-0", "a3-2-0", "a5-1-0"}},
	{"sector IGO", avocet.EventQuery{Sector: "IGO"}, []string{"a3-0-0", "a2-0-1", "a5-1-0"}},
	{"sector GOV", avocet.EventQuery{Sector: "GOV"}, []string{"a3-1-0", "a1-0-0", "a2-0-0", "a3-2-0"}},
	{"code root", avocet.EventQuery{Code: "19"}, []string{"a5-0-0", "a1-1-0"}},
	{"code base", avocet.EventQuery{Code: "190"}, []string{"a1-1-0"}},
	{"code full", avocet.EventQuery{Code: "1823"}, []string{"a3-1-0", "a1-1-1"}},
	{"code root 04", avocet.EventQuery{Code: "04"}, []string{"a2-0-1", "a5-0-1", "a5-1-0"}},
	{"quad one", avocet.EventQuery{QuadClass: []int{1}}, []string{"a3-0-0", "a2-0-1", "a5-0-1", "a5-1-0"}},
	{"quad set", avocet.EventQuery{QuadClass: []int{3, 4}}, []string{"a5-0-0", "a3-1-0", "a1-0-0", "a1-1-0", "a1-1-1", "a2-0-0", "a3-2-0"}},
	{"min gold", avocet.EventQuery{MinGold: gold(0)}, []string{"a3-0-0", "a2-0-1", "a5-0-1", "a5-1-0"}},
	{"max gold inclusive", avocet.EventQuery{MaxGold: gold(-9)}, []string{"a5-0-0", "a3-1-0", "a1-1-0", "a1-1-1"}},
	{"gold range", avocet.EventQuery{MinGold: gold(-9.5), MaxGold: gold(-2)}, []string{"a3-1-0", "a1-0-0", "a1-1-1", "a2-0-0", "a3-2-0"}},
	{"from, time of day ignored", avocet.EventQuery{From: time.Date(2024, 1, 17, 23, 59, 0, 0, time.UTC)}, []string{"a5-0-0", "a3-1-0", "a3-0-0", "a2-0-1"}},
	{"to, time of day ignored", avocet.EventQuery{To: time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)}, []string{"a1-0-0", "a1-1-0", "a1-1-1", "a2-0-0", "a3-2-0", "a5-0-1"}},
	{"from to", avocet.EventQuery{From: day(2024, 1, 15), To: day(2024, 1, 17)}, []string{"a2-0-1", "a1-0-0", "a1-1-0", "a1-1-1", "a2-0-0", "a3-2-0"}},
	{"from, calendar day of its zone", avocet.EventQuery{From: time.Date(2024, 2, 29, 20, 0, 0, 0, time.FixedZone("UTC-8", -8*3600))}, []string{"a5-0-0", "a3-1-0"}},
	{"text case-insensitive", avocet.EventQuery{Text: "russian"}, []string{"a5-0-0", "a1-0-0", "a1-1-0", "a1-1-1", "a3-2-0", "a5-1-0"}},
	{"text upper", avocet.EventQuery{Text: "CRITICISED"}, []string{"a1-0-0", "a2-0-0", "a3-2-0"}},
	{"text accented", avocet.EventQuery{Text: "CAFÉ"}, []string{"a3-1-0"}},
	{"text cyrillic", avocet.EventQuery{Text: "АТАКА"}, []string{"a3-1-0"}},
	{"text umlaut", avocet.EventQuery{Text: "über-"}, []string{"a5-0-1"}},
	{"text percent is literal", avocet.EventQuery{Text: "%"}, nil},
	{"text none", avocet.EventQuery{Text: "xyzzy"}, nil},
	{"article", avocet.EventQuery{ArticleID: "a3"}, []string{"a3-1-0", "a3-0-0", "a3-2-0"}},
	{"article without events", avocet.EventQuery{ArticleID: "a4"}, nil},
	{"source prefix, code root, from", avocet.EventQuery{Source: "RUS*", Code: "18", From: day(2024, 2, 1)}, []string{"a3-1-0"}},
	{"actor, quads, text", avocet.EventQuery{Actor: "USA*", QuadClass: []int{3, 4}, Text: "russian"}, []string{"a1-0-0", "a1-1-0", "a3-2-0"}},
	{"country and sector", avocet.EventQuery{Country: "RUS", Sector: "GOV"}, []string{"a3-1-0", "a1-0-0", "a2-0-0", "a3-2-0"}},
	{"dyad, gold, to", avocet.EventQuery{Source: "USA*", Target: "RUSMIL", MaxGold: gold(0), To: day(2024, 1, 31)}, []string{"a1-0-0", "a2-0-0", "a3-2-0"}},
	{"dyad prefix", avocet.EventQuery{Source: "RUSMIL", Target: "USA*"}, []string{"a3-1-0", "a1-1-0"}},
}

func testFilters(t *testing.T, s avocet.Store) {
	for _, tc := range filterCases {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.Limit = 1000
			page, err := s.Events(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if want == nil {
				want = []string{}
			}
			if got := eventIDs(page.Events); !reflect.DeepEqual(got, want) {
				t.Errorf("Events(%+v) =\n %v\nwant\n %v", tc.q, got, want)
			}
			if page.Next != "" {
				t.Errorf("Events(%+v).Next = %q, want none", tc.q, page.Next)
			}
			got := []string{}
			if err := s.EachEvent(ctx, tc.q, func(e *avocet.StoredEvent) error { got = append(got, e.ID); return nil }); err != nil {
				t.Fatal(err)
			}
			if want := ascending(want); !reflect.DeepEqual(got, want) {
				t.Errorf("EachEvent(%+v) =\n %v\nwant\n %v", tc.q, got, want)
			}
		})
	}
}

func testBadQuery(t *testing.T, s avocet.Store) {
	bad := map[string]avocet.EventQuery{
		"cursor not base64":     {Cursor: "!!!"},
		"cursor garbage":        {Cursor: "aGVsbG8"},
		"negative limit":        {Limit: -1},
		"QuadClass out of 1-4":  {QuadClass: []int{5}},
		"QuadClass 0":           {QuadClass: []int{0, 1}},
		"cursor with bad date":  {Cursor: "MXwyMDI0LTEzLTAxfGExLTAtMA"}, // "1|2024-13-01|a1-0-0"
		"cursor without its ID": {Cursor: "MXwyMDI0LTAxLTE1fA"},         // "1|2024-01-15|"
	}
	for name, q := range bad {
		if _, err := s.Events(ctx, q); !errors.Is(err, avocet.ErrInvalidInput) {
			t.Errorf("%s: Events err = %v, want ErrInvalidInput", name, err)
		}
	}
	if _, err := s.Series(ctx, avocet.EventQuery{}, "year"); !errors.Is(err, avocet.ErrInvalidInput) {
		t.Errorf("Series(year) err = %v, want ErrInvalidInput", err)
	}
	for name, q := range bad {
		if strings.HasPrefix(name, "cursor") || name == "negative limit" {
			continue // EachEvent ignores Limit and Cursor
		}
		if err := s.EachEvent(ctx, q, func(*avocet.StoredEvent) error { return nil }); !errors.Is(err, avocet.ErrInvalidInput) {
			t.Errorf("%s: EachEvent err = %v, want ErrInvalidInput", name, err)
		}
	}
}

// allPages pages through q and returns the IDs in order and the number of pages.
func allPages(t *testing.T, s avocet.Store, q avocet.EventQuery) ([]string, int) {
	t.Helper()
	var ids []string
	pages := 0
	for {
		page, err := s.Events(ctx, q)
		if err != nil {
			t.Fatalf("Events(%+v): %v", q, err)
		}
		pages++
		if len(page.Events) > q.Limit || (page.Next != "" && len(page.Events) != q.Limit) {
			t.Fatalf("page of %d events with limit %d, next %q", len(page.Events), q.Limit, page.Next)
		}
		ids = append(ids, eventIDs(page.Events)...)
		if page.Next == "" {
			return ids, pages
		}
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
		q.Cursor = page.Next
	}
}

func testPages(t *testing.T, s avocet.Store) {
	for limit := 1; limit <= 12; limit++ {
		ids, pages := allPages(t, s, avocet.EventQuery{Limit: limit})
		if !reflect.DeepEqual(ids, allDesc) {
			t.Errorf("limit %d: pages give %v, want %v", limit, ids, allDesc)
		}
		if want := (len(allDesc) + limit - 1) / limit; pages != want {
			t.Errorf("limit %d: %d pages, want %d", limit, pages, want)
		}
	}
	ids, _ := allPages(t, s, avocet.EventQuery{Actor: "RUS*", Limit: 3})
	if want := []string{"a5-0-0", "a3-1-0", "a1-0-0", "a1-1-0", "a1-1-1", "a2-0-0", "a3-2-0", "a5-1-0"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("filtered pages give %v, want %v", ids, want)
	}
	// The default page size is 100, and the largest 10,000.
	page, err := s.Events(ctx, avocet.EventQuery{Limit: 20000})
	if err != nil || len(page.Events) != len(allDesc) {
		t.Errorf("Events(Limit 20000) = %d events, %v", len(page.Events), err)
	}
	// A page starting at a cursor made on another page keeps going from there.
	first, err := s.Events(ctx, avocet.EventQuery{Limit: 4})
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.Events(ctx, avocet.EventQuery{Limit: 4, Cursor: first.Next})
	if err != nil {
		t.Fatal(err)
	}
	if got := eventIDs(second.Events); !reflect.DeepEqual(got, allDesc[4:8]) {
		t.Errorf("second page = %v, want %v", got, allDesc[4:8])
	}
}

func testEachEvent(t *testing.T, s avocet.Store) {
	var got []string
	// Limit and Cursor are ignored.
	err := s.EachEvent(ctx, avocet.EventQuery{Limit: 1, Cursor: "not a cursor"}, func(e *avocet.StoredEvent) error {
		got = append(got, e.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a5-1-0", "a5-0-1", "a1-0-0", "a1-1-0", "a1-1-1", "a2-0-0", "a3-2-0", "a2-0-1", "a3-0-0", "a3-1-0", "a5-0-0"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EachEvent order = %v, want %v", got, want)
	}
	stop := errors.New("stop")
	calls := 0
	err = s.EachEvent(ctx, avocet.EventQuery{}, func(*avocet.StoredEvent) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Errorf("EachEvent stopping at the third event: %d calls, err %v", calls, err)
	}
}

func testEachArticle(t *testing.T, s avocet.Store) {
	var got []string
	if err := s.EachArticle(ctx, func(a *avocet.StoredArticle) error { got = append(got, a.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a1", "a2", "a3", "a4", "a5"}; !reflect.DeepEqual(got, want) {
		t.Errorf("EachArticle order = %v, want %v", got, want)
	}
	stop := errors.New("stop")
	calls := 0
	err := s.EachArticle(ctx, func(*avocet.StoredArticle) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("EachArticle stopping at once: %d calls, err %v", calls, err)
	}
}

func pt(start time.Time, quad [4]int, gold float64) avocet.SeriesPoint {
	return avocet.SeriesPoint{Start: start, Quad: quad, Events: quad[0] + quad[1] + quad[2] + quad[3], Goldstein: gold}
}

func testSeries(t *testing.T, s avocet.Store) {
	cases := []struct {
		name string
		q    avocet.EventQuery
		iv   avocet.Interval
		want []avocet.SeriesPoint
	}{
		{"month", avocet.EventQuery{}, avocet.Month, []avocet.SeriesPoint{
			pt(day(2023, 12, 1), [4]int{1, 0, 0, 0}, 2.8),
			pt(day(2024, 1, 1), [4]int{1, 0, 3, 2}, -23.1/6),
			pt(day(2024, 2, 1), [4]int{1, 0, 0, 1}, -2.5),
			pt(day(2024, 3, 1), [4]int{0, 0, 0, 1}, -10),
		}},
		{"week, Monday to Sunday", avocet.EventQuery{}, avocet.Week, []avocet.SeriesPoint{
			pt(day(2023, 12, 25), [4]int{1, 0, 0, 0}, 2.8),
			pt(day(2024, 1, 15), [4]int{1, 0, 3, 2}, -23.1/6),
			pt(day(2024, 2, 5), [4]int{1, 0, 0, 0}, 4),
			pt(day(2024, 2, 26), [4]int{0, 0, 0, 1}, -9),
			pt(day(2024, 3, 25), [4]int{0, 0, 0, 1}, -10),
		}},
		{"day", avocet.EventQuery{}, avocet.Day, []avocet.SeriesPoint{
			pt(day(2023, 12, 31), [4]int{1, 0, 0, 0}, 2.8),
			pt(day(2024, 1, 15), [4]int{0, 0, 3, 2}, -5),
			pt(day(2024, 1, 17), [4]int{1, 0, 0, 0}, 1.9),
			pt(day(2024, 2, 5), [4]int{1, 0, 0, 0}, 4),
			pt(day(2024, 2, 29), [4]int{0, 0, 0, 1}, -9),
			pt(day(2024, 3, 31), [4]int{0, 0, 0, 1}, -10),
		}},
		{"source, month", avocet.EventQuery{Source: "RUSMIL"}, avocet.Month, []avocet.SeriesPoint{
			pt(day(2024, 1, 1), [4]int{0, 0, 0, 2}, -9.5),
			pt(day(2024, 2, 1), [4]int{0, 0, 0, 1}, -9),
		}},
		{"dyad, week", avocet.EventQuery{Source: "USA*", Target: "RUSMIL"}, avocet.Week, []avocet.SeriesPoint{
			pt(day(2024, 1, 15), [4]int{0, 0, 3, 0}, -2),
		}},
		{"undated only", avocet.EventQuery{ArticleID: "a5", Code: "042"}, avocet.Month, nil},
	}
	for _, tc := range cases {
		got, err := s.Series(ctx, tc.q, tc.iv)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !seriesEqual(got, tc.want) {
			t.Errorf("%s: Series =\n %+v\nwant\n %+v", tc.name, got, tc.want)
		}
	}
}

func seriesEqual(a, b []avocet.SeriesPoint) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if !reflect.DeepEqual(x.Start, y.Start) || x.Quad != y.Quad || x.Events != y.Events || math.Abs(x.Goldstein-y.Goldstein) > 1e-9 {
			return false
		}
	}
	return true
}

func cnt(key string, n int) avocet.Count { return avocet.Count{Key: key, Events: n} }

func testTopActors(t *testing.T, s avocet.Store) {
	cases := []struct {
		name string
		q    avocet.EventQuery
		n    int
		want []avocet.Count
	}{
		{"all", avocet.EventQuery{}, 0, []avocet.Count{cnt("RUSMIL", 8), cnt("USA", 5), cnt("USAGOV", 4), cnt("IGOUNO", 3)}},
		{"top two", avocet.EventQuery{}, 2, []avocet.Count{cnt("RUSMIL", 8), cnt("USA", 5)}},
		{"both sides count", avocet.EventQuery{Code: "04"}, 10, []avocet.Count{cnt("USA", 3), cnt("IGOUNO", 2), cnt("RUSMIL", 1)}},
		{"ties by code", avocet.EventQuery{ArticleID: "a2"}, 10, []avocet.Count{cnt("IGOUNO", 1), cnt("RUSMIL", 1), cnt("USA", 1), cnt("USAGOV", 1)}},
		{"unknown left out", avocet.EventQuery{Code: "193"}, 10, []avocet.Count{cnt("RUSMIL", 1)}},
		{"nothing", avocet.EventQuery{Source: "CHN"}, 10, nil},
	}
	for _, tc := range cases {
		got, err := s.TopActors(ctx, tc.q, tc.n)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if len(got) != 0 || len(tc.want) != 0 {
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: TopActors = %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}

func testTopDyads(t *testing.T, s avocet.Store) {
	cases := []struct {
		name string
		q    avocet.EventQuery
		n    int
		want []avocet.Count
	}{
		{"all", avocet.EventQuery{}, 0, []avocet.Count{cnt("USAGOV>RUSMIL", 3), cnt("IGOUNO>RUSMIL", 1), cnt("IGOUNO>USA", 1), cnt("RUSMIL>USA", 1), cnt("RUSMIL>USAGOV", 1), cnt("USA>IGOUNO", 1), cnt("USA>USA", 1)}},
		{"top three", avocet.EventQuery{}, 3, []avocet.Count{cnt("USAGOV>RUSMIL", 3), cnt("IGOUNO>RUSMIL", 1), cnt("IGOUNO>USA", 1)}},
		{"filtered", avocet.EventQuery{Source: "RUS*"}, 10, []avocet.Count{cnt("RUSMIL>USA", 1), cnt("RUSMIL>USAGOV", 1)}},
	}
	for _, tc := range cases {
		got, err := s.TopDyads(ctx, tc.q, tc.n)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: TopDyads = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func daily(date time.Time, src, tgt, code string, mentions, articles, sources int, gold float64, quad int) avocet.DailyEvent {
	return avocet.DailyEvent{Date: date, Source: src, Target: tgt, Code: code, Mentions: mentions, Articles: articles, Sources: sources, Goldstein: gold, QuadClass: quad}
}

func testDaily(t *testing.T, s avocet.Store) {
	all := []avocet.DailyEvent{
		daily(day(2024, 3, 31), "---", "RUSMIL", "193", 1, 1, 1, -10, 4),
		daily(day(2024, 2, 29), "RUSMIL", "USAGOV", "1823", 1, 1, 1, -9, 4),
		daily(day(2024, 2, 5), "USA", "IGOUNO", "036", 1, 1, 1, 4, 1),
		daily(day(2024, 1, 17), "IGOUNO", "USA", "042", 1, 1, 1, 1.9, 1),
		daily(day(2024, 1, 15), "RUSMIL", "---", "1823", 1, 1, 1, -9, 4),
		daily(day(2024, 1, 15), "RUSMIL", "USA", "190", 2, 1, 1, -10, 4),
		// a1-0-0, a2-0-0 and a3-2-0: three articles from two publishers.
		daily(day(2024, 1, 15), "USAGOV", "RUSMIL", "111", 6, 3, 2, -2, 3),
		daily(day(2023, 12, 31), "USA", "USA", "0431", 1, 1, 1, 2.8, 1),
	}
	cases := []struct {
		name string
		q    avocet.EventQuery
		want []avocet.DailyEvent
	}{
		{"all, undated left out", avocet.EventQuery{}, all},
		{"limit", avocet.EventQuery{Limit: 2}, all[:2]},
		{"source", avocet.EventQuery{Source: "RUSMIL"}, []avocet.DailyEvent{all[1], all[4], all[5]}},
		{"text filters the events collapsed", avocet.EventQuery{Text: "criticised"}, []avocet.DailyEvent{all[6]}},
		{"one article", avocet.EventQuery{ArticleID: "a2", Code: "111"}, []avocet.DailyEvent{daily(day(2024, 1, 15), "USAGOV", "RUSMIL", "111", 3, 1, 1, -2, 3)}},
		{"days", avocet.EventQuery{From: day(2024, 1, 16), To: day(2024, 2, 29)}, all[1:4]},
	}
	for _, tc := range cases {
		got, err := s.Daily(ctx, tc.q)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !dailyEqual(got, tc.want) {
			t.Errorf("%s: Daily =\n %+v\nwant\n %+v", tc.name, got, tc.want)
		}
	}
}

func dailyEqual(a, b []avocet.DailyEvent) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		gx, gy := x.Goldstein, y.Goldstein
		x.Goldstein, y.Goldstein = 0, 0
		if !reflect.DeepEqual(x, y) || math.Abs(gx-gy) > 1e-9 {
			return false
		}
	}
	return true
}

func testErrors(t *testing.T, s avocet.Store) {
	b1, b2 := Fixture()
	want := []avocet.IngestError{b2.Errors[0], b1.Errors[0], b1.Errors[1]}
	got, err := s.Errors(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Errors(0) =\n %+v\nwant\n %+v", got, want)
	}
	got, err = s.Errors(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want[:2]) {
		t.Errorf("Errors(2) =\n %+v\nwant\n %+v", got, want[:2])
	}
}

func testStats(t *testing.T, s avocet.Store) {
	st := stats(t, s)
	if st.Articles != 0 || st.Events != 0 || st.Errors != 0 || !st.FirstEvent.IsZero() || !st.LastEvent.IsZero() || !st.LastIngest.IsZero() {
		t.Errorf("Stats of an empty store = %+v", st)
	}
	Load(t, s)
	got := stats(t, s)
	want := avocet.Stats{
		Articles:      5,
		Events:        11,
		Errors:        3,
		FirstEvent:    day(2023, 12, 31),
		LastEvent:     day(2024, 3, 31),
		LastIngest:    time.Date(2024, 4, 3, 7, 0, 0, 123456000, time.UTC),
		SchemaVersion: got.SchemaVersion,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Stats =\n %+v\nwant\n %+v", got, want)
	}
	if got.SchemaVersion < 0 || got.SchemaVersion != st.SchemaVersion {
		t.Errorf("SchemaVersion %d, before loading %d", got.SchemaVersion, st.SchemaVersion)
	}
}

func testClosed(t *testing.T, s avocet.Store) {
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	b1, _ := Fixture()
	nop := func(*avocet.StoredEvent) error { return nil }
	calls := map[string]func() error{
		"Put":         func() error { _, err := s.Put(ctx, b1); return err },
		"Has":         func() error { _, err := s.Has(ctx, []string{"a1"}); return err },
		"Article":     func() error { _, err := s.Article(ctx, "a1"); return err },
		"Event":       func() error { _, err := s.Event(ctx, "a1-0-0"); return err },
		"Events":      func() error { _, err := s.Events(ctx, avocet.EventQuery{}); return err },
		"EachEvent":   func() error { return s.EachEvent(ctx, avocet.EventQuery{}, nop) },
		"EachArticle": func() error { return s.EachArticle(ctx, func(*avocet.StoredArticle) error { return nil }) },
		"Series":      func() error { _, err := s.Series(ctx, avocet.EventQuery{}, avocet.Month); return err },
		"TopActors":   func() error { _, err := s.TopActors(ctx, avocet.EventQuery{}, 5); return err },
		"TopDyads":    func() error { _, err := s.TopDyads(ctx, avocet.EventQuery{}, 5); return err },
		"Daily":       func() error { _, err := s.Daily(ctx, avocet.EventQuery{}); return err },
		"Errors":      func() error { _, err := s.Errors(ctx, 5); return err },
		"Stats":       func() error { _, err := s.Stats(ctx); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, avocet.ErrClosed) {
			t.Errorf("%s after Close: err = %v, want ErrClosed", name, err)
		}
	}
}
