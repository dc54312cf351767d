package coder_test

import (
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/coder"
	"github.com/avocet-events/avocet/dict"
	"github.com/avocet-events/avocet/models"
	"github.com/avocet-events/avocet/nlp"
	"github.com/avocet-events/avocet/text"
)

// A small dictionary written for these tests.
var testDict = fstest.MapFS{
	"countries.txt": {Data: []byte(`
Kenya => KEN | kind=country
Kenyan; Kenyans => KEN | kind=demonym
Ethiopia => ETH | kind=country
Ethiopian => ETH | kind=demonym
Russia => RUS | kind=country
Russian => RUS | kind=demonym
Ukraine => UKR | kind=country
Moscow => RUSGOV | kind=capital
Kremlin => RUSGOV | kind=seat
`)},
	"people.txt": {Data: []byte(`
Amina Odhiambo; Odhiambo => KENGOV@2020..2030 KENELI | kind=person name=Amina Odhiambo
`)},
	"organizations.txt": {Data: []byte(`
United Nations; UN; U.N. => IGOUNO | kind=igo name=United Nations
`)},
	"agents.txt": {Data: []byte(`
police => COP
troops; soldier; army => MIL
rebel => REB
government; ministry => GOV
state television => MED | state=yes
foreign minister => GOV | kind=title
protester => CVL
`)},
	"issues.txt": {Data: []byte("SANCTIONS sanction; asset freeze\nNUCLEAR nuclear weapon\n")},
	"sets.txt":   {Data: []byte("&SANCTION = sanction; embargo\n&AID = aid; relief supply; air defence system\n")},
	"verbs.txt": {Data: []byte(`
042 visit T
043 meet with:T
043 meet T
043 meet
1721 impose &SANCTION on:T
173 arrest T
190 attack T
111 criticize T
010 say
- fire T
190 fire on:T
138 threaten xcomp:attack T
129 comply +not with:T
073 send &AID to:T
084 return T
`)},
}

var (
	once sync.Once
	ann  *nlp.Annotator
	dic  *dict.Dictionaries
)

func setup(t testing.TB) {
	t.Helper()
	once.Do(func() {
		var err error
		if ann, err = nlp.LoadBytes(models.EnglishNLP); err != nil {
			panic(err)
		}
		if dic, err = dict.Load(testDict, nil); err != nil {
			panic(err)
		}
	})
}

type ev struct{ src, tgt, code string }

func code(t testing.TB, c *coder.Coder, story string) ([]avocet.Event, []ev) {
	t.Helper()
	a := &avocet.Article{ID: "t1", Text: story, Date: time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)}
	st := c.NewStory(a)
	for _, s := range text.Segment(story, nil) {
		ann.Annotate(&s)
		st.Code(story, 0, &s)
	}
	var short []ev
	for _, e := range st.Events() {
		short = append(short, ev{e.Source.Code, e.Target.Code, e.Code})
	}
	return st.Events(), short
}

