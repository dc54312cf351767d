package duck_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/store/duck"
)

// generator makes realistic batches: ~10 events an article, sentences of
// news length, ~200 actor codes with a Zipf-like spread, and dates that
// follow the ingestion as news does: ~550 articles a day for five years
// from 2020, each dated its day or up to three days before, one in twenty
// a year before.
type generator struct {
	rng       *rand.Rand
	codes     []string
	zipf      *rand.Zipf
	next      int // next article number
	prefix    string
	knowledge bool       // give every article knowledge (knowledgeOf)
	places    bool       // give actors places (place)
	krng      *rand.Rand // knowledgeOf's, so that the events do not depend on knowledge
}

var (
	countries = []string{"USA", "RUS", "CHN", "UKR", "GBR", "FRA", "DEU", "ISR", "PSE", "IRN", "IRQ", "SYR", "TUR", "IND", "PAK",
		"AFG", "JPN", "KOR", "PRK", "SAU", "EGY", "NGA", "KEN", "ETH", "SDN", "ZAF", "BRA", "MEX", "VEN", "COL",
		"CAN", "AUS", "POL", "ITA", "ESP", "YEM", "LBY", "MLI", "SOM", "LBN"}
	sectors = []string{"", "GOV", "MIL", "COP", "OPP"}
	codes   = []string{"010", "0111", "020", "036", "040", "042", "043", "046", "051", "057", "061", "071", "111", "112", "120", "130", "138", "141", "163", "172", "173", "180", "1823", "190", "193", "195"}
	words   = []string{"officials", "said", "the", "government", "forces", "attacked", "talks", "in", "on", "minister", "border", "president", "met", "with", "troops", "police", "protesters", "capital", "agreement", "sanctions"}
)

func newGenerator(seed uint64, prefix string) *generator {
	rng := rand.New(rand.NewPCG(seed, 42))
	var cs []string
	for _, c := range countries {
		for _, s := range sectors {
			cs = append(cs, c+s)
		}
	}
	cs = append(cs, "IGOUNO", "IGOEUR", "IGONAT", "IGOAFR", "IGOARL", "NGOAMN", "NGOHRW", "NGOICR", "---", "---")
	return &generator{rng: rng, codes: cs, zipf: rand.NewZipf(rng, 1.1, 4, uint64(len(cs)-1)), prefix: prefix,
		krng: rand.New(rand.NewPCG(seed, 43))}
}

func (g *generator) actor() avocet.Actor {
	code := g.codes[g.zipf.Uint64()]
	a := avocet.Actor{Code: code, Name: "Name of " + code, Span: avocet.Span{Start: g.rng.IntN(5000), End: g.rng.IntN(5000)}}
	if len(code) >= 3 && code != "---" && code[:3] != "IGO" && code[:3] != "NGO" {
		a.Country = code[:3]
		if len(code) > 3 {
			a.Sectors = []string{code[3:]}
		}
	}
	return a
}

func (g *generator) sentence() string { return sentence(g.rng) }

func sentence(rng *rand.Rand) string {
	n := 15 + rng.IntN(25)
	b := make([]byte, 0, 200)
	for i := range n {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, words[rng.IntN(len(words))]...)
	}
	return string(append(b, '.'))
}

