package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/server"
)

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// problemDoc is an RFC 9457 problem as huma writes it.
type problemDoc struct {
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Message  string `json:"message"`
		Location string `json:"location"`
	} `json:"errors"`
}

// Every hostile or malformed parameter gets a 4xx problem whose detail
// names the parameter, and never reaches the store as a 500.
func TestHostileParameters(t *testing.T) {
	h := newHandler(t, nil)
	long := func(n int) string { return strings.Repeat("A", n) }
	tests := []struct {
		name       string
		target     string
		wantStatus int
		wantDetail string // substring of detail
	}{
		{"month out of range", "/api/v1/events?from=2024-13-01", 422, "from: month out of range, want YYYY-MM-DD"},
		{"day out of range", "/api/v1/events?to=2024-02-30", 422, "to: day out of range, want YYYY-MM-DD"},
		{"not a date", "/api/v1/events?from=yesterday", 422, "from: not a date, want YYYY-MM-DD"},
		{"date with time", "/api/v1/series?from=2024-01-01T00:00:00Z", 422, "from: too long, want YYYY-MM-DD"},
		{"from after to", "/api/v1/events?from=2024-03-01&to=2024-02-01", 422, "from: after to (2024-02-01)"},
		{"limit zero", "/api/v1/events?limit=0", 422, "limit: expected number >= 1"},
		{"negative limit", "/api/v1/events?limit=-5", 422, "limit: expected number >= 1"},
		{"huge limit", "/api/v1/events?limit=1000000", 422, "limit: expected number <= 1000"},
		{"limit overflows", "/api/v1/events?limit=99999999999999999999", 422, "limit: invalid integer"},
		{"limit not a number", "/api/v1/events?limit=ten", 422, "limit: invalid integer"},
		{"actor pattern too long", "/api/v1/events?actor=" + long(65), 422, "actor: expected length <= 64"},
		{"actor pattern at the limit", "/api/v1/events?actor=" + long(64), 200, ""},
		{"actor pattern with a quote", "/api/v1/events?source=USA%27%20OR%201=1", 422, "source: expected string to be an actor code, optionally ending in *"},
		{"star inside a pattern", "/api/v1/top/actors?target=U*A", 422, "target: expected string to be an actor code"},
		{"text too long", "/api/v1/events?q=" + long(257), 422, "q: expected length <= 256"},
		{"text at the limit", "/api/v1/events?q=" + long(256), 200, ""},
		{"unknown interval", "/api/v1/series?interval=year", 422, `interval: expected value to be one of "day, week, month"`},
		{"quad out of range", "/api/v1/events?quad=1,5", 422, `quad: want a comma-separated list of QuadClasses 1-4, got "5"`},
		{"quad not a list", "/api/v1/daily?quad=;", 422, "quad: want a comma-separated list"},
		{"goldstein below -10", "/api/v1/events?min_goldstein=-11", 422, "min_goldstein: expected number >= -10"},
		{"goldstein not a number", "/api/v1/series?max_goldstein=high", 422, "max_goldstein: invalid float"},
		{"goldstein NaN", "/api/v1/events?min_goldstein=NaN", 422, "min_goldstein: "},
		{"goldstein range reversed", "/api/v1/events?min_goldstein=5&max_goldstein=1", 422, "min_goldstein: greater than max_goldstein"},
		{"bad cursor", "/api/v1/events?cursor=not-a-cursor", 400, "cursor: invalid cursor"},
		{"cursor too long", "/api/v1/events?cursor=" + long(513), 422, "cursor: expected length <= 512"},
		{"country not alpha-3", "/api/v1/events?country=US", 422, "country: expected string to be an ISO 3166 alpha-3 code"},
		{"code not digits", "/api/v1/events?code=19a", 422, "code: expected string to be 1 to 4 digits"},
		{"n zero", "/api/v1/top/actors?n=0", 422, "n: expected number >= 1"},
		{"n huge", "/api/v1/top/dyads?n=100000", 422, "n: expected number <= 1000"},
		{"daily limit huge", "/api/v1/daily?limit=10001", 422, "limit: expected number <= 10000"},
		{"errors limit negative", "/api/v1/errors?limit=-1", 422, "limit: expected number >= 1"},
		{"event ID too long", "/api/v1/events/" + long(300), 422, "id: expected length <= 256"},
		// Knowledge and place parameters, on every endpoint that takes them.
		{"person too long", "/api/v1/events?person=" + long(129), 422, "person: expected length <= 128"},
		{"person at the limit", "/api/v1/events?person=" + long(128), 200, ""},
		{"person, not ASCII", "/api/v1/events?person=Erdo%C4%9Fan", 200, ""},
		{"person with NUL", "/api/v1/events?person=Putin%00", 422, "person: expected string to be text without control characters"},
		{"org with a newline", "/api/v1/series?org=UN%0Aevil", 422, "org: expected string to be text without control characters"},
		{"entity with an escape", "/api/v1/top/actors?entity=%1B%5B31m", 422, "entity: expected string to be text without control characters"},
		{"entity with a C1 control", "/api/v1/top/dyads?entity=a%C2%85b", 422, "entity: expected string to be text without control characters"},
		{"entity not UTF-8", "/api/v1/daily?entity=%FF%FE", 422, "entity: not valid UTF-8"},
		{"place too long", "/api/v1/daily?place=" + long(129), 422, "place: expected length <= 128"},
		{"place with DEL", "/api/v1/events?place=Kyiv%7F", 422, "place: expected string to be text without control characters"},
		{"theme with a quote", "/api/v1/events?theme=SANCTIONS%27--", 422, "theme: expected string to be a theme code, optionally ending in *"},
		{"star inside a theme", "/api/v1/series?theme=ENV*_X", 422, "theme: expected string to be a theme code"},
		{"theme too long", "/api/v1/events?theme=" + long(129), 422, "theme: expected length <= 128"},
		{"text with a control character", "/api/v1/events?q=a%08b", 422, "q: expected string to be text without control characters"},
		{"articles: person with NUL", "/api/v1/articles?person=%00", 422, "person: expected string to be text without control characters"},
		{"articles: place too long", "/api/v1/articles?place=" + long(200), 422, "place: expected length <= 128"},
		{"articles: limit zero", "/api/v1/articles?limit=0", 422, "limit: expected number >= 1"},
		{"articles: huge limit", "/api/v1/articles?limit=1001", 422, "limit: expected number <= 1000"},
		{"articles: limit not a number", "/api/v1/articles?limit=ten", 422, "limit: invalid integer"},
		{"articles: bad cursor", "/api/v1/articles?cursor=not-a-cursor", 400, "cursor: invalid cursor"},
		{"articles: cursor too long", "/api/v1/articles?cursor=" + long(513), 422, "cursor: expected length <= 512"},
		{"articles: from after to", "/api/v1/articles?from=2024-03-01&to=2024-02-01", 422, "from: after to (2024-02-01)"},
		{"articles: bad event filter", "/api/v1/articles?quad=7", 422, "quad: want a comma-separated list of QuadClasses 1-4"},
		{"knowledge: ID too long", "/api/v1/articles/" + long(300) + "/knowledge", 422, "id: expected length <= 256"},
		{"entities: unknown type", "/api/v1/top/entities?type=XYZ", 422, `type: expected value to be one of "PER, ORG, LOC, GPE"`},
		{"entities: type in lower case", "/api/v1/top/entities?type=per", 422, "type: expected value to be one of"},
		{"entities: type with NUL", "/api/v1/top/entities?type=PER%00", 422, "type: expected value to be one of"},
		{"entities: n zero", "/api/v1/top/entities?n=0", 422, "n: expected number >= 1"},
		{"entities: n not a number", "/api/v1/top/entities?n=many", 422, "n: invalid integer"},
		{"entities: theme with a space", "/api/v1/top/entities?theme=A%20B", 422, "theme: expected string to be a theme code"},
		{"entities: org too long", "/api/v1/top/entities?org=" + long(129), 422, "org: expected length <= 128"},
		{"themes: n huge", "/api/v1/top/themes?n=1001", 422, "n: expected number <= 1000"},
		{"themes: n a float", "/api/v1/top/themes?n=2.5", 422, "n: invalid integer"},
		{"themes: goldstein not a number", "/api/v1/top/themes?min_goldstein=low", 422, "min_goldstein: invalid float"},
		{"themes: person not UTF-8", "/api/v1/top/themes?person=%C3", 422, "person: not valid UTF-8"},
		{"several at once", "/api/v1/events?limit=0&from=2024-00-10", 422, "from: month out of range, want YYYY-MM-DD; limit: expected number >= 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, b := do(t, h, http.MethodGet, tt.target, nil)
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.wantStatus, b)
			}
			if tt.wantStatus == 200 {
				return
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q", ct)
			}
			var p problemDoc
			if err := json.Unmarshal(b, &p); err != nil {
				t.Fatalf("not JSON: %s", b)
			}
			if p.Status != tt.wantStatus || !strings.Contains(p.Detail, tt.wantDetail) {
				t.Errorf("status %d detail %q, want %d with %q", p.Status, p.Detail, tt.wantStatus, tt.wantDetail)
			}
			// The location names the parameter too.
			if len(p.Errors) == 0 || !strings.Contains(p.Errors[0].Location, ".") {
				t.Errorf("errors = %+v", p.Errors)
			}
		})
	}
}

