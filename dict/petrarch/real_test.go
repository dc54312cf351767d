package petrarch_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/dict/petrarch"
)

// corpora is where the published dictionaries are, relative to this
// package (see /work/shared/corpora/README.md).
const corpora = "../../../shared/corpora"

func openReal(t *testing.T, name string) *os.File {
	t.Helper()
	if _, err := os.Stat(corpora); err != nil {
		t.Skipf("published dictionaries not available (%s is missing); skipping", corpora)
	}
	fh, err := os.Open(filepath.Join(corpora, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fh.Close() })
	return fh
}

// warnLines records the lines of the warnings a reader reports and fails
// the test on anything that is not a positioned input error.
func warnLines(t *testing.T, lines *[]int) *petrarch.Options {
	return &petrarch.Options{Warn: func(err error) {
		var pe *avocet.PosError
		if !errors.As(err, &pe) || !errors.Is(err, avocet.ErrInvalidInput) || pe.Line <= 0 {
			t.Errorf("warning is not a positioned input error: %v", err)
			return
		}
		*lines = append(*lines, pe.Line)
	}}
}

func sameInts(t *testing.T, what string, got, want []int) {
	t.Helper()
	sort.Ints(got)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

// Every published verb dictionary reads without error in strict mode; the
// counts are those of the corpora README, and the warnings are the slips
// listed in the package documentation, line by line.
func TestRealVerbs(t *testing.T) {
	cases := []struct {
		file                     string
		format                   petrarch.Format
		blocks, forms, patterns  int
		synsets, transformations int
		warnings                 []int
	}{
		// README: 397 blocks, ~1,690 verb lines, 4,668 patterns, 40 synsets.
		// The ~1,690 verb lines are the 1,688 lines that start with a letter;
		// the 129 multiword verbs ("+ASK_FOR ...") are verb lines too.
		// Warnings: 2374 "VISIT)[042:043]" and 7606 "^)[111]" have a stray
		// ')'; &WEATHER (8443) and &DEMONSTRATION (8444) are never defined.
		{"petrarch2/CAMEO.2.0.txt", petrarch.FormatPETRARCH2, 397, 1817, 4668, 40, 8,
			[]int{2374, 7606, 8443, 8444}},
		// README: 396 blocks, 11,011 patterns. Warnings: 2568 BLOWING_UP+;
		// 4387 and 10843 have two '*'; 5860 and 8733 have no code; 8056
		// "- TIVILIAN [202]" has no '*'; 8394 has a stray '}'.
		{"petrarch2/CAMEO.verbpatterns.150430.txt", petrarch.FormatPETRARCH1, 396, 1860, 11011, 38, 0,
			[]int{2568, 4387, 5860, 8056, 8394, 8733, 10843}},
		// README: 1,216 verbs, 15,583 patterns. Warnings: "{ A | B ]"
		// choices (7990, 14147, 14917-14925), two '*' (10190, 16331), a
		// stray '}' (13707).
		{"petrarch/CAMEO.091003.master.verbs", petrarch.FormatTABARI, 1216, 1216, 15583, 0, 0,
			[]int{7990, 10190, 13707, 14147, 14917, 14918, 14919, 14920, 14921, 14922, 14923, 14925, 16331}},
		// README: 261 blocks, 474 patterns. Warning: "--- DELAY [120]
		// [031:031] ---" has two codes.
		{"petrarch2/PETR.Validate.verbs.txt", petrarch.FormatPETRARCH1, 261, 269, 474, 17, 0,
			[]int{447}},
		// README: 69 blocks, 452 patterns, 31 synsets. We count 453 patterns:
		// line 453, "* (TO QUESTION) [110]", lacks its leading '-' (so a
		// count of '-' lines misses it); and 30 synsets: &PREPOSIT1_ is
		// defined twice (42, 117). &SECURITY (1108) is never defined.
		{"UniversalPetrarch/PETR.Validate.verbs.2.0.txt", petrarch.FormatPETRARCH2, 69, 125, 453, 30, 0,
			[]int{117, 453, 1108}},
		// README: 69 blocks, 358 patterns. We count 359 for the same reason
		// (line 463); &PREPOSIT1_ again, and five undefined synsets.
		{"UniversalPetrarch/dev-validate/PETR_Validate_verbs_2_02.txt", petrarch.FormatPETRARCH2, 69, 127, 359, 30, 0,
			[]int{117, 390, 400, 402, 425, 463, 808}},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			var lines []int
			v, err := petrarch.ReadVerbs(openReal(t, tc.file), tc.file, warnLines(t, &lines))
			if err != nil {
				t.Fatal(err)
			}
			forms, patterns := 0, 0
			for _, b := range v.Blocks {
				forms += len(b.Forms)
				patterns += len(b.Patterns)
				if b.File != tc.file || b.Line <= 0 || b.Head == "" {
					t.Errorf("block %+v lacks its position or name", b.Head)
				}
				for _, p := range b.Patterns {
					checkRealPattern(t, p, tc.file)
				}
			}
			got := fmt.Sprintf("format %v, %d blocks, %d verbs, %d patterns, %d synsets, %d transformations",
				v.Format, len(v.Blocks), forms, patterns, len(v.Synsets), len(v.Transformations))
			want := fmt.Sprintf("format %v, %d blocks, %d verbs, %d patterns, %d synsets, %d transformations",
				tc.format, tc.blocks, tc.forms, tc.patterns, tc.synsets, tc.transformations)
			if got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
			sameInts(t, "warning lines", lines, tc.warnings)
			roundTrip(t, v)
		})
	}
}

