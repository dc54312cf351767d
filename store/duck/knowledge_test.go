package duck_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/duck"
	"github.com/avocet-events/avocet/store/internal/spec"
	"github.com/avocet-events/avocet/store/storetest"
)

// oddKnowledge returns knowledge of article id with every field set and
// the values a JSON document gets wrong most easily: nil and empty lists,
// NaN, infinities and negative zero, dates in another zone, with
// nanoseconds, zero and outside years 0-9999, and strings with quotes,
// backslashes, NUL, line separators and non-ASCII letters.
func oddKnowledge(id string) avocet.Knowledge {
	sp := func(a, b int) avocet.Span { return avocet.Span{Start: a, End: b} }
	zone := time.FixedZone("EAT", 3*3600)
	return avocet.Knowledge{
		ArticleID: id,
		Entities: []avocet.Entity{
			{Type: "PER", Name: `O'Brien "the Elder"`, Canonical: "Seán O'Brien", Code: "IRLGOV", Mentions: []avocet.Span{sp(0, 7), sp(-1, 1<<40)}},
			{Type: "GPE", Name: "Kharkiv", Code: "UKR", Place: &avocet.Location{Name: "Kharkiv, Kharkivska, Ukraine", Country: "UKR",
				Lat: math.Copysign(0, -1), Lon: math.Inf(1), GeoNameID: 706483, Type: 4, Confidence: math.NaN()}, Mentions: []avocet.Span{}},
			{Type: "ORG", Name: "50% \\ 100%_\x00\u2028</script>", Place: &avocet.Location{}},
			{},
		},
		Locations: []avocet.Location{},
		Themes:    []avocet.Theme{{Code: "ENV_OIL", Mentions: []avocet.Span{sp(3, 4)}}, {Code: "", Mentions: []avocet.Span{}}, {Code: "NONE"}},
		Tone:      avocet.Tone{Tone: math.NaN(), Positive: math.Inf(1), Negative: math.Inf(-1), Polarity: math.Copysign(0, -1), Words: -3},
		Amounts: []avocet.Amount{
			{Value: 3e9, Unit: "USD", Object: "aid", Span: sp(10, 20)},
			{Value: 5e-324, Object: "ε"}, {Value: math.MaxFloat64}, {Value: 0.1 + 0.2},
		},
		Quotations: nil,
		Dates: []avocet.DateMention{
			{Date: time.Date(2024, 2, 29, 23, 59, 59, 123456789, zone), Granularity: "day", Span: sp(1, 2)},
			{Granularity: "year"},
			{Date: time.Date(12345, 6, 7, 8, 9, 10, 11, time.UTC), Granularity: "year"},
			{Date: time.Date(-44, 3, 15, 12, 0, 0, 1, zone), Granularity: "day"},
			{Date: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), Granularity: "year"},
		},
	}
}

// sameKnowledge reports whether a and b are equal, NaN equal to NaN, and
// explains the first difference.
func sameKnowledge(a, b avocet.Knowledge) error {
	ja, jb := fmt.Sprintf("%#v", deref(a)), fmt.Sprintf("%#v", deref(b))
	if ja != jb {
		return fmt.Errorf("\n got %s\nwant %s", ja, jb)
	}
	// %#v prints -0 as 0 (and NaN, Inf by name): compare the bits too.
	if !reflect.DeepEqual(floatBits(a), floatBits(b)) {
		return fmt.Errorf("float bits differ:\n got %v\nwant %v", floatBits(a), floatBits(b))
	}
	return nil
}

// deref replaces the entities' place pointers, which %#v prints as
// addresses, by copies in a slice; nil stays nil.
type derefKnowledge struct {
	K      avocet.Knowledge
	Places []*avocet.Location
	Has    []bool
}

func deref(k avocet.Knowledge) string {
	var d derefKnowledge
	ents := append([]avocet.Entity(nil), k.Entities...)
	for i := range ents {
		d.Has = append(d.Has, ents[i].Place != nil)
		if ents[i].Place != nil {
			d.Places = append(d.Places, ents[i].Place)
		}
		ents[i].Place = nil
	}
	if k.Entities != nil {
		k.Entities = ents
	}
	d.K = k
	var b strings.Builder
	fmt.Fprintf(&b, "%#v %v", d.K, d.Has)
	for _, p := range d.Places {
		fmt.Fprintf(&b, " %#v", *p)
	}
	return b.String()
}

func floatBits(k avocet.Knowledge) []uint64 {
	var out []uint64
	add := func(fs ...float64) {
		for _, f := range fs {
			if math.IsNaN(f) {
				f = math.NaN() // one NaN: the sign and payload of a NaN are not kept
			}
			out = append(out, math.Float64bits(f))
		}
	}
	loc := func(l *avocet.Location) { add(l.Lat, l.Lon, l.Confidence) }
	for i := range k.Entities {
		if p := k.Entities[i].Place; p != nil {
			loc(p)
		}
	}
	for i := range k.Locations {
		loc(&k.Locations[i])
	}
	add(k.Tone.Tone, k.Tone.Positive, k.Tone.Negative, k.Tone.Polarity)
	for _, a := range k.Amounts {
		add(a.Value)
	}
	return out
}

