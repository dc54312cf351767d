// Package memstore is an in-memory avocet.Store, the twin of the DuckDB
// store (package store/duck) for tests and small jobs. It passes the same
// conformance suite (package store/storetest), so code written against it
// behaves the same on disk.
//
// Everything lives in maps and one date-ordered slice guarded by a
// read-write lock: Put is atomic because it validates the whole batch before
// changing anything under the write lock, and queries scan all events. Data
// is lost on Close or when the process ends. Stats.SchemaVersion is 0.
//
// The semantics shared with the other stores (normalised dates, query
// filters, ordering, cursors, which buckets and codes the aggregates
// report) are those documented in package store.
package memstore
