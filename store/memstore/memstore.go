package memstore

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/internal/spec"
)

// Options configure a Store. The zero value (or nil) is the default.
type Options struct {
	KeepText bool // keep article texts; by default Article.Text is dropped, as in the DuckDB store
}

// Store is an in-memory avocet.Store. It is safe for concurrent use; reads
// share a lock and Put takes it exclusively, so a Put is atomic.
type Store struct {
	keepText bool

	mu       sync.RWMutex
	closed   bool
	articles map[string]*avocet.StoredArticle
	events   map[string]*avocet.StoredEvent
	byDate   []*avocet.StoredEvent  // all events in EachEvent order (date, then ID)
	errs     []avocet.IngestError   // in insertion order
	errKeys  map[spec.ErrorKey]bool // keys of errs
	know     map[string]*avocet.Knowledge
}

var _ avocet.Store = (*Store)(nil)

// New returns an empty store. A nil opts means the defaults.
func New(opts *Options) *Store {
	s := &Store{
		articles: make(map[string]*avocet.StoredArticle),
		events:   make(map[string]*avocet.StoredEvent),
		errKeys:  make(map[spec.ErrorKey]bool),
		know:     make(map[string]*avocet.Knowledge),
	}
	if opts != nil {
		s.keepText = opts.KeepText
	}
	return s
}

func (s *Store) rlock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return avocet.ErrClosed
	}
	return nil
}

// Put stores the batch's new articles with their events, and its error
// records. Articles already stored are skipped with their events.
func (s *Store) Put(ctx context.Context, b avocet.Batch) (avocet.PutResult, error) {
	var res avocet.PutResult
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("memstore: put: %w", err)
	}
	if err := spec.CheckBatch(&b); err != nil {
		return res, fmt.Errorf("memstore: put: %w", err)
	}
	now := spec.Instant(time.Now())
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return res, avocet.ErrClosed
	}
	fresh := make(map[string]*avocet.StoredArticle, len(b.Articles))
	for i := range b.Articles {
		a := b.Articles[i]
		if _, ok := s.articles[a.ID]; ok {
			res.Duplicates++
			continue
		}
		a.Date = spec.Instant(a.Date)
		a.Ingested = spec.Instant(a.Ingested)
		if a.Ingested.IsZero() {
			a.Ingested = now
		}
		if !s.keepText {
			a.Text = ""
		}
		a.Events = 0
		fresh[a.ID] = &a
	}
	var evs []*avocet.StoredEvent
	for i := range b.Events {
		e := &b.Events[i]
		a, ok := fresh[e.ArticleID]
		if !ok {
			continue
		}
		if _, dup := s.events[e.ID]; dup {
			return avocet.PutResult{}, fmt.Errorf("memstore: put: event %s already stored: %w", e.ID, avocet.ErrInvalidInput)
		}
		a.Events++
		evs = append(evs, copyEvent(e))
	}
	var know []*avocet.Knowledge
	for i := range b.Knowledge {
		if _, ok := fresh[b.Knowledge[i].ArticleID]; ok {
			know = append(know, copyKnowledge(&b.Knowledge[i]))
		}
	}
	if err := ctx.Err(); err != nil {
		return avocet.PutResult{}, fmt.Errorf("memstore: put: %w", err)
	}
	// Nothing can fail from here on.
	for id, a := range fresh {
		s.articles[id] = a
	}
	for _, k := range know {
		s.know[k.ArticleID] = k
	}
	for _, e := range evs {
		s.events[e.ID] = e
	}
	s.byDate = merge(s.byDate, evs)
	for _, e := range b.Errors {
		if k := spec.KeyOf(&e); !s.errKeys[k] {
			s.errKeys[k] = true
			e.Time = spec.Instant(e.Time)
			if e.Time.IsZero() {
				e.Time = now
			}
			s.errs = append(s.errs, e)
			res.Errors++
		}
	}
	res.Articles = len(fresh)
	res.Events = len(evs)
	return res, nil
}

