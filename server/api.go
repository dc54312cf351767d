package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/format"
)

// apiDescription heads the OpenAPI document.
const apiDescription = `avocet's HTTP API: coded political events ("who did what to whom") and the articles they came from.

Events and articles are listed newest first and paged with an opaque cursor: pass the "next" of one page as "cursor" to get the following one; "next" is empty on the last page.

Besides their events, articles have knowledge: named people, organisations and places, geocoded places, themes, tone, amounts, quotations and dates. The parameters theme, person, org and entity filter events by their article's knowledge, and place by the event's own place; on the article endpoints (/api/v1/articles, /api/v1/top/entities, /api/v1/top/themes) they select articles by their own knowledge, from and to by the article's date, and the other event parameters keep the articles that have a matching event.

Event records are the JSONL records of "avocet code" with an "id", except that their spans (source.span, target.span, verb_span) are byte offsets into the sentence ("text"), not into the article: the record says so with "spans": "sentence". "highlights" gives the same spans with their role and with UTF-16 offsets (start_char, end_char) for JavaScript.

Errors are RFC 9457 problem documents (application/problem+json) whose "detail" names the parameter at fault, e.g. "from: month out of range, want YYYY-MM-DD". Parameters that fail validation get 422, a cursor the store cannot read 400, unknown IDs 404, requests that run out of time 503.

Writes (POST /api/v1/ingest) need "Authorization: Bearer <token>"; a server started without a token refuses them with 403.`

// Errors the read operations document besides their success response.
var readErrors = []int{http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusInternalServerError, http.StatusServiceUnavailable}

func (s *Server) config() huma.Config {
	cfg := huma.DefaultConfig("avocet", s.opts.Version)
	cfg.Info.Description = apiDescription
	cfg.OpenAPIPath = "" // served by serveSpec from a document rendered once
	cfg.DocsPath = ""    // the docs page loads script from a CDN, which the CSP forbids
	cfg.SchemasPath = ""
	cfg.CreateHooks = nil // no "$schema" links in response bodies
	cfg.Transformers = []huma.Transformer{clarify}
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "The server's write token."},
	}
	return cfg
}

// Operation inputs. Filter is embedded (and exported) so that huma finds
// its parameters.

// pageInput is the input of the paged lists, /api/v1/events and
// /api/v1/articles.
type pageInput struct {
	Filter
	Limit  int    `query:"limit" default:"100" minimum:"1" maximum:"1000" doc:"Page size."`
	Cursor string `query:"cursor" maxLength:"512" doc:"The next value of the previous page."`
}

type idInput struct {
	ID string `path:"id" maxLength:"256"`
}

type seriesInput struct {
	Filter
	Interval string `query:"interval" enum:"day,week,month" default:"month" doc:"Bucket width; weeks are ISO weeks starting on Monday."`
}

type topActorsInput struct {
	Filter
	N int `query:"n" default:"20" minimum:"1" maximum:"1000" doc:"How many actors."`
}

type topDyadsInput struct {
	Filter
	N int `query:"n" default:"50" minimum:"1" maximum:"1000" doc:"How many dyads."`
}

type dailyInput struct {
	Filter
	Limit int `query:"limit" default:"1000" minimum:"1" maximum:"10000" doc:"At most this many rows."`
}

type topEntitiesInput struct {
	Filter
	Type string `query:"type" enum:"PER,ORG,LOC,GPE" doc:"Only entities of this type: PER (people), ORG (organisations), LOC (places), GPE (countries, cities, states); all types when absent."`
	N    int    `query:"n" default:"20" minimum:"1" maximum:"1000" doc:"How many entities."`
}

type topThemesInput struct {
	Filter
	N int `query:"n" default:"20" minimum:"1" maximum:"1000" doc:"How many themes."`
}

type errorsInput struct {
	Limit int `query:"limit" default:"100" minimum:"1" maximum:"1000" doc:"At most this many records."`
}

type ingestInput struct {
	Name string `query:"name" default:"http" maxLength:"128" pattern:"^[A-Za-z0-9._:/-]+$" patternDescription:"letters, digits and ._:/-" doc:"Name of the input, passed to the pipeline and shown in error records."`

	contentType string    // Content-Type header
	length      int64     // Content-Length, -1 when unknown
	body        io.Reader // the request body, read by the handler
}

