package petrarch_test

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/avocet-events/avocet/dict/petrarch"
)

// dumpVerbs renders a verb dictionary one entry a line, with line numbers,
// in canonical notation.
func dumpVerbs(v *petrarch.Verbs) []string {
	var out []string
	var keys []string
	for k := range v.Synsets {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return v.Synsets[keys[i]].Line < v.Synsets[keys[j]].Line })
	for _, k := range keys {
		s := v.Synsets[k]
		var ms []string
		for _, m := range s.Members {
			ms = append(ms, fmt.Sprintf("%s@%d", m, m.Line))
		}
		np := ""
		if s.NoPlural {
			np = " noplural"
		}
		out = append(out, fmt.Sprintf("S %d %s=&%s%s: %s", s.Line, k, s.Name, np, strings.Join(ms, " | ")))
	}
	for _, b := range v.Blocks {
		code := b.Code
		if b.PairedCode != "" {
			code += ":" + b.PairedCode
		}
		out = append(out, fmt.Sprintf("B %d %s [%s] #%s", b.Line, b.Head, code, b.Comment))
		for _, f := range b.Forms {
			s := fmt.Sprintf("F %d %s", f.Line, f.VerbPhrase)
			if f.Listed {
				var irr []string
				for _, p := range f.Irregular {
					irr = append(irr, p.String())
				}
				s += " {" + strings.Join(irr, " ") + "}"
			}
			if f.Code != "" || f.PairedCode != "" {
				s += " [" + f.Code
				if f.PairedCode != "" {
					s += ":" + f.PairedCode
				}
				s += "]"
			}
			if f.Comment != "" {
				s += " #" + f.Comment
			}
			if f.File != v.File {
				s += " (file " + f.File + ")"
			}
			out = append(out, s)
		}
		for _, p := range b.Patterns {
			s := fmt.Sprintf("P %d %s", p.Line, p)
			if p.Comment != "" {
				s += " #" + p.Comment
			}
			if p.File != v.File {
				s += " (file " + p.File + ")"
			}
			out = append(out, s)
		}
	}
	for _, t := range v.Transformations {
		out = append(out, fmt.Sprintf("T %d %s = %s %s %s", t.Line, t.Match.String(), t.Source, t.Target, t.Code))
	}
	return out
}

// A fictional PETRARCH-2 dictionary using every feature of the notation.
const petr2Dict = `# A fictional verb dictionary for the tests.
<!-- a comment
     over two lines -->
&GIFT_
+FLOWER
+BOX_OF_SWEETS
+FRUIT_BASKET_

&GREETING   # a label comment
+HELLO
	+(ON ARRIVAL)
+&GIFT

####### VERB PATTERNS #######
--- WAVE [010] ---
WAVE
+WAVE_AT {+WAVED_AT +WAVING_AT, +WAVES_AT} [011]
GESTURE [012:013]   # paired verb code
SING {SANG SUNG SINGING SINGS}
HUM {}
BECKON [0141] {BECKONS BECKONED}
RE_+GREET
- * (TO $) [015]   # prep with a marker
- $ * {WARM GREETING} (FROM/BY +)  [016:017]
- * &GREETING_ +  [:018] ; semicolon comment
- % * ^ BANNER_ [019]
-  SPY_*_DEAL [---]
- * (WITH {&GIFT BASKET}) [020]
- *SMILING [021]
- SALUTE_&GIFT_TOKEN * [022]

---  NOD   [:030]---
NOD
- * { YES | NO THANKS } [031]

######## TRANSFORMATIONS ##########
~ a (a b WAVE) NOD = a b 032
~ a (b (c d Q) NOD) WAVE = a d Q   # nested twice
`

