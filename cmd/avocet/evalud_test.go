package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestAccuracyFloors scores the built-in model on held-out gold data and
// fails when accuracy drops below the floors: a regression in the
// tokenizer, tagger or parser fails CI. Floors sit a little under the
// measured scores recorded in doc/design.md.
func TestAccuracyFloors(t *testing.T) {
	dir := corpora(t)
	tests := []struct {
		name   string
		gold   string
		flags  []string
		floors map[string]float64 // metric -> minimum F1
	}{
		{"EWT test from raw text", "ud-english-ewt/en_ewt-ud-test.conllu", nil,
			map[string]float64{"tokens": 99.0, "sentences": 80.0, "upos": 94.4, "lemmas": 95.8, "uas": 82.0, "las": 79.2}},
		{"EWT test from gold tokens", "ud-english-ewt/en_ewt-ud-test.conllu", []string{"--gold-tokens"},
			map[string]float64{"upos": 95.0, "xpos": 94.3, "lemmas": 96.5, "uas": 84.4, "las": 81.5}},
		{"PUD from raw text", "ud-english-pud/en_pud-ud-test.conllu", nil,
			map[string]float64{"tokens": 99.3, "sentences": 98.0, "upos": 94.7, "uas": 81.0, "las": 77.6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"eval-ud", "--json", "--gold", filepath.Join(dir, tt.gold)}, tt.flags...)
			out, stderr, code := run(t, "", args...)
			if code != 0 {
				t.Fatalf("eval-ud failed (%d): %s", code, stderr)
			}
			var got map[string]map[string]float64
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("bad JSON %q: %v", out, err)
			}
			for metric, floor := range tt.floors {
				f1 := got[metric]["f1"]
				if f1 < floor {
					t.Errorf("%s F1 = %.2f, below the floor %.2f", metric, f1, floor)
				}
				t.Logf("%s F1 %.2f (floor %.2f)", metric, f1, floor)
			}
		})
	}
}
