package coder

import (
	"github.com/avocet-events/avocet/temporal"
	"strings"
	"time"

	"github.com/avocet-events/avocet"
	"github.com/avocet-events/avocet/dict"
)

// parsed is a sentence prepared for coding: children lists, lower-cased
// forms and the dictionary mentions found in it.
type parsed struct {
	s         *avocet.Sentence
	text      string
	lower     []string
	lemma     []string
	kids      [][]int
	mention   []int // index into mentions, -1 where no phrase covers the token
	mentions  []mentionSpan
	skip      []bool
	times     []temporal.Expr // the sentence's time expressions against the story date, found on first use
	timesSet  bool
	setting   string   // country of the sentence's first place phrase ("in Kampala"), if any
	issues    []string // the sentence's issue labels, found on first use
	issuesSet bool
}

type mentionSpan struct {
	start, end int // token range [start, end)
	p          *phrase
}

func (c *Coder) prepare(text string, s *avocet.Sentence) *parsed {
	n := len(s.Tokens)
	ps := &parsed{s: s, text: text, lower: make([]string, n), lemma: make([]string, n), kids: make([][]int, n), mention: make([]int, n), skip: make([]bool, n)}
	for i := range s.Tokens {
		t := &s.Tokens[i]
		ps.lower[i] = normWord(t.Form)
		ps.lemma[i] = strings.ToLower(t.Lemma)
		ps.mention[i] = -1
		if h := t.Head - 1; h >= 0 && h < n && h != i {
			ps.kids[h] = append(ps.kids[h], i)
		}
	}
	// Longest dictionary match at each position, left to right.
	for i := 0; i < n; {
		m := c.matchPhrase(ps, i)
		if m == nil {
			i++
			continue
		}
		k := len(ps.mentions)
		ps.mentions = append(ps.mentions, mentionSpan{start: i, end: i + len(m.words), p: m})
		for j := i; j < i+len(m.words); j++ {
			ps.mention[j] = k
		}
		i += len(m.words)
	}
	return ps
}

func (c *Coder) matchPhrase(ps *parsed, i int) *phrase {
	for _, key := range []string{ps.lower[i], ps.lemma[i]} {
		for _, p := range c.ix.phrases[key] {
			if i+len(p.words) > len(ps.lower) {
				continue
			}
			ok := true
			for k, w := range p.words {
				if !ps.wordMatches(i+k, w, p.match[k]) {
					ok = false
					break
				}
			}
			if ok {
				return p
			}
		}
		if ps.lemma[i] == ps.lower[i] {
			break
		}
	}
	return nil
}

// wordMatches compares text word j with a dictionary word.
func (ps *parsed) wordMatches(j int, w string, m wordMatch) bool {
	form := ps.s.Tokens[j].Form
	switch m {
	case exact:
		return ps.lower[j] == w && isAcronym(form)
	case capitalised:
		return ps.lower[j] == w && form != "" && 'A' <= form[0] && form[0] <= 'Z' || ps.lower[j] == w && form[0] >= 0x80
	default:
		return ps.lower[j] == w || ps.lemma[j] == w
	}
}

func (ps *parsed) rel(i int) string { return ps.s.Tokens[i].DepRel }

func (ps *parsed) child(v int, rels ...string) int {
	for _, k := range ps.kids[v] {
		for _, r := range rels {
			if ps.rel(k) == r {
				return k
			}
		}
	}
	return -1
}

// passive reports a passive clause: a passive subject or auxiliary, or a
// past participle modifying a noun ("troops deployed by NATO").
func (ps *parsed) passive(v int) bool {
	if ps.child(v, "nsubj:pass", "aux:pass", "csubj:pass") >= 0 || ps.adjectivalPassive(v) {
		return true
	}
	return ps.rel(v) == "acl" && ps.s.Tokens[v].XPOS == "VBN" && !ps.misparsedClause(v)
}

// theirObject reports an object owned by "their" ("Gondor and Osgiliath
// delayed their meeting"): the coordinated subjects act on each other.
func (ps *parsed) theirObject(v int, passive bool) bool {
	o := ps.object(v, passive)
	if o < 0 {
		return false
	}
	p := ps.child(o, "nmod:poss")
	return p >= 0 && (ps.lower[p] == "their" || ps.lower[p] == "each")
}

// adjectivalPassive spots a passive the parser read as a copula and an
// adjective: "was sentenced to five years by a court", "were wounded by
// gunfire".
func (ps *parsed) adjectivalPassive(v int) bool {
	t := &ps.s.Tokens[v]
	if t.UPOS != "ADJ" && t.UPOS != "VERB" {
		return false
	}
	c := ps.child(v, "cop")
	if c < 0 || ps.lemma[c] != "be" {
		return false
	}
	w := ps.lower[v]
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "en")
}

// misparsedClause spots a common parser slip on short news sentences:
// "Russian troops fired on Ukraine" parsed as a noun phrase whose root
// noun is modified by the verb (acl). When the noun is the sentence root
// and the verb has no agent phrase, the verb is the real predicate and the
// noun its subject.
func (ps *parsed) misparsedClause(v int) bool {
	if ps.rel(v) != "acl" {
		return false
	}
	h := ps.s.Tokens[v].Head - 1
	return h >= 0 && ps.s.Tokens[h].Head == 0 && ps.child(v, "obl:agent") < 0 && h < v
}