func TestReadVerbsPETRARCH2(t *testing.T) {
	var c collector
	v, err := petrarch.ReadVerbs(strings.NewReader(petr2Dict), "test.verbs", c.opts(false))
	if err != nil {
		t.Fatal(err)
	}
	if v.Format != petrarch.FormatPETRARCH2 {
		t.Errorf("format %v, want PETRARCH-2", v.Format)
	}
	want := []string{
		"S 4 GIFT=&GIFT_ noplural: FLOWER@5 | BOX_OF_SWEETS@6 | FRUIT_BASKET_@7",
		"S 9 GREETING=&GREETING: HELLO@10 | (ON ARRIVAL)@11 | &GIFT@12",
		"B 15 WAVE [010] #",
		"F 16 WAVE",
		"F 17 +WAVE_AT {+WAVED_AT +WAVING_AT +WAVES_AT} [011]",
		"F 18 GESTURE [012:013] #paired verb code",
		"F 19 SING {SANG SUNG SINGING SINGS}",
		"F 20 HUM {}",
		"F 21 BECKON {BECKONS BECKONED} [0141]",
		"F 22 RE_+GREET",
		"P 23 * (TO $) [015] #prep with a marker",
		"P 24 $ * {WARM GREETING} (FROM/BY +) [016:017]",
		"P 25 * &GREETING_ + [:018] #semicolon comment",
		"P 26 % * ^ BANNER_ [019]",
		"P 27 SPY_*_DEAL [---]",
		"P 28 * (WITH {&GIFT BASKET}) [020]",
		"P 29 * SMILING [021]",
		"P 30 SALUTE_&GIFT_TOKEN * [022]",
		"B 32 NOD [:030] #",
		"F 33 NOD",
		"P 34 * {YES | NO THANKS} [031]",
		"T 37 a (a b WAVE) NOD = a b 032",
		"T 38 a (b (c d Q) NOD) WAVE = a d Q",
	}
	diffLists(t, "dump", dumpVerbs(v), want)
	if len(c.warns) != 0 {
		t.Errorf("warnings: %v", c.lines())
	}

	// The structure behind the canonical strings.
	b := v.Blocks[0]
	if f := b.Forms[1]; f.Head != 0 || strings.Join(f.Words, " ") != "WAVE AT" || len(f.Irregular) != 3 || !f.Listed {
		t.Errorf("multiword form %+v", f)
	}
	if f := b.Forms[6]; f.Head != 1 || strings.Join(f.Words, " ") != "RE GREET" {
		t.Errorf("RE_+GREET: %+v", f)
	}
	if f := b.Forms[4]; !f.Listed || len(f.Irregular) != 0 {
		t.Errorf("HUM {}: %+v", f)
	}
	p := b.Patterns[1].Elements // $ * {WARM GREETING} (FROM/BY +)
	if len(p) != 4 || p[0].Kind != petrarch.Source || p[1].Kind != petrarch.Verb || p[2].Kind != petrarch.NounPhrase || p[3].Kind != petrarch.Prep {
		t.Fatalf("elements %+v", p)
	}
	if w := p[3].Children[0]; w.Kind != petrarch.Word || w.Text != "FROM" || len(w.Alts) != 1 || w.Alts[0] != "BY" {
		t.Errorf("preposition %+v", w)
	}
	if p[3].Children[1].Kind != petrarch.Target {
		t.Errorf("prep object %+v", p[3].Children[1])
	}
	if b.Patterns[1].Text != "$ * {WARM GREETING} (FROM/BY +)" {
		t.Errorf("Text %q", b.Patterns[1].Text)
	}
	spy := b.Patterns[4].Elements // SPY_*_DEAL
	if !spy[0].Joined || !spy[1].Joined || spy[2].Joined || spy[2].Text != "DEAL" {
		t.Errorf("joined elements %+v", spy)
	}
	banner := b.Patterns[3].Elements[3] // BANNER_
	if banner.Text != "BANNER" || !banner.Exact || banner.Joined {
		t.Errorf("exact word %+v", banner)
	}
	choice := v.Blocks[1].Patterns[0].Elements[1]
	if choice.Kind != petrarch.Choice || len(choice.Choices) != 2 || len(choice.Choices[1]) != 2 {
		t.Errorf("choice %+v", choice)
	}
	// "SALUTE_&GIFT_TOKEN": no synset GIFT_TOKEN, so &GIFT joined to TOKEN.
	salute := b.Patterns[7].Elements
	if len(salute) != 4 || salute[1].Kind != petrarch.SynsetRef || salute[1].Text != "GIFT" || !salute[1].Joined || salute[2].Text != "TOKEN" || salute[2].Joined {
		t.Errorf("split synset reference %+v", salute)
	}
	tr := v.Transformations[1]
	if tr.Match.Event == nil || tr.Match.Event.Event == nil || tr.Match.Event.Event.Verb != "Q" || tr.Comment != "nested twice" {
		t.Errorf("nested transformation %+v", tr)
	}
	for _, b := range v.Blocks {
		for _, p := range b.Patterns {
			if p.File != "test.verbs" {
				t.Errorf("pattern at line %d has file %q", p.Line, p.File)
			}
		}
	}
}

