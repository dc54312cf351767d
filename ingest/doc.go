// Package ingest turns input files into articles: it is the first stage of
// the pipeline.
//
// In: a named byte stream (Read) or a file or directory path (ReadPath).
// Out: a sequence of Records, each either an avocet.Article or an error
// record naming the input and the place in it ("line 12", "item 3", "WARC
// record 7 at offset 12345"), passed in input order to a callback.
//
// # Formats
//
// Read tells the format from the content, with the name as tie-breaker:
//
//   - gzip: decompressed, then read as what it holds; a gzip WARC file is
//     read member by member, so that a corrupt member costs one record.
//   - WARC 1.0 and 1.1: HTML pages of response (and resource) records,
//     through the HTTP layer (chunked and gzip or deflate encoded bodies),
//     with the target URI as URL and the WARC-Date as fallback date. Other
//     records (request, metadata, warcinfo, revisit, non-HTML or non-2xx
//     responses) are skipped and counted in Stats.Skipped.
//   - JSONL (first non-space byte '{'): one object per line with title,
//     text (or body, or content), date, url, source (or publisher) and
//     byline (or author). A JSON array, or pretty-printed objects, are
//     read too.
//   - RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one article per item, the text
//     from content:encoded, else content, description or summary, the
//     channel title as publisher.
//   - HTML: the main text block, chosen by text density, its paragraphs
//     separated by blank lines; title, byline, date, canonical URL and
//     publisher from the page's metadata.
//   - URL lists (a name ending in .urls, or text whose every non-blank,
//     non-# line is an http or https URL): each URL is fetched with
//     Options.Client and read as HTML or as a feed, unless Options.NoFetch
//     is set (as it should be where inputs come from untrusted users).
//   - Anything else is plain text: the whole input is one article, and
//     its first line is not taken for a title.
//
// # Invariants
//
// Exactly one of Record.Article.ID and Record.Err is set. Every article has
// non-empty, valid UTF-8 text (invalid bytes are replaced by U+FFFD and
// counted in Record.Repairs) of at most Options.MaxArticleBytes, Language
// "en", a Date that is midnight UTC of the day the source gives (zero when
// unknown), and the ID that ID computes from its title and text, so that
// the same story read from JSONL, HTML or a feed gets the same ID.
//
// # Errors
//
// A broken record becomes an error record wrapping avocet.ErrInvalidInput
// (and ErrTooLarge or ErrNoText where they apply; fetches answered with a
// non-2xx status give a *StatusError), and reading goes on with the next
// record: a WARC reader resynchronises on the next "WARC/" line or gzip
// member. A truncated input gives the records before the cut and an error
// record. Read itself fails only when the input cannot be read at all,
// when the callback fails, or when the context is cancelled.
//
// # Limits
//
// No more than MaxArticleBytes+1 bytes of one article, page, WARC body or
// fetched body, and no more than MaxRecordBytes of one JSONL line or XML
// token, are held in memory; larger ones become error records wrapping
// ErrTooLarge. (An element of a JSON array is decoded whole before its size
// is checked.) HTML nested deeper than the HTML parser
// accepts (512 elements) is read by a simpler parser that drops the
// elements past that depth but keeps their text; no walk over a page
// recurses.
//
// Read is a plain, synchronous stage: it starts no goroutines and calls fn
// on the caller's goroutine; concurrency belongs to the orchestrator.
package ingest
