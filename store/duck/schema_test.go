package duck_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/duck"
	_ "github.com/duckdb/duckdb-go/v2"
)

// makeFile creates a DuckDB file at path with the given statements, as an
// older (or newer) program would have left it.
func makeFile(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// Ensure that a DuckDB file without avocet tables (version 0) is migrated
// and keeps what it held.
func TestOpenVersion0(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v0.duckdb")
	makeFile(t, path, `CREATE TABLE notes (x VARCHAR)`, `INSERT INTO notes VALUES ('kept')`)
	s, err := duck.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(context.Background())
	if err != nil || st.SchemaVersion != duck.SchemaVersion() || st.SchemaVersion != 4 {
		t.Errorf("Stats = %+v, %v; want schema version 4", st, err)
	}
	s.Close()
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var x string
	if err := db.QueryRow(`SELECT x FROM notes`).Scan(&x); err != nil || x != "kept" {
		t.Errorf("notes after migration: %q, %v", x, err)
	}
}

// schemaV1 is the version 1 schema as released, frozen here so that the
// test keeps describing files in the field even when the code moves on.
var schemaV1 = []string{
	`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TIMESTAMP NOT NULL)`,
	`INSERT INTO schema_version VALUES (1, TIMESTAMP '2025-01-01 00:00:00')`,
	`CREATE TABLE articles (id VARCHAR PRIMARY KEY, url VARCHAR NOT NULL, publisher VARCHAR NOT NULL, title VARCHAR NOT NULL,
		dateline VARCHAR NOT NULL, date TIMESTAMP, language VARCHAR NOT NULL, text VARCHAR, input VARCHAR NOT NULL,
		ingested TIMESTAMP NOT NULL, sentences INTEGER NOT NULL, events INTEGER NOT NULL, seq BIGINT NOT NULL)`,
	`CREATE TABLE events (id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, article_seq BIGINT NOT NULL, sentence INTEGER NOT NULL, date DATE,
		source_code VARCHAR NOT NULL, source_name VARCHAR NOT NULL, source_country VARCHAR NOT NULL, source_sectors VARCHAR[],
		source_canonical VARCHAR NOT NULL, source_start INTEGER NOT NULL, source_end INTEGER NOT NULL,
		target_code VARCHAR NOT NULL, target_name VARCHAR NOT NULL, target_country VARCHAR NOT NULL, target_sectors VARCHAR[],
		target_canonical VARCHAR NOT NULL, target_start INTEGER NOT NULL, target_end INTEGER NOT NULL,
		code VARCHAR NOT NULL, base_code VARCHAR NOT NULL, root_code VARCHAR NOT NULL, quad_class TINYINT NOT NULL,
		goldstein DOUBLE NOT NULL, plover_type VARCHAR NOT NULL, plover_mode VARCHAR NOT NULL,
		negated BOOLEAN NOT NULL, hypothetical BOOLEAN NOT NULL, future BOOLEAN NOT NULL, reported BOOLEAN NOT NULL,
		passive BOOLEAN NOT NULL, headline BOOLEAN NOT NULL, speculative BOOLEAN NOT NULL,
		verb_start INTEGER NOT NULL, verb_end INTEGER NOT NULL, rule_id VARCHAR NOT NULL, rule_file VARCHAR NOT NULL, rule_line INTEGER NOT NULL,
		location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
		location_geonames_id INTEGER, location_type TINYINT, confidence DOUBLE NOT NULL, mentions INTEGER NOT NULL,
		issues VARCHAR[], sentence_text VARCHAR NOT NULL, sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL)`,
	`CREATE TABLE ingest_errors (seq BIGINT NOT NULL, input VARCHAR NOT NULL, record VARCHAR NOT NULL, stage VARCHAR NOT NULL,
		error VARCHAR NOT NULL, time TIMESTAMP NOT NULL)`,
	`CREATE VIEW daily_events AS SELECT e.date AS date, e.source_code AS source_code, e.target_code AS target_code, e.code AS code,
		CAST(sum(e.mentions) AS BIGINT) AS mentions, count(DISTINCT e.article_id) AS articles,
		count(DISTINCT nullif(a.publisher, '')) AS sources, avg(e.goldstein) AS goldstein, min(e.quad_class) AS quad_class, count(*) AS events
		FROM events e JOIN articles a ON a.id = e.article_id WHERE e.date IS NOT NULL AND (TRUE)
		GROUP BY e.date, e.source_code, e.target_code, e.code`,
	`INSERT INTO articles VALUES ('k1', 'https://example.org/k1', 'Reuters', 'Talks', 'NAIROBI, Kenya', TIMESTAMP '2025-01-02 03:04:05',
		'en', NULL, 'old.jsonl', TIMESTAMP '2025-01-03 00:00:00', 4, 1, 1)`,
	`INSERT INTO events VALUES ('k1-2-0', 'k1', 1, 2, DATE '2025-01-02',
		'KENGOV', 'Kenya''s government', 'KEN', ['GOV'], 'Government of Kenya', 10, 30,
		'SOM', 'Somalia', 'SOM', NULL, '', 40, 47,
		'0431', '043', '04', 1, 2.8, 'CONSULT', 'visit',
		false, false, true, false, false, false, false,
		31, 39, 'v0431', 'verbs.txt', 77,
		'Mogadishu, Banaadir, Somalia', 'SOM', 'SO02', 2.03711, 45.34375, 53654, 4, 0.9, 2,
		['PEACE'], 'Kenya''s government will visit Somalia.', 10, 50)`,
}

// Ensure that a version 1 file made by hand reads back as the store wrote it.
func TestOpenVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.duckdb")
	makeFile(t, path, schemaV1...)
	s, err := duck.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	a, err := s.Article(ctx, "k1")
	if err != nil {
		t.Fatal(err)
	}
	wantA := avocet.StoredArticle{
		Article: avocet.Article{ID: "k1", URL: "https://example.org/k1", Publisher: "Reuters", Title: "Talks", Dateline: "NAIROBI, Kenya",
			Date: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Language: "en"},
		Input: "old.jsonl", Ingested: time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC), Sentences: 4, Events: 1,
	}
	if !reflect.DeepEqual(a, wantA) {
		t.Errorf("Article(k1) =\n %+v\nwant\n %+v", a, wantA)
	}
	e, err := s.Event(ctx, "k1-2-0")
	if err != nil {
		t.Fatal(err)
	}
	wantE := avocet.StoredEvent{
		ID: "k1-2-0",
		Event: avocet.Event{
			ArticleID: "k1", Sentence: 2, Date: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC),
			Source: avocet.Actor{Code: "KENGOV", Name: "Kenya's government", Country: "KEN", Sectors: []string{"GOV"}, Canonical: "Government of Kenya", Span: avocet.Span{Start: 10, End: 30}},
			Target: avocet.Actor{Code: "SOM", Name: "Somalia", Country: "SOM", Span: avocet.Span{Start: 40, End: 47}},
			Code:   "0431", BaseCode: "043", RootCode: "04", QuadClass: 1, Goldstein: 2.8, PloverType: "CONSULT", PloverMode: "visit",
			Flags: avocet.Flags{Future: true}, Verb: avocet.Span{Start: 31, End: 39}, Rule: avocet.Rule{ID: "v0431", File: "verbs.txt", Line: 77},
			Location:   &avocet.Location{Name: "Mogadishu, Banaadir, Somalia", Country: "SOM", Admin1: "SO02", Lat: 2.03711, Lon: 45.34375, GeoNameID: 53654, Type: 4},
			Confidence: 0.9, Mentions: 2, Issues: []string{"PEACE"},
		},
		SentenceText: "Kenya's government will visit Somalia.",
		SentenceSpan: avocet.Span{Start: 10, End: 50},
	}
	if !reflect.DeepEqual(e, wantE) {
		t.Errorf("Event(k1-2-0) =\n %+v\nwant\n %+v", e, wantE)
	}
	d, err := s.Daily(ctx, avocet.EventQuery{})
	if err != nil || len(d) != 1 || d[0].Mentions != 2 || d[0].Sources != 1 {
		t.Errorf("Daily = %+v, %v", d, err)
	}
	// New articles get seq numbers after the old ones.
	res, err := s.Put(ctx, avocet.Batch{Articles: []avocet.StoredArticle{{Article: avocet.Article{ID: "k2"}}}})
	if err != nil || res.Articles != 1 {
		t.Errorf("Put into a version 1 file = %+v, %v", res, err)
	}
	// New events keep their actors' places.
	checkActorPlaces(t, s, *wantE.Location)
}