func TestReadVerbsPETRARCH1(t *testing.T) {
	const dict = `&PLACE_
+TOWN
+MARKET_SQUARE
--- MEET [040] ---
MEET {MET MEETING MEETS}
- * WITH_ + IN_ &PLACE [041]
- HAS_*_WITH + [042]
&TIME
+NOON
--- PART [---] ---
PART
- * AT &TIME [043]
`
	v, err := petrarch.ReadVerbs(strings.NewReader(dict), "p1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Format != petrarch.FormatPETRARCH1 {
		t.Errorf("format %v, want PETRARCH-1", v.Format)
	}
	want := []string{
		"S 1 PLACE=&PLACE_ noplural: TOWN@2 | MARKET_SQUARE@3",
		"S 8 TIME=&TIME: NOON@9",
		"B 4 MEET [040] #",
		"F 5 MEET {MET MEETING MEETS}",
		"P 6 * WITH_ + IN_ &PLACE [041]",
		"P 7 HAS_*_WITH + [042]",
		"B 10 PART [---] #",
		"F 11 PART",
		"P 12 * AT &TIME [043]",
	}
	diffLists(t, "dump", dumpVerbs(v), want)
}

func TestReadVerbsTABARI(t *testing.T) {
	const dict = `; a TABARI dictionary: every verb has its own code and patterns
GREET  [010] ;ab 1 Jan 2000
- * WARMLY_  [011]
- + { WAS | WERE } * BY_ $  [012]
- * RECONSID { AID | LOAN }  [0311]
CORDON OFF_ [192]
- * TOWN  [193]
WELCOM
- * +  [014]
`
	v, err := petrarch.ReadVerbs(strings.NewReader(dict), "t.verbs", nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Format != petrarch.FormatTABARI {
		t.Errorf("format %v, want TABARI", v.Format)
	}
	want := []string{
		"B 2 GREET [010] #ab 1 Jan 2000",
		"F 2 GREET",
		"P 3 * WARMLY_ [011]",
		"P 4 + {WAS | WERE} * BY_ $ [012]",
		"P 5 * RECONSID {AID | LOAN} [0311]",
		"B 6 CORDON OFF_ [192] #",
		"F 6 +CORDON OFF_",
		"P 7 * TOWN [193]",
		"B 8 WELCOM [---] #",
		"F 8 WELCOM",
		"P 9 * + [014]",
	}
	diffLists(t, "dump", dumpVerbs(v), want)
	f := v.Blocks[1].Forms[0]
	if !f.Exact || len(f.Gaps) != 1 || f.Gaps[0] != 1 || f.Text() != "CORDON OFF" {
		t.Errorf("CORDON OFF_: %+v", f)
	}
}

func TestReadVerbsEmpty(t *testing.T) {
	v, err := petrarch.ReadVerbs(strings.NewReader("# nothing\n\n<!-- -->\n"), "e", nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Format != petrarch.FormatUnknown || len(v.Blocks) != 0 {
		t.Errorf("empty dictionary: %+v", v)
	}
}

// Every malformed line is an error at its file:line.
func TestReadVerbsErrors(t *testing.T) {
	long := strings.Repeat("A", 70000)
	many := "- * " + strings.Repeat("X ", 1100) + "[010]"
	deep := "~ a " + strings.Repeat("(a ", 12) + "b V" + strings.Repeat(") V", 12) + " = a b 010"
	cases := []struct {
		name string
		text string // lines after a valid header on line 1
		line int
		want string
	}{
		{"pattern before block", "- * X [010]", 1, "pattern before any verb block"},
		{"header in TABARI file", "GREET [010]\n--- WAVE [010] ---", 2, "block header in a TABARI-format"},
		{"header without name", "--- [010] ---", 1, "block header without a name"},
		{"header junk after code", "--- WAVE [010] junk ---", 1, "unexpected text"},
		{"header unclosed code", "--- WAVE [010 ---", 1, "never closed"},
		{"header empty code", "--- WAVE [] ---", 1, "empty code"},
		{"unclosed paren", HEAD + "- * (TO X [010]", 2, "'(' is never closed"},
		{"unclosed brace", HEAD + "- * {A B [010]", 2, "'{' is never closed"},
		{"nested parens", HEAD + "- * (TO (X)) [010]", 2, "cannot be nested"},
		{"nested braces", HEAD + "- * {A {B}} [010]", 2, "cannot be nested"},
		{"paren in brace", HEAD + "- * {A (B)} [010]", 2, "cannot be nested"},
		{"paren closes brace", HEAD + "- * {A B) [010]", 2, "')' closes a '{' group"},
		{"brace closes paren", HEAD + "- * (A B} [010]", 2, "'}' closes a '(' group"},
		{"empty prep", HEAD + "- * () [010]", 2, "empty '( )'"},
		{"empty noun phrase", HEAD + "- * {} [010]", 2, "empty '{ }'"},
		{"empty choice", HEAD + "- * {A | } [010]", 2, "empty alternative"},
		{"bar outside braces", HEAD + "- * A | B [010]", 2, "'|' outside"},
		{"prep starts with marker", HEAD + "- * (+ X) [010]", 2, "starts with a preposition"},
		{"bracket in pattern", HEAD + "- * A [B] C [010]", 2, "unexpected '['"},
		{"text after code", HEAD + "- * A [010] B", 2, "text after the pattern's [code]"},
		{"unclosed code", HEAD + "- * A [010", 2, "never closed"},
		{"empty code", HEAD + "- * A []", 2, "empty code"},
		{"code with space", HEAD + "- * A [01 0]", 2, "bad code"},
		{"paired code without second", HEAD + "- * A [010:]", 2, "nothing after ':'"},
		{"two colons", HEAD + "- * A [010:011:012]", 2, "more than one ':'"},
		{"ampersand alone", HEAD + "- * & [010]", 2, "'&' without a synset name"},
		{"empty alternative", HEAD + "- * TO//FOR [010]", 2, "empty alternative"},
		{"pattern without elements", HEAD + "- [010]", 2, "no elements"},
		{"too many elements", HEAD + many, 2, "more than 1024 elements"},
		{"synset member with marker", "&SET\n+A *", 2, "marker '*' is not allowed"},
		{"synset label with bracket", "&SET(X", 1, "synset label"},
		{"synset label empty", "&_", 1, "synset label has no name"},
		{"verb with two heads", HEAD + "+WAVE_+AT", 2, "more than one word"},
		{"verb plus inside word", HEAD + "WA+VE", 2, "'+' inside a word"},
		{"verb plus alone", HEAD + "+ WAVE", 2, "'+' does not mark a word"},
		{"verb unclosed forms", HEAD + "SING {SANG SUNG", 2, "never closed"},
		{"verb two codes", HEAD + "SING [010] [011]", 2, "more than one code"},
		{"verb two lists", HEAD + "SING {SANG} {SUNG}", 2, "more than one {...} list"},
		{"verb text after code", HEAD + "SING [010] loudly", 2, "unexpected text"},
		{"verb stray bracket", HEAD + "SING] [010]", 2, "without its opening bracket"},
		{"verb punctuation", HEAD + "SI(NG", 2, "unexpected punctuation"},
		{"transformation without =", "~ a (a b V) W a b 010", 1, "without '='"},
		{"transformation short result", "~ a (a b V) W = a b", 1, "want source, target and code"},
		{"transformation unclosed", "~ a (a b V W = a b 010", 1, "never closed"},
		{"transformation too short", "~ a b = a b 010", 1, "needs a source, a target and a verb"},
		{"transformation without verb", "~ a (a b V) = a b 010", 1, "event without a verb"},
		{"transformation trailing", "~ a b V X = a b 010", 1, "unexpected \"X\""},
		{"transformation too deep", deep, 1, "nested more than 8 deep"},
		{"line too long", HEAD + "- * " + long + " [010]", 2, "line longer than 65536 bytes"},
		{"unclosed xml comment", HEAD + "WAVE\n<!-- open\nmore", 3, "never closed with -->"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := petrarch.ReadVerbs(strings.NewReader(tc.text), "bad.txt", nil)
			checkPosError(t, err, "bad.txt", tc.line, tc.want)

			// Lenient: no error, the line is reported and skipped.
			var c collector
			if _, err := petrarch.ReadVerbs(strings.NewReader(tc.text), "bad.txt", c.opts(true)); err != nil {
				t.Fatalf("lenient: %v", err)
			}
			found := false
			for _, w := range c.warns {
				if strings.Contains(w.Error(), tc.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("lenient warnings %v lack %q", c.lines(), tc.want)
			}
		})
	}
}

// HEAD is a valid block header, line 1 of the error cases.
const HEAD = "--- WAVE [010] ---\n"

func TestReadVerbsLenient(t *testing.T) {
	const dict = `--- WAVE [010] ---
WAVE
- * (TO [011]
- * HAND [012]
--- [013] ---
BOW
- * LOW [014]
--- NOD [020] ---
NOD
- * YES [021]
`
	var c collector
	v, err := petrarch.ReadVerbs(strings.NewReader(dict), "l", c.opts(true))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"B 1 WAVE [010] #",
		"F 2 WAVE",
		"P 4 * HAND [012]",
		"B 8 NOD [020] #",
		"F 9 NOD",
		"P 10 * YES [021]",
	}
	diffLists(t, "dump", dumpVerbs(v), want)
	// A malformed header skips its whole block with one report.
	diffLists(t, "warnings", c.lines(), []string{
		"3: '(' is never closed with ')'",
		"5: block header without a name",
	})
}

// The slips of the published dictionaries are read one evident way and
// reported, in strict mode too.
func TestReadVerbsTolerated(t *testing.T) {
	const dict = `&SET
+A
&SET
+B
--- WAVE [010]  [011:012] ---
WAVE
+BLOW_UP {+BLOWS_UP BLOWING_UP+ +BLEW_UP}
- * (WITH VISIT)   VISIT)[013]
- * FLAG } [014]
- + { WAS | WERE ] * [015]
- * HAND * FLAG [016]
- HANDKERCHIEF [017]
- * ALONE
* (TO CROWD) [018]
- * &UNDEFINED [019]
`
	var c collector
	v, err := petrarch.ReadVerbs(strings.NewReader(dict), "slips", c.opts(false))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"S 1 SET=&SET: A@2 | B@4",
		"B 5 WAVE [010] #",
		"F 6 WAVE",
		"F 7 +BLOW_UP {+BLOWS_UP +BLEW_UP}",
		"P 8 * (WITH VISIT) VISIT [013]",
		"P 9 * FLAG [014]",
		"P 10 + {WAS | WERE} * [015]",
		"P 11 * HAND FLAG [016]",
		"P 12 HANDKERCHIEF * [017]",
		"P 13 * ALONE",
		"P 14 * (TO CROWD) [018]",
		"P 15 * &UNDEFINED [019]",
	}
	diffLists(t, "dump", dumpVerbs(v), want)
	diffLists(t, "warnings", c.lines(), []string{
		"3: synset &SET is defined again (first at line 1); the members are added to it",
		"5: block header has 2 codes; only the first, [010], is used",
		"7: irregular form \"BLOWING_UP+\" skipped: '+' inside a word in verb \"BLOWING_UP+\"; it must start the verb word",
		"8: stray ')' ignored",
		"9: stray '}' ignored",
		"10: '{' group closed with ']'; read as '}'",
		"11: second verb marker '*' ignored",
		"12: pattern has no verb marker '*'; the verb is taken to follow it",
		"13: pattern has no [code]",
		"14: pattern line does not start with '-'; read as a pattern",
		"15: synset &UNDEFINED is not defined",
	})
}

