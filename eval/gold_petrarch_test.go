package eval_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/eval"
)

// wantWarning is an expected reader warning: its line and a part of its
// message.
type wantWarning struct {
	line int
	text string
}

// checkWarnings reports warnings that are not positioned invalid-input
// errors in file name, or that differ from want.
func checkWarnings(t *testing.T, name string, got []error, want []wantWarning) {
	t.Helper()
	checkWarningTypes(t, name, got)
	if len(got) != len(want) {
		t.Errorf("%d warnings, want %d:\n%s", len(got), len(want), joinErrors(got))
		return
	}
	for i, w := range want {
		var pe *avocet.PosError
		if errors.As(got[i], &pe) && (pe.Line != w.line || !strings.Contains(got[i].Error(), w.text)) {
			t.Errorf("warning %d = %v, want line %d with %q", i, got[i], w.line, w.text)
		}
	}
}

// checkWarningTypes reports warnings that are not *avocet.PosError values
// for file name wrapping avocet.ErrInvalidInput.
func checkWarningTypes(t *testing.T, name string, got []error) {
	t.Helper()
	for _, w := range got {
		var pe *avocet.PosError
		if !errors.As(w, &pe) || pe.File != name || !errors.Is(w, avocet.ErrInvalidInput) {
			t.Errorf("warning %v: not an *avocet.PosError for %q wrapping ErrInvalidInput", w, name)
		}
	}
}

func joinErrors(errs []error) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "\t%v\n", e)
	}
	return b.String()
}

// ids returns the IDs of recs.
func ids(recs []eval.GoldRecord) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.ID)
	}
	return out
}

func TestReadPetrarchXMLNews(t *testing.T) {
	const name = "testdata/gold/news.xml"
	recs, warnings, err := eval.ReadGold(name)
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, name, warnings, nil)
	stop := map[string]string{"stop_on_error": "True"}
	noDyad := map[string]string{"stop_on_error": "True", "require_dyad": "false"}
	dyad := map[string]string{"stop_on_error": "True", "require_dyad": "true"}
	want := []eval.GoldRecord{
		{ID: "NEWS-01", Date: "20240305", Category: "PROTEST",
			Text: "Kenyan police detained twelve demonstrators outside the parliament in Nairobi on Tuesday.",
			Parse: "(ROOT (S (NP (JJ Kenyan) (NNS police)) (VP (VBD detained) (NP (CD twelve) (NNS demonstrators))\n" +
				"  (PP (IN outside) (NP (NP (DT the) (NN parliament)) (PP (IN in) (NP (NNP Nairobi)))))\n" +
				"  (PP (IN on) (NP (NNP Tuesday)))) (. .)))",
			Events:   []eval.GoldEvent{{"KENCOP", "KENCVL", "173"}},
			Evaluate: true, Config: stop, File: name, Line: 13},
		{ID: "NEWS-02", Date: "20240306", Category: "DIPLOMACY",
			Text:     "Norway and Sweden signed a fisheries agreement in Oslo on Wednesday, officials said.",
			Events:   []eval.GoldEvent{{"NOR", "SWE", "057"}, {"SWE", "NOR", "057"}},
			Evaluate: true, Config: stop, File: name, Line: 26},
		{ID: "NEWS-03", Date: "20240307", Category: "NONE",
			Text:     "Heavy rain delayed the start of the cricket match between Colombo & Kandy.",
			NoEvents: true, Evaluate: true, Config: stop, File: name, Line: 33},
		{ID: "NEWS-04", Date: "20240308", Category: "PROTEST",
			Text: "Brazilian farmers staged protests against the new import tariffs.",
			Parse: "1\tBrazilian\tBrazilian\tADJ\tJJ\t_\t2\tamod\t_\t_\n" +
				"2\tfarmers\tfarmer\tNOUN\tNNS\t_\t3\tnsubj\t_\t_\n" +
				"3\tstaged\tstage\tVERB\tVBD\t_\t0\troot\t_\t_\n" +
				"4\tprotests\tprotest\tNOUN\tNNS\t_\t3\tobj\t_\t_\n" +
				"5\tagainst\tagainst\tADP\tIN\t_\t9\tcase\t_\t_\n" +
				"6\tthe\tthe\tDET\tDT\t_\t9\tdet\t_\t_\n" +
				"7\tnew\tnew\tADJ\tJJ\t_\t9\tamod\t_\t_\n" +
				"8\timport\timport\tNOUN\tNN\t_\t9\tcompound\t_\t_\n" +
				"9\ttariffs\ttariff\tNOUN\tNNS\t_\t4\tnmod\t_\tSpaceAfter=No\n" +
				"10\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_",
			Events:   []eval.GoldEvent{{"BRAAGR", "---", "141"}},
			Evaluate: true, Config: noDyad, File: name, Line: 40},
		{ID: "NEWS-05", Date: "20240309", Category: "ERROR", Text: "LIMA, March 9 -",
			ExpectError: "dateline", Evaluate: true, Config: dyad, File: name, Line: 59},
		{ID: "NEWS-06", Date: "20240310", Category: "DIPLOMACY",
			Text:   "Chile's foreign minister said she would travel to Lima next week for talks on fishing rights.",
			Events: []eval.GoldEvent{{"CHLGOV", "PERGOV", "036"}}, Config: dyad, File: name, Line: 64},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("records differ:\n got %+v\nwant %+v", recs, want)
	}
	if tm, err := recs[0].Time(); err != nil || tm.Format("2006-01-02") != "2024-03-05" {
		t.Errorf("Time() = %v, %v; want 2024-03-05", tm, err)
	}
}