// object returns the patient of v: the direct object, or in the passive
// the passive subject (or the noun a passive participle modifies).
func (ps *parsed) object(v int, passive bool) int {
	if passive {
		if k := ps.child(v, "nsubj:pass"); k >= 0 {
			return ps.unwrapQuantity(ps.resolveRelative(k))
		}
		if ps.adjectivalPassive(v) {
			if k := ps.child(v, "nsubj"); k >= 0 {
				return ps.unwrapQuantity(ps.resolveRelative(k))
			}
		}
		if ps.rel(v) == "acl" {
			return ps.s.Tokens[v].Head - 1
		}
		return -1
	}
	if o := ps.child(v, "obj"); o >= 0 {
		return ps.unwrapQuantity(o)
	}
	// "urged Venezuela to resume talks": the parser often makes the
	// person addressed an indirect object when a complement follows
	return ps.unwrapQuantity(ps.child(v, "iobj"))
}

// quantityWords head phrases whose real head follows "of": "thousands of
// soldiers", "a group of protesters".
var quantityWords = map[string]bool{
	"hundred": true, "thousand": true, "million": true, "dozen": true, "score": true, "number": true,
	"group": true, "couple": true, "contingent": true, "batch": true, "handful": true, "lot": true, "crowd": true,
	"hundreds": true, "thousands": true, "millions": true, "dozens": true, "tens": true,
}

// unwrapQuantity returns the noun a quantity phrase counts, or k itself.
func (ps *parsed) unwrapQuantity(k int) int {
	if k < 0 || !(quantityWords[ps.lemma[k]] || ps.s.Tokens[k].UPOS == "NUM") {
		return k
	}
	for _, c := range ps.kids[k] {
		if ps.rel(c) == "nmod" && ps.caseOf(c) == "of" {
			return c
		}
	}
	return k
}

// nounAccepts checks a noun against a pattern's words or set by lemma,
// form and naive singular ("supplies", which the treebank lemmatises as
// itself, is also "supply").
func (ps *parsed) nounAccepts(ix *index, el dict.Element, k int) bool {
	heads := ps.headForms(k)
	for _, h := range heads {
		if ix.accepts(el.Words, el.Set, h) {
			return true
		}
	}
	// multiword members end in the head and start with its modifiers:
	// "relief supplies" is "relief supply", "Patriot air defence
	// systems" holds "air defence system"
	toks := ps.s.Tokens
	for n := 1; n <= 3 && k-n >= 0; n++ {
		m := k - n
		if u := toks[m].UPOS; u != "NOUN" && u != "ADJ" && u != "PROPN" && u != "VERB" {
			break
		}
		if h := toks[m].Head - 1; h <= m || h > k {
			break
		}
		prefix := strings.Join(ps.lower[m:k], " ")
		for _, h := range heads {
			if ix.accepts(el.Words, el.Set, prefix+" "+h) {
				return true
			}
		}
	}
	return false
}

// headForms are the forms a noun is looked up by: its lemma, its form and
// a singular guessed from the form.
func (ps *parsed) headForms(k int) []string {
	out := []string{ps.lemma[k], ps.lower[k]}
	w := ps.lower[k]
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		out = append(out, w[:len(w)-3]+"y")
	case strings.HasSuffix(w, "s") && len(w) > 3:
		out = append(out, w[:len(w)-1])
	}
	return out
}

// oblique returns the oblique of v introduced by prep ("with", "against"),
// looking also at the object's modifiers for light verbs ("held talks with
// X" attaches "with X" to either word).
func (ps *parsed) oblique(v int, prep string, passive bool) int {
	find := func(h int) int {
		for _, k := range ps.kids[h] {
			r := ps.rel(k)
			if !strings.HasPrefix(r, "obl") && !strings.HasPrefix(r, "nmod") {
				continue
			}
			if r == "obl:agent" || r == "nmod:poss" {
				continue
			}
			for _, c := range ps.kids[k] {
				if ps.rel(c) == "case" && ps.lemma[c] == prep {
					return k
				}
			}
		}
		return -1
	}
	if k := find(v); k >= 0 {
		return k
	}
	if o := ps.object(v, passive); o >= 0 {
		return find(o)
	}
	return -1
}

// match checks pattern p against predicate v and returns the target head
// (-1 when the pattern names none).
func (ps *parsed) match(ix *index, v int, p *dict.Pattern, passive bool) (int, bool) {
	cur := v
	for _, w := range p.Verb[1:] {
		found := false
		for _, k := range ps.kids[cur] {
			if (ps.rel(k) == "compound:prt" || ps.rel(k) == "advmod" || ps.rel(k) == "obl" || ps.rel(k) == "compound") && ps.lemma[k] == w {
				found = true
			}
		}
		if !found && cur+1 < len(ps.lemma) && ps.lemma[cur+1] == w {
			found = true
		}
		if !found {
			return -1, false
		}
	}
	target := -1
	for _, el := range p.Elements {
		switch el.Kind {
		case dict.ElemParticle:
			found := false
			for _, k := range ps.kids[cur] {
				if (ps.rel(k) == "compound:prt" || ps.rel(k) == "advmod") && ix.accepts(el.Words, "", ps.lemma[k]) {
					found = true
				}
			}
			if !found {
				return -1, false
			}
		case dict.ElemTarget:
			t := ps.object(cur, passive)
			if t < 0 {
				return -1, false
			}
			target = t
		case dict.ElemPrepTarget:
			t := ps.oblique(cur, el.Prep, passive)
			if t < 0 {
				return -1, false
			}
			target = t
		case dict.ElemObject:
			o := ps.object(cur, passive)
			if o < 0 || !ps.nounAccepts(ix, el, o) {
				return -1, false
			}
		case dict.ElemPrepNoun:
			o := ps.oblique(cur, el.Prep, passive)
			if o < 0 || !ps.nounAccepts(ix, el, o) {
				return -1, false
			}
		case dict.ElemXcomp:
			x := -1
			for _, k := range ps.kids[cur] {
				if ps.isComplement(k) && ix.accepts(el.Words, "", ps.lemma[k]) {
					x = k
				}
			}
			if x < 0 {
				return -1, false
			}
			ps.skip[x] = true // the complement is coded through this pattern
			cur = x
			passive = ps.passive(x)
		}
	}
	return target, true
}

