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
		// A later migration that changes dailySelect must recreate the view.
		`CREATE VIEW daily_events AS ` + dailySelect("TRUE"),
	}},
}

// dailySelect returns the one-a-day aggregation of the events that pass
// where, an SQL condition on events e (and articles a). The daily_events
// view is dailySelect("TRUE"); Daily adds its filters.
func dailySelect(where string) string {
	return `SELECT e.date AS date, e.source_code AS source_code, e.target_code AS target_code, e.code AS code,
	CAST(sum(e.mentions) AS BIGINT) AS mentions,
	count(DISTINCT e.article_id) AS articles,
	count(DISTINCT nullif(a.publisher, '')) AS sources,
	avg(e.goldstein) AS goldstein,
	min(e.quad_class) AS quad_class,
	count(*) AS events
FROM events e JOIN articles a ON a.id = e.article_id
WHERE e.date IS NOT NULL AND (` + where + `)
GROUP BY e.date, e.source_code, e.target_code, e.code`
}

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
