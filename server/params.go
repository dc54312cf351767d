package server

import (
	"errors"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"

	"github.com/avocet-events/avocet"
)

// Filter is the set of query parameters that select events. Every event
// endpoint (/api/v1/events, /series, /top/actors, /top/dyads, /daily) takes
// it, and so do the article endpoints (/api/v1/articles, /top/entities,
// /top/themes) through ArticleQuery; empty parameters do not filter. Actor
// patterns, countries, sectors and themes are upper-cased, and names
// trimmed, before they reach the store.
type Filter struct {
	Source  string        `query:"source" maxLength:"64" pattern:"^[A-Za-z0-9-]*[*]?$" patternDescription:"an actor code, optionally ending in *" doc:"Source actor pattern: a CAMEO actor code (USAGOV), or a prefix ending in * (USA* matches USA, USAGOV, USAMIL)."`
	Target  string        `query:"target" maxLength:"64" pattern:"^[A-Za-z0-9-]*[*]?$" patternDescription:"an actor code, optionally ending in *" doc:"Target actor pattern, as source."`
	Actor   string        `query:"actor" maxLength:"64" pattern:"^[A-Za-z0-9-]*[*]?$" patternDescription:"an actor code, optionally ending in *" doc:"Actor pattern matched against either side of the event."`
	Country string        `query:"country" pattern:"^[A-Za-z]{3}$" patternDescription:"an ISO 3166 alpha-3 code" doc:"ISO 3166 alpha-3 country of either actor (UKR)."`
	Sector  string        `query:"sector" maxLength:"16" pattern:"^[A-Za-z]{2,16}$" patternDescription:"a sector code such as GOV" doc:"Sector or role of either actor (GOV, MIL, MED, ...)."`
	Code    string        `query:"code" pattern:"^[0-9]{1,4}$" patternDescription:"1 to 4 digits" doc:"CAMEO event code prefix: 19 (root), 190, 1823."`
	Quad    QuadClasses   `query:"quad" doc:"Comma-separated QuadClasses 1-4 (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict)."`
	MinGold OptionalFloat `query:"min_goldstein" minimum:"-10" maximum:"10" doc:"Goldstein weight at least this (-10..10)."`
	MaxGold OptionalFloat `query:"max_goldstein" minimum:"-10" maximum:"10" doc:"Goldstein weight at most this (-10..10)."`
	From    Date          `query:"from" doc:"First date, YYYY-MM-DD (inclusive): of the event, or on article endpoints of the article."`
	To      Date          `query:"to" doc:"Last date, YYYY-MM-DD (inclusive), as from."`
	Text    string        `query:"q" maxLength:"256" pattern:"^[^\\x00-\\x1F\\x7F-\\x9F]*$" patternDescription:"text without control characters" doc:"Case-insensitive text the event's sentence must contain."`
	Article string        `query:"article" maxLength:"128" pattern:"^[^\\x00-\\x1F\\x7F-\\x9F]*$" patternDescription:"an ID without control characters" doc:"Only the events of this article ID."`

	// Knowledge of the event's article (of the article itself on the
	// article endpoints).

	Place  string `query:"place" maxLength:"128" pattern:"^[^\\x00-\\x1F\\x7F-\\x9F]*$" patternDescription:"text without control characters" doc:"Place: a place whose name contains this, ignoring case (Kharkiv), or an ISO 3166 alpha-3 country (UKR). On event endpoints the event's own place; on article endpoints a place the article mentions."`
	Theme  string `query:"theme" maxLength:"128" pattern:"^[A-Za-z0-9_]*[*]?$" patternDescription:"a theme code, optionally ending in *" doc:"A theme of the article: a theme code (SANCTIONS), or a prefix ending in * (ENV_*)."`
	Person string `query:"person" maxLength:"128" pattern:"^[^\\x00-\\x1F\\x7F-\\x9F]*$" patternDescription:"text without control characters" doc:"A person the article names: a PER entity whose name or canonical name contains this, ignoring case (Ramaphosa)."`
	Org    string `query:"org" maxLength:"128" pattern:"^[^\\x00-\\x1F\\x7F-\\x9F]*$" patternDescription:"text without control characters" doc:"An organisation the article names: an ORG entity whose name or canonical name contains this, ignoring case."`
	Entity string `query:"entity" maxLength:"128" pattern:"^[^\\x00-\\x1F\\x7F-\\x9F]*$" patternDescription:"text without control characters" doc:"An entity of any type the article names, whose name or canonical name contains this, ignoring case."`
}

