package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/cameo"
	"github.com/avocet-events/avocet/server"
	"github.com/avocet-events/avocet/server/web"
	"github.com/avocet-events/avocet/store/memstore"
)

// The browser tests drive Debian's chromium through chromedp against a real
// server over an in-memory store. Without chromium they skip, unless
// AVOCET_BROWSER_TESTS=1 (as in CI), which turns the skip into a failure.
// AVOCET_SCREENSHOT_DIR names where the screenshots (dashboard.png,
// dashboard-knowledge.png, dashboard-knowledge-person.png) go (default: a
// temporary directory, named in the test log).

const chromiumPath = "/usr/bin/chromium"

// Hostile text: none of it may run. The sentence goes through the event
// table, the URL and title through the event's detail row, the entity
// name through the Organisations list.
const (
	hostileSentence = `Britain criticized Iran <script>window.__pwned=1</script> and <img src=x onerror="window.__pwned=2"> in a statement.`
	hostileURL      = `javascript:window.__pwned=3`
	hostileTitle    = `<img src=x onerror="window.__pwned=4">`
	hostileEntity   = `<img src=x onerror="window.__pwned=5">`
)

// fixture is one hand-made article with one event. The source, verb and
// target strings must occur in the sentence; their first occurrence is the
// event's span.
type fixture struct {
	article        string
	date           string // YYYY-MM-DD
	source, target string // CAMEO actor codes
	sourceText     string // words naming the source
	verb           string // words of the verb
	targetText     string // words naming the target
	code           string // CAMEO event code
	sentence       string
}

// fixtures: 7 USA>RUS events over three months (QuadClass 1: 2, 2: 1,
// 3: 2, 4: 2), and 5 others. Sentences a03 and a04 have characters outside
// ASCII and outside the BMP before their spans, so byte and UTF-16 offsets
// differ.
var fixtures = []fixture{
	{"a01", "2024-01-08", "USA", "RUS", "The United States", "praised", "Russia", "051",
		"The United States praised Russia for releasing the journalist."},
	{"a02", "2024-01-15", "USA", "RUS", "Washington", "offered to meet", "Moscow", "036",
		"Washington offered to meet Moscow without preconditions."},
	{"a03", "2024-01-29", "USA", "RUS", "Washington", "criticized", "Moscow", "111",
		"Officials in Washington — citing a “naïve” plan — criticized Moscow on Tuesday."},
	{"a04", "2024-02-12", "USA", "RUS", "The United States", "signed", "Russia", "061",
		"🇺🇸 The United States signed a grain deal with Russia."},
	{"a05", "2024-02-20", "USA", "RUS", "The United States", "imposed", "Russia", "163",
		"The United States imposed new sanctions on Russia."},
	{"a06", "2024-03-04", "USA", "RUS", "Washington", "threatened", "Moscow", "130",
		"Washington threatened Moscow with further measures."},
	{"a07", "2024-03-18", "USA", "RUS", "The United States", "seized", "Russia", "171",
		"The United States seized assets of Russia's central bank."},
	{"a08", "2024-02-24", "RUS", "UKR", "Russia", "attacked", "Ukraine", "190",
		"Russia attacked Ukraine's border posts overnight."},
	{"a09", "2024-03-10", "RUS", "UKR", "Russia", "detained", "Ukrainian sailors", "173",
		"Russia detained Ukrainian sailors near the strait."},
	{"a10", "2024-01-20", "CHN", "USA", "China", "consulted", "the United States", "040",
		"China consulted the United States on trade."},
	{"a11", "2024-03-01", "UKR", "RUS", "Ukraine", "accused", "Russia", "112",
		"Ukraine accused Russia of shelling civilians."},
	{"a12", "2024-03-05", "GBR", "IRN", "Britain", "criticized", "Iran", "111",
		hostileSentence},
}

