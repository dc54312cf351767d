package geo_test

import (
	"fmt"

	"github.com/avocet-events/avocet/geo"
)

func ExampleGazetteer_Lookup() {
	g, err := geo.Default()
	if err != nil {
		panic(err)
	}
	for _, p := range g.Lookup("Tripoli")[:3] {
		fmt.Printf("%s (%s) %.2f %.2f\n", p.FullName(), p.Kind, p.Lat, p.Lon)
	}
	// Output:
	// Tripoli, Tripoli, Libya (city) 32.89 13.19
	// Tripoli, Libya (admin1) 32.88 13.27
	// Tripoli, North Lebanon, Lebanon (city) 34.43 35.84
}

func ExampleGeocoder_Places() {
	g, err := geo.Default()
	if err != nil {
		panic(err)
	}
	c := geo.New(g, nil)
	text := "Clashes broke out in Tripoli overnight. Troops sent from Beirut sealed off the area, the Lebanese army said."
	mentions := c.Places(text, nil, "TRIPOLI, Lebanon")
	for _, m := range mentions {
		fmt.Printf("%s → %s (type %d)\n", text[m.Span.Start:m.Span.End], m.Location.Name, m.Location.Type)
	}
	story := geo.StoryPlace(mentions)
	fmt.Println("event in sentence 1:", geo.EventPlace(mentions, 1, story, c.Dateline("TRIPOLI, Lebanon")).Name)
	// Output:
	// Tripoli → Tripoli, North Lebanon, Lebanon (type 4)
	// Beirut → Beirut, Beirut, Lebanon (type 4)
	// event in sentence 1: Beirut, Beirut, Lebanon
}
