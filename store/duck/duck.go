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
	cache  *sideCache // side-table rows reads have looked up

	wmu    sync.Mutex  // serialises writers; guards the fields below
	seq    int64       // largest articles.seq stored
	errSeq int64       // largest ingest_errors.seq stored
	side   *sideTables // IDs of the values in the side tables of event_rows
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
	s := &Store{path: path, keepText: opts.KeepText, side: newSideTables(), cache: newSideCache()}
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
	if err == nil {
		err = s.side.load(context.Background(), s.db)
	}
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
// are already stored, appends the others with their events and knowledge,
// and the error records, then commits. Nothing is buffered outside the
// transaction, so once Put returns nil the batch is in DuckDB's write-ahead
// log.
func (s *Store) Put(ctx context.Context, b avocet.Batch) (avocet.PutResult, error) {
	if err := s.check(ctx); err != nil {
		return avocet.PutResult{}, s.fail("put", err)
	}
	if err := spec.CheckBatch(&b); err != nil {
		return avocet.PutResult{}, fmt.Errorf("duck: put: %w", err)
	}
	// The knowledge documents do not depend on what is stored: encode
	// them before taking the lock.
	docs, err := knowledgeDocs(b.Knowledge)
	if err != nil {
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
	res, err := s.put(ctx, conn, &b, docs)
	if err != nil {
		return avocet.PutResult{}, s.fail("put", err)
	}
	return res, nil
}

func (s *Store) put(ctx context.Context, conn *sql.Conn, b *avocet.Batch, docs map[string]string) (avocet.PutResult, error) {
	// Reruns are rare, so the first attempt assumes that no article of the
	// batch is stored, and lets the primary key of articles say otherwise.
	// Looking the IDs up first would scan the whole id column every time.
	res, err := s.attempt(ctx, conn, b, docs, false)
	if err != nil && duplicateKey(err) {
		res, err = s.attempt(ctx, conn, b, docs, true)
	}
	return res, err
}

// duplicateKey reports whether err is DuckDB's primary key violation.
func duplicateKey(err error) bool {
	var derr *duckdb.Error
	return errors.As(err, &derr) && strings.Contains(derr.Msg, "Duplicate key")
}

// attempt stores b in one transaction, with docs the JSON documents of its
// knowledge by article ID. With lookup set it first asks which articles are
// stored and skips them; without, it fails on a stored one.
func (s *Store) attempt(ctx context.Context, conn *sql.Conn, b *avocet.Batch, docs map[string]string, lookup bool) (res avocet.PutResult, err error) {
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return res, err
	}
	committed := false
	defer func() {
		if committed {
			s.side.commit()
			return
		}
		s.side.rollback()
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
			if err := s.appendEvents(ctx, c, b.Events, fresh); err != nil {
				return fmt.Errorf("append events: %w", err)
			}
			if err := s.side.append(ctx, c); err != nil {
				return fmt.Errorf("append side tables: %w", err)
			}
		}
		if len(b.Knowledge) > 0 && len(fresh) > 0 {
			if err := appendKnowledge(ctx, c, b.Knowledge, docs, fresh); err != nil {
				return fmt.Errorf("append knowledge: %w", err)
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
	known := make(map[string]bool)
	inputs := make([]string, 0, len(errs))
	for i := range errs {
		if in := errs[i].Input; !known[in] {
			known[in] = true
			inputs = append(inputs, in)
		}
	}
	seen := make(map[spec.ErrorKey]bool)
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

// errNoRows maps sql.ErrNoRows to avocet.ErrNotFound.
func errNoRows(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("duck: %s %s: %w", what, id, avocet.ErrNotFound)
	}
	return err
}
