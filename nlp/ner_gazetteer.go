package nlp

import (
	"slices"
	"strings"
)

// PhraseGazetteer is a simple NERGazetteer: phrases split into words, each
// with a kind and, optionally, a canonical name and an actor code for
// GroupEntities. Phrases match in any case, except acronyms (two or more
// capitals and no lower-case letter: "WHO", "U.N."), which match only in
// capitals. Build it with Add, then use it read-only (it is then safe for
// concurrent use).
type PhraseGazetteer struct {
	byFirst map[string][]*gazPhrase // lower-cased first word -> phrases, longest first
	words   map[string][]uint64     // lower-cased capitalised word -> hashes of (kind, place in phrase)
	list    []*gazPhrase            // in the order added
}

type gazPhrase struct {
	words     []string // as added
	lower     []string
	exact     []string // words that must match as written (acronyms); "" elsewhere
	kind      string
	canonical string
	code      string
}

// NewPhraseGazetteer returns an empty gazetteer.
func NewPhraseGazetteer() *PhraseGazetteer {
	return &PhraseGazetteer{byFirst: map[string][]*gazPhrase{}, words: map[string][]uint64{}}
}

// Add adds a phrase, already split into words as the tokenizer splits
// them. When the same words are added twice, the first kind wins (list the
// more specific entries first).
func (g *PhraseGazetteer) Add(words []string, kind, canonical, code string) {
	if len(words) == 0 || kind == "" {
		return
	}
	p := &gazPhrase{words: words, kind: kind, canonical: canonical, code: code}
	anyExact := false
	for _, w := range words {
		p.lower = append(p.lower, lowerWord(w))
		if isAcronymWord(w) {
			p.exact = append(p.exact, w)
			anyExact = true
		} else {
			p.exact = append(p.exact, "")
		}
	}
	if !anyExact {
		p.exact = nil
	}
	first := p.lower[0]
	for _, q := range g.byFirst[first] {
		if slices.Equal(q.lower, p.lower) && slices.Equal(q.exact, p.exact) {
			return
		}
	}
	list := append(g.byFirst[first], p)
	// longest first, stable, so Match can stop at the first hit
	for i := len(list) - 1; i > 0 && len(list[i].lower) > len(list[i-1].lower); i-- {
		list[i], list[i-1] = list[i-1], list[i]
	}
	g.byFirst[first] = list
	g.list = append(g.list, p)
	kh := hashString(kind, false)
	for i, w := range words {
		if !capitalised(w) || len(w) < 2 {
			continue
		}
		place := uint64(2) // inside
		switch {
		case len(words) == 1:
			place = 0
		case i == 0:
			place = 1
		case i == len(words)-1:
			place = 3
		}
		h := mix(kh, place+0x77)
		if lw := p.lower[i]; !slices.Contains(g.words[lw], h) {
			g.words[lw] = append(g.words[lw], h)
		}
	}
}

// wordKinds returns, for a lower-cased word, hashes of the kinds of the
// phrases it is a capitalised word of, with its place in them (alone,
// first, inside, last): "ramaphosa" is the last word of a PER phrase.
func (g *PhraseGazetteer) wordKinds(lower string) []uint64 { return g.words[lower] }

// Len returns the number of phrases.
func (g *PhraseGazetteer) Len() int { return len(g.list) }

// Match implements NERGazetteer.
func (g *PhraseGazetteer) Match(words, lower []string, i int) (int, string) {
	if p := g.match(words, lower, i); p != nil {
		return len(p.lower), p.kind
	}
	return 0, ""
}

func (g *PhraseGazetteer) match(words, lower []string, i int) *gazPhrase {
	if i >= len(lower) {
		return nil
	}
	for _, p := range g.byFirst[lower[i]] {
		if p.matches(words, lower, i) {
			return p
		}
	}
	return nil
}

// Lookup returns the canonical name and code of a phrase given as words,
// when the gazetteer has exactly that phrase with a canonical name. It
// fits GroupEntities's lookup.
func (g *PhraseGazetteer) Lookup(words []string) (canonical, code string, ok bool) {
	if len(words) == 0 {
		return "", "", false
	}
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = lowerWord(w)
	}
	for _, p := range g.byFirst[lower[0]] {
		if len(p.lower) == len(words) && p.canonical != "" && p.matches(words, lower, 0) {
			return p.canonical, p.code, true
		}
	}
	return "", "", false
}

// matches reports whether p occurs at word i.
func (p *gazPhrase) matches(words, lower []string, i int) bool {
	if i+len(p.lower) > len(lower) {
		return false
	}
	for k, w := range p.lower {
		if lower[i+k] != w || p.exact != nil && p.exact[k] != "" && words[i+k] != p.exact[k] {
			return false
		}
	}
	return true
}

// isAcronymWord reports two or more capitals and no lower-case letter
// ("US", "DRC", "U.N.").
func isAcronymWord(w string) bool {
	upper := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case 'a' <= c && c <= 'z':
			return false
		case 'A' <= c && c <= 'Z':
			upper++
		}
	}
	return upper >= 2 && !strings.ContainsAny(w, " ")
}
