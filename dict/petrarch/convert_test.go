package petrarch_test

import (
	"strings"
	"testing"
	"time"

	"github.com/avocet-events/avocet/dict"
	"github.com/avocet-events/avocet/dict/petrarch"
)

// convertVerbs reads one verb dictionary and converts it, returning the
// patterns as "code verb elements" and the warnings.
func convertVerbs(t *testing.T, text string) (*dict.Dictionaries, []string, []string) {
	t.Helper()
	v, err := petrarch.ReadVerbs(strings.NewReader(text), "t.verbs", nil)
	if err != nil {
		t.Fatal(err)
	}
	var warns []string
	d := (&petrarch.Set{Verbs: []*petrarch.Verbs{v}}).Dictionaries(func(err error) {
		warns = append(warns, strings.TrimPrefix(err.Error(), "invalid input: "))
	})
	var got []string
	for _, p := range d.Patterns {
		got = append(got, p.String())
	}
	return d, got, warns
}

// The patterns below are written for these tests, in the notation of the
// PETRARCH validation dictionaries; each expected avocet pattern was
// worked out by hand from the reading in the package documentation.
func TestConvertVerbPatterns(t *testing.T) {
	tests := []struct {
		name  string
		verbs string // a dictionary without synsets; "--- X [c] ---" blocks
		want  []string
		warns []string
	}{
		{
			name:  "default code",
			verbs: "--- VISIT [042] ---\nVISIT\n",
			want:  []string{"042 visit T", "042 visit"},
		},
		{
			name:  "verb code over block code",
			verbs: "--- DELAY [120] ---\nDELAY\nDOWNPLAY [014]\n",
			want:  []string{"120 delay T", "120 delay", "014 downplay T", "014 downplay"},
		},
		{
			name:  "codes of the validation files",
			verbs: "--- BARGAIN [031] ---\nBARGAIN\n- * ASYLUM [174L]\n- * HAVEN [080!]\n",
			want:  []string{"031 bargain T", "031 bargain", "174L bargain asylum", "174L bargain xcomp:asylum T", "174L bargain xcomp:asylum", "080 bargain haven", "080 bargain xcomp:haven T", "080 bargain xcomp:haven"},
		},
		{
			name:  "odd and doubtful codes",
			verbs: "--- BLAST [+++] ---\nBLAST\n- * STATEMENT [122]\n--- REPORT [025?] ---\nREPORT\n",
			want:  []string{"122 blast statement", "122 blast xcomp:statement T", "122 blast xcomp:statement"},
		},
		{
			name:  "target after the verb",
			verbs: "--- ACCUSE [112] ---\nACCUSE\n- * + [111]\n",
			want:  []string{"112 accuse T", "112 accuse"},
			warns: []string{"1 PETRARCH patterns that repeat an earlier one with another code not converted"},
		},
		{
			name:  "preposition and target",
			verbs: "--- AGREE [081] ---\nAGREE\n- * WITH + [031]\n- * WITH % [032]\n",
			want:  []string{"081 agree T", "081 agree", "031 agree with:T"},
			warns: []string{"1 PETRARCH patterns that repeat an earlier one with another code not converted"},
		},
		{
			name:  "final preposition names the target",
			verbs: "--- CALL [010] ---\nCALL\n- *_UPON [097]\n- * FOR [096]\n",
			want:  []string{"010 call T", "010 call", "097 call upon:T", "096 call for:T"},
		},
		{
			name:  "oblique with a noun",
			verbs: "--- CLASH [190] ---\nCLASH\n- * OVER EFFORTS [121]\n",
			want:  []string{"190 clash T", "190 clash", "121 clash over:efforts T", "121 clash over:efforts"},
		},
		{
			name:  "to: complement or oblique",
			verbs: "--- ASK [090] ---\nASK\n- * TO RECONSIDER [102]\n",
			want: []string{"090 ask T", "090 ask", "102 ask to:reconsider T", "102 ask to:reconsider",
				"102 ask xcomp:reconsider T", "102 ask xcomp:reconsider"},
		},
		{
			name:  "a word after the verb: object or complement",
			verbs: "--- VOW [170] ---\nVOW\n- * RESIST [112]\n",
			want:  []string{"170 vow T", "170 vow", "112 vow resist", "112 vow xcomp:resist T", "112 vow xcomp:resist"},
		},
		{
			name:  "modifiers of the object cannot be checked",
			verbs: "--- ABANDON [345] ---\nABANDON\n- * DIPLOMATIC TIES [901]\n- * THE TIES [902]\n",
			want:  []string{"345 abandon T", "345 abandon", "902 abandon ties", "902 abandon xcomp:ties|tie T", "902 abandon xcomp:ties|tie"},
			warns: []string{"1 PETRARCH patterns with words the coder cannot check not converted"},
		},
		{
			name:  "particles",
			verbs: "--- BACK [042] ---\nBACK\n- * DOWN FROM [013]\n- * DOWN [111]\n",
			want:  []string{"042 back T", "042 back", "013 back +down from:T", "111 back +down T", "111 back +down"},
		},
		{
			name:  "adverbs before the verb",
			verbs: "--- CRITICIZE [121] ---\nCRITICIZE\n- HEAVILY * [122]\n- NOT_* [112]\n",
			want:  []string{"121 criticize T", "121 criticize", "122 criticize +heavily T", "122 criticize +heavily", "112 criticize +not T", "112 criticize +not"},
		},
		{
			name:  "governing verb with to",
			verbs: "--- AGREE [081] ---\nAGREE\n- FAILED_TO_* [111]\n- PLAN TO * [112]\n",
			want: []string{"081 agree T", "081 agree", "111 failed xcomp:agree T", "111 failed xcomp:agree",
				"111 fail xcomp:agree T", "111 fail xcomp:agree", "111 faile xcomp:agree T", "111 faile xcomp:agree",
				"112 plan xcomp:agree T", "112 plan xcomp:agree"},
		},
		{
			name:  "other words before the verb cannot be checked",
			verbs: "--- BAN [191] ---\nBAN\n- SAID * [192]\n- WILL * [193]\n- % * [194]\n- PLANES_* [195]\n",
			want:  []string{"191 ban T", "191 ban"},
			// SAID and PLANES: a verb the clause depends on and a subject;
			// WILL and %: an auxiliary and a compound subject
			warns: []string{"2 PETRARCH patterns with words before the verb not converted", "2 PETRARCH patterns with words the coder cannot check not converted"},
		},
		{
			name:  "passive",
			verbs: "--- EXTRADITE [174] ---\nEXTRADITE\n- + WAS_ * [175]\n- + * BY $ [176]\n- + * FROM $ [177]\n",
			want:  []string{"174 extradite T", "174 extradite"},
			warns: []string{"2 PETRARCH patterns that repeat an earlier one with another code not converted", "1 PETRARCH patterns with the source after the verb not converted"},
		},
		{
			name:  "passive with a word",
			verbs: "--- SHOOT [190] ---\nSHOOT\n- + WAS * DEAD [224]\n",
			want:  []string{"190 shoot T", "190 shoot", "224 shoot T dead", "224 shoot T xcomp:dead"},
		},
		{
			name:  "TABARI choice",
			verbs: "--- SHOOT [190] ---\nSHOOT\n- + { WAS | WERE } * DEAD [224]\n",
			want:  []string{"190 shoot T", "190 shoot", "224 shoot T dead", "224 shoot T xcomp:dead"},
		},
		{
			name:  "clause after the verb",
			verbs: "--- CONFIRM [024] ---\nCONFIRM\n- * WOULD VISIT [082]\n",
			want:  []string{"024 confirm T", "024 confirm"},
			warns: []string{"1 PETRARCH patterns with a clause after the verb not converted"},
		},
		{
			name:  "PETRARCH-1 null code gives the verb's code",
			verbs: "--- RIOT [181] ---\nRIOT\n- *_POLICE [---]\n--- CARD [---] ---\nCARD\n- * GAME [---]\n",
			want: []string{"181 riot T", "181 riot", "181 riot police", "181 riot xcomp:police T", "181 riot xcomp:police",
				"- card game", "- card xcomp:game T", "- card xcomp:game"},
		},
		{
			name:  "inflected block heads",
			verbs: "--- SAID [023] ---\nSAID\n--- KILLED [210] ---\nKILLED\n--- SPEED [050] ---\nSPEED {SPEEDS SPED}\n",
			want: []string{"023 say T", "023 say", "023 said T", "023 said",
				"210 killed T", "210 killed", "210 kill T", "210 kill", "210 kille T", "210 kille",
				"050 speed T", "050 speed"},
		},
		{
			name:  "multiword verb",
			verbs: "--- EXCLUDE [1721] ---\n+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF}\n- * FOR CONSTRUCTION [071]\n",
			want:  []string{"1721 cordon_off T", "1721 cordon_off", "071 cordon_off for:construction T", "071 cordon_off for:construction"},
		},
		{
			name:  "PETRARCH-2 groups",
			verbs: "--- EXPORT [070] ---\nEXPORT\n- * (TO +) [061]\n- * (FOR PEACE) [062]\n- * {AID CONVOY} [063]\n- * (TO + BORDER) [064]\n- * (IN $) [065]\n",
			want:  []string{"070 export T", "070 export", "061 export to:T", "062 export for:peace T", "062 export for:peace"},
			// AID and BORDER cannot be checked
			warns: []string{"1 PETRARCH patterns with the source after the verb not converted",
				"2 PETRARCH patterns with words the coder cannot check not converted"},
		},
		{
			name:  "PETRARCH-2 null code blocks",
			verbs: "--- FIRE [190] ---\nFIRE\n- * (AT +) [193]\n- * COACH [---]\n",
			want:  []string{"190 fire T", "190 fire", "193 fire at:T", "- fire coach"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got, warns := convertVerbs(t, tt.verbs)
			diffLists(t, "patterns", got, tt.want)
			diffLists(t, "warnings", warns, tt.warns)
		})
	}
}

