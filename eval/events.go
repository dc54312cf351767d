package eval

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/avocet-events/avocet"
)

// EventScore counts expected (gold) and produced (system) events at one
// level of agreement, and how many of them were matched.
type EventScore struct {
	Gold    int `json:"gold"`    // events the gold records expect
	System  int `json:"system"`  // events the system produced for the scored records
	Correct int `json:"correct"` // matched gold-system pairs
}

// Precision returns Correct/System, or 0 when System is 0.
func (s EventScore) Precision() float64 { return ratio(s.Correct, s.System) }

// Recall returns Correct/Gold, or 0 when Gold is 0.
func (s EventScore) Recall() float64 { return ratio(s.Correct, s.Gold) }

// F1 returns the harmonic mean of precision and recall,
// 2·Correct/(Gold+System), or 0 when both are 0.
func (s EventScore) F1() float64 { return ratio(2*s.Correct, s.Gold+s.System) }

func (s *EventScore) add(o EventScore) {
	s.Gold += o.Gold
	s.System += o.System
	s.Correct += o.Correct
}

// MarshalJSON writes the counts with precision, recall and F1.
func (s EventScore) MarshalJSON() ([]byte, error) {
	type counts EventScore
	return json.Marshal(struct {
		counts
		Precision float64 `json:"precision"`
		Recall    float64 `json:"recall"`
		F1        float64 `json:"f1"`
	}{counts(s), s.Precision(), s.Recall(), s.F1()})
}

// ScoreOptions says which gold records ScoreEvents scores.
type ScoreOptions struct {
	// Supported reports whether the coder honours a PETRARCH <Config>
	// switch (option and value as written in the gold file, for example
	// "require_dyad", "false"). A record with a switch in force that is not
	// supported is skipped with the reason `config option=value`. Nil
	// accepts every switch. Values keep their spelling ("false", "FALSE",
	// "False" all occur). The published unit-test suites have
	// stop_on_error=True (a validator switch) in force for every record and
	// comma_* and new_actor_length switches for most, so a function that
	// rejects every option it does not know skips nearly all of them.
	Supported func(option, value string) bool
	// All scores records that are not marked for evaluation
	// (sentence/evaluate/valid="true"); by default they are skipped.
	All bool
	// SkipUnstated skips records that state no expectation (a PETRARCH
	// <Sentence> without <EventCoding>, a JSONL line without "events").
	// By default they are scored as expecting no event, as PETRARCH's own
	// validator does.
	SkipUnstated bool
}

// Reasons for skipping a gold record: the keys of EventScores.SkipReasons,
// besides "config OPTION=VALUE" for an unsupported <Config> switch.
const (
	SkipDuplicate    = "duplicate id"       // an earlier record had the same ID
	SkipExpectsError = "expects error"      // ExpectError is set
	SkipNotEvaluated = "not for evaluation" // Evaluate is false and ScoreOptions.All is not set
	SkipNoCoding     = "no expected coding" // no expectation stated and ScoreOptions.SkipUnstated is set
)

const (
	skipConfigPrefix = "config " // + option=value
	noActor          = "---"     // actor code for no or an unknown actor
)

// EventScores is the result of ScoreEvents: event precision, recall and F1
// at three levels of agreement, micro-averaged over the events of all
// scored records, and how the records with no expected event fared.
type EventScores struct {
	Strict   EventScore `json:"strict"`    // source, target and event code all equal
	DyadRoot EventScore `json:"dyad_root"` // actor roots (first 3 characters) and event root (first 2 digits) equal
	Root     EventScore `json:"root"`      // event roots equal, actors ignored

	NoEventRecords int `json:"no_event_records"` // scored records that expect no event
	NoEventCorrect int `json:"no_event_correct"` // ... for which the system produced none

	Records      int            `json:"records"`                 // gold records given
	Scored       int            `json:"scored"`                  // records scored: Records - Skipped
	Skipped      int            `json:"skipped"`                 // records not scored
	SkipReasons  map[string]int `json:"skip_reasons,omitempty"`  // reason -> records
	UnknownIDs   int            `json:"unknown_ids,omitempty"`   // system record IDs with events that match no gold record
	Details      []RecordDetail `json:"details,omitempty"`       // one per scored record, in gold order
	SkippedItems []SkippedItem  `json:"skipped_items,omitempty"` // one per skipped record, in gold order
}

// NoEventAccuracy returns NoEventCorrect/NoEventRecords: the share of
// records expecting no event for which the system produced none; 0 when
// there are no such records.
func (s EventScores) NoEventAccuracy() float64 { return ratio(s.NoEventCorrect, s.NoEventRecords) }

