package duck

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/internal/spec"
)

// where builds the SQL condition of a query on event_rows e. Conditions on
// fields kept in side tables need their joins: event_types t, actors sa
// (source) and ta (target).
type where struct {
	conds  []string
	args   []any
	types  bool // needs event_types t
	actors bool // needs actors sa and ta
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return "TRUE"
	}
	return strings.Join(w.conds, " AND ")
}

// from returns event_rows e joined to the side tables the condition needs.
func (w *where) from() string {
	from := "event_rows e"
	if w.types {
		from += " JOIN event_types t ON t.id = e.event_type"
	}
	if w.actors {
		from += " JOIN actors sa ON sa.id = e.source_actor JOIN actors ta ON ta.id = e.target_actor"
	}
	return from
}

// clone returns a copy of w that add does not share with w.
func (w *where) clone() *where {
	c := *w
	c.conds = slices.Clip(c.conds)
	c.args = slices.Clip(c.args)
	return &c
}

// codes is an actor pattern with the IDs of the actor codes it matches.
type codes struct {
	p   spec.Pattern
	ids []int32
}

// cond returns the condition that col, a column of actor_codes IDs, is one
// of the IDs. DuckDB filters fastest on a constant, which also lets it skip
// row groups for ORDER BY ... LIMIT; for several IDs a semi-join with
// actor_codes is faster than a list of constants.
func (c *codes) cond(col string) (string, []any) {
	switch {
	case len(c.ids) == 0:
		return "FALSE", nil
	case len(c.ids) == 1:
		return col + " = " + strconv.Itoa(int(c.ids[0])), nil
	case c.p.Prefix:
		return col + " IN (SELECT id FROM actor_codes WHERE starts_with(code, ?))", []any{c.p.Code}
	}
	return col + " IN (SELECT id FROM actor_codes WHERE code = ?)", []any{c.p.Code}
}