// batch returns a batch of about events events.
func (g *generator) batch(events int) avocet.Batch {
	var b avocet.Batch
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for len(b.Events) < events {
		id := fmt.Sprintf("%s%016x", g.prefix, g.next)
		day := g.next / 550 % (5 * 365)
		g.next++
		if g.rng.IntN(20) == 0 {
			day -= g.rng.IntN(365)
		} else {
			day -= g.rng.IntN(4)
		}
		date := start.AddDate(0, 0, day)
		nev := 5 + g.rng.IntN(11)
		b.Articles = append(b.Articles, avocet.StoredArticle{
			Article: avocet.Article{ID: id, URL: "https://news.example.com/" + id, Publisher: fmt.Sprintf("pub%d", g.rng.IntN(50)),
				Title: "Headline " + id, Dateline: "NAIROBI, Kenya", Date: date, Language: "en"},
			Input: "bench.jsonl", Ingested: time.Now(), Sentences: 30, Events: nev,
		})
		for i := range nev {
			code := codes[g.rng.IntN(len(codes))]
			e := avocet.StoredEvent{
				ID: fmt.Sprintf("%s-%d-0", id, i),
				Event: avocet.Event{
					ArticleID: id, Sentence: i, Date: date, Source: g.actor(), Target: g.actor(),
					Code: code, BaseCode: code[:3], RootCode: code[:2], QuadClass: 1 + g.rng.IntN(4),
					Goldstein: float64(g.rng.IntN(200)-100) / 10, PloverType: "CONSULT",
					Verb: avocet.Span{Start: 10, End: 17}, Rule: avocet.Rule{ID: "v" + code, File: "verbs.txt", Line: 1 + g.rng.IntN(9000)},
					Confidence: 0.8, Mentions: 1,
				},
				SentenceText: g.sentence(),
				SentenceSpan: avocet.Span{Start: 100 * i, End: 100*i + 180},
			}
			if g.rng.IntN(3) == 0 {
				e.Location = &avocet.Location{Name: "Kassala, Kassala, Sudan", Country: "SDN", Admin1: "SU11", Lat: 15.45, Lon: 36.4, GeoNameID: 372753, Type: 4}
			}
			if g.rng.IntN(4) == 0 {
				e.Issues = []string{"WAR", "REFUGEES"}
			}
			if g.places {
				e.Source.Place, e.Target.Place = g.place(&e.Source), g.place(&e.Target)
			}
			b.Events = append(b.Events, e)
		}
		if g.knowledge {
			b.Knowledge = append(b.Knowledge, g.knowledgeOf(id, date))
		}
	}
	return b
}

var (
	people = []string{"Vladimir Putin", "Joe Biden", "Xi Jinping", "Volodymyr Zelensky", "António Guterres", "Recep Tayyip Erdoğan",
		"Narendra Modi", "Benjamin Netanyahu", "William Ruto", "Abiy Ahmed", "Olaf Scholz", "Emmanuel Macron"}
	orgs   = []string{"United Nations", "NATO", "European Union", "African Union", "Hamas", "Hezbollah", "World Bank", "Reuters"}
	places = []string{"Kyiv, Kyiv City, Ukraine", "Moscow, Moscow, Russia", "Gaza, Gaza Strip, Palestine", "Nairobi, Nairobi, Kenya",
		"Khartoum, Khartoum, Sudan", "Beijing, Beijing, China", "Washington, District of Columbia, United States", "Kassala, Kassala, Sudan"}
	themes = []string{"SANCTIONS", "MILITARY_ATTACK", "PROTEST", "DIPLOMACY", "ENV_OIL", "ENV_CLIMATE", "ELECTION", "REFUGEES",
		"HUMAN_RIGHTS", "TERROR", "ECON_INFLATION", "HEALTH_PANDEMIC"}
)

// place returns a place for actor a, as GDELT's Actor1Geo and Actor2Geo
// have: none for one actor in three, the actor's country for half of the
// others (when it has one), a city for the rest.
func (g *generator) place(a *avocet.Actor) *avocet.Location {
	switch n := g.rng.IntN(6); {
	case n < 2:
		return nil
	case n < 4 && a.Country != "":
		return &avocet.Location{Name: a.Country, Country: a.Country, Lat: 10, Lon: 20, Type: 1}
	}
	name := places[g.rng.IntN(len(places))]
	return &avocet.Location{Name: name, Country: countries[len(name)%len(countries)], Admin1: "XX01",
		Lat: float64(len(name)), Lon: -float64(len(name)), GeoNameID: 1000 + len(name), Type: 4, Confidence: 0.8}
}

// coordinate returns a random degree in [-max, max) with the five
// decimals of a gazetteer.
func coordinate(rng *rand.Rand, max float64) float64 {
	return math.Round((rng.Float64()*2-1)*max*1e5) / 1e5
}

