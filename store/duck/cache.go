package duck

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/internal/spec"
)

// sideCache holds the side-table rows that reads have looked up, by ID, so
// that Event and Events read event_rows and articles only: joining the
// side tables costs DuckDB several milliseconds even for one row. The
// locations rows serve Location and the actors' places alike.
//
// A side-table row never changes once committed, so a cached row stays
// right. The IDs of a rolled-back Put are given again by a later one, but
// a read only looks up IDs it found in committed event rows, whose
// side-table rows committed with them or before. Each map is cleared when
// it outgrows internLimit.
type sideCache struct {
	mu   sync.RWMutex
	vals sideValues
}

// sideValues are side-table rows by ID.
type sideValues struct {
	codes     map[int32]string
	actors    map[int32]cachedActor
	types     map[int32]cachedType
	rules     map[int32]avocet.Rule // ID and File
	locations map[int32]avocet.Location
	issues    map[int32][]string // shared: copy before handing out
}

type cachedActor struct {
	name, country, canonical string
	sectors                  []string // shared: copy before handing out
}

type cachedType struct {
	code, base, root, plover, mode string
	quad                           int
	goldstein                      float64
}

func newSideValues() sideValues {
	return sideValues{
		codes: make(map[int32]string), actors: make(map[int32]cachedActor), types: make(map[int32]cachedType),
		rules: make(map[int32]avocet.Rule), locations: make(map[int32]avocet.Location), issues: make(map[int32][]string),
	}
}

func newSideCache() *sideCache { return &sideCache{vals: newSideValues()} }

// sideIDs lists side-table IDs to read, by table.
type sideIDs struct {
	codes, actors, types, rules, locations, issues []int32
}

func (n *sideIDs) empty() bool {
	return len(n.codes)+len(n.actors)+len(n.types)+len(n.rules)+len(n.locations)+len(n.issues) == 0
}

// get returns the value under id in m or, failing that, in cached.
func get[V any](m, cached map[int32]V, id int32) (V, bool) {
	if v, ok := m[id]; ok {
		return v, true
	}
	v, ok := cached[id]
	return v, ok
}

// eventRefs is an event read from event_rows, with the side-table IDs its
// other fields are under.
type eventRefs struct {
	avocet.StoredEvent
	sourceCode, targetCode   int32
	sourceActor, targetActor int32
	eventType, rule          int32
	location, issues         sql.NullInt32
	sourcePlace, targetPlace sql.NullInt32 // locations IDs of Source.Place and Target.Place
}

// refColumns are the columns of event_rows e that scanRefs reads after
// the event and article IDs.
const refColumns = `e.sentence, e.date,
	e.source_code_id, e.source_actor, e.source_start, e.source_end,
	e.target_code_id, e.target_actor, e.target_start, e.target_end,
	e.event_type, e.flags, e.verb_start, e.verb_end, e.rule, e.rule_line, e.location,
	e.confidence, e.mentions, e.issues, e.sentence_text, e.sentence_start, e.sentence_end,
	e.source_location, e.target_location`

// selectRefs returns the query of the columns scanRefs reads: the event ID,
// the event_rows columns and the article ID, from event_rows e joined to
// articles a where the condition articles holds (see selectEvents) and to
// the side tables the conditions of w need.
func selectRefs(w *where, articles string) string {
	return `SELECT ` + eventID + ` AS id, a.id, ` + refColumns + `
FROM ` + w.from() + `
JOIN articles a ON a.seq = e.article_seq AND ` + articles + `
LEFT JOIN event_numbers x ON x.id = -e.n`
}

func scanRefs(r scanner, e *eventRefs) error {
	var (
		date  sql.NullTime
		flags uint8
	)
	*e = eventRefs{}
	err := r.Scan(&e.ID, &e.ArticleID, &e.Sentence, &date,
		&e.sourceCode, &e.sourceActor, &e.Source.Span.Start, &e.Source.Span.End,
		&e.targetCode, &e.targetActor, &e.Target.Span.Start, &e.Target.Span.End,
		&e.eventType, &flags, &e.Verb.Start, &e.Verb.End, &e.rule, &e.Rule.Line, &e.location,
		&e.Confidence, &e.Mentions, &e.issues, &e.SentenceText, &e.SentenceSpan.Start, &e.SentenceSpan.End,
		&e.sourcePlace, &e.targetPlace)
	if err != nil {
		return err
	}
	if date.Valid {
		e.Date = spec.Day(date.Time.UTC())
	}
	e.Flags = flagsOf(flags)
	return nil
}

