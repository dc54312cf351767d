package format

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
)

// DefaultRowsPerFile is how many rows a part file gets before the next
// part file of its partition starts.
const DefaultRowsPerFile = 1_000_000

// DefaultMaxOpen is how many partitions may have an open part file at
// once.
const DefaultMaxOpen = 8

// UnknownDatePartition is the partition of events with no date. Its year
// and month are zero-padded numbers like all others, so it sorts first
// both as text and as numbers; select it with year = 0.
const UnknownDatePartition = "year=0000/month=00"

// PartitionOptions configure a PartitionWriter or ArticlesTo. The zero
// value (or nil) gives the defaults.
type PartitionOptions struct {
	RowsPerFile int  // rows in a part file before the next one starts; 0 means DefaultRowsPerFile
	MaxOpen     int  // partitions with an open part file at once; 0 means DefaultMaxOpen
	Overwrite   bool // replace the part files of every partition written; otherwise existing ones are an error
}

func (o *PartitionOptions) withDefaults() PartitionOptions {
	var opt PartitionOptions
	if o != nil {
		opt = *o
	}
	if opt.RowsPerFile <= 0 {
		opt.RowsPerFile = DefaultRowsPerFile
	}
	if opt.MaxOpen <= 0 {
		opt.MaxOpen = DefaultMaxOpen
	}
	return opt
}

// PartitionWriter writes events as a Hive-partitioned Parquet data set,
// one partition per month of the event date:
//
//	<dir>/events/year=2024/month=03/part-00000.parquet
//	<dir>/events/year=2024/month=03/part-00001.parquet
//	<dir>/events/year=0000/month=00/part-00000.parquet   (events with no date)
//
// DuckDB reads it with read_parquet('<dir>/events/*/*/*.parquet',
// hive_partitioning=true), R with arrow::open_dataset("<dir>/events") and
// pandas with pandas.read_parquet("<dir>/events"), adding year and month
// columns. DuckDB types zero-padded partition values as VARCHAR ("03");
// add hive_types={'year': INTEGER, 'month': INTEGER} for integers. The
// files have the columns of EventParquetWriter (no year or month column).
//
// A partition's part file is opened when its first event arrives and
// finished after PartitionOptions.RowsPerFile rows; the next event of the
// partition starts the next part file. At most MaxOpen part files are open
// at once: when another is needed, the least recently written one is
// finished (events in date order, as Store.EachEvent gives them, keep one
// open).
//
// # Atomicity
//
// Every part file is written as "<name>.parquet.tmp", which no
// "*.parquet" pattern picks up, and renamed to its name only by a
// successful Close. After an error, or Abort, the writer removes all its
// temporary files and fails every later call, so an export that fails or
// crashes leaves no file that readers take for data (a crash can leave
// .tmp files; a rerun overwrites them).
//
// Without Overwrite, a partition that already holds a .parquet file is an
// error when the export reaches it, naming the file (errors.Is
// fs.ErrExist). With Overwrite, Close replaces the partitions the export
// wrote: their other .parquet files are removed after the new ones are in
// place. Partitions the export did not write are left alone. An export of
// no events writes no file. A PartitionWriter is not safe for concurrent
// use.
type PartitionWriter struct {
	set *partSet[avocet.StoredEvent]
}

// NewPartitionWriter returns a writer of the events data set under dir.
// opt may be nil. Nothing is created before the first Write.
func NewPartitionWriter(dir string, opt *PartitionOptions) *PartitionWriter {
	newEnc := func(w io.Writer) encoder[avocet.StoredEvent] { return NewEventParquetWriter(w) }
	return &PartitionWriter{set: newPartSet(filepath.Join(dir, "events"), opt.withDefaults(), newEnc)}
}

// EventPartition returns the partition directory of an event date, as
// "year=2024/month=03", or UnknownDatePartition for the zero time. The
// month is the calendar month of the date in its own location, as for
// the date column.
func EventPartition(date time.Time) string {
	if date.IsZero() {
		return UnknownDatePartition
	}
	y, m, _ := date.Date()
	return fmt.Sprintf("year=%04d/month=%02d", y, int(m))
}

// Write adds one event to the partition of its month.
func (p *PartitionWriter) Write(e *avocet.StoredEvent) error {
	return p.set.write(EventPartition(e.Date), e)
}

// Close finishes every part file and renames them into place. After an
// error nothing of the export is left but the files already renamed.
func (p *PartitionWriter) Close() error { return p.set.close() }

// Abort removes every file of the export; use it when the events cannot
// all be written (the store iteration failed, the context ended). It is a
// no-op after Close.
func (p *PartitionWriter) Abort() error { return p.set.abort() }