// Ensure that a file of a newer schema is refused, naming file and versions.
func TestOpenNewerVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v99.duckdb")
	makeFile(t, path, `CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TIMESTAMP NOT NULL)`,
		`INSERT INTO schema_version VALUES (1, now()::TIMESTAMP), (99, now()::TIMESTAMP)`)
	s, err := duck.Open(path, nil)
	if err == nil {
		s.Close()
		t.Fatal("Open of a version 99 file succeeded")
	}
	for _, want := range []string{path, "99", "newer"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	// The refusal released the file.
	makeFile(t, path, `SELECT 1`)
}

// Ensure that a file already open in this process cannot be opened again.
func TestOpenTwiceInProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.duckdb")
	s, err := duck.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := duck.Open(filepath.Join(filepath.Dir(path), ".", "a.duckdb"), nil)
	if err == nil {
		s2.Close()
		t.Fatal("second Open in the same process succeeded")
	}
	if !strings.Contains(err.Error(), "a.duckdb") || !strings.Contains(err.Error(), "already open") {
		t.Errorf("error %q does not name the file and say why", err)
	}
	s.Close()
	s3, err := duck.Open(path, nil) // free again after Close
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	s3.Close()
}

// Ensure that texts are kept only when asked.
func TestKeepText(t *testing.T) {
	ctx := context.Background()
	b := avocet.Batch{Articles: []avocet.StoredArticle{{Article: avocet.Article{ID: "t1", Text: "Some text."}}}}
	for _, keep := range []bool{false, true} {
		s := mustOpen(t, &duck.Options{KeepText: keep})
		if _, err := s.Put(ctx, b); err != nil {
			t.Fatal(err)
		}
		a, err := s.Article(ctx, "t1")
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]string{false: "", true: "Some text."}[keep]; a.Text != want {
			t.Errorf("KeepText %v: Text = %q, want %q", keep, a.Text, want)
		}
	}
}

