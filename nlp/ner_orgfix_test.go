package nlp

import (
	"slices"
	"strings"
	"testing"
)

// Ensure that PER and LOC names headed like organisations become ORG,
// unless the gazetteer knows them as places.
func TestRetypeOrgs(t *testing.T) {
	n := &NER{labels: bilouLabels(nerTypes)}
	n.setup()
	g := NewPhraseGazetteer()
	g.Add([]string{"West", "Bank"}, KindGPE, "", "")
	n.gaz = g
	index := map[string]int{}
	for i, l := range n.labels {
		index[l] = i
	}
	tests := []struct {
		name       string
		words      string
		tags, want string // BILOU labels, one per word
	}{
		{"university of", "at the University of Pennsylvania .", "O O B-LOC I-LOC L-LOC O", "O O B-ORG I-ORG L-ORG O"},
		{"ends in a head", "Soleilmoon Records released it", "B-PER L-PER O O", "B-ORG L-ORG O O"},
		{"already ORG", "Bank of England", "B-ORG I-ORG L-ORG", "B-ORG I-ORG L-ORG"},
		{"one word", "Party", "U-LOC", "U-LOC"},
		{"head without of", "Bank Street", "B-LOC L-LOC", "B-LOC L-LOC"},
		{"known place", "in the West Bank", "O O B-LOC L-LOC", "O O B-LOC L-LOC"},
		{"second span", "Kenya and Kenya African National Union", "U-LOC O B-PER I-PER I-PER L-PER", "U-LOC O B-ORG I-ORG I-ORG L-ORG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forms := strings.Fields(tt.words)
			lower := make([]string, len(forms))
			for i, f := range forms {
				lower[i] = lowerWord(f)
			}
			var labels []int
			for _, l := range strings.Fields(tt.tags) {
				labels = append(labels, index[l])
			}
			n.retypeOrgs(forms, lower, labels)
			var got []string
			for _, l := range labels {
				got = append(got, n.labels[l])
			}
			if want := strings.Fields(tt.want); !slices.Equal(got, want) {
				t.Errorf("retypeOrgs(%q) = %v, want %v", tt.words, got, want)
			}
		})
	}
}
