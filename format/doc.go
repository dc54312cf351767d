// Package format encodes avocet's events and articles for output: JSONL
// with full provenance, GDELT 2.0 Events TSV, CSV, Parquet (single files
// and Hive-partitioned data sets by month) and aligned terminal tables.
package format
