package duck

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/internal/spec"
)

// Knowledge returns what the article says beyond its events, or an error
// wrapping avocet.ErrNotFound when the article is not stored or was
// stored without knowledge.
func (s *Store) Knowledge(ctx context.Context, id string) (avocet.Knowledge, error) {
	if err := s.check(ctx); err != nil {
		return avocet.Knowledge{}, s.fail("knowledge", err)
	}
	notFound := fmt.Errorf("duck: knowledge %s: %w", id, avocet.ErrNotFound)
	// The article's seq leads to the row group of its document, as to
	// that of its events. The knowledge committed with the article, so
	// the second query sees it if the first saw the article.
	seq, ok, err := articleSeq(ctx, s.db, id)
	if err != nil {
		return avocet.Knowledge{}, s.fail("knowledge "+id, err)
	}
	if !ok {
		return avocet.Knowledge{}, notFound
	}
	rows, err := s.db.QueryContext(ctx, `SELECT text FROM article_knowledge_parts WHERE article_seq = ? ORDER BY part`, seq)
	if err != nil {
		return avocet.Knowledge{}, s.fail("knowledge "+id, err)
	}
	defer rows.Close()
	var doc strings.Builder
	n := 0
	for rows.Next() {
		var part string
		if err := rows.Scan(&part); err != nil {
			return avocet.Knowledge{}, s.fail("knowledge "+id, err)
		}
		doc.WriteString(part)
		n++
	}
	if err := rows.Err(); err != nil {
		return avocet.Knowledge{}, s.fail("knowledge "+id, err)
	}
	if n == 0 {
		return avocet.Knowledge{}, notFound
	}
	k, err := decodeKnowledge(id, doc.String())
	if err != nil {
		return avocet.Knowledge{}, s.fail("knowledge", err)
	}
	return k, nil
}

// articleReader is reader for an article query: its event filter's actor
// patterns and place must be looked up in the snapshot the query reads.
func (s *Store) articleReader(ctx context.Context, q *avocet.ArticleQuery) (queryer, func(), error) {
	if q.Events == nil {
		return s.db, func() {}, nil
	}
	return s.reader(ctx, q.Events)
}

