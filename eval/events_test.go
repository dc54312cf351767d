package eval_test

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/eval"
)

// ev builds a system event from "SOURCE TARGET CODE"; "_" stands for an
// empty actor code.
func ev(s string) avocet.Event {
	f := strings.Fields(s)
	actor := func(c string) avocet.Actor {
		if c == "_" {
			c = ""
		}
		return avocet.Actor{Code: c}
	}
	return avocet.Event{Source: actor(f[0]), Target: actor(f[1]), Code: f[2]}
}

// gev builds gold events from "SOURCE TARGET CODE" strings.
func gev(ss ...string) []eval.GoldEvent {
	var out []eval.GoldEvent
	for _, s := range ss {
		f := strings.Fields(s)
		out = append(out, eval.GoldEvent{Source: f[0], Target: f[1], Code: f[2]})
	}
	return out
}

// scoringCase is one gold record, the system's events for it, and the
// per-record counts worked out by hand, as {gold, system, correct}.
type scoringCase struct {
	rec                    eval.GoldRecord
	sys                    []avocet.Event
	strict, dyadRoot, root eval.EventScore
	why                    string
}

// scoringCases are worked out by hand; the comment of each says why.
var scoringCases = []scoringCase{
	{
		rec:    eval.GoldRecord{ID: "exact", Events: gev("USA CHN 042")},
		sys:    []avocet.Event{ev("USA CHN 042")},
		strict: eval.EventScore{1, 1, 1}, dyadRoot: eval.EventScore{1, 1, 1}, root: eval.EventScore{1, 1, 1},
		why: "identical event: correct at every level",
	},
	{
		rec:    eval.GoldRecord{ID: "dyad-swap", Events: gev("USA CHN 042")},
		sys:    []avocet.Event{ev("CHN USA 042")},
		strict: eval.EventScore{1, 1, 0}, dyadRoot: eval.EventScore{1, 1, 0}, root: eval.EventScore{1, 1, 1},
		why: "source and target swapped: only the root level, which ignores actors, matches",
	},
	{
		rec:    eval.GoldRecord{ID: "wrong-root", Events: gev("KENCOP KENCVL 173")},
		sys:    []avocet.Event{ev("KENCOP KENCVL 141")},
		strict: eval.EventScore{1, 1, 0}, dyadRoot: eval.EventScore{1, 1, 0}, root: eval.EventScore{1, 1, 0},
		why: "right actors, root 14 instead of 17: wrong at every level",
	},
	{
		rec:    eval.GoldRecord{ID: "agent-and-subcode", Events: gev("USAGOV IRNGOV 0431")},
		sys:    []avocet.Event{ev("USAMIL IRN 043")},
		strict: eval.EventScore{1, 1, 0}, dyadRoot: eval.EventScore{1, 1, 1}, root: eval.EventScore{1, 1, 1},
		why: "USAGOV/USAMIL share the root USA, IRNGOV/IRN the root IRN, 0431/043 the root 04",
	},
	{
		rec:    eval.GoldRecord{ID: "gold-duplicate", Events: gev("NOR SWE 057", "NOR SWE 057")},
		sys:    []avocet.Event{ev("NOR SWE 057")},
		strict: eval.EventScore{2, 1, 1}, dyadRoot: eval.EventScore{2, 1, 1}, root: eval.EventScore{2, 1, 1},
		why: "two identical expected events need two produced ones: one is missed",
	},
	{
		rec:    eval.GoldRecord{ID: "system-duplicate", Events: gev("NOR SWE 057")},
		sys:    []avocet.Event{ev("NOR SWE 057"), ev("NOR SWE 057")},
		strict: eval.EventScore{1, 2, 1}, dyadRoot: eval.EventScore{1, 2, 1}, root: eval.EventScore{1, 2, 1},
		why: "a gold event matches one system event only: the second copy is spurious",
	},
	{
		rec:    eval.GoldRecord{ID: "no-event-quiet", NoEvents: true},
		strict: eval.EventScore{0, 0, 0}, dyadRoot: eval.EventScore{0, 0, 0}, root: eval.EventScore{0, 0, 0},
		why: "no event expected, none produced: counts only for no-event accuracy",
	},
	{
		rec:    eval.GoldRecord{ID: "no-event-spurious", NoEvents: true},
		sys:    []avocet.Event{ev("GBR FRA 010")},
		strict: eval.EventScore{0, 1, 0}, dyadRoot: eval.EventScore{0, 1, 0}, root: eval.EventScore{0, 1, 0},
		why: "no event expected, one produced: a false positive at every level",
	},
	{
		rec:    eval.GoldRecord{ID: "empty-target", Events: gev("BRAAGR --- 141")},
		sys:    []avocet.Event{ev("BRAAGR _ 141")},
		strict: eval.EventScore{1, 1, 1}, dyadRoot: eval.EventScore{1, 1, 1}, root: eval.EventScore{1, 1, 1},
		why: `an empty system actor code is read as "---"`,
	},
	{
		rec:    eval.GoldRecord{ID: "dash-source", Events: gev("--- RUS 190")},
		sys:    []avocet.Event{ev("--- RUSMIL 190")},
		strict: eval.EventScore{1, 1, 0}, dyadRoot: eval.EventScore{1, 1, 1}, root: eval.EventScore{1, 1, 1},
		why: `"---" keeps the root "---"; RUS and RUSMIL share the root RUS`,
	},
	{
		rec:    eval.GoldRecord{ID: "two-events", Events: gev("FRA DEU 042", "FRA DEU 043")},
		sys:    []avocet.Event{ev("FRA DEU 043"), ev("FRA ITA 042")},
		strict: eval.EventScore{2, 2, 1}, dyadRoot: eval.EventScore{2, 2, 1}, root: eval.EventScore{2, 2, 2},
		why: "strict: only FRA DEU 043; dyad+root keys gold (FRA,DEU,04)x2, system (FRA,DEU,04),(FRA,ITA,04): 1; roots 04,04 vs 04,04: 2",
	},
	{
		rec:    eval.GoldRecord{ID: "not-coded", Events: gev("EGY ISR 036")},
		strict: eval.EventScore{1, 0, 0}, dyadRoot: eval.EventScore{1, 0, 0}, root: eval.EventScore{1, 0, 0},
		why: "no entry in the system map: the gold event is missed",
	},
}

