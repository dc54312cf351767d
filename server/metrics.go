package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// durationBuckets are the upper bounds, in seconds, of the request
// duration histogram.
var durationBuckets = [...]float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// metrics holds the server's counters. It writes the Prometheus text
// exposition format itself.
type metrics struct {
	start time.Time

	mu        sync.Mutex
	requests  map[requestKey]uint64
	durations map[string]*histogram // by route
	panics    uint64
	articles  uint64 // ingested articles
	events    uint64 // ingested events
	dups      uint64 // duplicate articles skipped by ingestion
	errors    uint64 // ingest error records
}

type requestKey struct {
	route, method string
	code          int
}

type histogram struct {
	counts [len(durationBuckets)]uint64 // per bucket, not cumulative
	count  uint64
	sum    float64
}

func newMetrics() *metrics {
	return &metrics{
		start:     time.Now(),
		requests:  make(map[requestKey]uint64),
		durations: make(map[string]*histogram),
	}
}

// methodLabel keeps the method label to a fixed set.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

func (m *metrics) observe(route, method string, code int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{route, methodLabel(method), code}]++
	h := m.durations[route]
	if h == nil {
		h = new(histogram)
		m.durations[route] = h
	}
	for i, le := range durationBuckets {
		if sec <= le {
			h.counts[i]++
			break
		}
	}
	h.count++
	h.sum += sec
}

func (m *metrics) panic() {
	m.mu.Lock()
	m.panics++
	m.mu.Unlock()
}

func (m *metrics) ingested(r IngestResult) {
	m.mu.Lock()
	m.articles += uint64(r.Articles)
	m.events += uint64(r.Events)
	m.dups += uint64(r.Duplicates)
	m.errors += uint64(len(r.Errors))
	m.mu.Unlock()
}

// promWriter writes metric families in the text exposition format.
type promWriter struct{ b bytes.Buffer }

func (w *promWriter) family(name, typ, help string) {
	fmt.Fprintf(&w.b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

// sample writes one sample; labels alternate names and values.
func (w *promWriter) sample(name string, v float64, labels ...string) {
	w.b.WriteString(name)
	if len(labels) > 0 {
		w.b.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				w.b.WriteByte(',')
			}
			w.b.WriteString(labels[i])
			w.b.WriteString(`="`)
			w.b.WriteString(escapeLabel(labels[i+1]))
			w.b.WriteByte('"')
		}
		w.b.WriteByte('}')
	}
	w.b.WriteByte(' ')
	w.b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	w.b.WriteByte('\n')
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func escapeLabel(s string) string { return labelEscaper.Replace(s) }

// write renders every metric. storeUp, articles and events come from the
// store's Stats; ok is false when the store did not answer.
func (m *metrics) write(w *promWriter, version string, articles, events int, ok bool) {
	w.family("avocet_build_info", "gauge", "Server version; always 1.")
	w.sample("avocet_build_info", 1, "version", version)
	w.family("avocet_store_up", "gauge", "Whether the store answered the last scrape's Stats call.")
	if ok {
		w.sample("avocet_store_up", 1)
		w.family("avocet_articles_stored", "gauge", "Articles in the store.")
		w.sample("avocet_articles_stored", float64(articles))
		w.family("avocet_events_stored", "gauge", "Events in the store.")
		w.sample("avocet_events_stored", float64(events))
	} else {
		w.sample("avocet_store_up", 0)
	}

	m.mu.Lock()
	keys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.code < b.code
	})
	w.family("avocet_http_requests_total", "counter", "HTTP requests served, by route, method and status code.")
	for _, k := range keys {
		w.sample("avocet_http_requests_total", float64(m.requests[k]), "route", k.route, "method", k.method, "code", strconv.Itoa(k.code))
	}
	routes := make([]string, 0, len(m.durations))
	for r := range m.durations {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	w.family("avocet_http_request_duration_seconds", "histogram", "Time to serve HTTP requests, by route.")
	for _, r := range routes {
		h := m.durations[r]
		var cum uint64
		for i, le := range durationBuckets {
			cum += h.counts[i]
			w.sample("avocet_http_request_duration_seconds_bucket", float64(cum), "route", r, "le", strconv.FormatFloat(le, 'g', -1, 64))
		}
		w.sample("avocet_http_request_duration_seconds_bucket", float64(h.count), "route", r, "le", "+Inf")
		w.sample("avocet_http_request_duration_seconds_sum", h.sum, "route", r)
		w.sample("avocet_http_request_duration_seconds_count", float64(h.count), "route", r)
	}
	w.family("avocet_http_panics_total", "counter", "Panics recovered in HTTP handlers (answered with 500).")
	w.sample("avocet_http_panics_total", float64(m.panics))
	w.family("avocet_ingest_articles_total", "counter", "New articles stored through POST /api/v1/ingest.")
	w.sample("avocet_ingest_articles_total", float64(m.articles))
	w.family("avocet_ingest_events_total", "counter", "Events stored through POST /api/v1/ingest.")
	w.sample("avocet_ingest_events_total", float64(m.events))
	w.family("avocet_ingest_duplicates_total", "counter", "Articles sent to POST /api/v1/ingest that were already stored.")
	w.sample("avocet_ingest_duplicates_total", float64(m.dups))
	w.family("avocet_ingest_errors_total", "counter", "Error records produced by POST /api/v1/ingest.")
	w.sample("avocet_ingest_errors_total", float64(m.errors))
	m.mu.Unlock()

	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	w.family("go_goroutines", "gauge", "Goroutines that currently exist.")
	w.sample("go_goroutines", float64(runtime.NumGoroutine()))
	w.family("go_memstats_alloc_bytes", "gauge", "Bytes of allocated heap objects.")
	w.sample("go_memstats_alloc_bytes", float64(ms.HeapAlloc))
	w.family("go_memstats_heap_inuse_bytes", "gauge", "Bytes in in-use heap spans.")
	w.sample("go_memstats_heap_inuse_bytes", float64(ms.HeapInuse))
	w.family("go_memstats_sys_bytes", "gauge", "Bytes of memory obtained from the OS.")
	w.sample("go_memstats_sys_bytes", float64(ms.Sys))
	w.family("go_gc_cycles_total", "counter", "Completed GC cycles.")
	w.sample("go_gc_cycles_total", float64(ms.NumGC))
	w.family("avocet_server_start_time_seconds", "gauge", "When the server was created, in seconds since the Unix epoch.")
	w.sample("avocet_server_start_time_seconds", float64(m.start.UnixNano())/1e9)
}

// exposition renders /metrics.
func (s *Server) exposition(ctx context.Context) []byte {
	st, err := s.st.Stats(ctx)
	var w promWriter
	s.metrics.write(&w, s.opts.Version, st.Articles, st.Events, err == nil)
	return w.b.Bytes()
}
