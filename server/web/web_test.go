package web_test

import (
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/avocet-events/avocet/server"
	"github.com/avocet-events/avocet/server/web"
)

// get requests path from h and returns the response with its body read.
func get(t *testing.T, h http.Handler, method, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	res := rec.Result()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

func TestHandlerServes(t *testing.T) {
	h := web.Handler()
	tests := []struct {
		name  string
		path  string
		ctype string
		has   string // a substring the body must contain
	}{
		{"root is the page", "/", "text/html; charset=utf-8", `<script src="app.js" defer></script>`},
		{"root with filters", "/?source=USA&target=RUS", "text/html; charset=utf-8", "<title>"},
		{"page by name", "/index.html", "text/html; charset=utf-8", "<title>"},
		{"script", "/app.js", "text/javascript; charset=utf-8", "avocetReady"},
		{"style", "/app.css", "text/css; charset=utf-8", ".panel"},
		{"icon", "/favicon.svg", "image/svg+xml", "<svg"},
		{"code names", "/cameo.json", "application/json", `"Use conventional military force"`},
		{"uPlot", "/vendor/uplot/uPlot.iife.min.js", "text/javascript; charset=utf-8", "uPlot"},
		{"uPlot style", "/vendor/uplot/uPlot.min.css", "text/css; charset=utf-8", ".uplot"},
		{"cytoscape", "/vendor/cytoscape/cytoscape.min.js", "text/javascript; charset=utf-8", "cytoscape"},
		{"d3-geo", "/vendor/d3-geo/d3-geo.min.js", "text/javascript; charset=utf-8", "geoEqualEarth"},
		{"d3-array", "/vendor/d3-array/d3-array.min.js", "text/javascript; charset=utf-8", "d3-array"},
		{"topojson", "/vendor/topojson-client/topojson-client.min.js", "text/javascript; charset=utf-8", "topojson"},
		{"world map", "/vendor/world-atlas/countries-110m.json", "application/json", `"Topology"`},
		{"licence", "/vendor/cytoscape/LICENSE", "text/plain; charset=utf-8", "MIT"},
		{"vendor list", "/vendor/VENDOR.md", "text/plain; charset=utf-8", "uplot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, h, http.MethodGet, tt.path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d, want 200", tt.path, res.StatusCode)
			}
			if got := res.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("GET %s: Content-Type %q, want %q", tt.path, got, tt.ctype)
			}
			if res.Header.Get("ETag") == "" {
				t.Errorf("GET %s: no ETag", tt.path)
			}
			if !strings.Contains(body, tt.has) {
				t.Errorf("GET %s: body lacks %q", tt.path, tt.has)
			}
		})
	}
}

func TestHandlerRejects(t *testing.T) {
	h := web.Handler()
	tests := []struct {
		name   string
		method string
		path   string
		want   int
	}{
		{"unknown asset", http.MethodGet, "/nope.js", http.StatusNotFound},
		{"unknown vendor file", http.MethodGet, "/vendor/uplot/uPlot.js", http.StatusNotFound},
		{"directory", http.MethodGet, "/vendor/", http.StatusNotFound},
		{"directory without slash", http.MethodGet, "/vendor", http.StatusNotFound},
		{"embedded prefix is not a path", http.MethodGet, "/static/app.js", http.StatusNotFound},
		{"dot segments", http.MethodGet, "/vendor/../app.js", http.StatusNotFound},
		{"post", http.MethodPost, "/", http.StatusMethodNotAllowed},
		{"delete", http.MethodDelete, "/app.js", http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := get(t, h, tt.method, tt.path)
			if res.StatusCode != tt.want {
				t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, res.StatusCode, tt.want)
			}
		})
	}
}

