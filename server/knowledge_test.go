package server_test

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/format"
	"github.com/avocet-events/avocet/server"
	"github.com/avocet-events/avocet/store/memstore"
)

// The knowledge fixture is the event fixture with what its articles say
// beyond their events, and places for two events:
//
//	article  people (mentions)                          orgs      places (entities)     themes (mentions)
//	a1       Antony Blinken 2, Vladimir Putin 1         -         Moscow, Kharkiv       SANCTIONS 2, ARMEDCONFLICT 1
//	a2       Volodymyr Zelenskyy 1, Putin→V. Putin 1    NATO 2    Kyiv                  SANCTIONS 1, ENV_CLIMATE 1
//	a3       Zelenskyy→V. Zelenskyy 1, R. T. Erdoğan 1  NATO 1    Ankara                DIPLOMACY 1, ENV_WATER 1
//	a4       (stored without knowledge)
//	a5       (no events) Cyril Ramaphosa 1              -         Pretoria              PROTEST 1
//
// Event places: a1-1-0 in Kharkiv (UKR), a3-0-0 in Ankara (TUR). a5 is
// dated 2024-04-01.

var (
	kharkiv = avocet.Location{Name: "Kharkiv, Kharkivs'ka Oblast', Ukraine", Country: "UKR", Lat: 49.98, Lon: 36.25, Type: 4}
	ankara  = avocet.Location{Name: "Ankara, Ankara, Turkey", Country: "TUR", Lat: 39.92, Lon: 32.85, Type: 4}
	moscow  = avocet.Location{Name: "Moscow, Moscow, Russia", Country: "RUS", Lat: 55.75, Lon: 37.62, Type: 4}
)

func mentions(n int) []avocet.Span {
	out := make([]avocet.Span, n)
	for i := range out {
		out[i] = avocet.Span{Start: 10 * i, End: 10*i + 5}
	}
	return out
}

func per(name, canonical, code string, n int) avocet.Entity {
	return avocet.Entity{Type: "PER", Name: name, Canonical: canonical, Code: code, Mentions: mentions(n)}
}

func ent(typ, name string, n int) avocet.Entity {
	return avocet.Entity{Type: typ, Name: name, Mentions: mentions(n)}
}

func theme(code string, n int) avocet.Theme { return avocet.Theme{Code: code, Mentions: mentions(n)} }

func knowledgeFixture() avocet.Batch {
	b := fixture()
	for i := range b.Events {
		switch b.Events[i].ID {
		case "a1-1-0":
			loc := kharkiv
			b.Events[i].Location = &loc
		case "a3-0-0":
			loc := ankara
			b.Events[i].Location = &loc
		}
	}
	b.Articles = append(b.Articles, avocet.StoredArticle{
		Article: avocet.Article{ID: "a5", Publisher: "News24", Title: "Protest in Pretoria", Date: day("2024-04-01"), Language: "en"},
		Input:   "feed.jsonl", Sentences: 2,
	})
	b.Knowledge = []avocet.Knowledge{
		{
			ArticleID: "a1",
			Entities: []avocet.Entity{
				per("Antony Blinken", "Antony Blinken", "USAGOV", 2),
				per("Vladimir Putin", "", "RUSGOV", 1),
				{Type: "GPE", Name: "Moscow", Place: &moscow, Mentions: mentions(1)},
				ent("LOC", "Kharkiv", 1),
			},
			Locations: []avocet.Location{moscow, kharkiv},
			Themes:    []avocet.Theme{theme("SANCTIONS", 2), theme("ARMEDCONFLICT", 1)},
			Tone:      avocet.Tone{Tone: -3.456, Positive: 1, Negative: 4.456, Polarity: 5.456, Words: 120},
			Amounts:   []avocet.Amount{{Value: 3e9, Unit: "USD", Object: "aid", Span: avocet.Span{Start: 5, End: 20}}},
			Quotations: []avocet.Quotation{{Text: "We will respond", Span: avocet.Span{Start: 30, End: 45},
				Speaker: "the ministry", Code: "RUSGOV"}},
			Dates: []avocet.DateMention{{Date: day("2024-01-10"), Granularity: "day", Span: avocet.Span{Start: 50, End: 58}}},
		},
		{
			ArticleID: "a2",
			Entities: []avocet.Entity{
				per("Volodymyr Zelenskyy", "Volodymyr Zelenskyy", "UKRGOV", 1),
				per("Putin", "Vladimir Putin", "RUSGOV", 1),
				ent("ORG", "NATO", 2),
				ent("GPE", "Kyiv", 1),
			},
			Themes: []avocet.Theme{theme("SANCTIONS", 1), theme("ENV_CLIMATE", 1)},
		},
		{
			ArticleID: "a3",
			Entities: []avocet.Entity{
				per("Zelenskyy", "Volodymyr Zelenskyy", "UKRGOV", 1),
				per("Recep Tayyip Erdoğan", "", "TURGOV", 1),
				ent("ORG", "NATO", 1),
				ent("GPE", "Ankara", 1),
			},
			Locations: []avocet.Location{ankara},
			Themes:    []avocet.Theme{theme("DIPLOMACY", 1), theme("ENV_WATER", 1)},
		},
		{
			ArticleID: "a5",
			Entities:  []avocet.Entity{per("Cyril Ramaphosa", "", "ZAFGOV", 1), ent("GPE", "Pretoria", 1)},
			Themes:    []avocet.Theme{theme("PROTEST", 1)},
		},
	}
	return b
}

