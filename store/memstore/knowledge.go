package memstore

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/internal/spec"
)

// copyKnowledge returns a deep copy of k with its dates in UTC.
func copyKnowledge(k *avocet.Knowledge) *avocet.Knowledge {
	c := *k
	c.Entities = slices.Clone(k.Entities)
	for i := range c.Entities {
		e := &c.Entities[i]
		e.Mentions = slices.Clone(e.Mentions)
		if e.Place != nil {
			p := *e.Place
			e.Place = &p
		}
	}
	c.Locations = slices.Clone(k.Locations)
	c.Themes = slices.Clone(k.Themes)
	for i := range c.Themes {
		c.Themes[i].Mentions = slices.Clone(c.Themes[i].Mentions)
	}
	c.Amounts = slices.Clone(k.Amounts)
	c.Quotations = slices.Clone(k.Quotations)
	c.Dates = slices.Clone(k.Dates)
	for i := range c.Dates {
		c.Dates[i].Date = c.Dates[i].Date.UTC()
	}
	return &c
}

// Knowledge returns the stored knowledge of an article, or an error
// wrapping avocet.ErrNotFound.
func (s *Store) Knowledge(ctx context.Context, id string) (avocet.Knowledge, error) {
	if err := s.rlock(ctx); err != nil {
		return avocet.Knowledge{}, err
	}
	defer s.mu.RUnlock()
	k, ok := s.know[id]
	if !ok {
		return avocet.Knowledge{}, fmt.Errorf("memstore: knowledge of article %s: %w", id, avocet.ErrNotFound)
	}
	return *copyKnowledge(k), nil
}

// selectArticles returns the articles q selects with their knowledge, in
// page order. The caller holds the read lock.
func (s *Store) selectArticles(q *spec.ArticleQuery) []*avocet.StoredArticle {
	var withEvent map[string]bool
	if q.Events != nil {
		withEvent = make(map[string]bool)
		for _, e := range s.byDate {
			if !withEvent[e.ArticleID] && q.Events.Match(e, s.know[e.ArticleID]) {
				withEvent[e.ArticleID] = true
			}
		}
	}
	var out []*avocet.StoredArticle
	for id, a := range s.articles {
		if withEvent != nil && !withEvent[id] {
			continue
		}
		if q.MatchArticle(a, s.know[id]) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return spec.NewerArticle(out[i], out[j]) })
	return out
}

// Articles returns a page of the articles q selects, newest first.
func (s *Store) Articles(ctx context.Context, q avocet.ArticleQuery) (avocet.ArticlePage, error) {
	p, err := spec.ParseArticleQuery(q)
	if err != nil {
		return avocet.ArticlePage{}, fmt.Errorf("memstore: articles: %w", err)
	}
	if err := s.rlock(ctx); err != nil {
		return avocet.ArticlePage{}, err
	}
	defer s.mu.RUnlock()
	var page avocet.ArticlePage
	for _, a := range s.selectArticles(&p) {
		if p.After != nil && !spec.ArticleAfterCursor(a, p.After) {
			continue
		}
		if len(page.Articles) == p.Limit {
			last := &page.Articles[len(page.Articles)-1]
			page.Next = spec.Cursor{Date: spec.Day(last.Date), ID: last.ID}.Encode()
			break
		}
		page.Articles = append(page.Articles, *a)
	}
	return page, nil
}

// TopEntities returns the n entities of type typ ("" for any) named in the
// most articles q selects.
func (s *Store) TopEntities(ctx context.Context, q avocet.ArticleQuery, typ string, n int) ([]avocet.KnowledgeCount, error) {
	if err := spec.CheckEntityType(typ); err != nil {
		return nil, fmt.Errorf("memstore: top entities: %w", err)
	}
	return s.topKnowledge(ctx, q, n, func(k *avocet.Knowledge, add func(key, typ, code string, mentions int)) {
		for i := range k.Entities {
			e := &k.Entities[i]
			if typ == "" || e.Type == typ {
				add(spec.EntityKey(e), e.Type, e.Code, len(e.Mentions))
			}
		}
	})
}

// TopThemes returns the n themes of the most articles q selects.
func (s *Store) TopThemes(ctx context.Context, q avocet.ArticleQuery, n int) ([]avocet.KnowledgeCount, error) {
	return s.topKnowledge(ctx, q, n, func(k *avocet.Knowledge, add func(key, typ, code string, mentions int)) {
		for i := range k.Themes {
			add(k.Themes[i].Code, "", "", len(k.Themes[i].Mentions))
		}
	})
}

func (s *Store) topKnowledge(ctx context.Context, q avocet.ArticleQuery, n int, keys func(*avocet.Knowledge, func(key, typ, code string, mentions int))) ([]avocet.KnowledgeCount, error) {
	q.Limit, q.Cursor = 0, ""
	p, err := spec.ParseArticleQuery(q)
	if err != nil {
		return nil, fmt.Errorf("memstore: top: %w", err)
	}
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	type key struct{ key, typ string }
	counts := make(map[key]*avocet.KnowledgeCount)
	for _, a := range s.selectArticles(&p) {
		k := s.know[a.ID]
		if k == nil {
			continue
		}
		seen := make(map[key]bool)
		keys(k, func(name, typ, code string, mentions int) {
			kk := key{name, typ}
			c := counts[kk]
			if c == nil {
				c = &avocet.KnowledgeCount{Key: name, Type: typ}
				counts[kk] = c
			}
			if code != "" && (c.Code == "" || code < c.Code) {
				c.Code = code // the smallest, as every store does
			}
			if !seen[kk] {
				seen[kk] = true
				c.Articles++
			}
			c.Mentions += mentions
		})
	}
	s.mu.RUnlock()
	out := make([]avocet.KnowledgeCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		switch {
		case a.Articles != b.Articles:
			return a.Articles > b.Articles
		case a.Key != b.Key:
			return a.Key < b.Key
		}
		return a.Type < b.Type
	})
	if n = spec.Top(n); len(out) > n {
		out = out[:n]
	}
	return out, nil
}
