package duck

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/internal/spec"
)

// Options configure a Store. The zero value (or nil) is the default.
type Options struct {
	KeepText bool // store article texts; by default only their metadata is kept
	Threads  int  // DuckDB worker threads; 0 lets DuckDB use every core
	// CheckpointMB is the size of the write-ahead log, in MiB, at which a
	// commit folds it into the database file; 0 means DefaultCheckpointMB.
	// Each checkpoint recompresses the table's last, partly filled row
	// group, so small values make Put slow; large ones make the log (and
	// the time to replay it when opening after a crash) longer. A log of
	// 100 MiB holds ~200,000 events and replays in about a second.
	CheckpointMB int
}

// DefaultCheckpointMB is the default Options.CheckpointMB. DuckDB's own
// default (16 MiB) checkpoints every few batches and makes Put several
// times slower.
const DefaultCheckpointMB = 256

// Store is an avocet.Store in an embedded DuckDB file. It is safe for
// concurrent use: Puts are serialised by a mutex, reads run concurrently.
type Store struct {
	path     string // as given to Open
	key      string // absolute path registered in openFiles; "" in memory
	keepText bool

	db     *sql.DB
	closed atomic.Bool

	wmu    sync.Mutex // serialises writers; guards the fields below
	seq    int64      // largest articles.seq stored
	errSeq int64      // largest ingest_errors.seq stored
}

var _ avocet.Store = (*Store)(nil)

// openFiles holds the files this process has open. DuckDB's file lock stops
// other processes, but not a second open in the same process, which would
// corrupt the file.
var openFiles = struct {
	sync.Mutex
	m map[string]bool
}{m: make(map[string]bool)}

// Open opens or creates the store in the DuckDB file at path, migrating an
// older schema to the current one. An empty path opens a store in memory.
// A file that another process (or this one) has open gives an error naming
// it; so does a file made by a newer version of this package.
func Open(path string, opts *Options) (*Store, error) {
	if opts == nil {
		opts = &Options{}
	}
	if opts.Threads < 0 || opts.CheckpointMB < 0 {
		return nil, fmt.Errorf("duck: open %s: negative option: %w", path, avocet.ErrInvalidInput)
	}
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("duck: open %s: '?' in the file name: %w", path, avocet.ErrInvalidInput)
	}
	s := &Store{path: path, keepText: opts.KeepText}
	if path != "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, fmt.Errorf("duck: open %s: %w", path, err)
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		openFiles.Lock()
		inUse := openFiles.m[abs]
		openFiles.m[abs] = true
		openFiles.Unlock()
		if inUse {
			return nil, fmt.Errorf("duck: open %s: the file is already open in this process", path)
		}
		s.key = abs
	}
	threads, checkpoint := opts.Threads, opts.CheckpointMB
	if checkpoint == 0 {
		checkpoint = DefaultCheckpointMB
	}
	connector, err := duckdb.NewConnector(path, func(ex driver.ExecerContext) error {
		if _, err := ex.ExecContext(context.Background(), fmt.Sprintf("SET GLOBAL checkpoint_threshold = '%dMiB'", checkpoint), nil); err != nil {
			return err
		}
		if threads > 0 {
			_, err := ex.ExecContext(context.Background(), fmt.Sprintf("SET GLOBAL threads = %d", threads), nil)
			return err
		}
		return nil
	})
	if err != nil {
		s.release()
		if strings.Contains(err.Error(), "lock") {
			return nil, fmt.Errorf("duck: open %s: the file is in use by another process: %w", path, err)
		}
		return nil, fmt.Errorf("duck: open %s: %w", path, err)
	}
	s.db = sql.OpenDB(connector)
	if err := migrate(context.Background(), s.db, path, migrations); err != nil {
		s.db.Close()
		s.release()
		return nil, fmt.Errorf("duck: open %s: %w", path, err)
	}
	// One process writes the file (DuckDB locks it), so the counters can
	// live in memory.
	err = s.db.QueryRow(`SELECT (SELECT coalesce(max(seq), 0) FROM articles), (SELECT coalesce(max(seq), 0) FROM ingest_errors)`).Scan(&s.seq, &s.errSeq)
	if err != nil {
		s.db.Close()
		s.release()
		return nil, fmt.Errorf("duck: open %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) release() {
	if s.key != "" {
		openFiles.Lock()
		delete(openFiles.m, s.key)
		openFiles.Unlock()
	}
}

// Close checkpoints and closes the file. Later calls return avocet.ErrClosed;
// closing again returns nil.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.wmu.Lock() // let a running Put finish
	defer s.wmu.Unlock()
	err := s.db.Close()
	s.release()
	if err != nil {
		return fmt.Errorf("duck: close %s: %w", s.path, err)
	}
	return nil
}