// wantKnowledge is k as Knowledge gives it back: dates in UTC.
func wantKnowledge(k avocet.Knowledge) avocet.Knowledge {
	k.Dates = append([]avocet.DateMention(nil), k.Dates...)
	for i := range k.Dates {
		k.Dates[i].Date = k.Dates[i].Date.UTC()
	}
	return k
}

// Ensure that knowledge reads back exactly as it was put, also after the
// file is closed and opened again.
func TestKnowledgeRoundTrip(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.duckdb")
	s, err := duck.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	put := oddKnowledge("k1")
	empty := avocet.Knowledge{ArticleID: "k2"}
	res, err := s.Put(ctx, avocet.Batch{
		Articles:  []avocet.StoredArticle{{Article: avocet.Article{ID: "k1"}}, {Article: avocet.Article{ID: "k2"}}, {Article: avocet.Article{ID: "k3"}}},
		Knowledge: []avocet.Knowledge{empty, put},
	})
	if err != nil || res.Articles != 3 {
		t.Fatalf("Put = %+v, %v", res, err)
	}
	check := func(s *duck.Store) {
		t.Helper()
		got, err := s.Knowledge(ctx, "k1")
		if err != nil {
			t.Fatal(err)
		}
		if err := sameKnowledge(got, wantKnowledge(oddKnowledge("k1"))); err != nil {
			t.Errorf("Knowledge(k1): %v", err)
		}
		if got, err := s.Knowledge(ctx, "k2"); err != nil || !reflect.DeepEqual(got, empty) {
			t.Errorf("Knowledge(k2) = %+v, %v; want %+v", got, err, empty)
		}
		for _, id := range []string{"k3", "k4", "", "k1' OR 1=1 --"} {
			if _, err := s.Knowledge(ctx, id); !errors.Is(err, avocet.ErrNotFound) {
				t.Errorf("Knowledge(%q): err = %v, want ErrNotFound", id, err)
			}
		}
	}
	check(s)
	// What Put was given is not changed by it.
	if err := sameKnowledge(put, oddKnowledge("k1")); err != nil {
		t.Errorf("Put changed its batch: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = duck.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check(s)
}

// Ensure that a Put that fails stores none of its knowledge, and that a
// Put retried because of a stored article stores the knowledge of the new
// ones once and leaves that of the stored one.
func TestKnowledgeRolledBack(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, nil)
	art := func(id string) avocet.StoredArticle { return avocet.StoredArticle{Article: avocet.Article{ID: id}} }
	first := avocet.Batch{Articles: []avocet.StoredArticle{art("r0")}, Knowledge: []avocet.Knowledge{{ArticleID: "r0", Themes: []avocet.Theme{{Code: "FIRST"}}}}}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Put(cancelled, first); err == nil {
		t.Fatal("Put with a cancelled context succeeded")
	}
	if _, err := s.Knowledge(ctx, "r0"); !errors.Is(err, avocet.ErrNotFound) {
		t.Errorf("Knowledge after a failed Put: err = %v, want ErrNotFound", err)
	}
	if _, err := s.Put(ctx, first); err != nil {
		t.Fatal(err)
	}
	again := avocet.Batch{
		Articles:  []avocet.StoredArticle{art("r1"), art("r0")},
		Knowledge: []avocet.Knowledge{{ArticleID: "r0", Themes: []avocet.Theme{{Code: "SECOND"}}}, oddKnowledge("r1")},
	}
	if res, err := s.Put(ctx, again); err != nil || res.Articles != 1 || res.Duplicates != 1 {
		t.Fatalf("Put with a stored article = %+v, %v", res, err)
	}
	if k, err := s.Knowledge(ctx, "r0"); err != nil || len(k.Themes) != 1 || k.Themes[0].Code != "FIRST" {
		t.Errorf("Knowledge(r0) = %+v, %v; want the first", k, err)
	}
	var n int
	if err := s.DB().QueryRow(`SELECT (SELECT count(*) FROM article_knowledge) + (SELECT count(*) FROM article_entities) +
		(SELECT count(*) FROM article_themes)`).Scan(&n); err != nil || n != 2+4+4 {
		t.Errorf("knowledge rows: %d, %v; want 10", n, err)
	}
}

// Ensure that the knowledge tables hold what doc.go says, for R and Python.
func TestKnowledgeTables(t *testing.T) {
	s := loaded(t)
	db := s.DB()
	type entity struct {
		Type, Name, Canonical, Code, Key string
		Mentions                         int
	}
	rows, err := db.Query(`SELECT e.type, e.name, e.canonical, e.code, e.key, e.mentions
		FROM article_entities e JOIN articles a ON a.seq = e.article_seq WHERE a.id = 'a1' ORDER BY e.rowid`)
	if err != nil {
		t.Fatal(err)
	}
	var ents []entity
	for rows.Next() {
		var e entity
		if err := rows.Scan(&e.Type, &e.Name, &e.Canonical, &e.Code, &e.Key, &e.Mentions); err != nil {
			t.Fatal(err)
		}
		ents = append(ents, e)
	}
	rows.Close()
	want := []entity{
		{"PER", "Vladimir Putin", "Vladimir Putin", "RUSGOV", "Vladimir Putin", 2},
		{"GPE", "Ukraine", "Ukraine", "UKR", "Ukraine", 1},
		{"ORG", "NATO", "North Atlantic Treaty Organization", "IGONAT", "North Atlantic Treaty Organization", 1},
	}
	if !reflect.DeepEqual(ents, want) {
		t.Errorf("article_entities of a1 =\n %+v\nwant\n %+v", ents, want)
	}
	var theme string
	var mentions, rank, geonames int
	var place, country string
	var tone, polarity float64
	var words int
	var doc, first string
	err = db.QueryRow(`SELECT t.theme, t.mentions FROM article_themes t JOIN articles a ON a.seq = t.article_seq
		WHERE a.id = 'a2' ORDER BY t.rowid LIMIT 1`).Scan(&theme, &mentions)
	if err != nil || theme != "SANCTIONS" || mentions != 3 {
		t.Errorf("first theme of a2: %q %d, %v; want SANCTIONS 3", theme, mentions, err)
	}
	err = db.QueryRow(`SELECT p.name, p.country, p.geonames_id, p.rank FROM article_places p JOIN articles a ON a.seq = p.article_seq
		WHERE a.id = 'a1' ORDER BY p.rank DESC LIMIT 1`).Scan(&place, &country, &geonames, &rank)
	if err != nil || place != "Kyiv, Kyiv City, Ukraine" || country != "UKR" || geonames != 703448 || rank != 2 {
		t.Errorf("second place of a1: %q %q %d rank %d, %v", place, country, geonames, rank, err)
	}
	err = db.QueryRow(`SELECT k.tone, k.polarity, k.words, k.knowledge, json_extract_string(k.knowledge, '$.entities[0].name')
		FROM article_knowledge k JOIN articles a ON a.seq = k.article_seq WHERE a.id = 'a1'`).Scan(&tone, &polarity, &words, &doc, &first)
	if err != nil || tone != -3.5 || polarity != 5.5 || words != 200 || first != "Vladimir Putin" {
		t.Errorf("article_knowledge of a1: tone %v polarity %v words %d first entity %q, %v", tone, polarity, words, first, err)
	}
	// Every table is in the order of article_seq, as event_rows is.
	for _, table := range []string{"article_tone", "article_knowledge_parts", "article_entities", "article_themes", "article_places"} {
		var unordered int
		if err := db.QueryRow(`SELECT count(*) FROM (SELECT article_seq < lag(article_seq) OVER (ORDER BY rowid) AS back FROM ` + table + `) WHERE back`).Scan(&unordered); err != nil || unordered != 0 {
			t.Errorf("%s: %d rows out of article_seq order, %v", table, unordered, err)
		}
	}
}

// hostile are filter strings that would be patterns, quotes or worse if a
// store pasted them into SQL or LIKE.
var hostile = []string{
	"%", "_", "%%", "a%b", "a_b", "_%", "%_", "\\", "\\%", "\\_", "'", "''", `"`, "' OR '1'='1", "'; DROP TABLE articles; --",
	"*", "%*", "_*", "ENV_*", "ENV%*", "ENV*", "[a-z]", ".*", "^", "$", "?", "\x00", "a\x00b", "\t", "%'%", "\u2028",
	"İ", "ß", "ẞ", "Σ", "K", "é", "É", "ǅ",
	strings.Repeat("x", 100_000), strings.Repeat("%", 5000), strings.Repeat("_", 5000), strings.Repeat("'", 5000),
	"UKR", "ukr", "u_r", "U%R", "kharkiv", "o'brien", "100%", "100% pure", "snake_case", "oil", "Zoë",
}

// hostileBatch returns articles whose knowledge has names, themes and
// places with the characters of hostile, and an event each with a
// location.
func hostileBatch() avocet.Batch {
	names := []string{"100% Pure Org", "snake_case Group", "snakeXcase Group", "O'Brien", `The "Quoted"`, "back\\slash",
		"a%b", "axb", "a_b", "İstanbul Office", "Straße", "STRASSE", "Σίσυφος", "Kelvin K", "Zoë", "Zoe",
		"nul\x00byte", strings.Repeat("x", 20_000), strings.Repeat("%", 100), "Kharkiv"}
	themes := []string{"ENV_OIL", "ENVXOIL", "ENV%OIL", "ENV", "A'B", "100%", "%", "_", "ß", ""}
	places := []avocet.Location{
		{Name: "Kharkiv, Kharkivska, Ukraine", Country: "UKR"},
		{Name: "U_R town", Country: "U_R"},
		{Name: "100% Place", Country: "%"},
		{Name: "O'Higgins, Chile", Country: "CHL"},
		{Name: "", Country: "ukr"},
		{Name: "İzmir, Turkey", Country: "TUR"},
	}
	types := []string{"PER", "ORG", "LOC", "GPE", "", "per"}
	var b avocet.Batch
	n := 0
	for i := range 24 {
		id := fmt.Sprintf("h%02d", i)
		a := avocet.StoredArticle{Article: avocet.Article{ID: id}}
		if i%5 != 0 {
			a.Date = time.Date(2024, 1, 1+i%7, i, 0, 0, 0, time.UTC)
		}
		b.Articles = append(b.Articles, a)
		if i%6 == 5 {
			continue // no knowledge
		}
		k := avocet.Knowledge{ArticleID: id}
		for j := range 1 + i%4 {
			n++
			name := names[n%len(names)]
			e := avocet.Entity{Type: types[n%len(types)], Name: name, Code: fmt.Sprintf("C%d", n%3)}
			if n%3 == 0 {
				e.Canonical = names[(n*7)%len(names)]
			}
			for range 1 + j {
				e.Mentions = append(e.Mentions, avocet.Span{Start: j, End: j + 1})
			}
			k.Entities = append(k.Entities, e)
			k.Themes = append(k.Themes, avocet.Theme{Code: themes[n%len(themes)], Mentions: make([]avocet.Span, j)})
			k.Locations = append(k.Locations, places[n%len(places)])
		}
		b.Knowledge = append(b.Knowledge, k)
		loc := places[i%len(places)]
		ev := avocet.StoredEvent{ID: id + "-0-0", Event: avocet.Event{ArticleID: id, Date: a.Date, Source: avocet.Actor{Code: "USA"},
			Target: avocet.Actor{Code: "RUS"}, Code: "042", QuadClass: 1, Location: &loc}}
		if i%3 == 0 {
			ev.Location = nil
		}
		b.Events = append(b.Events, ev)
	}
	// An article that names one entity twice (and once under another
	// type), and a theme twice: each counts once for the article.
	b.Articles = append(b.Articles, avocet.StoredArticle{Article: avocet.Article{ID: "hdup", Date: time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC)}})
	b.Knowledge = append(b.Knowledge, avocet.Knowledge{ArticleID: "hdup",
		Entities: []avocet.Entity{
			{Type: "PER", Name: "Putin", Canonical: "O'Brien", Mentions: make([]avocet.Span, 2)},
			{Type: "PER", Name: "O'Brien", Code: "C9", Mentions: make([]avocet.Span, 3)},
			{Type: "ORG", Name: "O'Brien", Mentions: make([]avocet.Span, 1)},
		},
		Themes: []avocet.Theme{{Code: "ENV_OIL", Mentions: make([]avocet.Span, 1)}, {Code: "ENV_OIL", Mentions: make([]avocet.Span, 4)}},
	})
	return b
}