// failStore is a store whose reads fail, panic or hang, as its mode says.
type failStore struct {
	avocet.Store
	mode string // "error", "panic" or "hang"
}

func (s *failStore) fail(ctx context.Context) error {
	switch s.mode {
	case "panic":
		panic("failStore: boom")
	case "hang":
		<-ctx.Done()
		return ctx.Err()
	}
	return errors.New("pq: password authentication failed for user avocet at 10.0.0.7:5432")
}

func (s *failStore) Events(ctx context.Context, q avocet.EventQuery) (avocet.EventPage, error) {
	return avocet.EventPage{}, s.fail(ctx)
}

func (s *failStore) Series(ctx context.Context, q avocet.EventQuery, iv avocet.Interval) ([]avocet.SeriesPoint, error) {
	return nil, s.fail(ctx)
}

func (s *failStore) Articles(ctx context.Context, q avocet.ArticleQuery) (avocet.ArticlePage, error) {
	return avocet.ArticlePage{}, s.fail(ctx)
}

func (s *failStore) TopEntities(ctx context.Context, q avocet.ArticleQuery, typ string, n int) ([]avocet.KnowledgeCount, error) {
	return nil, s.fail(ctx)
}

func (s *failStore) Knowledge(ctx context.Context, id string) (avocet.Knowledge, error) {
	return avocet.Knowledge{}, s.fail(ctx)
}