// Query returns the store query f describes, or a 422 problem naming the
// parameter when the parameters contradict each other or are not UTF-8.
// place is the event's place; theme, person, org and entity filter on the
// event's article.
func (f *Filter) Query() (avocet.EventQuery, error) {
	q := avocet.EventQuery{
		Source:    strings.ToUpper(f.Source),
		Target:    strings.ToUpper(f.Target),
		Actor:     strings.ToUpper(f.Actor),
		Country:   strings.ToUpper(f.Country),
		Sector:    strings.ToUpper(f.Sector),
		Code:      f.Code,
		QuadClass: f.Quad.List,
		From:      f.From.Time,
		To:        f.To.Time,
		Text:      f.Text,
		ArticleID: f.Article,
		Place:     strings.TrimSpace(f.Place),
		Knowledge: f.knowledge(),
	}
	if f.MinGold.Set {
		v := f.MinGold.Value
		q.MinGold = &v
	}
	if f.MaxGold.Set {
		v := f.MaxGold.Value
		q.MaxGold = &v
	}
	switch {
	case f.MinGold.Set && math.IsNaN(f.MinGold.Value):
		return q, paramError(http.StatusUnprocessableEntity, "query.min_goldstein", "NaN", "not a number")
	case f.MaxGold.Set && math.IsNaN(f.MaxGold.Value):
		return q, paramError(http.StatusUnprocessableEntity, "query.max_goldstein", "NaN", "not a number")
	case !q.From.IsZero() && !q.To.IsZero() && q.From.After(q.To):
		return q, paramError(http.StatusUnprocessableEntity, "query.from", f.From.String(), "after to ("+f.To.String()+")")
	case q.MinGold != nil && q.MaxGold != nil && *q.MinGold > *q.MaxGold:
		return q, paramError(http.StatusUnprocessableEntity, "query.min_goldstein", *q.MinGold, "greater than max_goldstein")
	}
	for _, p := range []struct{ name, v string }{
		{"q", f.Text}, {"article", f.Article}, {"place", f.Place},
		{"person", f.Person}, {"org", f.Org}, {"entity", f.Entity},
	} {
		if !utf8.ValidString(p.v) {
			return q, paramError(http.StatusUnprocessableEntity, "query."+p.name, strings.ToValidUTF8(p.v, "\uFFFD"), "not valid UTF-8")
		}
	}
	return q, nil
}

// knowledge returns the article filter of theme, person, org and entity.
func (f *Filter) knowledge() avocet.ArticleFilter {
	return avocet.ArticleFilter{
		Theme:  strings.ToUpper(f.Theme),
		Person: strings.TrimSpace(f.Person),
		Org:    strings.TrimSpace(f.Org),
		Entity: strings.TrimSpace(f.Entity),
	}
}

// hasEventFilter reports whether f sets a parameter that only events
// have: anything but from, to and the knowledge parameters.
func (f *Filter) hasEventFilter() bool {
	return f.Source != "" || f.Target != "" || f.Actor != "" || f.Country != "" || f.Sector != "" ||
		f.Code != "" || len(f.Quad.List) > 0 || f.MinGold.Set || f.MaxGold.Set || f.Text != "" || f.Article != ""
}

// ArticleQuery returns the article query f describes, validated as Query
// validates. theme, person, org, entity and place select the article by
// its own knowledge, from and to by its date; the other parameters, when
// any is given, keep only articles with at least one event they select.
func (f *Filter) ArticleQuery() (avocet.ArticleQuery, error) {
	eq, err := f.Query()
	if err != nil {
		return avocet.ArticleQuery{}, err
	}
	q := avocet.ArticleQuery{ArticleFilter: eq.Knowledge, From: eq.From, To: eq.To}
	q.Place = eq.Place
	if f.hasEventFilter() {
		eq.From, eq.To, eq.Place, eq.Knowledge = time.Time{}, time.Time{}, "", avocet.ArticleFilter{}
		q.Events = &eq
	}
	return q, nil
}

// Date is a calendar day given as YYYY-MM-DD in a query parameter. The zero
// Date is "not given".
type Date struct {
	time.Time // midnight UTC
}

// UnmarshalText parses YYYY-MM-DD with a message that says what is wrong.
func (d *Date) UnmarshalText(b []byte) error {
	s := string(b)
	if len(s) > 10 {
		return errors.New("too long, want YYYY-MM-DD")
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		var pe *time.ParseError
		if errors.As(err, &pe) && pe.Message != "" {
			// Range errors: ": month out of range", ": day out of range".
			return errors.New(strings.TrimPrefix(pe.Message, ": ") + ", want YYYY-MM-DD")
		}
		return errors.New("not a date, want YYYY-MM-DD")
	}
	d.Time = t
	return nil
}

// String returns the day as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// Schema documents Date in the OpenAPI document.
func (Date) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Format: "date", MaxLength: intPtr(10), Examples: []any{"2024-03-01"}}
}

// QuadClasses is a comma-separated list of QuadClasses (1-4) in a query
// parameter. (A struct, not a slice, so that huma parses it with
// UnmarshalText and its messages.)
type QuadClasses struct {
	List []int // in the order given
}

// UnmarshalText parses "1,3" into [1 3].
func (q *QuadClasses) UnmarshalText(b []byte) error {
	s := string(b)
	if len(s) > 16 {
		return errors.New("too long, want a comma-separated list of 1-4")
	}
	var out []int
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 1 || n > 4 {
			return errors.New("want a comma-separated list of QuadClasses 1-4, got " + strconv.Quote(part))
		}
		out = append(out, n)
	}
	q.List = out
	return nil
}

// Schema documents QuadClasses in the OpenAPI document.
func (QuadClasses) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Pattern: "^[1-4](,[1-4])*$", MaxLength: intPtr(16), Examples: []any{"3,4"}}
}

// OptionalFloat is a number query parameter that may be absent; Set says
// whether it was given.
type OptionalFloat struct {
	Value float64
	Set   bool
}

// Schema documents OptionalFloat as a number.
func (OptionalFloat) Schema(r huma.Registry) *huma.Schema {
	return huma.SchemaFromType(r, reflect.TypeFor[float64]())
}

// Receiver gives huma the field to parse the parameter into.
func (o *OptionalFloat) Receiver() reflect.Value { return reflect.ValueOf(o).Elem().Field(0) }

// OnParamSet records whether the parameter was given.
func (o *OptionalFloat) OnParamSet(isSet bool, _ any) { o.Set = isSet }

func intPtr(n int) *int { return &n }
