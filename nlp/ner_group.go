package nlp

import (
	"slices"
	"strings"

	"github.com/avocet-events/avocet"
)

// EntityLookup returns the canonical name and actor code that the caller's
// dictionaries give a mention, passed as its words as written ("the",
// "United", "Nations"), or ok false. (*PhraseGazetteer).Lookup is one.
type EntityLookup func(words []string) (canonical, code string, ok bool)

// GroupEntities gathers the entity mentions of one article into entities:
// mentions the lookup maps to the same canonical name ("the United
// Nations" ... "UN"), the same name again, a person's surname after the
// full name ("Cyril Ramaphosa" ... "Ramaphosa", or the other way round),
// and an organisation's acronym with its name ("African Union" ... "AU").
// spans[i] are the entity spans of sents[i] (as Spans returns them), and
// text is the article text the tokens' spans point into. lookup may be
// nil.
//
// Each entity has every mention's byte span in order, the fullest name the
// article uses as Name, Canonical and Code from the lookup (the fullest
// name's when it has one), and the type most of its mentions have (GPE
// over LOC). Entities come in the order of their first mention.
func GroupEntities(text string, sents []avocet.Sentence, spans [][]EntitySpan, lookup EntityLookup) []avocet.Entity {
	var groups []*entityGroup
	for si := range sents {
		if si >= len(spans) {
			break
		}
		toks := sents[si].Tokens
		for _, sp := range spans[si] {
			if sp.Start < 0 || sp.End > len(toks) || sp.Start >= sp.End {
				continue
			}
			m := newMention(text, toks[sp.Start:sp.End], sp.Type, lookup)
			if len(m.words) == 0 || !m.known && headlineCased(m.words) {
				continue
			}
			if g := findGroup(groups, m); g != nil {
				g.add(m)
			} else {
				groups = append(groups, &entityGroup{mentions: []*mention{m}})
			}
		}
	}
	out := make([]avocet.Entity, 0, len(groups))
	for _, g := range groups {
		out = append(out, g.entity())
	}
	return out
}

// personTitles are titles that come before a person's name.
var personTitles = map[string]bool{
	"President": true, "Minister": true, "Prime": true, "Foreign": true, "Defence": true, "Defense": true,
	"Senator": true, "Sen.": true, "Rep.": true, "Governor": true, "Gov.": true, "Mayor": true,
	"General": true, "Gen.": true, "Colonel": true, "Col.": true, "Secretary": true, "Chancellor": true,
	"King": true, "Queen": true, "Prince": true, "Pope": true, "Ambassador": true, "Commissioner": true,
	"Dr.": true, "Mr.": true, "Mrs.": true, "Ms.": true, "Judge": true, "Justice": true,
}

// headlineWords are closed-class words that running text writes in lower
// case inside names ("Bank of England") but a headline capitalises
// ("Rival Factions Trade Blame Over Ceasefire").
var headlineWords = map[string]bool{
	"Over": true, "As": true, "To": true, "In": true, "With": true, "After": true, "Amid": true,
	"On": true, "At": true, "Into": true, "From": true, "By": true, "Against": true, "Is": true,
	"Are": true, "Will": true, "Was": true, "Were": true, "Be": true, "Has": true, "Have": true,
}

// headlineCased reports a span of four or more words that capitalises a
// closed-class word after its first: a headline that ran into the text
// (a scraped page's title before its dateline), not a name.
func headlineCased(words []string) bool {
	if len(words) < 4 {
		return false
	}
	for _, w := range words[1:] {
		if headlineWords[w] {
			return true
		}
	}
	return false
}

// mention is one entity span of the article.
type mention struct {
	typ       string
	class     string   // PER, ORG or LOC (GPE counts as LOC)
	words     []string // as written, without a leading "the"
	lower     []string
	name      string // as written in the text
	span      avocet.Span
	canonical string
	code      string
	known     bool // the lookup knew it
}

func newMention(text string, toks []avocet.Token, typ string, lookup EntityLookup) *mention {
	m := &mention{typ: typ, class: typ}
	if typ == KindGPE {
		m.class = "LOC"
	}
	forms := make([]string, len(toks))
	for i := range toks {
		forms[i] = toks[i].Form
	}
	if lookup != nil {
		m.canonical, m.code, m.known = lookup(forms)
	}
	skip := 0
	if len(toks) > 1 && strings.EqualFold(forms[0], "the") {
		skip = 1
	}
	// A person's title is not part of the name: the recogniser sometimes
	// takes it in at the start of a sentence ("Minister Kaka Kakaski spoke").
	for !m.known && typ == "PER" && len(toks)-skip > 1 && personTitles[forms[skip]] {
		skip++
	}
	toks, m.words = toks[skip:], forms[skip:]
	if !m.known && lookup != nil && skip > 0 {
		m.canonical, m.code, m.known = lookup(m.words)
	}
	for _, w := range m.words {
		m.lower = append(m.lower, lowerWord(w))
	}
	m.span = avocet.Span{Start: toks[0].Start, End: toks[len(toks)-1].End}
	if 0 <= m.span.Start && m.span.Start < m.span.End && m.span.End <= len(text) {
		m.name = text[m.span.Start:m.span.End]
	} else {
		m.name = strings.Join(m.words, " ")
	}
	return m
}

