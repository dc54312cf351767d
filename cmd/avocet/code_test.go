package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestCodeSampleGolden codes the built-in sample with the built-in
// dictionaries and compares the events with a reviewed golden file; rerun
// with -update after a deliberate change and review the diff like code.
func TestCodeSampleGolden(t *testing.T) {
	got, stderr, code := run(t, "", "code", "--format", "csv", "--date", "2024-03-15")
	if code != 0 {
		t.Fatalf("code failed (%d): %s", code, stderr)
	}
	checkGolden(t, filepath.Join("testdata", "sample-events.csv"), got)
}

// TestCodeJSONL codes a small JSONL story with a test dictionary and checks
// the events and their provenance against what the sentences say.
func TestCodeJSONL(t *testing.T) {
	story := `{"id":"k1","date":"2024-03-15","title":"Kenya Arrests 30 Ethiopian Protesters","text":"Kenyan police arrested 30 Ethiopian protesters on Monday. The army did not shell the village."}` + "\n"
	out, stderr, code := run(t, story, "code", "--dict", "testdata/dict", "--replace-dict", "-")
	if code != 0 {
		t.Fatalf("code failed (%d): %s", code, stderr)
	}
	var events []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		events = append(events, e)
	}
	// The headline and the first sentence both report the arrest; the
	// negated shelling is dropped.
	if len(events) != 2 {
		t.Fatalf("got %d events, want 2:\n%s", len(events), out)
	}
	head, body := events[0], events[1]
	if head["sentence"].(float64) != -1 || head["flags"].(map[string]any)["headline"] != true {
		t.Errorf("first event is not the headline's: %v", head)
	}
	if head["source"].(map[string]any)["code"] != "KEN" || head["target"].(map[string]any)["code"] != "ETHCVL" || head["verb"] != "Arrests" {
		t.Errorf("headline event %v", head)
	}
	src := body["source"].(map[string]any)
	tgt := body["target"].(map[string]any)
	if src["code"] != "KENCOP" || tgt["code"] != "ETHCVL" || body["code"] != "173" {
		t.Errorf("body event %v %v %v, want KENCOP ETHCVL 173", src["code"], tgt["code"], body["code"])
	}
	if body["date"] != "2024-03-11" { // "on Monday" in a story of Friday 15 March 2024
		t.Errorf("date %v, want 2024-03-11", body["date"])
	}
	if body["verb"] != "arrested" || body["text"] != "Kenyan police arrested 30 Ethiopian protesters on Monday." {
		t.Errorf("verb %v / text %v", body["verb"], body["text"])
	}
	rule := body["rule"].(map[string]any)
	if rule["file"] != "verbs.txt" || rule["line"].(float64) != 5 || rule["pattern"] != "173 arrest T" {
		t.Errorf("rule %v", rule)
	}
	if !strings.Contains(stderr, "coded 1 article(s), 2 sentence(s), 2 event(s)") {
		t.Errorf("summary line missing: %q", stderr)
	}
}

func TestCodeWarnsWithoutDate(t *testing.T) {
	_, stderr, code := run(t, `{"id":"nodate","text":"Kenyan police arrested 30 protesters."}`+"\n", "code", "--dict", "testdata/dict", "--replace-dict", "-")
	if code != 0 || !strings.Contains(stderr, "article nodate has no date") {
		t.Errorf("code %d, stderr %q", code, stderr)
	}
	if _, _, code := run(t, "x", "code", "--date", "15/03/2024"); code != 2 {
		t.Errorf("bad --date: exit %d, want 2", code)
	}
}

func TestCodeBadDictionary(t *testing.T) {
	_, stderr, code := run(t, "", "code", "--dict", "testdata/baddict", "--replace-dict")
	if code != 1 || !strings.Contains(stderr, "verbs.txt:2:") {
		t.Errorf("exit %d, stderr %q; want 1 and verbs.txt:2", code, stderr)
	}
}
