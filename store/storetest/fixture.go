package storetest

import (
	"time"

	"github.com/avocet-events/avocet"
)

// The fixture: five articles and eleven events, put in two batches. The
// expectations in the tests were worked out by hand from this table.
//
//	ID      article date        source  target  code  quad  gold  mentions
//	a1-0-0  a1      2024-01-15  USAGOV  RUSMIL  111   3     -2    1
//	a1-1-0  a1      2024-01-15  RUSMIL  USA     190   4     -10   2
//	a1-1-1  a1      2024-01-15  RUSMIL  ---     1823  4     -9    1   (target country UKR)
//	a2-0-0  a2      2024-01-15  USAGOV  RUSMIL  111   3     -2    3
//	a2-0-1  a2      2024-01-17  IGOUNO  USA     042   1     1.9   1
//	a3-0-0  a3      2024-02-05  USA     IGOUNO  036   1     4     1
//	a3-1-0  a3      2024-02-29  RUSMIL  USAGOV  1823  4     -9    1
//	a3-2-0  a3      2024-01-15  USAGOV  RUSMIL  111   3     -2    2
//	a5-0-0  a5      2024-03-31  ---     RUSMIL  193   4     -10   1
//	a5-0-1  a5      2023-12-31  USA     USA     0431  1     2.8   1
//	a5-1-0  a5      (none)      IGOUNO  RUSMIL  042   1     1.9   1
//
// Publishers: a1 Reuters, a2 AP, a3 Reuters, a4 (none, no events), a5 AFP.
// 2024-01-15 and 2024-02-05 are Mondays, 2023-12-31 and 2024-03-31 Sundays.

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var (
	usaGov = avocet.Actor{Code: "USAGOV", Name: "the White House", Country: "USA", Sectors: []string{"GOV"}, Canonical: "White House"}
	usa    = avocet.Actor{Code: "USA", Name: "Washington", Country: "USA"}
	rusMil = avocet.Actor{Code: "RUSMIL", Name: "Russian forces", Country: "RUS", Sectors: []string{"MIL"}}
	igoUNO = avocet.Actor{Code: "IGOUNO", Name: "the U.N.", Sectors: []string{"IGO"}, Canonical: "United Nations"}
	nobody = avocet.Actor{Code: "---"}
)

// actor returns a with its span set, so that every event has its own.
func actor(a avocet.Actor, start, end int) avocet.Actor {
	a.Span = avocet.Span{Start: start, End: end}
	return a
}

type ev struct {
	id, article string
	sentence    int
	date        time.Time
	src, tgt    avocet.Actor
	code        string
	quad        int
	gold        float64
	mentions    int
	text        string
}

func (e ev) event() avocet.StoredEvent {
	base := e.code[:3]
	n := len(e.text)
	return avocet.StoredEvent{
		ID: e.id,
		Event: avocet.Event{
			ArticleID:  e.article,
			Sentence:   e.sentence,
			Date:       e.date,
			Source:     actor(e.src, 100*e.sentence, 100*e.sentence+5),
			Target:     actor(e.tgt, 100*e.sentence+20, 100*e.sentence+30),
			Code:       e.code,
			BaseCode:   base,
			RootCode:   e.code[:2],
			QuadClass:  e.quad,
			Goldstein:  e.gold,
			PloverType: "TYPE" + base,
			Verb:       avocet.Span{Start: 100*e.sentence + 10, End: 100*e.sentence + 15},
			Rule:       avocet.Rule{ID: "p" + e.code, File: "verbs.txt", Line: 10 + e.sentence},
			Confidence: 0.75,
			Mentions:   e.mentions,
		},
		SentenceText: e.text,
		SentenceSpan: avocet.Span{Start: 100 * e.sentence, End: 100*e.sentence + n},
	}
}