// skippedCases are gold records ScoreEvents must skip with the given
// reason, under the options of TestScoreEvents.
var skippedCases = []struct {
	rec    eval.GoldRecord
	reason string
}{
	{eval.GoldRecord{ID: "exact", Events: gev("USA CHN 010")}, eval.SkipDuplicate},
	{eval.GoldRecord{ID: "dateline", ExpectError: "dateline", Evaluate: true}, eval.SkipExpectsError},
	{eval.GoldRecord{ID: "draft", Events: gev("IND PAK 111")}, eval.SkipNotEvaluated},
	{eval.GoldRecord{ID: "no-dyad", Events: gev("BRACVL --- 141"), Evaluate: true,
		Config: map[string]string{"require_dyad": "False", "stop_on_error": "True"}}, "config require_dyad=False"},
}

// TestScoreEvents scores the hand-worked cases above. Totals, adding up the
// cases in order:
//
//	gold    = 1+1+1+1+2+1+0+0+1+1+2+1 = 12
//	system  = 1+1+1+1+1+2+0+1+1+1+2+0 = 12
//	strict correct    = 1+0+0+0+1+1+0+0+1+0+1+0 = 5: P = R = F1 = 5/12
//	dyad+root correct = 1+0+0+1+1+1+0+0+1+1+1+0 = 7: P = R = F1 = 7/12
//	root correct      = 1+1+0+1+1+1+0+0+1+1+2+0 = 9: P = R = F1 = 9/12
//
// Two records expect no event and one of them got none: accuracy 1/2. The
// four skipped records bring the record count to 16.
func TestScoreEvents(t *testing.T) {
	var gold []eval.GoldRecord
	system := map[string][]avocet.Event{"not-in-gold": {ev("USA MEX 042")}, "also-not-in-gold": nil}
	for _, c := range scoringCases {
		c.rec.Evaluate = true
		gold = append(gold, c.rec)
		if c.sys != nil {
			system[c.rec.ID] = c.sys
		}
	}
	for _, c := range skippedCases {
		gold = append(gold, c.rec)
	}
	opts := eval.ScoreOptions{Supported: func(option, value string) bool {
		return option != "require_dyad" || strings.EqualFold(value, "true")
	}}
	got := eval.ScoreEvents(gold, system, opts)

	for i, c := range scoringCases {
		d := got.Details[i]
		if d.ID != c.rec.ID || d.Strict != c.strict || d.DyadRoot != c.dyadRoot || d.Root != c.root {
			t.Errorf("%s (%s): strict %v dyad+root %v root %v, want %v %v %v",
				c.rec.ID, c.why, d.Strict, d.DyadRoot, d.Root, c.strict, c.dyadRoot, c.root)
		}
	}
	want := []struct {
		name  string
		score eval.EventScore
		f1    float64
	}{
		{"strict", eval.EventScore{12, 12, 5}, 5.0 / 12},
		{"dyad+root", eval.EventScore{12, 12, 7}, 7.0 / 12},
		{"root", eval.EventScore{12, 12, 9}, 9.0 / 12},
	}
	for i, s := range []eval.EventScore{got.Strict, got.DyadRoot, got.Root} {
		w := want[i]
		if s != w.score || !near(s.Precision(), w.f1) || !near(s.Recall(), w.f1) || !near(s.F1(), w.f1) {
			t.Errorf("%s = %+v P %.4f R %.4f F1 %.4f, want %+v and %.4f", w.name, s, s.Precision(), s.Recall(), s.F1(), w.score, w.f1)
		}
	}
	if got.NoEventRecords != 2 || got.NoEventCorrect != 1 || got.NoEventAccuracy() != 0.5 {
		t.Errorf("no-event records %d correct %d, want 2 and 1", got.NoEventRecords, got.NoEventCorrect)
	}
	if got.Records != 16 || got.Scored != 12 || got.Skipped != 4 || got.UnknownIDs != 1 {
		t.Errorf("records %d scored %d skipped %d unknown ids %d, want 16 12 4 1", got.Records, got.Scored, got.Skipped, got.UnknownIDs)
	}
	wantReasons := map[string]int{}
	for i, c := range skippedCases {
		wantReasons[c.reason]++
		if it := got.SkippedItems[i]; it.ID != c.rec.ID || it.Reason != c.reason {
			t.Errorf("skipped item %d = %+v, want %s for %s", i, it, c.reason, c.rec.ID)
		}
	}
	if !reflect.DeepEqual(got.SkipReasons, wantReasons) {
		t.Errorf("skip reasons %v, want %v", got.SkipReasons, wantReasons)
	}

	// Matched, missed and spurious events at the strict level.
	d := got.Details[10] // two-events
	if !reflect.DeepEqual(d.Matched, gev("FRA DEU 043")) || !reflect.DeepEqual(d.Missed, gev("FRA DEU 042")) ||
		!reflect.DeepEqual(d.Spurious, gev("FRA ITA 042")) {
		t.Errorf("two-events: matched %v missed %v spurious %v", d.Matched, d.Missed, d.Spurious)
	}
	if d := got.Details[8]; !reflect.DeepEqual(d.System, gev("BRAAGR --- 141")) { // empty-target
		t.Errorf("empty-target: system events %v, want the empty target written ---", d.System)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

// TestScoreEventsWorst checks the order of the worst records for the
// cases of TestScoreEvents. Strict errors (missed + spurious) are 2 for
// dyad-swap, wrong-root, agent-and-subcode, dash-source and two-events;
// among them dyad+root errors are 2, 2, 0, 0, 2, and root errors break the
// tie of the first group: wrong-root 2, dyad-swap 0, two-events 0. Records
// with one strict error follow in gold order (their dyad+root and root
// errors are all 1).
func TestScoreEventsWorst(t *testing.T) {
	var gold []eval.GoldRecord
	system := map[string][]avocet.Event{}
	for _, c := range scoringCases {
		c.rec.Evaluate = true
		gold = append(gold, c.rec)
		system[c.rec.ID] = c.sys
	}
	got := eval.ScoreEvents(gold, system, eval.ScoreOptions{})
	var order []string
	for _, d := range got.Worst(-1) {
		order = append(order, d.ID)
	}
	want := []string{"wrong-root", "dyad-swap", "two-events", "agent-and-subcode", "dash-source",
		"gold-duplicate", "system-duplicate", "no-event-spurious", "not-coded"}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("Worst(-1) = %q\nwant %q", order, want)
	}
	if w := got.Worst(3); len(w) != 3 || w[2].ID != "two-events" {
		t.Errorf("Worst(3) = %d records", len(w))
	}
}

// TestScoreEventsOptions checks which records are skipped under each
// option.
func TestScoreEventsOptions(t *testing.T) {
	gold := []eval.GoldRecord{
		{ID: "a", Events: gev("USA CAN 042"), Evaluate: true},
		{ID: "b", Events: gev("USA CAN 042")}, // not for evaluation
		{ID: "c", Evaluate: true},             // no expectation stated
		{ID: "d", NoEvents: true, Evaluate: true, Config: map[string]string{"comma_max": "6"}},
		{ID: "e", ExpectError: "storydiscard", Evaluate: true}, // always skipped
	}
	system := map[string][]avocet.Event{"c": {ev("USA CAN 042")}}
	tests := []struct {
		name        string
		opts        eval.ScoreOptions
		scored      []string
		noEventRecs int
		reasons     map[string]int
	}{
		{"defaults", eval.ScoreOptions{}, []string{"a", "c", "d"}, 2,
			map[string]int{eval.SkipNotEvaluated: 1, eval.SkipExpectsError: 1}},
		{"all", eval.ScoreOptions{All: true}, []string{"a", "b", "c", "d"}, 2,
			map[string]int{eval.SkipExpectsError: 1}},
		{"skip unstated", eval.ScoreOptions{SkipUnstated: true}, []string{"a", "d"}, 1,
			map[string]int{eval.SkipNotEvaluated: 1, eval.SkipExpectsError: 1, eval.SkipNoCoding: 1}},
		{"unsupported switch", eval.ScoreOptions{Supported: func(o, v string) bool { return o != "comma_max" }}, []string{"a", "c"}, 1,
			map[string]int{eval.SkipNotEvaluated: 1, eval.SkipExpectsError: 1, "config comma_max=6": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := eval.ScoreEvents(gold, system, tt.opts)
			var scored []string
			for _, d := range got.Details {
				scored = append(scored, d.ID)
			}
			if !reflect.DeepEqual(scored, tt.scored) || got.NoEventRecords != tt.noEventRecs || !reflect.DeepEqual(got.SkipReasons, tt.reasons) {
				t.Errorf("scored %q, %d no-event records, skipped %v; want %q, %d, %v",
					scored, got.NoEventRecords, got.SkipReasons, tt.scored, tt.noEventRecs, tt.reasons)
			}
		})
	}
}

func TestEventScoreZero(t *testing.T) {
	var s eval.EventScore
	if s.Precision() != 0 || s.Recall() != 0 || s.F1() != 0 {
		t.Errorf("zero score: %v %v %v", s.Precision(), s.Recall(), s.F1())
	}
	s = eval.EventScore{Gold: 4, System: 0}
	if s.Precision() != 0 || s.Recall() != 0 || s.F1() != 0 {
		t.Errorf("no system events: %v %v %v", s.Precision(), s.Recall(), s.F1())
	}
	s = eval.EventScore{Gold: 4, System: 2, Correct: 2} // P 1, R 1/2, F1 2/3
	if s.Precision() != 1 || s.Recall() != 0.5 || !near(s.F1(), 2.0/3) {
		t.Errorf("%+v: %v %v %v", s, s.Precision(), s.Recall(), s.F1())
	}
}

// TestEventScoresJSON checks that the scores marshal with precision,
// recall and F1 and unmarshal back to the same value.
func TestEventScoresJSON(t *testing.T) {
	gold := []eval.GoldRecord{
		{ID: "a", Events: gev("CHN JPN 112", "JPN CHN 112"), Evaluate: true},
		{ID: "b", NoEvents: true, Evaluate: true},
		{ID: "c", ExpectError: "dateline", Evaluate: true},
	}
	system := map[string][]avocet.Event{"a": {ev("CHN JPN 112"), ev("JPN CHN 111")}}
	s := eval.ScoreEvents(gold, system, eval.ScoreOptions{})
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	// strict: gold 2, system 2, correct 1: precision = recall = F1 = 0.5
	for _, part := range []string{
		`"strict":{"gold":2,"system":2,"correct":1,"precision":0.5,"recall":0.5,"f1":0.5}`,
		`"root":{"gold":2,"system":2,"correct":2,"precision":1,"recall":1,"f1":1}`,
		`"no_event_records":1,"no_event_correct":1`,
		`"skip_reasons":{"expects error":1}`,
		`"missed":[{"source":"JPN","target":"CHN","code":"112"}]`,
	} {
		if !strings.Contains(string(b), part) {
			t.Errorf("JSON lacks %s:\n%s", part, b)
		}
	}
	var back eval.EventScores
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, s) {
		t.Errorf("JSON round trip changed the scores:\n%+v\n%+v", back, s)
	}
}

