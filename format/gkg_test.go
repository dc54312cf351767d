package format_test

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/enrich"
	"github.com/avocet-events/avocet/format"
)

// gkgText has a two-byte character (ü) so that character offsets differ
// from byte offsets after it.
const gkgText = `Ramaphosa met Türkiye's envoy in Kassala. "We will talk again soon," he said. They pledged $3 billion in aid on Monday.`

// at returns the span of the n-th (0-based) occurrence of s in gkgText.
func at(t *testing.T, s string, n int) avocet.Span {
	t.Helper()
	from := 0
	for ; n >= 0; n-- {
		i := strings.Index(gkgText[from:], s)
		if i < 0 {
			t.Fatalf("%q not in the text", s)
		}
		from += i
		if n > 0 {
			from += len(s)
		}
	}
	return avocet.Span{Start: from, End: from + len(s)}
}

func gkgKnowledge(t *testing.T) (avocet.Knowledge, *avocet.Article) {
	kassala := avocet.Location{Name: "Kassala, Kassala, Sudan", Country: "SDN", Admin1: "SU11", Lat: 15.45, Lon: 36.4, GeoNameID: 372753, Type: 4}
	turkey := avocet.Location{Name: "Türkiye", Country: "TUR", Lat: 39, Lon: 35, GeoNameID: 298795, Type: 1}
	k := avocet.Knowledge{
		ArticleID: "a1",
		Entities: []avocet.Entity{
			{Type: "PER", Name: "Cyril Ramaphosa", Mentions: []avocet.Span{at(t, "Ramaphosa", 0)}},
			{Type: "GPE", Name: "Türkiye", Place: &turkey, Mentions: []avocet.Span{at(t, "Türkiye", 0)}},
			{Type: "LOC", Name: "Kassala", Place: &kassala, Mentions: []avocet.Span{at(t, "Kassala", 0)}},
		},
		Locations: []avocet.Location{kassala},
		Themes: []avocet.Theme{
			{Code: "DIPLOMACY", Mentions: []avocet.Span{at(t, "envoy", 0)}},
			{Code: "AID", Mentions: []avocet.Span{at(t, "aid", 1)}}, // the first "aid" is in "said"
		},
		Tone:       avocet.Tone{Tone: -1.5, Positive: 2, Negative: 3.5, Polarity: 5.5, Words: 20},
		Amounts:    []avocet.Amount{{Value: 3e9, Unit: "USD", Object: "aid", Span: at(t, "$3 billion in aid", 0)}},
		Quotations: []avocet.Quotation{{Text: "We will talk again soon", Span: at(t, "We will talk again soon", 0), Speaker: "he"}},
		Dates:      []avocet.DateMention{{Date: time.Date(2021, 3, 8, 0, 0, 0, 0, time.UTC), Granularity: "day", Span: at(t, "Monday", 0)}},
	}
	a := &avocet.Article{
		ID: "a1", URL: "https://www.news.example/a1", Title: `Talks & "hope"`, Text: gkgText,
		Date: time.Date(2021, 3, 10, 9, 30, 0, 0, time.UTC),
	}
	return k, a
}

func writeGKG(t *testing.T, k avocet.Knowledge, a *avocet.Article) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := format.NewGKGWriter(&buf).Write(k, a); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
		t.Fatalf("record is not one line: %q", out)
	}
	f := strings.Split(strings.TrimSuffix(out, "\n"), "\t")
	if len(f) != len(format.GKGColumns) {
		t.Fatalf("%d fields, want %d", len(f), len(format.GKGColumns))
	}
	return f
}

func TestGKGColumns(t *testing.T) {
	want := strings.Fields(`GKGRECORDID DATE SourceCollectionIdentifier SourceCommonName DocumentIdentifier
		Counts V2Counts Themes V2Themes Locations V2Locations Persons V2Persons Organizations
		V2Organizations V2Tone Dates GCAM SharingImage RelatedImages SocialImageEmbeds
		SocialVideoEmbeds Quotations AllNames Amounts TranslationInfo Extras`)
	if len(format.GKGColumns) != 27 || strings.Join(format.GKGColumns, " ") != strings.Join(want, " ") {
		t.Errorf("GKGColumns = %q\nwant %q", format.GKGColumns, want)
	}
}