func TestStoreFailures(t *testing.T) {
	tests := []struct {
		mode       string
		target     string
		wantStatus int
		wantDetail string
	}{
		{"error", "/api/v1/events", 500, "internal error"},
		{"error", "/api/v1/series", 500, "internal error"},
		{"error", "/api/v1/articles", 500, "internal error"},
		{"error", "/api/v1/top/entities", 500, "internal error"},
		{"error", "/api/v1/articles/a1/knowledge", 500, "internal error"},
		{"panic", "/api/v1/articles/a1/knowledge", 500, "internal error"},
		{"hang", "/api/v1/top/entities", 503, "request timed out"},
		{"panic", "/api/v1/events", 500, "internal error"},
		{"hang", "/api/v1/events", 503, "request timed out"},
	}
	for _, tt := range tests {
		t.Run(tt.mode+" "+tt.target, func(t *testing.T) {
			var logs bytes.Buffer
			st := &failStore{Store: newStore(t), mode: tt.mode}
			s, err := server.New(st, &server.Options{Timeout: 50 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			h := s.Handler()
			start := time.Now()
			res, b := do(t, h, http.MethodGet, tt.target, nil)
			if res.StatusCode != tt.wantStatus || !strings.Contains(string(b), tt.wantDetail) {
				t.Errorf("%d %s, want %d with %q", res.StatusCode, b, tt.wantStatus, tt.wantDetail)
			}
			if strings.Contains(string(b), "password") || strings.Contains(string(b), "boom") || strings.Contains(string(b), "10.0.0.7") {
				t.Errorf("the response leaks internals: %s", b)
			}
			if res.Header.Get("X-Frame-Options") != "DENY" {
				t.Error("no security headers on a failure")
			}
			if tt.mode == "hang" && time.Since(start) > 5*time.Second {
				t.Errorf("the deadline did not end the request")
			}
			if tt.mode != "hang" && !strings.Contains(logs.String(), map[string]string{"error": "password authentication", "panic": "boom"}[tt.mode]) {
				t.Errorf("the failure was not logged: %s", logs.String())
			}
			// The server goes on serving, and counts the panic.
			if got := getRaw(t, h, "/healthz"); got != `{"status":"ok"}` {
				t.Errorf("healthz after failure = %s", got)
			}
			_, m := do(t, h, http.MethodGet, "/metrics", nil)
			wantPanics := map[bool]string{true: "avocet_http_panics_total 1", false: "avocet_http_panics_total 0"}[tt.mode == "panic"]
			if !strings.Contains(string(m), "\n"+wantPanics+"\n") {
				t.Errorf("metrics lack %q", wantPanics)
			}
			want500 := `avocet_http_requests_total{route="/api/v1/events",method="GET",code="500"} 1`
			if tt.target == "/api/v1/articles/a1/knowledge" {
				want500 = `avocet_http_requests_total{route="/api/v1/articles/{id}/knowledge",method="GET",code="500"} 1`
			}
			if tt.mode == "panic" && !strings.Contains(string(m), want500) {
				t.Errorf("metrics lack %q", want500)
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	h := newHandler(t, &server.Options{Version: "0.4.0"})
	for i := 0; i < 3; i++ {
		getRaw(t, h, "/api/v1/events")
	}
	getRaw(t, h, "/api/v1/events/a1-0-0")
	getRaw(t, h, "/api/v1/events/a2-0-0")
	do(t, h, http.MethodGet, "/api/v1/events?limit=0", nil)
	getRaw(t, h, "/api/v1/articles")
	do(t, h, http.MethodGet, "/api/v1/articles/a1/knowledge", nil) // stored without knowledge
	getRaw(t, h, "/api/v1/top/entities")
	getRaw(t, h, "/api/v1/top/themes")
	do(t, h, http.MethodGet, "/api/v1/nope", nil)
	do(t, h, http.MethodPatch, "/api/v1/stats", nil)

	res, b := do(t, h, http.MethodGet, "/metrics", nil)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q", ct)
	}
	m := string(b)
	for _, line := range []string{
		`avocet_http_requests_total{route="/api/v1/events",method="GET",code="200"} 3`,
		`avocet_http_requests_total{route="/api/v1/events",method="GET",code="422"} 1`,
		`avocet_http_requests_total{route="/api/v1/events/{id}",method="GET",code="200"} 2`,
		`avocet_http_requests_total{route="/api/",method="GET",code="404"} 1`,
		`avocet_http_requests_total{route="/api/v1/articles",method="GET",code="200"} 1`,
		`avocet_http_requests_total{route="/api/v1/articles/{id}/knowledge",method="GET",code="404"} 1`,
		`avocet_http_requests_total{route="/api/v1/top/entities",method="GET",code="200"} 1`,
		`avocet_http_requests_total{route="/api/v1/top/themes",method="GET",code="200"} 1`,
		`avocet_http_requests_total{route="/api/",method="PATCH",code="405"} 1`,
		`avocet_http_request_duration_seconds_count{route="/api/v1/events"} 4`,
		`avocet_http_request_duration_seconds_bucket{route="/api/v1/events",le="+Inf"} 4`,
		`avocet_articles_stored 4`,
		`avocet_events_stored 8`,
		`avocet_store_up 1`,
		`avocet_build_info{version="0.4.0"} 1`,
		`avocet_ingest_articles_total 0`,
		`avocet_ingest_errors_total 0`,
		`# TYPE avocet_http_request_duration_seconds histogram`,
		`# TYPE avocet_http_requests_total counter`,
	} {
		if !strings.Contains(m, line+"\n") {
			t.Errorf("metrics lack %q", line)
		}
	}
	for _, name := range []string{"go_goroutines", "go_memstats_alloc_bytes", "go_memstats_sys_bytes"} {
		if !regexp.MustCompile(`(?m)^` + name + ` [0-9.e+]+$`).MatchString(m) {
			t.Errorf("no %s gauge", name)
		}
	}
	// Every sample line parses: name{labels} value.
	sample := regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-z_]+="[^"\\]*(\\.[^"\\]*)*",?)*\})? [-+0-9.eInf]+$`)
	for _, line := range strings.Split(strings.TrimSpace(m), "\n") {
		if strings.HasPrefix(line, "# ") {
			continue
		}
		if !sample.MatchString(line) {
			t.Errorf("bad sample line %q", line)
		}
		if i := strings.LastIndexByte(line, ' '); i > 0 {
			if _, err := strconv.ParseFloat(line[i+1:], 64); err != nil {
				t.Errorf("bad value in %q", line)
			}
		}
	}
	// Cumulative buckets never decrease.
	var prev float64 = -1
	for _, line := range strings.Split(m, "\n") {
		if !strings.HasPrefix(line, `avocet_http_request_duration_seconds_bucket{route="/api/v1/events",`) {
			continue
		}
		v, _ := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
		if v < prev {
			t.Errorf("bucket decreases: %q", line)
		}
		prev = v
	}
}
