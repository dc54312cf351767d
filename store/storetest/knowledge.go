package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
)

// emptyToNil returns k with empty slices made nil, so that a store may
// return either for "none".
func emptyToNil(k avocet.Knowledge) avocet.Knowledge {
	for i := range k.Entities {
		if len(k.Entities[i].Mentions) == 0 {
			k.Entities[i].Mentions = nil
		}
	}
	for i := range k.Themes {
		if len(k.Themes[i].Mentions) == 0 {
			k.Themes[i].Mentions = nil
		}
	}
	if len(k.Entities) == 0 {
		k.Entities = nil
	}
	if len(k.Locations) == 0 {
		k.Locations = nil
	}
	if len(k.Themes) == 0 {
		k.Themes = nil
	}
	if len(k.Amounts) == 0 {
		k.Amounts = nil
	}
	if len(k.Quotations) == 0 {
		k.Quotations = nil
	}
	if len(k.Dates) == 0 {
		k.Dates = nil
	}
	return k
}

func fixtureKnowledgeByID() map[string]avocet.Knowledge {
	k1, k2 := fixtureKnowledge()
	m := map[string]avocet.Knowledge{}
	for _, k := range append(k1, k2...) {
		m[k.ArticleID] = k
	}
	return m
}

func testKnowledge(t *testing.T, s avocet.Store) {
	for id, want := range fixtureKnowledgeByID() {
		got, err := s.Knowledge(ctx, id)
		if err != nil {
			t.Errorf("Knowledge(%s): %v", id, err)
			continue
		}
		if !reflect.DeepEqual(emptyToNil(got), emptyToNil(want)) {
			t.Errorf("Knowledge(%s) =\n %+v\nwant\n %+v", id, got, want)
		}
	}
	for _, id := range []string{"a5", "zz", ""} {
		if _, err := s.Knowledge(ctx, id); !errors.Is(err, avocet.ErrNotFound) {
			t.Errorf("Knowledge(%q): err = %v, want ErrNotFound", id, err)
		}
	}
}