// newKnowledgeHandler returns the handler of a server over the knowledge
// fixture.
func newKnowledgeHandler(t testing.TB) http.Handler {
	t.Helper()
	st := memstore.New(&memstore.Options{KeepText: true})
	t.Cleanup(func() { st.Close() })
	if _, err := st.Put(context.Background(), knowledgeFixture()); err != nil {
		t.Fatal(err)
	}
	s, err := server.New(st, &server.Options{Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

// Ensure that the knowledge and place parameters narrow every event
// endpoint: place by the event's own place, the others by its article.
func TestEventsKnowledgeFilters(t *testing.T) {
	h := newKnowledgeHandler(t)
	tests := []struct {
		name, query string
		want        []string
		reason      string
	}{
		{"person", "person=putin", []string{"a2-0-0", "a2-0-1", "a1-1-0", "a1-0-0"}, "canonical name of a2's Putin"},
		{"person by canonical name", "person=Volodymyr", []string{"a3-1-0", "a3-0-0", "a2-0-0", "a2-0-1", "a3-2-0"}, ""},
		{"person is not an org", "person=NATO", []string{}, ""},
		{"org", "org=nato", []string{"a3-1-0", "a3-0-0", "a2-0-0", "a2-0-1", "a3-2-0"}, ""},
		{"entity of any type", "entity=kharkiv", []string{"a1-1-0", "a1-0-0"}, "a LOC entity"},
		{"theme", "theme=sanctions", []string{"a2-0-0", "a2-0-1", "a1-1-0", "a1-0-0"}, "upper-cased"},
		{"theme prefix", "theme=ENV_*", []string{"a3-1-0", "a3-0-0", "a2-0-0", "a2-0-1", "a3-2-0"}, ""},
		{"event place by name", "place=kharkiv", []string{"a1-1-0"}, "not a1-0-0: the event's place, not the article's"},
		{"event place by country", "place=TUR", []string{"a3-0-0"}, ""},
		{"place and theme", "place=UKR&theme=SANCTIONS", []string{"a1-1-0"}, ""},
		{"with event filters", "person=putin&source=USA*", []string{"a2-0-1", "a1-0-0"}, ""},
		{"trimmed", "person=%20Blinken%20", []string{"a1-1-0", "a1-0-0"}, ""},
		{"nobody", "person=Ramaphosa", []string{}, "a5 has no events"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p server.EventsPage
			get(t, h, "/api/v1/events?"+tt.query, &p)
			if got := ids(p); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ids = %v, want %v (%s)", got, tt.want, tt.reason)
			}
		})
	}

	// The aggregates take the same parameters.
	var s server.Series
	get(t, h, "/api/v1/series?interval=month&person=putin", &s)
	if len(s.Points) != 2 || s.Points[0].Events != 2 || s.Points[1].Events != 2 {
		t.Errorf("series person=putin: %+v", s.Points)
	}
	var a server.TopActors
	get(t, h, "/api/v1/top/actors?theme=SANCTIONS", &a)
	counts := map[string]int{}
	for _, c := range a.Actors {
		counts[c.Code] = c.Events
	}
	if want := map[string]int{"RUS": 3, "UKR": 3, "USA": 1, "USAGOV": 1}; !reflect.DeepEqual(counts, want) {
		t.Errorf("top actors theme=SANCTIONS: %+v, want %v", a.Actors, want)
	}
	var d server.TopDyads
	get(t, h, "/api/v1/top/dyads?place=Ankara", &d)
	if want := []server.DyadCount{{Source: "UKRGOV", Target: "TUR", Events: 1}}; !reflect.DeepEqual(d.Dyads, want) {
		t.Errorf("top dyads place=Ankara: %+v, want %+v", d.Dyads, want)
	}
	var dl server.Daily
	get(t, h, "/api/v1/daily?org=NATO&code=19", &dl)
	if len(dl.Daily) != 1 || dl.Daily[0].Date != "2024-03-06" || dl.Daily[0].Articles != 1 {
		t.Errorf("daily org=NATO&code=19: %+v", dl.Daily)
	}
}

func articleIDs(p server.ArticlesPage) []string {
	out := []string{}
	for _, a := range p.Articles {
		out = append(out, a.ID)
	}
	return out
}

func TestArticles(t *testing.T) {
	h := newKnowledgeHandler(t)
	tests := []struct {
		name, query string
		want        []string // newest first
		reason      string
	}{
		{"all", "", []string{"a5", "a4", "a3", "a2", "a1"}, ""},
		{"person", "person=putin", []string{"a2", "a1"}, ""},
		{"person without events", "person=ramaphosa", []string{"a5"}, "no event filter: articles without events count"},
		{"theme", "theme=PROTEST", []string{"a5"}, ""},
		{"theme prefix", "theme=env_*", []string{"a3", "a2"}, ""},
		{"place the article mentions", "place=Kharkiv", []string{"a1"}, "a geocoded place of a1"},
		{"place as country", "place=tur", []string{"a3"}, ""},
		{"place as entity", "place=Pretoria", []string{"a5"}, "a GPE entity, not geocoded"},
		{"article dates", "from=2024-02-01&to=2024-03-05", []string{"a3", "a2"}, ""},
		{"event filter", "source=RUS", []string{"a4", "a3", "a1"}, "articles with a RUS-sourced event"},
		{"event and knowledge filters", "code=19&org=NATO", []string{"a3"}, ""},
		{"event filter excludes articles without events", "quad=1,2,3,4&theme=PROTEST", []string{}, ""},
		{"nothing", "entity=Nobody", []string{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p server.ArticlesPage
			get(t, h, "/api/v1/articles?"+tt.query, &p)
			if got := articleIDs(p); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ids = %v, want %v (%s)", got, tt.want, tt.reason)
			}
			if p.Next != "" {
				t.Errorf("next = %q on the only page", p.Next)
			}
		})
	}

	// Items are article records without their text.
	var p server.ArticlesPage
	get(t, h, "/api/v1/articles?theme=DIPLOMACY", &p)
	if len(p.Articles) != 1 {
		t.Fatalf("theme=DIPLOMACY: %+v", p)
	}
	if a := p.Articles[0]; a.ID != "a3" || a.Title != "Zelenskyy in Ankara" || a.Publisher != "Reuters" || a.Text != "" || a.Events != 3 {
		t.Errorf("article = %+v", a)
	}
	if got, want := getRaw(t, h, "/api/v1/articles?person=nobody"), `{"articles":[],"next":""}`; got != want {
		t.Errorf("empty page %s, want %s", got, want)
	}
}

