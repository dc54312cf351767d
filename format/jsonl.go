package format

import (
	"encoding/json"
	"io"
	"math"

	"github.com/avocet-events/avocet"
)

// ActorJSON is an actor as written in JSONL output.
type ActorJSON struct {
	Code      string        `json:"code"`
	Name      string        `json:"name,omitempty"`
	Country   string        `json:"country,omitempty"`
	Sectors   []string      `json:"sectors,omitempty"`
	Canonical string        `json:"canonical,omitempty"`
	Span      []int         `json:"span,omitempty"`  // [start, end) byte offsets into the article text
	Place     *LocationJSON `json:"place,omitempty"` // where the text puts the actor
}

// EventJSON is one event line of JSONL output: the event, where it came
// from, and the rule that produced it.
type EventJSON struct {
	ArticleID  string        `json:"article_id"`
	Sentence   int           `json:"sentence"` // index in the article; -1 for the headline
	Date       string        `json:"date"`     // YYYY-MM-DD, or "" when the story has no date
	Source     ActorJSON     `json:"source"`
	Target     ActorJSON     `json:"target"`
	Code       string        `json:"code"`
	BaseCode   string        `json:"base_code"`
	RootCode   string        `json:"root_code"`
	QuadClass  int           `json:"quad_class"`
	Goldstein  float64       `json:"goldstein"`
	PloverType string        `json:"plover_type,omitempty"`
	PloverMode string        `json:"plover_mode,omitempty"`
	Flags      avocet.Flags  `json:"flags"`
	Verb       string        `json:"verb"`
	VerbSpan   []int         `json:"verb_span"`
	Text       string        `json:"text"` // the sentence
	Rule       RuleJSON      `json:"rule"`
	Confidence float64       `json:"confidence"`
	Mentions   int           `json:"mentions"`
	Issues     []string      `json:"issues,omitempty"`   // issue labels of the sentence (dictionary issues)
	Location   *LocationJSON `json:"location,omitempty"` // where it happened, when geocoded
}

// LocationJSON is a geocoded place in JSONL output.
type LocationJSON struct {
	Name       string  `json:"name"`
	Country    string  `json:"country,omitempty"`
	Admin1     string  `json:"admin1,omitempty"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	GeoNameID  int     `json:"geonames_id,omitempty"`
	Type       int     `json:"type,omitempty"` // GDELT geo type
	Confidence float64 `json:"confidence,omitempty"`
}

// RuleJSON names the dictionary entry that fired.
type RuleJSON struct {
	Pattern string `json:"pattern"`
	File    string `json:"file"`
	Line    int    `json:"line"`
}

// NewEventJSON builds the output record of e. text is what the spans
// point into and sentence the text of the event's sentence.
func NewEventJSON(e avocet.Event, text, sentence string) EventJSON {
	span := func(s avocet.Span) []int {
		if s == (avocet.Span{}) {
			return nil
		}
		return []int{s.Start, s.End}
	}
	actor := func(a avocet.Actor) ActorJSON {
		return ActorJSON{Code: a.Code, Name: a.Name, Country: a.Country, Sectors: a.Sectors, Canonical: a.Canonical, Span: span(a.Span), Place: newLocationJSON(a.Place)}
	}
	date := ""
	if !e.Date.IsZero() {
		date = e.Date.Format("2006-01-02")
	}
	verb := ""
	if e.Verb.Start >= 0 && e.Verb.End <= len(text) && e.Verb.Start < e.Verb.End {
		verb = text[e.Verb.Start:e.Verb.End]
	}
	return EventJSON{
		ArticleID: e.ArticleID, Sentence: e.Sentence, Date: date,
		Source: actor(e.Source), Target: actor(e.Target),
		Code: e.Code, BaseCode: e.BaseCode, RootCode: e.RootCode, QuadClass: e.QuadClass, Goldstein: e.Goldstein,
		PloverType: e.PloverType, PloverMode: e.PloverMode, Flags: e.Flags,
		Verb: verb, VerbSpan: span(e.Verb), Text: sentence,
		Rule:       RuleJSON{Pattern: e.Rule.ID, File: e.Rule.File, Line: e.Rule.Line},
		Confidence: math.Round(e.Confidence*100) / 100, Mentions: e.Mentions, Issues: e.Issues,
		Location: newLocationJSON(e.Location),
	}
}

// JSONLWriter writes one JSON object a line.
type JSONLWriter struct{ enc *json.Encoder }

// NewJSONLWriter returns a writer over w.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &JSONLWriter{enc: enc}
}

// Write writes one record.
func (w *JSONLWriter) Write(v any) error { return w.enc.Encode(v) }

func newLocationJSON(l *avocet.Location) *LocationJSON {
	if l == nil {
		return nil
	}
	return &LocationJSON{Name: l.Name, Country: l.Country, Admin1: l.Admin1, Lat: l.Lat, Lon: l.Lon,
		GeoNameID: l.GeoNameID, Type: l.Type, Confidence: math.Round(l.Confidence*100) / 100}
}