// RecordDetail is how one gold record was scored.
type RecordDetail struct {
	ID       string      `json:"id"`
	Category string      `json:"category,omitempty"`
	Text     string      `json:"text"`
	File     string      `json:"file,omitempty"`
	Line     int         `json:"line,omitempty"`
	NoEvents bool        `json:"no_events,omitempty"` // the record expects no event
	Gold     []GoldEvent `json:"gold"`                // expected events
	System   []GoldEvent `json:"system"`              // produced events, codes normalised as compared

	Matched  []GoldEvent `json:"matched,omitempty"`  // strict matches
	Missed   []GoldEvent `json:"missed,omitempty"`   // gold events without a strict match
	Spurious []GoldEvent `json:"spurious,omitempty"` // system events without a strict match

	Strict   EventScore `json:"strict"`
	DyadRoot EventScore `json:"dyad_root"`
	Root     EventScore `json:"root"`
}

// Errors returns the number of strict misses and spurious events.
func (d RecordDetail) Errors() int { return len(d.Missed) + len(d.Spurious) }

// SkippedItem names a gold record that was not scored, and why.
type SkippedItem struct {
	ID     string `json:"id"`
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Reason string `json:"reason"`
}

// ScoreEvents scores a coder's events against gold records. system maps a
// record ID to the events the coder produced for that record's text; a
// record without an entry produced no event. Only Source.Code, Target.Code
// and Code of each event are used: they are trimmed of white space, and an
// empty actor code is taken as "---".
//
// Within a record, gold and system events are matched one to one (a
// multiset match: two identical expected events need two produced ones),
// at three levels: strict (source, target and code equal), dyad+root
// (source and target equal on their first three characters, the country or
// IGO root, and codes equal on their first two digits, the CAMEO root) and
// root (codes equal on their root, actors ignored). Each level compares
// keys for equality, so matching greedily in order finds a maximum
// matching: the events split into classes of equal keys, and any pairing
// within a class matches min(gold, system) events of it, which no
// matching can exceed. A record that expects no event adds its system
// events to System (each is a false positive) and counts in NoEventRecords.
//
// Records are skipped, and counted in SkipReasons, when an earlier record
// has the same ID, when they expect an error, when they are not marked for
// evaluation (unless opts.All), when they state no expectation and
// opts.SkipUnstated is set, and when a <Config> switch in force is not
// supported; the first reason in that order is the one recorded.
func ScoreEvents(gold []GoldRecord, system map[string][]avocet.Event, opts ScoreOptions) EventScores {
	var s EventScores
	s.Records = len(gold)
	seen := make(map[string]bool, len(gold))
	for _, g := range gold {
		reason := skipReason(g, seen, opts)
		seen[g.ID] = true
		if reason != "" {
			s.Skipped++
			if s.SkipReasons == nil {
				s.SkipReasons = map[string]int{}
			}
			s.SkipReasons[reason]++
			s.SkippedItems = append(s.SkippedItems, SkippedItem{ID: g.ID, File: g.File, Line: g.Line, Reason: reason})
			continue
		}
		d := scoreRecord(g, system[g.ID])
		s.Strict.add(d.Strict)
		s.DyadRoot.add(d.DyadRoot)
		s.Root.add(d.Root)
		if d.NoEvents {
			s.NoEventRecords++
			if len(d.System) == 0 {
				s.NoEventCorrect++
			}
		}
		s.Details = append(s.Details, d)
	}
	s.Scored = len(s.Details)
	for id, evs := range system {
		if len(evs) > 0 && !seen[id] {
			s.UnknownIDs++
		}
	}
	return s
}

// skipReason returns why g is not scored, or "".
func skipReason(g GoldRecord, seen map[string]bool, opts ScoreOptions) string {
	switch {
	case seen[g.ID]:
		return SkipDuplicate
	case g.ExpectError != "":
		return SkipExpectsError
	case !g.Evaluate && !opts.All:
		return SkipNotEvaluated
	case opts.SkipUnstated && len(g.Events) == 0 && !g.NoEvents:
		return SkipNoCoding
	}
	if opts.Supported != nil {
		for _, opt := range slices.Sorted(maps.Keys(g.Config)) {
			if val := g.Config[opt]; !opts.Supported(opt, val) {
				return skipConfigPrefix + opt + "=" + val
			}
		}
	}
	return ""
}

// scoreRecord matches the events of one record at the three levels.
func scoreRecord(g GoldRecord, sysEvents []avocet.Event) RecordDetail {
	d := RecordDetail{
		ID: g.ID, Category: g.Category, Text: g.Text, File: g.File, Line: g.Line,
		NoEvents: len(g.Events) == 0,
		Gold:     make([]GoldEvent, len(g.Events)),
		System:   make([]GoldEvent, len(sysEvents)),
	}
	for i, e := range g.Events {
		d.Gold[i] = normalEvent(e.Source, e.Target, e.Code)
	}
	for i, e := range sysEvents {
		d.System[i] = normalEvent(e.Source.Code, e.Target.Code, e.Code)
	}
	strict := func(e GoldEvent) GoldEvent { return e }
	dyadRoot := func(e GoldEvent) GoldEvent {
		return GoldEvent{actorRoot(e.Source), actorRoot(e.Target), eventRoot(e.Code)}
	}
	root := func(e GoldEvent) GoldEvent { return GoldEvent{Code: eventRoot(e.Code)} }

	gm, sm := matchEvents(d.Gold, d.System, strict)
	for i, e := range d.Gold {
		if gm[i] {
			d.Matched = append(d.Matched, e)
		} else {
			d.Missed = append(d.Missed, e)
		}
	}
	for i, e := range d.System {
		if !sm[i] {
			d.Spurious = append(d.Spurious, e)
		}
	}
	d.Strict = EventScore{len(d.Gold), len(d.System), len(d.Matched)}
	d.DyadRoot = EventScore{len(d.Gold), len(d.System), matchedCount(matchEvents(d.Gold, d.System, dyadRoot))}
	d.Root = EventScore{len(d.Gold), len(d.System), matchedCount(matchEvents(d.Gold, d.System, root))}
	return d
}

