package duck

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// A migration takes a database from version-1 to version. Its statements run
// in the transaction that records the new version.
type migration struct {
	version int
	stmts   []string
}

// migrations is the ordered list of schema versions. Append to it; never
// edit a released entry, since files in the field were made by it.
var migrations = []migration{
	{version: 1, stmts: []string{
		`CREATE TABLE articles (
	id        VARCHAR PRIMARY KEY,
	url       VARCHAR NOT NULL,
	publisher VARCHAR NOT NULL,
	title     VARCHAR NOT NULL,
	dateline  VARCHAR NOT NULL,
	date      TIMESTAMP,
	language  VARCHAR NOT NULL,
	text      VARCHAR,
	input     VARCHAR NOT NULL,
	ingested  TIMESTAMP NOT NULL,
	sentences INTEGER NOT NULL,
	events    INTEGER NOT NULL,
	seq       BIGINT NOT NULL
)`,
		`CREATE TABLE events (
	id                   VARCHAR NOT NULL,
	article_id           VARCHAR NOT NULL,
	article_seq          BIGINT NOT NULL,
	sentence             INTEGER NOT NULL,
	date                 DATE,
	source_code          VARCHAR NOT NULL,
	source_name          VARCHAR NOT NULL,
	source_country       VARCHAR NOT NULL,
	source_sectors       VARCHAR[],
	source_canonical     VARCHAR NOT NULL,
	source_start         INTEGER NOT NULL,
	source_end           INTEGER NOT NULL,
	target_code          VARCHAR NOT NULL,
	target_name          VARCHAR NOT NULL,
	target_country       VARCHAR NOT NULL,
	target_sectors       VARCHAR[],
	target_canonical     VARCHAR NOT NULL,
	target_start         INTEGER NOT NULL,
	target_end           INTEGER NOT NULL,
	code                 VARCHAR NOT NULL,
	base_code            VARCHAR NOT NULL,
	root_code            VARCHAR NOT NULL,
	quad_class           TINYINT NOT NULL,
	goldstein            DOUBLE NOT NULL,
	plover_type          VARCHAR NOT NULL,
	plover_mode          VARCHAR NOT NULL,
	negated              BOOLEAN NOT NULL,
	hypothetical         BOOLEAN NOT NULL,
	future               BOOLEAN NOT NULL,
	reported             BOOLEAN NOT NULL,
	passive              BOOLEAN NOT NULL,
	headline             BOOLEAN NOT NULL,
	speculative          BOOLEAN NOT NULL,
	verb_start           INTEGER NOT NULL,
	verb_end             INTEGER NOT NULL,
	rule_id              VARCHAR NOT NULL,
	rule_file            VARCHAR NOT NULL,
	rule_line            INTEGER NOT NULL,
	location_name        VARCHAR,
	location_country     VARCHAR,
	location_admin1      VARCHAR,
	location_lat         DOUBLE,
	location_lon         DOUBLE,
	location_geonames_id INTEGER,
	location_type        TINYINT,
	confidence           DOUBLE NOT NULL,
	mentions             INTEGER NOT NULL,
	issues               VARCHAR[],
	sentence_text        VARCHAR NOT NULL,
	sentence_start       INTEGER NOT NULL,
	sentence_end         INTEGER NOT NULL
)`,
		`CREATE TABLE ingest_errors (
	seq    BIGINT NOT NULL,
	input  VARCHAR NOT NULL,
	record VARCHAR NOT NULL,
	stage  VARCHAR NOT NULL,
	error  VARCHAR NOT NULL,
	time   TIMESTAMP NOT NULL
)`,
		`CREATE VIEW daily_events AS SELECT e.date AS date, e.source_code AS source_code, e.target_code AS target_code, e.code AS code,
	CAST(sum(e.mentions) AS BIGINT) AS mentions,
	count(DISTINCT e.article_id) AS articles,
	count(DISTINCT nullif(a.publisher, '')) AS sources,
	avg(e.goldstein) AS goldstein,
	min(e.quad_class) AS quad_class,
	count(*) AS events
FROM events e JOIN articles a ON a.id = e.article_id
WHERE e.date IS NOT NULL AND (TRUE)
GROUP BY e.date, e.source_code, e.target_code, e.code`,
	}},
	{version: 2, stmts: v2},
	{version: 3, stmts: v3},
	{version: 4, stmts: v4},
}