// Ensure that walking the article pages returns every article once, and
// that /api/v1/articles and /api/v1/articles/{id} route apart.
func TestArticlesPaginationAndRouting(t *testing.T) {
	h := newKnowledgeHandler(t)
	var all []string
	cursor := ""
	for i := 0; ; i++ {
		if i > 5 {
			t.Fatal("pages do not end")
		}
		var p server.ArticlesPage
		get(t, h, "/api/v1/articles?limit=2&cursor="+cursor, &p)
		if len(p.Articles) > 2 {
			t.Fatalf("page of %d articles, limit 2", len(p.Articles))
		}
		all = append(all, articleIDs(p)...)
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	if want := []string{"a5", "a4", "a3", "a2", "a1"}; !reflect.DeepEqual(all, want) {
		t.Errorf("walk = %v, want %v", all, want)
	}

	tests := []struct {
		target     string
		wantStatus int
		wantBody   string
	}{
		{"/api/v1/articles", 200, `"articles":[`},
		{"/api/v1/articles?limit=1", 200, `"next":"`},
		{"/api/v1/articles/a3", 200, `"title":"Zelenskyy in Ankara"`},
		{"/api/v1/articles/a3/knowledge", 200, `"article_id":"a3"`},
		{"/api/v1/articles/", 404, "no such endpoint"},
		{"/api/v1/articles/a3/", 404, "no such endpoint"},
		{"/api/v1/articles/a3/knowledge/x", 404, "no such endpoint"},
		{"/api/v1/articles/a3/events", 404, "no such endpoint"},
	}
	for _, tt := range tests {
		res, b := do(t, h, http.MethodGet, tt.target, nil)
		if res.StatusCode != tt.wantStatus || !strings.Contains(string(b), tt.wantBody) {
			t.Errorf("GET %s: %d %s, want %d with %q", tt.target, res.StatusCode, b, tt.wantStatus, tt.wantBody)
		}
	}
	res, b := do(t, h, http.MethodPost, "/api/v1/articles", nil)
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET" {
		t.Errorf("POST /api/v1/articles: %d Allow %q %s", res.StatusCode, res.Header.Get("Allow"), b)
	}
}