// check returns the error a method starting now must return, if any.
func (s *Store) check(ctx context.Context) error {
	if s.closed.Load() {
		return avocet.ErrClosed
	}
	return ctx.Err()
}

// fail returns err wrapped with op, or avocet.ErrClosed when the store was
// closed under the operation.
func (s *Store) fail(op string, err error) error {
	if s.closed.Load() {
		return avocet.ErrClosed
	}
	return fmt.Errorf("duck: %s: %w", op, err)
}

// Put stores the batch in one transaction: it looks up which of its articles
// are already stored, appends the others with their events, and the error
// records, then commits. Nothing is buffered outside the transaction, so
// once Put returns nil the batch is in DuckDB's write-ahead log.
func (s *Store) Put(ctx context.Context, b avocet.Batch) (avocet.PutResult, error) {
	if err := s.check(ctx); err != nil {
		return avocet.PutResult{}, s.fail("put", err)
	}
	if err := spec.CheckBatch(&b); err != nil {
		return avocet.PutResult{}, fmt.Errorf("duck: put: %w", err)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closed.Load() {
		return avocet.PutResult{}, avocet.ErrClosed
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return avocet.PutResult{}, s.fail("put", err)
	}
	defer conn.Close()
	res, err := s.put(ctx, conn, &b)
	if err != nil {
		return avocet.PutResult{}, s.fail("put", err)
	}
	return res, nil
}

func (s *Store) put(ctx context.Context, conn *sql.Conn, b *avocet.Batch) (avocet.PutResult, error) {
	// Reruns are rare, so the first attempt assumes that no article of the
	// batch is stored, and lets the primary key of articles say otherwise.
	// Looking the IDs up first would scan the whole id column every time.
	res, err := s.attempt(ctx, conn, b, false)
	if err != nil && duplicateKey(err) {
		res, err = s.attempt(ctx, conn, b, true)
	}
	return res, err
}

// duplicateKey reports whether err is DuckDB's primary key violation.
func duplicateKey(err error) bool {
	var derr *duckdb.Error
	return errors.As(err, &derr) && strings.Contains(derr.Msg, "Duplicate key")
}

// attempt stores b in one transaction. With lookup set it first asks which
// articles are stored and skips them; without, it fails on a stored one.
func (s *Store) attempt(ctx context.Context, conn *sql.Conn, b *avocet.Batch, lookup bool) (res avocet.PutResult, err error) {
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return res, err
	}
	committed := false
	defer func() {
		if committed {
			return
		}
		if _, rerr := conn.ExecContext(context.Background(), "ROLLBACK"); rerr != nil {
			// Never hand a connection with an open transaction back to the pool.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()

	var stored map[string]bool
	if lookup {
		ids := make([]string, len(b.Articles))
		for i := range b.Articles {
			ids[i] = b.Articles[i].ID
		}
		if stored, err = queryIDs(ctx, conn, `SELECT id FROM articles WHERE id = ANY(?)`, ids); err != nil {
			return res, fmt.Errorf("look up articles: %w", err)
		}
	}
	fresh := make(map[string]*article, len(b.Articles))
	seq := s.seq
	for i := range b.Articles {
		if id := b.Articles[i].ID; stored[id] {
			res.Duplicates++
		} else {
			seq++
			fresh[id] = &article{seq: seq}
		}
	}
	for i := range b.Events {
		if a := fresh[b.Events[i].ArticleID]; a != nil {
			a.events++
			res.Events++
		}
	}
	res.Articles = len(fresh)
	errs, err := newErrors(ctx, conn, b.Errors)
	if err != nil {
		return res, fmt.Errorf("look up error records: %w", err)
	}
	res.Errors = len(errs)

	errSeq := s.errSeq
	now := spec.Instant(time.Now())
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		if len(fresh) > 0 {
			if err := s.appendArticles(ctx, c, b.Articles, fresh, now); err != nil {
				return fmt.Errorf("append articles: %w", err)
			}
		}
		if res.Events > 0 {
			if err := appendEvents(ctx, c, b.Events, fresh); err != nil {
				return fmt.Errorf("append events: %w", err)
			}
		}
		if len(errs) > 0 {
			if err := appendErrors(ctx, c, errs, errSeq, now); err != nil {
				return fmt.Errorf("append error records: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return res, fmt.Errorf("commit: %w", err)
	}
	committed = true
	s.seq, s.errSeq = seq, errSeq+int64(len(errs))
	return res, nil
}

// article is what Put learns about a new article of a batch.
type article struct {
	seq    int64 // articles.seq: ingest order
	events int   // events of the batch for it
}

// newErrors returns the error records of errs whose key is neither stored
// nor taken by an earlier record of errs.
func newErrors(ctx context.Context, conn *sql.Conn, errs []avocet.IngestError) ([]avocet.IngestError, error) {
	if len(errs) == 0 {
		return nil, nil
	}
	seen := make(map[spec.ErrorKey]bool)
	inputs := make([]string, 0, len(errs))
	for i := range errs {
		if !seen[spec.ErrorKey{Input: errs[i].Input}] {
			seen[spec.ErrorKey{Input: errs[i].Input}] = true
			inputs = append(inputs, errs[i].Input)
		}
	}
	clear(seen)
	rows, err := conn.QueryContext(ctx, `SELECT input, record, stage, error FROM ingest_errors WHERE input = ANY(?)`, inputs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k spec.ErrorKey
		if err := rows.Scan(&k.Input, &k.Record, &k.Stage, &k.Err); err != nil {
			return nil, err
		}
		seen[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []avocet.IngestError
	for i := range errs {
		if k := spec.KeyOf(&errs[i]); !seen[k] {
			seen[k] = true
			out = append(out, errs[i])
		}
	}
	return out, nil
}

// queryIDs runs a query of one string column with list as its parameter
// and returns the values.
func queryIDs(ctx context.Context, conn *sql.Conn, query string, list []string) (map[string]bool, error) {
	m := make(map[string]bool)
	if len(list) == 0 {
		return m, nil
	}
	rows, err := conn.QueryContext(ctx, query, list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		m[id] = true
	}
	return m, rows.Err()
}

// closeAppender flushes and closes ap, keeping the first error.
func closeAppender(ctx context.Context, ap *duckdb.Appender, err error) error {
	cerr := ap.CloseWithCancel(ctx)
	if err != nil {
		return err
	}
	return cerr
}

func (s *Store) appendArticles(ctx context.Context, c driver.Conn, arts []avocet.StoredArticle, fresh map[string]*article, now time.Time) (err error) {
	ap, err := duckdb.NewAppenderFromConn(c, "", "articles")
	if err != nil {
		return err
	}
	defer func() { err = closeAppender(ctx, ap, err) }()
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
}

// eventColumns is the number of columns of the events table.
const eventColumns = 51

func appendEvents(ctx context.Context, c driver.Conn, evs []avocet.StoredEvent, fresh map[string]*article) (err error) {
	ap, err := duckdb.NewAppenderFromConn(c, "", "events")
	if err != nil {
		return err
	}
	defer func() { err = closeAppender(ctx, ap, err) }()
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
		row = eventRow(row[:0], e, a.seq)
		if err := ap.AppendRow(row...); err != nil {
			return err
		}
	}
	return nil
}

// eventRow appends the column values of e, in table order, to row.
func eventRow(row []driver.Value, e *avocet.StoredEvent, seq int64) []driver.Value {
	var date driver.Value
	if !e.Date.IsZero() {
		date = spec.Day(e.Date)
	}
	row = append(row, e.ID, e.ArticleID, seq, e.Sentence, date)
	row = actorRow(row, &e.Source)
	row = actorRow(row, &e.Target)
	f := &e.Flags
	row = append(row, e.Code, e.BaseCode, e.RootCode, e.QuadClass, e.Goldstein, e.PloverType, e.PloverMode,
		f.Negated, f.Hypothetical, f.Future, f.Reported, f.Passive, f.Headline, f.Speculative,
		e.Verb.Start, e.Verb.End, e.Rule.ID, e.Rule.File, e.Rule.Line)
	if l := e.Location; l != nil {
		row = append(row, l.Name, l.Country, l.Admin1, l.Lat, l.Lon, l.GeoNameID, l.Type)
	} else {
		row = append(row, nil, nil, nil, nil, nil, nil, nil)
	}
	return append(row, e.Confidence, e.Mentions, list(e.Issues), e.SentenceText, e.SentenceSpan.Start, e.SentenceSpan.End)
}

func actorRow(row []driver.Value, a *avocet.Actor) []driver.Value {
	return append(row, a.Code, a.Name, a.Country, list(a.Sectors), a.Canonical, a.Span.Start, a.Span.End)
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

func appendErrors(ctx context.Context, c driver.Conn, errs []avocet.IngestError, seq int64, now time.Time) (err error) {
	ap, err := duckdb.NewAppenderFromConn(c, "", "ingest_errors")
	if err != nil {
		return err
	}
	defer func() { err = closeAppender(ctx, ap, err) }()
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
}

// errNoRows maps sql.ErrNoRows to avocet.ErrNotFound.
func errNoRows(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("duck: %s %s: %w", what, id, avocet.ErrNotFound)
	}
	return err
}
