package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/server"
)

// fakeIngest records what the server passed to it.
type fakeIngest struct {
	mu    sync.Mutex
	calls int
	body  string
	name  string
	res   server.IngestResult
	err   error
}

func (f *fakeIngest) ingest(ctx context.Context, body io.Reader, name string) (server.IngestResult, error) {
	b, err := io.ReadAll(body)
	if err != nil {
		return server.IngestResult{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	f.body, f.name = string(b), name
	return f.res, f.err
}

const token = "s3cret-token-0123456789"

func TestIngestAuth(t *testing.T) {
	body := `{"id":"x1","text":"Russia attacked Ukraine."}` + "\n"
	tests := []struct {
		name       string
		token      string // the server's
		auth       string // Authorization header; "" sends none
		wantStatus int
		wantDetail string
		wantWWW    string // WWW-Authenticate
	}{
		{"no token sent", token, "", 401, "missing bearer token", `Bearer realm="avocet"`},
		{"wrong token", token, "Bearer nope", 401, "invalid bearer token", `Bearer realm="avocet", error="invalid_token"`},
		{"token prefix", token, "Bearer " + token[:10], 401, "invalid bearer token", `Bearer realm="avocet", error="invalid_token"`},
		{"token plus a byte", token, "Bearer " + token + "x", 401, "invalid bearer token", `Bearer realm="avocet", error="invalid_token"`},
		{"basic scheme", token, "Basic " + token, 401, "missing bearer token", `Bearer realm="avocet"`},
		{"right token", token, "Bearer " + token, 200, "", ""},
		{"scheme in lower case", token, "bearer " + token, 200, "", ""},
		{"server without token", "", "Bearer " + token, 403, "server has no write token configured", ""},
		{"server without token, none sent", "", "", 403, "server has no write token configured", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fi := &fakeIngest{res: server.IngestResult{Articles: 1, Events: 1}}
			h := newHandler(t, &server.Options{Token: tt.token, Ingest: fi.ingest})
			hdr := []string{"Content-Type", "application/x-ndjson"}
			if tt.auth != "" {
				hdr = append(hdr, "Authorization", tt.auth)
			}
			res, b := do(t, h, http.MethodPost, "/api/v1/ingest", strings.NewReader(body), hdr...)
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.wantStatus, b)
			}
			if tt.wantDetail != "" && !strings.Contains(string(b), tt.wantDetail) {
				t.Errorf("body %s, want %q", b, tt.wantDetail)
			}
			if got := res.Header.Get("WWW-Authenticate"); got != tt.wantWWW {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.wantWWW)
			}
			if wantCalls := map[bool]int{true: 1, false: 0}[tt.wantStatus == 200]; fi.calls != wantCalls {
				t.Errorf("ingest called %d times, want %d", fi.calls, wantCalls)
			}
		})
	}
}

func TestIngest(t *testing.T) {
	fi := &fakeIngest{res: server.IngestResult{
		Articles: 2, Duplicates: 1, Events: 5,
		Errors: []avocet.IngestError{{Input: "batch-7", Record: "line 3", Stage: "parse", Err: "unexpected end of JSON input", Time: time.Date(2024, 3, 7, 12, 0, 0, 0, time.UTC)}},
	}}
	h := newHandler(t, &server.Options{Token: token, Ingest: fi.ingest})
	body := `{"id":"x1","text":"Russia attacked Ukraine."}` + "\n" + `{"id":"x2","text":"Kenya condemned the attack."}` + "\n"
	res, b := do(t, h, http.MethodPost, "/api/v1/ingest?name=batch-7", strings.NewReader(body),
		"Authorization", "Bearer "+token, "Content-Type", "application/x-ndjson")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, b)
	}
	want := `{"articles":2,"duplicates":1,"events":5,"errors":[{"input":"batch-7","record":"line 3","stage":"parse","error":"unexpected end of JSON input","time":"2024-03-07T12:00:00Z"}]}`
	if got := strings.TrimSpace(string(b)); got != want {
		t.Errorf("body =\n%s\nwant\n%s", got, want)
	}
	if fi.body != body || fi.name != "batch-7" {
		t.Errorf("ingest got name %q body %q", fi.name, fi.body)
	}

	// The default name, plain text.
	res, b = do(t, h, http.MethodPost, "/api/v1/ingest", strings.NewReader("Kenya condemned the attack."),
		"Authorization", "Bearer "+token, "Content-Type", "text/plain; charset=utf-8")
	if res.StatusCode != http.StatusOK || fi.name != "http" {
		t.Errorf("text/plain: %d %s, name %q", res.StatusCode, b, fi.name)
	}

	// The metrics count what was ingested.
	_, m := do(t, h, http.MethodGet, "/metrics", nil)
	for _, line := range []string{"avocet_ingest_articles_total 4", "avocet_ingest_errors_total 2", "avocet_ingest_events_total 10", "avocet_ingest_duplicates_total 2"} {
		if !strings.Contains(string(m), "\n"+line+"\n") {
			t.Errorf("metrics lack %q", line)
		}
	}
}