// knowledgeOf returns knowledge of the size the pipeline gives a news
// article: ~8 entities, 4 themes, 3 places, 2 amounts, a quotation and 2
// dates.
func (g *generator) knowledgeOf(id string, date time.Time) avocet.Knowledge {
	rng := g.krng
	spans := func(n int) []avocet.Span {
		out := make([]avocet.Span, n)
		for i := range out {
			start := rng.IntN(5000)
			out[i] = avocet.Span{Start: start, End: start + 5 + rng.IntN(20)}
		}
		return out
	}
	loc := func() avocet.Location {
		name := places[rng.IntN(len(places))]
		return avocet.Location{Name: name, Country: countries[rng.IntN(len(countries))], Admin1: "XX01",
			Lat: coordinate(rng, 90), Lon: coordinate(rng, 180), GeoNameID: rng.IntN(1 << 23), Type: 4, Confidence: 0.8}
	}
	k := avocet.Knowledge{ArticleID: id,
		Tone: avocet.Tone{Tone: rng.Float64()*10 - 5, Positive: rng.Float64() * 5, Negative: rng.Float64() * 5, Words: 200 + rng.IntN(800)}}
	for range 5 + rng.IntN(7) {
		e := avocet.Entity{Mentions: spans(1 + rng.IntN(4))}
		switch rng.IntN(3) {
		case 0:
			e.Type, e.Name = "PER", people[rng.IntN(len(people))]
			e.Canonical, e.Code = e.Name, g.codes[rng.IntN(len(g.codes))]
		case 1:
			e.Type, e.Name = "ORG", orgs[rng.IntN(len(orgs))]
		default:
			l := loc()
			e.Type, e.Name, e.Canonical, e.Code, e.Place = "GPE", l.Name[:strings.IndexByte(l.Name, ',')], l.Name, l.Country, &l
		}
		k.Entities = append(k.Entities, e)
	}
	for range 2 + rng.IntN(5) {
		k.Themes = append(k.Themes, avocet.Theme{Code: themes[rng.IntN(len(themes))], Mentions: spans(1 + rng.IntN(3))})
	}
	for range 1 + rng.IntN(5) {
		k.Locations = append(k.Locations, loc())
	}
	for range rng.IntN(4) {
		k.Amounts = append(k.Amounts, avocet.Amount{Value: float64(rng.IntN(100000)), Unit: "USD", Object: "aid", Span: spans(1)[0]})
	}
	if rng.IntN(2) == 0 {
		k.Quotations = []avocet.Quotation{{Text: sentence(rng), Span: spans(1)[0], Speaker: "the ministry", Code: "RUSGOV"}}
	}
	for range rng.IntN(4) {
		k.Dates = append(k.Dates, avocet.DateMention{Date: date.AddDate(0, 0, -rng.IntN(30)), Granularity: "day", Span: spans(1)[0]})
	}
	k.Tone.Polarity = k.Tone.Positive + k.Tone.Negative
	return k
}

// BenchmarkPut measures Put of batches of ~5,000 events into a growing
// file. Besides events/s it reports the process's CPU time per event
// (all threads, during the Puts only), which depends less on what else the
// machine is doing.
func BenchmarkPut(b *testing.B) { benchmarkPut(b, newGenerator(1, "")) }

// BenchmarkPutPlaces is BenchmarkPut with places for two actors in three
// (generator.place).
func BenchmarkPutPlaces(b *testing.B) {
	g := newGenerator(1, "")
	g.places = true
	benchmarkPut(b, g)
}