// v2 replaces the wide events table of version 1 by event_rows, whose
// repeated strings live once in side tables, copies the events over, and
// makes events a view with the columns of the old table. Like every
// released entry of migrations, it must not be edited.
var v2 = []string{
	`CREATE TABLE actor_codes (
	id   INTEGER NOT NULL,
	code VARCHAR NOT NULL
)`,
	`CREATE TABLE actors (
	id        INTEGER NOT NULL,
	code      VARCHAR NOT NULL,
	name      VARCHAR NOT NULL,
	country   VARCHAR NOT NULL,
	sectors   VARCHAR[],
	canonical VARCHAR NOT NULL
)`,
	`CREATE TABLE event_types (
	id          INTEGER NOT NULL,
	code        VARCHAR NOT NULL,
	base_code   VARCHAR NOT NULL,
	root_code   VARCHAR NOT NULL,
	quad_class  TINYINT NOT NULL,
	goldstein   DOUBLE NOT NULL,
	plover_type VARCHAR NOT NULL,
	plover_mode VARCHAR NOT NULL
)`,
	`CREATE TABLE rules (
	id      INTEGER NOT NULL,
	rule_id VARCHAR NOT NULL,
	file    VARCHAR NOT NULL
)`,
	`CREATE TABLE locations (
	id          INTEGER NOT NULL,
	name        VARCHAR NOT NULL,
	country     VARCHAR NOT NULL,
	admin1      VARCHAR NOT NULL,
	lat         DOUBLE NOT NULL,
	lon         DOUBLE NOT NULL,
	geonames_id INTEGER NOT NULL,
	type        TINYINT NOT NULL,
	confidence  DOUBLE NOT NULL
)`,
	`CREATE TABLE issue_sets (
	id     INTEGER NOT NULL,
	issues VARCHAR[] NOT NULL
)`,
	`CREATE TABLE event_numbers (
	id INTEGER NOT NULL,
	n  VARCHAR NOT NULL
)`,
	`CREATE TABLE event_rows (
	article_seq    BIGINT NOT NULL,
	sentence       INTEGER NOT NULL,
	n              INTEGER NOT NULL,
	date           DATE,
	source_code_id INTEGER NOT NULL,
	source_actor   INTEGER NOT NULL,
	source_start   INTEGER NOT NULL,
	source_end     INTEGER NOT NULL,
	target_code_id INTEGER NOT NULL,
	target_actor   INTEGER NOT NULL,
	target_start   INTEGER NOT NULL,
	target_end     INTEGER NOT NULL,
	event_type     INTEGER NOT NULL,
	flags          UTINYINT NOT NULL,
	verb_start     INTEGER NOT NULL,
	verb_end       INTEGER NOT NULL,
	rule           INTEGER NOT NULL,
	rule_line      INTEGER NOT NULL,
	location       INTEGER,
	confidence     DOUBLE NOT NULL,
	mentions       INTEGER NOT NULL,
	issues         INTEGER,
	sentence_text  VARCHAR NOT NULL,
	sentence_start INTEGER NOT NULL,
	sentence_end   INTEGER NOT NULL
)`,
	// Copy the events of version 1: each distinct value once into its side
	// table (IDs in order of first use), then the rows in their stored
	// order, which keeps them clustered by article_seq and, nearly, date.
	`INSERT INTO actor_codes
SELECT CAST(row_number() OVER (ORDER BY first) AS INTEGER), code FROM (
	SELECT code, min(pos) AS first FROM (
		SELECT source_code AS code, 2 * rowid AS pos FROM events
		UNION ALL
		SELECT target_code, 2 * rowid + 1 FROM events
	) GROUP BY code
)`,
	`INSERT INTO actors
SELECT CAST(row_number() OVER (ORDER BY first) AS INTEGER), code, name, country, sectors, canonical FROM (
	SELECT code, name, country, sectors, canonical, min(pos) AS first FROM (
		SELECT source_code AS code, source_name AS name, source_country AS country, source_sectors AS sectors,
			source_canonical AS canonical, 2 * rowid AS pos FROM events
		UNION ALL
		SELECT target_code, target_name, target_country, target_sectors, target_canonical, 2 * rowid + 1 FROM events
	) GROUP BY code, name, country, sectors, canonical
)`,
	`INSERT INTO event_types
SELECT CAST(row_number() OVER (ORDER BY first) AS INTEGER), code, base_code, root_code, quad_class, goldstein, plover_type, plover_mode FROM (
	SELECT code, base_code, root_code, quad_class, goldstein, plover_type, plover_mode, min(rowid) AS first FROM events
	GROUP BY code, base_code, root_code, quad_class, goldstein, plover_type, plover_mode
)`,
	`INSERT INTO rules
SELECT CAST(row_number() OVER (ORDER BY first) AS INTEGER), rule_id, rule_file FROM (
	SELECT rule_id, rule_file, min(rowid) AS first FROM events GROUP BY rule_id, rule_file
)`,
	`INSERT INTO locations
SELECT CAST(row_number() OVER (ORDER BY first) AS INTEGER), location_name, location_country, location_admin1,
	location_lat, location_lon, location_geonames_id, location_type, 0 FROM (
	SELECT location_name, location_country, location_admin1, location_lat, location_lon, location_geonames_id, location_type,
		min(rowid) AS first FROM events WHERE location_name IS NOT NULL
	GROUP BY location_name, location_country, location_admin1, location_lat, location_lon, location_geonames_id, location_type
)`,
	`INSERT INTO issue_sets
SELECT CAST(row_number() OVER (ORDER BY first) AS INTEGER), issues FROM (
	SELECT issues, min(rowid) AS first FROM events WHERE issues IS NOT NULL GROUP BY issues
)`,
	// The number that ends an event ID, and whether it is plain (no
	// leading zero, at most 9 digits) and so fits event_rows.n.
	`CREATE TEMP TABLE v1_numbers AS
SELECT pos, n, length(n) BETWEEN 1 AND 9 AND regexp_full_match(n, '0|[1-9][0-9]*') AS plain FROM (
	SELECT rowid AS pos, substr(id, length(article_id) + length(CASE WHEN sentence < 0 THEN 'h' ELSE CAST(sentence AS VARCHAR) END) + 3) AS n
	FROM events
)`,
	`INSERT INTO event_numbers
SELECT CAST(row_number() OVER (ORDER BY n) AS INTEGER), n FROM (SELECT DISTINCT n FROM v1_numbers WHERE NOT plain)`,
	`INSERT INTO event_rows
SELECT e.article_seq, e.sentence, CASE WHEN v.plain THEN CAST(v.n AS INTEGER) ELSE -x.id END, e.date,
	sc.id, sa.id, e.source_start, e.source_end,
	tc.id, ta.id, e.target_start, e.target_end,
	t.id,
	CAST(CAST(e.negated AS INTEGER) + 2 * CAST(e.hypothetical AS INTEGER) + 4 * CAST(e.future AS INTEGER) +
		8 * CAST(e.reported AS INTEGER) + 16 * CAST(e.passive AS INTEGER) + 32 * CAST(e.headline AS INTEGER) +
		64 * CAST(e.speculative AS INTEGER) AS UTINYINT),
	e.verb_start, e.verb_end, r.id, e.rule_line, l.id, e.confidence, e.mentions, i.id,
	e.sentence_text, e.sentence_start, e.sentence_end
FROM events e
JOIN v1_numbers v ON v.pos = e.rowid
JOIN actor_codes sc ON sc.code = e.source_code
JOIN actor_codes tc ON tc.code = e.target_code
JOIN actors sa ON sa.code = e.source_code AND sa.name = e.source_name AND sa.country = e.source_country
	AND sa.sectors IS NOT DISTINCT FROM e.source_sectors AND sa.canonical = e.source_canonical
JOIN actors ta ON ta.code = e.target_code AND ta.name = e.target_name AND ta.country = e.target_country
	AND ta.sectors IS NOT DISTINCT FROM e.target_sectors AND ta.canonical = e.target_canonical
JOIN event_types t ON t.code = e.code AND t.base_code = e.base_code AND t.root_code = e.root_code AND t.quad_class = e.quad_class
	AND t.goldstein = e.goldstein AND t.plover_type = e.plover_type AND t.plover_mode = e.plover_mode
JOIN rules r ON r.rule_id = e.rule_id AND r.file = e.rule_file
LEFT JOIN locations l ON l.name = e.location_name AND l.country = e.location_country AND l.admin1 = e.location_admin1
	AND l.lat = e.location_lat AND l.lon = e.location_lon AND l.geonames_id = e.location_geonames_id AND l.type = e.location_type
LEFT JOIN issue_sets i ON i.issues = e.issues
LEFT JOIN event_numbers x ON x.n = v.n AND NOT v.plain
ORDER BY e.rowid`,
	`DROP TABLE v1_numbers`,
	`DROP VIEW daily_events`,
	`DROP TABLE events`,
	`CREATE VIEW events AS SELECT
	a.id || '-' || CASE WHEN e.sentence < 0 THEN 'h' ELSE CAST(e.sentence AS VARCHAR) END || '-' ||
		CASE WHEN e.n >= 0 THEN CAST(e.n AS VARCHAR) ELSE x.n END AS id,
	a.id AS article_id,
	e.article_seq AS article_seq,
	e.sentence AS sentence,
	e.date AS date,
	sc.code AS source_code,
	sa.name AS source_name,
	sa.country AS source_country,
	sa.sectors AS source_sectors,
	sa.canonical AS source_canonical,
	e.source_start AS source_start,
	e.source_end AS source_end,
	tc.code AS target_code,
	ta.name AS target_name,
	ta.country AS target_country,
	ta.sectors AS target_sectors,
	ta.canonical AS target_canonical,
	e.target_start AS target_start,
	e.target_end AS target_end,
	t.code AS code,
	t.base_code AS base_code,
	t.root_code AS root_code,
	t.quad_class AS quad_class,
	t.goldstein AS goldstein,
	t.plover_type AS plover_type,
	t.plover_mode AS plover_mode,
	e.flags & 1 <> 0 AS negated,
	e.flags & 2 <> 0 AS hypothetical,
	e.flags & 4 <> 0 AS future,
	e.flags & 8 <> 0 AS reported,
	e.flags & 16 <> 0 AS passive,
	e.flags & 32 <> 0 AS headline,
	e.flags & 64 <> 0 AS speculative,
	e.verb_start AS verb_start,
	e.verb_end AS verb_end,
	r.rule_id AS rule_id,
	r.file AS rule_file,
	e.rule_line AS rule_line,
	l.name AS location_name,
	l.country AS location_country,
	l.admin1 AS location_admin1,
	l.lat AS location_lat,
	l.lon AS location_lon,
	l.geonames_id AS location_geonames_id,
	l.type AS location_type,
	e.confidence AS confidence,
	e.mentions AS mentions,
	i.issues AS issues,
	e.sentence_text AS sentence_text,
	e.sentence_start AS sentence_start,
	e.sentence_end AS sentence_end,
	l.confidence AS location_confidence
FROM event_rows e
JOIN articles a ON a.seq = e.article_seq
JOIN actor_codes sc ON sc.id = e.source_code_id
JOIN actor_codes tc ON tc.id = e.target_code_id
JOIN actors sa ON sa.id = e.source_actor
JOIN actors ta ON ta.id = e.target_actor
JOIN event_types t ON t.id = e.event_type
JOIN rules r ON r.id = e.rule
LEFT JOIN locations l ON l.id = e.location
LEFT JOIN issue_sets i ON i.id = e.issues
LEFT JOIN event_numbers x ON x.id = -e.n`,
	`CREATE VIEW daily_events AS ` + dailyV2,
	`CREATE VIEW mentions AS SELECT
	e.date AS date,
	sc.code AS source_code,
	tc.code AS target_code,
	t.code AS code,
	a.id || '-' || CASE WHEN e.sentence < 0 THEN 'h' ELSE CAST(e.sentence AS VARCHAR) END || '-' ||
		CASE WHEN e.n >= 0 THEN CAST(e.n AS VARCHAR) ELSE x.n END AS event_id,
	a.id AS article_id,
	a.publisher AS publisher,
	a.url AS url,
	a.date AS article_date,
	e.sentence AS sentence,
	e.source_start AS source_start,
	e.source_end AS source_end,
	e.target_start AS target_start,
	e.target_end AS target_end,
	e.verb_start AS verb_start,
	e.verb_end AS verb_end,
	e.confidence AS confidence,
	e.mentions AS mentions
FROM event_rows e
JOIN articles a ON a.seq = e.article_seq
JOIN actor_codes sc ON sc.id = e.source_code_id
JOIN actor_codes tc ON tc.id = e.target_code_id
JOIN event_types t ON t.id = e.event_type
LEFT JOIN event_numbers x ON x.id = -e.n`,
}