// TestGKGRecord checks a record whose values were worked out by hand.
// Offsets are in characters: after "ü" (two bytes) they are one less than
// byte offsets.
func TestGKGRecord(t *testing.T) {
	k, a := gkgKnowledge(t)
	f := writeGKG(t, k, a)
	h := fnv.New32a()
	h.Write([]byte("a1"))
	want := map[string]string{
		"GKGRECORDID":                fmt.Sprintf("20210310093000-%d", h.Sum32()),
		"DATE":                       "20210310093000",
		"SourceCollectionIdentifier": "1",
		"SourceCommonName":           "news.example",
		"DocumentIdentifier":         "https://www.news.example/a1",
		"Counts":                     "",
		"V2Counts":                   "",
		"Themes":                     "DIPLOMACY;AID",
		"V2Themes":                   "DIPLOMACY,24;AID,105",
		"Locations":                  "4#Kassala, Kassala, Sudan#SDN#SU11#15.4500#36.4000#372753;1#Türkiye#TUR##39.0000#35.0000#298795",
		"V2Locations":                "4#Kassala, Kassala, Sudan#SDN#SU11##15.4500#36.4000#372753#33;1#Türkiye#TUR###39.0000#35.0000#298795#14",
		"Persons":                    "Cyril Ramaphosa",
		"V2Persons":                  "Cyril Ramaphosa,0",
		"Organizations":              "",
		"V2Organizations":            "",
		"V2Tone":                     "-1.5,2,3.5,5.5,0,0,20",
		"Dates":                      "3#3#8#2021#112",
		"GCAM":                       "",
		"SharingImage":               "",
		"RelatedImages":              "",
		"SocialImageEmbeds":          "",
		"SocialVideoEmbeds":          "",
		"Quotations":                 "43|23|said|We will talk again soon",
		"AllNames":                   "Ramaphosa,0;Türkiye,14;Kassala,33",
		"Amounts":                    "3000000000,USD aid,91",
		"TranslationInfo":            "",
		"Extras":                     "<PAGE_TITLE>Talks &amp; &#34;hope&#34;</PAGE_TITLE>",
	}
	for i, c := range format.GKGColumns {
		if f[i] != want[c] {
			t.Errorf("%s = %q, want %q", c, f[i], want[c])
		}
	}
}

// TestGKGDatesAndSource checks the date resolutions and a record without
// URL, publisher or date.
func TestGKGDatesAndSource(t *testing.T) {
	k := avocet.Knowledge{ArticleID: "b2", Dates: []avocet.DateMention{
		{Date: time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC), Granularity: "month", Span: avocet.Span{Start: 3}},
		{Date: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), Granularity: "year", Span: avocet.Span{Start: 9}},
		{Date: time.Date(2021, 3, 8, 0, 0, 0, 0, time.UTC), Granularity: "week", Span: avocet.Span{Start: 20}},
	}}
	f := writeGKG(t, k, nil)
	h := fnv.New32a()
	h.Write([]byte("b2"))
	for col, want := range map[int]string{
		0: fmt.Sprint(h.Sum32()), 1: "", 2: "2", 3: "", 4: "b2",
		16: "2#6#0#2020#3;1#0#0#2019#9;3#3#8#2021#20",
		15: "",
	} {
		if f[col] != want {
			t.Errorf("%s = %q, want %q", format.GKGColumns[col], f[col], want)
		}
	}
	a := &avocet.Article{ID: "c3", Publisher: "Daily Example"}
	if f := writeGKG(t, avocet.Knowledge{}, a); f[2] != "2" || f[3] != "Daily Example" || f[4] != "c3" {
		t.Errorf("source columns %q", f[:5])
	}
}