func benchmarkPut(b *testing.B, g *generator) {
	s, err := duck.Open(filepath.Join(b.TempDir(), "bench.duckdb"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	batches := make([]avocet.Batch, 8)
	events := 0
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		for i := range batches {
			batches[i] = g.batch(5000)
		}
		runtime.GC()
		b.StartTimer()
		c0 := cpuTime()
		for _, batch := range batches {
			res, err := s.Put(context.Background(), batch)
			if err != nil {
				b.Fatal(err)
			}
			events += res.Events
		}
		cpu += cpuTime() - c0
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(events), "cpu-µs/event")
}

// BenchmarkPutKnowledge is BenchmarkPut with knowledge for every article
// (knowledgeOf); it reports articles/s besides events/s.
func BenchmarkPutKnowledge(b *testing.B) {
	s, err := duck.Open(filepath.Join(b.TempDir(), "bench.duckdb"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	g := newGenerator(1, "")
	g.knowledge = true
	batches := make([]avocet.Batch, 8)
	events, articles := 0, 0
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		for i := range batches {
			batches[i] = g.batch(5000)
		}
		runtime.GC()
		b.StartTimer()
		c0 := cpuTime()
		for _, batch := range batches {
			res, err := s.Put(context.Background(), batch)
			if err != nil {
				b.Fatal(err)
			}
			events += res.Events
			articles += res.Articles
		}
		cpu += cpuTime() - c0
	}
	b.ReportMetric(float64(articles)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(articles), "cpu-µs/article")
}

// bigStore opens the store of 10 million events that the big benchmarks
// share, generating it first, with knowledge for every article (a file
// made before knowledge was stored has none, and the knowledge benchmarks
// then find nothing). They run only with AVOCET_BENCH_BIG=1;
// AVOCET_BENCH_DB=file keeps (and reuses) the generated database.
func bigStore(b *testing.B) *duck.Store {
	if os.Getenv("AVOCET_BENCH_BIG") == "" {
		b.Skip("set AVOCET_BENCH_BIG=1 to generate and query 10M events")
	}
	const total = 10_000_000
	path := os.Getenv("AVOCET_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "big.duckdb")
	}
	s, err := duck.Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if st.Events < total {
		g := newGenerator(7, fmt.Sprintf("g%d-", st.Events))
		g.knowledge = true
		start := time.Now()
		for n := st.Events; n < total; {
			res, err := s.Put(ctx, g.batch(min(50_000, total-n)))
			if err != nil {
				b.Fatal(err)
			}
			n += res.Events
		}
		b.Logf("generated %d events in %v", total-st.Events, time.Since(start))
	}
	return s
}

// BenchmarkSeries10M measures monthly dyad series over 10 million events.
func BenchmarkSeries10M(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	for _, q := range []avocet.EventQuery{
		{Source: "USA", Target: "RUS"},
		{Source: "USAGOV", Target: "CHNGOV"},
		{Source: "ISR*", Target: "PSE*"},
	} {
		b.Run(q.Source+">"+q.Target, func(b *testing.B) {
			var pts []avocet.SeriesPoint
			var err error
			for b.Loop() {
				if pts, err = s.Series(ctx, q, avocet.Month); err != nil {
					b.Fatal(err)
				}
			}
			events := 0
			for _, p := range pts {
				events += p.Events
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
			b.Logf("%d buckets, %d events", len(pts), events)
		})
	}
}

// BenchmarkQueries10M measures the other reads over 10 million events.
func BenchmarkQueries10M(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	var some avocet.StoredEvent
	if err := s.EachEvent(ctx, avocet.EventQuery{Source: "KEN", Target: "SOM"}, func(e *avocet.StoredEvent) error {
		some = *e
		return errors.New("stop")
	}); some.ID == "" {
		b.Fatalf("no KEN>SOM event: %v", err)
	}
	for _, bm := range []struct {
		name string
		fn   func() error
	}{
		{"Event", func() error { _, err := s.Event(ctx, some.ID); return err }},
		{"Article", func() error { _, err := s.Article(ctx, some.ArticleID); return err }},
		{"Has500", func() error {
			ids := make([]string, 500)
			for i := range ids {
				ids[i] = fmt.Sprintf("g0-%016x", i*997)
			}
			_, err := s.Has(ctx, ids)
			return err
		}},
		{"EventsOfArticle", func() error { _, err := s.Events(ctx, avocet.EventQuery{ArticleID: some.ArticleID}); return err }},
		{"EventsNewest", func() error { _, err := s.Events(ctx, avocet.EventQuery{}); return err }},
		{"EventsDyad", func() error { _, err := s.Events(ctx, avocet.EventQuery{Source: "USA", Target: "RUS"}); return err }},
		{"EventsText", func() error { _, err := s.Events(ctx, avocet.EventQuery{Text: "border agreement"}); return err }},
		{"TopActors", func() error { _, err := s.TopActors(ctx, avocet.EventQuery{}, 10); return err }},
		{"TopDyadsMonth", func() error {
			_, err := s.TopDyads(ctx, avocet.EventQuery{From: time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2023, 5, 31, 0, 0, 0, 0, time.UTC)}, 10)
			return err
		}},
		{"DailyDyad", func() error { _, err := s.Daily(ctx, avocet.EventQuery{Source: "USA", Target: "RUS"}); return err }},
		{"EachEventDyad", func() error {
			return s.EachEvent(ctx, avocet.EventQuery{Source: "USA", Target: "RUS"}, func(*avocet.StoredEvent) error { return nil })
		}},
		{"Stats", func() error { _, err := s.Stats(ctx); return err }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				if err := bm.fn(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		})
	}
}

// BenchmarkKnowledge10M measures the article queries, and event queries
// with the knowledge and place filters, over 10 million events and the
// knowledge of their articles.
func BenchmarkKnowledge10M(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	var some string
	if err := s.DB().QueryRow(`SELECT a.id FROM articles a JOIN article_knowledge k ON k.article_seq = a.seq ORDER BY a.seq LIMIT 1 OFFSET 500000`).Scan(&some); err != nil {
		b.Fatalf("no article with knowledge: %v", err)
	}
	may := avocet.ArticleQuery{From: time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2023, 5, 31, 0, 0, 0, 0, time.UTC)}
	sanctions := avocet.ArticleFilter{Theme: "SANCTIONS"}
	for _, bm := range []struct {
		name string
		fn   func() (int, error)
	}{
		{"Knowledge", func() (int, error) { k, err := s.Knowledge(ctx, some); return len(k.Entities), err }},
		{"ArticlesNewest", func() (int, error) { p, err := s.Articles(ctx, avocet.ArticleQuery{}); return len(p.Articles), err }},
		{"ArticlesTheme", func() (int, error) {
			p, err := s.Articles(ctx, avocet.ArticleQuery{ArticleFilter: sanctions})
			return len(p.Articles), err
		}},
		{"ArticlesPerson", func() (int, error) {
			p, err := s.Articles(ctx, avocet.ArticleQuery{ArticleFilter: avocet.ArticleFilter{Person: "putin"}})
			return len(p.Articles), err
		}},
		{"ArticlesPlace", func() (int, error) {
			p, err := s.Articles(ctx, avocet.ArticleQuery{ArticleFilter: avocet.ArticleFilter{Place: "sudan"}})
			return len(p.Articles), err
		}},
		{"ArticlesDyad", func() (int, error) {
			p, err := s.Articles(ctx, avocet.ArticleQuery{Events: &avocet.EventQuery{Source: "USA", Target: "RUS"}})
			return len(p.Articles), err
		}},
		{"TopEntities", func() (int, error) { c, err := s.TopEntities(ctx, avocet.ArticleQuery{}, "", 10); return len(c), err }},
		{"TopPeopleMonth", func() (int, error) { c, err := s.TopEntities(ctx, may, "PER", 10); return len(c), err }},
		{"TopPeopleDyad", func() (int, error) {
			c, err := s.TopEntities(ctx, avocet.ArticleQuery{Events: &avocet.EventQuery{Source: "USA", Target: "RUS"}}, "PER", 10)
			return len(c), err
		}},
		{"TopThemesMonth", func() (int, error) { c, err := s.TopThemes(ctx, may, 10); return len(c), err }},
		{"EventsTheme", func() (int, error) {
			p, err := s.Events(ctx, avocet.EventQuery{Knowledge: sanctions})
			return len(p.Events), err
		}},
		{"EventsPlace", func() (int, error) {
			p, err := s.Events(ctx, avocet.EventQuery{Place: "kassala"})
			return len(p.Events), err
		}},
		{"SeriesDyadTheme", func() (int, error) {
			p, err := s.Series(ctx, avocet.EventQuery{Source: "USA", Target: "RUS", Knowledge: sanctions}, avocet.Month)
			return len(p), err
		}},
		{"SeriesPlace", func() (int, error) {
			p, err := s.Series(ctx, avocet.EventQuery{Place: "SDN"}, avocet.Month)
			return len(p), err
		}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			var n int
			var err error
			for b.Loop() {
				if n, err = bm.fn(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			b.Logf("%d results", n)
		})
	}
}