// v3 adds the knowledge of articles: its tone in article_tone, the whole
// avocet.Knowledge as a JSON document cut into article_knowledge_parts
// (which the article_knowledge view puts together again), and its
// entities, themes and places in tables of their own, which queries filter
// and count on. Every table is keyed by articles.seq, like event_rows, and
// written in its order. Like every released entry of migrations, it must
// not be edited once released.
var v3 = []string{
	`CREATE TABLE article_tone (
	article_seq BIGINT NOT NULL,
	tone        DOUBLE NOT NULL,
	positive    DOUBLE NOT NULL,
	negative    DOUBLE NOT NULL,
	polarity    DOUBLE NOT NULL,
	words       INTEGER NOT NULL
)`,
	`CREATE TABLE article_knowledge_parts (
	article_seq BIGINT NOT NULL,
	part        INTEGER NOT NULL,
	text        VARCHAR NOT NULL
)`,
	`CREATE TABLE article_entities (
	article_seq BIGINT NOT NULL,
	type        VARCHAR NOT NULL,
	name        VARCHAR NOT NULL,
	canonical   VARCHAR NOT NULL,
	code        VARCHAR NOT NULL,
	key         VARCHAR NOT NULL,
	mentions    INTEGER NOT NULL,
	first_in_article BOOLEAN NOT NULL
)`,
	`CREATE TABLE article_themes (
	article_seq BIGINT NOT NULL,
	theme       VARCHAR NOT NULL,
	mentions    INTEGER NOT NULL,
	first_in_article BOOLEAN NOT NULL
)`,
	`CREATE TABLE article_places (
	article_seq BIGINT NOT NULL,
	name        VARCHAR NOT NULL,
	country     VARCHAR NOT NULL,
	admin1      VARCHAR NOT NULL,
	lat         DOUBLE NOT NULL,
	lon         DOUBLE NOT NULL,
	geonames_id INTEGER NOT NULL,
	type        TINYINT NOT NULL,
	confidence  DOUBLE NOT NULL,
	rank        INTEGER NOT NULL
)`,
	`CREATE VIEW article_knowledge AS SELECT
	a.id AS article_id,
	t.article_seq AS article_seq,
	t.tone AS tone,
	t.positive AS positive,
	t.negative AS negative,
	t.polarity AS polarity,
	t.words AS words,
	d.knowledge AS knowledge
FROM article_tone t
JOIN articles a ON a.seq = t.article_seq
JOIN (SELECT article_seq, string_agg(text, '' ORDER BY part) AS knowledge FROM article_knowledge_parts GROUP BY article_seq) d
	ON d.article_seq = t.article_seq`,
}

