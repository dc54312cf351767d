package dict_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/dict"
)

func load(t *testing.T, files map[string]string, opts *dict.Options) (*dict.Dictionaries, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return dict.Load(fsys, opts)
}

func TestActors(t *testing.T) {
	d, err := load(t, map[string]string{
		"countries.txt": "# test\nKenya; Republic of Kenya => KEN | kind=country name=Kenya\nKenyan; Kenyans => KEN | kind=demonym\n",
		"people.txt":    "Amina Odhiambo; Odhiambo => KENGOV@2022-09-13..2024-07 KENELI | kind=person name=Amina Odhiambo role=Foreign Minister of Kenya\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Actors) != 3 {
		t.Fatalf("got %d actors, want 3", len(d.Actors))
	}
	k := d.Actors[0]
	if k.File != "countries.txt" || k.Line != 2 || k.Kind != "country" || k.Name != "Kenya" || strings.Join(k.Phrases, "|") != "Kenya|Republic of Kenya" {
		t.Errorf("country entry = %+v", k)
	}
	p := d.Actors[2]
	if p.Role != "Foreign Minister of Kenya" || p.Name != "Amina Odhiambo" {
		t.Errorf("options with spaces misread: %+v", p)
	}
	day := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	tests := []struct {
		date string
		want string
	}{
		{"2023-01-01", "KENGOV"},
		{"2022-09-13", "KENGOV"}, // first day in office
		{"2024-07-31", "KENGOV"}, // "2024-07" as an end means the end of July
		{"2024-08-01", "KENELI"},
		{"2010-01-01", "KENELI"},
		{"", "KENELI"}, // no date: the undated fallback
	}
	for _, tt := range tests {
		var at time.Time
		if tt.date != "" {
			at = day(tt.date)
		}
		if got := p.CodeAt(at); got != tt.want {
			t.Errorf("CodeAt(%s) = %s, want %s", tt.date, got, tt.want)
		}
	}
}

func TestPatterns(t *testing.T) {
	tests := []struct {
		line string
		want string // canonical String(); "" when an error is expected
		spec int
	}{
		{"042 visit T", "042 visit T", 2},
		{"043   meet   with:T", "043 meet with:T", 3},
		{"043 hold talk|talks with:T", "043 hold talk|talks with:T", 7},
		{"1721 impose &SANCTION on:T", "1721 impose &SANCTION on:T", 7},
		{"0871 call +off T", "0871 call +off T", 6},
		{"1733 put T under:arrest", "1733 put T under:arrest", 6},
		{"138 threaten xcomp:attack T", "138 threaten xcomp:attack T", 6},
		{"- fire T", "- fire T", 2},
		{"193 step_up attack|attacks on:T", "193 step_up attack|attacks on:T", 11},
		{"043 meet with:T T", "", 0},                                    // two targets
		{"21 meet", "", 0},                                              // root out of range
		{"0431x meet", "", 0},                                           // not digits
		{"043 Meet", "", 0},                                             // not a lemma
		{"043", "", 0},                                                  // no verb
		{"043 meet with:", "", 0},                                       // empty alternative
		{"043 meet &lower", "", 0},                                      // bad set name
		{"043 meet xcomp:&SET", "", 0},                                  // complement must be verbs
		{"043 meet :T", "", 0},                                          // no preposition
		{"190 attack T xcomp:seize T", "190 attack T xcomp:seize T", 8}, // the second T belongs to the complement
	}
	for _, tt := range tests {
		p, err := dict.ParsePattern(tt.line)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParsePattern(%q) = %v, want an error", tt.line, p)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParsePattern(%q): %v", tt.line, err)
			continue
		}
		if got := p.String(); got != tt.want {
			t.Errorf("ParsePattern(%q) = %q, want %q", tt.line, got, tt.want)
		}
		if got := p.Specificity(); got != tt.spec {
			t.Errorf("Specificity(%q) = %d, want %d", tt.line, got, tt.spec)
		}
	}
}

func TestSetsAndPatternsTogether(t *testing.T) {
	files := map[string]string{
		"sets_a.txt":  "&SANCTION = sanction; embargo\n",
		"verbs_a.txt": "# 172\n1721 impose &SANCTION on:T\n\n173 arrest T  # detain\n",
	}
	d, err := load(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Patterns) != 2 || d.Patterns[1].Line != 4 || d.Patterns[1].File != "verbs_a.txt" {
		t.Errorf("patterns %+v", d.Patterns)
	}
	if s := d.Sets["SANCTION"]; s == nil || s.Line != 1 || len(s.Words) != 2 {
		t.Errorf("set %+v", s)
	}
	files["verbs_a.txt"] = "190 attack &MISSING\n"
	if _, err := load(t, files, nil); err == nil || !strings.Contains(err.Error(), "verbs_a.txt:1") {
		t.Errorf("undefined set: err = %v, want verbs_a.txt:1", err)
	}
	files["sets_b.txt"] = "&SANCTION = ban\n"
	files["verbs_a.txt"] = ""
	if _, err := load(t, files, nil); err == nil || !strings.Contains(err.Error(), "sets_b.txt:1") {
		t.Errorf("duplicate set: err = %v", err)
	}
}