// queryer runs queries: the *sql.DB, or a *sql.Tx when several queries
// must see one snapshot.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader returns where the queries of q run, and a function to call when
// they are done. A query with actor patterns or a place runs in a
// transaction: they become lists of actor_codes or locations IDs (which
// DuckDB filters on much faster than on a join), and the lists must be of
// the snapshot the query reads.
func (s *Store) reader(ctx context.Context, q *avocet.EventQuery) (queryer, func(), error) {
	if q.Source == "" && q.Target == "" && q.Actor == "" && q.Place == "" {
		return s.db, func() {}, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	return tx, func() { tx.Rollback() }, nil
}

// query is a parsed EventQuery with its article, if it names one, its
// actor patterns and its place looked up.
type query struct {
	spec.Query
	seq                      int64   // articles.seq of ArticleID
	missing                  bool    // ArticleID names no stored article
	sources, targets, actors *codes  // the actor patterns; nil when they match any code
	places                   []int32 // IDs of the locations Place names
}

// parse parses q and looks up its article, actor patterns and place in rq
// (see reader).
func (s *Store) parse(ctx context.Context, rq queryer, q avocet.EventQuery) (query, error) {
	p, err := spec.Parse(q)
	if err != nil {
		return query{}, err
	}
	return resolve(ctx, rq, p)
}

// resolve looks up the article, actor patterns and place of p in rq.
func resolve(ctx context.Context, rq queryer, p spec.Query) (query, error) {
	r := query{Query: p}
	if p.ArticleID != "" {
		var ok bool
		var err error
		if r.seq, ok, err = articleSeq(ctx, rq, p.ArticleID); err != nil {
			return query{}, fmt.Errorf("look up article: %w", err)
		}
		r.missing = !ok
	}
	for _, x := range []struct {
		has bool
		p   spec.Pattern
		c   **codes
	}{{p.HasSource, p.Source, &r.sources}, {p.HasTarget, p.Target, &r.targets}, {p.HasActor, p.Actor, &r.actors}} {
		if x.has && !(x.p.Prefix && x.p.Code == "") {
			ids, err := codeIDs(ctx, rq, x.p)
			if err != nil {
				return query{}, fmt.Errorf("look up actor codes: %w", err)
			}
			*x.c = &codes{x.p, ids}
		}
	}
	if p.Place != "" {
		cond, args := placeCond(p.Place)
		ids, err := queryIDs32(ctx, rq, `SELECT id FROM locations WHERE `+cond+` ORDER BY id`, args...)
		if err != nil {
			return query{}, fmt.Errorf("look up places: %w", err)
		}
		r.places = ids
	}
	return r, nil
}

// codeIDs returns the IDs of the actor codes that p matches.
func codeIDs(ctx context.Context, rq queryer, p spec.Pattern) ([]int32, error) {
	cond := "code = ?"
	if p.Prefix {
		cond = "starts_with(code, ?)"
	}
	return queryIDs32(ctx, rq, `SELECT id FROM actor_codes WHERE `+cond+` ORDER BY id`, p.Code)
}

// queryIDs32 returns the IDs a query of one INTEGER column gives.
func queryIDs32(ctx context.Context, rq queryer, query string, args ...any) ([]int32, error) {
	rows, err := rq.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := []int32{}
	for rows.Next() {
		var id int32
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// where returns the condition of q's filters.
//
// An ArticleID filter becomes a condition on article_seq: events are stored
// in the order of their articles' seq, so DuckDB's zone maps on
// article_seq skip every row group but one or two.
func (q *query) where() *where {
	w := &where{}
	if q.ArticleID != "" {
		if q.missing {
			w.add("FALSE")
			return w
		}
		w.add("e.article_seq = ?", q.seq)
	}
	if c := q.sources; c != nil {
		cond, args := c.cond("e.source_code_id")
		w.add(cond, args...)
	}
	if c := q.targets; c != nil {
		cond, args := c.cond("e.target_code_id")
		w.add(cond, args...)
	}
	if c := q.actors; c != nil {
		c1, a1 := c.cond("e.source_code_id")
		c2, a2 := c.cond("e.target_code_id")
		w.add("("+c1+" OR "+c2+")", append(a1, a2...)...)
	}
	if q.Country != "" {
		w.add("(sa.country = ? OR ta.country = ?)", q.Country, q.Country)
		w.actors = true
	}
	if q.Sector != "" {
		w.add("(list_contains(sa.sectors, ?) OR list_contains(ta.sectors, ?))", q.Sector, q.Sector)
		w.actors = true
	}
	if q.Code != "" {
		w.add("starts_with(t.code, ?)", q.Code)
		w.types = true
	}
	if len(q.Quad) > 0 {
		in := make([]string, len(q.Quad))
		for i, c := range q.Quad {
			in[i] = strconv.Itoa(c) // validated 1-4
		}
		w.add("t.quad_class IN (" + strings.Join(in, ", ") + ")")
		w.types = true
	}
	if q.MinGold != nil {
		w.add("t.goldstein >= ?", *q.MinGold)
		w.types = true
	}
	if q.MaxGold != nil {
		w.add("t.goldstein <= ?", *q.MaxGold)
		w.types = true
	}
	if !q.From.IsZero() {
		w.add("e.date >= CAST(? AS DATE)", q.From.Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		w.add("e.date <= CAST(? AS DATE)", q.To.Format(time.DateOnly))
	}
	if q.Text != "" {
		w.add("contains(lower(e.sentence_text), lower(?))", q.Text)
	}
	if q.Place != "" {
		// As for actor codes: a constant for one location (a place
		// named by a whole name), a semi-join with locations for more.
		switch len(q.places) {
		case 0:
			w.add("FALSE")
		case 1:
			w.add("e.location = " + strconv.Itoa(int(q.places[0])))
		default:
			cond, args := placeCond(q.Place)
			w.add("e.location IN (SELECT id FROM locations WHERE "+cond+")", args...)
		}
	}
	knows(w, "e.article_seq", &q.Knowledge)
	return w
}

// placeCond returns the condition that a row of locations or article_places
// is the place a query names (spec.MatchPlace): its full name contains the
// query or its country is the query, ignoring case.
func placeCond(place string) (string, []any) {
	lower := strings.ToLower(place)
	return "(lower(country) = ? OR contains(lower(name), ?))", []any{lower, lower}
}

// nameCond is the condition that an article_entities row's name or
// canonical name contains a lower-case query (spec.NameMatch); an empty
// name contains no query, since queries are never empty.
const nameCond = "(contains(lower(name), ?) OR contains(lower(canonical), ?))"

// knows adds to w the conditions of f (spec.Filter.Match) on col, an
// expression of articles.seq: semi-joins with the knowledge tables. User
// strings are parameters of contains, starts_with and =, never patterns,
// so '%' and '_' are plain characters.
func knows(w *where, col string, f *spec.Filter) {
	if f.HasTheme {
		if f.Theme.Prefix {
			w.add(col+" IN (SELECT article_seq FROM article_themes WHERE starts_with(theme, ?))", f.Theme.Code)
		} else {
			w.add(col+" IN (SELECT article_seq FROM article_themes WHERE theme = ?)", f.Theme.Code)
		}
	}
	for _, x := range []struct{ typ, name string }{{"PER", f.Person}, {"ORG", f.Org}, {"", f.Entity}} {
		if x.name == "" {
			continue
		}
		if x.typ == "" {
			w.add(col+" IN (SELECT article_seq FROM article_entities WHERE "+nameCond+")", x.name, x.name)
		} else {
			w.add(col+" IN (SELECT article_seq FROM article_entities WHERE type = ? AND "+nameCond+")", x.typ, x.name, x.name)
		}
	}
	if f.Place != "" {
		cond, args := placeCond(f.Place)
		w.add("("+col+" IN (SELECT article_seq FROM article_places WHERE "+cond+") OR "+
			col+" IN (SELECT article_seq FROM article_entities WHERE type IN ('LOC', 'GPE') AND contains(lower(name), ?)))",
			append(args, strings.ToLower(f.Place))...)
	}
}

// articleSeq returns the seq of a stored article; ok is false when none has
// the ID. The lookup uses the primary key index of articles.
func articleSeq(ctx context.Context, rq queryer, id string) (seq int64, ok bool, err error) {
	err = rq.QueryRowContext(ctx, `SELECT seq FROM articles WHERE id = ?`, id).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return seq, err == nil, err
}

// eventID is the SQL expression of the ID of event e of article a;
// event_numbers x holds the numbers that event_rows.n cannot.
const eventID = `a.id || '-' || CASE WHEN e.sentence < 0 THEN 'h' ELSE CAST(e.sentence AS VARCHAR) END || '-' ||
	CASE WHEN e.n >= 0 THEN CAST(e.n AS VARCHAR) ELSE x.n END`

// selectEvents returns the query of the columns scanEvent reads, the
// columns of the events view, from event_rows e and every side table. The
// condition articles is on a.seq: DuckDB estimates few rows of event_rows
// poorly and would otherwise hash every article to label a page of
// events, while a bound on a.seq lets it read only the articles the events
// can belong to.
func selectEvents(articles string) string {
	return `SELECT ` + eventID + ` AS id, a.id, e.sentence, e.date AS date,
	sc.code, sa.name, sa.country, sa.sectors, sa.canonical, e.source_start, e.source_end,
	tc.code, ta.name, ta.country, ta.sectors, ta.canonical, e.target_start, e.target_end,
	t.code, t.base_code, t.root_code, t.quad_class, t.goldstein, t.plover_type, t.plover_mode, e.flags,
	e.verb_start, e.verb_end, r.rule_id, r.file, e.rule_line,
	l.name, l.country, l.admin1, l.lat, l.lon, l.geonames_id, l.type, l.confidence,
	e.confidence, e.mentions, i.issues, e.sentence_text, e.sentence_start, e.sentence_end,
	sl.name, sl.country, sl.admin1, sl.lat, sl.lon, sl.geonames_id, sl.type, sl.confidence,
	tl.name, tl.country, tl.admin1, tl.lat, tl.lon, tl.geonames_id, tl.type, tl.confidence
FROM event_rows e
JOIN articles a ON a.seq = e.article_seq AND ` + articles + `
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
LEFT JOIN event_numbers x ON x.id = -e.n`
}

type scanner interface{ Scan(dest ...any) error }

// nullLocation scans the columns of a LEFT JOIN of locations, all NULL
// when the event has no such location.
type nullLocation struct {
	name, country, admin1 sql.NullString
	lat, lon, confidence  sql.NullFloat64
	geonames, typ         sql.NullInt64
}

// dest appends the scan destinations of name, country, admin1, lat, lon,
// geonames_id, type and confidence to d.
func (l *nullLocation) dest(d []any) []any {
	return append(d, &l.name, &l.country, &l.admin1, &l.lat, &l.lon, &l.geonames, &l.typ, &l.confidence)
}

// location returns the scanned location, or nil if the columns were NULL
// (locations.name is NOT NULL).
func (l *nullLocation) location() *avocet.Location {
	if !l.name.Valid {
		return nil
	}
	return &avocet.Location{Name: l.name.String, Country: l.country.String, Admin1: l.admin1.String,
		Lat: l.lat.Float64, Lon: l.lon.Float64, GeoNameID: int(l.geonames.Int64), Type: int(l.typ.Int64), Confidence: l.confidence.Float64}
}

// scanEvent reads a row of selectEvents.
func scanEvent(r scanner, e *avocet.StoredEvent) error {
	var (
		date                        sql.NullTime
		srcSectors, tgtSectors, iss any
		loc, srcPlace, tgtPlace     nullLocation
		flags                       uint8
	)
	*e = avocet.StoredEvent{}
	s, t := &e.Source, &e.Target
	// The 61 columns of selectEvents.
	dest := append(make([]any, 0, 61), &e.ID, &e.ArticleID, &e.Sentence, &date,
		&s.Code, &s.Name, &s.Country, &srcSectors, &s.Canonical, &s.Span.Start, &s.Span.End,
		&t.Code, &t.Name, &t.Country, &tgtSectors, &t.Canonical, &t.Span.Start, &t.Span.End,
		&e.Code, &e.BaseCode, &e.RootCode, &e.QuadClass, &e.Goldstein, &e.PloverType, &e.PloverMode,
		&flags, &e.Verb.Start, &e.Verb.End, &e.Rule.ID, &e.Rule.File, &e.Rule.Line)
	dest = loc.dest(dest)
	dest = append(dest, &e.Confidence, &e.Mentions, &iss, &e.SentenceText, &e.SentenceSpan.Start, &e.SentenceSpan.End)
	dest = tgtPlace.dest(srcPlace.dest(dest))
	err := r.Scan(dest...)
	if err != nil {
		return err
	}
	if date.Valid {
		e.Date = spec.Day(date.Time.UTC())
	}
	e.Flags = flagsOf(flags)
	if s.Sectors, err = strings_(srcSectors); err != nil {
		return err
	}
	if t.Sectors, err = strings_(tgtSectors); err != nil {
		return err
	}
	if e.Issues, err = strings_(iss); err != nil {
		return err
	}
	e.Location, s.Place, t.Place = loc.location(), srcPlace.location(), tgtPlace.location()
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
	// The rest of the ID gives the sentence and event number, so the
	// event is read from event_rows alone.
	article, sentence, n := id[:j], id[j+1:i], id[i+1:]
	cond, args := "e.sentence < 0", []any{id, article}
	if sentence != "h" {
		v, err := strconv.Atoi(sentence)
		if err != nil || strconv.Itoa(v) != sentence || v < 0 {
			return e, notFound
		}
		cond, args = "e.sentence = ?", append(args, v)
	}
	if n == "" || strings.Trim(n, "0123456789") != "" {
		return e, notFound
	}
	if v, ok := plainNumber(n); ok {
		cond, args = cond+" AND e.n = ?", append(args, v)
	} else {
		cond, args = cond+" AND e.n IN (SELECT -id FROM event_numbers WHERE n = ?)", append(args, n)
	}
	seq, ok, err := articleSeq(ctx, s.db, article)
	if err != nil {
		return e, s.fail("event "+id, err)
	}
	if !ok {
		return e, notFound
	}
	evs, err := s.queryRefs(ctx, s.db, `SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), `+refColumns+`
FROM event_rows e WHERE e.article_seq = ? AND `+cond, append(args[:2:2], append([]any{seq}, args[2:]...)...)...)
	switch {
	case err != nil:
		return e, s.fail("event "+id, err)
	case len(evs) == 0:
		return e, notFound
	}
	return evs[0], nil
}

// Events returns a page of the events q selects, newest first.
func (s *Store) Events(ctx context.Context, q avocet.EventQuery) (avocet.EventPage, error) {
	var page avocet.EventPage
	if err := s.check(ctx); err != nil {
		return page, s.fail("events", err)
	}
	rq, done, err := s.reader(ctx, &q)
	if err != nil {
		return page, s.fail("events", err)
	}
	defer done()
	p, err := s.parse(ctx, rq, q)
	if err != nil {
		return page, s.fail("events", err)
	}
	evs, err := s.page(ctx, rq, &p, p.Limit+1)
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

// page returns the first n events that q selects in page order.
//
// Sorting (and joining) whole rows to keep the first n is slow on a big
// table, so page first finds the date of the n-th event, reading only
// event_rows' date and filter columns, and the smallest article_seq of the
// events from that date on; then it joins and sorts only those events. Zone
// maps on date and article_seq skip the row groups of older news, in
// event_rows and in articles.
//
// The event ID is not a column of event_rows, so the first query leaves
// out the events of the cursor's day: the n-th of the others is no later
// than the n-th of all, and the date bound keeps every event the page
// needs. The article_seq bound is found without the cursor, for the same
// reason, and holds for events stored meanwhile, which have larger seqs.
func (s *Store) page(ctx context.Context, rq queryer, q *query, n int) ([]avocet.StoredEvent, error) {
	w := q.where()
	rows := w.clone()
	cutoff := w.clone()
	findCutoff := true
	if c := q.After; c != nil {
		if c.Date.IsZero() {
			rows.add("(e.date IS NULL AND "+eventID+" > ?)", c.ID)
			findCutoff = false // only undated events follow
		} else {
			d := c.Date.Format(time.DateOnly)
			rows.add("(e.date < CAST(? AS DATE) OR (e.date = CAST(? AS DATE) AND "+eventID+" > ?) OR e.date IS NULL)", d, d, c.ID)
			cutoff.add("(e.date < CAST(? AS DATE) OR e.date IS NULL)", d)
		}
	}
	articles := "TRUE"
	var args []any
	if q.ArticleID != "" && !q.missing {
		articles, args = "a.seq = ?", []any{q.seq}
	} else if findCutoff {
		var day sql.NullTime
		var seq sql.NullInt64
		err := rq.QueryRowContext(ctx, `WITH c AS (
	SELECT e.date FROM `+cutoff.from()+` WHERE `+cutoff.String()+` ORDER BY e.date DESC NULLS LAST LIMIT 1 OFFSET `+strconv.Itoa(n-1)+`
)
SELECT c.date, min(x.seq) FROM c, (SELECT e.date, e.article_seq AS seq FROM `+w.from()+` WHERE `+w.String()+`) x
WHERE x.date >= c.date GROUP BY c.date`,
			append(slices.Clip(cutoff.args), w.args...)...).Scan(&day, &seq)
		switch {
		case errors.Is(err, sql.ErrNoRows): // fewer than n events, or the n-th is undated
		case err != nil:
			return nil, err
		case day.Valid:
			rows.add("e.date >= CAST(? AS DATE)", day.Time.UTC().Format(time.DateOnly))
			if seq.Valid {
				articles, args = "a.seq >= ?", []any{seq.Int64}
			}
		}
	}
	return s.queryRefs(ctx, rq, selectRefs(rows, articles)+` WHERE `+rows.String()+
		` ORDER BY e.date DESC NULLS LAST, id LIMIT `+strconv.Itoa(n), append(args, rows.args...)...)
}

// EachEvent calls fn for every event q selects: undated events first, then
// oldest first, then by ID.
func (s *Store) EachEvent(ctx context.Context, q avocet.EventQuery, fn func(*avocet.StoredEvent) error) error {
	if err := s.check(ctx); err != nil {
		return s.fail("each event", err)
	}
	q.Limit, q.Cursor = 0, ""
	rq, done, err := s.reader(ctx, &q)
	if err != nil {
		return s.fail("each event", err)
	}
	defer done()
	p, err := s.parse(ctx, rq, q)
	if err != nil {
		return s.fail("each event", err)
	}
	w := p.where()
	articles := "TRUE"
	var args []any
	if p.ArticleID != "" && !p.missing {
		articles, args = "a.seq = ?", []any{p.seq}
	}
	rows, err := rq.QueryContext(ctx, selectEvents(articles)+` WHERE `+w.String()+` ORDER BY e.date ASC NULLS FIRST, id`,
		append(args, w.args...)...)
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
	rq, done, err := s.reader(ctx, &q)
	if err != nil {
		return nil, s.fail("series", err)
	}
	defer done()
	p, err := s.parse(ctx, rq, q)
	if err != nil {
		return nil, s.fail("series", err)
	}
	bucket := "e.date"
	switch iv {
	case avocet.Week:
		bucket = "CAST(date_trunc('week', e.date) AS DATE)"
	case avocet.Month:
		bucket = "CAST(date_trunc('month', e.date) AS DATE)"
	}
	w := p.where()
	w.add("e.date IS NOT NULL")
	w.types = true
	query := `SELECT ` + bucket + ` AS start,
	count(*) FILTER (WHERE t.quad_class = 1), count(*) FILTER (WHERE t.quad_class = 2),
	count(*) FILTER (WHERE t.quad_class = 3), count(*) FILTER (WHERE t.quad_class = 4),
	count(*), avg(t.goldstein)
FROM ` + w.from() + ` WHERE ` + w.String() + ` GROUP BY start ORDER BY start`
	rows, err := rq.QueryContext(ctx, query, w.args...)
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
	rq, done, err := s.reader(ctx, &q)
	if err != nil {
		return nil, s.fail("top actors", err)
	}
	defer done()
	p, err := s.parse(ctx, rq, q)
	if err != nil {
		return nil, s.fail("top actors", err)
	}
	w := p.where()
	cond, from := w.String(), w.from()
	query := `SELECT c.code, CAST(sum(x.n) AS BIGINT) AS n FROM (
	SELECT e.source_code_id AS id, count(*) AS n FROM ` + from + ` WHERE ` + cond + ` GROUP BY e.source_code_id
	UNION ALL
	SELECT e.target_code_id AS id, count(*) AS n FROM ` + from + ` WHERE ` + cond + ` GROUP BY e.target_code_id
) x JOIN actor_codes c ON c.id = x.id
WHERE c.code NOT IN ('', '---') GROUP BY c.code ORDER BY n DESC, c.code LIMIT ` + strconv.Itoa(spec.Top(n))
	return s.counts(ctx, rq, "top actors", query, append(w.args, w.args...))
}

// TopDyads returns the n "SOURCE>TARGET" dyads most frequent in the events q
// selects, among events with both actors known. n <= 0 means 10.
func (s *Store) TopDyads(ctx context.Context, q avocet.EventQuery, n int) ([]avocet.Count, error) {
	if err := s.check(ctx); err != nil {
		return nil, s.fail("top dyads", err)
	}
	rq, done, err := s.reader(ctx, &q)
	if err != nil {
		return nil, s.fail("top dyads", err)
	}
	defer done()
	p, err := s.parse(ctx, rq, q)
	if err != nil {
		return nil, s.fail("top dyads", err)
	}
	w := p.where()
	query := `SELECT sc.code || '>' || tc.code AS dyad, CAST(sum(x.n) AS BIGINT) AS n FROM (
	SELECT e.source_code_id AS s, e.target_code_id AS t, count(*) AS n FROM ` + w.from() + ` WHERE ` + w.String() + `
	GROUP BY e.source_code_id, e.target_code_id
) x JOIN actor_codes sc ON sc.id = x.s JOIN actor_codes tc ON tc.id = x.t
WHERE sc.code NOT IN ('', '---') AND tc.code NOT IN ('', '---')
GROUP BY sc.code, tc.code ORDER BY n DESC, dyad LIMIT ` + strconv.Itoa(spec.Top(n))
	return s.counts(ctx, rq, "top dyads", query, w.args)
}

func (s *Store) counts(ctx context.Context, rq queryer, op, query string, args []any) ([]avocet.Count, error) {
	rows, err := rq.QueryContext(ctx, query, args...)
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

// dailySelect returns the one-a-day aggregation of the events that pass w,
// a condition in rowColumns. The daily_events view is the same query
// with the condition TRUE (dailyV2).
func dailySelect(w *where) string {
	from := `event_rows e
JOIN articles a ON a.seq = e.article_seq
JOIN actor_codes sc ON sc.id = e.source_code_id
JOIN actor_codes tc ON tc.id = e.target_code_id
JOIN event_types t ON t.id = e.event_type`
	if w.actors {
		from += "\nJOIN actors sa ON sa.id = e.source_actor JOIN actors ta ON ta.id = e.target_actor"
	}
	return `SELECT e.date AS date, sc.code AS source_code, tc.code AS target_code, t.code AS code,
	CAST(sum(e.mentions) AS BIGINT) AS mentions,
	count(DISTINCT e.article_seq) AS articles,
	count(DISTINCT nullif(a.publisher, '')) AS sources,
	avg(t.goldstein) AS goldstein,
	min(t.quad_class) AS quad_class,
	count(*) AS events
FROM ` + from + `
WHERE e.date IS NOT NULL AND (` + w.String() + `)
GROUP BY e.date, sc.code, tc.code, t.code`
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
	rq, done, err := s.reader(ctx, &q)
	if err != nil {
		return nil, s.fail("daily", err)
	}
	defer done()
	p, err := s.parse(ctx, rq, q)
	if err != nil {
		return nil, s.fail("daily", err)
	}
	// Filters apply to the events before they collapse.
	w := p.where()
	query := `SELECT date, source_code, target_code, code, mentions, articles, sources, goldstein, quad_class FROM (` + dailySelect(w) + `)`
	query += ` ORDER BY date DESC, source_code, target_code, code`
	if limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(limit)
	}
	rows, err := rq.QueryContext(ctx, query, w.args...)
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
	(SELECT count(*) FROM articles), (SELECT count(*) FROM event_rows), (SELECT count(*) FROM ingest_errors),
	(SELECT min(date) FROM event_rows), (SELECT max(date) FROM event_rows), (SELECT max(ingested) FROM articles),
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
