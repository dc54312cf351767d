package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestEventFloors scores the coder with the built-in dictionaries and fails
// when it falls below the floors: a regression in the dictionaries, the
// coder or the parser fails CI. Floors sit under the measured scores in
// doc/design.md; they rise as the coder improves.
func TestEventFloors(t *testing.T) {
	tests := []struct {
		name   string
		gold   string
		shared bool
		floors map[string]float64 // level -> minimum F1 (0..1)
	}{
		{"our news gold", filepath.Join("..", "..", "testdata", "gold", "avocet-news.jsonl"), false,
			map[string]float64{"dyad_root": 0.55, "root": 0.77}},
		{"PETR2 GSR validation", "UniversalPetrarch/PETR2_GSR_validation.xml", true,
			map[string]float64{"dyad_root": 0.28, "root": 0.40}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gold := tt.gold
			if tt.shared {
				gold = filepath.Join(corpora(t), tt.gold)
			}
			out, stderr, code := run(t, "", "eval", "--json", "--gold", gold)
			if code != 0 {
				t.Fatalf("eval failed (%d): %s", code, stderr)
			}
			var got map[string]json.RawMessage
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("bad JSON: %v", err)
			}
			for level, floor := range tt.floors {
				var s struct {
					F1 float64 `json:"f1"`
				}
				if err := json.Unmarshal(got[level], &s); err != nil {
					t.Fatalf("%s: %v", level, err)
				}
				t.Logf("%s F1 %.3f (floor %.2f)", level, s.F1, floor)
				if s.F1 < floor {
					t.Errorf("%s F1 = %.3f, below the floor %.2f", level, s.F1, floor)
				}
			}
		})
	}
}