// checkRealPattern checks the invariants every parsed pattern keeps.
func checkRealPattern(t *testing.T, p petrarch.Pattern, file string) {
	t.Helper()
	verbs := 0
	for _, e := range p.Elements {
		if e.Kind == petrarch.Verb {
			verbs++
		}
	}
	if verbs != 1 || p.File != file || p.Line <= 0 || p.Text == "" {
		t.Errorf("%s:%d: pattern %q has %d verbs", p.File, p.Line, p, verbs)
	}
}

// roundTrip reads the canonical form of every pattern back and expects the
// same canonical form.
func roundTrip(t *testing.T, v *petrarch.Verbs) {
	t.Helper()
	var b strings.Builder
	for name := range v.Synsets {
		fmt.Fprintf(&b, "&%s\n+X\n", name)
	}
	b.WriteString("--- ROUND_TRIP [---] ---\n")
	var want []string
	for _, bl := range v.Blocks {
		for _, p := range bl.Patterns {
			want = append(want, p.String())
			fmt.Fprintf(&b, "- %s\n", p)
		}
	}
	again, err := petrarch.ReadVerbs(strings.NewReader(b.String()), "round-trip", nil)
	if err != nil {
		t.Fatalf("canonical patterns do not read back: %v", err)
	}
	var got []string
	for _, p := range again.Blocks[0].Patterns {
		got = append(got, p.String())
	}
	if len(got) != len(want) {
		t.Fatalf("round trip: %d patterns, want %d", len(got), len(want))
	}
	bad := 0
	for i := range got {
		if got[i] != want[i] && bad < 5 {
			t.Errorf("round trip: %q reads back as %q", want[i], got[i])
			bad++
		}
	}
}

func TestRealActors(t *testing.T) {
	cases := []struct {
		file              string
		entries, synonyms int
		codes             int
		warnings          []int
	}{
		// README: ~18,390 primary entries, 7,527 synonym lines. Warnings:
		// dates of 7, 9 or 10 digits (2039, 18010, 22508, 22519, 43613);
		// "[EGYGOV 20121207-20120802]" runs backwards (14190); "+FAEROYENE]_"
		// (15346); dates without '<', '>' or '-' (31715, 51384).
		{"petrarch2/Phoenix.Countries.actors.txt", 18390, 7527, 28388,
			[]int{2039, 14190, 15346, 18010, 22508, 22519, 31715, 43613, 51384}},
		// README: ~7,840 entries. Warnings: "[KORGOVBUS 2004017-20061201]"
		// (40); company data after the code without a '#' (3696, 3726, 6605).
		{"petrarch2/Phoenix.International.actors.txt", 7841, 66, 7895,
			[]int{40, 3696, 3726, 6605}},
		// README: ~1,020 entries, 772 synonyms.
		{"petrarch2/Phoenix.MilNonState.actors.txt", 1021, 772, 1021, nil},
		// README gives line counts only (242, 244, 247).
		{"petrarch2/PETR.Validate.actors.txt", 129, 33, 138, nil},
		{"UniversalPetrarch/PETR.Validate.actors.txt", 131, 33, 140, nil},
		{"UniversalPetrarch/dev-validate/PETR_Validate_actors_2_02.txt", 134, 34, 143, nil},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			var lines []int
			a, err := petrarch.ReadActors(openReal(t, tc.file), tc.file, warnLines(t, &lines))
			if err != nil {
				t.Fatal(err)
			}
			syn, codes := 0, 0
			for _, e := range a.Entries {
				syn += len(e.Names) - 1
				codes += len(e.Codes)
				if e.File != tc.file || e.Line <= 0 || len(e.Names) == 0 || e.Names[0].Line != e.Line {
					t.Errorf("entry at line %d lacks its position", e.Line)
				}
			}
			if len(a.Entries) != tc.entries || syn != tc.synonyms || codes != tc.codes {
				t.Errorf("got %d entries, %d synonyms, %d codes; want %d, %d, %d",
					len(a.Entries), syn, codes, tc.entries, tc.synonyms, tc.codes)
			}
			sameInts(t, "warning lines", lines, tc.warnings)
		})
	}
}

