package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
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

// group is a run of inputs that travel together from reader to coder;
// done is closed once coded is filled.
type group struct {
	inputs []Input
	coded  []codedInput
	done   chan struct{}
}

type codedInput struct {
	c   Coded
	err *avocet.IngestError
}

const groupSize = 32

// Ingest reads src, skips articles the store already has, codes the rest
// on a pool of workers and stores them in batches. Every Store.Put is
// atomic and idempotent, so an ingest killed at any point and run again
// stores every article exactly once; the counts it reports are of
// committed batches only. Inputs that cannot be read or coded become
// error records and the ingest goes on; a store failure ends it.
func Ingest(ctx context.Context, st avocet.Store, ac *ArticleCoder, src Source, opts *IngestOptions) (IngestCounts, error) {
	var o IngestOptions
	if opts != nil {
		o = *opts
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 256
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	start := o.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var read, skipped atomic.Int64
	toCode := make(chan *group, o.Workers*2)
	// order carries the same groups in input order, so batches are stored
	// in the order articles were read.
	order := make(chan *group, o.Workers*4)

	var srcErr error
	go func() {
		defer close(toCode)
		defer close(order)
		seen := map[string]bool{} // IDs of this run, to skip repeats within the input
		g := &group{}
		flush := func() error {
			if len(g.inputs) == 0 {
				return nil
			}
			if err := dropKnown(ctx, st, g, &skipped); err != nil {
				return err
			}
			gg := g
			g = &group{}
			gg.done = make(chan struct{})
			select {
			case order <- gg:
			case <-ctx.Done():
				return ctx.Err()
			}
			toCode <- gg // workers drain toCode until it is closed
			return nil
		}
		srcErr = src(ctx, func(in Input) error {
			read.Add(1)
			if in.Err == nil {
				if seen[in.Article.ID] {
					skipped.Add(1)
					return nil
				}
				seen[in.Article.ID] = true
			}
			g.inputs = append(g.inputs, in)
			if len(g.inputs) >= groupSize {
				return flush()
			}
			return ctx.Err()
		})
		if srcErr == nil {
			srcErr = flush()
		}
	}()

	var wg sync.WaitGroup
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range toCode {
				g.coded = make([]codedInput, len(g.inputs))
				if ctx.Err() == nil {
					for i, in := range g.inputs {
						g.coded[i] = codeInput(ac, in, o.Now())
					}
				}
				close(g.done)
			}
		}()
	}

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
	for g := range order {
		<-g.done
		if storeErr != nil {
			continue
		}
		for _, ci := range g.coded {
			if ci.err != nil {
				batch.Errors = append(batch.Errors, *ci.err)
				continue
			}
			batch.Articles = append(batch.Articles, ci.c.Article) // the store decides whether to keep the text
			batch.Events = append(batch.Events, ci.c.Events...)
			if ci.c.Knowledge != nil {
				batch.Knowledge = append(batch.Knowledge, *ci.c.Knowledge)
			}
			batchArticles++
		}
		if batchArticles >= o.BatchSize || len(batch.Errors) >= o.BatchSize {
			if err := put(); err != nil {
				storeErr = err
				cancel()
			}
		}
	}
	wg.Wait()
	if storeErr == nil {
		storeErr = put()
	}
	counts.Read = int(read.Load())
	counts.Duplicates += int(skipped.Load())
	counts.Elapsed = o.Now().Sub(start)
	switch {
	case storeErr != nil:
		return counts, storeErr
	case srcErr != nil && !errors.Is(srcErr, context.Canceled):
		return counts, srcErr
	}
	return counts, ctx.Err()
}

// dropKnown removes from g the articles the store already has.
func dropKnown(ctx context.Context, st avocet.Store, g *group, skipped *atomic.Int64) error {
	var ids []string
	for _, in := range g.inputs {
		if in.Err == nil {
			ids = append(ids, in.Article.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	have, err := st.Has(ctx, ids)
	if err != nil {
		return fmt.Errorf("look up stored articles: %w", err)
	}
	kept := g.inputs[:0]
	for _, in := range g.inputs {
		if in.Err == nil && have[in.Article.ID] {
			skipped.Add(1)
			continue
		}
		kept = append(kept, in)
	}
	g.inputs = kept
	return nil
}

// codeInput codes one input, or turns it into an error record.
func codeInput(ac *ArticleCoder, in Input, now time.Time) codedInput {
	if in.Err != nil {
		return codedInput{err: &avocet.IngestError{Input: in.Input, Record: in.Record, Stage: "read", Err: in.Err.Error(), Time: now.UTC()}}
	}
	c, err := ac.Code(in.Article)
	if err != nil {
		rec := in.Record
		if rec == "" {
			rec = in.Article.ID
		}
		return codedInput{err: &avocet.IngestError{Input: in.Input, Record: rec, Stage: "code", Err: err.Error(), Time: now.UTC()}}
	}
	c.Article.Input = in.Input
	c.Article.Ingested = now.UTC()
	return codedInput{c: c}
}