// copyEvent returns a normalised deep copy of e.
func copyEvent(e *avocet.StoredEvent) *avocet.StoredEvent {
	c := *e
	c.Date = spec.Day(c.Date)
	c.Source.Sectors = spec.Strings(c.Source.Sectors)
	c.Target.Sectors = spec.Strings(c.Target.Sectors)
	c.Issues = spec.Strings(c.Issues)
	for _, l := range []**avocet.Location{&c.Location, &c.Source.Place, &c.Target.Place} {
		if *l != nil {
			cp := **l
			*l = &cp
		}
	}
	return &c
}

// Has reports which of the IDs are stored.
func (s *Store) Has(ctx context.Context, ids []string) (map[string]bool, error) {
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		if _, ok := s.articles[id]; ok {
			m[id] = true
		}
	}
	return m, nil
}

// Article returns a stored article, or an error wrapping avocet.ErrNotFound.
func (s *Store) Article(ctx context.Context, id string) (avocet.StoredArticle, error) {
	if err := s.rlock(ctx); err != nil {
		return avocet.StoredArticle{}, err
	}
	defer s.mu.RUnlock()
	a, ok := s.articles[id]
	if !ok {
		return avocet.StoredArticle{}, fmt.Errorf("memstore: article %s: %w", id, avocet.ErrNotFound)
	}
	return *a, nil
}

// Event returns a stored event, or an error wrapping avocet.ErrNotFound.
func (s *Store) Event(ctx context.Context, id string) (avocet.StoredEvent, error) {
	if err := s.rlock(ctx); err != nil {
		return avocet.StoredEvent{}, err
	}
	defer s.mu.RUnlock()
	e, ok := s.events[id]
	if !ok {
		return avocet.StoredEvent{}, fmt.Errorf("memstore: event %s: %w", id, avocet.ErrNotFound)
	}
	return *copyEvent(e), nil
}

// merge returns the events of the sorted slice old and of add in EachEvent
// order. It sorts add.
func merge(old, add []*avocet.StoredEvent) []*avocet.StoredEvent {
	if len(add) == 0 {
		return old
	}
	sort.Slice(add, func(i, j int) bool { return spec.Older(add[i], add[j]) })
	out := make([]*avocet.StoredEvent, 0, len(old)+len(add))
	for len(old) > 0 && len(add) > 0 {
		if spec.Older(add[0], old[0]) {
			out, add = append(out, add[0]), add[1:]
		} else {
			out, old = append(out, old[0]), old[1:]
		}
	}
	out = append(out, old...)
	return append(out, add...)
}

// selectEvents returns copies of the events q selects in EachEvent order.
// The caller holds the read lock.
func (s *Store) selectEvents(q *spec.Query) []*avocet.StoredEvent {
	var out []*avocet.StoredEvent
	for _, e := range s.byDate {
		if q.Match(e, s.know[e.ArticleID]) {
			out = append(out, copyEvent(e))
		}
	}
	return out
}

// Events returns a page of the events q selects, newest first.
func (s *Store) Events(ctx context.Context, q avocet.EventQuery) (avocet.EventPage, error) {
	p, err := spec.Parse(q)
	if err != nil {
		return avocet.EventPage{}, fmt.Errorf("memstore: events: %w", err)
	}
	evs, err := s.snapshot(ctx, &p)
	if err != nil {
		return avocet.EventPage{}, err
	}
	sort.Slice(evs, func(i, j int) bool { return spec.Newer(evs[i], evs[j]) })
	var page avocet.EventPage
	for _, e := range evs {
		if p.After != nil && !spec.AfterCursor(e, p.After) {
			continue
		}
		if len(page.Events) == p.Limit {
			last := &page.Events[len(page.Events)-1]
			page.Next = spec.Cursor{Date: last.Date, ID: last.ID}.Encode()
			break
		}
		page.Events = append(page.Events, *e)
	}
	return page, nil
}

// EachEvent calls fn for every event q selects, oldest first.
func (s *Store) EachEvent(ctx context.Context, q avocet.EventQuery, fn func(*avocet.StoredEvent) error) error {
	q.Limit, q.Cursor = 0, ""
	p, err := spec.Parse(q)
	if err != nil {
		return fmt.Errorf("memstore: each event: %w", err)
	}
	evs, err := s.snapshot(ctx, &p)
	if err != nil {
		return err
	}
	for _, e := range evs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) snapshot(ctx context.Context, p *spec.Query) ([]*avocet.StoredEvent, error) {
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	return s.selectEvents(p), nil
}