// hasEventComplement reports whether v's clausal complement holds a verb
// with patterns (reported speech).
func (ps *parsed) hasEventComplement(ix *index, v int) bool {
	for _, k := range ps.kids[v] {
		if r := ps.rel(k); (r == "ccomp" || r == "parataxis") && len(ix.patterns[ps.lemma[k]]) > 0 {
			return true
		}
	}
	return false
}

// subject finds the agent of v, climbing through control ("vowed to
// retaliate"), coordination ("met and signed") and relative clauses.
func (ps *parsed) subject(v int, passive bool) int {
	for steps := 0; v >= 0 && steps < 8; steps++ {
		if passive {
			if k := ps.child(v, "obl:agent"); k >= 0 {
				return k
			}
			// a "by" phrase the parser left as a plain oblique
			for _, k := range ps.kids[v] {
				if strings.HasPrefix(ps.rel(k), "obl") && ps.caseOf(k) == "by" {
					return k
				}
			}
		} else if k := ps.child(v, "nsubj"); k >= 0 {
			return ps.resolveRelative(k)
		}
		rel := ps.rel(v)
		if rel != "xcomp" && ps.isComplement(v) {
			rel = "xcomp"
		}
		switch rel {
		case "xcomp":
			v = ps.s.Tokens[v].Head - 1
			passive = ps.passive(v)
			// object control: in "urged Kenya to release them" Kenya
			// releases; in a purpose clause ("fired tear gas to disperse
			// the crowd") the subject does
			if o := ps.child(v, "obj", "iobj"); o >= 0 && !passive && (objectControl[ps.lemma[v]] || isNominal(ps.s.Tokens[o].UPOS) && ps.s.Tokens[o].UPOS != "NOUN" || ps.mention[o] >= 0) {
				return o
			}
			// "Turkey was prepared to send troops": the passive subject of
			// the governing predicate controls the complement
			if k := ps.child(v, "nsubj:pass"); k >= 0 && passive {
				return ps.resolveRelative(k)
			}
		case "conj":
			v = ps.s.Tokens[v].Head - 1
			passive = ps.passive(v)
		case "acl:relcl", "acl":
			if passive {
				return -1
			}
			h := ps.s.Tokens[v].Head - 1
			// "used force to arrest protesters": an infinitive on a thing
			// the clause's subject uses is done by that subject
			if ps.rel(v) == "acl" && ps.isComplementMark(v, "to") && h >= 0 && ps.mention[h] < 0 && ps.s.Tokens[h].UPOS == "NOUN" {
				if hv := ps.s.Tokens[h].Head - 1; hv >= 0 && ps.s.Tokens[hv].UPOS == "VERB" && strings.HasPrefix(ps.rel(h), "obj") {
					v, passive = hv, ps.passive(hv)
					continue
				}
			}
			return h
		case "list", "dep", "parataxis":
			// "Israel on Wednesday released the mayor" parsed with the
			// name as the root and the finite verb hanging from it
			h := ps.s.Tokens[v].Head - 1
			x := ps.s.Tokens[v].XPOS
			if !passive && h >= 0 && h < v && ps.s.Tokens[h].Head == 0 && isNominal(ps.s.Tokens[h].UPOS) &&
				(x == "VBD" || x == "VBZ" || x == "VBP") {
				return h
			}
			return -1
		default:
			return -1
		}
	}
	return -1
}

// resolveRelative maps a relative pronoun ("who", "which", "that") to the
// noun its clause modifies.
func (ps *parsed) resolveRelative(k int) int {
	if ps.s.Tokens[k].XPOS != "WP" && ps.s.Tokens[k].XPOS != "WDT" {
		return k
	}
	clause := ps.s.Tokens[k].Head - 1
	if clause >= 0 && strings.HasPrefix(ps.rel(clause), "acl") {
		return ps.s.Tokens[clause].Head - 1
	}
	return k
}

// sources returns the actors of subject h of v (as found by subject).
func (ps *parsed) sources(st *Story, v, h int, passive bool) []avocet.Actor {
	if h < 0 {
		return nil
	}
	out := ps.actors(st, h)
	// A list the parser split into several subjects ("The US, Russia and
	// Switzerland met") still names several sources.
	if !passive && ps.s.Tokens[h].Head-1 == v {
		for _, k := range ps.kids[v] {
			if k != h && ps.rel(k) == "nsubj" {
				out = append(out, ps.actors(st, k)...)
			}
		}
	}
	return out
}

