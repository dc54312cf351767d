package duck_test

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/duck"
	"github.com/avocet-events/avocet/store/storetest"
)

// loaded returns a store holding the storetest fixture.
func loaded(t *testing.T) *duck.Store {
	t.Helper()
	s := mustOpen(t, nil)
	storetest.Load(t, s)
	return s
}

// Ensure that the mentions view has one row per stored event with the
// values the store gives back, and that it joins daily_events on the
// daily key.
func TestMentionsView(t *testing.T) {
	s := loaded(t)
	ctx := context.Background()
	db := s.DB()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM mentions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != st.Events {
		t.Errorf("mentions has %d rows, want one per event (%d)", n, st.Events)
	}
	type mention struct {
		Date                                    *time.Time
		Source, Target, Code, Event, Article    string
		Publisher, URL                          string
		Sentence                                int
		SourceStart, SourceEnd, TargetStart     int
		TargetEnd, VerbStart, VerbEnd, Mentions int
		Confidence                              float64
	}
	err = s.EachEvent(ctx, avocet.EventQuery{}, func(e *avocet.StoredEvent) error {
		a, err := s.Article(ctx, e.ArticleID)
		if err != nil {
			return err
		}
		var m mention
		err = db.QueryRow(`SELECT date, source_code, target_code, code, event_id, article_id, publisher, url, sentence,
			source_start, source_end, target_start, target_end, verb_start, verb_end, mentions, confidence
			FROM mentions WHERE event_id = ?`, e.ID).Scan(&m.Date, &m.Source, &m.Target, &m.Code, &m.Event, &m.Article,
			&m.Publisher, &m.URL, &m.Sentence, &m.SourceStart, &m.SourceEnd, &m.TargetStart, &m.TargetEnd,
			&m.VerbStart, &m.VerbEnd, &m.Mentions, &m.Confidence)
		if err != nil {
			return err
		}
		var date *time.Time
		if !e.Date.IsZero() {
			date = &e.Date
		}
		want := mention{date, e.Source.Code, e.Target.Code, e.Code, e.ID, e.ArticleID, a.Publisher, a.URL, e.Sentence,
			e.Source.Span.Start, e.Source.Span.End, e.Target.Span.Start, e.Target.Span.End, e.Verb.Start, e.Verb.End,
			e.Mentions, e.Confidence}
		if m.Date != nil {
			d := m.Date.UTC()
			m.Date = &d
		}
		if !reflect.DeepEqual(m, want) {
			t.Errorf("mention of %s:\n got %+v\nwant %+v", e.ID, m, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The example of the package documentation: daily events with their
	// mentions add up.
	rows, err := db.Query(`SELECT d.date, d.source_code, d.target_code, d.code, d.mentions, d.articles,
		sum(m.mentions), count(DISTINCT m.article_id), count(*)
	FROM daily_events d JOIN mentions m USING (date, source_code, target_code, code)
	GROUP BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	joined := 0
	for rows.Next() {
		var date time.Time
		var src, tgt, code string
		var mentions, articles, sum, distinct, count int
		if err := rows.Scan(&date, &src, &tgt, &code, &mentions, &articles, &sum, &distinct, &count); err != nil {
			t.Fatal(err)
		}
		if sum != mentions || distinct != articles {
			t.Errorf("daily event %v %s %s %s: %d mentions of %d articles, its mentions rows say %d of %d",
				date, src, tgt, code, mentions, articles, sum, distinct)
		}
		joined += count
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if dated := st.Events - 1; joined != dated { // one fixture event is undated
		t.Errorf("%d mentions rows joined a daily event, want %d (every dated event)", joined, dated)
	}
	// The examples of the package documentation run.
	for _, q := range []string{
		`SELECT date_trunc('month', date) AS month, sum(mentions)
	FROM daily_events WHERE source_code = 'USA' AND target_code = 'RUS'
	GROUP BY ALL ORDER BY 1`,
		`SELECT d.date, d.code, d.mentions, m.publisher, m.url, m.sentence
	FROM daily_events d JOIN mentions m USING (date, source_code, target_code, code)
	WHERE d.source_code = 'USA' AND d.target_code = 'RUS'
	  AND d.date BETWEEN DATE '2024-03-04' AND DATE '2024-03-10'
	ORDER BY d.date, d.code`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Errorf("example %s: %v", q, err)
			continue
		}
		rows.Close()
	}
}

// Ensure that the events view shows what the store gives back, flags as
// booleans, lists as lists and actors' places as source_geo_* and
// target_geo_* columns.
func TestEventsView(t *testing.T) {
	s := loaded(t)
	ctx := context.Background()
	e, err := s.Event(ctx, "a1-0-0") // every flag, two issues, a plover mode
	if err != nil {
		t.Fatal(err)
	}
	var (
		f                avocet.Flags
		issues, sectors  []any
		code, mode, text string
	)
	err = s.DB().QueryRow(`SELECT negated, hypothetical, future, reported, passive, headline, speculative,
		issues, source_sectors, code, plover_mode, sentence_text FROM events WHERE id = 'a1-0-0'`).Scan(
		&f.Negated, &f.Hypothetical, &f.Future, &f.Reported, &f.Passive, &f.Headline, &f.Speculative,
		&issues, &sectors, &code, &mode, &text)
	if err != nil {
		t.Fatal(err)
	}
	got := []any{f, issues, sectors, code, mode, text}
	want := []any{e.Flags, []any{"WAR", "DIPLOMACY"}, []any{"GOV"}, e.Code, e.PloverMode, e.SentenceText}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events view row of a1-0-0 = %v, want %v", got, want)
	}
	var loc *string
	var flags int
	if err := s.DB().QueryRow(`SELECT location_name, negated::INTEGER + future::INTEGER FROM events WHERE id = 'a5-1-0'`).Scan(&loc, &flags); err != nil {
		t.Fatal(err)
	}
	if loc != nil || flags != 1 {
		t.Errorf("events view row of a5-1-0: location %v, flags %d; want NULL, future only", loc, flags)
	}
	// Actors' places: both, the target's only, none.
	for _, id := range []string{"a1-1-0", "a3-1-0", "a5-1-0"} {
		e, err := s.Event(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if src, tgt := viewPlaces(t, s.DB(), id); !reflect.DeepEqual(src, e.Source.Place) || !reflect.DeepEqual(tgt, e.Target.Place) {
			t.Errorf("events view places of %s = %+v, %+v; want %+v, %+v", id, src, tgt, e.Source.Place, e.Target.Place)
		}
	}
}

// oddBatch returns an article with events whose IDs end in numbers that
// event_rows.n cannot hold itself.
func oddBatch() avocet.Batch {
	art := avocet.StoredArticle{Article: avocet.Article{ID: "odd", Publisher: "P"}, Events: 6}
	ev := func(id string, sentence int, day int) avocet.StoredEvent {
		e := avocet.StoredEvent{ID: id, Event: avocet.Event{ArticleID: "odd", Sentence: sentence,
			Source: avocet.Actor{Code: "GBR"}, Target: avocet.Actor{Code: "FRA"}, Code: "010", Mentions: 1},
			SentenceText: "Britain spoke to France."}
		if day > 0 {
			e.Date = time.Date(2024, 5, day, 0, 0, 0, 0, time.UTC)
		}
		return e
	}
	return avocet.Batch{Articles: []avocet.StoredArticle{art}, Events: []avocet.StoredEvent{
		ev("odd-0-007", 0, 1),
		ev("odd-0-7", 0, 1),
		ev("odd-0-12345678901234567890", 0, 1),
		ev("odd-3-999999999", 3, 1),
		ev("odd-3-1000000000", 3, 2),
		ev("odd-h-00", -2, 0),
	}}
}

// Ensure that event IDs with leading zeros or long numbers come back as
// given, in ID order, and are found by Event.
func TestOddEventIDs(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, nil)
	b := oddBatch()
	if _, err := s.Put(ctx, b); err != nil {
		t.Fatal(err)
	}
	for _, want := range b.Events {
		if got, err := s.Event(ctx, want.ID); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Event(%s) = %+v, %v; want %+v", want.ID, got, err, want)
		}
	}
	if _, err := s.Event(ctx, "odd-0-07"); !errors.Is(err, avocet.ErrNotFound) {
		t.Errorf("Event(odd-0-07): err = %v, want ErrNotFound", err)
	}
	var paged []string
	for q := (avocet.EventQuery{Limit: 2}); ; {
		page, err := s.Events(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Events {
			paged = append(paged, e.ID)
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	want := []string{"odd-3-1000000000", "odd-0-007", "odd-0-12345678901234567890", "odd-0-7", "odd-3-999999999", "odd-h-00"}
	if !reflect.DeepEqual(paged, want) {
		t.Errorf("pages = %q, want %q", paged, want)
	}
}

// sideRows returns the number of rows of each side table.
func sideRows(t *testing.T, s *duck.Store) map[string]int {
	t.Helper()
	out := make(map[string]int)
	for _, table := range []string{"actors", "event_types", "rules", "locations", "issue_sets", "event_numbers"} {
		var n int
		if err := s.DB().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// Ensure that a Put that fails leaves no IDs behind for values it did not
// store, and that values stored before keep their rows after reopening.
func TestSideTables(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/side.duckdb"
	s, err := duck.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	good := oddBatch()
	good.Events[0].Source = avocet.Actor{Code: "NEW", Name: "A new actor", Sectors: []string{"GOV", "MIL"}}
	good.Events[0].Location = &avocet.Location{Name: "Somewhere", Confidence: 0.5}
	good.Events[0].Issues = []string{"X", "Y"}
	bad := oddBatch()
	bad.Events[0] = good.Events[0]
	bad.Events[1].SentenceText = "not UTF-8: \xff" // DuckDB refuses the row
	if _, err := s.Put(ctx, bad); err == nil {
		t.Fatal("Put of a batch with invalid UTF-8 succeeded")
	}
	if n := sideRows(t, s); n["actors"] != 0 || n["event_numbers"] != 0 {
		t.Errorf("side tables after a failed Put: %v; want empty", n)
	}
	if _, err := s.Put(ctx, good); err != nil {
		t.Fatal(err)
	}
	for _, want := range good.Events {
		if got, err := s.Event(ctx, want.ID); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Event(%s) = %+v, %v; want %+v", want.ID, got, err, want)
		}
	}
	before := sideRows(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = duck.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	again := oddBatch()
	again.Articles[0].ID = "odd2"
	for i := range again.Events {
		e := &again.Events[i]
		e.ArticleID, e.ID = "odd2", "odd2"+e.ID[len("odd"):]
	}
	again.Events[0].Source, again.Events[0].Location, again.Events[0].Issues = good.Events[0].Source, good.Events[0].Location, good.Events[0].Issues
	if _, err := s.Put(ctx, again); err != nil {
		t.Fatal(err)
	}
	if after := sideRows(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("side tables after putting known values again: %v, want %v", after, before)
	}
	var ids []string
	if err := s.EachEvent(ctx, avocet.EventQuery{ArticleID: "odd2"}, func(e *avocet.StoredEvent) error { ids = append(ids, e.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(again.Events) || ids[0] != "odd2-h-00" || !sort.StringsAreSorted(ids[1:5]) { // undated first, then May 1, May 2
		t.Errorf("events of odd2 = %q", ids)
	}
}
