package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/avocet-events/avocet/ingest"
	"github.com/avocet-events/avocet/pipeline"
	"github.com/avocet-events/avocet/server"
	"github.com/avocet-events/avocet/server/web"
)

const serveUsage = `serve [flags]

Serves the store (--db) over HTTP: the dashboard at /, the JSON API under
/api/v1 (its OpenAPI 3.1 document at /openapi.json), /healthz and Prometheus
/metrics. The server owns the store file while it runs; ingest through it with
POST /api/v1/ingest (JSONL articles or plain text), which needs the bearer
token given by --token, the AVOCET_TOKEN environment variable or
--token-file (in that order). Without a token the server is read-only.`

func (m *Main) runServe(ctx context.Context, args []string) error {
	fs := m.newFlags("serve", serveUsage)
	db := dbFlag(fs)
	addr := fs.String("addr", "localhost:8080", "address to listen on")
	token := fs.String("token", "", "bearer token for writes (prefer AVOCET_TOKEN or --token-file: flags show in ps)")
	tokenFile := fs.String("token-file", "", "file holding the bearer token for writes (mode 0600)")
	keepText := fs.Bool("keep-text", false, "store the texts of ingested articles")
	model := fs.String("model", "", "language model bundle to use instead of the built-in one")
	dictDir := fs.String("dict", "", "dictionaries to use in addition to the built-in ones")
	replace := fs.Bool("replace-dict", false, "with --dict: use only the given dictionaries")
	maxBody := fs.Int64("max-body", server.DefaultMaxBodyBytes, "largest request body in bytes")
	timeout := fs.Duration("timeout", 5*time.Minute, "longest time a request may take (ingestion included)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments (got %q)", fs.Args())
	}
	tok, err := server.TokenFrom(*token, "AVOCET_TOKEN", *tokenFile)
	if err != nil {
		return err
	}
	ac, err := m.articleCoder(*model, *dictDir, *replace, false)
	if err != nil {
		return err
	}
	if err := enableKnowledge(ac); err != nil {
		return err
	}
	st, err := openStore(*db, *keepText)
	if err != nil {
		return err
	}
	defer st.Close()
	ingestFn := func(ctx context.Context, body io.Reader, name string) (server.IngestResult, error) {
		src := func(ctx context.Context, emit func(pipeline.Input) error) error {
			var emitErr error
			err := ingest.Read(ctx, name, body, &ingest.Options{NoFetch: true}, func(r ingest.Record) error {
				emitErr = emit(pipeline.Input{Article: r.Article, Input: r.Input, Record: r.Record, Err: r.Err})
				return emitErr
			})
			if emitErr != nil {
				return emitErr
			}
			if err != nil && ctx.Err() == nil {
				return emit(pipeline.Input{Input: name, Err: err})
			}
			return err
		}
		c, err := pipeline.Ingest(ctx, st, ac, src, nil)
		return server.IngestResult{Articles: c.Stored, Duplicates: c.Duplicates, Events: c.Events, Errors: c.ErrorList}, err
	}
	srv, err := server.New(st, &server.Options{Token: tok, Ingest: ingestFn, Dashboard: web.Handler(), MaxBodyBytes: *maxBody, Timeout: *timeout, Version: version})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := server.NewHTTPServer(*addr, srv.Handler())
	hs.WriteTimeout = *timeout + 10*time.Second
	mode := "read-only (no token)"
	if tok != "" {
		mode = "ingestion enabled"
	}
	fmt.Fprintf(m.Stderr, "avocet: serving %s on http://%s/ (%s)\n", *db, ln.Addr(), mode)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hs.Shutdown(shut); err != nil {
			return err
		}
		fmt.Fprintln(m.Stderr, "avocet: server stopped")
	}
	return st.Close()
}