// reference is what the stores share in store/internal/spec, applied to
// what was put.
type reference struct {
	articles map[string]*avocet.StoredArticle
	know     map[string]*avocet.Knowledge
	events   []avocet.StoredEvent
}

func newReference(t *testing.T, s *duck.Store, b avocet.Batch) *reference {
	r := &reference{articles: map[string]*avocet.StoredArticle{}, know: map[string]*avocet.Knowledge{}}
	if err := s.EachArticle(context.Background(), func(a *avocet.StoredArticle) error {
		c := *a
		r.articles[a.ID] = &c
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i := range b.Knowledge {
		r.know[b.Knowledge[i].ArticleID] = &b.Knowledge[i]
	}
	if err := s.EachEvent(context.Background(), avocet.EventQuery{}, func(e *avocet.StoredEvent) error {
		r.events = append(r.events, *e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return r
}

// selectArticles returns the articles q selects, in page order.
func (r *reference) selectArticles(t *testing.T, q avocet.ArticleQuery) []*avocet.StoredArticle {
	p, err := spec.ParseArticleQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	with := map[string]bool{}
	if p.Events != nil {
		for _, id := range r.selectEvents(t, *q.Events) {
			with[strings.SplitN(id, "-", 2)[0]] = true
		}
	}
	var out []*avocet.StoredArticle
	for id, a := range r.articles {
		if (p.Events == nil || with[id]) && p.MatchArticle(a, r.know[id]) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return spec.NewerArticle(out[i], out[j]) })
	return out
}

// selectEvents returns the IDs of the events q selects, in EachEvent order.
func (r *reference) selectEvents(t *testing.T, q avocet.EventQuery) []string {
	q.Limit, q.Cursor = 0, ""
	p, err := spec.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for i := range r.events {
		e := &r.events[i]
		if p.Match(e, r.know[e.ArticleID]) {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// topEntities counts as the reference store does.
func (r *reference) topEntities(t *testing.T, q avocet.ArticleQuery, typ string, n int) []avocet.KnowledgeCount {
	type key struct{ key, typ string }
	counts := map[key]*avocet.KnowledgeCount{}
	for _, a := range r.selectArticles(t, q) {
		k := r.know[a.ID]
		if k == nil {
			continue
		}
		seen := map[key]bool{}
		for i := range k.Entities {
			e := &k.Entities[i]
			if typ != "" && e.Type != typ {
				continue
			}
			kk := key{spec.EntityKey(e), e.Type}
			c := counts[kk]
			if c == nil {
				c = &avocet.KnowledgeCount{Key: kk.key, Type: kk.typ}
				counts[kk] = c
			}
			if e.Code != "" && (c.Code == "" || e.Code < c.Code) {
				c.Code = e.Code
			}
			if !seen[kk] {
				seen[kk] = true
				c.Articles++
			}
			c.Mentions += len(e.Mentions)
		}
	}
	var out []avocet.KnowledgeCount
	for _, c := range counts {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		switch {
		case a.Articles != b.Articles:
			return a.Articles > b.Articles
		case a.Key != b.Key:
			return a.Key < b.Key
		}
		return a.Type < b.Type
	})
	return out[:min(len(out), spec.Top(n))]
}

func ids(as []avocet.StoredArticle) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func refIDs(as []*avocet.StoredArticle) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

// short names a hostile string in test output.
func short(s string) string {
	if len(s) > 20 {
		return fmt.Sprintf("%q... (%d bytes)", s[:10], len(s))
	}
	return fmt.Sprintf("%q", s)
}

// Ensure that filter strings are plain text whatever they hold: every
// filter of every query gives what the shared semantics give.
func TestKnowledgeHostileFilters(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, nil)
	b := hostileBatch()
	if _, err := s.Put(ctx, b); err != nil {
		t.Fatal(err)
	}
	r := newReference(t, s, b)
	for _, h := range hostile {
		filters := map[string]avocet.ArticleFilter{
			"Theme": {Theme: h}, "Person": {Person: h}, "Org": {Org: h}, "Entity": {Entity: h}, "Place": {Place: h},
			"Theme*": {Theme: h + "*"}, "Entity and Place": {Entity: h, Place: h},
		}
		for field, f := range filters {
			q := avocet.ArticleQuery{ArticleFilter: f, Limit: 1000}
			page, err := s.Articles(ctx, q)
			if err != nil {
				t.Errorf("Articles(%s %s): %v", field, short(h), err)
				continue
			}
			if got, want := ids(page.Articles), refIDs(r.selectArticles(t, q)); !reflect.DeepEqual(got, want) {
				t.Errorf("Articles(%s %s) = %v, want %v", field, short(h), got, want)
			}
			eq := avocet.EventQuery{Knowledge: f}
			var got []string
			if err := s.EachEvent(ctx, eq, func(e *avocet.StoredEvent) error { got = append(got, e.ID); return nil }); err != nil {
				t.Errorf("EachEvent(%s %s): %v", field, short(h), err)
			}
			if want := r.selectEvents(t, eq); !reflect.DeepEqual(append([]string{}, got...), want) {
				t.Errorf("EachEvent(Knowledge %s %s) = %v, want %v", field, short(h), got, want)
			}
			top, err := s.TopEntities(ctx, q, "", 100)
			if err != nil {
				t.Errorf("TopEntities(%s %s): %v", field, short(h), err)
			}
			if want := r.topEntities(t, q, "", 100); !reflect.DeepEqual(top, want) {
				t.Errorf("TopEntities(%s %s) =\n %v\nwant\n %v", field, short(h), top, want)
			}
		}
		// The event's own place.
		for _, eq := range []avocet.EventQuery{{Place: h}, {Place: h, Text: h}, {Place: h, Knowledge: avocet.ArticleFilter{Place: h}}} {
			page, err := s.Events(ctx, avocet.EventQuery{Place: eq.Place, Text: eq.Text, Knowledge: eq.Knowledge, Limit: 1000})
			if err != nil {
				t.Errorf("Events(place %s): %v", short(h), err)
				continue
			}
			got := eventIDs(page.Events)
			sort.Strings(got)
			want := r.selectEvents(t, eq)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Events(%+v) = %v, want %v", eq, got, want)
			}
		}
	}
	// The tables are all there still.
	if st, err := s.Stats(ctx); err != nil || st.Articles != len(b.Articles) {
		t.Errorf("Stats after the hostile queries = %+v, %v", st, err)
	}
}

func eventIDs(evs []avocet.StoredEvent) []string {
	out := []string{}
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

// Ensure that TopEntities and TopThemes count what the reference counts
// for every type, filter and n, and that article pages of every size give
// every selected article once, in order.
func TestKnowledgeCountsAndPages(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, nil)
	b := hostileBatch()
	if _, err := s.Put(ctx, b); err != nil {
		t.Fatal(err)
	}
	storetest.Load(t, s)
	b1, b2 := storetest.Fixture()
	b.Knowledge = append(append(b.Knowledge, b1.Knowledge...), b2.Knowledge...)
	r := newReference(t, s, b)
	queries := []avocet.ArticleQuery{
		{},
		{From: time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC)},
		{To: time.Date(2024, 1, 15, 23, 0, 0, 0, time.UTC), ArticleFilter: avocet.ArticleFilter{Theme: "*"}},
		{Events: &avocet.EventQuery{Source: "USA*"}},
		{Events: &avocet.EventQuery{Place: "ukr"}, ArticleFilter: avocet.ArticleFilter{Entity: "a"}},
	}
	for _, q := range queries {
		for _, typ := range []string{"", "PER", "ORG", "LOC", "GPE"} {
			for _, n := range []int{-1, 0, 1, 3, 1000} {
				got, err := s.TopEntities(ctx, q, typ, n)
				if err != nil {
					t.Fatal(err)
				}
				if want := r.topEntities(t, q, typ, n); !reflect.DeepEqual(got, want) {
					t.Errorf("TopEntities(%+v, %q, %d) =\n %v\nwant\n %v", q, typ, n, got, want)
				}
			}
		}
		want := refIDs(r.selectArticles(t, q))
		for _, size := range []int{1, 2, 3, 7, 1000} {
			var got []string
			pq := q
			pq.Limit = size
			for pages := 0; ; pages++ {
				page, err := s.Articles(ctx, pq)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, ids(page.Articles)...)
				if page.Next == "" || pages > len(want) {
					break
				}
				pq.Cursor = page.Next
			}
			if !reflect.DeepEqual(append([]string{}, got...), want) {
				t.Errorf("Articles(%+v) in pages of %d = %v, want %v", q, size, got, want)
			}
		}
		themes, err := s.TopThemes(ctx, q, 1000)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for i, c := range themes {
			total += c.Articles
			if i > 0 && (c.Articles > themes[i-1].Articles || c.Articles == themes[i-1].Articles && c.Key <= themes[i-1].Key) {
				t.Errorf("TopThemes(%+v): %v before %v", q, themes[i-1], c)
			}
		}
		wantTotal := 0
		for _, a := range r.selectArticles(t, q) {
			if k := r.know[a.ID]; k != nil {
				seen := map[string]bool{}
				for _, th := range k.Themes {
					if !seen[th.Code] {
						seen[th.Code] = true
						wantTotal++
					}
				}
			}
		}
		if total != wantTotal {
			t.Errorf("TopThemes(%+v): %d article-themes, want %d", q, total, wantTotal)
		}
	}
}

// checkNewKnowledge checks, in a store migrated from an older version,
// that the article old (stored before) has no knowledge and that new
// articles get theirs, in every query.
func checkNewKnowledge(t *testing.T, s *duck.Store, old string) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Knowledge(ctx, old); !errors.Is(err, avocet.ErrNotFound) {
		t.Errorf("Knowledge(%s) of an article stored before version 3: err = %v, want ErrNotFound", old, err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if page, err := s.Articles(ctx, avocet.ArticleQuery{Limit: 10000}); err != nil || len(page.Articles) != st.Articles {
		t.Errorf("Articles() gave %d, %v; want all %d", len(page.Articles), err, st.Articles)
	}
	k := oddKnowledge("kn")
	k.Themes = append(k.Themes, avocet.Theme{Code: "MIGRATED", Mentions: []avocet.Span{{Start: 1, End: 2}}})
	ev := avocet.StoredEvent{ID: "kn-0-0", Event: avocet.Event{ArticleID: "kn", Source: avocet.Actor{Code: "KEN"}, Target: avocet.Actor{Code: "SOM"}, Code: "042", QuadClass: 1}}
	res, err := s.Put(ctx, avocet.Batch{Articles: []avocet.StoredArticle{{Article: avocet.Article{ID: "kn"}}}, Events: []avocet.StoredEvent{ev},
		Knowledge: []avocet.Knowledge{k}})
	if err != nil || res.Articles != 1 {
		t.Fatalf("Put with knowledge = %+v, %v", res, err)
	}
	got, err := s.Knowledge(ctx, "kn")
	if err != nil {
		t.Fatal(err)
	}
	if err := sameKnowledge(got, wantKnowledge(k)); err != nil {
		t.Errorf("Knowledge(kn): %v", err)
	}
	if page, err := s.Articles(ctx, avocet.ArticleQuery{ArticleFilter: avocet.ArticleFilter{Theme: "migrated"}}); err != nil || !reflect.DeepEqual(ids(page.Articles), []string{"kn"}) {
		t.Errorf("Articles(theme MIGRATED) = %v, %v; want [kn]", ids(page.Articles), err)
	}
	if page, err := s.Events(ctx, avocet.EventQuery{Knowledge: avocet.ArticleFilter{Theme: "MIGRATED"}}); err != nil || !reflect.DeepEqual(eventIDs(page.Events), []string{"kn-0-0"}) {
		t.Errorf("Events(theme MIGRATED) = %v, %v; want [kn-0-0]", eventIDs(page.Events), err)
	}
	if top, err := s.TopThemes(ctx, avocet.ArticleQuery{}, 1); err != nil || len(top) != 1 || top[0].Articles != 1 {
		t.Errorf("TopThemes = %v, %v", top, err)
	}
}

// Ensure that a file of version 2 migrates: its events read back as before,
// the schema is that of a new file, new articles get knowledge and new
// events their actors' places.
func TestOpenVersion2(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "v2.duckdb")
	s, err := duck.Open(path, &duck.Options{KeepText: true})
	if err != nil {
		t.Fatal(err)
	}
	b1, b2 := storetest.Fixture()
	g := newGenerator(5, "g-")
	for _, b := range []avocet.Batch{b1, b2, g.batch(300)} {
		b.Knowledge = nil
		if _, err := s.Put(ctx, withoutPlaces(b)); err != nil {
			t.Fatal(err)
		}
	}
	var before []avocet.StoredEvent
	if err := s.EachEvent(ctx, avocet.EventQuery{}, func(e *avocet.StoredEvent) error { before = append(before, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Version 3 only adds tables: without them (and their version) the
	// file is one the version 2 code wrote.
	toVersion3(t, path, filepath.Join(dir, "released3.duckdb"))
	makeFile(t, path, `DROP VIEW article_knowledge`, `DROP TABLE article_tone`, `DROP TABLE article_knowledge_parts`,
		`DROP TABLE article_entities`, `DROP TABLE article_themes`, `DROP TABLE article_places`,
		`DELETE FROM schema_version WHERE version = 3`)
	if err := duck.MigrateTo(filepath.Join(dir, "released.duckdb"), 2); err != nil {
		t.Fatal(err)
	}
	if got, want := columns(t, path), columns(t, filepath.Join(dir, "released.duckdb")); !reflect.DeepEqual(got, want) {
		t.Fatalf("the version 2 file differs from the schema of migration 2:\n got %q\nwant %q", got, want)
	}

	s, err = duck.Open(path, &duck.Options{KeepText: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, err := s.Stats(ctx); err != nil || st.SchemaVersion != duck.SchemaVersion() {
		t.Errorf("Stats after migration = %+v, %v; want version %d", st, err, duck.SchemaVersion())
	}
	var after []avocet.StoredEvent
	if err := s.EachEvent(ctx, avocet.EventQuery{}, func(e *avocet.StoredEvent) error { after = append(after, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("events after migrating from version 2 differ from before")
	}
	checkNewKnowledge(t, s, "a1")
	checkActorPlaces(t, s, *b1.Events[1].Location)

	fresh := filepath.Join(dir, "fresh.duckdb")
	f, err := duck.Open(fresh, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got, want := columns(t, path), columns(t, fresh); !reflect.DeepEqual(got, want) {
		t.Errorf("schema of a migrated version 2 file differs from a new file's:\n got %q\nwant %q", got, want)
	}
}

// Ensure that knowledge with a string that is not UTF-8, which DuckDB
// cannot hold and JSON would change, is refused as invalid input and
// stores nothing of the batch.
func TestKnowledgeNotUTF8(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, nil)
	for _, k := range []avocet.Knowledge{
		{ArticleID: "u1", Entities: []avocet.Entity{{Type: "PER", Name: "bad\xffname"}}},
		{ArticleID: "u1", Quotations: []avocet.Quotation{{Text: "half a rune \xe2\x82"}}},
		{ArticleID: "u1", Entities: []avocet.Entity{{Type: "GPE", Name: "ok", Place: &avocet.Location{Admin1: "\xc0"}}}},
	} {
		_, err := s.Put(ctx, avocet.Batch{Articles: []avocet.StoredArticle{{Article: avocet.Article{ID: "u1"}}}, Knowledge: []avocet.Knowledge{k}})
		if !errors.Is(err, avocet.ErrInvalidInput) {
			t.Errorf("Put of %+v: err = %v, want ErrInvalidInput", k, err)
		}
	}
	if st, err := s.Stats(ctx); err != nil || st.Articles != 0 {
		t.Errorf("refused batches stored %d articles, %v", st.Articles, err)
	}
}

// Ensure that a long document is cut into parts at character boundaries,
// reads back whole, and that the parts are compressed.
func TestKnowledgeLongDocument(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, nil)
	long := func(id string, n int) avocet.Knowledge {
		k := avocet.Knowledge{ArticleID: id}
		for i := range n {
			// Three- and four-byte characters, so that a cut at a fixed
			// offset would fall inside one.
			name := fmt.Sprintf("Ταξιάρχης €%d 𝄞 Şişli", i)
			k.Entities = append(k.Entities, avocet.Entity{Type: "PER", Name: name, Mentions: []avocet.Span{{Start: i, End: i + 9}}})
			k.Quotations = append(k.Quotations, avocet.Quotation{Text: strings.Repeat("«ça» ", i%17), Speaker: name})
		}
		return k
	}
	var b avocet.Batch
	for i := range 400 {
		id := fmt.Sprintf("L%03d", i)
		b.Articles = append(b.Articles, avocet.StoredArticle{Article: avocet.Article{ID: id}})
		b.Knowledge = append(b.Knowledge, long(id, 5+i%60))
	}
	if _, err := s.Put(ctx, b); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 57, 399} {
		id := fmt.Sprintf("L%03d", i)
		got, err := s.Knowledge(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := sameKnowledge(got, long(id, 5+i%60)); err != nil {
			t.Errorf("Knowledge(%s): %v", id, err)
		}
	}
	db := s.DB()
	var parts, longest, multi int
	if err := db.QueryRow(`SELECT count(*), max(strlen(text)), count(DISTINCT article_seq) FILTER (WHERE part > 0) FROM article_knowledge_parts`).Scan(&parts, &longest, &multi); err != nil {
		t.Fatal(err)
	}
	if longest > 3000 || multi < 100 {
		t.Errorf("parts: %d, the longest %d bytes, %d articles in several; want parts of at most 3000 bytes, many articles in several", parts, longest, multi)
	}
	// The view puts the parts together into the document Knowledge reads.
	var doc string
	if err := db.QueryRow(`SELECT knowledge FROM article_knowledge WHERE article_id = 'L059'`).Scan(&doc); err != nil {
		t.Fatal(err)
	}
	var name string
	if err := db.QueryRow(`SELECT json_extract_string(?, '$.entities[63].name')`, doc).Scan(&name); err != nil || name != "Ταξιάρχης €63 𝄞 Şişli" {
		t.Errorf("the 64th entity of L059 in the view's document: %q, %v", name, err)
	}
	if _, err := db.Exec(`CHECKPOINT`); err != nil {
		t.Fatal(err)
	}
	var uncompressed int
	if err := db.QueryRow(`SELECT count(*) FROM pragma_storage_info('article_knowledge_parts') WHERE column_name = 'text' AND compression = 'Uncompressed'`).Scan(&uncompressed); err != nil || uncompressed != 0 {
		t.Errorf("article_knowledge_parts.text: %d uncompressed segments, %v; want none", uncompressed, err)
	}
}

// Ensure that every knowledge document reads back as it was written, and
// that its parts put it together again.
func FuzzKnowledgeDocument(f *testing.F) {
	f.Add("PER", "O'Brien \"x\"", "", "\x00\n\t\\", 1.5, -0.0, int64(0), 3, "ENV_OIL")
	f.Add("", strings.Repeat("€𝄞", 700), "canon", "", math.NaN(), math.Inf(-1), int64(-62135596800), -1, "")
	f.Add("GPE", "\u2028\u2029</script>&", "ü", "bad\xff", 5e-324, math.MaxFloat64, int64(1<<40), 1<<40, "%_")
	f.Fuzz(func(t *testing.T, typ, name, canonical, text string, x, y float64, unix int64, n int, theme string) {
		date := time.Unix(unix%(1<<42), int64(n)%1e9).In(time.FixedZone("X", n%50000))
		k := avocet.Knowledge{
			ArticleID: "f",
			Entities: []avocet.Entity{
				{Type: typ, Name: name, Canonical: canonical, Code: text, Mentions: []avocet.Span{{Start: n, End: -n}}},
				{Place: &avocet.Location{Name: name, Lat: x, Lon: y, GeoNameID: n, Type: -n, Confidence: x * y}},
			},
			Locations:  []avocet.Location{{Country: text, Admin1: canonical, Lat: y}},
			Themes:     []avocet.Theme{{Code: theme}, {Code: name, Mentions: []avocet.Span{}}},
			Tone:       avocet.Tone{Tone: x, Positive: y, Negative: -x, Polarity: x - y, Words: n},
			Amounts:    []avocet.Amount{{Value: x, Unit: typ, Object: text}},
			Quotations: []avocet.Quotation{{Text: text + name, Speaker: canonical, Code: typ, Span: avocet.Span{Start: n}}},
			Dates:      []avocet.DateMention{{Date: date, Granularity: typ}, {}},
		}
		if n%2 == 0 {
			k.Locations, k.Amounts = nil, []avocet.Amount{}
		}
		doc, err := duck.EncodeKnowledge(&k)
		utf8ok := true
		for _, s := range []string{typ, name, canonical, text, theme} {
			utf8ok = utf8ok && utf8.ValidString(s)
		}
		if !utf8ok {
			if !errors.Is(err, avocet.ErrInvalidInput) {
				t.Fatalf("a string that is not UTF-8 gave err = %v, want ErrInvalidInput", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid([]byte(doc)) {
			t.Fatalf("not JSON: %s", short(doc))
		}
		got, err := duck.DecodeKnowledge("f", doc)
		if err != nil {
			t.Fatalf("decode %s: %v", short(doc), err)
		}
		if err := sameKnowledge(got, wantKnowledge(k)); err != nil {
			t.Fatalf("document %s: %v", short(doc), err)
		}
		var joined strings.Builder
		for _, p := range duck.KnowledgeParts(doc) {
			if len(p) > duck.PartBytes || !utf8.ValidString(p) || p == "" {
				t.Fatalf("part of %d bytes, UTF-8 %v", len(p), utf8.ValidString(p))
			}
			joined.WriteString(p)
		}
		if joined.String() != doc {
			t.Fatal("the parts do not make the document")
		}
	})
}

// BenchmarkEncodeKnowledge measures the encoding of the knowledge of
// benchmark articles (knowledgeOf) into JSON documents, as Put does it for
// a batch.
func BenchmarkEncodeKnowledge(b *testing.B) {
	g := newGenerator(3, "")
	ks := make([]avocet.Knowledge, 1000)
	size := 0
	for i := range ks {
		ks[i] = g.knowledgeOf(fmt.Sprint(i), time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		doc, err := duck.EncodeKnowledge(&ks[i])
		if err != nil {
			b.Fatal(err)
		}
		size += len(doc)
	}
	for b.Loop() {
		if _, err := duck.EncodeKnowledgeBatch(ks); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ks)), "ns/doc")
	b.ReportMetric(float64(size)/float64(len(ks)), "bytes/doc")
}
