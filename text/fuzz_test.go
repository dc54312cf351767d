package text_test

import (
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet/text"
)

// FuzzSegment feeds arbitrary bytes to Segment: it must not panic and the
// invariants must hold. The seed corpus is in testdata/fuzz/FuzzSegment.
func FuzzSegment(f *testing.F) {
	f.Add("He didn't go to the U.S. The end.", 0)
	f.Add("NAIROBI, Kenya (AP) — \"Yes,\" he said.\n\n- a\n- b", 3)
	f.Fuzz(func(t *testing.T, in string, max int) {
		continued := max&64 != 0
		max %= 64
		if max < 0 {
			max = -max
		}
		sents := text.Segment(in, &text.Options{MaxTokens: max, Continued: continued})
		if msg := checkInvariants(in, sents, max); msg != "" {
			t.Fatalf("Segment(%q, %d): %s", in, max, msg)
		}
		for _, s := range sents {
			text.IsDateline(in, s)
		}
		text.Dateline(in)
		if r, n := text.Repair(in); n == 0 && r != in {
			t.Fatalf("Repair changed valid input")
		}
	})
}

// TestLongInputs checks that pathological megabyte inputs are segmented in
// linear time into bounded sentences.
func TestLongInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("long inputs")
	}
	const size = 1 << 20
	inputs := map[string]string{
		"words":        strings.Repeat("word ", size/5),
		"one token":    strings.Repeat("a", size),
		"hyphens":      strings.Repeat("a-", size/2),
		"dots":         strings.Repeat(".", size),
		"dotted":       strings.Repeat("a.", size/2),
		"apostrophes":  strings.Repeat("'", size),
		"quote words":  strings.Repeat("'a", size/2),
		"lines":        strings.Repeat("Word\n", size/5),
		"paragraphs":   strings.Repeat("\n\n", size/2),
		"abbreviation": strings.Repeat("Inc. ", size/5),
		"initials":     strings.Repeat("J. ", size/3),
		"closers":      strings.Repeat(")", size),
		"emails":       strings.Repeat("a@b-", size/4),
		"urls":         "http://" + strings.Repeat("x.", size/2),
		"numbers":      strings.Repeat("1,000,", size/6),
		"invalid":      strings.Repeat("\xff", size),
		"mixed":        strings.Repeat("\xffa'\xe2\x80\x99s-\xe2\x80\x94", size/10),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			sents := text.Segment(in, nil)
			elapsed := time.Since(start)
			if msg := checkInvariants(in, sents, 0); msg != "" {
				t.Fatal(msg)
			}
			if elapsed > 5*time.Second {
				t.Errorf("took %v for %d bytes", elapsed, len(in))
			}
		})
	}
}
