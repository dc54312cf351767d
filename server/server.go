package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/avocet-events/avocet"
)

// Defaults of Options.
const (
	DefaultMaxBodyBytes = 32 << 20         // 32 MiB
	DefaultTimeout      = 30 * time.Second // per request
)

// IngestFunc codes and stores the articles of body, a JSONL stream of
// articles or plain text, and says what it stored. name names the input in
// error records. The server authenticates the request and limits its size
// before calling it; the command wires it to the coding pipeline.
type IngestFunc func(ctx context.Context, body io.Reader, name string) (IngestResult, error)

// IngestResult says what an IngestFunc did.
type IngestResult struct {
	Articles   int                  // new articles stored
	Duplicates int                  // articles already stored, skipped
	Events     int                  // events stored
	Errors     []avocet.IngestError // records that could not be read or coded
}

// Options configure a Server. A nil *Options, and zero fields, mean the
// defaults.
type Options struct {
	// Token is the bearer token that write requests (POST /api/v1/ingest)
	// must present; outer white space is ignored. When empty, writes are
	// refused with 403.
	Token string
	// Ingest codes and stores uploaded articles; nil answers ingest
	// requests with 501.
	Ingest IngestFunc
	// Dashboard, when set, is mounted at "/" and serves every path the
	// API does not.
	Dashboard http.Handler
	// MaxBodyBytes limits request bodies; larger ones get 413. Default
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Timeout bounds each request through its context, ingestion included.
	// Default DefaultTimeout.
	Timeout time.Duration
	// Version is reported by /api/v1/stats, /metrics and the OpenAPI
	// document; default "dev".
	Version string
	// Logger receives store failures and recovered panics, which clients
	// see only as a 500; default slog.Default().
	Logger *slog.Logger
}

// Server is avocet's HTTP API over a Store. It is safe for concurrent use.
type Server struct {
	st      avocet.Store
	opts    Options
	log     *slog.Logger
	mux     *http.ServeMux
	api     huma.API
	spec    []byte // the OpenAPI document, JSON
	metrics *metrics
}

// New returns a server for st. A nil opts means the defaults.
func New(st avocet.Store, opts *Options) (*Server, error) {
	if st == nil {
		return nil, errors.New("server: nil store")
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.MaxBodyBytes < 0 {
		return nil, fmt.Errorf("server: negative MaxBodyBytes %d", o.MaxBodyBytes)
	}
	if o.Timeout < 0 {
		return nil, fmt.Errorf("server: negative Timeout %v", o.Timeout)
	}
	// Header values arrive trimmed, so a token with outer spaces could
	// never match.
	o.Token = strings.TrimSpace(o.Token)
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Version == "" {
		o.Version = "dev"
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	s := &Server{st: st, opts: o, log: o.Logger, mux: http.NewServeMux(), metrics: newMetrics()}
	s.api = humago.New(s.mux, s.config())
	s.register()

	spec, err := json.Marshal(s.api.OpenAPI())
	if err != nil {
		return nil, fmt.Errorf("server: OpenAPI document: %w", err)
	}
	s.spec = spec
	s.mux.HandleFunc("GET /openapi.json", s.serveSpec)
	s.mux.HandleFunc("/api/", s.notFound)
	if o.Dashboard != nil {
		s.mux.Handle("/", o.Dashboard)
	} else {
		s.mux.HandleFunc("/", s.notFound)
	}
	return s, nil
}

// Handler returns the server's HTTP handler: security headers, a deadline
// per request, panic recovery and metrics around the API routes.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// NewHTTPServer returns an http.Server for h with timeouts and limits fit
// for the open internet.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// ContentSecurityPolicy is sent with every response. The dashboard runs no
// inline script.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	h := w.Header()
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")

	ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
	defer cancel()
	r = r.WithContext(ctx)
	rec := &recorder{ResponseWriter: w}
	defer func() {
		v := recover()
		if v != nil && v != http.ErrAbortHandler {
			s.metrics.panic()
			s.log.Error("server: panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			if !rec.wrote {
				writeProblem(rec, http.StatusInternalServerError, "internal error")
			}
		}
		// r.Pattern is set by the mux on this very request.
		s.metrics.observe(route(r.Pattern), r.Method, rec.code(), time.Since(start))
		if v == http.ErrAbortHandler {
			panic(v)
		}
	}()
	s.mux.ServeHTTP(rec, r)
}

// route returns the metrics label of a mux pattern: the path without the
// method, or "unmatched".
func route(pattern string) string {
	if pattern == "" {
		return "unmatched"
	}
	if _, p, ok := strings.Cut(pattern, " "); ok {
		return p
	}
	return pattern
}

// recorder remembers the status code written through it.
type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.wrote {
		r.status, r.wrote = http.StatusOK, true
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) code() int {
	if !r.wrote {
		return http.StatusOK
	}
	return r.status
}

func (s *Server) serveSpec(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/openapi+json")
	w.Header().Set("Content-Length", strconv.Itoa(len(s.spec)))
	w.Write(s.spec)
}

// notFound answers paths no route serves: 405 when the path exists for
// another method, else 404, both as problem JSON.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if m == r.Method {
			continue
		}
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host}
		if _, p := s.mux.Handler(probe); p != "" && p != "/api/" && p != "/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeProblem(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on "+r.URL.Path)
		return
	}
	writeProblem(w, http.StatusNotFound, "no such endpoint: "+r.URL.Path)
}

