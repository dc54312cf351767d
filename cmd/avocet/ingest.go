package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/avocet-events/avocet/cameo"
	"github.com/avocet-events/avocet/coder"
	"github.com/avocet-events/avocet/geo"
	"github.com/avocet-events/avocet/ingest"
	"github.com/avocet-events/avocet/pipeline"
)

const ingestUsage = `ingest [flags] [FILE|DIR|URL-LIST|-]...

Reads articles, codes them and stores articles and events in the DuckDB store
(--db, default avocet.duckdb). Inputs: plain text (one article a file), JSONL
articles ({"id","date","title","text","url","source"} a line), HTML pages
(main text, title, byline, date and canonical URL are extracted), RSS/Atom
feeds, WARC files (.warc, .warc.gz: the HTML responses inside), and files of
URLs (one a line; fetched over HTTP). A DIR is read for those kinds of files.

Articles are identified by a hash of their title and text: an article already
stored is skipped, so ingesting the same input twice, or rerunning an ingest
that was killed, stores every article once. A file that cannot be read, a
broken record or an article that fails to code becomes an error record (see
'avocet query --errors') and ingestion goes on. A progress bar shows on a
terminal; a summary line always ends the run.

Each article's knowledge is stored with it (people, organisations and places
named, geocoded places, themes, tone, amounts, quotations, dates): see
'avocet query --articles', --top-entities, --top-themes and --knowledge.
--knowledge=false skips it for speed.`

func (m *Main) runIngest(ctx context.Context, args []string) error {
	fs := m.newFlags("ingest", ingestUsage)
	db := dbFlag(fs)
	keepText := fs.Bool("keep-text", false, "store article texts, not only their metadata")
	model := fs.String("model", "", "language model bundle to use instead of the built-in one")
	dictDir := fs.String("dict", "", "dictionaries to use in addition to the built-in ones (see 'avocet code -h')")
	replace := fs.Bool("replace-dict", false, "with --dict: use only the given dictionaries")
	lenient := fs.Bool("lenient", false, "skip malformed dictionary lines with a warning")
	dateFlag := fs.String("date", "", "story date (YYYY-MM-DD) for articles without one")
	workers := fs.Int("workers", 0, "coding goroutines (default: number of CPUs)")
	batch := fs.Int("batch", 256, "articles stored per transaction")
	progressMode := fs.String("progress", "auto", "progress bar: auto (on a terminal), always or never")
	knowledge := fs.Bool("knowledge", true, "store each article's knowledge too: entities, places, themes, tone, amounts, quotations, dates (--knowledge=false is faster)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch *progressMode {
	case "auto", "always", "never":
	default:
		return usagef("--progress %q: want auto, always or never", *progressMode)
	}
	if *batch < 1 || *batch > 100000 {
		return usagef("--batch %d: want 1 to 100000", *batch)
	}
	inputs := fs.Args()
	if len(inputs) == 0 {
		return usagef("ingest needs at least one input (FILE, DIR, URL list or - for standard input)")
	}
	var defaultDate time.Time
	if *dateFlag != "" {
		d, err := time.Parse("2006-01-02", *dateFlag)
		if err != nil {
			return usagef("--date %q is not YYYY-MM-DD", *dateFlag)
		}
		defaultDate = d
	}
	ac, err := m.articleCoder(*model, *dictDir, *replace, *lenient)
	if err != nil {
		return err
	}
	ac.DefaultDate = defaultDate
	if *knowledge {
		if err := enableKnowledge(ac); err != nil {
			return err
		}
	}
	files, total, err := ingestFiles(inputs)
	if err != nil {
		return err
	}
	st, err := openStore(*db, *keepText)
	if err != nil {
		return err
	}
	defer st.Close()

	bar := newProgress(m.Stderr, *progressMode, total)
	src := m.ingestSource(files, bar)
	counts, err := pipeline.Ingest(ctx, st, ac, src, &pipeline.IngestOptions{
		Workers: *workers, BatchSize: *batch,
		Progress: func(c pipeline.IngestCounts) { bar.update(c.Stored, c.Events, c.Errors, false) },
	})
	bar.update(counts.Stored, counts.Events, counts.Errors, true)
	secs := counts.Elapsed.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(counts.Stored) / secs
	}
	fmt.Fprintf(m.Stderr, "avocet: ingested %d new article(s), %d duplicate(s), %d event(s), %d error record(s) in %.1fs (%.0f articles/s) into %s\n",
		counts.Stored, counts.Duplicates, counts.Events, counts.Errors, secs, rate, *db)
	if err != nil {
		return err
	}
	if cerr := st.Close(); cerr != nil {
		return fmt.Errorf("close store %s: %w", *db, cerr)
	}
	return nil
}