// TestReadPetrarchXMLIrregular reads a file with the irregularities of
// published suites (see the file).
func TestReadPetrarchXMLIrregular(t *testing.T) {
	const name = "testdata/gold/irregular.xml"
	recs, warnings, err := eval.ReadGold(name)
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, name, warnings, []wantWarning{
		{9, `comment opened at line 8 contains a nested "<!--"`},
		{33, `record "IRR-01": empty <Text>; text rebuilt from the words of the <Parse>`},
		{33, `record id "IRR-01" already used at line 13; renamed "IRR-01#2"`},
		{45, `record "IRR-05" (line 44): <EventCoding> needs non-empty sourcecode, targetcode and eventcode; record skipped`},
	})
	want := []eval.GoldRecord{
		{ID: "IRR-01", Date: "20230412", Category: "AFP",
			Text:   "The French president arrived in Beijing for a three-day state visit.",
			Events: []eval.GoldEvent{{"FRA", "CHN", "042"}}, Evaluate: true, File: name, Line: 13},
		{ID: "IRR-02", Date: "20230413", Category: "AFP",
			Text:   "Angry farmers blocked roads around Paris to protest against fuel taxes.",
			Events: []eval.GoldEvent{{`"ANGRY FARMERS"`, "FRAGOV", "140"}}, Evaluate: true, File: name, Line: 20},
		{ID: "IRR-03", Date: "20230414", Category: "OLD",
			Text: "Ireland appealed to Britain to reopen the border crossings.",
			Parse: "(ROOT (S (NP (NNP Ireland)) (VP (VBD appealed) (PP (TO to) (NP (NNP Britain)))\n" +
				"  (S (VP (TO to) (VP (VB reopen) (NP (DT the) (NN border) (NNS crossings)))))) (. .)))",
			Events: []eval.GoldEvent{{"IRL", "GBR", "020"}}, Evaluate: true, File: name, Line: 24},
		{ID: "IRR-01#2", Date: "20230415", Category: "AFP", Text: "Markets closed higher.",
			Parse: "1\tMarkets\tmarket\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n" +
				"2\tclosed\tclose\tVERB\tVBD\t_\t0\troot\t_\t_\n" +
				"3\thigher\thigh\tADV\tRBR\t_\t2\tadvmod\t_\tSpaceAfter=No\n" +
				"4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_",
			NoEvents: true, Evaluate: true, File: name, Line: 33},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("records differ:\n got %+v\nwant %+v", recs, want)
	}
}