// queryRefs runs a query of selectRefs and returns its events complete.
func (s *Store) queryRefs(ctx context.Context, rq queryer, query string, args ...any) ([]avocet.StoredEvent, error) {
	rows, err := rq.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var refs []eventRefs
	for rows.Next() {
		refs = append(refs, eventRefs{})
		if err := scanRefs(rows, &refs[len(refs)-1]); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return s.cache.complete(ctx, s.db, refs)
}

// complete returns the events of refs with their side-table values, which
// it takes from the cache or reads.
func (c *sideCache) complete(ctx context.Context, db *sql.DB, refs []eventRefs) ([]avocet.StoredEvent, error) {
	got := newSideValues() // rows read for this call
	for range 3 {
		c.mu.RLock()
		evs, need := build(refs, &got, &c.vals)
		c.mu.RUnlock()
		if need.empty() {
			return evs, nil
		}
		if err := got.read(ctx, db, &need); err != nil {
			return nil, fmt.Errorf("read side tables: %w", err)
		}
		c.mu.Lock()
		c.vals.add(&got)
		c.mu.Unlock()
	}
	// Rows that a read cannot find (or that other reads keep evicting).
	return nil, fmt.Errorf("read side tables: rows of events %s... missing", refs[0].ID)
}

// build returns the events of refs with the side-table values in got or
// cached, and the IDs neither holds.
func build(refs []eventRefs, got, cached *sideValues) ([]avocet.StoredEvent, sideIDs) {
	var need sideIDs
	evs := make([]avocet.StoredEvent, len(refs))
	for i := range refs {
		r := &refs[i]
		e := &evs[i]
		*e = r.StoredEvent
		need.actor(&e.Source, r.sourceCode, r.sourceActor, got, cached)
		need.actor(&e.Target, r.targetCode, r.targetActor, got, cached)
		if t, ok := get(got.types, cached.types, r.eventType); ok {
			e.Code, e.BaseCode, e.RootCode, e.QuadClass, e.Goldstein, e.PloverType, e.PloverMode =
				t.code, t.base, t.root, t.quad, t.goldstein, t.plover, t.mode
		} else {
			need.types = append(need.types, r.eventType)
		}
		if rule, ok := get(got.rules, cached.rules, r.rule); ok {
			e.Rule.ID, e.Rule.File = rule.ID, rule.File
		} else {
			need.rules = append(need.rules, r.rule)
		}
		need.location(&e.Location, r.location, got, cached)
		need.location(&e.Source.Place, r.sourcePlace, got, cached)
		need.location(&e.Target.Place, r.targetPlace, got, cached)
		if r.issues.Valid {
			if l, ok := get(got.issues, cached.issues, r.issues.Int32); ok {
				e.Issues = spec.Strings(l)
			} else {
				need.issues = append(need.issues, r.issues.Int32)
			}
		}
	}
	return evs, need
}

func (n *sideIDs) actor(a *avocet.Actor, code, id int32, got, cached *sideValues) {
	if c, ok := get(got.codes, cached.codes, code); ok {
		a.Code = c
	} else {
		n.codes = append(n.codes, code)
	}
	if v, ok := get(got.actors, cached.actors, id); ok {
		a.Name, a.Country, a.Canonical, a.Sectors = v.name, v.country, v.canonical, spec.Strings(v.sectors)
	} else {
		n.actors = append(n.actors, id)
	}
}

// location sets *l to a new copy of the location with ID id, if id is
// not NULL, or else adds id to the IDs to read.
func (n *sideIDs) location(l **avocet.Location, id sql.NullInt32, got, cached *sideValues) {
	if !id.Valid {
		return
	}
	if v, ok := get(got.locations, cached.locations, id.Int32); ok {
		*l = &v
	} else {
		n.locations = append(n.locations, id.Int32)
	}
}

// add copies the rows of o into v, first clearing the maps of v that
// outgrew internLimit.
func (v *sideValues) add(o *sideValues) {
	addAll(v.codes, o.codes)
	addAll(v.actors, o.actors)
	addAll(v.types, o.types)
	addAll(v.rules, o.rules)
	addAll(v.locations, o.locations)
	addAll(v.issues, o.issues)
}

func addAll[V any](m, o map[int32]V) {
	if len(m)+len(o) > internLimit {
		clear(m)
	}
	for id, x := range o {
		m[id] = x
	}
}

// read reads the rows of need into v.
func (v *sideValues) read(ctx context.Context, db *sql.DB, need *sideIDs) error {
	err := readRows(ctx, db, "actor_codes", "code", need.codes, func(r *sql.Rows) error {
		var id int32
		var code string
		err := r.Scan(&id, &code)
		v.codes[id] = code
		return err
	})
	if err == nil {
		err = readRows(ctx, db, "actors", "name, country, sectors, canonical", need.actors, func(r *sql.Rows) error {
			var id int32
			var a cachedActor
			var sectors any
			err := r.Scan(&id, &a.name, &a.country, &sectors, &a.canonical)
			if err == nil {
				a.sectors, err = strings_(sectors)
			}
			v.actors[id] = a
			return err
		})
	}
	if err == nil {
		err = readRows(ctx, db, "event_types", "code, base_code, root_code, quad_class, goldstein, plover_type, plover_mode", need.types, func(r *sql.Rows) error {
			var id int32
			var t cachedType
			err := r.Scan(&id, &t.code, &t.base, &t.root, &t.quad, &t.goldstein, &t.plover, &t.mode)
			v.types[id] = t
			return err
		})
	}
	if err == nil {
		err = readRows(ctx, db, "rules", "rule_id, file", need.rules, func(r *sql.Rows) error {
			var id int32
			var rule avocet.Rule
			err := r.Scan(&id, &rule.ID, &rule.File)
			v.rules[id] = rule
			return err
		})
	}
	if err == nil {
		err = readRows(ctx, db, "locations", "name, country, admin1, lat, lon, geonames_id, type, confidence", need.locations, func(r *sql.Rows) error {
			var id int32
			var l avocet.Location
			err := r.Scan(&id, &l.Name, &l.Country, &l.Admin1, &l.Lat, &l.Lon, &l.GeoNameID, &l.Type, &l.Confidence)
			v.locations[id] = l
			return err
		})
	}
	if err == nil {
		err = readRows(ctx, db, "issue_sets", "issues", need.issues, func(r *sql.Rows) error {
			var id int32
			var x any
			err := r.Scan(&id, &x)
			if err == nil {
				v.issues[id], err = strings_(x)
			}
			return err
		})
	}
	return err
}

// readRows calls add for the rows of table with the given IDs.
func readRows(ctx context.Context, db *sql.DB, table, columns string, ids []int32, add func(*sql.Rows) error) error {
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.Itoa(int(id))
	}
	rows, err := db.QueryContext(ctx, `SELECT id, `+columns+` FROM `+table+` WHERE id IN (`+strings.Join(list, ", ")+`)`)
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := add(rows); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	return nil
}