// articleCoder loads the model and dictionaries the way 'code' does.
func (m *Main) articleCoder(model, dictDir string, replace, lenient bool) (*pipeline.ArticleCoder, error) {
	ann, err := loadAnnotator(model)
	if err != nil {
		return nil, err
	}
	dicts, err := m.loadDictionaries(dictDir, replace, lenient)
	if err != nil {
		return nil, err
	}
	ac := pipeline.NewArticleCoder(ann, dicts, cameo.Default(), coder.Options{PlaceCountry: m.placeCountry()})
	if g, err := geo.Default(); err == nil {
		ac.Geocoder = geo.New(g, nil)
	}
	return ac, nil
}

// ingestFile is one input of an ingest.
type ingestFile struct {
	path string // "-" for standard input
	size int64  // bytes; 0 when unknown
}

// ingestFiles expands folders and sums the sizes of the inputs.
func ingestFiles(args []string) ([]ingestFile, int64, error) {
	var out []ingestFile
	var total int64
	for _, a := range args {
		if a == "-" {
			out = append(out, ingestFile{path: a})
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			return nil, 0, fmt.Errorf("input %s: %w", a, err)
		}
		if !st.IsDir() {
			out = append(out, ingestFile{path: a, size: st.Size()})
			total += st.Size()
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != a && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !ingest.Readable(d.Name()) { // URL lists are fetched only when named
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			out = append(out, ingestFile{path: p, size: info.Size()})
			total += info.Size()
			return nil
		})
		if err != nil {
			return nil, 0, fmt.Errorf("input %s: %w", a, err)
		}
	}
	return out, total, nil
}

// ingestSource reads the inputs in order, turning each record into a
// pipeline input; a file that cannot be opened becomes an error record.
func (m *Main) ingestSource(files []ingestFile, bar *progress) pipeline.Source {
	return func(ctx context.Context, emit func(pipeline.Input) error) error {
		var emitErr error // the pipeline stopped taking inputs
		fn := func(r ingest.Record) error {
			emitErr = emit(pipeline.Input{Article: r.Article, Input: r.Input, Record: r.Record, Err: r.Err})
			return emitErr
		}
		for _, f := range files {
			var err error
			if f.path == "-" {
				err = ingest.Read(ctx, "-", &countingReader{r: m.Stdin, p: bar}, nil, fn)
			} else {
				err = readIngestFile(ctx, f.path, bar, fn)
			}
			if emitErr != nil {
				return emitErr
			}
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if eerr := emit(pipeline.Input{Input: f.path, Err: err}); eerr != nil {
					return eerr
				}
			}
		}
		return nil
	}
}

// readIngestFile reads one file, counting its bytes for the progress bar.
func readIngestFile(ctx context.Context, path string, bar *progress, fn func(ingest.Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return ingest.Read(ctx, path, &countingReader{r: f, p: bar}, nil, fn)
}

// placeCountry returns the gazetteer's country lookup for the coder, or
// nil (with a warning) when the gazetteer cannot be loaded.
func (m *Main) placeCountry() func(string) (string, bool) {
	g, err := geo.Default()
	if err != nil {
		fmt.Fprintln(m.Stderr, "avocet: warning: gazetteer:", err, "(places will not be coded as countries)")
		return nil
	}
	return g.CountryOf
}