// v4 adds the actors' places (Actor.Place, GDELT's Actor1Geo and
// Actor2Geo): event_rows.source_location and target_location, IDs of
// locations rows like event_rows.location, NULL for the events stored
// before, and the events view again, with the columns it had and the
// places' after them. daily_events and mentions read event_rows' other
// columns and stay as they are. Like every released entry of migrations,
// it must not be edited once released.
var v4 = []string{
	`ALTER TABLE event_rows ADD COLUMN source_location INTEGER`,
	`ALTER TABLE event_rows ADD COLUMN target_location INTEGER`,
	`CREATE OR REPLACE VIEW events AS SELECT
	a.id || '-' || CASE WHEN e.sentence < 0 THEN 'h' ELSE CAST(e.sentence AS VARCHAR) END || '-' ||
		CASE WHEN e.n >= 0 THEN CAST(e.n AS VARCHAR) ELSE x.n END AS id,
	a.id AS article_id,
	e.article_seq AS article_seq,
	e.sentence AS sentence,
	e.date AS date,
	sc.code AS source_code,
	sa.name AS source_name,
	sa.country AS source_country,
	sa.sectors AS source_sectors,
	sa.canonical AS source_canonical,
	e.source_start AS source_start,
	e.source_end AS source_end,
	tc.code AS target_code,
	ta.name AS target_name,
	ta.country AS target_country,
	ta.sectors AS target_sectors,
	ta.canonical AS target_canonical,
	e.target_start AS target_start,
	e.target_end AS target_end,
	t.code AS code,
	t.base_code AS base_code,
	t.root_code AS root_code,
	t.quad_class AS quad_class,
	t.goldstein AS goldstein,
	t.plover_type AS plover_type,
	t.plover_mode AS plover_mode,
	e.flags & 1 <> 0 AS negated,
	e.flags & 2 <> 0 AS hypothetical,
	e.flags & 4 <> 0 AS future,
	e.flags & 8 <> 0 AS reported,
	e.flags & 16 <> 0 AS passive,
	e.flags & 32 <> 0 AS headline,
	e.flags & 64 <> 0 AS speculative,
	e.verb_start AS verb_start,
	e.verb_end AS verb_end,
	r.rule_id AS rule_id,
	r.file AS rule_file,
	e.rule_line AS rule_line,
	l.name AS location_name,
	l.country AS location_country,
	l.admin1 AS location_admin1,
	l.lat AS location_lat,
	l.lon AS location_lon,
	l.geonames_id AS location_geonames_id,
	l.type AS location_type,
	e.confidence AS confidence,
	e.mentions AS mentions,
	i.issues AS issues,
	e.sentence_text AS sentence_text,
	e.sentence_start AS sentence_start,
	e.sentence_end AS sentence_end,
	l.confidence AS location_confidence,
	sl.name AS source_geo_name,
	sl.country AS source_geo_country,
	sl.admin1 AS source_geo_admin1,
	sl.lat AS source_geo_lat,
	sl.lon AS source_geo_lon,
	sl.geonames_id AS source_geo_geonames_id,
	sl.type AS source_geo_type,
	sl.confidence AS source_geo_confidence,
	tl.name AS target_geo_name,
	tl.country AS target_geo_country,
	tl.admin1 AS target_geo_admin1,
	tl.lat AS target_geo_lat,
	tl.lon AS target_geo_lon,
	tl.geonames_id AS target_geo_geonames_id,
	tl.type AS target_geo_type,
	tl.confidence AS target_geo_confidence
FROM event_rows e
JOIN articles a ON a.seq = e.article_seq
JOIN actor_codes sc ON sc.id = e.source_code_id
JOIN actor_codes tc ON tc.id = e.target_code_id
JOIN actors sa ON sa.id = e.source_actor
JOIN actors ta ON ta.id = e.target_actor
JOIN event_types t ON t.id = e.event_type
JOIN rules r ON r.id = e.rule
LEFT JOIN locations l ON l.id = e.location
LEFT JOIN locations sl ON sl.id = e.source_location
LEFT JOIN locations tl ON tl.id = e.target_location
LEFT JOIN issue_sets i ON i.id = e.issues
LEFT JOIN event_numbers x ON x.id = -e.n`,
}

