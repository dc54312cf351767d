package geo_test

import (
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/geo"
)

func TestActorPlace(t *testing.T) {
	g, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := geo.New(g, nil)
	// "Kenyan police arrested protesters from Uganda in Kisumu." with
	// hand-placed mentions: Uganda [38,44) and Kisumu [48,54) in sentence 0,
	// Nairobi [70,77) in sentence 1.
	uganda := avocet.Location{Name: "Uganda", Country: "UGA", Type: 1, Confidence: 0.9}
	kisumu := avocet.Location{Name: "Kisumu, Kisumu, Kenya", Country: "KEN", Type: 4, Confidence: 0.9}
	nairobi := avocet.Location{Name: "Nairobi, Nairobi County, Kenya", Country: "KEN", Type: 4, Confidence: 0.9}
	ms := []geo.Mention{
		{Span: avocet.Span{Start: 38, End: 44}, Sentence: 0, Location: uganda},
		{Span: avocet.Span{Start: 48, End: 54}, Sentence: 0, Location: kisumu},
		{Span: avocet.Span{Start: 70, End: 77}, Sentence: 1, Location: nairobi},
	}
	cases := []struct {
		name     string
		sentence int
		actor    avocet.Actor
		want     string // Location.Name, "" for nil
		conf     float64
	}{
		{"named by a place", 0, avocet.Actor{Code: "UGA", Country: "UGA", Span: avocet.Span{Start: 38, End: 44}}, "Uganda", 0.9},
		{"nearest place of its country", 0, avocet.Actor{Code: "KENCOP", Country: "KEN", Span: avocet.Span{Start: 0, End: 13}}, "Kisumu, Kisumu, Kenya", 0.9},
		{"nearest place, any country", 0, avocet.Actor{Code: "---CVL", Span: avocet.Span{Start: 23, End: 33}}, "Uganda", 0.9},
		{"unknown actor", 0, avocet.Actor{Code: "---", Span: avocet.Span{Start: 23, End: 33}}, "", 0},
		{"no place of its country in the sentence: the country", 0, avocet.Actor{Code: "TZAGOV", Country: "TZA", Span: avocet.Span{Start: 0, End: 5}}, "Tanzania", 0.5},
		{"other sentences do not count", 2, avocet.Actor{Code: "---CVL", Span: avocet.Span{Start: 90, End: 95}}, "", 0},
		{"no span, no country", 0, avocet.Actor{Code: "---GOV"}, "", 0},
		{"unknown country code", 0, avocet.Actor{Code: "XXX", Country: "XXX", Span: avocet.Span{Start: 0, End: 3}}, "", 0},
	}
	for _, tc := range cases {
		got := c.ActorPlace(ms, tc.sentence, &tc.actor)
		switch {
		case tc.want == "" && got != nil:
			t.Errorf("%s: got %+v, want none", tc.name, got)
		case tc.want != "" && got == nil:
			t.Errorf("%s: got none, want %s", tc.name, tc.want)
		case got != nil && (got.Name != tc.want || got.Confidence != tc.conf):
			t.Errorf("%s: got %s (%.2f), want %s (%.2f)", tc.name, got.Name, got.Confidence, tc.want, tc.conf)
		}
	}
	// The result is a copy.
	got := c.ActorPlace(ms, 0, &avocet.Actor{Code: "KEN", Span: avocet.Span{Start: 48, End: 54}})
	got.Name = "changed"
	if ms[1].Location.Name != "Kisumu, Kisumu, Kenya" {
		t.Error("ActorPlace returned a mention's location, not a copy")
	}
}

// TestRankPlaces: most mentioned first; on a tie the more specific kind,
// then the first mentioned. Worked out by hand: Goma twice, Kivu (region)
// once, Congo (country) once, Bukavu (city) once after Congo.
func TestRankPlaces(t *testing.T) {
	m := func(name string, k geo.Kind) geo.Mention {
		return geo.Mention{Location: avocet.Location{Name: name, Country: "COD"}, Kind: k}
	}
	ms := []geo.Mention{m("Congo", geo.Country), m("Goma", geo.City), m("Kivu", geo.Region), m("Goma", geo.City), m("Bukavu", geo.City)}
	var got []string
	for _, l := range geo.RankPlaces(ms) {
		got = append(got, l.Name)
	}
	if want := "Goma Bukavu Kivu Congo"; strings.Join(got, " ") != want {
		t.Errorf("RankPlaces = %v, want %s", got, want)
	}
	if p := geo.StoryPlace(ms); p == nil || p.Name != "Goma" {
		t.Errorf("StoryPlace = %+v, want Goma", p)
	}
	if geo.StoryPlace(nil) != nil || len(geo.RankPlaces(nil)) != 0 {
		t.Error("StoryPlace of no mentions is not nil")
	}
}