func TestRealAgents(t *testing.T) {
	cases := []struct {
		file     string
		entries  int
		warnings []int
	}{
		// README: ~2,244 coded entries. Warnings: "[~ENV}" (544) and
		// ISLAMIC_EXTREMIST without a code (1927).
		{"petrarch2/Phoenix.agents.txt", 2244, []int{544, 1927}},
		// README: 86 entries. We count 88: the README's count leaves out the
		// two entries that use a substitution marker (CONGRESS!PERSON!,
		// !MINST!_OF_SILLY_WALKS).
		{"petrarch2/PETR.Validate.agents.txt", 88, nil},
		{"UniversalPetrarch/dev-validate/PETR_Validate_agents_2_02.txt", 88, nil},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			var lines []int
			a, err := petrarch.ReadAgents(openReal(t, tc.file), tc.file, warnLines(t, &lines))
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Entries) != tc.entries || len(a.Substitutions) != 2 {
				t.Errorf("got %d entries, %d substitution sets; want %d, 2", len(a.Entries), len(a.Substitutions), tc.entries)
			}
			sameInts(t, "warning lines", lines, tc.warnings)
			for _, e := range a.Entries {
				if len(a.Expand(e.Phrase)) == 0 || e.Code == "" {
					t.Errorf("%s:%d: entry %s", e.File, e.Line, e.Phrase)
				}
			}
		})
	}
}

func TestRealDiscards(t *testing.T) {
	cases := []struct {
		file           string
		entries, story int
	}{
		{"petrarch2/Phoenix.discards.txt", 506, 64}, // README: 506 entries (64 story-level)
		{"petrarch2/PETR.Validate.discards.txt", 9, 4},
		{"UniversalPetrarch/dev-validate/PETR_Validate_discards_2_02.txt", 9, 4},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			var lines []int
			d, err := petrarch.ReadDiscards(openReal(t, tc.file), tc.file, warnLines(t, &lines))
			if err != nil {
				t.Fatal(err)
			}
			story := 0
			for _, e := range d.Entries {
				if e.WholeStory {
					story++
				}
			}
			if len(d.Entries) != tc.entries || story != tc.story {
				t.Errorf("got %d entries (%d story-level), want %d (%d)", len(d.Entries), story, tc.entries, tc.story)
			}
			sameInts(t, "warning lines", lines, nil)
		})
	}
}

func TestRealIssues(t *testing.T) {
	const file = "petrarch2/Phoenix.IssueCoding.txt"
	var lines []int
	is, err := petrarch.ReadIssues(openReal(t, file), file, warnLines(t, &lines))
	if err != nil {
		t.Fatal(err)
	}
	phrases, ignores := 0, 0
	for _, c := range is.Categories {
		phrases += len(c.Phrases)
		ignores += len(c.Ignores)
		if c.Name == "" {
			t.Errorf("loose phrases at line %d", c.Line)
		}
	}
	// README: 52 categories, ~2,975 coded phrases, 181 ignore phrases. The
	// 2,976 phrases are the 2,976 lines with a code; three of them carry a
	// second entry or code that is ignored with a warning.
	if len(is.Categories) != 52 || phrases != 2976 || ignores != 181 {
		t.Errorf("got %d categories, %d phrases, %d ignores; want 52, 2976, 181", len(is.Categories), phrases, ignores)
	}
	// Warnings: phrases without a code (141-147, 1040, 1183, 1219-1221,
	// 2250), a second </ISSUE> (481), text after the code (1198, 2521,
	// 2889, 3053).
	sameInts(t, "warning lines", lines, []int{141, 142, 143, 144, 145, 146, 147, 481, 1040, 1183, 1198, 1219, 1220, 1221, 2250, 2521, 2889, 3053})
}

// The petrarch2 folder has a PETR_config.ini: ReadDir reads the Phoenix
// dictionaries it names.
func TestRealDir(t *testing.T) {
	if _, err := os.Stat(corpora); err != nil {
		t.Skipf("published dictionaries not available (%s is missing); skipping", corpora)
	}
	set, err := petrarch.ReadDir(filepath.Join(corpora, "petrarch2"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Verbs) != 1 || len(set.Actors) != 3 || len(set.Agents) != 1 || len(set.Discards) != 1 || len(set.Issues) != 1 {
		t.Errorf("set: %d verbs, %d actors, %d agents, %d discards, %d issues",
			len(set.Verbs), len(set.Actors), len(set.Agents), len(set.Discards), len(set.Issues))
	}
	if filepath.Base(set.Verbs[0].File) != "CAMEO.2.0.txt" || filepath.Base(set.Config) != "PETR_config.ini" {
		t.Errorf("verbs %s, config %s", set.Verbs[0].File, set.Config)
	}
	// Without a configuration, names choose: dev-validate has verbs,
	// actors, agents and discards next to its gold records.
	set, err = petrarch.ReadDir(filepath.Join(corpora, "UniversalPetrarch", "dev-validate"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Verbs) != 1 || len(set.Actors) != 1 || len(set.Agents) != 1 || len(set.Discards) != 1 || len(set.Ignored) != 2 {
		t.Errorf("dev-validate set: %+v", set)
	}
}
