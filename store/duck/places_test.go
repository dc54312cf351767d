package duck_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/duck"
	"github.com/avocet-events/avocet/store/storetest"
)

// viewPlaces returns the actors' places of event id as the events view
// shows them: source_geo_* and target_geo_*, nil when NULL.
func viewPlaces(t *testing.T, db *sql.DB, id string) (source, target *avocet.Location) {
	t.Helper()
	type geo struct {
		name, country, admin1 sql.NullString
		lat, lon, confidence  sql.NullFloat64
		geonames, typ         sql.NullInt64
	}
	var s, g geo
	err := db.QueryRow(`SELECT source_geo_name, source_geo_country, source_geo_admin1, source_geo_lat, source_geo_lon,
		source_geo_geonames_id, source_geo_type, source_geo_confidence,
		target_geo_name, target_geo_country, target_geo_admin1, target_geo_lat, target_geo_lon,
		target_geo_geonames_id, target_geo_type, target_geo_confidence
		FROM events WHERE id = ?`, id).Scan(
		&s.name, &s.country, &s.admin1, &s.lat, &s.lon, &s.geonames, &s.typ, &s.confidence,
		&g.name, &g.country, &g.admin1, &g.lat, &g.lon, &g.geonames, &g.typ, &g.confidence)
	if err != nil {
		t.Fatalf("events view row of %s: %v", id, err)
	}
	loc := func(x *geo) *avocet.Location {
		if !x.name.Valid {
			return nil
		}
		return &avocet.Location{Name: x.name.String, Country: x.country.String, Admin1: x.admin1.String, Lat: x.lat.Float64,
			Lon: x.lon.Float64, GeoNameID: int(x.geonames.Int64), Type: int(x.typ.Int64), Confidence: x.confidence.Float64}
	}
	return loc(&s), loc(&g)
}