func TestIngestRefused(t *testing.T) {
	auth := []string{"Authorization", "Bearer " + token}
	ndjson := append([]string{"Content-Type", "application/x-ndjson"}, auth...)
	tests := []struct {
		name       string
		opts       server.Options
		target     string
		body       string
		hdr        []string
		wantStatus int
		wantDetail string
	}{
		{"body over the limit", server.Options{MaxBodyBytes: 10}, "/api/v1/ingest", strings.Repeat("x", 11), ndjson, 413, "request body is larger than 10 bytes"},
		{"body at the limit", server.Options{MaxBodyBytes: 10}, "/api/v1/ingest", strings.Repeat("x", 10), ndjson, 200, ""},
		{"unsupported type", server.Options{}, "/api/v1/ingest", "x", append([]string{"Content-Type", "application/xml"}, auth...), 415, `Content-Type \"application/xml\" not supported`},
		{"no type", server.Options{}, "/api/v1/ingest", "x", auth, 415, "not supported"},
		{"empty body", server.Options{}, "/api/v1/ingest", " \n", ndjson, 400, "request body is empty"},
		{"bad name", server.Options{}, "/api/v1/ingest?name=a%20b", "x", ndjson, 422, "name: expected string to be letters, digits and ._:/-"},
		{"no pipeline", server.Options{Ingest: nil}, "/api/v1/ingest", "x", ndjson, 501, "server has no ingest pipeline configured"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fi := &fakeIngest{}
			opts := tt.opts
			opts.Token = token
			if tt.name != "no pipeline" {
				opts.Ingest = fi.ingest
			}
			h := newHandler(t, &opts)
			res, b := do(t, h, http.MethodPost, tt.target, strings.NewReader(tt.body), tt.hdr...)
			if res.StatusCode != tt.wantStatus || !strings.Contains(string(b), tt.wantDetail) {
				t.Errorf("%d %s, want %d with %q", res.StatusCode, b, tt.wantStatus, tt.wantDetail)
			}
			if tt.wantStatus != 200 && fi.calls != 0 {
				t.Errorf("ingest called on a refused request")
			}
		})
	}
}

// A body larger than the limit sent without Content-Length (chunked) is
// cut off as well.
func TestIngestChunkedTooLarge(t *testing.T) {
	fi := &fakeIngest{}
	h := newHandler(t, &server.Options{Token: token, Ingest: fi.ingest, MaxBodyBytes: 1 << 10})
	req, _ := http.NewRequest(http.MethodPost, "/api/v1/ingest", io.MultiReader(strings.NewReader(strings.Repeat("y", 4<<10))))
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "text/plain")
	w := newRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusRequestEntityTooLarge || fi.calls != 0 {
		t.Errorf("status %d, calls %d: %s", w.Code, fi.calls, w.Body)
	}
}

