package duck

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/internal/spec"
)

// appendTable appends rows to table with an Appender that fill fills,
// then flushes and closes it, keeping the first error.
func appendTable(ctx context.Context, c driver.Conn, table string, fill func(*duckdb.Appender) error) error {
	ap, err := duckdb.NewAppenderFromConn(c, "", table)
	if err != nil {
		return err
	}
	err = fill(ap)
	if cerr := ap.CloseWithCancel(ctx); err == nil {
		err = cerr
	}
	return err
}

func (s *Store) appendArticles(ctx context.Context, c driver.Conn, arts []avocet.StoredArticle, fresh map[string]*article, now time.Time) error {
	return appendTable(ctx, c, "articles", func(ap *duckdb.Appender) error {
		for i := range arts {
			a := &arts[i]
			n := fresh[a.ID]
			if n == nil {
				continue
			}
			ingested := spec.Instant(a.Ingested)
			if ingested.IsZero() {
				ingested = now
			}
			var text driver.Value
			if s.keepText && a.Text != "" {
				text = a.Text
			}
			if err := ap.AppendRow(a.ID, a.URL, a.Publisher, a.Title, a.Dateline, instant(a.Date), a.Language,
				text, a.Input, ingested, a.Sentences, n.events, n.seq); err != nil {
				return err
			}
		}
		return nil
	})
}

// eventColumns is the number of columns of the event_rows table.
const eventColumns = 27

// appendEvents appends the rows of the events of fresh articles to
// event_rows, giving their new side-table values IDs in s.side.
func (s *Store) appendEvents(ctx context.Context, c driver.Conn, evs []avocet.StoredEvent, fresh map[string]*article) error {
	return appendTable(ctx, c, "event_rows", func(ap *duckdb.Appender) error {
		row := make([]driver.Value, 0, eventColumns)
		for i := range evs {
			e := &evs[i]
			a := fresh[e.ArticleID]
			if a == nil {
				continue
			}
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			row = s.side.eventRow(row[:0], e, a.seq)
			if err := ap.AppendRow(row...); err != nil {
				return err
			}
		}
		return nil
	})
}

// Flag bits of event_rows.flags, in the order of avocet.Flags.
const (
	flagNegated = 1 << iota
	flagHypothetical
	flagFuture
	flagReported
	flagPassive
	flagHeadline
	flagSpeculative
)

func flagBits(f *avocet.Flags) uint8 {
	var b uint8
	for _, x := range [...]struct {
		set bool
		bit uint8
	}{
		{f.Negated, flagNegated}, {f.Hypothetical, flagHypothetical}, {f.Future, flagFuture}, {f.Reported, flagReported},
		{f.Passive, flagPassive}, {f.Headline, flagHeadline}, {f.Speculative, flagSpeculative},
	} {
		if x.set {
			b |= x.bit
		}
	}
	return b
}

// flagsOf returns the flags of the bits of event_rows.flags.
func flagsOf(b uint8) avocet.Flags {
	return avocet.Flags{
		Negated: b&flagNegated != 0, Hypothetical: b&flagHypothetical != 0, Future: b&flagFuture != 0,
		Reported: b&flagReported != 0, Passive: b&flagPassive != 0, Headline: b&flagHeadline != 0,
		Speculative: b&flagSpeculative != 0,
	}
}

// sideTables holds the interners of the side tables that event_rows
// refers to by ID.
type sideTables struct {
	codes     *interner[string, string]
	actors    *interner[actorKey, *avocet.Actor]
	types     *interner[typeKey, *avocet.Event]
	rules     *interner[avocet.Rule, *avocet.Rule]
	locations *interner[locationKey, *avocet.Location]
	issues    *interner[listKey, []string]
	numbers   *interner[string, string]
	all       []sideTable // the interners above
}

// sideTable is what Put and Open do with every interner, whatever its
// types.
type sideTable interface {
	appendNew(ctx context.Context, c driver.Conn) error
	load(ctx context.Context, db *sql.DB) error
	commit()
	rollback()
}