// checkActorPlaces checks, in a store migrated from an older version, that
// new events keep their actors' places through Event, Events, EachEvent
// and the events view, in the locations rows that events' locations use:
// known, a location stored before, gets no new row.
func checkActorPlaces(t *testing.T, s *duck.Store, known avocet.Location) {
	t.Helper()
	ctx := context.Background()
	locations := func() (n int) {
		if err := s.DB().QueryRow(`SELECT count(*) FROM locations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := locations()
	here := &avocet.Location{Name: "Placeville (migrated)", Country: "KEN", Admin1: "KE05", Lat: -1.5, Lon: 36.25, GeoNameID: 99, Type: 4, Confidence: 0.25}
	there := &avocet.Location{Name: "Elsewhere (migrated)", Type: 1}
	ev := func(id string, sentence int, src, tgt, loc *avocet.Location) avocet.StoredEvent {
		return avocet.StoredEvent{ID: id, Event: avocet.Event{ArticleID: "places", Sentence: sentence,
			Source: avocet.Actor{Code: "KEN", Place: src}, Target: avocet.Actor{Code: "SOM", Place: tgt},
			Code: "042", QuadClass: 1, Location: loc}, SentenceText: "Kenya visited Somalia."}
	}
	evs := []avocet.StoredEvent{
		ev("places-0-0", 0, &known, here, here),
		ev("places-0-1", 0, there, nil, &known),
		ev("places-1-0", 1, nil, &avocet.Location{}, nil),
	}
	// Each of the places has a locations row after the Put; those that
	// had none before get one, the known one none.
	rowsOf := func(l *avocet.Location) (n int) {
		err := s.DB().QueryRow(`SELECT count(*) FROM locations WHERE name = ? AND country = ? AND admin1 = ? AND lat = ? AND lon = ?
			AND geonames_id = ? AND type = ? AND confidence = ?`, l.Name, l.Country, l.Admin1, l.Lat, l.Lon, l.GeoNameID, l.Type, l.Confidence).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if rowsOf(&known) == 0 {
		t.Fatalf("location %+v is not stored", known)
	}
	added := 0
	for _, l := range []*avocet.Location{here, there, evs[2].Target.Place} {
		if rowsOf(l) == 0 {
			added++
		}
	}
	if _, err := s.Put(ctx, avocet.Batch{Articles: []avocet.StoredArticle{{Article: avocet.Article{ID: "places"}, Events: len(evs)}}, Events: evs}); err != nil {
		t.Fatal(err)
	}
	if got := locations() - before; got != added {
		t.Errorf("actors' places added %d locations rows, want %d (a known location has its row)", got, added)
	}
	for _, want := range evs {
		if got, err := s.Event(ctx, want.ID); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Event(%s) =\n %+v, %v\nwant\n %+v", want.ID, got, err, want)
		}
		if src, tgt := viewPlaces(t, s.DB(), want.ID); !reflect.DeepEqual(src, want.Source.Place) || !reflect.DeepEqual(tgt, want.Target.Place) {
			t.Errorf("events view places of %s = %+v, %+v; want %+v, %+v", want.ID, src, tgt, want.Source.Place, want.Target.Place)
		}
	}
	page, err := s.Events(ctx, avocet.EventQuery{ArticleID: "places"})
	if err != nil {
		t.Fatal(err)
	}
	var each []avocet.StoredEvent
	if err := s.EachEvent(ctx, avocet.EventQuery{ArticleID: "places"}, func(e *avocet.StoredEvent) error { each = append(each, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]avocet.StoredEvent{"Events": page.Events, "EachEvent": each} {
		if !reflect.DeepEqual(got, evs) { // all undated: in ID order
			t.Errorf("%s(places) =\n %+v\nwant\n %+v", name, got, evs)
		}
	}
}

// toVersion3 turns the store file at path, of the current version, into one
// that the version 3 code would have written: it drops the columns and
// view of version 4 and restores the events view of version 3 (that of
// released, a file made by the migrations up to 3). Its events must have
// no actors' places, which version 3 could not store.
func toVersion3(t *testing.T, path, released string) {
	t.Helper()
	if err := duck.MigrateTo(released, 3); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", released)
	if err != nil {
		t.Fatal(err)
	}
	var view string
	err = db.QueryRow(`SELECT sql FROM duckdb_views() WHERE view_name = 'events' AND schema_name = 'main'`).Scan(&view)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	makeFile(t, path, `DROP VIEW events`, `ALTER TABLE event_rows DROP COLUMN target_location`,
		`ALTER TABLE event_rows DROP COLUMN source_location`, view, `DELETE FROM schema_version WHERE version = 4`)
	if got, want := columns(t, path), columns(t, released); !reflect.DeepEqual(got, want) {
		t.Fatalf("the version 3 file differs from the schema of migration 3:\n got %q\nwant %q", got, want)
	}
}

// withoutPlaces returns b without its actors' places, as versions before 4
// stored it.
func withoutPlaces(b avocet.Batch) avocet.Batch {
	b.Events = append([]avocet.StoredEvent(nil), b.Events...)
	for i := range b.Events {
		b.Events[i].Source.Place, b.Events[i].Target.Place = nil, nil
	}
	return b
}

// Ensure that a file of version 3 migrates: its events and knowledge read
// back as before, the schema is that of a new file, and new events keep
// their actors' places.
func TestOpenVersion3(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "v3.duckdb")
	s, err := duck.Open(path, &duck.Options{KeepText: true})
	if err != nil {
		t.Fatal(err)
	}
	b1, b2 := storetest.Fixture()
	g := newGenerator(5, "g-")
	g.knowledge = true
	for _, b := range []avocet.Batch{b1, b2, g.batch(300)} {
		if _, err := s.Put(ctx, withoutPlaces(b)); err != nil {
			t.Fatal(err)
		}
	}
	var before []avocet.StoredEvent
	if err := s.EachEvent(ctx, avocet.EventQuery{}, func(e *avocet.StoredEvent) error { before = append(before, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	knowledge, err := s.Knowledge(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	toVersion3(t, path, filepath.Join(dir, "released.duckdb"))

	s, err = duck.Open(path, &duck.Options{KeepText: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, err := s.Stats(ctx); err != nil || st.SchemaVersion != duck.SchemaVersion() {
		t.Errorf("Stats after migration = %+v, %v; want version %d", st, err, duck.SchemaVersion())
	}
	var after []avocet.StoredEvent
	if err := s.EachEvent(ctx, avocet.EventQuery{}, func(e *avocet.StoredEvent) error { after = append(after, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("events after migrating from version 3 differ from before")
	}
	for _, e := range before[:20] {
		if got, err := s.Event(ctx, e.ID); err != nil || !reflect.DeepEqual(got, e) {
			t.Errorf("Event(%s) after migration = %+v, %v; want %+v", e.ID, got, err, e)
		}
	}
	if got, err := s.Knowledge(ctx, "a1"); err != nil || !reflect.DeepEqual(got, knowledge) {
		t.Errorf("Knowledge(a1) after migration = %+v, %v; want %+v", got, err, knowledge)
	}
	b1, _ = storetest.Fixture()
	checkActorPlaces(t, s, *b1.Events[1].Location)

	fresh := filepath.Join(dir, "fresh.duckdb")
	f, err := duck.Open(fresh, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got, want := columns(t, path), columns(t, fresh); !reflect.DeepEqual(got, want) {
		t.Errorf("schema of a migrated version 3 file differs from a new file's:\n got %q\nwant %q", got, want)
	}
}
