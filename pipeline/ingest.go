package pipeline

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/avocet-events/avocet"
)

// Input is one article to ingest, or (Err set) an input or record that
// could not be read; the latter is stored as an error record.
type Input struct {
	Article avocet.Article // ID must be set (the ingest package sets the content hash)
	Input   string         // file, URL or "http"
	Record  string         // record within the input ("line 3", "WARC record 7")
	Err     error
}

// Source produces the inputs of an ingest by calling emit for each, in
// order, and stops at emit's first error.
type Source func(ctx context.Context, emit func(Input) error) error

// IngestOptions controls Ingest. Zero values take the defaults.
type IngestOptions struct {
	Workers   int                // coding goroutines; default GOMAXPROCS
	BatchSize int                // articles per Store.Put; default 256
	KeepText  bool               // store article texts, not only metadata
	Progress  func(IngestCounts) // called after each stored batch, from one goroutine
	Now       func() time.Time   // clock for StoredArticle.Ingested; default time.Now
}

// IngestCounts says how far an ingest got. Counts cover what was stored
// (committed) except Read, which counts inputs read so far.
type IngestCounts struct {
	Read       int                  // articles and error records read
	Stored     int                  // new articles stored
	Duplicates int                  // articles already stored (or repeated in the input), skipped
	Events     int                  // events stored
	Errors     int                  // error records stored
	ErrorList  []avocet.IngestError // the first 100 error records stored
	Elapsed    time.Duration        // since the ingest started
}

// groupSize is how many inputs Ingest looks up in the store at once.
const groupSize = 32

// Ingest reads src, skips articles the store already has, codes the rest
// on a pool of workers (CodeAll) and stores them in batches. Every
// Store.Put is atomic and idempotent, so an ingest killed at any point and
// run again stores every article exactly once; the counts it reports are
// of committed batches only. Inputs that cannot be read or coded become
// error records and the ingest goes on; a store failure ends it.
func Ingest(ctx context.Context, st avocet.Store, ac *ArticleCoder, src Source, opts *IngestOptions) (IngestCounts, error) {
	var o IngestOptions
	if opts != nil {
		o = *opts
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 256
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	start := o.Now()
	var read, skipped atomic.Int64
	var counts IngestCounts
	var batch avocet.Batch
	var batchArticles int
	put := func() error {
		if len(batch.Articles) == 0 && len(batch.Errors) == 0 {
			return nil
		}
		res, err := st.Put(ctx, batch)
		if err != nil {
			return fmt.Errorf("store %d article(s): %w", len(batch.Articles), err)
		}
		counts.Stored += res.Articles
		counts.Duplicates += res.Duplicates
		counts.Events += res.Events
		counts.Errors += res.Errors
		for _, e := range batch.Errors {
			if len(counts.ErrorList) < 100 {
				counts.ErrorList = append(counts.ErrorList, e)
			}
		}
		counts.Read = int(read.Load())
		counts.Elapsed = o.Now().Sub(start)
		batch = avocet.Batch{}
		batchArticles = 0
		if o.Progress != nil {
			c := counts
			c.Duplicates += int(skipped.Load())
			o.Progress(c)
		}
		return nil
	}
	var storeErr error
	err := CodeAll(ctx, ac, skipKnown(st, src, &read, &skipped), o.Workers, func(in Input, c Coded, err error) error {
		now := o.Now().UTC()
		switch {
		case in.Err != nil:
			batch.Errors = append(batch.Errors, avocet.IngestError{Input: in.Input, Record: in.Record, Stage: "read", Err: in.Err.Error(), Time: now})
		case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
			return err // the ingest was stopped: not the article's fault
		case err != nil:
			rec := in.Record
			if rec == "" {
				rec = in.Article.ID
			}
			batch.Errors = append(batch.Errors, avocet.IngestError{Input: in.Input, Record: rec, Stage: "code", Err: err.Error(), Time: now})
		default:
			c.Article.Input = in.Input
			c.Article.Ingested = now
			batch.Articles = append(batch.Articles, c.Article) // the store decides whether to keep the text
			batch.Events = append(batch.Events, c.Events...)
			if c.Knowledge != nil {
				batch.Knowledge = append(batch.Knowledge, *c.Knowledge)
			}
			batchArticles++
		}
		if batchArticles >= o.BatchSize || len(batch.Errors) >= o.BatchSize {
			if storeErr = put(); storeErr != nil {
				return storeErr
			}
		}
		return nil
	})
	if storeErr == nil && ctx.Err() == nil {
		storeErr = put() // what was coded before a read failure is kept
	}
	counts.Read = int(read.Load())
	counts.Duplicates += int(skipped.Load())
	counts.Elapsed = o.Now().Sub(start)
	switch {
	case storeErr != nil:
		return counts, storeErr
	case err != nil && !errors.Is(err, context.Canceled):
		return counts, err
	}
	return counts, ctx.Err()
}

// skipKnown returns src without the articles the store already has or
// that repeat one read before; it looks inputs up in groups of groupSize,
// counting the inputs read and the articles skipped.
func skipKnown(st avocet.Store, src Source, read, skipped *atomic.Int64) Source {
	return func(ctx context.Context, emit func(Input) error) error {
		seen := map[string]bool{} // IDs of this run
		var group []Input
		flush := func() error {
			var ids []string
			for _, in := range group {
				if in.Err == nil {
					ids = append(ids, in.Article.ID)
				}
			}
			var have map[string]bool
			if len(ids) > 0 {
				var err error
				if have, err = st.Has(ctx, ids); err != nil {
					return fmt.Errorf("look up stored articles: %w", err)
				}
			}
			for _, in := range group {
				if in.Err == nil && have[in.Article.ID] {
					skipped.Add(1)
					continue
				}
				if err := emit(in); err != nil {
					return err
				}
			}
			group = group[:0]
			return nil
		}
		err := src(ctx, func(in Input) error {
			read.Add(1)
			if in.Err == nil {
				if seen[in.Article.ID] {
					skipped.Add(1)
					return nil
				}
				seen[in.Article.ID] = true
			}
			group = append(group, in)
			if len(group) >= groupSize {
				return flush()
			}
			return ctx.Err()
		})
		if err == nil {
			err = flush()
		}
		return err
	}
}