func TestOpenBadOptions(t *testing.T) {
	for _, o := range []duck.Options{{Threads: -1}, {CheckpointMB: -1}} {
		if _, err := duck.Open(filepath.Join(t.TempDir(), "x.duckdb"), &o); !errors.Is(err, avocet.ErrInvalidInput) {
			t.Errorf("Open(%+v): err = %v, want ErrInvalidInput", o, err)
		}
	}
}

// columns lists table.column type of the avocet tables and views at path.
func columns(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns()
		WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var table, col, typ string
		var null bool
		if err := rows.Scan(&table, &col, &typ, &null); err != nil {
			t.Fatal(err)
		}
		out = append(out, table+"."+col+" "+typ+map[bool]string{true: "", false: " NOT NULL"}[null])
	}
	return out
}

// Ensure that the version 1 migration still makes the released schema.
func TestSchemaV1Frozen(t *testing.T) {
	dir := t.TempDir()
	v1 := filepath.Join(dir, "v1.duckdb")
	if err := duck.MigrateTo(v1, 1); err != nil {
		t.Fatal(err)
	}
	frozen := filepath.Join(dir, "frozen.duckdb")
	makeFile(t, frozen, schemaV1...)
	if got, want := columns(t, v1), columns(t, frozen); !reflect.DeepEqual(got, want) {
		t.Errorf("schema made by migration 1 differs from the released version 1:\n got %q\nwant %q", got, want)
	}
}

// Ensure that migrating a version 1 file gives the schema of a new file.
func TestSchemaMigratedIsFresh(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh.duckdb")
	s, err := duck.Open(fresh, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	old := filepath.Join(dir, "old.duckdb")
	makeFile(t, old, schemaV1...)
	s, err = duck.Open(old, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got, want := columns(t, old), columns(t, fresh); !reflect.DeepEqual(got, want) {
		t.Errorf("schema of a migrated version 1 file differs from a new file's:\n got %q\nwant %q", got, want)
	}
}

// Ensure that the events view has every column of the version 1 events
// table, with its type, in the same order (and new columns only after
// them), so that analysts' queries of version 1 files keep working.
func TestEventsViewKeepsV1Columns(t *testing.T) {
	dir := t.TempDir()
	frozen := filepath.Join(dir, "frozen.duckdb")
	makeFile(t, frozen, schemaV1...)
	fresh := filepath.Join(dir, "fresh.duckdb")
	s, err := duck.Open(fresh, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, view := range []string{"events", "daily_events"} {
		var old, now []string
		for _, c := range columns(t, frozen) {
			if strings.HasPrefix(c, view+".") {
				old = append(old, strings.TrimSuffix(c, " NOT NULL"))
			}
		}
		for _, c := range columns(t, fresh) {
			if strings.HasPrefix(c, view+".") {
				now = append(now, c)
			}
		}
		if len(now) < len(old) || !reflect.DeepEqual(now[:len(old)], old) {
			t.Errorf("%s columns of version 1 (nullability aside):\n%q\nnow\n%q", view, old, now)
		}
	}
}