// testKnowledgePutAgain: knowledge that comes with an article already
// stored is skipped with it; the stored knowledge is unchanged.
func testKnowledgePutAgain(t *testing.T, s avocet.Store) {
	b1, _ := Fixture()
	b1.Knowledge[0].Themes = []avocet.Theme{{Code: "CHANGED"}}
	b1.Knowledge[0].Entities = nil
	res := mustPut(t, s, b1)
	if res.Articles != 0 || res.Duplicates != 2 {
		t.Errorf("Put again = %+v, want 0 articles, 2 duplicates", res)
	}
	got, err := s.Knowledge(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if want := fixtureKnowledgeByID()["a1"]; !reflect.DeepEqual(emptyToNil(got), emptyToNil(want)) {
		t.Errorf("Knowledge(a1) after a second Put =\n %+v\nwant the first\n %+v", got, want)
	}
	// A new article with knowledge in a batch of duplicates is stored.
	b1.Articles = append(b1.Articles, newArticle("n1"))
	b1.Knowledge = append(b1.Knowledge, avocet.Knowledge{ArticleID: "n1", Themes: []avocet.Theme{{Code: "PROTEST", Mentions: []avocet.Span{{Start: 1, End: 2}}}}})
	if res := mustPut(t, s, b1); res.Articles != 1 {
		t.Errorf("Put with one new article = %+v", res)
	}
	if got, err := s.Knowledge(ctx, "n1"); err != nil || len(got.Themes) != 1 || got.Themes[0].Code != "PROTEST" {
		t.Errorf("Knowledge(n1) = %+v, %v", got, err)
	}
}

func testKnowledgeBadBatch(t *testing.T, s avocet.Store) {
	bad := map[string]avocet.Batch{
		"knowledge of an article not in the batch": {
			Articles:  []avocet.StoredArticle{newArticle("x1")},
			Knowledge: []avocet.Knowledge{{ArticleID: "x2"}},
		},
		"knowledge twice": {
			Articles:  []avocet.StoredArticle{newArticle("x1")},
			Knowledge: []avocet.Knowledge{{ArticleID: "x1"}, {ArticleID: "x1"}},
		},
		"entity name not UTF-8": {
			Articles:  []avocet.StoredArticle{newArticle("x1")},
			Knowledge: []avocet.Knowledge{{ArticleID: "x1", Entities: []avocet.Entity{{Type: "PER", Name: "Bad\xffName"}}}},
		},
		"quotation not UTF-8": {
			Articles:  []avocet.StoredArticle{newArticle("x1")},
			Knowledge: []avocet.Knowledge{{ArticleID: "x1", Quotations: []avocet.Quotation{{Text: "\xc3"}}}},
		},
		"place geo type out of range": {
			Articles:  []avocet.StoredArticle{newArticle("x1")},
			Knowledge: []avocet.Knowledge{{ArticleID: "x1", Locations: []avocet.Location{{Name: "X", Type: 300}}}},
		},
		"place GeoNames ID out of range": {
			Articles:  []avocet.StoredArticle{newArticle("x1")},
			Knowledge: []avocet.Knowledge{{ArticleID: "x1", Locations: []avocet.Location{{Name: "X", GeoNameID: 1 << 40}}}},
		},
	}
	ev := newEvent("x1", 0, 0)
	ev.Location = &avocet.Location{Name: "Y", Type: -1}
	bad["event location geo type out of range"] = avocet.Batch{Articles: []avocet.StoredArticle{newArticle("x1")}, Events: []avocet.StoredEvent{ev}}
	for name, b := range bad {
		if _, err := s.Put(ctx, b); !errors.Is(err, avocet.ErrInvalidInput) {
			t.Errorf("%s: Put err = %v, want ErrInvalidInput", name, err)
		}
	}
	if st := stats(t, s); st.Articles != 0 {
		t.Errorf("refused batches stored %d articles", st.Articles)
	}
}

// All fixture articles in page order: date descending, undated last.
var articlesDesc = []string{"a5", "a3", "a2", "a1", "a4"}

func articleIDs(as []avocet.StoredArticle) []string {
	ids := []string{}
	for _, a := range as {
		ids = append(ids, a.ID)
	}
	return ids
}

type filter = avocet.ArticleFilter

var articleCases = []struct {
	name string
	q    avocet.ArticleQuery
	want []string
}{
	{"none", avocet.ArticleQuery{}, articlesDesc},
	{"theme", avocet.ArticleQuery{ArticleFilter: filter{Theme: "SANCTIONS"}}, []string{"a2", "a1"}},
	{"theme lower case", avocet.ArticleQuery{ArticleFilter: filter{Theme: "sanctions"}}, []string{"a2", "a1"}},
	{"theme prefix", avocet.ArticleQuery{ArticleFilter: filter{Theme: "ENV_*"}}, []string{"a3"}},
	{"theme is exact without a star", avocet.ArticleQuery{ArticleFilter: filter{Theme: "ENV"}}, nil},
	{"person by canonical name", avocet.ArticleQuery{ArticleFilter: filter{Person: "vladimir"}}, []string{"a2", "a1"}},
	{"person by surname", avocet.ArticleQuery{ArticleFilter: filter{Person: "PUTIN"}}, []string{"a2", "a1"}},
	{"person accented", avocet.ArticleQuery{ArticleFilter: filter{Person: "antónio"}}, []string{"a2"}},
	{"person is not a place", avocet.ArticleQuery{ArticleFilter: filter{Person: "Black"}}, nil},
	{"org by canonical name", avocet.ArticleQuery{ArticleFilter: filter{Org: "north atlantic"}}, []string{"a1"}},
	{"org by name", avocet.ArticleQuery{ArticleFilter: filter{Org: "NATO"}}, []string{"a1"}},
	{"org is not a person", avocet.ArticleQuery{ArticleFilter: filter{Org: "Guterres"}}, nil},
	{"entity of any type", avocet.ArticleQuery{ArticleFilter: filter{Entity: "black sea"}}, []string{"a3"}},
	{"entity percent is literal", avocet.ArticleQuery{ArticleFilter: filter{Entity: "%"}}, nil},
	{"entity underscore is literal", avocet.ArticleQuery{ArticleFilter: filter{Entity: "_"}}, nil},
	{"place by name", avocet.ArticleQuery{ArticleFilter: filter{Place: "kharkiv"}}, []string{"a1"}},
	{"place by country code", avocet.ArticleQuery{ArticleFilter: filter{Place: "ukr"}}, []string{"a3", "a1"}},
	{"place by country name", avocet.ArticleQuery{ArticleFilter: filter{Place: "Ukraine"}}, []string{"a3", "a1"}},
	{"place by LOC entity", avocet.ArticleQuery{ArticleFilter: filter{Place: "Black Sea"}}, []string{"a3"}},
	{"place by admin1 name", avocet.ArticleQuery{ArticleFilter: filter{Place: "district of columbia"}}, []string{"a2"}},
	{"place none", avocet.ArticleQuery{ArticleFilter: filter{Place: "Lagos"}}, nil},
	{"from", avocet.ArticleQuery{From: day(2024, 1, 16)}, []string{"a5", "a3", "a2"}},
	{"to, time of day ignored", avocet.ArticleQuery{To: time.Date(2024, 1, 17, 0, 0, 0, 0, time.UTC)}, []string{"a2", "a1"}},
	{"theme and from", avocet.ArticleQuery{ArticleFilter: filter{Theme: "SANCTIONS"}, From: day(2024, 1, 16)}, []string{"a2"}},
	{"theme and person", avocet.ArticleQuery{ArticleFilter: filter{Theme: "SANCTIONS", Person: "Guterres"}}, []string{"a2"}},
	{"events by actor", avocet.ArticleQuery{Events: &avocet.EventQuery{Actor: "IGOUNO"}}, []string{"a5", "a3", "a2"}},
	{"events by code", avocet.ArticleQuery{Events: &avocet.EventQuery{Code: "19"}}, []string{"a5", "a1"}},
	{"events by code, theme", avocet.ArticleQuery{ArticleFilter: filter{Theme: "SANCTIONS"}, Events: &avocet.EventQuery{Code: "19"}}, []string{"a1"}},
	{"events, limit and cursor ignored", avocet.ArticleQuery{Events: &avocet.EventQuery{Code: "19", Limit: 1}}, []string{"a5", "a1"}},
	{"events none", avocet.ArticleQuery{Events: &avocet.EventQuery{Source: "CHN"}}, nil},
	{"events with knowledge", avocet.ArticleQuery{Events: &avocet.EventQuery{Actor: "IGOUNO", Knowledge: filter{Person: "Guterres"}}}, []string{"a2"}},
}

func testArticles(t *testing.T, s avocet.Store) {
	for _, tc := range articleCases {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.Limit = 1000
			page, err := s.Articles(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if want == nil {
				want = []string{}
			}
			if got := articleIDs(page.Articles); !reflect.DeepEqual(got, want) {
				t.Errorf("Articles(%+v) = %v, want %v", tc.q, got, want)
			}
			if page.Next != "" {
				t.Errorf("Articles(%+v).Next = %q, want none", tc.q, page.Next)
			}
		})
	}
	// The records are the stored articles.
	page, err := s.Articles(ctx, avocet.ArticleQuery{ArticleFilter: filter{Theme: "PROTEST"}})
	if err != nil || len(page.Articles) != 1 {
		t.Fatalf("Articles(PROTEST) = %+v, %v", page, err)
	}
	want, err := s.Article(ctx, "a3")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(page.Articles[0], want) {
		t.Errorf("Articles(PROTEST)[0] =\n %+v\nwant Article(a3)\n %+v", page.Articles[0], want)
	}
}