// Resolve takes the body and its headers from the request: huma reads no
// body for this operation, so that it is read only after authentication
// and within the size limit.
func (in *ingestInput) Resolve(ctx huma.Context) []error {
	in.contentType = ctx.Header("Content-Type")
	in.length = -1
	if v := ctx.Header("Content-Length"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.length = n
		}
	}
	if dl, ok := ctx.Context().Deadline(); ok {
		ctx.SetReadDeadline(dl) // best effort: not every ResponseWriter supports it
	}
	in.body = ctx.BodyReader()
	return nil
}

// body wraps a response body for huma.
type body[T any] struct {
	Body T
}

func reply[T any](v T) *body[T] { return &body[T]{Body: v} }

type metricsOutput struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

// register adds every operation to the API.
func (s *Server) register() {
	huma.Register(s.api, huma.Operation{
		OperationID: "health", Method: http.MethodGet, Path: "/healthz", Tags: []string{"meta"},
		Summary:     "Liveness and store check",
		Description: `Answers {"status":"ok"} when the store answers a Stats call, 503 otherwise.`,
		Errors:      []int{http.StatusServiceUnavailable},
	}, s.health)

	huma.Register(s.api, huma.Operation{
		OperationID: "metrics", Method: http.MethodGet, Path: "/metrics", Tags: []string{"meta"},
		Summary:     "Prometheus metrics",
		Description: "Metrics in the Prometheus text exposition format (version 0.0.4).",
		Responses: map[string]*huma.Response{"200": {
			Description: "Metrics",
			Content:     map[string]*huma.MediaType{"text/plain; version=0.0.4": {Schema: &huma.Schema{Type: huma.TypeString}}},
		}},
	}, s.serveMetrics)

	huma.Register(s.api, huma.Operation{
		OperationID: "list-events", Method: http.MethodGet, Path: "/api/v1/events", Tags: []string{"events"},
		Summary:     "List events",
		Description: `Events matching the filters, newest first, one page at a time. Spans are offsets into the sentence ("spans": "sentence").`,
		Errors:      readErrors,
	}, s.events)

	huma.Register(s.api, huma.Operation{
		OperationID: "get-event", Method: http.MethodGet, Path: "/api/v1/events/{id}", Tags: []string{"events"},
		Summary:     "Get one event with its sentence and highlights",
		Description: "highlights give byte offsets (start, end) and UTF-16 offsets (start_char, end_char) into sentence.",
		Errors:      append([]int{http.StatusNotFound}, readErrors...),
	}, s.event)

	huma.Register(s.api, huma.Operation{
		OperationID: "series", Method: http.MethodGet, Path: "/api/v1/series", Tags: []string{"aggregates"},
		Summary:     "Time series of events per QuadClass",
		Description: "Dated events matching the filters counted per day, ISO week or month; buckets without events are left out.",
		Errors:      readErrors,
	}, s.series)

	huma.Register(s.api, huma.Operation{
		OperationID: "top-actors", Method: http.MethodGet, Path: "/api/v1/top/actors", Tags: []string{"aggregates"},
		Summary: "Most frequent actors", Errors: readErrors,
	}, s.topActors)

	huma.Register(s.api, huma.Operation{
		OperationID: "top-dyads", Method: http.MethodGet, Path: "/api/v1/top/dyads", Tags: []string{"aggregates"},
		Summary: "Most frequent source-target pairs", Errors: readErrors,
	}, s.topDyads)

	huma.Register(s.api, huma.Operation{
		OperationID: "daily", Method: http.MethodGet, Path: "/api/v1/daily", Tags: []string{"aggregates"},
		Summary:     "One-a-day view",
		Description: "Identical (date, source, target, code) events collapsed into one row with mention, article and publisher counts, as in GDELT.",
		Errors:      readErrors,
	}, s.daily)

	huma.Register(s.api, huma.Operation{
		OperationID: "list-articles", Method: http.MethodGet, Path: "/api/v1/articles", Tags: []string{"articles"},
		Summary: "List articles",
		Description: "Articles matching the filters, newest first (undated last), one page at a time, without their text. " +
			"theme, person, org, entity and place select articles by what they say; from and to by their date. " +
			"When any other (event) filter is given, only articles with at least one matching event are listed.",
		Errors: readErrors,
	}, s.articles)

	huma.Register(s.api, huma.Operation{
		OperationID: "get-article", Method: http.MethodGet, Path: "/api/v1/articles/{id}", Tags: []string{"articles"},
		Summary:     "Get an article's metadata",
		Description: "The article's metadata, and its text when the store keeps texts.",
		Errors:      append([]int{http.StatusNotFound}, readErrors...),
	}, s.article)

	huma.Register(s.api, huma.Operation{
		OperationID: "get-article-knowledge", Method: http.MethodGet, Path: "/api/v1/articles/{id}/knowledge", Tags: []string{"articles"},
		Summary: "Get what an article says beyond its events",
		Description: "The article's knowledge as the JSONL record of \"avocet knowledge\": entities, geocoded places, themes, tone, " +
			"amounts, quotations and dates, with byte spans into the article text. 404 when the article is not stored, " +
			"or was stored without knowledge.",
		Errors: append([]int{http.StatusNotFound}, readErrors...),
	}, s.knowledge)

	huma.Register(s.api, huma.Operation{
		OperationID: "top-entities", Method: http.MethodGet, Path: "/api/v1/top/entities", Tags: []string{"aggregates"},
		Summary: "Entities named in the most articles",
		Description: "People, organisations and places named in the most articles the filters select (as for /api/v1/articles), " +
			"with their article and mention counts. Entities are the same across articles when their type and canonical name " +
			"(else name) are.",
		Errors: readErrors,
	}, s.topEntities)

	huma.Register(s.api, huma.Operation{
		OperationID: "top-themes", Method: http.MethodGet, Path: "/api/v1/top/themes", Tags: []string{"aggregates"},
		Summary:     "Themes of the most articles",
		Description: "Themes of the most articles the filters select (as for /api/v1/articles), with their article and mention counts.",
		Errors:      readErrors,
	}, s.topThemes)

	huma.Register(s.api, huma.Operation{
		OperationID: "stats", Method: http.MethodGet, Path: "/api/v1/stats", Tags: []string{"meta"},
		Summary: "Store summary", Errors: readErrors,
	}, s.stats)

	huma.Register(s.api, huma.Operation{
		OperationID: "list-errors", Method: http.MethodGet, Path: "/api/v1/errors", Tags: []string{"meta"},
		Summary: "Ingest error records, newest first", Errors: readErrors,
	}, s.errorRecords)

	registerWrite(s, huma.Operation{
		OperationID: "ingest", Method: http.MethodPost, Path: "/api/v1/ingest", Tags: []string{"ingest"},
		Summary: "Code and store articles",
		Description: "The body is JSONL, one article object a line ({\"id\", \"date\", \"title\", \"text\", \"url\", \"source\"}; " +
			"Content-Type application/x-ndjson or application/json), or one plain-text article (text/plain). " +
			"Articles already stored are skipped. Bodies over the server's limit get 413.",
		Errors: []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType,
			http.StatusUnprocessableEntity, http.StatusInternalServerError, http.StatusNotImplemented, http.StatusServiceUnavailable},
	}, s.ingest)
	// Documented after registration: given to Register, the body would be
	// read and validated by huma before authentication.
	s.api.OpenAPI().Paths["/api/v1/ingest"].Post.RequestBody = &huma.RequestBody{
		Required: true,
		Content: map[string]*huma.MediaType{
			"application/x-ndjson": {Schema: &huma.Schema{Type: huma.TypeString, Description: "JSONL articles"}},
			"application/json":     {Schema: &huma.Schema{Type: huma.TypeString, Description: "JSONL articles"}},
			"text/plain":           {Schema: &huma.Schema{Type: huma.TypeString, Description: "one article's text"}},
		},
	}
}

