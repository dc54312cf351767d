package eval_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/eval"
)

// checkGoldRecords reports records that break the readers' promises: a
// non-empty unique id and text, valid UTF-8, complete events, at most one
// kind of expectation, a line within the input. collapsed says that the
// text has no runs of XML white space (the XML reader collapses them).
func checkGoldRecords(t *testing.T, recs []eval.GoldRecord, lines int, collapsed bool) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range recs {
		if r.ID == "" || seen[r.ID] {
			t.Fatalf("record at line %d: empty or repeated id %q", r.Line, r.ID)
		}
		seen[r.ID] = true
		if strings.TrimSpace(r.Text) == "" {
			t.Fatalf("record %q: no text", r.ID)
		}
		if collapsed && (strings.ContainsAny(r.Text, "\t\r\n") || strings.Contains(r.Text, "  ") || strings.Trim(r.Text, " ") != r.Text) {
			t.Fatalf("record %q: text %q not collapsed", r.ID, r.Text)
		}
		for _, s := range []string{r.ID, r.Date, r.Category, r.Text, r.Parse, r.ExpectError} {
			if !utf8.ValidString(s) {
				t.Fatalf("record %q: invalid UTF-8 in %q", r.ID, s)
			}
		}
		kinds := 0
		for _, k := range []bool{len(r.Events) > 0, r.NoEvents, r.ExpectError != ""} {
			if k {
				kinds++
			}
		}
		if kinds > 1 {
			t.Fatalf("record %q states %d kinds of expectation", r.ID, kinds)
		}
		for _, e := range r.Events {
			if e.Source == "" || e.Target == "" || e.Code == "" {
				t.Fatalf("record %q: incomplete event %+v", r.ID, e)
			}
		}
		if r.Line < 1 || r.Line > lines {
			t.Fatalf("record %q: line %d outside 1..%d", r.ID, r.Line, lines)
		}
	}
}

// checkWarningLines reports warnings that are not positioned invalid-input
// errors within the input's lines (0 for the whole input).
func checkWarningLines(t *testing.T, warnings []error, lines int) {
	t.Helper()
	for _, w := range warnings {
		var pe *avocet.PosError
		if !errors.As(w, &pe) || !errors.Is(w, avocet.ErrInvalidInput) || pe.Line < 0 || pe.Line > lines {
			t.Fatalf("warning %v is not a positioned invalid-input error within lines 0..%d", w, lines)
		}
	}
}

// roundTrip writes recs as JSONL and reads them back; they must not change
// (but for File and Line) and must read without warnings.
func roundTrip(t *testing.T, recs []eval.GoldRecord) {
	t.Helper()
	var buf bytes.Buffer
	if err := eval.WriteGoldJSONL(&buf, recs); err != nil {
		t.Fatalf("WriteGoldJSONL: %v", err)
	}
	written := buf.String()
	again, warnings, err := eval.ReadGoldJSONL(&buf, "again")
	if err != nil || (len(recs) > 0 && len(warnings) > 0) {
		t.Fatalf("reading what was written: %v %v\n%s", err, warnings, written)
	}
	if !reflect.DeepEqual(withoutPlace(again), withoutPlace(recs)) {
		t.Fatalf("records changed in a JSONL round trip:\n%+v\n%+v\n%s", recs, again, written)
	}
}

func lineCount(data []byte) int { return bytes.Count(data, []byte("\n")) + 1 }

// FuzzReadPetrarchXML checks that the tolerant reader never fails or
// panics, that its warnings are positioned, that the records it returns
// are sound, and that they survive a JSONL round trip. Seeds are in
// testdata/fuzz/FuzzReadPetrarchXML and testdata/gold.
func FuzzReadPetrarchXML(f *testing.F) {
	for _, name := range []string{"testdata/gold/news.xml", "testdata/gold/irregular.xml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, warnings, err := eval.ReadPetrarchXML(bytes.NewReader(data), "fuzz.xml")
		if err != nil {
			t.Fatalf("error %v from an in-memory reader", err)
		}
		lines := lineCount(data)
		checkWarningLines(t, warnings, lines)
		checkGoldRecords(t, recs, lines, true)
		roundTrip(t, recs)
	})
}

// FuzzReadGoldJSONL checks that the JSONL reader never fails or panics on
// in-memory input, that its warnings are positioned, that its records are
// sound, and that writing and reading them again changes nothing. Seeds
// are in testdata/fuzz/FuzzReadGoldJSONL and testdata/gold.
func FuzzReadGoldJSONL(f *testing.F) {
	data, err := os.ReadFile("testdata/gold/news.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, warnings, err := eval.ReadGoldJSONL(bytes.NewReader(data), "fuzz.jsonl")
		if err != nil {
			t.Fatalf("error %v from an in-memory reader", err)
		}
		lines := lineCount(data)
		checkWarningLines(t, warnings, lines)
		checkGoldRecords(t, recs, lines, false)
		roundTrip(t, recs)
	})
}

func TestReadPetrarchXMLReadError(t *testing.T) {
	r := io.MultiReader(strings.NewReader("<Sentence id=\"a\">"), iotest.ErrReader(errors.New("disk on fire")))
	recs, _, err := eval.ReadPetrarchXML(r, "r.xml")
	if err == nil || err.Error() != "r.xml: disk on fire" || recs != nil {
		t.Errorf("err = %v with %d records, want r.xml: disk on fire", err, len(recs))
	}
}