func TestHandlerHeadersAndRevalidation(t *testing.T) {
	h := web.Handler()
	res, _ := get(t, h, http.MethodGet, "/")
	if got := res.Header.Get("Content-Security-Policy"); got != web.ContentSecurityPolicy {
		t.Errorf("page CSP %q, want %q", got, web.ContentSecurityPolicy)
	}
	if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options %q, want nosniff", got)
	}

	// The API server sends its own CSP, which wins (below); it must be
	// the one the page is written for.
	if server.ContentSecurityPolicy != web.ContentSecurityPolicy {
		t.Errorf("server CSP %q differs from the page's %q", server.ContentSecurityPolicy, web.ContentSecurityPolicy)
	}

	// A CSP set by the wrapping server wins.
	wrapped := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'")
		h.ServeHTTP(w, r)
	})
	res, _ = get(t, wrapped, http.MethodGet, "/")
	if got := res.Header.Get("Content-Security-Policy"); got != "default-src 'none'" {
		t.Errorf("wrapped CSP %q, want the server's", got)
	}

	res, _ = get(t, h, http.MethodGet, "/app.js")
	etag := res.Header.Get("ETag")
	req := httptest.NewRequest(http.MethodGet, "/app.js", nil)
	req.Header.Set("If-None-Match", etag)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("GET /app.js with If-None-Match: status %d, want 304", rec.Code)
	}

	res, body := get(t, h, http.MethodHead, "/app.css")
	if res.StatusCode != http.StatusOK || body != "" {
		t.Errorf("HEAD /app.css: status %d, %d body bytes; want 200 and none", res.StatusCode, len(body))
	}
}

// TestVendoredFiles checks that every vendored library is on disk with its
// licence, is listed in VENDOR.md, and has a plausible size (a truncated
// download or an unminified build would fall outside the range).
func TestVendoredFiles(t *testing.T) {
	files := []struct {
		path     string
		min, max int64
	}{
		{"uplot/uPlot.iife.min.js", 30 << 10, 200 << 10},
		{"uplot/uPlot.min.css", 1 << 10, 20 << 10},
		{"cytoscape/cytoscape.min.js", 300 << 10, 800 << 10},
		{"d3-geo/d3-geo.min.js", 20 << 10, 100 << 10},
		{"d3-array/d3-array.min.js", 8 << 10, 60 << 10},
		{"topojson-client/topojson-client.min.js", 3 << 10, 30 << 10},
		{"world-atlas/countries-110m.json", 80 << 10, 200 << 10},
	}
	vendor := filepath.Join("static", "vendor")
	list, err := os.ReadFile(filepath.Join(vendor, "VENDOR.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		fi, err := os.Stat(filepath.Join(vendor, f.path))
		if err != nil {
			t.Error(err)
			continue
		}
		if fi.Size() < f.min || fi.Size() > f.max {
			t.Errorf("%s: %d bytes, want %d..%d", f.path, fi.Size(), f.min, f.max)
		}
		dir := filepath.Dir(f.path)
		if _, err := os.Stat(filepath.Join(vendor, dir, "LICENSE")); err != nil {
			t.Errorf("%s has no LICENSE: %v", dir, err)
		}
		if !strings.Contains(string(list), "`"+dir+"/`") {
			t.Errorf("VENDOR.md does not list %s/", dir)
		}
	}
}

// TestNoInlineScript checks the page against the server's CSP, which
// allows scripts only from the server's own files: no inline <script>, no
// on* attributes, no javascript: URLs. It also checks that app.js never
// parses strings as HTML.
func TestNoInlineScript(t *testing.T) {
	page, err := fs.ReadFile(os.DirFS("static"), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	scripts := regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`).FindAllStringSubmatch(html, -1)
	if len(scripts) == 0 {
		t.Fatal("index.html loads no script")
	}
	for _, s := range scripts {
		if !strings.Contains(s[1], "src=") {
			t.Errorf("inline script: %s", s[0])
		}
		if strings.TrimSpace(s[2]) != "" {
			t.Errorf("script element with a body: %s", s[0])
		}
	}
	if m := regexp.MustCompile(`(?i)\son[a-z]+\s*=`).FindString(html); m != "" {
		t.Errorf("inline event handler attribute %q", m)
	}
	if strings.Contains(strings.ToLower(html), "javascript:") {
		t.Error("javascript: URL in index.html")
	}

	app, err := os.ReadFile(filepath.Join("static", "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"} {
		if strings.Contains(string(app), bad) {
			t.Errorf("app.js uses %s", bad)
		}
	}
}

func TestCodeNames(t *testing.T) {
	_, body := get(t, web.Handler(), http.MethodGet, "/cameo.json")
	var codes map[string]struct {
		Name      string
		Quad      int
		Goldstein float64
	}
	if err := json.Unmarshal([]byte(body), &codes); err != nil {
		t.Fatal(err)
	}
	for code, quad := range map[string]int{"01": 1, "06": 2, "11": 3, "19": 4, "190": 4, "0211": 1} {
		c, ok := codes[code]
		if !ok || c.Name == "" {
			t.Errorf("cameo.json lacks %s", code)
			continue
		}
		if c.Quad != quad {
			t.Errorf("cameo.json %s: quad %d, want %d", code, c.Quad, quad)
		}
	}
}