// registerWrite registers a write operation: it requires the bearer token.
// Every operation that changes the store goes through it.
func registerWrite[I, O any](s *Server, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	op.Security = []map[string][]string{{"bearer": {}}}
	op.Errors = append([]int{http.StatusUnauthorized, http.StatusForbidden}, op.Errors...)
	op.Middlewares = append(op.Middlewares, s.authenticate)
	huma.Register(s.api, op, h)
}

func (s *Server) health(ctx context.Context, _ *struct{}) (*body[Health], error) {
	if _, err := s.st.Stats(ctx); err != nil {
		s.log.Error("server: health check", "err", err)
		return nil, problem(http.StatusServiceUnavailable, "store unavailable")
	}
	return reply(Health{Status: "ok"}), nil
}

func (s *Server) serveMetrics(ctx context.Context, _ *struct{}) (*metricsOutput, error) {
	return &metricsOutput{ContentType: "text/plain; version=0.0.4; charset=utf-8", Body: s.exposition(ctx)}, nil
}

func (s *Server) events(ctx context.Context, in *pageInput) (*body[EventsPage], error) {
	q, err := in.Query()
	if err != nil {
		return nil, err
	}
	q.Limit, q.Cursor = in.Limit, in.Cursor
	page, err := s.st.Events(ctx, q)
	if err != nil {
		return nil, s.storeError(ctx, "events", q.Cursor, err)
	}
	out := EventsPage{Events: make([]Event, len(page.Events)), Next: page.Next}
	for i := range page.Events {
		out.Events[i] = newEvent(&page.Events[i])
	}
	return reply(out), nil
}