// EachArticle calls fn for every stored article in ID order.
func (s *Store) EachArticle(ctx context.Context, fn func(*avocet.StoredArticle) error) error {
	if err := s.rlock(ctx); err != nil {
		return err
	}
	arts := make([]avocet.StoredArticle, 0, len(s.articles))
	for _, a := range s.articles {
		arts = append(arts, *a)
	}
	s.mu.RUnlock()
	sort.Slice(arts, func(i, j int) bool { return arts[i].ID < arts[j].ID })
	for i := range arts {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(&arts[i]); err != nil {
			return err
		}
	}
	return nil
}

// Series returns the events q selects counted per bucket of width iv, oldest
// bucket first. Undated events and empty buckets are left out.
func (s *Store) Series(ctx context.Context, q avocet.EventQuery, iv avocet.Interval) ([]avocet.SeriesPoint, error) {
	if err := spec.CheckInterval(iv); err != nil {
		return nil, fmt.Errorf("memstore: series: %w", err)
	}
	p, err := spec.Parse(q)
	if err != nil {
		return nil, fmt.Errorf("memstore: series: %w", err)
	}
	evs, err := s.snapshot(ctx, &p)
	if err != nil {
		return nil, err
	}
	var out []avocet.SeriesPoint
	var sum float64
	for _, e := range evs { // in date order
		if e.Date.IsZero() {
			continue
		}
		b := spec.Bucket(e.Date, iv)
		if len(out) == 0 || !out[len(out)-1].Start.Equal(b) {
			if len(out) > 0 {
				out[len(out)-1].Goldstein = sum / float64(out[len(out)-1].Events)
			}
			out = append(out, avocet.SeriesPoint{Start: b})
			sum = 0
		}
		pt := &out[len(out)-1]
		pt.Events++
		if e.QuadClass >= 1 && e.QuadClass <= 4 {
			pt.Quad[e.QuadClass-1]++
		}
		sum += e.Goldstein
	}
	if len(out) > 0 {
		out[len(out)-1].Goldstein = sum / float64(out[len(out)-1].Events)
	}
	return out, nil
}

// TopActors returns the n actor codes most frequent in the events q selects.
// An event counts once for its source code and once for its target code;
// "---" and empty codes are left out. Ties are ordered by code; n <= 0 means 10.
func (s *Store) TopActors(ctx context.Context, q avocet.EventQuery, n int) ([]avocet.Count, error) {
	return s.top(ctx, q, n, func(e *avocet.StoredEvent, add func(string)) {
		for _, c := range [2]string{e.Source.Code, e.Target.Code} {
			if c != "" && c != spec.Unknown {
				add(c)
			}
		}
	})
}

// TopDyads returns the n "SOURCE>TARGET" dyads most frequent in the events q
// selects; events with an unknown ("---" or empty) side are left out.
func (s *Store) TopDyads(ctx context.Context, q avocet.EventQuery, n int) ([]avocet.Count, error) {
	return s.top(ctx, q, n, func(e *avocet.StoredEvent, add func(string)) {
		src, tgt := e.Source.Code, e.Target.Code
		if src != "" && src != spec.Unknown && tgt != "" && tgt != spec.Unknown {
			add(src + ">" + tgt)
		}
	})
}