func testArticlePages(t *testing.T, s avocet.Store) {
	var got []string
	q := avocet.ArticleQuery{Limit: 2}
	pages := 0
	for {
		page, err := s.Articles(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		got = append(got, articleIDs(page.Articles)...)
		if page.Next == "" || pages > 10 {
			break
		}
		q.Cursor = page.Next
	}
	if !reflect.DeepEqual(got, articlesDesc) || pages != 3 {
		t.Errorf("pages of 2: %v in %d pages, want %v in 3", got, pages, articlesDesc)
	}
	page, err := s.Articles(ctx, avocet.ArticleQuery{Limit: 5})
	if err != nil || len(page.Articles) != 5 || page.Next != "" {
		t.Errorf("Articles(limit 5) = %v next %q, %v; want all five and no next page", articleIDs(page.Articles), page.Next, err)
	}
}

func testBadArticleQuery(t *testing.T, s avocet.Store) {
	bad := map[string]avocet.ArticleQuery{
		"negative limit":    {Limit: -1},
		"cursor garbage":    {Cursor: "!!!"},
		"bad event filter":  {Events: &avocet.EventQuery{QuadClass: []int{7}}},
		"cursor without ID": {Cursor: "MXwyMDI0LTAxLTE1fA"},
	}
	for name, q := range bad {
		if _, err := s.Articles(ctx, q); !errors.Is(err, avocet.ErrInvalidInput) {
			t.Errorf("%s: Articles err = %v, want ErrInvalidInput", name, err)
		}
	}
	if _, err := s.TopThemes(ctx, bad["bad event filter"], 5); !errors.Is(err, avocet.ErrInvalidInput) {
		t.Errorf("TopThemes(bad event filter) err = %v, want ErrInvalidInput", err)
	}
	if _, err := s.TopEntities(ctx, avocet.ArticleQuery{}, "PERSON", 5); !errors.Is(err, avocet.ErrInvalidInput) {
		t.Errorf("TopEntities(type PERSON) err = %v, want ErrInvalidInput", err)
	}
}

func kc(key, typ, code string, articles, mentions int) avocet.KnowledgeCount {
	return avocet.KnowledgeCount{Key: key, Type: typ, Code: code, Articles: articles, Mentions: mentions}
}

func testTopThemes(t *testing.T, s avocet.Store) {
	cases := []struct {
		name string
		q    avocet.ArticleQuery
		n    int
		want []avocet.KnowledgeCount
	}{
		{"all", avocet.ArticleQuery{}, 0, []avocet.KnowledgeCount{
			kc("SANCTIONS", "", "", 2, 4), kc("DIPLOMACY", "", "", 1, 1), kc("ENV_OIL", "", "", 1, 2),
			kc("ENV_POLLUTION", "", "", 1, 1), kc("MILITARY_ATTACK", "", "", 1, 2), kc("PROTEST", "", "", 1, 1)}},
		{"top two", avocet.ArticleQuery{}, 2, []avocet.KnowledgeCount{kc("SANCTIONS", "", "", 2, 4), kc("DIPLOMACY", "", "", 1, 1)}},
		{"person", avocet.ArticleQuery{ArticleFilter: filter{Person: "zelensky"}}, 10, []avocet.KnowledgeCount{
			kc("ENV_OIL", "", "", 1, 2), kc("ENV_POLLUTION", "", "", 1, 1), kc("PROTEST", "", "", 1, 1)}},
		{"events", avocet.ArticleQuery{Events: &avocet.EventQuery{Code: "19"}}, 10, []avocet.KnowledgeCount{
			kc("MILITARY_ATTACK", "", "", 1, 2), kc("SANCTIONS", "", "", 1, 1)}},
		{"none", avocet.ArticleQuery{From: day(2024, 3, 1)}, 10, nil},
	}
	for _, tc := range cases {
		got, err := s.TopThemes(ctx, tc.q, tc.n)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if len(got) != 0 || len(tc.want) != 0 {
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: TopThemes =\n %v\nwant\n %v", tc.name, got, tc.want)
			}
		}
	}
}