// TestReadPetrarchXMLMalformed checks that broken records are reported at
// their line and skipped while the records around them are read.
func TestReadPetrarchXMLMalformed(t *testing.T) {
	// good is a well-formed record that every case may end with.
	const good = `<Sentence id="ok" sentence="true">
<EventCoding noevents="True"/>
<Text>Stock markets in Seoul were calm on Monday.</Text>
</Sentence>
`
	tests := []struct {
		name     string
		in       string
		ids      []string
		warnings []wantWarning
		reason   string // why, where not obvious
	}{
		{
			name: "unclosed Text",
			in: `<Sentence id="a" sentence="true">
<EventCoding sourcecode="USA" targetcode="MEX" eventcode="042"/>
<Text>The US president flew to Mexico City.
</Sentence>
` + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{3, `record "a" (line 1): <Text> is not closed; record skipped`}},
		},
		{
			name: "unclosed Parse runs into the next record",
			in: `<Sentence id="a" sentence="true">
<EventCoding noevents="True"/>
<Text>Talks resumed in Geneva.</Text>
<Parse>(ROOT (S (NP (NNS Talks)) (VP (VBD resumed))))
` + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{4, `record "a" (line 1): <Parse> is not closed; record skipped`}},
			reason:   "the scanner stops the raw <Parse> content at the next <Sentence>",
		},
		{
			name: "EventCoding without eventcode",
			in: `<Sentence id="a" sentence="true">
<EventCoding sourcecode="TUR" targetcode="GRC"/>
<Text>Turkey and Greece held talks.</Text>
</Sentence>
` + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{2, `needs non-empty sourcecode, targetcode and eventcode; record skipped`}},
		},
		{
			name: "EventCoding without anything",
			in: `<Sentence id="a" sentence="true">
<EventCoding></EventCoding>
<Text>Turkey and Greece held talks.</Text>
</Sentence>
` + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{2, `<EventCoding> without sourcecode/targetcode/eventcode, noevents or error`}},
		},
		{
			name: "no id",
			in: good + `<Sentence date="20240101" sentence="true">
<EventCoding noevents="True"/>
<Text>Nothing happened.</Text>
</Sentence>
`,
			ids:      []string{"ok"},
			warnings: []wantWarning{{5, `record: <Sentence> without id=; record skipped`}},
		},
		{
			name: "no text",
			in: `<Sentence id="a" sentence="true">
<EventCoding noevents="True"/>
<Text>  </Text>
</Sentence>
` + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{1, `record "a": no text; record skipped`}},
		},
		{
			name: "events and noevents",
			in: `<Sentence id="a" sentence="true">
<EventCoding sourcecode="IND" targetcode="PAK" eventcode="111"/>
<EventCoding noevents="True"/>
<Text>India criticised Pakistan.</Text>
</Sentence>
` + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{1, `record "a": mixes expected events, noevents and error; record skipped`}},
		},
		{
			name: "second Text",
			in: `<Sentence id="a" sentence="true">
<EventCoding noevents="True"/>
<Text>One.</Text>
<Text>Two.</Text>
</Sentence>
` + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{4, `second <Text>`}},
		},
		{
			name: "unclosed quote in the Sentence tag",
			in: `<Sentence id="a sentence=true>
<EventCoding noevents="True"/>
<Text>Officials met in Accra.</Text>
</Sentence>
` + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{1, `record: malformed <Sentence> tag: value of id= not closed by "; record skipped`}},
			reason:   "the quote is not closed before the next '<'; the EventCoding and Text go with the broken record",
		},
		{
			name: "unclosed EventCoding tag",
			in: `<Sentence id="a" sentence="true">
<EventCoding sourcecode="GHA" targetcode="TGO" eventcode="042"
<Text>Ghana's president visited Togo.</Text>
</Sentence>
` + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{2, `record "a" (line 1): malformed <EventCoding> tag: tag not closed before the next '<'; record skipped`}},
		},
		{
			name: "untagged text with markup",
			in: `<Sentence id="a" valid="true">
<EventCoding sourcecode="ARG" targetcode="CHL" eventcode="043">
Argentina's envoy toured <b>Chile</b> this week.
</Sentence>
` + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{3, `record has no <Text>, and its untagged text contains <b> markup`}},
		},
		{
			name:     "unterminated comment",
			in:       good + "<!-- the rest was never finished\n<Sentence id=\"b\">\n",
			ids:      []string{"ok"},
			warnings: []wantWarning{{5, `comment not closed; the rest of the input is ignored`}},
		},
		{
			name:     "comment with an unbalanced nested opening",
			in:       "<!-- a <!-- b -->\n" + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{1, `contains a "<!--" that is never closed; the comment ends at line 1`}},
		},
		{
			name: "Config without value",
			in: `<Config option="require_dyad"/>
` + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{1, `<Config option="require_dyad"> without value=; ignored`}},
		},
		{
			name:     "EventCoding outside a record",
			in:       `<EventCoding noevents="True"/>` + "\n" + good,
			ids:      []string{"ok"},
			warnings: []wantWarning{{1, `<EventCoding> outside a <Sentence> record; ignored`}},
		},
		{
			name:     "empty input",
			in:       "",
			warnings: []wantWarning{{0, `no <Sentence> records`}},
		},
		{
			name:     "not XML at all",
			in:       "Kenya condemned the attack.\n",
			warnings: []wantWarning{{0, `no <Sentence> records`}},
		},
		{
			name: "duplicate ids",
			in:   good + good + good,
			ids:  []string{"ok", "ok#2", "ok#3"},
			warnings: []wantWarning{
				{5, `record id "ok" already used at line 1; renamed "ok#2"`},
				{9, `record id "ok" already used at line 1; renamed "ok#3"`},
			},
		},
		{
			name: "self-closed Sentence, closed again",
			in: `<Sentence id="a" evaluate="true"/>
<EventCoding noevents="True" />
<Text>Fog closed the airport.</Text>
</Sentence>` + good,
			ids: []string{"a", "ok"},
		},
		{
			name: "unclosed records",
			in: `<Sentence id="a" valid="true">
<EventCoding sourcecode="CAN" targetcode="USA" eventcode="036">
<Text>Canada offered to mediate.</Text>
<Sentence id="b" valid="true">
<EventCoding sourcecode="USA" targetcode="CAN" eventcode="036">
<Text>The US offered to mediate.</Text>
</Sentences>` + good,
			ids:    []string{"a", "b", "ok"},
			reason: "a record also ends at the next <Sentence> or at </Sentences>",
		},
		{
			name: "stray tags and PLEvent lines",
			in: `</Sentence></Text>
<Sentence id="a" evaluate="true">
<PLEvent {"event": "036", "source": [{"code": "CAN"}]}>
<Skip>
<EventCoding noevents="True"> </EventCoding>
<Text>Rain fell.</Text></Parse>
</Sentence>` + good,
			ids: []string{"a", "ok"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, warnings, err := eval.ReadPetrarchXML(strings.NewReader(tt.in), "case.xml")
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(recs); !reflect.DeepEqual(got, tt.ids) {
				t.Errorf("ids %q, want %q (%s)", got, tt.ids, tt.reason)
			}
			checkWarnings(t, "case.xml", warnings, tt.warnings)
		})
	}
}

