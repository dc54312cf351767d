package coder

import (
	"sort"
	"strings"

	"github.com/avocet-events/avocet/dict"
	"github.com/avocet-events/avocet/text"
)

// phrase is one dictionary phrase, tokenised as the text is.
type phrase struct {
	words []string // lower-cased words, curly apostrophes straightened
	// match says how each word must be written in the text: an acronym
	// ("US", "DRC") exactly, a capitalised name ("Polish", "Chad") with a
	// capital; role words in any case, and by lemma ("rebels" -> "rebel").
	match []wordMatch
	actor *dict.ActorEntry
	agent *dict.AgentEntry
}

type wordMatch uint8

const (
	anyCase     wordMatch = iota // any case; role words also by lemma
	capitalised                  // the text word starts with a capital
	exact                        // the text word is written exactly so
)

// index is the compiled form of the dictionaries.
type index struct {
	phrases  map[string][]*phrase // by first word, longest first
	patterns map[string][]*dict.Pattern
	sets     map[string]map[string]bool
	discards map[string][]discard     // by first word
	issues   map[string][]issuePhrase // by first word (lower-cased form or lemma)
	names    [][]string               // multiword proper names as written, for the tagger
	demonyms []string                 // one-word demonyms as written, for the tagger
}

// discard is a tokenised discard phrase.
// issuePhrase is one phrase of an issue; the last word matches by form or
// lemma, the others by form.
type issuePhrase struct {
	words []string
	issue string
}

type discard struct {
	words []string
	story bool
}

// nonActorSet names the set of subjects that are never event sources.
const nonActorSet = "NONACTOR_SUBJECT"

func newIndex(d *dict.Dictionaries) *index {
	ix := &index{phrases: map[string][]*phrase{}, patterns: map[string][]*dict.Pattern{}, sets: map[string]map[string]bool{}}
	add := func(p string, a *dict.ActorEntry, g *dict.AgentEntry) {
		forms := phraseWords(p)
		if len(forms) == 0 {
			return
		}
		if a != nil && a.Kind != "demonym" && len(forms) >= 2 && 'A' <= p[0] && p[0] <= 'Z' {
			ix.names = append(ix.names, forms)
		}
		if a != nil && a.Kind == "demonym" && len(forms) == 1 {
			ix.demonyms = append(ix.demonyms, forms[0])
		}
		ph := &phrase{actor: a, agent: g}
		for _, f := range forms {
			ph.words = append(ph.words, normWord(f))
			m := anyCase
			if a != nil && !a.AnyCase {
				switch {
				case isAcronym(f):
					m = exact
				case f != "" && 'A' <= f[0] && f[0] <= 'Z':
					m = capitalised
				}
			}
			ph.match = append(ph.match, m)
		}
		ix.phrases[ph.words[0]] = append(ix.phrases[ph.words[0]], ph)
	}
	for i := range d.Actors {
		for _, p := range d.Actors[i].Phrases {
			add(p, &d.Actors[i], nil)
		}
	}
	for i := range d.Agents {
		for _, p := range d.Agents[i].Phrases {
			add(p, nil, &d.Agents[i])
		}
		for _, p := range d.Agents[i].Plurals {
			add(p, nil, &d.Agents[i])
		}
	}
	for _, list := range ix.phrases {
		// longest first; actors before agents of the same length; file order otherwise
		sort.SliceStable(list, func(i, j int) bool {
			if len(list[i].words) != len(list[j].words) {
				return len(list[i].words) > len(list[j].words)
			}
			return list[i].actor != nil && list[j].actor == nil
		})
	}
	for i := range d.Patterns {
		p := &d.Patterns[i]
		ix.patterns[p.Verb[0]] = append(ix.patterns[p.Verb[0]], p)
	}
	for _, list := range ix.patterns {
		sort.SliceStable(list, func(i, j int) bool { return list[i].Specificity() > list[j].Specificity() })
	}
	ix.discards = map[string][]discard{}
	for _, x := range d.Discards {
		w := phraseWords(x.Phrase)
		for i := range w {
			w[i] = normWord(w[i])
		}
		if len(w) > 0 {
			ix.discards[w[0]] = append(ix.discards[w[0]], discard{words: w, story: x.Story})
		}
	}
	ix.issues = map[string][]issuePhrase{}
	for _, x := range d.Issues {
		for _, ph := range x.Phrases {
			w := phraseWords(ph)
			for i := range w {
				w[i] = normWord(w[i])
			}
			if len(w) > 0 {
				ix.issues[w[0]] = append(ix.issues[w[0]], issuePhrase{words: w, issue: x.Issue})
			}
		}
	}
	for name, s := range d.Sets {
		m := map[string]bool{}
		for _, w := range s.Words {
			m[strings.ToLower(w)] = true
		}
		ix.sets[name] = m
	}
	return ix
}

// phraseWords tokenises a dictionary phrase with the text tokenizer, so
// "U.S." or "Côte d'Ivoire" split exactly as they do in articles.
//
// A phrase is tokenised inside a dummy sentence ("... x"), so a final
// abbreviation keeps its period as it does mid-sentence.
func phraseWords(p string) []string {
	var out []string
	padded := p + " x"
	for _, s := range text.Segment(padded, &text.Options{Continued: true}) {
		for _, t := range s.Tokens {
			if t.Start >= len(p) {
				continue
			}
			out = append(out, t.Form)
		}
	}
	return out
}

// normWord lower-cases a word and straightens curly apostrophes.
func normWord(w string) string {
	return strings.ReplaceAll(strings.ToLower(w), "\u2019", "'")
}

// isAcronym reports a word of two or more capitals and no lower-case
// letter ("US", "DRC", "U.N.").
func isAcronym(w string) bool {
	upper := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case 'a' <= c && c <= 'z':
			return false
		case 'A' <= c && c <= 'Z':
			upper++
		}
	}
	return upper >= 2
}

// inSet reports whether lemma is one of the words or in the named set.
func (ix *index) accepts(words []string, set, lemma string) bool {
	if set != "" {
		return ix.sets[set][lemma]
	}
	for _, w := range words {
		if w == lemma {
			return true
		}
	}
	return false
}