// flags reads negation, modality, tense and reported speech off the clause.
func (ps *parsed) flags(v int, passive bool) avocet.Flags {
	f := avocet.Flags{Passive: passive}
	// "No shots were fired", "no soldiers were kidnapped": a participant
	// determined by "no" negates the clause
	for _, k := range []int{ps.child(v, "nsubj", "nsubj:pass"), ps.object(v, passive)} {
		if k >= 0 {
			if d := ps.child(k, "det"); d >= 0 && ps.lemma[d] == "no" {
				f.Negated = true
			}
		}
	}
	if ps.isComplement(v) {
		// "did not use force to disperse the march", "never tried to
		// attack": a negated governing verb negates its complement
		h := ps.s.Tokens[v].Head - 1
		for _, k := range ps.kids[h] {
			if ps.rel(k) == "advmod" && (ps.lemma[k] == "not" || ps.lemma[k] == "never" || ps.lower[k] == "n't") {
				f.Negated = true
			}
		}
	}
	if ps.rel(v) == "xcomp" {
		h := ps.s.Tokens[v].Head - 1
		// "Iran has yet to release them"
		if a := ps.child(h, "advmod"); a >= 0 && ps.lemma[a] == "yet" && (ps.lemma[h] == "have" || ps.lemma[h] == "be") {
			f.Negated = true
		}
		// speculation by others ("is expected to visit") and mere wishes
		// or plans ("wants to attack", "hopes to meet"): not events
		if speculation[ps.lemma[h]] || wishes[ps.lemma[h]] {
			f.Hypothetical = true
			f.Speculative = true
		}
	}
	for _, k := range ps.kids[v] {
		switch ps.rel(k) {
		case "advmod":
			if ps.lemma[k] == "not" || ps.lemma[k] == "never" || ps.lower[k] == "n't" {
				f.Negated = true
			}
		case "aux":
			switch ps.lemma[k] {
			case "will", "shall":
				f.Future = true
			case "may", "might", "could", "would", "should", "can", "must", "ought":
				f.Hypothetical = true
			}
		case "mark":
			if ps.lemma[k] == "if" || ps.lemma[k] == "unless" {
				f.Hypothetical = true
			}
		}
	}
	// reported: the clause is the complement of a speech verb
	for h, steps := v, 0; h >= 0 && steps < 8; steps++ {
		r := ps.rel(h)
		up := ps.s.Tokens[h].Head - 1
		if up < 0 {
			break
		}
		if (r == "ccomp" || r == "parataxis") && speechVerbs[ps.lemma[up]] {
			f.Reported = true
			break
		}
		if r != "conj" && r != "xcomp" {
			break
		}
		h = up
	}
	return f
}

// speculation governs complements that others expect rather than events
// that happened or were announced.
var speculation = map[string]bool{"expect": true, "likely": true, "unlikely": true, "predict": true, "rumor": true, "rumour": true, "forecast": true, "anticipate": true}

// wishes govern complements that are wanted, not done. Verbs that code
// an intent themselves ("pledge", "vow") have patterns and code it; their
// complements are skipped before flags are read.
var wishes = map[string]bool{"want": true, "wish": true, "hope": true, "seek": true, "try": true, "aim": true, "intend": true, "plan": true, "consider": true, "like": true, "prefer": true, "dream": true}

var speechVerbs = map[string]bool{
	"say": true, "tell": true, "announce": true, "state": true, "claim": true, "report": true, "add": true,
	"insist": true, "allege": true, "declare": true, "confirm": true, "deny": true, "write": true, "tweet": true,
	"note": true, "explain": true, "argue": true, "believe": true, "think": true,
}

// npRels are the relations inside a noun phrase that can carry actor
// information ("Russia's state television", "Chinese Foreign Minister Wang
// Yi", "the president of Kenya").
var npRels = map[string]bool{
	"compound": true, "flat": true, "flat:name": true, "amod": true, "nmod:poss": true, "det": true,
	"nmod:desc": true, "appos": true, "nmod": true, "case": true, "nummod": true,
}

// npTokens collects the noun phrase headed by h, without coordinated
// phrases or clauses; an nmod counts only with "of" ("president of Kenya").
func (ps *parsed) npTokens(h int) []int {
	out, _ := ps.npTokensCore(h)
	return out
}

// npTokensCore is npTokens that also tells which tokens are reached only
// through an "of"/"from" modifier ("the president of Kenya", "diplomats
// from Bogota"): those give the phrase a country, never its whole code.
func (ps *parsed) npTokensCore(h int) ([]int, map[int]bool) {
	out := []int{h}
	nested := map[int]bool{}
	var walk func(x, depth int, inNmod bool)
	walk = func(x, depth int, inNmod bool) {
		if depth > 6 {
			return
		}
		for _, k := range ps.kids[x] {
			r := ps.rel(k)
			if !npRels[r] || r == "case" && x == h {
				continue // the head's own preposition is not part of the name
			}
			if r == "nmod" {
				// "the president of Kenya", "refugees from Syria"
				of := false
				for _, c := range ps.kids[k] {
					if ps.rel(c) == "case" && (ps.lemma[c] == "of" || ps.lemma[c] == "from" || ps.lemma[c] == "in") {
						of = true
					}
				}
				if !of {
					continue
				}
			}
			out = append(out, k)
			nk := inNmod || r == "nmod"
			if nk {
				nested[k] = true
			}
			walk(k, depth+1, nk)
		}
	}
	walk(h, 0, false)
	return out, nested
}

// isNPHead reports whether token h heads a noun phrase (it is not inside
// another noun phrase of the same actor).
func (ps *parsed) isNPHead(h int) bool {
	r := ps.rel(h)
	return !npRels[r] || r == "nmod"
}

