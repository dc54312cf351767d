package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/server"
	"github.com/avocet-events/avocet/store/memstore"
)

// bigStore returns a memstore with n events: ten per article, spread over
// two years of dates and a handful of dyads.
func bigStore(b *testing.B, n int) avocet.Store {
	b.Helper()
	st := memstore.New(nil)
	b.Cleanup(func() { st.Close() })
	actors := []string{"USA", "USAGOV", "RUS", "RUSMIL", "UKR", "UKRGOV", "TUR", "CHN", "IGOUNO", "KEN"}
	codes := []struct {
		code string
		quad int
		gold float64
	}{{"042", 1, 1.9}, {"043", 1, 2.8}, {"070", 2, 7}, {"111", 3, -2}, {"190", 4, -10}}
	const sentence = "Officials from the two governments met in the capital on Tuesday, a spokesman said."
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	var batch avocet.Batch
	flush := func() {
		if _, err := st.Put(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
		batch = avocet.Batch{}
	}
	for i := 0; i < n; i++ {
		art := fmt.Sprintf("art%06d", i/10)
		d := start.AddDate(0, 0, (i*7919)%730)
		if i%10 == 0 {
			batch.Articles = append(batch.Articles, avocet.StoredArticle{Article: avocet.Article{ID: art, Publisher: "P", Date: d}})
		}
		c := codes[i%len(codes)]
		off := 1000
		batch.Events = append(batch.Events, avocet.StoredEvent{
			ID: fmt.Sprintf("%s-%d-0", art, i%10),
			Event: avocet.Event{
				ArticleID: art, Sentence: i % 10, Date: d,
				Source: avocet.Actor{Code: actors[i%len(actors)], Name: "Officials", Span: avocet.Span{Start: off, End: off + 9}},
				Target: avocet.Actor{Code: actors[(i/3)%len(actors)], Name: "the capital", Span: avocet.Span{Start: off + 43, End: off + 54}},
				Code:   c.code, BaseCode: c.code, RootCode: c.code[:2], QuadClass: c.quad, Goldstein: c.gold,
				Verb: avocet.Span{Start: off + 34, End: off + 37}, Mentions: 1, Confidence: 0.8,
				Rule: avocet.Rule{ID: "p1", File: "verbs.txt", Line: 10},
			},
			SentenceText: sentence,
			SentenceSpan: avocet.Span{Start: off, End: off + len(sentence)},
		})
		if len(batch.Articles) == 1000 && i%10 == 9 {
			flush()
		}
	}
	if len(batch.Articles) > 0 {
		flush()
	}
	return st
}

// BenchmarkEventsPage measures GET /api/v1/events?limit=100 over 100,000
// events in a memstore: query parsing, the store's scan and sort, building
// the records and encoding the JSON.
func BenchmarkEventsPage(b *testing.B) {
	st := bigStore(b, 100_000)
	s, err := server.New(st, nil)
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	req := httptest.NewRequest(http.MethodGet, "/api/v1/events?limit=100", nil)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkStoreEventsPage is the store's share of BenchmarkEventsPage.
func BenchmarkStoreEventsPage(b *testing.B) {
	st := bigStore(b, 100_000)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p, err := st.Events(ctx, avocet.EventQuery{Limit: 100})
		if err != nil || len(p.Events) != 100 {
			b.Fatal(len(p.Events), err)
		}
	}
}

// pageStore answers every Events call with the same page.
type pageStore struct {
	avocet.Store
	page avocet.EventPage
}

func (s *pageStore) Events(context.Context, avocet.EventQuery) (avocet.EventPage, error) {
	return s.page, nil
}

// BenchmarkEventsPageServer is the server's share of BenchmarkEventsPage:
// the same request against a store that returns a ready page.
func BenchmarkEventsPageServer(b *testing.B) {
	st := bigStore(b, 1000)
	page, err := st.Events(context.Background(), avocet.EventQuery{Limit: 100})
	if err != nil {
		b.Fatal(err)
	}
	s, err := server.New(&pageStore{Store: st, page: page}, nil)
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	req := httptest.NewRequest(http.MethodGet, "/api/v1/events?limit=100", nil)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkEventsPageFiltered is the same with a selective filter, the
// common dashboard case.
func BenchmarkEventsPageFiltered(b *testing.B) {
	st := bigStore(b, 100_000)
	s, err := server.New(st, nil)
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	target := "/api/v1/events?limit=100&source=RUS*&quad=3,4&from=2024-01-01"
	var p server.EventsPage
	get(b, h, target, &p)
	if len(p.Events) != 100 {
		b.Fatalf("the filter selects %d events, want a full page", len(p.Events))
	}
	req := httptest.NewRequest(http.MethodGet, target, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