// entityGroup is the mentions of one entity so far.
type entityGroup struct {
	mentions []*mention
}

func (g *entityGroup) add(m *mention) { g.mentions = append(g.mentions, m) }

// fullest returns the mention with the most words (then the longest, then
// the first).
func (g *entityGroup) fullest() *mention {
	best := g.mentions[0]
	for _, m := range g.mentions[1:] {
		if len(m.words) > len(best.words) || len(m.words) == len(best.words) && len(m.name) > len(best.name) {
			best = m
		}
	}
	return best
}

// class returns the class most mentions have (the first on a tie).
func (g *entityGroup) class() string {
	count := map[string]int{}
	best := ""
	for _, m := range g.mentions {
		count[m.class]++
		if best == "" || count[m.class] > count[best] {
			best = m.class
		}
	}
	return best
}

func (g *entityGroup) entity() avocet.Entity {
	full := g.fullest()
	e := avocet.Entity{Type: g.class(), Name: full.name}
	if e.Type == "LOC" {
		for _, m := range g.mentions {
			if m.typ == KindGPE {
				e.Type = KindGPE
				break
			}
		}
	}
	if full.known {
		e.Canonical, e.Code = full.canonical, full.code
	} else {
		for _, m := range g.mentions {
			if m.known {
				e.Canonical, e.Code = m.canonical, m.code
				break
			}
		}
	}
	for _, m := range g.mentions {
		e.Mentions = append(e.Mentions, m.span)
	}
	return e
}

// findGroup returns the group m belongs to, or nil. The most recently
// mentioned matching group wins.
func findGroup(groups []*entityGroup, m *mention) *entityGroup {
	// the same canonical name
	if m.known && m.canonical != "" {
		for i := len(groups) - 1; i >= 0; i-- {
			for _, o := range groups[i].mentions {
				if o.known && o.canonical == m.canonical {
					return groups[i]
				}
			}
		}
	}
	// the same name, whatever type the recogniser gave it this time
	for i := len(groups) - 1; i >= 0; i-- {
		for _, o := range groups[i].mentions {
			if slices.Equal(o.lower, m.lower) {
				return groups[i]
			}
		}
	}
	switch m.class {
	case "PER":
		// a surname after the full name, or the full name after it
		var found *entityGroup
		for i := len(groups) - 1; i >= 0 && found == nil; i-- {
			g := groups[i]
			if g.class() != "PER" {
				continue
			}
			full := g.fullest()
			if endsWith(full.lower, m.lower) || endsWith(m.lower, full.lower) {
				found = g
			}
		}
		return found
	case "ORG":
		for i := len(groups) - 1; i >= 0; i-- {
			g := groups[i]
			if g.class() != "ORG" {
				continue
			}
			for _, o := range g.mentions {
				if isAcronymOf(m.words, o.words) || isAcronymOf(o.words, m.words) {
					return g
				}
			}
		}
	}
	return nil
}

// endsWith reports whether the shorter name is the end of the longer one,
// word for word ("ramaphosa" of "cyril ramaphosa"); equal names count too.
func endsWith(long, short []string) bool {
	if len(short) == 0 || len(short) > len(long) {
		return false
	}
	off := len(long) - len(short)
	for i, w := range short {
		if long[off+i] != w {
			return false
		}
	}
	return true
}

// isAcronymOf reports whether acr is one word in capitals made of the
// initials of name's words, function words aside ("UN" of "United
// Nations", "ECOWAS" of "Economic Community of West African States").
func isAcronymOf(acr, name []string) bool {
	if len(acr) != 1 || len(name) < 2 || !isAcronymWord(acr[0]) {
		return false
	}
	var letters []byte
	for i := 0; i < len(acr[0]); i++ {
		if c := acr[0][i]; 'A' <= c && c <= 'Z' {
			letters = append(letters, c)
		}
	}
	var initials, all []byte
	for _, w := range name {
		if w == "" {
			continue
		}
		c := w[0]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			continue
		}
		all = append(all, c)
		switch strings.ToLower(w) {
		case "of", "the", "for", "and", "on", "in", "de", "des", "du", "la", "le":
			continue
		}
		initials = append(initials, c)
	}
	return len(letters) >= 2 && (string(letters) == string(initials) || string(letters) == string(all))
}