// actors returns the actors of the phrase headed by h, one per coordinated
// conjunct ("Kenya and Ethiopia").
func (ps *parsed) actors(st *Story, h int) []avocet.Actor {
	first := ps.actor(st, h)
	out := []avocet.Actor{first}
	// "Iranian and Omani officials": one actor per coordinated country
	// modifier, sharing the role.
	if len(first.Code) > 3 {
		for _, m := range ps.kids[h] {
			if r := ps.rel(m); r != "amod" && r != "compound" && r != "nmod:poss" && r != "nmod" {
				continue
			}
			for _, c := range ps.kids[m] {
				if ps.rel(c) != "conj" || ps.mention[c] < 0 {
					continue
				}
				e := ps.mentions[ps.mention[c]].p.actor
				if e == nil || (e.Kind != "country" && e.Kind != "demonym") {
					continue
				}
				code := e.CodeAt(st.article.Date)
				if len(code) < 3 || code[:3] == first.Code[:3] {
					continue
				}
				a := first
				a.Code = code[:3] + first.Code[3:]
				a.Country = code[:3]
				out = append(out, a)
			}
		}
	}
	for _, k := range ps.kids[h] {
		if !isNominal(ps.s.Tokens[k].UPOS) {
			continue
		}
		switch ps.rel(k) {
		case "conj":
			a := ps.actor(st, k)
			// "the Sudanese army and rebel forces": conjuncts without a
			// country share the first one's
			if strings.HasPrefix(a.Code, unknownCode) && len(a.Code) > 3 && known(first.Code) && first.Country != "" {
				a.Code, a.Country = first.Country+a.Code[3:], first.Country
			}
			out = append(out, a)
		case "appos":
			// "the US, Russia" parsed as an apposition is a list when the
			// two name different countries or organisations
			a := ps.actor(st, k)
			if known(first.Code) && known(a.Code) && a.Code[:3] != first.Code[:3] {
				out = append(out, a)
			}
		}
	}
	return expandJoint(out)
}

func known(code string) bool { return len(code) >= 3 && code[:3] != unknownCode }

// expandJoint splits actors whose dictionary code names several actors at
// once ("FRO/BIL/SAM" in PETRARCH dictionaries) into one actor each.
func expandJoint(as []avocet.Actor) []avocet.Actor {
	var out []avocet.Actor
	for _, a := range as {
		if !strings.Contains(a.Code, "/") {
			out = append(out, a)
			continue
		}
		for _, c := range strings.Split(a.Code, "/") {
			if c = strings.TrimSpace(c); c != "" {
				b := a
				b.Code = c
				if len(c) >= 3 && b.Country != "" {
					b.Country = c[:3]
				}
				out = append(out, b)
			}
		}
	}
	return out
}

// actor composes the actor code of the noun phrase headed by h from the
// dictionary mentions inside it.
func (ps *parsed) actor(st *Story, h int) avocet.Actor {
	toks, nested := ps.npTokensCore(h)
	lo, hi := h, h
	for _, t := range toks {
		lo, hi = min(lo, t), max(hi, t)
	}
	a := avocet.Actor{
		Span: avocet.Span{Start: ps.s.Tokens[lo].Start, End: ps.s.Tokens[hi].End},
	}
	a.Name = ps.text[a.Span.Start:a.Span.End]
	in := map[int]bool{}
	for _, t := range toks {
		in[t] = true
	}
	// Country words just before the phrase belong to it even when the
	// parser attached them elsewhere ("Kenyan Foreign Minister X met ...").
	for j := lo - 1; j >= 0 && ps.mention[j] >= 0; {
		m := &ps.mentions[ps.mention[j]]
		if m.p.actor == nil || (m.p.actor.Kind != "demonym" && m.p.actor.Kind != "country") {
			break
		}
		for k := m.start; k < m.end; k++ {
			in[k] = true
		}
		j = m.start - 1
	}
	var full *mentionSpan // a person, organisation, seat or capital: a complete code
	var country string
	var agent *mentionSpan
	for i := range ps.mentions {
		m := &ps.mentions[i]
		inside := false
		for j := m.start; j < m.end; j++ {
			if in[j] {
				inside = true
			}
		}
		if !inside {
			continue
		}
		switch {
		case m.p.actor != nil:
			e := m.p.actor
			code := e.CodeAt(st.article.Date)
			if code == "" {
				continue // the entry does not apply on this date ("ISIS" in 2010)
			}
			if nested[m.start] && !nested[h] {
				// "Israel's diplomats from Bogota": a modifier's actor
				// lends the phrase a country at most
				if country == "" && len(code) >= 3 && code[:3] != "IGO" && code[:3] != "NGO" {
					country = code[:3]
				}
				continue
			}
			switch e.Kind {
			case "country", "demonym", "region", "":
				if country == "" && len(code) >= 3 {
					country = code[:3]
				}
				if e.Kind == "" && len(code) > 3 && full == nil {
					full = m
				}
			default:
				if full == nil {
					full = m
				}
			}
		case m.p.agent != nil:
			if u := ps.s.Tokens[m.end-1].UPOS; u != "NOUN" && u != "PROPN" {
				continue // "general election": the role word must be a noun
			}
			if m.p.agent.Kind == "title" {
				if agent == nil {
					agent = m
				}
				continue
			}
			if agent == nil || agent.p.agent.Kind == "title" {
				agent = m
			}
		}
	}
	switch {
	case full != nil:
		e := full.p.actor
		a.Code = e.CodeAt(st.article.Date)
		a.Canonical = e.Name
		a.Country = e.Country
		if a.Country == "" && len(a.Code) >= 3 && a.Code[:3] != "IGO" && a.Code[:3] != "NGO" && a.Code[:3] != "IMG" {
			a.Country = a.Code[:3]
		}
	case agent != nil:
		role := agent.p.agent.Code
		if country == "" && !ps.unknownName(toks, nested) {
			country = st.contextCountry(ps, h)
		}
		if country == "" {
			country = unknownCode
		}
		a.Code = country + role
		a.Country = strings.Trim(country, "-")
	case country != "":
		a.Code = country
		a.Country = country
	default:
		if ps.s.Tokens[h].UPOS == "PRON" {
			if r, ok := ps.sentencePronoun(st, h); ok {
				r.Span, r.Name = a.Span, a.Name
				return r
			}
			if r, ok := st.pronoun(ps.lemma[h]); ok {
				r.Span, r.Name = a.Span, a.Name
				return r
			}
		}
		a.Code = unknownCode
		if c, ok := ps.placeName(st, h); ok {
			a.Code, a.Country = c, c
		}
	}
	if len(a.Code) >= 6 {
		a.Sectors = []string{a.Code[3:6]}
	}
	return a
}