// writeProblem writes an RFC 9457 problem outside huma's handlers.
func writeProblem(w http.ResponseWriter, status int, detail string) {
	body, _ := json.Marshal(&huma.ErrorModel{Title: http.StatusText(status), Status: status, Detail: detail})
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// problem returns an RFC 9457 error for huma to write.
func problem(status int, detail string) error {
	return &huma.ErrorModel{Title: http.StatusText(status), Status: status, Detail: detail}
}

// paramError returns a problem about one request parameter; loc is where it
// is ("query.from", "path.id") and the detail reads "from: msg".
func paramError(status int, loc string, value any, msg string) error {
	return &huma.ErrorModel{
		Title:  http.StatusText(status),
		Status: status,
		Detail: paramName(loc) + ": " + msg,
		Errors: []*huma.ErrorDetail{{Message: msg, Location: loc, Value: value}},
	}
}

// paramName returns the parameter name of a huma location ("query.from").
func paramName(loc string) string {
	for _, p := range []string{"query.", "path.", "header."} {
		if rest, ok := strings.CutPrefix(loc, p); ok {
			return rest
		}
	}
	return loc
}

// clarify is a huma transformer that makes validation problems say which
// parameter is wrong in their detail: "limit: expected number <= 1000"
// rather than "validation failed".
func clarify(_ huma.Context, _ string, v any) (any, error) {
	em, ok := v.(*huma.ErrorModel)
	if !ok || len(em.Errors) == 0 || em.Detail != "validation failed" {
		return v, nil
	}
	var parts []string
	for _, d := range em.Errors {
		if d == nil {
			continue
		}
		// Parameters parsed by UnmarshalText come with huma's prefix; our
		// messages already say what is wrong.
		d.Message = strings.TrimPrefix(d.Message, "invalid value: ")
		if d.Location != "" {
			parts = append(parts, paramName(d.Location)+": "+d.Message)
		} else {
			parts = append(parts, d.Message)
		}
	}
	if len(parts) > 0 {
		em.Detail = strings.Join(parts, "; ")
	}
	return em, nil
}

// storeError turns a store failure into the error a client sees: 404 for
// unknown IDs, 400 for input the store refused, 503 when the request ran
// out of time, and 500 (logged, details withheld) for the rest.
// cursor is the request's cursor parameter, "" when it has none.
func (s *Server) storeError(ctx context.Context, what, cursor string, err error) error {
	switch {
	case errors.Is(err, avocet.ErrNotFound):
		return problem(http.StatusNotFound, what+" not found")
	case errors.Is(err, avocet.ErrInvalidInput):
		if cursor != "" && strings.Contains(err.Error(), "cursor") {
			return paramError(http.StatusBadRequest, "query.cursor", cursor, "invalid cursor; pass the next value of a previous page")
		}
		return problem(http.StatusBadRequest, "invalid query: "+err.Error())
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
		return problem(http.StatusServiceUnavailable, "request timed out")
	case errors.Is(err, avocet.ErrClosed):
		return problem(http.StatusServiceUnavailable, "store is closed")
	}
	s.log.Error("server: store", "op", what, "err", err)
	return problem(http.StatusInternalServerError, "internal error")
}