func TestVerbsCRLF(t *testing.T) {
	dict := strings.ReplaceAll(HEAD+"WAVE\n- * HAND [011]\n", "\n", "\r\n")
	v, err := petrarch.ReadVerbs(strings.NewReader(dict), "crlf", nil)
	if err != nil {
		t.Fatal(err)
	}
	diffLists(t, "dump", dumpVerbs(v), []string{"B 1 WAVE [010] #", "F 2 WAVE", "P 3 * HAND [011]"})
}

// Canonical strings parse back to themselves.
func TestPatternRoundTrip(t *testing.T) {
	v, err := petrarch.ReadVerbs(strings.NewReader(petr2Dict), "rt", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range v.Blocks {
		for _, p := range b.Patterns {
			again, err := petrarch.ReadVerbs(strings.NewReader(HEAD+"- "+p.String()+"\n"), "rt2", nil)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			if got := again.Blocks[0].Patterns[0].String(); got != p.String() {
				t.Errorf("round trip %q -> %q", p, got)
			}
		}
	}
}

func TestKindAndFormatStrings(t *testing.T) {
	if petrarch.Prep.String() != "prep" || petrarch.Kind(99).String() != "Kind(99)" {
		t.Error("Kind.String")
	}
	if petrarch.FormatTABARI.String() != "TABARI" || petrarch.FormatUnknown.String() != "unknown" {
		t.Error("Format.String")
	}
}

// After a line too long to read, lenient reading goes on with the right
// line numbers; I/O errors end reading in any mode.
func TestReaderLimitsAndIOErrors(t *testing.T) {
	text := HEAD + "WAVE\n- * " + strings.Repeat("LONG ", 20000) + "[011]\n- * HAND [012]\n"
	var c collector
	v, err := petrarch.ReadVerbs(strings.NewReader(text), "long", c.opts(true))
	if err != nil {
		t.Fatal(err)
	}
	diffLists(t, "dump", dumpVerbs(v), []string{"B 1 WAVE [010] #", "F 2 WAVE", "P 4 * HAND [012]"})
	diffLists(t, "warnings", c.lines(), []string{"3: line longer than 65536 bytes"})

	boom := errors.New("disk on fire")
	for name, read := range map[string]func(r io.Reader) error{
		"verbs": func(r io.Reader) error {
			_, err := petrarch.ReadVerbs(r, "x", &petrarch.Options{Lenient: true})
			return err
		},
		"actors": func(r io.Reader) error {
			_, err := petrarch.ReadActors(r, "x", &petrarch.Options{Lenient: true})
			return err
		},
		"agents": func(r io.Reader) error {
			_, err := petrarch.ReadAgents(r, "x", &petrarch.Options{Lenient: true})
			return err
		},
		"discards": func(r io.Reader) error {
			_, err := petrarch.ReadDiscards(r, "x", &petrarch.Options{Lenient: true})
			return err
		},
		"issues": func(r io.Reader) error {
			_, err := petrarch.ReadIssues(r, "x", &petrarch.Options{Lenient: true})
			return err
		},
	} {
		r := io.MultiReader(strings.NewReader("A [X]\n"), iotest.ErrReader(boom))
		if err := read(r); !errors.Is(err, boom) {
			t.Errorf("%s: error %v, want the reader's error", name, err)
		}
	}
}

func TestElementString(t *testing.T) {
	e := petrarch.Element{Kind: petrarch.Prep, Children: []petrarch.Element{
		{Kind: petrarch.Word, Text: "TO", Alts: []string{"FOR"}},
		{Kind: petrarch.SynsetRef, Text: "PLACE", Exact: true},
	}}
	if got := e.String(); got != "(TO/FOR &PLACE_)" {
		t.Errorf("String() = %q", got)
	}
}