// unknownName reports a proper noun in the phrase that no dictionary
// knows ("President Kagiso"): the story's country is then a guess too far.
func (ps *parsed) unknownName(toks []int, nested map[int]bool) bool {
	for _, t := range toks {
		if !nested[t] && ps.s.Tokens[t].UPOS == "PROPN" && ps.mention[t] < 0 {
			return true
		}
	}
	return false
}

// contextCountry gives a role phrase without a country ("the ministry",
// "a rebel faction", "police") the story's main country: the one the
// story has named most often so far, this sentence included; on a tie the
// one it named first.
func (st *Story) contextCountry(ps *parsed, h int) string {
	if ps.setting != "" {
		return ps.setting // the sentence says where it happens
	}
	best, bestN := "", 0
	for _, c := range st.countryOrder {
		if n := st.countries[c]; n > bestN {
			best, bestN = c, n
		}
	}
	return best
}

// isComplement reports an infinitival complement of its head: an xcomp,
// or a "to" clause the parser attached as advcl or ccomp ("called on Iran
// to release").
func (ps *parsed) isComplement(k int) bool {
	switch ps.rel(k) {
	case "xcomp":
		return true
	case "advcl", "ccomp":
		m := ps.child(k, "mark")
		return ps.s.Tokens[k].UPOS == "VERB" && m >= 0 && ps.lemma[m] == "to"
	}
	return false
}

// placePreps introduce phrases that say where something happens.
var placePreps = map[string]bool{"in": true, "at": true, "near": true, "inside": true, "across": true, "throughout": true, "outside": true}

// inPlacePhrase reports whether token t sits in a phrase that gives a
// place: an oblique or nominal modifier introduced by "in", "at", "near"...
func (ps *parsed) inPlacePhrase(t int) bool {
	for steps := 0; t >= 0 && steps < 4; steps++ {
		r := ps.rel(t)
		if strings.HasPrefix(r, "obl") || r == "nmod" {
			c := -1
			for _, k := range ps.kids[t] {
				if ps.rel(k) == "case" {
					c = k
				}
			}
			return c >= 0 && placePreps[ps.lemma[c]]
		}
		if !npRels[r] || r == "appos" {
			return false
		}
		t = ps.s.Tokens[t].Head - 1
	}
	return false
}

// complementParticipants returns the participants of v's complement
// clauses other than v's own subject, in order of preference: the
// complement's subject ("demanded that Russia halt"), its object, its
// obliques introduced by to, with, on, against or for.
func (ps *parsed) complementParticipants(v int) []int {
	var out []int
	subj := ps.child(v, "nsubj")
	for _, k := range ps.kids[v] {
		if !ps.isComplement(k) && ps.rel(k) != "ccomp" {
			continue
		}
		if s := ps.child(k, "nsubj", "nsubj:pass"); s >= 0 && s != subj && ps.s.Tokens[s].UPOS != "PRON" {
			out = append(out, s)
		}
		if o := ps.object(k, ps.passive(k)); o >= 0 {
			out = append(out, o)
		}
		for _, prep := range []string{"to", "with", "on", "against", "for"} {
			if o := ps.oblique(k, prep, false); o >= 0 {
				out = append(out, o)
			}
		}
	}
	return out
}

// placeCountry returns the country of a place phrase attached to v or to
// its object ("lifted the curfew in Gondar, Ethiopia", "fighting in
// Mozambique's Cabo Delgado province"): the first country, capital or
// region the dictionaries know inside it.
func (ps *parsed) placeCountry(st *Story, v int, passive bool) string {
	heads := []int{v}
	if o := ps.object(v, passive); o >= 0 {
		heads = append(heads, o)
	}
	for _, h := range heads {
		for _, k := range ps.kids[h] {
			r := ps.rel(k)
			if !strings.HasPrefix(r, "obl") && r != "nmod" {
				continue
			}
			if r == "obl:agent" || r == "obl:tmod" {
				continue
			}
			c := -1
			for _, x := range ps.kids[k] {
				if ps.rel(x) == "case" {
					c = x
				}
			}
			if c < 0 || !placePreps[ps.lemma[c]] && ps.lemma[c] != "into" && ps.lemma[c] != "from" {
				continue
			}
			for _, t := range ps.npTokens(k) {
				if ps.mention[t] < 0 {
					continue
				}
				e := ps.mentions[ps.mention[t]].p.actor
				if e == nil {
					continue
				}
				switch e.Kind {
				case "country", "capital", "region", "demonym":
					if code := e.CodeAt(st.article.Date); len(code) >= 3 {
						return code[:3]
					}
				}
			}
		}
	}
	return ""
}