func TestCodeSentences(t *testing.T) {
	setup(t)
	c := coder.New(dic, nil, coder.Options{})
	tests := []struct {
		name  string
		story string
		want  []ev
	}{
		{"active transitive", "Kenyan police arrested 30 Ethiopian protesters.", []ev{{"KENCOP", "ETHCVL", "173"}}},
		{"passive with agent", "The convoy of Ethiopian troops was attacked by Kenyan rebels.", []ev{{"KENREB", "ETHMIL", "190"}}},
		// "officials" is not in the test dictionary, so "Ethiopian officials" is Ethiopia
		{"oblique target", "Odhiambo met with Ethiopian officials and the U.N. envoy.", []ev{{"KENGOV", "ETH", "043"}, {"KENGOV", "IGOUNO", "043"}}},
		{"person and country", "Amina Odhiambo visited Ethiopia on Tuesday.", []ev{{"KENGOV", "ETH", "042"}}},
		{"set object", "Russia imposed sanctions on Ukraine.", []ev{{"RUS", "UKR", "1721"}}},
		{"capital as actor", "Moscow criticized the United Nations.", []ev{{"RUSGOV", "IGOUNO", "111"}}},
		{"possessive agent", "Russia's state television criticized Ukraine.", []ev{{"RUSMED", "UKR", "111"}}},
		{"coordinated targets", "Kenya criticized Russia and Ukraine.", []ev{{"KEN", "RUS", "111"}, {"KEN", "UKR", "111"}}},
		{"reciprocal meeting", "Kenya and Ethiopia met in Nairobi.", []ev{{"KEN", "ETH", "043"}, {"ETH", "KEN", "043"}}},
		// "Ukrainian" is not in the test dictionary: the army takes the
		// country of the speaker, Ukraine
		{"reported speech codes the complement", "Ukraine said Russian troops attacked the Ukrainian army.", []ev{{"RUSMIL", "UKRMIL", "190"}}},
		// a participant of the sentence is not its setting
		{"participants are not settings", "Russian troops attacked the Ukrainian army.", []ev{{"RUSMIL", "---MIL", "190"}}},
		{"negative pattern blocks", "The government fired the police chief.", nil},
		{"fire on is an attack", "Russian troops fired on Ukraine.", []ev{{"RUSMIL", "UKR", "190"}}},
		{"negated event dropped", "Kenya did not criticize Ethiopia.", nil},
		{"control", "Russia threatened to attack Ukraine.", []ev{{"RUS", "UKR", "138"}}},
		{"a pattern that names the negation keeps its event", "Kenya did not comply with Ethiopia.", []ev{{"KEN", "ETH", "129"}}},
		{"the speaker's country is the setting", "Kenyan officials said rebels attacked the army in Ethiopia.", []ev{{"KENREB", "KENMIL", "190"}}},
		{"purpose clause takes the subject", "Kenyan police used force to arrest Ethiopian protesters.", []ev{{"KENCOP", "ETHCVL", "173"}}},
		{"negated governing verb negates the purpose", "Kenyan police did not use force to arrest Ethiopian protesters.", nil},
		{"multiword set member", "Kenya sent relief supplies to Ethiopia.", []ev{{"KEN", "ETH", "073"}}},
		{"multiword member under a modifier", "Russia sent new air defence systems to Ukraine.", []ev{{"RUS", "UKR", "073"}}},
		{"head alone is not the member", "Kenya sent supplies to Ethiopia.", nil},
		{"action on each other is reciprocal", "Kenya and Ethiopia criticized each other.", []ev{{"KEN", "ETH", "111"}, {"ETH", "KEN", "111"}}},
		{"finite verb under a name root", "Kenya on Tuesday criticized Ethiopia.", []ev{{"KEN", "ETH", "111"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := code(t, c, tt.story)
			if strings.Join(fmtEvs(got), " ") != strings.Join(fmtEvs(tt.want), " ") {
				t.Errorf("%q\n got  %v\n want %v", tt.story, got, tt.want)
			}
		})
	}
}

func fmtEvs(es []ev) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.src+">"+e.tgt+":"+e.code)
	}
	return out
}

func TestProvenanceAndFlags(t *testing.T) {
	setup(t)
	c := coder.New(dic, nil, coder.Options{KeepNegated: true})
	story := "Kenya did not criticize Ethiopia on Monday."
	events, _ := code(t, c, story)
	if len(events) != 1 {
		t.Fatalf("got %d events, want 1", len(events))
	}
	e := events[0]
	if !e.Flags.Negated {
		t.Error("negation not flagged")
	}
	if got := story[e.Verb.Start:e.Verb.End]; got != "criticize" {
		t.Errorf("verb span gives %q", got)
	}
	if got := story[e.Source.Span.Start:e.Source.Span.End]; got != "Kenya" {
		t.Errorf("source span gives %q", got)
	}
	if got := story[e.Target.Span.Start:e.Target.Span.End]; got != "Ethiopia" {
		t.Errorf("target span gives %q", got)
	}
	if e.Rule.File != "verbs.txt" || e.Rule.Line != 9 {
		t.Errorf("rule %+v, want verbs.txt:9", e.Rule)
	}
	// 2024-03-15 is a Friday; "on Monday" is the Monday before
	if want := time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC); !e.Date.Equal(want) {
		t.Errorf("date %s, want %s", e.Date, want)
	}
	if e.QuadClass != 3 || e.RootCode != "11" || e.Goldstein >= 0 {
		t.Errorf("codebook fields: quad %d root %s goldstein %v", e.QuadClass, e.RootCode, e.Goldstein)
	}
}