func newSideTables() *sideTables {
	t := &sideTables{
		codes: newInterner("actor_codes", "code",
			func(r *sql.Rows) (code string, id int32, err error) {
				err = r.Scan(&id, &code)
				return code, id, err
			},
			func(row []driver.Value, code string) []driver.Value { return append(row, code) }),
		actors: newInterner("actors", "code, name, country, sectors, canonical",
			func(r *sql.Rows) (actorKey, int32, error) {
				var a avocet.Actor
				var id int32
				var sectors any
				err := r.Scan(&id, &a.Code, &a.Name, &a.Country, &sectors, &a.Canonical)
				if err == nil {
					a.Sectors, err = strings_(sectors)
				}
				return keyOfActor(&a), id, err
			},
			func(row []driver.Value, a *avocet.Actor) []driver.Value {
				return append(row, a.Code, a.Name, a.Country, list(a.Sectors), a.Canonical)
			}),
		types: newInterner("event_types", "code, base_code, root_code, quad_class, goldstein, plover_type, plover_mode",
			func(r *sql.Rows) (typeKey, int32, error) {
				var e avocet.Event
				var id int32
				err := r.Scan(&id, &e.Code, &e.BaseCode, &e.RootCode, &e.QuadClass, &e.Goldstein, &e.PloverType, &e.PloverMode)
				return keyOfType(&e), id, err
			},
			func(row []driver.Value, e *avocet.Event) []driver.Value {
				return append(row, e.Code, e.BaseCode, e.RootCode, e.QuadClass, e.Goldstein, e.PloverType, e.PloverMode)
			}),
		rules: newInterner("rules", "rule_id, file",
			func(r *sql.Rows) (k avocet.Rule, id int32, err error) {
				err = r.Scan(&id, &k.ID, &k.File)
				return k, id, err
			},
			func(row []driver.Value, r *avocet.Rule) []driver.Value { return append(row, r.ID, r.File) }),
		locations: newInterner("locations", "name, country, admin1, lat, lon, geonames_id, type, confidence",
			func(r *sql.Rows) (locationKey, int32, error) {
				var l avocet.Location
				var id int32
				err := r.Scan(&id, &l.Name, &l.Country, &l.Admin1, &l.Lat, &l.Lon, &l.GeoNameID, &l.Type, &l.Confidence)
				return keyOfLocation(&l), id, err
			},
			func(row []driver.Value, l *avocet.Location) []driver.Value {
				return append(row, l.Name, l.Country, l.Admin1, l.Lat, l.Lon, l.GeoNameID, l.Type, l.Confidence)
			}),
		issues: newInterner("issue_sets", "issues",
			func(r *sql.Rows) (listKey, int32, error) {
				var id int32
				var issues any
				err := r.Scan(&id, &issues)
				var l []string
				if err == nil {
					l, err = strings_(issues)
				}
				return keyOfList(l), id, err
			},
			func(row []driver.Value, l []string) []driver.Value { return append(row, l) }),
		numbers: newInterner("event_numbers", "n",
			func(r *sql.Rows) (n string, id int32, err error) {
				err = r.Scan(&id, &n)
				return n, id, err
			},
			func(row []driver.Value, n string) []driver.Value { return append(row, n) }),
	}
	t.all = []sideTable{t.codes, t.actors, t.types, t.rules, t.locations, t.issues, t.numbers}
	return t
}

// actorKey identifies the actors row of an actor: all its fields but the
// span.
type actorKey struct {
	code, name, country, canonical string
	sectors                        listKey
}

// typeKey identifies the event_types row of an event: its code and the
// values derived from it. Goldstein is compared by its bits.
type typeKey struct {
	code, base, root string
	quad             int
	goldstein        uint64
	plover, mode     string
}

// locationKey identifies the locations row of a location.
type locationKey struct {
	name, country, admin1 string
	lat, lon              uint64
	geonames, typ         int
	confidence            uint64
}

// listKey identifies a list of strings: the one string, or for longer
// lists each string preceded by its length.
type listKey struct {
	n int
	s string
}

func keyOfList(l []string) listKey {
	switch len(l) {
	case 0:
		return listKey{}
	case 1:
		return listKey{1, l[0]}
	}
	var b []byte
	for _, x := range l {
		b = strconv.AppendInt(b, int64(len(x)), 10)
		b = append(b, ':')
		b = append(b, x...)
	}
	return listKey{len(l), string(b)}
}

func keyOfActor(a *avocet.Actor) actorKey {
	return actorKey{code: a.Code, name: a.Name, country: a.Country, canonical: a.Canonical, sectors: keyOfList(a.Sectors)}
}

func keyOfType(e *avocet.Event) typeKey {
	return typeKey{e.Code, e.BaseCode, e.RootCode, e.QuadClass, math.Float64bits(e.Goldstein), e.PloverType, e.PloverMode}
}