func TestEventScoresString(t *testing.T) {
	gold := []eval.GoldRecord{
		{ID: "a", Events: gev("CHN JPN 112", "JPN CHN 112"), Evaluate: true},
		{ID: "b", NoEvents: true, Evaluate: true},
		{ID: "c", ExpectError: "dateline", Evaluate: true},
		{ID: "d", NoEvents: true},
	}
	system := map[string][]avocet.Event{"a": {ev("CHN JPN 112"), ev("JPN CHN 111")}, "x": {ev("USA --- 010")}}
	got := eval.ScoreEvents(gold, system, eval.ScoreOptions{}).String()
	want := `Level      |  Gold | System | Correct | Precision |  Recall |    F1
-----------+-------+--------+---------+-----------+---------+-------
strict     |     2 |      2 |       1 |     50.00 |   50.00 | 50.00
dyad+root  |     2 |      2 |       2 |    100.00 |  100.00 |100.00
root       |     2 |      2 |       2 |    100.00 |  100.00 |100.00
no-event records: 1 of 1 with no event produced (100.00%)
records: 2 scored, 2 skipped (expects error 1, not for evaluation 1)
system output for 1 record ids not in the gold suite was ignored
`
	if got != want {
		t.Errorf("String:\n%s\nwant:\n%s", got, want)
	}
}
