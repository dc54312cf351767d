package eval_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/avocet-events/avocet/eval"
)

func TestReadGoldJSONL(t *testing.T) {
	in := `{"id": "x-1", "date": "2021-03-10", "text": "Kenya condemned the bombing of its embassy in Mogadishu.", "events": [{"source": "KEN", "target": "---", "code": "111"}]}

{"id": " x-2 ", "text": "Flooding closed schools across Dhaka.", "events": [], "comment": "no event expected"}
{"id": "x-3", "text": "Officials in Quito said nothing.", "category": "NONE", "evaluate": false}
{"id": "x-4", "text": "LAGOS, May 2 -", "error": "dateline", "config": {"require_dyad": "false"}}
{"id": "x-5", "text": "Peru recalled its ambassador from Bolivia.", "parse": "(ROOT (S))", "events": [{"source": " PER ", "target": "BOL", "code": "1042"}, {"source": "PER", "target": "BOL", "code": "1042"}]}
` + "\r\n" + `{"ID": "x-6", "Text": "Keys are matched without regard to case.", "events": []}`
	recs, warnings, err := eval.ReadGoldJSONL(strings.NewReader(in), "g.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, "g.jsonl", warnings, nil)
	want := []eval.GoldRecord{
		{ID: "x-1", Date: "2021-03-10", Text: "Kenya condemned the bombing of its embassy in Mogadishu.",
			Events: []eval.GoldEvent{{"KEN", "---", "111"}}, Evaluate: true, File: "g.jsonl", Line: 1},
		{ID: "x-2", Text: "Flooding closed schools across Dhaka.", NoEvents: true, Evaluate: true, File: "g.jsonl", Line: 3},
		{ID: "x-3", Text: "Officials in Quito said nothing.", Category: "NONE", File: "g.jsonl", Line: 4},
		{ID: "x-4", Text: "LAGOS, May 2 -", ExpectError: "dateline", Evaluate: true,
			Config: map[string]string{"require_dyad": "false"}, File: "g.jsonl", Line: 5},
		{ID: "x-5", Text: "Peru recalled its ambassador from Bolivia.", Parse: "(ROOT (S))",
			Events:   []eval.GoldEvent{{"PER", "BOL", "1042"}, {"PER", "BOL", "1042"}},
			Evaluate: true, File: "g.jsonl", Line: 6},
		{ID: "x-6", Text: "Keys are matched without regard to case.", NoEvents: true, Evaluate: true, File: "g.jsonl", Line: 8},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("records differ:\n got %+v\nwant %+v", recs, want)
	}
	if tm, err := recs[0].Time(); err != nil || tm.Format("20060102") != "20210310" {
		t.Errorf("Time() = %v, %v", tm, err)
	}
}

// TestReadGoldJSONLMalformed checks that bad lines are reported with their
// line and skipped, and that reading goes on.
func TestReadGoldJSONLMalformed(t *testing.T) {
	const good = `{"id": "ok", "text": "Markets rose in Tokyo.", "events": []}`
	tests := []struct {
		name     string
		in       string
		ids      []string
		warnings []wantWarning
	}{
		{"not JSON", "Kenya condemned the attack.\n" + good, []string{"ok"},
			[]wantWarning{{1, "not a JSON object: invalid character 'K'"}}},
		{"truncated object", `{"id": "a", "text": "b"` + "\n" + good, []string{"ok"},
			[]wantWarning{{1, "not a JSON object: unexpected end of JSON input; line skipped"}}},
		{"array, not object", "[1, 2]\n" + good, []string{"ok"},
			[]wantWarning{{1, "not a JSON object"}}},
		{"two objects on a line", good + good, nil,
			[]wantWarning{{1, "invalid character '{' after top-level value"}}},
		{"no id", `{"text": "Rain.", "events": []}` + "\n" + good, []string{"ok"},
			[]wantWarning{{1, `record without "id"; line skipped`}}},
		{"blank text", good + "\n" + `{"id": "a", "text": " \n", "events": []}`, []string{"ok"},
			[]wantWarning{{2, `record "a": no "text"; line skipped`}}},
		{"id of the wrong type", `{"id": 7, "text": "Rain.", "events": []}` + "\n" + good, []string{"ok"},
			[]wantWarning{{1, `"id" must be a JSON string, not number; line skipped`}}},
		{"events of the wrong type", `{"id": "a", "text": "Rain.", "events": {"source": "USA"}}` + "\n" + good, []string{"ok"},
			[]wantWarning{{1, `"events" must be a JSON array, not object; line skipped`}}},
		{"event without code", `{"id": "a", "text": "Rain.", "events": [{"source": "USA", "target": "---"}]}` + "\n" + good, []string{"ok"},
			[]wantWarning{{1, `record "a": event 1 needs a non-empty "source", "target" and "code"`}}},
		{"events and error", `{"id": "a", "text": "Rain.", "events": [], "error": "dateline"}` + "\n" + good, []string{"ok"},
			[]wantWarning{{1, `record "a": both "events" and "error"; line skipped`}}},
		{"unknown key is kept", `{"id": "a", "text": "Rain.", "event": [{"source": "USA", "target": "---", "code": "010"}]}`, []string{"a"},
			[]wantWarning{{1, `unknown key "event" ignored`}}},
		{"duplicate id", good + "\n\n" + good, []string{"ok", "ok#2"},
			[]wantWarning{{3, `record id "ok" already used at line 1; renamed "ok#2"`}}},
		{"empty", "\n \n", nil, []wantWarning{{0, "no gold records"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, warnings, err := eval.ReadGoldJSONL(strings.NewReader(tt.in), "case.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(recs); !reflect.DeepEqual(got, tt.ids) {
				t.Errorf("ids %q, want %q", got, tt.ids)
			}
			checkWarnings(t, "case.jsonl", warnings, tt.warnings)
		})
	}
}

func TestReadGoldJSONLReadError(t *testing.T) {
	good := `{"id": "ok", "text": "Markets rose in Tokyo.", "events": []}` + "\n"
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader(good), iotest.ErrReader(boom))
	recs, _, err := eval.ReadGoldJSONL(r, "r.jsonl")
	if !errors.Is(err, boom) || err.Error() != "r.jsonl:2: disk on fire" {
		t.Errorf("err = %v, want r.jsonl:2: disk on fire", err)
	}
	if len(recs) != 1 {
		t.Errorf("read %d records before the error, want 1", len(recs))
	}
}

// TestGoldJSONLRoundTrip checks that news.jsonl, news.xml written as JSONL,
// reads to the same records as news.xml, and that writing and reading
// again changes nothing.
func TestGoldJSONLRoundTrip(t *testing.T) {
	fromXML, _, err := eval.ReadGold("testdata/gold/news.xml")
	if err != nil {
		t.Fatal(err)
	}
	fromJSONL, warnings, err := eval.ReadGold("testdata/gold/news.jsonl")
	if err != nil || len(warnings) > 0 {
		t.Fatal(err, warnings)
	}
	if !reflect.DeepEqual(withoutPlace(fromXML), withoutPlace(fromJSONL)) {
		t.Errorf("news.xml and news.jsonl differ:\n%+v\n%+v", fromXML, fromJSONL)
	}
	var buf bytes.Buffer
	if err := eval.WriteGoldJSONL(&buf, fromXML); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile("testdata/gold/news.jsonl")
	if buf.String() != string(want) {
		t.Errorf("WriteGoldJSONL(news.xml) differs from news.jsonl:\n%s", buf.String())
	}
}

// withoutPlace returns recs without File and Line.
func withoutPlace(recs []eval.GoldRecord) []eval.GoldRecord {
	out := make([]eval.GoldRecord, len(recs))
	for i, r := range recs {
		r.File, r.Line = "", 0
		out[i] = r
	}
	return out
}

func TestReadGoldFormat(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, file, content string
		records             int
		warning             string // part of the only warning, if any
		err                 string // part of the error, if any
	}{
		{"XML by content", "suite.txt", "\n  <Sentence id=\"a\"><EventCoding noevents=\"True\"/><Text>Calm.</Text></Sentence>", 1, "", ""},
		{"JSONL by content", "suite.xml", "\ufeff{\"id\": \"a\", \"text\": \"Calm.\", \"events\": []}\n", 1, "", ""},
		{"neither", "suite.jsonl", "\n\nid,text\n", 0, "", `suite.jsonl:3: cannot tell the gold format from "id,text\n"`},
		{"empty .jsonl", "empty.jsonl", "", 0, "no gold records", ""},
		{"empty .xml", "empty.xml", " \n", 0, "no <Sentence> records", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, warnings, err := eval.ReadGold(write(tt.file, tt.content))
			switch {
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("err = %v, want %q", err, tt.err)
			case tt.err == "" && err != nil:
				t.Errorf("err = %v", err)
			}
			if len(recs) != tt.records {
				t.Errorf("%d records, want %d", len(recs), tt.records)
			}
			if tt.warning != "" && (len(warnings) != 1 || !strings.Contains(warnings[0].Error(), tt.warning)) {
				t.Errorf("warnings %v, want one with %q", warnings, tt.warning)
			}
		})
	}
	if _, _, err := eval.ReadGold(filepath.Join(dir, "missing.xml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
}