// Files returns the files written by Close, relative to the directory of
// NewPartitionWriter ("events/year=2024/month=03/part-00000.parquet"), in
// lexical order.
func (p *PartitionWriter) Files() []string { return p.set.files() }

// ArticlePartWriter writes articles as Parquet part files in one
// directory; see ArticlesTo.
type ArticlePartWriter struct {
	set *partSet[avocet.StoredArticle]
}

// ArticlesTo returns a writer of <dir>/articles/part-00000.parquet (and
// part-00001.parquet… after PartitionOptions.RowsPerFile articles), with
// the columns of ArticleParquetWriter and the atomicity and overwrite
// rules of PartitionWriter. opt may be nil.
func ArticlesTo(dir string, opt *PartitionOptions) *ArticlePartWriter {
	newEnc := func(w io.Writer) encoder[avocet.StoredArticle] { return NewArticleParquetWriter(w) }
	return &ArticlePartWriter{set: newPartSet(filepath.Join(dir, "articles"), opt.withDefaults(), newEnc)}
}

// Write adds one article.
func (a *ArticlePartWriter) Write(art *avocet.StoredArticle) error { return a.set.write(".", art) }

// Close finishes the part files and renames them into place.
func (a *ArticlePartWriter) Close() error { return a.set.close() }

// Abort removes every file of the export.
func (a *ArticlePartWriter) Abort() error { return a.set.abort() }

// Files returns the files written by Close, relative to the directory of
// ArticlesTo ("articles/part-00000.parquet").
func (a *ArticlePartWriter) Files() []string { return a.set.files() }

// encoder is a Parquet writer of one record type.
type encoder[T any] interface {
	Write(*T) error
	Close() error
}

// partSet is a set of directories of rolling part files, written as
// temporary files and renamed into place together.
type partSet[T any] struct {
	root     string
	opt      PartitionOptions
	newEnc   func(io.Writer) encoder[T]
	dirs     map[string]*partDir[T] // by partition path relative to root
	open     int                    // part files open
	tick     int64                  // clock for least-recently-written
	finished []*partFile[T]         // written and closed, waiting for Close to rename them
	created  []string               // directories this export created, deepest last
	renamed  []string               // final paths renamed by Close
	err      error                  // first error; every later call returns it
}

// partDir is one partition.
type partDir[T any] struct {
	path string       // directory of the partition
	next int          // number of its next part file
	cur  *partFile[T] // open part file, or nil
	used int64        // tick of its last write
}

// partFile is one part file being written.
type partFile[T any] struct {
	final string // path when committed
	tmp   string // path while written
	f     *os.File
	buf   *bufio.Writer
	enc   encoder[T]
	rows  int
}

// errPartClosed reports a call after Close or Abort.
var errPartClosed = errors.New("export closed")

func newPartSet[T any](root string, opt PartitionOptions, newEnc func(io.Writer) encoder[T]) *partSet[T] {
	return &partSet[T]{root: root, opt: opt, newEnc: newEnc, dirs: map[string]*partDir[T]{}}
}

func (s *partSet[T]) write(rel string, v *T) error {
	if s.err != nil {
		return s.err
	}
	d, err := s.dir(rel)
	if err != nil {
		return s.fail(err)
	}
	if d.cur == nil {
		if err := s.start(d); err != nil {
			return s.fail(err)
		}
	}
	s.tick++
	d.used = s.tick
	pf := d.cur
	if err := pf.enc.Write(v); err != nil {
		return s.fail(fmt.Errorf("export %s: %w", pf.final, err))
	}
	pf.rows++
	if pf.rows >= s.opt.RowsPerFile {
		if err := s.finish(d); err != nil {
			return s.fail(err)
		}
	}
	return nil
}

// dir returns the partition rel, checking on first use that it holds no
// Parquet files unless Overwrite is set.
func (s *partSet[T]) dir(rel string) (*partDir[T], error) {
	if d := s.dirs[rel]; d != nil {
		return d, nil
	}
	path := filepath.Join(s.root, rel)
	if !s.opt.Overwrite {
		old, err := parquetFiles(path)
		if err != nil {
			return nil, err
		}
		if len(old) > 0 {
			return nil, existsError(old[0])
		}
	}
	if err := s.mkdirAll(path); err != nil {
		return nil, err
	}
	d := &partDir[T]{path: path}
	s.dirs[rel] = d
	return d, nil
}