// TestReadPetrarchXMLText checks entity decoding, CDATA, white space, odd
// attribute syntax and the text of untagged records.
func TestReadPetrarchXMLText(t *testing.T) {
	tests := []struct {
		name, in string
		want     eval.GoldRecord
	}{
		{
			name: "entities and CDATA",
			in: `<Sentence id="e&amp;1" sentence="TRUE"><EventCoding noevents="True"/>
<Text>Rock &amp; roll &lt;b&gt; &#233;t&#xE9; &bogus; &#0; 5 & 6 <![CDATA[a < b &amp; c]]></Text></Sentence>`,
			want: eval.GoldRecord{ID: "e&1", Text: "Rock & roll <b> été &bogus; \uFFFD 5 & 6 a < b &amp; c", NoEvents: true, Evaluate: true, Line: 1},
		},
		{
			name: "comments inside Text and Parse",
			in: `<Sentence id="c"><EventCoding noevents="True"/><Text>Left <!-- note --> right</Text>
<Parse>(ROOT <!-- x --> (S))</Parse></Sentence>`,
			want: eval.GoldRecord{ID: "c", Text: "Left right", Parse: "(ROOT  (S))", NoEvents: true, Line: 1},
		},
		{
			name: "attribute spacing, quotes, case",
			in: `<sentence Date = "20080801" ID ='x 1' Category=DEMO evaluate>
<eventcoding SourceCode='"NEW ACTOR"' targetcode = "---" eventcode=" 010 "/>
<text>A statement.</text></sentence>`,
			want: eval.GoldRecord{ID: "x 1", Date: "20080801", Category: "DEMO", Text: "A statement.",
				Events: []eval.GoldEvent{{`"NEW ACTOR"`, "---", "010"}}, Line: 1},
		},
		{
			name: "untagged record with a parse and an unclosed EventCoding",
			in: `<Sentence id="u" valid="true">
<!-- (This comment looks like a tree) -->
<EventCoding sourcecode="POL" targetcode="DEU" eventcode="036">
Poland asked Germany for
  talks.
( (S (NP (NNP Poland)) (VP (VBD asked) (NP (NNP Germany)) (PP (IN for) (NP (NNS talks)))) (. .)))
</Sentence>`,
			want: eval.GoldRecord{ID: "u", Text: "Poland asked Germany for talks.", Evaluate: true,
				Parse:  "( (S (NP (NNP Poland)) (VP (VBD asked) (NP (NNP Germany)) (PP (IN for) (NP (NNS talks)))) (. .)))",
				Events: []eval.GoldEvent{{"POL", "DEU", "036"}}, Line: 1},
		},
		{
			name: "untagged text starting with a bracket",
			in: `<Sentence id="b"><EventCoding noevents="True">
(Reuters) Officials in Oslo declined to comment.
</Sentence>`,
			want: eval.GoldRecord{ID: "b", Text: "(Reuters) Officials in Oslo declined to comment.", NoEvents: true, Line: 1},
		},
		{
			name: "text rebuilt from a PTB parse",
			in: `<Sentence id="p"><EventCoding noevents="True"/><Text></Text>
<Parse>(ROOT (S (NP (NNS Officials)) (VP (VBD said) (NP (-LRB- -LRB-) (NN nothing) (-RRB- -RRB-))) (. .)))</Parse></Sentence>`,
			want: eval.GoldRecord{ID: "p", Text: "Officials said ( nothing ) .", NoEvents: true, Line: 1,
				Parse: "(ROOT (S (NP (NNS Officials)) (VP (VBD said) (NP (-LRB- -LRB-) (NN nothing) (-RRB- -RRB-))) (. .)))"},
		},
		{
			name: "text rebuilt from a CoNLL-U parse with a multiword token",
			in: "<Sentence id=\"m\"><EventCoding noevents=\"True\"/><Parse>\n" +
				"1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\t_\t_\t_\t_\t_\t_\t_\t_\n2\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n" +
				"3\tpanic\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n3.1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n4\t!\t_\t_\t_\t_\t_\t_\t_\t_\n" +
				"</Parse></Sentence>",
			want: eval.GoldRecord{ID: "m", Text: "don't panic!", NoEvents: true, Line: 1,
				Parse: "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\t_\t_\t_\t_\t_\t_\t_\t_\n2\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n" +
					"3\tpanic\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n3.1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n4\t!\t_\t_\t_\t_\t_\t_\t_\t_"},
		},
		{
			name: "invalid UTF-8 and a byte-order mark",
			in:   "\ufeff<Sentence id=\"v\"><EventCoding noevents=\"True\"/><Text>caf\xe9 talks</Text></Sentence>",
			want: eval.GoldRecord{ID: "v", Text: "caf\uFFFD talks", NoEvents: true, Line: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, _, err := eval.ReadPetrarchXML(strings.NewReader(tt.in), "t.xml")
			if err != nil {
				t.Fatal(err)
			}
			tt.want.File = "t.xml"
			if len(recs) != 1 || !reflect.DeepEqual(recs[0], tt.want) {
				t.Errorf("got %+v\nwant %+v", recs, tt.want)
			}
		})
	}
}