func TestArticleKnowledge(t *testing.T) {
	h := newKnowledgeHandler(t)
	var k format.KnowledgeJSON
	get(t, h, "/api/v1/articles/a1/knowledge", &k)
	if k.ArticleID != "a1" || k.Source != "Reuters" || k.Title != "Envoy in Moscow" || k.Date != "2024-01-15" {
		t.Errorf("metadata: %+v", k)
	}
	if len(k.Entities) != 4 || k.Entities[0].Name != "Antony Blinken" || k.Entities[0].Code != "USAGOV" ||
		!reflect.DeepEqual(k.Entities[0].Mentions, [][]int{{0, 5}, {10, 15}}) {
		t.Errorf("entities: %+v", k.Entities)
	}
	if len(k.Locations) != 2 || k.Locations[1].Country != "UKR" || k.Locations[1].Lat != 49.98 {
		t.Errorf("locations: %+v", k.Locations)
	}
	if len(k.Themes) != 2 || k.Themes[0].Code != "SANCTIONS" || len(k.Themes[0].Mentions) != 2 {
		t.Errorf("themes: %+v", k.Themes)
	}
	if k.Tone.Tone != -3.46 || k.Tone.Words != 120 {
		t.Errorf("tone: %+v", k.Tone)
	}
	if len(k.Amounts) != 1 || k.Amounts[0].Value != 3e9 || len(k.Quotations) != 1 || k.Quotations[0].Speaker != "the ministry" ||
		len(k.Dates) != 1 || k.Dates[0].Date != "2024-01-10" {
		t.Errorf("amounts %+v quotations %+v dates %+v", k.Amounts, k.Quotations, k.Dates)
	}

	// Lists are [] rather than null when empty.
	raw := getRaw(t, h, "/api/v1/articles/a5/knowledge")
	for _, want := range []string{`"locations":[]`, `"amounts":[]`, `"quotations":[]`, `"dates":[]`} {
		if !strings.Contains(raw, want) {
			t.Errorf("a5 knowledge %s lacks %s", raw, want)
		}
	}

	for _, tt := range []struct{ target, detail string }{
		{"/api/v1/articles/a4/knowledge", `knowledge of article \"a4\" not found`},
		{"/api/v1/articles/zz/knowledge", `knowledge of article \"zz\" not found`},
	} {
		res, b := do(t, h, http.MethodGet, tt.target, nil)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(string(b), tt.detail) {
			t.Errorf("GET %s: %d %s, want 404 with %s", tt.target, res.StatusCode, b, tt.detail)
		}
	}
}

