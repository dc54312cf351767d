// Package duck is the embedded avocet.Store: one DuckDB file, columnar,
// fast at aggregates, and readable directly from R, Python or the duckdb
// command line. It passes the conformance suite in store/storetest; the
// query semantics are documented in package store.
//
//	s, err := duck.Open("avocet.duckdb", &duck.Options{KeepText: true})
//
// # Schema (version 4)
//
// Analysts read three views, whose columns are stable: events (one row
// per event, every field of avocet.StoredEvent), daily_events (one row per
// day, dyad and code, as GDELT's events table) and mentions (one row per
// event as a mention of its daily event, as GDELT's mentions table); and
// the articles' knowledge (avocet.Knowledge, after GDELT's Global
// Knowledge Graph) in the article_knowledge view (tone and the whole
// knowledge as JSON) and the tables article_entities, article_themes and
// article_places, described below. The tables under the event views are
// compact: an event row holds numbers, its sentence and the IDs of rows of
// small side tables for the values that repeat (actor codes, actors, event
// types, rules, locations, issue lists).
//
// events: a view with the columns of the version 1 events table, in its
// order, then location_confidence and the places of the actors.
//
//	id                  VARCHAR   "<article_id>-<sentence>-<n>"
//	article_id          VARCHAR   articles.id
//	article_seq         BIGINT    articles.seq of the article (clusters an article's events)
//	sentence            INTEGER   index of the sentence in the article (negative for the headline)
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
//	location_confidence DOUBLE    Location.Confidence (new in version 2); NULL without a location
//	source_geo_name, source_geo_country, source_geo_admin1 VARCHAR, source_geo_lat, source_geo_lon DOUBLE,
//	source_geo_geonames_id INTEGER, source_geo_type TINYINT, source_geo_confidence DOUBLE
//	                    Source.Place, where the text puts the source (GDELT's Actor1Geo; new in
//	                    version 4), as location_*; all NULL when the source has no place
//	target_geo_*        as source_geo_*: Target.Place (GDELT's Actor2Geo)
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
// mentions: a view with one row per stored event, each a mention of a
// daily event in one article:
//
//	date, source_code, target_code, code   the key of the daily event (date is NULL for an undated event, which has none)
//	event_id       VARCHAR    events.id
//	article_id     VARCHAR    articles.id
//	publisher, url VARCHAR    the article's
//	article_date   TIMESTAMP  the article's publication time (GDELT's MentionTimeDate); NULL when unknown
//	sentence       INTEGER    index of the sentence in the article
//	source_start, source_end, target_start, target_end, verb_start, verb_end   INTEGER
//	               byte offsets of the actors and the verb in the article text
//	confidence     DOUBLE
//	mentions       INTEGER    mentions of the event in the story
//
// For example, from R (duckdb package) or Python (duckdb module), a monthly
// series, and who reported the USA-Russia events of one week:
//
//	SELECT date_trunc('month', date) AS month, sum(mentions)
//	FROM daily_events WHERE source_code = 'USA' AND target_code = 'RUS'
//	GROUP BY ALL ORDER BY 1;
//
//	SELECT d.date, d.code, d.mentions, m.publisher, m.url, m.sentence
//	FROM daily_events d JOIN mentions m USING (date, source_code, target_code, code)
//	WHERE d.source_code = 'USA' AND d.target_code = 'RUS'
//	  AND d.date BETWEEN DATE '2024-03-04' AND DATE '2024-03-10'
//	ORDER BY d.date, d.code;
//
// In Python: duckdb.connect("avocet.duckdb", read_only=True).sql(query).df();
// in R: dbGetQuery(dbConnect(duckdb::duckdb(), "avocet.duckdb", read_only = TRUE), query).
// DuckDB locks the file for the process that opens it for writing, so other
// programs can read it only while avocet does not have it open.
//
// The tables:
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
// event_rows: one row per event, in ingest order.
//
//	article_seq     BIGINT    articles.seq
//	sentence        INTEGER   as events.sentence
//	n               INTEGER   the number that ends the event ID; when that is not written
//	                          plainly (leading zeros, more than 9 digits), minus event_numbers.id
//	date            DATE
//	source_code_id  INTEGER   actor_codes.id of the source's code
//	source_actor    INTEGER   actors.id of the source
//	source_start, source_end  INTEGER
//	target_code_id, target_actor, target_start, target_end   as source_*
//	event_type      INTEGER   event_types.id
//	flags           UTINYINT  Event.Flags, bits 1 negated, 2 hypothetical, 4 future, 8 reported,
//	                          16 passive, 32 headline, 64 speculative
//	verb_start, verb_end      INTEGER
//	rule            INTEGER   rules.id
//	rule_line       INTEGER
//	location        INTEGER   locations.id; NULL without a location
//	confidence      DOUBLE
//	mentions        INTEGER
//	issues          INTEGER   issue_sets.id; NULL without issues
//	sentence_text   VARCHAR
//	sentence_start, sentence_end   INTEGER
//	source_location INTEGER   locations.id of Source.Place; NULL without a place (and for
//	                          events stored before version 4)
//	target_location INTEGER   locations.id of Target.Place, as source_location
//
// The side tables, each keyed by id INTEGER: actor_codes (code), actors
// (code, name, country, sectors VARCHAR[], canonical: an Actor but its
// span), event_types (code, base_code, root_code, quad_class, goldstein,
// plover_type, plover_mode, as the event carried them), rules (rule_id,
// file), locations (name, country, admin1, lat, lon, geonames_id, type,
// confidence), issue_sets (issues VARCHAR[]) and event_numbers (n
// VARCHAR). A value normally has one row; after 262,144 distinct values of
// a table the writer forgets them and may store a value again under a new
// ID, which the views do not show.
//
// The knowledge of articles (version 3) is in five tables keyed by
// articles.seq like event_rows, and a view. An article stored without
// knowledge has no row in any of them; one stored with empty knowledge
// has a row in article_tone and a document with empty lists.
//
// article_knowledge: a view with one row per article with knowledge.
//
//	article_id   VARCHAR  articles.id
//	article_seq  BIGINT   articles.seq
//	tone, positive, negative, polarity   DOUBLE   Knowledge.Tone
//	words        INTEGER  words the tone counted
//	knowledge    VARCHAR  the whole avocet.Knowledge (but ArticleID) as a JSON
//	                      document, which Store.Knowledge reads back
//
// The document is {"v": 1, "entities": [...], "locations": [...], "themes":
// [...], "tone": {...}, "amounts": [...], "quotations": [...], "dates":
// [...]}, each object with the fields of its Go type in lower case
// (geonames_id for GeoNameID), spans as [start, end] byte offsets, dates
// as RFC 3339 strings in UTC, NaN and infinities as the strings "NaN",
// "+Inf", "-Inf", and a list null when it was nil. DuckDB's JSON functions
// read it: json_extract_string(knowledge, '$.quotations[0].text').
//
// The view joins article_tone (article_seq, tone, positive, negative,
// polarity DOUBLE, words INTEGER) to the document put together from
// article_knowledge_parts (article_seq BIGINT, part INTEGER, text VARCHAR):
// the document cut into strings of at most 3,000 bytes, part 0 first.
// DuckDB compresses no string column in a row group that holds a string
// of 4 KiB or more, so whole documents would be stored as they are; cut,
// they take less than half the space.
//
// article_entities: one row per entity of an article (Knowledge.Entities),
// in the article's order.
//
//	article_seq  BIGINT   articles.seq
//	type         VARCHAR  PER, ORG, LOC or GPE
//	name         VARCHAR  the fullest name the article uses
//	canonical    VARCHAR  dictionary or gazetteer name; '' when unknown
//	code         VARCHAR  CAMEO actor code; '' when unknown
//	key          VARCHAR  canonical, or name when canonical is '': what TopEntities groups by (with type)
//	mentions     INTEGER  mentions of the entity in the article
//	first_in_article BOOLEAN  true on the article's first row of this type and key,
//	                          so count(*) FILTER (WHERE first_in_article) counts articles
//
// article_themes: one row per theme of an article: article_seq BIGINT,
// theme VARCHAR (its code), mentions INTEGER, first_in_article BOOLEAN
// (the article's first row of the theme).
//
// article_places: one row per place of Knowledge.Locations:
// article_seq BIGINT, then the columns of locations (name, country,
// admin1 VARCHAR, lat, lon DOUBLE, geonames_id INTEGER, type TINYINT,
// confidence DOUBLE), and rank INTEGER, the place's position in the list
// (1 is the most mentioned). Entity.Place, the place of a LOC or GPE
// entity, is only in the document.
//
// For example, the people most named in the articles of USA>RUS events
// of March 2024:
//
//	SELECT e.key, count(*) FILTER (WHERE e.first_in_article) AS articles, sum(e.mentions) AS mentions
//	FROM article_entities e
//	WHERE e.type = 'PER' AND e.article_seq IN (
//	    SELECT article_seq FROM events WHERE source_code = 'USA' AND target_code = 'RUS'
//	      AND date BETWEEN DATE '2024-03-01' AND DATE '2024-03-31')
//	GROUP BY ALL ORDER BY articles DESC LIMIT 20;
//
// ingest_errors: inputs that could not be read, broken records, articles
// that failed to code: seq BIGINT (storing order), input, record, stage,
// error VARCHAR, time TIMESTAMP (UTC).
//
// schema_version: version INTEGER PRIMARY KEY, applied TIMESTAMP; one row
// per migration applied. The current version is max(version).
//
// # Versions
//
// Open creates the schema in a new file and migrates an older one in a
// single transaction, so a failed migration leaves the file as it was. A
// file without a schema_version table is version 0. A file with a newer
// version than this package knows is refused with an error naming it.
//
// Version 1 kept every field of an event in a 51-column events table.
// Version 2 copies its distinct values into the side tables and its rows,
// in their stored order, into event_rows, drops the table and makes
// events, daily_events and mentions views. Every event reads back
// identical (testdata/v1 holds a version 1 file and what version 1 read
// from it); Location.Confidence, which version 1 did not store, is 0.
// Ten million events take 20 s to copy.
//
// Version 3 adds the knowledge tables and the article_knowledge view,
// empty: articles stored before have no knowledge.
//
// Version 4 adds the actors' places: the columns source_location and
// target_location at the end of event_rows, NULL in the rows stored
// before (whose actors read back without a place), and the events view
// again, with its columns and the source_geo_* and target_geo_* ones
// after them. Adding the columns rewrites no row: a file of ten million
// events migrates in 0.4 s (and checkpoints in 0.7 s when closed) and
// keeps its size.
//
// # Writing
//
// Put runs in one transaction. It appends the batch's articles with the
// DuckDB Appender, which joins the connection's transaction; the primary
// key of articles rejects an article already stored, in which case the
// transaction is rolled back and Put starts again after looking the
// batch's IDs up, skipping the stored ones with their events. (Looking up
// first on every batch would scan the id column each time; reruns are
// rare.) Events follow with the Appender, and then the side-table values
// that are new, the knowledge of the new articles (an Appender per
// knowledge table, rows in articles.seq order; the JSON documents are
// written before Put takes the writers' lock), the error records not
// stored yet, and the transaction commits. Nothing is buffered outside it: when Put returns nil the batch
// is in DuckDB's write-ahead log and survives the process being killed;
// when it returns an error nothing of the batch is stored.
//
// The writer remembers the IDs of side-table values (interner, read back
// when the store opens): an event's actors, type, rule, location, actors'
// places and issues cost a map lookup each, and a new value one side-table
// row. The actors' places share the locations table (and its interner)
// with the events' locations, so a place that is also an event's location
// is stored once. A Put
// that fails forgets the values it added, so no ID points at a row that
// was rolled back.
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
// Filters become SQL conditions on event_rows, joined only to the side
// tables a condition needs; Series, TopActors, TopDyads and Daily aggregate
// in SQL (date_trunc for weeks and months), grouping by IDs where they can.
// An actor pattern is first looked up in actor_codes, in the transaction
// of the query, and becomes a condition on the code ID: a constant when
// the pattern matches one code (which DuckDB filters fastest, and lets it
// skip row groups for ORDER BY date LIMIT), a semi-join with actor_codes
// when it matches several.
//
// Events are stored in ingest order, which for news is nearly date order,
// so DuckDB's zone maps on date skip old row groups. A query for one
// article's events looks up the article's seq through the primary key
// index and lets the zone maps on article_seq skip every other row group;
// Event(id) does the same with the article ID the event ID begins with.
// An Events page first finds the date of its last event and the smallest
// article_seq from that date on, reading only event_rows, then reads the
// events from that date on, joined to the articles from that seq on (to
// build the IDs and sort by them): DuckDB underestimates how few event
// rows a date bound leaves and would otherwise hash every article. Event
// and Events read event_rows and articles only and take the side-table
// values from a cache of the rows reads have looked up (side-table rows
// never change); EachEvent, which reads many events, joins all tables in
// SQL. Page cursors are base64 of (date, ID).
//
// The knowledge filters (EventQuery.Knowledge and the filter of an
// ArticleQuery) become semi-joins on the article's seq, one a field:
// e.article_seq IN (SELECT article_seq FROM article_themes WHERE theme = ?),
// and the like with article_entities and article_places. EventQuery.Place
// becomes, like an actor pattern, the IDs of the matching locations,
// looked up in the query's transaction: a constant for one, a semi-join
// with locations (which is small) for more. It is a condition on
// event_rows.location only: Place selects by Event.Location, not by the
// actors' places, whose rows may be among the IDs. Names are compared with
// contains(lower(name), ?), the query lower-cased in Go by package spec;
// user strings are always parameters of =, contains or starts_with, never
// LIKE patterns, so '%', '_' and quotes are plain text. A query without
// these filters runs the SQL it ran before version 3.
//
// An Articles page, like an Events page, first finds the day of its last
// article (ordering by the date itself, which DuckDB's top-N does fast),
// then sorts the articles from that day on by CAST(date AS DATE) DESC
// NULLS LAST, id; its event filter is a semi-join with the event rows it
// selects. TopEntities and TopThemes group article_entities (by key and
// type) or article_themes, restricted by the same conditions on
// article_seq, counting articles by first_in_article (count(DISTINCT
// article_seq) took ten times as long) and summing mentions. Knowledge(id)
// looks the article's seq up like Event and reads the parts of its
// document, whose zone maps skip the other row groups.
//
// # Performance
//
// Measured on the 2-vCPU VM with BenchmarkPut (batches of 5,000 events
// into a growing file, 25 rounds of 40,000: one 256 MiB checkpoint falls
// inside a run in both versions), the median of three runs interleaved
// with the other steps; each step adds to the one before:
//
//	                                                        CPU µs/event  events/s
//	version 1: a 51-column events table (21 VARCHAR, 3 lists)      13.0     95,000
//	  the same with GOGC=400 (a process setting, left to cmd)      11.3    103,000
//	the seven flags as one UTINYINT                                 11.5    101,000
//	sectors and issues as joined VARCHAR instead of VARCHAR[]       10.4    112,000
//	rule ID and file interned in rules (rule_line kept)              9.5    120,000
//	code, base and root code, QuadClass, Goldstein, PLOVER type
//	  and mode interned in event_types                               9.2    126,000
//	event and article ID made from article_seq, sentence, n          8.7    132,000
//	actors interned (name, country, sectors, canonical)              6.6    170,000
//	locations interned                                               5.6    195,000
//	issue lists interned in issue_sets                               5.7    197,000
//	actor codes as INTEGER IDs into actor_codes                      4.9    224,000
//	version 2 as it is (migration, views, odd event numbers)         4.9    221,000
//
// Interning made the joined VARCHAR lists moot: the side tables keep
// VARCHAR[], exactly. Interning issue lists is neutral here, where one event
// in four has issues; lists are DuckDB's dearest values, so it pays when
// more do. Tried and dropped: the sentence texts of an article
// concatenated into one BLOB with an offset and length per event (5.6 µs:
// DuckDB's cost of a string grows with its length, so fewer, longer
// strings save nothing); sentence_text as BLOB, with FSST forced or
// uncompressed (within the noise); spans packed two to a BIGINT (5.3
// against 5.5, within the noise, and an unreadable table). A sentences
// table keyed by (article, sentence) was not built: every benchmark event
// has a sentence of its own, so it would only add a key, and the gold
// corpus has 1.17 events per coded sentence, so it would save at most one
// text in seven. Nor were event_types derived from the CAMEO codebook: a
// store gives back what it was given, and callers (the benchmark among
// them) may pair a code with another QuadClass or weight.
//
// In a CPU profile, the goroutine of Put spends about 20% of its time
// building rows (two thirds of that in the interners' map lookups), 20% in
// the Appender's calls per value, 20% in its flush into the transaction
// and 40% in the commit (writing the log); checkpoints run in DuckDB's
// threads. The sentence text is about half of DuckDB's part; a number
// column costs 40-70 ns, a short string ~250 ns.
//
// Queries over 10 million events (BenchmarkSeries10M, BenchmarkQueries10M,
// ms/op, version 1 and 2 on the same machine, each twice):
//
//	                     version 1   version 2
//	Series USA>RUS          48-51        29
//	Series USAGOV>CHNGOV    33-35        21
//	Series ISR*>PSE*        32-35        35
//	Event                   3.0-3.5      2.4
//	EventsOfArticle         5.5          4.6
//	EventsNewest            6.1-6.4      6.7-7.1
//	EventsDyad              13           11
//	EventsText              25-26        26-27
//	TopActors               80-85        26-30
//	TopDyadsMonth           11           10-11
//	DailyDyad               103-111      74-76
//	Article, Has500, Stats  about the same
//
// The file of those events shrinks from 857 to 675 MB. Migrating it from
// version 1 takes 20 s; the file keeps its size (DuckDB reuses the freed
// blocks; COPY FROM DATABASE into a new file compacts it).
//
// Version 3 (knowledge) changes neither the speed of Put without knowledge
// nor that of the event queries without the new filters (the same SQL):
// interleaved runs of BenchmarkPut, version 2 against 3, gave a median of
// 142,500 and 142,000 events/s (6.9 and 6.8 CPU µs/event), and
// BenchmarkSeries10M and BenchmarkQueries10M the same times. These were
// measured on the same VM while other programs ran on it, so the numbers
// below are less steady than those above.
//
// With knowledge for every article (BenchmarkPutKnowledge: ~8 entities, 4
// themes, 3 places, a 2.7 KB document), Put stores 6,000-6,500 articles/s
// (60,000-65,000 events/s), 155-170 CPU µs an article against ~70 for its
// events alone. Writing the document takes 7.5 µs (BenchmarkEncodeKnowledge;
// encoding/json took about 16); the rest is DuckDB's: the ~15 rows of the index
// tables, and the commit, whose log holds the document. Ten million events
// with the knowledge of their million articles make a file of 2.2 GB,
// against 675 MB without: 1.2 GB of documents (2.7 GB before DuckDB's FSST
// compression, which cutting them into parts allows) and 80 MB of index
// tables.
//
// BenchmarkKnowledge10M over that file, ms/op (ranges of runs on the busy
// VM; in a quiet moment the SQL of ArticlesPerson took 72 + 62 ms):
//
//	Knowledge                          2.8-5.4   (article seq, then the document's parts)
//	ArticlesNewest                     3.5-4.8   (sorting every article: 94)
//	ArticlesTheme, ArticlesPlace       138-330
//	ArticlesPerson                     245-300
//	ArticlesDyad                       50-98
//	TopEntities (all articles)         250-295   (with count(DISTINCT article_seq): 1,700-2,200)
//	TopPeopleMonth, TopThemesMonth     11-39
//	TopPeopleDyad                      67-141
//	EventsTheme                        130-280
//	EventsPlace                        11-18     (with a semi-join instead of the ID: 94)
//	SeriesDyadTheme                    41-92
//	SeriesPlace (a third of events)    148-300
//
// Version 4 (actors' places) adds two INTEGER columns to each event row,
// which DuckDB appends, logs and checkpoints like the others. On the busy
// VM (another program holding one of the two cores), 20 interleaved runs
// of BenchmarkPut each, whose events have no actors' places, version 3
// against 4: medians of 122,000 and 120,000 events/s (ranges 87,000-157,000
// and 97,000-153,000), 7.2 and 7.8 CPU µs/event (6.4-9.2 and 6.7-8.8); run
// by run, version 4 took a median 4% more CPU, the profile putting it in
// DuckDB's flush of the Appender and the commit. BenchmarkPutPlaces, with
// places for two actors in three, stored 100,000 events/s, 9.0 CPU
// µs/event (five runs, 7.8-10.7). BenchmarkQueries10M over the migrated
// file (no places) and over one with places for two actors in three,
// against version 3, medians of ten runs in ms (ranges overlap widely):
//
//	                    version 3   version 4   version 4 with places
//	Event                 2.4         2.5         2.6
//	EventsOfArticle       5.2         5.3         5.5
//	EventsNewest          8.2         8.1         8.0
//	EventsDyad            18.5        17.9        18.6
//	EachEventDyad         1,240       1,320       1,410   (22,000 events; scanEvent is 5%)
package duck