// testTopEntitiesCode: when articles give one entity different codes,
// the count carries the smallest.
func testTopEntitiesCode(t *testing.T, s avocet.Store) {
	b := avocet.Batch{Articles: []avocet.StoredArticle{newArticle("c1"), newArticle("c2")}, Knowledge: []avocet.Knowledge{
		{ArticleID: "c1", Entities: []avocet.Entity{{Type: "PER", Name: "Ana Ruiz", Canonical: "Ana Ruiz", Code: "ZZZGOV", Mentions: []avocet.Span{{Start: 0, End: 8}}}}},
		{ArticleID: "c2", Entities: []avocet.Entity{{Type: "PER", Name: "Ruiz", Canonical: "Ana Ruiz", Code: "AAAGOV", Mentions: []avocet.Span{{Start: 0, End: 4}}}}},
	}}
	mustPut(t, s, b)
	got, err := s.TopEntities(ctx, avocet.ArticleQuery{}, "", 5)
	if err != nil {
		t.Fatal(err)
	}
	if want := []avocet.KnowledgeCount{kc("Ana Ruiz", "PER", "AAAGOV", 2, 2)}; !reflect.DeepEqual(got, want) {
		t.Errorf("TopEntities = %v, want %v", got, want)
	}
}

func testTopEntities(t *testing.T, s avocet.Store) {
	putin := kc("Vladimir Putin", "PER", "RUSGOV", 2, 3)
	cases := []struct {
		name string
		q    avocet.ArticleQuery
		typ  string
		n    int
		want []avocet.KnowledgeCount
	}{
		{"all", avocet.ArticleQuery{}, "", 0, []avocet.KnowledgeCount{
			putin,
			kc("António Guterres", "PER", "IGOUNO", 1, 3),
			kc("Black Sea", "LOC", "", 1, 1),
			kc("North Atlantic Treaty Organization", "ORG", "IGONAT", 1, 1),
			kc("Reuters", "ORG", "", 1, 1),
			kc("Ukraine", "GPE", "UKR", 1, 1),
			kc("United Nations", "ORG", "IGOUNO", 1, 2),
			kc("Zelensky", "PER", "", 1, 2),
		}},
		{"people", avocet.ArticleQuery{}, "PER", 10, []avocet.KnowledgeCount{putin, kc("António Guterres", "PER", "IGOUNO", 1, 3), kc("Zelensky", "PER", "", 1, 2)}},
		{"top one", avocet.ArticleQuery{}, "", 1, []avocet.KnowledgeCount{putin}},
		{"orgs of a theme", avocet.ArticleQuery{ArticleFilter: filter{Theme: "SANCTIONS"}}, "ORG", 10, []avocet.KnowledgeCount{
			kc("North Atlantic Treaty Organization", "ORG", "IGONAT", 1, 1), kc("United Nations", "ORG", "IGOUNO", 1, 2)}},
		{"people of a date range", avocet.ArticleQuery{From: day(2024, 1, 16), To: day(2024, 2, 29)}, "PER", 10, []avocet.KnowledgeCount{
			kc("António Guterres", "PER", "IGOUNO", 1, 3), kc("Vladimir Putin", "PER", "RUSGOV", 1, 1), kc("Zelensky", "PER", "", 1, 2)}},
		{"places of events", avocet.ArticleQuery{Events: &avocet.EventQuery{Source: "RUSMIL"}}, "GPE", 10, []avocet.KnowledgeCount{kc("Ukraine", "GPE", "UKR", 1, 1)}},
	}
	for _, tc := range cases {
		got, err := s.TopEntities(ctx, tc.q, tc.typ, tc.n)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: TopEntities =\n %v\nwant\n %v", tc.name, got, tc.want)
		}
	}
}