// mkdirAll creates path and its missing parents, remembering those it
// created so that a failed export can remove them again.
func (s *partSet[T]) mkdirAll(path string) error {
	var missing []string
	for p := path; ; p = filepath.Dir(p) {
		if _, err := os.Stat(p); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		missing = append(missing, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return err
	}
	for i := len(missing) - 1; i >= 0; i-- {
		s.created = append(s.created, missing[i])
	}
	return nil
}

// start opens the next part file of d, first finishing the least recently
// written open one when MaxOpen are open.
func (s *partSet[T]) start(d *partDir[T]) error {
	if s.open >= s.opt.MaxOpen {
		var lru *partDir[T]
		for _, o := range s.dirs {
			if o.cur != nil && (lru == nil || o.used < lru.used) {
				lru = o
			}
		}
		if err := s.finish(lru); err != nil {
			return err
		}
	}
	final := filepath.Join(d.path, fmt.Sprintf("part-%05d.parquet", d.next))
	if !s.opt.Overwrite {
		if _, err := os.Lstat(final); err == nil {
			return existsError(final)
		}
	}
	tmp := final + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	d.next++
	buf := bufio.NewWriterSize(f, 1<<20)
	d.cur = &partFile[T]{final: final, tmp: tmp, f: f, buf: buf, enc: s.newEnc(buf)}
	s.open++
	return nil
}

// finish completes d's open part file: footer, flush, fsync, close. The
// file is kept for renaming even when finishing fails, so that fail
// removes it.
func (s *partSet[T]) finish(d *partDir[T]) error {
	pf := d.cur
	d.cur = nil
	s.open--
	s.finished = append(s.finished, pf)
	err := pf.enc.Close()
	if err == nil {
		err = pf.buf.Flush()
	}
	if err == nil {
		err = pf.f.Sync()
	}
	if cerr := pf.f.Close(); err == nil {
		err = cerr
	}
	pf.f = nil
	if err != nil {
		return fmt.Errorf("export %s: %w", pf.final, err)
	}
	return nil
}

func (s *partSet[T]) close() error {
	if s.err != nil {
		return s.err
	}
	for _, d := range s.dirs {
		if d.cur != nil {
			if err := s.finish(d); err != nil {
				return s.fail(err)
			}
		}
	}
	for _, pf := range s.finished {
		if !s.opt.Overwrite {
			if _, err := os.Lstat(pf.final); err == nil {
				return s.fail(existsError(pf.final))
			}
		}
		if err := os.Rename(pf.tmp, pf.final); err != nil {
			return s.fail(err)
		}
		s.renamed = append(s.renamed, pf.final)
	}
	if s.opt.Overwrite {
		ours := map[string]bool{}
		for _, p := range s.renamed {
			ours[p] = true
		}
		for _, d := range s.dirs {
			old, err := parquetFiles(d.path)
			if err != nil {
				return s.fail(err)
			}
			for _, p := range old {
				if !ours[p] {
					if err := os.Remove(p); err != nil {
						return s.fail(err)
					}
				}
			}
		}
	}
	s.finished = nil
	s.err = errPartClosed
	return nil
}

// fail records err, removes every temporary file and the directories the
// export created (when empty), and returns err.
func (s *partSet[T]) fail(err error) error {
	s.err = err
	s.cleanup()
	return err
}

func (s *partSet[T]) abort() error {
	if errors.Is(s.err, errPartClosed) && s.finished == nil {
		return nil
	}
	if s.err == nil {
		s.err = errPartClosed
	}
	return s.cleanup()
}

// cleanup removes the temporary files and the directories the export
// created, and reports the first error other than a missing file.
func (s *partSet[T]) cleanup() error {
	var first error
	note := func(err error) {
		if err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = err
		}
	}
	for _, d := range s.dirs {
		if pf := d.cur; pf != nil {
			d.cur = nil
			s.open--
			pf.f.Close() // the file is removed next; its close error does not matter
			note(os.Remove(pf.tmp))
		}
	}
	for _, pf := range s.finished {
		note(os.Remove(pf.tmp))
	}
	s.finished = nil
	for i := len(s.created) - 1; i >= 0; i-- {
		os.Remove(s.created[i]) // fails, as it should, when the directory is not empty
	}
	s.created = nil
	return first
}

// files returns the renamed files relative to the parent of root.
func (s *partSet[T]) files() []string {
	base := filepath.Dir(s.root)
	out := make([]string, len(s.renamed))
	for i, p := range s.renamed {
		rel, err := filepath.Rel(base, p)
		if err != nil {
			rel = p
		}
		out[i] = filepath.ToSlash(rel)
	}
	slices.Sort(out)
	return out
}

// parquetFiles returns the .parquet files in dir; none when dir does not
// exist.
func parquetFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".parquet") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

func existsError(path string) error {
	return fmt.Errorf("export %s: %w (set Overwrite to replace it)", path, fs.ErrExist)
}