// matchEvents pairs each gold event, in order, with the first unpaired
// system event that has the same key. Because keys are compared for
// equality, this greedy pairing is a maximum matching (see ScoreEvents).
func matchEvents(gold, sys []GoldEvent, key func(GoldEvent) GoldEvent) (goldMatched, sysMatched []bool) {
	goldMatched = make([]bool, len(gold))
	sysMatched = make([]bool, len(sys))
	for i, g := range gold {
		kg := key(g)
		for j, s := range sys {
			if !sysMatched[j] && key(s) == kg {
				goldMatched[i], sysMatched[j] = true, true
				break
			}
		}
	}
	return goldMatched, sysMatched
}

// matchedCount returns the number of matched gold events; it takes both
// results of matchEvents.
func matchedCount(goldMatched, _ []bool) int {
	n := 0
	for _, m := range goldMatched {
		if m {
			n++
		}
	}
	return n
}

// normalEvent trims the codes and writes an absent actor as "---".
func normalEvent(src, tgt, code string) GoldEvent {
	actor := func(c string) string {
		if c = strings.TrimSpace(c); c == "" {
			return noActor
		}
		return c
	}
	return GoldEvent{actor(src), actor(tgt), strings.TrimSpace(code)}
}

// actorRoot returns the country or IGO part of an actor code: its first
// three characters ("USAGOV" -> "USA", "IGOUNO" -> "IGO", "---" -> "---").
func actorRoot(code string) string { return prefix(code, 3) }

// eventRoot returns the CAMEO root of an event code: its first two
// characters ("0431" -> "04", "190" -> "19").
func eventRoot(code string) string { return prefix(code, 2) }

// prefix returns the first n characters (runes) of s, or s when shorter.
func prefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// Worst returns up to n scored records with strict errors, those with the
// most errors (misses plus spurious events) first, then those with the
// most dyad+root and root errors; ties keep gold order. n < 0 returns all.
func (s EventScores) Worst(n int) []RecordDetail {
	var out []RecordDetail
	for _, d := range s.Details {
		if d.Errors() > 0 {
			out = append(out, d)
		}
	}
	errs := func(e EventScore) int { return e.Gold + e.System - 2*e.Correct }
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Errors() != b.Errors() {
			return a.Errors() > b.Errors()
		}
		if ea, eb := errs(a.DyadRoot), errs(b.DyadRoot); ea != eb {
			return ea > eb
		}
		return errs(a.Root) > errs(b.Root)
	})
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// String formats the scores as a table with percentages, then the
// no-event accuracy and the record counts with the reasons for skipping.
func (s EventScores) String() string {
	var b strings.Builder
	b.WriteString("Level      |  Gold | System | Correct | Precision |  Recall |    F1\n")
	b.WriteString("-----------+-------+--------+---------+-----------+---------+-------\n")
	for _, l := range []struct {
		name  string
		score EventScore
	}{{"strict", s.Strict}, {"dyad+root", s.DyadRoot}, {"root", s.Root}} {
		fmt.Fprintf(&b, "%-11s|%6d |%7d |%8d |%10.2f |%8.2f |%6.2f\n", l.name,
			l.score.Gold, l.score.System, l.score.Correct,
			100*l.score.Precision(), 100*l.score.Recall(), 100*l.score.F1())
	}
	fmt.Fprintf(&b, "no-event records: %d of %d with no event produced (%.2f%%)\n",
		s.NoEventCorrect, s.NoEventRecords, 100*s.NoEventAccuracy())
	fmt.Fprintf(&b, "records: %d scored, %d skipped", s.Scored, s.Skipped)
	if len(s.SkipReasons) > 0 {
		var parts []string
		for _, r := range slices.Sorted(maps.Keys(s.SkipReasons)) {
			parts = append(parts, fmt.Sprintf("%s %d", r, s.SkipReasons[r]))
		}
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	b.WriteByte('\n')
	if s.UnknownIDs > 0 {
		fmt.Fprintf(&b, "system output for %d record ids not in the gold suite was ignored\n", s.UnknownIDs)
	}
	return b.String()
}