// TestGKGEscaping puts tabs, line breaks and every GKG delimiter into the
// values: the record stays one line of 27 columns and each list keeps its
// number of blocks.
func TestGKGEscaping(t *testing.T) {
	nasty := "a\tb\nc\r;d,e#f|g"
	txt := "x" + nasty + "y \"" + nasty + " more words\" he said"
	k := avocet.Knowledge{
		ArticleID: nasty,
		Entities: []avocet.Entity{
			{Type: "PER", Name: nasty, Mentions: []avocet.Span{{Start: 1, End: 1 + len(nasty)}}},
			{Type: "ORG", Name: nasty, Mentions: []avocet.Span{{Start: 0, End: 3}}},
		},
		Locations:  []avocet.Location{{Name: nasty, Country: nasty, Type: 4}},
		Themes:     []avocet.Theme{{Code: nasty, Mentions: []avocet.Span{{Start: 0, End: 1}}}},
		Amounts:    []avocet.Amount{{Value: 3, Object: nasty}},
		Quotations: []avocet.Quotation{{Text: nasty + " more words", Span: avocet.Span{Start: len(nasty) + 4, End: len(txt) - 9}}},
	}
	a := &avocet.Article{ID: nasty, URL: "http://x/" + nasty, Publisher: nasty, Title: nasty, Text: txt}
	f := writeGKG(t, k, a)
	counts := map[string]struct {
		sep string
		n   int
	}{
		"Themes": {";", 1}, "V2Themes": {";", 1}, "Locations": {";", 1}, "V2Locations": {";", 1},
		"Persons": {";", 1}, "V2Persons": {";", 1}, "Organizations": {";", 1}, "V2Organizations": {";", 1},
		"AllNames": {";", 2}, "Amounts": {";", 1}, "Quotations": {"#", 1},
	}
	for i, c := range format.GKGColumns {
		want, ok := counts[c]
		if !ok {
			continue
		}
		if n := len(strings.Split(f[i], want.sep)); n != want.n {
			t.Errorf("%s = %q: %d blocks, want %d", c, f[i], n, want.n)
		}
	}
	fields := map[string]int{"V2Themes": 2, "V2Persons": 2, "AllNames": 2, "Amounts": 3}
	for i, c := range format.GKGColumns {
		if n, ok := fields[c]; ok {
			for _, b := range strings.Split(f[i], ";") {
				if got := len(strings.Split(b, ",")); got != n {
					t.Errorf("%s block %q: %d fields, want %d", c, b, got, n)
				}
			}
		}
	}
	if n := len(strings.Split(f[10], "#")); n != 9 {
		t.Errorf("V2Locations %q: %d fields, want 9", f[10], n)
	}
	if n := len(strings.Split(f[22], "|")); n != 4 {
		t.Errorf("Quotations %q: %d fields, want 4", f[22], n)
	}
}

// TestGKGBounded checks that a knowledge with tens of thousands of
// entities and amounts gives a bounded record.
func TestGKGBounded(t *testing.T) {
	var k avocet.Knowledge
	for i := 0; i < 30000; i++ {
		sp := avocet.Span{Start: i, End: i + 1}
		k.Entities = append(k.Entities, avocet.Entity{Type: "PER", Name: fmt.Sprint("P", i), Mentions: []avocet.Span{sp, sp}})
		k.Amounts = append(k.Amounts, avocet.Amount{Value: float64(i), Object: "troops", Span: sp})
	}
	f := writeGKG(t, k, &avocet.Article{ID: "big"})
	for _, c := range []int{11, 12, 23, 24} {
		if n := strings.Count(f[c], ";") + 1; n > format.MaxGKGBlocks {
			t.Errorf("%s has %d blocks", format.GKGColumns[c], n)
		}
	}
}

// TestGKGFromEnrich writes what package enrich finds in a story.
func TestGKGFromEnrich(t *testing.T) {
	txt := "\"We will not accept a ceasefire that leaves our people hungry,\" rebel leader John Garang said on Monday.\nThe UN pledged $3 billion in aid."
	a := &avocet.Article{ID: "e1", Text: txt, Date: time.Date(2021, 3, 10, 0, 0, 0, 0, time.UTC)}
	f := writeGKG(t, enrich.Article(a, nil, nil), a)
	for col, want := range map[int]string{
		8:  "CEASEFIRE,22;FOOD_SECURITY,55;INSURGENCY,64;AID,134",
		16: "3#3#8#2021#97",
		22: "1|60|said|We will not accept a ceasefire that leaves our people hungry",
		24: "3000000000,USD aid,120",
	} {
		if f[col] != want {
			t.Errorf("%s = %q, want %q", format.GKGColumns[col], f[col], want)
		}
	}
}