// knowledge is what three of the fixtures' articles say beyond their
// events: Cyril Ramaphosa in two articles, Olaf Scholz in one, themes
// SANCTIONS twice and PROTEST once, and a hostile organisation name.
//
//	article  people (mentions)                       organisations         places     themes
//	a05      Cyril Ramaphosa 2                       European Union        Pretoria   SANCTIONS
//	a07      Cyril Ramaphosa 1, Olaf Scholz 1        European Union        Berlin     SANCTIONS
//	a09      -                                       hostileEntity         Black Sea  PROTEST
//
// a09's event (RUS>UKR) is located in the Black Sea.
func knowledge() []avocet.Knowledge {
	m := func(n int) []avocet.Span {
		out := make([]avocet.Span, n)
		for i := range out {
			out[i] = avocet.Span{Start: 4 * i, End: 4*i + 3}
		}
		return out
	}
	ent := func(typ, name, code string, n int) avocet.Entity {
		return avocet.Entity{Type: typ, Name: name, Code: code, Mentions: m(n)}
	}
	theme := func(code string) []avocet.Theme { return []avocet.Theme{{Code: code, Mentions: m(1)}} }
	return []avocet.Knowledge{
		{ArticleID: "a05", Themes: theme("SANCTIONS"), Entities: []avocet.Entity{
			ent("PER", "Cyril Ramaphosa", "ZAFGOV", 2), ent("ORG", "European Union", "", 1), ent("GPE", "Pretoria", "", 1)}},
		{ArticleID: "a07", Themes: theme("SANCTIONS"), Entities: []avocet.Entity{
			ent("PER", "Cyril Ramaphosa", "ZAFGOV", 1), ent("PER", "Olaf Scholz", "DEUGOV", 1),
			ent("ORG", "European Union", "", 2), ent("GPE", "Berlin", "", 1)}},
		{ArticleID: "a09", Themes: theme("PROTEST"), Entities: []avocet.Entity{
			ent("ORG", hostileEntity, "", 1), ent("LOC", "Black Sea", "", 1)}},
	}
}

var blackSea = avocet.Location{Name: "Black Sea", Lat: 43.4, Lon: 34.3, Type: 4}

// span returns the bytes of the first occurrence of part in s.
func span(t *testing.T, s, part string) avocet.Span {
	t.Helper()
	i := strings.Index(s, part)
	if i < 0 {
		t.Fatalf("fixture: %q not in %q", part, s)
	}
	return avocet.Span{Start: i, End: i + len(part)}
}

// newStore returns a memstore holding the fixtures and their knowledge.
func newStore(t *testing.T) avocet.Store {
	t.Helper()
	var b avocet.Batch
	book := cameo.Default()
	for _, f := range fixtures {
		date, err := time.Parse(time.DateOnly, f.date)
		if err != nil {
			t.Fatal(err)
		}
		c, ok := book.Lookup(f.code)
		if !ok {
			t.Fatalf("fixture %s: code %s not in the codebook", f.article, f.code)
		}
		a := avocet.Article{
			ID: f.article, URL: "https://news.example.org/" + f.article, Publisher: "Example News",
			Title: "Story " + f.article, Date: date, Language: "en", Text: f.sentence,
		}
		if f.article == "a12" {
			a.URL, a.Title = hostileURL, hostileTitle
		}
		b.Articles = append(b.Articles, avocet.StoredArticle{Article: a, Input: "test", Sentences: 1, Events: 1})
		b.Events = append(b.Events, avocet.StoredEvent{
			ID: f.article + "-0-0",
			Event: avocet.Event{
				ArticleID: f.article, Sentence: 0, Date: date,
				Source: avocet.Actor{Code: f.source, Name: f.sourceText, Country: f.source, Span: span(t, f.sentence, f.sourceText)},
				Target: avocet.Actor{Code: f.target, Name: f.targetText, Country: f.target, Span: span(t, f.sentence, f.targetText)},
				Code:   f.code, BaseCode: cameo.Base(f.code), RootCode: cameo.Root(f.code),
				QuadClass: c.QuadClass, Goldstein: c.Goldstein, PloverType: c.Plover, PloverMode: c.PloverMode,
				Verb:       span(t, f.sentence, f.verb),
				Rule:       avocet.Rule{ID: "test-" + f.code, File: "testdata/verbs.txt", Line: 1},
				Confidence: 0.9, Mentions: 1,
			},
			SentenceText: f.sentence,
			SentenceSpan: avocet.Span{Start: 0, End: len(f.sentence)},
		})
		if f.article == "a09" {
			loc := blackSea
			b.Events[len(b.Events)-1].Location = &loc
		}
	}
	b.Knowledge = knowledge()
	st := memstore.New(nil)
	t.Cleanup(func() { st.Close() })
	res, err := st.Put(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != len(fixtures) {
		t.Fatalf("stored %d events, want %d", res.Events, len(fixtures))
	}
	return st
}

// startServer serves the API over the fixtures with the dashboard. wrap, if
// not nil, wraps the server's handler.
func startServer(t *testing.T, wrap ...func(http.Handler) http.Handler) *httptest.Server {
	t.Helper()
	srv, err := server.New(newStore(t), &server.Options{
		Dashboard: web.Handler(),
		Logger:    slog.New(slog.NewTextHandler(t.Output(), nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	for _, w := range wrap {
		h = w(h)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

// console collects what the page writes to its console.
type console struct {
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
}

func (c *console) errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.msgs {
		if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleWarning {
			out = append(out, fmt.Sprintf("%s (%s:%d)", m.String(), m.URL, m.Line))
		}
	}
	return out
}

// newBrowser starts headless chromium and returns a context for its first
// tab, with the tab's console being collected.
func newBrowser(t *testing.T) (context.Context, *console) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		msg := fmt.Sprintf("browser test needs %s (apt-get install chromium): %v", chromiumPath, err)
		if os.Getenv("AVOCET_BROWSER_TESTS") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg + "; set AVOCET_BROWSER_TESTS=1 to make this a failure")
	}
	if testing.Short() && os.Getenv("AVOCET_BROWSER_TESTS") != "1" {
		t.Skip("browser test skipped in -short mode")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1440, 900),
		chromedp.UserDataDir(t.TempDir()),
	)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)

	c := &console{}
	msgs := chromedp.Console(ctx) // starts the browser
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.msgs = append(c.msgs, m)
			c.mu.Unlock()
		}
	}()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1440, 900)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx, c
}