func TestMentionsDeduplicated(t *testing.T) {
	setup(t)
	c := coder.New(dic, nil, coder.Options{})
	events, _ := code(t, c, "Russia criticized Ukraine. Russia criticized Ukraine again.")
	if len(events) != 1 || events[0].Mentions != 2 {
		t.Fatalf("events %+v, want one with 2 mentions", events)
	}
}

func TestStoryContext(t *testing.T) {
	setup(t)
	c := coder.New(dic, nil, coder.Options{})
	_, got := code(t, c, "Kenyan police arrested two men. The ministry criticized Ethiopia.")
	want := []ev{{"KENCOP", "---", "173"}, {"KENGOV", "ETH", "111"}}
	if strings.Join(fmtEvs(got), " ") != strings.Join(fmtEvs(want), " ") {
		t.Errorf("got %v, want %v", got, want)
	}
}

// A time expression in object position is neither the target nor its
// name: the event keeps an unknown target with no words behind it, and its
// date moves to the Monday of next week.
func TestTimeIsNotTarget(t *testing.T) {
	setup(t)
	c := coder.New(dic, nil, coder.Options{})
	events, _ := code(t, c, "Kenyan troops would return next week.")
	if len(events) != 1 {
		t.Fatalf("got %d events, want 1", len(events))
	}
	e := events[0]
	if e.Target.Name != "" || e.Target.Span != (avocet.Span{}) {
		t.Errorf("target %+v names the time expression", e.Target)
	}
	if got := e.Date.Format("2006-01-02"); got != "2024-03-18" {
		t.Errorf("date %s, want 2024-03-18 (Monday after the story date, Friday 15 March)", got)
	}
}

// Events carry the issues their sentence mentions, matched by form or
// lemma, each once, in dictionary order.
func TestIssues(t *testing.T) {
	setup(t)
	c := coder.New(dic, nil, coder.Options{})
	events, _ := code(t, c, "Russia imposed sanctions on Ukraine over its nuclear weapons and an asset freeze.")
	if len(events) != 1 {
		t.Fatalf("got %d events, want 1", len(events))
	}
	if got := strings.Join(events[0].Issues, ","); got != "SANCTIONS,NUCLEAR" {
		t.Errorf("issues %q, want SANCTIONS,NUCLEAR", got)
	}
	events, _ = code(t, c, "Kenyan police arrested 30 Ethiopian protesters.")
	if len(events) != 1 || len(events[0].Issues) != 0 {
		t.Errorf("events %+v, want one without issues", events)
	}
}

// A place the dictionaries do not know is coded as its country when the
// gazetteer knows it; a name with a title is not looked up.
func TestPlaceCountry(t *testing.T) {
	setup(t)
	places := map[string]string{"Kharkiv": "UKR", "Bunia": "COD"}
	c := coder.New(dic, nil, coder.Options{PlaceCountry: func(name string) (string, bool) {
		c, ok := places[name]
		return c, ok
	}})
	tests := []struct {
		story string
		want  []ev
	}{
		{"Russian troops attacked Kharkiv.", []ev{{"RUSMIL", "UKR", "190"}}},
		{"Kenyan rebels attacked the town of Bunia.", []ev{{"KENREB", "COD", "190"}}},
		{"Kenyan rebels attacked Springfield.", []ev{{"KENREB", "---", "190"}}}, // unknown to the gazetteer
	}
	for _, tt := range tests {
		_, got := code(t, c, tt.story)
		if strings.Join(fmtEvs(got), " ") != strings.Join(fmtEvs(tt.want), " ") {
			t.Errorf("%q\n got  %v\n want %v", tt.story, got, tt.want)
		}
	}
}