// testEventKnowledgeFilters: the event filters on the article's knowledge
// and on the event's place work in every event query.
func testEventKnowledgeFilters(t *testing.T, s avocet.Store) {
	cases := []struct {
		name string
		q    avocet.EventQuery
		want []string // newest first
	}{
		{"theme", avocet.EventQuery{Knowledge: filter{Theme: "SANCTIONS"}}, []string{"a2-0-1", "a1-0-0", "a1-1-0", "a1-1-1", "a2-0-0"}},
		{"person", avocet.EventQuery{Knowledge: filter{Person: "zelensky"}}, []string{"a3-1-0", "a3-0-0", "a3-2-0"}},
		{"article place", avocet.EventQuery{Knowledge: filter{Place: "odesa"}}, []string{"a3-1-0", "a3-0-0", "a3-2-0"}},
		{"theme and actor", avocet.EventQuery{Actor: "IGOUNO", Knowledge: filter{Theme: "sanctions"}}, []string{"a2-0-1"}},
		{"article without knowledge", avocet.EventQuery{ArticleID: "a5", Knowledge: filter{Theme: "*"}}, nil},
		{"event place by name", avocet.EventQuery{Place: "KHARKIV"}, []string{"a1-1-0"}},
		{"event place by country", avocet.EventQuery{Place: "ukr"}, []string{"a1-1-0"}},
		{"event place none", avocet.EventQuery{Place: "Kyiv"}, nil},
	}
	for _, tc := range cases {
		q := tc.q
		q.Limit = 1000
		page, err := s.Events(ctx, q)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		want := tc.want
		if want == nil {
			want = []string{}
		}
		if got := eventIDs(page.Events); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Events = %v, want %v", tc.name, got, want)
		}
		got := []string{}
		if err := s.EachEvent(ctx, tc.q, func(e *avocet.StoredEvent) error { got = append(got, e.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if want := ascending(want); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: EachEvent = %v, want %v", tc.name, got, want)
		}
	}
	// The aggregates take the same filters. a3's events: USA>IGOUNO,
	// RUSMIL>USAGOV, USAGOV>RUSMIL.
	q := avocet.EventQuery{Knowledge: filter{Theme: "PROTEST"}}
	top, err := s.TopActors(ctx, q, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []avocet.Count{cnt("RUSMIL", 2), cnt("USAGOV", 2), cnt("IGOUNO", 1), cnt("USA", 1)}; !reflect.DeepEqual(top, want) {
		t.Errorf("TopActors(PROTEST) = %v, want %v", top, want)
	}
	dyads, err := s.TopDyads(ctx, q, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []avocet.Count{cnt("RUSMIL>USAGOV", 1), cnt("USA>IGOUNO", 1), cnt("USAGOV>RUSMIL", 1)}; !reflect.DeepEqual(dyads, want) {
		t.Errorf("TopDyads(PROTEST) = %v, want %v", dyads, want)
	}
	series, err := s.Series(ctx, avocet.EventQuery{Place: "kharkiv"}, avocet.Month)
	if err != nil {
		t.Fatal(err)
	}
	if want := []avocet.SeriesPoint{pt(day(2024, 1, 1), [4]int{0, 0, 0, 1}, -10)}; !seriesEqual(series, want) {
		t.Errorf("Series(place kharkiv) = %+v, want %+v", series, want)
	}
	d, err := s.Daily(ctx, avocet.EventQuery{Knowledge: filter{Person: "Guterres"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(d) != 2 || d[0].Date != day(2024, 1, 17) || d[1].Code != "111" || d[1].Mentions != 3 {
		t.Errorf("Daily(person Guterres) = %+v, want a2's two events (2024-01-17 042, 2024-01-15 111 with 3 mentions)", d)
	}
}

func testKnowledgeClosed(t *testing.T, s avocet.Store) {
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	calls := map[string]func() error{
		"Knowledge":   func() error { _, err := s.Knowledge(ctx, "a1"); return err },
		"Articles":    func() error { _, err := s.Articles(ctx, avocet.ArticleQuery{}); return err },
		"TopEntities": func() error { _, err := s.TopEntities(ctx, avocet.ArticleQuery{}, "", 5); return err },
		"TopThemes":   func() error { _, err := s.TopThemes(ctx, avocet.ArticleQuery{}, 5); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, avocet.ErrClosed) {
			t.Errorf("%s after Close: err = %v, want ErrClosed", name, err)
		}
	}
}