// targetPreps introduce phrases that can name whom an event is aimed at.
var targetPreps = map[string]bool{"to": true, "with": true, "on": true, "against": true, "about": true, "for": true, "over": true, "at": true, "toward": true, "towards": true, "into": true, "from": true}

// fallbackTarget looks for the known actor an event without a target is
// aimed at: inside an oblique of the verb introduced by a target
// preposition ("massed troops on its border with Syria"), then inside the
// object's modifiers ("opened an inquiry into abuses by Ethiopian troops",
// "praised Kenya's leadership"), then the object of an infinitival
// complement.
func (ps *parsed) fallbackTarget(st *Story, v int, passive bool) []avocet.Actor {
	for _, k := range ps.kids[v] {
		r := ps.rel(k)
		if (strings.HasPrefix(r, "obl") && r != "obl:agent" && r != "obl:tmod" && r != "obl:unmarked") && targetPreps[ps.caseOf(k)] {
			if as := ps.firstKnownIn(st, k, 0); as != nil {
				return as
			}
		}
	}
	if o := ps.object(v, passive); o >= 0 {
		for _, k := range ps.kids[o] {
			r := ps.rel(k)
			if r == "nmod:poss" || r == "nmod" && (targetPreps[ps.caseOf(k)] || ps.caseOf(k) == "of" || ps.caseOf(k) == "by") {
				if as := ps.firstKnownIn(st, k, 0); as != nil {
					return as
				}
			}
		}
	}
	for _, k := range ps.kids[v] {
		if ps.isComplement(k) {
			if o := ps.object(k, ps.passive(k)); o >= 0 {
				if as := ps.firstKnownIn(st, o, 0); as != nil {
					return as
				}
			}
		}
	}
	return nil
}

// caseOf returns the preposition (case marker) of a nominal, or "".
func (ps *parsed) caseOf(k int) string {
	for _, c := range ps.kids[k] {
		if ps.rel(c) == "case" {
			return ps.lemma[c]
		}
	}
	return ""
}

// firstKnownIn returns the actors of the phrase headed by k if known, else
// of the first known phrase among its nominal modifiers, a few levels
// down.
func (ps *parsed) firstKnownIn(st *Story, k, depth int) []avocet.Actor {
	if as := ps.actors(st, k); anyKnown(as) {
		return as
	}
	if depth >= 3 {
		return nil
	}
	for _, c := range ps.kids[k] {
		switch ps.rel(c) {
		case "nmod", "nmod:poss", "obl", "appos", "acl":
			// acl: "the roads leading into Mordor"
			if as := ps.firstKnownIn(st, c, depth+1); as != nil {
				return as
			}
		}
	}
	return nil
}

// skipComplements marks v's infinitival complements (and theirs) as coded
// through v, including a "to" clause the parser hung on v's object ("urged
// both sides to release"). With gerunds it also marks "of"/"for" + -ing
// clauses ("accused X of shelling", "blamed X for killing").
func (ps *parsed) skipComplements(v int, gerunds bool) {
	mark := func(k int) {
		if !ps.skip[k] {
			ps.skip[k] = true
			ps.skipComplements(k, gerunds)
		}
	}
	for _, k := range ps.kids[v] {
		if ps.isComplement(k) || gerunds && ps.isGerundComplement(k) {
			mark(k)
		}
		if r := ps.rel(k); r == "obj" || r == "iobj" {
			for _, c := range ps.kids[k] {
				if strings.HasPrefix(ps.rel(c), "acl") && (ps.isComplementMark(c, "to") || gerunds && ps.isGerundComplement(c)) {
					mark(c)
				}
			}
		}
	}
}

// isComplementMark reports a verb clause introduced by mark word m.
func (ps *parsed) isComplementMark(k int, m string) bool {
	c := ps.child(k, "mark")
	return ps.s.Tokens[k].UPOS == "VERB" && c >= 0 && ps.lemma[c] == m
}

// isGerundComplement reports an "of"/"for" + -ing clause.
func (ps *parsed) isGerundComplement(k int) bool {
	if ps.s.Tokens[k].XPOS != "VBG" {
		return false
	}
	for _, c := range ps.kids[k] {
		if r := ps.rel(c); (r == "mark" || r == "case") && (ps.lemma[c] == "of" || ps.lemma[c] == "for") {
			return true
		}
	}
	return false
}

// sentencePronoun resolves a subject pronoun to the subject of the clause
// that governs it: in "Turkey said it was ready", "it" is Turkey.
func (ps *parsed) sentencePronoun(st *Story, h int) (avocet.Actor, bool) {
	lemma := ps.lemma[h]
	switch lemma {
	case "he", "she", "it", "they", "we":
	default:
		return avocet.Actor{}, false
	}
	clause := ps.s.Tokens[h].Head - 1
	for steps := 0; clause >= 0 && steps < 6; steps++ {
		r := ps.rel(clause)
		up := ps.s.Tokens[clause].Head - 1
		if up < 0 || (r != "ccomp" && r != "conj" && r != "advcl" && r != "parataxis" && r != "xcomp") {
			return avocet.Actor{}, false
		}
		if subj := ps.child(up, "nsubj"); subj >= 0 && subj != h && ps.s.Tokens[subj].UPOS != "PRON" {
			a := ps.actor(st, subj)
			if !known(a.Code) {
				return avocet.Actor{}, false
			}
			person := a.Canonical != "" && len(a.Code) >= 6
			if (lemma == "he" || lemma == "she") != person && lemma != "they" && lemma != "we" {
				return avocet.Actor{}, false
			}
			return a, true
		}
		clause = up
	}
	return avocet.Actor{}, false
}