// Fixture returns the two batches of the fixture. Every call returns fresh
// values.
func Fixture() (b1, b2 avocet.Batch) {
	ing := func(d, h int) time.Time { return time.Date(2024, 4, d, h, 0, 0, 123456000, time.UTC) }
	art := func(id, pub string, date time.Time, ingested time.Time, events int) avocet.StoredArticle {
		return avocet.StoredArticle{
			Article: avocet.Article{
				ID: id, URL: "https://example.org/" + id, Publisher: pub, Title: "Title of " + id,
				Dateline: "KYIV, Ukraine", Date: date, Language: "en",
				Text: "Text of " + id + ": «Ünïcödé» — ok.",
			},
			Input: "feed.jsonl", Ingested: ingested, Sentences: 3, Events: events,
		}
	}
	e := []ev{
		{"a1-0-0", "a1", 0, day(2024, 1, 15), usaGov, rusMil, "111", 3, -2, 1, "Washington criticised the Russian army over the strikes."},
		{"a1-1-0", "a1", 1, day(2024, 1, 15), rusMil, usa, "190", 4, -10, 2, "Russian forces fired missiles at Kharkiv, officials said."},
		{"a1-1-1", "a1", 1, day(2024, 1, 15), rusMil, avocet.Actor{Code: "---", Name: "civilians", Country: "UKR"}, "1823", 4, -9, 1, "Russian forces fired missiles at Kharkiv, officials said."},
		{"a2-0-0", "a2", 0, day(2024, 1, 15), usaGov, rusMil, "111", 3, -2, 3, "The White House CRITICISED Moscow's military."},
		{"a2-0-1", "a2", 0, day(2024, 1, 17), igoUNO, usa, "042", 1, 1.9, 1, "The U.N. chief visited Washington on Wednesday."},
		{"a3-0-0", "a3", 0, day(2024, 2, 5), usa, igoUNO, "036", 1, 4, 1, "Washington expressed intent to meet the United Nations envoy."},
		{"a3-1-0", "a3", 1, day(2024, 2, 29), rusMil, usaGov, "1823", 4, -9, 1, "Ukrainian officials say café owners in Kyiv were killed — «атака» reported."},
		{"a3-2-0", "a3", 2, day(2024, 1, 15), usaGov, rusMil, "111", 3, -2, 2, "Earlier, U.S. diplomats criticised the Russian military."},
		{"a5-0-0", "a5", 0, day(2024, 3, 31), nobody, rusMil, "193", 4, -10, 1, "Unidentified gunmen attacked a Russian patrol."},
		{"a5-0-1", "a5", 0, day(2023, 12, 31), usa, usa, "0431", 1, 2.8, 1, "Über-diplomats in Washington met."},
		{"a5-1-0", "a5", 1, time.Time{}, igoUNO, rusMil, "042", 1, 1.9, 1, "The UN envoy will visit Russian commanders."},
	}
	evs := make([]avocet.StoredEvent, len(e))
	for i := range e {
		evs[i] = e[i].event()
	}
	// Every optional field is exercised by some event.
	evs[0].Flags = avocet.Flags{Negated: true, Hypothetical: true, Future: true, Reported: true, Passive: true, Headline: true, Speculative: true}
	evs[0].Issues = []string{"WAR", "DIPLOMACY"}
	evs[0].PloverMode = "mode"
	evs[1].Location = &avocet.Location{Name: "Kharkiv, Kharkivska, Ukraine", Country: "UKR", Admin1: "UP07", Lat: 49.98081, Lon: 36.25272, GeoNameID: 706483, Type: 4}
	evs[1].Flags.Reported = true
	evs[2].Location = &avocet.Location{} // a location with nothing known is still a location
	// Actors' places: one shared with the event's location, one of its own.
	evs[1].Source.Place = &avocet.Location{Name: "Russia", Country: "RUS", Lat: 60, Lon: 100, GeoNameID: 2017370, Type: 1, Confidence: 0.5}
	evs[1].Target.Place = &avocet.Location{Name: "Kharkiv, Kharkivska, Ukraine", Country: "UKR", Admin1: "UP07", Lat: 49.98081, Lon: 36.25272, GeoNameID: 706483, Type: 4}
	evs[6].Target.Place = &avocet.Location{Name: "Washington, District of Columbia, United States", Country: "USA", Admin1: "USDC", Lat: 38.89511, Lon: -77.03637, GeoNameID: 4140963, Type: 3, Confidence: 0.8}
	evs[6].Issues = []string{"KILLING"}
	evs[10].Flags.Future = true
	evs[10].Confidence = 0

	b1 = avocet.Batch{
		Articles: []avocet.StoredArticle{
			art("a1", "Reuters", time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC), ing(1, 12), 3),
			art("a2", "AP", time.Date(2024, 1, 17, 8, 0, 0, 0, time.UTC), ing(1, 13), 2),
		},
		Events: evs[:5],
		Errors: []avocet.IngestError{
			{Input: "feed.jsonl", Record: "line 3", Stage: "parse", Err: "bad JSON", Time: time.Date(2024, 4, 1, 10, 0, 0, 0, time.UTC)},
			{Input: "http", Stage: "read", Err: "timeout", Time: time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC)},
		},
	}
	b2 = avocet.Batch{
		Articles: []avocet.StoredArticle{
			art("a3", "Reuters", time.Date(2024, 2, 29, 18, 0, 0, 0, time.UTC), ing(2, 9), 3),
			art("a4", "", time.Time{}, ing(2, 10), 0),
			art("a5", "AFP", time.Date(2024, 3, 31, 23, 59, 59, 0, time.UTC), ing(3, 7), 3),
		},
		Events: evs[5:],
		Errors: []avocet.IngestError{
			{Input: "feed2.jsonl", Record: "a4", Stage: "code", Err: "no sentences", Time: time.Date(2024, 4, 2, 8, 0, 0, 0, time.UTC)},
		},
	}
	b2.Articles[1].Title, b2.Articles[1].Dateline, b2.Articles[1].URL = "", "", ""
	b1.Knowledge, b2.Knowledge = fixtureKnowledge()
	return b1, b2
}