func TestTopEntities(t *testing.T) {
	h := newKnowledgeHandler(t)
	tests := []struct {
		name, query string
		want        []server.EntityCount
	}{
		{"people", "type=PER", []server.EntityCount{
			{Name: "Vladimir Putin", Type: "PER", Code: "RUSGOV", Articles: 2, Mentions: 2},
			{Name: "Volodymyr Zelenskyy", Type: "PER", Code: "UKRGOV", Articles: 2, Mentions: 2},
			{Name: "Antony Blinken", Type: "PER", Code: "USAGOV", Articles: 1, Mentions: 2},
			{Name: "Cyril Ramaphosa", Type: "PER", Code: "ZAFGOV", Articles: 1, Mentions: 1},
			{Name: "Recep Tayyip Erdoğan", Type: "PER", Code: "TURGOV", Articles: 1, Mentions: 1},
		}},
		{"top two of any type", "n=2", []server.EntityCount{
			{Name: "NATO", Type: "ORG", Articles: 2, Mentions: 3},
			{Name: "Vladimir Putin", Type: "PER", Code: "RUSGOV", Articles: 2, Mentions: 2},
		}},
		{"organisations of sanctions articles", "type=ORG&theme=SANCTIONS", []server.EntityCount{
			{Name: "NATO", Type: "ORG", Articles: 1, Mentions: 2},
		}},
		{"people around RUS>UKR attacks (a1, a3; a4 has no knowledge)", "type=PER&source=RUS&target=UKR&code=19", []server.EntityCount{
			{Name: "Antony Blinken", Type: "PER", Code: "USAGOV", Articles: 1, Mentions: 2},
			{Name: "Recep Tayyip Erdoğan", Type: "PER", Code: "TURGOV", Articles: 1, Mentions: 1},
			{Name: "Vladimir Putin", Type: "PER", Code: "RUSGOV", Articles: 1, Mentions: 1},
			{Name: "Volodymyr Zelenskyy", Type: "PER", Code: "UKRGOV", Articles: 1, Mentions: 1},
		}},
		{"places of articles from April", "type=GPE&from=2024-04-01", []server.EntityCount{
			{Name: "Pretoria", Type: "GPE", Articles: 1, Mentions: 1},
		}},
		{"none", "person=nobody", []server.EntityCount{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got server.TopEntities
			get(t, h, "/api/v1/top/entities?"+tt.query, &got)
			if !reflect.DeepEqual(got.Entities, tt.want) {
				t.Errorf("entities =\n%+v\nwant\n%+v", got.Entities, tt.want)
			}
		})
	}
	if got, want := getRaw(t, h, "/api/v1/top/entities?n=1&type=ORG"), `{"entities":[{"name":"NATO","type":"ORG","code":"","articles":2,"mentions":3}]}`; got != want {
		t.Errorf("body %s, want %s", got, want)
	}
}