// openPage loads url and waits until the dashboard's first load finished.
func openPage(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Poll[bool]("window.avocetReady === true", chromedp.WithPollingTimeout(20*time.Second))(ctx, tg)
			return err
		}),
	)
	if err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// pageState is what the tests read back from the page.
type pageState struct {
	Canvas      bool     `json:"canvas"`
	SeriesTotal string   `json:"seriesTotal"`
	SeriesQuads string   `json:"seriesQuads"`
	Events      string   `json:"events"`
	Nodes       string   `json:"nodes"`
	Edges       string   `json:"edges"`
	Located     string   `json:"located"`
	MapEmpty    bool     `json:"mapEmpty"`
	Countries   int      `json:"countries"`
	Rows        []row    `json:"rows"`
	Stats       string   `json:"stats"`
	Pwned       string   `json:"pwned"`
	Scripts     []string `json:"scripts"`
	Images      int      `json:"images"`
	JSLinks     int      `json:"jsLinks"`
	Search      string   `json:"search"`
	Alert       string   `json:"alert"`
}

type row struct {
	ID         string   `json:"id"`
	Cells      []string `json:"cells"`
	Highlights []string `json:"highlights"` // "role:text"
	Sentence   string   `json:"sentence"`
}

const readPage = `(() => {
  const b = document.body.dataset;
  const alert = document.querySelector('[data-testid=alert]');
  return {
    canvas: !!document.querySelector('[data-testid=timeline-chart] canvas'),
    seriesTotal: b.seriesTotal || '', seriesQuads: b.seriesQuads || '',
    events: b.events || '', nodes: b.nodes || '', edges: b.edges || '', located: b.located || '',
    mapEmpty: !document.querySelector('[data-testid=map-empty]').hidden,
    countries: document.querySelectorAll('[data-testid=map-svg] .countries path').length,
    rows: Array.from(document.querySelectorAll('[data-testid=event-row]'), (r) => ({
      id: r.dataset.id,
      cells: Array.from(r.cells, (c) => c.textContent.trim()),
      highlights: Array.from(r.querySelectorAll('mark.hl'), (m) => m.dataset.testid.slice(3) + ':' + m.textContent),
      sentence: r.querySelector('[data-testid=sentence]').textContent,
    })),
    stats: document.querySelector('[data-testid=stats]').innerText.replace(/\s+/g, ' ').trim(),
    pwned: typeof window.__pwned,
    scripts: Array.from(document.scripts, (s) => s.getAttribute('src') || 'inline'),
    images: document.querySelectorAll('main img, footer img').length,
    jsLinks: Array.from(document.querySelectorAll('a[href]')).filter((a) => !/^https?:$/.test(a.protocol)).length,
    search: location.search,
    alert: alert.hidden ? '' : alert.textContent,
  };
})()`

