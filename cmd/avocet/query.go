package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/cameo"
	"github.com/avocet-events/avocet/format"
)

const queryUsage = `query [flags]

Selects events from the store (--db) with filters and prints them, newest
first, as a table (default), JSONL (full provenance) or CSV. Actor filters take
CAMEO codes with a trailing * as a wildcard: --source 'USA*' --target RUS.
--daily prints the one-a-day view (identical date, dyad and code collapsed,
with mention counts); --series day|week|month prints counts per QuadClass and
the mean Goldstein weight; --top-actors N and --top-dyads N rank; --errors N
lists the latest ingest error records; --stats summarises the store.

Article knowledge: --theme, --person, --org and --entity keep events whose
article has that theme or names that entity (names match case-insensitively
inside canonical and written names: --person ramaphosa); --place keeps
events located there (a place name or an ISO alpha-3 country code).
--articles lists the matching articles instead (--place then means articles
that mention the place; event filters keep articles with such an event);
--top-entities N (with --type PER|ORG|LOC|GPE) and --top-themes N rank what
those articles name and are about; --knowledge ID prints one article's
knowledge as JSONL.`

func (m *Main) runQuery(ctx context.Context, args []string) error {
	fs := m.newFlags("query", queryUsage)
	db := dbFlag(fs)
	var qf queryFlags
	qf.register(fs)
	limit := fs.Int("limit", 50, "events to print (at most 10000; use export for more)")
	outFormat := fs.String("format", "table", "output: table, jsonl or csv")
	daily := fs.Bool("daily", false, "print the one-a-day deduplicated view")
	series := fs.String("series", "", "print a time series: day, week or month")
	topActors := fs.Int("top-actors", 0, "print the N most active actors")
	topDyads := fs.Int("top-dyads", 0, "print the N most frequent dyads")
	errs := fs.Int("errors", 0, "print the N latest ingest error records")
	stats := fs.Bool("stats", false, "print a summary of the store")
	articles := fs.Bool("articles", false, "print the articles that match instead of events")
	topEntities := fs.Int("top-entities", 0, "print the N entities named in the most matching articles")
	entityType := fs.String("type", "", "with --top-entities: PER, ORG, LOC or GPE")
	topThemes := fs.Int("top-themes", 0, "print the N themes of the most matching articles")
	knowledgeID := fs.String("knowledge", "", "print the knowledge of the article with this ID (JSONL)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("query takes no arguments (got %q); filters are flags", fs.Args())
	}
	if *limit < 1 || *limit > 10000 {
		return usagef("--limit %d: want 1 to 10000", *limit)
	}
	switch *outFormat {
	case "table", "jsonl", "csv":
	default:
		return usagef("--format %q: want table, jsonl or csv", *outFormat)
	}
	switch *series {
	case "", "day", "week", "month":
	default:
		return usagef("--series %q: want day, week or month", *series)
	}
	*entityType = strings.ToUpper(*entityType)
	switch *entityType {
	case "", "PER", "ORG", "LOC", "GPE":
	default:
		return usagef("--type %q: want PER, ORG, LOC or GPE", *entityType)
	}
	if *entityType != "" && *topEntities == 0 {
		return usagef("--type goes with --top-entities N")
	}
	if *topEntities < 0 || *topThemes < 0 || *topActors < 0 || *topDyads < 0 || *errs < 0 {
		return usagef("counts given to --top-* and --errors must be positive")
	}
	q, err := qf.query()
	if err != nil {
		return err
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
	out := bufio.NewWriter(m.Stdout)
	defer out.Flush()
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	switch {
	case *stats:
		s, err := st.Stats(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "articles\t%d\nevents\t%d\nerror records\t%d\nfirst event\t%s\nlast event\t%s\nlast ingest\t%s\nschema version\t%d\n",
			s.Articles, s.Events, s.Errors, day(s.FirstEvent), day(s.LastEvent), s.LastIngest.Format("2006-01-02 15:04:05Z07:00"), s.SchemaVersion)
	case *knowledgeID != "":
		k, err := st.Knowledge(ctx, *knowledgeID)
		if err != nil {
			return fmt.Errorf("article %s: %w", *knowledgeID, err)
		}
		a, err := st.Article(ctx, *knowledgeID)
		if err != nil {
			return fmt.Errorf("article %s: %w", *knowledgeID, err)
		}
		if err := format.NewJSONLWriter(out).Write(format.NewKnowledgeJSON(k, &a.Article)); err != nil {
			return err
		}
	case *topEntities > 0:
		counts, err := st.TopEntities(ctx, aq, *entityType, *topEntities)
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "entity\ttype\tcode\tarticles\tmentions")
		for _, c := range counts {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\n", c.Key, c.Type, orDash(c.Code), c.Articles, c.Mentions)
		}
	case *topThemes > 0:
		counts, err := st.TopThemes(ctx, aq, *topThemes)
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "theme\tarticles\tmentions")
		for _, c := range counts {
			fmt.Fprintf(tw, "%s\t%d\t%d\n", c.Key, c.Articles, c.Mentions)
		}
	case *articles:
		aq.Limit = *limit
		page, err := st.Articles(ctx, aq)
		if err != nil {
			return err
		}
		if err := writeArticles(out, tw, *outFormat, page.Articles); err != nil {
			return err
		}
		if page.Next != "" && *outFormat == "table" {
			fmt.Fprintf(m.Stderr, "avocet: more articles match; raise --limit\n")
		}
	case *errs > 0:
		list, err := st.Errors(ctx, *errs)
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "time\tinput\trecord\tstage\terror")
		for _, e := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.Time.Format("2006-01-02 15:04:05"), e.Input, e.Record, e.Stage, e.Err)
		}
	case *series != "":
		pts, err := st.Series(ctx, q, avocet.Interval(*series))
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "start\tevents\tverbal coop\tmaterial coop\tverbal conflict\tmaterial conflict\tmean goldstein")
		for _, p := range pts {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%.2f\n", day(p.Start), p.Events, p.Quad[0], p.Quad[1], p.Quad[2], p.Quad[3], p.Goldstein)
		}
	case *topActors > 0 || *topDyads > 0:
		n, list, head := *topActors, st.TopActors, "actor"
		if *topDyads > 0 {
			n, list, head = *topDyads, st.TopDyads, "dyad"
		}
		counts, err := list(ctx, q, n)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\tevents\n", head)
		for _, c := range counts {
			fmt.Fprintf(tw, "%s\t%d\n", c.Key, c.Events)
		}
	case *daily:
		rows, err := st.Daily(ctx, q)
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "date\tsource\ttarget\tcode\tname\tmentions\tarticles\tsources\tgoldstein")
		book := cameo.Default()
		for i, r := range rows {
			if i == *limit {
				break
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%.1f\n", day(r.Date), r.Source, r.Target, r.Code, codeName(book, r.Code), r.Mentions, r.Articles, r.Sources, r.Goldstein)
		}
	default:
		q.Limit = *limit
		page, err := st.Events(ctx, q)
		if err != nil {
			return err
		}
		if err := writeEvents(out, *outFormat, page.Events); err != nil {
			return err
		}
		if page.Next != "" && *outFormat == "table" {
			fmt.Fprintf(m.Stderr, "avocet: more events match; raise --limit or use 'avocet export'\n")
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return out.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeArticles prints articles as a table, JSONL or CSV.
func writeArticles(w io.Writer, tw *tabwriter.Writer, outFormat string, arts []avocet.StoredArticle) error {
	switch outFormat {
	case "jsonl":
		jw := format.NewJSONLWriter(w)
		for i := range arts {
			if err := jw.Write(articleJSON(&arts[i])); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"id", "date", "publisher", "title", "url", "events"})
		for i := range arts {
			a := &arts[i]
			cw.Write([]string{a.ID, day(a.Date), a.Publisher, a.Title, a.URL, strconv.Itoa(a.Events)})
		}
		cw.Flush()
		return cw.Error()
	}
	fmt.Fprintln(tw, "date\tpublisher\tevents\ttitle\tid")
	for i := range arts {
		a := &arts[i]
		title := a.Title
		if r := []rune(title); len(r) > 60 {
			title = string(r[:59]) + "…"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", day(a.Date), orDash(a.Publisher), a.Events, orDash(title), a.ID)
	}
	return nil
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

func codeName(book *cameo.Codebook, code string) string {
	if c, ok := book.Lookup(code); ok {
		return c.Name
	}
	return ""
}

// storedJSON is an event of the store as JSONL output: the event with its
// stable ID; spans stay offsets into the article text.
type storedJSON struct {
	ID string `json:"id"`
	format.EventJSON
}

func newStoredJSON(e *avocet.StoredEvent) storedJSON {
	j := format.NewEventJSON(e.Event, "", e.SentenceText)
	if s, t := e.Verb.Start-e.SentenceSpan.Start, e.Verb.End-e.SentenceSpan.Start; s >= 0 && t <= len(e.SentenceText) && s < t {
		j.Verb = e.SentenceText[s:t]
	}
	return storedJSON{ID: e.ID, EventJSON: j}
}

// writeEvents prints events as a table, JSONL or CSV.
func writeEvents(w io.Writer, outFormat string, events []avocet.StoredEvent) error {
	switch outFormat {
	case "jsonl":
		jw := format.NewJSONLWriter(w)
		for i := range events {
			if err := jw.Write(newStoredJSON(&events[i])); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := format.NewCSVWriter(w)
		for i := range events {
			if err := cw.Write(newStoredJSON(&events[i]).EventJSON); err != nil {
				return err
			}
		}
		return cw.Flush()
	case "table":
		book := cameo.Default()
		tw := format.NewEventTable(w, &format.EventTableOptions{Width: 100, Name: func(code string) string { return codeName(book, code) }})
		for i := range events {
			if err := tw.Write(&events[i]); err != nil {
				return err
			}
		}
		return tw.Flush()
	}
	return errors.New("unknown format " + outFormat)
}