func (s *Server) event(ctx context.Context, in *idInput) (*body[EventDetail], error) {
	e, err := s.st.Event(ctx, in.ID)
	if err != nil {
		return nil, s.storeError(ctx, "event "+strconv.Quote(in.ID), "", err)
	}
	ev := newEvent(&e)
	return reply(EventDetail{Event: ev, Sentence: e.SentenceText, Highlights: ev.Highlights}), nil
}

func (s *Server) series(ctx context.Context, in *seriesInput) (*body[Series], error) {
	q, err := in.Query()
	if err != nil {
		return nil, err
	}
	pts, err := s.st.Series(ctx, q, avocet.Interval(in.Interval))
	if err != nil {
		return nil, s.storeError(ctx, "series", "", err)
	}
	out := Series{Interval: in.Interval, Points: make([]SeriesPoint, len(pts))}
	for i, p := range pts {
		out.Points[i] = newSeriesPoint(p)
	}
	return reply(out), nil
}

func (s *Server) topActors(ctx context.Context, in *topActorsInput) (*body[TopActors], error) {
	q, err := in.Query()
	if err != nil {
		return nil, err
	}
	cs, err := s.st.TopActors(ctx, q, in.N)
	if err != nil {
		return nil, s.storeError(ctx, "top actors", "", err)
	}
	out := TopActors{Actors: make([]ActorCount, len(cs))}
	for i, c := range cs {
		out.Actors[i] = ActorCount{Code: c.Key, Events: c.Events}
	}
	return reply(out), nil
}

func (s *Server) topDyads(ctx context.Context, in *topDyadsInput) (*body[TopDyads], error) {
	q, err := in.Query()
	if err != nil {
		return nil, err
	}
	cs, err := s.st.TopDyads(ctx, q, in.N)
	if err != nil {
		return nil, s.storeError(ctx, "top dyads", "", err)
	}
	out := TopDyads{Dyads: make([]DyadCount, len(cs))}
	for i, c := range cs {
		out.Dyads[i] = newDyadCount(c)
	}
	return reply(out), nil
}

func (s *Server) daily(ctx context.Context, in *dailyInput) (*body[Daily], error) {
	q, err := in.Query()
	if err != nil {
		return nil, err
	}
	q.Limit = in.Limit + 1 // one more tells whether rows were cut
	rows, err := s.st.Daily(ctx, q)
	if err != nil {
		return nil, s.storeError(ctx, "daily", "", err)
	}
	out := Daily{}
	if len(rows) > in.Limit {
		rows, out.Truncated = rows[:in.Limit], true
	}
	out.Daily = make([]DailyEvent, len(rows))
	for i, r := range rows {
		out.Daily[i] = newDailyEvent(r)
	}
	return reply(out), nil
}

func (s *Server) article(ctx context.Context, in *idInput) (*body[Article], error) {
	a, err := s.st.Article(ctx, in.ID)
	if err != nil {
		return nil, s.storeError(ctx, "article "+strconv.Quote(in.ID), "", err)
	}
	return reply(newArticle(&a)), nil
}

func (s *Server) articles(ctx context.Context, in *pageInput) (*body[ArticlesPage], error) {
	q, err := in.ArticleQuery()
	if err != nil {
		return nil, err
	}
	q.Limit, q.Cursor = in.Limit, in.Cursor
	page, err := s.st.Articles(ctx, q)
	if err != nil {
		return nil, s.storeError(ctx, "articles", q.Cursor, err)
	}
	return reply(ArticlesPage{Articles: newArticles(page.Articles), Next: page.Next}), nil
}

