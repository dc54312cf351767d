package petrarch

import (
	"fmt"
	"sort"
	"strings"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/dict"
)

// Dictionaries converts what was read into the coder's dictionaries, as
// the section "Conversion to avocet" of the package documentation
// describes: verb patterns become dependency patterns where every word
// PETRARCH checks has a dependency reading, and are left out otherwise;
// actors, agents, discards and issues carry over. warn receives, for each
// reason something was left out, one message with a count, in a stable
// order.
func (s *Set) Dictionaries(warn func(error)) *dict.Dictionaries {
	d := &dict.Dictionaries{Sets: map[string]*dict.Set{}}
	dropped := map[string]int{}
	irregular := irregularForms(s.Verbs)
	for _, v := range s.Verbs {
		convertVerbs(d, v, irregular, dropped)
	}
	for _, a := range s.Actors {
		for _, e := range a.Entries {
			out := dict.ActorEntry{AnyCase: true, File: e.File, Line: e.Line}
			for _, n := range e.Names {
				out.Phrases = append(out.Phrases, phraseText(n.Phrase))
			}
			var undated []dict.ActorCode
			for _, c := range e.Codes {
				if c.Code == "" || c.Code == "---" && !c.Restricted() {
					continue // "---" for a period: the name is no actor then
				}
				ac := dict.ActorCode{Code: c.Code, From: c.From, To: c.To}
				if c.Restricted() {
					out.Codes = append(out.Codes, ac)
				} else {
					undated = append(undated, ac)
				}
			}
			out.Codes = append(out.Codes, undated...) // dated codes first, the default last
			out.Kind = actorKind(out.Codes)
			if len(out.Codes) > 0 && len(out.Phrases) > 0 {
				d.Actors = append(d.Actors, out)
			}
		}
	}
	for _, ag := range s.Agents {
		for _, e := range ag.Entries {
			code := strings.Trim(e.Code, "~")
			if len(code) < 3 || len(code)%3 != 0 {
				dropped["agents with code "+e.Code]++
				continue
			}
			out := dict.AgentEntry{Code: code, Kind: "role", File: e.File, Line: e.Line}
			for _, p := range ag.Expand(e.Phrase) {
				out.Phrases = append(out.Phrases, strings.ToLower(phraseText(p)))
			}
			for _, p := range e.Plurals {
				out.Plurals = append(out.Plurals, strings.ToLower(phraseText(p)))
			}
			if len(out.Phrases) > 0 {
				d.Agents = append(d.Agents, out)
			}
		}
	}
	for _, ds := range s.Discards {
		for _, e := range ds.Entries {
			d.Discards = append(d.Discards, dict.Discard{Phrase: strings.ToLower(e.Phrase), Story: e.WholeStory, File: e.File, Line: e.Line})
		}
	}
	for _, is := range s.Issues {
		for _, c := range is.Categories {
			x := dict.Issue{Issue: strings.ToUpper(strings.ReplaceAll(c.Name, " ", "_")), File: c.File, Line: c.Line}
			for _, p := range c.Phrases {
				var words []string
				for _, w := range p.Words {
					words = append(words, strings.ToLower(strings.ReplaceAll(w.Text, "+", " ")))
				}
				x.Phrases = append(x.Phrases, strings.Join(words, " "))
			}
			if len(x.Phrases) > 0 {
				d.Issues = append(d.Issues, x)
			}
		}
	}
	if warn != nil {
		whats := make([]string, 0, len(dropped))
		for what := range dropped {
			whats = append(whats, what)
		}
		sort.Strings(whats)
		for _, what := range whats {
			warn(fmt.Errorf("%w: %d PETRARCH %s not converted", avocet.ErrInvalidInput, dropped[what], what))
		}
	}
	return d
}

func phraseText(p Phrase) string { return strings.Join(p.Words, " ") }

// convertVerbs adds one verb dictionary's patterns and synsets.
func convertVerbs(d *dict.Dictionaries, v *Verbs, irregular map[string]string, dropped map[string]int) {
	if v.Format == FormatTABARI {
		dropped["TABARI verb files (stems)"]++
		return
	}
	c := &patternConv{v: v, p2: v.Format == FormatPETRARCH2, sets: d.Sets, isPrep: map[string][]string{}, irregular: irregular}
	for key, syn := range v.Synsets {
		name := setName(key)
		words, preps := synsetWords(v, key, 0)
		if preps {
			for _, m := range syn.Members {
				c.isPrep[key] = append(c.isPrep[key], strings.ToLower(m.Elements[0].Text))
			}
		}
		if _, ok := d.Sets[name]; ok {
			continue
		}
		if len(words) > 0 {
			d.Sets[name] = &dict.Set{Name: name, Words: words, File: syn.File, Line: syn.Line}
		}
	}
	var ps []dict.Pattern
	for _, b := range v.Blocks {
		for _, f := range b.Forms {
			lemma := verbLemma(f.VerbPhrase)
			if lemma == nil {
				dropped["verb forms without a word"]++
				continue
			}
			for _, verb := range verbKeys(lemma, irregular, f.Listed) {
				ps = c.form(ps, b, f, verb, dropped)
			}
		}
	}
	d.Patterns = append(d.Patterns, dedupe(ps, dropped)...)
}

