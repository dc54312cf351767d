package petrarch

import (
	"fmt"
	"strings"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/dict"
)

// Dictionaries converts what was read into the coder's dictionaries.
//
// The conversion is an approximation of PETRARCH's matching on
// constituency parses by avocet's matching on dependency parses:
//
//   - a verb form becomes the lemma of its head word (multiword verbs keep
//     their other words as particles: CARRY_OUT -> carry_out);
//   - "* +" becomes T (direct object), "* (P ... +)" becomes P:T, a word
//     or noun phrase after the verb becomes the object's lemma (its head),
//     "(P WORD)" becomes P:word, "&SYN" a set of the synset's head words;
//   - a block's or verb's default code gives "code verb T" and "code verb";
//   - a pattern coded "---" becomes a negative pattern;
//   - patterns that describe the passive ("$" after the verb) are dropped:
//     the coder handles voice itself; so are TABARI stems and choices,
//     compound "%" and skip "^" markers, which have no dependency reading.
//
// Actor names are matched in any case (the files are written in
// capitals). Agent codes "~GOV" become the role GOV; prefix codes ("IGO~")
// are kept as roles too. warn receives one message per dropped pattern
// kind with a count.
func (s *Set) Dictionaries(warn func(error)) *dict.Dictionaries {
	d := &dict.Dictionaries{Sets: map[string]*dict.Set{}}
	dropped := map[string]int{}
	for _, v := range s.Verbs {
		convertVerbs(d, v, dropped)
	}
	for _, a := range s.Actors {
		for _, e := range a.Entries {
			out := dict.ActorEntry{AnyCase: true, File: e.File, Line: e.Line}
			for _, n := range e.Names {
				out.Phrases = append(out.Phrases, phraseText(n.Phrase))
			}
			var undated []dict.ActorCode
			for _, c := range e.Codes {
				if c.Code == "---" || c.Code == "" {
					continue
				}
				ac := dict.ActorCode{Code: c.Code, From: c.From, To: c.To}
				if c.Restricted() {
					out.Codes = append(out.Codes, ac)
				} else {
					undated = append(undated, ac)
				}
			}
			out.Codes = append(out.Codes, undated...) // dated codes first, the default last
			if len(out.Codes) > 0 && len(out.Phrases) > 0 {
				d.Actors = append(d.Actors, out)
			}
		}
	}
	for _, ag := range s.Agents {
		for _, e := range ag.Entries {
			code := strings.Trim(e.Code, "~")
			if len(code) < 3 || len(code)%3 != 0 {
				dropped["agent with code "+e.Code]++
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
		for what, n := range dropped {
			warn(fmt.Errorf("%w: %d PETRARCH %s not converted: no dependency reading", avocet.ErrInvalidInput, n, what))
		}
	}
	return d
}

func phraseText(p Phrase) string { return strings.Join(p.Words, " ") }

// convertVerbs adds one verb dictionary's patterns and synsets.
func convertVerbs(d *dict.Dictionaries, v *Verbs, dropped map[string]int) {
	if v.Format == FormatTABARI {
		dropped["TABARI verb files (stems)"]++
		return
	}
	for key, syn := range v.Synsets {
		name := setName(key)
		if _, ok := d.Sets[name]; ok {
			continue
		}
		s := &dict.Set{Name: name, File: syn.File, Line: syn.Line}
		for _, m := range syn.Members {
			if w := headWord(m.Elements); w != "" {
				s.Words = append(s.Words, w)
			}
		}
		if len(s.Words) > 0 {
			d.Sets[name] = s
		}
	}
	for _, b := range v.Blocks {
		for _, f := range b.Forms {
			verb := verbLemma(f.VerbPhrase)
			if verb == nil {
				dropped["verb forms without a word"]++
				continue
			}
			code := f.Code
			if code == "" {
				code = b.Code
			}
			if eventCodeOK(code) {
				for _, withT := range []bool{true, false} {
					p := dict.Pattern{Code: code, Verb: verb, File: f.File, Line: f.Line}
					if withT {
						p.Elements = []dict.Element{{Kind: dict.ElemTarget}}
					}
					p.Text = p.String()[len(code)+1:]
					d.Patterns = append(d.Patterns, p)
				}
			}
			for _, pat := range b.Patterns {
				pc := pat.Code
				if pc == "" {
					pc = code
				}
				p, ok, why := convertPattern(verb, pat, pc, d.Sets)
				if !ok {
					dropped[why]++
					continue
				}
				d.Patterns = append(d.Patterns, p)
			}
		}
	}
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

func eventCodeOK(c string) bool {
	c = strings.TrimRight(c, "!")
	if len(c) < 2 || len(c) > 4 {
		return false
	}
	for i := 0; i < len(c); i++ {
		if c[i] < '0' || c[i] > '9' {
			return false
		}
	}
	return c[:2] >= "01" && c[:2] <= "20"
}

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

// headWord returns the lower-cased head (last) word of a run of elements.
func headWord(els []Element) string {
	for i := len(els) - 1; i >= 0; i-- {
		e := els[i]
		switch e.Kind {
		case Word:
			w := strings.ToLower(e.Text)
			if isLemma(w) {
				return w
			}
			return ""
		case NounPhrase:
			return headWord(e.Children)
		}
	}
	return ""
}

// convertPattern translates one PETRARCH pattern; why names the reason
// when it cannot.
func convertPattern(verb []string, pat Pattern, code string, sets map[string]*dict.Set) (dict.Pattern, bool, string) {
	p := dict.Pattern{Verb: verb, File: pat.File, Line: pat.Line}
	switch {
	case code == "---":
		p.Negative = true
	case eventCodeOK(code):
		p.Code = strings.TrimRight(code, "!")
	default:
		return p, false, "patterns with code " + code
	}
	after := false
	targets := 0
	for i, e := range pat.Elements {
		if e.Kind == Verb {
			after = true
			continue
		}
		if !after {
			continue // words before the verb: PETRARCH context, no dependency reading
		}
		switch e.Kind {
		case Source:
			return p, false, "passive patterns (source after the verb)"
		case Target:
			p.Elements = append(p.Elements, dict.Element{Kind: dict.ElemTarget})
			targets++
		case Word, NounPhrase:
			w := headWord([]Element{e})
			if w == "" {
				return p, false, "patterns with words that are not lemmas"
			}
			// TABARI-style "* TO +": a word right before the target is a preposition
			if i+1 < len(pat.Elements) && pat.Elements[i+1].Kind == Target && e.Kind == Word {
				p.Elements = append(p.Elements, dict.Element{Kind: dict.ElemPrepTarget, Prep: w})
				targets++
				return finish(p, targets)
			}
			alts := []string{w}
			for _, a := range e.Alts {
				if a = strings.ToLower(a); isLemma(a) {
					alts = append(alts, a)
				}
			}
			p.Elements = append(p.Elements, dict.Element{Kind: dict.ElemObject, Words: alts})
		case SynsetRef:
			name := setName(e.Text)
			if sets[name] == nil {
				return p, false, "patterns with unknown synsets"
			}
			p.Elements = append(p.Elements, dict.Element{Kind: dict.ElemObject, Set: name})
		case Prep:
			if len(e.Children) == 0 || e.Children[0].Kind != Word {
				return p, false, "prepositional phrases without a preposition"
			}
			prep := strings.ToLower(e.Children[0].Text)
			if !isLemma(prep) {
				return p, false, "prepositional phrases without a preposition"
			}
			rest := e.Children[1:]
			hasTarget := false
			for _, c := range rest {
				if c.Kind == Target {
					hasTarget = true
				}
			}
			switch {
			case hasTarget:
				p.Elements = append(p.Elements, dict.Element{Kind: dict.ElemPrepTarget, Prep: prep})
				targets++
			case len(rest) > 0 && rest[len(rest)-1].Kind == SynsetRef:
				name := setName(rest[len(rest)-1].Text)
				if sets[name] == nil {
					return p, false, "patterns with unknown synsets"
				}
				p.Elements = append(p.Elements, dict.Element{Kind: dict.ElemPrepNoun, Prep: prep, Set: name})
			default:
				w := headWord(rest)
				if w == "" {
					continue // "(TO)" alone: nothing the dependency parse needs
				}
				p.Elements = append(p.Elements, dict.Element{Kind: dict.ElemPrepNoun, Prep: prep, Words: []string{w}})
			}
		default:
			return p, false, "patterns with TABARI choices, skips or compound actors"
		}
	}
	return finish(p, targets)
}

func finish(p dict.Pattern, targets int) (dict.Pattern, bool, string) {
	if targets > 1 {
		return p, false, "patterns with two targets"
	}
	p.Text = p.String()
	if i := strings.IndexByte(p.Text, ' '); i >= 0 {
		p.Text = p.Text[i+1:]
	}
	return p, true, ""
}