func TestConvertSynsets(t *testing.T) {
	const verbs = `&PREPOSIT1_
+AGAINST
+ON
&CURRENCY
+DOLLARS
+SWISS FRANCS
+&METALS
&METALS
+GOLD
&NEGATIVE
+DID N'T
+NEVER

--- ACT [100] ---
ACT
- * &PREPOSIT1 RESOLUTION [102]
--- CONTRIBUTE [070] ---
CONTRIBUTE
- * &CURRENCY [903]
- * &UNDEFINED [904]
--- CLASH [223] ---
CLASH
- &NEGATIVE * [904]
`
	d, got, warns := convertVerbs(t, verbs)
	want := []string{
		"100 act T", "100 act",
		"102 act against:resolution T", "102 act against:resolution", "102 act on:resolution T", "102 act on:resolution",
		"070 contribute T", "070 contribute", "903 contribute &P_CURRENCY",
		"223 clash T", "223 clash", "904 clash +never T", "904 clash +never",
	}
	diffLists(t, "patterns", got, want)
	// "DID N'T" cannot be checked ("did"), but "NEVER" can, so the
	// pattern is converted in part and not reported
	diffLists(t, "warnings", warns, []string{"1 PETRARCH patterns with unknown synsets not converted"})
	cur := d.Sets["P_CURRENCY"]
	if cur == nil {
		t.Fatal("no set P_CURRENCY")
	}
	// a member of two words cannot be checked; members of a synset
	// inside the synset are members too
	diffLists(t, "P_CURRENCY", cur.Words, []string{"dollars", "gold"})
}

