package geo

import (
	"sort"

	"github.com/avocet-events/avocet"
)

// EventPlace is where an event coded from a sentence happened: the place
// the sentence itself gives (its first mention after a locative word such
// as "in" or "near", else its most specific mention, else its first), else
// the story's main place, else the dateline's place. storyMain and
// dateline may be nil (StoryPlace and Geocoder.Dateline give them); the
// result is nil when there is nothing at all. The result is a copy.
func EventPlace(mentions []Mention, sentence int, storyMain *avocet.Location, dateline *avocet.Location) *avocet.Location {
	var best *Mention
	for i := range mentions {
		m := &mentions[i]
		if m.Sentence != sentence {
			continue
		}
		if best == nil || better(m, best) {
			best = m
		}
	}
	switch {
	case best != nil:
		loc := best.Location
		return &loc
	case storyMain != nil:
		loc := *storyMain
		return &loc
	case dateline != nil:
		loc := *dateline
		return &loc
	}
	return nil
}

// better reports whether mention m gives a sentence's place better than
// b, which comes earlier: a locative mention beats others, then a more
// specific kind.
func better(m, b *Mention) bool {
	if m.Locative != b.Locative {
		return m.Locative
	}
	return m.Kind < b.Kind
}

// StoryPlace is an article's main place: the place mentioned most often,
// ties going to the more specific kind and then to the first mentioned.
// It returns nil when there are no mentions.
func StoryPlace(mentions []Mention) *avocet.Location {
	ranked := RankPlaces(mentions)
	if len(ranked) == 0 {
		return nil
	}
	return &ranked[0]
}

// RankPlaces lists the distinct places of an article's mentions, the most
// mentioned first, ties going to the more specific kind and then to the
// first mentioned; its first place is StoryPlace's.
func RankPlaces(mentions []Mention) []avocet.Location {
	type tally struct {
		n     int
		first int
	}
	counts := map[placeKey]*tally{}
	var list []*tally
	for i := range mentions {
		k := keyOf(&mentions[i])
		t := counts[k]
		if t == nil {
			t = &tally{first: i}
			counts[k] = t
			list = append(list, t)
		}
		t.n++
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.n != b.n {
			return a.n > b.n
		}
		return mentions[a.first].Kind < mentions[b.first].Kind
	})
	out := make([]avocet.Location, len(list))
	for i, t := range list {
		out[i] = mentions[t.first].Location
	}
	return out
}

type placeKey struct {
	name    string
	country string
	id      int
	typ     int
}

func keyOf(m *Mention) placeKey {
	return placeKey{m.Location.Name, m.Location.Country, m.Location.GeoNameID, m.Location.Type}
}

// actorCountryConfidence is the confidence of an actor's place when only
// the actor's country gives it.
const actorCountryConfidence = 0.5

// ActorPlace is where the text puts an actor of an event coded from a
// sentence (GDELT's Actor1Geo and Actor2Geo): the place its own words name
// ("Kenya", "Moscow"), else the place mentioned nearest to it in the
// sentence, unless that place lies outside the actor's country, else the
// actor's country (with confidence 0.5), else nil. mentions are an
// article's place mentions in text order, with spans in the same text as
// the actor's span. The result is a copy.
func (c *Geocoder) ActorPlace(mentions []Mention, sentence int, a *avocet.Actor) *avocet.Location {
	if a.Code == "" || a.Code == "---" {
		return nil
	}
	var near *Mention
	dist := -1
	if a.Span.End > a.Span.Start {
		for i := range mentions {
			m := &mentions[i]
			if m.Sentence != sentence {
				continue
			}
			if m.Span.Start < a.Span.End && a.Span.Start < m.Span.End {
				loc := m.Location // the actor's own words
				return &loc
			}
			if a.Country != "" && m.Location.Country != a.Country {
				continue
			}
			d := m.Span.Start - a.Span.End
			if m.Span.End <= a.Span.Start {
				d = a.Span.Start - m.Span.End
			}
			if dist < 0 || d < dist {
				near, dist = m, d
			}
		}
	}
	if near != nil {
		loc := near.Location
		return &loc
	}
	if a.Country == "" || c == nil || c.g == nil {
		return nil
	}
	p, ok := c.g.Country(a.Country)
	if !ok {
		return nil
	}
	loc := p.Location()
	loc.Confidence = actorCountryConfidence
	return &loc
}
