package spec

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/avocet-events/avocet"
)

// Filter is a validated avocet.ArticleFilter: names lower-cased for
// case-insensitive containment, the theme upper-cased.
type Filter struct {
	Theme    Pattern // theme code pattern, upper case
	HasTheme bool
	Person   string // lower case
	Org      string
	Entity   string
	Place    string // as given; see MatchPlace and MatchEntityPlace
}

// ParseFilter normalises f.
func ParseFilter(f avocet.ArticleFilter) Filter {
	var p Filter
	p.Theme, p.HasTheme = ParsePattern(strings.ToUpper(strings.TrimSpace(f.Theme)))
	p.Person = strings.ToLower(strings.TrimSpace(f.Person))
	p.Org = strings.ToLower(strings.TrimSpace(f.Org))
	p.Entity = strings.ToLower(strings.TrimSpace(f.Entity))
	p.Place = strings.TrimSpace(f.Place)
	return p
}

// IsZero reports whether f selects every article.
func (f *Filter) IsZero() bool {
	return !f.HasTheme && f.Person == "" && f.Org == "" && f.Entity == "" && f.Place == ""
}

// Match reports whether an article with knowledge k passes f. An article
// stored without knowledge (k nil) passes only the zero filter.
func (f *Filter) Match(k *avocet.Knowledge) bool {
	if f.IsZero() {
		return true
	}
	if k == nil {
		return false
	}
	if f.HasTheme && !anyTheme(k.Themes, f.Theme) {
		return false
	}
	if f.Person != "" && !anyEntity(k.Entities, "PER", f.Person) {
		return false
	}
	if f.Org != "" && !anyEntity(k.Entities, "ORG", f.Org) {
		return false
	}
	if f.Entity != "" && !anyEntity(k.Entities, "", f.Entity) {
		return false
	}
	if f.Place != "" && !articlePlace(k, f.Place) {
		return false
	}
	return true
}

func anyTheme(ts []avocet.Theme, p Pattern) bool {
	for i := range ts {
		if p.Match(ts[i].Code) {
			return true
		}
	}
	return false
}

func anyEntity(es []avocet.Entity, typ, lower string) bool {
	for i := range es {
		e := &es[i]
		if typ != "" && e.Type != typ {
			continue
		}
		if NameMatch(e.Name, lower) || NameMatch(e.Canonical, lower) {
			return true
		}
	}
	return false
}

func articlePlace(k *avocet.Knowledge, place string) bool {
	for i := range k.Locations {
		if MatchPlace(&k.Locations[i], place) {
			return true
		}
	}
	lower := strings.ToLower(place)
	for i := range k.Entities {
		e := &k.Entities[i]
		if (e.Type == "LOC" || e.Type == "GPE") && NameMatch(e.Name, lower) {
			return true
		}
	}
	return false
}

// NameMatch reports whether name contains lower, a lower-case query,
// ignoring case. An empty name matches nothing.
func NameMatch(name, lower string) bool {
	return name != "" && strings.Contains(strings.ToLower(name), lower)
}

// MatchPlace reports whether loc is the place a query names: its full
// name contains the query (ignoring case), or the query is its ISO
// alpha-3 country code (ignoring case).
func MatchPlace(loc *avocet.Location, place string) bool {
	if place == "" {
		return true
	}
	if strings.EqualFold(loc.Country, place) {
		return true
	}
	return NameMatch(loc.Name, strings.ToLower(place))
}

// EntityKey is the key an entity is counted under across articles: its
// canonical name when known, else its name.
func EntityKey(e *avocet.Entity) string {
	if e.Canonical != "" {
		return e.Canonical
	}
	return e.Name
}

// CheckEntityType reports an entity type TopEntities does not know, with
// an error wrapping avocet.ErrInvalidInput; "" (any type) is valid.
func CheckEntityType(typ string) error {
	switch typ {
	case "", "PER", "ORG", "LOC", "GPE":
		return nil
	}
	return fmt.Errorf("unknown entity type %q (want PER, ORG, LOC or GPE): %w", typ, avocet.ErrInvalidInput)
}

// ArticleQuery is a validated avocet.ArticleQuery.
type ArticleQuery struct {
	Filter
	From, To time.Time // days (midnight UTC); zero: open
	Events   *Query    // articles with an event it selects; nil: no event filter
	Limit    int       // page size, 1..MaxLimit
	After    *Cursor   // articles after this position (Date, ID of an article), or nil
}

