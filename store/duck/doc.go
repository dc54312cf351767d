// Package duck is the embedded avocet.Store: one DuckDB file, columnar,
// fast at aggregates, and readable directly from R, Python or the duckdb
// command line. It passes the conformance suite in store/storetest; the
// query semantics are documented in package store.
//
//	s, err := duck.Open("avocet.duckdb", &duck.Options{KeepText: true})
//
// # Schema (version 1)
//
// articles: one row per stored article.
//
//	id         VARCHAR PRIMARY KEY  Article.ID (content hash)
//	url, publisher, title, dateline, language   VARCHAR NOT NULL ('' when unknown)
//	date       TIMESTAMP            publication time, UTC; NULL when unknown
//	text       VARCHAR              the text, only with Options.KeepText; else NULL
//	input      VARCHAR              file, URL or "http" it came from
//	ingested   TIMESTAMP            when it was stored, UTC
//	sentences  INTEGER              sentences coded
//	events     INTEGER              events stored for it
//	seq        BIGINT               ingest order (1, 2, ...); events are stored in this order
//
// events: one row per event, every field of avocet.StoredEvent flattened.
//
//	id                  VARCHAR   "<article_id>-<sentence>-<n>"
//	article_id          VARCHAR   articles.id
//	article_seq         BIGINT    articles.seq of the article (clusters an article's events)
//	sentence            INTEGER   index of the sentence in the article
//	date                DATE      event day; NULL when unknown
//	source_code, source_name, source_country, source_canonical   VARCHAR ('' when unknown)
//	source_sectors      VARCHAR[] NULL when none
//	source_start, source_end      INTEGER   byte span of the actor in the article
//	target_*            as source_*
//	code, base_code, root_code    VARCHAR   CAMEO code ("0431"), its first three and two digits
//	quad_class          TINYINT   GDELT QuadClass 1-4
//	goldstein           DOUBLE    Goldstein weight
//	plover_type, plover_mode      VARCHAR
//	negated, hypothetical, future, reported, passive, headline, speculative   BOOLEAN (Event.Flags)
//	verb_start, verb_end          INTEGER   byte span of the verb in the article
//	rule_id, rule_file VARCHAR, rule_line INTEGER   the dictionary pattern that fired
//	location_name, location_country, location_admin1 VARCHAR, location_lat, location_lon DOUBLE,
//	location_geonames_id INTEGER, location_type TINYINT   all NULL when the event has no location
//	confidence          DOUBLE
//	mentions            INTEGER   mentions of the event in the story
//	issues              VARCHAR[] NULL when none
//	sentence_text       VARCHAR   the sentence the event was coded from
//	sentence_start, sentence_end  INTEGER   the sentence's byte span in the article
//
// ingest_errors: inputs that could not be read, broken records, articles
// that failed to code: seq BIGINT (storing order), input, record, stage,
// error VARCHAR, time TIMESTAMP (UTC).
//
// schema_version: version INTEGER PRIMARY KEY, applied TIMESTAMP; one row
// per migration applied. The current version is max(version).
//
// daily_events: a view with the one-a-day events, as in GDELT: dated events
// with the same (date, source_code, target_code, code) collapse into a row
// with
//
//	mentions    BIGINT   sum of events.mentions
//	articles    BIGINT   distinct articles
//	sources     BIGINT   distinct non-empty publishers
//	goldstein   DOUBLE   mean Goldstein weight
//	quad_class  TINYINT  smallest QuadClass
//	events      BIGINT   event rows collapsed
//
// For example, from R (duckdb package) or Python (duckdb module):
//
//	SELECT date_trunc('month', date) AS month, sum(mentions)
//	FROM daily_events WHERE source_code = 'USA' AND target_code = 'RUS'
//	GROUP BY ALL ORDER BY 1;
//
// DuckDB locks the file for the process that opens it for writing, so other
// programs can read it (read-only) only while avocet does not have it open.
//
// # Versions
//
// Open creates the schema in a new file and migrates an older one in a
// single transaction, so a failed migration leaves the file as it was. A
// file without a schema_version table is version 0. A file with a newer
// version than this package knows is refused with an error naming it.
//
// # Writing
//
// Put runs in one transaction. It appends the batch's articles with the
// DuckDB Appender, which joins the connection's transaction; the primary
// key of articles rejects an article already stored, in which case the
// transaction is rolled back and Put starts again after looking the
// batch's IDs up, skipping the stored ones with their events. (Looking up
// first on every batch would scan the id column each time; reruns are
// rare.) Events follow with the Appender, then the error records not
// stored yet, and the transaction commits. Nothing is buffered outside it:
// when Put returns nil the batch is in DuckDB's write-ahead log and
// survives the process being killed; when it returns an error nothing of
// the batch is stored.
//
// Writers are serialised by a mutex; readers run concurrently on other
// connections and see committed batches only. A second Open of a file that
// this or another process holds fails with an error naming the file.
//
// Checkpoints (folding the log into the file) happen when the log reaches
// Options.CheckpointMB, 256 MiB by default. DuckDB recompresses the last,
// partly filled row group of a table at every checkpoint, so its default of
// 16 MiB makes a long ingestion several times slower.
//
// # Reading
//
// Filters become SQL conditions; Series, TopActors, TopDyads and Daily
// aggregate in SQL (date_trunc for weeks and months). Events are stored in
// ingest order, which for news is nearly date order, so DuckDB's zone maps
// on date skip old row groups. A query for one article's events looks up
// the article's seq through the primary key index and lets the zone maps
// on article_seq skip every other row group; Event(id) does the same with
// the article ID the event ID begins with. An Events page first finds the
// date of its last event, reading only the date and filter columns, and
// then sorts the full rows from that date on. Page cursors are base64 of
// (date, ID).
//
// A dyad filter (source_code = 'USA' AND target_code = 'RUS') scans the two
// code columns; with ~200 distinct codes they are dictionary-compressed and
// the scan is cheap, so the events are not clustered by dyad (which would
// cost the date order that pages and date ranges need).
//
// # Performance
//
// Measured on a 2-vCPU VM (BenchmarkPut, BenchmarkSeries10M,
// BenchmarkQueries10M): Put stores about 100,000 events/s in batches of
// 5,000 (12 µs of CPU an event). DuckDB's write path costs roughly 250 ns
// for each string value and 80 ns for each number of a row, counting the
// append, the commit and the later checkpoint, so a 51-column event row
// is the bound; the Go side is about a quarter of it. Over 10 million
// events a monthly dyad Series takes ~40 ms, Event 3 ms, a newest-first
// page 6 ms, TopActors 80 ms.
package duck
