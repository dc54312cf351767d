package geo_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/geo"
	"github.com/avocet-events/avocet/text"
)

func mustGeocoder(tb testing.TB) *geo.Geocoder {
	tb.Helper()
	return geo.New(mustDefault(tb), nil)
}

// want is an expected mention: its text and where it resolves.
type want struct {
	text    string
	country string
	kind    geo.Kind
	admin1  string // Location.Admin1, when it matters
}

// TestRules checks the mention rules on short texts: which words are
// places and what they resolve to. Each case names the rule it shows.
func TestRules(t *testing.T) {
	c := mustGeocoder(t)
	for _, tc := range []struct {
		name     string
		text     string
		dateline string
		want     []want
	}{
		{"newspaper is no place", "The Washington Post and the New York Times reported it.", "", nil},
		{"org word after a name", "She studied at Moscow State University before the Paris agreement was signed.", "", nil},
		{"person with a given name", "A portrait of George Washington hangs there; the actor Denzel Washington starred.", "", nil},
		{"person with a title", "Mr Washington and President Lincoln spoke.", "", nil},
		{"person with a surname", "Jordan Peterson and Paris Hilton arrived.", "", nil},
		{"common word at sentence start", "Police said the rally was peaceful. Nice words are not enough.", "", nil},
		{"month is no place", "The law takes effect in March.", "", nil},
		{"place word after a name", "Kharkiv Mayor Ihor Terekhov spoke near the Mosul Dam.", "",
			[]want{{"Kharkiv", "UKR", geo.City, ""}, {"Mosul", "IRQ", geo.City, ""}}},
		{"division word makes a division", "Shelling hit the Kharkiv region and Kassala state.", "",
			[]want{{"Kharkiv", "UKR", geo.Admin1, ""}, {"Kassala", "SDN", geo.Admin1, ""}}},
		{"city word makes a city", "Aid reached the city of Kassala.", "",
			[]want{{"Kassala", "SDN", geo.City, ""}}},
		{"Washington state", "Fires burned in Washington state.", "",
			[]want{{"Washington", "USA", geo.Admin1, "US.WA"}}},
		{"Washington is the capital by default", "Talks resumed in Washington on Monday.", "",
			[]want{{"Washington", "USA", geo.City, "US.DC"}}},
		{"City, Region narrows", "Rain fell on Paris, Texas, and on Springfield, Ill., overnight.", "",
			[]want{{"Paris", "USA", geo.City, "US.TX"}, {"Texas", "USA", geo.Admin1, "US.TX"}, {"Springfield", "USA", geo.City, "US.IL"}, {"Ill.", "USA", geo.Admin1, "US.IL"}}},
		{"region abbreviation only after a comma", "Ill. health kept him home.", "", nil},
		{"dateline country decides", "Clashes in Tripoli left three dead.", "TRIPOLI, Lebanon",
			[]want{{"Tripoli", "LBN", geo.City, ""}}},
		{"one sense per name", "Tripoli, Lebanon, was calm. Later, shooting broke out in Tripoli.", "",
			[]want{{"Tripoli", "LBN", geo.City, ""}, {"Lebanon", "LBN", geo.Country, ""}, {"Tripoli", "LBN", geo.City, ""}}},
		{"neighbours help", "Russia warned Georgia over the rally in Tbilisi.", "",
			[]want{{"Russia", "RUS", geo.Country, ""}, {"Georgia", "GEO", geo.Country, ""}, {"Tbilisi", "GEO", geo.City, ""}}},
		{"a state among its cities", "Georgia voters in Atlanta and Savannah lined up.", "",
			[]want{{"Georgia", "USA", geo.Admin1, "US.GA"}, {"Atlanta", "USA", geo.City, ""}, {"Savannah", "USA", geo.City, ""}}},
		{"acronyms in capitals", "The US and NATO met the UAE.", "",
			[]want{{"US", "USA", geo.Country, ""}, {"UAE", "ARE", geo.Country, ""}}},
		{"aliases", "Kiev, Rangoon and Bombay are old names; the Donbas and the Gaza Strip are areas.", "",
			[]want{{"Kiev", "UKR", geo.City, ""}, {"Rangoon", "MMR", geo.City, ""}, {"Bombay", "IND", geo.City, ""}, {"Donbas", "UKR", geo.Region, ""}, {"Gaza Strip", "PSE", geo.Admin1, ""}}},
		{"diacritics and apostrophes", "Talks in Chișinău and Côte d’Ivoire ended.", "",
			[]want{{"Chișinău", "MDA", geo.City, ""}, {"Côte d’Ivoire", "CIV", geo.Country, ""}}},
		{"world regions are no places", "Leaders from Latin America and the Middle East met.", "", nil},
		{"headline in title case", "Rebels Seize Airport In Goma As Fighting Spreads", "",
			[]want{{"Goma", "COD", geo.City, ""}}},
		{"Arabic article", "Fighting near al-Fashir continued.", "",
			[]want{{"al-Fashir", "SDN", geo.City, ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms := c.Places(tc.text, nil, tc.dateline)
			var got []want
			for _, m := range ms {
				w := want{tc.text[m.Span.Start:m.Span.End], m.Location.Country, m.Kind, ""}
				got = append(got, w)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i, w := range tc.want {
				g := got[i]
				if g.text != w.text || g.country != w.country || g.kind != w.kind || w.admin1 != "" && ms[i].Location.Admin1 != w.admin1 {
					t.Errorf("mention %d = %v (%s), want %v", i, g, ms[i].Location.Name, w)
				}
			}
		})
	}
}

func TestDateline(t *testing.T) {
	c := mustGeocoder(t)
	for _, tc := range []struct {
		dateline string
		name     string // Location.Name; "" means nil
	}{
		{"TRIPOLI, Lebanon", "Tripoli, North Lebanon, Lebanon"},
		{"TRIPOLI", "Tripoli, Tripoli, Libya"},
		{"SPRINGFIELD, Ill.", "Springfield, Illinois, United States"},
		{"WASHINGTON", "Washington, D.C., District of Columbia, United States"},
		{"San José, Costa Rica", "San José, San José, Costa Rica"},
		{"NAIROBI, Kenya (AP) —", "Nairobi, Nairobi County, Kenya"},
		{"", ""},
		{"REUTERS", ""},
	} {
		got := c.Dateline(tc.dateline)
		switch {
		case tc.name == "" && got != nil:
			t.Errorf("Dateline(%q) = %s, want nil", tc.dateline, got.Name)
		case tc.name != "" && (got == nil || got.Name != tc.name):
			t.Errorf("Dateline(%q) = %v, want %s", tc.dateline, got, tc.name)
		}
	}
}

func TestEventPlace(t *testing.T) {
	loc := func(name string) avocet.Location { return avocet.Location{Name: name} }
	ms := []geo.Mention{
		{Sentence: 0, Location: loc("Ukraine"), Kind: geo.Country},
		{Sentence: 0, Location: loc("Kharkiv"), Kind: geo.City},
		{Sentence: 1, Location: loc("Russia"), Kind: geo.Country},
		{Sentence: 1, Location: loc("Bakhmut"), Kind: geo.City, Locative: true},
		{Sentence: 1, Location: loc("Donetsk"), Kind: geo.City},
		{Sentence: 2, Location: loc("Ukraine"), Kind: geo.Country},
	}
	story, dl := loc("Ukraine"), loc("Kyiv")
	for _, tc := range []struct {
		sentence        int
		story, dateline *avocet.Location
		want            string
	}{
		{0, &story, &dl, "Kharkiv"}, // the most specific place of the sentence
		{1, &story, &dl, "Bakhmut"}, // the place after "in"
		{3, &story, &dl, "Ukraine"}, // no place in the sentence: the story's
		{3, nil, &dl, "Kyiv"},       // then the dateline's
		{3, nil, nil, ""},
	} {
		got := geo.EventPlace(ms, tc.sentence, tc.story, tc.dateline)
		if (got == nil) != (tc.want == "") || got != nil && got.Name != tc.want {
			t.Errorf("EventPlace(sentence %d) = %v, want %q", tc.sentence, got, tc.want)
		}
	}
	if got := geo.EventPlace(ms, 0, nil, nil); got == &ms[1].Location {
		t.Error("EventPlace returned a pointer into the mentions")
	}
	if got := geo.StoryPlace(ms); got == nil || got.Name != "Ukraine" {
		t.Errorf("StoryPlace = %v, want Ukraine (mentioned twice)", got)
	}
	if got := geo.StoryPlace(ms[1:5]); got == nil || got.Name != "Kharkiv" {
		t.Errorf("StoryPlace = %v, want Kharkiv (a tie: the more specific, first)", got)
	}
	if got := geo.StoryPlace(nil); got != nil {
		t.Errorf("StoryPlace(nil) = %v", got)
	}
}

// checkMentions checks the invariants every result of Places keeps.
func checkMentions(t *testing.T, s string, ms []geo.Mention) {
	t.Helper()
	prev := 0
	for _, m := range ms {
		if m.Span.Start < prev || m.Span.End <= m.Span.Start || m.Span.End > len(s) {
			t.Fatalf("bad span %v (text of %d bytes, previous end %d)", m.Span, len(s), prev)
		}
		prev = m.Span.End
		l := m.Location
		if l.Name == "" || len(l.Country) != 3 || l.Type < 1 || l.Type > 5 || l.Confidence <= 0 || l.Confidence > 1 ||
			l.Lat < -90 || l.Lat > 90 || l.Lon < -180 || l.Lon > 180 || m.Kind < geo.City || m.Kind > geo.Country {
			t.Fatalf("bad mention %+v", m)
		}
	}
}

func TestPlacesInvariants(t *testing.T) {
	c := mustGeocoder(t)
	for _, a := range readArticles(t) {
		ms := c.Places(a.Text, nil, a.Dateline)
		checkMentions(t, a.Text, ms)
		// Sentences made by the caller give the same result.
		again := c.Places(a.Text, text.Segment(a.Text, nil), a.Dateline)
		if len(again) != len(ms) {
			t.Errorf("%s: %d mentions with the caller's sentences, %d without", a.Name, len(again), len(ms))
		}
	}
	// Sentences whose spans do not fit the text are skipped, not a panic.
	bad := []avocet.Sentence{{Span: avocet.Span{Start: 5, End: 500}, Tokens: []avocet.Token{{Span: avocet.Span{Start: 5, End: 9}, Form: "Kyiv"}}},
		{Span: avocet.Span{Start: 0, End: 4}, Tokens: []avocet.Token{{Span: avocet.Span{Start: 3, End: 1}, Form: "Kyiv"}}}}
	if ms := c.Places("Kyiv is a city.", bad, ""); len(ms) != 0 {
		t.Errorf("mentions from bad sentences: %v", ms)
	}
	// Sentences out of order, or given twice, still give ordered mentions
	// that do not overlap.
	s := "Fighting in Goma. Talks in Kinshasa."
	sents := text.Segment(s, nil)
	twisted := append([]avocet.Sentence{sents[1], sents[0]}, sents...)
	ms := c.Places(s, twisted, "")
	checkMentions(t, s, ms)
	if len(ms) != 2 {
		t.Errorf("mentions from twisted sentences: %v", ms)
	}
	// MinConfidence drops unsure readings.
	sure := geo.New(mustDefault(t), &geo.Options{MinConfidence: 0.99})
	if ms := sure.Places("Tripoli and Springfield.", nil, ""); len(ms) != 0 {
		t.Errorf("MinConfidence kept %v", ms)
	}
}

// FuzzPlaces checks that the mention finder never panics and keeps its
// invariants on arbitrary text and datelines.
func FuzzPlaces(f *testing.F) {
	for _, s := range []string{
		"TBILISI, Georgia (AP) — Protesters gathered in Tbilisi.",
		"Paris, Texas, and Springfield, Ill., and al-Fashir",
		"Côte d'Ivoire, Chișinău, N'Djamena, Washington, D.C.",
		"\xff\xfe Kyiv \x00 Gaza Strip",
		"THE US AND UK MET IN GENEVA",
		strings.Repeat("Saint Vincent and the ", 50),
	} {
		f.Add(s, "")
		f.Add(s, "WASHINGTON")
	}
	c := mustGeocoder(f)
	f.Fuzz(func(t *testing.T, s, dateline string) {
		ms := c.Places(s, nil, dateline)
		checkMentions(t, s, ms)
		if !utf8.ValidString(s) {
			return
		}
		for _, m := range ms {
			if !utf8.ValidString(s[m.Span.Start:m.Span.End]) {
				t.Fatalf("span %v splits a character", m.Span)
			}
		}
	})
}

// BenchmarkPlaces geocodes a realistic wire story (the Gaza test article,
// about 200 words and 16 places), sentences included.
func BenchmarkPlaces(b *testing.B) {
	c := mustGeocoder(b)
	a, err := readArticle("testdata/articles/17-gaza.txt")
	if err != nil {
		b.Fatal(err)
	}
	sents := text.Segment(a.Text, nil)
	b.SetBytes(int64(len(a.Text)))
	b.ReportAllocs()
	for b.Loop() {
		c.Places(a.Text, sents, a.Dateline)
	}
}

// TestLongInput checks that work stays linear: a megabyte of place names,
// repeated "City, Region" pairs and capitalised words.
func TestLongInput(t *testing.T) {
	c := mustGeocoder(t)
	for _, unit := range []string{
		"Paris, Texas, and Tripoli, Lebanon, met in Washington. ",
		"Saint Vincent And The Grenadines Democratic Republic Of The ",
		"Kyiv ",
	} {
		s := strings.Repeat(unit, (1<<20)/len(unit))
		start := time.Now()
		ms := c.Places(s, nil, "WASHINGTON")
		took := time.Since(start)
		t.Logf("%d bytes of %q: %d mentions in %v", len(s), unit, len(ms), took)
		checkMentions(t, s, ms)
		if took > 20*time.Second {
			t.Errorf("took %v", took)
		}
	}
}

// TestConcurrent runs Places from several goroutines on one Geocoder (run
// with -race to check that it shares nothing mutable).
func TestConcurrent(t *testing.T) {
	c := mustGeocoder(t)
	articles := readArticles(t)
	done := make(chan []int, 4)
	for w := 0; w < 4; w++ {
		go func() {
			var counts []int
			for _, a := range articles {
				counts = append(counts, len(c.Places(a.Text, nil, a.Dateline)))
			}
			done <- counts
		}()
	}
	first := <-done
	for w := 1; w < 4; w++ {
		if got := <-done; fmt.Sprint(got) != fmt.Sprint(first) {
			t.Errorf("goroutines disagree: %v and %v", got, first)
		}
	}
}
