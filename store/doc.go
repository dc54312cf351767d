// Package store documents the semantics shared by every avocet.Store; the
// implementations live in its subpackages: memstore (in memory), duck
// (embedded DuckDB file) and storetest (the conformance suite both pass).
//
// # Put
//
// A Batch is refused as a whole, with an error wrapping
// avocet.ErrInvalidInput and nothing stored, when an article has no ID, an
// article or event ID appears twice in it, an event's ArticleID names none of
// the batch's articles, or an event ID is not "<ArticleID>-<Sentence>-<n>"
// (n a decimal number; the sentence is "h" for a headline event, whose
// Sentence is negative). Because sentence and n hold no '-', an event ID
// names its article, so event IDs are unique in a store once article IDs are.
//
// An article already stored is skipped together with the batch's events
// for it and counted in PutResult.Duplicates: rerunning a batch after a crash
// stores nothing twice. Error records have no ID; one with the same input,
// record, stage and message as a stored one (or an earlier one of the same
// batch) is skipped, whatever its time, and not counted in PutResult.Errors.
// A cancelled context makes Put fail without storing anything.
//
// # Stored values
//
// Values come back in one canonical form:
//
//   - Event.Date is a calendar day: the date of the given time in its own
//     location, returned as midnight UTC. A zero date stays zero ("undated").
//   - Article.Date, StoredArticle.Ingested and IngestError.Time are instants,
//     returned in UTC to the microsecond. A zero Ingested or error Time is
//     set to the time of the Put.
//   - StoredArticle.Events is set to the number of the batch's events for the
//     article. Article.Text is kept only when the store's KeepText option
//     is set.
//   - Empty Sectors and Issues come back nil; a non-nil Location comes back
//     non-nil even when all its fields are zero.
//
// # Queries
//
// Every EventQuery filter is an AND of:
//
//   - Source, Target, Actor: actor patterns matched case-sensitively against
//     the codes: "USA" exactly, "USA*" any code starting with USA, "*" any
//     code at all, "---" included. Actor matches either side.
//   - Country, Sector: exact, on either actor.
//   - Code: a prefix of the CAMEO code ("19", "190", "1823").
//   - QuadClass: any of the listed classes; values outside 1-4 are invalid.
//   - MinGold, MaxGold: inclusive bounds on the Goldstein weight.
//   - From, To: inclusive calendar days (the date of the time in its own
//     location); undated events never pass a date bound.
//   - Text: a case-insensitive substring of SentenceText (no wildcards).
//   - ArticleID: exact.
//
// Events pages are ordered by date, newest first, then by ID ascending;
// undated events come last. Limit 0 means 100, larger than 10,000 means
// 10,000 and negative is invalid. Next is an opaque cursor (base64 of the
// last event's date and ID); a malformed cursor gives an error wrapping
// avocet.ErrInvalidInput. Paging with the cursors returns every selected
// event exactly once. EachEvent runs in the opposite date order (undated
// events first, then oldest first, then by ID) and ignores Limit and Cursor.
//
// # Aggregates
//
// Aggregates ignore Limit and Cursor unless said otherwise.
//
//   - Series counts the dated events per bucket, oldest bucket first. A
//     bucket starts on the day (Day), the Monday of the ISO week (Week) or
//     the first of the month (Month); buckets without events are omitted.
//     Quad counts events of QuadClass 1-4 (index 0 is class 1); Goldstein is
//     the mean weight of the bucket's events.
//   - TopActors counts an event once for its source code and once for its
//     target code (so a USA>USA event counts twice for USA); "---" and empty
//     codes are left out. TopDyads counts "SOURCE>TARGET" keys of events whose
//     actors are both known. Both order by count, then key, and return n
//     keys, 10 when n <= 0.
//   - Daily collapses the selected dated events with the same (date, source
//     code, target code, event code): Mentions is the sum of Event.Mentions,
//     Articles the number of distinct articles, Sources the number of
//     distinct non-empty publishers, Goldstein the mean weight and QuadClass
//     the smallest class of the collapsed events. Rows come newest day
//     first, then by source, target and code; a positive q.Limit caps them
//     and 0 returns them all. Filters apply to the events before collapsing.
//   - Errors returns error records newest first (by Time, then the most
//     recently stored first); limit <= 0 means 100.
//   - Stats.FirstEvent and LastEvent ignore undated events.
//
// After Close every method returns avocet.ErrClosed; closing again returns nil.
package store