func keyOfLocation(l *avocet.Location) locationKey {
	return locationKey{l.Name, l.Country, l.Admin1, math.Float64bits(l.Lat), math.Float64bits(l.Lon), l.GeoNameID, l.Type,
		math.Float64bits(l.Confidence)}
}

// maxPlain is the largest event number event_rows.n holds itself.
const maxPlain = 999_999_999

// eventNumber returns event_rows.n for the number that ends e's ID
// (validated by spec.CheckEventID): the number itself when it is written
// plainly (no leading zero, at most 9 digits); otherwise minus the ID of
// its text in event_numbers.
func (t *sideTables) eventNumber(e *avocet.StoredEvent) int32 {
	n := e.ID[strings.LastIndexByte(e.ID, '-')+1:]
	if v, ok := plainNumber(n); ok {
		return v
	}
	return -t.numbers.id(n, n)
}

// plainNumber returns the value of the decimal number n if event_rows.n
// can hold it: it has no leading zero and at most 9 digits.
func plainNumber(n string) (int32, bool) {
	if len(n) == 0 || len(n) > len("999999999") || (n[0] == '0' && n != "0") {
		return 0, false
	}
	v, err := strconv.Atoi(n)
	if err != nil || v < 0 || v > maxPlain {
		return 0, false
	}
	return int32(v), true
}

// eventRow appends the event_rows values of e, in table order, to row.
func (t *sideTables) eventRow(row []driver.Value, e *avocet.StoredEvent, seq int64) []driver.Value {
	var date driver.Value
	if !e.Date.IsZero() {
		date = spec.Day(e.Date)
	}
	row = append(row, seq, e.Sentence, t.eventNumber(e), date,
		t.codes.id(e.Source.Code, e.Source.Code), t.actors.id(keyOfActor(&e.Source), &e.Source), e.Source.Span.Start, e.Source.Span.End,
		t.codes.id(e.Target.Code, e.Target.Code), t.actors.id(keyOfActor(&e.Target), &e.Target), e.Target.Span.Start, e.Target.Span.End,
		t.types.id(keyOfType(&e.Event), &e.Event), flagBits(&e.Flags), e.Verb.Start, e.Verb.End,
		t.rules.id(avocet.Rule{ID: e.Rule.ID, File: e.Rule.File}, &e.Rule), e.Rule.Line)
	var issues driver.Value
	if len(e.Issues) > 0 {
		issues = t.issues.id(keyOfList(e.Issues), e.Issues)
	}
	return append(row, t.location(e.Location), e.Confidence, e.Mentions, issues, e.SentenceText, e.SentenceSpan.Start, e.SentenceSpan.End,
		t.location(e.Source.Place), t.location(e.Target.Place))
}

// location returns the value of a column of locations IDs for l: NULL
// for no location.
func (t *sideTables) location(l *avocet.Location) driver.Value {
	if l == nil {
		return nil
	}
	return t.locations.id(keyOfLocation(l), l)
}

// append appends the values new in the running Put to the side tables.
func (t *sideTables) append(ctx context.Context, c driver.Conn) error {
	for _, in := range t.all {
		if err := in.appendNew(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

func (t *sideTables) commit() {
	for _, in := range t.all {
		in.commit()
	}
}

func (t *sideTables) rollback() {
	for _, in := range t.all {
		in.rollback()
	}
}

// load reads the side tables, so that Put gives a value stored before
// the ID it has.
func (t *sideTables) load(ctx context.Context, db *sql.DB) error {
	for _, in := range t.all {
		if err := in.load(ctx, db); err != nil {
			return fmt.Errorf("read side tables: %w", err)
		}
	}
	return nil
}

// list returns the value of a VARCHAR[] column: NULL for an empty list.
func list(s []string) driver.Value {
	if len(s) == 0 {
		return nil
	}
	return s
}

// instant returns the value of a TIMESTAMP column: NULL for the zero time.
func instant(t time.Time) driver.Value {
	if t.IsZero() {
		return nil
	}
	return spec.Instant(t)
}

func appendErrors(ctx context.Context, c driver.Conn, errs []avocet.IngestError, seq int64, now time.Time) error {
	return appendTable(ctx, c, "ingest_errors", func(ap *duckdb.Appender) error {
		for i := range errs {
			e := &errs[i]
			t := spec.Instant(e.Time)
			if t.IsZero() {
				t = now
			}
			if err := ap.AppendRow(seq+int64(i)+1, e.Input, e.Record, e.Stage, e.Err, t); err != nil {
				return err
			}
		}
		return nil
	})
}