// ParseArticleQuery validates q like Parse validates an event query.
func ParseArticleQuery(q avocet.ArticleQuery) (ArticleQuery, error) {
	var p ArticleQuery
	p.Filter = ParseFilter(q.ArticleFilter)
	p.From, p.To = Day(q.From), Day(q.To)
	if q.Events != nil {
		eq := *q.Events
		eq.Limit, eq.Cursor = 0, ""
		e, err := Parse(eq)
		if err != nil {
			return ArticleQuery{}, fmt.Errorf("event filter: %w", err)
		}
		p.Events = &e
	}
	var err error
	if p.Limit, p.After, err = page(q.Limit, q.Cursor); err != nil {
		return ArticleQuery{}, err
	}
	return p, nil
}

// MatchArticle reports whether article a, with knowledge k (nil when
// stored without), passes q's article-level filters: dates and knowledge.
// The event filter is the caller's.
func (q *ArticleQuery) MatchArticle(a *avocet.StoredArticle, k *avocet.Knowledge) bool {
	d := Day(a.Date)
	if !q.From.IsZero() && (d.IsZero() || d.Before(q.From)) {
		return false
	}
	if !q.To.IsZero() && (d.IsZero() || d.After(q.To)) {
		return false
	}
	return q.Filter.Match(k)
}

// NewerArticle reports whether a comes before b in page order: date
// descending (undated last), then ID ascending. Dates compare by day.
func NewerArticle(a, b *avocet.StoredArticle) bool {
	da, db := Day(a.Date), Day(b.Date)
	if !da.Equal(db) {
		return da.After(db)
	}
	return a.ID < b.ID
}

// ArticleAfterCursor reports whether a comes after c in page order.
func ArticleAfterCursor(a *avocet.StoredArticle, c *Cursor) bool {
	d := Day(a.Date)
	if !d.Equal(c.Date) {
		return d.Before(c.Date)
	}
	return a.ID > c.ID
}

// checkLocation reports a location a store cannot keep exactly: a GDELT
// geo type outside 0-5, a GeoNames ID outside 0..2^31-1 or a name that is
// not UTF-8.
func checkLocation(l *avocet.Location) error {
	switch {
	case l.Type < 0 || l.Type > 5:
		return fmt.Errorf("location %q: geo type %d not in 0-5: %w", l.Name, l.Type, avocet.ErrInvalidInput)
	case l.GeoNameID < 0 || l.GeoNameID > math.MaxInt32:
		return fmt.Errorf("location %q: GeoNames ID %d out of range: %w", l.Name, l.GeoNameID, avocet.ErrInvalidInput)
	}
	return checkUTF8("location", l.Name, l.Country, l.Admin1)
}

// checkKnowledge reports knowledge a store cannot keep exactly: text that
// is not UTF-8 or a location checkLocation refuses.
func checkKnowledge(k *avocet.Knowledge) error {
	for i := range k.Entities {
		e := &k.Entities[i]
		if err := checkUTF8("entity", e.Type, e.Name, e.Canonical, e.Code); err != nil {
			return err
		}
		if e.Place != nil {
			if err := checkLocation(e.Place); err != nil {
				return err
			}
		}
	}
	for i := range k.Locations {
		if err := checkLocation(&k.Locations[i]); err != nil {
			return err
		}
	}
	for i := range k.Themes {
		if err := checkUTF8("theme", k.Themes[i].Code); err != nil {
			return err
		}
	}
	for i := range k.Amounts {
		if err := checkUTF8("amount", k.Amounts[i].Unit, k.Amounts[i].Object); err != nil {
			return err
		}
	}
	for i := range k.Quotations {
		q := &k.Quotations[i]
		if err := checkUTF8("quotation", q.Text, q.Speaker, q.Code); err != nil {
			return err
		}
	}
	for i := range k.Dates {
		if err := checkUTF8("date", k.Dates[i].Granularity); err != nil {
			return err
		}
	}
	return nil
}

func checkUTF8(what string, ss ...string) error {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return fmt.Errorf("%s %q is not valid UTF-8: %w", what, s, avocet.ErrInvalidInput)
		}
	}
	return nil
}