func TestIngestErrors(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantDetail string
		notInBody  string
	}{
		{"invalid input", fmt.Errorf("line 1: not an article: %w", avocet.ErrInvalidInput), 400, "invalid input: line 1: not an article", ""},
		{"store failure", errors.New("store 3 article(s): duckdb: disk I/O error at /var/lib/avocet.duckdb"), 500, "internal error", "duckdb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fi := &fakeIngest{err: tt.err}
			h := newHandler(t, &server.Options{Token: token, Ingest: fi.ingest, Logger: discard()})
			res, b := do(t, h, http.MethodPost, "/api/v1/ingest", strings.NewReader("text"),
				"Authorization", "Bearer "+token, "Content-Type", "text/plain")
			if res.StatusCode != tt.wantStatus || !strings.Contains(string(b), tt.wantDetail) {
				t.Errorf("%d %s, want %d with %q", res.StatusCode, b, tt.wantStatus, tt.wantDetail)
			}
			if tt.notInBody != "" && strings.Contains(string(b), tt.notInBody) {
				t.Errorf("body leaks %q: %s", tt.notInBody, b)
			}
			var p map[string]any
			if err := json.Unmarshal(b, &p); err != nil {
				t.Errorf("not JSON: %s", b)
			}
		})
	}
}

func TestTokenFrom(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // not subject to umask
			t.Fatal(err)
		}
		return p
	}
	good := write("good", "  from-file\n", 0o600)
	open := write("open", "from-file", 0o644)
	empty := write("empty", "\n", 0o600)
	t.Setenv("AVOCET_TEST_TOKEN", " from-env ")
	t.Setenv("AVOCET_TEST_EMPTY", "")

	tests := []struct {
		name              string
		flag, env, file   string
		want, wantErrPart string
	}{
		{"flag first", "from-flag", "AVOCET_TEST_TOKEN", good, "from-flag", ""},
		{"then environment", "", "AVOCET_TEST_TOKEN", good, "from-env", ""},
		{"then file, trimmed", "", "AVOCET_TEST_EMPTY", good, "from-file", ""},
		{"no env var name", "", "", good, "from-file", ""},
		{"nothing", "", "AVOCET_TEST_EMPTY", "", "", ""},
		{"file readable by others", "", "", open, "", "readable or writable by group or others (mode 0644)"},
		{"empty file", "", "", empty, "", "is empty"},
		{"missing file", "", "", filepath.Join(dir, "nope"), "", "no such file"},
		{"directory", "", "", dir, "", "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := server.TokenFrom(tt.flag, tt.env, tt.file)
			if tt.wantErrPart != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErrPart) {
					t.Errorf("err = %v, want %q", err, tt.wantErrPart)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("= %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// Over a real connection: ingestion with the token, then reading back, and
// a chunked body over the limit.
func TestOverHTTP(t *testing.T) {
	fi := &fakeIngest{res: server.IngestResult{Articles: 1, Events: 2}}
	h := newHandler(t, &server.Options{Token: token, Ingest: fi.ingest, MaxBodyBytes: 1 << 10})
	ts := httptest.NewServer(h)
	defer ts.Close()

	post := func(body io.Reader, length int64) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/ingest?name=upload.jsonl", body)
		if err != nil {
			t.Fatal(err)
		}
		req.ContentLength = length
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/x-ndjson")
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	line := `{"id":"x1","text":"Russia attacked Ukraine."}` + "\n"
	res, b := post(strings.NewReader(line), int64(len(line)))
	if res.StatusCode != 200 || !strings.Contains(b, `"articles":1`) || fi.name != "upload.jsonl" || fi.body != line {
		t.Errorf("ingest: %d %s (name %q)", res.StatusCode, b, fi.name)
	}
	// Chunked: no Content-Length, so only reading finds the size.
	res, b = post(io.MultiReader(strings.NewReader(strings.Repeat("z", 2<<10))), -1)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked over the limit: %d %s", res.StatusCode, b)
	}
	// Declared too large: refused before reading.
	res, b = post(strings.NewReader(strings.Repeat("z", 4<<10)), 4<<10)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("declared over the limit: %d %s", res.StatusCode, b)
	}

	resp, err := ts.Client().Get(ts.URL + "/api/v1/events?limit=2")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p server.EventsPage
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || len(p.Events) != 2 || p.Next == "" {
		t.Errorf("events: %v, %d events, next %q", err, len(p.Events), p.Next)
	}
}
