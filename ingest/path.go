package ingest

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// extensions are the file name endings ReadPath reads in a directory.
var extensions = []string{".txt", ".jsonl", ".ndjson", ".json", ".html", ".htm", ".xml", ".rss", ".atom", ".warc", ".warc.gz"}

// ReadPath reads a file as Read does, or every file below a directory
// whose name ends in .txt, .jsonl, .ndjson, .json, .html, .htm, .xml, .rss, .atom,
// .warc or .warc.gz, in sorted path order, skipping names that start with
// ".". (A .urls list is read only when named: a directory of files should
// not set off fetches.) A file of a directory that cannot be opened or read becomes an
// error record and the other files are still read; a path that cannot be
// read at all is an error. Standard input is not a path: pass os.Stdin to
// Read.
func ReadPath(ctx context.Context, path string, opts *Options, fn func(Record) error) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return readFile(ctx, path, opts, fn)
	}
	var files []string
	var walkErrs []Record
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			walkErrs = append(walkErrs, Record{Input: p, Err: err})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if p != path && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && Readable(name) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	st := statsOf(opts)
	for _, rec := range walkErrs {
		st.Records++
		st.Errors++
		if err := fn(rec); err != nil {
			return err
		}
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		var fnErr error
		wrapped := func(r Record) error {
			fnErr = fn(r)
			return fnErr
		}
		err := readFile(ctx, f, opts, wrapped)
		if err == nil {
			continue
		}
		if fnErr != nil || ctx.Err() != nil {
			return err
		}
		st.Records++
		st.Errors++
		if err := fn(Record{Input: f, Err: err}); err != nil {
			return err
		}
	}
	return nil
}

// statsOf returns the Stats to count in: opts.Stats or a throwaway.
func statsOf(opts *Options) *Stats {
	if opts != nil && opts.Stats != nil {
		return opts.Stats
	}
	return new(Stats)
}

// Readable reports whether a folder walk reads a file of this name: one
// ending in an extension of the kinds Read understands. URL lists (.urls)
// are not among them, so that reading a folder never fetches.
func Readable(name string) bool {
	for _, ext := range extensions {
		if hasSuffixFold(name, ext) {
			return true
		}
	}
	return false
}

func readFile(ctx context.Context, path string, opts *Options, fn func(Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return Read(ctx, path, f, opts, fn)
}