func TestMalformedLines(t *testing.T) {
	tests := []struct {
		file, body, want string
	}{
		{"countries.txt", "Kenya KEN\n", `countries.txt:1: invalid input: missing "=>"`},
		{"countries.txt", "ok => KEN\nKenya => KE\n", "countries.txt:2: invalid input: actor code \"KE\""},
		{"countries.txt", "Kenya => KEN | kind=planet\n", `unknown kind "planet"`},
		{"countries.txt", "Kenya => KEN | colour=red\n", `unknown option "colour"`},
		{"people.txt", "X => KENGOV@2024..2020\n", "ends before it starts"},
		{"people.txt", "X => KENGOV@2024-13-01..\n", "not YYYY-MM-DD"},
		{"people.txt", "X => KENGOV@..\n", "open at both ends"},
		{"people.txt", " ; => KEN\n", "no phrase"},
		{"agents.txt", "police => cop\n", `agent code "cop"`},
		{"agents.txt", "police => COP | kind=person\n", "not role or title"},
		{"sets.txt", "SANCTION = x\n", "must be & followed"},
		{"verbs.txt", "1901 attack T T\n", "more than one target"},
		{"discards.txt", "football | scope=galaxy\n", "scope=sentence or scope=story"},
		{"issues.txt", "nuclear bomb\n", "capitals"},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.want, func(t *testing.T) {
			_, err := load(t, map[string]string{tt.file: tt.body}, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			var pe *avocet.PosError
			if !errors.As(err, &pe) || pe.File != tt.file || !errors.Is(err, avocet.ErrInvalidInput) {
				t.Errorf("err %v is not a PosError for %s wrapping ErrInvalidInput", err, tt.file)
			}
		})
	}
}

func TestLenient(t *testing.T) {
	var warnings []error
	d, err := load(t, map[string]string{"agents.txt": "police => COP\nbroken line\nsoldier => MIL\n"},
		&dict.Options{Lenient: true, Warn: func(err error) { warnings = append(warnings, err) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Agents) != 2 || d.Agents[1].Line != 3 {
		t.Errorf("agents %+v", d.Agents)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0].Error(), "agents.txt:2") {
		t.Errorf("warnings %v", warnings)
	}
}

func TestLongLine(t *testing.T) {
	_, err := load(t, map[string]string{"agents.txt": strings.Repeat("x", 100000) + " => GOV\n"}, nil)
	if err == nil || !strings.Contains(err.Error(), "agents.txt:1") {
		t.Errorf("err = %v", err)
	}
}

func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{"042 visit T", "1721 impose &S on:T", "- fire T", "138 threaten xcomp:attack T", "0871 call +off with:T"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		p, err := dict.ParsePattern(line)
		if err != nil {
			return
		}
		// what parses must print canonically and parse back to the same pattern
		q, err := dict.ParsePattern(p.String())
		if err != nil || q.String() != p.String() {
			t.Fatalf("%q -> %q -> %v (%v)", line, p.String(), q.String(), err)
		}
	})
}

func FuzzLoad(f *testing.F) {
	f.Add("countries.txt", "Kenya => KEN | kind=country\n")
	f.Add("people.txt", "X => KENGOV@2020..2021 KENELI | kind=person role=a b\n")
	f.Add("agents.txt", "police => COP | plural=cops\n")
	f.Add("sets.txt", "&A = b; c\n")
	f.Add("issues.txt", "NUCLEAR uranium; reactor\n")
	f.Fuzz(func(t *testing.T, name, body string) {
		fsys := fstest.MapFS{"countries.txt": {Data: []byte(body)}}
		if strings.HasSuffix(name, ".txt") && !strings.ContainsAny(name, "/\\") && fs.ValidPath(name) {
			fsys = fstest.MapFS{name: {Data: []byte(body)}}
		}
		d, err := dict.Load(fsys, nil)
		if err != nil {
			var pe *avocet.PosError
			if !errors.As(err, &pe) {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		for _, a := range d.Actors {
			if a.Line < 1 || len(a.Codes) == 0 || len(a.Phrases) == 0 {
				t.Fatalf("bad entry %+v", a)
			}
		}
	})
}

// TestBuiltin loads the embedded dictionaries and checks the coverage the
// coder is built on.
func TestBuiltin(t *testing.T) {
	d, err := dict.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, a := range d.Actors {
		kinds[a.Kind]++
	}
	agentPhrases := 0
	for _, a := range d.Agents {
		agentPhrases += len(a.Phrases)
	}
	orgs := kinds["igo"] + kinds["ngo"] + kinds["armed-group"]
	t.Logf("actors by kind %v; %d agent phrases; %d patterns; %d sets", kinds, agentPhrases, len(d.Patterns), len(d.Sets))
	if kinds["country"] < 240 {
		t.Errorf("%d countries, want every state and territory (≥ 240)", kinds["country"])
	}
	if agentPhrases < 300 {
		t.Errorf("%d agent phrases, want ≥ 300", agentPhrases)
	}
	if orgs < 200 {
		t.Errorf("%d international and non-state actors, want ≥ 200", orgs)
	}
	for _, a := range d.Actors {
		if a.File == "" || a.Line == 0 {
			t.Fatalf("entry without provenance: %+v", a)
		}
	}
}