func TestTopThemes(t *testing.T) {
	h := newKnowledgeHandler(t)
	var got server.TopThemes
	get(t, h, "/api/v1/top/themes", &got)
	want := []server.ThemeCount{
		{Theme: "SANCTIONS", Articles: 2, Mentions: 3},
		{Theme: "ARMEDCONFLICT", Articles: 1, Mentions: 1},
		{Theme: "DIPLOMACY", Articles: 1, Mentions: 1},
		{Theme: "ENV_CLIMATE", Articles: 1, Mentions: 1},
		{Theme: "ENV_WATER", Articles: 1, Mentions: 1},
		{Theme: "PROTEST", Articles: 1, Mentions: 1},
	}
	if !reflect.DeepEqual(got.Themes, want) {
		t.Errorf("themes =\n%+v\nwant\n%+v", got.Themes, want)
	}
	get(t, h, "/api/v1/top/themes?n=1&person=Zelenskyy", &got)
	if want := []server.ThemeCount{{Theme: "DIPLOMACY", Articles: 1, Mentions: 1}}; !reflect.DeepEqual(got.Themes, want) {
		t.Errorf("themes of Zelenskyy, n=1 = %+v, want %+v", got.Themes, want)
	}
	if got, want := getRaw(t, h, "/api/v1/top/themes?theme=PROTEST"), `{"themes":[{"theme":"PROTEST","articles":1,"mentions":1}]}`; got != want {
		t.Errorf("body %s, want %s", got, want)
	}
}

// Ensure that the parameters reach the store as documented: knowledge
// parameters on the article (the event's article for events), place on
// the event for events, event parameters under Events for articles.
func TestArticlesQueryReachesStore(t *testing.T) {
	rec := &recordingStore{Store: newStore(t)}
	s, err := server.New(rec, &server.Options{Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	getRaw(t, h, "/api/v1/articles?from=2024-01-01&to=2024-02-01&theme=env_*&person=%20Putin&place=Kyiv&source=usa&quad=4&limit=7")
	want := avocet.ArticleQuery{
		ArticleFilter: avocet.ArticleFilter{Theme: "ENV_*", Person: "Putin", Place: "Kyiv"},
		From:          day("2024-01-01"), To: day("2024-02-01"),
		Events: &avocet.EventQuery{Source: "USA", QuadClass: []int{4}},
		Limit:  7,
	}
	if !reflect.DeepEqual(rec.articles, want) {
		t.Errorf("store got\n%+v (events %+v)\nwant\n%+v (events %+v)", rec.articles, rec.articles.Events, want, want.Events)
	}
	getRaw(t, h, "/api/v1/top/entities?org=UN&type=ORG")
	if want := (avocet.ArticleQuery{ArticleFilter: avocet.ArticleFilter{Org: "UN"}}); !reflect.DeepEqual(rec.articles, want) || rec.typ != "ORG" || rec.n != 20 {
		t.Errorf("top entities: store got %+v type %q n %d", rec.articles, rec.typ, rec.n)
	}
	getRaw(t, h, "/api/v1/events?place=Kyiv&entity=Putin&from=2024-01-01")
	if want := (avocet.EventQuery{Place: "Kyiv", Knowledge: avocet.ArticleFilter{Entity: "Putin"}, From: day("2024-01-01"), Limit: 100}); !reflect.DeepEqual(rec.events, want) {
		t.Errorf("events: store got %+v, want %+v", rec.events, want)
	}
}

// recordingStore remembers the last article and event queries.
type recordingStore struct {
	avocet.Store
	articles avocet.ArticleQuery
	events   avocet.EventQuery
	typ      string
	n        int
}

func (s *recordingStore) Articles(ctx context.Context, q avocet.ArticleQuery) (avocet.ArticlePage, error) {
	s.articles = q
	return s.Store.Articles(ctx, q)
}

func (s *recordingStore) TopEntities(ctx context.Context, q avocet.ArticleQuery, typ string, n int) ([]avocet.KnowledgeCount, error) {
	s.articles, s.typ, s.n = q, typ, n
	return s.Store.TopEntities(ctx, q, typ, n)
}

func (s *recordingStore) Events(ctx context.Context, q avocet.EventQuery) (avocet.EventPage, error) {
	s.events = q
	return s.Store.Events(ctx, q)
}