// form adds the patterns of verb form f of block b, keyed by verb: the
// verb's code, then the block's patterns.
func (c *patternConv) form(out []dict.Pattern, b VerbBlock, f VerbForm, verb []string, dropped map[string]int) []dict.Pattern {
	code := f.Code
	if code == "" {
		code = b.Code
	}
	if eventCodeOK(code) {
		for _, withT := range []bool{true, false} {
			p := dict.Pattern{Code: eventCode(code), Verb: verb, File: f.File, Line: f.Line}
			if withT {
				p.Elements = []dict.Element{{Kind: dict.ElemTarget}}
			}
			p.Text = p.String()[len(p.Code)+1:]
			out = append(out, p)
		}
	}
	for _, pat := range b.Patterns {
		pc := pat.Code
		if pc == "" {
			pc = code
		}
		ps, why := c.convert(verb, pat, pc, code)
		if len(ps) == 0 {
			dropped[why]++
			continue
		}
		out = append(out, ps...)
	}
	return out
}

// dedupe keeps the first of patterns that ask the same of the same verb:
// the blocks of one dictionary often share patterns, and a verb written
// in several forms ("SAID", "SAYS") gives several blocks the same lemma.
// When their codes differ the first in file order wins, as it would in
// the coder.
func dedupe(ps []dict.Pattern, dropped map[string]int) []dict.Pattern {
	seen := map[string]*dict.Pattern{}
	var out []dict.Pattern
	for i := range ps {
		p := &ps[i]
		k := strings.Join(p.Verb, "_") + " " + p.Text
		if q := seen[k]; q != nil {
			if q.Code != p.Code || q.Negative != p.Negative {
				dropped["patterns that repeat an earlier one with another code"]++
			}
			continue
		}
		seen[k] = p
		out = append(out, *p)
	}
	return out
}

// synsetWords returns the words of a synset's one-word members, those of
// synsets inside it included (a member of several words asks for
// modifiers, which the coder cannot check), and whether every member is a
// single preposition (a synset such as "&PREPOSIT1 = AGAINST, IN, ON" stands for
// a preposition in patterns).
func synsetWords(v *Verbs, key string, depth int) (words []string, preps bool) {
	s := v.Synsets[key]
	if s == nil || depth > 4 {
		return nil, false
	}
	preps = len(s.Members) > 0
	seen := map[string]bool{}
	add := func(w string) {
		if w != "" && !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	for _, m := range s.Members {
		if len(m.Elements) == 1 && m.Elements[0].Kind == SynsetRef {
			ws, _ := synsetWords(v, m.Elements[0].Text, depth+1)
			for _, w := range ws {
				add(w)
			}
			preps = false
			continue
		}
		if len(m.Elements) != 1 || m.Elements[0].Kind != Word || classOf(strings.ToLower(m.Elements[0].Text)) != preposition {
			preps = false
		}
		if w, ok := singleWord(m.Elements); ok {
			add(w)
		}
	}
	return words, preps
}

func setName(key string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(key) {
		if 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return "P_" + b.String()
}

// eventCodeOK reports whether c is an event code PETRARCH would emit. The
// validation dictionaries use codes of their own ("903", "174K", "210a")
// and PETRARCH does not check codes against CAMEO, so neither does the
// conversion: a code is two digits followed by digits and letters. The null
// code "---" is not an event, and neither are the odd codes of test
// patterns ("+++", "abc") and codes marked as doubtful ("025?"). TABARI's
// trailing '!' is removed (see eventCode).
func eventCodeOK(c string) bool {
	c = eventCode(c)
	if len(c) < 2 || len(c) > 8 || c[0] < '0' || c[0] > '9' || c[1] < '0' || c[1] > '9' {
		return false
	}
	for i := 0; i < len(c); i++ {
		if b := c[i]; !('0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z') {
			return false
		}
	}
	return true
}

// eventCode strips TABARI's trailing '!' from a code.
func eventCode(c string) string { return strings.TrimRight(c, "!") }

// verbLemma gives the verb's words with the head word first, lower-cased.
func verbLemma(vp VerbPhrase) []string {
	if len(vp.Words) == 0 {
		return nil
	}
	h := vp.Head
	if h < 0 || h >= len(vp.Words) {
		h = 0
	}
	out := []string{strings.ToLower(vp.Words[h])}
	for i, w := range vp.Words {
		if i != h {
			out = append(out, strings.ToLower(w))
		}
	}
	for _, w := range out {
		if !isLemma(w) {
			return nil
		}
	}
	return out
}

func isLemma(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '\'' || r >= 0x80) {
			return false
		}
	}
	return true
}

// singleWord returns the one word of a synset member written as a word
// and determiners ("DOLLARS", "THE_DOLLAR"), lower-cased.
func singleWord(els []Element) (string, bool) {
	word := ""
	for _, e := range els {
		if e.Kind != Word {
			return "", false
		}
		w := strings.ToLower(e.Text)
		switch classOf(w) {
		case determiner:
		case content:
			if word != "" || !isLemma(w) {
				return "", false
			}
			word = w
		default:
			return "", false
		}
	}
	return word, word != ""
}

// actorKind gives the kind of actor a PETRARCH entry names, as far as its
// codes tell: a CAMEO code of three letters alone is a country (a state
// actor), unless it is one of the international or non-state roots.
// Other entries (people, organisations, roles) have no kind.
func actorKind(codes []dict.ActorCode) string {
	for _, c := range codes {
		if len(c.Code) != 3 || nonStateRoots[c.Code] || strings.ContainsAny(c.Code, "/-") {
			return ""
		}
	}
	return "country"
}

// nonStateRoots are CAMEO's three-letter codes for actors that are not
// states.
var nonStateRoots = map[string]bool{"IGO": true, "NGO": true, "IMG": true, "MNC": true, "UIS": true, "NGM": true, "---": true}
