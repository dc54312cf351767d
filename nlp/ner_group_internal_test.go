package nlp

import "testing"

func TestHeadlineCased(t *testing.T) {
	cases := []struct {
		words []string
		want  bool
	}{
		{[]string{"Rival", "Factions", "Trade", "Blame", "Over", "Ceasefire", "GENEVA"}, true},
		{[]string{"Talks", "Stall", "As", "Rivals", "Meet"}, true},
		{[]string{"Bank", "of", "England"}, false},
		{[]string{"International", "Committee", "of", "the", "Red", "Cross"}, false},
		{[]string{"Over", "The", "Top", "Films"}, false}, // first word may be capitalised
		{[]string{"Stand", "Up", "To"}, false},           // under four words
	}
	for _, tc := range cases {
		if got := headlineCased(tc.words); got != tc.want {
			t.Errorf("headlineCased(%q) = %v, want %v", tc.words, got, tc.want)
		}
	}
}
