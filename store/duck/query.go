package duck

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/internal/spec"
)

// where builds the SQL condition of a query on the events table.
type where struct {
	prefix string // column qualifier: "" or "e."
	conds  []string
	args   []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, strings.ReplaceAll(cond, "$.", w.prefix))
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return "TRUE"
	}
	return strings.Join(w.conds, " AND ")
}

// pattern returns the condition of an actor pattern on column col, or ""
// when it matches every code.
func pattern(col string, p spec.Pattern) (string, any) {
	switch {
	case p.Prefix && p.Code == "":
		return "", nil
	case p.Prefix:
		return "starts_with(" + col + ", ?)", p.Code
	}
	return col + " = ?", p.Code
}

func (w *where) pattern(col string, p spec.Pattern) {
	if cond, arg := pattern(col, p); cond != "" {
		w.add(cond, arg)
	}
}

// filter returns the condition of q's filters.
//
// An ArticleID filter becomes a condition on article_seq too: events are
// stored in the order of their articles' seq, so DuckDB's zone maps on
// article_seq skip every row group but one or two.
func (s *Store) filter(ctx context.Context, q *spec.Query, prefix string) (*where, error) {
	w := &where{prefix: prefix}
	if q.ArticleID != "" {
		seq, ok, err := s.articleSeq(ctx, q.ArticleID)
		if err != nil {
			return nil, err
		}
		if !ok {
			w.add("FALSE")
			return w, nil
		}
		w.add("$.article_seq = ? AND $.article_id = ?", seq, q.ArticleID)
	}
	if q.HasSource {
		w.pattern("$.source_code", q.Source)
	}
	if q.HasTarget {
		w.pattern("$.target_code", q.Target)
	}
	if q.HasActor {
		if c1, a1 := pattern("$.source_code", q.Actor); c1 != "" {
			c2, a2 := pattern("$.target_code", q.Actor)
			w.add("("+c1+" OR "+c2+")", a1, a2)
		}
	}
	if q.Country != "" {
		w.add("($.source_country = ? OR $.target_country = ?)", q.Country, q.Country)
	}
	if q.Sector != "" {
		w.add("(list_contains($.source_sectors, ?) OR list_contains($.target_sectors, ?))", q.Sector, q.Sector)
	}
	if q.Code != "" {
		w.add("starts_with($.code, ?)", q.Code)
	}
	if len(q.Quad) > 0 {
		in := make([]string, len(q.Quad))
		for i, c := range q.Quad {
			in[i] = strconv.Itoa(c) // validated 1-4
		}
		w.add("$.quad_class IN (" + strings.Join(in, ", ") + ")")
	}
	if q.MinGold != nil {
		w.add("$.goldstein >= ?", *q.MinGold)
	}
	if q.MaxGold != nil {
		w.add("$.goldstein <= ?", *q.MaxGold)
	}
	if !q.From.IsZero() {
		w.add("$.date >= CAST(? AS DATE)", q.From.Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		w.add("$.date <= CAST(? AS DATE)", q.To.Format(time.DateOnly))
	}
	if q.Text != "" {
		w.add("contains(lower($.sentence_text), lower(?))", q.Text)
	}
	return w, nil
}

// articleSeq returns the seq of a stored article; ok is false when none has
// the ID. The lookup uses the primary key index of articles.
func (s *Store) articleSeq(ctx context.Context, id string) (seq int64, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT seq FROM articles WHERE id = ?`, id).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return seq, err == nil, err
}

// selectEvent lists the columns scanEvent reads.
const selectEvent = `SELECT id, article_id, sentence, date,
	source_code, source_name, source_country, source_sectors, source_canonical, source_start, source_end,
	target_code, target_name, target_country, target_sectors, target_canonical, target_start, target_end,
	code, base_code, root_code, quad_class, goldstein, plover_type, plover_mode,
	negated, hypothetical, future, reported, passive, headline, speculative,
	verb_start, verb_end, rule_id, rule_file, rule_line,
	location_name, location_country, location_admin1, location_lat, location_lon, location_geonames_id, location_type,
	confidence, mentions, issues, sentence_text, sentence_start, sentence_end
FROM events`

type scanner interface{ Scan(dest ...any) error }

// scanEvent reads a row of selectEvent.
func scanEvent(r scanner, e *avocet.StoredEvent) error {
	var (
		date                         sql.NullTime
		srcSectors, tgtSectors, iss  any
		locName, locCountry, locAdm1 sql.NullString
		locLat, locLon               sql.NullFloat64
		locID, locType               sql.NullInt64
	)
	*e = avocet.StoredEvent{}
	s, t, f := &e.Source, &e.Target, &e.Flags
	err := r.Scan(&e.ID, &e.ArticleID, &e.Sentence, &date,
		&s.Code, &s.Name, &s.Country, &srcSectors, &s.Canonical, &s.Span.Start, &s.Span.End,
		&t.Code, &t.Name, &t.Country, &tgtSectors, &t.Canonical, &t.Span.Start, &t.Span.End,
		&e.Code, &e.BaseCode, &e.RootCode, &e.QuadClass, &e.Goldstein, &e.PloverType, &e.PloverMode,
		&f.Negated, &f.Hypothetical, &f.Future, &f.Reported, &f.Passive, &f.Headline, &f.Speculative,
		&e.Verb.Start, &e.Verb.End, &e.Rule.ID, &e.Rule.File, &e.Rule.Line,
		&locName, &locCountry, &locAdm1, &locLat, &locLon, &locID, &locType,
		&e.Confidence, &e.Mentions, &iss, &e.SentenceText, &e.SentenceSpan.Start, &e.SentenceSpan.End)
	if err != nil {
		return err
	}
	if date.Valid {
		e.Date = spec.Day(date.Time.UTC())
	}
	if s.Sectors, err = strings_(srcSectors); err != nil {
		return err
	}
	if t.Sectors, err = strings_(tgtSectors); err != nil {
		return err
	}
	if e.Issues, err = strings_(iss); err != nil {
		return err
	}
	if locName.Valid {
		e.Location = &avocet.Location{Name: locName.String, Country: locCountry.String, Admin1: locAdm1.String,
			Lat: locLat.Float64, Lon: locLon.Float64, GeoNameID: int(locID.Int64), Type: int(locType.Int64)}
	}
	return nil
}

// strings_ converts a scanned VARCHAR[] value; NULL and [] give nil.
func strings_(v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("list column scanned as %T", v)
	}
	if len(l) == 0 {
		return nil, nil
	}
	out := make([]string, len(l))
	for i, x := range l {
		s, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("list element scanned as %T", x)
		}
		out[i] = s
	}
	return out, nil
}

const selectArticle = `SELECT id, url, publisher, title, dateline, date, language, coalesce(text, ''), input, ingested, sentences, events FROM articles`

func scanArticle(r scanner, a *avocet.StoredArticle) error {
	var date sql.NullTime
	*a = avocet.StoredArticle{}
	err := r.Scan(&a.ID, &a.URL, &a.Publisher, &a.Title, &a.Dateline, &date, &a.Language, &a.Text,
		&a.Input, &a.Ingested, &a.Sentences, &a.Events)
	if err != nil {
		return err
	}
	if date.Valid {
		a.Date = date.Time.UTC()
	}
	a.Ingested = a.Ingested.UTC()
	return nil
}

// Has reports which of the IDs are stored.
func (s *Store) Has(ctx context.Context, ids []string) (map[string]bool, error) {
	if err := s.check(ctx); err != nil {
		return nil, s.fail("has", err)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, s.fail("has", err)
	}
	defer conn.Close()
	m, err := queryIDs(ctx, conn, `SELECT id FROM articles WHERE id = ANY(?)`, ids)
	if err != nil {
		return nil, s.fail("has", err)
	}
	return m, nil
}

// Article returns a stored article, or an error wrapping avocet.ErrNotFound.
func (s *Store) Article(ctx context.Context, id string) (avocet.StoredArticle, error) {
	var a avocet.StoredArticle
	if err := s.check(ctx); err != nil {
		return a, s.fail("article", err)
	}
	err := scanArticle(s.db.QueryRowContext(ctx, selectArticle+` WHERE id = ?`, id), &a)
	if err != nil {
		return avocet.StoredArticle{}, errNoRows(s.fail("article "+id, err), "article", id)
	}
	return a, nil
}

// Event returns a stored event, or an error wrapping avocet.ErrNotFound.
func (s *Store) Event(ctx context.Context, id string) (avocet.StoredEvent, error) {
	var e avocet.StoredEvent
	if err := s.check(ctx); err != nil {
		return e, s.fail("event", err)
	}
	// The ID names the article ("<article>-<sentence>-<n>"), and the
	// article's seq leads to the row group of its events.
	notFound := fmt.Errorf("duck: event %s: %w", id, avocet.ErrNotFound)
	i := strings.LastIndexByte(id, '-')
	if i < 0 {
		return e, notFound
	}
	j := strings.LastIndexByte(id[:i], '-')
	if j < 0 {
		return e, notFound
	}
	seq, ok, err := s.articleSeq(ctx, id[:j])
	if err != nil {
		return e, s.fail("event "+id, err)
	}
	if !ok {
		return e, notFound
	}
	err = scanEvent(s.db.QueryRowContext(ctx, selectEvent+` WHERE article_seq = ? AND id = ?`, seq, id), &e)
	if err != nil {
		return avocet.StoredEvent{}, errNoRows(s.fail("event "+id, err), "event", id)
	}
	return e, nil
}

// Events returns a page of the events q selects, newest first.
func (s *Store) Events(ctx context.Context, q avocet.EventQuery) (avocet.EventPage, error) {
	var page avocet.EventPage
	if err := s.check(ctx); err != nil {
		return page, s.fail("events", err)
	}
	p, err := spec.Parse(q)
	if err != nil {
		return page, fmt.Errorf("duck: events: %w", err)
	}
	w, err := s.filter(ctx, &p, "")
	if err != nil {
		return page, s.fail("events", err)
	}
	if c := p.After; c != nil {
		if c.Date.IsZero() {
			w.add("(date IS NULL AND id > ?)", c.ID)
		} else {
			d := c.Date.Format(time.DateOnly)
			w.add("(date < CAST(? AS DATE) OR (date = CAST(? AS DATE) AND id > ?) OR date IS NULL)", d, d, c.ID)
		}
	}
	evs, err := s.page(ctx, w, p.Limit+1)
	if err != nil {
		return avocet.EventPage{}, s.fail("events", err)
	}
	if len(evs) > p.Limit {
		evs = evs[:p.Limit]
		last := &evs[len(evs)-1]
		page.Next = spec.Cursor{Date: last.Date, ID: last.ID}.Encode()
	}
	page.Events = evs
	return page, nil
}

// page returns the first n events that pass w in page order.
//
// Sorting whole rows of 50 columns to keep the first n is slow on a big
// table, so page first finds the date of the n-th event, reading only the
// date and the filter columns, and then sorts only the events from that
// date on. Zone maps on date skip the row groups of older news.
func (s *Store) page(ctx context.Context, w *where, n int) ([]avocet.StoredEvent, error) {
	cond, args := w.String(), w.args
	var cutoff sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT date FROM events WHERE `+cond+
		` ORDER BY date DESC NULLS LAST LIMIT 1 OFFSET `+strconv.Itoa(n-1), args...).Scan(&cutoff)
	switch {
	case errors.Is(err, sql.ErrNoRows): // fewer than n events
	case err != nil:
		return nil, err
	case cutoff.Valid:
		cond += ` AND date >= CAST(? AS DATE)`
		args = append(args[:len(args):len(args)], cutoff.Time.UTC().Format(time.DateOnly))
	}
	rows, err := s.db.QueryContext(ctx, selectEvent+` WHERE `+cond+
		` ORDER BY date DESC NULLS LAST, id LIMIT `+strconv.Itoa(n), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	evs := make([]avocet.StoredEvent, 0, n)
	for rows.Next() {
		var e avocet.StoredEvent
		if err := scanEvent(rows, &e); err != nil {
			return nil, err
		}
		evs = append(evs, e)
	}
	return evs, rows.Err()
}

// EachEvent calls fn for every event q selects: undated events first, then
// oldest first, then by ID.
func (s *Store) EachEvent(ctx context.Context, q avocet.EventQuery, fn func(*avocet.StoredEvent) error) error {
	if err := s.check(ctx); err != nil {
		return s.fail("each event", err)
	}
	q.Limit, q.Cursor = 0, ""
	p, err := spec.Parse(q)
	if err != nil {
		return fmt.Errorf("duck: each event: %w", err)
	}
	w, err := s.filter(ctx, &p, "")
	if err != nil {
		return s.fail("each event", err)
	}
	rows, err := s.db.QueryContext(ctx, selectEvent+` WHERE `+w.String()+` ORDER BY date ASC NULLS FIRST, id`, w.args...)
	if err != nil {
		return s.fail("each event", err)
	}
	defer rows.Close()
	var e avocet.StoredEvent
	for rows.Next() {
		if err := scanEvent(rows, &e); err != nil {
			return s.fail("each event", err)
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.fail("each event", err)
	}
	return nil
}

// EachArticle calls fn for every stored article in ID order.
func (s *Store) EachArticle(ctx context.Context, fn func(*avocet.StoredArticle) error) error {
	if err := s.check(ctx); err != nil {
		return s.fail("each article", err)
	}
	rows, err := s.db.QueryContext(ctx, selectArticle+` ORDER BY id`)
	if err != nil {
		return s.fail("each article", err)
	}
	defer rows.Close()
	var a avocet.StoredArticle
	for rows.Next() {
		if err := scanArticle(rows, &a); err != nil {
			return s.fail("each article", err)
		}
		if err := fn(&a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.fail("each article", err)
	}
	return nil
}

// Series returns the dated events q selects counted per bucket of width iv,
// oldest first; empty buckets are omitted. It aggregates in SQL.
func (s *Store) Series(ctx context.Context, q avocet.EventQuery, iv avocet.Interval) ([]avocet.SeriesPoint, error) {
	if err := s.check(ctx); err != nil {
		return nil, s.fail("series", err)
	}
	if err := spec.CheckInterval(iv); err != nil {
		return nil, fmt.Errorf("duck: series: %w", err)
	}
	p, err := spec.Parse(q)
	if err != nil {
		return nil, fmt.Errorf("duck: series: %w", err)
	}
	bucket := "date"
	switch iv {
	case avocet.Week:
		bucket = "CAST(date_trunc('week', date) AS DATE)"
	case avocet.Month:
		bucket = "CAST(date_trunc('month', date) AS DATE)"
	}
	w, err := s.filter(ctx, &p, "")
	if err != nil {
		return nil, s.fail("series", err)
	}
	w.add("date IS NOT NULL")
	query := `SELECT ` + bucket + ` AS start,
	count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2),
	count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4),
	count(*), avg(goldstein)
FROM events WHERE ` + w.String() + ` GROUP BY start ORDER BY start`
	rows, err := s.db.QueryContext(ctx, query, w.args...)
	if err != nil {
		return nil, s.fail("series", err)
	}
	defer rows.Close()
	var out []avocet.SeriesPoint
	for rows.Next() {
		var pt avocet.SeriesPoint
		if err := rows.Scan(&pt.Start, &pt.Quad[0], &pt.Quad[1], &pt.Quad[2], &pt.Quad[3], &pt.Events, &pt.Goldstein); err != nil {
			return nil, s.fail("series", err)
		}
		pt.Start = spec.Day(pt.Start.UTC())
		out = append(out, pt)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("series", err)
	}
	return out, nil
}

// TopActors returns the n actor codes most frequent in the events q selects;
// an event counts once for its source and once for its target code, and
// "---" and empty codes are left out. n <= 0 means 10.
func (s *Store) TopActors(ctx context.Context, q avocet.EventQuery, n int) ([]avocet.Count, error) {
	if err := s.check(ctx); err != nil {
		return nil, s.fail("top actors", err)
	}
	p, err := spec.Parse(q)
	if err != nil {
		return nil, fmt.Errorf("duck: top actors: %w", err)
	}
	w, err := s.filter(ctx, &p, "")
	if err != nil {
		return nil, s.fail("top actors", err)
	}
	cond := w.String()
	query := `SELECT code, CAST(sum(n) AS BIGINT) AS n FROM (
	SELECT source_code AS code, count(*) AS n FROM events WHERE ` + cond + ` GROUP BY source_code
	UNION ALL
	SELECT target_code AS code, count(*) AS n FROM events WHERE ` + cond + ` GROUP BY target_code
) WHERE code NOT IN ('', '---') GROUP BY code ORDER BY n DESC, code LIMIT ` + strconv.Itoa(spec.Top(n))
	return s.counts(ctx, "top actors", query, append(w.args, w.args...))
}

// TopDyads returns the n "SOURCE>TARGET" dyads most frequent in the events q
// selects, among events with both actors known. n <= 0 means 10.
func (s *Store) TopDyads(ctx context.Context, q avocet.EventQuery, n int) ([]avocet.Count, error) {
	if err := s.check(ctx); err != nil {
		return nil, s.fail("top dyads", err)
	}
	p, err := spec.Parse(q)
	if err != nil {
		return nil, fmt.Errorf("duck: top dyads: %w", err)
	}
	w, err := s.filter(ctx, &p, "")
	if err != nil {
		return nil, s.fail("top dyads", err)
	}
	w.add("source_code NOT IN ('', '---') AND target_code NOT IN ('', '---')")
	query := `SELECT source_code || '>' || target_code AS dyad, count(*) AS n FROM events WHERE ` + w.String() +
		` GROUP BY source_code, target_code ORDER BY n DESC, dyad LIMIT ` + strconv.Itoa(spec.Top(n))
	return s.counts(ctx, "top dyads", query, w.args)
}

func (s *Store) counts(ctx context.Context, op, query string, args []any) ([]avocet.Count, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.fail(op, err)
	}
	defer rows.Close()
	var out []avocet.Count
	for rows.Next() {
		var c avocet.Count
		if err := rows.Scan(&c.Key, &c.Events); err != nil {
			return nil, s.fail(op, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(op, err)
	}
	return out, nil
}

// viewOnly reports whether q filters only on columns of the daily_events
// view (date, actor codes, event code), so Daily can read the view itself.
func viewOnly(q *spec.Query) bool {
	return q.Country == "" && q.Sector == "" && len(q.Quad) == 0 && q.MinGold == nil && q.MaxGold == nil &&
		q.Text == "" && q.ArticleID == ""
}

// Daily returns the one-a-day view of the dated events q selects, newest
// day first, then by source, target and code. q.Limit > 0 caps the rows.
func (s *Store) Daily(ctx context.Context, q avocet.EventQuery) ([]avocet.DailyEvent, error) {
	if err := s.check(ctx); err != nil {
		return nil, s.fail("daily", err)
	}
	limit := q.Limit
	if limit < 0 {
		return nil, fmt.Errorf("duck: daily: negative limit: %w", avocet.ErrInvalidInput)
	}
	q.Limit, q.Cursor = 0, ""
	p, err := spec.Parse(q)
	if err != nil {
		return nil, fmt.Errorf("duck: daily: %w", err)
	}
	// The view answers filters on its own columns; other filters must apply
	// to the events before they collapse.
	prefix, from := "", "daily_events"
	if !viewOnly(&p) {
		prefix = "e."
	}
	w, err := s.filter(ctx, &p, prefix)
	if err != nil {
		return nil, s.fail("daily", err)
	}
	if prefix == "" {
		from += " WHERE " + w.String()
	} else {
		from = "(" + dailySelect(w.String()) + ")"
	}
	query := `SELECT date, source_code, target_code, code, mentions, articles, sources, goldstein, quad_class FROM ` + from
	query += ` ORDER BY date DESC, source_code, target_code, code`
	if limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(limit)
	}
	rows, err := s.db.QueryContext(ctx, query, w.args...)
	if err != nil {
		return nil, s.fail("daily", err)
	}
	defer rows.Close()
	var out []avocet.DailyEvent
	for rows.Next() {
		var d avocet.DailyEvent
		if err := rows.Scan(&d.Date, &d.Source, &d.Target, &d.Code, &d.Mentions, &d.Articles, &d.Sources, &d.Goldstein, &d.QuadClass); err != nil {
			return nil, s.fail("daily", err)
		}
		d.Date = spec.Day(d.Date.UTC())
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("daily", err)
	}
	return out, nil
}

// Errors returns up to limit error records, newest first; limit <= 0 means 100.
func (s *Store) Errors(ctx context.Context, limit int) ([]avocet.IngestError, error) {
	if err := s.check(ctx); err != nil {
		return nil, s.fail("errors", err)
	}
	if limit <= 0 {
		limit = spec.DefaultLimit
	}
	rows, err := s.db.QueryContext(ctx, `SELECT input, record, stage, error, time FROM ingest_errors ORDER BY time DESC, seq DESC LIMIT `+strconv.Itoa(limit))
	if err != nil {
		return nil, s.fail("errors", err)
	}
	defer rows.Close()
	var out []avocet.IngestError
	for rows.Next() {
		var e avocet.IngestError
		if err := rows.Scan(&e.Input, &e.Record, &e.Stage, &e.Err, &e.Time); err != nil {
			return nil, s.fail("errors", err)
		}
		e.Time = e.Time.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("errors", err)
	}
	return out, nil
}

// Stats summarises the store.
func (s *Store) Stats(ctx context.Context) (avocet.Stats, error) {
	var st avocet.Stats
	if err := s.check(ctx); err != nil {
		return st, s.fail("stats", err)
	}
	var first, last, ingest sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT
	(SELECT count(*) FROM articles), (SELECT count(*) FROM events), (SELECT count(*) FROM ingest_errors),
	(SELECT min(date) FROM events), (SELECT max(date) FROM events), (SELECT max(ingested) FROM articles),
	(SELECT max(version) FROM schema_version)`).Scan(&st.Articles, &st.Events, &st.Errors, &first, &last, &ingest, &st.SchemaVersion)
	if err != nil {
		return avocet.Stats{}, s.fail("stats", err)
	}
	if first.Valid {
		st.FirstEvent = spec.Day(first.Time.UTC())
	}
	if last.Valid {
		st.LastEvent = spec.Day(last.Time.UTC())
	}
	if ingest.Valid {
		st.LastIngest = ingest.Time.UTC()
	}
	return st, nil
}