// The fixture's knowledge (a5 has none; a4's is empty):
//
//	article  entities (type key mentions code)                 themes (mentions)                  places
//	a1       PER Vladimir Putin 2 RUSGOV; GPE Ukraine 1 UKR;  MILITARY_ATTACK 2, SANCTIONS 1     Kharkiv (UKR), Kyiv (UKR)
//	         ORG North Atlantic Treaty Organization 1 IGONAT
//	         (written "NATO")
//	a2       PER Vladimir Putin 1 RUSGOV (written "Putin");    SANCTIONS 3, DIPLOMACY 1           Washington (USA)
//	         PER António Guterres 3 IGOUNO;
//	         ORG United Nations 2 IGOUNO
//	a3       PER Zelensky 2; LOC Black Sea 1; ORG Reuters 1    PROTEST 1, ENV_POLLUTION 1,        Odesa (UKR)
//	                                                           ENV_OIL 2
func fixtureKnowledge() (k1, k2 []avocet.Knowledge) {
	sp := func(start, end int) avocet.Span { return avocet.Span{Start: start, End: end} }
	kharkiv := avocet.Location{Name: "Kharkiv, Kharkivska, Ukraine", Country: "UKR", Admin1: "UP07", Lat: 49.98081, Lon: 36.25272, GeoNameID: 706483, Type: 4, Confidence: 0.9}
	kyiv := avocet.Location{Name: "Kyiv, Kyiv City, Ukraine", Country: "UKR", Admin1: "UP12", Lat: 50.45466, Lon: 30.5238, GeoNameID: 703448, Type: 4, Confidence: 0.8}
	ukraine := avocet.Location{Name: "Ukraine", Country: "UKR", Lat: 49, Lon: 32, GeoNameID: 690791, Type: 1, Confidence: 1}
	washington := avocet.Location{Name: "Washington, District of Columbia, United States", Country: "USA", Admin1: "USDC", Lat: 38.89511, Lon: -77.03637, GeoNameID: 4140963, Type: 3, Confidence: 0.7}
	odesa := avocet.Location{Name: "Odesa, Odeska, Ukraine", Country: "UKR", Admin1: "UP17", Lat: 46.47747, Lon: 30.73262, GeoNameID: 698740, Type: 4, Confidence: 0.85}
	a1 := avocet.Knowledge{
		ArticleID: "a1",
		Entities: []avocet.Entity{
			{Type: "PER", Name: "Vladimir Putin", Canonical: "Vladimir Putin", Code: "RUSGOV", Mentions: []avocet.Span{sp(10, 24), sp(80, 85)}},
			{Type: "GPE", Name: "Ukraine", Canonical: "Ukraine", Code: "UKR", Place: &ukraine, Mentions: []avocet.Span{sp(30, 37)}},
			{Type: "ORG", Name: "NATO", Canonical: "North Atlantic Treaty Organization", Code: "IGONAT", Mentions: []avocet.Span{sp(40, 44)}},
		},
		Locations: []avocet.Location{kharkiv, kyiv},
		Themes: []avocet.Theme{
			{Code: "MILITARY_ATTACK", Mentions: []avocet.Span{sp(50, 57), sp(90, 96)}},
			{Code: "SANCTIONS", Mentions: []avocet.Span{sp(60, 69)}},
		},
		Tone:       avocet.Tone{Tone: -3.5, Positive: 1, Negative: 4.5, Polarity: 5.5, Words: 200},
		Amounts:    []avocet.Amount{{Value: 12, Object: "missiles", Span: sp(100, 112)}, {Value: 3e9, Unit: "USD", Object: "aid", Span: sp(120, 140)}},
		Quotations: []avocet.Quotation{{Text: "We will respond «firmly»", Span: sp(150, 175), Speaker: "the ministry", Code: "RUSGOV"}},
		Dates:      []avocet.DateMention{{Date: day(2024, 1, 13), Granularity: "day", Span: sp(180, 188)}, {Date: day(2023, 6, 1), Granularity: "month", Span: sp(190, 199)}},
	}
	a2 := avocet.Knowledge{
		ArticleID: "a2",
		Entities: []avocet.Entity{
			{Type: "PER", Name: "Putin", Canonical: "Vladimir Putin", Code: "RUSGOV", Mentions: []avocet.Span{sp(5, 10)}},
			{Type: "PER", Name: "António Guterres", Canonical: "António Guterres", Code: "IGOUNO", Mentions: []avocet.Span{sp(20, 37), sp(60, 68), sp(90, 98)}},
			{Type: "ORG", Name: "United Nations", Canonical: "United Nations", Code: "IGOUNO", Mentions: []avocet.Span{sp(40, 54), sp(70, 84)}},
		},
		Locations: []avocet.Location{washington},
		Themes: []avocet.Theme{
			{Code: "SANCTIONS", Mentions: []avocet.Span{sp(1, 2), sp(3, 4), sp(5, 6)}},
			{Code: "DIPLOMACY", Mentions: []avocet.Span{sp(7, 8)}},
		},
		Tone: avocet.Tone{Tone: 1.25, Positive: 2.5, Negative: 1.25, Polarity: 3.75, Words: 80},
	}
	a3 := avocet.Knowledge{
		ArticleID: "a3",
		Entities: []avocet.Entity{
			{Type: "PER", Name: "Zelensky", Mentions: []avocet.Span{sp(0, 8), sp(30, 38)}},
			{Type: "LOC", Name: "Black Sea", Mentions: []avocet.Span{sp(40, 49)}},
			{Type: "ORG", Name: "Reuters", Mentions: []avocet.Span{sp(50, 57)}},
		},
		Locations: []avocet.Location{odesa},
		Themes: []avocet.Theme{
			{Code: "PROTEST", Mentions: []avocet.Span{sp(60, 67)}},
			{Code: "ENV_POLLUTION", Mentions: []avocet.Span{sp(70, 79)}},
			{Code: "ENV_OIL", Mentions: []avocet.Span{sp(80, 83), sp(90, 93)}},
		},
	}
	return []avocet.Knowledge{a1, a2}, []avocet.Knowledge{a3, {ArticleID: "a4"}}
}
