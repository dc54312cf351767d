package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/format"
)

const exportUsage = `export [flags]

Exports the events the filters select (all by default; see 'avocet query -h'
for the filters) from the store (--db):
  --format parquet  a Hive-partitioned data set under --out DIR:
                    DIR/events/year=2024/month=03/part-00000.parquet, and with
                    --articles DIR/articles/part-00000.parquet. R (arrow),
                    pandas, DuckDB and Spark read it directly, e.g. in DuckDB:
                    SELECT * FROM read_parquet('DIR/events/*/*/*.parquet', hive_partitioning=true)
  --format gdelt    GDELT 2.0 Events TSV (61 columns)
  --format csv      one event a line with provenance
  --format jsonl    one event a line with full provenance; with --articles,
                    the articles instead
  --format gkg      the articles' knowledge as GDELT GKG 2.1 TSV (one article
                    a line; articles stored without knowledge are left out)
  --format knowledge  the articles' knowledge as JSONL (as 'avocet knowledge')
With gkg and knowledge the filters select articles as 'avocet query
--articles' does.
Files are written to a temporary name and renamed when complete, so readers
never see half an export.`

func (m *Main) runExport(ctx context.Context, args []string) error {
	fs := m.newFlags("export", exportUsage)
	db := dbFlag(fs)
	var qf queryFlags
	qf.register(fs)
	outFormat := fs.String("format", "parquet", "parquet, gdelt, csv, jsonl, gkg or knowledge")
	out := fs.String("out", "", "output folder (parquet) or file (others; default standard output)")
	articles := fs.Bool("articles", false, "also export the articles (parquet), or export articles instead of events (jsonl)")
	overwrite := fs.Bool("overwrite", false, "replace existing output files")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("export takes no arguments (got %q)", fs.Args())
	}
	q, err := qf.query()
	if err != nil {
		return err
	}
	switch *outFormat {
	case "parquet":
		if *out == "" {
			return usagef("--format parquet needs --out DIR")
		}
	case "gdelt", "csv":
		if *articles {
			return usagef("--articles needs --format parquet or jsonl")
		}
	case "jsonl":
	case "gkg", "knowledge":
		if *articles {
			return usagef("--format %s exports articles already; drop --articles", *outFormat)
		}
	default:
		return usagef("--format %q: want parquet, gdelt, csv, jsonl, gkg or knowledge", *outFormat)
	}
	aq, err := qf.articleQuery()
	if err != nil {
		return err
	}
	st, err := openStore(*db, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if *outFormat == "parquet" {
		return m.exportParquet(ctx, st, q, *out, *articles, *overwrite)
	}
	w, commit, err := createOutput(*out, *overwrite, m.Stdout)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var n int
	if *outFormat == "gkg" || *outFormat == "knowledge" {
		n, err = exportKnowledge(ctx, st, aq, *outFormat, bw)
	} else {
		n, err = exportStream(ctx, st, q, *outFormat, *articles, bw)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err = commit(err); err != nil {
		return err
	}
	what := "event(s)"
	if *articles || *outFormat == "gkg" || *outFormat == "knowledge" {
		what = "article(s)"
	}
	fmt.Fprintf(m.Stderr, "avocet: exported %d %s as %s\n", n, what, *outFormat)
	return nil
}

// exportKnowledge writes the knowledge of the articles aq selects, newest
// first, as GKG 2.1 TSV or JSONL.
func exportKnowledge(ctx context.Context, st avocet.Store, aq avocet.ArticleQuery, outFormat string, w io.Writer) (int, error) {
	n := 0
	gw, jw := format.NewGKGWriter(w), format.NewJSONLWriter(w)
	aq.Limit = 1000
	for {
		page, err := st.Articles(ctx, aq)
		if err != nil {
			return n, err
		}
		for i := range page.Articles {
			a := &page.Articles[i]
			k, err := st.Knowledge(ctx, a.ID)
			if errors.Is(err, avocet.ErrNotFound) {
				continue
			}
			if err != nil {
				return n, fmt.Errorf("knowledge of article %s: %w", a.ID, err)
			}
			if outFormat == "gkg" {
				err = gw.Write(k, &a.Article)
			} else {
				err = jw.Write(format.NewKnowledgeJSON(k, &a.Article))
			}
			if err != nil {
				return n, err
			}
			n++
		}
		if page.Next == "" {
			return n, nil
		}
		aq.Cursor = page.Next
	}
}

func exportStream(ctx context.Context, st avocet.Store, q avocet.EventQuery, outFormat string, articles bool, w io.Writer) (int, error) {
	n := 0
	if articles {
		jw := format.NewJSONLWriter(w)
		err := st.EachArticle(ctx, func(a *avocet.StoredArticle) error {
			n++
			return jw.Write(articleJSON(a))
		})
		return n, err
	}
	switch outFormat {
	case "gdelt":
		g := format.NewGDELTWriter(w)
		cache := map[string]*avocet.Article{}
		err := st.EachEvent(ctx, q, func(e *avocet.StoredEvent) error {
			a, ok := cache[e.ArticleID]
			if !ok {
				sa, err := st.Article(ctx, e.ArticleID)
				if err != nil {
					return fmt.Errorf("article %s of event %s: %w", e.ArticleID, e.ID, err)
				}
				if len(cache) > 10000 {
					clear(cache)
				}
				a = &sa.Article
				cache[e.ArticleID] = a
			}
			n++
			return g.Write(e.Event, a)
		})
		return n, err
	case "csv":
		cw := format.NewCSVWriter(w)
		err := st.EachEvent(ctx, q, func(e *avocet.StoredEvent) error {
			n++
			return cw.Write(newStoredJSON(e).EventJSON)
		})
		if err != nil {
			return n, err
		}
		return n, cw.Flush()
	default:
		jw := format.NewJSONLWriter(w)
		err := st.EachEvent(ctx, q, func(e *avocet.StoredEvent) error {
			n++
			return jw.Write(newStoredJSON(e))
		})
		return n, err
	}
}

func (m *Main) exportParquet(ctx context.Context, st avocet.Store, q avocet.EventQuery, dir string, articles, overwrite bool) error {
	opts := &format.PartitionOptions{Overwrite: overwrite}
	pw := format.NewPartitionWriter(dir, opts)
	n := 0
	err := st.EachEvent(ctx, q, func(e *avocet.StoredEvent) error {
		n++
		return pw.Write(e)
	})
	if err != nil {
		pw.Abort()
		return err
	}
	if err := pw.Close(); err != nil {
		return err
	}
	na := 0
	if articles {
		aw := format.ArticlesTo(dir, opts)
		err := st.EachArticle(ctx, func(a *avocet.StoredArticle) error {
			na++
			return aw.Write(a)
		})
		if err != nil {
			aw.Abort()
			return err
		}
		if err := aw.Close(); err != nil {
			return err
		}
	}
	fmt.Fprintf(m.Stderr, "avocet: exported %d event(s) in %d file(s)", n, len(pw.Files()))
	if articles {
		fmt.Fprintf(m.Stderr, " and %d article(s)", na)
	}
	fmt.Fprintf(m.Stderr, " under %s\n", dir)
	return nil
}

// createOutput opens path for writing through a temporary file renamed on
// success (or standard output when path is empty or "-"). commit takes the
// export's error, removes the temporary file when it is not nil, and
// returns the first error.
func createOutput(path string, overwrite bool, stdout io.Writer) (io.Writer, func(error) error, error) {
	if path == "" || path == "-" {
		return stdout, func(err error) error { return err }, nil
	}
	if _, err := os.Stat(path); err == nil && !overwrite {
		return nil, nil, fmt.Errorf("%s exists; give --overwrite to replace it", path)
	}
	f, err := os.CreateTemp(dirOf(path), ".avocet-export-*")
	if err != nil {
		return nil, nil, err
	}
	commit := func(err error) error {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(f.Name(), path)
		}
		if err != nil {
			os.Remove(f.Name())
		}
		return err
	}
	return f, commit, nil
}

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if os.IsPathSeparator(path[i]) {
			return path[:i+1]
		}
	}
	return "."
}

// articleJSONRecord is an article of the store as JSONL output.
type articleJSONRecord struct {
	ID        string `json:"id"`
	URL       string `json:"url,omitempty"`
	Publisher string `json:"source,omitempty"`
	Title     string `json:"title,omitempty"`
	Dateline  string `json:"dateline,omitempty"`
	Date      string `json:"date,omitempty"`
	Language  string `json:"language,omitempty"`
	Text      string `json:"text,omitempty"`
	Input     string `json:"input,omitempty"`
	Ingested  string `json:"ingested"`
	Sentences int    `json:"sentences"`
	Events    int    `json:"events"`
}

func articleJSON(a *avocet.StoredArticle) articleJSONRecord {
	return articleJSONRecord{ID: a.ID, URL: a.URL, Publisher: a.Publisher, Title: a.Title, Dateline: a.Dateline,
		Date: dayOrEmpty(a.Date), Language: a.Language, Text: a.Text, Input: a.Input,
		Ingested: a.Ingested.UTC().Format("2006-01-02T15:04:05Z"), Sentences: a.Sentences, Events: a.Events}
}

func dayOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