func (s *Store) top(ctx context.Context, q avocet.EventQuery, n int, keys func(*avocet.StoredEvent, func(string))) ([]avocet.Count, error) {
	p, err := spec.Parse(q)
	if err != nil {
		return nil, fmt.Errorf("memstore: top: %w", err)
	}
	evs, err := s.snapshot(ctx, &p)
	if err != nil {
		return nil, err
	}
	m := make(map[string]int)
	for _, e := range evs {
		keys(e, func(k string) { m[k]++ })
	}
	out := make([]avocet.Count, 0, len(m))
	for k, c := range m {
		out = append(out, avocet.Count{Key: k, Events: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Events != out[j].Events {
			return out[i].Events > out[j].Events
		}
		return out[i].Key < out[j].Key
	})
	if n = spec.Top(n); len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// Daily returns the one-a-day view of the dated events q selects, newest
// day first, then by source, target and code. q.Limit > 0 caps the rows;
// 0 returns them all.
func (s *Store) Daily(ctx context.Context, q avocet.EventQuery) ([]avocet.DailyEvent, error) {
	limit := q.Limit
	q.Limit, q.Cursor = 0, ""
	p, err := spec.Parse(q)
	if err != nil {
		return nil, fmt.Errorf("memstore: daily: %w", err)
	}
	if limit < 0 {
		return nil, fmt.Errorf("memstore: daily: negative limit: %w", avocet.ErrInvalidInput)
	}
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	evs := s.selectEvents(&p)
	pub := make(map[string]string)
	for _, e := range evs {
		if a, ok := s.articles[e.ArticleID]; ok {
			pub[e.ArticleID] = a.Publisher
		}
	}
	s.mu.RUnlock()

	type key struct {
		date           time.Time
		src, tgt, code string
	}
	type acc struct {
		row      avocet.DailyEvent
		gold     float64
		n        int
		articles map[string]bool
		sources  map[string]bool
	}
	groups := make(map[key]*acc)
	for _, e := range evs {
		if e.Date.IsZero() {
			continue
		}
		k := key{e.Date, e.Source.Code, e.Target.Code, e.Code}
		g := groups[k]
		if g == nil {
			g = &acc{
				row:      avocet.DailyEvent{Date: e.Date, Source: k.src, Target: k.tgt, Code: k.code, QuadClass: e.QuadClass},
				articles: make(map[string]bool),
				sources:  make(map[string]bool),
			}
			groups[k] = g
		}
		g.row.Mentions += e.Mentions
		g.gold += e.Goldstein
		g.n++
		g.row.QuadClass = min(g.row.QuadClass, e.QuadClass)
		g.articles[e.ArticleID] = true
		if p := pub[e.ArticleID]; p != "" {
			g.sources[p] = true
		}
	}
	out := make([]avocet.DailyEvent, 0, len(groups))
	for _, g := range groups {
		g.row.Goldstein = g.gold / float64(g.n)
		g.row.Articles = len(g.articles)
		g.row.Sources = len(g.sources)
		out = append(out, g.row)
	}
	sort.Slice(out, func(i, j int) bool { return dailyLess(&out[i], &out[j]) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// dailyLess reports whether a comes before b in Daily's order.
func dailyLess(a, b *avocet.DailyEvent) bool {
	switch {
	case !a.Date.Equal(b.Date):
		return a.Date.After(b.Date)
	case a.Source != b.Source:
		return a.Source < b.Source
	case a.Target != b.Target:
		return a.Target < b.Target
	}
	return a.Code < b.Code
}

// Errors returns up to limit error records, newest first; limit <= 0 means 100.
func (s *Store) Errors(ctx context.Context, limit int) ([]avocet.IngestError, error) {
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	if limit <= 0 {
		limit = spec.DefaultLimit
	}
	out := make([]avocet.IngestError, len(s.errs))
	copy(out, s.errs)
	// Newest first; records of the same time in reverse insertion order.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Stats summarises the store. SchemaVersion is 0: a memstore has no format.
func (s *Store) Stats(ctx context.Context) (avocet.Stats, error) {
	if err := s.rlock(ctx); err != nil {
		return avocet.Stats{}, err
	}
	defer s.mu.RUnlock()
	st := avocet.Stats{Articles: len(s.articles), Events: len(s.events), Errors: len(s.errs)}
	for _, e := range s.events {
		if e.Date.IsZero() {
			continue
		}
		if st.FirstEvent.IsZero() || e.Date.Before(st.FirstEvent) {
			st.FirstEvent = e.Date
		}
		if e.Date.After(st.LastEvent) {
			st.LastEvent = e.Date
		}
	}
	for _, a := range s.articles {
		if a.Ingested.After(st.LastIngest) {
			st.LastIngest = a.Ingested
		}
	}
	return st, nil
}

// Close releases the store's data; later calls return avocet.ErrClosed.
// Closing twice is not an error.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.articles, s.events, s.byDate, s.errs, s.errKeys, s.know = nil, nil, nil, nil, nil, nil
	return nil
}
