package geo_test

import (
	"testing"

	"github.com/avocet-events/avocet/geo"
)

// Ensure that Places lists every place once, with kinds and populations,
// and stops when asked.
func TestPlaces(t *testing.T) {
	g, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	kinds := map[geo.Kind]int{}
	var kenya *geo.Place
	for p := range g.Places() {
		n++
		kinds[p.Kind]++
		if p.Kind == geo.Country && p.Name == "Kenya" {
			kenya = &p
		}
	}
	if n != g.Len() {
		t.Errorf("Places listed %d places, Len says %d", n, g.Len())
	}
	for _, k := range []geo.Kind{geo.City, geo.Admin1, geo.Country} {
		if kinds[k] == 0 {
			t.Errorf("no place of kind %s", k)
		}
	}
	if kenya == nil {
		t.Fatal("Kenya not listed as a country")
	}
	if kenya.Population < 1e6 {
		t.Errorf("Kenya's population %d, want more than a million (the sum over its cities)", kenya.Population)
	}
	seen := 0
	for range g.Places() {
		seen++
		if seen == 3 {
			break
		}
	}
	if seen != 3 {
		t.Errorf("loop broken after %d places, want 3", seen)
	}
}