// dailyV2 is the daily_events view of version 2: dailySelect(TRUE, 0) when
// version 2 was released.
const dailyV2 = `SELECT e.date AS date, sc.code AS source_code, tc.code AS target_code, t.code AS code,
	CAST(sum(e.mentions) AS BIGINT) AS mentions,
	count(DISTINCT e.article_seq) AS articles,
	count(DISTINCT nullif(a.publisher, '')) AS sources,
	avg(t.goldstein) AS goldstein,
	min(t.quad_class) AS quad_class,
	count(*) AS events
FROM event_rows e
JOIN articles a ON a.seq = e.article_seq
JOIN actor_codes sc ON sc.id = e.source_code_id
JOIN actor_codes tc ON tc.id = e.target_code_id
JOIN event_types t ON t.id = e.event_type
WHERE e.date IS NOT NULL AND (TRUE)
GROUP BY e.date, sc.code, tc.code, t.code`

// SchemaVersion is the schema version this package writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

// schemaVersion returns the version of the schema in db: 0 for a database
// without a schema_version table.
func schemaVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version' AND schema_name = 'main'`).Scan(&n)
	if err != nil || n == 0 {
		return 0, err
	}
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT max(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, err
	}
	return int(v.Int64), nil
}

// migrate brings the database at path up to the last version of list, in
// one transaction. A database newer than list is an error.
func migrate(ctx context.Context, db *sql.DB, path string, list []migration) (err error) {
	latest := list[len(list)-1].version
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	cur, err := schemaVersion(ctx, conn)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	switch {
	case cur > latest:
		return fmt.Errorf("%s has schema version %d, newer than the %d this program knows: use a newer avocet", path, cur, latest)
	case cur == latest:
		_, err = conn.ExecContext(ctx, "COMMIT")
		return err
	}
	if cur == 0 {
		if _, err := conn.ExecContext(ctx, `CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TIMESTAMP NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_version: %w", err)
		}
	}
	for _, m := range list {
		if m.version <= cur {
			continue
		}
		for _, stmt := range m.stmts {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("migrate %s to version %d: %w", path, m.version, err)
			}
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO schema_version VALUES (?, ?)`, m.version, time.Now().UTC()); err != nil {
			return fmt.Errorf("migrate %s to version %d: %w", path, m.version, err)
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("migrate %s: commit: %w", path, err)
	}
	return nil
}
