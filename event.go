package avocet

import "time"

// Actor is a participant of an event as the coder identified it.
type Actor struct {
	Code      string    // CAMEO actor code ("USA", "USAGOV", "RUSMED", "IGOUNO"); "---" when unknown
	Name      string    // the name as written in the text
	Country   string    // ISO 3166 alpha-3 country, when the actor has one
	Sectors   []string  // roles/sectors: GOV, MIL, MED, LEG, JUD, COP, OPP, REB, NGO, IGO, BUS, CVL, REF, ...
	Canonical string    // canonical entity ("Emmanuel Macron"), when known
	Span      Span      // the words that named the actor
	Place     *Location // where the text puts the actor (GDELT's Actor1Geo/Actor2Geo); nil when unknown
}

// Flags qualify an event as the sentence reports it.
type Flags struct {
	Negated      bool `json:"negated,omitempty"`      // "did not attack"
	Hypothetical bool `json:"hypothetical,omitempty"` // modal or conditional: "may", "should", "would", "if"
	Future       bool `json:"future,omitempty"`       // "will meet"
	Reported     bool `json:"reported,omitempty"`     // reported speech: "X said Y attacked Z"
	Passive      bool `json:"passive,omitempty"`      // "was attacked by"
	Headline     bool `json:"headline,omitempty"`     // coded from the headline
	Speculative  bool `json:"speculative,omitempty"`  // others' expectation: "is expected to visit"
}

// Rule identifies the dictionary entry that produced an event.
type Rule struct {
	ID   string // pattern identifier
	File string // dictionary file the pattern came from
	Line int    // 1-based line of the pattern in File
}

// Location is a place attached to an event or actor.
type Location struct {
	Name       string  // full name ("Kassala, Kassala, Sudan")
	Country    string  // ISO 3166 alpha-3
	Admin1     string  // first-level administrative division code
	Lat, Lon   float64 // WGS84 degrees
	GeoNameID  int     // GeoNames feature ID; 0 when none
	Type       int     // GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state
	Confidence float64 // 0..1: how sure the geocoder is of this place
}

// Event is one "who did what to whom" record with its provenance.
type Event struct {
	ArticleID  string    // Article.ID
	Sentence   int       // index of the sentence in the article
	Date       time.Time // event date: the story date or the date a phrase resolved to; zero when unknown
	Source     Actor
	Target     Actor
	Code       string  // CAMEO event code, 3 or 4 digits ("0431")
	BaseCode   string  // first three digits
	RootCode   string  // first two digits
	QuadClass  int     // GDELT QuadClass 1-4
	Goldstein  float64 // Goldstein weight, -10..+10
	PloverType string  // PLOVER event type ("CONSULT")
	PloverMode string  // PLOVER mode, when the mapping has one
	Flags      Flags
	Verb       Span      // the verb (or phrase) that triggered the event
	Rule       Rule      // the pattern that fired
	Location   *Location // where it happened, when known
	Confidence float64   // 0..1
	Mentions   int       // times the event was mentioned in the story (1 unless deduplicated)
	Issues     []string  // issue/theme codes attached to the sentence
}