func (s *Server) knowledge(ctx context.Context, in *idInput) (*body[format.KnowledgeJSON], error) {
	what := "knowledge of article " + strconv.Quote(in.ID)
	k, err := s.st.Knowledge(ctx, in.ID)
	if err != nil {
		return nil, s.storeError(ctx, what, "", err)
	}
	var meta *avocet.Article
	switch a, err := s.st.Article(ctx, in.ID); {
	case err == nil:
		meta = &a.Article
	case !errors.Is(err, avocet.ErrNotFound):
		return nil, s.storeError(ctx, what, "", err)
	}
	return reply(format.NewKnowledgeJSON(k, meta)), nil
}

func (s *Server) topEntities(ctx context.Context, in *topEntitiesInput) (*body[TopEntities], error) {
	q, err := in.ArticleQuery()
	if err != nil {
		return nil, err
	}
	cs, err := s.st.TopEntities(ctx, q, in.Type, in.N)
	if err != nil {
		return nil, s.storeError(ctx, "top entities", "", err)
	}
	return reply(TopEntities{Entities: newEntityCounts(cs)}), nil
}

func (s *Server) topThemes(ctx context.Context, in *topThemesInput) (*body[TopThemes], error) {
	q, err := in.ArticleQuery()
	if err != nil {
		return nil, err
	}
	cs, err := s.st.TopThemes(ctx, q, in.N)
	if err != nil {
		return nil, s.storeError(ctx, "top themes", "", err)
	}
	return reply(TopThemes{Themes: newThemeCounts(cs)}), nil
}

func (s *Server) stats(ctx context.Context, _ *struct{}) (*body[Stats], error) {
	st, err := s.st.Stats(ctx)
	if err != nil {
		return nil, s.storeError(ctx, "stats", "", err)
	}
	return reply(newStats(st, s.opts.Version)), nil
}

func (s *Server) errorRecords(ctx context.Context, in *errorsInput) (*body[ErrorList], error) {
	errs, err := s.st.Errors(ctx, in.Limit)
	if err != nil {
		return nil, s.storeError(ctx, "errors", "", err)
	}
	return reply(ErrorList{Errors: newIngestErrors(errs)}), nil
}

// ingestTypes are the media types POST /api/v1/ingest accepts.
var ingestTypes = map[string]bool{
	"application/x-ndjson": true,
	"application/jsonl":    true,
	"application/json":     true,
	"text/plain":           true,
}

func (s *Server) ingest(ctx context.Context, in *ingestInput) (*body[IngestResponse], error) {
	if s.opts.Ingest == nil {
		return nil, problem(http.StatusNotImplemented, "server has no ingest pipeline configured")
	}
	mt, _, err := mime.ParseMediaType(in.contentType)
	if err != nil || !ingestTypes[mt] {
		return nil, problem(http.StatusUnsupportedMediaType,
			"Content-Type "+strconv.Quote(in.contentType)+" not supported: send application/x-ndjson, application/json or text/plain")
	}
	limit := s.opts.MaxBodyBytes
	tooLarge := problem(http.StatusRequestEntityTooLarge, "request body is larger than "+strconv.FormatInt(limit, 10)+" bytes")
	if in.length > limit {
		return nil, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(in.body, limit+1))
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, problem(http.StatusServiceUnavailable, "request timed out")
	case err != nil:
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge
		}
		return nil, problem(http.StatusBadRequest, "cannot read request body")
	case int64(len(data)) > limit:
		return nil, tooLarge
	case len(bytes.TrimSpace(data)) == 0:
		return nil, problem(http.StatusBadRequest, "request body is empty")
	}
	res, err := s.opts.Ingest(ctx, bytes.NewReader(data), in.Name)
	s.metrics.ingested(res)
	if err != nil {
		switch {
		case errors.Is(err, avocet.ErrInvalidInput):
			return nil, problem(http.StatusBadRequest, "invalid input: "+err.Error())
		case ctx.Err() != nil:
			return nil, problem(http.StatusServiceUnavailable, "request timed out")
		}
		s.log.Error("server: ingest", "name", in.Name, "err", err)
		return nil, problem(http.StatusInternalServerError, "internal error")
	}
	return reply(IngestResponse{
		Articles: res.Articles, Duplicates: res.Duplicates, Events: res.Events,
		Errors: newIngestErrors(res.Errors),
	}), nil
}