func TestDashboardInBrowser(t *testing.T) {
	ts := startServer(t)
	ctx, cons := newBrowser(t)

	openPage(t, ctx, ts.URL+"/?source=USA&target=RUS")
	got := eval[pageState](t, ctx, readPage)
	if got.Alert != "" {
		t.Errorf("page shows an error: %s", got.Alert)
	}

	// Header.
	if want := "articles 12 events 12"; !strings.Contains(strings.ToLower(got.Stats), want) {
		t.Errorf("stats %q, want them to contain %q", got.Stats, want)
	}
	if want := "2024-01-08 – 2024-03-18"; !strings.Contains(got.Stats, want) {
		t.Errorf("stats %q, want the event range %q", got.Stats, want)
	}

	// Timeline: 7 USA>RUS events, by QuadClass 2, 1, 2, 2.
	if !got.Canvas {
		t.Error("timeline has no canvas")
	}
	if got.SeriesTotal != "7" || got.SeriesQuads != "2,1,2,2" {
		t.Errorf("series total %s by quad %s, want 7 by 2,1,2,2", got.SeriesTotal, got.SeriesQuads)
	}

	// Table: the 7 events, newest first, with their evidence highlighted.
	wantRows := []struct {
		id, date, code, name string
		highlights           []string
	}{
		{"a07-0-0", "2024-03-18", "171", "Seize or damage property", []string{"source:The United States", "verb:seized", "target:Russia"}},
		{"a06-0-0", "2024-03-04", "130", "Threaten", []string{"source:Washington", "verb:threatened", "target:Moscow"}},
		{"a05-0-0", "2024-02-20", "163", "Impose embargo, boycott, or sanctions", []string{"source:The United States", "verb:imposed", "target:Russia"}},
		{"a04-0-0", "2024-02-12", "061", "Cooperate economically", []string{"source:The United States", "verb:signed", "target:Russia"}},
		{"a03-0-0", "2024-01-29", "111", "Criticize or denounce", []string{"source:Washington", "verb:criticized", "target:Moscow"}},
		{"a02-0-0", "2024-01-15", "036", "Express intent to meet or negotiate", []string{"source:Washington", "verb:offered to meet", "target:Moscow"}},
		{"a01-0-0", "2024-01-08", "051", "Praise or endorse", []string{"source:The United States", "verb:praised", "target:Russia"}},
	}
	if got.Events != "7" || len(got.Rows) != len(wantRows) {
		t.Fatalf("table has %d rows (dataset.events %s), want %d", len(got.Rows), got.Events, len(wantRows))
	}
	for i, w := range wantRows {
		r := got.Rows[i]
		if r.ID != w.id {
			t.Errorf("row %d is %s, want %s", i, r.ID, w.id)
			continue
		}
		if len(r.Cells) < 6 {
			t.Errorf("row %s has %d cells", r.ID, len(r.Cells))
			continue
		}
		if r.Cells[0] != w.date || !strings.HasPrefix(r.Cells[1], "USA") || !strings.HasPrefix(r.Cells[3], "RUS") {
			t.Errorf("row %s: date, source, target %q, %q, %q; want %s, USA..., RUS...", r.ID, r.Cells[0], r.Cells[1], r.Cells[3], w.date)
		}
		if !strings.Contains(r.Cells[2], w.code) || !strings.Contains(r.Cells[2], w.name) {
			t.Errorf("row %s: event cell %q, want code %s and name %q", r.ID, r.Cells[2], w.code, w.name)
		}
		if !slices.Equal(r.Highlights, w.highlights) {
			t.Errorf("row %s: highlights %q, want %q", r.ID, r.Highlights, w.highlights)
		}
	}
	if s := got.Rows[4].Sentence; s != fixtures[2].sentence {
		t.Errorf("sentence of a03 shows as %q, want %q", s, fixtures[2].sentence)
	}

	// Network: source and target are not applied, so it shows every actor.
	if got.Nodes != "6" || got.Edges != "5" {
		t.Errorf("network has %s nodes and %s edges, want 6 and 5", got.Nodes, got.Edges)
	}

	// Map: the countries are drawn; no event has a location yet.
	if got.Countries < 150 {
		t.Errorf("map draws %d countries, want the world", got.Countries)
	}
	if got.Located != "0" || !got.MapEmpty {
		t.Errorf("map: %s located events, empty note shown %v; want 0 and shown", got.Located, got.MapEmpty)
	}

	screenshot(t, ctx, "dashboard.png")

	// The QuadClass filter goes into the URL and narrows the timeline.
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name=quad][value="4"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=apply]`)),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`!document.body.dataset.loading && document.body.dataset.seriesTotal === '2'`,
				chromedp.WithPollingTimeout(10*time.Second))(ctx, tg)
			return err
		}),
	)
	if err != nil {
		t.Fatalf("filter by QuadClass 4: %v", err)
	}
	got = eval[pageState](t, ctx, readPage)
	if got.Search != "?source=USA&target=RUS&quad=4" {
		t.Errorf("URL query after filtering %q, want ?source=USA&target=RUS&quad=4", got.Search)
	}
	if got.Events != "2" || got.SeriesQuads != "0,0,0,2" {
		t.Errorf("QuadClass 4: %s rows, series by quad %s; want 2 and 0,0,0,2", got.Events, got.SeriesQuads)
	}

	if errs := cons.errors(); len(errs) > 0 {
		t.Errorf("console:\n%s", strings.Join(errs, "\n"))
	}
}

// TestDashboardHostileText checks that text from the store is shown as
// text: markup in a sentence or title does not run, and a javascript: URL
// is not a link.
func TestDashboardHostileText(t *testing.T) {
	ts := startServer(t)
	ctx, cons := newBrowser(t)

	openPage(t, ctx, ts.URL+"/?source=GBR")
	got := eval[pageState](t, ctx, readPage)
	if len(got.Rows) != 1 {
		t.Fatalf("table has %d rows, want the hostile event", len(got.Rows))
	}
	r := got.Rows[0]
	if r.Sentence != hostileSentence {
		t.Errorf("sentence shows as %q, want it literally: %q", r.Sentence, hostileSentence)
	}
	if want := []string{"source:Britain", "verb:criticized", "target:Iran"}; !slices.Equal(r.Highlights, want) {
		t.Errorf("highlights %q, want %q", r.Highlights, want)
	}

	// Open the event's details, which show its article's title and URL.
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=event-row] button.more`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=event-detail] dl`)),
	)
	if err != nil {
		t.Fatalf("open details: %v", err)
	}
	detail := eval[string](t, ctx, `document.querySelector('[data-testid=event-detail]').textContent`)
	for _, want := range []string{hostileURL, hostileTitle} {
		if !strings.Contains(detail, want) {
			t.Errorf("details %q lack %q as text", detail, want)
		}
	}

	got = eval[pageState](t, ctx, readPage)
	if got.Pwned != "undefined" {
		t.Errorf("window.__pwned is %s: hostile text ran", got.Pwned)
	}
	if got.Images != 0 {
		t.Errorf("%d <img> elements in the page, want none", got.Images)
	}
	if got.JSLinks != 0 {
		t.Errorf("%d links that are not http(s), want none", got.JSLinks)
	}
	wantScripts := []string{
		"vendor/uplot/uPlot.iife.min.js", "vendor/cytoscape/cytoscape.min.js", "vendor/d3-array/d3-array.min.js",
		"vendor/d3-geo/d3-geo.min.js", "vendor/topojson-client/topojson-client.min.js", "app.js",
	}
	if !slices.Equal(got.Scripts, wantScripts) {
		t.Errorf("scripts %q, want %q", got.Scripts, wantScripts)
	}
	if errs := cons.errors(); len(errs) > 0 {
		t.Errorf("console:\n%s", strings.Join(errs, "\n"))
	}
}

// TestDashboardShowsAPIErrors checks that a query the API refuses is
// reported on the page, with the API's reason, and the page still settles.
func TestDashboardShowsAPIErrors(t *testing.T) {
	ts := startServer(t)
	ctx, _ := newBrowser(t) // the console shows the 422s; that is expected here

	openPage(t, ctx, ts.URL+"/?from=2024-03-01&to=2024-01-01")
	got := eval[pageState](t, ctx, readPage)
	if !strings.Contains(got.Alert, "from: after to") {
		t.Errorf("alert %q, want the API's reason (from: after to)", got.Alert)
	}
	from := eval[string](t, ctx, `document.querySelector('[data-testid=f-from]').value`)
	if from != "2024-03-01" {
		t.Errorf("from field %q, want the URL's 2024-03-01", from)
	}
}

// withLocations adds locations to events of /api/v1/events answers, as
// the geocoder will (the store's events have none yet).
func withLocations(locs map[string]map[string]any) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/api/v1/events" {
				h.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			var page struct {
				Events []map[string]any `json:"events"`
				Next   string           `json:"next"`
			}
			if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &page) != nil {
				// Not a page of events: pass it on as it is.
				for k, v := range rec.Header() {
					w.Header()[k] = v
				}
				w.WriteHeader(rec.Code)
				w.Write(rec.Body.Bytes())
				return
			}
			for _, ev := range page.Events {
				if id, _ := ev["id"].(string); locs[id] != nil {
					ev["location"] = locs[id]
				}
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(page)
		})
	}
}

// TestDashboardPagingAndMap pages through USA>RUS events three at a time
// with the cursor, and checks that located events become map points.
func TestDashboardPagingAndMap(t *testing.T) {
	ts := startServer(t, withLocations(map[string]map[string]any{
		"a07-0-0": {"name": "Moscow, Russia", "lat": 55.75, "lon": 37.62, "country": "RUS"},
		"a05-0-0": {"name": "Washington, D.C., United States", "lat": 38.9, "lon": -77.04, "country": "USA"},
		"a01-0-0": {"name": "Moscow, Russia", "lat": 55.75, "lon": 37.62, "country": "RUS"},
	}))
	ctx, cons := newBrowser(t)

	type page struct {
		Rows    []string `json:"rows"`
		Located string   `json:"located"`
		Points  int      `json:"points"`
		Empty   bool     `json:"empty"`
		Prev    bool     `json:"prev"`
		Next    bool     `json:"next"`
	}
	const read = `({
	  rows: Array.from(document.querySelectorAll('[data-testid=event-row]'), (r) => r.dataset.id),
	  located: document.body.dataset.located,
	  points: document.querySelectorAll('#map-points circle').length,
	  empty: !document.querySelector('[data-testid=map-empty]').hidden,
	  prev: !document.querySelector('[data-testid=prev]').disabled,
	  next: !document.querySelector('[data-testid=next]').disabled,
	})`
	want := []page{
		{Rows: []string{"a07-0-0", "a06-0-0", "a05-0-0"}, Located: "2", Points: 2, Next: true},
		{Rows: []string{"a04-0-0", "a03-0-0", "a02-0-0"}, Located: "0", Empty: true, Prev: true, Next: true},
		{Rows: []string{"a01-0-0"}, Located: "1", Points: 1, Prev: true},
	}
	check := func(i int) {
		t.Helper()
		got := eval[page](t, ctx, read)
		if fmt.Sprint(got) != fmt.Sprint(want[i]) {
			t.Errorf("page %d:\n got %+v\nwant %+v", i+1, got, want[i])
		}
	}
	turn := func(button string, first string) {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`[data-testid=`+button+`]`)),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := chromedp.Poll[bool](fmt.Sprintf(
					`!document.body.dataset.loading && document.querySelector('[data-testid=event-row]')?.dataset.id === %q`, first),
					chromedp.WithPollingTimeout(10*time.Second))(ctx, tg)
				return err
			}),
		)
		if err != nil {
			t.Fatalf("%s to the page starting with %s: %v", button, first, err)
		}
	}

	openPage(t, ctx, ts.URL+"/?source=USA&target=RUS&limit=3")
	check(0)
	turn("next", "a04-0-0")
	check(1)
	turn("next", "a01-0-0")
	check(2)
	turn("prev", "a04-0-0")
	check(1)
	turn("prev", "a07-0-0")
	check(0)

	if errs := cons.errors(); len(errs) > 0 {
		t.Errorf("console:\n%s", strings.Join(errs, "\n"))
	}
}

// knowledgeView is what TestDashboardKnowledge reads back from the page.
type knowledgeView struct {
	Lists   map[string][]string `json:"lists"` // panel -> "name count" entries
	Chosen  []string            `json:"chosen"`
	Rows    []string            `json:"rows"`
	Chips   []string            `json:"chips"`
	Person  string              `json:"person"`
	Search  string              `json:"search"`
	Alert   string              `json:"alert"`
	Pwned   string              `json:"pwned"`
	Images  int                 `json:"images"`
	Loading bool                `json:"loading"`
}

const readKnowledge = `(() => {
  const lists = {};
  for (const p of ['people', 'orgs', 'places', 'themes']) {
    lists[p] = Array.from(document.querySelectorAll('[data-testid=' + p + '-list] [data-testid=k-item]'),
      (li) => li.querySelector('[data-testid=k-name]').textContent + ' ' + li.querySelector('[data-testid=k-count]').textContent);
  }
  const alert = document.querySelector('[data-testid=alert]');
  return {
    lists,
    chosen: Array.from(document.querySelectorAll('.k-item.chosen [data-testid=k-name]'), (n) => n.textContent),
    rows: Array.from(document.querySelectorAll('[data-testid=event-row]'), (r) => r.dataset.id),
    chips: document.querySelector('[data-testid=chips]').hidden ? [] :
      Array.from(document.querySelectorAll('[data-testid=chips] .chip'), (c) => c.innerText.replace(/\s+/g, ' ').trim()),
    person: document.querySelector('[data-testid=f-person]').value,
    search: location.search,
    alert: alert.hidden ? '' : alert.textContent,
    pwned: typeof window.__pwned,
    images: document.querySelectorAll('img').length,
    loading: !!document.body.dataset.loading,
  };
})()`

// TestDashboardKnowledge checks the People, Organisations, Places and
// Themes panels: their entries and article counts, that choosing a person
// narrows the events to those of the articles naming them and keeps the
// filter in the URL, that the filter's chip removes it, and that a hostile
// entity name is shown as text.
func TestDashboardKnowledge(t *testing.T) {
	ts := startServer(t)
	ctx, cons := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 900)); err != nil {
		t.Fatal(err)
	}

	// waitFor clicks sel, then waits until the page has loaded with the
	// query string want.
	waitFor := func(what, sel, want string) {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(sel)),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := chromedp.Poll[bool](fmt.Sprintf(`!document.body.dataset.loading && location.search === %q`, want),
					chromedp.WithPollingTimeout(10*time.Second))(ctx, tg)
				return err
			}),
		)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	check := func(what string, want knowledgeView) {
		t.Helper()
		got := eval[knowledgeView](t, ctx, readKnowledge)
		if got.Alert != "" {
			t.Errorf("%s: page shows an error: %s", what, got.Alert)
		}
		if got.Pwned != "undefined" || got.Images != 0 {
			t.Errorf("%s: window.__pwned is %s, %d <img> elements: hostile text ran", what, got.Pwned, got.Images)
		}
		got.Alert, got.Pwned, got.Images, got.Loading = "", "", 0, false
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
		}
	}
	all := []string{"a07-0-0", "a09-0-0", "a12-0-0", "a06-0-0", "a11-0-0", "a08-0-0", "a05-0-0", "a04-0-0", "a03-0-0", "a10-0-0", "a02-0-0", "a01-0-0"}
	everything := map[string][]string{
		"people": {"Cyril Ramaphosa 2", "Olaf Scholz 1"},
		"orgs":   {"European Union 2", hostileEntity + " 1"},
		"places": {"Berlin 1", "Black Sea 1", "Pretoria 1"},
		"themes": {"SANCTIONS 2", "PROTEST 1"},
	}

	openPage(t, ctx, ts.URL+"/")
	check("no filter", knowledgeView{Lists: everything, Chosen: []string{}, Rows: all, Chips: []string{}})
	screenshot(t, ctx, "dashboard-knowledge.png")

	// Choosing a person: the events of a05 and a07, and the lists of those
	// two articles.
	waitFor("choose Cyril Ramaphosa", `[data-testid=people-list] li[data-value="Cyril Ramaphosa"] a`, "?person=Cyril+Ramaphosa")
	check("person=Cyril Ramaphosa", knowledgeView{
		Lists: map[string][]string{
			"people": {"Cyril Ramaphosa 2", "Olaf Scholz 1"},
			"orgs":   {"European Union 2"},
			"places": {"Berlin 1", "Pretoria 1"},
			"themes": {"SANCTIONS 2"},
		},
		Chosen: []string{"Cyril Ramaphosa"},
		Rows:   []string{"a07-0-0", "a05-0-0"},
		Chips:  []string{"Person Cyril Ramaphosa ×"},
		Person: "Cyril Ramaphosa",
		Search: "?person=Cyril+Ramaphosa",
	})
	screenshot(t, ctx, "dashboard-knowledge-person.png")

	// A second entry narrows further: Olaf Scholz is named in a07 only.
	waitFor("choose Olaf Scholz", `[data-testid=people-list] li[data-value="Olaf Scholz"] a`, "?person=Olaf+Scholz")
	if got := eval[knowledgeView](t, ctx, readKnowledge); !slices.Equal(got.Rows, []string{"a07-0-0"}) {
		t.Errorf("person=Olaf Scholz: rows %q, want a07-0-0", got.Rows)
	}

	// The chip removes the filter.
	waitFor("remove the person filter", `[data-testid=chip-person] [data-testid=chip-remove]`, "")
	check("filter removed", knowledgeView{Lists: everything, Chosen: []string{}, Rows: all, Chips: []string{}})

	// A theme, then a place: places filter by the event's own place.
	waitFor("choose PROTEST", `[data-testid=themes-list] li[data-value="PROTEST"] a`, "?theme=PROTEST")
	if got := eval[knowledgeView](t, ctx, readKnowledge); !slices.Equal(got.Rows, []string{"a09-0-0"}) || !slices.Equal(got.Chips, []string{"Theme PROTEST ×"}) {
		t.Errorf("theme=PROTEST: rows %q chips %q, want a09-0-0 and the theme chip", got.Rows, got.Chips)
	}
	waitFor("choose PROTEST again to remove it", `[data-testid=themes-list] li[data-value="PROTEST"] a`, "")
	waitFor("choose the Black Sea", `[data-testid=places-list] li[data-value="Black Sea"] a`, "?place=Black+Sea")
	if got := eval[knowledgeView](t, ctx, readKnowledge); !slices.Equal(got.Rows, []string{"a09-0-0"}) {
		t.Errorf("place=Black Sea: rows %q, want a09-0-0", got.Rows)
	}

	// Typed into the form, a filter goes into the URL too.
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=reset]`)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=f-org]`), "european"),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitFor("filter by org in the form", `[data-testid=apply]`, "?org=european")
	if got := eval[knowledgeView](t, ctx, readKnowledge); !slices.Equal(got.Rows, []string{"a07-0-0", "a05-0-0"}) {
		t.Errorf("org=european: rows %q, want a07-0-0, a05-0-0", got.Rows)
	}

	// Hostile text in the URL shows in the form and the chip as text.
	openPage(t, ctx, ts.URL+"/?org="+url.QueryEscape(hostileEntity))
	check("hostile org in the URL", knowledgeView{
		Lists:  map[string][]string{"people": {}, "orgs": {hostileEntity + " 1"}, "places": {"Black Sea 1"}, "themes": {"PROTEST 1"}},
		Chosen: []string{hostileEntity},
		Rows:   []string{"a09-0-0"},
		Chips:  []string{"Organisation " + hostileEntity + " ×"},
		Search: "?org=" + url.QueryEscape(hostileEntity),
	})

	if errs := cons.errors(); len(errs) > 0 {
		t.Errorf("console:\n%s", strings.Join(errs, "\n"))
	}
}

// screenshot saves a full-page PNG of the page as name.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("AVOCET_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