// TestReadPetrarchXMLConfig checks that <Config> switches apply to the
// records after them, each record holding its own copy.
func TestReadPetrarchXMLConfig(t *testing.T) {
	in := `<Sentence id="a"><EventCoding noevents="True"/><Text>A.</Text></Sentence>
<Config option="require_dyad" value="false"></Config>
<Config option="new_actor_length" value="4"/>
<Sentence id="b"><EventCoding noevents="True"/><Text>B.</Text></Sentence>
<Config option="require_dyad" value="true"/>
<Sentence id="c"><EventCoding noevents="True"/><Text>C.</Text></Sentence>`
	recs, warnings, err := eval.ReadPetrarchXML(strings.NewReader(in), "cfg.xml")
	if err != nil || len(warnings) > 0 {
		t.Fatal(err, warnings)
	}
	want := []map[string]string{
		nil,
		{"require_dyad": "false", "new_actor_length": "4"},
		{"require_dyad": "true", "new_actor_length": "4"},
	}
	for i, r := range recs {
		if !reflect.DeepEqual(r.Config, want[i]) {
			t.Errorf("record %s: Config %v, want %v", r.ID, r.Config, want[i])
		}
	}
	recs[1].Config["require_dyad"] = "changed"
	if recs[2].Config["require_dyad"] != "true" {
		t.Error("records share their Config map")
	}
}

func TestGoldRecordTime(t *testing.T) {
	for _, tt := range []struct {
		date, want string
	}{
		{"19950101", "1995-01-01"},
		{"2021-03-10", "2021-03-10"},
		{"121108", "2012-11-08"},
		{"950102", "1995-01-02"},
		{"2021-3-10", ""},
		{"", ""},
		{"20211310", ""},
	} {
		got, err := eval.GoldRecord{ID: "x", Date: tt.date}.Time()
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("Time(%q) = %v, want an error", tt.date, got)
		case tt.want == "" && !errors.Is(err, avocet.ErrInvalidInput):
			t.Errorf("Time(%q) error %v does not wrap ErrInvalidInput", tt.date, err)
		case tt.want != "" && (err != nil || got.Format("2006-01-02") != tt.want):
			t.Errorf("Time(%q) = %v, %v; want %s", tt.date, got, err, tt.want)
		}
	}
}