func TestConvertActors(t *testing.T) {
	const actors = `GONDOR [GON]
+MINAS_TIRITH
SAM_GAMGEE [HOB]
	[HOBCIV <20080120]
	[HOBMIL 20080120-20121109]
PRINCE OF DOL AMROTH
	[--- <950630]
	[DOL]
BOROMIR [---]
UNITED_NATIONS [IGOUNO]
THE_SHIRE [FRO/BIL/SAM]
`
	a, err := petrarch.ReadActors(strings.NewReader(actors), "t.actors", nil)
	if err != nil {
		t.Fatal(err)
	}
	d := (&petrarch.Set{Actors: []*petrarch.Actors{a}}).Dictionaries(nil)
	var got []string
	for _, e := range d.Actors {
		var codes []string
		for _, c := range e.Codes {
			s := c.Code
			if !c.From.IsZero() || !c.To.IsZero() {
				s += "@" + day(c.From) + ".." + day(c.To)
			}
			codes = append(codes, s)
		}
		got = append(got, strings.Join(e.Phrases, "; ")+" => "+strings.Join(codes, " ")+" | kind="+e.Kind)
		if !e.AnyCase {
			t.Errorf("%v: not matched in any case", e.Phrases)
		}
	}
	diffLists(t, "actors", got, []string{
		"GONDOR; MINAS TIRITH => GON | kind=country",
		"SAM GAMGEE => HOBCIV@..2008-01-20 HOBMIL@2008-01-20..2012-11-09 HOB | kind=",
		"PRINCE OF DOL AMROTH => ---@..1995-06-30 DOL | kind=",
		"UNITED NATIONS => IGOUNO | kind=",
		"THE SHIRE => FRO/BIL/SAM | kind=",
	})
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func TestConvertAgents(t *testing.T) {
	const agents = `!MINST! = MINISTER, MINISTRY
POLICE {} [~COP]
!MINST!_OF_SILLY_WALKS [~GOV]
GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]
MSF {} [NGO~]
`
	a, err := petrarch.ReadAgents(strings.NewReader(agents), "t.agents", nil)
	if err != nil {
		t.Fatal(err)
	}
	d := (&petrarch.Set{Agents: []*petrarch.Agents{a}}).Dictionaries(nil)
	var got []string
	for _, e := range d.Agents {
		got = append(got, strings.Join(e.Phrases, "; ")+" {"+strings.Join(e.Plurals, "; ")+"} => "+e.Code)
	}
	diffLists(t, "agents", got, []string{
		"police {} => COP",
		"minister of silly walks; ministry of silly walks {} => GOV",
		"golden goose {golden geese} => GGS",
		"msf {} => NGO",
	})
}

// The converted patterns must be valid avocet patterns: their canonical
// text parses back to the same pattern.
func TestConvertedPatternsParse(t *testing.T) {
	const verbs = `&PREP_
+AGAINST
+ON
--- ACT [100] ---
ACT
+CARRY_OUT
- * &PREP RESOLUTION [102]
- FAILED_TO_* [111]
- * TO RECONSIDER [103]
- NOT * [104]
- * DOWN FROM [013]
`
	_, got, _ := convertVerbs(t, verbs)
	for _, s := range got {
		p, err := dict.ParsePattern(s)
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if p.String() != s {
			t.Errorf("%q parses back as %q", s, p.String())
		}
	}
}
