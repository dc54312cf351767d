// Package web is avocet's dashboard: a single page, embedded in the binary,
// that reads the JSON API of package server (/api/v1/...) from the browser.
//
// Handler serves the page and its assets:
//
//	/, /index.html     the page
//	/app.js, /app.css  the dashboard's own code and style
//	/favicon.svg       the icon
//	/cameo.json        CAMEO event code names from package cameo, for labels
//	/vendor/...        third-party libraries (uPlot, Cytoscape.js, d3-geo,
//	                   d3-array, topojson-client) and the world-atlas map,
//	                   with their licences; vendor/VENDOR.md lists them
//
// Nothing is built at compile time: the files under static/ are served as
// they are, and the libraries were copied from their npm packages (see
// static/vendor/VENDOR.md). The page uses no inline script, so it runs
// under the server's Content-Security-Policy ("default-src 'self'"). It
// builds every node that shows stored text with textContent, never with
// HTML parsing, and links only http and https URLs.
//
// The filter state (source, target, actor, code, quad, from, to, q,
// person, org, place, theme, interval, and the API's other filters when a
// link sets them) lives in the page's query string, so a view can be
// bookmarked and shared: /?source=USA&target=RUS&interval=month. The
// People, Organisations, Places and Themes panels list what the matching
// articles name (GET /api/v1/top/entities and /top/themes with the same
// filter); choosing an entry adds it to the filter.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/avocet-events/avocet/cameo"
)

//go:embed static
var static embed.FS

// ContentSecurityPolicy is the policy the page is written for. Handler sets
// it on the page when the wrapping server has not set one already.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"

// asset is one file Handler serves.
type asset struct {
	data  []byte
	ctype string // Content-Type
	etag  string // strong validator: quoted hash of data
}

// contentTypes maps file extensions to the Content-Type header sent for
// them. It is fixed here rather than taken from the system's MIME tables so
// that every machine serves the same headers.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".md":   "text/plain; charset=utf-8",
	"":      "text/plain; charset=utf-8", // LICENSE files
}

// Handler returns the dashboard's handler. It serves GET and HEAD requests
// for the paths listed in the package documentation, answers 404 for any
// other path and 405 for other methods. Mount it at the root of the server,
// next to /api/v1; the page calls the API at absolute paths.
func Handler() http.Handler {
	assets, err := loadAssets()
	if err != nil {
		// The files are embedded at build time and read back from memory;
		// this fails only for a binary built from a broken tree, which the
		// package tests catch.
		panic("web: embedded assets: " + err.Error())
	}
	return &handler{assets: assets}
}

type handler struct {
	assets map[string]*asset // by URL path without the leading "/"
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" {
		name = "index.html"
	}
	a, ok := h.assets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", a.ctype)
	hdr.Set("ETag", a.etag)
	hdr.Set("X-Content-Type-Options", "nosniff")
	// Revalidate every time: the ETag makes that cheap, and a new binary
	// never leaves a browser running an old app.js against a new API.
	hdr.Set("Cache-Control", "no-cache")
	if name == "index.html" && hdr.Get("Content-Security-Policy") == "" {
		hdr.Set("Content-Security-Policy", ContentSecurityPolicy)
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.data))
}

// loadAssets reads the embedded files and adds cameo.json.
func loadAssets() (map[string]*asset, error) {
	root, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	assets := make(map[string]*asset)
	err = fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, name)
		if err != nil {
			return err
		}
		assets[name] = newAsset(name, data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	codes, err := codeNames()
	if err != nil {
		return nil, err
	}
	assets["cameo.json"] = newAsset("cameo.json", codes)
	return assets, nil
}

func newAsset(name string, data []byte) *asset {
	ctype, ok := contentTypes[path.Ext(name)]
	if !ok {
		ctype = "application/octet-stream"
	}
	sum := sha256.Sum256(data)
	return &asset{data: data, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

// codeNames returns the CAMEO codebook as the page reads it: a JSON object
// from event code to {"name", "quad", "goldstein"}.
func codeNames() ([]byte, error) {
	type entry struct {
		Name      string  `json:"name"`
		Quad      int     `json:"quad"`
		Goldstein float64 `json:"goldstein"`
	}
	m := make(map[string]entry)
	for _, c := range cameo.Default().Codes() {
		m[c.Code] = entry{Name: c.Name, Quad: c.QuadClass, Goldstein: c.Goldstein}
	}
	return json.Marshal(m)
}