// articleWhere returns the conditions of q's filters on col, an
// expression of articles.seq. With dated set the query reads articles a,
// whose date the date bounds then read directly; else they become a
// semi-join with articles.
func articleWhere(ctx context.Context, rq queryer, q *spec.ArticleQuery, col string, dated bool) (*where, error) {
	w, dates := &where{}, &where{}
	// Bounds on the date itself, not its day, let the zone maps skip row
	// groups.
	if !q.From.IsZero() {
		dates.add("a.date >= CAST(? AS TIMESTAMP)", q.From.Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		dates.add("a.date < CAST(? AS TIMESTAMP)", q.To.AddDate(0, 0, 1).Format(time.DateOnly))
	}
	switch {
	case len(dates.conds) == 0:
	case dated:
		w = dates
	default:
		w.add(col+" IN (SELECT a.seq FROM articles a WHERE "+dates.String()+")", dates.args...)
	}
	knows(w, col, &q.Filter)
	if q.Events != nil {
		eq, err := resolve(ctx, rq, *q.Events)
		if err != nil {
			return nil, err
		}
		ew := eq.where()
		w.add(col+" IN (SELECT e.article_seq FROM "+ew.from()+" WHERE "+ew.String()+")", ew.args...)
	}
	return w, nil
}

// Articles returns a page of the articles q selects: by day of their date,
// newest first and undated last, then by ID.
func (s *Store) Articles(ctx context.Context, q avocet.ArticleQuery) (avocet.ArticlePage, error) {
	var page avocet.ArticlePage
	if err := s.check(ctx); err != nil {
		return page, s.fail("articles", err)
	}
	p, err := spec.ParseArticleQuery(q)
	if err != nil {
		return page, fmt.Errorf("duck: articles: %w", err)
	}
	rq, done, err := s.articleReader(ctx, &q)
	if err != nil {
		return page, s.fail("articles", err)
	}
	defer done()
	w, err := articleWhere(ctx, rq, &p, "a.seq", true)
	if err != nil {
		return page, s.fail("articles", err)
	}
	// As for a page of events (see page): the first query finds the day
	// of the n-th article after the cursor's day, ordering by the time
	// itself, which DuckDB's top-N reads fast, and the second reads the
	// articles from that day on, which the zone maps on date find.
	n := p.Limit + 1
	rows, cutoff := w.clone(), w.clone()
	findCutoff := true
	if c := p.After; c != nil {
		if c.Date.IsZero() {
			rows.add("(a.date IS NULL AND a.id > ?)", c.ID)
			findCutoff = false // only undated articles follow
		} else {
			d := c.Date.Format(time.DateOnly)
			rows.add("(CAST(a.date AS DATE) < CAST(? AS DATE) OR (CAST(a.date AS DATE) = CAST(? AS DATE) AND a.id > ?) OR a.date IS NULL)", d, d, c.ID)
			cutoff.add("(a.date < CAST(? AS TIMESTAMP) OR a.date IS NULL)", d)
		}
	}
	if findCutoff {
		var day sql.NullTime
		err := rq.QueryRowContext(ctx, `SELECT CAST(a.date AS DATE) FROM articles a WHERE `+cutoff.String()+
			` ORDER BY a.date DESC NULLS LAST LIMIT 1 OFFSET `+strconv.Itoa(n-1), cutoff.args...).Scan(&day)
		switch {
		case errors.Is(err, sql.ErrNoRows): // fewer than n articles
		case err != nil:
			return page, s.fail("articles", err)
		case day.Valid:
			rows.add("a.date >= CAST(? AS TIMESTAMP)", day.Time.UTC().Format(time.DateOnly))
		}
	}
	res, err := rq.QueryContext(ctx, selectArticle+` a WHERE `+rows.String()+
		` ORDER BY CAST(a.date AS DATE) DESC NULLS LAST, a.id LIMIT `+strconv.Itoa(n), rows.args...)
	if err != nil {
		return page, s.fail("articles", err)
	}
	defer res.Close()
	for res.Next() {
		var a avocet.StoredArticle
		if err := scanArticle(res, &a); err != nil {
			return page, s.fail("articles", err)
		}
		page.Articles = append(page.Articles, a)
	}
	if err := res.Err(); err != nil {
		return avocet.ArticlePage{}, s.fail("articles", err)
	}
	if len(page.Articles) > p.Limit {
		page.Articles = page.Articles[:p.Limit]
		last := &page.Articles[len(page.Articles)-1]
		page.Next = spec.Cursor{Date: spec.Day(last.Date), ID: last.ID}.Encode()
	}
	return page, nil
}

// TopEntities returns the n entities of type typ ("" for any) named in the
// most articles q selects, ties by key and type. An entity is counted
// under its type and key (spec.EntityKey), which article_entities holds;
// Code is the smallest non-empty code of its rows. Articles are counted by
// first_in_article, set on one row per article and (type, key) when Put
// writes them: count(DISTINCT article_seq) takes ten times longer.
func (s *Store) TopEntities(ctx context.Context, q avocet.ArticleQuery, typ string, n int) ([]avocet.KnowledgeCount, error) {
	if err := s.check(ctx); err != nil {
		return nil, s.fail("top entities", err)
	}
	if err := spec.CheckEntityType(typ); err != nil {
		return nil, fmt.Errorf("duck: top entities: %w", err)
	}
	var cond []string
	var args []any
	if typ != "" {
		cond, args = []string{"k.type = ?"}, []any{typ}
	}
	return s.topKnowledge(ctx, "top entities", q, cond, args, func(w string) string {
		return `SELECT k.key, k.type, coalesce(min(nullif(k.code, '')), '') AS code,
	count(*) FILTER (WHERE k.first_in_article) AS articles, CAST(sum(k.mentions) AS BIGINT) AS mentions
FROM article_entities k WHERE ` + w + `
GROUP BY k.key, k.type ORDER BY articles DESC, k.key, k.type LIMIT ` + strconv.Itoa(spec.Top(n))
	})
}

// TopThemes returns the n themes of the most articles q selects, ties by
// code.
func (s *Store) TopThemes(ctx context.Context, q avocet.ArticleQuery, n int) ([]avocet.KnowledgeCount, error) {
	if err := s.check(ctx); err != nil {
		return nil, s.fail("top themes", err)
	}
	return s.topKnowledge(ctx, "top themes", q, nil, nil, func(w string) string {
		return `SELECT k.theme, '', '', count(*) FILTER (WHERE k.first_in_article) AS articles, CAST(sum(k.mentions) AS BIGINT) AS mentions
FROM article_themes k WHERE ` + w + `
GROUP BY k.theme ORDER BY articles DESC, k.theme LIMIT ` + strconv.Itoa(spec.Top(n))
	})
}

// topKnowledge runs the counting query that query makes of the condition
// on the rows k of a knowledge table: cond, and that k.article_seq is of
// an article q selects.
func (s *Store) topKnowledge(ctx context.Context, op string, q avocet.ArticleQuery, cond []string, args []any,
	query func(where string) string) ([]avocet.KnowledgeCount, error) {
	q.Limit, q.Cursor = 0, ""
	p, err := spec.ParseArticleQuery(q)
	if err != nil {
		return nil, fmt.Errorf("duck: %s: %w", op, err)
	}
	rq, done, err := s.articleReader(ctx, &q)
	if err != nil {
		return nil, s.fail(op, err)
	}
	defer done()
	w, err := articleWhere(ctx, rq, &p, "k.article_seq", false)
	if err != nil {
		return nil, s.fail(op, err)
	}
	w.conds = append(cond, w.conds...)
	w.args = append(args, w.args...)
	rows, err := rq.QueryContext(ctx, query(w.String()), w.args...)
	if err != nil {
		return nil, s.fail(op, err)
	}
	defer rows.Close()
	var out []avocet.KnowledgeCount
	for rows.Next() {
		var c avocet.KnowledgeCount
		if err := rows.Scan(&c.Key, &c.Type, &c.Code, &c.Articles, &c.Mentions); err != nil {
			return nil, s.fail(op, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(op, err)
	}
	return out, nil
}
