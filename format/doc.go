// Package format encodes avocet's events for output: JSONL with full
// provenance, and (later) GDELT 2.0 Events TSV, CSV and Parquet.
package format