// pronoun resolves "he", "she", "it", "they" to the most recent actor of a
// compatible kind.
func (st *Story) pronoun(lemma string) (avocet.Actor, bool) {
	for i := len(st.recent) - 1; i >= 0; i-- {
		a := st.recent[i]
		person := st.recentPerson[i]
		switch lemma {
		case "he", "she":
			if person {
				return a, true
			}
		case "it":
			if !person {
				return a, true
			}
		case "they":
			return a, true
		default:
			return avocet.Actor{}, false
		}
	}
	return avocet.Actor{}, false
}

// reciprocalMarker reports a word in v's clause saying that its coordinated
// subjects act together or on one another: "joint", "jointly",
// "together", "mutual", "bilateral", "each other", "one another".
func (ps *parsed) reciprocalMarker(v int) bool {
	toks := ps.s.Tokens
	for i := range toks {
		switch ps.lower[i] {
		case "joint", "jointly", "together", "mutual", "mutually", "bilateral", "bilaterally":
		case "other", "another":
			if i == 0 || (ps.lower[i-1] != "each" && ps.lower[i-1] != "one") {
				continue
			}
		default:
			continue
		}
		h := i
		for steps := 0; steps < 8 && h >= 0; steps++ {
			if h == v {
				return true
			}
			if h != i && toks[h].UPOS == "VERB" {
				break
			}
			h = toks[h].Head - 1
		}
	}
	return false
}

// objectControl are verbs whose object does what their infinitive says:
// "urged Kenya to release", "ordered troops to withdraw".
var objectControl = map[string]bool{
	"urge": true, "ask": true, "order": true, "force": true, "call": true, "tell": true, "allow": true,
	"persuade": true, "encourage": true, "invite": true, "push": true, "press": true, "pressure": true,
	"help": true, "permit": true, "compel": true, "instruct": true, "request": true, "warn": true,
	"advise": true, "require": true, "want": true, "expect": true, "authorize": true, "authorise": true,
	"enable": true, "direct": true, "command": true, "oblige": true, "appeal": true, "beg": true,
	"implore": true, "pressurize": true, "pressurise": true, "convince": true, "get": true, "send": true,
	"deploy": true, "dispatch": true, "mobilize": true, "mobilise": true, "train": true, "recruit": true,
	"empower": true, "prompt": true, "lead": true, "cause": true, "challenge": true, "dare": true,
}

// inTimeExpr reports whether token k is part of a time expression ("next
// week", "last June").
func (ps *parsed) inTimeExpr(k int, story time.Time) bool {
	for _, e := range ps.timeExprs(story) {
		if k >= e.Start && k < e.End {
			return true
		}
	}
	return false
}

// timeExprs returns the sentence's time expressions resolved against the
// story date, scanned once per sentence. A story without a date is
// scanned against a fixed day: only the expressions' extent matters then.
func (ps *parsed) timeExprs(story time.Time) []temporal.Expr {
	if !ps.timesSet {
		base := story
		if base.IsZero() {
			base = time.Date(2000, 6, 15, 0, 0, 0, 0, time.UTC)
		}
		ps.times, ps.timesSet = temporal.Scan(ps.s.Tokens, base), true
	}
	return ps.times
}

// sentenceIssues returns the sentence's issue labels, found once.
func (ps *parsed) sentenceIssues(c *Coder) []string {
	if !ps.issuesSet {
		ps.issues, ps.issuesSet = c.issues(ps), true
	}
	return ps.issues
}

// placeNouns head phrases that name a place with "of": "the town of
// Bunia", "the province of Helmand".
var placeNouns = map[string]bool{
	"town": true, "city": true, "village": true, "region": true, "province": true, "district": true,
	"state": true, "port": true, "capital": true, "area": true, "county": true, "island": true, "oblast": true,
}

// placeName codes an unknown phrase that names a place by its country:
// a name ("Kharkiv", "North Kivu") or a place noun with "of" and a name
// ("the city of Kherson"). Names with a person's title before them are
// not places.
func (ps *parsed) placeName(st *Story, h int) (string, bool) {
	if st.c.opts.PlaceCountry == nil {
		return "", false
	}
	toks := ps.s.Tokens
	end := -1
	switch {
	case toks[h].UPOS == "PROPN":
		end = h
	case placeNouns[ps.lemma[h]]:
		for _, k := range ps.kids[h] {
			if toks[k].UPOS == "PROPN" && strings.HasPrefix(ps.rel(k), "nmod") && ps.caseOf(k) == "of" {
				end = k
			}
		}
	}
	if end < 0 {
		return "", false
	}
	start := end
	for start > 0 && toks[start-1].UPOS == "PROPN" && toks[start-1].Head-1 == end {
		start--
	}
	// a name with a mention of a dictionary entry inside is someone's or
	// something's name, not an unknown place
	for i := start; i <= end; i++ {
		if ps.mention[i] >= 0 || !isCapitalised(toks[i].Form) {
			return "", false
		}
	}
	if start > 0 && ps.mention[start-1] >= 0 && ps.mentions[ps.mention[start-1]].p.agent != nil {
		return "", false // "President X", "General X"
	}
	return st.c.opts.PlaceCountry(ps.text[toks[start].Start:toks[end].End])
}

func isCapitalised(w string) bool { return w != "" && w[0] >= 'A' && w[0] <= 'Z' }
